/**
 * Issue 15, item 5, round 17d: invoices numbered by a Bitrix24 numerator template whose month and year stand between
 * the prefix and the number («{PREFIX}-{MONTH}/{YEAR}-{NUMBER}»), and the invoice word's object read whatever its
 * shape. Tuned on sets 81–85; every series and sum below is made up, none is copied from a set.
 */
import { describe, expect, it } from 'vitest';
import { fields, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when an invoice is numbered «prefix-month/year-number», then the whole number is the invoice, no date in it', () => {
  table([
    ['Оплата по счету № КЛ-09/2026-118 сумма 7 300', paid(['КЛ-09/2026-118'], 7300)],
    ['Вектор оплатил РМ-03/2026-007, 64 000 ₽', paid(['РМ-03/2026-007'], 64000)],
    [
      'Ромашка закрыли ТО-12/2026-021 и ТО-12/2026-022 одной суммой 18 400',
      paid(['ТО-12/2026-021', 'ТО-12/2026-022'], 18400),
    ],
  ]);
});

describe('when «month/year-number» is written without its prefix, then it is the invoice', () => {
  table([
    ['по 04/2026-233 пришли 12 500 от Лотоса', paid(['04/2026-233'], 12500)],
    ['Ока оплатили 10/2026-105, 9 900', paid(['10/2026-105'], 9900)],
  ]);
});

describe('when an English invoice number is glued to its series («INV-…»), then it is read as written', () => {
  table([
    ['Acme Ltd paid INV-2026-311 — 2 700 USD, на транзитный', paid(['INV-2026-311'], 2700)],
    [
      'Incoming transfer 1,500.00 USD\nSender: BLUE FJORD AS\nDetails: INV-2026-047 DESIGN SERVICES',
      paid(['INV-2026-047'], 1500),
    ],
  ]);
});

describe('when a message names no other invoice, then a «prefix-month/year-number» anywhere in it is the invoice', () => {
  table([
    ['Лотос перевели 33,2к за уборку склада, ТО-10/2026-044', paid(['ТО-10/2026-044'], 33200)],
    ['Оплата от ИП Котов — 9 100 руб., ТО-10/2026-051, уборка офиса', paid(['ТО-10/2026-051'], 9100)],
  ]);
});

describe('when an invoice word names a number of a shape no rule knows, then that number is the invoice, whole', () => {
  table([
    ['Оплата по счету ОП-2026/014-К, 12 000 руб', paid(['ОП-2026/014-К'], 12000)],
    ['Оплата по сч. 26-ВК-0045, 3 000', paid(['26-ВК-0045'], 3000)],
    ['Оплата по счету-оферте № ЛТ-11/26-045 сумма 6 000', paid(['ЛТ-11/26-045'], 6000)],
    ['оплата по счетам ВК/11/2026-01, ВК/11/2026-02 на 10 000', paid(['ВК/11/2026-01', 'ВК/11/2026-02'], 10000)],
    ['invoice #A-7734/B paid, 1 200 USD', paid(['A-7734/B'], 1200)],
  ]);
});

describe('when an invoice word is followed by a date, a sum or a range, then the general rule leaves them be', () => {
  table([
    ['по счету 12.11 пришло 5 000', paid([], 5000)],
    ['Оплатили счета 4410-4412 одной платёжкой, 30 000', paid(['4410', '4411', '4412'], 30000)],
  ]);
});

describe('when a kind of account stands before the word («лицевой счет»), then its number is no invoice', () => {
  table([
    [
      'Поступление 31 000,00 ₽ от УФК по Курской области (ОБУЗ «ЦРБ», лицевой счет 20446Ж05510). Оплата по счету 6120',
      paid(['6120'], 31000),
    ],
    ['ГКУ «Центр занятости», лицевой счёт 03556К12880, оплатило счет 6122 — 8 200', paid(['6122'], 8200)],
  ]);
});

describe("when a bank sends a borrower's loan money naming our invoice, then it is a payment of that invoice", () => {
  table([
    [
      'Поступление 54 000,00 ₽ от ООО "ХКФ Банк". Перечисление кредитных средств по договору 2291774 за Петрова А.А., оплата по сч. 4471',
      paid(['4471'], 54000),
    ],
    [
      'Зачисление 23 900,00 ₽ от АО "ОТП Банк". Назначение: Перечисление кредитных средств по договору 77-RN-15 за Смирнову О.В., счет 0318. Без НДС',
      paid(['0318'], 23900),
    ],
  ]);
});

describe('when a statement row labels its sum «Сумма» without a colon, then that is the sum, not the date beside a number', () => {
  table([
    [
      '12.05.2026 Поступление на расчетный счет ВК00-000412 от 12.05.2026 | ВЕГА ООО | Сумма 41 300,00 | Оплата по счету 7781 от 05.05.2026',
      paid(['7781'], 41300),
    ],
    [
      '03.06.2026 Поступление на расчетный счет РМ00-000118 от 03.06.2026 | ИП Котов А.А. | Сумма 9 850,00 | Оплата по счету 0215',
      paid(['0215'], 9850),
    ],
  ]);
});

describe("when a statement line puts 1C's receipt number after its date and the purpose names the invoice, then the receipt number is no invoice", () => {
  table([
    [
      '05.05.2026 ВК00-000512 Поступление на расчетный счет ООО Вега 18 300,00 Оплата по счету 2217 от 29.04.2026',
      paid(['2217'], 18300),
    ],
    [
      '07.05.2026  РМ00-000118  ЛОТОС ООО  44 000,00  Оплата по счетам 3310, 3311 от 30.04.2026. Без налога (НДС)',
      paid(['3310', '3311'], 44000),
    ],
  ]);
});

describe('when a push prints the legal form last and quotes the purpose on the next line, then the quoted number is no part of the name', () => {
  table([
    ['СберБизнес · счёт ••7731\n+12 400 ₽ от ЛОТОС ООО\n«Оплата по счету №518 от 02.05.26, сыр»', paid(['518'], 12400)],
    ['+8 900 ₽ от ВЕГА АО\n«Оплата по счету 2241»', paid(['2241'], 8900)],
  ]);
});

describe('when what is said after a part payment is about the rest («остаётся …», «осталось …, обещают …»), then the part stands', () => {
  table([
    ['Вега — второй платёж по СЧ-340, 150 000. Остаётся 30% после приёмки', paid(['СЧ-340'], 150000, null, true)],
    [
      'Лотос второй платёж по 7715 — 60 000. Осталось ещё 40, обещают на следующей неделе',
      paid(['7715'], 60000, null, true),
    ],
  ]);
});

describe('when an invoice word names a range of one series glued by its dash, then the general rule leaves it to the range', () => {
  table([['оплата по счетам РК-101-РК-103, 9 000', paid(['РК-101', 'РК-102', 'РК-103'], 9000)]]);
});
