/**
 * A part of the invoice paid, said in ways beyond the part words of vocabulary.ts: a fraction («оплачено
 * 2/3», «1/2 — 25 000», «1/2 по 8945») and a later part promised for a day to come with its own sum («5 000 сегодня,
 * 5 000 в пятницу»). Pure.
 */
import type { Span, Token } from './grammar';

/** A day to come: «завтра», «в понедельник», «в пт», «на следующей неделе». */
export const RE_DAY_TO_COME =
  /(?<![\p{L}])(?:завтра|послезавтра|(?:в|во)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|пн|вт|ср|чт|пт)|на\s+(?:следующей|этой)\s+неделе)(?![\p{L}])/u;

/** «оплачено 2/3», «пришла 1/2»: a fraction of the invoice paid (a part payment). */
export function paidFraction(text: string): boolean {
  const m =
    /(?:оплач\p{L}*|(?:о|за|пере)плат\p{L}*|пришл\p{L}*|поступил\p{L}*|перев[её]л\p{L}*|перечислил\p{L}*)\s+([1-9])\/([2-9])(?![\d/.])/u.exec(
      text,
    );
  // «пришла оплата 7743, 1/2 — 25 000»: the fraction before a dash and the sum.
  const before = /(?<![\d/.,])([1-9])\/([2-9])(?![\d/.])\s*[-:]\s*\d/u.exec(text);
  // «1/2 по 8945 пришла», «1/3 от 5120 упала», «2/3 счета»: the fraction of the invoice named after it.
  const ofInvoice = /(?<![\d/.,])([1-9])\/([2-9])(?![\d/.])\s*(?:по|от|сч\p{L}*|сумм\p{L}*)(?![\p{L}])/u.exec(text);
  return [m, before, ofInvoice].some((x) => x && Number(x[1]) < Number(x[2]));
}

/**
 * «7763 пополам: 5 000 сегодня, 5 000 в пятницу»: a clause naming a day to come with a sum of its
 * own and no invoice of its own («…, 9224 — 3 300 оплатит в пятницу» is another invoice), beside a
 * clause with the sum paid now, promises only a later part.
 */
export function laterPart(c: Span & { text: string }, positive: Span[], numbers: Token[]): boolean {
  const inside = (a: Token, x: Span): boolean => a.start >= x.start && a.start < x.end;
  const sumIn = (x: Span): boolean => numbers.some((a) => a.money && inside(a, x));
  const ownInvoice = numbers.some((a) => (a.kind === 'invoice' || !a.money) && inside(a, c));
  return RE_DAY_TO_COME.test(c.text) && sumIn(c) && !ownInvoice && positive.some(sumIn);
}
