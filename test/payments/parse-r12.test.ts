/**
 * Issue 15, item 5, round 12: the causes behind the misses of sets 22–23, each a kind with several
 * examples of our own (none copied from the sets), each seen failing before its fix. Every example
 * checks all five scored fields at once.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('kind: «тишина», «глухо», «молчат» say an invoice in a list is still unpaid', () => {
  table([
    ['пришли: 5210 — 12 000, 5211 — 8 000. по 5212 тишина', paid(['5210', '5211'], 20000)],
    ['5220 оплачен 40 000, а по 5221 глухо', paid(['5220'], 40000)],
    ['Оплатили 5230 — 7 500; 5231 молчат', paid(['5230'], 7500)],
  ]);
  it('a list with nothing paid in it is no payment', () => {
    expect(fields('по 5240 тишина, по 5241 тоже глухо').isPayment).toBe(false);
  });
});
