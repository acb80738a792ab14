/**
 * Issue 15, item 5, round 17b: kinds missed on the blind sets 71–75 — our own money said in the first person (tax,
 * a move between our accounts, a supplier named in the dative), a lone number word that is a name, … Every series
 * and sum below is made up, none is copied from a set.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when the single tax payment (ЕНП) is said paid, then it is ours to the treasury, no payment', () => {
  table([
    ['ЕНП 52 300 оплатили, за второй квартал всё', notPaid],
    ['заплатил ЕНП за март — 118 тыс, сверьте в кабинете', notPaid],
    ['Сегодня ЕНП 74 800 перевели', notPaid],
  ]);
});

describe('when money moves from our settlement account to another of ours, then it is no payment', () => {
  table([
    ['Перевёл 300 000 с расчётного в Альфе на Точку', notPaid],
    ['перевели 1 200 000 с р/с в ВТБ на Модульбанк', notPaid],
    ['Скинул 90 тыс с расчетного счета на корпоративную карту', notPaid],
  ]);
});

describe('when we paid a supplier named in the dative with a hyphen («Оплатили Юнит-Шине»), then it is no payment', () => {
  table([
    ['Оплатили Лого-Снабу за поставку картона 412 000, п/п 77', notPaid],
    ['Заплатили Вега-Трейду 95 500 за профиль', notPaid],
    ['оплатил Мега-Краске 18 200 за эмаль', notPaid],
  ]);
});

describe('when a lone hundreds word is a name («СТО Кузница», «(СТО у рынка)»), then it adds nothing to the sum', () => {
  table([
    ['Поступление 27 500,00 ₽ на счёт ··4410\nООО «СТО ВОСТОК»\nОплата по счету № 8812', paid(['8812'], 27500)],
    ['Петров (СТО у рынка) оплатил картой 9 640 по 8815', paid(['8815'], 9640)],
    ['СТО Мотор оплатили 8817, 31 200', paid(['8817'], 31200)],
  ]);
});

describe('when a list after «по счетам» mixes sub-numbered and plain invoices («2204/3, 2206»), then all are read', () => {
  table([
    [
      'Поступление 18 900,00 ₽ от ООО «Ромб». Оплата по счетам 2204/3, 2206 за листовки',
      paid(['2204/3', '2206'], 18900),
    ],
    ['Оплата по счетам № 3310/1, 3312 и 3313 за баннеры. Сумма 44 000', paid(['3310/1', '3312', '3313'], 44000)],
    ['Лотос: оплата по счетам 4517/2, 4519 за визитки', paid(['4517/2', '4519'], null)],
  ]);
});

describe('when the goods follow the last invoice of a list («по сч 4410, 4411 коробки»), then it is no count', () => {
  table([
    [
      'Поступление 9 600,00 от ИП Сомов. Оплата по сч 7714, 7715, 7716 коробки с логотипом',
      paid(['7714', '7715', '7716'], 9600),
    ],
    ['Ромб: оплата по сч 5520 короба, 14 200', paid(['5520'], 14200)],
    ['Оплата по счетам 6610 и 6611 ящики, 8 450 руб', paid(['6610', '6611'], 8450)],
  ]);
});

describe('when a contract is named by a hyphenated kind («договору купли-продажи № ДКП-…»), then its number is no invoice', () => {
  table([
    [
      'Поступление 240 000,00 от ООО Ромб. Оплата по счету ТР-000415 согласно договору купли-продажи № ДКП-2026/0117',
      paid(['ТР-000415'], 240000),
    ],
    ['Лотос оплатил ЛК-000416 по договору купли-продажи № ДКП-2026/0044, 96 000', paid(['ЛК-000416'], 96000)],
    [
      'Оплата по счету ЛК-000418 согласно договору купли-продажи № ДКП-2026/0071. Сумма 15 000',
      paid(['ЛК-000418'], 15000),
    ],
  ]);
});

describe('when a part number has a two-digit head from the 2030s on («32/925682»), then it is no invoice', () => {
  table([
    ['Оплата по сч. 4471 за фильтр 34/118204, 6 200', paid(['4471'], 6200)],
    ['Ромб оплатил 4472 (прокладка 31/55012) — 3 900', paid(['4472'], 3900)],
    ['Оплата 12 000 по счету 4473, ремкомплект 30/220311', paid(['4473'], 12000)],
  ]);
});

describe('when a Latin series letter leads spaced digits («Brembo P 85 020»), then it is a catalogue number, no sum', () => {
  table([
    ['оплата сч 5120 колодки Textar T 24 018, 14 300', paid(['5120'], 14300)],
    ['Ромб оплатил 5121 за ремень Bosch F 026 400, 8 700', paid(['5121'], 8700)],
    ['оплата сч 5122 колодки Brembo P 06 074, 19 900', paid(['5122'], 19900)],
  ]);
});

describe('when a range is said in words («с РД-000770 по РД-000772», «счета с 2210 по 2212»), then every invoice in it is read', () => {
  table([
    [
      'Ромб: счета с ЛК-000120 по ЛК-000122 оплачены, 48 000 одной суммой',
      paid(['ЛК-000120', 'ЛК-000121', 'ЛК-000122'], 48000),
    ],
    ['Лотос оплатил по счетам с 3310 по 3313, 72 500', paid(['3310', '3311', '3312', '3313'], 72500)],
    ['пришло 15 600 от ИП Сомов, с ГР-418 по ГР-420', paid(['ГР-418', 'ГР-419', 'ГР-420'], 15600)],
  ]);
});

describe('when a payer named as a street («Бульвар», «Проспект») paid a number, then the number is no house', () => {
  table([
    ['Бульвар опл 3318 — 4 800р', paid(['3318'], 4800)],
    ['Проспект оплатил 3319, 12 000', paid(['3319'], 12000)],
    ['кафе Набережная оплатили 3320 — 7 250', paid(['3320'], 7250)],
  ]);
});

describe('when the number is said before the keyword («по 620 счёту 266 тыс 400»), then it is the invoice, the rest the sum', () => {
  table([
    ['Ромб заплатил по 812 счёту 94 тыс 300', paid(['812'], 94300)],
    ['Лотос оплатил по 4410-му счету 52 000', paid(['4410'], 52000)],
    ['по 815 счёту 61 тыс 200 пришло от ИП Сомов', paid(['815'], 61200)],
  ]);
});

describe('when a veto word only looks like one (a name after its legal form, the invoice paid re-issued, «кто спрашивал»), then the payment stands', () => {
  table([
    ['МУП Коммунальщик — 3321 оплачен, 18 400-00', paid(['3321'], 18400)],
    ['Ромб оплатили перевыставленный 3322 (вместо 3301), 27 000', paid(['3322'], 27000)],
    ['Кто спрашивал про Лотос — пришло, ЛК-000125 оплачен полностью', paid(['ЛК-000125'], null)],
    ['ООО Налоговый консультант оплатил 3323 — 9 100', paid(['3323'], 9100)],
    ['Лотос оплатил перевыставленный 3324, 5 600', paid(['3324'], 5600)],
  ]);
});

describe('when the invoice closes the sum’s sentence and a remark in words follows («пришло, 163, аванс за …»), then it is the invoice', () => {
  table([
    ['полляма от Ромба пришло, 3325, аванс за выставку 12-14 июня', paid(['3325'], 500000, null, true)],
    ['40 тыс от Лотоса упало, 3326, можно отгружать', paid(['3326'], 40000)],
    ['пришло 18 500 от ИП Сомов, 3327, спасибо Диме', paid(['3327'], 18500)],
  ]);
});

describe('when the payer pays our invoice «за счет кредитных средств» of its own loan, then it is a payment', () => {
  table([
    [
      'Поступление 820 000,00 от ИП Глава КФХ Сомов. Оплата по счету ЛК-000130 за сеялку за счет кредитных средств по кредитному договору № 5512/0091',
      paid(['ЛК-000130'], 820000),
    ],
    [
      'Входящий платёж 96 000 ₽ от ООО Ромб: оплата по счету 3330 за счет кредитных средств ПАО Сбербанк',
      paid(['3330'], 96000),
    ],
    [
      'Зачислено 150 000,00 RUB. Оплата по сч. 3331 за насос за счет кредитных средств по кред. линии № 77/26',
      paid(['3331'], 150000),
    ],
  ]);
});
