/**
 * Lists of invoices in the payment desk's texts (a deal's unpaid invoices, the open invoices of a
 * payer for a sum): a phone screen and a toast (200 characters) cannot hold sixty numbers — the first
 * few are named and the rest counted.
 */
import { describe, expect, it } from 'vitest';
import * as t from '../../src/texts';

const numbers = (n: number) => Array.from({ length: n }, (_, i) => `2018/${900 + i}`);

describe('a long list of invoices in a line', () => {
  it('when a deal has 60 unpaid invoices besides the one paid, then the line names five and counts the rest', () => {
    const line = t.paymentTimeline.dealStays(numbers(60));
    expect(line).toBe(
      ' Сделка остаётся на своём этапе: по ней ещё не оплачены счета № 2018/900, 2018/901, 2018/902, 2018/903, 2018/904 и ещё 55.',
    );
    expect(t.paymentReplies.confirmedDealStays(numbers(60)).length).toBeLessThanOrEqual(200);
    expect(
      t.paymentPromptDone(
        {
          announcer: { name: 'Петров А.', gender: 'M' },
          number: '2018/960',
          company: null,
          paid: 1000,
          invoiceAmount: 1000,
          currency: 'RUB',
          verdict: 'match',
          dealLink: null,
          stageName: 'Счет оплачен',
        },
        'confirmed',
        'Гракун Е.',
        { kind: 'unpaid', unpaid: numbers(60) },
      ).text,
    ).toContain('2018/904 и ещё 55.');
  });

  it('when one of two invoices is left, then it is named alone, in the singular', () => {
    expect(t.paymentTimeline.dealStays(['2018/961'])).toBe(
      ' Сделка остаётся на своём этапе: по ней ещё не оплачен счёт № 2018/961.',
    );
  });

  it('when a payer has 40 open invoices for the sum, then the question names five and counts the rest', () => {
    const text = t.paymentChat.numberOrSum('4000', { name: 'ЭЛЕКСИС ООО', inn: null }, null, numbers(40));
    expect(text).toContain('2018/904 и ещё 35.');
    expect(text.length).toBeLessThan(600);
  });
});
