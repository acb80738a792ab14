/**
 * Bank statement rows pasted into the payment chat — a CSV/TSV/pipe export with or without its
 * header line («Дата;Сумма;Контрагент;Назначение», «Дебет/Кредит», «Приход/Расход»,
 * «Debit/Credit», a signed «Сумма»), bullet rows, or a statement copied as text with one operation
 * a line between its balances («05.12 ООО «Альфа», ИНН … — +88 000,00 — Оплата по счету 6318») —
 * read as credits: each row's direction, sum, payer INN and purpose. Rows that left our account are
 * dropped; the purposes are read by the payment parser (incoming.ts).
 *
 * Pure. A text is a statement when it has a header line naming a sum column, or rows that say
 * which way the money went (a direction word or a sign); anything else is left to the chat parser.
 */
import { isCurrencySale } from './currency-sale';
import { parse } from 'csv-parse/sync';
import { checkINN } from 'ru-validation-codes';
import type { Incoming } from './incoming';
import { readPaymentOrder } from './payment-order';
import { readMt940 } from './statement-mt940';

type Direction = 'in' | 'out';
type Role =
  /** A code column of the payer's requisites («КПП», «БИК», «ОКТМО», «КБК»): never a sum, never an INN. */
  | 'code'
  | 'date'
  | 'purpose'
  | 'inn'
  | 'account'
  | 'debitAccount'
  | 'credit'
  | 'debit'
  | 'amount'
  | 'docno'
  | 'counterparty'
  | 'recipient'
  | 'recipientInn'
  | 'payerAccount'
  | 'recipientAccount'
  | 'direction';

function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u00a0\u2007\u202f\u2009]/g, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/(?<=\d)['’`](?=\d{3}(?!\d))/g, ' '); // «12'000.00»: thousands, as in normalise
}

/** A column's role by its name in the header, or by the label of a «Назначение: …» cell. */
function roleOf(name: string): Role | null {
  const n = fold(name).trim();
  if (!n) return null;
  // «Назначение», and as banks cut it short: «Назн.:», «Назнач. платежа:», «Назн. пл.».
  if (
    /назначени|(?<![\p{L}])назн(?:\.|ач)|purpose|описани|description|детал|details|reference|комментари|основани/u.test(
      n,
    )
  )
    return 'purpose';
  // «Счет плательщика» and «Счет получателя»: whose account each row names.
  if (/сч[е]т|account|р\/с/u.test(n) && !/сумм|amount/u.test(n)) {
    const payerSide = /плательщик|payer|remitter|отправител|sender/u.test(n);
    const recipientSide = /получател|beneficiar|recipient|payee/u.test(n);
    if (recipientSide && !payerSide) return 'recipientAccount';
    if (payerSide && !recipientSide) return 'payerAccount';
  }
  // «Получатель», «ИНН получателя», «Счет получателя» beside the payer's columns: the receiving side
  // of a credit is ours, never the payer (a combined «Плательщик/Получатель» stays the counterparty).
  if (/получател|beneficiar|recipient|payee/u.test(n) && !/плательщик|payer|remitter|отправител|sender/u.test(n))
    return /(?<![\p{L}])(?:инн|inn|tin)(?![\p{L}])/u.test(n) ? 'recipientInn' : 'recipient';
  if (/(?<![\p{L}])(?:инн|inn|tin)(?![\p{L}])/u.test(n)) return 'inn';
  // «КПП», «БИК плательщика», «ОКТМО», «КБК»: nine to twenty digits that are no sum (a КПП read as one).
  if (/^(?:кпп|бик|октмо|кбк|kpp|bic|swift)(?![\p{L}])/u.test(n)) return 'code';
  // «Счет Дебет»: the account money left — the payer's, on a credit row.
  if (/сч[е]т/u.test(n) && /дебет|(?<![\p{L}])дт(?![\p{L}])/u.test(n) && !/сумм/u.test(n)) return 'debitAccount';
  if (/сч[е]т|account|р\/с/u.test(n) && !/сумм|amount/u.test(n)) return 'account';
  if (/^(?:д\/к|к\/д|дт\/кт|кт\/дт|dr\/cr|cr\/dr|d\/c|c\/d)$/u.test(n)) return 'direction'; // one letter a row
  if (/дата|date/u.test(n)) return 'date'; // «Дата списания» is a date, not the debit column
  // «Приход/Расход», «Дебет/Кредит», «Поступление/Списание»: one column saying which way, each row a word.
  if (
    /(?:приход|кредит|поступлени\p{L}*)\s*\/\s*(?:расход|дебет|списани\p{L}*)|(?:расход|дебет|списани\p{L}*)\s*\/\s*(?:приход|кредит|поступлени\p{L}*)/u.test(
      n,
    )
  )
    return 'direction';
  if (
    /кредит|приход|поступ|зачислен|^(?:получено|пришло)(?![\p{L}])|credit|income|inflow|incoming|(?:money|paid)\s+in(?![\p{L}])|^in$|(?<![\p{L}])кт(?![\p{L}])/u.test(
      n,
    )
  )
    return 'credit';
  if (
    /дебет|расход|списан|^(?:отправлено|ушло)(?![\p{L}])|debit|outflow|outgoing|expense|withdrawal|(?:money|paid)\s+out(?![\p{L}])|^out$|(?<![\p{L}])дт(?![\p{L}])/u.test(
      n,
    )
  )
    return 'debit';
  if (/сумм|amount|^sum$/u.test(n)) return 'amount';
  if (/номер|№|док|doc|п\/п|number|^no\.?$/u.test(n)) return 'docno';
  if (
    /контрагент|плательщик|получатель|отправитель|корреспондент|counterparty|payer|sender|наименовани|организаци|name/u.test(
      n,
    )
  )
    return 'counterparty';
  if (/тип|вид|направлени|type|direction|операци/u.test(n)) return 'direction';
  return null;
}

/**
 * Separators of a table row; the bullet only between spaces (a card tail «••7093» is no column).
 * A comma separates columns only under a header that says so (chat text is full of commas).
 */
interface Separator {
  name: string;
  split: RegExp;
  /** The CSV delimiter, for cells quoted the CSV way («"ООО ""Кедр""";"Оплата …; доставка"»). */
  csv?: string;
}
const SEPARATORS: Separator[] = [
  { name: ';', split: /;/, csv: ';' },
  { name: 'tab', split: /\t/, csv: '\t' },
  { name: '|', split: /\|/ },
  // «06.03.2026 · Входящий · 700,00 ₽ · ИП Осин · …» too; a blank run is tried from its start only.
  { name: '•', split: /(?<!\s)\s+[•·]\s+/ },
];
const COMMA: Separator = { name: ',', split: /,/, csv: ',' };

function splitCells(line: string, sep: Separator): string[] {
  // A quote opening a cell; the quote first, then the look back (not tried at every blank of a run).
  if (sep.csv && /"(?<=(?:^|[;,\t])\s*")/.test(line)) {
    try {
      const [cells] = parse(line, { delimiter: sep.csv, relax_quotes: true, relax_column_count: true }) as string[][];
      if (cells) return cells;
    } catch {
      // Not well-formed CSV (a stray quote): the plain split below.
    }
  }
  return line.split(sep.split);
}

function cellsOf(line: string, separators: Separator[] = SEPARATORS): { sep: Separator; cells: string[] } | null {
  let best: { sep: Separator; cells: string[] } | null = null;
  for (const sep of separators) {
    const cells = splitCells(line, sep);
    if (cells.length >= 3 && (!best || cells.length > best.cells.length)) best = { sep, cells };
  }
  return best;
}

/** A sum: «+17 940,00», «−22 000,00», «26 315.00», «1,234.50», «211 760 руб. 00 коп.», «43518-36». */
const RE_MONEY =
  /^([+-]?)\s*(\d{1,3}(?:[ ]\d{3})+(?!\d)|\d{1,3}(?:,\d{3})+(?=\.\d{2}(?!\d))|\d{1,3}(?:\.\d{3})+(?=,\d{2}(?!\d))|\d+)(?:[.,](\d{1,2})(?!\d)|-(\d{2})(?!\d))?(?:\s*(₽|руб(?:л\p{L}*)?\.?|р\.?|rub|rur)(?![\p{L}]))?(?:\s*(\d{1,2})\s*коп\p{L}*\.?)?/u;

interface Money {
  value: number;
  sign: '+' | '-' | '';
  /** Written as money (kopecks, thousands groups or a currency), not a bare integer. */
  strong: boolean;
  length: number;
}

function money(text: string): Money | null {
  const m = RE_MONEY.exec(text);
  if (!m) return null;
  const [whole, sign = '', core = '', dec = '', dashDec = '', cur = '', kop = ''] = m;
  const kopecks = dec || dashDec || kop;
  const value = Number(core.replace(/[ ,.]/g, '')) + (kopecks ? Number(kopecks.padEnd(2, '0')) / 100 : 0);
  return {
    value: Math.round(value * 100) / 100,
    sign: sign as Money['sign'],
    strong: Boolean(kopecks || cur || /[ ,.]/.test(core)),
    length: whole.length,
  };
}

/** A direction word opening a cell: «Поступление», «Приход 16 000,00», «Кредит: 9 600,00», «Списание». */
const RE_DIRECTION_WORD =
  /^(?:(поступлени\p{L}*|поступил[оа]?|зачислени\p{L}*|зачислен[оа]?|пополнени\p{L}*|входящ\p{L}*|приход|кредит|кт|credit|incoming|income)|(списани\p{L}*|списан[оа]?|исходящ\p{L}*|расход|дебет|дт|debit|outgoing))(?![\p{L}])\s*:?\s*/u;
const MONTHS = 'январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр';
const RE_DATE = new RegExp(
  String.raw`^(?:\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}\s+(?:${MONTHS})\p{L}*(?:\s+(?:19|20)\d{2})?)(?![\d./-])\s*(?:г\.?\s*)?`,
  'u',
);
/** A cell holding a phone, whole or half hidden: «+7 922 *** 40 17», «8 (912) 555-10-05». */
const RE_PHONE_CELL = /^(?:\+7|8)[ (-]*\d{3}[ )-]*(?:\d{3}|[*•]{3})[ -]*(?:\d{2}|[*•]{2})[ -]*\d{2}$/u;
const RE_TIME = /^\d{1,2}:\d{2}(?::\d{2})?(?!\d)\s*/u;
const RE_LABEL = /^([\p{L}][\p{L} .()/]{0,40}?)\s*:\s*(.*)$/su;
/** «Сумма 73 500,00»: the sum's label without a colon, as 1C prints a receipt's row. */
const RE_SUM_LABEL = /^(сумма|sum|amount)\s+([+]?\d[\d  .,]*(?:\s*(?:руб\p{L}*|р\.|₽|rub|rur))?)$/iu;

/** A cell holding one invoice number: «4410», «1476/Н», «ТД-00145», «26-0412». */
const RE_INVOICE_CELL = /^(?:№\s*)?(?:\p{L}{1,4}-?)?\d{1,9}(?:[-/][\p{L}\d]{1,5})?$/u;

/** Words of a payment purpose (the counterparty's name has none of them). */
const RE_PURPOSE_WORDS =
  /оплат|(?<![\p{L}])сч(?:[е]т\p{L}*)?(?![\p{L}])|аванс|предоплат|доплат|плат[е]ж|возврат|перевод|взнос|погашени|процент|кредит|займ|кэшб|средств|назначени/u;
const RE_LABELLED_INN = /(?<![\p{L}])(?:инн|inn)(?:\s*\/\s*кпп)?\s*:?\s*(\d{12}|\d{10})(?!\d)/u;

/**
 * «ООО «Луч-2»  7813004565  оплата по сч 7322»: a bare 10- or 12-digit number before the purpose's
 * words, with the INN's check digits (ru-validation-codes), is the payer's INN.
 */
function bareInn(text: string): string | null {
  const f = fold(text);
  const head = f.slice(0, f.search(RE_PURPOSE_WORDS) >= 0 ? f.search(RE_PURPOSE_WORDS) : f.length);
  for (const m of head.matchAll(/(?<![\d/])(\d{12}|\d{10})(?![\d/])/g)) if (checkINN(m[1] ?? '')) return m[1] ?? null;
  return null;
}

const RE_HEADED_LINE =
  /^(?:(?:поступлени\p{L}*|приход|кредит|кт|списани\p{L}*|расход|дебет|дт)\s*:?\s*|[+-]\s?)\d{1,3}(?:[ ]\d{3})*[.,]\d{2}(?!\d)/u;

/** «Поступления: 64 880,00», «Списания: 0,00»: a direction word and a sum, nothing else on the line. */
const RE_TURNOVER_LINE =
  /^(?:поступлени\p{L}*|приход|кредит|списани\p{L}*|расход|дебет)\s*:?\s*\d{1,3}(?:[ ]\d{3})*[.,]\d{2}\s*(?:₽|руб\.?|rub|rur)?$/u;

/** «Остаток на начало: …», «Входящий остаток …», «Исходящее сальдо …»: a statement's balance line. */
const RE_BALANCE_LINE =
  /^(?:(?:входящ|исходящ|начальн|конечн)\p{L}*\s+(?:остат|сальдо)\p{L}*|(?:остат|сальдо)\p{L}*\s+на\s+(?:начал|конец|конц))/u;

/**
 * A statement's total for the period, not an operation: «Поступления: 64 880,00», «Списания: 0,00»,
 * «Поступления за период: 30 000,00» — a plural or «за период» label and a sum, nothing else.
 */
const RE_PERIOD_TOTAL =
  /^(?:(?:поступлени|списани|зачислени|приход|расход)\p{L}*\s+за\s+период|(?:поступлени|списани|зачислени)я)\s*:?\s*[+-]?\s?\d{1,3}(?:[ ]\d{3})*[.,]\d{2}\s*(?:₽|руб\.?|rub|rur)?\s*$/u;

/** What one row says. */
interface Row {
  direction: Direction | null;
  /** The row has a direction word or a sign (a headerless row has nothing else to go by). */
  directed: boolean;
  amount: number | null;
  inn: string | null;
  /** The recipient's INN, from its own column (ours on a credit). */
  recipientInn?: string | null;
  /** Each side's account and the recipient's name, from their own columns. */
  payerAccount?: string | null;
  recipientAccount?: string | null;
  recipientName?: string | null;
  payer: string | null;
  purpose: string;
}

interface Field {
  role: Role | null;
  value: string;
}

/** A signed or worded sum found at the head of a cell. */
interface Sum {
  value: number;
  direction: Direction | null;
}

function directionWord(m: RegExpExecArray): Direction {
  return m[1] ? 'in' : 'out';
}

const RE_OUT_OPERATION =
  /^(?:комисси|покупк|сняти|выдач|налог|оплата\s+(?:поставщик|налог|услуг|труда)|перевод\s+(?:на|в|поставщик)|возврат\s+покупател|платеж\s+поставщик)\p{L}*/u;
const RE_IN_OPERATION = /^(?:оплата\s+от\s+покупател|поступлени|пополнени|возврат\s+от\s+поставщик)\p{L}*/u;

const RE_TRAILING_DIRECTION = /^\s*\(?(?:(кт|к|cr|кредит|credit)|(дт|д|dr|дебет|debit))\)?\s*$/u;

/**
 * The head of a cell read as date, time, direction words and sums («05.12.2026 Кредит 9 450,00
 * Плательщик …»); the rest is text.
 */
function readHead(value: string, sums: Sum[], strongOnly: boolean): { text: string; direction: Direction | null } {
  let rest = value.trim();
  let pending: Direction | null = null;
  let word: Direction | null = null;
  const from = sums.length;
  for (;;) {
    const f = fold(rest);
    const date = RE_DATE.exec(f) ?? RE_TIME.exec(f);
    if (date) {
      rest = rest.slice(date[0].length);
      continue;
    }
    const w = RE_DIRECTION_WORD.exec(f);
    if (w) {
      pending = directionWord(w);
      word ??= pending;
      rest = rest.slice(w[0].length);
      continue;
    }
    const m = money(f);
    if (m && (m.strong || !strongOnly) && /^(?:\s|$|[,;.—–-])/u.test(f.slice(m.length))) {
      let own: Direction | null = m.sign === '-' ? 'out' : m.sign === '+' ? 'in' : pending;
      // The direction after the sum, closing the cell: «12 000,00 Кт», «4 000,00 Д», «6 600.00 CR».
      const trailing = own ? null : RE_TRAILING_DIRECTION.exec(f.slice(m.length));
      if (trailing) own = trailing[1] ? 'in' : 'out';
      if (m.value > 0) sums.push({ value: m.value, direction: own });
      pending = null;
      rest = rest.slice(m.length + (trailing?.[0].length ?? 0)).replace(/^\s*[,;.—–-]?\s*/u, '');
      continue;
    }
    break;
  }
  // The direction of the sums read here («Дебет 0,00 Кредит 9 450,00» is a credit); a direction word
  // alone («Приход») when there was no sum.
  const read = sums.slice(from);
  const direction = read.length ? (read.find((s) => s.direction)?.direction ?? null) : word;
  return { text: rest.trim(), direction };
}

const RE_MONEY_INSIDE = new RegExp(String.raw`(?<![\p{L}\d.,/])${RE_MONEY.source.slice(1)}`, 'gu');

/**
 * A sum inside a row's text: the first signed one («+45 000,00»), or, in a row that has said its
 * direction, the first written as money that is no VAT («в т.ч. НДС 22% 2 218,03») nor a phone.
 */
interface Inside {
  start: number;
  end: number;
  value: number;
  direction: Direction | null;
}

function moneyInside(text: string, directed: boolean): Inside | null {
  const f = fold(text);
  let unsigned: Inside | null = null;
  for (const m of f.matchAll(RE_MONEY_INSIDE)) {
    const start = m.index ?? 0;
    const got = money(f.slice(start));
    if (!got?.strong || got.value <= 0) continue;
    const end = start + got.length;
    if (/^[-\s]?\d{2}-\d{2}/.test(f.slice(end)) || /^\s*%/.test(f.slice(end))) continue; // a phone, a rate
    if (/^\.\d{2,4}(?!\d)/.test(f.slice(end))) continue; // a date's day and month, «от 13.03.2026»: no kopecks
    if (/(?:ндс|т\.\s?ч\.|том\s+числе|%)[^\p{L}]*$/u.test(f.slice(Math.max(0, start - 20), start))) continue;
    if (got.sign) return { start, end, value: got.value, direction: got.sign === '-' ? 'out' : 'in' };
    if (directed && !unsigned) unsigned = { start, end, value: got.value, direction: null };
  }
  return unsigned;
}

/** The payer's INN named in a purpose, not the customer's a third party pays for («Оплата за ООО "Кедр" ИНН …»). */
function innInPurpose(purpose: string): string | null {
  const f = fold(purpose);
  const re = new RegExp(RE_LABELLED_INN.source, 'gu');
  for (const m of f.matchAll(re)) {
    const before = f.slice(Math.max(0, (m.index ?? 0) - 60), m.index);
    if (/(?<![\p{L}])за\s+(?:ооо|оао|зао|пао|ао|ип|"|«)/u.test(before)) continue;
    return m[1] ?? null;
  }
  return null;
}

/**
 * A row of totals or balances, not an operation: a cell opening with «Итого обороты», «Входящий
 * остаток», «Сальдо» — unless it is a purpose naming an invoice («Остаток по счету 6368»).
 */
const RE_SUMMARY_CELL =
  /^(?:(?:входящ|исходящ|начальн|конечн)\p{L}*\s+)?(?:итог\p{L}*|всего|оборот\p{L}*|остат(?:ок|ка)|сальдо|баланс\p{L}*|total|balance|opening|closing)(?![\p{L}])/u;
const RE_NAMES_INVOICE = /оплат|(?<![\p{L}])сч(?:[е]т\p{L}*)?\.?\s*(?:№\s*)?\d{1,12}(?!\d)/u;

function isSummary(fields: Field[]): boolean {
  return fields.some((f) => {
    const v = fold(f.value).trim();
    return f.role !== 'purpose' && RE_SUMMARY_CELL.test(v) && !RE_NAMES_INVOICE.test(v);
  });
}

function readRow(fields: Field[], strongOnly: boolean, checkedInn = false): Row | null {
  if (isSummary(fields)) return null;
  const sums: Sum[] = [];
  const credits: number[] = [];
  const debits: number[] = [];
  const purposes: string[] = [];
  const texts: string[] = [];
  /** Text of cells without a column: the purpose, the payer, and maybe the sum. */
  const loose: string[] = [];
  let inn: string | null = null;
  let payer: string | null = null;
  let direction: Direction | null = null;
  /** «"40702810…\nИНН 7813704253\nООО Верфь"» under «Счет Дебет»: the payer of a credit. */
  let debitInn: string | null = null;
  let recipientInn: string | null = null;
  let payerAccount: string | null = null;
  let recipientAccount: string | null = null;
  let recipientName: string | null = null;
  /** The columns «Дебет»/«Кредит» that hold an account, not a sum. */
  const sideAccounts: Array<'credit' | 'debit'> = [];
  for (const { role, value } of fields) {
    const v = value.trim();
    if (!v) continue;
    const f = fold(v);
    switch (role) {
      case 'credit':
      case 'debit': {
        // «Дебет | Кредит» holding the accounts, the sum in a column of its own (Sber's «Сумма в валюте
        // счета»): a twenty-digit account is never a sum; the side it stands on tells the direction.
        if (/^\d{20}$/.test(f.replace(/[\s.]/g, ''))) {
          sideAccounts.push(role);
          break;
        }
        const m = money(f);
        if (m && m.value > 0) (role === 'credit' ? credits : debits).push(m.value);
        break;
      }
      case 'amount': {
        const head = readHead(v, sums, false);
        direction ??= head.direction;
        break;
      }
      case 'inn':
        inn ??= /(\d{12}|\d{10})(?!\d)/.exec(f)?.[1] ?? null;
        break;
      case 'purpose':
        purposes.push(v);
        break;
      case 'counterparty':
        payer ??= v;
        texts.push(v);
        break;
      case 'direction': {
        const word = RE_DIRECTION_WORD.exec(f);
        if (word) direction ??= directionWord(word);
        else if (/^(?:к|c|cr)$/u.test(f.trim())) direction ??= 'in';
        else if (/^(?:д|d|dr)$/u.test(f.trim())) direction ??= 'out';
        // An operation's type naming money out or in without a direction word: «Комиссия», «Покупка»,
        // 1C's «Оплата поставщику» / «Оплата от покупателя».
        else if (RE_OUT_OPERATION.test(f.trim())) direction ??= 'out';
        else if (RE_IN_OPERATION.test(f.trim())) direction ??= 'in';
        break;
      }
      case 'debitAccount':
        // «ИНН 7813704253», or bare on its own line under the account («40702810…\n5406872139\nООО …»).
        debitInn ??=
          RE_LABELLED_INN.exec(f)?.[1] ??
          bareInn(f) ??
          /(?:^|\n)[ \t]*(\d{12}|\d{10})[ \t]*(?:\n|$)/.exec(f)?.[1] ??
          null;
        payerAccount ??= /(?<!\d)(\d{20})(?!\d)/.exec(f)?.[1] ?? null; // the debit side pays
        break;
      case 'account':
        // Beside «Счет дебета», the other account («Счет кредита») is the receiving side.
        if (fields.some((x) => x.role === 'debitAccount'))
          recipientAccount ??= /(?<!\d)(\d{20})(?!\d)/.exec(f)?.[1] ?? null;
        // A list pasted from Excel under «Счет» («4410», «ТД-00145»): an invoice's number, no bank
        // account (an account has twenty digits).
        else if (RE_INVOICE_CELL.test(f.trim())) purposes.push(`Оплата по счету ${v}`);
        break;
      case 'code':
      case 'date':
      case 'docno':
        break;
      case 'recipient':
        recipientName ??= v;
        break;
      case 'payerAccount':
        payerAccount ??= /(?<!\d)(\d{20})(?!\d)/.exec(f)?.[1] ?? null;
        break;
      case 'recipientAccount':
        recipientAccount ??= /(?<!\d)(\d{20})(?!\d)/.exec(f)?.[1] ?? null;
        break;
      case 'recipientInn':
        recipientInn ??= /(\d{12}|\d{10})(?!\d)/.exec(f)?.[1] ?? null;
        break;
      default: {
        if (/^\d{20}$/.test(f) || /^(?:п\/п|№)?\s*\d{1,7}$/u.test(f) || RE_DATE.exec(f)?.[0].length === f.length) break;
        if (RE_PHONE_CELL.test(f.trim())) break; // an СБП payer's phone, «+7 922 *** 40 17»: no signed sum
        // A cell of its own holding an INN (in a text line, bare only with valid check digits).
        const innOnly = /^(инн\s*:?\s*)?(\d{12}|\d{10})$/u.exec(f);
        if (innOnly && (innOnly[1] || !checkedInn || checkINN(innOnly[2] ?? ''))) {
          inn ??= innOnly[2] ?? null;
          break;
        }
        // A short cell naming the operation («Комиссия», «Оплата поставщику», «Покупка»): its direction.
        if (/^\S+(?:\s+\S+)?$/u.test(f.trim()) && (RE_OUT_OPERATION.test(f.trim()) || RE_IN_OPERATION.test(f.trim()))) {
          direction ??= RE_OUT_OPERATION.test(f.trim()) ? 'out' : 'in';
          break;
        }
        const head = readHead(v, sums, strongOnly);
        direction ??= head.direction;
        if (head.text) loose.push(head.text);
      }
    }
  }
  // No sum at the head of a cell or in a sum column: «01.12.2026 Поступление от ООО «Кедр» ИНН …
  // +45 000,00 Оплата по счету 7160» has it after the payer.
  if (!sums.length && !credits.length && !debits.length) {
    for (const [k, t] of loose.entries()) {
      const inside = moneyInside(t, direction !== null);
      if (!inside) continue;
      sums.push({ value: inside.value, direction: inside.direction });
      loose.splice(k, 1, t.slice(0, inside.start), t.slice(inside.end));
      break;
    }
  }
  for (const part of loose.map((t) => t.trim()).filter(Boolean))
    (RE_PURPOSE_WORDS.test(fold(part)) ? purposes : texts).push(part);
  const directed = credits.length > 0 || debits.length > 0 || direction !== null || sums.some((s) => s.direction);
  let amount: number | null = null;
  if (credits.length) {
    direction = 'in';
    amount = credits[0] ?? null;
  } else if (debits.length) {
    direction = 'out';
    amount = debits[0] ?? null;
  } else {
    const incoming = sums.find((s) => s.direction === 'in');
    const unsigned = sums.find((s) => s.direction === null);
    const chosen = incoming ?? unsigned ?? sums[0];
    amount = chosen?.value ?? null;
    direction = chosen?.direction ?? direction;
  }
  // Only one side's account given: money moved to (Кредит) or from (Дебет) it.
  if (direction === null && sideAccounts.length === 1) direction = sideAccounts[0] === 'credit' ? 'in' : 'out';
  if (direction !== 'out') inn ??= debitInn; // unsigned under «Счет дебета»: the debit side paid us
  for (const t of texts) inn ??= RE_LABELLED_INN.exec(fold(t))?.[1] ?? null;
  for (const t of loose) inn ??= bareInn(t);
  const purpose = (purposes.length ? purposes : texts).join('\n');
  inn ??= innInPurpose(purposes.join('\n'));
  return {
    direction,
    directed,
    amount,
    inn,
    recipientInn,
    payerAccount,
    recipientAccount,
    recipientName,
    payer,
    purpose,
  };
}

/**
 * A row with no header, opening with its date, then maybe a document number, then a pair of sum
 * columns of which one is empty: «17.03.2026;2 400 000,00;;ООО …» (money out), «23.03.2026;;1 312 000,00;…»,
 * «26.03.2026⇥00000982⇥⇥164 700,00⇥…» (money in). A bank's export puts the debit before the credit
 * («Сумма по дебету;Сумма по кредиту»), so the empty cell's side tells the direction. The roles of
 * those cells by index, or null when the row is not in that shape.
 */
function debitCreditPair(cells: string[]): Array<Role | null> | null {
  const date = cells[0]?.trim() ?? '';
  if (!date || RE_DATE.exec(fold(date))?.[0].length !== date.length) return null;
  const isSum = (c: string | undefined): boolean => /^\s*\d{1,3}(?:[ \u00a0]?\d{3})*[.,]\d{2}\s*$/.test(c ?? '');
  const isEmpty = (c: string | undefined): boolean => c !== undefined && c.trim() === '';
  for (let j = 1; j + 1 < cells.length; j++) {
    const pair = (isEmpty(cells[j]) && isSum(cells[j + 1])) || (isSum(cells[j]) && isEmpty(cells[j + 1]));
    if (pair) {
      const roles: Array<Role | null> = cells.map(() => null);
      roles[0] = 'date';
      for (let k = 1; k < j; k++) roles[k] = 'docno';
      roles[j] = 'debit';
      roles[j + 1] = 'credit';
      return roles;
    }
    // Only a document number may stand between the date and the pair.
    if (!/^\s*(?:№\s*)?\d{1,10}\s*$/u.test(cells[j] ?? '')) return null;
  }
  return null;
}

/**
 * A CSV row with no header, opening with its date, its direction a cell of its own before the sum:
 * «28.03.2026,Кредит,8450.00,ООО …,7204008522,Оплата счета …» (a bank's export pasted without its
 * header line). The direction and the sum are joined into one labelled cell («Кредит: 8450.00»); null
 * for any other comma text (chat is full of commas).
 */
function directedCommaRow(line: string): { sep: Separator; cells: string[] } | null {
  if (!/^\s*\d{1,2}\.\d{1,2}\.\d{2,4}\s*,/.test(line)) return null;
  const cells = splitCells(line, COMMA);
  const k = cells.findIndex((c) => /^\s*(?:кредит|дебет|приход|расход|поступление|списание)\s*$/iu.test(c));
  if (k < 1 || !/^\s*[+-]?\d+(?:\.\d{2})?\s*$/.test(cells[k + 1] ?? '')) return null;
  return {
    sep: COMMA,
    cells: [...cells.slice(0, k), `${cells[k]?.trim()}: ${cells[k + 1]?.trim()}`, ...cells.slice(k + 2)],
  };
}

/** Fields of a cell that labels itself: «Назначение: Аванс по счету 1023», «Кредит: 9 600,00». */
function labelled(cell: string): Field {
  const m = RE_LABEL.exec(cell.trim()) ?? RE_SUM_LABEL.exec(cell.trim());
  const role = m ? roleOf(m[1] ?? '') : null;
  return role && m ? { role, value: m[2] ?? '' } : { role: null, value: cell };
}

/** A party's name as two cells may write it: «ООО «Север-Пласт»» and «ООО Север-Пласт» are one. */
function nameKey(name: string | null | undefined): string | null {
  const k = fold(name ?? '').replace(/[^\p{L}\d]+/gu, '');
  return k || null;
}

/** The payer's and the recipient's side of a row, by INN, by account and by name. */
const SIDES: Array<(r: Row) => [string | null, string | null]> = [
  (r) => [r.inn, r.recipientInn ?? null],
  (r) => [r.payerAccount ?? null, r.recipientAccount ?? null],
  (r) => [nameKey(r.payer), nameKey(r.recipientName)],
];

/**
 * Rows that do not say their direction but name both parties (INNs, accounts or names): every row has
 * us on one side, so the party to all of them, paying in one and receiving in another, is us — and
 * the rows we pay went out. `ownAccount`, named by the statement's title, is ours at once.
 */
function paidByUs(rows: Row[], ownAccount: string | null): (r: Row) => boolean {
  const shared = sharedParty(rows);
  return (r) => (ownAccount !== null && r.payerAccount === ownAccount) || shared(r);
}

function sharedParty(rows: Row[]): (r: Row) => boolean {
  for (const side of SIDES) {
    if (rows.length < 2 || rows.some((r) => !side(r)[0] || !side(r)[1])) continue;
    const shared = side(rows[0] as Row).filter(
      (v): v is string => Boolean(v) && rows.every((r) => side(r).includes(v)),
    );
    const ours = shared.filter((v) => rows.some((r) => side(r)[0] === v) && rows.some((r) => side(r)[1] === v));
    const us = ours.length === 1 ? ours[0] : null;
    if (us) return (r) => side(r)[0] === us;
  }
  return () => false;
}

/** «Выписка по счету 40702810954400017731 …»: the statement's own account, named in its title. */
function titleAccount(lines: string[]): string | null {
  for (const line of lines.slice(0, 3)) {
    const m = /^\s*выписк\p{L}*[^\n\d]{0,40}?(\d{20})(?!\d)/u.exec(fold(line));
    if (m) return m[1] ?? null;
  }
  return null;
}

function toCredits(rows: Row[], ownAccount: string | null = null): Incoming[] {
  const ours = paidByUs(rows, ownAccount);
  return (
    rows
      .filter((r) => !(ours(r) && !r.directed))
      .filter((r) => r.direction !== 'out' && r.amount !== null)
      // A currency sale's rouble credit names ourselves (our transit account) as the counterparty: no payer's INN.
      .map((r) => ({
        amount: r.amount,
        inn: isCurrencySale(r.purpose, r.payerAccount ?? '') ? null : r.inn,
        payer: r.payer,
        purpose: r.purpose,
      }))
  );
}

/**
 * A CSV row whose quoted cell runs over lines («"40702810…\nИНН 7813704253\nООО ВЕРФЬ"») is one
 * record: lines are joined while a quote is still open.
 */
function records(lines: string[], sep: Separator): string[] {
  if (!sep.csv) return lines;
  const out: string[] = [];
  let open: string | null = null;
  for (const line of lines) {
    const joined: string = open === null ? line : `${open}\n${line}`;
    open = (joined.match(/"/g)?.length ?? 0) % 2 === 1 ? joined : null;
    if (open === null) out.push(joined);
  }
  if (open !== null) out.push(open);
  return out;
}

/** The statement's credits, or null when the text is not a statement. */
export function readStatementRows(text: string): Incoming[] | null {
  const swift = readMt940(text); // «:61:…C35000,00…» / «:86:…»
  if (swift) return swift;
  const order = readPaymentOrder(text); // «ПЛАТЕЖНОЕ ПОРУЧЕНИЕ № 884 …»
  if (order) return order;
  // A bullet opening a row («• 05.12 +12 000 ₽ …», «● 06.12.2026 — Поступление …») is no part of it.
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => l.replace(/^\s*[•·▪●◦▸►](?=\s)/u, ''));

  // A header line: no digits, cells naming at least two known columns, one of them a sum.
  for (const [k, line] of lines.entries()) {
    const split = cellsOf(line, [...SEPARATORS, COMMA]);
    if (!split || /\d/.test(line)) continue;
    // Сбер's two-line header: «Счет» over «Дебет | Кредит» — each lower name joins the upper one it stands under.
    const sub = subHeader(split.cells, lines[k + 1], split.sep);
    const roles = (sub ?? split.cells).map(roleOf);
    const named = roles.filter(Boolean).length;
    if (
      named < (split.sep === COMMA ? Math.max(3, split.cells.length - 1) : 2) ||
      !roles.some((r) => r === 'credit' || r === 'debit' || r === 'amount') ||
      split.cells.some((c) => c.trim().split(/\s+/).length > 4) // column names, not a sentence
    )
      continue;
    const rows: Row[] = [];
    for (const data of records(lines.slice(k + (sub ? 2 : 1)), split.sep)) {
      const cells = { cells: splitCells(data, split.sep) };
      if (cells.cells.length < 2) continue;
      const row = readRow(
        cells.cells.map((value, i) => ({ role: roles[i] ?? null, value })),
        false,
      );
      if (row) rows.push(row);
    }
    if (rows.some((r) => r.amount !== null)) return toCredits(rows, titleAccount(lines));
  }

  const sber = sberRows(lines) ?? zeroPairRows(lines);
  if (sber) return sber;

  // No header: table rows, or a statement's text lines opening with the date; some must say which
  // way the money went.
  const rows: Row[] = [];
  // Text lines opening with a direction word and a sum («Приход 44 000,00 ООО …», «Расход …») or a
  // signed sum with kopecks («+22 000,00 ₽ — ИП Лаптев — оплата сч 6700»): rows when there are two
  // or more, or one between the statement's balances (one alone is a push, read as chat text).
  const headed = lines.filter((l) => RE_HEADED_LINE.test(fold(l.trim())) && !RE_PERIOD_TOTAL.test(fold(l.trim())));
  /** The last text row, while labelled lines of its own follow it. */
  let open: { fields: Field[]; at: number } | null = null;
  const balances = lines.some((l) => RE_BALANCE_LINE.test(fold(l.trim())));
  // «Поступления: 64 880,00» alone on its line above dated rows: the period's turnover, no operation.
  const dated = lines.some((l) => RE_DATE.exec(fold(l.trim()))?.index === 0);
  const turnovers: Row[] = [];
  // A header line not understood above («Зачислено на счет;Списано со счета;…») says the columns' order.
  const namedColumns = lines.some((l) => !/\d/.test(l) && cellsOf(l) !== null);
  for (const line of lines) {
    if ((headed.length >= 2 || balances) && headed.includes(line)) {
      // Fields set apart by a dash or by a run of spaces («Приход: 77 777,70  ООО «Форт»  ИНН …»).
      const row = readRow(line.split(/\s+[—–]\s+|[ \t]{2,}/u).map(labelled), true);
      if (row) rows.push(row);
      if (row && dated && RE_TURNOVER_LINE.test(fold(line.trim()))) turnovers.push(row);
      continue;
    }
    const split = cellsOf(line) ?? directedCommaRow(line);
    if (split) {
      const sides = split.sep.csv && !namedColumns ? debitCreditPair(split.cells) : null;
      const fields = split.cells.map((c, i): Field => {
        const role = sides?.[i];
        return role ? { role, value: c } : labelled(c);
      });
      const anchored = split.cells.some((c) => RE_DATE.exec(fold(c.trim()))?.[0].length === c.trim().length);
      const row =
        split.sep.name !== ';' || anchored || fields.some((f) => f.role !== null) ? readRow(fields, true) : null;
      if (row) rows.push(row);
      // «• 25.03.2026 · Поступление · 1 980 000,00 ₽» with the payer and the purpose indented under it.
      open = row && split.sep.name === '•' ? { fields, at: rows.length - 1 } : null;
      continue;
    }
    if (RE_DATE.test(fold(line.trim())) && /\s/.test(line.trim())) {
      // Fields set apart by a dash or by a run of spaces («11.11.2026  п/п 412  ООО …  Кредит 128 000,00  Оплата …»).
      const fields = line
        .trim()
        .split(/\s+[—–]\s+|[ \t]{2,}/u)
        .map(labelled);
      const row = readRow(fields, true, true);
      if (row) {
        rows.push(row);
        open = { fields, at: rows.length - 1 };
      }
      continue;
    }
    // «Назначение: …», «Плательщик: …», «ИНН …» on the lines under a text row (a push copied with its
    // date first) are that row's own fields.
    // A purpose may write a sum of its own («… НДС 22% - 38 229,51»): it is still the row's purpose.
    const more = labelled(line);
    // Started only where a run of digits and blanks starts: from inside «12 345 12 345 …» it read on to
    // the run's end from every group (quadratic); the run's start finds any sum an inner start would.
    const sumInside = /(?<![\d.,]|\d )\d[\d ]*[.,]\d{2}(?![\d.,])/.test(more.value);
    // A bullet row's own lines, indented under it and unlabelled («  АО "…", ИНН …, р/с …», «  «Аванс 30% …»»).
    const indented = open !== null && more.role === null && /^[ \t]+\S/u.test(line) && !RE_DATE.test(fold(line.trim()));
    if (open && (indented || (more.role && more.role !== 'date' && (more.role === 'purpose' || !sumInside)))) {
      open.fields.push(more);
      const row = readRow(open.fields, true, true);
      if (row) rows[open.at] = row;
      continue;
    }
    open = null;
  }
  const counted = rows.filter((r) => r.amount !== null);
  if (counted.length && !counted.some((r) => r.directed) && allCredited(lines, counted)) return toCredits(counted);
  if (!counted.length || !counted.some((r) => r.directed)) return null;
  // The turnover lines say which way the dated rows' money went; their sums are those rows' again.
  const operations = counted.filter((r) => !turnovers.includes(r));
  return toCredits(operations.length ? operations : counted);
}

/**
 * A header on two lines, as Sber's Excel copy writes it: «Дата проводки | Счет | | Сумма по дебету …»
 * over « | Дебет | Кредит | …». The column names joined («Счет Дебет», «Счет Кредит»), a cell left
 * empty above taking the name beside it; null when the next line is no such second header line.
 */
function subHeader(names: string[], next: string | undefined, sep: Separator): string[] | null {
  if (next === undefined || /\d/.test(next)) return null;
  const cells = splitCells(next, sep);
  const under = cells.map((c) => c.trim());
  if (!under.some(Boolean)) return null;
  // The second line names what stands under a name spanning two columns (an empty cell beside it), or
  // it says «Дебет» and «Кредит» under one name.
  const spans = under.some((c, i) => c && !(names[i] ?? '').trim()) && !under.some((c) => c.split(/\s+/).length > 3);
  if (!spans && !under.some((c) => /^(?:дебет|кредит)$/iu.test(c))) return null;
  let above = '';
  return names.map((n, i) => {
    if (n.trim()) above = n.trim();
    const u = under[i] ?? '';
    return u ? `${n.trim() || above} ${u}` : n;
  });
}

const RE_ACCOUNT_CELL = /^\s*\d{20}(?!\d)/;
const RE_SUM_CELL = /^\s*\d{1,3}(?:[ \u00a0]\d{3})*(?:[.,]\d{2})?\s*$/u;

/**
 * Sber's «Дата;Счет Дебет;Счет Кредит;Сумма по дебету;Сумма по кредиту;№;ВО;Банк;Назначение» rows
 * without their header: two account cells, then the debit and the credit sum (one of them empty);
 * the last cell is the purpose. The money in the credit column came in; the payer is the debit
 * account's. Null unless every row is so.
 */
function sberRows(lines: string[]): Incoming[] | null {
  const rows: Row[] = [];
  for (const line of lines) {
    const cells =
      cellsOf(
        line,
        SEPARATORS.filter((sep) => sep.name === ';' || sep.name === 'tab'),
      )?.cells ?? [];
    const [date = '', debitAcc = '', creditAcc = '', debit = '', credit = ''] = cells;
    if (
      cells.length < 6 ||
      RE_DATE.exec(fold(date.trim()))?.[0].length !== date.trim().length ||
      !RE_ACCOUNT_CELL.test(debitAcc) ||
      !RE_ACCOUNT_CELL.test(creditAcc) ||
      !(RE_SUM_CELL.test(debit) || !debit.trim()) ||
      !(RE_SUM_CELL.test(credit) || !credit.trim()) ||
      !debit.trim() === !credit.trim()
    ) {
      if (isFrameLine(line)) continue;
      return null;
    }
    const roles: Array<Role | null> = ['date', 'debitAccount', 'account', 'debit', 'credit'];
    const row = readRow(
      cells.map((value, i) => ({
        role: i < 5 ? (roles[i] ?? null) : i === cells.length - 1 ? 'purpose' : 'docno',
        value,
      })),
      false,
    );
    if (row) rows.push(row);
  }
  return rows.length ? toCredits(rows) : null;
}

/**
 * A line framing a statement's rows, not one of them: its title, its owner, its balances and
 * totals — or any line with no sum written with kopecks.
 */
function isFrameLine(line: string): boolean {
  const f = fold(line.trim());
  return (
    !/\d[.,]\d{2}(?!\d)/.test(f) ||
    RE_BALANCE_LINE.test(f) ||
    RE_PERIOD_TOTAL.test(f) ||
    /^(?:выписка|период|остаток|итог|обороты|всего)/u.test(f)
  );
}

const RE_KOPECK_SUM = /^\s*(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)[.,]\d{2}\s*$/u;
const isZeroSum = (c: string): boolean => RE_KOPECK_SUM.test(c) && !/[1-9]/.test(c);

/**
 * Headerless rows with a debit and a credit cell side by side, one of them «0,00» («05.12.2026 | 4475 |
 * 0,00 | 12 000,00 | ООО Ладья | Оплата …»): the debit comes first, as in every Russian statement.
 * Null unless every row has such a pair.
 */
function zeroPairRows(lines: string[]): Incoming[] | null {
  const rows: Row[] = [];
  for (const line of lines) {
    const cells = cellsOf(line)?.cells ?? [];
    const first = (cells[0] ?? '').trim();
    const at = cells.findIndex((c, i) => {
      const next = cells[i + 1] ?? '';
      return i > 0 && RE_KOPECK_SUM.test(c) && RE_KOPECK_SUM.test(next) && isZeroSum(c) !== isZeroSum(next);
    });
    if (RE_DATE.exec(fold(first))?.[0].length !== first.length || at < 0) {
      if (isFrameLine(line)) continue;
      return null;
    }
    const row = readRow(
      cells.map((value, i) => ({ role: i === at ? 'debit' : i === at + 1 ? 'credit' : null, value })),
      true,
    );
    if (row) rows.push(row);
  }
  return rows.length ? toCredits(rows) : null;
}

/**
 * Rows that do not say their direction, under the statement's period totals that do: «Поступления:
 * 64 880,00», «Списания: 0,00» — nothing went out and the rows add up to what came in.
 */
function allCredited(lines: string[], rows: Row[]): boolean {
  let credited: number | null = null;
  let debited = 0;
  for (const line of lines) {
    const f = fold(line.trim());
    if (!RE_PERIOD_TOTAL.test(f)) continue;
    const sum = money(f.replace(/^[^\d+-]*/u, ''))?.value ?? 0;
    if (/^(?:списани|расход)/u.test(f)) debited += sum;
    else credited = (credited ?? 0) + sum;
  }
  const total = rows.reduce((a, r) => a + (r.amount ?? 0), 0);
  return credited !== null && debited === 0 && Math.abs(total - credited) < 0.005;
}
