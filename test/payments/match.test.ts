import { describe, expect, it } from 'vitest';
import { judge, matchByAmount, matchByNumber, paidFor } from '../../src/payments/match';
import type { Invoice } from '../../src/kernel/ports';

const inv = (id: number, number: string, amount: number, over: Partial<Invoice> = {}): Invoice => ({
  kind: 'smart',
  id,
  number,
  title: '',
  amount,
  currency: 'RUB',
  stageId: 'DT31_3:N',
  paid: false,
  isNew: true,
  dealId: 1,
  companyId: 1,
  contactId: null,
  companyTitle: 'ЭЛЕКСИС ООО',
  responsibleId: 7,
  ...over,
});

describe('matchByNumber', () => {
  const all = [inv(1, '2018/943', 4000), inv(2, '2018/9943', 100), inv(3, '2019/12', 5)];
  it('when the number is written with spaces, then the exact invoice is found', () => {
    expect(matchByNumber('2018 / 943', all)).toEqual({ kind: 'found', invoice: all[0] });
  });
  it('when only the tail is written, then a unique suffix at a separator matches', () => {
    expect(matchByNumber('943', all)).toEqual({ kind: 'found', invoice: all[0] });
    expect(matchByNumber('43', all)).toEqual({ kind: 'none' });
  });
  it('when two years share the tail, then the only unpaid one is meant, else it is ambiguous', () => {
    const two = [inv(1, '2018/943', 4000, { paid: true }), inv(4, '2019/943', 500)];
    expect(matchByNumber('943', two)).toEqual({ kind: 'found', invoice: two[1] });
    const both = [inv(1, '2018/943', 4000), inv(4, '2019/943', 500)];
    expect(matchByNumber('943', both).kind).toBe('ambiguous');
  });
});

describe('matchByNumber on numbers padded to a width, as 1C and number templates print them', () => {
  const padded = [
    inv(1, 'КГ00-004812', 100),
    inv(2, 'ИП00-000457', 200),
    inv(3, 'ОВ00001196', 300),
    inv(4, '2018/0943', 4),
  ];
  it('when the director drops the prefix and the zeros, then the padded invoice is found', () => {
    expect(matchByNumber('4812', padded)).toEqual({ kind: 'found', invoice: padded[0] });
    expect(matchByNumber('1196', padded)).toEqual({ kind: 'found', invoice: padded[2] });
    expect(matchByNumber('943', padded)).toEqual({ kind: 'found', invoice: padded[3] });
    expect(matchByNumber('00457', padded)).toEqual({ kind: 'found', invoice: padded[1] });
  });
  it('when the written digits are only part of the number, then nothing is found', () => {
    expect(matchByNumber('812', padded)).toEqual({ kind: 'none' });
    expect(matchByNumber('196', padded)).toEqual({ kind: 'none' });
    expect(matchByNumber('0', padded)).toEqual({ kind: 'none' });
  });
  it('when the series is written without its padding, then that series’ invoice is found, not another’s', () => {
    expect(matchByNumber('КГ-4812', padded)).toEqual({ kind: 'found', invoice: padded[0] });
    expect(matchByNumber('ип-457', padded)).toEqual({ kind: 'found', invoice: padded[1] });
    expect(matchByNumber('ИП-4812', padded)).toEqual({ kind: 'none' });
    const years = [inv(5, 'А-17/2026', 1), inv(6, 'А-18/2026', 2)];
    expect(matchByNumber('А-18/2026', years)).toEqual({ kind: 'found', invoice: years[1] });
    expect(matchByNumber('А-19/2026', years)).toEqual({ kind: 'none' });
  });
  it('when Latin look-alike letters are typed for Cyrillic ones, then the same invoice is found', () => {
    const st = [inv(7, 'СТ-3843', 10), inv(8, 'СТ-3842', 20)];
    expect(matchByNumber('CT-3843', st)).toEqual({ kind: 'found', invoice: st[0] });
    expect(matchByNumber('ct-3842', st)).toEqual({ kind: 'found', invoice: st[1] });
  });
});

describe('matchByAmount', () => {
  it('when one unpaid invoice of the payer has that sum, then it is found', () => {
    expect(matchByAmount(500, [inv(1, '1', 400), inv(2, '2', 500)])).toMatchObject({
      kind: 'found',
      invoice: { id: 2 },
    });
    expect(matchByAmount(600, [inv(1, '1', 400)])).toEqual({ kind: 'none' });
  });
});

describe('judge', () => {
  it('when the sums agree to the kopeck, then it is a match', () =>
    expect(judge(inv(1, '1', 4000), 4000.001, false)).toBe('match'));
  it('when less is paid without saying partial, then it is a mismatch', () =>
    expect(judge(inv(1, '1', 4000), 3500, false)).toBe('mismatch'));
  it('when the message says partial, then it is partial', () =>
    expect(judge(inv(1, '1', 4000), 1000, true)).toBe('partial'));
  it('when more is paid, then it is a mismatch', () => expect(judge(inv(1, '1', 4000), 4500, false)).toBe('mismatch'));
  it('when the invoice is already paid, then it says so', () =>
    expect(judge(inv(1, '1', 4000, { paid: true }), 4000, false)).toBe('already-paid'));
});

describe('paidFor', () => {
  it('when items pair invoices with sums, then each invoice gets its own', () => {
    const items = [
      { invoice: '943', amount: 4000 },
      { invoice: '944', amount: 2500 },
    ];
    expect(paidFor('944', items, 6500, 2)).toBe(2500);
    expect(paidFor('945', items, 6500, 2)).toBeNull();
    expect(paidFor('943', [{ invoice: '943', amount: null }], 4000, 1)).toBe(4000);
  });
});
