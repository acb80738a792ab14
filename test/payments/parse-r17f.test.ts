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

describe("when the invoice is named, then a «№» before it (the row's own number) or after another thing's word («вагоны № …») numbers no invoice", () => {
  table([
    [
      '№ 512 от 03.03.2026 | Плательщик: ООО «Кедр», ИНН 7707083893 | Сумма 18 000,00 | Назначение: Оплата по счету ПК-25/0311',
      paid(['ПК-25/0311'], 18000, '7707083893'),
    ],
    ['Оплата по сч. 4417 от 02.03.2026, контейнеры № 41250077, 41250085, 96 000', paid(['4417'], 96000)],
  ]);
});

describe('when the pair «invoice на sum» is said again after a comma («оплачен 7712 на 3000, оплачен 815 на 3000»), then each is an invoice with its sum', () => {
  table([
    ['оплачен 7712 на 3000, оплачен 815 на 3000', paid(['7712', '815'], 6000)],
    ['оплачен 6120 на 1500, 6121 на 2500', paid(['6120', '6121'], 4000)],
    ['закрыт 4410 — 7000, закрыт 4415 — 9000', paid(['4410', '4415'], 16000)],
  ]);
});

describe('when «по N» follows a list of invoices («счета 7712 и 7713 по 2500»), then N is what each was paid, not one more invoice', () => {
  table([
    ['оплачены счета 7712 и 7713 по 2500', paid(['7712', '7713'], 5000)],
    ['Вега оплатили 5531, 5532 по 1200', paid(['5531', '5532'], 2400)],
    ['пришло 6000 по 5531 и 5532', paid(['5531', '5532'], 6000)],
    // the fresh user's (stop 28): a comma before «по», and «каждый» after the sum
    ['оплатили 6120 и 6121, по 3300 каждый', paid(['6120', '6121'], 6600)],
  ]);
});
