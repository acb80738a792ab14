/**
 * Issue 15, item 5, round 10b: kinds of bank text — statement lines, 1C blocks, SMS — the parser
 * used to misread. Each kind has several examples of our own, each seen failing before its fix;
 * every example checks all five scored fields at once. (Chat kinds live in parse-kinds.test.ts.)
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

describe('kind: a statement with the recipient’s columns beside the payer’s', () => {
  it.each<[string, Want]>([
    [
      'Дата;Номер;Сумма;Получатель;ИНН получателя;Плательщик;ИНН плательщика;Назначение\n03.12.2026;81;9 600,00;ООО «Север-Пласт»;7814012343;ИП Крылов Антон Сергеевич;667012345670;Оплата по счету 4102',
      paid(['4102'], 9600, '667012345670'),
    ],
    [
      'Дата\tСумма\tИНН получателя\tСчет получателя\tИНН плательщика\tНаименование плательщика\tНазначение\n04.12.2026\t15 000,00\t7814012343\t40702810300000011111\t6607123452\tООО «Ладья»\tАванс по счету 4103',
      paid(['4103'], 15000, '6607123452', true),
    ],
    [
      'Date;Amount;Beneficiary;Beneficiary INN;Payer;Payer INN;Details\n05.12.2026;+22 400.00;SEVER-PLAST LLC;7814012343;TEKHSTROY LLC;7704128761;Payment for invoice 4104',
      paid(['4104'], 22400, '7704128761'),
    ],
  ])('when «%s», then the payer’s INN is read, not ours', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

const ONE_C_PURPOSE = (purpose: string, sum = '12000.00'): string =>
  [
    'СекцияДокумент=Платежное поручение',
    'Номер=88',
    'Дата=05.12.2026',
    `Сумма=${sum}`,
    'ПлательщикСчет=40702810400000012873',
    'ДатаСписано=05.12.2026',
    'ПлательщикИНН=6658032147',
    'Плательщик1=ООО "САМАРСКИЙ ЛЕС"',
    'ПолучательСчет=40702810954400017731',
    'ДатаПоступило=05.12.2026',
    'ПолучательИНН=7814012343',
    `НазначениеПлатежа=${purpose}`,
    'КонецДокумента',
  ].join('\n');

describe('kind: a VAT invoice written short («сч/ф», «сч.ф.», «с-ф») is no invoice of ours', () => {
  it.each<[string, Want]>([
    [ONE_C_PURPOSE('Оплата по сч/ф № 4110 от 01.12.2026 за доставку. Без НДС'), paid([], 12000, '6658032147')],
    [
      ONE_C_PURPOSE('Оплата по счету 4113 от 02.12.2026 (сч/ф 4114 от 05.12.2026). В т.ч. НДС 22% 2163-93'),
      paid(['4113'], 12000, '6658032147'),
    ],
    [
      '06.12.2026;Кредит;7 500,00;ООО «Ладья»;6607123452;Оплата по сч.ф. 4111 от 05.12.2026 за крепеж',
      paid([], 7500, '6607123452'),
    ],
    [
      '06.12.2026;Кредит;8 100,00;ООО «Ладья»;6607123452;Оплата согласно с-ф № 4112, счет 4115',
      paid(['4115'], 8100, '6607123452'),
    ],
  ])('when «%s», then the VAT invoice’s number is not read', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: a VAT invoice written short, more forms', () => {
  it.each<[string, Want]>([
    [ONE_C_PURPOSE('Оплата по СФ № 4117 от 03.12.2026 за поддоны', '2400.00'), paid([], 2400, '6658032147')],
    [ONE_C_PURPOSE('Оплата по сч-ф 4118 от 03.12.2026', '3100.00'), paid([], 3100, '6658032147')],
  ])('when «%s», then the VAT invoice’s number is not read', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

const doc1c = (fields: Record<string, string>): string =>
  ['СекцияДокумент=Платежное поручение', ...Object.entries(fields).map(([k, v]) => `${k}=${v}`), 'КонецДокумента'].join(
    '\n',
  );
const OURS = { inn: '7814012343', account: '40702810954400017731' };
const IN_4120 = doc1c({
  Номер: '303',
  Дата: '04.12.2026',
  Сумма: '18000.00',
  ПлательщикСчет: '40702810400000012873',
  ПлательщикИНН: '6607123452',
  Плательщик1: 'ООО "ЛАДЬЯ"',
  ПолучательСчет: OURS.account,
  ПолучательИНН: OURS.inn,
  Получатель1: 'ООО "СЕВЕР-ПЛАСТ"',
  НазначениеПлатежа: 'Оплата по счету 4120 за уголок',
});

describe('kind: 1C documents without the file header, ours paid out (we are a party to every one)', () => {
  it.each<[string, string, Want]>([
    [
      'an outgoing document with ДатаСписано and no ДатаПоступило line',
      `${IN_4120}\n${doc1c({ Номер: '561', Дата: '04.12.2026', Сумма: '52000.00', ПлательщикСчет: OURS.account, ПлательщикИНН: OURS.inn, Плательщик1: 'ООО "СЕВЕР-ПЛАСТ"', ДатаСписано: '04.12.2026', ПолучательСчет: '40702810100000054321', ПолучательИНН: '5406123450', Получатель1: 'ООО "МЕТАЛЛБАЗА"', НазначениеПлатежа: 'Оплата по счету 4121 от 03.12.2026 за лист г/к' })}`,
      paid(['4120'], 18000, '6607123452'),
    ],
    [
      'our bank commission first, without dates',
      `${doc1c({ Номер: '12', Дата: '04.12.2026', Сумма: '450.00', ПлательщикСчет: OURS.account, ПлательщикИНН: OURS.inn, ПолучательСчет: '70601810000000012345', ПолучательИНН: '7707083893', Получатель1: 'ПАО СБЕРБАНК', НазначениеПлатежа: 'Комиссия по счету 4122 за ведение счета' })}\n${IN_4120}`,
      paid(['4120'], 18000, '6607123452'),
    ],
    [
      'the documents give accounts only, no INN',
      `${doc1c({ Номер: '304', Дата: '04.12.2026', Сумма: '9000.00', ПлательщикСчет: '40702810400000012873', Плательщик1: 'ООО "ЛАДЬЯ"', ПолучательСчет: OURS.account, НазначениеПлатежа: 'Оплата по счету 4123' })}\n${doc1c({ Номер: '562', Дата: '04.12.2026', Сумма: '31000.00', ПлательщикСчет: OURS.account, Плательщик1: 'ООО "СЕВЕР-ПЛАСТ"', ПолучательСчет: '40702810100000054321', Получатель1: 'ООО "МЕТАЛЛБАЗА"', НазначениеПлатежа: 'Оплата по счету 4124 за арматуру' })}`,
      paid(['4123'], 9000),
    ],
    [
      'two payments by the same customer (both sides common: nothing is taken as ours)',
      `${IN_4120}\n${IN_4120.replace('18000.00', '2000.00').replace('4120', '4125')}`,
      paid(['4120', '4125'], 20000, '6607123452'),
    ],
    [
      'two documents naming only their payer (the payer is not us)',
      `${doc1c({ Номер: '305', Сумма: '5000.00', ПлательщикИНН: '6607123452', ДатаПоступило: '04.12.2026', НазначениеПлатежа: 'Оплата по счету 4126' })}\n${doc1c({ Номер: '306', Сумма: '7000.00', ПлательщикИНН: '6607123452', ДатаПоступило: '04.12.2026', НазначениеПлатежа: 'Оплата по счету 4127' })}`,
      paid(['4126', '4127'], 12000, '6607123452'),
    ],
  ])('when %s, then only the money in is read', (_n, text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: a bank’s «получен платёж» (and its Latin «Poluchen platezh») says money arrived', () => {
  it.each<[string, Want]>([
    ['AlfaBusiness: Poluchen platezh 14 200.00 RUR ot OOO LADYA. Schet 40702810*7731', paid([], 14200)],
    ['Альфа-Бизнес: получен платеж 9 000,00 RUR от ООО ЛАДЬЯ. Доступно 1 009 000,00 RUR', paid([], 9000)],
    ['Платёж получен: 12 000 ₽ от ООО Ладья, счёт *7731', paid([], 12000)],
    ['Получено 9 000 ₽ от ИП Зотов на счёт *7731. Назначение: оплата по сч 4130', paid(['4130'], 9000)],
    ['Tochka: polucheno 3 300 RUB ot IP ZOTOV, schet *7731', paid([], 3300)],
  ])('when «%s», then it is a payment', (text, want) => {
    expect(fields(text)).toEqual(want);
  });

  it.each<[string]>([
    ['Счёт 4131 получен, 45 000 — клиент сказал оплатит в пятницу'],
    ['Получено письмо от ООО Ладья'],
  ])('when «%s», then it is still no payment', (text) => {
    expect(fields(text)).toEqual(notPaid);
  });
});

describe('kind: the bank’s fee beside the sum credited is not added to it', () => {
  it.each<[string, Want]>([
    ['СЧЁТ7731 09:14 зачисление 15 000р от ООО ЛАДЬЯ, комиссия 75р Баланс: 1 215 000р', paid([], 15000)],
    ['Зачисление 15 000р. Комиссия за перевод: 75р. Баланс 1 000 000р', paid([], 15000)],
    ['*7731 +15 000 ₽ от ООО ЛАДЬЯ; комиссия банка 150 ₽; Доступно 2 000 000 ₽', paid([], 15000)],
    ['Incoming transfer 15,000.00 RUB, fee 150.00 RUB, from LADYA LLC', paid([], 15000)],
    ['Поступил платеж 5 000 р от ООО Ладья по счету 4132, комиссия 25 р', paid(['4132'], 5000)],
  ])('when «%s», then the fee is not the sum', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: money-in and money-out columns named «Получено/Отправлено», «Пришло/Ушло», «Money in/Money out»', () => {
  it.each<[string, Want]>([
    [
      'Дата;Получено;Отправлено;Контрагент;Назначение\n06.12.2026;21 000,00;;ООО Ладья;Оплата по счету 4140\n06.12.2026;;4 000,00;ООО Энергосбыт;Оплата по счету 4141 за электроэнергию',
      paid(['4140'], 21000),
    ],
    [
      'Date;Money in;Money out;Counterparty;Purpose\n06.12.2026;8 800.00;;LADYA LLC;Payment for invoice 4142\n06.12.2026;;1 200.00;MEGAFON PJSC;Payment for invoice 4143, mobile',
      paid(['4142'], 8800),
    ],
    [
      'Дата\tПришло\tУшло\tОт кого / кому\tНазначение\n07.12.2026\t\t9 000,00\tООО Металлбаза\tОплата по счету 4144\n07.12.2026\t13 500,00\t\tИП Зотов\tОплата по счету 4145',
      paid(['4145'], 13500),
    ],
    [
      'Date;Paid in;Paid out;Payee / Payer;Reference\n08.12.2026;;2 000.00;ROSTELECOM;Invoice 4146\n08.12.2026;5 500.00;;TEKHSTROY LLC;Invoice 4147',
      paid(['4147'], 5500),
    ],
  ])('when «%s», then only the money in is read', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: money that is no customer’s, written in Latin SMS (own funds, a bank loan)', () => {
  it.each<[string]>([
    ['VTB: Zachislenie 250 000.00 RUB na schet *7731 ot OOO SEVER-PLAST (perevod sobstvennyh sredstv)'],
    ['SberBusiness: postuplenie 90 000.00 RUB, perevod sobstvennykh sredstv mezhdu schetami. Ostatok 1 090 000.00 RUB'],
    ['Alfa-Business: zachislen kredit 2 000 000.00 RUR po dogovoru 0MKS7L, schet *7731'],
    ['Tochka: postupili kreditnye sredstva 500 000 RUB po kreditnomu dogovoru 4412, schet *7731'],
  ])('when «%s», then it is no payment', (text) => {
    expect(fields(text)).toEqual(notPaid);
  });
});

describe('kind: an insurance payout is no customer’s payment', () => {
  it.each<[string]>([
    [
      'Дата;Вид операции;Сумма;Дебет/Кредит;Контрагент;Назначение\n17.12.2026;Платежное поручение;31 200,00;Кредит;САО «ВСК»;Страховое возмещение по полису ОСАГО ХХХ 0412345678 (убыток № 1187). НДС не облагается',
    ],
    [
      '18.12.2026 | Кредит | 84 000,00 | АО «СОГАЗ» | ИНН 7736035485 | Выплата страхового возмещения по договору страхования имущества № 26PI0412',
    ],
    [
      'СЧЁТ7731 10:15 зачисление 12 500р от СПАО ИНГОССТРАХ Назначение: страховая выплата по убытку 4150 Баланс: 1 012 500р',
    ],
  ])('when «%s», then it is no payment', (text) => {
    expect(fields(text)).toEqual(notPaid);
  });
});

describe('kind: a quantity in a purpose («2 бухты по 100м», «по 200 м») is no invoice', () => {
  it.each<[string, Want]>([
    [
      ONE_C_PURPOSE('Оплата по счету 4160 от 05.12.2026 за кабель ВВГ 3х2,5 (2 бухты по 100м). Без НДС'),
      paid(['4160'], 12000, '6658032147'),
    ],
    [
      '06.12.2026;Кредит;9 300,00;ООО «Ладья»;6607123452;Оплата по счету 4161 за провод ПВ-3 (3 катушки по 200 м)',
      paid(['4161'], 9300, '6607123452'),
    ],
    [ONE_C_PURPOSE('Оплата по счету 4162 за гофру по 50 м, 10 шт', '4100.00'), paid(['4162'], 4100, '6658032147')],
    [
      ONE_C_PURPOSE('Оплата по сч. 4163 за кабель UTP cat5e (3 бухты по 305 м). Без НДС', '26940.00'),
      paid(['4163'], 26940, '6658032147'),
    ],
  ])('when «%s», then only the invoice is read', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: a number cut off at the end of a truncated SMS («по счету 19…») is no invoice', () => {
  it.each<[string, Want]>([
    [
      'Альфа-Бизнес: Зачислено 8 640,00 RUR на счет *7731 от ИП Лемешев И.С. Назначение: Оплата по счету 41…',
      paid([], 8640),
    ],
    ['СЧЁТ7731 10:15 зачисление 5 000р от ООО ЛАДЬЯ Назначение: оплата по сч 42...', paid([], 5000)],
    ['VTB: Postuplenie 7 000.00 RUB na schet *7731 ot OOO LADYA. Oplata po sch. 43…', paid([], 7000)],
  ])('when «%s», then the cut number is not read', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: a «+» sum with its currency and our account’s tail, without «от», is money in', () => {
  it.each<[string, Want]>([
    ['+4 700 ₽ *7731 ИП Ганиев Р.И.', paid([], 4700)],
    ['VTB: +62 750.00 RUB *7731 OOO URALELEKTROSHCHIT. Ost. 780 012.40', paid([], 62750)],
    ['Альфа: +15 000,00 ₽ ••7731 ООО ЛАДЬЯ', paid([], 15000)],
    ['Сбер: +9 900 ₽ на счёт *7731, ИП Зотова М.В. Баланс 1 009 900 ₽', paid([], 9900)],
  ])('when «%s», then it is a payment', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
  it.each<[string]>([['-4 700 ₽ *7731 ООО МЕТАЛЛБАЗА'], ['Альфа: −15 000,00 ₽ ••7731 ООО ЛАДЬЯ']])(
    'when «%s» (money out), then it is no payment',
    (text) => {
      expect(fields(text)).toEqual(notPaid);
    },
  );
});

describe('kind: «На счёте N ₽» closing a bank push is the balance', () => {
  it.each<[string, Want]>([
    ['Точка: +38 500 ₽ от ООО «Ладья». Оплата по счету 4170 от 19.11.2026. На счёте 207 114 ₽', paid(['4170'], 38500)],
    ['Т-Бизнес: Пополнение 12 000 ₽ от ИП Зотов, счёт *7731. На счете 1 012 000 ₽', paid([], 12000)],
    ['Альфа: Поступление 5 000 RUR от ООО ЛАДЬЯ. Теперь на счете 405 000 RUR', paid([], 5000)],
    ['по 4172 деньги на счете 45 000', paid(['4172'], 45000)],
  ])('when «%s», then the balance is not the sum', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: a date with its month cut short («22 дек 2026», «3 дек. 2026», «05 ноя 2026») is no sum', () => {
  it.each<[string, Want]>([
    [
      '22 дек 2026  Входящий платёж  +63 900,00 ₽\nОт: ООО «ЛАДЬЯ», ИНН 6607123452\nНазначение: Оплата по счету № 4173 от 21.12.2026 г.',
      paid(['4173'], 63900, '6607123452'),
    ],
    ['Поступление 15 000 ₽ 3 дек. 2026 от ООО Ладья по счету 4174', paid(['4174'], 15000)],
    ['Зачисление 8 000 ₽, 05 ноя 2026 14:10, от ИП Зотов, оплата сч 4175', paid(['4175'], 8000)],
    ['Поступление 4 400 ₽ от ООО Ладья 1 сент 2026, оплата по сч 4177', paid(['4177'], 4400)],
  ])('when «%s», then the year is not added to the sum', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: a number ending the payer’s name in a bank push («от ООО МОНТАЖ-ЛАЙН 2000») is no sum', () => {
  it.each<[string, Want]>([
    ['Т-Бизнес. Пополнение +26 800 ₽ на счёт *7731 от ООО МОНТАЖ-ЛАЙН 2000. Доступно 318 440,12 ₽', paid([], 26800)],
    ['Поступление 14 000 ₽ от ООО СТРОЙ МАСТЕР 2010, счёт *7731', paid([], 14000)],
    ['СЧЁТ7731 12:01 зачисление 31 500р от ООО ГАРАНТ 2005 Баланс: 1 031 500р', paid([], 31500)],
    ['Альфа: поступление 5 500,00 RUR от АО «ЗАВОД 1812», счет *7731', paid([], 5500)],
    ['Сбер: зачисление 9 000 ₽ от ООО ЭЛЕКТРО 55 по счету 4180', paid(['4180'], 9000)],
  ])('when «%s», then the name’s number is not added', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

const IN_DOC = (sum: string, purpose: string): string =>
  doc1c({
    Номер: '310',
    Дата: '05.12.2026',
    Сумма: sum,
    ПлательщикИНН: '6607123452',
    Плательщик1: 'ООО "ЛАДЬЯ"',
    ПолучательИНН: OURS.inn,
    ДатаПоступило: '05.12.2026',
    НазначениеПлатежа: purpose,
  });

describe('kind: two payments in one statement closing one invoice («часть 1», «часть 2, счет оплачен полностью») are not partial', () => {
  it.each<[string, Want]>([
    [
      'Дата;Приход;Расход;Контрагент;ИНН;Назначение\n24.12.2026;60 000,00;;ООО «Ладья»;6607123452;Оплата по счету 4190 (часть 1)\n24.12.2026;25 000,00;;ООО «Ладья»;6607123452;Оплата по счету 4190 (часть 2), счет оплачен полностью',
      paid(['4190'], 85000, '6607123452'),
    ],
    [
      `${IN_DOC('30000.00', 'Частичная оплата по счету 4191 от 01.12.2026')}\n${IN_DOC('12000.00', 'Оплата по счету 4191 от 01.12.2026, счет оплачен полностью')}`,
      paid(['4191'], 42000, '6607123452'),
    ],
    [
      '05.12.2026;Кредит;10 000,00;ООО «Ладья»;6607123452;Аванс по счету 4195\n06.12.2026;Кредит;5 000,00;ООО «Ладья»;6607123452;Доплата по счету 4195, оплачен в полном объеме',
      paid(['4195'], 15000, '6607123452'),
    ],
  ])('when «%s», then the invoice is paid whole', (text, want) => {
    expect(fields(text)).toEqual(want);
  });

  it.each<[string, Want]>([
    [
      '24.12.2026;Кредит;25 000,00;ООО «Ладья»;6607123452;Оплата остатка по счету 4192, счет оплачен полностью',
      paid(['4192'], 25000, '6607123452', true),
    ],
    [
      `${IN_DOC('30000.00', 'Аванс по счету 4193')}\n${IN_DOC('12000.00', 'Оплата по счету 4194, счет оплачен полностью')}`,
      paid(['4193', '4194'], 42000, '6607123452', true),
    ],
  ])('when «%s» (one payment only on the invoice it closes), then it stays partial', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: a statement’s period totals («Поступления: 64 880,00», «Списания за период: …») are no operation', () => {
  it.each<[string, Want]>([
    [
      'ВТБ Бизнес. Выписка по счету 40702810412480007731\nПериод: 08.12.2026 - 08.12.2026\nОстаток на начало: 1 017,45\nПоступления: 64 880,00\nСписания: 0,00\nОстаток на конец: 65 897,45\n08.12.2026 | 1245 | ООО "Ладья" | ИНН 6607123452 | 64 880,00 | Оплата по счету 4200',
      paid(['4200'], 64880, '6607123452'),
    ],
    [
      'Выписка за 09.12.2026\nВходящий остаток: 500 000,00\nПоступления за период: 30 000,00\nСписания за период: 12 000,00\nПоступление 30 000,00 — ООО «Ладья», ИНН 6607123452 — Оплата по счету 4201\nСписание 12 000,00 — ООО «Металлбаза», ИНН 5406123450 — Оплата по счету 4202\nИсходящий остаток: 518 000,00',
      paid(['4201'], 30000, '6607123452'),
    ],
    [
      'Остаток на 10.12.2026: 100 000,00\nЗачисления: 7 500,00\n10.12.2026 | ИП Зотова М.В. | ИНН 502987654365 | 7 500,00 | Оплата по сч 4203',
      paid(['4203'], 7500, '502987654365'),
    ],
  ])('when «%s», then only the operations are read', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: Sber’s «Счет Дебет;Счет Кредит;Сумма по дебету;Сумма по кредиту» rows pasted without their header', () => {
  it.each<[string, Want]>([
    [
      '01.12.2026;40702810945370000318 ИНН 6607123452 ООО "ЛАДЬЯ";40702810954400017731 ИНН 7814012343 ООО "СЕВЕР-ПЛАСТ";;305 000,00;1455;01;045209673 ОМСКОЕ ОТДЕЛЕНИЕ N 8634 ПАО СБЕРБАНК;Оплата 50% по счету 4210 от 30.11.2026 по договору № 55/14-К. НДС 22% 55 000,00',
      paid(['4210'], 305000, '6607123452', true),
    ],
    [
      '02.12.2026;40702810945370000318 ИНН 6607123452 ООО "ЛАДЬЯ";40702810954400017731 ИНН 7814012343 ООО "СЕВЕР-ПЛАСТ";;48 000,00;1460;01;044525225 ПАО СБЕРБАНК;Оплата по счету 4211\n02.12.2026;40702810954400017731 ИНН 7814012343 ООО "СЕВЕР-ПЛАСТ";40702810100000054321 ИНН 5406123450 ООО "МЕТАЛЛБАЗА";17 000,00;;88;01;044525225 ПАО СБЕРБАНК;Оплата по счету 4212 за арматуру',
      paid(['4211'], 48000, '6607123452'),
    ],
    [
      '03.12.2026;40702810954400017731 ИНН 7814012343 ООО "СЕВЕР-ПЛАСТ";40702810100000054321 ИНН 5406123450 ООО "МЕТАЛЛБАЗА";17 000,00;;89;01;044525225 ПАО СБЕРБАНК;Оплата по счету 4213 за арматуру',
      notPaid,
    ],
  ])('when «%s», then the credit column is the money in', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: Sber’s debit/credit rows without their header, tab-separated', () => {
  it('when the row is copied with tabs, then the credit column is the money in', () => {
    expect(
      fields(
        '04.12.2026\t40702810945370000318 ИНН 6607123452 ООО "ЛАДЬЯ"\t40702810954400017731 ИНН 7814012343 ООО "СЕВЕР-ПЛАСТ"\t\t12 600,00\t1470\t01\t044525225 ПАО СБЕРБАНК\tОплата по счету 4214',
      ),
    ).toEqual(paid(['4214'], 12600, '6607123452'));
  });
});

describe('kind: Sber’s Excel copy, its header on two lines («Счет» over «Дебет | Кредит») and the INN bare in the account cell', () => {
  it.each<[string, Want]>([
    [
      'Дата проводки\tСчет\t\tСумма по дебету\tСумма по кредиту\t№ документа\tВО\tБанк (БИК и наименование)\tНазначение платежа\n\tДебет\tКредит\t\t\t\t\t\t\n02.11.2026\t"40702810544050007731\n6607123452\nООО ""ЛАДЬЯ"""\t"40702810954400017731\n7814012343\nООО ""СЕВЕР-ПЛАСТ"""\t\t74 300,00\t877\t01\tБИК 045004641 ПАО СБЕРБАНК\t"Оплата по счету № 4220 от 30.10.2026 за кабель. В т.ч. НДС 22 % 13 398,36"',
      paid(['4220'], 74300, '6607123452'),
    ],
    [
      'Дата проводки;Счет;;Сумма по дебету;Сумма по кредиту;№ документа;Назначение платежа\n;Дебет;Кредит;;;;\n03.11.2026;"40702810544050007731\n502987654365\nИП Зотова М.В.";"40702810954400017731\n7814012343\nООО ""СЕВЕР-ПЛАСТ""";;9 100,00;12;Оплата по сч 4221',
      paid(['4221'], 9100, '502987654365'),
    ],
  ])('when «%s», then the payer’s INN is read from the debit account’s cell', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});

describe('kind: a text statement whose date-led lines set their fields apart by runs of spaces', () => {
  it.each<[string, Want]>([
    [
      'Выписка по счету 40702810954400017731 за 11.11.2026\nООО "СЕВЕР-ПЛАСТ", ИНН 7814012343\nВходящий остаток: 214 300,17\n11.11.2026  п/п 412  ООО "ЛАДЬЯ" ИНН 6607123452  Кредит 128 000,00  Оплата по счету 4230 от 05.11.2026. В т.ч. НДС 23 081,97\nОбороты за период: дебет 0,00  кредит 128 000,00\nИсходящий остаток: 342 300,17',
      paid(['4230'], 128000, '6607123452'),
    ],
    [
      'Выписка за 12.11.2026, ООО «Север-Пласт» (ИНН 7814012343)\n12.11.2026  ИП Зотова М.В., ИНН 502987654365  Приход  9 400,00  Оплата по сч 4231\n12.11.2026  ООО «Металлбаза», ИНН 5406123450  Расход  3 000,00  Оплата по счету 4232 за уголок',
      paid(['4231'], 9400, '502987654365'),
    ],
  ])('when «%s», then the row’s payer, not the statement’s owner, is read', (text, want) => {
    expect(fields(text)).toEqual(want);
  });
});
