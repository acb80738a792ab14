/**
 * The number grammar of payment messages: how sums («128 450», «4 т.р.», «1,2 ляма», «4000-00»)
 * and invoice numbers («2018/943», «ТД-00045», «25-4616») are written, and the masked-text
 * work state the parser steps share. Pure.
 */
import { MASK } from './vocabulary';

// ---------------------------------------------------------------------------------------------
// Number grammar shared by the masks and the amount extractor.
// ---------------------------------------------------------------------------------------------

/** "128 450", "8.500" (thousands dot), "4000". */
export const NUM_CORE = String.raw`\d{1,3}(?:[ ]\d{3}(?!\d))+|\d{1,3}(?:\.\d{3}(?!\d))+|\d{1,3}(?:,\d{3})+(?=\.\d{2}(?!\d))|\d+`;
/** ",50" ".50" "-00" (the «4000-00» way of writing kopecks), "1,25" before «млн». */
export const NUM_DEC = String.raw`(?:[,.]\d{1,2}(?!\d)|-\d{2}(?!\d))?`;
/** Thousands, slang included: «15 тыс», «4 т.р.», «25 тыр», «12 тыщи», «40 косарей», «7к». */
export const NUM_MULT = String.raw`(?:[ ]?(?:тыс(?:яч\p{L}*)?\.?|т\.?[ ]?р\.?|т|тыр\.?|тыщ\p{L}*|косар\p{L}*|к|млн\.?|миллион\p{L}*|лям\p{L}*|лимон\p{L}*)(?![\p{L}]))?`;
export const NUM_CUR = String.raw`(?:[ ]?(?:руб(?:л\p{L}*)?\.?|р\.?|₽|rub|rur)(?![\p{L}]))?`;
/** «67 коп.», and «50 к.» only right after the roubles («9 870 р. 50 к.»; «50 к» alone is 50 000). */
export const NUM_KOP = String.raw`(?:[ ]?\d{1,2}[ ]?коп\p{L}*\.?|(?<=(?:руб\p{L}*|р|₽)\.?)[ ]?\d{1,2}[ ]?к\.?(?![\p{L}]))?`;
export const AMOUNT = `(?:${NUM_CORE})${NUM_DEC}${NUM_MULT}${NUM_CUR}${NUM_KOP}`;
/** Start of a number that is not glued to a letter, digit or another number's separator. */
export const NUM_START = String.raw`(?<![\p{L}\d.,/~\-])`;

/**
 * An invoice number: "2018/943" (year / number), "2026-0457" and "24-117" (two parts joined by a
 * hyphen: the second zero-padded or short, so «943-4000» is not joined into one number and
 * «2114-2116» a range; «25-4616»: a one- or two-digit prefix joins any number), «1648/26», «1163/12» (a number and its
 * two-digit year, or its month), or plain digits.
 */
/**
 * «8123-М» (монтаж), «8202-С»: a number with a one-letter suffix; a consonant, so no ordinal («2026-й»).
 * After a slash too: «1476/Н», a branch's or a second 1C base's series («/Н» Новодвинск, «/К»).
 */
export const SUFFIXED_INVOICE = String.raw`\d{3,9}(?:-|\/)[бвгджзклмнпрстфцчшщ](?![\p{L}\d\-/])`;
/**
 * The year first, cut to two digits, then the number: «26/0455», «25/1187» (a 1C series «ТМ-26/0455»
 * written without its letters). Not «17/2026» (a number and its year), not «14/26» (two digits after), not a year
 * from the 2030s on: «фильтр 32/925682» is a part number (the corpus's invoices are of 2026, their «years» 15–29).
 */
export const YEAR_FIRST = String.raw`(?:1[5-9]|2\d)\/(?!(?:19|20)\d{2}(?!\d))\d{3,7}`;
/**
 * The year and month first, then the invoice's place in that month: «2611-033» (YYMM), «202611-033» (YYYYMM), and a
 * stage invoice's «/2» («2611-021/2») — 1C's «БТ-2611-033» written without its letters; three digits after the
 * hyphen, or four zero-padded («2511-2512» is a range). Bitrix24's numerator templates {YEAR}, {MONTH}, {NUMBER}
 * (dev.1c-bitrix.ru/api_d7/bitrix/documentgenerator/numerator.php) print «2026-11-033», «2026/11/033»: three digits
 * or more at the end, so no date («2026-11-03»); and {MONTH}/{YEAR}-{NUMBER}, «11/2026-041» («УС-11/2026-041» without
 * its prefix).
 */
export const YEAR_MONTH_SEQ = String.raw`(?:(?:20)?2\d(?:0[1-9]|1[0-2])-(?:\d{3}|0\d{3})|20\d{2}-(?:0[1-9]|1[0-2])-\d{3,6}|20\d{2}\/(?:0[1-9]|1[0-2])\/\d{3,6}|(?:0[1-9]|1[0-2])\/20\d{2}-\d{3,6})(?:\/\d{1,2})?`;
/**
 * An invoice numbered under its framework contract, «contract/n»: «31/2» (the second invoice under договор 31), «44/1».
 * Read only right after an invoice word («по счету 31/2»): bare, two digits and one or two are a date or a fraction.
 */
export const CONTRACT_LINKED = String.raw`[1-9]\d{0,2}\/[1-9]\d?(?![\d/]|[.,]\d|-\d)`;
/** A unit right after a number says it is a size, a count or a sum: «10-150 мм», «12-200 шт», «1200-150 руб». */
export const UNIT_AFTER = String.raw`\s*(?:мм|см|м|м2|м3|км|кг|г|гр|т|тн|л|мл|шт|ед|уп|%|°|ч|час\p{L}*|мин|дн\p{L}*|сут\p{L}*|лет|год\p{L}*|чел\p{L}*|руб\p{L}*|р|₽|тыс\p{L}*|т\.?р|к)(?![\p{L}])`;
export const INVOICE_NUM = String.raw`(?:${SUFFIXED_INVOICE}|${YEAR_MONTH_SEQ}(?![\d\-])|20\d{2}[ ]*\/[ ]*\d{1,7}|${YEAR_FIRST}|\d{3,7}\/(?:[23]\d|1[0-2]|0?[1-9])(?![\d/])|\d{1,9}-(?:0\d{0,8}|\d{1,3})(?:\/\d{1,2}(?![\d/]))?(?![\d\-])|\d{1,2}-[1-9]\d{2,6}(?![\d\-])|0\d{1,11}(?:-\d{1,9})?|\d{1,9})(?![\d/])`;
/**
 * A series' letters said as a word of their own before the number: «по тм 468», «счет тм 611» (the
 * invoice «ТМ-468»; labelled by its number, as «сч 943» is). Two or three consonants, so no Russian
 * word; not a unit, another document or a place («кв», «шт», «кг», «кп», «жк», «тсж»).
 */
export const PREFIX_WORD = String.raw`(?:(?<![\p{L}])(?!(?:кв|шт|кг|тн|км|мм|см|тр|гр|пп|сч|кп|пк|нд|млн|тг|жк|тсж|тсн|мкр|снт|гск|пгт)\s)[бвгджзклмнпрстфхцчшщ]{2,3}\s+)`;
export const NO_SIGN = String.raw`(?:№№?|#|(?<![\p{L}])no?(?![\p{L}]))`; // «№№ 5142, 5143»: the plural sign
/**
 * A series' letters before an invoice's number: one to four letters, Cyrillic or Latin, and up to two
 * digits after them («ТД», «PR», «НИ00», «Т2»). Which letters a company uses is never listed: any may be.
 */
export const SERIES = String.raw`\p{L}{1,4}\d{0,2}`;
/**
 * An invoice number with a letter prefix, in any of the ways a series is written:
 * - a hyphen: «ТД-00045», «СЧ-330», «А-17/2026», «БТ-1201», «АБ-145/2» (a part after the slash),
 *   «УТ-00002582» (1C's printed form, zero-padded to eight digits or more), «ЛС-0077-2026», «НН-26-00451-1»
 *   (hyphen groups: a year, a branch), and 1C's numeric prefix before the letters: «00БП-000123», «01ЦБ-004410»;
 *   Bitrix24's numerator template {PREFIX}-{MONTH}/{YEAR}-{NUMBER}: «УС-11/2026-014» (the month and year are no date);
 * - a slash and three digits or more: «ПР/0922», «PR/0925», a year part after it: «ПР/0933/26», «КЛ/0417-26»;
 * - two to four letters glued to three digits or more, zero-padded to ten: «АБ145», «РМ0412», «ОВ00001196»
 *   (not «сч330», the keyword glued, nor «инн7707…»); no letter right after these two («л/100км», «С2000М»).
 */
export const LETTER_INVOICE = String.raw`(?:(?:${SERIES}|0\d\p{L}{2,4})-(?:\d{1,7}|0\d{7,9})(?:-\d{1,7}){0,2}(?:\/(?:20\d{2}-\d{2,7}|\d{1,4}))?|(?:${SERIES}\/\d{3,10}|(?!сч|инн|кпп|бик|огрн)\p{L}{2,4}\d{3,10})(?:[-/]\d{2,4})?(?!\p{L}))(?![\d/\-]|\.\d)`;
/**
 * A lettered number whose shape alone says invoice, once a word before or after it says paid: three digits
 * or more (a year after «/» too: «Б-12/2026»; a month or a year between: «КЛ-11-129», «З-26-0047»), not a standard («ГОСТ-31108», «ТУ-…»). «КС-10» is a product's code.
 */
export const RE_STRONG_LETTERED = new RegExp(
  String.raw`^(?!(?:гост|ту|снип|ост|тр)-)(?:${SERIES}[-/](?:(?:0[1-9]|1[0-2]|2\d)-)?(?:\d{3,}|\d{1,7}\/\d{1,4})|\p{L}{2,4}\d{3,})`,
  'iu',
);
/**
 * A series with its full year between the letters and the number («КИ-2026-0452», as Битрикс24's numerator prints
 * {PREFIX}-{YEAR}-{NUMBER}), or its month and year («УС-11/2026-014», {PREFIX}-{MONTH}/{YEAR}-{NUMBER}): an invoice by
 * its shape alone in a message that names none.
 */
export const RE_YEAR_BETWEEN = /^\p{L}{1,4}-(?:(?:0[1-9]|1[0-2])\/)?20\d\d-\d{3,6}$/u;
/** A lettered number's series: its letters (and the digits among them) and what joins them to the number. */
export function seriesOf(id: string): string | null {
  return /^\p{L}{1,4}(?:\d{0,2}[-/])?(?=\d)/u.exec(id.toLowerCase())?.[0] ?? null; // «то/», «ни00-», «ов»
}
/** Text that ends right before an invoice number: «счет », «сч. № », «№ ». */
export const RE_BEFORE_INVOICE = new RegExp(
  String.raw`(?:(?<![\p{L}])(?:сч[е]т(?:а|у|ом|ам|ов|ах|е)?|сч)\.?[\s:.]*(?:${NO_SIGN}\s*\.?\s*)?|(?:№№?|#)\s*|${LETTER_INVOICE}\s*(?:,|;|и)\s*)$`,
  'u',
);
/** «на расчетный счет», «на расч. счет», «на наш счет»: the bank account, not an invoice. */
export const ACCOUNT_BEFORE = String.raw`(?<!(?<![\p{L}])(?:на|в)\s+(?:(?:(?:расч[е]тн|банковск|лицев|валютн|текущ|наш|ваш|карточн|специальн)\p{L}*)|расч\.|р\.)?\s*)`;

/** Right after a number: it goes on as a sum («15 000», «15,5», «15 тыс», «15 руб»). */
export const SUM_FOLLOWS =
  /^(?:[ ]\d{3}(?!\d)|[,.]\d|[ ]?(?:тыс|т\.?[ ]?р|тыр|тыщ\p{L}*|косар\p{L}*|к|млн|миллион|лям\p{L}*|лимон\p{L}*|руб|р\.?|₽|rub)(?![\p{L}]))/u;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** The index of the first of the sorted `values` above `x` (their length when none is). */
export function firstAbove(values: readonly number[], x: number): number {
  let [lo, hi] = [0, values.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The line around a span: `start`, where the line of `from` starts (`s.lastIndexOf('\n', from - 1) + 1`),
 * and `next`, the first line break at or after `to` (`s.indexOf('\n', to)`, -1 when none) — by a binary
 * search over the breaks found once: asked per token of one long line, indexOf read the whole line each time.
 */
export function linesAround(s: string): (from: number, to: number) => { start: number; next: number } {
  const breaks: number[] = [];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) breaks.push(i);
  return (from, to) => {
    const before = firstAbove(breaks, from - 1) - 1; // the last break before `from`
    const after = firstAbove(breaks, to - 1); // the first break at or after `to`
    return {
      start: from <= 0 ? s.lastIndexOf('\n', from - 1) + 1 : (breaks[before] ?? -1) + 1,
      next: breaks[after] ?? -1,
    };
  };
}

/**
 * `(x) => spans.some((sp) => x.start < sp.end && x.end > sp.start)`, the spans sorted once: the
 * latest end among the spans that start before x ends, by a binary search (not a pass per question).
 */
export function overlapsAny(spans: readonly Span[]): (x: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const starts = sorted.map((sp) => sp.start);
  const latestEnd: number[] = [];
  for (const [k, sp] of sorted.entries()) latestEnd.push(Math.max(sp.end, latestEnd[k - 1] ?? -Infinity));
  return (x) => {
    const k = firstAbove(starts, x.end - 1) - 1; // the last span starting before x ends
    return k >= 0 && (latestEnd[k] ?? -Infinity) > x.start;
  };
}

const ENDING_AT = new Map<string, RegExp>();

/**
 * `re.exec(s.slice(0, end))` for a pattern that ends in `$` (no top-level `|`, no m flag), read
 * backwards from `end` as a look-behind at that one position: the time is the match's, not the
 * prefix's. `re.test(s.slice(0, token.start))` tries the pattern from every position before the
 * token, so asked per token it made a long message quadratic. Captures are the same for the
 * patterns asked this way; `[0]` is empty.
 */
export function matchEndingAt(re: RegExp, s: string, end = s.length): RegExpExecArray | null {
  const key = `${re.flags}/${re.source}`;
  let behind = ENDING_AT.get(key);
  if (!behind) {
    if (!re.source.endsWith('$') || re.source.endsWith('\\$') || re.flags.includes('m'))
      throw new Error(`matchEndingAt: /${re.source}/ does not end in $`);
    behind = new RegExp(`(?<=${re.source.slice(0, -1)})`, `${re.flags.replace(/[gy]/g, '')}y`);
    ENDING_AT.set(key, behind);
  }
  const before = s.slice(0, end);
  behind.lastIndex = before.length;
  return behind.exec(before);
}

/** `re.test(s.slice(0, end))` for a pattern that ends in `$`, in the time of the match (see matchEndingAt). */
export function endsAt(re: RegExp, s: string, end = s.length): boolean {
  return matchEndingAt(re, s, end) !== null;
}

export interface Span {
  start: number;
  end: number;
}

export interface Token extends Span {
  kind: 'invoice' | 'amount' | 'total';
  invoice?: string;
  value?: number;
  /** Written like money (currency, multiplier, kopecks, thousands groups), not a bare integer. */
  money?: boolean;
}

/** Work state: the normalised text, progressively masked. */
export class Text {
  constructor(public s: string) {}

  /** Replace every match by '~'s (same length); `keep` may veto a match or record it. */
  mask(re: RegExp, keep?: (m: RegExpExecArray) => boolean | undefined): void {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    let out = '';
    let last = 0;
    for (let m = g.exec(this.s); m; m = g.exec(this.s)) {
      if (m[0].length === 0) {
        g.lastIndex++;
        continue;
      }
      if (keep && keep(m) === false) continue;
      out += this.s.slice(last, m.index) + MASK.repeat(m[0].length);
      last = m.index + m[0].length;
    }
    this.s = out + this.s.slice(last);
  }

  maskSpan(sp: Span): void {
    this.s = this.s.slice(0, sp.start) + MASK.repeat(sp.end - sp.start) + this.s.slice(sp.end);
  }

  /**
   * maskSpan for every span, in one pass over the text: masking a long list's tokens one by one
   * copied the whole text per token (and the invoice steps re-mask all found so far after each).
   */
  maskSpans(spans: readonly Span[]): void {
    const n = this.s.length;
    if (spans.length < 2 || spans.some((sp) => !(sp.start >= 0 && sp.start <= sp.end && sp.end <= n))) {
      for (const sp of spans) this.maskSpan(sp);
      return;
    }
    let out = '';
    let last = 0;
    for (const sp of [...spans].sort((a, b) => a.start - b.start)) {
      const from = Math.max(sp.start, last);
      if (sp.end <= from) continue; // inside what is masked already
      out += this.s.slice(last, from) + MASK.repeat(sp.end - from);
      last = sp.end;
    }
    this.s = out + this.s.slice(last);
  }
}

/** Value of one AMOUNT match, or null if it is not money-shaped enough to be a sum. */
export function parseAmount(raw: string): { value: number; money: boolean } | null {
  const m = new RegExp(`^(${NUM_CORE})(${NUM_DEC})(${NUM_MULT})(${NUM_CUR})(${NUM_KOP})$`, 'u').exec(raw);
  if (!m) return null;
  const core = m[1] ?? '';
  const dec = m[2] ?? '';
  const mult = (m[3] ?? '').trim();
  const cur = (m[4] ?? '').trim();
  const kop = (m[5] ?? '').trim();
  let value = Number(core.replace(/[ .,]/g, ''));
  if (dec) value += Number(`0.${dec.slice(1)}`);
  if (mult) value *= /^(?:млн|миллион|лям|лимон)/.test(mult) ? 1_000_000 : 1_000;
  if (kop) value += Number(/\d+/.exec(kop)?.[0] ?? '0') / 100;
  value = Math.round(value * 100) / 100;
  // «4000-00» is kopecks; «20-40», «5-20» (gravel fractions, sizes) are ranges of small numbers.
  if (dec.startsWith('-') && core.length < 3) return null;
  const money = Boolean(dec || mult || cur || kop || /[ .,]/.test(core));
  if (value <= 0) return null;
  if (!money && value < 100) return null; // «1)», «2 счета», «в 9»: small bare integers are not sums
  return { value, money };
}
