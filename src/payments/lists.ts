/**
 * Lists of invoices in chat: a lettered invoice listed right after another invoice: «1665 и М-1666 — 33 000 и 9 000»,
 * «АП-04514 и АП-04515 камешково-хим 19 500 и 31 200». The plain and the lettered numbers of one
 * company share a list; the letters say it is no sum. Pure: works on the parser's tokens.
 */
import { LETTER_INVOICE, linesAround, type Span, type Token } from './grammar';

// «3821 + Р-5046 одной платежкой»: a plus joins two invoices paid together as «и» does.
const RE_NEXT = new RegExp(String.raw`^\s*(?:,|и|\+)\s*(?:№\s*)?(${LETTER_INVOICE})`, 'u');
/** Standards and specifications, not invoices: «ГОСТ-31108», «ТУ-5767». */
const RE_STANDARD = /^(?:гост|ту|снип|ост|тр)-/u;

/**
 * The invoices with each lettered number listed after one of them (in `norm`, the normalised
 * message), when a money-shaped sum follows the list.
 */
export function withListedLettered(invoices: Token[], amounts: Token[], norm: string): Token[] {
  const out = [...invoices].sort((a, b) => a.start - b.start);
  for (let k = 0; k < out.length; k++) {
    const inv = out[k] as Token;
    const m = RE_NEXT.exec(norm.slice(inv.end));
    const id = m?.[1] ?? '';
    if (!m || RE_STANDARD.test(id)) continue;
    const end = inv.end + m[0].length;
    if (out.some((i) => i.start < end && i.end > end - id.length)) continue;
    if (!amounts.some((a) => a.money && a.start >= end)) continue;
    out.splice(k + 1, 0, { kind: 'invoice', start: end - id.length, end, invoice: id.toUpperCase() });
  }
  return out;
}

/** The invoices after the first of a range «4520-4522» (same length, up to 20 apart), on the range's span. */
export function rangeAfter(a: Token, s: string): Token[] {
  const head = s.slice(a.start, a.end).trim();
  // Written tight («4520-4522»): «2494 — 2500 руб.» is an invoice and its sum.
  const range = /^-(\d{3,7})(?![\d/]|[.,]\d|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))/u.exec(
    s.slice(a.end),
  );
  const [from, to] = [Number(head), Number(range?.[1])];
  if (!range?.[1] || range[1].length !== head.length || !(to > from) || to - from > 20) return [];
  const end = a.end + range[0].length;
  return Array.from({ length: to - from }, (_, k) => ({
    kind: 'invoice' as const,
    start: a.start,
    end,
    invoice: String(from + k + 1),
  }));
}

/** The arrival or paid word right before a number: «пришло 4000», «оплатили 7800». */
export const RE_SUM_AFTER_VERB =
  /(?<![\p{L}])(?:пришл\p{L}*|пришел|поступил\p{L}*|оплатил\p{L}*|оплачен\p{L}*|перев[её]л\p{L}*|закинул\p{L}*|упал\p{L}*|внесл\p{L}*)\s*$/u;

/**
 * «4557 камешково\n27 600»: the line of the invoice ends with no number after it, and the next line
 * opens with a money-shaped sum — the director's two-line way of naming the invoice, then its sum (a
 * blank line between too: a remark, then the bank push pasted under it).
 */
export function sumOnNextLine(amounts: Token[], s: string, sp: Span): boolean {
  const lineEnd = s.indexOf('\n', sp.start);
  if (lineEnd < 0 || amounts.some((a) => a.start >= sp.end && a.start < lineEnd)) return false;
  // Blank lines between do not part them: a remark «…, 4779», an empty line, then the pasted push.
  const nextStart = lineEnd + (/^\n(?:[ \t]*\n)*/.exec(s.slice(lineEnd))?.[0].length ?? 1) - 1;
  const nextEnd = s.indexOf('\n', nextStart + 1);
  const next = amounts.filter((a) => a.start > nextStart && (nextEnd < 0 || a.start < nextEnd));
  return next[0]?.money === true;
}

/**
 * «7417\n7418\n7419\nвсе три оплачены, 30 000»: numbers alone on consecutive lines, neighbours of each
 * other, are one list — when one of them is an invoice, so are the others.
 */
export function lineRun(amounts: Token[], invoices: Token[], s: string, isBare: (a: Token) => boolean): Token[] {
  const lineOf = linesAround(s);
  const alone = amounts.filter((a) => {
    const { start, next: end } = lineOf(a.start, a.end);
    return (
      isBare(a) && /^[ \t]*$/.test(s.slice(start, a.start)) && /^[ \t]*$/.test(s.slice(a.end, end < 0 ? s.length : end))
    );
  });
  const id = (a: Token): string => s.slice(a.start, a.end).trim();
  const out: Token[] = [];
  for (let k = 0; k < alone.length; ) {
    let j = k + 1;
    const head = alone[k] as Token;
    while (j < alone.length) {
      const prev = alone[j - 1] as Token;
      const cur = alone[j] as Token;
      if (!/^[ \t]*\n[ \t]*$/.test(s.slice(prev.end, cur.start)) || !isNeighbour(id(head), id(cur))) break;
      j++;
    }
    const run = alone.slice(k, j);
    if (run.length >= 2 && run.some((a) => invoices.some((i) => i.start === a.start)))
      out.push(...run.filter((a) => !invoices.some((i) => i.start === a.start)));
    k = j;
  }
  return out;
}

/** What isNeighbour compares of a number: its letter prefix («ТД-»), the number after it, its last part. */
interface Shape {
  prefix: string;
  num: number;
  tail: string;
}
const SHAPES = new Map<string, Shape>();

function shapeOf(x: string): Shape {
  let shape = SHAPES.get(x);
  if (!shape) {
    const prefix = /^\p{L}+(?:\d{0,2}[-/])?/u.exec(x.trim())?.[0] ?? ''; // «ТД-», «ПР/», «ОВ»
    const num = Number(/\d+/.exec(x.trim().slice(prefix.length))?.[0] ?? '');
    shape = { prefix, num, tail: x.replace(/\s/g, '').split(/[/-]/).pop() ?? '' };
    if (SHAPES.size >= 4096) SHAPES.clear(); // asked pairwise over a message's numbers: a few hundred
    SHAPES.set(x, shape);
  }
  return shape;
}

/**
 * Two invoice numbers close enough to be one list («1185, 1186»), unlike «943, 4000». Each number's
 * shape is read once: asked for every pair of a long list's numbers, the regexes dominated.
 */
export function isNeighbour(a: string, b: string): boolean {
  const x = shapeOf(a);
  const y = shapeOf(b);
  // «ТД-00051, ТД-00052»: the same letters, close numbers.
  if (x.prefix || y.prefix) return x.prefix === y.prefix && Math.abs(x.num - y.num) < 1000;
  return x.tail.length === y.tail.length && Math.abs(Number(x.tail) - Number(y.tail)) < 1000;
}

/**
 * «ТМ-26/0733, 0734»: after a lettered number, the next one written as its last part only — as many
 * digits (three or more), close to it.
 */
export function isShortenedNext(full: string, short: string): boolean {
  const tail = shapeOf(full).tail;
  return /^\d{3,}$/.test(short) && short.length === tail.length && Math.abs(Number(short) - Number(tail)) < 1000;
}

/**
 * `(x) => list.some((y) => isNeighbour(y, x))`, the list indexed once: by prefix (or by the tail's
 * length), each key's numbers sorted, so a question is a binary search, not a pass over the list.
 */
export function neighbourOfAny(list: readonly string[]): (x: string) => boolean {
  const keyed = (shape: Shape): [string, number] =>
    shape.prefix ? [`p${shape.prefix}`, shape.num] : [`t${shape.tail.length}`, Number(shape.tail)];
  const index = new Map<string, number[]>();
  for (const y of list) {
    const [key, value] = keyed(shapeOf(y));
    if (!Number.isFinite(value)) continue; // NaN or Infinity is near nothing
    const values = index.get(key);
    if (values) values.push(value);
    else index.set(key, [value]);
  }
  for (const values of index.values()) values.sort((a, b) => a - b);
  return (x) => {
    const [key, value] = keyed(shapeOf(x));
    const values = index.get(key);
    if (!values || !Number.isFinite(value)) return false;
    let [lo, hi] = [0, values.length]; // the first value not below x's
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[mid] ?? 0) < value) lo = mid + 1;
      else hi = mid;
    }
    const near = (k: number): boolean => k >= 0 && k < values.length && Math.abs((values[k] ?? 0) - value) < 1000;
    return near(lo) || near(lo - 1);
  };
}

/**
 * «00411,00412,00413», «7712,7713»: invoice numbers listed with commas and no blank, each as many digits (four or more,
 * or zero-padded) and close to the one before — the commas become blanks so the list reads as «00411 00412 00413»
 * (a comma glued to digits is a decimal's or a thousands' mark otherwise). Keeps every position.
 */
export function spaceGluedList(s: string): string {
  return s.replace(/(?<![\d.,/~-])(?:\d{4,7}|0\d{2,6})(?:,(?:\d{4,7}|0\d{2,6}))+(?![\d.,/-])/g, (run) => {
    const items = run.split(',');
    const listed = items.every(
      (x, k) => k === 0 || (x.length === items[0]?.length && isNeighbour(items[k - 1] ?? '', x)),
    );
    return listed ? items.join(' ') : run;
  });
}
