/**
 * Issue 15, item 5, round 17a: kinds missed on the blind sets 66–70 — invoices numbered under their contract
 * («по счету 31/2»), a product's content, invoices beside a currency sale, a monthly series typed short, a 1C
 * receipt's number in a statement's document column, corrections and lists as people type them, our own payment,
 * a payer paying for another company. Every series and sum below is made up, none is copied from a set.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when an invoice is numbered under its contract («по счету 17/3»), then that is the invoice', () => {
  table([
    ['Ромб оплатил по счету 17/3 (договор 17) сто двадцать тысяч рублей', paid(['17/3'], 120000)],
    ['Лотос вторая часть по счёту № 26/1 — 48 500', paid(['26/1'], 48500, null, true)],
    [
      'СберБизнес: входящий платёж 61 000,00 ₽ от УФК (ГБУЗ «Ромб») по счету 9/4. Подробнее в приложении',
      paid(['9/4'], 61000),
    ],
  ]);
});

describe("when a percent is a product's content («кефир 2,5%», «сыр 45% и …»), then it is no share paid", () => {
  table([
    ['оплата 7712 квас хлебный 1,2% 40 кег, пришло 52 800', paid(['7712'], 52800)],
    [
      'Поступление 18 300,00 от ООО Ромб. Оплата по счету 7715 за сметану 20% и творог зерненый. НДС 10% 1663,64',
      paid(['7715'], 18300),
    ],
    ['Ромб оплатил сч. 7718 за ряженку 3,2% и йогурт 2,5%, 9 450', paid(['7718'], 9450)],
  ]);
});

describe('when an invoice is paid in a currency sold for roubles, then the invoice and the roubles are read', () => {
  table([
    [
      'Sino-Trans оплатили ВЛ03-000417 юанями, 9 800 CNY. Банк продал, на рублевый счет пришло 104 272,40',
      paid(['ВЛ03-000417'], 104272.4),
    ],
    ['Ромб оплатили ВЛ03-000420 евро, 1 200 EUR, после конвертации пришло 118 560 ₽', paid(['ВЛ03-000420'], 118560)],
    [
      'Ромб оплатил ВЛ03-000425: пришло 2 000 USD, банк продал по 81,20, на рублевый упало 162 400',
      paid(['ВЛ03-000425'], 162400),
    ],
  ]);
});

describe('when a series restarting each month is typed short («ОК12-21»), then it is the invoice', () => {
  table([
    ['ГР03-118 — сорок две тысячи от Ромба пришли', paid(['ГР03-118'], 42000)],
    ['Лотос: ГР04-17 и ГР04-18 пришли, 10 000 + 5 500 = 15 500', paid(['ГР04-17', 'ГР04-18'], 15500)],
    [
      'Поступление 3 200 RUB от ИП Сомов на счет *5521 (доплата ГР04-9). Доступно 411 000 RUB',
      paid(['ГР04-9'], 3200, null, true),
    ],
  ]);
});

describe("when a statement's document column holds 1C's own receipt number, then only the invoice the purpose names is paid", () => {
  table([
    [
      '05.02.2026\tРМ00-000377\tОплата от покупателя\tООО "ЛОТОС"\t48 000,00\tОплата по счету РМ-2210 за поставку',
      paid(['РМ-2210'], 48000),
    ],
    [
      '06.02.2026;ВГ02-000051;Оплата от покупателя;ООО "РОМБ";12 600,00;Оплата по счетам ВГ02-14, ВГ02-15',
      paid(['ВГ02-14', 'ВГ02-15'], 12600),
    ],
  ]);
});

describe('when a range of invoices with a year in their series has an en dash between them, then every invoice in it is paid', () => {
  table([
    [
      'Лотос оплатил РС-2026-0310 – РС-2026-0312, всего 54 000',
      paid(['РС-2026-0310', 'РС-2026-0311', 'РС-2026-0312'], 54000),
    ],
    [
      'Ромб оплатили ВК-2025-118 — ВК-2025-120 (три сметы), 20 400',
      paid(['ВК-2025-118', 'ВК-2025-119', 'ВК-2025-120'], 20400),
    ],
  ]);
});

describe('when a sum in thousands is taken back bare («86 тыс… не 86 а 68 тыс»), then only the one put instead is paid', () => {
  table([
    ['Ромб 00517 - 43 тыс. не 43 а 34 тыс', paid(['00517'], 34000)],
    ['Вега 7781 — 45 тыс; не 45, а 54 тыс', paid(['7781'], 54000)],
  ]);
});

describe('when invoices are listed with commas and no blank («00411,00412,00413»), then every one is paid', () => {
  table([
    ['Ромб оплатил 00721,00722,00723 одной платежкой 96 400', paid(['00721', '00722', '00723'], 96400)],
    ['Лотос оплачены 7712,7713 — 40 000', paid(['7712', '7713'], 40000)],
  ]);
});

describe('when the writer says the payment is ours («Это мы платим, не нам»), then it is no payment to us', () => {
  table([
    [
      'Оплатили Вега-Софт за лицензии Windows 412 000, п/п 2210. Это мы платим, не нам — в CRM ничего не трогайте',
      notPaid,
    ],
    ['Оплатили Лотос Системс 230 000, п/п 517. Платим мы, не нам', notPaid],
  ]);
});

describe("when a payer pays for another company naming that company's INN, then the INN is the payer's", () => {
  table([
    [
      '11.02.2026\t218\tООО "РОМБ"\t7704123450\t18 200,00\tОплата за ООО "Лотос" ИНН 7801555127 по счету 4471 от 05.02.2026, без НДС',
      paid(['4471'], 18200, '7704123450'),
    ],
    [
      '12.02.2026;305;ООО «ВЕГА»;5003127773;9 600,00;Оплата за ИП Сомов ИНН 6622012348 по сч. 4475',
      paid(['4475'], 9600, '5003127773'),
    ],
  ]);
});

describe('when a series carries its full year between letters and number («КИ-2026-0452»), then it is the invoice', () => {
  table([
    ['Два ляма от Ромба упали 🔥 РС-2026-0318, монтаж + пусконаладка', paid(['РС-2026-0318'], 2000000)],
    ['Лотос: ВК-2026-0221 предоплата 30%, 54 000. Остальное после поставки', paid(['ВК-2026-0221'], 54000, null, true)],
    [
      'Школа 12 через УФК — 2-й платёж по контракту, ДЛ-2025-0107, 90 000 (это 30% от суммы)',
      paid(['ДЛ-2025-0107'], 90000, null, true),
    ],
  ]);
});

describe('when lettered invoices of one series are listed before a dash and their sums, then all of them are paid', () => {
  table([
    ['Сомов: РС-4410 и РС-4411 — 5300 + 2 100, итого 7 400', paid(['РС-4410', 'РС-4411'], 7400)],
    ['Лотос: ВК-3312, ВК-3313 — 18 600', paid(['ВК-3312', 'ВК-3313'], 18600)],
  ]);
});

describe('when the writer says the sum is not known («сумму не смотрела»), then a bare number beside a name is no sum', () => {
  table([
    ['Вега-Мебель 3000 оплатила РМ00-000517, сумму не смотрела, Оля скажет', paid(['РМ00-000517'], null)],
    ['Лотос 2000 оплатил ТК-4471, сумму уточню у бухгалтерии', paid(['ТК-4471'], null)],
  ]);
});
