/**
 * Bank-statement lines pasted as text: «Дата;Номер;Дебет;Кредит;Контрагент;Назначение», tab- or
 * «|»-separated, or quoted CSV («"17.01.2026","1044","ООО …","27 300,00",…»), with or without a
 * header line. Pure. Two things are read from the columns, not from the words:
 *   - the document-number column is not a sum (`statementNumberSpans`);
 *   - a row whose money sits in the debit / «Расход» column left our account (`dropMoneyOut`).
 */

export interface FieldSpan {
  start: number;
  end: number;
  /** The field's text, unquoted. */
  value: string;
}

const RE_DATE_FIELD = /^\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:19|20)\d{2}-\d{2}-\d{2})\s*$/;
/** A header line names these columns. */
const RE_HEADER_NAME = /дата|сумма|назначение|плательщик|контрагент|дебет|кредит|приход|расход/u;
const RE_IN_COLUMN = /кредит|приход|поступлени|поступило|зачислено|получено|пришло|money in|paid in/u;
const RE_OUT_COLUMN = /дебет|расход|списани|списано|отправлено|ушло|money out|paid out/u;

/** The fields of one statement line with their positions in it, or null if it is not one. */
export function splitFields(line: string): FieldSpan[] | null {
  if (/^\s*"[^"\n]*"\s*,\s*"/.test(line)) return splitQuotedCsv(line);
  const sep = [';', '\t', '|'].map((c) => ({ c, n: line.split(c).length - 1 })).sort((a, b) => b.n - a.n)[0];
  if (!sep || sep.n < 3) return null;
  const out: FieldSpan[] = [];
  let pos = 0;
  for (const f of line.split(sep.c)) {
    out.push({ start: pos, end: pos + f.length, value: f });
    pos += f.length + 1;
  }
  return out;
}

/** «"a","b ""c""",d»: comma-separated, fields in double quotes, a doubled quote inside is one. */
function splitQuotedCsv(line: string): FieldSpan[] | null {
  const out: FieldSpan[] = [];
  let i = 0;
  while (i <= line.length) {
    const start = i;
    let value = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i++;
        } else if (line[i] === '"') break;
        else value += line[i];
      }
      i++; // the closing quote
    } else {
      const next = line.indexOf(',', i);
      const end = next < 0 ? line.length : next;
      value = line.slice(i, end);
      i = end;
    }
    out.push({ start, end: i, value });
    if (line[i] !== ',') break;
    i++;
  }
  return out.length >= 4 ? out : null;
}

function isHeader(fields: FieldSpan[], line: string): boolean {
  return !/\d/.test(line) && fields.some((f) => RE_HEADER_NAME.test(f.value.toLowerCase()));
}

/**
 * Spans (positions in `raw`) of the document-number column: the column the header calls
 * «Номер»/«№»/«Документ», or, without a header, a bare integer right after the date.
 */
export function statementNumberSpans(raw: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let header: string[] | null = null;
  let offset = 0;
  for (const line of raw.toLowerCase().split('\n')) {
    const fields = splitFields(line);
    if (fields && isHeader(fields, line)) header = fields.map((f) => f.value.trim());
    else if (fields)
      fields.forEach((f, i) => {
        const name = header?.[i] ?? '';
        const bare = /^\s*(?:п\/п\s*)?\d{1,7}\s*$/u.test(f.value);
        const afterDate = i > 0 && RE_DATE_FIELD.test(fields[i - 1]?.value ?? '');
        if (bare && (/номер|№|док|п\/п/u.test(name) || (!header && afterDate)))
          spans.push({ start: offset + f.start, end: offset + f.end });
        else if (afterDate && !header && receiptNumber(f.value, fields, i))
          spans.push({ start: offset + f.start, end: offset + f.end });
      });
    offset += line.length + 1;
  }
  return spans;
}

/** 1C's own document number, its prefixes and zero padding: «МТ00-000214», «ОК12-000118». */
const RE_ONE_C_NUMBER = /^\s*\p{L}{1,4}\d{2}-0\d{5,8}\s*$/u;
/** An invoice named in a purpose: «по счету …», «сч. …», «по счетам …». */
const RE_NAMES_INVOICE = /(?<![\p{L}])(?:сч[её]т\p{L}*|сч\.?)\s*(?:№\s*)?[\p{L}\d]/u;

/**
 * The column after the date holds 1C's number of our own receipt («Поступление на расчетный счет МТ00-000214»)
 * when another field of the row names the invoice paid: no invoice of the customer's.
 */
function receiptNumber(value: string, fields: FieldSpan[], at: number): boolean {
  return RE_ONE_C_NUMBER.test(value) && fields.some((f, k) => k !== at && RE_NAMES_INVOICE.test(f.value));
}

const RE_MINUS_SUM = /^\s*[-−]\s?\d{1,3}(?:[ \u00a0]?\d{3})*(?:[.,]\d{1,2})?\s*(?:₽|руб\.?|rub|rur)?\s*$/iu;
const RE_PLUS_SUM = /^\s*\+\s?\d/u;

/**
 * The column of the debit (or credit) sum: «Сумма по дебету» before «Счет Дебет» (an account
 * number, not money); else the first column so named.
 */
function moneyColumn(names: string[], re: RegExp): number {
  const sum = names.findIndex((n) => re.test(n) && /сумм/u.test(n));
  return sum >= 0 ? sum : names.findIndex((n) => re.test(n) && !/сч[её]т/u.test(n));
}

/** A field holding money: «12 000,00», «+13 300,00»; not empty and not «0,00». */
function holdsMoney(value: string): boolean {
  const digits = value.replace(/[^\d]/g, '');
  return /\d/.test(value) && Number(digits) > 0;
}

/**
 * The statement without the rows of money that left the account: with a header naming a debit
 * and a credit column («Дебет»/«Кредит», «Расход»/«Приход»), a row with money in the debit column
 * and none in the credit column is ours going out («оплата по счету 4471 за цемент» we paid).
 * Text that is not such a statement is returned unchanged; one whose every row went out, as ''.
 */
export function dropMoneyOut(raw: string): string {
  const sections = dropMinusLines(dropOutSections(dropZeroOutTotals(dropDebitOperations(raw).split('\n'))));
  if (sections.length === 0) return '';
  const lines = sections;
  let inCol = -1;
  let outCol = -1;
  let rows = 0;
  let dropped = 0;
  const kept: string[] = [];
  for (const line of lines) {
    const fields = splitFields(line);
    if (fields && isHeader(fields, line)) {
      const names = fields.map((f) => f.value.toLowerCase());
      inCol = moneyColumn(names, RE_IN_COLUMN);
      outCol = moneyColumn(names, RE_OUT_COLUMN);
      kept.push(line);
      continue;
    }
    if (fields && inCol >= 0 && outCol >= 0) {
      rows++;
      const moneyIn = holdsMoney(fields[inCol]?.value ?? '');
      const moneyOut = holdsMoney(fields[outCol]?.value ?? '');
      if (moneyOut && !moneyIn) {
        dropped++;
        continue;
      }
    } else if (fields && /\d/.test(line)) {
      // Without such columns a signed sum says it: «-90 000,00» went out, «+9 000,00» came in.
      rows++;
      if (fields.some((f) => RE_MINUS_SUM.test(f.value)) && !fields.some((f) => RE_PLUS_SUM.test(f.value))) {
        dropped++;
        continue;
      }
    }
    kept.push(line);
  }
  if (dropped === 0) return lines.join('\n');
  return rows === dropped ? '' : kept.join('\n');
}

/** An SMS operation's time and word: «10:15 зачисление», «09:02 Покупка», «10:16 списание». */
const RE_OPERATION =
  /(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?\s+(?:(зачислени|зачислен|поступлени|поступил|пополнени|входящ)|(списани|списан|покупк|выдач|сняти|комисси|оплата(?!\s+(?:по\s+)?сч)))\p{L}*/giu;

/**
 * One SMS carrying two or more operations, each after its time («10:15 зачисление 5 000р от …;
 * 10:16 списание 150р комиссия …»): the operations of money out are dropped when one of money in
 * stands beside them (its words would veto the whole message, its sums add to the credit's).
 */
function dropDebitOperations(raw: string): string {
  const ops = [...raw.matchAll(RE_OPERATION)];
  if (ops.length < 2 || !ops.some((m) => m[1]) || !ops.some((m) => m[2])) return raw;
  let out = raw.slice(0, ops[0]?.index ?? 0);
  for (const [k, m] of ops.entries()) {
    const end = ops[k + 1]?.index ?? raw.length;
    if (m[1]) out += raw.slice(m.index ?? 0, end);
  }
  return out;
}

const RE_PLUS_LINE = /^\s*\+\s?\d{1,3}(?:[ \u00a0]\d{3})*[.,]\d{2}(?!\d)/u;
const RE_MINUS_LINE = /^\s*[-−]\s?\d{1,3}(?:[ \u00a0]\d{3})*[.,]\d{2}(?!\d)/u;

/**
 * A statement written as signed lines («+ 7 500,00 ООО "Кедр" …», «- 3 000,00 ООО "Телеком" …»):
 * with both signs present, the «-» lines went out. (A chat list «- 4882 — 4 000» has no kopecks.)
 */
function dropMinusLines(lines: string[]): string[] {
  // An accountant's day list «+ ХИМТЕХ — сч. 4640 — 84 000,00» / «− ПолиТрейд — 612 000,00»: a «−» row
  // naming its payee first went out too, when «+» rows stand beside it.
  if (lines.some((l) => RE_PLUS_ROW.test(l)) && lines.some((l) => RE_MINUS_ROW.test(l)))
    return lines.filter((l) => !RE_MINUS_ROW.test(l));
  if (!lines.some((l) => RE_PLUS_LINE.test(l)) || !lines.some((l) => RE_MINUS_LINE.test(l))) return lines;
  return lines.filter((l) => !RE_MINUS_LINE.test(l));
}
const RE_PLUS_ROW = /^\s*\+\s*(?:\p{L}|["«])/u;
const RE_MINUS_ROW = /^\s*[-−–—]\s*(?:\p{L}|["«])[^\n]*\d/u;

/** A statement's total of money out that is nothing: «Списано: 0,00», «Расход 0.00 ₽», «Дебет: 0». */
const RE_ZERO_OUT_TOTAL =
  /^[ \t]*(?:всего[ \t]+|итого[ \t]+)?(?:списан\p{L}*|расход\p{L}*|дебет\p{L}*|исходящ\p{L}*[ \t]+плат\p{L}*)[ \t]{0,4}:?[ \t]{0,4}0(?:[.,]0{1,2})?[ \t]{0,4}(?:₽|руб\.?|р\.?|rub)?[ \t]*$/iu;

/** The lines saying nothing went out: they name no money out, so they must not veto the money in. */
function dropZeroOutTotals(lines: string[]): string[] {
  return lines.filter((l) => !RE_ZERO_OUT_TOTAL.test(l));
}

/** A section's total after its name: «Списано: 3 000,00», «Поступило: 512 000,00 ₽». */
const SECTION_TOTAL = String.raw`(?:[ \t]{0,4}(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d{2})?[ \t]{0,4}(?:₽|руб\.?|р\.?|rub)?)?`;
const RE_OUT_SECTION = new RegExp(
  String.raw`^\s*(?:списани\p{L}*|списано|расход\p{L}*|исходящ\p{L}*(?:\s+плат\p{L}*)?)[ \t]{0,4}:?${SECTION_TOTAL}[ \t]*$`,
  'iu',
);
const RE_IN_SECTION = new RegExp(
  String.raw`^\s*(?:поступлени\p{L}*|поступило|приход\p{L}*|зачислени\p{L}*|зачислено|входящ\p{L}*(?:\s+плат\p{L}*)?)[ \t]{0,4}:?${SECTION_TOTAL}[ \t]*$`,
  'iu',
);

/**
 * A statement summary in sections («Поступления:» … «Списания:» …, or with their totals: «Поступило:
 * 512 000,00» … «Списано: 3 000,00» …): the lines under a section of
 * money out are dropped. None left with a number in them: [].
 */
function dropOutSections(lines: string[]): string[] {
  let out = false;
  let seen = false;
  const kept: string[] = [];
  for (const line of lines) {
    if (RE_OUT_SECTION.test(line)) {
      out = true;
      seen = true;
      continue;
    }
    if (RE_IN_SECTION.test(line)) out = false;
    if (!out) kept.push(line);
  }
  if (seen && !kept.some((l) => /\d/.test(l) && !/^\s*(?:выписка|дата)/iu.test(l))) return [];
  return kept;
}

/**
 * The text with its statement header lines blanked (same length): «Дебет», «Списано», «Расход»
 * name columns there, they do not say that this money left the account.
 */
export function blankStatementHeaders(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const fields = splitFields(line.toLowerCase());
      return fields && isHeader(fields, line) ? ' '.repeat(line.length) : line;
    })
    .join('\n');
}
