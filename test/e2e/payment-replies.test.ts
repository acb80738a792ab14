/**
 * The payment desk's answers in «Оплата» and its prompts' copies, found by a fresh QA user (issue 15):
 * long answers split at line ends instead of cut, choices never over a keyboard's limits and each
 * naming its payment, an edit after a confirm told, a removed caption withdrawing the prompt, an
 * anonymous statement answered, a reminder redrawn with its prompt. Over real HTTP, the strict
 * Telegram proxy refusing what Telegram refuses.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE, type BotMessage } from '../../simulator/harness';
import { dealWithInvoice, startBitrixPaymentWorld, startPaymentWorld } from '../support/payment-world';
import { settle } from '../../simulator/settle';
import { captureLog } from '../support/log';
import { MESSAGE_LIMIT } from '../../src/kernel/text';

const CHAT = -100991;
const HOUR = 3_600_000;
const ANONYMOUS_ADMIN = 1087968824; // Telegram's GroupAnonymousBot
const PAID = 'DT31_3:P';
const NEW = 'DT31_3:N';
let h: Harness;
let company = 0;

afterEach(async () => {
  await h?.stop(); // and fails the test if the strict proxy refused any call
});

async function start(log?: ReturnType<typeof captureLog>['log']) {
  ({ h, company } = await startPaymentWorld(CHAT, log ? { log } : {}));
}

const invoice = (number: string, amount: number, managerId: number = PEOPLE.grakun.id) =>
  dealWithInvoice(h, company, number, amount, { managerId });

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

describe('long answers in «Оплата» go in several messages, never cut', () => {
  it('when the director names 120 invoices in one message, then every one is answered, in parts within Telegram’s limit', async () => {
    await start();
    await invoice('2018/943', 4000);
    const text = ['Оплачены счета:'];
    for (let i = 0; i < 120; i++) text.push(`${i + 1}) сч 2018/${2000 + i} — ${1000 + i}`);
    text.push('сч 2018/943 — 4000');
    await h.say(PEOPLE.director.telegram, CHAT, text.join('\n'));

    const replies = chat().map((m) => m.text);
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) expect(r.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    const all = replies.join('\n');
    expect(all).not.toContain('…');
    for (let i = 0; i < 120; i++) expect(all).toContain(`Не нашёл счёт 2018/${2000 + i} — проверьте номер.`);
    expect(all).toContain('→ Гракун Е., счёт 2018/943');
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when a statement of 100 unknown payments is posted, then the count comes first and every payment is named', async () => {
    await start();
    const docs: Doc[] = [];
    for (let i = 0; i < 100; i++)
      docs.push({ n: i + 1, sum: `${1000 + i}.00`, purpose: `Оплата по счету № 2018/${3000 + i} за ЖБИ` });
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: h.tgFiles.offer('kl_to_1c.txt', statement(docs)) });

    const replies = chat().map((m) => m.text);
    expect(replies.length).toBeGreaterThan(1);
    expect(replies[0]).toMatch(
      /^📄 Выписка: 100 входящих платежей\.\nсовпадает: 0 · сумма не совпадает: 0 · не найден: 100/,
    );
    for (const r of replies) expect(r.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    const all = replies.join('\n');
    for (let i = 0; i < 100; i++) expect(all).toContain(`Не нашёл счёт 2018/${3000 + i}`);
  });

  it('in the Bitrix24 «Оплата», a long answer is split at 10,000 characters and nothing is cut', async () => {
    let payChat: string;
    ({ h, payChat } = await startBitrixPaymentWorld());
    const text = ['Оплачены счета:'];
    for (let i = 0; i < 500; i++) text.push(`сч 2018/${2000 + i} — ${1000 + i}`);
    const said = await h.b24Say(PEOPLE.director.id, payChat, text.join('\n'));

    const replies = h.sim.botMessages(payChat);
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) {
      expect(r.text.length).toBeLessThanOrEqual(20_000);
      expect(r.text).not.toContain('(...)');
      expect(r.replyId).toBe(said);
    }
    const all = replies.map((r) => r.text).join('\n');
    for (let i = 0; i < 500; i++) expect(all).toContain(`Не нашёл счёт 2018/${2000 + i} — проверьте номер.`);
  });
});

describe('choices among several invoices stay within a keyboard’s limits and say which payment they are for', () => {
  it('when 13 payments of a statement fit 8 invoices each, then the choices arrive in several messages of at most 100 buttons', async () => {
    await start();
    for (let i = 0; i < 8; i++) await invoice(`${2011 + i}/943`, 4000);
    const docs: Doc[] = [];
    for (let i = 0; i < 13; i++) docs.push({ n: 700 + i, sum: '4000.00', purpose: 'Оплата по счету № 943 за ЖБИ' });
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: h.tgFiles.offer('kl_to_1c.txt', statement(docs)) });

    const replies = chat();
    expect(replies.length).toBeGreaterThan(1);
    expect(replies[0]!.text).toMatch(/^📄 Выписка: 13 входящих платежей\./);
    for (const r of replies) expect(r.buttons.length).toBeLessThanOrEqual(100);
    const questions = replies.flatMap((r) => r.text.split('\n')).filter((l) => l.includes('подходят несколько'));
    expect(questions).toHaveLength(13);
    expect(new Set(questions).size).toBe(13);
    expect(questions[0]).toBe(
      'Платёж № 700, 4\u00a0000\u00a0₽, ООО "ЭЛЕКСИС": под «943» подходят несколько счетов — какой оплачен?',
    );
    const all = replies.flatMap(labels);
    expect(all).toHaveLength(13 * 8);
    expect(new Set(all).size).toBe(all.length);
    // each question's buttons are in the message that asks it
    for (const r of replies)
      for (const b of labels(r)) expect(r.text).toContain(`Платёж № ${/^№ (\d+)/.exec(b)?.[1]},`);

    // a pick under the last message prompts for that payment
    const last = replies.at(-1)!;
    await h.press(PEOPLE.director.telegram, last, '№ 712 → 2015/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)');
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(prompts(PEOPLE.grakun.telegram)[0]!.text).toContain('2015/943');
  });

  it('when two payments of a statement ask about the same number, then each question and button names its payment', async () => {
    await start();
    const a = await invoice('2018/943', 4000);
    await invoice('2019/943', 4000, PEOPLE.ivanov.id);
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer(
        'kl_to_1c.txt',
        statement([
          { n: 11, sum: '4000.00', purpose: 'Оплата по счету 943 за ЖБИ' },
          { n: 12, sum: '1.00', purpose: 'Оплата по счету 943 за ЖБИ' },
        ]),
      ),
    });
    const summary = chat().at(-1)!;
    expect(summary.text.split('\n').filter((l) => l.includes('подходят несколько'))).toEqual([
      'Платёж № 11, 4\u00a0000\u00a0₽, ООО "ЭЛЕКСИС": под «943» подходят несколько счетов — какой оплачен?',
      'Платёж № 12, 1\u00a0₽, ООО "ЭЛЕКСИС": под «943» подходят несколько счетов — какой оплачен?',
    ]);
    expect(labels(summary)).toEqual([
      '№ 11 → 2018/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
      '№ 11 → 2019/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
      '№ 12 → 2018/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
      '№ 12 → 2019/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
    ]);
    // picked for the 1 ₽ payment: the prompt shows the difference, no «Да»
    await h.press(PEOPLE.director.telegram, summary, '№ 12 → 2018/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)');
    const p = prompts(PEOPLE.grakun.telegram).at(-1)!;
    expect(p.text).toContain('Суммы не совпадают');
    expect(labels(p)).not.toContain('✅ Да, оплачен');
    expect(h.sim.invoice('smart', a.invoiceId)?.stageId).toBe(NEW);
  });
});

describe('an edit after a manager confirmed', () => {
  it('when the message is edited to another invoice after the first was confirmed, then the chat and the manager are told, and the write stands', async () => {
    const { lines, log } = captureLog();
    await start(log);
    const a = await invoice('2018/943', 4000);
    const b = await invoice('2018/944', 4000, PEOPLE.ivanov.id);
    const mid = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await h.press(PEOPLE.grakun.telegram, prompts(PEOPLE.grakun.telegram)[0]!, '✅ Да, оплачен');
    expect(h.sim.invoice('smart', a.invoiceId)?.stageId).toBe(PAID);
    const toGrakun = to(PEOPLE.grakun.telegram).length;

    await h.edit(PEOPLE.director.telegram, CHAT, mid, 'Оплачен счет 2018/944 на 4000');

    expect(chat().at(-1)!.text).toBe(
      '→ Иванов П., счёт 2018/944\nСчёт 2018/943 уже отмечен оплаченным по прежней версии сообщения — если это ошибка, верните статус в Bitrix24.',
    );
    const told = to(PEOPLE.grakun.telegram).slice(toGrakun);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('счёт № 2018/943 в нём больше не упоминается');
    expect(told[0]!.text).toContain('верните статус в Bitrix24');
    expect(labels(told[0]!)).toEqual(['🔗 Открыть сделку']);
    expect(h.sim.invoice('smart', a.invoiceId)?.stageId).toBe(PAID); // a person confirmed it: it stands
    expect(prompts(PEOPLE.ivanov.telegram)).toHaveLength(1);
    const toIvanov = prompts(PEOPLE.ivanov.telegram)[0]!;
    expect(h.sim.invoice('smart', b.invoiceId)?.stageId).toBe(NEW);
    expect(lines.filter((l) => /no longer names the confirmed invoice/.test(String(l.msg)))).toEqual([
      expect.objectContaining({ invoice: '2018/943', confirmedBy: PEOPLE.grakun.id }),
    ]);

    // edited into no payment at all: said again, for that version
    await h.edit(PEOPLE.director.telegram, CHAT, mid, 'Извините, ошиблась чатом');
    expect(chat().at(-1)!.text).toBe(
      'Счёт 2018/943 уже отмечен оплаченным по прежней версии сообщения — если это ошибка, верните статус в Bitrix24.',
    );
    expect(now(toIvanov).text).toMatch(/^↩️ Сообщение об оплате изменено — /); // whoever announced it: a director or an accountant
    expect(labels(now(toIvanov))).not.toContain('✅ Да, оплачен');
  });
});

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
    expect(withdrawn.text).toMatch(/^↩️ Сообщение об оплате изменено — /);
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

describe('a reminder is redrawn with its prompt', () => {
  it('when the director edits the sum after the reminder went out, then the reminder no longer offers «Да»; a confirm closes it too', async () => {
    await start();
    const a = await invoice('2018/943', 4000);
    const mid = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await h.advance(2 * HOUR);
    const reminder = to(PEOPLE.grakun.telegram).find((m) => m.text.startsWith('⏰'))!;
    expect(labels(reminder)).toContain('✅ Да, оплачен');

    await h.edit(PEOPLE.director.telegram, CHAT, mid, 'Оплачен счет 2018/943 на 3500');
    const redrawn = now(reminder);
    expect(redrawn.text.startsWith('⏰ Напоминание')).toBe(true);
    expect(redrawn.text).toContain('Суммы не совпадают');
    expect(redrawn.text).not.toContain('— совпадает');
    expect(labels(redrawn)).not.toContain('✅ Да, оплачен');
    expect(h.sim.invoice('smart', a.invoiceId)?.stageId).toBe(NEW);

    // back to the right sum, confirmed from the prompt: the reminder shows it is done
    await h.edit(PEOPLE.director.telegram, CHAT, mid, 'Оплачен счет 2018/943 на 4000');
    expect(labels(now(reminder))).toContain('✅ Да, оплачен');
    await h.press(PEOPLE.grakun.telegram, now(prompts(PEOPLE.grakun.telegram)[0]!), '✅ Да, оплачен');
    expect(h.sim.invoice('smart', a.invoiceId)?.stageId).toBe(PAID);
    expect(now(reminder).text).toContain('✅ Счёт № 2018/943 отмечен оплаченным');
    expect(now(reminder).buttons).toEqual([]);
  });
});
