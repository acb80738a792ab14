/**
 * Issue 15, item 5, round 12b: the kinds of chat text that held-out sets 31–33 (a coffee roaster's
 * year-prefixed invoices, a cleaning ИП's private payers, a cable wholesaler's slang sums) showed the
 * parser misreading. Each kind has examples of our own, not copies of the sets' text; every example
 * checks all five scored fields.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('an invoice with a two-digit year prefix, as 1C prints it («25-0412»)', () => {
  table([
    ['Ромашка — 25-0412 — 9 870,00 пришло', paid(['25-0412'], 9870)],
    ['по 24-00731 оплата 12 000', paid(['24-00731'], 12000)],
    ['Кафе Лира 26-0118 оплатили 4 400', paid(['26-0118'], 4400)],
    ['ИП Соколов, 25-0907: частичная оплата 6 000,00', paid(['25-0907'], 6000, null, true)],
    ['Пришло за день:\nЛуч — 25-0301 — 1 200,00\nВега — 25-0305 — 2 300,00\nИтого 3 500,00', paid(['25-0301', '25-0305'], 3500)],
    ['выставил 25-0412 на 9 870, ждём оплату', notPaid],
    ['2026-03-26 оплатили 0412 на 5000', paid(['0412'], 5000)],
    ['звонить 8 (4012) 25-04-12, про оплату 0412 спросить', notPaid],
  ]);
});

describe('slang millions with their thousands after them («лям 245», «2 лям 160», «лям сорок»)', () => {
  table([
    ['стройтрест 7781 закрыли, лям 245 пришло', paid(['7781'], 1_245_000)],
    ['по 7790 пришло 3 млн 400', paid(['7790'], 3_400_000)],
    ['вектор 4471 два ляма триста', paid(['4471'], 2_300_000)],
    ['пришло 3 лимона 200 по 5521', paid(['5521'], 3_200_000)],
    ['2 ляма по 5521 пришло', paid(['5521'], 2_000_000)],
    ['пол ляма по 5521 пришло', paid(['5521'], 500_000)],
    ['1 млн 200 тыс по 5521 пришло', paid(['5521'], 1_200_000)],
    ['Один миллион сорок рублей 00 копеек по счету 5521 оплачено', paid(['5521'], 1_000_040)],
    ['за лям 25 шт не отдадим', notPaid],
  ]);
});

describe('cash handed over or a customer paying to one of ours, with no invoice', () => {
  table([
    ['дедушка отдал 4 000 наличными, остальное дочь переведёт', paid([], 4000, null, true)],
    ['за мойку фасада 7 500 наличными взяли', paid([], 7500)],
    ['химчистка дивана 3200 налом', paid([], 3200)],
    ['клиентка перевела на карту Ольге 3 200 за химчистку', paid([], 3200)],
    ['заказчик из Заречного 5 скинул на карту Ивану 6 000', paid([], 6000)],
    ['снял 50 000 наличными в банкомате', notPaid],
    ['выдали 10 000 наличкой на бензин', notPaid],
    ['платить будут 5000 наличными', notPaid],
    ['можно 3000 наличными?', notPaid],
    ['Перевели на карту Ивану 5000 за бензин', notPaid],
  ]);
});

describe('a house number before its flat, building or office is no invoice and no sum', () => {
  table([
    ['Садовая 190 корп 2, генуборка 6 300 налом', paid([], 6300)],
    ['Лесная 14 кв 7 мойка окон 5 200 перевели на карту', paid([], 5200)],
    ['Заводская 136 офис 405, уборка 2800 наличными', paid([], 2800)],
    ['оплатили 4512 на 9 000, Садовая 5 кв 12', paid(['4512'], 9000)],
    ['офис 405, оплатили 4512 на 12 000', paid(['4512'], 12000)],
    ['Садовая 190 корп 2 — во сколько приезжать?', notPaid],
  ]);
});
