/**
 * Step 3 of the parser: mask what looks like a number but is neither an invoice nor a sum paid
 * now — account and card tails, balances, phones, dates, INN/KPP, document numbers (payment
 * orders, contracts, letters, statement columns), VAT, percentages, quantities, what is still
 * owed. Masking keeps every position (see grammar.ts `Text`). Pure.
 */
import {
  AMOUNT,
  endsAt,
  matchEndingAt,
  LETTER_INVOICE,
  NUM_START,
  parseAmount,
  RE_BEFORE_INVOICE,
  RE_STRONG_LETTERED,
  RE_YEAR_BETWEEN,
  seriesOf,
  type Span,
  SUM_FOLLOWS,
  Text,
} from './grammar';
import { checkINN } from 'ru-validation-codes';
import { closingBalance } from './balances';
import { maskForeignCurrency } from './currency-sale';
import { letteredBroughtByCorrection } from './corrections';
import { maskDeductions } from './deductions';
import { nameNumberSpans } from './names';
import { statementNumberSpans } from './statement-lines';
import { isNeighbour } from './lists';
import { MASK, MONTHS, PAID_VERBS, RE_PAID, RE_PAID_NOW } from './vocabulary';

// ---------------------------------------------------------------------------------------------
// Step 3: mask what looks like a number but is not an invoice nor a sum paid now.
// ---------------------------------------------------------------------------------------------

export interface Masked {
  text: Text;
  inns: string[];
  percents: number[];
  /** "50 000 из 120 000": the "из" sums (partial when the sum paid is less, or unknown). */
  outOf: number[];
  /** «остаток 5 000» after a payment: what is still owed (a partial payment). */
  owed: boolean;
  /** The invoice's own sum, named beside the sum paid («вместо 10 000», «сумма счета 40 000»). */
  invoiceSums: number[];
  /** «на 200 р меньше»: the sum paid fell short of the invoice's. */
  shortfall: boolean;
  /** A bank's balance line («Баланс: …», «Остаток: …»): its words say nothing about this payment. */
  quiet: Span[];
  /**
   * Sums taken back by «не X, а Y» (at: where «не» stands): the same sum said before is wrong too; `bare`: said
   * without its thousands («86 тыс… не 86 а 68 тыс»).
   */
  takenBack: Array<{ value: number; at: number; bare: boolean }>;
  /** «18 400 зачли поддонами», «удержали пени 2 150»: a deduction beside the money (a part payment). */
  deducted: boolean;
}

/** A push or SMS that starts with the bank's name: «Модульбанк: …», «СберБизнес: …», «VTB: …». */
/** A bank's name as a push or an SMS opens with it: «SberBusiness», «Альфа-Бизнес», «Сбер Бизнес», a Latin sender «BSPB». */
/** A date and a time copied before a bank's SMS: «05.12.2026 14:32 SberBusiness 7731: …». */
const STAMP = String.raw`(?:\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[ \t]+)?(?:\d{1,2}:\d{2}(?::\d{2})?[ \t]+)?`;

const BANK_NAME = String.raw`(?:[a-z]{2,12}|[\p{L}-]*(?:банк|бизнес|bank|business)\p{L}*|сбер\p{L}*|sber\p{L}*|втб|vtb|gpb|гпб|альфа|alfa|точка|tochka|тинькофф|tinkoff|райффайзен|raiffeisen|открытие|псб|psb|уралсиб|uralsib|мтс|mts|озон|ozon|совком\p{L}*|sovcom\p{L}*|убрир|ubrir|модуль\p{L}*)(?:[\s-]+(?:бизнес|business|банк|bank|онлайн|online))?`;

/**
 * A line opening with a bank's name and «:» or a full stop (a forwarded SMS has a header line above
 * it; a copied one may have its date and time before it): «Точка. Поступление …».
 */
export const RE_BANK_FIRST =
  /^[ \t]*(?:\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[ \t]+)?(?:\d{1,2}:\d{2}(?::\d{2})?[ \t]+)?(?:[\p{L}-]*(?:банк|бизнес|bank|business)\p{L}*|сбер|втб|точка|альфа|тинькофф|райффайзен|открытие|псб|уралсиб|sber|vtb|alfa|tinkoff|tochka)(?![\p{L}])(?:[^\n:]{0,20}:|\.\s)/mu;

/**
 * «оплатили ТД-5268», «Оплата БТ-4789», «по Б-12/2026 оплатили», «закрыли ТМ-26/0412», «за Р-7436 колодки»: a
 * lettered number (3+ digits, or a year after «/») right after the payment word, «закрыли», «по» or «за». Not a
 * standard («по ГОСТ-31108», «ТУ-…»); «СП-14262» is an invoice (a code of rules is «СП 70.13330», with a dot).
 */
/** «Оплата счетов 8627, » or «счетов 9137 и » right before «Г-15/2026»: a plural keyword's list goes on with a lettered number. */
const LISTED_AFTER_PLURAL =
  /(?<![\p{L}])сч[е]т(?:а|ам|ов|ах)\.?[\s:.]*(?:№\s*)?(?:\p{L}{1,4}-)?\d{3,9}(?:\/\p{L})?(?:\s*\([^()\n]{1,60}\))?(?:\s*[,;]\s*|\s+и\s+)$/u;

export function letteredAfterPayWord(id: string, before: string): boolean {
  return (
    RE_STRONG_LETTERED.test(id) &&
    (endsAt(RE_PAY_WORD_BEFORE, before) ||
      endsAt(/(?<![\p{L}])(?:по|за|закрыл[аи]?|назначени\p{L}*(?:\s+платеж\p{L}*)?:)\s+$/u, before))
  );
}
/**
 * «оплатили половину ТД-204», «внесли аванс по ТД-0412», «перевели остаток за ТД-210»: a share of the money
 * between the paid verb and a lettered number (3+ digits) names the invoice as the verb alone does.
 */
export function letteredAfterShareWord(id: string, before: string): boolean {
  return RE_STRONG_LETTERED.test(id) && endsAt(RE_SHARE_AFTER_PAID, before);
}
const RE_SHARE_AFTER_PAID =
  /(?<![\p{L}])(?:оплатил\p{L}*|оплачен\p{L}*|внесл[аи]|внес|перев[её]л\p{L}*|перечислил\p{L}*|закинул\p{L}*)\s+(?:половин\p{L}*|част[ьи]|аванс|предоплат\p{L}*|остаток)\s+(?:по\s+|за\s+)?$/u;
/**
 * «ГС-00812 оплачен, сумму уточню», «СМ-00731 — оплачен полностью»: a lettered number (3+ digits, or a
 * year after «/») right before the paid word names the invoice, with or without a sum.
 */
export function letteredBeforePaidWord(id: string, after: string): boolean {
  return (
    RE_STRONG_LETTERED.test(id) &&
    /^\s*(?:[—–:-]\s*)?(?:уже\s+|тоже\s+)?(?:оплачен\p{L}*|оплатил\p{L}*)(?![\p{L}])/u.test(after)
  );
}
/**
 * «1. ООО «СЗ Широкая Речка-4» — ТМ-26/0478 (КС-3 № 2) — 2 315 400,00 ₽», ««Малышева 128» ТМ-26/0632 —
 * 44 100,00»: a lettered number (3+ digits, or a year after «/») with a dash and a money-shaped sum right
 * after it (a note in brackets may stand between) is the item's invoice, wherever it stands in the line. So is
 * the first of a list of one series before the dash («МТ-1236 и МТ-1237 — …»), and a sum added up («— 6200 + …»).
 */
export function letteredBeforeSum(id: string, before: string, after: string): boolean {
  return (
    !endsAt(/(?:,|(?<![\p{L}])и)\s*$/u, before) && // «1665 и М-1666 — 33 000 и 9 000»: a list's second item (lists.ts)
    /^(?!(?:гост|ту|снип|ост|тр)-)\p{L}{1,4}\d{0,2}[-/](?:(?:0[1-9]|1[0-2])-)?(?:\d{3,}|\d{1,7}\/\d{2,4})/iu.test(id) &&
    /^[ \t]*(?:\([^()\n]{1,30}\)[ \t]*)?[-—–][ \t]*(?:\d{1,3}(?:(?:[ ]\d{3})+(?:[.,]\d{2})?|[.,]\d{2}|[ \t]?(?:₽|руб|р\.))(?!\d)|\d{3,7}(?=[ \t]*\+[ \t]*\d))/u.test(
      afterListed(id, after),
    )
  );
}

/** «МТ-1236 и МТ-1237 — …»: what follows the lettered numbers of `id`'s series listed right after it. */
function afterListed(id: string, after: string): string {
  const key = seriesOf(id);
  const item = new RegExp(String.raw`^[ \t]*(?:,|и(?![\p{L}]))[ \t]*(${LETTER_INVOICE})`, 'u');
  let rest = after;
  for (let k = 0, m = item.exec(rest); m && k < 5 && seriesOf(m[1] ?? '') === key; k++, m = item.exec(rest))
    rest = rest.slice(m[0].length);
  return rest;
}
/**
 * «4 200 на альфу упало. чв-4570»: a lettered number (3+ digits) said alone as the message's last
 * sentence or line names the invoice of the money told before it.
 */
export function letteredAlone(id: string, before: string, after: string): boolean {
  return (
    /^(?!(?:гост|ту|снип|ост|тр)-)\p{L}{1,4}\d{0,2}[-/](?:(?:0[1-9]|1[0-2])-)?\d{3,}/iu.test(id) &&
    endsAt(/[.!;\n][ \t]{0,3}$/u, before) &&
    /^[ \t]*[.!]?\s*$/u.test(after)
  );
}
/**
 * «• ТД-00145 — ПКФ Альянс — 64 800»: a lettered number (3+ digits, or a year after «/»: «А-41/2026») opening a line of a list,
 * with a sum further along that line, is the item's invoice.
 */
export function letteredOpensItem(id: string, before: string, after: string): boolean {
  const lineEnd = after.indexOf('\n');
  const restOfLine = lineEnd < 0 ? after : after.slice(0, lineEnd);
  // The marker may still be there («- », «— ») or masked already («~ »).
  return (
    /^\p{L}{1,4}\d{0,2}[-/](?:(?:0[1-9]|1[0-2])-)?(?:\d{3,}|\d{1,7}\/\d{2,4})/u.test(id) &&
    endsAt(/(?:^|\n)[ \t]*(?:[-•·*~]+[ \t]+)?$/u, before) &&
    /\d/.test(restOfLine)
  );
}
/**
 * «КЛ-11-118 – КЛ-11-120», «ТД-204 — ТД-206»: the last invoice of a range written with its letters on both
 * ends (the first one is read by the rules above; parse.ts lists the range).
 */
export function letteredRangeEnd(id: string, before: string): boolean {
  const head = /^(\p{L}{1,4}(?:\d\d)?-(?:\d{1,2}-)?)\d{3,}$/u.exec(id)?.[1];
  return Boolean(head) && endsAt(new RegExp(`(?<![\\p{L}])${head}\\d{3,}\\s*[-—–]\\s*$`, 'iu'), before);
}
/**
 * «за АО «Камский завод» (», «за ИП Кузин А.А., », «за ООО "Дент" »: right before the INN of the customer a third
 * party pays for.
 */
const RE_PAID_FOR_BEFORE =
  /(?<![\p{L}])за\s+(?:ооо|оао|зао|пао|ао|ип|гбу\p{L}*|мбу\p{L}*)\s[^()\n;|\t]{1,60}(?:[(,]\s*|\s)$/u;

/** «сч ms-», «№ tk-»: the Latin letters of an invoice number right after its keyword. */
const RE_LATIN_LETTERED_AFTER_KEYWORD = /(?<![\p{L}])(?:сч\p{L}*\.?|№)\s*[a-z]{1,4}-$/u;

export const RE_PAY_WORD_BEFORE = /(?<![\p{L}])(?:оплат\p{L}*|оплачен\p{L}*|опл\.?)\s+$/u;

/** A money-shaped sum («15 000», «4 000 руб», «7к») anywhere in `s` outside `skip`. */
export function moneyOutside(s: string, skip: Span): boolean {
  const re = new RegExp(`${NUM_START}${AMOUNT}`, 'gu');
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const end = m.index + m[0].length;
    if (end > skip.start && m.index < skip.end) continue;
    if (parseAmount(m[0].trimEnd())?.money) return true;
  }
  return false;
}

/** The payment words after which the next sum is the money that came in. */
export const RE_PAID_BEFORE = new RegExp(`(?:${RE_PAID_NOW.source})[^,;\\n.!?]*$`, 'iu');

/**
 * «доплатили по 3542 остаток 2 000», «пришел по 4703 остаток 12 000»: «остаток N» is the sum
 * paid now when a payment word comes before it in its clause and no other sum is written
 * anywhere. With another sum («пришло 9 500, остаток 3 000») or no payment word before it
 * («оплачен частично, остаток 3 000») it is what is still owed.
 */
export function remainderPaidNow(s: string, m: RegExpExecArray): boolean {
  // «по 4457 остаток 22 500 пришёл»: the arrival word right after the remainder, or right after the
  // invoice it names («остаток 2000 по счету 943 оплачен»).
  if (
    /^\s*(?:по\s+(?:сч\p{L}*\.?\s*)?(?:№\s*)?(?:\p{L}{1,4}-)?\d[\d/-]*\s*[-—:,]?\s*)?(?:уже\s+)?(?:пришел|пришл\p{L}*|поступил\p{L}*|зачислен\p{L}*|упал\p{L}*|прилетел\p{L}*|закинул\p{L}*|оплатил\p{L}*|оплачен\p{L}*)(?![\p{L}])/u.test(
      s.slice(m.index + m[0].length),
    )
  )
    return true;
  const before = s.slice(Math.max(0, m.index - 60), m.index);
  const verb = RE_PAID_BEFORE.exec(before);
  if (!verb || /частичн|не\s+полност/u.test(before)) return false;
  // «пришло 9500 остаток 3000»: a number between the payment word and «остаток» that does not
  // name the invoice («по 3542», «сч 4705», «№ 12») is the sum paid.
  const between = verb[0].replace(/(?<![\p{L}])(?:по|сч\p{L}*\.?|№)\s*(?:№\s*)?[\d/-]+/gu, '');
  if (/\d/.test(between)) return false;
  return !moneyOutside(s, { start: m.index, end: m.index + m[0].length });
}

/**
 * «3343 оплачен 5т», «по 4713 пришло 7 т»: «т» right after a payment word (or «на», a dash),
 * with no goods named after it and no other sum in the message, is thousands of roubles — nobody
 * announces a payment in tonnes. «20 т щебня», «щебень 3 т» stay quantities.
 */
export function thousandsNotTonnes(s: string, m: RegExpExecArray): boolean {
  if (!/^\d+\s*т$/u.test(m[0])) return false;
  const before = s.slice(Math.max(0, m.index - 40), m.index);
  const after = s.slice(m.index + m[0].length);
  if (
    !new RegExp(
      `(?:(?:${RE_PAID_NOW.source})\\s+(?:по\\s+)?(?:\\d{3,7}\\s+)?|(?<![\\p{L}])(?:на|сумм\\p{L}*)\\s+|[-:]\\s*)$`,
      'iu',
    ).test(before)
  )
    return false;
  if (/^\s*(?!(?:от|по|сегодня|вчера|спасибо)(?![\p{L}]))\p{L}/u.test(after)) return false;
  return !moneyOutside(s, { start: m.index, end: m.index + m[0].length });
}

/**
 * An INN that is ours, not the payer's: in the recipient's field («Получатель: ООО «Автополимер», ИНН
 * 3328491073»), or on the owner's line under a statement's title («Выписка по счету …\nООО "СИБКАБЕЛЬ-ТОРГ",
 * ИНН 5504231870»: one of the first lines, with no sum on it).
 */
function isOurs(s: string, at: number): boolean {
  if (/(?<![\p{L}])получател\p{L}*\s*:?[^.;\n:]{0,80}$/u.test(s.slice(Math.max(0, at - 90), at))) return true;
  if (!/^\s*выписк/u.test(s)) return false;
  const lineStart = s.lastIndexOf('\n', at) + 1;
  const lineEnd = s.indexOf('\n', at) < 0 ? s.length : s.indexOf('\n', at);
  const lineNo = s.slice(0, lineStart).split('\n').length - 1;
  return lineNo <= 2 && !/\d[.,]\d{2}(?!\d)/.test(s.slice(lineStart, lineEnd));
}

/** Street words of an address («ул.», «шоссе», «проспект», «пер.», «наб.»…). */
const STREET =
  'ул\\.|улиц\\p{L}*|просп\\p{L}*|пр-т|переул\\p{L}*|пер\\.|шоссе|наб\\.|набережн\\p{L}*|бульвар\\p{L}*|б-р|площад\\p{L}*|проезд\\p{L}*|тракт';

/**
 * An INN on a line whose last party label names the receiving side — «Получатель: ООО …, ИНН …», a
 * statement's «Организация: …» or «Клиент: …» (its owner) — is ours, not the payer's.
 */
function recipientsInn(s: string, at: number): boolean {
  const line = s.slice(s.lastIndexOf('\n', at - 1) + 1, at);
  let last: 'payer' | 'recipient' | null = null;
  for (const m of line.matchAll(
    /(?<![\p{L}])(?:(плательщик\p{L}*|отправител\p{L}*|от)|(получател\p{L}*|организаци[яи](?=\s*:)|клиент(?=\s*:)|владел\p{L}*\s+сч[е]та))(?![\p{L}])/gu,
  ))
    last = m[1] ? 'payer' : 'recipient';
  return last === 'recipient';
}

/** «не КР-402, а » right before a lettered number: group 1 the letters taken back. */
const RE_NOT_LETTERED_BUT = /(?<![\p{L}])не\s+(\p{L}{1,4}\d{0,2}-)\d+\s{0,3},?\s{0,3}а\s+$/u;

/** An invoice word right before a number: «по счету », «сч. № », «счёт №». */
/** A purpose naming the invoice paid with its word: «Оплата по счету 4644», «по сч. 00889», «оплата счета 12». */
const RE_PAID_BY_INVOICE_WORD = /(?<![\p{L}])(?:по|оплат\p{L}*)\s+сч(?:[её]т\p{L}*)?\.?\s*(?:№\s*)?[\p{L}\d]/u;
const RE_INVOICE_WORD_BEFORE = /(?<![\p{L}])(?:сч[е]т(?:а|у|ом|ам|ов|ах|е)?|сч)\.?\s*(?:№\s*)?$/u;

export function maskNoise(norm: string, raw: string): Masked {
  const t = new Text(norm);
  const inns: string[] = [];
  const forWhom: string[] = [];
  const percents: number[] = [];
  const quiet: Span[] = [];
  const outOf: number[] = [];
  let owed = false;
  const invoiceSums: number[] = [];
  let shortfall = false;
  const takenBack: Masked['takenBack'] = [];
  const D = String.raw`(?<![\d])`;
  const ND = String.raw`(?![\d])`;

  // Bank pushes and SMS: the account or card tail («на счет *2345», «СЧЁТ2345», «Карта *7788»,
  // «MIR-4412», «VISA1234») and the balance after the payment («Баланс: 152 340.17р»,
  // «Доступно 61 250,40 ₽», «Остаток: …», «Ост. …») are neither the sum nor an invoice.
  maskForeignCurrency(t); // «3 150 $ … по 87,90 — зашло 276 885»: the roubles are the sum
  t.mask(RE_ONE_C); // «по счету из 1С ИК00-000418»: the accounting program, not «из 1» (a part of one)
  const smsLike = !RE_PAID.test(norm) || /\d{1,2}:\d{2}|(?<![\p{L}])(?:баланс|доступно|остаток|ост\.)/u.test(norm);
  // A bullet opening a line is a list marker («• 6233 — ИП Ковалёва — 7 250»), not a card's
  // masked digits; masked first so the tail mask below does not take the item's number.
  t.mask(/^[ \t]*[•·*](?=[ \t])/gm);
  // «*2345», «··4817», «40702810*1234», «40702810...4455»; not a sum after a «···» between columns
  // («… ··· 54 000,00 ··· …»): thousands or kopecks follow it.
  t.mask(/\d{0,16}(?:[*•·…]{1,6}|\.{2,6})\s?\d{2,6}(?!\d|[ ]\d{3}(?!\d)|,\d{2}(?!\d))/g);
  t.mask(/(?<![\d])\d{4}(?:[ -]\d{4}){3}(?![\d])/g); // a whole card number «4276 3800 1234 5678»
  // An SMS cut short: «Оплата по счету 19…» names no number. From a run's first digit only (the
  // leftmost match anyway): tried inside a long run of digits, \d+ re-read the rest of it each time.
  t.mask(/(?<!\d)\d+(?:…|\.{3})\s*$/g);
  t.mask(
    /(?<![\p{L}])(?:сч[е]т|visa|mir|мир|ecmc|mc|maestro|master\p{L}*|card|карт[аыу])(?:\d{4}|[\s-]\d{4})(?!\d)/gu,
    // «счет 1234» is an invoice; only «СЧЁТ2345» is an account — unless a paid verb and no SMS
    // time or balance says it is the director's «счет3373 оплачен 6 600».
    (m) => !/^сч[е]т[\s-]/.test(m[0]) && !(/^сч[е]т\d/.test(m[0]) && !smsLike),
  );
  const bankish =
    /[*•·…]\s?\d{2,6}|(?<![\p{L}])(?:rub|rur|карт[аы])(?![\p{L}])/u.test(norm) ||
    (smsLike && /сч[е]т\d{4}/.test(norm)) ||
    RE_BANK_FIRST.test(norm);
  // A unit price after a quantity in a bank text's purpose («3 шт. по 2 000 руб.», «4 м. по 1 200р»):
  // what one costs, not what was paid. A count after «×» may come before the price of one
  // («1 л ×500 по 22,50»: the size of one, how many, what one costs).
  // In chat too when the price is written as money («карбамид 60 т по 41 800», «300 п.е. по 1 800»,
  // «40 т х 24 300 = 972 000»): a bare «5 т по 1060» may still be thousands paid for an invoice.
  const unitPrice = new RegExp(
    String.raw`(?<![\p{L}\d])\d{1,5}(?:[.,]\d{1,3})?\s?(?:шт|штук\p{L}*|ед|м|мм|м2|м3|кг|т|тн|тонн\p{L}*|п\.\s?е|л|уп\p{L}*|компл\p{L}*|пар\p{L}*|рулон\p{L}*|бухт\p{L}*)\.?(?:\s{1,3}(?:по|x|х|×)|\s{0,3}[*×])\s{0,3}${NUM_START}(${AMOUNT})(?:\s{1,3}по\s{1,3}${NUM_START}${AMOUNT})?`,
    'gu',
  );
  // A size «6,3х40», «58*40», «300х300х80» (a screw, a label, a box) is never a sum, decimals and all;
  // not «2 х 15 000» or «3×5 000 ₽», a count of payments of a sum.
  t.mask(
    /(?<![\p{L}\d.,/~-])\d{1,4}(?:[.,]\d{1,2})?(?:\s?[xх×*]\s?\d{1,4}(?:[.,]\d{1,2})?)+(?![\d.,]|[ ]\d{3}(?!\d)|\s?(?:₽|р\.?|руб|тыс|т\.?р|к)(?![\p{L}]))/gu,
  );
  // A statement row («16.12.2026;4418;126 480,00;…;Оплата по счету 2582 за 2 т по 63 240 руб.») is bank text too.
  const statementRow = /^[ \t]*\d{2}\.\d{2}\.\d{2,4}[ \t]*[;\t|]/m.test(raw);
  if (bankish || statementRow || /₽|(?<![\p{L}])назначени/u.test(norm)) t.mask(unitPrice);
  else t.mask(unitPrice, (m) => parseAmount((m[1] ?? '').trimEnd())?.money === true);
  // Grey cast iron's grade in capitals glued to its figure («отливки СЧ20», «чугун СЧ25»), found on the
  // text as written: not «сч20», an invoice written in haste in lower case.
  if (raw.length === t.s.length)
    t.maskSpans(
      [...raw.matchAll(/(?<![\p{L}\d])СЧ\d{1,2}(?![\d/-])/gu)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
      })),
    );
  // The statement's document-number column, found on the text as written (normalising turned its
  // tabs into spaces).
  if (raw.length === t.s.length) t.maskSpans(statementNumberSpans(raw));
  // «Ост.3 282 330,41»: the balance's figure may follow the abbreviation's full stop with no blank;
  // an English push's «Balance RUB 2,018,934.55» names its currency first.
  const BALANCE_START = String.raw`(?<![\p{L}\d,/~\-])`;
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:баланс\p{L}*|balance|available(?:\s+balance)?|доступно|доступн\p{L}*\s+остат\p{L}*|ост\.?(?:\s+средств)?|дост\.|остаток\s+на\s+(?:сч[е]т\p{L}*|карт\p{L}*)|остаток(?:\s+по\s+(?:сч[е]ту|карте))?(?=\s*~*\s*:)${bankish ? String.raw`|остаток|на\s+сч[е]те` : ''})\.?(?:\s*~+)?\s*[:=]?\s*(?:(?:rub|rur|руб\.?|₽)\s?)?${BALANCE_START}${AMOUNT}`,
      'gu',
    ),
    (m) => {
      quiet.push({ start: m.index, end: m.index + m[0].length });
    },
  );
  // «… назн: опл.сч.3908. Остаток 1 918 202,73» from a bank not known by name: the balance closing the text.
  const closing = closingBalance(t.s);
  if (closing) {
    quiet.push(closing);
    t.maskSpan(closing);
  }

  // A number ending the payer's name in a bank push, the sum written with its currency elsewhere:
  // «от ООО МОНТАЖ-ЛАЙН 2000.», «от ООО ГАРАНТ 2005 Баланс: …» (the balance already masked, «~»),
  // «от АО «ЗАВОД 1812», счет *…» — a bank writes the name in capitals, the word before the number
  // too (chat «от ИП Зотов 5000, …» is a sum). Digits first, then the look back (only where digits stand).
  const capitalised = (m: RegExpExecArray): boolean =>
    raw.length !== norm.length || /[A-ZА-ЯЁ]{2,}[\s"«-]{1,3}$/u.test(raw.slice(Math.max(0, m.index - 40), m.index));
  const NAME_WORD = String.raw`(?!(?:по|за|на|в|и|от|сч\p{L}*|оплат\p{L}*|инн|назначени\p{L}*)(?![\p{L}]))[\p{L}][\p{L}-]{0,30}`;
  if (/\d\s?(?:₽|руб|rub|rur|р(?![\p{L}]))/u.test(norm))
    t.mask(
      new RegExp(
        String.raw`\d{1,5}(?<=(?<![\p{L}])от\s{1,3}(?:ооо|оао|зао|пао|ао|ип)\s{1,3}"?${NAME_WORD}(?:\s{1,3}${NAME_WORD}){0,3}[\s-]\d{1,5})(?="?\s*(?:[.,;)~]|$|баланс|доступно|ост\p{L}*|по\s|сч|инн))`,
        'gu',
      ),
      capitalised,
    );

  // The bank's fee beside the sum credited («комиссия 75р», «Комиссия за перевод: 75 ₽», «комиссия
  // банка 150 ₽», «fee 150.00 RUB»): not money paid to us.
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:комиссия|fee)(?:\s+(?:банка|за\s+(?:перевод|операци|зачислени|платеж)\p{L}*))?\s*[:=]?\s*${NUM_START}${AMOUNT}`,
      'gu',
    ),
  );

  // Sber's SMS short number before the text: «900: Зачисление 3 500р …».
  // Digits first, then the look back (only where the digits stand): led by the look back, it was tried
  // at every position and ran back over a whole run of blanks each time.
  t.mask(
    /(?:900|9000|9001)(?<=^[ \t]*(?:\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[ \t]+)?(?:\d{1,2}:\d{2}[ \t]+)?(?:900|9000|9001))(?=\s*:)/gm,
  );
  // The account's tail right after the bank's name: «SberBusiness 2258: зачисление …», «Alfa-Bank: 2258
  // Postuplenie …», «ВТБ 4471: поступление …» — a four-digit number, then «:» or the operation.
  t.mask(
    new RegExp(
      // Digits first, then the look back (only where four digits stand), with one way to read the
      // spaces: «\s*:?\s*» split a run of spaces every way at every position (a message with 500
      // spaces in a row took 25 s).
      String.raw`\d{4}(?<=^[ \t]*${STAMP}${BANK_NAME}\s*(?::\s*)?(?:\d{1,2}:\d{2}[ \t]+)?\d{4})(?=\s*:|\s+(?:зачислени|зачислен|поступлени|поступил|пополнени|входящ|перевод|списани)\p{L}*)`,
      'gmu', // at the start of any line: a forwarded SMS has a header line above it
    ),
  );

  // Phones: "8 921 848-53-83", "+7 (921) 848-53-83", "89218485383", "325-96-46".
  t.mask(new RegExp(String.raw`${D}(?:\+7|8)[ (\-]*\d{3}[ )\-]*\d{3}[ \-]*\d{2}[ \-]*\d{2}${ND}`, 'g'));
  t.mask(new RegExp(String.raw`${D}\d{3}-\d{2}-\d{2}${ND}`, 'g'));
  // A phone the bank shows half hidden, as an СБП payer's: «+7 922 *** 40 17», «+7 (912) ***-**-05».
  t.mask(new RegExp(String.raw`${D}(?:\+7|8)[ (\-]*\d{3}[ )\-]*[*•]{3}[ \-]*(?:\d{2}|[*•]{2})[ \-]*\d{2}${ND}`, 'g'));
  // A town's long code in brackets: «+7 (49241) 2-15-33», «8 (3435) 41-22-07».
  t.mask(new RegExp(String.raw`${D}(?:\+7|8)\s*\(\d{3,5}\)\s*\d{1,3}(?:[ -]?\d{2,3}){1,3}${ND}`, 'g'));
  // Addresses: «Выборгское шоссе 212», «ул. Промышленная 62, корп. 4», «д. 5», «стр. 2», «офис 305»:
  // the house, the building and the office are no invoice (a street word, up to three words of its
  // name on either side, then the number).
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:${STREET})(?:\s+(?!(?:о|за|до)?плат|опл|пришл|поступ|закрыл)[\p{L}.-]+){0,3}?\s+\d{1,4}(?:\s?[а-я](?![\p{L}]))?(?!\d|[ ]\d{3}|[.,]\d|\s*(?:руб|р\.|₽|тыс|к(?![\p{L}])))`,
      'gu',
    ),
  );
  // The house number before its building, flat or office, with no street word: «Широтная 190 корп 2»,
  // «Мельникайте 106 кв 74», «Холодильная 136 офис 405» — and those after it, a space after them too
  // (not «офис 1 200», thousands). Blanks bounded and read one way only: «\s*[,/]?\s*» split a run of
  // spaces every way after every number. Not a number right after «по», «счёт» or «№»: «Оплатили по 5521, кв 22-17»
  // names the invoice, then the flat.
  t.mask(
    /(?=\d)(?<![\p{L}\d.,~-])(?<!(?<![\p{L}])(?:по|сч\p{L}*\.?|№)[ \t]{0,3})\d{1,4}(?:\s?[а-я](?![\p{L}]))?(?:[ \t]{0,3}(?:[,/][ \t]{0,3})?(?:корп\.?|корпус|стр\.|строение|кв\.?|квартира|офис|оф\.|подъезд|этаж)[ \t]{0,3}\d{1,4}(?:\s?[а-я](?![\p{L}]))?)+(?!\d|[ ]\d{3}(?!\d)|[.,]\d)/gu,
  );
  t.mask(
    /(?<![\p{L}])(?:д\.|дом|корп\.?|корпус|стр\.|строение|кв\.|кв(?![\p{L}])|квартир[аеуы]|офис|оф\.|лит\.)\s*\d{1,4}(?![\d ])|(?<![\p{L}])оф\s*\d{1,4}(?!\d|[.,]\d|[ ]\d{3}(?!\d))/gu,
  );
  // A plot in a garden society: «СНТ Рассвет уч. 112», «участок 45».
  t.mask(
    /(?<![\p{L}])(?:уч\.|участ(?:ок|ке|ка))\s*№?\s*\d{1,4}(?!\d|[ ]\d{3}(?!\d)|[.,]\d|\s*(?:руб|р\.|₽|тыс|к(?![\p{L}])))/gu,
  );
  // A model's code after a Latin word: «NTC 10к», «Danfoss RA 2994», «Baxi Slim 2.300» (not «RUB», a bank's Latin;
  // not a Latin-lettered invoice after its keyword, «opl sch MS-52507»).
  t.mask(
    /(?=\d)(?<=(?<![\p{L}])(?!(?:rub|rur|usd|eur|no|nr|sch|inv|ot|po|to|acc|id|sms|tel)[ -]?\d)[a-z]{2,}[ -]?)\d+(?:[.,]\d+)?(?:\s?[кk](?![\p{L}]))?(?!\d|[.,]\d|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|rub|rur|r)(?![\p{L}]))/gu,
    (m) => !endsAt(RE_LATIN_LETTERED_AFTER_KEYWORD, t.s, m.index) && !latinPrefixedInvoice(t.s, m.index),
  );
  // Car plates «Х562ТР 198», «К417МН 47» (the letters a plate may carry, then the region): the
  // region is no invoice and no sum.
  t.mask(/(?<![\p{L}\d])[авекмнорстух]\s?\d{3}\s?[авекмнорстух]{2}\s?\d{2,3}(?!\d)/gu);

  // Documents that carry numbers but are not invoices: deals «01/12.05 КС», applications,
  // payment orders «п/п 512», «платежка №77», contracts «№ 15/24», VAT invoices «счет-фактура 556».
  const N = String.raw`\s*(?:№|#|no?(?![\p{L}]))?\s*`;
  t.mask(new RegExp(String.raw`(?<![\p{L}])сделк\p{L}*${N}[^\s,;)]+`, 'gu'));
  t.mask(new RegExp(String.raw`(?<![\p{L}])заявк\p{L}*${N}\d+`, 'gu'));
  // An insurer's claim number: «по убытку 771-24», «убыток № 0412/26/ОСАГО».
  t.mask(new RegExp(String.raw`(?<![\p{L}])убыт(?:ок|к\p{L}*)${N}\d[\d/\-\p{L}]*`, 'gu'));
  // Unless it names how the money came and the sum follows: «одной платёжкой 104 000 руб»,
  // «платёжным поручением 48 500 ₽», «п/п 12 000 руб» (a document number is never money-shaped).
  const instrumentSum = (m: RegExpExecArray): boolean =>
    /[№#]|no?\s*\d+$/.test(m[0]) || !SUM_FOLLOWS.test(t.s.slice(m.index + m[0].length));
  t.mask(new RegExp(String.raw`(?<![\p{L}])п\/п${N}\d+`, 'gu'), instrumentSum);
  // Statement lines: «Документ: 1523», «док. 845», «Номер документа 15234», «№ п/п 12».
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:документ\p{L}*|док\.|номер\s+документа|№\s*док\p{L}*\.?)\s*[:=]?${N}\d+`,
      'gu',
    ),
  );
  t.mask(/(?<![\p{L}])плат[её]ж\p{L}*(?:\s+поручени\p{L}*)?\s*(?:№|#|no?(?![\p{L}]))\s*\d+/gu);
  t.mask(new RegExp(String.raw`(?<![\p{L}])(?:платежк\p{L}*|поручени\p{L}*)${N}\d+`, 'gu'), instrumentSum);
  // «согласно письму № 12», «по полису 9607-КТ»; not «счет-договор № 9319», an invoice.
  t.mask(
    new RegExp(String.raw`(?<![\p{L}]|сч[е]т\p{L}*-)(?:договор\p{L}*|письм\p{L}*|полис\p{L}*)${N}\d[\d/\-]*`, 'gu'),
  );
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:сч[её]т\p{L}*-фактур\p{L}*|с\/ф|упд|акт(?:а|у|ом)?|накладн\p{L}*|ттн)${N}\d+`,
      'gu',
    ),
  );
  // 1C's receipt document, named by its type: «Поступление на расчетный счет НИ00-000812», «Списание с расчетного
  // счета …» (a statement's operation column may take «Поступление» away) — the document's own number, in the same
  // series as the invoice its purpose names: an account is never lettered.
  t.mask(
    new RegExp(
      String.raw`(?=\p{L})(?<=(?<![\p{L}])(?:на|с)[ \t]{1,3}расч[её]тн\p{L}*[ \t]{1,3}сч[её]т\p{L}*[ \t]{0,3}(?:№[ \t]{0,3})?)${LETTER_INVOICE}`,
      'gu',
    ),
  );
  // Our own receipt's number where a statement line puts it, its purpose naming the invoice paid «по счету …»: 1C's
  // «ИО00-000347» right after the line's date («01.04.2026 ИО00-000347 Поступление …», «14.04.2026  ОД00-000259  ООО …»).
  // (A letter first: the look back runs only where a number starts.)
  if (RE_PAID_BY_INVOICE_WORD.test(t.s))
    t.mask(/(?=\p{L})(?<=^[ \t]{0,8}\d{2}\.\d{2}\.\d{2,4}[ \t]{1,4})\p{L}{1,4}\d{2}-0\d{5,8}(?![\p{L}\d-])/gmu);
  // (Bounded blanks, and a letter first: the look back is tried only where a number may start, over a few blanks.)
  // The same documents numbered in a series' shape, as an invoice may be: «по дог. СО-2026/07», «дог. лизинга
  // ЛВ-0411/26», «договор поставки КП/0455», «договор купли-продажи ДКП-2026/0418», «УПД ПР/0455» — another document's number, whatever its letters. Not a
  // series that only begins with such a word: «АКТЛ-207», «ТТНК-12» are invoices of their own.
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?=\p{L})(?<=(?<![\p{L}]|сч[е]т\p{L}*-)(?:договор\p{L}*|дог\.?|контракт\p{L}*|сч[её]т\p{L}*-фактур\p{L}*|с\/ф|упд|акт(?:а|у|ом)?|накладн\p{L}*|ттн|полис\p{L}*|спецификаци\p{L}*)(?:[ \t]{1,3}(?!сч|оплат|оплач|и(?![\p{L}]))\p{L}{3,}(?:-\p{L}{3,})?\.?)?[ \t]{0,3}(?:(?:№|#|no?(?![\p{L}]))[ \t]{0,3})?)${LETTER_INVOICE}`,
      'gu',
    ),
  );
  // «ПКО 119» without its «№» (with it, «ПКО № 118», «приходный кассовый ордер № 219», «заказ № 331»
  // are taken out before reading: incoming.ts `dropOtherDocumentNumbers`).
  t.mask(new RegExp(String.raw`(?<![\p{L}])(?:пко|рко)${N}\d+`, 'gu'));
  // INN: labelled first («ИНН …», «ИНН плательщика: …»), then a bare 10/12-digit number (10 digits
  // starting with 9 is a mobile).
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])инн(?:\s*\/\s*кпп|\s+(?:плательщика|отправителя|контрагента))?\s*:?\s*(\d{12}|\d{10})(?:\s*\/\s*\d{9})?${ND}`,
      'gu',
    ),
    (m) => {
      if (!m[1] || isOurs(t.s, m.index) || recipientsInn(t.s, m.index)) return;
      // «Оплата за АО «Завод» (ИНН X) по счету …»: the customer a third party pays for; the payer's own
      // INN (a statement's column) comes first when there is one.
      if (endsAt(RE_PAID_FOR_BEFORE, t.s, m.index)) forWhom.push(m[1]);
      else inns.push(m[1]);
    },
  );
  t.mask(/(?<![\p{L}])(?:кпп|бик|огрнип|огрн|окпо)\s*:?\s*\d+/gu);
  // A bank's branch: «ОМСКОЕ ОТДЕЛЕНИЕ N 8634 ПАО СБЕРБАНК», «доп. офис № 8634/0123».
  t.mask(/(?<![\p{L}])(?:отделени\p{L}*|филиал\p{L}*|доп\.?\s*офис\p{L}*)\s*(?:n|№)?\s*\d+(?:\/\d+)?/gu);
  // A Сбер CSV row's document number, the cell right before the operation type «01»: «;1455;01;».
  t.mask(/(?<=;)\d{1,6}(?=;0[1-9];)/g);
  t.mask(
    /(?<![\p{L}])(?:р\/с|р\.\s?с\.|к\/с|л\/с|расч[её]тн\p{L}*\s+сч[её]т\p{L}*|корр?\.?\s*сч[её]т\p{L}*)\s*:?\s*\d{9,}/gu,
  );
  // A treasury client's personal account, a letter among its digits: «л/с 20516Х41870», «л/сч 03512А00470».
  t.mask(
    /(?<![\p{L}])(?:л\/сч?|лицев\p{L}*\s+сч[её]т\p{L}*)\.?[ ]{0,3}[:№]?[ ]{0,3}\d{2,5}\p{L}{1,2}\d{3,8}(?![\p{L}\d])/gu,
  );
  // The same account without its label, as a treasury purpose opens («(20176U81340) Оплата по контракту …»)
  // or a payer's name ends («КГБУЗ "ККБ" 20656Ц71420»): five digits, a letter, five digits (not «х», a size).
  t.mask(/(?<![\p{L}\d])\d{5}(?![хx])\p{L}\d{5}(?![\p{L}\d])/gu);

  t.mask(/\d{13,}/g); // bank accounts (20 digits), cards
  t.mask(new RegExp(String.raw`${D}(\d{12}|\d{10}|\d{11}|\d{9})${ND}`, 'g'), (m) => {
    const d = m[1] ?? '';
    if (d.startsWith('00')) return false; // a 1C number «00000002150», never an INN or an account
    // «"9721047530"»: a Moscow INN starts with 9 too; in a cell of its own (quoted or between
    // separators) with the INN's check digits it is no mobile number.
    const cell = /["';|\t]$/.test(t.s.slice(0, m.index)) && /^["';|\t]/.test(t.s.slice(m.index + d.length));
    const mobile = d.length === 10 && d.startsWith('9') && !(cell && checkINN(d));
    if ((d.length === 12 || (d.length === 10 && !mobile)) && !isOurs(t.s, m.index)) inns.push(d);
  });

  // Dates and times: 12.05.2024, 12/05, 12.05, 23 мая, 9:00, «2024 г.».
  t.mask(new RegExp(String.raw`${D}\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:\s*г\.?(?![\p{L}]))?${ND}`, 'gu'));
  t.mask(new RegExp(String.raw`${D}\d{1,2}:\d{2}${ND}`, 'g'));
  // With hyphens: «28-11-2026», «2026-11-28», and a span of years «2026-2027» (not «счета 2026-2027»).
  t.mask(new RegExp(String.raw`${D}(?:\d{1,2}-\d{1,2}-(?:19|20)\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?![\d\-])`, 'g'));
  t.mask(new RegExp(String.raw`${D}((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})(?![\d\-])`, 'g'), (m) => {
    const span = Number(m[2]) - Number(m[1]);
    return span > 0 && span <= 10 && !endsAt(RE_BEFORE_INVOICE, t.s, m.index);
  });
  t.mask(new RegExp(String.raw`${D}\d{1,2}\s+(?:${MONTHS})\p{L}*`, 'gu'));
  // A month cut short, and its year: «22 дек 2026», «3 нояб. 2026», «3 дек. 2026 г.», «05 ноя 2026».
  t.mask(
    new RegExp(
      String.raw`${D}\d{1,2}\s+(?:янв|фев|мар|апр|мая|июн|июл|авг|сент?|окт|нояб?|дек)(?![\p{L}])\.?(?:\s+(?:19|20)\d{2}(?:\s*г\.?)?${ND})?`,
      'gu',
    ),
  );
  // «за ноябрь 2026», «декабрь 2026 г.»: the year after a month.
  t.mask(new RegExp(String.raw`(?<![\p{L}])(?:${MONTHS})\p{L}*\s+(?:19|20)\d{2}(?:\s*г(?:\.|од\p{L}*)?)?${ND}`, 'gu'));
  t.mask(new RegExp(String.raw`${D}(?:19|20)\d{2}\s*(?:г\.|год\p{L}*)`, 'gu'));
  // Not «12.5 тыс», «7.5к»: a decimal before thousands. Not «по счету 31/2» either: right after an invoice
  // word a slash pair is the invoice numbered under its contract (grammar.ts CONTRACT_LINKED).
  t.mask(
    /(?<![\d/.,])(\d{1,2})[./](\d{1,2})(?![\d/]|[.,]\d|\s*(?:тыс|млн|лям|т\.?\s?р|к(?![\p{L}])|руб|р\.|₽))/gu,
    (m) => {
      const day = Number(m[1]);
      const month = Number(m[2]);
      if (m[0].includes('/') && endsAt(RE_INVOICE_WORD_BEFORE, t.s, m.index)) return false;
      return day >= 1 && day <= 31 && month >= 1 && month <= 12;
    },
  );

  // Product codes: «ФБС 12-5-3», «КС-10-9». Not a series' year, month and number glued to its letter: «Т26-11-014».
  t.mask(new RegExp(String.raw`${D}(?!(?<=\p{L})2\d-(?:0[1-9]|1[0-2])-\d{3}${ND})\d{1,3}(?:-\d{1,3}){2,}${ND}`, 'gu'));
  maskDottedCodes(t);
  // Tyre sizes: «185/65 R15», «315/80R22.5», «385/65R22,5», «12.00R20», «18.4R38», «R16» — never an invoice or a sum.
  t.mask(/(?<![\d/.,])\d{2,3}\/\d{2}(?:[.,]\d)?\s?(?:z?r\s?|р)\d{2}(?:[.,]5)?c?(?![\p{L}\d])/gu);
  t.mask(/(?<![\d/.,])\d{1,2}[.,]\d{1,2}\s?-?\s?r\s?\d{2}(?:[.,]5)?(?![\p{L}\d])/gu);
  t.mask(/(?<![\p{L}\d])r\s?\d{2}(?:[.,]5)?c?(?![\p{L}\d])/gu);
  // A conversion: «$800 по курсу 96,50 — 77 200 руб», «800 USD, курс ЦБ 96,05»: the rate is no sum, nor is the
  // foreign sum converted (nor an invoice); the roubles are what came.
  if (/(?<![\p{L}])курс\p{L}*\s+(?:(?:цб|рф|банка|usd|eur|доллара|евро)\s+)*[:=—-]?\s*\d{1,3}[.,]\d/u.test(t.s)) {
    t.mask(/(?<![\p{L}])курс\p{L}*\s+(?:(?:цб|рф|банка|usd|eur|доллара|евро)\s+)*[:=—-]?\s*\d{1,3}[.,]\d{1,4}(?!\d)/gu);
    t.mask(
      /(?:[$€]|(?<![\p{L}])(?:usd|eur)\s?)\d{1,3}(?:[ ,]?\d{3})*(?:[.,]\d{1,2})?(?!\d)|(?<![\p{L}\d.,])\d{1,3}(?:[ ,]?\d{3})*(?:[.,]\d{1,2})?\s?(?:[$€]|(?:usd|eur|долл\p{L}*|евро)(?![\p{L}]))/gu,
    );
  }
  // A measure with a fraction is a size, never a sum: «С-21 0,5 мм», «лист 0,7 мм», «3,5м», «2,5 кг», «1.2 м³».
  t.mask(/(?<![\p{L}\d.,])\d{1,4}[.,]\d{1,3}\s?(?:мм|см|мкм|м|м2|м3|м²|м³|км|кг|гр|г|мл|л)(?![\p{L}\d])/gu);
  // Not an invoice number with letters after «счет»/«№» («счет ТД-00045», «№ А-17/2026»), «СЧ-330»,
  // or a lettered number of 3+ digits right after the payment word («оплатили ТД-5268»).
  // Not the tail of a series with a slash between its letters («В/Н-1123»: invoice-object.ts and parse.ts read it).
  const lettered = /(?<![\p{L}]|\p{L}\/)\p{L}{1,5}-\d+(?:[-.]\d+)*/gu;
  const named = (m: RegExpExecArray): boolean => {
    // «ПК-340-ПК-342»: the head of a range glued by its dash, the same letters on both ends (parse.ts reads it).
    const head = /^(\p{L}{1,4}\d{0,2}-)\d{3,7}$/u.exec(m[0]);
    if (head?.[1] && t.s.startsWith(`-${head[1]}`, m.index + m[0].length)) return true;
    // «оплачен не КР-402, а КР-403»: a lettered number taken back and the one put instead, the same letters
    // (corrections.ts reads which is which).
    const letters = /^\p{L}{1,4}\d{0,2}-/u.exec(m[0])?.[0];
    if (
      letters &&
      ((endsAt(/(?<![\p{L}])не\s+$/u, t.s, m.index) &&
        /^\d*\s{0,3},?\s{0,3}а\s+(\p{L}{1,4}\d{0,2}-)\d/u.exec(t.s.slice(m.index + m[0].length, m.index + 60))?.[1] ===
          letters) ||
        matchEndingAt(RE_NOT_LETTERED_BUT, t.s, m.index)?.[1] === letters)
    )
      return true;
    const id = new RegExp(`^${LETTER_INVOICE}`, 'u').exec(t.s.slice(m.index))?.[0];
    if (!id) return false;
    const before = t.s.slice(0, m.index);
    const after = t.s.slice(m.index + id.length);
    return (
      /^сч-/.test(m[0]) ||
      endsAt(RE_BEFORE_INVOICE, before) ||
      endsAt(LISTED_AFTER_PLURAL, before) ||
      letteredAfterPayWord(id, before) ||
      letteredAfterShareWord(id, before) ||
      letteredBeforePaidWord(id, after) ||
      letteredBeforeSum(id, before, after) ||
      letteredOpensItem(id, before, after) ||
      letteredAlone(id, before, after) ||
      letteredRangeEnd(id, before) ||
      letteredBroughtByCorrection(before) ||
      // A series' zero-padded number («ЛМ-00731») anywhere: an invoice when the message names no other (parse.ts).
      (RE_STRONG_LETTERED.test(id) && /^\p{L}{1,4}\d{0,2}-0/u.test(id)) ||
      RE_YEAR_BETWEEN.test(id) // «КИ-2026-0452» likewise
    );
  };
  const series = namedSeries(t.s, lettered, named);
  t.mask(lettered, (m) => !(named(m) || siblingOfNamed(t.s, m, series)));

  // A school's, a kindergarten's or a hospital's number: «МАОУ СОШ № 154», «детский сад № 212», «ГКБ № 40».
  // The look-behinds stand after «№» / the year: tried at every position, one reaching back over \s* made
  // a run of spaces quadratic (4k spaces: 0.09 → 4 s, bench:parser-speed).
  t.mask(
    /№(?<=(?<![\p{L}])(?:сош|оош|школ\p{L}*|гимнази\p{L}*|лице[йяюе]\p{L}*|д\/с|детск\p{L}*\s+сад\p{L}*|детсад\p{L}*|доу|больниц\p{L}*|поликлиник\p{L}*|гкб|гб|цгб|дгб|роддом\p{L}*)\s*№)\s*\d{1,4}(?!\d)/gu,
  );
  // A season or an academic year: «сезон 2026/2027», «учебный год 2026/2027» (two years in a row, no invoice).
  t.mask(
    /(20\d{2})(?<=(?<![\p{L}])(?:сезон\p{L}*|год\p{L}*|период\p{L}*|зим\p{L}*)\s+20\d{2})\s*\/\s*(20\d{2})(?!\d)/gu,
    (m) => (Number(m[2]) === Number(m[1]) + 1 ? undefined : false),
  );
  // Counts of invoices: «2 счета», «по 2 счетам».
  t.mask(new RegExp(String.raw`${D}\d{1,2}(?=\s+(?:сч[её]т(?:а|ам|ов|ах)|сч\.?)(?![\p{L}]))`, 'gu'));
  // List markers: "1) ", "2. ", "- " at the start of a line.
  t.mask(/^[ \t]*(?:\d{1,2}[.)]|[-•*])(?=[ \t])/gm);

  // VAT is never the paid sum: «в т.ч. НДС 20% 666-67», «НДС (20%) 2083,33 руб.», «НДС не облагается».
  // «без НДС 25000» / «с НДС 25000» are the sum itself.
  t.mask(
    new RegExp(
      String.raw`(?<!(?:без|с)\s)(?<![\p{L}])ндс\s*(?:\(?\s*\d{1,2}(?:[.,]\d+)?\s*%\s*\)?)?(?:\s*[-:=]?\s*(?:в размере|составляет|сумма)?\s*${NUM_START}${AMOUNT})?`,
      'gu',
    ),
  );
  // «18 400 зачли поддонами», «удержали пени 2 150 пришло 105 850»: the figure deducted is no money paid.
  const deducted = maskDeductions(t, (skip) => moneyOutside(t.s, skip));
  // Parts of the sum: «в т.ч. доставка 800», «из них доставка 500 руб».
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:в\s*т\.?\s*ч\.?|в том числе|из них|включая)\s*(?:[\p{L}.]+\s*){0,3}?[-:]?\s*${NUM_START}${AMOUNT}`,
      'gu',
    ),
  );
  // The invoice's own sum beside the sum paid: «9 500 вместо 10 000», «общая сумма счета 40 000», «48 500
  // (должно было быть 50 000)», «(было 50 000)», «48 500, а не 50 000»;
  // and the difference «на 500 р меньше». A paid sum below it is a part payment.
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:вместо|(?:общ\p{L}*\s+)?сумм\p{L}*\s+сч[е]т\p{L}*\s*[-:]?|(?<=\(\s{0,8})(?:должн\p{L}*\s+(?:был\p{L}*\s+)?(?:быть\s+)?|был[оа]?\s+|а\s+не\s+)|(?<=,\s{0,8})а\s+не\s+)\s*${NUM_START}(${AMOUNT})`,
      'gu',
    ),
    (m) => {
      const a = parseAmount((m[1] ?? '').trimEnd());
      if (a) invoiceSums.push(a.value);
    },
  );
  // «1106 оплачен 5000р, доставка 1500р оплачена отдельно»: a service paid on its own is not this payment's
  // money (already told on its own, or paid to the carrier); adding it would count it twice.
  t.mask(
    new RegExp(
      String.raw`(?=\d)(?<=(?<![\p{L}])(?:доставк|монтаж|установк|погрузк|разгрузк|выгрузк|сборк)\p{L}{0,4}[ \t]{1,3})${NUM_START}${AMOUNT}(?=\s*(?:(?:оплачен\p{L}*|оплатил\p{L}*|заплатил\p{L}*|пришл\p{L}*)\s+)?отдельн\p{L}*)`,
      'gu',
    ),
    (m) => moneyOutside(t.s, { start: m.index, end: m.index + m[0].length }),
  );
  // «клиент оплатил 9 000, а счет на 9 500»: the invoice's sum said after the sum paid.
  t.mask(
    new RegExp(String.raw`(?<![\p{L}])(?:а|при|хотя)\s+сч[е]т\p{L}*\s+(?:был\s+)?на\s+${NUM_START}(${AMOUNT})`, 'gu'),
    (m) => {
      const a = parseAmount((m[1] ?? '').trimEnd());
      if (!a || !moneyOutside(t.s, { start: m.index, end: m.index + m[0].length })) return false;
      invoiceSums.push(a.value);
    },
  );
  // «3×5 000 = 15 000»: the factors of a product are not sums; what follows «=» is.
  t.mask(new RegExp(String.raw`${D}\d{1,3}\s*[×xх*]\s*${NUM_START}${AMOUNT}(?=\s*=)`, 'gu'));
  // «2 шт по 3 500 = 7 000»: the price of one before «=» is a factor too.
  // Not a bare number with nothing counted before it: «предоплата 30% по 1180 = 41 700» names invoice 1180.
  t.mask(
    new RegExp(String.raw`(?<![\p{L}])по\s+${NUM_START}(${AMOUNT})(?=\s*=\s*\d)`, 'gu'),
    (m) =>
      parseAmount((m[1] ?? '').trimEnd())?.money === true ||
      !/^\d{3,7}$/.test((m[1] ?? '').trim()) ||
      /\d[\s~]*\p{L}{0,6}\.?\s*$/u.test(t.s.slice(Math.max(0, m.index - 12), m.index)),
  );
  // «оплата 27 000, по 9 000 за каждый»: each invoice's share beside the total restates it (alone,
  // «7973 оплачен, 7974 оплачен, по 5 000 каждый» is the sum of each).
  t.mask(new RegExp(String.raw`(?<![\p{L}])по\s+${NUM_START}${AMOUNT}\s*(?:за\s+)?кажд\p{L}*`, 'gu'), (m) =>
    moneyOutside(t.s, { start: m.index, end: m.index + m[0].length }),
  );
  // «12к (по 6к)»: each invoice's share in brackets restates the sum.
  t.mask(new RegExp(String.raw`\(\s*по\s+${NUM_START}${AMOUNT}\s*(?:каждый|кажд\p{L}*|на\s+сч\p{L}*)?\s*\)`, 'gu'));
  // «×500 по 22,50»: a count and the price of one piece; «скидка 10% от 6 800»: the price before the discount.
  t.mask(new RegExp(String.raw`(?<![\p{L}\d])[×*]\s*\d{1,6}(?:\s+по\s+${NUM_START}${AMOUNT})?(?!\s*=)`, 'gu'));
  t.mask(new RegExp(String.raw`%\s*от\s+${NUM_START}${AMOUNT}`, 'gu'));
  t.mask(new RegExp(String.raw`(?<![\p{L}])на\s+${NUM_START}${AMOUNT}\s*(меньше|больше)(?![\p{L}])`, 'gu'), (m) => {
    if (m[1] === 'меньше') shortfall = true;
  });
  // «меньше на 300 р», the same said the other way round.
  t.mask(new RegExp(String.raw`(?<![\p{L}])(меньше|больше)\s+на\s+${NUM_START}${AMOUNT}`, 'gu'), (m) => {
    if (m[1] === 'меньше') shortfall = true;
  });
  // The invoice total in «50 000 из 120 000».
  t.mask(new RegExp(String.raw`(?<![\p{L}])из\s+${NUM_START}(${AMOUNT})`, 'gu'), (m) => {
    outOf.push(parseAmount((m[1] ?? '').trimEnd())?.value ?? Infinity);
  });
  // What is still owed: «остаток 5 000». Not the remainder just paid: «доплатили остаток 1 500»,
  // «доплатили по 3542 остаток 2 000» (see `remainderPaidNow`).
  // The look back at the paid verbs only where a word of it starts (tried at every position, it
  // read back over every run of blanks and letters: seconds on 100k of random text).
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?=остат|осталось|долг)(?<!(?:${PAID_VERBS.join('|')}|доплат\p{L}*|внес\p{L}*|перевел\p{L}*|пришел|пришл\p{L}*|поступил\p{L}*)\s+)(?:остат\p{L}*(?:\s+по\s+сч[е]ту)?|осталось(?:\s+ещ[её])?(?:\s+до?платить)?|долг\p{L}*)\s*[-:]?\s*${NUM_START}${AMOUNT}`,
      'gu',
    ),
    (m) => {
      // «Остаток по счёту 2 000 руб.» is owed; «остаток по счету 8177» names the invoice.
      const sum = /по\s+сч[е]ту\s*(.*)$/su.exec(m[0])?.[1];
      if (sum !== undefined && !parseAmount(sum.trimEnd())?.money) return false;
      if (remainderPaidNow(t.s, m)) return false;
      owed = true;
    },
  );
  // «первый платеж по ВК-4410 — 100 000. Всего 240 000», «аванс 50 тыс, весь счет 118 тыс»: after a part named by
  // its word, «всего» / «весь счет» gives the invoice's total, not a sum that came.
  t.mask(
    new RegExp(
      String.raw`(?=всего|весь|сумма)(?<=(?:^|[.,;(\n]\s{0,3}))(?:всего|весь\s+сч[её]т|сумма\s+сч[её]та)(?:\s+по\s+сч[её]ту)?\s*[-:—]?\s*${NUM_START}(${AMOUNT})`,
      'gu',
    ),
    (m) => {
      const before = t.s.slice(0, m.index);
      if (
        !/(?<![\p{L}])(?:(?:перв|втор|трет)\p{L}*\s+(?:платеж|транш|взнос)|\d-?(?:й|ой|ый)\s+(?:платеж|транш)|аванс|предоплат)\p{L}*/u.test(
          before,
        )
      )
        return false;
      outOf.push(parseAmount((m[1] ?? '').trimEnd())?.value ?? Infinity);
    },
  );
  // The rest told before its word: «…, ещё 120 000 осталось», «40 000 остается» — still owed, not what came.
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}\d])(?:ещ[её]\s+)?${NUM_START}${AMOUNT}\s*(?:осталось|остается|в\s+остатке)(?![\p{L}])`,
      'gu',
    ),
    () => {
      owed = true;
    },
  );
  // A number taken back: «не 4000 а 3500», «не 4734, а 4735 оплатили», «7 200 (не 7 000)».
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])не\s+(?:на\s+)?(?:сч\p{L}*\.?\s*)?(?:№\s*)?${NUM_START}(${AMOUNT})(?=\s*(?:,\s*)?а\s|\s*\))`,
      'gu',
    ),
    (m) => {
      const raw = (m[1] ?? '').trimEnd();
      const a = parseAmount(raw);
      if (a) takenBack.push({ value: a.value, at: m.index, bare: !a.money });
      else if (/^[1-9]\d{0,2}$/.test(raw)) takenBack.push({ value: Number(raw), at: m.index, bare: true }); // «не 86 а 68 тыс»
    },
  );
  // Percentages («предоплата 30%», «100%»); a discount's or a fee's («скидки 5%», «комиссия 2%», «за
  // вычетом АК 15%») is no share of the invoice paid.
  // «50 процентов» said in a word is a percentage too.
  t.mask(new RegExp(String.raw`${D}(\d{1,3}(?:[.,]\d+)?)\s*(?:%|процент\p{L}*)`, 'gu'), (m) => {
    const before = t.s.slice(Math.max(0, m.index - 30), m.index);
    if (/(?:скидк|комисси|ставк|пен[ияь]|неустойк|наценк)\p{L}*\s*(?:банка\s+)?(?:в\s+размере\s+)?$/u.test(before))
      return;
    // «за вычетом АК 15%», «минус агентские 10%»: what was held back from the price, not a share paid.
    if (/(?<![\p{L}])(?:за\s+вычетом|минус|без\s+учета)\s+(?:[\p{L}.]+\s+){0,2}$/u.test(before)) return;
    if (productContent(before, t.s.slice(m.index + m[0].length))) return;
    // «Окончательная оплата (70%)»: the share the closing payment makes, not partial (as «окончательный расчёт»).
    if (/(?<![\p{L}])окончательн\p{L}*\s+(?:оплат|расч[её]т|плат[её]ж)\p{L}*\s*\(?\s*$/u.test(before)) return;
    percents.push(Number((m[1] ?? '').replace(',', '.')));
  });
  maskSizesAndGrades(t); // «профнастил 0,45 мм», «ЦЕМ I 42,5Н»: what the goods are, never money
  // Quantities: «15 шт», «3 т», «20 м3», «5 поддонов», «186 бут», «12 коробок», «10 дней», «214 смен», «176 маш-ч»,
  // «5 р.м.» (workplaces licensed). Not «оплачен 5т» (thousands).
  t.mask(
    new RegExp(
      // Units as whole words, so «частично», «частями», «минус», «месте» are never eaten as units.
      String.raw`${D}\d+(?:[.,]\d+)?\s*(?:шт\.?|штук\p{L}*|т(?!\.?\s?р)|тн|тонн\p{L}*|кг|м3|м2|м³|м²|куб(?:а|ов|ы|ометр\p{L}*)?|поддон\p{L}*|паллет\p{L}*|мешк\p{L}*|мешок|рейс(?:а|ов)?|машин[аы]?|ед\.?|л|литр\p{L}*|мл|м|км|метр\p{L}*|бухт\p{L}*|барабан\p{L}*|катушк\p{L}*|бут\.?|бутыл\p{L}*|кан\.?|канистр\p{L}*|уп\.?|упаковк\p{L}*|коробк\p{L}*|короб(?:а|ов)?|ящик\p{L}*|пачк\p{L}*|рулон\p{L}*|п\.\s?е\.|га|гектар\p{L}*|дн(?:я|ей)|день|ч\.|час(?:а|ов)?|мин\.|минут[аы]?|мес\.|месяц(?:а|ев)?|недел[ьюи]|лет|год(?:а|у)?|смен[аы]?|маш(?:ин[оы])?[-./]{0,2}\s?ч(?:ас\p{L}*)?\.?|мото[-.]?\s?ч(?:ас\p{L}*)?\.?|р\.\s?м\.|раб\.\s?мест\p{L}*|рабоч\p{L}*\s+мест\p{L}*)(?![\p{L}\d])`,
      'gu',
    ),
    // «Оплата по сч 1605, 1606, 1607 короба»: a number of three digits or more right after an invoice keyword (or
    // closing a list after it) is the invoice — the goods' word after it is what was paid for, not a count.
    (m) => !thousandsNotTonnes(t.s, m) && !listedAfterInvoiceWord(t.s, m),
  );
  // «ООО «Новые Окна 2000»», «Техно 3000 оплатили счет 6541, 88 900»: a number in a company's name.
  t.maskSpans(nameNumberSpans(norm, raw, (skip) => moneyOutside(t.s, skip)));
  inns.push(...forWhom);
  return { text: t, inns, percents, outOf, owed, invoiceSums, shortfall, quiet, takenBack, deducted };
}

/** An invoice keyword, then maybe a list of numbers: «по сч », «счетам № 1605, 1606, », «№ ». */
const RE_LISTED_AFTER_INVOICE_WORD =
  /(?<![\p{L}])(?:сч(?:[её]т\p{L}*)?\.?|№)\s*(?:№\s*)?(?:\d[\d/-]*\s*(?:,|;|и)\s*)*?(?:(\d{3,7})\s*(?:,|;|и)\s*)?$/u;

/**
 * The quantity match `m` is a number of three digits or more right after an invoice keyword, or closing a list after
 * it as the neighbour of the item before («по сч 1605, 1606, 1607 короба»): not «счет 4410, 120 шт».
 */
function listedAfterInvoiceWord(s: string, m: RegExpExecArray): boolean {
  const lead = m[0].length - m[0].trimStart().length;
  const num = /^\d{3,7}(?![\d.,])/u.exec(m[0].slice(lead))?.[0];
  if (!num) return false;
  const list = RE_LISTED_AFTER_INVOICE_WORD.exec(s.slice(Math.max(0, m.index - 80), m.index + lead));
  if (!list) return false;
  return list[1] === undefined ? !/[,;и]\s*$/u.test(list[0]) : isNeighbour(list[1], num);
}

/** A money mark right after a number: «руб», «р.», «₽», «RUB», «т.р.», «тыс», «к». */
const RE_MONEY_MARK_AFTER = /^\s?(?:руб|р\.?(?![\p{L}])|₽|rub|rur|т\.?\s?р|тыс|тр(?![\p{L}])|к(?![\p{L}]))/u;
/** A sum written with spaces between its thousands, or a number with a money mark: «18 400», «9800 руб». */
const RE_OTHER_SUM = /(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.])|\d\s?(?:руб|₽|р\.|rub|т\.?р\.?|тыс)(?![\p{L}])/u;

/**
 * Article and catalogue codes written with dots are never a sum: «боры Komet 801.314.014», «фрезы
 * H1SEM.204.012», «арт. 3.120.045». Masked (in `t`, in place): a code joined to letters by its dot;
 * dotted digit groups after a Latin brand word (not a currency) or an article word; and digit groups
 * in thousands' shape with dots, no money mark after them, in a message that writes its sum another
 * way («оплатили 18 400 … 801.314.014»). Left: «Агро-Альянс 93 — 26143 — 1.048.600» (the only sum,
 * dotted) and «1.250.000 руб».
 */
function maskDottedCodes(t: Text): void {
  t.mask(/(?<![\p{L}\d.])(?:[a-z][a-z\d]*|\p{L}+\d[\p{L}\d]*)(?:\.\d+){2,}(?!\d)/gu);
  t.mask(
    /(?<![\p{L}])(?!(?:rub|rur|usd|eur|cny)(?![a-z]))(?:[a-z][a-z\d-]{1,20}|арт\p{L}{0,5}\.?|кат\.?(?:\s*№)?|код)\s*\d{1,4}(?:\.\d{1,4}){2,}(?![\d.])/gu,
  );
  t.mask(/(?<![\p{L}\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.])/gu, (m) => {
    const at = m.index + m[0].length;
    if (RE_MONEY_MARK_AFTER.test(t.s.slice(at, at + 8))) return false;
    return RE_OTHER_SUM.test(`${t.s.slice(0, m.index)} ${t.s.slice(at)}`);
  });
  // «колодки Brembo P 85 020», «ремень Bosch F 026 400»: a short Latin series letter, then digit groups — a catalogue
  // number printed with spaces, never money (a sum is in roubles; a currency code is no series), when the message
  // writes its sum elsewhere.
  t.mask(
    /(?<![\p{L}\d.,])(?!(?:rub|rur|usd|eur|cny)(?![a-z]))[a-z]{1,3}[ \t]\d{1,3}(?:[ \t]\d{2,3})+(?!\d|[.,]\d)/gu,
    (m) => {
      const at = m.index + m[0].length;
      if (RE_MONEY_MARK_AFTER.test(t.s.slice(at, at + 8))) return false;
      return RE_OTHER_SUM.test(`${t.s.slice(0, m.index)} ${t.s.slice(at)}`);
    },
  );
}

/**
 * The series («ик-», «тд-») of the lettered numbers in `s` that `named` keeps as invoices: «оплатили
 * ИК-3459 на 41 тыс и ИК-3460 на 23 600», «ИК-3431 / ИК-3432 / ИК-3433 — закрыли», 1C's «по счетам ИК-3478
 * от 30.11.2026, ИК-3479 от 30.11.2026» — one of them named as an invoice, its siblings follow (see
 * `siblingOfNamed`).
 */
function namedSeries(s: string, lettered: RegExp, named: (m: RegExpExecArray) => boolean): Set<string> {
  const out = new Set<string>();
  for (const m of s.matchAll(lettered)) {
    const key = seriesOf(m[0]);
    if (key && named(m as RegExpExecArray)) out.add(key);
  }
  return out;
}

/**
 * A lettered number of a series the message already names as an invoice, shaped as invoices are (three
 * digits or more, not a standard) and not another document's («акт ИК-3460», masked before): an invoice of
 * the same list, however it is joined to the named one (slash, «и», a date between).
 */
function siblingOfNamed(s: string, m: RegExpExecArray, series: Set<string>): boolean {
  const id = new RegExp(`^${LETTER_INVOICE}`, 'u').exec(s.slice(m.index))?.[0];
  const key = id ? seriesOf(id) : null;
  return Boolean(id && key && series.has(key) && RE_STRONG_LETTERED.test(id));
}

/**
 * MASK as a regular expression's source: syntax characters escaped, and only those (the 'u' flag
 * refuses any other escape, «\~» among them).
 */
const MASK_SOURCE = MASK.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** A pack's size or a count right after a percent: «3,2% 1 л», «5% 0,5 кг», «82,5% — 60 кг», «15% - 200 г». */
// A purpose's numbers of goods are blanked before it is read (incoming.ts `dropQuantities`): «5%      кг».
// «2,5% 0,9 л — 200 шт»: the pack's size masked already («~~~~~»), a count after it still says goods.
const RE_PACK_AFTER = new RegExp(
  String.raw`^\s*(?:[-—–]\s*)?(?:(?:${MASK_SOURCE}){3,}\s*(?:[-—–]\s*)?\d+\s*(?:кг|шт|л|мл|г|гр)|\d+(?:[.,]\d+)?\s*(?:л|мл|кг|г|гр|шт)|(?:кг|шт|л|мл))(?![\p{L}])`,
  'u',
);
/** A product's share named before the percent: «жирность 3,2%», «алк. 40%», «спирт 70%», «влажность 12%». */
const RE_CONTENT_BEFORE = /(?<![\p{L}])(?:жирн\p{L}*|алк\p{L}*\.?|спирт\p{L}*|влажност\p{L}*|об\.|крепост\p{L}*)\s*$/u;

/**
 * The percent is what a product contains (milk's fat «молоко 3,2% 1 л — 480 шт», butter's «82,5% — 60 кг»,
 * «творог 5% 0,5 кг»), as a distributor's purpose lists its goods: no share of the invoice paid.
 */
function productContent(before: string, after: string): boolean {
  return RE_PACK_AFTER.test(after) || RE_CONTENT_BEFORE.test(before) || goodsListed(before, after);
}

/** A word of the payment or its part right before a percent: «предоплата 50%», «аванс 30%», «в размере 40%». */
const RE_SHARE_WORD_BEFORE =
  /(?<![\p{L}])(?:\p{L}*оплат\p{L}*|оплачен\p{L}*|аванс\p{L}*|плат[её]ж\p{L}*|част\p{L}*|остат\p{L}*|остальн\p{L}*|транш\p{L}*|этап\p{L}*|взнос\p{L}*|перечисл\p{L}*|перев[её]л\p{L}*|пришл\p{L}*|закрыл\p{L}*|внесл\p{L}*|размере|сумм\p{L}*|сч[её]т\p{L}*|итого|всего)\s*$/u;
/** After the percent, another item of goods («… 45% и томаты») or a count of them («4,5% 30 кег»), no money or rest. */
const RE_GOODS_AFTER =
  /^\s*(?:,\s*)?(?:и\s+(?!(?:остат|остальн|ещ[её]|доплат|оплат|предоплат|аванс|втор|част|счет|сч[её]т)\p{L}*)\p{L}{3,}|\d{1,4}\s?(?!(?:руб|р|тыс|тр|т\.?р|к|млн|лям\p{L}*|₽|rub)(?![\p{L}]))\p{L}{2,})/u;

/**
 * «пиво светлое 4,5% 30 кег», «за сыр моцарелла 45% и томаты», «… 4,7% и сидр 5,5%»: a percent right after the goods'
 * own name (a word, no word of the payment or its part) with another item of goods or a count after it, or listed
 * after another such percent, is what the product holds.
 */
function goodsListed(before: string, after: string): boolean {
  if (!/\p{L}{3,}\s+$/u.test(before) || RE_SHARE_WORD_BEFORE.test(before)) return false;
  // The list's last item: «… 4,7% и сидр 5,5%».
  return RE_GOODS_AFTER.test(after) || /\d\s*%\s*(?:,\s*|\s+и\s+)(?:\p{L}{3,}\.?\s+){1,3}$/u.test(before);
}

/**
 * A size in millimetres or centimetres («профнастил С8-1150 0,45 мм», «труба 57х3,5 мм», «12 см») and a
 * cement's strength class (ГОСТ 31108: «ЦЕМ I 42,5Н», «32,5Б», «52,5 R»), as a building-materials purpose
 * names its goods: never money, never added into the sum.
 */
function maskSizesAndGrades(t: Text): void {
  t.mask(/(?<![\d.,])\d+(?:[.,]\d+)?\s?(?:мм|см)(?![\p{L}\d])/gu);
  t.mask(/(?<![\d.,])(?:22|32|42|52),5\s?[нбr](?![\p{L}\d])/gu);
}

/** «сч. kg», «№ ls»: the Latin letters of a 1C prefix right after the invoice's keyword. */
const RE_LATIN_PREFIX_AFTER_KEYWORD = /(?<![\p{L}])(?:сч\p{L}*\.?|№)\s*[a-z]{1,4}$/u;

/**
 * A 1C number typed in Latin after its keyword, «opl. sch. KG00-004845»: the digits at `at` are its
 * infobase prefix («00-», then the number), not a model's code.
 */
function latinPrefixedInvoice(s: string, at: number): boolean {
  return endsAt(RE_LATIN_PREFIX_AFTER_KEYWORD, s, at) && /^\d{2}-\d{3,}/u.test(s.slice(at));
}

/** The accounting program «1С» (Cyrillic or Latin C), with its product after a colon: «из 1С», «1С:УНФ», «1C:Бухгалтерия». */
const RE_ONE_C = /(?<![\p{L}\d.,])1[сc](?::\s?\p{L}+)?(?![\p{L}\d])/gu;
