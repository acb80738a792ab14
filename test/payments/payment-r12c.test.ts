/**
 * Round 12c of the payment chat, found by a QA user: the reminder of a prompt an edit brought back,
 * the tail of a cut paste that comes after the wait, an edit of a pasted statement, and the copies of
 * an old prompt after retention.
 */
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { dealWithInvoice, startPaymentWorld } from '../support/payment-world';
import { statementFile, type StatementDoc } from '../support/statement-file';

const CHAT = -100913;
const YES = '✅ Да, оплачен';
const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

const invoice = (number: string, amount: number) => dealWithInvoice(h, company, number, amount);
const promptsTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('💳'));
const remindersTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('⏰'));
const labels = (m: { buttons: Array<{ text: string }> }) => m.buttons.map((b) => b.text);
const pasted = (docs: StatementDoc[]) => iconv.decode(statementFile(docs), 'win1251').replace(/\r\n/g, '\n');
const cutAt = (text: string, size = 4096) => {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
};
const longPurpose = (num: string, i: number) =>
  `Оплата по счету № ${num} от 20.11.2026 за кольца колодезные стеновые КС-10-9 и КС-15-9, крышки ПП-10 и днища ПН-10, доставка манипулятором до объекта заказчика по адресу: Ленинградская обл., Всеволожский р-н, дер. Новое Девяткино, ул. Школьная, участок ${i + 1}, по договору поставки № 17/2026-ЖБИ от 01.11.2026. НДС не облагается`;
const DOCS: StatementDoc[] = Array.from({ length: 8 }, (_, i) => ({
  n: 201 + i,
  sum: `${5000 + i * 100}.00`,
  inn: '7806210729',
  payer: 'ООО "ЭЛЕКСИС"',
  purpose: longPurpose(`2018/${801 + i}`, i),
}));
async function invoices(n: number) {
  for (let i = 0; i < n; i++) await invoice(`2018/${801 + i}`, 5000 + i * 100);
}

describe('a prompt an edit brought back', () => {
  it('when the sum is removed and put back, then the restored prompt is reminded like a fresh one (and like a control prompt)', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoices(3);
    const said = await h.say(PEOPLE.director.telegram, CHAT, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счет 2018/801');
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.say(PEOPLE.director.telegram, CHAT, 'Элексис оплатил счет 2018/803 — 5 200 руб');
    const prompts = promptsTo(PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(2);
    expect(labels(prompts[0]!)).toContain(YES);
    await h.advance(DAY);
    await h.advance(DAY);
    const reminders = remindersTo(PEOPLE.grakun.telegram);
    expect(reminders.map((m) => m.text.includes('2018/801'))).toContain(true);
    expect(reminders.map((m) => m.text.includes('2018/803'))).toContain(true);
    expect(reminders).toHaveLength(2);
  });
});

describe('a cut paste whose tail comes after the wait', () => {
  it('when the tail of a statement read as cut comes late, then it joins what came: the cut document is read then, no document twice, and the first summary says what the cut one is', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoices(8);
    const parts = cutAt(pasted(DOCS));
    expect(parts).toHaveLength(2);
    await h.say(PEOPLE.director.telegram, CHAT, parts[0]!);
    await h.advance(25 * SECOND);
    const first = h.messagesTo(CHAT).map((m) => m.text);
    expect(first).toHaveLength(2);
    expect(first[0]).toContain('оборвалась на п/п № 207');
    // The cut document counts as «другое» and its line says what it is; it is not read as a payment.
    expect(first[1]).toMatch(/другое: 1/);
    expect(first[1]).toContain('п/п № 207 от 27.11.2026 — оборван на середине, как платёж не прочитан');
    expect(promptsTo(PEOPLE.grakun.telegram).some((m) => m.text.includes('2018/807'))).toBe(false);
    const tail = await h.say(PEOPLE.director.telegram, CHAT, parts[1]!);
    await h.advance(60 * SECOND);
    const late = h.messagesTo(CHAT).slice(2);
    expect(late.map((m) => m.text)).toHaveLength(1);
    expect(late[0]!.text.split('\n')[0]).toBe('📄 Выписка: 2 входящих платежа.');
    // The late summary answers the tail (the first summary answered the first fragment).
    const side = new Database(h.dbPath);
    const replyTos = (
      side
        .prepare(`SELECT payload FROM outbox WHERE op = 'send' AND target = ? ORDER BY id`)
        .all(String(CHAT)) as Array<{
        payload: string;
      }>
    ).map((r) => (JSON.parse(r.payload) as { replyTo?: string }).replyTo);
    side.close();
    expect(replyTos.at(-1)).toBe(String(tail));
    expect(late[0]!.text).toContain('2018/807');
    expect(late[0]!.text).toContain('2018/808');
    // Every payment is prompted once: the cut one (п/п 207, 2018/807) too.
    const prompts = promptsTo(PEOPLE.grakun.telegram);
    for (let i = 0; i < 8; i++)
      expect(
        prompts.filter((m) => m.text.includes(`2018/${801 + i}`)),
        `2018/${801 + i}`,
      ).toHaveLength(1);
  });
});
