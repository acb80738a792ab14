/**
 * Reads a message from the «Оплата» chat (the director announcing who paid what) and says
 * whether it announces money that arrived, which invoices, how much, from whom.
 *
 * Pure: no I/O, no clock. The steps, in order:
 *   normalise → split into clauses → classify → mask what is not an invoice or a sum
 *   → extract invoices → extract amounts → pair amounts with invoices → payer / INN.
 *
 * Masking replaces text with '~' of the same length, so every position stays aligned with the
 * original message (the payer is cut from the original, as written) and a masked date or phone
 * can never glue two numbers into one "1 250 000".
 */

import { inside, notRefundSpans, topUpReason } from './bank-credit';
import { incomingCredits, ownAccount, readExchangeDocuments } from './exchange-1c';
import {
  dropOtherDocumentNumbers,
  insurerPaysInvoice,
  isNotCustomerPayment,
  type PurposeReader,
  readIncoming,
} from './incoming';
import { NOT_PAYMENT, type PaymentNotice } from './notice';
import {
  blankCorrectingNo,
  broughtForSums,
  correctInvoice,
  keepCorrected,
  letteredBroughtByCorrection,
} from './corrections';
import {
  acknowledged,
  blankDotLeaders,
  claimPassedOn,
  correctedSums,
  countsAndResults,
  invoicesAfterSum,
  maskChatDocuments,
  fineWithheld,
  namedCustomerInvoices,
  ownOrderExecuted,
  paidToCarrier,
  periodSummary,
  RE_ALL_PAID,
  RE_SIGNED_THEN_FROM,
  partSaidAfter,
  RE_NEXT_ONE,
  rangeAfterPaid,
  shortenedTails,
  sumFromSomeone,
  totalUnderRule,
  withKopecks,
} from './chat-signals';
import { findWordSums, millionsTail } from './number-words';
import {
  ACCOUNT_BEFORE,
  AMOUNT,
  CONTRACT_LINKED,
  endsAt,
  INVOICE_NUM,
  firstAbove,
  LETTER_INVOICE,
  RE_STRONG_LETTERED,
  RE_YEAR_BETWEEN,
  seriesOf,
  linesAround,
  overlapsAny,
  matchEndingAt,
  NO_SIGN,
  NUM_START,
  parseAmount,
  PREFIX_WORD,
  type Span,
  SUM_FOLLOWS,
  type Text,
  type Token,
  UNIT_AFTER,
  YEAR_FIRST,
  YEAR_MONTH_SEQ,
} from './grammar';
import {
  letteredAfterShareWord,
  letteredAlone,
  letteredBeforePaidWord,
  letteredBeforeSum,
  letteredOpensItem,
  type Masked,
  maskNoise,
} from './masks';
import {
  isNeighbour,
  isShortenedNext,
  lineRun,
  neighbourOfAny,
  rangeAfter,
  RE_SUM_AFTER_VERB,
  spaceGluedList,
  sumOnNextLine,
  withListedLettered,
} from './lists';
import { invoiceObjects } from './invoice-object';
import { dropNameNumbers } from './names';
import { laterPart, paidFraction, RE_DAY_TO_COME } from './parts';
import { penaltyPaidToUs } from './penalties';
import { plainText } from './markup';
import { extractPayer } from './payer';
import { paidNotToUs, paidToSomeone } from './recipient';
import {
  notCustomerMoneyInChat,
  RE_OTHER_ITEMS,
  RE_SAID_CAME,
  RE_WORD_PERCENT_OFF,
  uncountedLines,
  vetoOfAnotherInvoice,
} from './chat-money';
import { confirmsArrival, splitDialogue } from './dialogue';
import { confirmsPayment, desktopText, numbersAsked, splitReply } from './replies';
import { respell } from './spelling';
import { blankStatementHeaders, dropMoneyOut } from './statement-lines';
import { sumsNotPaid } from './other-sums';
import { separatePayments, withSharedThousands } from './sums';
import { readStatementRows } from './statement-rows';
import {
  MASK,
  normalise,
  RE_ARRIVAL,
  RE_CLAUSE_NEG,
  RE_CONFIRMED,
  RE_GLOBAL_NEG,
  RE_SERVICE_SUBJECT,
  RE_HEARSAY,
  RE_PAID,
  RE_PAID_NOW,
  RE_PARTIAL,
  RE_PERIOD_TOTALS,
  RE_PLUS_PAID,
} from './vocabulary';

export { normalise, parseAmount };

export type { PaymentNotice } from './notice';

// ---------------------------------------------------------------------------------------------
// Step 2: clauses. Negations and future tense are scoped to their clause.
// ---------------------------------------------------------------------------------------------

interface Clause extends Span {
  text: string;
  negative: boolean;
}

/**
 * Payment terms: «оплата после отгрузки», «по факту поставки», «в течение 5 дней». Not the reason
 * for a top-up: «(разница по факту отгрузки)», «перерасчет по факту приемки»; not a measure: «(вес по
 * факту 611,4 кг)».
 */
const RE_TERMS =
  /(?<![\p{L}])(?:после\s+(?:отгрузк|поставк|при[её]мк|получени|доставк|выгрузк|разгрузк|сверк)\p{L}*|(?<!(?:разниц|перерасч[её]т|корректировк|вес|объ[её]м|количеств)\p{L}*\s+)по\s+факту(?!\s+\d)|в\s+течени[еи])(?![\p{L}])/u;
/** Words that say the money is already here, in the past tense («пришло», «оплатили»). */
const RE_PAST_ARRIVAL =
  /(?<![\p{L}])(?:пришл\p{L}*|пришел|поступил\p{L}*|зачислен\p{L}*|упал[аои]?|прилетел[аои]?|перев[её]л[аи]?|перечислил\p{L}*|закинул\p{L}*|внесл[аи]|получил\p{L}*|прошл[аи])(?![\p{L}])/u;

function splitClauses(s: string, raw: string): Clause[] {
  const clauses: Clause[] = [];
  // A period ends a clause unless it closes an abbreviation («сч. 943», «руб. 67 коп.»). In a
  // run-on message «остальное …»/«остаток …» starts a clause of its own: «закинул 25 тыр по
  // 5102 остальное в пт обещают» promises only the rest. So does another errand dictated after «и»:
  // «закинули по 2341 … это аванс и напомни мне завтра про гидравлику».
  const boundary =
    /\n|;|!+|\?+|,(?=\s)|(?<![^\p{L}](?:сч|руб|р|коп|тыс|г|ч|т|млн|n|no))\.(?=\s)|\s(?:а|но)(?=\s)|\s(?=(?:остальн\p{L}*|остаток)(?![\p{L}]))|\s(?=и\s+(?:напомни|скажи|позвони|набери|передай|предупреди|проверь|закажи)(?![\p{L}]))/gu;
  // A correcting «нет» is told by what follows it, which may be in the next clause («— нет, поправка, 13 000»).
  const blanked = blankCorrectingNo(s);
  let start = 0;
  const push = (end: number): void => {
    const text = s.slice(start, end);
    if (text.trim()) clauses.push({ start, end, text, negative: isNegativeClause(blanked.slice(start, end)) });
    start = end;
  };
  for (let m = boundary.exec(s); m; m = boundary.exec(s)) push(m.index + m[0].length);
  push(s.length);
  // «… — 58 900 руб. Можно подавать машину»: the money's abbreviation closing a sentence, the next one
  // opened in capitals (seen on the text as written), ends the clause too.
  if (raw.length !== s.length) return clauses;
  const closing = /(?<![\p{L}])(?:руб|р|коп|тыс|млн)\.(?=[ \t]+\p{Lu})/gu;
  const cuts = [...raw.matchAll(closing)].map((m) => m.index + m[0].length);
  return cuts.length === 0 ? clauses : clauses.flatMap((c) => cutClause(c, cuts, s, blanked));
}

/** A clause cut at the given positions inside it, each part judged negative or not on its own. */
function cutClause(c: Clause, cuts: number[], s: string, blanked: string): Clause[] {
  const inside = cuts.filter((x) => x > c.start && x < c.end);
  if (inside.length === 0) return [c];
  const ends = [...inside, c.end];
  let start = c.start;
  const parts: Clause[] = [];
  for (const end of ends) {
    const text = s.slice(start, end);
    if (text.trim()) parts.push({ start, end, text, negative: isNegativeClause(blanked.slice(start, end)) });
    start = end;
  }
  return parts;
}

/**
 * A clause that announces nothing paid now: a negation, a promise, a question — or a payment
 * named for a day to come with no past-tense word in it («5281 — оплата в понедельник»; not
 * «пришло 9500, остаток в понедельник», whose «пришло» is past).
 */
function isNegativeClause(text: string): boolean {
  // «… ой нет, перепутал — 6237», «нет стоп счет 7802»: a «нет» that corrects is no negation.
  if (RE_CLAUSE_NEG.test(blankCorrectingNo(text)) || text.includes('?')) return true;
  return (
    (RE_DAY_TO_COME.test(text) || (RE_TERMS.test(text) && !topUpReason(text))) &&
    !RE_PAID.test(text) &&
    !RE_PAST_ARRIVAL.test(text)
  );
}

// ---------------------------------------------------------------------------------------------
// Step 4: invoices written as invoices: «сч 943», «счет № 2018 / 943», «№ 943», «2018/943».
// ---------------------------------------------------------------------------------------------

function cleanInvoice(raw: string): string {
  const id = raw.replace(/[\s№#]/g, '');
  return /\p{L}/u.test(id) ? id.toUpperCase() : id; // «тд-00045» is the 1C number «ТД-00045»
}

/** The digits dictated as words, in order: index = digit. */
const DIGIT_WORDS = 'ноль|один|два|три|четыре|пять|шесть|семь|восемь|девять';

/** A document that is not our invoice, right before its number: «убыток», «заказ», «договор», «полис» … */
const RE_OTHER_DOCUMENT_BEFORE =
  /(?<![\p{L}])(?:убыт|заказ|заявк|договор|дог|полис|претензи|дел|акт|накладн|упд|тн|ттн|гаранти|бг|лот|процедур|извещени|спецификаци|доверенност|пп|п\/п|платежк|кредит|брон)\p{L}*\.?\s*(?:№\s*)?$/u;

/** A word right before «№» that is neither an invoice word nor a payment word: «вагоны », «рейс », «сумка ». */
const RE_THING_BEFORE_NO =
  /(?<![\p{L}])(?!(?:сч|по|за|и|оплат|оплач|опл|доплат|предоплат|аванс|invoice|инвойс|счет|плат)\p{L}{0,12}\.?\s{0,3}$)\p{L}{3,16}\.?\s{0,3}$/u;

function extractMarkedInvoices(t: Text, named: Span[] = []): Token[] {
  const found: Token[] = [];
  const take = (start: number, end: number, raw: string): void => {
    found.push({ kind: 'invoice', start, end, invoice: cleanInvoice(raw) });
  };

  // «сч»-keyword followed by one number or a list (the look back at «на счёт» only where «сч» starts:
  // tried at every position it read back over every run of blanks — quadratic once V8 stops optimising). Not «на счет 12 000» (a bank account),
  // not «счет-фактура» (masked already), not «счет на 45 000» (no number right after).
  const kw = new RegExp(
    String.raw`(?<![\p{L}])(?=сч)${ACCOUNT_BEFORE}(сч[е]т(?:а|у|ом|ам|ов|ах|е)?|сч)(?![\p{L}\-])\.?(?:\s+на\s+оплату)?[\s:.]*(?:${NO_SIGN}\s*\.?\s*|${PREFIX_WORD})?(${LETTER_INVOICE}|${CONTRACT_LINKED}|${INVOICE_NUM})(?<!(?<![\d])\d{1,2}(?=[ ]\d{3}(?!\d)))`,
    'gu',
  ); // «Остаток по счёту 2 000 руб.»: one or two digits with thousands after them are a sum
  // Voice to text: «по восемь один два шесть», «счет номер четыре восемь четыре три», «оплатили
  // девять шесть два семь» — an invoice dictated digit by digit (three digits or more; a sum is
  // never dictated so).
  const dictated = new RegExp(
    String.raw`(?<![\p{L}])(?:по|сч\p{L}*\.?|№|номер|оплат\p{L}*|оплачен\p{L}*)\s+(?:номер\s+)?((?:${DIGIT_WORDS})(?:\s+(?:${DIGIT_WORDS})){2,8})(?![\p{L}])`,
    'gu',
  );
  for (let m = dictated.exec(t.s); m; m = dictated.exec(t.s)) {
    const words = m[1] ?? '';
    const digits = words
      .split(/\s+/)
      .map((w) => DIGIT_WORDS.split('|').indexOf(w))
      .join('');
    take(m.index + m[0].length - words.length, m.index + m[0].length, digits);
  }
  t.maskSpans(found);
  // «счета с РД-000770 по РД-000772», «с ТМ-118 по ТМ-120», «по счетам с 2210 по 2212»: a range said in words is every
  // invoice in it, padded as written — the same letters on both ends, or plain numbers after an invoice keyword (plain,
  // unkeyed «с 10 по 15» are dates).
  const spoken =
    /(?<![\p{L}])(?:(сч\p{L}*\.?)\s+)?с\s+(?:№\s*)?(\p{L}{1,4}\d{0,2}-)?(\d{3,7})\s+по\s+(?:№\s*)?(\p{L}{1,4}\d{0,2}-)?(\d{3,7})(?![\d/-]|[.,]\d|[ ]\d{3}(?!\d))/gu;
  for (let m = spoken.exec(t.s); m; m = spoken.exec(t.s)) {
    const [keyword, series = '', head = '', other = '', last = ''] = [m[1], m[2], m[3], m[4], m[5]];
    const [from, to] = [Number(head), Number(last)];
    if (series !== other || (!series && !keyword) || head.length !== last.length || !(to > from) || to - from > 20)
      continue;
    const start = m.index + m[0].indexOf(series || head, keyword ? keyword.length : 0);
    for (let k = from; k <= to; k++)
      take(start, m.index + m[0].length, `${series}${String(k).padStart(head.length, '0')}`);
  }
  t.maskSpans(found);
  // «по 620 счёту 266 тыс 400», «по 4410-му счету»: the number said before the keyword, as an ordinal, is the invoice;
  // what follows the keyword is the sum, not a number of its. The keyword may be left unsaid after a hyphened ordinal:
  // «закинули 150к по 4410-му».
  const before = /(?<![\p{L}\d~])по\s+(?:№\s*)?(\d{3,7})(?:-?(?:му|ому)\s+сч[е]ту|\s+сч[е]ту|-(?:му|ому))(?![\p{L}])/gu;
  for (let m = before.exec(t.s); m; m = before.exec(t.s)) {
    const num = m[1] ?? '';
    const at = m.index + m[0].indexOf(num);
    take(at, at + num.length, num);
    t.maskSpan({ start: at, end: m.index + m[0].length });
  }
  t.maskSpans(found);

  const s = t.s;
  for (let m = kw.exec(s); m; m = kw.exec(s)) {
    const word = m[1] ?? '';
    const num = m[2] ?? '';
    const numStart = m.index + m[0].length - num.length;
    take(numStart, m.index + m[0].length, num);
    // A list: «счета 1160 1161 1162», «сч 1185, 1186», «счетам № 1150 и № 1151». A comma or a
    // space only continues it with a neighbouring number, so «сч 943, 4000» keeps 4000 a sum.
    const plural = /^сч[е]т(?:а|ам|ов|ах)$/.test(word);
    // «сч. 1217-1219»: the abbreviation is singular and plural at once; a range after it is a range.
    const ranged = plural || word === 'сч';
    let pos = m.index + m[0].length;
    // «по счетам 0584-0586», «счета 266-268»: the range was read as one number; every invoice in it, padded.
    const padded = ranged ? /^(0\d{2,8}|[1-9]\d{2,8})-(\d{3,9})$/.exec(num) : null;
    if (padded?.[1] && padded[2] && padded[1].length === padded[2].length) {
      const [first, last] = [Number(padded[1]), Number(padded[2])];
      if (last > first && last - first <= 20) {
        found.pop();
        for (let k = first; k <= last; k++) take(numStart, pos, String(k).padStart(padded[1].length, '0'));
      }
    }
    // A range «счетов 2114-2116»: every number in it (all on the range's span).
    const range = ranged ? /^\s*-\s*(\d{1,9})(?![\d/])/.exec(s.slice(pos)) : null;
    const [from, to] = [Number(num), Number(range?.[1])];
    if (range?.[1] && range[1].length === num.length && to > from && to - from <= 20) {
      found.pop();
      const end = pos + range[0].length;
      for (let k = from; k <= to; k++) take(numStart, end, String(k));
      pos = end;
    }
    // An item's own sum in brackets may sit between items: «счета 2110 (4 000), 2111 (6 000)»; so
    // may its date (masked): «по счету 6198 от 19.02.2026, 6199 от 20.02.2026».
    const next = new RegExp(
      String.raw`((?:\s*\([^()\n]{1,60}\))?)(?:\s+от\s*~+(?:\s*г\.?)?)?(\s*[,;]\s*|\s+и\s+|\s+)(?:${NO_SIGN}\s*)?(${LETTER_INVOICE}|${INVOICE_NUM})`,
      'uy',
    );
    for (;;) {
      next.lastIndex = pos;
      const n = next.exec(s);
      if (!n) break;
      // A note in brackets between items: an item's sum («(4 000)»), or after a plural keyword what it
      // was for («счетам ТЭ-0547 (хранение) и ТЭ-0548 (ПРР, маркировка)»).
      if (n[1] && ((!/\d/.test(n[1]) && !plural) || (!plural && n[1].length > 27))) break;
      const joint = (n[2] ?? '').trim();
      const item = n[3] ?? '';
      const end = n.index + n[0].length;
      if (item.length < 2 || SUM_FOLLOWS.test(s.slice(end))) break; // «счетам: 1190 и 1191, 15 000 руб»
      // «по счетам 1609/1, 1611»: an invoice's sub-number after a slash is no part of how close its neighbours are.
      const base = (x: string): string => x.replace(/^(\d{3,7})\/\d{1,2}$/u, '$1');
      const near = isNeighbour(base(num), base(item)) || (/^\p{L}/u.test(num) && isShortenedNext(num, item));
      // «сч. 8887 8888 8889»: a singular keyword lists only consecutive-looking numbers after a space.
      const run = item.length >= 4 && item.length === num.length && Math.abs(Number(item) - Number(num)) <= 20;
      if (joint === '' && !(plural && near) && !run) break;
      // «счетов 8627, Г-15/2026»: a plural keyword lists a lettered number too (never a sum).
      const lettered = plural && /^\p{L}/u.test(item);
      if ((joint === ',' || joint === ';') && !near && !lettered) break;
      take(end - item.length, end, item);
      pos = end;
    }
    kw.lastIndex = pos;
  }
  // «28 200 на счёт 3533»: a bank account is 20 digits or its masked tail («40702***4412», «*2345»);
  // three to seven digits alone after «на счёт» name the invoice.
  const onto =
    /(?<![\p{L}])на\s+сч[её]т\s*(?:№\s*)?(\d{3,7})(?![\d*•·…/-]|[.,]\d|[ ]\d{3}(?!\d)|\s*(?:руб|р|₽|тыс|к)(?![\p{L}]))/gu;
  for (let m = onto.exec(s); m; m = onto.exec(s)) {
    const num = m[1] ?? '';
    const at = m.index + m[0].length - num.length;
    if (!found.some((f) => f.start === at)) take(at, at + num.length, num);
  }
  t.maskSpans(found);

  // «9519/9520 оплачены»: two neighbouring numbers of the same length joined by a slash are two
  // invoices (not the year and number «2018/943», whose parts differ in length; not a lettered number's own
  // year «ЗД-1030/2026», nor a number and its year «1030/2026»).
  const slashPair = /(?<![\p{L}\d/.,~-])(\d{3,7})\/(\d{3,7})(?![\d/.,])/gu;
  for (let m = slashPair.exec(t.s); m; m = slashPair.exec(t.s)) {
    const [a, b] = [m[1] ?? '', m[2] ?? ''];
    if (a.length !== b.length || !isNeighbour(a, b) || Number(b) <= Number(a) || /^20[1-4]\d$/.test(b)) continue;
    take(m.index, m.index + a.length, a);
    take(m.index + a.length + 1, m.index + m[0].length, b);
  }
  t.maskSpans(found);

  // «СЧ-330»: the keyword glued to the number is part of the number.
  const glued = /(?<![\p{L}])сч-\d{1,7}(?:\/\d{2,4})?(?![\d/-])/gu;
  for (let m = glued.exec(t.s); m; m = glued.exec(t.s)) take(m.index, m.index + m[0].length, m[0]);
  t.maskSpans(found);

  // «оплатили3372 на 4500», «опл3403»: a payment word glued to a plain number names the invoice.
  if (found.length === 0) {
    const gluedPay =
      /(?<![\p{L}])(?:оплат\p{L}*|оплачен\p{L}*|опл)(\d{3,7})(?![\d.,]|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))/gu;
    for (let m = gluedPay.exec(t.s); m; m = gluedPay.exec(t.s)) {
      const num = m[1] ?? '';
      take(m.index + m[0].length - num.length, m.index + m[0].length, num);
    }
    t.maskSpans(found);
  }

  // «№ 943» without a keyword (document numbers were masked before).
  // When the message names an invoice with «счет», a «№» before it is another document's
  // (a statement line: «15.11.2026 №845 ИП Громов … Оплата по счету 2018/1120»).
  // The invoices an invoice word or their shape names (invoice-object.ts) count as keyword-found here too.
  const firstKeyword = Math.min(found[0]?.start ?? Infinity, named[0]?.start ?? Infinity);
  const anyNamed = found.length > 0 || named.length > 0;
  const no = new RegExp(String.raw`${NO_SIGN}\s*\.?\s*(${LETTER_INVOICE}|${INVOICE_NUM})`, 'gu');
  for (let m = no.exec(t.s); m; m = no.exec(t.s)) {
    const num = m[1] ?? '';
    if (m.index < firstKeyword && anyNamed) continue;
    // «…, вагоны № 60912374, 60912382», «рейс № 4471»: once the invoice is named, a «№» after a word other than an
    // invoice or a payment word numbers that word's thing.
    if (anyNamed && endsAt(RE_THING_BEFORE_NO, t.s, m.index)) continue;
    // «за перевозку по ТТН №№ 2211, 2212»: another document's numbers listed — masked, so no
    // later step reads the list's rest as bare invoices.
    if (m[0].startsWith('№№') && endsAt(RE_OTHER_DOCUMENT_BEFORE, t.s, m.index)) {
      const list = /(?:№№?|#)?\s*\.?\s*[\p{L}\d/-]*\d(?:\s*(?:[,;]|и)\s*\d[\d/-]*)*/uy;
      list.lastIndex = m.index;
      const span = list.exec(t.s);
      if (span) t.maskSpan({ start: m.index, end: m.index + span[0].length });
      continue;
    }
    // «…, бронь № 33871»: a «№» right after another document's word numbers that document.
    if (endsAt(RE_OTHER_DOCUMENT_BEFORE, t.s, m.index)) continue;
    // «Фабрика окон №1», «СМУ № 7», «Школа № 12»: one or two digits after a bare «№» number a
    // name, not an invoice (an invoice that short comes with its «счет»: «Оплачен счет 44», or right
    // after the payment word: «Оплачен № 77», a Bitrix24 invoice link). So is a short range of them: «в
    // подъездах №1-4», «корпуса № 2-3».
    if (
      /^\d{1,2}(?:-\d{1,2})?$/.test(num) &&
      !endsAt(/(?<![\p{L}])(?:оплат\p{L}*|оплачен\p{L}*|опл\.?)\s*$/u, t.s, m.index)
    )
      continue;
    take(m.index + m[0].length - num.length, m.index + m[0].length, num);
    // «№№ 4754 и 4755»: the plural sign lists neighbouring numbers.
    if (!m[0].startsWith('№№')) continue;
    const more = new RegExp(String.raw`(\s*[,;]\s*|\s+и\s+)(?:№\s*)?(${INVOICE_NUM})`, 'uy');
    more.lastIndex = m.index + m[0].length;
    for (let n = more.exec(t.s); n; n = more.exec(t.s)) {
      const item = n[2] ?? '';
      const end = n.index + n[0].length;
      if (!isNeighbour(num, item) || SUM_FOLLOWS.test(t.s.slice(end))) break;
      take(end - item.length, end, item);
      no.lastIndex = end;
    }
  }
  // «ПК-340-ПК-342», «ПК-340–ПК-342», «ВН1131–ВН1136», «В/Н-1210–В/Н-1214», «4531/Т-4533/Т»: a range of lettered
  // invoices glued by its dash (the dash was read as part of the first number) is every invoice in it, padded as
  // written, all on the range's span. Whatever letters stand before or after the counter, both ends repeat them.
  const gluedRange =
    /(?<![\p{L}\d/-])(\p{L}{1,4}\d{0,2}-|\p{L}\/\p{L}-|\p{L}{2,4}(?=\d))?(\d{3,7})(\/\p{L}{1,3})?[-–]\1(\d{3,7})\3(?![\p{L}\d/-])/gu;
  for (let m = gluedRange.exec(t.s); m; m = gluedRange.exec(t.s)) {
    const [series, head, suffix, last] = [m[1] ?? '', m[2] ?? '', m[3] ?? '', m[4] ?? ''];
    const [from, to] = [Number(head), Number(last)];
    if (!(series || suffix) || head.length !== last.length || !(to > from) || to - from > 20) continue;
    for (let k = from; k <= to; k++)
      take(m.index, m.index + m[0].length, `${series}${String(k).padStart(head.length, '0')}${suffix}`);
  }
  t.maskSpans(found);
  // «не КР-402, а КР-403»: the lettered number taken back and the one put instead (corrections.ts keeps the second).
  const notButLettered = new RegExp(
    String.raw`(?<![\p{L}])не\s+(${LETTER_INVOICE})\s*,?\s*а\s+(${LETTER_INVOICE})`,
    'gu',
  );
  for (let m = notButLettered.exec(t.s); m; m = notButLettered.exec(t.s)) {
    const [wrong, right] = [m[1] ?? '', m[2] ?? ''];
    if (!isNeighbour(wrong, right)) continue;
    const at = m.index + m[0].length - right.length;
    const wrongAt = t.s.indexOf(wrong, m.index);
    if (!found.some((f) => f.start === wrongAt)) take(wrongAt, wrongAt + wrong.length, wrong);
    if (!found.some((f) => f.start === at)) take(at, at + right.length, right);
  }
  t.maskSpans(found);
  // «перевели 40к в счет ВК-4410», «в счёт 4410»: «в счёт» before an invoice's number (not a sum: «в счет 12 000»,
  // nor a word: «в счёт долга»).
  const towards = new RegExp(String.raw`(?<![\p{L}])в\s+сч[е]т\s+(?:№\s*)?(${LETTER_INVOICE}|\d{3,7})(?![\d/-])`, 'gu');
  for (let m = towards.exec(t.s); m; m = towards.exec(t.s)) {
    const id = m[1] ?? '';
    const at = m.index + m[0].length - id.length;
    if (/^\d/.test(id) ? SUM_FOLLOWS.test(t.s.slice(at + id.length)) : !RE_STRONG_LETTERED.test(id)) continue;
    if (!found.some((f) => f.start === at)) take(at, at + id.length, id);
  }
  t.maskSpans(found);
  // «ВК-4410… нет, вру, ДМ-4412»: the lettered number a correction word brings (corrections.ts puts it in place).
  const corrected = new RegExp(String.raw`(?=\p{L})(?<![\p{L}\d/-])(${LETTER_INVOICE})`, 'gu');
  for (let m = corrected.exec(t.s); m; m = corrected.exec(t.s))
    if (
      !found.some((f) => f.start === m.index) &&
      found.some((f) => f.end <= m.index && /^\p{L}{1,4}\d{0,2}-\d{3,}/u.test(f.invoice ?? '')) &&
      letteredBroughtByCorrection(t.s.slice(Math.max(0, m.index - 80), m.index), false)
    )
      take(m.index, m.index + m[0].length, m[0]);
  t.maskSpans(found);
  // «оплатили ТД-5268», «по Б-12/2026 оплатили», «закрыли ТМ-26/0412», a push's «Назначение: ЧВ-4721 вода»: the
  // lettered number the masks kept after a payment word, «закрыли», «по», «за» or the purpose's label (see masks.ts
  // `letteredAfterPayWord`).
  const lettered = new RegExp(
    // `(?=\p{L})` first: the look back over `\s+` is tried only where a letter stands (over a run of
    // spaces it was tried at every space: 10,000 spaces took 4 s).
    String.raw`(?=\p{L}|0\d\p{L})(?<=(?<![\p{L}])(?:оплат\p{L}*|оплачен\p{L}*|опл\.?|по|за|закрыл[аи]?|назначени\p{L}*(?:\s+платеж\p{L}*)?:)\s+)(${LETTER_INVOICE})`,
    'gu',
  );
  for (let m = lettered.exec(t.s); m; m = lettered.exec(t.s)) {
    if (found.some((f) => f.start === m.index)) continue;
    take(m.index, m.index + m[0].length, m[0]);
    // «Оплатили ТД-8123, ТД-8124»: the same letters listed after it.
    const more = new RegExp(String.raw`(?:\s*[,;]\s*|\s+и\s+)(${LETTER_INVOICE})`, 'uy');
    more.lastIndex = m.index + m[0].length;
    for (let n = more.exec(t.s); n && isNeighbour(m[0], n[1] ?? ''); n = more.exec(t.s)) {
      const end = n.index + n[0].length;
      take(end - (n[1] ?? '').length, end, n[1] ?? '');
      lettered.lastIndex = end;
    }
  }
  // «• ТД-00145 — ПКФ Альянс — 64 800»: the lettered number opening a list item (see masks.ts).
  const itemHead = new RegExp(String.raw`(?=\p{L})(?<=(?:^|\n)[ \t~]*)(${LETTER_INVOICE})`, 'gu');
  for (let m = itemHead.exec(t.s); m; m = itemHead.exec(t.s))
    if (
      !found.some((f) => f.start === m.index) &&
      letteredOpensItem(m[0], t.s.slice(0, m.index), t.s.slice(m.index + m[0].length))
    )
      take(m.index, m.index + m[0].length, m[0]);
  // «ГС-00812 оплачен, сумму уточню»: the lettered number right before the paid word (see masks.ts).
  // Not a link's path («…/inv/1615 — 8 450»).
  const beforePaid = new RegExp(String.raw`(?<![\p{L}\d\-/.])(${LETTER_INVOICE})`, 'gu');
  for (let m = beforePaid.exec(t.s); m; m = beforePaid.exec(t.s))
    if (
      !found.some((f) => f.start === m.index) &&
      (letteredBeforePaidWord(m[0], t.s.slice(m.index + m[0].length)) ||
        letteredBeforeSum(m[0], t.s.slice(0, m.index), t.s.slice(m.index + m[0].length)) ||
        letteredAfterShareWord(m[0], t.s.slice(0, m.index)))
    )
      take(m.index, m.index + m[0].length, m[0]);
  // «4 200 на альфу упало. чв-4570»: the lettered number alone closing the message (see masks.ts).
  const alone = new RegExp(String.raw`(?=\p{L})(?<=[.!;\n][ \t]{0,3})(${LETTER_INVOICE})(?=[ \t]{0,3}[.!]?\s*$)`, 'gu');
  for (let m = alone.exec(t.s); m; m = alone.exec(t.s))
    if (
      !found.some((f) => f.start === m.index) &&
      letteredAlone(m[0], t.s.slice(0, m.index), t.s.slice(m.index + m[0].length))
    )
      take(m.index, m.index + m[0].length, m[0]);
  // «2018/943» anywhere: the year/number shape is an invoice by itself.
  const yearNum = /(?<![\d/.,~])20\d{2}[ ]*\/[ ]*\d{1,7}(?![\d/])/g;
  for (let m = yearNum.exec(t.s); m; m = yearNum.exec(t.s)) take(m.index, m.index + m[0].length, m[0]);
  // «по 26/0594», «эльмаш 26/0455 оплатили»: the two-digit year first is an invoice by itself too
  // (not «ТМ-26/0455», the lettered number read above, nor «14/26-Ч», a contract's).
  const yearFirst = new RegExp(String.raw`(?<![\p{L}\d/.,~\-])${YEAR_FIRST}(?![\d/\-]|\p{L}|[.,]\d)`, 'gu');
  for (let m = yearFirst.exec(t.s); m; m = yearFirst.exec(t.s))
    if (!found.some((f) => f.start <= m.index && m.index < f.end) && !endsAt(RE_OTHER_DOCUMENT_BEFORE, t.s, m.index))
      take(m.index, m.index + m[0].length, m[0]);
  // «2026-0457»: a year, a hyphen and a zero-padded number is an invoice by itself too; so is the
  // year cut to two digits, as 1C prints it with a year prefix («26-0412», «25-00731»).
  const yearDash = /(?<![\p{L}\d/.,~-])(?:20)?2\d-0\d{2,5}(?![\d/-])/gu;
  const marked = found.length;
  for (let m = yearDash.exec(t.s); m; m = yearDash.exec(t.s)) {
    // The short year is another document's number after its word («по убытку 26-0412», «заявка
    // 25-0031»), or beside an invoice the message names otherwise («по счету 215 …, полис 26-0412»).
    if (m[0].length < 9 && (marked > 0 || endsAt(RE_OTHER_DOCUMENT_BEFORE, t.s, m.index))) continue;
    take(m.index, m.index + m[0].length, m[0]);
  }
  // «оплатили 2611-033», «2612-015/2 пришла половина»: the year and month (YYMM), a hyphen and the invoice's place
  // in that month — 1C's «БТ-2611-033» written without its letters, a stage's «/2» kept — is an invoice by itself.
  // Not a range «2511-2512» (four digits after: zero-padded only), not sizes, nor another document's number; beside
  // an invoice named otherwise only when that one has this shape too (its sibling).
  const yearMonthSeq = new RegExp(
    String.raw`(?<![\p{L}\d/.,~-])${YEAR_MONTH_SEQ}(?![\d/-]|[.,]\d|${UNIT_AFTER})`,
    'gu',
  );
  // «БТ-2611-131 и 2611-132»: the sibling written without the series' letters.
  const shaped = (f: Token): boolean => new RegExp(`(?:^|-)${YEAR_MONTH_SEQ}$`, 'u').test(f.invoice ?? '');
  for (let m = yearMonthSeq.exec(t.s); m; m = yearMonthSeq.exec(t.s)) {
    if (found.some((f) => f.start <= m.index && m.index < f.end) || endsAt(RE_OTHER_DOCUMENT_BEFORE, t.s, m.index))
      continue;
    if (found.length > 0 && !found.some(shaped)) continue;
    take(m.index, m.index + m[0].length, m[0]);
  }
  // «КЛ-11-118 – КЛ-11-120», «ТД-204 — ТД-206», «КИ-2026-0447 – КИ-2026-0449»: a range of lettered invoices, the
  // letters (and a month or a year) on both ends, is every invoice in it (padded as written), all on the range's span.
  for (const f of [...found]) {
    const id = /^(\p{L}{1,4}(?:\d\d)?-(?:\d{1,2}-|20\d\d-)?)(\d{3,7})$/iu.exec(f.invoice ?? '');
    if (!id?.[1] || !id[2]) continue;
    const tail = new RegExp(`^\\s*[-—–]\\s*${id[1]}(\\d{3,7})(?![\\d/-])`, 'iu').exec(t.s.slice(f.end));
    const [from, to] = [Number(id[2]), Number(tail?.[1])];
    if (!tail?.[1] || tail[1].length !== id[2].length || !(to > from) || to - from > 20) continue;
    const end = f.end + tail[0].length;
    f.end = end;
    for (let k = from + 1; k <= to; k++) take(f.start, end, `${id[1]}${String(k).padStart(id[2].length, '0')}`);
  }
  t.maskSpans(found);
  // «по 11-089 оплатили», «11-045 и 11-046»: a month and its invoice's place in that month (a company that
  // numbers its invoices anew each month; 1C prints them «КЛ-11-089») is an invoice by itself — not a
  // range of sizes or counts («10-150 мм», «12-200 шт»), nor another document's number («акт 11-089»).
  const monthSeq = new RegExp(
    String.raw`(?<![\p{L}\d/.,~-])(?:0[1-9]|1[0-2])-\d{3}(?![\d/-]|[.,]\d|${UNIT_AFTER})`,
    'gu',
  );
  for (let m = monthSeq.exec(t.s); m; m = monthSeq.exec(t.s))
    if (!found.some((f) => f.start <= m.index && m.index < f.end) && !endsAt(RE_OTHER_DOCUMENT_BEFORE, t.s, m.index))
      take(m.index, m.index + m[0].length, m[0]);
  t.maskSpans(found);
  takeSameSeries(t, found, take);
  t.maskSpans(found);
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Once the message names an invoice of a series («ТО/0112», «ОВ00001252», «ТД-00045»), another number of that
 * series elsewhere in it is an invoice too: «ТО/0112 и ТО/0113 пришли», «по ТО/0087 …, и за март … ТО/0101» (a
 * negated clause still drops it later). A message that names none: a series' number zero-padded or after a
 * slash is the invoice an accountant reads there («за квартал ТО/0120 — 3х7 500 = 22 500»); a model's «ХФ-140»
 * is neither. Other documents' numbers («дог. СО-2026/07», «УПД …») were masked before.
 */
function takeSameSeries(t: Text, found: Token[], take: (start: number, end: number, raw: string) => void): void {
  const series = new Set(found.map((f) => seriesOf(f.invoice ?? '')).filter((x): x is string => Boolean(x)));
  const years = new Set([...series].map(yearOfSeries).filter((x): x is string => Boolean(x)));
  const none = found.length === 0;
  if (!none && series.size === 0) return;
  const any = new RegExp(String.raw`(?=\p{L})(?<![\p{L}\d\-/.~])(${LETTER_INVOICE})(?![\p{L}])`, 'gu');
  for (let m = any.exec(t.s); m; m = any.exec(t.s)) {
    const id = m[0];
    const key = seriesOf(id);
    const shaped = RE_MONTHLY_SERIES.test(id) || RE_YEAR_BETWEEN.test(id); // «ОК12-21», «КИ-2026-0452»
    if (
      !key ||
      !(RE_STRONG_LETTERED.test(id) || shaped) ||
      found.some((f) => f.start < m.index + id.length && m.index < f.end)
    )
      continue;
    const padded = key.endsWith('/') || /^0/.test(id.slice(key.length));
    // «труба ПН20-110 мм»: a size after it makes it a product's code, not a year's series.
    const year = RE_UNIT_AFTER.test(t.s.slice(m.index + id.length)) ? null : yearOfSeries(key);
    if (series.has(key) || (year && years.has(year)) || (none && (padded || year || shaped)))
      take(m.index, m.index + id.length, id);
  }
}

/**
 * The year a series carries after its letters — «з26-» → «26-»: a company's series per kind of work and year
 * («З26-0047» orders, «У26-1184» installation). Such a number is an invoice by its shape alone, and one named makes
 * the other series of that year its siblings («З26-0114 — 96 000 и У26-1215 — 14 400»). Null for a series
 * without a year («то/», «ни00-»: 1C's base prefix is zeros).
 */
const RE_UNIT_AFTER = new RegExp(`^${UNIT_AFTER}`, 'u');

/**
 * A series whose 1C numbering restarts each month, the month glued to its letters: «ОК12-000009» as 1C shows it,
 * typed short «ОК12-21», «ОК11-146» (two letters or more, the month 01–12, up to three digits or six zero-padded).
 * An invoice by its shape alone in a message that names none.
 */
const RE_MONTHLY_SERIES = /^\p{L}{2,4}(?:0[1-9]|1[0-2])-(?:[1-9]\d{0,2}|0\d{5})$/u;

function yearOfSeries(key: string): string | null {
  return /^\p{L}{1,4}(2\d[-/])$/u.exec(key)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Step 5: amounts
// ---------------------------------------------------------------------------------------------

/** «Всего поступило 115 750», «Итого оплачено 15 000»: the verb between the total word and the sum. */
const TOTAL_VERB = String.raw`(?:поступил\p{L}*|пришл\p{L}*|оплачен\p{L}*|получен\p{L}*|зачислен\p{L}*)`;

function extractTotals(t: Text): Token[] {
  const out: Token[] = [];
  const spans: Span[] = [];
  const re = new RegExp(
    String.raw`(?<![\p{L}])(?:итого|итог|всего|общ\p{L}*\s+сумм\p{L}*|в сумме)(?:\s+${TOTAL_VERB})?\s*[-:]?\s*(?:на\s+)?(?:сумму\s+)?${NUM_START}(${AMOUNT})`,
    'gu',
  );
  for (let m = re.exec(t.s); m; m = re.exec(t.s)) {
    const raw = m[1] ?? '';
    const a = parseAmount(raw);
    if (!a) continue;
    const start = m.index + m[0].length - raw.length;
    // «общей суммой 71 тыс 300»: the hundreds after the thousands are the same total.
    const tail = thousandsTail(t.s, raw, start + raw.length);
    const end = tail?.end ?? start + raw.length;
    out.push({ kind: 'total', start, end, value: a.value + (tail?.value ?? 0), money: true });
    spans.push({ start: m.index, end });
  }
  t.maskSpans(spans);
  return out;
}

/**
 * How the money was paid, right after a number and ending its line: «690 нал», «1150 терминал», «580 qr»
 * (not «оплатили 5250 наличными 8 000», where the sum comes after).
 */
const RE_PAID_HOW_AFTER =
  /^\s*(?:нал(?:ом|ичн\p{L}*|ичк\p{L}*|ик\p{L}*)?|наличн\p{L}*|безнал\p{L}*|терминал\p{L}*|по\s+терминалу|qr|по\s+qr|сбп|по\s+сбп|на\s+карту|картой)(?![\p{L}])[^\d\n]*(?:\n|$)/u; // read on the next 120 characters

/** Taken by a courier: «690 нал», «1150 терминал», «580 qr» ending the line (not «15 000 ₽ на карту», ours going out). */
const RE_TAKEN_HOW_AFTER =
  /^\s*(?:нал(?:ом|ичн\p{L}*|ичк\p{L}*)?|наличн\p{L}*|терминал\p{L}*|по\s+терминалу|qr|по\s+qr)(?![\p{L}])[^\d\n]*(?:\n|$)/u;

function extractAmounts(t: Text): Token[] {
  const out: Token[] = [];
  const re = new RegExp(`${NUM_START}${AMOUNT}`, 'gu');
  for (let m = re.exec(t.s); m; m = re.exec(t.s)) {
    const a = parseAmount(m[0].trimEnd());
    // «доверенность 6120-АБ», «9178-Л»: a number with letters after a hyphen is a document's code, no sum.
    if (!a || /^-\p{L}/u.test(t.s.slice(m.index + m[0].length))) continue;
    const tok: Token = { kind: 'amount', start: m.index, end: m.index + m[0].length, value: a.value, money: a.money };
    // «690 нал», «1150 терминал», «580 qr», «3200 на карту»: how it was paid says it is money.
    if (!a.money && RE_PAID_HOW_AFTER.test(t.s.slice(tok.end, tok.end + 120))) tok.money = true;
    // «на руках нал 460», «терминал 1150»: the way of paying said first.
    if (!a.money && endsAt(/(?<![\p{L}])(?:нал|наличн\p{L}*|налом|терминал|qr|сбп)\s*[:—-]?\s*$/u, t.s, tok.start))
      tok.money = true;
    // «2 раза по 10 000»: the sum paid so many times.
    // «дважды по 4 000» too; not «5 платежей по 1 300 000», a schedule's plan.
    const times = matchEndingAt(
      /(?<![\p{L}\d])(?:(\d{1,2}|два|две|три|четыре)\s+раз(?:а)?|(дважды|трижды))\s+по\s+$/u,
      t.s,
      m.index,
    );
    const word = times?.[1] ?? times?.[2] ?? '';
    if (times && a.money)
      tok.value = a.value * ({ два: 2, две: 2, три: 3, четыре: 4, дважды: 2, трижды: 3 }[word] ?? Number(word));
    const tail = thousandsTail(t.s, m[0], tok.end);
    if (tail) {
      tok.end = tail.end;
      tok.value = (tok.value ?? 0) + tail.value;
      re.lastIndex = tail.end;
    }
    out.push(tok);
  }
  return withSharedThousands(out, t.s);
}

/**
 * «64 тысячи 500», «2 тыс 300 руб»: the hundreds said after the thousands belong to the same sum.
 * Only a whole «тысяч»-word before them, and one to three digits after it that are not a
 * quantity or another number («64 тысячи 500 т»).
 */
function thousandsTail(s: string, raw: string, end: number): { end: number; value: number } | null {
  const millions = millionsTail(s, raw, end); // «2 лям 160», «3 млн 400»
  if (millions) return millions;
  if (!/(?<![\p{L}])(?:тыс(?:яч\p{L}*)?\.?|тыщ\p{L}*)\s*$/u.test(raw)) return null;
  // «54 тыс 380.»: a full stop or comma ending the sentence is no decimal point.
  const m = /^[ \t]?(\d{1,3})(?!\d|[.,]\d|\s*(?:т|тн|тонн\p{L}*|шт\.?|кг|м3|%)(?![\p{L}]))/u.exec(s.slice(end));
  if (!m?.[1]) return null;
  return { end: end + m[0].length, value: Number(m[1]) };
}

/** «по 1060», «за 1060», «это его 1667», «по тм 468»: right before a bare number that names the invoice. */
const AFTER_PO = new RegExp(
  String.raw`(?<![\p{L}])(?:по|за|это(?:\s+(?:его|ее|их))?)\s*(?:(?:№|#|no?(?![\p{L}]))\s*|${PREFIX_WORD})?$`,
  'u',
);

/**
 * «оплата», «оплачен», «оплатили», «закрыли 4634» (an invoice is closed, not a sum): the words after
 * which a bare number names the invoice.
 */
const RE_PAY_WORD =
  /(?<![\p{L}])(?:оплат\p{L}*|оплотил\p{L}*|оплачен\p{L}*|(?:про|до|за)плат\p{L}*|опл|рассчитал\p{L}*|закрыл[аи]?)(?![\p{L}])/u; // «8933 рассчитались»

/**
 * Invoices written as bare numbers («оплатили 1300 Монолит 4000», «943 — 4 000», «оплатили 325 и
 * 326, всего 52 300», «Пришло 12 000 по 1060», «943 оплачен»). A bare integer is a non-money
 * 3-7-digit number. In each line (or «;» part) the first bare integer, with the neighbouring bare
 * integers listed after it («325 и 326», «1401, 1402, 1403»), is the invoice list when a sum
 * follows it or a total is given, or when it follows «по»; a bare integer right after «по» is an
 * invoice anywhere. With a payment word and no money-shaped sum anywhere, every bare integer is an
 * invoice («оплата 1051»): a sum is almost never written as a bare «1051» with nothing else.
 */
/**
 * «сироп 2 по 225», «визитки 2 вида по 500», «2 дня по 140 чел»: «по» after a count (one or two digits, a
 * word or two after it, no payment) or before a unit per head — the number is what each costs or holds.
 */
const RE_COUNT_WORD_PO =
  /(?<![\d.,~\p{L}-]|\d[ ])\d{1,2}[ \t]+(?:(?!плат|транш|раз|част|сч|тыс|тр|тыр|тыщ|косар|кус|штук|лям|млн|мульт|к(?![\p{L}])|руб|р(?![\p{L}])|₽)\p{L}+[ \t]+){1,2}по[ \t]+$/u;
/** «2 по 225 = 4 320»: a count, «по», then the sum worked out — the number is a price in the sum. */
const RE_COUNT_PO = /(?<![\d.,~\p{L}-]|\d[ ])\d{1,2}[ \t]+по[ \t]+$/u;
/**
 * «счета 8805 и 8806 по 4000», «оплатили 7712, 7713 по 2500», «оплатили 943 и 944, по 4000 каждый»: «по» right after a list of invoices (after an invoice
 * word, read and masked; or bare) says what each of them was paid — a sum, not one more invoice. Not after two sums
 * («аванс 30 000 и 20 000, всего 50 000 по 4410»: masked sums look like masked invoices, so only after the word).
 */
const RE_LIST_PO =
  /(?:(?<![\p{L}])сч\p{L}{0,6}\.?[ \t]{0,3}(?:№[ \t]*)?~{3,40}[ \t]*(?:,|и)[ \t]*(?:№[ \t]*)?~{3,40}|(?<![\d.,~]|\d[ ])\d{3,7}[ \t]*(?:,|и)[ \t]*\d{3,7})(?:[ \t]*,)?[ \t]+по[ \t]+$/u;
function eachOf(a: Token, s: string): boolean {
  return (
    endsAt(RE_COUNT_WORD_PO, s, a.start) ||
    endsAt(RE_LIST_PO, s, a.start) ||
    (endsAt(RE_COUNT_PO, s, a.start) && /^[ \t]*[=+]/u.test(s.slice(a.end))) ||
    perHead(a, s)
  );
}
/** «140 чел», «6 шт», «2 400 р/чел»: a number of people or pieces, or a price per head — never an invoice. */
function perHead(a: Token, s: string): boolean {
  return /^[ \t]*(?:чел|шт|гост|порц|р\/|руб\.?\/|₽\/)/u.test(s.slice(a.end, a.end + 12));
}

/** After a bare invoice number: its two-digit year or month («/26»), or its series' letter («/р», «-м»). */
const RE_BARE_TAIL = /^(?:\/(?:[23]\d|1[0-2]|0?[1-9])(?![\d/])|[-/][бвгджзклмнпрстфцчшщ](?![\p{L}\d\-/]))/u;

function pickBareInvoices(
  amounts: Token[],
  totals: Token[],
  s: string,
  haveMarked: boolean,
  payWord: boolean,
  negative: Span[] = [],
): { invoices: Token[]; amounts: Token[] } {
  const invoices: Token[] = [];
  // A 1C number padded with zeros («00000617», up to 11 digits) is bare too: no sum starts with 0.
  const isBare = (a: Token): boolean =>
    !a.money && /^(?:\d{3,7}|0\d{3,10})$/.test(s.slice(a.start, a.end).trim()) && !perHead(a, s);
  // «1648/26», «1163/12»: the number with its two-digit year (or its month) after a slash is the
  // invoice as written; so is «7231/Р», «8123-М» with its series' one-letter suffix (SUFFIXED_INVOICE).
  const asInvoice = (a: Token): Token => {
    const year = RE_BARE_TAIL.exec(s.slice(a.end))?.[0] ?? '';
    return {
      kind: 'invoice',
      start: a.start,
      end: a.end + year.length,
      invoice: cleanInvoice(s.slice(a.start, a.end).trim() + year),
    };
  };
  const seriesLetter = (i: Token): string => /\p{L}$/u.exec(i.invoice ?? '')?.[0] ?? '';
  // What stands between two listed numbers, after the first one's year: «870/26, 871/26 и 874/26».
  const between = (prev: Token, cur: Token): string => s.slice(asInvoice(prev).end, cur.start);
  // «по 1060», «за 1060», and «это (его) 1667» after the money: the number names the invoice — not a
  // price or a head count each («2 по 225», «2 вида по 500», «2 дня по 140 чел»).
  const afterPo = (a: Token): boolean => endsAt(AFTER_PO, s, a.start) && !eachOf(a, s);

  // «… по 1060» anywhere, and the neighbouring numbers listed after it: «по 7140 и 7147».
  for (const [k, a] of amounts.entries()) {
    if (!isBare(a) || !afterPo(a)) continue;
    invoices.push(asInvoice(a));
    // «по 7640-7642»: a range of as many digits, up to 20 long, is every invoice in it.
    const head = s.slice(a.start, a.end).trim();
    const range = /^\s*-\s*(\d{3,7})(?![\d/]|[.,]\d|[ ]\d{3}(?!\d))/.exec(s.slice(a.end));
    const [from, to] = [Number(head), Number(range?.[1])];
    if (range?.[1]?.length === head.length && to > from && to - from <= 20) {
      const end = a.end + range[0].length;
      for (let n = from + 1; n <= to; n++) invoices.push({ kind: 'invoice', start: a.start, end, invoice: String(n) });
    }
    for (let j = k + 1, prev = a; j < amounts.length; j++) {
      const cur = amounts[j] as Token;
      const item = s.slice(cur.start, cur.end).trim();
      if (!isBare(cur) || !/^\s*(?:,|и)\s*$/u.test(between(prev, cur))) break;
      if (!isNeighbour(s.slice(a.start, a.end).trim(), item) || SUM_FOLLOWS.test(s.slice(cur.end))) break;
      invoices.push(asInvoice(cur));
      prev = cur;
    }
  }
  // «перевел по 3220 ₽ 6 400»: a plain number with only a currency sign after «по», and a
  // money-shaped sum right after it — the sign belongs to the sum, the number is the invoice.
  for (const [k, a] of amounts.entries()) {
    const next = amounts[k + 1];
    const raw = s.slice(a.start, a.end).trim();
    const m = /^(\d{3,7})\s*(?:₽|р\.?|руб\.?)$/u.exec(raw);
    if (!m?.[1] || !afterPo(a) || !next?.money || !/^\s*$/.test(s.slice(a.end, next.start))) continue;
    invoices.push({ kind: 'invoice', start: a.start, end: a.start + m[1].length, invoice: m[1] });
  }

  invoices.push(...listItemHeads(amounts, s, isBare).map(asInvoice));

  if (!haveMarked) {
    const segments: Span[] = [];
    // Lines, «;» parts, and a part a «, но» / «, а» opens with another number («7927 пока не
    // оплачен, но 7928 — 5 500 пришли»); not «…, но полностью — 30 000».
    // Not «…, но 9 000 вместо 9 900»: a sum after «но» goes on the same part.
    const seg =
      /(?:[^\n;,]|,(?!\s*(?:но|а)\s+\d{3,7}(?![\d.,]|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))))+/gu;
    // A negated clause is a part of its own: in «6133 не оплачен, я ошибся — оплачен 6108» the
    // number after «оплачен» is no sum of the unpaid 6133.
    const cuts = negative.flatMap((c) => [c.start, c.end]).sort((a, b) => a - b);
    for (let m = seg.exec(s); m; m = seg.exec(s)) {
      const [from, to] = [m.index, m.index + m[0].length];
      const inside = [from, ...cuts.slice(firstAbove(cuts, from), firstAbove(cuts, to - 1)), to];
      for (let k = 0; k + 1 < inside.length; k++) segments.push({ start: inside[k] ?? from, end: inside[k + 1] ?? to });
    }
    // Each segment's sums, in order, found once (the segments are disjoint and in order): not a
    // pass over all sums per segment, nor over all cuts per line — quadratic in a long text.
    const starts = segments.map((sp) => sp.start);
    const inSegment = segments.map((): Token[] => []);
    for (const a of amounts) {
      const k = firstAbove(starts, a.start) - 1; // the last segment starting at or before the sum
      const sp = segments[k];
      if (sp && a.end <= sp.end) inSegment[k]?.push(a);
    }
    for (const [k, sp] of segments.entries()) {
      const all = (inSegment[k] ?? []).filter((a) => !invoices.some((i) => i.start === a.start));
      // «пришло 40 000: 5524 — 25 000, …», «пришло 312 480 руб. и закрыло оба: 853/26 — 97 600, …»: a
      // total before a colon heads the list, no item of it.
      const lead = all[0];
      const inSeg = lead?.money && /^[^\d\n:;,]{0,40}:/.test(s.slice(lead.end)) ? all.slice(1) : all;
      const first = inSeg[0];
      if (!first || !isBare(first)) continue;
      // «по 8830 пришло 4000 и по 8831 пришло 6000»: after the segment's invoice, a number right
      // after the arrival word is its sum.
      if (
        invoices.some((i) => i.start >= sp.start && i.start < first.start) &&
        RE_SUM_AFTER_VERB.test(s.slice(sp.start, first.start))
      )
        continue;
      const list = [first];
      for (let k = 1; k < inSeg.length; k++) {
        const prev = list[list.length - 1] as Token;
        const cur = inSeg[k] as Token;
        const joint = between(prev, cur);
        if (!isBare(cur) || !/^\s*(?:,|;|и|\+|\s)\s*(?:(?:№|#)\s*)?$/u.test(joint)) break; // «1608 + 1609 = …»
        if (!isNeighbour(s.slice(prev.start, prev.end).trim(), s.slice(cur.start, cur.end).trim())) break;
        // «7312/Р и 7313/Р» lists a series; after «7231/Р», a plain «6250» is its sum.
        if (seriesLetter(asInvoice(prev)) !== seriesLetter(asInvoice(cur))) break;
        list.push(cur);
      }
      const sumAfter = inSeg.length > list.length || totals.length > 0 || sumOnNextLine(amounts, s, sp);
      if (!(sumAfter || afterPo(first) || (list.length > 1 && payWord))) continue;
      invoices.push(...list.map(asInvoice));
      // «бытхим 4520-4522 одной платёжкой»: a range of as many digits, up to 20 long, is every invoice in it.
      if (list.length === 1) invoices.push(...rangeAfter(first, s));
      // Alternating «1407 на 3 т.р. и 1408 на 5 т.р.»: a bare number between two sums is an invoice;
      // so is one close to the first invoice after a comma or a name, before its own sum
      // («Элексис (2406) 4000, Монолит (2407) 6000»).
      const head = s.slice(first.start, first.end).trim();
      // «оплачен 8805 на 4000, оплачен 943 на 4000»: the pair «invoice на sum» said again after a comma (and the
      // payment word again) is another invoice with its sum, however the sums are written.
      const joint = list.length === 1 ? s.slice(first.end, inSeg[1]?.start ?? first.end).trim() : '';
      const saidAgain = (prev: Token, cur: Token, nxt: Token): boolean =>
        /^(?:на|[-—–:])$/u.test(joint) &&
        isBare(cur) &&
        s.slice(cur.end, nxt.start).trim() === joint &&
        /^\s*(?:,|и)\s*(?:(?:оплачен\p{L}*|оплатил\p{L}*|закрыт\p{L}*|закрыл[аи]?)\s+)?(?:№\s*)?$/u.test(
          s.slice(prev.end, cur.start),
        );
      for (let k = list.length + 1; k + 1 < inSeg.length; k++) {
        const [prev, cur, nxt] = [inSeg[k - 1], inSeg[k], inSeg[k + 1]] as [Token, Token, Token];
        const likeFirst =
          isBare(cur) &&
          isNeighbour(head, s.slice(cur.start, cur.end).trim()) &&
          /[,;(\p{L}]/u.test(s.slice(prev.end, cur.start));
        if ((prev.money && isBare(cur) && nxt.money) || likeFirst || saidAgain(prev, cur, nxt)) {
          invoices.push(asInvoice(cur));
          k++;
        }
      }
    }
  }

  // «Сообщение: оплата 1563», «предоплата 5123», «аванс 4774» beside a money-shaped sum: the bare
  // number right after the payment word is the invoice.
  if (!haveMarked && invoices.length === 0 && amounts.some((a) => a.money))
    for (const a of amounts)
      if (
        isBare(a) &&
        endsAt(
          /(?<![\p{L}])(?:(?:пред)?оплат\p{L}*|оплачен\p{L}*|аванс\p{L}*|доплат\p{L}*)\s*(?:(?:№|#)\s*)?$/u,
          s,
          a.start,
        )
      )
        invoices.push(asInvoice(a));

  // «Комментарий: 6105», «Сообщение: 4802», «Сообщение получателю: 8905», «Сообщение: выезд мастера 1693»,
  // «Сообщение: «4845 доставка»», «Сообщение: за котел 9832 кузьмин» (a word or two of what for or who,
  // inside the quotes or closing the line): the payer's own
  // field holding only a number (after a few words of what for) names the
  // invoice (a bank push carries its sum elsewhere, money-shaped); the masked balance («~») may follow.
  if (!haveMarked && invoices.length === 0 && amounts.some((a) => a.money))
    for (const a of amounts)
      if (
        isBare(a) &&
        endsAt(
          /(?<![\p{L}])(?:комментари\p{L}*|сообщени\p{L}*|назначени\p{L}*)(?:\s+(?:получател\p{L}*|к\s+(?:переводу|платежу)))?\s*:?\s*"?(?:\p{L}+\s+){0,4}$/u,
          s,
          a.start,
        ) &&
        /^\s*(?:(?:пред)?оплат\p{L}*|аванс\p{L}*|доплат\p{L}*)?\s*(?:["»]|\.?\s*$|\.?\s*\n|\.?\s*~)|^(?:\s+\p{L}+){1,2}\s*(?:["»]|\.?[ \t]*(?:$|\n))/u.test(
          s.slice(a.end),
        )
      )
        invoices.push(asInvoice(a));

  // «Пришло 9 800 по 5165, плюс 5166 — 3 200»: after a joining word, a bare number with a dash and
  // a money-shaped sum right after it is another invoice with its own sum.
  for (const [k, a] of amounts.entries()) {
    const next = amounts[k + 1];
    if (!isBare(a) || !next?.money || invoices.some((i) => i.start === a.start)) continue;
    // «9426 — 1 500», «9426 оплатили 1 500», «8829 — только аванс 10 000»: a dash or a payment
    // word between it and its sum (what part it is may follow the dash).
    if (
      !/^\s*(?:[-:](?:\s*(?:только|лишь)?\s*(?:аванс|предоплат\p{L}*|доплат\p{L}*|частичн\p{L}*|половин\p{L}*)[\s~]*\(?)?|(?:оплат\p{L}*|оплачен\p{L}*|пришл\p{L}*|пришел|поступил\p{L}*|перев[её]л\p{L}*)\s*[-:]?)\s*$/u.test(
        s.slice(a.end, next.start),
      )
    )
      continue;
    // Joined by a word or a comma, or right after the previous invoice's sum («6т.р. 9130 — 4т.р.»).
    const prev = amounts[k - 1];
    const joined =
      endsAt(/(?:(?<![\p{L}])(?:плюс|и|ещ[её])|[,;+])\s*$/u, s, a.start) ||
      (prev?.money === true && /^[\s.]*$/.test(s.slice(prev.end, a.start)));
    if (joined && (invoices.length > 0 || haveMarked)) invoices.push(asInvoice(a));
  }

  // «943 оплачен», «оплата 1051»: no money-shaped sum anywhere, a payment word, bare numbers only.
  const rest = amounts.filter((a) => !invoices.some((i) => i.start === a.start));
  if (!haveMarked && invoices.length === 0 && payWord && totals.length === 0 && rest.length > 0 && rest.every(isBare))
    invoices.push(...rest.map(asInvoice));

  for (const a of paidRightAfter(amounts, totals, s, isBare))
    if (!invoices.some((i) => i.start === a.start)) invoices.push(asInvoice(a));
  // «7417\n7418\n7419\nвсе три оплачены»: the rest of a one-per-line list of which one is an invoice.
  invoices.push(...lineRun(amounts, invoices, s, isBare).map(asInvoice));

  return { invoices, amounts: amounts.filter((a) => !invoices.some((i) => i.start === a.start)) };
}

/**
 * «• 6233 — ИП Ковалёва — 7 250,50»: a bare number opening a list item (its marker masked) with a
 * money-shaped sum later on its line is the item's invoice, whatever else the message names.
 */
function listItemHeads(amounts: Token[], s: string, isBare: (a: Token) => boolean): Token[] {
  const lineOf = linesAround(s);
  return amounts.filter((a) => {
    const { start: lineStart, next } = lineOf(a.start, a.end);
    const lineEnd = next < 0 ? s.length : next;
    if (!isBare(a) || !/^[ \t]*~+[ \t]+$/.test(s.slice(lineStart, a.start))) return false;
    return amounts.some((b) => b.money && b.start >= a.end && b.end <= lineEnd);
  });
}

/**
 * «6230 оплачен, по 6231 пока тишина»: a bare number opening its clause right before «оплачен» is
 * the invoice paid, when no money-shaped sum is written anywhere and the clause names no other
 * invoice after the verb («5000 оплачено по 1060»). With a sum elsewhere only a list of them does:
 * «7973 оплачен, 7974 оплачен, по 5 000 каждый» (neighbouring numbers, each «оплачен»).
 */
function paidRightAfter(amounts: Token[], totals: Token[], s: string, isBare: (a: Token) => boolean): Token[] {
  if (totals.length > 0) return [];
  const found = amounts.filter(
    (a) =>
      isBare(a) &&
      endsAt(/(?:^|[\n,;.:])\s*$/u, s, a.start) &&
      /^\s*(?:оплачен\p{L}*|проплачен\p{L}*|закрыт[аоы]?)(?![\p{L}])(?![^,;.\n]*(?:по|сч\p{L}*|№)\s*\d{3,}(?!\d|[ ]\d{3}(?!\d)|[.,]\d))/u.test(
        s.slice(a.end),
      ),
  );
  if (!amounts.some((a) => a.money)) {
    // «4659 пришло» alone: a bare number that is no round sum, opening its line before the arrival
    // word with nothing after it, is the invoice whose money came («5000 пришло» stays a sum).
    const arrived = amounts.filter(
      (a) =>
        isBare(a) &&
        (a.value ?? 0) % 100 !== 0 &&
        endsAt(/(?:^|\n)[ \t]*$/u, s, a.start) &&
        // «7234 — пришла половина»: a part word may follow.
        /^[ \t]*[-:]?\s*(?:пришл[аои]|пришел|поступил[аио]?)(?:[ \t]+(?:половин\p{L}*|част\p{L}*|аванс|предоплат\p{L}*|остаток))?[ \t.!]*(?:\n|$)/u.test(
          s.slice(a.end),
        ),
    );
    return [...found, ...arrived];
  }
  const ids = found.map((a) => s.slice(a.start, a.end).trim());
  const [head = ''] = ids;
  if (found.length >= 2 && ids.every((id) => isNeighbour(head, id))) return found;
  // «9161 оплачен полностью, а 9162 наполовину — 6 000 и 4 000»: one «оплачен» beside a neighbouring
  // bare number that the message names too.
  const id = (a: Token): string => s.slice(a.start, a.end).trim();
  return found.filter((a) => amounts.some((b) => b !== a && isBare(b) && b.start > a.end && isNeighbour(id(a), id(b))));
}

/**
 * Statement lines carry the payment order's number beside the sum («14.11.2026 | 377 | ООО … |
 * 48 500,00 | Оплата по счету 943»): when a sum is written like money, a bare integer under 1 000
 * next to it is a document number, not a second sum.
 */
function dropDocumentNumbers(amounts: Token[], s: string): Token[] {
  if (!amounts.some((a) => a.money)) return amounts;
  // «4 000 бетон + 500 доставка»: a summand is money whatever its size.
  const summand = (a: Token): boolean => endsAt(/\+\s*$/, s, a.start) || /^\s*\+/.test(s.slice(a.end));
  // «950 4 500 — нет, 450»: the sum put in the place of one is no document number either.
  const brought = broughtForSums(amounts, s);
  return amounts.filter((a) => a.money || (a.value ?? 0) >= 1000 || summand(a) || brought.has(a));
}

/**
 * «56 тыс. с копейками (56 012,40)», «около 12 тыс (11 980,50)»: a round sum in thousands and, in
 * brackets right after it (or alone on the next line), a figure within a thousand of it — the same sum said exactly. The
 * exact one stays («8 000 (5 000 + 3 000)», a breakdown, is no single figure in brackets).
 */
function dropRestated(amounts: Token[], s: string): Token[] {
  return amounts.filter((a, k) => {
    const b = amounts[k + 1];
    if (!b || !a.money || !b.money || (a.value ?? 0) % 1000 !== 0 || a.value === b.value) return true;
    const close = Math.abs((a.value ?? 0) - (b.value ?? 0)) < 1000;
    // «бытхим 94 тыс\n94 400»: the exact figure alone on the next line says the same sum too.
    const nextLine = /^[ \t]*\n\s*$/.test(s.slice(a.end, b.start)) && /^[ \t]*(?:\n|$)/.test(s.slice(b.end));
    const bracketed = /^[^\d()~]{0,25}\(\s*$/u.test(s.slice(a.end, b.start)) && /^\s*\)/.test(s.slice(b.end));
    return !(close && (bracketed || nextLine));
  });
}

/** Sums in words («восемь тысяч пятьсот»), unless the same value is already written in digits. */
const RE_UNIT_BEFORE_PRICE =
  /(?<![\p{L}])(?:т|тн|тонн\p{L}*|шт\.?|штук\p{L}*|мешк\p{L}*|мешок|кг|литр\p{L}*|л|куб\p{L}*|поддон\p{L}*|паллет\p{L}*|п\.\s?е\.|метр\p{L}*|м)\s+по\s+$/u;

function extractWordSums(t: Text, totals: Token[], quiet: Span[]): Token[] {
  const out: Token[] = [];
  for (const w of findWordSums(t.s)) {
    // A lone hundreds word with no currency («ООО «СТО ЛЕВЫЙ БЕРЕГ»», «(СТО на Ленинском)», «в триста пятой»): a
    // name or a place, never the money — a payment chat says hundreds of roubles with digits or «руб», and a number
    // word counts only joined to the number words beside it.
    if (w.value < 1000 && !/[\s-]/u.test(t.s.slice(w.start, w.end))) continue;
    // «двадцать четыре тонны по тридцать восемь тысяч»: the price of one unit, no sum paid.
    const unitPrice = RE_UNIT_BEFORE_PRICE.test(t.s.slice(Math.max(0, w.start - 40), w.start));
    if (unitPrice) {
      t.maskSpan(w);
      quiet.push(w);
      continue;
    }
    out.push({ kind: 'amount', start: w.start, end: w.end, value: w.value, money: true });
    t.maskSpan(w);
    quiet.push(w); // «с половиной», «полтора» say nothing about a partial payment
  }
  // «Итого: сорок восемь тысяч», «итого пришло миллион сто семьдесят восемь тысяч» is the total.
  const totalBefore = new RegExp(
    String.raw`(?<![\p{L}])(?:итого|всего|на сумму|в сумме)(?:\s+${TOTAL_VERB})?\s*:?\s*$`,
    'u',
  );
  for (const w of out) {
    if (endsAt(totalBefore, t.s, w.start) && totals.length === 0) totals.push({ ...w, kind: 'total' });
  }
  return out.filter((w) => !totals.some((x) => x.start === w.start));
}

/** The text with the given spans (positions in the whole message) blanked out. */
function blank(text: string, offset: number, spans: Span[]): string {
  let out = text;
  for (const sp of spans) {
    const a = Math.max(0, sp.start - offset);
    const b = Math.min(text.length, sp.end - offset);
    if (a < b) out = out.slice(0, a) + ' '.repeat(b - a) + out.slice(b);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Step 6: pair amounts with invoices
// ---------------------------------------------------------------------------------------------

/**
 * The line number of a position, by a binary search over the line breaks found once: counting the
 * breaks before each token made pairing a long list cubic in its length.
 */
function linesOf(s: string): (pos: number) => number {
  const breaks: number[] = [];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) breaks.push(i);
  return (pos) => {
    let [lo, hi] = [0, breaks.length]; // the number of breaks before pos
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((breaks[mid] ?? 0) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * The sums after each invoice and before the next one (in the order of `amounts`). With the invoices
 * in order, each sum is put in its place by a binary search instead of a pass over all sums per
 * invoice; otherwise the gaps may overlap, and every invoice filters them all.
 */
function sumsBetween(invoices: Token[], amounts: Token[]): Token[][] {
  const starts = invoices.map((i) => i.start);
  if (!starts.every((x, k) => k === 0 || (starts[k - 1] ?? 0) < x))
    return invoices.map((inv, k) => {
      const nextStart = invoices[k + 1]?.start ?? Infinity;
      return amounts.filter((a) => a.start > inv.start && a.start < nextStart);
    });
  const groups = invoices.map((): Token[] => []);
  for (const a of amounts) {
    const k = firstAbove(starts, a.start - 1) - 1; // the last invoice starting before the sum
    if (k >= 0 && (starts[k + 1] ?? Infinity) > a.start) groups[k]?.push(a);
  }
  return groups;
}

/** Per-invoice amounts when the message pairs them, else null. */
function pairItems(invoices: Token[], amounts: Token[], s: string): Array<number | null> | null {
  if (invoices.length < 2 || amounts.length === 0) return null;
  // One invoice per line: each line's sums belong to its invoice.
  const lineOf = linesOf(s);
  const invLines = invoices.map((i) => lineOf(i.start));
  if (new Set(invLines).size === invoices.length) {
    const byLine = new Map<number, Token[]>(); // each line's sums in order, grouped once
    for (const a of amounts) {
      const line = byLine.get(lineOf(a.start));
      if (line) line.push(a);
      else byLine.set(lineOf(a.start), [a]);
    }
    const perLine = invLines.map((ln) => byLine.get(ln) ?? []);
    const invLineSet = new Set(invLines);
    if (perLine.every((l) => l.length >= 1) && amounts.every((a) => invLineSet.has(lineOf(a.start))))
      return perLine.map((l) => round2(l.reduce((x, a) => x + (a.value ?? 0), 0)));
  }
  // Alternating: «сч 1145 (4 000) и сч 1146 (6 000)».
  if (amounts.every((a) => a.start > (invoices[0]?.start ?? 0))) {
    const groups = sumsBetween(invoices, amounts);
    if (groups.every((g) => g.length === 1)) return groups.map((g) => g[0]?.value ?? null);
    // All invoices first, then as many sums in the same order: «2018/1350, 2018/1351 … 20 000 и 15 000».
    const lastInv = invoices[invoices.length - 1]?.start ?? 0;
    if (amounts.length === invoices.length && amounts.every((a) => a.start > lastInv))
      return amounts.map((a) => a.value ?? null);
  }
  return null;
}

/**
 * «Счет 2101 на 20 000, оплатили 10 000»: the sum right after «счет N на» is the invoice's, when
 * a payment word and another sum follow it. The paid sum is the amount; less than the invoice's
 * is a partial payment.
 */
function dropInvoiceTotal(
  invoices: Token[],
  amounts: Token[],
  s: string,
  norm: string,
): { amounts: Token[]; partial: boolean } {
  const inv = invoices[0];
  // The sum right after the invoice, whatever number the story told before it («по Сыроварне 1862 …
  // Счёт 8405 на 186 400 …»).
  const named = inv && amounts.find((a) => a.start >= inv.end);
  const rest = named ? amounts.filter((a) => a.start > named.start) : [];
  if (invoices.length !== 1 || !inv || !named || !rest.length) return { amounts, partial: false };
  // «Счет 2101 на 20 000», «9143 счёт на 20 000»: the invoice's own sum.
  if (
    !/^\s*(?:от\s*~+\s*)?(?:г\.\s*)?(?:[-:]?\s*сч[е]т\p{L}*\s+)?на\s+(?:сумму\s+)?$/u.test(
      s.slice(inv.end, named.start),
    )
  )
    return { amounts, partial: false };
  const paidSum = rest.find((a) => a.money && RE_PAID_NOW.test(norm.slice(named.end, a.start)));
  if (!paidSum) return { amounts, partial: false };
  return { amounts: [paidSum], partial: (paidSum.value ?? 0) < (named.value ?? 0) };
}

/** «Оплачены сч. 2112 и 2113 по 5 000»: one sum after «по», for each of the invoices. */
function eachPaid(invoices: Token[], amounts: Token[], totals: Token[], s: string): Array<number | null> | null {
  const [one] = amounts;
  const last = invoices[invoices.length - 1];
  if (invoices.length < 2 || amounts.length !== 1 || totals.length || !one || !last || one.start < last.end)
    return null;
  if (!endsAt(/(?<![\p{L}])по\s*$/u, s, one.start)) return null;
  return invoices.map(() => one.value ?? null);
}

/**
 * «сто двадцать тыщ и … сорок пять тысяч, итого сто шестьдесят пять»: a total said without its
 * «тысяч» after parts in thousands is in thousands too (nobody totals 165 000 as 165 roubles).
 */
function withoutBareBesideMoney(amounts: Token[], s: string): Token[] {
  if (!amounts.some((a) => a.money)) return amounts;
  // «4 000 бетон + 500 доставка»: a summand after «+» (or before one) is added.
  return amounts.filter(
    (a) => a.money || /\+\s{0,3}$/u.test(s.slice(Math.max(0, a.start - 4), a.start)) || /^\s*\+/u.test(s.slice(a.end)),
  );
}

function inScaleOfParts(total: Token, parts: Token[]): Token {
  const value = total.value ?? 0;
  const money = parts.filter((p) => p.money);
  if (value >= 1000 || money.length < 2 || !money.every((p) => (p.value ?? 0) >= 1000)) return total;
  return { ...total, value: value * 1000 };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------------

/**
 * Lettered numbers of one series («ТЭ-0533», «ТЭ-0501, ТЭ-0512») the masks took for some other code (no
 * keyword, payment word or dash with a sum beside them): not a standard, a vehicle's model or a unit
 * («ГОСТ-», «ЗИЛ-130», «КС-2»), not another document's number («акт ТЭ-0533»); at most five.
 */
const RE_NOT_SERIES =
  /^(?:гост|ту|снип|ост|тр|кс|зил|газ|камаз|маз|уаз|ваз|паз|лиаз|ан|ил|як|ми|су|мтз|дт|аи|ттн|тн|упд|акт|пп|рд|сто|ру|iso|din|mir|мир|visa|виза|mc|ecmc|maestro|card|карт\p{L}*|сч\p{L}*|счет\p{L}*)$/u;
function letteredSeries(norm: string, masked: string): Token[] {
  const found: Token[] = [];
  const re = /(?<![\p{L}\d/.,~№#-])(\p{L}{1,4})-(\d{4,7}|0\d{2,6})(?![\p{L}\d/-]|[.,]\d)/gu;
  for (let m = re.exec(norm); m; m = re.exec(norm)) {
    const letters = m[1] ?? '';
    if (masked[m.index] !== MASK || RE_NOT_SERIES.test(letters) || endsAt(RE_OTHER_DOCUMENT_BEFORE, norm, m.index))
      continue;
    found.push({ kind: 'invoice', start: m.index, end: m.index + m[0].length, invoice: cleanInvoice(m[0]) });
  }
  const series = new Set(found.map((f) => /^\p{L}+/u.exec(f.invoice ?? '')?.[0]));
  return series.size === 1 && found.length <= 5 ? found : [];
}

/** The sum not known to the writer: «сумму не смотрел», «сумму не помню», «сумму уточню», «по сумме скажу позже». */
const RE_SUM_UNKNOWN =
  /(?<![\p{L}])(?:сумм[уы]\s+(?:не\s+(?:смотрел|помн|знаю|видел)|уточн|скаж|напиш)|по\s+сумме\s+(?:уточн|скаж|напиш))\p{L}*/u;

/** «944» after «943»: plain digits, as many as a named invoice's, up to 5 above or below it. */
function followsNamed(raw: string, named: ReadonlySet<string | undefined>): boolean {
  if (!/^\d{3,7}$/.test(raw)) return false;
  for (const id of named)
    if (id && /^\d+$/.test(id) && id.length === raw.length && id !== raw && Math.abs(Number(id) - Number(raw)) <= 5)
      return true;
  return false;
}

function inSpans(tok: Span, spans: Span[]): boolean {
  return spans.some((sp) => tok.start >= sp.start && tok.start < sp.end);
}

export function parsePaymentNotice(shown: string): PaymentNotice {
  // «[url=…]№ 77[/url]», «15&nbsp;000»: the text the messenger shows.
  const text = plainText(shown);
  const docs = readExchangeDocuments(text);
  if (docs) return readIncoming(incomingCredits(docs, ownAccount(text)), readPurpose);
  const rows = readStatementRows(text);
  return rows ? readIncoming(rows, readPurpose) : parseReplyOrText(text);
}

/**
 * «> по 6228 деньги пришли?\nда, пришли, 57 300»: a reply that names no invoice of its own is
 * about the quoted one. When it is a payment, or confirms the question («да»), the question is
 * read as the statement it asks about, followed by the reply. A reply that names its own
 * invoices («6230 оплачен, по 6231 пока тишина») or denies («нет, пока не пришли») stands alone.
 */
function parseReplyOrText(text: string): PaymentNotice {
  // «> Вектор говорит оплатили 4410\nДа, вижу, 18 250», «Сергей: …\nОльга: пришло 22 400»: a claim or a
  // dialogue answered «the money came» (dialogue.ts); any other such text is read whole, as before.
  const talk = splitReply(text) ? null : splitDialogue(text);
  const split = splitReply(text) ?? (talk && confirmsArrival(talk) ? talk : null);
  if (!split) return parseFreeText(desktopText(text) ?? text);
  const reply = parseFreeText(split.reply);
  if (reply.invoices.length > 0 || !(reply.isPayment || confirmsPayment(split) || confirmsArrival(split))) return reply;
  // The invoices the question asks about, read as if it were said; then the question restated
  // as the statement the reply confirms, with the reply's own words (sum, «аванс») after it.
  const question = parseFreeText(`Оплачено. ${split.quote}`);
  const asked = question.invoices.length > 0 ? question.invoices : numbersAsked(split.quote);
  if (asked.length === 0) return reply;
  const statement = asked.length === 1 ? `Оплачен счет ${asked[0]}` : `Оплачены счета ${asked.join(', ')}`;
  const answer = parseFreeText(`${statement}.\n${split.reply}`);
  if (answer.amount !== null || question.amount === null) return answer;
  // «> 8503 на 40 000 оплачен?\nда, полностью»: the sum the question names is the one confirmed.
  return parseFreeText(`${statement} на ${question.amount} руб.\n${split.reply}`);
}

/**
 * A payment purpose (a 1C document's `НазначениеПлатежа=`, a statement row's «Назначение») read as
 * chat text after «Оплачено.»: its invoices and «partial»; null when a veto word says it is a refund,
 * an outgoing payment and the like.
 */
const readPurpose: PurposeReader = (purpose) =>
  vetoed(normalise(purpose), true) ? null : parseFreeText(`Оплачено. ${purpose}`, true);

/**
 * A bank push for money we spent: «Оплата 3 450 ₽, Яндекс Такси. Карта *7788», «ВТБ: Оплата услуг
 * 1 500 ₽ МТС. Баланс 8 000 ₽», «Оплата картой *9012 — 7 340 ₽» — a payment word first (the card may
 * come next), then the sum, and the card or the balance. A 900 SMS may open with its «СЧЁТ8833», a date
 * and a time.
 */
const RE_SPENT_PUSH =
  /^\s*(?:\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\s+)?(?:[\p{L}\d -]{1,20}:\s*|[\p{L}\d-]{1,20}\s+(?:\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\s+)?\d{1,2}:\d{2}\s+)?(?:оплата|покупка)(?:\s+услуг\p{L}*(?:\s+[\p{L}\d-]+){0,3}?|\s+(?:картой|по\s+карте)\s*[*•·]+\s*\d{2,6}\s*[-:,]?)?\s+\d/u;
const RE_BANK_TAIL = /карт\p{L}*\s*[*•]|(?<![\p{L}])(?:баланс|доступно|остаток)(?![\p{L}])/u;
/** A bank SMS's sum signed minus: «Модуль *8765 -45 000р ООО …», «-45000.00 RUB *8765 …» — money out. */
const RE_MINUS_SUM =
  /(?:^|[\s:])[-−](?:\d{1,3}(?:[ ]\d{3})+|\d{1,9})(?:[.,]\d{1,2})?\s?(?:₽|руб\p{L}*\.?|р\.?|rub|rur)(?![\p{L}])/u;
const RE_PLUS_SUM = /(?:^|[\s:])\+\s?\d/u;

/**
 * Words of other business (deliveries, orders, documents, discounts): with no payment word, an
 * invoice number and a sum beside them are not an announcement («Доставка по 2601 — 3 500»).
 */
const RE_OTHER_BUSINESS =
  /(?<![\p{L}])(?:доставк\p{L}*|отгру[зж]\p{L}*|заказ\p{L}*|акт\p{L}*|сверк\p{L}*|скидк\p{L}*|водител\p{L}*|машин\p{L}*|рейс\p{L}*|курс\p{L}*|план\p{L}*|смет\p{L}*|цен[аыуе]|стоимост\p{L}*|прайс\p{L}*|кп|предложени\p{L}*|нуж[ен]\p{L}*|надо|согласова\p{L}*|понрав\p{L}*|просроч\p{L}*|(?<!(?:закрыл|погасил)\p{L}*\s)(?:долг|задолженн)\p{L}*)(?![\p{L}])/u;

/**
 * A bank push «+25 000.00 RUB … от ООО КЕДР», «Точка: +3 000 ₽ от ИП Иванов», «+2 500 ₽, СБП, Гульнара Ф.»,
 * «+4 700 ₽ *1875 ИП Ганиев Р.И.», «+12 000 ₽ — ООО «Ладья», счёт ··7731»: a signed sum from someone, or to our
 * account's tail.
 */
const RE_SIGNED_FROM =
  /(?<![\d\p{L}])\+\s?(?:\d{1,3}(?:[ ]\d{3})+|\d{1,9})(?:[.,]\d{1,2})?\s?(?:₽|руб\p{L}*\.?|р\.?|rub|rur)(?![\p{L}])[^\n]{0,60}?(?:(?<![\p{L}])(?:от|сбп|ооо|ип|ао|зао|пао)(?![\p{L}])|[*•·]{1,6}\s?\d{4}(?!\d))/u;

/** A word the parser already reads as it is (not a typo of another). */
function isVocabulary(w: string): boolean {
  return [RE_PAID, RE_ARRIVAL, RE_PARTIAL, RE_GLOBAL_NEG, RE_CLAUSE_NEG].some((re) => re.test(w));
}

/** The message names an invoice: «сч 943», «счет № 12», «№ 943», «2018/943». */
const RE_NAMES_INVOICE = /(?<![\p{L}])(?:сч(?:ет\p{L}*)?\.?\s*(?:№\s*)?[\p{L}\d]|№\s*\d)|20\d{2}\s*\/\s*\d/u;
/**
 * Right before a veto word: it is what the service paid for («за 3 часа аренды», «услуги аренды»,
 * «закрыли 4634, … там аренда и вода», «оплатили 52333 (аренда экрана …)» — in brackets after the invoice).
 */
const RE_SUBJECT_BEFORE =
  /(?:(?<![\p{L}])(?:за|для|услуг\p{L}*|договор\p{L}*|дог\.|работ\p{L}*|согласно|там)\s+(?:[^\s,.;:!?()]+\s+){0,3}|\d\s*\(\s*(?:[^\s,.;:!?()]+,?\s+){0,2})$/u;

/** «счёт на », «сч. на сумму »: right before the sum an invoice is for. */
const RE_INVOICE_FOR = /(?<![\p{L}])(?:сч[её]т\p{L}*|сч\.?)\s+на\s+(?:сумму\s+)?$/u;

/** «закрыли 4634»: an invoice of ours closed (a sum is paid, an invoice is closed). */
const RE_CLOSED_INVOICE = /(?<![\p{L}])закрыл[аи]?\s+(?:№\s*)?\d{3,7}(?!\d|[.,]\d|[ ]\d{3}(?!\d))/u;

/**
 * «Оплатили 3212 за ремонт …, 8 800»: a paid verb, a bare number (not money-shaped) right after
 * it and a money-shaped sum later — the bare number names the invoice. «Оплатили 5000 за аренду»
 * (no sum after) stays ambiguous and is not exempted.
 */
const RE_BARE_INVOICE_THEN_SUM = new RegExp(
  String.raw`(?:${RE_PAID.source})\s+(?:№\s*)?\d{3,7}(?![\d.,]|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))[^\n]*?\d{1,3}(?:[ ]\d{3})+(?!\d)`,
  'iu',
);

/**
 * A veto word that is not only the subject of the service paid for. The exemption needs the
 * message to name an invoice or say money arrived: «Оплатили за аренду офиса 80 000» is still
 * rent we paid.
 */
/** Money came in, in the past tense (not «перевели», which may be ours going out). */
const RE_CAME_IN = /(?<![\p{L}])(?:пришл\p{L}*|пришел|поступил\p{L}*|зачислен\p{L}*)(?![\p{L}])/u;

/** «…, а клиент уже оплатил …», «…, но 7928 оплачен»: a paid verb in a clause opened by «а»/«но». */
const RE_PAID_AFTER_BUT = new RegExp(String.raw`,\s*(?:а|но)\s+[^.;\n?]*?(?:${RE_PAID.source})`, 'u');
/** «…аннулирован, клиент оплатил по новому 8118»: a paid verb in a later clause. */
const RE_PAID_LATER = new RegExp(String.raw`^[^.;\n?]*?,[^.;\n?]*?(?:${RE_PAID.source})`, 'u');
/** «9166 оплатил, 12 000, а …»: a paid verb before a clause opened by «а»/«но» that ends the text so far. */
const RE_PAID_BEFORE_BUT = new RegExp(String.raw`(?:${RE_PAID.source})[^.;\n?]*,\s*(?:а|но)\s+[^.;,\n?]*$`, 'u');

/** Veto words that say who paid whom, not what was paid for. */
const RE_WHO_PAID = /^(?:их(?:н\p{L}*)?\s|мы\s|вы\s)/u;

/** A lettered invoice of our series said paid: «Т-0456 оплачен», «КЛ-2207 оплачена Вектором». */
const RE_SERIES_PAID = /(?<![\p{L}\d-])\p{L}{1,4}-\d[\d/-]*\s+(?:уже\s+)?оплачен\p{L}*/u;

/**
 * Money that came in to us: «Поступил платёж», «зачислено», «пришли деньги», a push's «Пополнение» or
 * «Входящий перевод / платёж» (not «пришёл счёт», a bill to pay), or an invoice of ours paid («аренда … по счету 7034 оплачена», «сч 8127 оплачен»,
 * a lettered «Т-0456 оплачен»: our series, so the customer's money whatever it bought — «командировка», «аренда»).
 */
const RE_INCOMING_MONEY = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:пришл\p{L}*|пришел|зашл[аои]|заш[её]л|поступил\p{L}*|поступлени\p{L}*|зачислен\p{L}*|пополнени\p{L}*|входящ\p{L}*\s+(?:перевод|плат[её]ж)\p{L}*)(?!\s+(?:сч|акт|накладн|квитанц|претензи)\p{L}*)|сч(?:ет\p{L}*)?\.?\s*(?:№\s*)?\d[\d/-]*\s+(?:уже\s+)?оплачен\p{L}*|${RE_SERIES_PAID.source})(?![\p{L}])`,
  'u',
);

/**
 * A veto word in the message. `credit`: the text is the purpose of an incoming credit (a statement's
 * credit row, a 1C document paid to us), so a word naming only what was paid for (RE_SERVICE_SUBJECT)
 * cannot make it our expense.
 */
/** Paid for someone else: «перечислил за ООО Вектор», «оплатили за Стома-Люкс». */
const RE_PAID_FOR_LESSEE =
  /(?<![\p{L}])(?:(?:перечислил|оплатил|заплатил|перевел|перевёл)\p{L}*\s+за\s+(?!сч|\d)|оплат\p{L}*\s+за\s+(?:ооо|ип|ао|пао|зао)(?![\p{L}]))/u;

function vetoed(norm: string, credit = false): boolean {
  const g = new RegExp(RE_GLOBAL_NEG.source, 'giu');
  const ours =
    RE_NAMES_INVOICE.test(norm) ||
    RE_ARRIVAL.test(norm) ||
    RE_BARE_INVOICE_THEN_SUM.test(norm) ||
    RE_CLOSED_INVOICE.test(norm) ||
    RE_SERIES_PAID.test(norm);
  const incoming = credit || RE_INCOMING_MONEY.test(norm);
  const noRefund = notRefundSpans(norm); // «Возврат гарантийного удержания», «после возврата»
  for (let m = g.exec(norm); m; m = g.exec(norm)) {
    if (inside(noRefund, m.index)) continue;
    const whose = RE_WHO_PAID.test(m[0]); // «по их счету», «мы оплатили»: never a service's subject
    if (incoming && RE_SERVICE_SUBJECT.test(m[0])) continue;
    // «Оплата по счетам … командировки ноябрь» credited to us: the trips an agency sold, paid on its invoices — not
    // our people's trip.
    if (incoming && ours && !whose && /^командировк/u.test(m[0])) continue;
    // «Страховое возмещение по ОСАГО, … по счёту 4530/Т»: the insured's policy, not our own insurance.
    if (incoming && /^(?:каско|осаго)/u.test(m[0]) && insurerPaysInvoice(norm)) continue;
    // «Мы выставили 9023, а клиент уже оплатил 9024»: the issued one is its clause's (see
    // CLAUSE_NEGATIVE), the one paid after «а»/«но» stands.
    if (/^выстав/u.test(m[0]) && RE_PAID_AFTER_BUT.test(norm.slice(m.index))) continue;
    // «9166 оплатил, 12 000, а 9167 выставлен заново»: the paid one said first, the issued one after «а»/«но».
    if (/^выстав/u.test(m[0]) && RE_PAID_BEFORE_BUT.test(norm.slice(0, m.index))) continue;
    // «… уже 3 450 заплатили, счета еще нет — выставите пжл»: asked to issue the invoice for money paid.
    if (/^выстав(?:ите|ьте)/u.test(m[0]) && RE_PAID.test(norm.slice(0, m.index))) continue;
    // «8117 — счёт аннулирован, клиент оплатил по новому 8118»: the annulled one is its clause's.
    if (/^аннулир/u.test(m[0]) && RE_PAID_LATER.test(norm.slice(m.index))) continue;
    const before = norm.slice(Math.max(0, m.index - 60), m.index);
    if (ours && !whose && RE_SUBJECT_BEFORE.test(before)) continue;
    // «МУП Коммунальник — 574 оплачен», «ООО «Налоговый консультант»»: right after a legal form the word opens the
    // payer's name, no cost of ours.
    if (/(?<![\p{L}])(?:ооо|муп|гуп|мку?п|оао|зао|пао|ао|ано|тсж|ип)\s*"?$/u.test(before)) continue;
    // «от АО «ЛИЗИНГ-ТРЕЙД»», «от ООО «СТАЛЬ-ЛИЗИНГ»», «от лизинговой компании» paying an invoice of ours:
    // the word names the payer, no cost of ours.
    if (
      /^лизинг/u.test(m[0]) &&
      (/^лизингов/u.test(m[0]) || /^[-»"]/u.test(norm.slice(m.index + m[0].length))) &&
      (credit || (ours && /(?<![\p{L}])от\s+(?:(?:ао|ооо|пао|зао)\s*)?[«"]?(?:[\p{L}\d]+-)?$/u.test(before)))
    )
      continue;
    // «Альфа-Лизинг перечислил за ООО Вектор по счету 845», «… перечислили за Стома-Люкс по 1273, дог лизинга
    // ЛД-355/26», «Лизинг-Сервис оплатил за ИП …», «это по их лизингу»: a leasing company paying our invoice for its
    // lessee — its name, its contract or the lessee's lease beside it, never a cost of ours.
    if (/^лизинг/u.test(m[0]) && ours && RE_PAID_FOR_LESSEE.test(norm)) continue;
    if (penaltyPaidToUs(m[0], norm, incoming)) continue; // «Оплата пени по претензии № 3» to us
    if (/^штраф/u.test(m[0]) && fineWithheld(before)) continue; // «удержали 4 500 штраф …, пришло 87 500»
    // «… остальное она сказала после монтажа»: what is said of the rest promises only the rest.
    if (
      /^(?:говор|сказал)/u.test(m[0]) &&
      /(?<![\p{L}])(?:остальн|остат)\p{L}*(?:\s+[^\s.,;!?]+){0,2}\s+$/u.test(before)
    )
      continue;
    // «…, сказал остальные 40 после нового года»: said of the rest, after it; «я Сергею на складе
    // сказал»: our own word to a colleague, no one else's claim.
    if (
      /^(?:говор|сказал)/u.test(m[0]) &&
      (/^\s*(?:что\s+)?(?:остальн|остат)/u.test(norm.slice(m.index + m[0].length)) ||
        /(?<![\p{L}])я(?:\s+[^\s.,;!?]+){0,3}\s+$/u.test(before))
    )
      continue;
    // «оплатила 4410 на 52 000, а 4411 пока нет говорят после сверки»: hearsay, a refusal or a re-issue
    // about another invoice, in its own later clause.
    if (/^(?:говор|сказал|утвержда|отказ|перевыстав|отмен|аннулир)/u.test(m[0]) && vetoOfAnotherInvoice(norm, m.index))
      continue;
    // «Марина сказала пришло»: one of ours saying the money is here, no customer's claim.
    if (/^(?:говор|сказал)/u.test(m[0]) && RE_SAID_CAME.test(norm.slice(m.index))) continue;
    // «Оплата аренды опалубки … 64 000 поступила»: what the payment that came in was for (a
    // service of ours); «Оплата аренды офиса 80 000» without money coming in stays our rent.
    if (!whose && /(?<![\p{L}])оплат\p{L}*\s+$/u.test(before) && RE_CAME_IN.test(norm)) continue;
    return true;
  }
  return false;
}

/**
 * The money still awaited: «ждём поступления», «деньги ещё не пришли», «на р/с пока не видим», «а денег нет»,
 * «денег по нему не будет» (settled in goods).
 */
/** A question whose the money is: «чьё?», «кто знает чьи?», «от кого?», «чей платёж?». */
const RE_WHOSE =
  /^\s*(?:а\s+)?(?:кто\s+(?:знает|в\s+курсе)\s*,?\s*)?(?:ч(?:ей|ья|ь[её]|ьи)|от\s+кого)(?:\s+\p{L}+){0,2}\s*\?+\s*$/u;

/** A remark after an announcement: the work done, the goods' pick-up, thanks («шиномонтаж 14 машин», «спасибо Денису»). */
const RE_FOLLOW_UP =
  /(?<![\p{L}])(?:машин\p{L}*|загрузк\p{L}*|отгруз\p{L}*|забер\p{L}*|заберут|самовывоз\p{L}*|монтаж\p{L}*|шиномонтаж\p{L}*|спасибо|благодар\p{L}*)(?![\p{L}])/u;

const RE_AWAITED =
  /(?<![\p{L}])(?:(?:жд[её]м|ожида\p{L}*)\s+(?:поступлени|зачислени|прихода|деньг|денег)\p{L}*|(?:деньг|денег)\p{L}*\s+(?:ещ[её]\s+|пока\s+)?не\s+(?:пришл|поступ|зачисл|упал|вид|виж)\p{L}*|(?:деньг|денег)\p{L}*\s+(?:по\s+(?:\p{L}+\s+)?\p{L}+\s+)?(?:ещ[её]\s+|пока\s+)?(?:нет|не\s+будет)(?![\p{L}]))/u;

/** A clause about the rest of the money: «остаток будет позже», «остальное в пятницу». */
const RE_REST = /^\s*(?:а\s+)?(?:остальн|остат|осталось|оста[её]тся|остаются)/u;

/** «Осталось ещё 80, обещают после КС-2»: the clause after a clause about the rest, joined by a comma, is about it too. */
function restGoesOn(clause: Clause, clauses: Clause[]): boolean {
  const prev = clauses.find((c) => c.end === clause.start);
  return Boolean(prev && RE_REST.test(prev.text) && /,\s*$/u.test(prev.text));
}

/** «Сегодня оплат нет, только 8908 — 3 300»: the next clause names the exception to the «нет». */
function exceptionFollows(clause: Clause, clauses: Clause[]): boolean {
  const next = clauses.find((c) => c.start === clause.end);
  return Boolean(next && /^\s*(?:только|кроме|лишь|зато)(?![\p{L}])/u.test(next.text));
}

/**
 * A negative clause that names an invoice of its own («…, 6121 — пока не платили») says only that
 * one is unpaid; one that names none («…, ждём оплату») speaks of the whole message.
 */
function namesItsOwn(clause: Clause, numbers: Token[]): boolean {
  return numbers.some((i) => (i.kind === 'invoice' || !i.money) && i.start >= clause.start && i.start < clause.end);
}

/** «пришли деньги», «деньги поступили», «упала оплата»: the money itself said to have come in. */
const RE_MONEY_CAME =
  /(?<![\p{L}])(?:(?:пришл[аио]|поступил[аио]?|упал[аио]?|зашл[аио])\s+(?:деньги|оплата|плат[е]ж|средства)|(?:деньги|оплата|плат[е]ж|средства)\s+(?:уже\s+)?(?:пришл[аио]|пришел|поступил[аио]?|упал[аио]?|зашл[аио]|зашел))(?![\p{L}])/u;
/**
 * «Элексис перевёл деньги», «Вектор перечислил оплату», «от Элексиса поступление», «поступление от Вектора»: money
 * sent by a payer — a payment only when the payer is named (an «мы перевели деньги» is ours going out).
 */
const RE_PAYER_SENT =
  /(?<![\p{L}])(?:(?:перев[её]л|перечислил|отправил)[аи]?(?:\s+(?:нам\s+)?(?:деньги|оплату|плат[её]ж|средства))?|(?:деньги|оплату|средства)\s+(?:нам\s+)?(?:перев[её]л|перечислил|отправил)[аи]?|поступлени[ея](?:\s+(?:денег|средств))?\s+от|от\s+(?:(?:ооо|ип|ао|зао|пао|оао)\s+)?[«"]?\p{L}[\p{L}-]*[»"]?\s+(?:пришл[аио]\s+|было\s+)?(?:поступлени[ея]|оплата|деньги|плат[её]ж))(?![\p{L}])/u;
/** «мы перевели», «я перечислил»: ours going out; «ещё не перевёл»: not sent — no payer's money coming in. */
const RE_WE_SENT = /(?<![\p{L}])(?:мы|я|не)\s+(?:\p{L}+\s+)?(?:перев[её]л|перечислил|отправил)/u;
/**
 * «4000 руб», «4 000 ₽», «12,5 тыс.»: a message that is a sum with its currency and nothing else — in the payment
 * chat a payment whose number is missing (the desk names the open invoices of that sum).
 */
const RE_SUM_ONLY =
  /^\s*\d{1,3}(?:[ \u00a0]?\d{3})*(?:[.,]\d{1,2})?\s*(?:₽|руб\p{L}*\.?|р\.?|т\.?\s?р\.?|тыс\p{L}*\.?|к)\s*$/u;
/** «деньги пришли?», «пришли или нет»: asked, not said. */
const RE_ASKED = /\?|(?<![\p{L}])или\s+нет(?![\p{L}])/u;

function parseFreeText(raw: string, credit = false): PaymentNotice {
  const incoming = dropMoneyOut(raw); // a statement's rows of money out are not ours to read
  if (!incoming.trim()) return { ...NOT_PAYMENT, items: [] };
  // Other documents' «№ N» out, then what the parser forgives (OCR look-alikes, Latin, typos).
  const text = respell(dropOtherDocumentNumbers(incoming), isVocabulary);
  const norm = spaceGluedList(blankDotLeaders(normalise(text))); // «00411,00412,00413»
  const hearsay = (RE_HEARSAY.test(norm) || claimPassedOn(norm)) && !RE_CONFIRMED.test(norm);
  if (
    vetoed(normalise(blankStatementHeaders(text)), credit) ||
    isNotCustomerPayment(norm) ||
    paidToSomeone(text) ||
    paidNotToUs(norm) ||
    paidToCarrier(norm) ||
    periodSummary(norm) ||
    ownOrderExecuted(norm) ||
    notCustomerMoneyInChat(norm) ||
    hearsay
  )
    return { ...NOT_PAYMENT, items: [] };
  // «… по счету 943 от ООО Вектор» is money in; «Счёт *6604», the account the card spent from, is not.
  if (
    RE_SPENT_PUSH.test(norm) &&
    RE_BANK_TAIL.test(norm) &&
    !/(?<![\p{L}])(?:от|сч\p{L}*(?!\s*[*•·]|\d))(?![\p{L}])/u.test(norm)
  )
    return { ...NOT_PAYMENT, items: [] };
  if (
    RE_MINUS_SUM.test(norm) &&
    !RE_PLUS_SUM.test(norm) &&
    (RE_BANK_TAIL.test(norm) || /[*•·]\s?\d{4}(?!\d)/u.test(norm))
  )
    return { ...NOT_PAYMENT, items: [] };

  const clauses = splitClauses(norm, text);
  const negative = clauses.filter((c) => c.negative);
  const positive = clauses.filter((c) => !c.negative);

  const {
    text: t,
    inns,
    percents,
    outOf,
    owed,
    invoiceSums,
    shortfall,
    quiet,
    takenBack,
    deducted,
  } = maskNoise(norm, text);
  maskChatDocuments(t); // «рейс № 9381», «по его счёту 9432»
  // «по счету № ОП-2026/014-К»: what the invoice word names is the invoice, whatever its shape; masked whole first,
  // so no step reads a piece of it as an invoice or a sum.
  const objects = invoiceObjects(norm, text).map(
    (o): Token => ({ kind: 'invoice', start: o.start, end: o.end, invoice: cleanInvoice(o.id) }),
  );
  t.maskSpans(objects);
  let invoices = [...extractMarkedInvoices(t, objects), ...objects].sort((a, b) => a.start - b.start);
  const totals = extractTotals(t);
  const wordTotals = extractWordSums(t, totals, quiet);
  let amounts = [...extractAmounts(t), ...wordTotals].sort((a, b) => a.start - b.start);
  amounts = countsAndResults(withKopecks(amounts, t.s), t.s); // «3×46 200», «… = 88 040», «240 руб. 60 коп.»
  // «оплатило счёт на 4000», «счет на сумму 4000»: the invoice's sum, however it is written — never its number.
  amounts = amounts.map((a) => (!a.money && endsAt(RE_INVOICE_FOR, t.s, a.start) ? { ...a, money: true } : a));

  // «8803 +»: the director's plus after the invoice says it is paid.
  const plusMarked = RE_PLUS_PAID.test(norm);
  const hasPaidVerb = plusMarked || positive.some((c) => RE_PAID.test(c.text));
  // A signed push's «от …», «СБП», payer or account tail may stand a clause or more away from its sum
  // («+2 500 ₽, СБП, Гульнара Ф.», «+12 000 ₽ — ООО «Ладья», счёт ··7731»).
  const hasArrival =
    positive.some((c) => RE_ARRIVAL.test(c.text)) || RE_SIGNED_FROM.test(norm) || RE_SIGNED_THEN_FROM.test(norm);
  {
    // Without a payment word too: «Элексис 2401 — 4000» in the payment chat is an announcement.
    // Marked invoices only in negated clauses («выставил счет 7522, но Вектор оплатил 7523 — 2 000»)
    // leave the bare numbers to be read as if none were marked.
    const bare = pickBareInvoices(
      amounts,
      totals,
      t.s,
      invoices.some((i) => !inSpans(i, negative)),
      plusMarked || RE_PAY_WORD.test(norm),
      negative,
    );
    // «1665 и М-1666 — 33 000 и 9 000»: a lettered number listed after an invoice is one too.
    invoices = withListedLettered([...invoices, ...bare.invoices], bare.amounts, norm);
    const overlapsInvoice = overlapsAny(invoices);
    amounts = bare.amounts.filter((a) => !overlapsInvoice(a));
    amounts = dropNameNumbers(amounts, invoices, t.s); // «4641 агро 2000 — 9 990»
    // «Арт-Кухня 2000 оплатила ЕК00-000472, сумму не смотрела»: the writer does not know the sum, so a bare number
    // is no sum (a name's, a count's); one written as money still is.
    if (RE_SUM_UNKNOWN.test(norm)) amounts = amounts.filter((a) => a.money);
  }
  // Chat with no payment word: «6874 есть», «✅6830», «48,6 тр от тюмени, 9448», «закрыли 6866-6869»,
  // «6880, 81 и 82» (see chat-signals.ts).
  const ack = acknowledged(amounts, t.s);
  const extra = [
    ...ack.acked.map((a) => ({ ...a, kind: 'invoice' as const, invoice: t.s.slice(a.start, a.end).trim() })),
    ...(invoices.length === 0 && ack.acked.length === 0 ? invoicesAfterSum(amounts, t.s) : []),
    ...(invoices.length === 0 ? rangeAfterPaid(amounts, t.s) : []),
  ];
  invoices = [...invoices, ...extra];
  {
    // «124680, 681 и 682»: a shortened tail read also as a bare number of its own is the tail only.
    const tails = shortenedTails(invoices, t.s);
    invoices = [...invoices.filter((i) => !tails.some((x) => x.start < i.end && i.start < x.end)), ...tails];
  }
  invoices = [...invoices, ...namedCustomerInvoices(amounts, invoices, t.s)].sort((a, b) => a.start - b.start);
  const overlapsFound = overlapsAny(invoices);
  amounts = amounts.filter((a) => !ack.crossed.includes(a) && !overlapsFound(a));
  amounts = dropDocumentNumbers(amounts, t.s);
  amounts = dropRestated(amounts, t.s);
  // «Пришло 56 000 по 7460, не 56 000 а 65 000»: the sum taken back, said before, is no sum either; so is «86 тыс.»
  // taken back bare («сори не 86 а 68 тыс»).
  const takenBackHere = (a: Token, b: Masked['takenBack'][number]): boolean =>
    a.start < b.at && (b.value === a.value || (b.bare && b.value * 1000 === a.value));
  amounts = amounts.filter((a) => !(a.money && takenBack.some((b) => takenBackHere(a, b))));
  // «(там было 4000)», «писал 4000», «ждали 4000», «счёт на 4 000» beside the sum paid: no money paid (other-sums.ts).
  const notPaid = sumsNotPaid(amounts, t.s);
  amounts = notPaid.paid;
  invoiceSums.push(...notPaid.invoiced);
  amounts = keepCorrected(amounts, invoices, t.s, norm);
  amounts = correctedSums(amounts, t.s); // «27 400, не 24 700 как я написал»
  {
    // «оплатили 9323 и 9324. 9323 — 2 000»: a bare number already named as an invoice is it again.
    const named = new Set(invoices.map((i) => i.invoice));
    // «Оплачен счёт 943 на 4000 и 944»: joined after the sum, a bare number a step or a few from a
    // named invoice (as many digits) is the next invoice, not money to add to the sum.
    const nextOne = (a: Token): boolean =>
      endsAt(/(?:,|(?<![\p{L}])и)\s*$/u, t.s, a.start) &&
      !/^\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}])/u.test(t.s.slice(a.end)) &&
      followsNamed(t.s.slice(a.start, a.end).trim(), named);
    const again = amounts.filter((a) => !a.money && (named.has(t.s.slice(a.start, a.end).trim()) || nextOne(a)));
    invoices = [
      ...invoices,
      ...again.map((a) => ({ ...a, kind: 'invoice' as const, invoice: t.s.slice(a.start, a.end).trim() })),
    ];
    const repeated = new Set(again);
    amounts = amounts.filter((a) => !repeated.has(a));
  }

  // «+ ТЭ-0533 Мартынова ИП, 12 тыс 600», «…за октябрь, ТЭ-0521, 38 400 ✔️»: with no invoice found, the
  // lettered numbers of one series beside a money-shaped sum name it, as a bare number there would —
  // four digits or zero-padded: «холодильник ХФ-140, 28 600» is a model's code.
  if (invoices.length === 0 && amounts.some((a) => a.money)) invoices = letteredSeries(norm, t.s);

  // Whatever sits in a negative clause («сч 1187 пока нет») is not paid now.
  // So is a list's line taken out of the count («… 12 500 (в выписке задвоился, не считаем)»).
  const uncounted = uncountedLines(t.s);
  const keep = (tok: Token): boolean => !inSpans(tok, negative) && !inSpans(tok, uncounted);
  // «6236 …, ой нет, перепутал — 6237»: the invoice named after a correction replaces the one before.
  const { invoices: liveInvoices, amounts: corrected } = correctInvoice(
    invoices.filter(keep),
    amounts.filter(keep),
    t.s,
    norm,
    invoices.map((i) => i.invoice ?? ''),
  );
  // «перевёл 45 000 по 9207, а в назначении указали 9208 — это ошибка»: a bare number shaped like
  // a named invoice, beside a money-shaped sum, is another invoice number, not a second sum.
  const ids = liveInvoices.map((i) => i.invoice ?? '').filter((id) => /^\d+$/.test(id));
  const moneyToo = corrected.some((a) => a.money);
  const nearId = neighbourOfAny(ids);
  const keptAmounts = corrected.filter((a) => a.money || !moneyToo || !nearId(t.s.slice(a.start, a.end).trim()));
  const liveTotals = totals.filter(keep).map((x) => inScaleOfParts(x, keptAmounts));
  const hasSomething = liveInvoices.length > 0 || keptAmounts.length > 0 || liveTotals.length > 0;

  // A bare «Элексис 2018/943 4000» in the payment chat is an announcement too, if nothing
  // in it says otherwise.
  // «…, 250 000. Второй после подписания акта»: what the next part waits for is no business of this one.
  // «…, шиномонтаж 14 машин, спасибо Денису», «…, машина под загрузку завтра в 9»: a remark after the invoice and
  // the sum, holding neither, on the work done or the goods' pick-up — no other business, no promise.
  const lastToken = Math.max(-1, ...[...liveInvoices, ...keptAmounts, ...liveTotals].map((a) => a.end));
  const remarks = clauses.filter(
    (c, k) => k > 0 && c.start >= lastToken && lastToken >= 0 && RE_FOLLOW_UP.test(c.text) && !RE_PAID.test(c.text),
  );
  const withoutNextPart = clauses
    .filter((c, k) => k > 0 && RE_NEXT_ONE.test(c.text) && ![...invoices, ...amounts].some((a) => inSpans(a, [c])))
    .concat(remarks)
    .reduce((x, c) => x.slice(0, c.start) + ' '.repeat(c.end - c.start) + x.slice(c.end), norm);
  const bareAnnouncement =
    negative.every(
      (c) =>
        namesItsOwn(c, [...invoices, ...amounts]) ||
        RE_REST.test(c.text) ||
        restGoesOn(c, clauses) ||
        RE_NEXT_ONE.test(c.text) || // «…, 250 000. Второй после подписания акта»: only the next part is to come
        remarks.includes(c) ||
        RE_WHOSE.test(c.text) ||
        exceptionFollows(c, clauses) ||
        laterPart(c, positive, [...invoices, ...amounts]),
    ) &&
    liveInvoices.length > 0 &&
    (keptAmounts.length > 0 || liveTotals.length > 0) &&
    // «4 100 (доставка)», «3500 руб. за доставку», «… двести это за доставку»: a word in brackets or after
    // «за» right after the sum (or «это») says what was paid for.
    // «5320 + доставка 2 000 итого 42 000»: a delivery added up to a total is a part of the sum paid.
    !RE_OTHER_BUSINESS.test(
      withoutNextPart
        .replace(/\([^()\n]{1,40}\)|(?=за\s)(?<=(?:\d|руб\.?|р\.|₽|(?<![\p{L}])это)[ \t]*)за\s+\p{L}+/gu, ' ')
        .replace(liveTotals.length > 0 ? /\+\s*доставк\p{L}*/gu : /$^/u, ' '),
    ) &&
    !/^\s*ндс(?![\p{L}])/u.test(norm); // «НДС 20% по 6174 — 2 000» is about the VAT
  // «Заказчик оплатил 9237, ждём поступления на р/с»: a clause of its own saying the money is still
  // awaited takes back the whole announcement.
  const periodTotals = RE_PERIOD_TOTALS.test(norm) && liveInvoices.length === 0;
  // «кредит 2 000 000 зашёл на р/с, это не оплата»: a clause of its own saying it is no payment takes it back too.
  const awaited =
    periodTotals ||
    negative.some(
      (c) =>
        (RE_AWAITED.test(c.text) || /^\s*(?:это|то)\s+не\s+(?:оплат[аы]|плат[её]ж)(?![\p{L}])/u.test(c.text)) &&
        !namesItsOwn(c, [...invoices, ...amounts]),
    );
  // «6874 есть», «+ 86к от уралхим»: acknowledged, or a sum from someone, in a clause that says nothing else.
  const acked = ack.acked.some(keep) || (RE_ALL_PAID.test(norm) && hasSomething);
  const fromCustomer =
    sumFromSomeone(keptAmounts, t.s) &&
    hasSomething &&
    !RE_OTHER_BUSINESS.test(withoutNextPart.replace(/\([^()\n]{1,40}\)/gu, ' '));
  // «Кирова 8 — 3 бут, 690 нал», «5 бут 1150 терминал»: a courier's sum told with how it was taken.
  const takenHow = keptAmounts.some((a) => a.money && RE_TAKEN_HOW_AFTER.test(t.s.slice(a.end, a.end + 120)));
  // «Оплата от ИНН 7707083893», «Пришли деньги, ИНН: 780621072912»: money said to come from a payer named
  // only by INN — the desk finds the payer's open invoices (no invoice, no sum read here).
  // «…, счет не указали. чьё?»: asking whose money it is takes nothing back.
  const fromInn =
    inns.length > 0 &&
    !hasSomething &&
    negative.every((c) => RE_WHOSE.test(c.text)) &&
    (hasPaidVerb || hasArrival || RE_PAY_WORD.test(norm));
  // «пришли деньги от Элексиса», «деньги пришли»: money said to have come and nothing more — a payment
  // with no number and no sum, which the desk asks for (the payer's open invoices named). Not a question.
  // «Элексис перевёл деньги», «от Элексиса поступление»: the same, said of a payer named — the desk asks which of
  // the payer's open invoices.
  const moneyCame =
    !hasSomething &&
    negative.length === 0 &&
    !RE_ASKED.test(norm) &&
    (RE_MONEY_CAME.test(norm) ||
      (RE_PAYER_SENT.test(norm) && !RE_WE_SENT.test(norm) && extractPayer(text, t.s, clauses, undefined) !== null));
  const isPayment =
    !awaited &&
    (hasPaidVerb ||
      (hasArrival && hasSomething) ||
      bareAnnouncement ||
      (RE_SUM_ONLY.test(norm) && keptAmounts.length === 1) ||
      acked ||
      fromCustomer ||
      takenHow ||
      fromInn ||
      moneyCame);
  if (!isPayment) return { ...NOT_PAYMENT, items: [] };

  const invoiceIds = [...new Set(liveInvoices.map((i) => i.invoice ?? ''))].filter(Boolean);
  const firstById = new Map<string | undefined, Token>(); // each invoice's first token, found once
  for (const i of liveInvoices) if (!firstById.has(i.invoice)) firstById.set(i.invoice, i);
  const firstOf = invoiceIds.map((id) => firstById.get(id) as Token);

  const named = dropInvoiceTotal(firstOf, keptAmounts, t.s, norm);
  const liveAmounts = named.amounts;
  const each = eachPaid(firstOf, liveAmounts, liveTotals, t.s);
  const paired = each ?? pairItems(firstOf, liveAmounts, t.s);
  let amount: number | null;
  let items: PaymentNotice['items'];
  if (paired) {
    items = invoiceIds.map((invoice, k) => ({ invoice, amount: paired[k] ?? null }));
    amount = liveTotals[0]?.value ?? round2(paired.reduce<number>((x, v) => x + (v ?? 0), 0));
  } else {
    // Bank statements repeat the sum («Поступление 56 000,00 … Сумма 56000-00»): count each value once —
    // unless the message says the equal sums are separate payments («двумя платежами 20 000 + 20 000»).
    // «+4 370 ₽ … заказ 10517», «+92,000.00 RUB … invoice 1318/12»: a bare number beside a money-shaped
    // sum is some other number (an order, a personal account, a quantity), not money added to it —
    // unless the text adds it («5 000 + 700»).
    const summed = withoutBareBesideMoney(liveAmounts, t.s);
    const distinct = separatePayments(summed, t.s, norm)
      ? summed.map((a) => a.value ?? 0)
      : [...new Set(summed.map((a) => a.value ?? 0))];
    const sum = round2(distinct.reduce((x, v) => x + v, 0));
    // «8 000 (5 000 + 3 000)»: one value is the sum of the others, its breakdown.
    // Only before its parts or after «=»: in «3 платежа — 1 000, 2 000, 3 000» the last is no total.
    const whole =
      distinct.length > 2
        ? summed.find(
            (a, k) =>
              round2(sum - (a.value ?? 0)) === a.value &&
              (k === 0 || endsAt(/=\s*$/, t.s, a.start) || totalUnderRule(a, t.s)),
          )?.value
        : undefined;
    amount = liveTotals[0]?.value ?? whole ?? (distinct.length ? sum : null);
    items = invoiceIds.map((invoice) => ({ invoice, amount: invoiceIds.length === 1 ? amount : null }));
  }

  // «предоплата 100%», «100% аванс»: all of it, paid ahead — not a part.
  const liveText = positive
    .map((c) => blank(c.text, c.start, quiet))
    .join(' ')
    .replace(
      /(?<![\p{L}])(?:(?:аванс|предоплат)\p{L}*\s*(?:в\s+размере\s*)?100\s*%|100\s*%\s*(?:аванс|предоплат)\p{L}*)/gu,
      ' ',
    );
  // «212 к по 9435 и 9436 ровно пополам»: split over two invoices, no half of one.
  const splitOver =
    invoiceIds.length >= 2 ? liveText.replace(/(?<![\p{L}])(?:пополам|поровну)(?![\p{L}])/gu, ' ') : liveText;
  // «…, остальное в пятницу», «остаток обещают»: the rest is promised, so what came is a part.
  const restPromised = negative.some(
    (c) =>
      (RE_REST.test(c.text) && !RE_OTHER_ITEMS.test(c.text)) ||
      RE_NEXT_ONE.test(c.text) ||
      laterPart(c, positive, [...invoices, ...amounts]),
  );
  const partial =
    // «20 000 из 20 000» is the whole; «40 т.р. из 120» says the whole in the same thousands.
    outOf.some((v) => amount === null || amount < (v < 1000 && amount >= 1000 ? v * 1000 : v)) ||
    owed ||
    deducted ||
    restPromised ||
    shortfall ||
    invoiceSums.some((v) => amount !== null && amount < v) ||
    named.partial ||
    RE_PARTIAL.test(splitOver) ||
    percents.some((p) => p > 0 && p < 100) ||
    RE_WORD_PERCENT_OFF.test(splitOver) ||
    paidFraction(splitOver) ||
    partSaidAfter(norm);

  const notice: PaymentNotice = {
    isPayment: true,
    invoices: invoiceIds,
    amount,
    inn: inns[0] ?? null,
    payer: extractPayer(text, t.s, clauses, firstOf[0]),
    partial,
    items,
  };
  const missing: Array<'invoice' | 'amount'> = [];
  if (invoiceIds.length === 0) missing.push('invoice');
  if (amount === null) missing.push('amount');
  if (missing.length) notice.missing = missing;
  return notice;
}
