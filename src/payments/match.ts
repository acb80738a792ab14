/**
 * A payment notice × the portal's invoices → a verdict per invoice. Pure: the desk fetches the
 * candidates, this decides. "Only when the sums agree" lives here.
 */
import type { Invoice } from '../kernel/ports';
import { latinAsCyrillic } from './lookalikes';

/**
 * Without spaces, «№», «#» and case, Latin look-alike letters as Cyrillic: "2018 / 943" and
 * "2018/943" are the same number, and so are «CT-3843» typed on a Latin keyboard and «СТ-3843».
 */
export const normaliseNumber = (n: string) =>
  latinAsCyrillic(n.toUpperCase())
    .toLowerCase()
    .replace(/[\s№#]/g, '')
    .replace(/[\\|]/g, '/');

/**
 * Whether account number `number` ends with `written` at a separator: «943» ↔ «2018/943», never «43»
 * ↔ «2018/943»; or after the zeros that pad it to a fixed width, as 1C and number templates print
 * («4812» ↔ «КГ00-004812», «1196» ↔ «ОВ00001196»), never «812» ↔ «КГ00-004812». An exact number is
 * not a suffix: compare normalised numbers for that.
 */
const endsWithNumber = (number: string, written: string) => {
  const n = normaliseNumber(number);
  const w = normaliseNumber(written);
  if (n.length > w.length && n.endsWith(w) && /[/\-._]$/.test(n.slice(0, n.length - w.length))) return true;
  const core = w.replace(/^0+/, '');
  if (!/^[1-9]/.test(core) || n.length <= core.length || !n.endsWith(core)) return false;
  const head = n.slice(0, n.length - core.length);
  const unpadded = head.replace(/0+$/, '');
  return unpadded !== head && (unpadded === '' || /[/\-._\p{L}]$/u.test(unpadded));
};

/**
 * A series number without its padding: the letters and each digit group without leading zeros
 * («КГ00-004812» and «КГ-4812» → «кг|4812»; «А-17/2026» → «а|17|2026»); null for a number with no letters.
 */
const seriesKey = (number: string): string | null => {
  const n = normaliseNumber(number);
  const letters = /^\p{L}+/u.exec(n)?.[0];
  if (!letters) return null;
  const groups = (n.slice(letters.length).match(/\d+/g) ?? []).map((g) => g.replace(/^0+/, '')).filter(Boolean);
  return groups.length ? [letters, ...groups].join('|') : null;
};

/** «КГ-4812» ↔ «КГ00-004812», «ИП-457» ↔ «ИП00-000457»: the same series and number, written without the padding. */
const sameSeriesNumber = (number: string, written: string) => {
  const w = seriesKey(written);
  return w !== null && seriesKey(number) === w;
};

/**
 * Whether the invoice numbered `number` is the one a message names as `written`: the same number, its
 * tail, or the same series number without its padding.
 */
export const namesInvoice = (written: string, number: string) =>
  normaliseNumber(number) === normaliseNumber(written) ||
  endsWithNumber(number, written) ||
  sameSeriesNumber(number, written);

/** The only element of a one-element list; undefined for an empty or longer one. */
const only = <T>(xs: T[]): T | undefined => (xs.length === 1 ? xs[0] : undefined);

export type NumberMatch =
  | { kind: 'found'; invoice: Invoice }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: Invoice[] };

/**
 * Exact account number first; else a unique suffix at a separator or after padding zeros ("943" ↔
 * "2018/943", "4812" ↔ "КГ00-004812", never "43" ↔ "2018/943"), or the same series number without its
 * padding ("КГ-4812" ↔ "КГ00-004812"). Paid and unpaid are both returned: an already paid invoice is an answer too.
 */
export function matchByNumber(written: string, candidates: Invoice[]): NumberMatch {
  const w = normaliseNumber(written);
  const exact = candidates.filter((c) => normaliseNumber(c.number) === w);
  const exactOne = only(exact);
  if (exactOne) return { kind: 'found', invoice: exactOne };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: exact };
  const suffix = candidates.filter((c) => endsWithNumber(c.number, w) || sameSeriesNumber(c.number, w));
  const suffixOne = only(suffix);
  if (suffixOne) return { kind: 'found', invoice: suffixOne };
  if (suffix.length > 1) {
    // Several years share "943": the unpaid one is meant, if only one is unpaid.
    const unpaidOne = only(suffix.filter((c) => !c.paid));
    if (unpaidOne) return { kind: 'found', invoice: unpaidOne };
    return { kind: 'ambiguous', candidates: suffix };
  }
  return { kind: 'none' };
}

/** No number given: among the payer's unpaid invoices, the ones whose sum equals the payment. */
export function matchByAmount(amount: number | null, unpaid: Invoice[]): NumberMatch {
  const unpaidOne = only(unpaid);
  if (amount === null)
    return unpaidOne
      ? { kind: 'found', invoice: unpaidOne }
      : unpaid.length
        ? { kind: 'ambiguous', candidates: unpaid }
        : { kind: 'none' };
  const same = unpaid.filter((i) => sameMoney(i.amount, amount));
  const sameOne = only(same);
  if (sameOne) return { kind: 'found', invoice: sameOne };
  if (same.length > 1) return { kind: 'ambiguous', candidates: same };
  return { kind: 'none' };
}

export const sameMoney = (a: number, b: number) => Math.abs(a - b) < 0.005;

export type Verdict = 'match' | 'mismatch' | 'partial' | 'already-paid';

/** Currencies an announcement may name instead of roubles (crm_currency ids), by sign, code or word. */
const FOREIGN: Array<[string, RegExp]> = [
  ['USD', /\$|(?<!\p{L})(?:usd|долл\p{L}*)(?!\p{L})/iu],
  ['EUR', /€|(?<!\p{L})(?:eur|евро)(?!\p{L})/iu],
  ['CNY', /¥|(?<!\p{L})(?:cny|юан\p{L}*)(?!\p{L})/iu],
  ['KZT', /₸|(?<!\p{L})(?:kzt|тенге)(?!\p{L})/iu],
];

/**
 * The currency an announcement is in: the one it names, else roubles (the director writes «на
 * 4000» or «4000 руб» for roubles; a 1C statement of a rouble account is in roubles).
 */
export function announcedCurrency(text: string): string {
  return FOREIGN.find(([, re]) => re.test(text))?.[0] ?? 'RUB';
}

/**
 * The rulebook: «Оплачен» only when the paid sum equals the invoice sum — in the same currency: 4 000
 * roubles never pay an invoice of 4 000 dollars.
 */
export function judge(invoice: Invoice, paid: number | null, partial: boolean, paidCurrency = 'RUB'): Verdict {
  if (invoice.paid) return 'already-paid';
  if (paid === null) return 'mismatch';
  if (invoice.currency !== paidCurrency) return 'mismatch';
  if (sameMoney(paid, invoice.amount)) return 'match';
  if (partial || paid < invoice.amount) return partial ? 'partial' : 'mismatch';
  return 'mismatch';
}

/** The sum paid for this invoice: its own item amount, else the total when it is the only invoice. */
export function paidFor(
  invoiceWritten: string | null,
  items: Array<{ invoice: string; amount: number | null }>,
  total: number | null,
  invoiceCount: number,
): number | null {
  const item = invoiceWritten
    ? items.find((i) => normaliseNumber(i.invoice) === normaliseNumber(invoiceWritten))
    : undefined;
  if (item?.amount != null) return item.amount;
  return invoiceCount <= 1 ? total : null;
}
