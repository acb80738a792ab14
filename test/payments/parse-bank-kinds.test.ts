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
