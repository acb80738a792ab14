/**
 * Issue 15, item 5, found by a fresh user after round 12: the director still waiting for the money
 * («жду», «ждёт») named the invoice and the sum he waits for — read as paid, one tap from "paid" on money
 * that had not come. Seen failing before the fix.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('kind: «жду», «ждёт» — still waited for, so not paid', () => {
  table([
    ['по 1066 жду оплату 40 000', notPaid],
    ['7702 жду 12 500 сегодня', notPaid],
    ['Стройдом ждёт счёт 3310 на 18 000, оплатят в пятницу', notPaid],
    ['по 4410 клиент ждет акт, 25 000 переведут после', notPaid],
  ]);
  // Guards: the waiting is over, or it is someone else's word.
  table([
    ['дождались: 1066 оплачен, 40 000', paid(['1066'], 40000)],
    ['ждали-ждали, наконец пришло 40 000 по 1066', paid(['1066'], 40000)],
  ]);
});
