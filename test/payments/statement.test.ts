import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parsePaymentNotice } from '../../src/payments/parse';
import { decodeStatement, documentText, readStatement } from '../../src/payments/statement';

const text = [
  '1CClientBankExchange',
  'ВерсияФормата=1.03',
  'Кодировка=Windows',
  'РасчСчет=40702810500000054321',
  'СекцияРасчСчет',
  'НачальныйОстаток=100000.00',
  'КонецРасчСчет',
  'СекцияДокумент=Платежное поручение',
  'Номер=377',
  'Сумма=48500.00',
  'ПлательщикСчет=40702810900000012345',
  'ДатаПоступило=27.11.2026',
  'ПлательщикИНН=7806210729',
  'Плательщик1=ООО "ЭЛЕКСИС"',
  'НазначениеПлатежа=Оплата по счету ТД-00045 от 20.11.2026. НДС не облагается',
  'КонецДокумента',
  'СекцияДокумент=Платежное поручение',
  'Номер=12',
  'Сумма=90000.00',
  'ПлательщикСчет=40702810500000054321',
  'ДатаСписано=27.11.2026',
  'ДатаПоступило=',
  'НазначениеПлатежа=Оплата поставщику по счету 555',
  'КонецДокумента',
  'КонецФайла',
].join('\r\n');

describe('1C statement files', () => {
  it('when the file is windows-1251 or UTF-8, then the same incoming documents are read and the outgoing one skipped', () => {
    for (const bytes of [
      iconv.encode(text, 'win1251'),
      Buffer.from(text, 'utf8'),
      Buffer.from(`\uFEFF${text}`, 'utf8'),
    ]) {
      const st = readStatement(bytes);
      expect(st?.incoming).toHaveLength(1);
      expect(st?.outgoing).toBe(1);
      const notice = parsePaymentNotice(documentText(st!.incoming[0]!));
      expect(notice).toMatchObject({ isPayment: true, invoices: ['ТД-00045'], amount: 48500, inn: '7806210729' });
    }
  });

  it('when the file is not an exchange text, then it is not a statement', () => {
    expect(readStatement(Buffer.from('Договор поставки № 15', 'utf8'))).toBeNull();
    expect(
      readStatement(iconv.encode('1CClientBankExchange\r\nВерсияФормата=1.03\r\nКонецФайла', 'win1251')),
    ).toBeNull();
    expect(decodeStatement(iconv.encode('Сумма=1', 'win1251'))).toBe('Сумма=1');
  });
});
