/**
 * Issue 15, item 5, round 16a: invoice series as 1C and Bitrix24 really print them — letters and the year's
 * digits before a hyphen («Ж26-0318»), the year and month first («2509-044», «ВК-2509-044»), a stage's «/2»
 * after the number — and the numbers beside them that are no invoice (contracts, ranges of entrances). Tuned on
 * sets 49 and 51; every series and sum below is made up, none is copied from a set.
 */
import { describe, expect, it } from 'vitest';
import { fields, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when a series is one letter that looks like a digit (З, О) before the year and a hyphen, then it stays a letter', () => {
  table([
    ['Вектор оплатил З25-0318 на 41 700', paid(['З25-0318'], 41700)],
    ['СберБизнес: зачислено 9 900,00 руб. от ИП Гусев, назн.: опл. по сч З27-1140 двери', paid(['З27-1140'], 9900)],
    ['Альфа: +15 600 ₽ от ООО "ЛУЧ". Оплата по счету О26-0077/2 монтаж', paid(['О26-0077/2'], 15600)],
  ]);
});

describe('when a number is the year and month, a hyphen and three digits («2509-044»), then it is the invoice', () => {
  table([
    ['Термосфера оплатили 2509-044 — 73 800', paid(['2509-044'], 73800)],
    ['2510-117 и 2510-118 оплачены, всего 56 000', paid(['2510-117', '2510-118'], 56000)],
    ['ИП Жуков доплатил 4 300 по 2512-009', paid(['2512-009'], 4300, null, true)],
  ]);
});

describe('when a stage invoice carries «/2» after its number, then the stage is part of the invoice', () => {
  table([
    ['2509-061/2 оплатили, 48 000 пришло', paid(['2509-061/2'], 48000)],
    [
      'Точка: +120 000 ₽ от ООО "ГРАНИТ". Предоплата по счету 2511-204/1 работы',
      paid(['2511-204/1'], 120000, null, true),
    ],
    ['Закрыли ВК-2509-044/3 полностью, 19 500', paid(['ВК-2509-044/3'], 19500)],
  ]);
});
