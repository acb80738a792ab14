/**
 * One sum announced for several invoices: «2018/943 и 2018/944 на общую сумму 6500». No invoice has a
 * sum of its own, so the sum is compared with the invoices' total — the rulebook's «paid sum equals the
 * invoice sum» over all of them (settlement.ts settle, as if they were one invoice). Equal: each invoice
 * is paid its own sum, one tap each; else no invoice is one tap from paid. Pure.
 */
import type { Invoice } from '../kernel/ports';
import { settle } from './settlement';

/** The shared sum, the invoices it was announced for (their numbers as the portal shows them) and their total. */
export interface SharedSum {
  total: number;
  numbers: string[];
  invoicesTotal: number;
  /** The invoices' currency (their total is only summed in one). */
  currency: string;
  /** Invoices named and not found (the total is then of those found, and cannot agree). */
  missing: number;
  /** The sum is the invoices' total: each is paid its own sum. */
  agrees: boolean;
}

/** How a shared sum falls on the invoices: each one's share when the totals agree, else none. */
export interface SharedReading {
  shared: SharedSum;
  /** The sum paid toward each invoice: its own sum when the totals agree; null when they do not. */
  paidOf: (inv: Pick<Invoice, 'kind' | 'id'>) => number | null;
}

/**
 * The sum of a message naming several invoices and one sum (`items` give none their own), read against
 * the invoices found: null when it is not such a message. The totals agree only when every invoice named
 * was found, none is paid already, and all are in the sum's currency.
 */
export function readSharedSum(
  notice: { amount: number | null; invoices: string[]; items: Array<{ amount: number | null }>; partial: boolean },
  found: Invoice[],
  paidCurrency: string,
): SharedReading | null {
  if (notice.amount === null || notice.invoices.length < 2 || notice.items.some((i) => i.amount !== null)) return null;
  if (!found.length) return null;
  const currency = found[0]?.currency ?? paidCurrency;
  const invoicesTotal = Math.round(found.reduce((s, i) => s + i.amount, 0) * 100) / 100;
  const whole =
    found.length === notice.invoices.length &&
    found.every((i) => !i.paid && i.currency === currency) &&
    settle({ amount: invoicesTotal, currency, paid: false }, [], notice.amount, false, paidCurrency).verdict ===
      'match';
  const shared: SharedSum = {
    total: notice.amount,
    numbers: found.map((i) => i.number),
    invoicesTotal,
    currency,
    missing: Math.max(0, notice.invoices.length - found.length),
    agrees: whole,
  };
  const shares = new Map(found.map((i) => [`${i.kind}:${i.id}`, i.amount]));
  return { shared, paidOf: (inv) => (whole ? (shares.get(`${inv.kind}:${inv.id}`) ?? null) : null) };
}
