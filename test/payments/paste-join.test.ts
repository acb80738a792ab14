/**
 * A 1C statement pasted as text longer than a messenger's message: Telegram clients split it into
 * messages of 4,096 characters (the Bot API's sendMessage limit, after entities parsing), sent one
 * right after another by the same author. The fragments of one paste are joined before reading
 * (payments.pasteJoinWait); a statement complete in one message is read at once.
 */
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { captureLog } from '../support/log';
import { dealWithInvoice, startBitrixPaymentWorld, startPaymentWorld } from '../support/payment-world';
import { statementFile, type StatementDoc } from '../support/statement-file';

const CHAT = -100913;
const SECOND = 1000;
const WAIT = 20 * SECOND; // payments.pasteJoinWait's default
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

/** Twelve payments to twelve invoices (2018/901 … 2018/912), each with a long purpose as banks write them. */
const DOCS: StatementDoc[] = Array.from({ length: 12 }, (_, i) => ({
  n: 101 + i,
  sum: `${4000 + i * 100}.00`,
  inn: '7806210729',
  payer: 'ООО "ЭЛЕКСИС"',
  purpose: `Оплата по счету № 2018/${901 + i} от 20.11.2026 за кольца колодезные стеновые КС-10-9 и КС-15-9, крышки ПП-10 и днища ПН-10, доставка манипулятором до объекта заказчика по адресу: Ленинградская обл., Всеволожский р-н, дер. Новое Девяткино, ул. Школьная, участок ${i + 1}, по договору поставки № 17/2026-ЖБИ от 01.11.2026, спецификация № ${i + 4} к договору. Счет-фактура не выставляется. НДС не облагается`,
}));
const invoiceNumber = (i: number) => `2018/${901 + i}`;
/** A 1C file as someone pastes it into the chat: its text, lines ending in \n. */
const pasted = (docs: StatementDoc[]) => iconv.decode(statementFile(docs), 'win1251').replace(/\r\n/g, '\n');
/** A text cut as a Telegram client cuts it: pieces of at most 4,096 characters. */
const cutAt = (text: string, size = 4096) => {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
};
const promptsTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('💳'));

async function twelveInvoices() {
  for (let i = 0; i < DOCS.length; i++) await dealWithInvoice(h, company, invoiceNumber(i), 4000 + i * 100);
}

/** The paste of the twelve, split into three messages, each cut in the middle of a field's value. */
function threeFragments(): string[] {
  const parts = cutAt(pasted(DOCS));
  expect(parts).toHaveLength(3);
  for (const p of parts.slice(0, 2)) {
    expect(p.endsWith('\n')).toBe(false);
    expect(p.at(-1)).not.toBe('\n');
  }
  // Mid-field: neither cut falls on a line's end.
  for (const p of parts.slice(1)) expect(p.startsWith('\n')).toBe(false);
  return parts;
}

/** The summary of all twelve: once, every invoice named once. */
function expectOneSummaryOfTwelve(texts: string[]) {
  const summaries = texts.filter((t) => t.startsWith('📄'));
  expect(summaries).toHaveLength(1);
  const summary = summaries[0]!;
  expect(summary.split('\n')[0]).toBe('📄 Выписка: 12 входящих платежей.');
  expect(summary).toMatch(/совпадает: 12 · сумма не совпадает: 0 · не найден: 0/);
  for (let i = 0; i < DOCS.length; i++)
    expect(summary.split(invoiceNumber(i)).length - 1, `${invoiceNumber(i)} named once`).toBe(1);
}

describe('a statement pasted in several messages (the messenger split it)', () => {
  it('when the twelve documents come as three Telegram messages cut at 4,096 characters mid-field, then every document is read exactly once, in one summary', async () => {
    const { lines, log } = captureLog();
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    await twelveInvoices();
    const [a, b, c] = threeFragments();

    const first = await h.say(PEOPLE.director.telegram, CHAT, a!);
    expect(h.messagesTo(CHAT)).toHaveLength(0); // held: its last document is cut
    expect(lines.some((l) => /held/.test(String(l.msg)) && l.messageId === String(first))).toBe(true);
    h.clock.advance(SECOND);
    await h.say(PEOPLE.director.telegram, CHAT, b!);
    expect(h.messagesTo(CHAT)).toHaveLength(0);
    h.clock.advance(SECOND);
    await h.say(PEOPLE.director.telegram, CHAT, c!);

    const texts = h.messagesTo(CHAT).map((m) => m.text);
    expect(texts).toHaveLength(1);
    expectOneSummaryOfTwelve(texts);
    expect(texts[0]).not.toMatch(/оборвал/);
    const prompts = promptsTo(PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(12);
    for (let i = 0; i < DOCS.length; i++)
      expect(prompts.filter((p) => p.text.includes(`№ ${invoiceNumber(i)}`))).toHaveLength(1);
    // Nothing is read again when the wait passes.
    await h.advance(2 * WAIT);
    expect(h.messagesTo(CHAT)).toHaveLength(1);
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(12);
  });

  it('when the bot restarts while the first fragment waits, then nothing is lost: the rest joins it after the restart', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await twelveInvoices();
    const [a, b, c] = threeFragments();
    await h.say(PEOPLE.director.telegram, CHAT, a!);
    await h.restart();
    h.clock.advance(2 * SECOND);
    await h.say(PEOPLE.director.telegram, CHAT, b!);
    await h.restart();
    await h.say(PEOPLE.director.telegram, CHAT, c!);

    expectOneSummaryOfTwelve(h.messagesTo(CHAT).map((m) => m.text));
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(12);
  });

  it('when the bot restarts while the only fragment waits and its tail never comes, then it is read after the wait all the same', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await twelveInvoices();
    const [a] = threeFragments();
    await h.say(PEOPLE.director.telegram, CHAT, a!);
    await h.restart();
    await h.advance(WAIT + SECOND);
    const texts = h.messagesTo(CHAT).map((m) => m.text);
    expect(texts.some((t) => t.startsWith('📄 Выписка:'))).toBe(true);
    expect(texts.join('\n')).toMatch(/оборвал/);
  });

  it('when the tail of a cut paste never comes, then what came is read once the wait passes, and the thread hears which document looked cut', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await twelveInvoices();
    const [a] = threeFragments();
    const first = await h.say(PEOPLE.director.telegram, CHAT, a!);
    // The documents the first fragment holds whole, and the one it cuts.
    const whole = a!.split('КонецДокумента').length - 1;
    expect(whole).toBeGreaterThan(3);
    const cut = DOCS[whole]!;

    await h.advance(WAIT - SECOND);
    expect(h.messagesTo(CHAT)).toHaveLength(0);
    await h.advance(2 * SECOND);

    const replies = h.messagesTo(CHAT);
    const note = replies.find((m) => /оборвал/.test(m.text));
    expect(note?.text).toContain(`№ ${cut.n}`);
    expect(note?.text).toMatch(/файл/);
    const summary = replies.find((m) => m.text.startsWith('📄'))!;
    // Every whole document once; the cut one is named, not read as a payment (its sum may be cut too).
    for (let i = 0; i < whole; i++) expect(summary.text.split(invoiceNumber(i)).length - 1).toBe(1);
    for (let i = whole + 1; i < DOCS.length; i++) expect(summary.text).not.toContain(invoiceNumber(i));
    expect(summary.text).toContain(`п/п № ${cut.n} от 27.11.2026 — оборван на середине`);
    // Both answers are in the paste's thread: replies to its first message.
    const side = new Database(h.dbPath);
    const replyTos = (
      side.prepare(`SELECT payload FROM outbox WHERE op = 'send' AND target = ?`).all(String(CHAT)) as Array<{
        payload: string;
      }>
    ).map((r) => (JSON.parse(r.payload) as { replyTo?: string }).replyTo);
    side.close();
    expect(new Set(replyTos)).toEqual(new Set([String(first)]));
  });

  it('when a complete statement is pasted in one message, then it is answered at once, with no wait', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await twelveInvoices();
    await h.say(PEOPLE.director.telegram, CHAT, pasted(DOCS.slice(0, 3)));
    const texts = h.messagesTo(CHAT).map((m) => m.text);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.split('\n')[0]).toBe('📄 Выписка: 3 входящих платежа.');
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(3);
  });

  it('when someone else writes between the fragments, then the paste still joins; the other message is read on its own', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await twelveInvoices();
    const [a, b, c] = threeFragments();
    await h.say(PEOPLE.director.telegram, CHAT, a!);
    await h.say(PEOPLE.head.telegram, CHAT, 'Коллеги, выписку смотрю');
    await h.say(PEOPLE.director.telegram, CHAT, b!);
    await h.say(PEOPLE.director.telegram, CHAT, c!);
    expectOneSummaryOfTwelve(h.messagesTo(CHAT).map((m) => m.text));
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(12);
  });

  it('when the author writes something else before the tail, then it does not join: the paste is read as it came, with the note, and the message on its own', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await twelveInvoices();
    const [a] = threeFragments();
    await h.say(PEOPLE.director.telegram, CHAT, a!);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/912 на 5100');

    const texts = h.messagesTo(CHAT).map((m) => m.text);
    expect(texts.some((t) => /оборвал/.test(t))).toBe(true);
    expect(texts.some((t) => t.startsWith('📄 Выписка:'))).toBe(true);
    expect(texts).toContain('→ Гракун Е., счёт 2018/912');
  });
});

describe('a statement pasted in several messages in the Bitrix24 messenger', () => {
  it('when the paste comes as two messages, then they are joined: one summary, answered in the thread of the first', async () => {
    let payChat: string;
    ({ h, payChat, company } = await startBitrixPaymentWorld());
    await twelveInvoices();
    const text = pasted(DOCS);
    const half = Math.floor(text.length / 2);
    const first = await h.b24Say(PEOPLE.director.id, payChat, text.slice(0, half));
    expect(h.b24MessagesTo(payChat)).toHaveLength(0);
    await h.b24Say(PEOPLE.director.id, payChat, text.slice(half));

    const replies = h.b24MessagesTo(payChat);
    expectOneSummaryOfTwelve(replies.map((m) => m.text));
    expect(h.sim.botMessages(payChat)[0]!.replyId).toBe(first);
  });
});

describe('one 1C document pasted as a chat message', () => {
  it('when the same payment comes later in a statement file, then it is named as seen before, not prompted again', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await twelveInvoices();
    const one = pasted([DOCS[0]!]);
    const block = one.slice(one.indexOf('СекцияДокумент='), one.indexOf('КонецФайла')).trim();
    await h.say(PEOPLE.director.telegram, CHAT, block);
    expect(h.messagesTo(CHAT).at(-1)!.text).toBe('→ Гракун Е., счёт 2018/901');
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(1);

    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer('kl_to_1c.txt', statementFile([DOCS[0]!, DOCS[1]!])),
    });
    const summary = h.messagesTo(CHAT).at(-1)!.text;
    expect(summary).toMatch(/уже были в прежних выписках: 1/);
    expect(summary).toMatch(/п\/п № 101 от 27\.11\.2026 на 4\u00a0000\u00a0₽ — уже был в сообщении/);
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(2);
  });

  it('when a paste was read longer ago than the retention period, then its held fragments are pruned; one still waiting stays', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await twelveInvoices();
    const [a, b, c] = threeFragments();
    await h.say(PEOPLE.director.telegram, CHAT, a!);
    await h.say(PEOPLE.director.telegram, CHAT, b!);
    await h.say(PEOPLE.director.telegram, CHAT, c!);
    // A second paste whose tail never comes, held while the retention runs: it must not be pruned.
    const side = new Database(h.dbPath);
    const count = (table: string) => (side.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('payment_pastes'), count('payment_paste_parts')]).toEqual([1, 3]);
    const DAY = 86_400_000;
    h.clock.advance(89 * DAY);
    await h.say(PEOPLE.head.telegram, CHAT, a!); // not an announcer's: ignored, holds nothing
    await h.say(PEOPLE.director.telegram, CHAT, a!);
    expect([count('payment_pastes'), count('payment_paste_parts')]).toEqual([2, 4]);
    expect((await h.app.prune(true))?.paymentPastes).toBe(0);
    h.clock.advance(2 * DAY);
    expect((await h.app.prune(true))?.paymentPastes).toBe(1);
    expect([count('payment_pastes'), count('payment_paste_parts')]).toEqual([1, 1]);
    side.close();
  });
});
