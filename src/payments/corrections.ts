/**
 * The writer correcting himself inside one message: «по 5170 оплатили 5 600, извините, 6 500»
 * (the sum), «Оплатили 6236 на 41 000, ой нет, перепутал — 6237» (the invoice). The value written
 * after the correction word wins; the rest of what was said stands («41 000» stays the sum of the
 * corrected invoice). Pure; works on the parser's tokens (grammar.ts).
 */
import type { Token } from './grammar';

/** «ой», «извините», «сорян», «поправка:», «точнее», «перепутал», «ошибся». */
const RE_CORRECTION =
  /(?<![\p{L}])(?:ой|извин\p{L}*|сорри|сорян|пардон|поправк\p{L}*|исправл\p{L}*|точнее|вернее|опечатк\p{L}*|перепутал\p{L}*|ошибс[яь]|ошиблась)(?![\p{L}])/gu;

/** «извините, забыл ещё 7162», «ой, и ещё 7162»: after the correction word more is added, nothing taken back. */
const RE_ADDING = /(?<![\p{L}])(?:ещ[её]|плюс|также|забыл\p{L}*)(?![\p{L}])/u;

/** Where the last correction word starts, or -1. */
function lastCorrection(s: string): number {
  let last = -1;
  for (const m of s.matchAll(RE_CORRECTION)) last = m.index;
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
  if (/(?<![\p{L}])(?:а|на)\s*$/u.test(s.slice(0, a.start))) return false;
  return (
    !a.money && /^\d+$/.test(invoice) && raw.length === invoice.length && Math.abs(Number(raw) - Number(invoice)) < 1000
  );
}

/**
 * «на 4000, поправка: на 4 400»: after a correction word the sums written after it replace those
 * before it. A bare number shaped like a named invoice («ой, перепутал — 6237») corrects the
 * invoice, not the sum (see `correctInvoice`).
 */
export function keepCorrected(amounts: Token[], invoices: Token[], s: string): Token[] {
  const last = lastCorrection(s);
  if (last < 0) return amounts;
  const ids = invoices.map((i) => i.invoice ?? '');
  const after = amounts.filter((a) => a.start > last && !ids.some((id) => shapedLike(a, s, id)));
  return after.length > 0 && after.length < amounts.length ? after : amounts;
}

/**
 * «Оплатили 6236 на 41 000, ой нет, перепутал — 6237», «пришло 9 000 по 7153, извините, по 7154»:
 * one invoice named before the correction word and another after it — the one after replaces it.
 * With several invoices before it, which one is taken back is unclear, and nothing changes.
 */
export function correctInvoice(
  invoices: Token[],
  amounts: Token[],
  s: string,
): { invoices: Token[]; amounts: Token[] } {
  const last = lastCorrection(s);
  if (last < 0 || RE_ADDING.test(s.slice(last))) return { invoices, amounts };
  const before = [...new Set(invoices.filter((i) => i.start < last).map((i) => i.invoice))];
  const [wrong] = before;
  if (before.length !== 1 || !wrong) return { invoices, amounts };
  const bare = amounts.filter((a) => a.start > last && shapedLike(a, s, wrong));
  const named = invoices.filter((i) => i.start > last && i.invoice !== wrong);
  if (named.length === 0 && bare.length === 0) return { invoices, amounts };
  const asInvoice = (a: Token): Token => ({ ...a, kind: 'invoice', invoice: s.slice(a.start, a.end).trim() });
  return {
    invoices: [...named, ...bare.map(asInvoice)].sort((a, b) => a.start - b.start),
    amounts: amounts.filter((a) => !bare.includes(a)),
  };
}
