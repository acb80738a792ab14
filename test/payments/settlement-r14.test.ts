/**
 * Round 14 of partial payments (a fresh user): parts that add up after an edit, a withdrawal and a
 * repeat — a part edited after the invoice was confirmed paid, what is left after an edit, a second
 * payment of the same sum, and what the timeline and the confirmation name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { partIdentity, paymentOrderNumbers, statedDays } from '../../src/payments/settlement';
import { dealWithInvoice, startPaymentWorld } from '../support/payment-world';

const CHAT = -100914;
const YES = '✅ Да, оплачен';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NB = '\u00a0';
const rub = (s: string) => `${s.replace(/ /g, NB)}${NB}₽`;
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

const promptsTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('💳'));
const labels = (m: { buttons: Array<{ text: string }> }) => m.buttons.map((b) => b.text);
const chat = () => h.messagesTo(CHAT).map((m) => m.text);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const timeline = (dealId: number) =>
  h.sim
    .timelineComments('deal', dealId)
    .map((c) => c.comment)
    .join('\n');
const MANAGER = PEOPLE.grakun.telegram;

/** An invoice of 10 000 paid in two parts of 5 000 a day apart, the second confirmed by its manager. */
async function paidInTwoParts() {
  ({ h, company } = await startPaymentWorld(CHAT));
  const ids = await dealWithInvoice(h, company, '2018/950', 10000);
  await dealWithInvoice(h, company, '2018/951', 7000);
  const first = await say('Элексис оплатил частично счет 2018/950 — 5000');
  await h.advance(DAY);
  await say('Элексис доплатил остаток по счету 2018/950 — 5000');
  await h.press(MANAGER, promptsTo(MANAGER).at(-1)!, YES);
  expect(h.sim.invoice('smart', ids.invoiceId)?.stageId).toBe('DT31_3:P');
  return { ...ids, first };
}

describe('a part edited after the invoice was confirmed paid', () => {
  it('when a part of a paid invoice is edited to less, then the invoice stays paid, and the manager (with the way back) and the chat hear the sum no longer agrees', async () => {
    const { invoiceId, dealId, first } = await paidInTwoParts();
    const before = h.messagesTo(MANAGER).length;
    await h.edit(PEOPLE.director.telegram, CHAT, first, 'Элексис оплатил частично счет 2018/950 — 3000');
    // Not un-paid behind the manager's back: the tap was theirs.
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    const told = h.messagesTo(MANAGER).slice(before);
    const warning = told.find((m) => m.text.includes('уже отмечен оплаченным'));
    expect(warning?.text).toContain(`= ${rub('8 000')}`);
    expect(warning?.text).toContain(`не хватает ${rub('2 000')}`);
    expect(warning?.text).toContain('Снять отметку об оплате');
    expect(labels(warning!)).toContain('🔗 Открыть сделку');
    // The part's own card says what it is now, not that the message no longer names the invoice.
    const card = promptsTo(MANAGER).find((m) => m.text.includes(`— ${rub('3 000')}.`));
    expect(card?.text).toContain(`Осталось ${rub('2 000')}`);
    expect(h.messagesTo(MANAGER).some((m) => m.text.includes('больше не упоминается'))).toBe(false);
    expect(chat().join('\n')).toContain(`не хватает ${rub('2 000')}`);
    expect(timeline(dealId)).toContain(`изменена: было ${rub('5 000')}, стало ${rub('3 000')}`);
    // Said once: the same edit delivered again, or a restart, tells nobody twice.
    await h.restart();
    await h.advance(HOUR);
    expect(h.messagesTo(MANAGER).filter((m) => m.text.includes('уже отмечен оплаченным'))).toHaveLength(1);
  });

  it('when a part of a paid invoice is withdrawn (its message edited to another invoice), then the manager and the chat hear the invoice is paid with less', async () => {
    const { dealId, first } = await paidInTwoParts();
    await h.edit(PEOPLE.director.telegram, CHAT, first, 'Элексис оплатил частично счет 2018/951 — 5000');
    const warning = h.messagesTo(MANAGER).find((m) => m.text.includes('уже отмечен оплаченным'));
    expect(warning?.text).toContain(`не хватает ${rub('5 000')}`);
    expect(chat().join('\n')).toContain(`не хватает ${rub('5 000')}`);
    expect(timeline(dealId)).toContain(`частичная оплата по счёту № 2018/950 на ${rub('5 000')} снята`);
  });
});

describe('what is left after an edit', () => {
  it('when an earlier part is edited, then the chat line’s «осталось» counts the later parts too', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/950', 10000);
    const first = await say('Элексис оплатил частично счет 2018/950 — 3000');
    await say('Элексис доплатил частично по счету 2018/950 — 4000');
    await h.edit(PEOPLE.director.telegram, CHAT, first, 'Элексис оплатил частично счет 2018/950 — 2000');
    expect(chat().at(-1)).toContain(`осталось ${rub('4 000')}`);
    const card = h.messagesTo(MANAGER).find((m) => m.text.includes(`— ${rub('2 000')}.`));
    expect(card?.text).toContain(`Осталось ${rub('4 000')}`);
  });
});

describe('a second payment of the same sum', () => {
  it('when it names another payment order, then it is another part and the invoice adds up', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/950', 10000);
    await say('Элексис оплатил частично счет 2018/950 — 5000, п/п 511');
    await say('Элексис оплатил частично счет 2018/950 — 5000, п/п 512');
    expect(promptsTo(MANAGER)).toHaveLength(2);
    expect(labels(promptsTo(MANAGER).at(-1)!)).toContain(YES);
    expect(chat().at(-1)).toContain('совпадает');
  });

  it('when it names the same payment order, then it is the same part, counted once', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/950', 10000);
    await say('Элексис оплатил частично счет 2018/950 — 5000, п/п 511');
    await h.advance(DAY);
    await say('Переслано от Бухгалтерия\nЭлексис оплатил частично счет 2018/950 — 5000, п/п 511');
    expect(promptsTo(MANAGER)).toHaveLength(1);
    expect(chat().at(-1)).toContain('эта частичная оплата уже записана');
  });

  it('when it states another payment date, then it is another part', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/950', 10000);
    await say('Элексис оплатил частично счет 2018/950 — 5000, оплата от 27.11');
    await say('Элексис оплатил частично счет 2018/950 — 5000, оплата от 30.11');
    expect(promptsTo(MANAGER)).toHaveLength(2);
    expect(labels(promptsTo(MANAGER).at(-1)!)).toContain(YES);
  });

  it('when it comes another day with nothing to tell the two apart, then the manager is asked, not the part refused', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/950', 10000);
    await say('Элексис оплатил частично счет 2018/950 — 5000');
    await h.advance(DAY);
    await say('Элексис оплатил частично счет 2018/950 — 5000');
    expect(promptsTo(MANAGER)).toHaveLength(2);
    const second = promptsTo(MANAGER).at(-1)!;
    expect(second.text).toContain('Это вторая оплата или та же ещё раз?');
    expect(chat().at(-1)).toContain(`уже записана оплата ${rub('5 000')} — считаю эту второй оплатой и спросил`);
    // The manager who says it is the same one: the part is not counted, the invoice is not paid by it.
    expect(labels(second)).toContain('✖ Не мой / ошибка');
    // The manager says it is the same one: it no longer counts, and the real second part adds up.
    await h.press(MANAGER, second, '✖ Не мой / ошибка');
    await h.press(
      MANAGER,
      h.messagesTo(MANAGER).find((m) => m.messageId === second.messageId)!,
      '✖ Да, не мой / ошибка',
    );
    await say('Элексис доплатил остаток по счету 2018/950 — 5000');
    expect(labels(promptsTo(MANAGER).at(-1)!)).toContain(YES);
    expect(chat().at(-1)).toContain('совпадает');
  });
});

describe('the timeline and the confirmation name the parts and the total', () => {
  it('when two parts pay the invoice, then the confirmation in the timeline names both and the total', async () => {
    const { dealId } = await paidInTwoParts();
    const line = timeline(dealId)
      .split('\n')
      .find((l) => l.includes('подтверждена'));
    expect(line).toMatch(
      new RegExp(`${rub('5 000')} \\d\\d\\.\\d\\d \\+ ${rub('5 000')} \\d\\d\\.\\d\\d = ${rub('10 000')}`),
    );
    expect(line).not.toContain(`на ${rub('5 000')}`);
    const done = h.messagesTo(MANAGER).find((m) => m.text.startsWith('✅ Счёт № 2018/950 отмечен'));
    expect(done?.text).toContain(rub('10 000'));
  });

  it('when a part is edited before the invoice is paid, then the timeline says what it was and what it is', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { dealId } = await dealWithInvoice(h, company, '2018/950', 10000);
    const first = await say('Элексис оплатил частично счет 2018/950 — 3000');
    await h.edit(PEOPLE.director.telegram, CHAT, first, 'Элексис оплатил частично счет 2018/950 — 4000');
    expect(timeline(dealId)).toContain(`изменена: было ${rub('3 000')}, стало ${rub('4 000')}`);
  });
});

describe('telling a part from its repeat (pure)', () => {
  const seen = (text: string, day = '2026-12-01') => ({ text, amount: 5000, fingerprint: null, day });
  it('reads payment-order numbers, not a sum after «п/п»', () => {
    expect(paymentOrderNumbers('оплатили 5000, п/п 512; платёжка №0077')).toEqual(['512', '77']);
    expect(paymentOrderNumbers('п/п 12 000 руб')).toEqual([]);
  });
  it('reads the days a payment is said to be made, not the invoice’s date', () => {
    expect(statedDays('оплата от 27.11, п/п 5 от 30.11.2026')).toEqual(['27.11', '30.11']);
    expect(statedDays('по счету 6198 от 19.02.2026 оплатили 5000')).toEqual([]);
  });
  it('when orders or days tell them apart, then it is decided; when nothing does, the same day is a repeat and another day unsure', () => {
    expect(partIdentity(seen('5000 п/п 1'), seen('5000 п/п 2'), () => true)).toBe('another');
    expect(partIdentity(seen('5000 п/п 1', '2026-12-02'), seen('5000 п/п 1'), () => true)).toBe('same');
    expect(partIdentity(seen('5000 от 01.12'), seen('5000 от 30.11'), () => true)).toBe('another');
    expect(partIdentity(seen('5000'), seen('5000'), () => true)).toBe('same');
    expect(partIdentity(seen('5000', '2026-12-02'), seen('5000'), () => true)).toBe('unsure');
  });
});
