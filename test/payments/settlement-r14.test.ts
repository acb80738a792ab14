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
const DAY = 24 * 3_600_000;
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
const MANAGER = PEOPLE.grakun.telegram;

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
    await say('Элексис доплатил остаток по счету 2018/950 — 5000');
    expect(labels(promptsTo(MANAGER).at(-1)!)).toContain(YES);
    expect(chat().at(-1)).toContain('совпадает');
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
