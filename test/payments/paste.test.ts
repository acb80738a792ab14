import { describe, expect, it } from 'vitest';
import { continuesPaste, joinFragments, nextPasteStep, pasteShape } from '../../src/payments/paste';

const DOC = (n: number) =>
  [
    'СекцияДокумент=Платежное поручение',
    `Номер=${n}`,
    'Дата=27.11.2026',
    'Сумма=4000.00',
    'ПлательщикИНН=7806210729',
    'НазначениеПлатежа=Оплата по счету 2018/943',
    'КонецДокумента',
  ].join('\n');
const FILE = ['1CClientBankExchange', 'ВерсияФормата=1.03', DOC(11), DOC(12), 'КонецФайла'].join('\n');

describe('pasteShape', () => {
  it('when a text holds no statement, then it has no shape; a whole one is complete', () => {
    expect(pasteShape('Оплачен счет 2018/943 на 4000')).toBeNull();
    expect(pasteShape(FILE)).toBe('complete');
    expect(pasteShape(`${DOC(11)}\n${DOC(12)}`)).toBe('complete');
  });

  it('when a document has no end, then it is the one cut, named by its number and date as far as they came', () => {
    const cut = FILE.slice(0, FILE.indexOf('Сумма=4000.00', FILE.indexOf('Номер=12')) + 8);
    expect(pasteShape(cut)).toEqual({ kind: 'document', number: '12', date: '27.11.2026', place: 2 });
    expect(pasteShape(`${DOC(11)}\nСекцияДокумент=Платежное поручение\nНом`)).toEqual({
      kind: 'document',
      number: null,
      date: null,
      place: 2,
    });
  });

  it('when a file ends after a whole document but without КонецФайла, then the file is cut', () => {
    expect(pasteShape(FILE.replace('\nКонецФайла', ''))).toEqual({ kind: 'file' });
  });

  it('reads the Bitrix24 messenger’s [br] as line breaks', () => {
    expect(pasteShape(`${DOC(11)}[br]СекцияДокумент=Платежное поручение[br]Номер=12`.replace(/\n/g, '[br]'))).toEqual({
      kind: 'document',
      number: '12',
      date: null,
      place: 2,
    });
  });
});

describe('joinFragments', () => {
  it('when a text was cut anywhere, then the pieces join back into it', () => {
    for (let at = 1; at < FILE.length - 1; at += 7)
      expect(joinFragments([FILE.slice(0, at), FILE.slice(at)])).toBe(FILE);
  });

  it('when the messenger dropped the line break at the cut, then a whole line and a new field are set apart', () => {
    const at = FILE.indexOf('\nСекцияДокумент', 40);
    expect(joinFragments([FILE.slice(0, at), FILE.slice(at + 1)])).toBe(FILE);
    const atEnd = FILE.indexOf('\nКонецФайла');
    expect(joinFragments([FILE.slice(0, atEnd), FILE.slice(atEnd + 1)])).toBe(FILE);
  });
});

describe('continuesPaste', () => {
  const sofar = FILE.slice(0, FILE.indexOf('Дата=', FILE.indexOf('Номер=12')) + 7);
  it('when the next message is the rest of the text, then it continues, whatever its first line', () => {
    expect(continuesPaste(sofar, FILE.slice(sofar.length))).toBe(true);
    expect(continuesPaste('…\nКонец', 'Файла')).toBe(true);
  });
  it('when the next message is chat text or a new file, then it does not', () => {
    expect(continuesPaste(sofar, 'Коллеги, выписку смотрю')).toBe(false);
    expect(continuesPaste(sofar, 'спасибо')).toBe(false);
    expect(continuesPaste(sofar, 'Оплачен счет 2018/912 на 5100\nи ещё 2018/913')).toBe(false);
    expect(continuesPaste(sofar, FILE)).toBe(false);
  });
});

describe('nextPasteStep', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const wait = 20_000;
  const at = FILE.indexOf('Сумма', FILE.indexOf('Номер=12'));
  const a = { messageId: '7', text: FILE.slice(0, at) };
  const b = { messageId: '8', text: FILE.slice(at) };

  it('when nothing is held, then a whole statement or chat text is read now, and a cut statement held until the wait passes', () => {
    expect(nextPasteStep(null, { ...a, text: FILE, file: false }, now, wait)).toEqual({ kind: 'read' });
    expect(nextPasteStep(null, { ...a, text: 'Оплачен счет 1 на 5', file: false }, now, wait)).toEqual({
      kind: 'read',
    });
    expect(nextPasteStep(null, { ...a, file: false }, now, wait)).toEqual({ kind: 'hold', dueAt: now + wait });
  });

  it('when the tail comes, then the paste is complete; a part of it waits on from its own time', () => {
    expect(nextPasteStep([a], { ...b, file: false }, now, wait)).toEqual({ kind: 'complete' });
    const half = { messageId: '8', text: b.text.slice(0, 20) };
    expect(nextPasteStep([a], { ...half, file: false }, now + 1000, wait)).toEqual({
      kind: 'join',
      dueAt: now + 1000 + wait,
    });
  });

  it('when fragments came out of order, then they are joined in the order of their ids', () => {
    expect(nextPasteStep([b], { ...a, file: false }, now, wait)).toEqual({ kind: 'complete' });
  });

  it('when the author writes something else, or posts a file, then the paste is read as it came and the message alone', () => {
    expect(nextPasteStep([a], { messageId: '8', text: 'Добрый день', file: false }, now, wait)).toEqual({
      kind: 'interrupt',
      after: { kind: 'read' },
    });
    expect(nextPasteStep([a], { messageId: '8', text: '', file: true }, now, wait)).toEqual({
      kind: 'interrupt',
      after: { kind: 'read' },
    });
    expect(nextPasteStep([a], { messageId: '8', text: a.text, file: false }, now, wait)).toEqual({
      kind: 'interrupt',
      after: { kind: 'hold', dueAt: now + wait },
    });
  });
});
