/**
 * How several sums said in one chat message add up: numbers listed before one thousands word share
 * it («30 и 12 тыс»), «тысяч на 20» is about twenty thousand, and equal sums said to be separate
 * payments both count («двумя платежами 20 000 + 20 000»). Pure: works on the parser's tokens.
 */
import type { Token } from './grammar';

/**
 * «30 и 12 тыс», «15, 20 и 7 т.р.»: one- or two-digit numbers listed before the last one's thousands
 * word share it (a number that small alone is no token: it is read here; «943 и 12 тыс» is an invoice).
 */
export function withSharedThousands(tokens: Token[], s: string): Token[] {
  const re =
    /(?<![\p{L}\d.,/~-])(\d{1,2}(?:[.,]\d{1,2})?)(?=(?:\s*(?:,|и|\+)\s*\d{1,3}(?:[.,]\d{1,2})?)*\s*(?:,|и|\+)\s*\d{1,3}(?:[.,]\d{1,2})?[ ]?(?:тыс(?:яч\p{L}*)?\.?|т\.?[ ]?р\.?|тыр\.?|тыщ\p{L}*|к)(?![\p{L}]))/gu;
  // «тысяч на 20», «тыщ на 15»: about so many thousand, the word said first.
  // Digits first, then the look back (only where a digit stands: over a run of spaces it was tried at every space).
  const before = /(?=\d)(?<=(?<![\p{L}])(?:тысяч\p{L}*|тыщ\p{L}*)\s+на\s+)(\d{1,3})(?![\d.,]|[ ]\d{3}(?!\d))/gu;
  const out = [...tokens];
  for (const m of [...s.matchAll(before), ...s.matchAll(re)]) {
    const raw = m[1] ?? '';
    const value = Number(raw.replace(',', '.')) * 1000;
    const at = out.findIndex((a) => a.start === m.index);
    const tok: Token = { kind: 'amount', start: m.index, end: m.index + raw.length, value, money: true };
    if (at >= 0 && !(out[at] as Token).money) out[at] = tok;
    else if (at < 0) out.push(tok);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** «двумя платежами», «2 платежа: 15 000 утром и 15 000 вечером», «20 000 + 20 000»: equal sums paid apart. */
export function separatePayments(amounts: Token[], s: string, norm: string): boolean {
  if (/(?<![\p{L}\d])(?:дв(?:умя|а)|тремя|три|[23])\s+(?:платеж|перевод|транш)\p{L}*/u.test(norm)) return true;
  return amounts.some((a, k) => k > 0 && /^\s*\+\s*$/.test(s.slice((amounts[k - 1] as Token).end, a.start)));
}
