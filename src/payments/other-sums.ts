/**
 * Sums a chat message names beside the sum paid that are no money paid: one written before and wrong («там было
 * 4000», «утром писал 4000», «вчера ошибочно написал 4000»), one expected or invoiced («ждали 4000», «счёт на
 * 4 000», «выставляли на 4000», «должно было прийти 4000»). «Счёт на T, пришло X» gives X (the labelling
 * convention): such a sum is never the amount nor added to it. Pure: works on the parser's tokens, and on the
 * text alone for the desk (a prompt whose message names another sum gets no one-tap «Да»).
 */
import type { Token } from './grammar';
import { namesInvoice } from './match';
import { normalise } from './vocabulary';

/** Written before and wrong: «было», «там было», «стояло», «писал», «написала», «ошибочно написал». */
const WRONG = 'был[оа]?|стоял[оа]?|(?:на)?писал[аи]?';
/** Expected or invoiced: «ждали», «ожидали», «счёт на», «счёт был на», «выставляли на», «должно было прийти». */
const EXPECTED = String.raw`ждал[аи]?|ожидал[аи]?|сч[е]т\p{L}*(?:\s+был[оа]?)?\s+на|выстав(?:ил|ля|лен)\p{L}*(?:\s+сч[е]т\p{L}*)?\s+на|должн\p{L}*\s+(?:был[оа]?\s+)?(?:быть|прийти|поступить|упасть)`;
/** Between the word and the sum: «на», «сумму», «что», a time or a place («вчера», «там», «выше»). */
const BETWEEN = String.raw`(?:[\s,:—-]+(?:на|сумм\p{L}*|что|всего|ровно|вчера|утром|там|выше|ранее|мы|я))*[\s,:—-]*`;

/**
 * Right before a sum: the word that names it. Not after «оплатили» («оплатили счёт на 4000» is the sum paid,
 * the protection below too), nor «было оплачено 4000» (the word must stand right before the sum), nor «это был
 * 8108» (the number put right).
 */
const RE_WRONG_BEFORE = new RegExp(String.raw`(?<![\p{L}])(?<!это\s+)(?:${WRONG})${BETWEEN}$`, 'u');
/** «писал 8107 оплачен»: a bare number said paid is an invoice written wrong, which corrections.ts takes back. */
const RE_SAID_PAID_AFTER = /^\s+(?:уже\s+)?оплач\p{L}*/u;
const RE_EXPECTED_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?<!(?:оплат|оплач|заплат)\p{L}*\s+)(?:${EXPECTED})${BETWEEN}$`,
  'u',
);

/** «ждали ещё 3 000», «ждём ещё 3 000»: the rest still awaited. */
const RE_REST_BEFORE = /(?<![\p{L}])(?:ждал[аи]?|жд[е]м|ожидал[аи]?|ожидаем)\s+ещ[е]\s*$/u;

/** What a sum is named as, if anything: written wrong before, expected (invoiced), the rest awaited. */
function namedAs(a: Token, s: string): 'wrong' | 'expected' | 'rest' | null {
  if (!a.money && RE_SAID_PAID_AFTER.test(s.slice(a.end, a.end + 20))) return null;
  // The 80 characters before it (a few words, never a full stop between): a short look, whatever the text's length.
  const head = s.slice(Math.max(0, a.start - 80), a.start);
  if (RE_REST_BEFORE.test(head)) return 'rest';
  if (RE_WRONG_BEFORE.test(head)) return 'wrong';
  if (RE_EXPECTED_BEFORE.test(head)) return 'expected';
  return null;
}

/**
 * The amounts with the ones named as written wrong, expected or invoiced left out, and the values of those
 * expected or invoiced (a sum paid below one is a part; the rest awaited, «ждали ещё 3 000», is as an invoice's sum
 * no payment reaches: Infinity, so what came is a part). Only when another sum is left: «оплатили счёт на 4000»,
 * «писал 4000» alone, stay the sum.
 */
export function sumsNotPaid(amounts: Token[], s: string): { paid: Token[]; invoiced: number[] } {
  const named = new Map<Token, 'wrong' | 'expected' | 'rest'>();
  for (const a of amounts) {
    const as = namedAs(a, s);
    if (as) named.set(a, as);
  }
  if (named.size === 0 || !amounts.some((a) => !named.has(a) && (a.value ?? 0) > 0))
    return { paid: amounts, invoiced: [] };
  const invoiced = [...named].flatMap(([a, as]) =>
    as === 'expected' ? [a.value ?? 0] : as === 'rest' ? [Number.POSITIVE_INFINITY] : [],
  );
  return { paid: amounts.filter((a) => !named.has(a)), invoiced };
}

/** A figure in chat: «4000», «4 000», «3 500,50», «4к», «4 тыс». */
const RE_FIGURE =
  /(?<![\p{L}\d.,/-])(\d{1,3}(?:[ ]\d{3})+|\d+)(?:[.,](\d{1,2}))?(?![\d/-])(\s?(?:тыс\p{L}*\.?|к|т\.?р\.?)(?![\p{L}]))?/gu;
/** «вместо 4000», «а не 4000», «не 4000, а …»: a sum taken back or replaced. */
const RE_REPLACED_BEFORE = /(?<![\p{L}])(?:вместо|а\s+не|не)\s*$/u;

/**
 * The words of a chat announcement that name a sum besides those read (`read`: the amount and the items') as
 * written before, corrected, expected or invoiced: «там было 4000», «писал 4000», «ждали 4000», «счёт на 4 000»,
 * «вместо 4000», «не 4000, а 3500». The desk keeps the one-tap «Да» back (the manager checks the sum first): a
 * money prompt must not rest on one reading of such a message. Null when none; a figure that is a sum read or an
 * invoice of the reading (`invoices`), or a bare number said paid («писал 8107 оплачен»), is none.
 */
export function otherSumNamed(text: string, read: Array<number | null>, invoices: string[] = []): string | null {
  const s = normalise(text);
  for (const m of s.matchAll(RE_FIGURE)) {
    const raw = m[1] ?? '';
    const whole = Number(raw.replace(/ /g, '')) + (m[2] ? Number(m[2].padEnd(2, '0')) / 100 : 0);
    const value = m[3] ? whole * 1000 : whole;
    if (value < 100 || read.includes(value) || invoices.some((i) => namesInvoice(raw, i))) continue;
    const end = m.index + m[0].length;
    if (!m[3] && !raw.includes(' ') && RE_SAID_PAID_AFTER.test(s.slice(end, end + 20))) continue;
    const head = s.slice(Math.max(0, m.index - 80), m.index);
    const word = RE_WRONG_BEFORE.exec(head) ?? RE_EXPECTED_BEFORE.exec(head) ?? RE_REPLACED_BEFORE.exec(head);
    if (!word) continue;
    const start = m.index - (head.length - word.index);
    return text.slice(start, end).trim();
  }
  return null;
}
