/**
 * Issue 15, item 5, round 16d: ranges and corrections as people type them (an en dash, a hyphen glued to the next
 * lettered number, «не X, а Y», «… нет, вру, Y»), a series with its year after a slash, a leasing company paying for
 * its lessee, «ч/о», and a customer's own claim forwarded to the chat. Tuned on sets 60–65; every series and sum
 * below is made up, none is copied from a set.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when a range of invoices is written with a dash after «сч.» or «счета», then every invoice in it is paid', () => {
  table([
    ['Ромашка оплатила сч. 3310–3312, 45 000 одной суммой', paid(['3310', '3311', '3312'], 45000)],
    ['сч 7704-7705 оплачены (Лотос), 12 800', paid(['7704', '7705'], 12800)],
    ['Вега оплатили счета 418-420 одной платёжкой 27 300', paid(['418', '419', '420'], 27300)],
  ]);
});

describe('when a lettered range is glued by its dash («ПК-340–ПК-342»), then every invoice in it is paid', () => {
  table([
    ['Лотос оплатили ПК-340–ПК-342, 90 000', paid(['ПК-340', 'ПК-341', 'ПК-342'], 90000)],
    ['Ока-Строй оплатили РС-2207-РС-2208 (две сметы), 61 500', paid(['РС-2207', 'РС-2208'], 61500)],
  ]);
});

describe('when a lettered invoice carries its year after a slash («КМ-1030/2026»), then it stays one invoice', () => {
  table([
    ['Вектор оплатили по КМ-1030/2026 — 150 000', paid(['КМ-1030/2026'], 150000)],
    ['Нева перевели аванс по ДЗ-0417/2025 — 40 000', paid(['ДЗ-0417/2025'], 40000, null, true)],
  ]);
});

describe('when the writer takes a lettered invoice back («не X, а Y», «X… нет, вру, Y»), then only the one put instead is paid', () => {
  table([
    ['Поправка: оплачен не КР-402, а КР-403. Ромб, 50 000', paid(['КР-403'], 50000)],
    ['Исправляю: не АБ00-221, а АБ00-222 оплатил Ромб, 20 000', paid(['АБ00-222'], 20000)],
    ['Ромб перевел 30 000, это счет ВК-4410... нет, вру, ДМ-4412', paid(['ДМ-4412'], 30000)],
  ]);
});

describe('when a leasing company pays our invoice for its lessee, then it is a payment of that invoice', () => {
  table([
    ['Лизинг-Сервис Урал оплатили за ИП Петров счет ГР-512 на 14 300', paid(['ГР-512'], 14300)],
    [
      'Восток-Лизинг заплатил за Ромб по сч. ГР-514 — 96 000. Это по их лизингу, дог. ВЛ-77/26',
      paid(['ГР-514'], 96000),
    ],
    [
      'Поступил платёж 75 000,00 ₽ от АО «ЛК «ОКА-ЛИЗИНГ». Назначение: Оплата за ООО "Ромб" по сч. ГР-516 по дог. лизинга № ОЛ-2026/14',
      paid(['ГР-516'], 75000),
    ],
  ]);
});

describe('when a series begins with a document word («АКТЛ-», «ТТНК-»), then it is still an invoice', () => {
  table([
    ['Ромб оплатили счет АКТЛ-315 на 5 000', paid(['АКТЛ-315'], 5000)],
    ['Лотос оплатил по счету ТТНК-118, 7 400', paid(['ТТНК-118'], 7400)],
  ]);
});

describe('when a purpose says «ч/о», then the payment is partial', () => {
  table([
    ['Зачислено 40000 от ООО Ромб: оплата по счету ВК-112 ч/о', paid(['ВК-112'], 40000, null, true)],
    ['Альфа: +8 000 ₽ от ИП Гусев, оплата сч 5521 ч/о', paid(['5521'], 8000, null, true)],
  ]);
});

describe("when a customer's own «Добрый день! Оплатили …» is forwarded, then it is a claim, not a payment", () => {
  table([
    ['Пересылаю от бухгалтера Ромба: «Добрый день! Оплатили счет ВК-3316 на 20 000, просим отгрузить»', notPaid],
    ['Переслано от Ирина (Ромб):\nЗдравствуйте! Оплатили счёт 512, п/п во вложении', notPaid],
    [
      'Переслано от Ирина (Ромб):\nЗдравствуйте! Оплатили счёт 512\nОльга: вижу в банке, 5 000 пришли',
      paid(['512'], 5000),
    ],
    ['Переслано от Ольга Бухгалтерия:\nРомб оплатил 512, 5 000', paid(['512'], 5000)],
  ]);
});

describe('when the rest is told before its word («ещё 120 000 осталось»), then it is owed, not a sum that came', () => {
  table([
    ['Ромб 2-й транш по 4410 — 300 000, ещё 120 000 осталось', paid(['4410'], 300000, null, true)],
    ['Лотос оплатил 7718 — 50 000, 20 000 остается на январь', paid(['7718'], 50000, null, true)],
  ]);
});

describe('when «всего» or «весь счет» follows a part named by its word, then it is the invoice total, not the sum paid', () => {
  table([
    [
      'Ромб: первый платеж по ВК-4410 — 100 000. Всего 240 000, остальное в январе',
      paid(['ВК-4410'], 100000, null, true),
    ],
    [
      'Ромб закинул аванс 50 тыс по ВК-4412 (колодки на 12 машин, весь счет 118 тыс)',
      paid(['ВК-4412'], 50000, null, true),
    ],
    ['Ромб внес аванс 30 000 и 20 000, всего 50 000 по 4410', paid(['4410'], 50000, null, true)],
  ]);
});

describe('when «в счёт» stands before an invoice number, then the number is the invoice (not a sum, not a word)', () => {
  table([
    ['Ромб перевели 40к в счет ВК-4410 (там 80), вторую половину после монтажа', paid(['ВК-4410'], 40000, null, true)],
    ['Ромб перевели 40 000 в счет 4410', paid(['4410'], 40000)],
    ['Ромб перевели в счет 12 000 по 4410', paid(['4410'], 12000)],
  ]);
});

describe('when «частями» is denied («частями не стали», «не частями»), then the payment is not partial', () => {
  table([
    ['Ромб оплатили 4410 полностью, 50 000 — частями не стали', paid(['4410'], 50000)],
    ['Ромб оплатил 4410 не частями, а сразу, 50 000', paid(['4410'], 50000)],
    ['Ромб оплачивает 4410 частями, первые 20 000', paid(['4410'], 20000, null, true)],
  ]);
});
