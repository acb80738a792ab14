/**
 * A 1C statement file as a whole (round 25): one in DOS encoding (cp866, «Кодировка=DOS») is read
 * (M6), and one cut short is read only as far as it came whole (M5).
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readStatementFile } from '../../src/payments/statement-file';
import { statementFile } from '../support/statement-file';

const docs = [
  { n: 377, sum: '4000.00', inn: '7806210729', payer: 'ООО "ЭЛЕКСИС"', purpose: 'Оплата по счету № 2018/943' },
  { n: 378, sum: '5000.00', inn: '7806210729', payer: 'ООО "ЭЛЕКСИС"', purpose: 'Оплата по счету 2018/944 за щебень' },
];
const text = () => iconv.decode(statementFile(docs), 'win1251');

describe('a statement file in DOS encoding (M6)', () => {
  it('is read as cp866 when its header says «Кодировка=DOS»', () => {
    const read = readStatementFile(iconv.encode(text().replace('Кодировка=Windows', 'Кодировка=DOS'), 'cp866'));
    expect(read?.statement.incoming.map((d) => d.get('НазначениеПлатежа'))).toEqual([
      'Оплата по счету № 2018/943',
      'Оплата по счету 2018/944 за щебень',
    ]);
    expect(read?.cut).toBeNull();
  });

  it('stays windows-1251 when the header says Windows', () => {
    expect(readStatementFile(statementFile(docs))?.statement.incoming[0]?.get('Плательщик1')).toBe('ООО "ЭЛЕКСИС"');
  });
});

describe('a statement file cut short (M5)', () => {
  it('does not read a document cut in its sum as a payment, and says where it stops', () => {
    const t = text();
    const cut = `${t.slice(0, t.indexOf('Сумма=5000.00'))}Сумма=50\r\nПлательщикИНН=7806210729`;
    const read = readStatementFile(iconv.encode(cut, 'win1251'));
    expect(read?.statement.incoming.map((d) => d.get('Номер'))).toEqual(['377']);
    expect(read?.cut).toEqual({ kind: 'document', number: '378', date: '27.11.2026', place: 2 });
  });

  it('reads every whole document of a file without its «КонецФайла», and names it cut', () => {
    const read = readStatementFile(iconv.encode(text().replace(/КонецФайла\s*$/u, ''), 'win1251'));
    expect(read?.statement.incoming).toHaveLength(2);
    expect(read?.cut).toEqual({ kind: 'file' });
  });

  it('is whole when it ends as the format says', () => {
    expect(readStatementFile(statementFile(docs))?.cut).toBeNull();
  });
});
