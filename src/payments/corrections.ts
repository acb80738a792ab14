/**
 * The writer correcting himself inside one message: «по 5170 оплатили 5 600, извините, 6 500»
 * (the sum), «Оплатили 6236 на 41 000, ой нет, перепутал — 6237» (the invoice). The value written
 * after the correction word wins; the rest of what was said stands («41 000» stays the sum of the
 * corrected invoice). Pure; works on the parser's tokens (grammar.ts).
 */
import { endsAt, type Token } from './grammar';

/**
 * «ой», «извините», «сорян», «поправка:», «исправляю», «точнее», «перепутал», «ошибся», «тьфу», «вру», dictated «стоп»;
 * «точно 23 041,60» before an exact sum; «не, 1 408 000» and «а не, 32 800» (the director's next-line habit), «не то — 4558»;
 * «…, а нет, это 4062» before the number that replaces one; «950 4 500 — нет, 450»: a dash after a number, then «нет»
 * and the number put in its place.
 */
const RE_CORRECTION =
  /(?<![\p{L}])(?:ой|извин\p{L}*|сорри|сорян|пардон|поправк\p{L}*|исправл\p{L}*|исправля\p{L}*|точнее|вернее|точно(?=\s*[:-]?\s*\d)|не(?=\s*,)|не\s+то(?=\s*[-,:])|опечатк\p{L}*|ошибк[аи](?=\s*[:,—-])|перепутал\p{L}*|ошибс[яь]|ошиблась|стоп|тьфу|вру|(?=нет)(?<=(?<![\p{L}])а[\s,]+)нет(?=[\s,.—-]*(?:это\s+)?(?:сч\p{L}*\.?\s*)?(?:№\s*)?\d)|(?=нет)(?<=\d[ \t]*(?:₽|руб\.?|р\.?)?[ \t]*[,.]?[ \t]*[—–-][ \t]*)нет(?=[ \t]*[,:]?[ \t]*\d))(?![\p{L}-])/gu;

/**
 * «СТ-3842… нет, вру, ДМ-4412», «ВК-4410, ой нет, ДМ-4412»: the text before a lettered number ends with a correction
 * word, after a lettered invoice named before it (another series may be the right one) — that number was put in its
 * place. `before` is the text up to the number; `namedBefore` false when the caller checked the invoice before itself.
 */
export function letteredBroughtByCorrection(before: string, namedBefore = true): boolean {
  return (
    endsAt(
      /(?<![\p{L}])(?:нет|вру|поправк\p{L}*|исправля\p{L}*|ошибс[яь]|ошиблась|перепутал\p{L}*|точнее|вернее)[\s,.:!—…-]*$/u,
      before,
    ) &&
    (!namedBefore || /(?<![\p{L}\d])\p{L}{1,4}\d{0,2}-\d{3,}/u.test(before.slice(-80)))
  );
}

/** «48 000\n48 600 точнее»: the word after a sum says that sum is the right one. */
const RE_POSTFIX_CORRECTION = /(?<![\p{L}])(?:точнее|вернее)(?![\p{L}])/gu;

/**
 * «ой нет», «нет, стоп», «нет, перепутал», «нет, поправка», «4 500 — нет, 450»: a «нет» that takes back what the
 * writer just said, not one that says the money is missing.
 */
const RE_CORRECTING_NO =
  /(?=нет)(?<=(?<![\p{L}])ой[\s,]+)нет(?![\p{L}])|(?=нет)(?<=(?<![\p{L}])а[\s,]+)нет(?=[\s,.—-]*(?:это\s+)?(?:сч\p{L}*\.?\s*)?(?:№\s*)?\d)|(?=нет)(?<=\d[ \t]*(?:₽|руб\.?|р\.?)?[ \t]*[,.]?[ \t]*[—–-][ \t]*)нет(?=[ \t]*[,:]?[ \t]*\d)|(?<![\p{L}])нет(?=[\s,.—-]*(?:стоп|перепутал\p{L}*|ошибс[яь]|ошиблась|вернее|точнее|поправк\p{L}*|исправл\p{L}*|исправля\p{L}*)(?![\p{L}]))/gu;

/** The text with its correcting «нет» blanked (same length), for the negation test. */
export function blankCorrectingNo(text: string): string {
  return text.replace(RE_CORRECTING_NO, (m) => ' '.repeat(m.length));
}

/** «извините, забыл ещё 7162», «ой, и ещё 7162»: after the correction word more is added, nothing taken back. */
const RE_ADDING = /(?<![\p{L}])(?:ещ[её]|плюс|также|забыл\p{L}*)(?![\p{L}])/u;

/** Where the last correction word starts (with one of `before` after it, if given), or -1. */
function lastCorrection(s: string, before?: Token[]): number {
  let last = -1;
  for (const m of s.matchAll(RE_CORRECTION)) if (!before || before.some((a) => a.start > m.index)) last = m.index;
  return last;
}

/**
 * A bare number shaped like the invoice it corrects: no money marks, as many digits, and close to
 * it (a slip of a key: 6236 → 6237), and not after «а»/«на» («5108 на 4000, сорри не 4000 а
 * 3500» corrects the sum).
 */
function shapedLike(a: Token, s: string, invoice: string): boolean {
  const raw = s.slice(a.start, a.end).trim();
  // «ой не 5000 а 5500», «поправка: на 4400»: a number after «а» or «на» replaces a sum.
  if (endsAt(/(?<![\p{L}])(?:а|на)\s*$/u, s, a.start)) return false;
  return (
    !a.money && /^\d+$/.test(invoice) && raw.length === invoice.length && Math.abs(Number(raw) - Number(invoice)) < 1000
  );
}

/** Whether two numbers' digits differ by one slip of a key: one digit changed, added or dropped («4500» ↔ «450»). */
function oneSlipApart(x: string, y: string): boolean {
  if (x === y || Math.abs(x.length - y.length) > 1) return false;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  let k = 0;
  while (k < short.length && short[k] === long[k]) k++;
  const rest = short.length === long.length ? k + 1 : k;
  return short.slice(rest) === long.slice(k + 1);
}

/**
 * «оплачен 950 4 500 — нет, 450»: the money-shaped sum the correction word at `last` stands right after (punctuation
 * between), if any.
 */
function sumRightBefore(amounts: Token[], s: string, last: number): Token | undefined {
  const before = amounts.filter((x) => x.money && x.end <= last).at(-1);
  return before && /^[\s,.:;!—–-]*$/u.test(s.slice(before.end, last)) ? before : undefined;
}

/** Whether `a` is a slip of the sum `before` (oneSlipApart on their whole roubles): it is put in that sum's place. */
function slipOfSum(a: Token, before: Token | undefined): boolean {
  const digits = (x: Token) => String(Math.trunc(x.value ?? 0));
  return before !== undefined && oneSlipApart(digits(a), digits(before));
}

/**
 * «оплачен 950 4 500 — нет, 450»: the amounts a correction word right before them brings in the place of the sum
 * right before that word (a slip of it) — sums, however small (not document numbers beside the sum). One pass over
 * the correction words, each looking at the amount after it.
 */
export function broughtForSums(amounts: Token[], s: string): Set<Token> {
  const out = new Set<Token>();
  if (!amounts.some((a) => a.money)) return out;
  let k = 0;
  for (const m of s.matchAll(RE_CORRECTION)) {
    const end = m.index + m[0].length;
    while (k < amounts.length && (amounts[k]?.start ?? 0) < end) k++;
    const a = amounts[k];
    if (a && /^[\s,.:;!—–-]*$/u.test(s.slice(end, a.start)) && slipOfSum(a, sumRightBefore(amounts, s, m.index)))
      out.add(a);
  }
  return out;
}

/**
 * «на 4000, поправка: на 4 400»: after a correction word the sums written after it replace those
 * before it. A bare number shaped like a named invoice («ой, перепутал — 6237») corrects the
 * invoice, not the sum (see `correctInvoice`).
 */
export function keepCorrected(amounts: Token[], invoices: Token[], s: string, norm: string): Token[] {
  // «пришло 210 000\n210 500 точнее»: the sum right before «точнее», with no sum after the word, replaces those before it.
  for (const m of s.matchAll(RE_POSTFIX_CORRECTION)) {
    const right = amounts.find((a) => a.money && /^[\s,]*$/.test(s.slice(a.end, m.index)));
    if (right && !amounts.some((a) => a.start > m.index) && amounts.some((a) => a.money && a.start < right.start))
      return amounts.filter((a) => a.start >= right.start || !a.money);
  }
  // «13 000, перепутал цифры»: a correction word after the last sum explains it; the one before counts.
  const last = lastCorrection(s, amounts);
  if (last < 0) return amounts;
  const ids = invoices.map((i) => i.invoice ?? '');
  const swapped = swapTargets(norm, ids);
  const sumBefore = sumRightBefore(amounts, s, last);
  const isInvoice = (a: Token): boolean =>
    a.start > last && (swapped.has(a.start) || (ids.some((id) => shapedLike(a, s, id)) && !slipOfSum(a, sumBefore)));
  const sumsAfter = amounts.filter((a) => a.start > last && !isInvoice(a));
  const sumsBefore = amounts.filter((a) => a.start < last);
  if (sumsAfter.length === 0 || sumsBefore.length === 0) return amounts;
  // «сто двадцать тыщ\nне, сто десять»: a correction said without its «тысяч» is in the thousands it corrects.
  const big = Math.max(...sumsBefore.map((a) => a.value ?? 0));
  const inThousands = (a: Token): boolean =>
    sumsAfter.includes(a) && (a.value ?? 0) < 1000 && big >= 1000 && Math.abs((a.value ?? 0) * 1000 - big) <= big / 2;
  // The corrected invoice stays for `correctInvoice` to find; a sum put in a sum's place is money («— нет, 450»).
  return amounts
    .filter((a) => a.start > last)
    .map((a) =>
      inThousands(a)
        ? { ...a, value: (a.value ?? 0) * 1000, money: true }
        : !a.money && slipOfSum(a, sumBefore)
          ? { ...a, money: true }
          : a,
    );
}

/**
 * The invoice taken back and the one put in its place: «не 7706, а 7707» first (it says which),
 * then a correction word (see `correctAfterWord`). `norm` is the normalised message, `s` the same
 * text masked (the positions agree).
 */
export function correctInvoice(
  invoices: Token[],
  amounts: Token[],
  s: string,
  norm: string,
  named: string[] = [],
): { invoices: Token[]; amounts: Token[] } {
  const swapped = swapTakenBack(invoices, amounts, s, norm, named);
  const read = swapped ?? correctAfterWord(invoices, amounts, s);
  // Only when nothing above took an invoice back: «поправка не 1494 а 1495 перепутал, 1494 …» is done.
  const same =
    read.invoices.length === invoices.length && read.invoices.every((i, k) => i.invoice === invoices[k]?.invoice);
  return same ? sameShapeAfterWord(read, s, norm) : read;
}

/**
 * What follows a correction word, up to the number it brings: «ой нет, СТ-3843», «точнее 641», «ой нет не 463 а 468»
 * (group 1 the number taken back, if said; group 2 the letters, group 3 the digits put instead).
 */
const RE_BROUGHT =
  /^[\s,.:!—-]*(?:нет[\s,.:!—-]*)?(?:(?:перепутал\p{L}*|ошибс[яь]|ошиблась)[\s,.:!—-]*)?(?:не\s+(?:сч\p{L}*\.?\s*)?(?:№\s*)?([\p{L}\d/-]+)\s*,?\s*а\s+|это\s+)?(?:(?:по|за)\s+)?(?:сч\p{L}*\.?\s*)?(?:№\s*)?(\p{L}{1,4}\d{0,2}[-/]?)?(\d{2,7})(?![\d\p{L}]|[.,]\d|[ ]\d{3}(?!\d)|\s?(?:руб|р\.|₽|т\.?р|тыс|к(?![\p{L}])))/u;

/**
 * «по счету СТ-3842, ой нет, СТ-3843», «Оплатили 614, точнее 641»: one invoice named before the correction word
 * and, right after it, a number in that invoice's shape (the same letters, as many digits) that the reading so far
 * dropped — it replaces the invoice. Nothing changes when it was read already or the shape differs (a sum).
 */
function sameShapeAfterWord(read: { invoices: Token[]; amounts: Token[] }, s: string, norm: string) {
  const last = lastCorrection(s);
  if (last < 0) return read;
  const before = [...new Set(read.invoices.filter((i) => i.start < last).map((i) => i.invoice ?? ''))];
  const [wrong] = before;
  if (before.length !== 1 || !wrong || read.invoices.some((i) => i.start > last)) return read;
  const word = /^\p{L}+/u.exec(norm.slice(last))?.[0] ?? '';
  const m = RE_BROUGHT.exec(norm.slice(last + word.length));
  if (!m) return read;
  const [, takenBack, letters = '', digits = ''] = m;
  const shape = /^(\p{L}{1,4}\d{0,2}[-/]?)?(\d+)$/u.exec(wrong);
  if (!shape || (takenBack !== undefined && takenBack.toUpperCase() !== wrong)) return read;
  const id = (letters + digits).toUpperCase();
  if ((shape[1] ?? '') !== letters.toUpperCase() || (shape[2] ?? '').length !== digits.length || id === wrong)
    return read;
  // A number named before the correction word was not brought by it.
  if (new RegExp(`(?<![\\p{L}\\d])${id.toLowerCase()}(?!\\d)`, 'u').test(norm.slice(0, last))) return read;
  const start = last + word.length + m[0].length - id.length;
  const end = start + id.length;
  if (read.amounts.some((a) => a.money && a.start < end && start < a.end)) return read;
  const brought = read.amounts.find((a) => a.start === start && a.end === end);
  if (brought && slipOfSum(brought, sumRightBefore(read.amounts, s, last))) return read;
  const put: Token = { kind: 'invoice', start, end, invoice: id };
  return {
    invoices: [...read.invoices.filter((i) => i.invoice !== wrong), put],
    amounts: read.amounts.filter((a) => a.end <= start || a.start >= end),
  };
}

/**
 * «не 7706, а 7707», «не сч 7710, а сч 7711», «не 892, а 896/26», «не КР-402, а КР-403»: two numbers, the first a
 * named invoice (a lettered one's letters on both).
 */
const RE_NOT_X_BUT_Y =
  /(?<![\p{L}])не\s+(?:сч\p{L}*\.?\s*)?(?:№\s*)?((?:\p{L}{1,4}\d{0,2}-)?\d{3,})(?:\/\d{2})?\s*,?\s*а\s+(?:сч\p{L}*\.?\s*)?(?:№\s*)?((?:\p{L}{1,4}\d{0,2}-)?\d{3,}(?:\/\d{2}(?!\d))?)(?!\d|[.,]\d|[ ]\d{3}(?!\d))/gu;

/** «писал 8107 оплачен — это был 8108», «написал 7706, правильно 7707»: the number written before was wrong. */
const RE_WROTE_X_WAS_Y =
  /(?<![\p{L}])(?:на)?писал\p{L}*\s+(?:сч\p{L}*\.?\s*)?(?:№\s*)?(\d{3,})(?![\d.,])[^\n\d]{0,30}?(?:это\s+был[аои]?|на\s+самом\s+деле|правильно)\s+(?:сч\p{L}*\.?\s*)?(?:№\s*)?(\d{3,})(?!\d|[.,]\d|[ ]\d{3}(?!\d))/gu;

/** Both ways of taking an invoice back, in the order they are said. */
function takenBackInvoices(norm: string): RegExpExecArray[] {
  return [...norm.matchAll(RE_NOT_X_BUT_Y), ...norm.matchAll(RE_WROTE_X_WAS_Y)].sort((a, b) => a.index - b.index);
}

/** Where each «а Y» of a «не X, а Y» with X a named invoice starts: Y is an invoice, not a sum. */
function swapTargets(norm: string, ids: string[]): Set<number> {
  const out = new Set<number>();
  for (const m of takenBackInvoices(norm))
    if (ids.includes((m[1] ?? '').toUpperCase())) out.add(m.index + m[0].length - (m[2] ?? '').length);
  return out;
}

/**
 * «Оплатили 7705 и 7706, ой, не 7706, а 7707»: the invoice after «не» is taken back and the one
 * after «а» paid instead. Null when the message takes no invoice back this way («не 4000 а 3500»
 * takes back a sum). `named` are all the invoices the message names, unpaid ones too: in «оплачен
 * не 7462, а 7463, по 7462 пока ничего» the number taken back is named as an invoice elsewhere.
 */
function swapTakenBack(
  invoices: Token[],
  amounts: Token[],
  s: string,
  norm: string,
  named: string[],
): { invoices: Token[]; amounts: Token[] } | null {
  type Read = { invoices: Token[]; amounts: Token[] };
  let out: Read | null = null;
  for (const m of takenBackInvoices(norm)) {
    const [, wrong = '', right = ''] = m;
    const current: Read = out ?? { invoices, amounts };
    // «не 892, а 896/26»: the wrong one said without the year it was named with («892/26»).
    const wrongOnes = new Set(
      [...current.invoices.map((i) => i.invoice ?? ''), ...named].filter(
        (id) => id.replace(/\/\d{2}$/, '').toUpperCase() === wrong.toUpperCase(),
      ),
    );
    if (wrongOnes.size === 0) continue;
    const at = m.index + m[0].length - right.length;
    const bare: Token | undefined = current.amounts.find(
      (a) => a.start === at && s.slice(a.start, a.end).trim() === right,
    );
    const marked = current.invoices.some((i) => i.start === at);
    // «а 896/26»: a number with its year, read neither as a sum nor as an invoice yet.
    const written: Token | null =
      !bare && !marked && right.includes('/') && s.slice(at, at + right.length) === right
        ? { kind: 'invoice', start: at, end: at + right.length, invoice: right }
        : null;
    if (!bare && !marked && !written) continue;
    const kept = current.invoices.filter((i) => !wrongOnes.has(i.invoice ?? ''));
    const put = bare ? asInvoice(bare, s) : written;
    out = {
      invoices: put ? [...kept, put].sort((x, y) => x.start - y.start) : kept,
      amounts: current.amounts.filter((a) => a !== bare),
    };
  }
  return out;
}

function asInvoice(a: Token, s: string): Token {
  return { ...a, kind: 'invoice', invoice: s.slice(a.start, a.end).trim() };
}

/**
 * «Оплатили 6236 на 41 000, ой нет, перепутал — 6237», «пришло 9 000 по 7153, извините, по 7154»:
 * one invoice named before the correction word and another after it — the one after replaces it.
 * With several invoices before it, which one is taken back is unclear, and nothing changes.
 * «Оплачен 7703 на 9 000. Поправка: счет 7704»: a bare number before the word, shaped like the
 * invoice named after it, was that invoice written wrong — not a sum.
 */
function correctAfterWord(invoices: Token[], amounts: Token[], s: string): { invoices: Token[]; amounts: Token[] } {
  // «ой нет, не 6236 — 6237, перепутал»: the word that brings the number, not an «перепутал» said after it.
  const brings = lastCorrection(s, [...invoices, ...amounts]);
  const last = brings >= 0 ? brings : lastCorrection(s);
  // Only the words between the correction and the number it brings: in «ой нет 4765, 4764 у них ещё
  // висит» the «ещё» is about the unpaid one, nothing added.
  if (last < 0 || RE_ADDING.test(/^\D*/u.exec(s.slice(last))?.[0] ?? '')) return { invoices, amounts };
  const before = [...new Set(invoices.filter((i) => i.start < last).map((i) => i.invoice))];
  const [wrong] = before;
  if (before.length === 0) {
    const after = [...new Set(invoices.filter((i) => i.start > last).map((i) => i.invoice ?? ''))];
    const [right] = after;
    if (after.length !== 1 || !right) return { invoices, amounts };
    return { invoices, amounts: amounts.filter((a) => !(a.start < last && shapedLike(a, s, right))) };
  }
  if (before.length !== 1 || !wrong) return { invoices, amounts };
  const sumBefore = sumRightBefore(amounts, s, last);
  const bare = amounts.filter((a) => a.start > last && shapedLike(a, s, wrong) && !slipOfSum(a, sumBefore));
  const named = invoices.filter((i) => i.start > last && i.invoice !== wrong);
  if (named.length === 0 && bare.length === 0) return { invoices, amounts };
  return {
    invoices: [...named, ...bare.map((a) => asInvoice(a, s))].sort((a, b) => a.start - b.start),
    amounts: amounts.filter((a) => !bare.includes(a)),
  };
}
