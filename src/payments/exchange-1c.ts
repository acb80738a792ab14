/**
 * The documents of a 1CClientBankExchange text (the «Клиент-Банк» exchange format every Russian
 * bank exports), as pasted into the payment chat: `СекцияДокумент=Платежное поручение` …
 * `КонецДокумента`, one `Key=Value` per line. Pure; the text is already decoded.
 *
 * Only the documents are read. The header and the account section (`НачальныйОстаток=`,
 * `ВсегоПоступило=`, `КонечныйОстаток=`) carry balances, never a payment, and are skipped.
 */
import type { Incoming } from './incoming';
import { isCurrencySale } from './currency-sale';

/** A document's `Key=Value` lines; `СекцияДокумент` holds its kind («Платежное поручение», «Мемориальный ордер»…). */
export type ExchangeDocument = Map<string, string>;

const LINE = /^\s*([\p{L}\d]+)=(.*?)\s*$/u;
/** Keys that make a block of `Key=Value` lines a payment document even without its section lines. */
const DOCUMENT_KEYS = new Set(['Сумма', 'НазначениеПлатежа', 'ПлательщикИНН', 'Плательщик1', 'ПлательщикСчет']);

/**
 * The payment documents in the text, or null when it is not exchange-format text (fewer than two
 * document keys). A fragment without `СекцияДокумент=` lines counts as one document.
 */
export function readExchangeDocuments(text: string): ExchangeDocument[] | null {
  const lines = text.split(/\r?\n/);
  let docKeys = 0;
  for (const l of lines) {
    const m = LINE.exec(l);
    if (m && DOCUMENT_KEYS.has(m[1] ?? '')) docKeys++;
  }
  if (docKeys < 2) return null;

  const docs: ExchangeDocument[] = [];
  const sectioned = lines.some((l) => /^\s*СекцияДокумент\s*=/u.test(l));
  let current: ExchangeDocument | null = sectioned ? null : new Map();
  for (const l of lines) {
    const section = /^\s*СекцияДокумент\s*=\s*(.*?)\s*$/u.exec(l);
    if (section) {
      current = new Map([['СекцияДокумент', section[1] ?? '']]);
      continue;
    }
    if (/^\s*КонецДокумента\s*$/u.test(l)) {
      if (current) docs.push(current);
      current = null;
      continue;
    }
    const m = LINE.exec(l);
    if (current && m) {
      const key = m[1] ?? '';
      if (!current.has(key)) current.set(key, m[2] ?? '');
    }
  }
  if (current && [...current.keys()].some((k) => k !== 'СекцияДокумент')) docs.push(current); // cut short by the chat
  return docs;
}

/** `48500.00`, `48500-00`, `48 500,00` → 48500. */
export function exchangeSum(raw: string | undefined): number | null {
  if (!raw) return null;
  // Thousands may be set apart by spaces, no-break ones too («7 800,00», «1 250 000.00»).
  const m = /^(\d[\d \u00a0\u202f]*)(?:[.,-](\d{1,2}))?$/.exec(raw.trim());
  if (!m) return null;
  const value = Number((m[1] ?? '').replace(/[ \u00a0\u202f]/g, '')) + (m[2] ? Number(`0.${m[2].padEnd(2, '0')}`) : 0);
  return value > 0 ? Math.round(value * 100) / 100 : null;
}

/**
 * Money that left the account: paid from one of our accounts (`own`, when the file names them), or the bank
 * fills `ДатаСписано` and leaves `ДатаПоступило` empty or out (a bare document our 1C exported to pay).
 * An incoming document has `ДатаПоступило` (and often `ДатаСписано`, the day the payer's bank
 * sent it).
 */
export function isOutgoing(doc: ExchangeDocument, own: string[] | null = null, ours: Party | null = null): boolean {
  if (own?.includes((doc.get('ПлательщикСчет') ?? '').trim())) return true; // paid from our account
  if (ours && paidByUs(doc, ours)) return true;
  return Boolean(doc.get('ДатаСписано')) && !doc.get('ДатаПоступило');
}

/**
 * Money moved between two accounts of the same company (`ПлательщикИНН=` equals `ПолучательИНН=`:
 * «Перевод собственных денежных средств»): it came in, but no customer paid anything.
 */
export function isOwnTransfer(doc: ExchangeDocument): boolean {
  const payer = payerInn(doc);
  return payer !== null && payer === (doc.get('ПолучательИНН') ?? '').trim();
}

/** Our INN or account, as found in the documents themselves (`ownParty`). */
export interface Party {
  inn: string | null;
  account: string | null;
}

function account(doc: ExchangeDocument, side: 'Плательщик' | 'Получатель'): string | null {
  const a = (doc.get(`${side}Счет`) || doc.get(`${side}РасчСчет`) || '').trim();
  return /^\d{20}$/.test(a) ? a : null;
}

function recipientInn(doc: ExchangeDocument): string | null {
  const inn = (doc.get('ПолучательИНН') ?? '').trim();
  return /^(?:\d{10}|\d{12})$/.test(inn) ? inn : null;
}

/**
 * The one value that is a party to every document, paying in one and receiving in another; null
 * when none is, or more than one.
 */
function common(
  docs: ExchangeDocument[],
  sides: (doc: ExchangeDocument) => [string | null, string | null],
): string | null {
  let shared: string[] | null = null;
  for (const doc of docs) {
    const here = sides(doc).filter((v): v is string => v !== null);
    shared = shared === null ? here : shared.filter((v) => here.includes(v));
  }
  const unique = [...new Set(shared ?? [])].filter(
    (v) => docs.some((d) => sides(d)[0] === v) && docs.some((d) => sides(d)[1] === v),
  );
  return unique.length === 1 ? (unique[0] ?? null) : null;
}

/**
 * Us, when the text has no header naming our account: every document of a statement has us on one
 * side, so with two or more documents the INN (or account) that is a party to all of them is ours —
 * unless two are (one customer's payments only), then nothing is known. It must pay in one document
 * and receive in another: the payer of documents that name no recipient is not us.
 */
export function ownParty(docs: ExchangeDocument[]): Party | null {
  if (docs.length < 2) return null;
  const inn = common(docs, (d) => [payerInn(d), recipientInn(d)]);
  const acc = common(docs, (d) => [account(d, 'Плательщик'), account(d, 'Получатель')]);
  return inn || acc ? { inn, account: acc } : null;
}

/** A document we paid: our INN or account pays, and the other side is not us too (an own transfer). */
function paidByUs(doc: ExchangeDocument, ours: Party): boolean {
  if (ours.inn && payerInn(doc) === ours.inn) return recipientInn(doc) !== ours.inn;
  if (ours.account && account(doc, 'Плательщик') === ours.account) return account(doc, 'Получатель') !== ours.account;
  return false;
}

/**
 * Our accounts, as the file's header names them (every `РасчСчет=` before the first document: a file
 * may cover two accounts), or null.
 */
export function ownAccount(text: string): string[] | null {
  const head = text.split(/^\s*СекцияДокумент\s*=/mu)[0] ?? '';
  const accounts = [...head.matchAll(/^\s*РасчСчет=\s*(\d{20})\s*$/gmu)].map((m) => m[1] ?? '');
  return accounts.length ? [...new Set(accounts)] : null;
}

/** The payer's INN: `ПлательщикИНН=`, else the «ИНН 7806210729 ООО …» form of `Плательщик=`. */
export function payerInn(doc: ExchangeDocument): string | null {
  const inn = (doc.get('ПлательщикИНН') ?? '').trim();
  if (/^(?:\d{10}|\d{12})$/.test(inn)) return inn;
  const m = /(?:^|\s)ИНН\s*(\d{12}|\d{10})(?!\d)/u.exec(doc.get('Плательщик') ?? '');
  return m?.[1] ?? null;
}

/** The payer's name: `Плательщик1=`, else `Плательщик=` without its «ИНН …» prefix. */
export function payerName(doc: ExchangeDocument): string | null {
  const name = (doc.get('Плательщик1') || doc.get('Плательщик') || '').replace(/^\s*ИНН\s*\d+\s*/u, '').trim();
  return name || null;
}

/** Short words a part may end with before the next word («Оплата по» + «счету …»): never a cut word. */
const RE_SHORT_WORD = /(?<![\p{L}])(?:по|за|от|на|до|из|без|в|с|и|к|о|у|не|сч|н|г)$/iu;

/**
 * Parts cut at a fixed width, inside a word or a number, are one: a digit (or «/», «-») before a
 * digit («по сч.64» + «49 от …», «52460» + «-00»), or a word of up to three letters that is no short
 * word of its own before a lower-case letter («Бе» + «з налога»).
 */
function cutInside(before: string, after: string): boolean {
  if ((/[\d/-]$/.test(before) && /^\d/.test(after)) || (/\d$/.test(before) && /^[/-]\d/.test(after))) return true;
  return /(?<![\p{L}])\p{L}{1,3}$/u.test(before) && !RE_SHORT_WORD.test(before) && /^\p{Ll}/u.test(after);
}

/**
 * `НазначениеПлатежа=`, else its parts `НазначениеПлатежа1=` … joined (some banks write only those),
 * without a space where a part was cut inside a word or a number (`cutInside`).
 */
export function purposeOf(doc: ExchangeDocument): string {
  const whole = doc.get('НазначениеПлатежа');
  if (whole) return whole;
  let joined = '';
  for (let k = 1; doc.has(`НазначениеПлатежа${k}`); k++) {
    const part = doc.get(`НазначениеПлатежа${k}`) ?? '';
    joined += joined && cutInside(joined, part) ? part : ` ${part}`;
  }
  return joined.trim();
}

/**
 * A bank's own accounts in the Russian chart of accounts (Положение Банка России № 809-П): 47xxx
 * settlements (474 interest accrued and owed), 60xxx other settlements, 61xxx deferred, 70xxx the
 * bank's income and expenses. A customer pays from 40xxx/42xxx (or through a correspondent 30xxx).
 */
const BANK_OWN_ACCOUNT = /^(?:47|60|61|70)\d{18}$/;

/**
 * The bank's own booking: a Мемориальный or Банковский ордер (not a customer's payment order) from
 * one of the bank's own accounts — interest on the balance, a fee correction.
 */
export function isBankOwn(doc: ExchangeDocument): boolean {
  const kind = doc.get('СекцияДокумент') ?? '';
  const account = (doc.get('ПлательщикСчет') || doc.get('ПлательщикРасчСчет') || '').trim();
  return /ордер/iu.test(kind) && BANK_OWN_ACCOUNT.test(account);
}

/**
 * A tax, duty or customs payment: paid to the Treasury (`ПолучательСчет=` a treasury account «03100…»/«03212…»,
 * or the recipient an УФК / Казначейство) with a budget code `ПоказательКБК=` — ours going out, whatever the
 * document lacks (a single document has no file header naming our account). Source: Minfin order 107н, the
 * payment-order fields 104–110 filled only for payments to the budget.
 */
function paidToBudget(doc: ExchangeDocument): boolean {
  const kbk = (doc.get('ПоказательКБК') ?? '').trim();
  const treasury =
    /^03[12]\d{17}$/.test(account(doc, 'Получатель') ?? '') ||
    /(?<![\p{L}])(?:уфк|казначейств\p{L}*)(?![\p{L}])/iu.test(doc.get('Получатель1') || doc.get('Получатель') || '');
  return treasury && /^\d{20}$/.test(kbk) && !/^0+$/.test(kbk);
}

/** A document crediting roubles from a currency sale (currency-sale.ts). */
function currencySale(doc: ExchangeDocument): boolean {
  return isCurrencySale(purposeOf(doc), account(doc, 'Плательщик') ?? '');
}

/** The credits among the documents: not paid from our account (`own`), with their sums and payers. */
export function incomingCredits(docs: ExchangeDocument[], own: string[] | null): Incoming[] {
  const ours = ownParty(docs);
  return (
    docs
      // Not ours to read: documents paid from our account, and transfers between our own accounts.
      // A currency sale (our transit account → our rouble one) is a foreign customer's money, payer unknown.
      .filter((doc) => !isOutgoing(doc, own, ours) && (!isOwnTransfer(doc) || currencySale(doc)) && !paidToBudget(doc))
      .map((doc) => ({
        amount: exchangeSum(doc.get('Сумма')),
        inn: currencySale(doc) ? null : payerInn(doc),
        payer: payerName(doc),
        purpose: purposeOf(doc),
        bankOwn: isBankOwn(doc),
      }))
  );
}
