/**
 * Pure helpers of the payment desk (issue 15): a 1C document's identity across files, its one-line
 * quote for the deal's timeline, and the currency an announcement is in.
 */
import { describe, expect, it } from 'vitest';
import { readExchangeDocuments } from '../../src/payments/exchange-1c';
import { announcedCurrency, judge } from '../../src/payments/match';
import { documentFingerprint, documentQuote, documentText } from '../../src/payments/statement';
import type { Invoice } from '../../src/kernel/ports';

const block = (over: Record<string, string> = {}) => {
  const fields: Record<string, string> = {
    Номер: '377',
    Дата: '27.11.2026',
    Сумма: '48500.00',
    ПлательщикСчет: '40702810900000012345',
    ПлательщикИНН: '7806210729',
    Плательщик1: 'ООО "ЭЛЕКСИС"',
    НазначениеПлатежа: 'Оплата по счету № 2018/943 за ЖБИ',
    ...over,
  };
  return [
    'СекцияДокумент=Платежное поручение',
    ...Object.entries(fields).map(([k, v]) => `${k}=${v}`),
    'КонецДокумента',
  ].join('\n');
};
const doc = (over: Record<string, string> = {}) => readExchangeDocuments(block(over))![0]!;

describe('a 1C document across files', () => {
  it('is the same payment when number, date, sum, payer INN and account agree, whatever else differs', () => {
    expect(documentFingerprint(doc())).toBe(documentFingerprint(doc({ НазначениеПлатежа: 'другое', Сумма: '48500' })));
    expect(documentFingerprint(doc())).toBe(documentFingerprint(readExchangeDocuments(documentText(doc()))![0]!));
  });

  it.each([
    ['Номер', '378'],
    ['Дата', '28.11.2026'],
    ['Сумма', '48500.01'],
    ['ПлательщикИНН', '7701234567'],
    ['ПлательщикСчет', '40702810100000077777'],
  ])('is another payment when %s differs', (key, value) => {
    expect(documentFingerprint(doc({ [key]: value }))).not.toBe(documentFingerprint(doc()));
  });
});

describe('the timeline quote of a 1C document', () => {
  it('is one line with the order, payer, sum and purpose', () => {
    expect(documentQuote(block())).toBe(
      'п/п № 377 от 27.11.2026, ООО "ЭЛЕКСИС" (ИНН 7806210729), 48\u00a0500\u00a0₽: Оплата по счету № 2018/943 за ЖБИ',
    );
  });

  it('writes the sum as roubles are written elsewhere: kopecks only when there are some', () => {
    expect(documentQuote(block({ Сумма: '4000.00' }))).toContain(', 4\u00a0000\u00a0₽: ');
    expect(documentQuote(block({ Сумма: '4000.5' }))).toContain(', 4\u00a0000,50\u00a0₽: ');
  });

  it('is null for a chat message and for several documents pasted at once (the message is quoted as written)', () => {
    expect(documentQuote('Оплачен счет 2018/943 на 4000')).toBeNull();
    expect(documentQuote(`${block()}\n${block({ Номер: '378' })}`)).toBeNull();
  });
});

describe('the currency of an announcement', () => {
  it.each([
    ['Оплачен счет 2018/943 на 4000', 'RUB'],
    ['Оплачен счет 2018/943 на 4000 руб', 'RUB'],
    ['Оплачен счет 2018/943 на 4000 ₽', 'RUB'],
    ['Оплачен счет 2018/943 на $4000', 'USD'],
    ['Оплачен счет 2018/943 на 4000 USD', 'USD'],
    ['Оплачен счет 2018/943: 4000 долларов', 'USD'],
    ['Оплачен счет 2018/943 на 4000 евро', 'EUR'],
    ['Оплачен счет 2018/943 на 4000 юаней', 'CNY'],
    ['Оплачен счет 2018/943 на 4000 тенге', 'KZT'],
    // «евро» inside another word is not the currency.
    ['Евроокна оплатили 2018/943 на 4000', 'RUB'],
  ])('«%s» → %s', (text, currency) => {
    expect(announcedCurrency(text)).toBe(currency);
  });

  it('never matches an invoice in another currency, however equal the numbers', () => {
    const inv = { kind: 'smart', id: 1, number: '2018/943', amount: 4000, currency: 'USD', paid: false } as Invoice;
    expect(judge(inv, 4000, false, 'RUB')).toBe('mismatch');
    expect(judge(inv, 4000, false, 'USD')).toBe('match');
    expect(judge({ ...inv, currency: 'RUB' }, 4000, false)).toBe('match');
  });
});
