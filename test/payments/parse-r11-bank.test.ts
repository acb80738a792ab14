/**
 * Issue 15, item 5, round 11: kinds of bank text — SMS, statement lines, 1C blocks — that the
 * never-seen sets 18–21 showed the parser misreading. Each kind has several examples of our own,
 * each seen failing before its fix; every example checks all five scored fields at once.
 */
import { describe, expect, it } from 'vitest';
import { parsePaymentNotice } from '../../src/payments/parse';

interface Want {
  isPayment: boolean;
  invoices: string[];
  amount: number | null;
  inn: string | null;
  partial: boolean;
}

function fields(text: string): Want {
  const n = parsePaymentNotice(text);
  return { isPayment: n.isPayment, invoices: n.invoices, amount: n.amount, inn: n.inn, partial: n.partial };
}

const paid = (invoices: string[], amount: number | null, inn: string | null = null, partial = false): Want => ({
  isPayment: true,
  invoices,
  amount,
  inn,
  partial,
});

const notPaid: Want = { isPayment: false, invoices: [], amount: null, inn: null, partial: false };

/** A 1C document without the file header, from its lines. */
const doc1c = (...lines: string[]): string =>
  ['СекцияДокумент=Платежное поручение', ...lines, 'КонецДокумента'].join('\n');

describe('kind: a 1C document without the file header, debited and never credited (no ДатаПоступило line at all)', () => {
  it.each<[string, Want]>([
    [
      doc1c(
        'Номер=77',
        'Дата=02.12.2026',
        'Сумма=51200.00',
        'ПлательщикСчет=40702810500000012345',
        'ПлательщикИНН=7701234564',
        'Плательщик1=ООО "ВЕКТОР"',
        'ПолучательСчет=40702810900000054321',
        'ПолучательИНН=7712345674',
        'Получатель1=ООО "ПОСТАВЩИК-М"',
        'ДатаСписано=02.12.2026',
        'НазначениеПлатежа=Оплата по счету 5120 от 01.12.2026 за бумагу, в т.ч. НДС (22%) 9232.79',
      ),
      notPaid,
    ],
    [
      doc1c(
        'Номер=1402',
        'Сумма=8800.00',
        'ДатаСписано=14.12.2026',
        'ПлательщикИНН=5012345670',
        'Плательщик1=ИП Орлов',
        'ПолучательИНН=5023456781',
        'Получатель1=ООО "ТОПЛИВО+"',
        'НазначениеПлатежа=Оплата по сч. 311 за дизельное топливо. Без НДС',
      ),
      notPaid,
    ],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));

  it('a document credited to us (ДатаПоступило filled) is still read', () => {
    expect(
      fields(
        doc1c(
          'Номер=15',
          'Сумма=12000.00',
          'ПлательщикИНН=7701234564',
          'Плательщик1=ООО "ВЕКТОР"',
          'ПолучательИНН=7712345674',
          'ДатаСписано=02.12.2026',
          'ДатаПоступило=03.12.2026',
          'НазначениеПлатежа=Оплата по счету 5120 от 01.12.2026',
        ),
      ),
    ).toEqual(paid(['5120'], 12000, '7701234564'));
  });
});

describe('kind: an invoice numbered with its month after a slash («1163/12»), kept as written', () => {
  it.each<[string, Want]>([
    ['Поступление 48 000,00 ₽ от ООО «Ромашка». Оплата по счету 2214/11 от 28.11.2026', paid(['2214/11'], 48000)],
    [
      '05.12.2026;Поступление;15 600,00;ООО «Гранит»;7702345678;Оплата по сч. № 5530/12 от 01.12.2026, в т.ч. НДС 2 813,11',
      paid(['5530/12'], 15600, '7702345678'),
    ],
    [
      doc1c(
        'Номер=61',
        'Сумма=9100.00',
        'ПлательщикИНН=7702345678',
        'Плательщик1=ООО "ГРАНИТ"',
        'ПолучательИНН=7712345674',
        'ДатаПоступило=03.12.2026',
        'НазначениеПлатежа=Оплата счета 874/3 от 02.03.2026. Без НДС',
      ),
      paid(['874/3'], 9100, '7702345678'),
    ],
    ['оплачен счет 3301/12, 27 500', paid(['3301/12'], 27500)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a 1C invoice number «по счету на оплату № УТ-00002582» (the printed form, padded to eight digits and more)', () => {
  it.each<[string, Want]>([
    [
      '11.12.2026;512;74 300,00;ООО «Вега»;7703456789;Оплата по счету на оплату № КП-00001544 от 09.12.2026 за фильтры, в т.ч. НДС 13 398,36',
      paid(['КП-00001544'], 74300, '7703456789'),
    ],
    [
      doc1c(
        'Номер=908',
        'Сумма=20000.00',
        'ПлательщикИНН=7703456789',
        'Плательщик1=ООО "ВЕГА"',
        'ПолучательИНН=7712345674',
        'ДатаПоступило=12.12.2026',
        'НазначениеПлатежа=Оплата по счету на оплату ТР00-000731 от 10.12.2026 за ремонт. Без НДС',
      ),
      paid(['ТР00-000731'], 20000, '7703456789'),
    ],
    ['Вега оплатила счет БП-00001544, 12 400', paid(['БП-00001544'], 12400)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a Latin SMS balance «Ost 640 220.71», «Ost: …», «Dost. …» is never added to the sum', () => {
  it.each<[string, Want]>([
    ['VTB 03.12 10:15 +12 400.00 RUB *5561 ot OOO VEGA opl sch 3120. Ost 904 117.30', paid(['3120'], 12400)],
    ['ALFA 14:02 zachislenie 7 800.00 RUB *1234 ot IP PETROV, opl. sch 885. Dost. 310200.00', paid(['885'], 7800)],
    ['GPB: *7788 postuplenie 56000.00 RUB ot OOO SEVER, oplata sch 4410. Ost: 1 250 000.00', paid(['4410'], 56000)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a signed SMS sum written without thousands spaces («+64050.00 RUB *8765 NAME») is money in', () => {
  it.each<[string, Want]>([
    ['TOCHKA: +12750.00 RUB *3456 VEGA OOO. Ost: 88120.40', paid([], 12750)],
    ['Модуль *8765 +2940,50р ИП СИДОРОВ К.Л. Баланс 41 200,00р', paid([], 2940.5)],
    ['Альфа 10:12 +105000 ₽ от ООО «Вектор» ••1234', paid([], 105000)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: an SMS arrival written short («Поступл. 150000.00 р.») or Сбер’s «Перевод из Сбербанк Онлайн … от»', () => {
  it.each<[string, Want]>([
    ['Банк: Поступл. 48000.00 р. на сч. *2874 от ООО ЗАРЯ. Ост. 1 120 000.00 р.', paid([], 48000)],
    ['СЧЁТ4455 09:14 Перевод из Сбербанк Онлайн 7 300р от ИРИНА ПЕТРОВНА К. Баланс 52 018.20р', paid([], 7300)],
    ['СЧЁТ4455 16:40 Перевод из Т-Банк 2 150р от АНДРЕЙ В. Баланс 54 168.20р', paid([], 2150)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a 900-style card-spending SMS with its account, date and time first («СЧЁТ8833 11.12.26 13:20 оплата 3 118р …»)', () => {
  it.each<[string, Want]>([
    ['СЧЁТ4455 02.12.26 08:41 оплата 2 560р АЗС ЛУКОЙЛ №12 Баланс 301 118.40р', notPaid],
    ['СЧЁТ4455 03.12.26 21:17 оплата 890р АПТЕКА №36 Баланс 300 228.40р', notPaid],
    ['СЧЁТ4455 15.12.2026 10:00 оплата 12 000р ИП КЛИМОВ Баланс 287 878.40р', notPaid],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));

  it('the same SMS with money in stays a payment', () => {
    expect(fields('СЧЁТ4455 15.12.26 10:02 зачисление 12 000р от ИП КЛИМОВ Баланс 299 878.40р')).toEqual(
      paid([], 12000),
    );
  });
});

describe('kind: an unsigned statement row whose payer’s INN stands in the «Счет дебета» cell', () => {
  it.each<[string, Want]>([
    [
      'Дата проводки;Счет дебета;Счет кредита;Сумма;№ док;Назначение платежа\n02.12.2026;40702810100000001111 ИНН 7705123459 ООО ЛОТОС;40702810900000054321 ИНН 7712345674 ООО ВЕКТОР;18 200,00;311;Оплата по счету 2207 от 01.12.2026',
      paid(['2207'], 18200, '7705123459'),
    ],
    [
      'Дата;Счет дебета;Счет кредита;Сумма;№ док;Назначение платежа\n03.12.2026;40702810200000002222 ИНН 7706234560 ООО "КЛЁН";40702810900000054321;64 000,00;17;Оплата по сч. 2210, в т.ч. НДС 11 540,98',
      paid(['2210'], 64000, '7706234560'),
    ],
    [
      'Дата;Счет Дт;Счет Кт;Сумма;Назначение\n04.12.2026;40802810300000003333 ИНН 770712345675 ИП Соснин;40702810900000054321;5 000,00;Аванс по счету 2214',
      paid(['2214'], 5000, '770712345675', true),
    ],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a treasury personal account with a letter among its digits («л/с 20516Х41870») is no sum', () => {
  it.each<[string, Want]>([
    [
      '10.12.2026, Приход, ГБУЗ «Городская больница № 2» (УФК по Омской области л/с 20526Ш01230), ИНН 5503012347, 86 400,00 руб., Оплата по счету 5120',
      paid(['5120'], 86400, '5503012347'),
    ],
    [
      'Поступление 12 500,00 ₽ от УФК по Томской области (МБОУ СОШ № 4 л/с 20656А77120). Оплата по сч. 918',
      paid(['918'], 12500),
    ],
    [
      '11.12.2026;Поступление;240 000,00;УФК по Алтайскому краю (КГБУЗ «ЦРБ», лицевой счет 21176Ц04410);2224011231;Оплата по счету 7731',
      paid(['7731'], 240000, '2224011231'),
    ],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a customer’s order number («по заказу 10533 с сайта», «заказ с сайта shop.ru №2024-1187») is no invoice', () => {
  it.each<[string, Want]>([
    [
      'Дата;Вид операции;Сумма;Плательщик;ИНН плательщика;Назначение\n05.12.2026;Поступление;2 980,00;ИП Лаптев Олег Игоревич;770712345675;Оплата по заказу 20817 с сайта shop-example.ru',
      paid([], 2980, '770712345675'),
    ],
    ['Поступление по СБП 1 450 ₽ ••1234\nОлег Л.\nзаказ с сайта shop-example.ru №2026-4411', paid([], 1450)],
    [
      doc1c(
        'Номер=77',
        'Сумма=6400.00',
        'ПлательщикИНН=7703456789',
        'Плательщик1=ООО "ВЕГА"',
        'ПолучательИНН=7712345674',
        'ДатаПоступило=12.12.2026',
        'НазначениеПлатежа=Оплата заказа 31120 от 10.12.2026. Без НДС',
      ),
      paid([], 6400, '7703456789'),
    ],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a statement summary whose money out is «Списано: 0,00» still reads its money in', () => {
  it.each<[string, Want]>([
    [
      'Выписка по счету 40702810900000054321 за 03.12.2026\nВходящий остаток: 120 000,00\nПоступило: 36 000,00\n  03.12 п/п 14 ООО «Лотос» ИНН 7705123459 — Оплата по сч. 2230\nСписано: 0,00\nИсходящий остаток: 156 000,00',
      paid(['2230'], 36000, '7705123459'),
    ],
    [
      'Поступления: 9 400,00\n04.12 ИП Соснин ИНН 770712345675 — Аванс по счету 2231\nСписания: 0,00',
      paid(['2231'], 9400, '770712345675', true),
    ],
    [
      'Зачислено: 15 000,00 ₽\n05.12 п/п 9 ООО «Клён» ИНН 7706234564 — Оплата по счету 2232\nСписано: 0,00 ₽',
      paid(['2232'], 15000, '7706234564'),
    ],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a statement summary with totals in its section lines («Поступило: N» … «Списано: N» …) reads only the rows under money in', () => {
  it.each<[string, Want]>([
    [
      'Поступило: 36 000,00\n  03.12 п/п 14 ООО «Лотос» ИНН 7705123459 — Оплата по сч. 2240\nСписано: 3 000,00\n  03.12 п/п 5 ООО «Бумага» ИНН 7706234564 — Оплата по сч. 77 за бумагу',
      paid(['2240'], 36000, '7705123459'),
    ],
    [
      'Выписка за 04.12.2026\nСписано: 1 200,00 ₽\n  04.12 Комиссия банка за платеж\nПоступило: 9 400,00 ₽\n  04.12 п/п 31 ИП Соснин ИНН 770712345675 — Аванс по счету 2241',
      paid(['2241'], 9400, '770712345675', true),
    ],
    [
      'Зачислено: 15 000,00\n  05.12 п/п 9 ООО «Клён» ИНН 7706234564 — Оплата по счету 2242\nСписания: 48 000,00\n  05.12 п/п 2 ООО «Сталь» — оплата по счету 512 за металл',
      paid(['2242'], 15000, '7706234564'),
    ],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: «по сч. на оплату № …» (the keyword cut short) names the invoice paid, not one issued', () => {
  it.each<[string, Want]>([
    [
      doc1c(
        'Номер=62',
        'Сумма=9100.00',
        'ПлательщикИНН=7702345678',
        'Плательщик1=ООО "ГРАНИТ"',
        'ПолучательИНН=7712345674',
        'ДатаПоступило=03.12.2026',
        'НазначениеПлатежа=Оплата по сч. на оплату № УТ-00001401 от 02.12.2026. Без НДС',
      ),
      paid(['УТ-00001401'], 9100, '7702345678'),
    ],
    [
      '07.12.2026;Поступление;4 500,00;ООО «Гранит»;7702345678;Оплата по сч. на оплату № 1405 от 05.12.2026',
      paid(['1405'], 4500, '7702345678'),
    ],
    ['Поступление 7 700 ₽ на счет *4455 от ООО Гранит. Назначение: оплата по сч. на оплату 1406', paid(['1406'], 7700)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a headerless statement row’s quantity × price («2 т по 63 240 руб.») is no part of its sum', () => {
  it.each<[string, Want]>([
    [
      '16.12.2026;4418;126 480,00;ООО «Вега»;7703456789;Оплата по счету 2250 за 2 т по 63 240 руб.',
      paid(['2250'], 126480, '7703456789'),
    ],
    [
      '17.12.2026\t51 000,00\tООО «Вега»\tИНН 7703456789\tОплата по счету 2251, 30 шт х 1 700',
      paid(['2251'], 51000, '7703456789'),
    ],
    [
      '18.12.2026 | 9 600,00 | ИП Соснин | 770712345675 | Аванс по счету 2252, 4 уп. по 4 800',
      paid(['2252'], 9600, '770712345675', true),
    ],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a bank SMS whose sum is signed minus («*8765 -45 000р ООО … оплата по счету 2620») is money out', () => {
  it.each<[string, Want]>([
    ['Модуль *8765 -45 000р ООО АКБ-ТРЕЙД оплата по счету 2620. Баланс 51 012,33р', notPaid],
    ['Точка *3456 −12 400 ₽ ООО «Шина-Опт», оплата по сч 771. Доступно 80 000 ₽', notPaid],
    ['GPB *7788 -98000.00 RUB OOO SIBREAGENT opl sch 3695. Ost 1 200 000.00', notPaid],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));

  it('a plus sum in the same SMS is still money in', () => {
    expect(fields('Модуль *8765 +45 000р ООО АКБ-ТРЕЙД оплата по счету 2621. Баланс 96 012,33р')).toEqual(
      paid(['2621'], 45000),
    );
  });
});

describe('kind: an SMS arrival cut short in Cyrillic or Latin («Зачисл. 48000.00 р.», «postupl. 98000.00 RUB»)', () => {
  it.each<[string, Want]>([
    ['Банк: Зачисл. 48000.00 р. на сч. *2874 от ООО ЗАРЯ. Ост. 1 120 000.00 р.', paid([], 48000)],
    ['RSHB: *4415 postupl. 9800.00 RUB ot KFH PETROV. Dost. 1000000.00', paid([], 9800)],
    ['BANK *1111 zachisl. 7 300.00 RUB ot OOO VEGA, opl sch 2260. Ost 300 000.00', paid(['2260'], 7300)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: an SMS balance «Ост. средств N» / «Ost. sredstv N» is never added to the sum', () => {
  it.each<[string, Want]>([
    ['GPB *7788 zachisleno 12000.00 RUB ot OOO KLEN po sch 2270. Ost. sredstv 1200000.00', paid(['2270'], 12000)],
    ['Банк *7788: поступление 5 000,00 р. от ИП Соснин по сч 2271. Ост. средств 90 000,00 р.', paid(['2271'], 5000)],
    ['VTB *5561 +18 000.00 RUB ot OOO LOTOS. Ost sredstv: 400 000.00', paid([], 18000)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});
