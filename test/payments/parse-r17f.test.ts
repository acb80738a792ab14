/**
 * Issue 15, item 5, round 17f: general rules only, each for a kind of message seen in never-seen sets 91–95. Every
 * series and sum below is made up, none is copied from a set.
 */
import { describe, expect, it } from 'vitest';
import { fields, paid } from '../support/parser-kinds';

function table(cases: Array<[string, ReturnType<typeof paid>]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when a series carries its year («ПК-2025-07/14», «ВТ/25-0412»), then it is an invoice by its shape alone, with or without an invoice word', () => {
  table([
    ['Оплата по счету № ПК-2025-07/14 от 02.07.2025, 41 800', paid(['ПК-2025-07/14'], 41800)],
    ['Ромашка оплатили ПК-2025-07/14 — 41 800', paid(['ПК-2025-07/14'], 41800)],
    ['+12 тыс от ИП Волкова, ЛБ-2025-03/112', paid(['ЛБ-2025-03/112'], 12000)],
    ['Вега — ВТ/25-0412, 318 000 пришло', paid(['ВТ/25-0412'], 318000)],
    ['Кедр скинул 56 тыщ по ВТ/25-0413', paid(['ВТ/25-0413'], 56000)],
    ['Лотос оплатили ВТ/25-0420 и ВТ/25-0421, итого 90 000', paid(['ВТ/25-0420', 'ВТ/25-0421'], 90000)],
    ['+ 64 000 ₽ | ООО «Кедр» | оплата по сч. НР-25/0311, 0312', paid(['НР-25/0311', '0312'], 64000)],
  ]);
});

describe('when a word before a series with its year names another document («по договору ДП-2025-04/17»), or its counter is not zero-padded (a product code), then it is no invoice', () => {
  table([
    ['Оплата 15 000 по договору ДП-2025-04/17', paid([], 15000)],
    ['Вега перевели 48 000 за ВТ/25-0415, контракт ЭК/25-0007', paid(['ВТ/25-0415'], 48000)],
    ['Оплата по счету ВТ/25-0416 по заявке на портале ЗК-25-004471, 9 300', paid(['ВТ/25-0416'], 9300)],
    ['Оплата по счету № 5120 за лист Н-25-1250 0,7 мм, 18 200', paid(['5120'], 18200)],
  ]);
});

describe('when two invoices of one series are joined by a dash or by «с … по», then every invoice between them is paid', () => {
  table([
    [
      'Вега оплатили ПК-2025-07/14 – ПК-2025-07/16 одной платёжкой, 30 000',
      paid(['ПК-2025-07/14', 'ПК-2025-07/15', 'ПК-2025-07/16'], 30000),
    ],
    [
      'Кедр оплатили счета с ВТ/25-0418 по ВТ/25-0420, итого 75 000',
      paid(['ВТ/25-0418', 'ВТ/25-0419', 'ВТ/25-0420'], 75000),
    ],
  ]);
});
