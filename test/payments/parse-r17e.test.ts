/**
 * Issue 15, item 5, round 17e: general rules only, each for a kind of message seen in never-seen sets 86–90. Every
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

describe('when an invoice word names a number with mixed separators («счёт 07-12/2026»), then it is the invoice, not a date', () => {
  table([
    ['Альфа-Строй оплатили счёт 07-12/2026, 320 000', paid(['07-12/2026'], 320000)],
    ['Поступление 58 400 по счету № 19-08/2025 от 14.08.2025', paid(['19-08/2025'], 58400)],
    ['Оплата по сч. 03-04/2026 за монтаж, 12 750', paid(['03-04/2026'], 12750)],
  ]);
});

describe('when a series carries its year then its month («КТ-2026/09-0113»), then it is an invoice by its shape alone', () => {
  table([
    ['Ромашка оплатили КТ-2026/09-0113 — 48 200', paid(['КТ-2026/09-0113'], 48200)],
    ['Вега перевели 12 600 за ПР-2025/12-0007', paid(['ПР-2025/12-0007'], 12600)],
  ]);
});

describe('when an invoice word names a list of suffixed numbers («по счетам 811/Д, 812/Д»), then every one in it is paid', () => {
  table([
    ['Поступило 20 000 по счетам 5216/К, 5217/К', paid(['5216/К', '5217/К'], 20000)],
    ['Оплата по сч. 811/Д, 812/Д, 813/Д за ремонт, 4 500', paid(['811/Д', '812/Д', '813/Д'], 4500)],
  ]);
});

describe('when a counter, its month and its year are joined by two marks («14-10/2026»), then it is an invoice wherever it stands', () => {
  table([
    ['Кедр оплатили 14-10/2026, 210 000', paid(['14-10/2026'], 210000)],
    ['Пришло 90к по 03-12/2025 от Вега', paid(['03-12/2025'], 90000)],
    ['Оплата по сч. 811/Д от 12-11/2026, 4 500', paid(['811/Д'], 4500)],
  ]);
});

describe('when «СЧ» stands after a number («317/СЧ»), then the number is the invoice with its letters', () => {
  table([
    ['Лотос скинул 12 тыр по № 317/СЧ', paid(['317/СЧ'], 12000)],
    ['Ромашка оплатила 52/СЧ и 53/СЧ — 8 000', paid(['52/СЧ', '53/СЧ'], 8000)],
  ]);
});

describe('when a series has a slash between its letters («Т/К-0417»), then it is an invoice wherever it stands', () => {
  table([
    ['Вега оплатили Т/К-0417, 96 000', paid(['Т/К-0417'], 96000)],
    ['Оплачено Т/К-2211 полностью — 15 тыс.', paid(['Т/К-2211'], 15000)],
  ]);
});

describe('when an insurer pays our invoice for its insured («возмещение по ОСАГО … по счёту 7721/Р»), then it is a payment of that invoice', () => {
  table([
    ['СК Лада: страховое возмещение по ОСАГО, убыток 0041/26, по счёту 7721/Р пришло 48 300', paid(['7721/Р'], 48300)],
    [
      'Зачисление 12 900 ₽ от САО Вега. Страховое возмещение по КАСКО, убыток № 5512-26, сч 7730/Р',
      paid(['7730/Р'], 12900),
    ],
  ]);
});

describe('when a range of a series without a hyphen or with a slash in its letters is glued by its dash, then every invoice in it is paid', () => {
  table([
    ['Кедр закрыл разом ТМ5501–ТМ5503, 90 000 руб.', paid(['ТМ5501', 'ТМ5502', 'ТМ5503'], 90000)],
    ['Закрыли Т/К-0610-Т/К-0612, 12 000', paid(['Т/К-0610', 'Т/К-0611', 'Т/К-0612'], 12000)],
  ]);
});
