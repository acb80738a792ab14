/**
 * Issue 15, item 5, round 12b: the kinds of chat text that held-out sets 31–33 (a coffee roaster's
 * year-prefixed invoices, a cleaning ИП's private payers, a cable wholesaler's slang sums) showed the
 * parser misreading. Each kind has examples of our own, not copies of the sets' text; every example
 * checks all five scored fields.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('an invoice with a two-digit year prefix, as 1C prints it («25-0412»)', () => {
  table([
    ['Ромашка — 25-0412 — 9 870,00 пришло', paid(['25-0412'], 9870)],
    ['по 24-00731 оплата 12 000', paid(['24-00731'], 12000)],
    ['Кафе Лира 26-0118 оплатили 4 400', paid(['26-0118'], 4400)],
    ['ИП Соколов, 25-0907: частичная оплата 6 000,00', paid(['25-0907'], 6000, null, true)],
    ['Пришло за день:\nЛуч — 25-0301 — 1 200,00\nВега — 25-0305 — 2 300,00\nИтого 3 500,00', paid(['25-0301', '25-0305'], 3500)],
    ['выставил 25-0412 на 9 870, ждём оплату', notPaid],
    ['2026-03-26 оплатили 0412 на 5000', paid(['0412'], 5000)],
    ['звонить 8 (4012) 25-04-12, про оплату 0412 спросить', notPaid],
  ]);
});

describe('slang millions with their thousands after them («лям 245», «2 лям 160», «лям сорок»)', () => {
  table([
    ['стройтрест 7781 закрыли, лям 245 пришло', paid(['7781'], 1_245_000)],
    ['по 7790 пришло 3 млн 400', paid(['7790'], 3_400_000)],
    ['вектор 4471 два ляма триста', paid(['4471'], 2_300_000)],
    ['пришло 3 лимона 200 по 5521', paid(['5521'], 3_200_000)],
    ['2 ляма по 5521 пришло', paid(['5521'], 2_000_000)],
    ['пол ляма по 5521 пришло', paid(['5521'], 500_000)],
    ['1 млн 200 тыс по 5521 пришло', paid(['5521'], 1_200_000)],
    ['Один миллион сорок рублей 00 копеек по счету 5521 оплачено', paid(['5521'], 1_000_040)],
    ['за лям 25 шт не отдадим', notPaid],
  ]);
});
