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

describe('when a series carries its year («Ж26-0318») and another series of that year is listed with it, then both are invoices', () => {
  table([
    ['Техснаб: Ж26-0318 — 52 000 и М26-0904 — 8 700 оплачены', paid(['Ж26-0318', 'М26-0904'], 60700)],
    ['Оплатили Р25-0112 и Д25-0440, всего 31 900', paid(['Р25-0112', 'Д25-0440'], 31900)],
  ]);
});

describe('when a message names no invoice otherwise, then a number whose series carries the year is the invoice', () => {
  table([
    ['Клиент оплатил монтаж Д26-1207 наличкой 18 700', paid(['Д26-1207'], 18700)],
    ['Соколова оплатила замер Р26-118 на месте, 2 500', paid(['Р26-118'], 2500)],
    ['Оплатил установку Т25-318 картой, 4 900', paid(['Т25-318'], 4900)],
    ['оплатили 4 500 за трубу ПН20-110 мм', paid([], 4500)],
  ]);
});

describe('when the customer’s cash is brought to us («привёз наличку»), then it is a payment', () => {
  table([
    ['Водитель привёз наличку от Агро-Юг 23 400 за 7734', paid(['7734'], 23400)],
    ['водитель привезла наличные от Лесторга 8 150 по 6612', paid(['6612'], 8150)],
  ]);
});

describe('when a contract is named with words between it and its «№», then its number is no invoice', () => {
  table([
    ['Оплата по счету 4418 по договору подряда и монтажа № МК-25/31 (этап 2)', paid(['4418'], null)],
    ['Оплачено по сч. 6120 по договору аренды и обслуживания № АО-24/118, 15 000', paid(['6120'], 15000)],
  ]);
});

describe('when «№» numbers a short range of entrances or buildings («подъезды №2-5»), then it is no invoice', () => {
  table([
    ['Оплата по счету 6610 за ремонт в подъездах №2-5, НДС не облагается', paid(['6610'], null)],
    ['Поступило 54 000 по сч 7125, остекление корпусов № 1-3', paid(['7125'], 54000)],
  ]);
});

describe('when a series’ invoice is followed by its next number shortened («2509-071 и 072»), then both are invoices', () => {
  table([
    ['оплатили 2509-071 и 072 — 26 000', paid(['2509-071', '2509-072'], 26000)],
    ['Д26-0340, 0341 оплачены — 18 400', paid(['Д26-0340', 'Д26-0341'], 18400)],
    ['по ПР-09-214 и 15 пришло 7 200', paid(['ПР-09-214', 'ПР-09-215'], 7200)],
  ]);
});

describe('when the year stands between a series’ letter and its number («К-26-0418»), then it is the invoice', () => {
  table([
    ['К-26-0418 оплатили 6 300', paid(['К-26-0418'], 6300)],
    ['Лада-Сервис закрыли М-25-1107, 14 000', paid(['М-25-1107'], 14000)],
  ]);
});

describe('when a corrected invoice is followed by a trailing «перепутал», then the number the correction brings is the invoice', () => {
  table([
    ['Оплатил 4417 на 12 300, ой нет, не 4417 — 4418, перепутал', paid(['4418'], 12300)],
    ['Вега оплатила 2510-061 38 000 ой, не 061 — 2510-062, ошибся', paid(['2510-062'], 38000)],
  ]);
});

describe('when a bank credit pays invoices for «командировки», then it is the customer’s payment for trips sold', () => {
  const block = (purpose: string): string =>
    [
      'Дата\tНомер\tПриход\tРасход\tКонтрагент\tИНН\tНазначение',
      `14.10.2026\t512\t96 400,00\t\tООО "ВЕКТОР-М"\t7728168971\t${purpose}`,
    ].join('\n');
  table([
    [block('Оплата по счету 7731 командировки октябрь, без НДС'), paid(['7731'], 96400, '7728168971')],
    [block('Оплата по счетам 7731, 7732 командировки сотрудников'), paid(['7731', '7732'], 96400, '7728168971')],
  ]);
});

describe('when «бронь» names a booking record by its code (PNR, №), then the payment is no deposit', () => {
  table([
    ['Поступление 84 000 ₽ от ООО "ТРАНСКОМ". Оплата по счету 4480 (бронь PNR QW4T7L, 6 пакс)', paid(['4480'], 84000)],
    ['Оплатили счет 5190 за отель, бронь № 33871, 27 500', paid(['5190'], 27500)],
  ]);
});

describe('when a series’ letter and year are followed by the month and the number («Т25-10-044»), then it is one invoice', () => {
  table([
    ['за Т25-10-044 пришло 6 100', paid(['Т25-10-044'], 6100)],
    ['Поступление 17 500 ₽. Оплата по счету МС26-03-118 за выезд', paid(['МС26-03-118'], 17500)],
  ]);
});

describe('when 1C prints its numeric prefix before the letters («00БП-000123»), then the whole number is the invoice', () => {
  table([
    ['Оплата по счету 00БП-000318 от 02.04.2026, 7 400', paid(['00БП-000318'], 7400)],
    ['оплатили 01ЦБ-002215 — 15 800', paid(['01ЦБ-002215'], 15800)],
  ]);
});

describe('when a flat or office follows the invoice named after «по» («по 6630, кв 18»), then the number stays the invoice', () => {
  table([
    ['Оплатили по 6630, кв 18 — 9 200', paid(['6630'], 9200)],
    ['Пришло 12 500 по 7041, офис 12', paid(['7041'], 12500)],
  ]);
});

describe('when a series’ sibling is written without its letters («ВК-2510-061 и 2510-062»), then it is an invoice too', () => {
  table([
    ['оплатили ВК-2510-061 и 2510-062, 33 000', paid(['ВК-2510-061', '2510-062'], 33000)],
    ['Оплата по счетам ТР-2604-018, 2604-019 за монтаж', paid(['ТР-2604-018', '2604-019'], null)],
  ]);
});

describe('when Bitrix24’s numerator prints the full year, the month and the number («2026-04-051»), then it is one invoice, never a sum', () => {
  table([
    ['оплатили 2026-04-051 — 9 800', paid(['2026-04-051'], 9800)],
    ['по счету 2026/04/117 пришло 21 000', paid(['2026/04/117'], 21000)],
    ['оплатили 202604-051, 9 800', paid(['202604-051'], 9800)],
  ]);
});
