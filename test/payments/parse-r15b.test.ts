/**
 * Issue 15, item 5, round 15b: invoice numbers of any shape. An accountant reads the number after an invoice
 * word as the invoice whatever its shape — letters of any series (Cyrillic or Latin, one to four, digits among
 * them), «/», «-» or nothing between the letters and the digits, a year part after it — unless it is a known
 * other document. Tuned on sets 48 and 50; every series below is made up, so no prefix is listed anywhere.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('kind: a series’ letters and a slash before the number («КЛ/0417») after an invoice word name the invoice', () => {
  table([
    [
      'Поступление 38 200 ₽ от ООО "ВЕРСТА". Назначение: Оплата по счету КЛ/0417 от 03.03.2026 за ремонт',
      paid(['КЛ/0417'], 38200),
    ],
    [
      'Альфа-Бизнес: зачисление 12 500,00 ₽. Оплата по сч. МТ/2291 монтаж ворот, НДС не облагается',
      paid(['МТ/2291'], 12500),
    ],
    ['Точка: +9 300 ₽ от ИП Седов. Назначение: предоплата 30% по счету № ЖС/0088', paid(['ЖС/0088'], 9300, null, true)],
    [
      'Tochka Bank: Incoming payment 15,200.00 RUB from OOO VEKTOR. Purpose: payment for invoice KR/0311 repair',
      paid(['KR/0311'], 15200),
    ],
  ]);
});

describe('kind: a year part after a lettered number («ГМ/0412/26», «ЛС-0077-2026») is part of the invoice', () => {
  table([
    ['ВТБ: зачисление 64 000 ₽ от ООО "ДЕЛЬТА". Оплата по сч. ГМ/0412/26 за окна', paid(['ГМ/0412/26'], 64000)],
    ['Сбер: +18 000 ₽ от ИП Лаптев. Оплата по счету ЛС-0077-2026 за доставку', paid(['ЛС-0077-2026'], 18000)],
  ]);
});

describe('kind: letters glued to a long zero-padded number («КЦ00004412») after an invoice word or «по» name the invoice', () => {
  table([
    [
      'СберБизнес: поступление 41 800,00 ₽ от ООО "ФЛОРА". Оплата по счету КЦ00004412 от 02.04.2026 за семена',
      paid(['КЦ00004412'], 41800),
    ],
    ['пришло 220 тыс по ДМ00000915, Стройснаб', paid(['ДМ00000915'], 220000)],
    [
      'ВТБ: Зачисление 7 700 р. Назначение: опл. сч. БР00003317, БР00003318 запчасти',
      paid(['БР00003317', 'БР00003318'], 7700),
    ],
  ]);
});

describe('kind: a series with a digit in its letters («Т2-00451», «АК1/0339») is read the same way', () => {
  table([
    ['Модульбанк: +5 600 ₽ от ИП Рыбин. Оплата по счету Т2-00451 за фильтры', paid(['Т2-00451'], 5600)],
    ['поступило 17 300 по счёту АК1/0339', paid(['АК1/0339'], 17300)],
  ]);
});

describe('kind: in chat a lettered number of a new shape after «по», «за» or before the arrival word is the invoice', () => {
  table([
    ['Агрос оплатили аванс 40% по мк/0551, 84 000', paid(['МК/0551'], 84000, null, true)],
    ['ЛП/0230 и ЛП/0231 пришли, по 6 000, итого 12 000', paid(['ЛП/0230', 'ЛП/0231'], 12000)],
    ['по СВ/0014 пришло 3 300 за май, и за июнь 3 300 по СВ/0019, итого 6 600', paid(['СВ/0014', 'СВ/0019'], 6600)],
  ]);
});

describe('kind: a statement row or a 1C purpose reads the new shapes, and their lists', () => {
  table([
    [
      'Дата;Номер документа;Дебет;Кредит;Контрагент;ИНН контрагента;Назначение платежа\n16.03.2026;77;;41 600,00;ООО "ЛУЧ";3328104479;Доплата по счету ВК/0906 от 02.03.2026 за монтаж, в т.ч. НДС 22% 7501,64',
      paid(['ВК/0906'], 41600, '3328104479', true),
    ],
    [
      'Дата;Сумма;Направление;Контрагент;ИНН;КПП;Назначение\n10.04.2026;61 480,00;Входящий;ИП КИМ ОЛЬГА СЕРГЕЕВНА;550711849012;;Оплата по счетам РЦ00000282 и РЦ00000283 от 08.04.2026 корма',
      paid(['РЦ00000282', 'РЦ00000283'], 61480, '550711849012'),
    ],
  ]);
});

describe('kind: once a message names an invoice of a series, another number of that series in it is an invoice too', () => {
  table([
    ['Оплачено по счету НК/1140 — 8 000, и НК/1141 за монтаж 4 000, всего 12 000', paid(['НК/1140', 'НК/1141'], 12000)],
    [
      'по сч. ЗР00000412 пришло 15 000; ЗР00000413 тоже закрыли, 3 000, итого 18 000',
      paid(['ЗР00000412', 'ЗР00000413'], 18000),
    ],
  ]);
  // Guard: a negated clause keeps its number out.
  table([['по счету ГР/0311 пришло 9 000, а ГР/0312 ещё не оплатили', paid(['ГР/0311'], 9000)]]);
});

describe('kind: a message naming no invoice otherwise: a series’ number zero-padded or after a slash is the invoice', () => {
  table([
    ['Лыков оплатил обслуживание котельной за квартал ВК/0120 — 3х5 500 = 16 500', paid(['ВК/0120'], 16500)],
    ['Кравец закрыли полностью, 41 тыс, это ЛМ-00731 за окна', paid(['ЛМ-00731'], 41000)],
  ]);
  // Guards: a model's or a size's code is goods, not an invoice.
  table([
    ['оплатили холодильник ХФ-140, 28 600', paid([], 28600)],
    ['Газель на ТО, расход 12 л/100км, оплатили по счету 4471 — 9 800', paid(['4471'], 9800)],
    [
      'Гидромаш внесли аванс 30 % по 925/26 (задвижки Ду150, 60 шт. по 4 850 руб.) — 87 300 руб.',
      paid(['925/26'], 87300, null, true),
    ],
  ]);
});

describe('guards: other documents of the same shapes stay what they are', () => {
  table([
    // 1C's receipt document named by its type has its own number, in the invoice's series.
    [
      '10.12.2026\tПоступление на расчетный счет ТК00-000955\tООО "ОМЕГА"\t12 000,00\tОплата от покупателя\tОплата по счету ТК00-000412 от 08.12.2026 за песок',
      paid(['ТК00-000412'], 12000),
    ],
  ]);
  table([
    // A contract after «дог.» is no invoice, whatever its shape.
    ['ВТБ: зачисление 40 000 ₽ от АО "ЛИЗИНГ-ЮГ" по счету КС/0932 (дог. лизинга ЛЮ-0411/26)', paid(['КС/0932'], 40000)],
    // A product's code after «за» is goods, not an invoice.
    ['Сбер: +9 000 ₽ от ООО "НИВА". Оплата по счету 4410 за премикс П1-1', paid(['4410'], 9000)],
    // An account's tail and a payment order stay out.
    ['СЧЁТ8735 зачисление 5 000р от Гусейнов Э.Р. Баланс: 84 120.17р', paid([], 5000)],
    ['поступило 12 000 по п/п 1542 от ООО "ТОР"', paid([], 12000)],
  ]);
  table([['выставил счет ЛП/0240, ждём оплату', notPaid]]);
});
