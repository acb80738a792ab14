/**
 * Issue 15, item 5, round 13: the causes behind the misses of sets 34–36 (the last three blind
 * authors of round 12), each as a kind with examples of our own — other trades, other words — seen
 * failing before the fix.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('kind: a grade in capitals glued to its figure («СЧ20») is not «сч20», an invoice', () => {
  table([
    ['Оплата по счету 412/26 за отливки шкивов СЧ20, в т.ч. НДС 22% 7 920,00', paid(['412/26'], null)],
    ['Литмаш оплатил 7715 полностью: плиты СЧ25, 12 шт., 86 400 руб.', paid(['7715'], 86400)],
    ['по счету 3310 пришло 41 000 за колосники СЧ15', paid(['3310'], 41000)],
  ]);
  // Guard: in lower case, glued, it is still the hasty «сч» of an invoice.
  table([['сч4417 оплачен 5 000', paid(['4417'], 5000)]]);
});

describe('kind: a push’s «Входящий платёж» is money coming in, whatever the purpose names', () => {
  table([
    [
      'СберБизнес ••7710\nВходящий платёж 5 400,00 ₽\nООО «Юрбюро»: Оплата по счетам ОК-311, ОК-312 за май (аренда кулера, вода)',
      paid(['ОК-311', 'ОК-312'], 5400),
    ],
    [
      'Точка\nВходящий платеж 12 000 ₽ от ИП Сидоров\nОплата по счету 331 (аренда бытовки за май)',
      paid(['331'], 12000),
    ],
  ]);
  // Guard: rent we pay is still ours.
  table([['Оплатили аренду склада за июнь 80 000', notPaid]]);
});

describe('kind: a lettered number opening a push’s purpose («Назначение: ЧВ-4721 вода») is the invoice', () => {
  table([
    [
      'Сбер Бизнес · Оплата по QR-коду СБП\n+1 150,00 ₽\nПокупатель: Ольга В. К.\nНазначение: КВ-2281 химчистка 2 ковров',
      paid(['КВ-2281'], 1150),
    ],
    ['Поступление 2 300,00 ₽\nНазначение платежа: МК-0415 заточка ножей', paid(['МК-0415'], 2300)],
  ]);
});
