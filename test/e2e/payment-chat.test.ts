import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { faults } from '../../simulator/telegram-proxy';
import { settle } from '../../simulator/settle';
import { buttons, decodeButton } from '../../src/kernel/buttons';
import { captureLog } from '../support/log';
import { statementFile } from '../support/statement-file';

const CHAT = -100779;
const SUPERGROUP = -1001234567890;
/** Telegram's GroupAnonymousBot: the `from` of an admin posting "anonymously" (sender_chat is the group). */
const ANONYMOUS_ADMIN = 1087968824;
const HOUR = 3_600_000;
let h: Harness;
let company: number;

async function start(log?: ReturnType<typeof captureLog>['log']) {
  h = await Harness.start({
    log,
    rules: {
      payments: { telegramChatId: CHAT, remindAfter: '2h' },
      pipelines: [
        { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
      ],
    },
  });
  company = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
  const dealId = await h.sim.createDeal(
    { ...sampleDeal(1, PEOPLE.grakun.id), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
    { emit: false },
  );
  return h.sim.addInvoice({
    kind: 'smart',
    number: '2018/943',
    amount: 4000,
    dealId,
    companyId: company,
    responsibleId: PEOPLE.grakun.id,
  });
}

const prompts = () => h.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('💳'));
const repliesIn = (chat: number) => h.messagesTo(chat).map((m) => m.text);

afterEach(async () => {
  await h.stop();
});

describe('captions in «Оплата»', () => {
  it('when the director posts a screenshot with the caption «Оплачен счет … на …», then the caption is read as the text', async () => {
    await start();
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      photo: [{ file_id: 'AgACphoto1', file_unique_id: 'p1', width: 800, height: 600 }],
      caption: 'Оплачен счет 2018/943 на 4000',
    });
    expect(prompts()).toHaveLength(1);
    expect(prompts()[0]!.buttons.map((b) => b.text)).toContain('✅ Да, оплачен');
  });

  it('when the director posts a PDF of the payment order with a caption, then the caption is read', async () => {
    await start();
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: {
        file_id: 'BQACpdf1',
        file_unique_id: 'd1',
        file_name: 'платёжка 377.pdf',
        mime_type: 'application/pdf',
      },
      caption: 'Оплачен счет 2018/943 на 4000',
    });
    expect(prompts()).toHaveLength(1);
  });
});

describe('an anonymous admin in «Оплата»', () => {
  it('when the director posts "anonymously", then nothing is acted on, the thread is told how to post (once an hour), and it is logged', async () => {
    const { lines, log } = captureLog();
    await start(log);
    const anonymously = (text: string) =>
      h.postRaw(
        ANONYMOUS_ADMIN,
        CHAT,
        { text, sender_chat: { id: CHAT, type: 'group', title: 'Оплата' } },
        { firstName: 'Group' },
      );
    await anonymously('Оплачен счет 2018/943 на 4000');
    expect(prompts()).toHaveLength(0);
    expect(repliesIn(CHAT)).toEqual([expect.stringMatching(/анонимно/i)]);
    await anonymously('Оплачен счет 2018/944 на 5000');
    expect(repliesIn(CHAT)).toHaveLength(1);
    expect(lines.filter((l) => /anonymous/i.test(String(l.msg)))).toHaveLength(2);
    await h.advance(HOUR);
    await anonymously('Оплачен счет 2018/945 на 6000');
    expect(repliesIn(CHAT)).toHaveLength(2);
    expect(prompts()).toHaveLength(0);
  });
});

describe('«Оплата» upgraded to a supergroup', () => {
  it('when the service message names migrate_to_chat_id, then the new id is followed, the admin told, /payments says so', async () => {
    const { lines, log } = captureLog();
    await start(log);
    await h.postRaw(PEOPLE.director.telegram, CHAT, { migrate_to_chat_id: SUPERGROUP });
    expect(h.messagesTo(PEOPLE.director.telegram).some((m) => m.text.includes(String(SUPERGROUP)))).toBe(true);
    await h.postRaw(
      PEOPLE.director.telegram,
      SUPERGROUP,
      { text: 'Оплачен счет 2018/943 на 4000' },
      { chatType: 'supergroup' },
    );
    expect(prompts()).toHaveLength(1);
    await h.sendCommand(PEOPLE.director.telegram, '/payments');
    expect(h.messagesTo(PEOPLE.director.telegram).at(-1)!.text).toContain(String(SUPERGROUP));
    // The old id is not read any more, and the log says why.
    await h.postRaw(PEOPLE.director.telegram, CHAT, { text: 'Оплачен счет 2018/943 на 4000' });
    expect(lines.some((l) => /not the payment chat/i.test(String(l.msg)) && String(l.chatId) === String(CHAT))).toBe(
      true,
    );
  });

  it('when a queued reply meets 400 migrate_to_chat_id, then it goes to the new chat, the new id is kept and the admin told', async () => {
    await start();
    h.telegramProxy.inject({ method: 'sendMessage', chatId: CHAT, fault: faults.migrated(SUPERGROUP) });
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/999 на 4000');
    await settle(h.app);
    expect(repliesIn(SUPERGROUP)).toEqual([expect.stringContaining('2018/999')]);
    expect(h.messagesTo(PEOPLE.director.telegram).some((m) => m.text.includes(String(SUPERGROUP)))).toBe(true);
    await h.postRaw(
      PEOPLE.director.telegram,
      SUPERGROUP,
      { text: 'Оплачен счет 2018/943 на 4000' },
      { chatType: 'supergroup' },
    );
    expect(prompts()).toHaveLength(1);
  });
});

describe('step 57: the invoice is corrected before it is paid', () => {
  it('when a required invoice field is empty, then the prompt names it and offers «Проверить снова» until it is filled', async () => {
    h = await Harness.start({
      rules: {
        payments: {
          telegramChatId: CHAT,
          requiredInvoiceFields: [
            { field: 'UF_CRM_SUPPLIER', label: 'Поставщик' },
            { field: 'UF_CRM_CARRIER', label: 'Перевозчик' },
          ],
        },
        pipelines: [{ categoryId: 0, assignedStages: [STAGES.assigned], paidStage: STAGES.paid }],
      },
    });
    company = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
    const dealId = await h.sim.createDeal(
      { ...sampleDeal(1, PEOPLE.grakun.id), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
      { emit: false },
    );
    const invoiceId = h.sim.addInvoice({
      kind: 'smart',
      number: '2018/943',
      amount: 4000,
      dealId,
      companyId: company,
      responsibleId: PEOPLE.grakun.id,
      fields: { UF_CRM_SUPPLIER: 'ООО «Бетон-Сервис»' },
    });
    // The portal has the carrier field; this invoice leaves it empty.
    h.sim.addInvoiceField('smart', 'UF_CRM_CARRIER');
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const prompt = prompts().at(-1)!;
    expect(prompt.text).toContain('Перевозчик');
    expect(prompt.text).not.toContain('Поставщик');
    const labels = prompt.buttons.map((b) => b.text);
    expect(labels).toContain('🔄 Проверить снова');
    expect(labels).not.toContain('✅ Да, оплачен');

    // A «Да» forged for this prompt does not pay while the carrier is empty.
    const recheck = decodeButton(prompt.buttons.find((b) => b.text === '🔄 Проверить снова')!.callback_data!);
    if (recheck?.button !== 'payRecheck') throw new Error('not a recheck button');
    await h.pressData(PEOPLE.grakun.telegram, prompt.messageId, buttons.payYes.encode({ promptId: recheck.promptId }));
    expect(h.sim.invoice('smart', invoiceId)?.stageId).not.toBe('DT31_3:P');

    // The manager fills the carrier in Bitrix24 and checks again: now one tap pays.
    const res = await fetch(`${h.sim.webhookUrl}crm.item.update.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityTypeId: 31, id: invoiceId, fields: { ufCrm_CARRIER: 'ТК «Деловые линии»' } }),
    });
    expect(res.status).toBe(200);
    await h.press(PEOPLE.grakun.telegram, prompts().at(-1)!, '🔄 Проверить снова');
    await h.press(PEOPLE.grakun.telegram, prompts().at(-1)!, '✅ Да, оплачен');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });
});

describe('a 1C bank statement posted into «Оплата»', () => {
  it('when the director posts a windows-1251 statement, then each incoming payment goes through matching and one reply sums it up', async () => {
    await start();
    const d2 = await h.sim.createDeal(
      { ...sampleDeal(2, PEOPLE.ivanov.id), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
      { emit: false },
    );
    h.sim.addInvoice({
      kind: 'smart',
      number: '2018/950',
      amount: 5000,
      dealId: d2,
      companyId: company,
      responsibleId: PEOPLE.ivanov.id,
    });
    const file = h.tgFiles.offer(
      'kl_to_1c.txt',
      statementFile([
        {
          n: 377,
          sum: '4000.00',
          inn: '7806210729',
          payer: 'ООО "ЭЛЕКСИС"',
          purpose: 'Оплата по счету № 2018/943 от 20.11.2026 за ЖБИ. В т.ч. НДС (20%) 666-67',
        },
        {
          n: 378,
          sum: '4500.00',
          inn: '7806210729',
          payer: 'ООО "ЭЛЕКСИС"',
          purpose: 'Оплата по счету 2018/950 за щебень, НДС не облагается',
        },
        {
          n: 379,
          sum: '4000.00',
          inn: '7806210729',
          payer: 'ООО "ЭЛЕКСИС"',
          purpose: 'Оплата по счету 2018/999 за песок',
        },
        {
          n: 12,
          sum: '90000.00',
          inn: '7701234567',
          payer: 'ООО "НАША ФИРМА"',
          purpose: 'Оплата по счету 2018/943 поставщику',
          out: true,
        },
      ]),
    );
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: file });
    expect(h.tgFiles.downloads).toBe(1);
    expect(prompts()).toHaveLength(1);
    expect(prompts()[0]!.buttons.map((b) => b.text)).toContain('✅ Да, оплачен');
    const toIvanov = h.messagesTo(PEOPLE.ivanov.telegram).filter((m) => m.text.startsWith('💳'));
    expect(toIvanov).toHaveLength(1);
    expect(toIvanov[0]!.text).toContain('не совпадают');
    const replies = repliesIn(CHAT);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/3 входящих/);
    expect(replies[0]).toMatch(/совпадает: 1/);
    expect(replies[0]).toMatch(/сумма не совпадает: 1/);
    expect(replies[0]).toMatch(/не найден: 1/);
    expect(replies[0]).toContain('2018/999');
  });

  it('when a pasted statement has a document that matches no invoice, then /payments lists it beside the matched one (money nobody matched)', async () => {
    await start();
    const text = iconv.decode(
      statementFile([
        {
          n: 512,
          sum: '4000.00',
          inn: '7806210729',
          payer: 'ООО "ЭЛЕКСИС"',
          purpose: 'Оплата по счету № 2018/943 от 20.11.2026 за ЖБИ',
        },
        { n: 513, sum: '15000.00', inn: '7702070139', payer: 'ООО "РОМАШКА"', purpose: 'Оплата по счету 777 за песок' },
      ]),
      'win1251',
    );
    await h.postRaw(PEOPLE.director.telegram, CHAT, { text });
    expect(prompts()).toHaveLength(1);
    expect(repliesIn(CHAT).join('\n')).toMatch(/не найден: 1/);
    await h.sendCommand(PEOPLE.director.telegram, '/payments');
    const list = h.messagesTo(PEOPLE.director.telegram).at(-1)!.text;
    expect(list).toMatch(/сч\. 2018\/943 — 4\s000\s₽ → Гракун/);
    expect(list).toMatch(/п\/п № 513 — 15\s000\s₽, ООО "РОМАШКА"/);
    expect(list).toMatch(/п\/п № 513[^\n]*счёт 777 не найден/);
    // The matched document is listed once: by its prompt, not again as a statement line.
    expect(list).not.toMatch(/п\/п № 512/);
  });

  it('when the posted file is not a statement, then the director gets a polite answer and nothing else happens', async () => {
    await start();
    const file = h.tgFiles.offer(
      'договор.txt',
      Buffer.from('Договор поставки № 15 от 01.11.2026\r\nСтороны договорились…', 'utf8'),
    );
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: file });
    expect(prompts()).toHaveLength(0);
    expect(repliesIn(CHAT)).toEqual([expect.stringMatching(/не похож на выписку/)]);
  });
});
