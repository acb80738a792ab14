/**
 * A lettered invoice listed right after another invoice: «1665 и М-1666 — 33 000 и 9 000»,
 * «АП-04514 и АП-04515 камешково-хим 19 500 и 31 200». The plain and the lettered numbers of one
 * company share a list; the letters say it is no sum. Pure: works on the parser's tokens.
 */
import { LETTER_INVOICE, type Token } from './grammar';

const RE_NEXT = new RegExp(String.raw`^\s*(?:,|и)\s*(?:№\s*)?(${LETTER_INVOICE})`, 'u');
/** Standards and specifications, not invoices: «ГОСТ-31108», «ТУ-5767». */
const RE_STANDARD = /^(?:гост|ту|сп|снип|ост|тр)-/u;

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
