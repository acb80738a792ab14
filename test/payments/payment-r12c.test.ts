/**
 * Round 12c of the payment chat, found by a QA user: the reminder of a prompt an edit brought back,
 * the tail of a cut paste that comes after the wait, an edit of a pasted statement, and the copies of
 * an old prompt after retention.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import {
  DAY,
  dealWithInvoice,
  labels,
  messageNow,
  pasted,
  promptsTo,
  remindersTo,
  SECOND,
  startPaymentWorld,
  YES,
} from '../support/payment-world';
import type { StatementDoc } from '../support/statement-file';

const CHAT = -100913;
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

const invoice = (number: string, amount: number) => dealWithInvoice(h, company, number, amount);
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
/** The eight invoices, and their statement pasted as the messenger cuts it: two fragments a second apart, both read. */
async function pastedInTwo(): Promise<{ parts: string[]; first: number }> {
  await invoices(8);
  const parts = cutAt(pasted(DOCS));
  const first = await h.say(PEOPLE.director.telegram, CHAT, parts[0]!);
  h.clock.advance(SECOND);
  await h.say(PEOPLE.director.telegram, CHAT, parts[1]!);
  await h.advance(SECOND);
  return { parts, first };
}

describe('a prompt an edit brought back', () => {
  it('when the sum is removed and put back, then the restored prompt is reminded like a fresh one (and like a control prompt)', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoices(3);
    const said = await h.say(PEOPLE.director.telegram, CHAT, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счет 2018/801');
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.say(PEOPLE.director.telegram, CHAT, 'Элексис оплатил счет 2018/803 — 5 200 руб');
    const prompts = promptsTo(h, PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(2);
    expect(labels(prompts[0]!)).toContain(YES);
    await h.advance(DAY);
    await h.advance(DAY);
    const reminders = remindersTo(h, PEOPLE.grakun.telegram);
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
    expect(promptsTo(h, PEOPLE.grakun.telegram).some((m) => m.text.includes('2018/807'))).toBe(false);
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
    const prompts = promptsTo(h, PEOPLE.grakun.telegram);
    for (let i = 0; i < 8; i++)
      expect(
        prompts.filter((m) => m.text.includes(`2018/${801 + i}`)),
        `2018/${801 + i}`,
      ).toHaveLength(1);
  });
});

describe('an edit of a pasted statement', () => {
  it('when a document’s sum is edited, then its prompt is redrawn without a live «Да», the thread hears it; an unchanged document is left as it was', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoices(3);
    const text = pasted(DOCS.slice(0, 2));
    const said = await h.say(PEOPLE.director.telegram, CHAT, text);
    const before = promptsTo(h, PEOPLE.grakun.telegram);
    expect(before).toHaveLength(2);
    const p802 = before.find((m) => m.text.includes('2018/802'))!;
    expect(labels(p802)).toContain(YES);
    const chatBefore = h.messagesTo(CHAT).length;

    await h.edit(PEOPLE.director.telegram, CHAT, said, text.replace('Сумма=5100.00', 'Сумма=4100.00'));
    await h.advance(SECOND);

    const now = (id: number) => messageNow(h, PEOPLE.grakun.telegram, id);
    expect(labels(now(p802.messageId))).not.toContain(YES);
    expect(now(p802.messageId).text).toContain('4\u00a0100');
    expect(now(p802.messageId).text).not.toContain('совпадает');
    const p801 = before.find((m) => m.text.includes('2018/801'))!;
    expect(labels(now(p801.messageId))).toContain(YES);
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(2);
    const replies = h.messagesTo(CHAT).slice(chatBefore);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('2018/802');
  });

  it('when a document is removed after a manager confirmed it, then the CRM write stands and the thread hears it', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoices(3);
    const text = pasted(DOCS.slice(0, 3));
    const said = await h.say(PEOPLE.director.telegram, CHAT, text);
    const p801 = promptsTo(h, PEOPLE.grakun.telegram).find((m) => m.text.includes('2018/801'))!;
    await h.press(PEOPLE.grakun.telegram, p801, YES);
    const chatBefore = h.messagesTo(CHAT).length;
    await h.edit(PEOPLE.director.telegram, CHAT, said, pasted(DOCS.slice(1, 3)));
    await h.advance(SECOND);
    const replies = h
      .messagesTo(CHAT)
      .slice(chatBefore)
      .map((m) => m.text);
    expect(replies.join('\n')).toContain('2018/801');
    expect(replies.join('\n')).toMatch(/уже отмечен оплаченным/);
    // The other two documents, unchanged, keep their live «Да» and are not answered again.
    for (const n of ['2018/802', '2018/803']) {
      const p = promptsTo(h, PEOPLE.grakun.telegram).filter((m) => m.text.includes(n));
      expect(p).toHaveLength(1);
      expect(labels(p[0]!)).toContain(YES);
    }
  });

  it('when a fragment of a paste read already is edited, then its paste is read again the same way', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { parts, first } = await pastedInTwo();
    const p801 = promptsTo(h, PEOPLE.grakun.telegram).find((m) => m.text.includes('2018/801'))!;
    expect(labels(p801)).toContain(YES);
    await h.edit(PEOPLE.director.telegram, CHAT, first, parts[0]!.replace('Сумма=5000.00', 'Сумма=4000.00'));
    await h.advance(SECOND);
    const now = messageNow(h, PEOPLE.grakun.telegram, p801.messageId);
    expect(labels(now)).not.toContain(YES);
    expect(now.text).toContain('4\u00a0000');
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(8);
  });
});

describe('an old prompt after retention', () => {
  it('when a prompt still open 91 days later is confirmed from its reminder after the prune, then every copy is edited: the prompt keeps no live «Да»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoices(2);
    await h.say(PEOPLE.director.telegram, CHAT, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    const prompt = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    h.clock.advance(91 * DAY);
    await h.app.prune(true);
    await h.advance(60 * SECOND);
    const reminder = remindersTo(h, PEOPLE.grakun.telegram)[0]!;
    expect(labels(reminder)).toContain(YES);
    await h.press(PEOPLE.grakun.telegram, reminder, YES);
    await h.advance(SECOND);
    const now = messageNow(h, PEOPLE.grakun.telegram, prompt.messageId);
    expect(labels(now)).not.toContain(YES);
    expect(h.messagesTo(CHAT).at(-1)!.text).toMatch(/2018\/801/);
  });

  it('when the first fragment of a paste is edited after its fragments were pruned, then only its documents are read again; those of the other fragment are not taken for removed', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { parts, first } = await pastedInTwo();
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(8);
    h.clock.advance(91 * DAY);
    expect((await h.app.prune(true))?.paymentPastes).toBe(1);
    await h.edit(PEOPLE.director.telegram, CHAT, first, parts[0]!.replace('Сумма=5000.00', 'Сумма=4000.00'));
    await h.advance(SECOND);
    const prompts = promptsTo(h, PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(8);
    expect(labels(prompts.find((m) => m.text.includes('2018/801'))!)).not.toContain(YES);
    for (const n of ['2018/807', '2018/808'])
      expect(labels(prompts.find((m) => m.text.includes(n))!), n).toContain(YES);
  });
});
