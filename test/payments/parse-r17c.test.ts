/**
 * Issue 15, item 5, round 17c: general ways people write payments that sets 76–80 showed the parser misreading —
 * an adjective in the accusative after the paid verb, «окончательный расчёт», a lettered invoice said «оплачен»
 * beside a cost word, and the rest below. Tuned on sets 76–80; every series and sum below is made up, none is
 * copied from a set.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when the paid verb is followed by an adjective in the accusative («оплатила Куршскую косу»), then it is what was bought, not a payee', () => {
  table([
    ['Смирнова оплатила Большую экскурсию, ЭК-0311, 14 600', paid(['ЭК-0311'], 14600)],
    ['Петров оплатил Новую Ригу на двоих, 7712, 31 000', paid(['7712'], 31000)],
  ]);
});

describe('when «окончательный расчёт» names an invoice and a sum, then it is a payment', () => {
  table([
    ['Финальный расчёт по сч 4471 от Ромашки 18 000, акт подписали', paid(['4471'], 18000)],
    ['окончательный расчет по КЛ-5520 — 64 000, акт сверки пришлю', paid(['КЛ-5520'], 64000)],
  ]);
  table([['окончательный расчёт будет после подписания акта по 5520', notPaid]]);
});

describe('when a lettered invoice of ours is said «оплачен» beside a cost word, then the customer paid for that service', () => {
  table([
    ['КЛ-2207 оплачен, Ромашка, 52 000 — командировка в Казань', paid(['КЛ-2207'], 52000)],
    ['ТУ-0918 оплачена, Вектор, 19 800 ₽, командировка двух инженеров', paid(['ТУ-0918'], 19800)],
  ]);
  table([['Оплатили командировку Иванову 15 000', notPaid]]);
});

describe('when a bank advertises a loan «до N млн ₽», then it is no payment', () => {
  table([
    ['ВТБ Бизнес: Овердрафт до 3 млн ₽ для ИП Лаптев — деньги на счёте сразу. Подробнее в приложении', notPaid],
    ['Модульбанк: лимит до 2 млн ₽ на карту бизнеса — зачисление за 1 день', notPaid],
  ]);
});

describe('when a push masks its account with dots after a five-digit head («40702...4418») or an English SMS says «acc 2286», then that is no invoice', () => {
  table([
    [
      'Альфа-Бизнес: Поступление 77 000,00 RUB. Счёт 40702...9931. ООО "ВЕКТОР". Оплата по сч 5120',
      paid(['5120'], 77000),
    ],
    ['ВТБ: зачислено 8 400.00 RUB на счёт 40802...6620 от ИП Лаптев по счету 311.', paid(['311'], 8400)],
    ['TOCHKA: credit 86 500.00 RUR acc 7731 from IP SOKOLOV', paid([], 86500)],
  ]);
});

describe('when a sum is said «полтинник» / «полтос» in the payment chat, then it is 50 000, as «сотка» is 100 000', () => {
  table([
    ['Ганиев закинул полтос по 7731', paid(['7731'], 50000)],
    ['Ромашка скинула полтинник по 4412', paid(['4412'], 50000)],
  ]);
});

describe('when a supplier is named in the dative — opening the message or a role after the verb — then the money is ours going out', () => {
  table([
    ['Автобазе оплатили 1,2 ляма за шины, платежка 77', notPaid],
    ['Лукойлу перевели 300к за топливо', notPaid],
    ['Оплатили туроператору за Ивановых 54 000 (заявка 4471)', notPaid],
    ['Оплатили агенту 12 000 за билеты', notPaid],
  ]);
});

describe("when a customer's own first-person words are forwarded («Перевела 8 000 за …, проверьте»), then it is a claim, not a payment", () => {
  table([
    ['Переслано от Игорь Лаптев:\n«Здравствуйте! Перевела 8 000 за КЛ-0912, проверьте, пожалуйста»', notPaid],
    ['Переслано от Кирилл Ветров:\n"Добрый вечер! Оплатил 4410, 12 000, жду чек"', notPaid],
  ]);
  table([['Переслано от Ольга:\nРомб оплатил 512, 40 000', paid(['512'], 40000)]]);
});

describe('when the invoice is said as an ordinal with its noun left out («по 4410-му»), then it is the invoice', () => {
  table([
    ['Вектор закинули 150к по 4410-му, предоплата', paid(['4410'], 150000, null, true)],
    ['Ромашка перевела 20 000 по 718-му', paid(['718'], 20000)],
  ]);
});

describe('when a statement line dates a document «от 13.03.2026» before its «сумма», then the date is no sum', () => {
  table([
    [
      '02.04.2026 Поступление ВК00-000511 от 02.04.2026, ООО "Ромашка", сумма 41 300,00, Оплата по сч. № 2210',
      paid(['2210'], 41300),
    ],
    [
      '15.05.2026 Поступление безналичных ДС ВК00-000610 от 15.05.2026, ООО "Вега", сумма 9 800,00, Оплата по сч. № ВК00-003104',
      paid(['ВК00-003104'], 9800),
    ],
  ]);
});
