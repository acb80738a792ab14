/** The parser's kind tests: a message's five scored fields, and the answers they expect. */
import type { ScoredField } from '../../src/payments/accuracy';
import { type PaymentNotice, parsePaymentNotice } from '../../src/payments/parse';

export type Want = Pick<PaymentNotice, ScoredField>;

/** The five scored fields of what the parser reads from `text`. */
export function fields(text: string): Want {
  const n = parsePaymentNotice(text);
  return { isPayment: n.isPayment, invoices: n.invoices, amount: n.amount, inn: n.inn, partial: n.partial };
}

/** A payment of these invoices: `amount` in roubles (null: none stated), the payer's INN, part or whole. */
export const paid = (invoices: string[], amount: number | null, inn: string | null = null, partial = false): Want => ({
  isPayment: true,
  invoices,
  amount,
  inn,
  partial,
});

export const notPaid: Want = { isPayment: false, invoices: [], amount: null, inn: null, partial: false };
