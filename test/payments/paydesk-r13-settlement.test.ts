/** settlement.ts: how an invoice's parts add up, which payment is another part, and a deal's unpaid invoices. */
import { describe, expect, it } from 'vitest';
import { partIdentity, partsLine, settle, stillUnpaid } from '../../src/payments/settlement';

const inv = { amount: 10000, currency: 'RUB', paid: false };
const part = (amount: number, at = 1, currency = 'RUB') => ({ amount, currency, at });

describe('settle', () => {
  it('when earlier parts and this payment equal the invoice, then it matches', () => {
    const s = settle(inv, [part(5000)], 5000, true, 'RUB');
    expect(s).toMatchObject({ verdict: 'match', total: 10000, remaining: null, over: null });
    expect(s.earlier).toHaveLength(1);
  });
  it('when they are more, then it is a mismatch with the overpayment', () => {
    expect(settle(inv, [part(5000)], 6000, true, 'RUB')).toMatchObject({
      verdict: 'mismatch',
      total: 11000,
      over: 1000,
    });
  });
  it('when they are less, then it is partial with what is left (even unsaid, once parts were paid)', () => {
    expect(settle(inv, [part(3000)], 4000, false, 'RUB')).toMatchObject({ verdict: 'partial', remaining: 3000 });
  });
  it('when there are no parts, then it is the verdict of judge, with what is left', () => {
    expect(settle(inv, [], 10000, false, 'RUB').verdict).toBe('match');
    expect(settle(inv, [], 4000, false, 'RUB')).toMatchObject({ verdict: 'mismatch', remaining: 6000 });
    expect(settle(inv, [], 4000, true, 'RUB')).toMatchObject({ verdict: 'partial', remaining: 6000 });
  });
  it('when a part is in another currency, or this payment is, or its sum is unknown, then the parts do not add up', () => {
    expect(settle(inv, [part(5000, 1, 'USD')], 5000, true, 'RUB')).toMatchObject({ verdict: 'partial', earlier: [] });
    expect(settle(inv, [part(5000)], 5000, true, 'USD').verdict).toBe('mismatch');
    expect(settle(inv, [part(5000)], null, true, 'RUB').verdict).toBe('mismatch');
  });
  it('when kopecks add up, then they match', () => {
    expect(settle({ ...inv, amount: 100.3 }, [part(0.1), part(0.2)], 100, true, 'RUB').verdict).toBe('match');
  });
  it('when the invoice is paid, then it is already paid', () => {
    expect(settle({ ...inv, paid: true }, [part(5000)], 5000, true, 'RUB').verdict).toBe('already-paid');
  });
});

describe('partIdentity', () => {
  const chat = (text: string, amount: number | null, day = '2026-12-01') => ({ text, amount, fingerprint: null, day });
  it('when a chat message has another sum, or says it is another part, then it is another part', () => {
    expect(partIdentity(chat('оплатили 3000', 3000), chat('', 5000), () => true)).toBe('another');
    expect(partIdentity(chat('доплатили остаток 5000', 5000), chat('', 5000), () => true)).toBe('another');
  });
  it('when a chat message repeats the sum the same day and says nothing more, then it is the same part', () => {
    expect(partIdentity(chat('оплатили частично 5000', 5000), chat('', 5000), () => true)).toBe('same');
  });
  it('when both are bank documents, then only the same document is the same part', () => {
    const doc = { text: '', amount: 5000, fingerprint: 'a', day: '2026-12-01' };
    expect(partIdentity(doc, { ...doc, fingerprint: 'b' }, () => false)).toBe('another');
    expect(partIdentity(doc, doc, () => true)).toBe('same');
  });
});

describe('partsLine and stillUnpaid', () => {
  it('names the parts', () => {
    expect(
      partsLine(
        [
          { money: '5 000 ₽', when: '12.10' },
          { money: '5 000 ₽', when: 'сегодня' },
        ],
        '10 000 ₽',
      ),
    ).toBe('5 000 ₽ 12.10 + 5 000 ₽ сегодня = 10 000 ₽');
  });
  it('lists the deal’s other invoices still unpaid', () => {
    const i = (id: number, number: string, paid = false) => ({ kind: 'smart' as const, id, number, paid });
    expect(stillUnpaid([i(1, '2018/960'), i(2, '2018/961'), i(3, '2018/959', true)], { kind: 'smart', id: 1 })).toEqual(
      ['2018/961'],
    );
    expect(stillUnpaid([i(1, '2018/960')], { kind: 'smart', id: 1 })).toEqual([]);
  });
});
