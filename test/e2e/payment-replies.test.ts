/**
 * The payment desk's answers in «Оплата» and its prompts' copies, found by a fresh QA user (issue 15):
 * long answers split at line ends instead of cut, choices never over a keyboard's limits and each
 * naming its payment, an edit after a confirm told, a removed caption withdrawing the prompt, an
 * anonymous statement answered, a reminder redrawn with its prompt. Over real HTTP, the strict
 * Telegram proxy refusing what Telegram refuses.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, type BotMessage } from '../../simulator/harness';
import { sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import type { captureLog } from '../support/log';

const CHAT = -100991;
const HOUR = 3_600_000;
const ANONYMOUS_ADMIN = 1087968824; // Telegram's GroupAnonymousBot
const NEW = 'DT31_3:N';
let h: Harness;
let company = 0;

afterEach(async () => {
  await h?.stop(); // and fails the test if the strict proxy refused any call
});

async function start(log?: ReturnType<typeof captureLog>['log']) {
  h = await Harness.start({
    ...(log ? { log } : {}),
    rules: {
      payments: { telegramChatId: CHAT, remindAfter: '2h' },
      pipelines: [
        { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
      ],
    },
  });
  company = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
}

async function invoice(number: string, amount: number, managerId: number = PEOPLE.grakun.id) {
  const dealId = await h.sim.createDeal(
    { ...sampleDeal(1, managerId), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
    { emit: false },
  );
  const invoiceId = h.sim.addInvoice({
    kind: 'smart',
    number,
    amount,
    dealId,
    companyId: company,
    responsibleId: managerId,
  });
  return { dealId, invoiceId };
}

const chat = () => h.messagesTo(CHAT);
const to = (tg: number) => h.messagesTo(tg);
const prompts = (tg: number) => to(tg).filter((m) => m.text.startsWith('💳'));
const now = (m: BotMessage) => h.messagesTo(Number(m.chatId)).find((x) => x.messageId === m.messageId)!;
const labels = (m: BotMessage) => m.buttons.map((b) => b.text);

type Doc = { n: number; sum: string; purpose: string };
/** A 1C «Клиент-Банк» export (windows-1251, CRLF) of incoming payments from ЭЛЕКСИС to our account. */
function statement(docs: Doc[]): Buffer {
  const lines = ['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows', 'РасчСчет=40702810500000054321'];
  for (const d of docs)
    lines.push(
      'СекцияДокумент=Платежное поручение',
      `Номер=${d.n}`,
      'Дата=27.11.2026',
      `Сумма=${d.sum}`,
      'ПлательщикСчет=40702810900000012345',
      'ДатаПоступило=27.11.2026',
      'Плательщик=ИНН 7806210729 ООО "ЭЛЕКСИС"',
      'ПлательщикИНН=7806210729',
      'Плательщик1=ООО "ЭЛЕКСИС"',
      'ПолучательСчет=40702810500000054321',
      `НазначениеПлатежа=${d.purpose}`,
      'КонецДокумента',
    );
  lines.push('КонецФайла');
  return iconv.encode(lines.join('\r\n'), 'win1251');
}

describe('a caption removed by an edit', () => {
  it('when the director removes the caption of a photo, then the prompt it made is withdrawn', async () => {
    await start();
    const a = await invoice('2018/943', 4000);
    const mid = await h.postRaw(PEOPLE.director.telegram, CHAT, {
      photo: [{ file_id: 'AgACphoto1', file_unique_id: 'p1', width: 800, height: 600 }],
      caption: 'Оплачен счет 2018/943 на 4000',
    });
    const prompt = prompts(PEOPLE.grakun.telegram)[0]!;
    expect(labels(prompt)).toContain('✅ Да, оплачен');
    // The emulator cannot deliver edited_message: grammY is handed the update (as Harness.edit does).
    await h.app.telegram!.bot.handleUpdate({
      update_id: 990_003,
      edited_message: {
        message_id: mid,
        date: 0,
        edit_date: 1,
        chat: { id: CHAT, type: 'group', title: 'Оплата' },
        from: { id: PEOPLE.director.telegram, is_bot: false, first_name: 'x' },
        photo: [{ file_id: 'AgACphoto1', file_unique_id: 'p1', width: 800, height: 600 }],
      },
    });
    await settle(h.app);
    const withdrawn = now(prompt);
    expect(withdrawn.text).toContain('Директор изменил сообщение');
    expect(labels(withdrawn)).not.toContain('✅ Да, оплачен');
    await h.pressData(PEOPLE.grakun.telegram, prompt.messageId, prompt.buttons[0]!.callback_data!);
    expect(h.sim.invoice('smart', a.invoiceId)?.stageId).toBe(NEW);
  });
});

describe('a statement posted anonymously', () => {
  it('when an admin posts a statement file anonymously, then the chat is told how to post (once an hour) and nothing is read', async () => {
    await start();
    await invoice('2018/943', 4000);
    const anon = (name: string) =>
      h.postRaw(
        ANONYMOUS_ADMIN,
        CHAT,
        {
          document: h.tgFiles.offer(name, statement([{ n: 1, sum: '4000.00', purpose: 'Оплата по счету 2018/943' }])),
          sender_chat: { id: CHAT, type: 'group', title: 'Оплата' },
        },
        { firstName: 'Group' },
      );
    await anon('kl_to_1c.txt');
    await anon('kl_to_1c (2).txt');
    expect(chat().map((m) => m.text)).toEqual([expect.stringContaining('отправлено анонимно')]);
    expect(h.tgFiles.downloads).toBe(0);
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(0);
    await h.advance(HOUR);
    await anon('kl_to_1c (3).txt');
    expect(chat()).toHaveLength(2);
  });
});
