/**
 * A 1C statement file as a whole: its statement, and whether the file was cut short (a download or an
 * export broken off: no `КонецФайла`, or a document opened and never closed). A cut document is never
 * read as a payment — its sum or purpose may be cut too («Сумма=50» of 5000.00) — as with a statement
 * pasted as text (paste.ts pasteShape, the same rules). Pure.
 */
import { pasteShape, type Unfinished } from './paste';
import { decodeStatement, readStatementText, type Statement } from './statement';

export interface StatementFile {
  /** The documents that came whole. */
  statement: Statement;
  /** Where the file stops short; null when it is whole. */
  cut: Unfinished | null;
}

/** The statement of a file's bytes and where it is cut; null when the file is not a 1CClientBankExchange text. */
export function readStatementFile(bytes: Uint8Array): StatementFile | null {
  const text = decodeStatement(bytes);
  const whole = readStatementText(text);
  if (!whole) return null;
  const shape = pasteShape(text);
  if (shape === null || shape === 'complete') return { statement: whole, cut: null };
  if (shape.kind === 'file') return { statement: whole, cut: shape };
  // A document cut: the documents before it are read, the cut one is not.
  const lines = text.split(/\r?\n/);
  let at = lines.length - 1;
  while (at > 0 && !/^\s*СекцияДокумент\s*=/u.test(lines[at] ?? '')) at--;
  const before = readStatementText(lines.slice(0, at).join('\n')) ?? { incoming: [], outgoing: 0 };
  return { statement: before, cut: shape };
}
