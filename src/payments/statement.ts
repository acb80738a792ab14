/**
 * A 1C bank-statement file (1CClientBankExchange, the «Клиент-Банк» export every Russian bank
 * writes) posted into «Оплата»: its bytes → the incoming payment documents. Pure; the reading of the
 * documents themselves is exchange-1c.ts's, shared with pasted exchange text.
 *
 * Encoding: the format's header says `Кодировка=Windows` (windows-1251, the usual) or `DOS` (cp866);
 * many banks now write UTF-8. Valid UTF-8 is taken as such, a DOS header read as cp866 means cp866,
 * anything else is windows-1251 (iconv-lite).
 */
import iconv from 'iconv-lite';
import {
  type ExchangeDocument,
  exchangeSum,
  isOutgoing,
  isOwnTransfer,
  ownAccount,
  ownParty,
  readExchangeDocuments,
} from './exchange-1c';
import { announcedCurrency } from './match';
import { plainText } from './markup';
import { money } from '../texts';

/** Statements are small (a day's export is kilobytes); anything larger is not read. */
export const STATEMENT_MAX_BYTES = 2 * 1024 * 1024;

export interface Statement {
  /** Money that came in: each becomes a payment notice. */
  incoming: ExchangeDocument[];
  /** Documents that left our account or moved between our own accounts (skipped). */
  outgoing: number;
}

/** The header line of a DOS-encoded exchange file, read as cp866. */
const RE_DOS = /^\s*Кодировка\s*=\s*DOS\s*$/imu;

/**
 * The file's text: UTF-8 when it is valid UTF-8 (a BOM dropped); cp866 when, read so, its header says
 * `Кодировка=DOS` (the format's other 8-bit encoding: the header's own Cyrillic is cp866 then);
 * windows-1251 otherwise.
 */
export function decodeStatement(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const dos = iconv.decode(Buffer.from(bytes), 'cp866');
    return RE_DOS.test(dos) ? dos : iconv.decode(Buffer.from(bytes), 'win1251');
  }
}

/** The statement in a file, or null when the file is not a 1CClientBankExchange text. */
export function readStatement(bytes: Uint8Array): Statement | null {
  return readStatementText(decodeStatement(bytes));
}

/** The statement in a file's decoded text, or null when it is not a 1CClientBankExchange text. */
export function readStatementText(text: string): Statement | null {
  if (!/^\s*1CClientBankExchange\s*$/m.test(text.split(/\r?\n/, 3).join('\n'))) return null;
  return statementOf(text);
}

/**
 * A statement pasted into a chat message as text (the Bitrix24 messenger has no other way): a whole
 * 1CClientBankExchange file, or several `СекцияДокумент=…КонецДокумента` blocks. Null for anything
 * else — one pasted document stays a chat announcement of its own. `shown` is the text as the
 * messenger delivers it (Bitrix24's `[br]` and HTML entities are read as what they show).
 */
export function pastedStatement(shown: string): Statement | null {
  const text = plainText(shown);
  const whole = /^\s*1CClientBankExchange\s*$/m.test(text);
  const sections = text.match(/^\s*СекцияДокумент\s*=/gmu)?.length ?? 0;
  if (!whole && sections < 2) return null;
  return statementOf(text);
}

/**
 * A pasted statement whose last document was cut (its `КонецДокумента` never came): the statement of
 * the documents that came whole, and the cut one's text apart — a cut document is never read as a
 * payment (its sum may be cut too: «Сумма=51» of 5100.00). Null when the text is no pasted statement
 * or its last document is not open.
 */
export function pastedStatementCut(shown: string): { statement: Statement; cut: string } | null {
  if (!pastedStatement(shown)) return null;
  const lines = plainText(shown).split(/\r?\n/);
  let at = -1;
  for (let i = lines.length - 1; i >= 0 && at < 0; i--) {
    if (/^\s*КонецДокумента\s*$/u.test(lines[i] ?? '')) return null;
    if (/^\s*СекцияДокумент\s*=/u.test(lines[i] ?? '')) at = i;
  }
  if (at < 0) return null;
  const statement = statementOf(lines.slice(0, at).join('\n')) ?? { incoming: [], outgoing: 0 };
  return { statement, cut: lines.slice(at).join('\n') };
}

/** The documents of an exchange text split into money that came in and money that did not. */
function statementOf(text: string): Statement | null {
  const docs = readExchangeDocuments(text);
  if (!docs) return null;
  const own = ownAccount(text);
  const ours = ownParty(docs);
  const incoming = docs.filter((d) => !isOutgoing(d, own, ours) && !isOwnTransfer(d));
  return { incoming, outgoing: docs.length - incoming.length };
}

/** One document as the exchange block the payment parser reads (and the notice keeps as its text). */
export function documentText(doc: ExchangeDocument): string {
  const fields = [...doc].filter(([k]) => k !== 'СекцияДокумент').map(([k, v]) => `${k}=${v}`);
  const kind = doc.get('СекцияДокумент') || 'Платежное поручение';
  return [`СекцияДокумент=${kind}`, ...fields, 'КонецДокумента'].join('\n');
}

/**
 * What makes a payment order the same payment in another file (the statement posted twice, or two
 * days' exports overlapping): its number, date, sum and the payer's INN and account.
 */
export function documentFingerprint(doc: ExchangeDocument): string {
  const sum = exchangeSum(doc.get('Сумма'));
  return [
    doc.get('Номер') ?? '',
    doc.get('Дата') ?? '',
    sum === null ? (doc.get('Сумма') ?? '') : sum.toFixed(2),
    doc.get('ПлательщикИНН') ?? '',
    doc.get('ПлательщикСчет') ?? '',
  ]
    .map((x) => x.trim())
    .join('|');
}

/**
 * The fingerprint of a chat message that is one 1C document pasted alone (read as an ordinary
 * announcement): the same as that document's in a statement file, so the payment arriving later in
 * a file is named as seen before. Null for any other message, and for a document without its number,
 * date or sum (a fingerprint of the payer and sum alone would take two payments for one).
 */
export function pastedDocumentFingerprint(shown: string): string | null {
  const doc = soleDocument(plainText(shown));
  if (!doc?.get('Номер')?.trim() || !doc.get('Дата')?.trim() || exchangeSum(doc.get('Сумма')) === null) return null;
  return documentFingerprint(doc);
}

/** ISO 4217 letters of the currency codes a Russian account number carries (digits 6–8; 810 is the rouble's). */
const ACCOUNT_CURRENCY: Record<string, string> = {
  '810': 'RUB',
  '643': 'RUB',
  '840': 'USD',
  '978': 'EUR',
  '156': 'CNY',
};

/** The one 1C document a notice's text is (a statement's document, or one pasted); undefined for anything else. */
function soleDocument(text: string): ExchangeDocument | undefined {
  const docs = readExchangeDocuments(text);
  return docs?.length === 1 ? docs[0] : undefined;
}

/**
 * A document's currency, from the account it was credited to (ПолучательСчет, else
 * ПолучательРасчСчет): the account number's digits 6–8 are its currency (Bank of Russia Regulation
 * 579-P, the chart of accounts: 810 for roubles). A code not in the table is `ISO<code>` (never equal
 * to an invoice's currency: no one-tap «Да»); roubles when no 20-digit account is named.
 */
function currencyOfDocument(doc: ExchangeDocument): string {
  const account = (doc.get('ПолучательСчет') || doc.get('ПолучательРасчСчет') || '').trim();
  if (!/^\d{20}$/.test(account)) return 'RUB';
  const code = account.slice(5, 8);
  return ACCOUNT_CURRENCY[code] ?? `ISO${code}`;
}

/** The currency of a text that is one 1C document (see currencyOfDocument); null for any other text. */
export function documentCurrency(text: string): string | null {
  const doc = soleDocument(text);
  return doc ? currencyOfDocument(doc) : null;
}

/**
 * The currency of a payment message (ISO 4217 code, "RUB" by default): a 1C document's from its
 * credited account, any other text's from the currency it names (match.ts announcedCurrency).
 */
export function noticeCurrency(text: string): string {
  return documentCurrency(text) ?? announcedCurrency(text);
}

/**
 * A document's sum as money is written elsewhere («4 000 ₽», kopecks only when there are some: «4 000,50 ₽»);
 * as the bank wrote it when it does not read as a sum; empty when there is none.
 */
export function documentSum(doc: ExchangeDocument): string {
  const raw = doc.get('Сумма')?.trim();
  const currency = currencyOfDocument(doc);
  const amount = exchangeSum(raw);
  return amount !== null ? money(amount, currency) : raw ? `${raw} ${currency === 'RUB' ? '₽' : currency}` : '';
}

/**
 * A statement document as one readable line for the deal's timeline (instead of its raw 12-line
 * block): «п/п № 12 от 27.11.2026, ООО "ЭЛЕКСИС" (ИНН 7806210729), 4000.00 ₽: Оплата по счету …».
 * Null when the text is not a document block (a chat message, or several documents pasted as one
 * message, is quoted as it is).
 */
export function documentQuote(text: string): string | null {
  const doc = soleDocument(text);
  if (!doc) return null;
  const number = doc.get('Номер')?.trim();
  const date = doc.get('Дата')?.trim();
  const payer = (doc.get('Плательщик1') || doc.get('Плательщик') || '').trim();
  const inn = doc.get('ПлательщикИНН')?.trim();
  const sum = documentSum(doc);
  const purpose = doc.get('НазначениеПлатежа')?.trim();
  const order = [number ? `п/п № ${number}` : 'п/п', date ? `от ${date}` : ''].filter(Boolean).join(' ');
  const who = payer ? `${payer}${inn ? ` (ИНН ${inn})` : ''}` : inn ? `ИНН ${inn}` : '';
  return `${[order, who, sum].filter(Boolean).join(', ')}${purpose ? `: ${purpose}` : ''}`;
}
