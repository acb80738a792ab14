/**
 * Round 12 of the payment chat, found by a QA user: a 1C statement pasted as text (not a file), an
 * edit that leaves the message unreadable, the retention of `payments.covered-by` rows, and the
 * reminder of a prompt that moved to a new responsible at its reminder.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { kvKey } from '../../src/kernel/keys';
import { captureLog } from '../support/log';
import {
  DAY,
  dealWithInvoice,
  HOUR,
  labels,
  messageNow,
  pasted,
  promptsTo,
  remindersTo,
  startBitrixPaymentWorld,
  startPaymentWorld,
  YES,
} from '../support/payment-world';
import { statementFile, type StatementDoc } from '../support/statement-file';

const CHAT = -100912;
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

const invoice = (number: string, amount: number, managerId?: number) =>
  dealWithInvoice(h, company, number, amount, managerId === undefined ? {} : { managerId });
const now = (tg: number, messageId: number) => messageNow(h, tg, messageId);
const pay = (n: number, sum: string, number: string): StatementDoc => ({
  n,
  sum,
  inn: '7806210729',
  payer: 'ООО "ЭЛЕКСИС"',
  purpose: `Оплата по счету № ${number} от 20.11.2026 за ЖБИ. НДС не облагается`,
});
/** The four payments of the pasted statement: matches, differs, is ambiguous, is not found. */
const DOCS = [
  pay(11, '4000.00', '2018/943'),
  pay(12, '4500.00', '2018/950'),
  pay(13, '700.00', '943'),
  pay(14, '4000.00', '2018/999'),
];
/** Only the document blocks, as copied out of 1C's viewer (no header, no account section). */
const blocksOnly = (docs: StatementDoc[]) => {
  const lines = pasted(docs).split('\n');
  return lines.slice(lines.indexOf('СекцияДокумент=Платежное поручение'), lines.indexOf('КонецФайла')).join('\n');
};

/** The invoices the pasted statement meets: 2018/943 (Гракун), 2019/943 (Иванов, "943" is ambiguous), 2018/950 (Иванов, 5 000). */
async function invoicesOfStatement() {
  await invoice('2018/943', 4000);
  await invoice('2019/943', 4000, PEOPLE.ivanov.id);
  await invoice('2018/950', 5000, PEOPLE.ivanov.id);
}

/** What one summary of the four documents says, wherever it was pasted. */
function expectSummaryOfFour(text: string, buttons: string[]) {
  const lines = text.split('\n');
  expect(lines[0]).toMatch(/^📄 Выписка: 4 входящих платежа/);
  expect(lines[1]).toMatch(/совпадает: 1 · сумма не совпадает: 1 · не найден: 1/);
  expect(lines).toContain(
    'Платёж № 13, 700\u00a0₽, ООО "ЭЛЕКСИС": под «943» подходят несколько счетов — какой оплачен?',
  );
  expect(text).toContain('2018/999');
  expect(buttons).toEqual([
    '№ 13 → 2018/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
    '№ 13 → 2019/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
  ]);
}

describe('a 1C statement pasted as text into «Оплата»', () => {
  it('when the director pastes several document blocks in Telegram, then each is a payment of its own: one summary, a prompt per invoice, the question names its payment', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoicesOfStatement();
    const said = await h.say(PEOPLE.director.telegram, CHAT, blocksOnly(DOCS));

    const replies = h.messagesTo(CHAT);
    expect(replies).toHaveLength(1);
    expectSummaryOfFour(replies[0]!.text, labels(replies[0]!));
    const grakun = promptsTo(h, PEOPLE.grakun.telegram);
    expect(grakun).toHaveLength(1);
    expect(labels(grakun[0]!)).toContain(YES);
    const ivanov = promptsTo(h, PEOPLE.ivanov.telegram);
    expect(ivanov).toHaveLength(1);
    expect(ivanov[0]!.text).toContain('не совпадают');

    // The pick answers for payment № 13 alone: 700 ₽ against 2019/943 differs.
    await h.press(PEOPLE.director.telegram, replies[0]!, '№ 13 → 2019/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)');
    expect(promptsTo(h, PEOPLE.ivanov.telegram)).toHaveLength(2);
    expect(h.messagesTo(CHAT).at(-1)!.text).toMatch(/Выбран счёт 2019\/943/);
    // The same text delivered again is a duplicate: nothing more.
    await h.edit(PEOPLE.director.telegram, CHAT, said, blocksOnly(DOCS));
    expect(h.messagesTo(CHAT)).toHaveLength(2);
  });

  it('when the director pastes a whole 1CClientBankExchange file in Telegram, then its money out is skipped and a document seen in an earlier file is not prompted again', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoicesOfStatement();
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer('kl_to_1c.txt', statementFile([DOCS[0]!])),
    });
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(1);
    const out: StatementDoc = {
      n: 5,
      sum: '90000.00',
      inn: '7701234567',
      payer: 'ООО "НАША ФИРМА"',
      purpose: 'Оплата по счету 2018/943 поставщику',
      out: true,
    };
    await h.say(PEOPLE.director.telegram, CHAT, pasted([...DOCS, out]));

    const summary = h.messagesTo(CHAT).at(-1)!;
    expect(summary.text.split('\n')[0]).toMatch(/^📄 Выписка: 4 входящих платежа/);
    expect(summary.text).toMatch(/уже были в прежних выписках: 1/);
    expect(summary.text).toMatch(/п\/п № 11 от 27\.11\.2026 на 4\u00a0000\u00a0₽ — уже был в выписке/);
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when the director pastes the statement into the Bitrix24 «Оплата» (it has no files), then it is read the same way, answered in its thread', async () => {
    let payChat: string;
    ({ h, payChat, company } = await startBitrixPaymentWorld());
    await invoicesOfStatement();
    const said = await h.b24Say(PEOPLE.director.id, payChat, pasted(DOCS));

    const replies = h.b24MessagesTo(payChat);
    expect(replies).toHaveLength(1);
    expect(h.sim.botMessages(payChat)[0]!.replyId).toBe(said);
    expectSummaryOfFour(replies[0]!.text, replies[0]!.buttons);
    const prompts = (p: { id: number; telegram: number }) =>
      promptsTo(h, p.telegram).length + h.b24MessagesTo(p.id).filter((m) => m.text.startsWith('💳')).length;
    expect(prompts(PEOPLE.grakun)).toBe(1);
    expect(prompts(PEOPLE.ivanov)).toBe(1);
  });
});

describe('an edit that leaves the announcement unreadable', () => {
  it('when the director removes the sums, then the open prompt is withdrawn and the thread hears which invoice was confirmed already (the CRM write stands, logged)', async () => {
    const { lines, log } = captureLog();
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    const { invoiceId } = await invoice('2018/943', 4000);
    await invoice('2018/950', 5000, PEOPLE.ivanov.id);
    const said = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачены счета 2018/943 на 4000 и 2018/950 на 5000');
    const grakun = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    const ivanov = promptsTo(h, PEOPLE.ivanov.telegram)[0]!;
    await h.press(PEOPLE.grakun.telegram, grakun, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    const before = h.messagesTo(CHAT).length;

    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Оплачены счета 2018/943 и 2018/950');

    expect(labels(now(PEOPLE.ivanov.telegram, ivanov.messageId))).not.toContain(YES);
    expect(now(PEOPLE.ivanov.telegram, ivanov.messageId).text).toMatch(/^↩️.*больше нет суммы, запрос снят/);
    const answer = h
      .messagesTo(CHAT)
      .slice(before)
      .map((m) => m.text)
      .join('\n');
    expect(answer).toMatch(/Какая сумма пришла/);
    expect(answer).toMatch(/Счёт 2018\/943 уже отмечен оплаченным по прежней версии сообщения/);
    expect(answer).not.toMatch(/2018\/950 уже отмечен/);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(h.messagesTo(PEOPLE.grakun.telegram).at(-1)!.text).toMatch(/^↩️.*больше нет суммы\.\n/);
    expect(lines.some((l) => l.level === 40 && /CRM write stands/.test(String(l.msg)))).toBe(true);
  });

  it('when the director removes the invoice number, then the prompt is withdrawn and the director is asked for the number (the open invoice of the sum named)', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoice('2018/943', 4000);
    const said = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const prompt = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    expect(labels(prompt)).toContain(YES);

    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Оплата пришла, 4000 руб');

    expect(labels(now(PEOPLE.grakun.telegram, prompt.messageId))).not.toContain(YES);
    // The sum left names the open invoice of that sum (fresh27): the prompt is withdrawn, not re-sent.
    expect(h.messagesTo(CHAT).at(-1)!.text).toMatch(/^Номера счёта не вижу\. На 4\s000\s₽ открыт счёт 2018\/943\./);
    await h.advance(3 * DAY);
    expect(h.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('⏰'))).toHaveLength(0);
  });
});

describe('retention of payments.covered-by', () => {
  it('when the prompt a covered-by row points to was settled longer ago than the retention period, then the row is pruned; a younger or pending one stays', async () => {
    ({ h, company } = await startPaymentWorld(CHAT)); // retention.period: 90 days by default
    await invoice('2018/943', 4000);
    await invoice('2018/950', 5000, PEOPLE.ivanov.id);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/950 на 5000');
    // The bank's documents for both: each is the payment its chat announcement's prompt is for.
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer(
        'kl_to_1c.txt',
        statementFile([pay(11, '4000.00', '2018/943'), pay(12, '5000.00', '2018/950')]),
      ),
    });
    const side = new Database(h.dbPath);
    const covered = () =>
      (
        side.prepare(`SELECT key FROM kv WHERE key LIKE 'payments.covered-by:%' ORDER BY key`).all() as Array<{
          key: string;
        }>
      ).map((r) => r.key);
    const promptOf = (n: string) =>
      (side.prepare('SELECT id FROM payment_prompts WHERE invoice_number = ?').get(n) as { id: number }).id;
    const p943 = promptOf('2018/943');
    const p950 = promptOf('2018/950');
    expect(covered()).toEqual([kvKey.paymentCoveredBy(p943), kvKey.paymentCoveredBy(p950)].sort());
    await h.press(PEOPLE.grakun.telegram, promptsTo(h, PEOPLE.grakun.telegram)[0]!, YES);

    h.clock.advance(89 * DAY);
    expect((await h.app.prune(true))?.paymentCovers).toBe(0);
    h.clock.advance(2 * DAY);
    expect((await h.app.prune(true))?.paymentCovers).toBe(1);
    // The settled prompt's row is gone; the one still waiting for its manager stays, whatever its age.
    expect(covered()).toEqual([kvKey.paymentCoveredBy(p950)]);
    side.close();
  });

  it('when a new bank document meets an announcement settled before the retention period, then it is another payment, as when its row was kept', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await invoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const file = (n: number) => h.tgFiles.offer(`kl_${n}.txt`, statementFile([pay(n, '4000.00', '2018/943')]));
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: file(11) }); // № 11 is the announced payment
    await h.press(PEOPLE.grakun.telegram, promptsTo(h, PEOPLE.grakun.telegram)[0]!, YES);
    h.clock.advance(91 * DAY);
    expect((await h.app.prune(true))?.paymentCovers).toBe(1);
    // Someone put the invoice back to unpaid; a second payment, № 15, arrives in a new file.
    const res = await fetch(`${h.sim.webhookUrl}crm.item.update.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityTypeId: 31, id: invoiceId, fields: { stageId: 'DT31_3:N' } }),
    });
    expect(res.status).toBe(200);
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: file(15) });
    expect(h.messagesTo(CHAT).at(-1)!.text).not.toMatch(/оплата уже подтверждена/);
    // Said with its first confirmation, put back since (claim31).
    expect(h.messagesTo(CHAT).at(-1)!.text).toMatch(
      /→ Гракун Е\., счёт 2018\/943\. Счёт 2018\/943 уже подтверждали \d\d\.\d\d \(Гракун Е\.\), потом в Битрикс24 счёт вернули в неоплаченные — спрашиваю снова$/,
    );
    const open = promptsTo(h, PEOPLE.grakun.telegram); // the first one was confirmed (edited to «✅»)
    expect(open).toHaveLength(1);
    expect(labels(open[0]!)).toContain(YES);
  });
});

describe('a prompt moved to a new responsible at its reminder', () => {
  it('when the reminder moved the prompt, then the new responsible is reminded on a fresh prompt’s schedule, once', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await invoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const res = await fetch(`${h.sim.webhookUrl}crm.item.update.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityTypeId: 31, id: invoiceId, fields: { assignedById: PEOPLE.ivanov.id } }),
    });
    expect(res.status).toBe(200);
    await h.advance(2 * HOUR + 60_000); // the reminder moves the prompt to Иванов
    expect(promptsTo(h, PEOPLE.ivanov.telegram)).toHaveLength(1);
    const reminders = () => remindersTo(h, PEOPLE.ivanov.telegram);
    expect(reminders()).toHaveLength(0);

    await h.advance(DAY);
    expect(reminders()).toHaveLength(1);
    expect(labels(reminders()[0]!)).toContain(YES);
    expect(h.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('⏰'))).toHaveLength(0);
    await h.advance(3 * DAY);
    expect(reminders()).toHaveLength(1);

    // Confirmed from the reminder: every copy loses its «Да».
    const reminder = reminders()[0]!;
    await h.press(PEOPLE.ivanov.telegram, reminder, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(labels(now(PEOPLE.ivanov.telegram, reminder.messageId))).not.toContain(YES);
    expect(now(PEOPLE.ivanov.telegram, reminder.messageId).text).toMatch(/отмечен оплаченным/);
  });
});
