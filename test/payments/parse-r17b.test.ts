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
