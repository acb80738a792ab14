/**
 * Partial payments that add up. The rulebook is «paid sum equals the invoice sum»: the parts of an
 * invoice already recorded (partial payments announced before, not withdrawn or rejected) plus this
 * payment are the paid sum. Pure: the desk reads the parts from SQLite (the recorded prompts of the
 * invoice), this decides and says how they add up.
 */
import type { Invoice } from '../kernel/ports';
import { judge, sameMoney, type Verdict } from './match';

/** One payment toward an invoice: its sum, its currency, and when it was announced (ms). */
export interface Part {
  amount: number;
  currency: string;
  at: number;
}

export interface Settlement {
  verdict: Verdict;
  /** The earlier parts that count (the invoice's currency only), oldest first; empty: this payment alone. */
  earlier: Part[];
  /** Earlier parts and this payment together; null when this payment's sum is unknown. */
  total: number | null;
  /** What is still to pay (> 0), or null. */
  remaining: number | null;
  /** Paid more than the invoice (> 0), or null. */
  over: number | null;
}

const sum = (xs: Part[]) => Math.round(xs.reduce((s, p) => s + p.amount, 0) * 100) / 100;

/**
 * The verdict on this payment with the invoice's earlier parts: equal to the invoice → `match` (one
 * tap from paid); more → `mismatch` with the overpayment; less → `partial` (recorded, what is left
 * named) when it is said to be a part or parts were paid before, else `mismatch` (a mistyped sum is
 * never recorded as a part). Without earlier parts this is `judge` plus what remains.
 */
export function settle(
  invoice: Pick<Invoice, 'amount' | 'currency' | 'paid'>,
  earlierParts: Part[],
  paid: number | null,
  partial: boolean,
  paidCurrency: string,
): Settlement {
  const earlier = earlierParts.filter((p) => p.currency === invoice.currency).sort((a, b) => a.at - b.at);
  const alone = judge(invoice as Invoice, paid, partial, paidCurrency);
  const none = { earlier: [], total: paid, remaining: null, over: null };
  if (alone === 'already-paid' || paid === null || paidCurrency !== invoice.currency)
    return { verdict: alone, ...none };
  const total = Math.round((sum(earlier) + paid) * 100) / 100;
  const diff = Math.round((invoice.amount - total) * 100) / 100;
  if (sameMoney(total, invoice.amount)) return { verdict: 'match', earlier, total, remaining: null, over: null };
  if (diff < 0) return { verdict: 'mismatch', earlier, total, remaining: null, over: -diff };
  const verdict: Verdict = partial || earlier.length > 0 ? 'partial' : alone;
  return { verdict, earlier, total, remaining: diff, over: null };
}

/**
 * «доплатили остаток», «вторая часть», «ещё 5000»: a chat message that says it is another part of an
 * invoice, not the same part announced again.
 */
export const RE_ANOTHER_PART =
  /(?<![\p{L}])(?:доплат\p{L}*|остат\p{L}*|остал\p{L}*|оставш\p{L}*|ещ[её]|втор\p{L}*|трет\p{L}*|следующ\p{L}*|окончательн\p{L}*|финальн\p{L}*|последн\p{L}*)(?![\p{L}])/iu;

/**
 * Whether a payment meeting an earlier recorded part of its invoice is a new part. Two bank documents
 * are the same payment only when they are the same document (`sameDocument`); a chat message with
 * another sum is another part; with the same sum it is that part announced again unless it says it
 * is another («доплатили остаток»).
 */
export function anotherPart(
  mine: { text: string; amount: number | null; fingerprint: string | null },
  theirs: { amount: number | null; fingerprint: string | null },
  samePayment: () => boolean,
): boolean {
  if (mine.fingerprint !== null && theirs.fingerprint !== null) return !samePayment();
  if (mine.amount === null || theirs.amount === null || !sameMoney(mine.amount, theirs.amount)) return true;
  if (mine.fingerprint === null && RE_ANOTHER_PART.test(mine.text)) return true;
  return !samePayment();
}

/** «5 000 ₽ 12.10 + 5 000 ₽ сегодня = 10 000 ₽»: the parts as the prompt names them. */
export function partsLine(parts: Array<{ money: string; when: string }>, total: string): string {
  return `${parts.map((p) => `${p.money} ${p.when}`).join(' + ')} = ${total}`;
}

/**
 * A deal is moved to its paid stage only when every invoice of it still open (not paid, not
 * rejected) is paid: the ones other than `paidNow` that stay unpaid, by number.
 */
export function stillUnpaid(
  dealInvoices: Array<Pick<Invoice, 'kind' | 'id' | 'number' | 'paid'>>,
  paidNow: { kind: string; id: number },
): string[] {
  return dealInvoices
    .filter((i) => !(i.kind === paidNow.kind && i.id === paidNow.id) && !i.paid)
    .map((i) => i.number)
    .sort((a, b) => a.localeCompare(b, 'ru', { numeric: true }));
}
