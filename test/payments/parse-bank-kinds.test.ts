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
