/** What the payment parser says about one message of the «Оплата» chat (parse.ts, incoming.ts). */
export interface PaymentNotice {
  isPayment: boolean;
  invoices: string[];
  amount: number | null;
  inn: string | null;
  payer: string | null;
  partial: boolean;
  items: Array<{ invoice: string; amount: number | null }>;
  missing?: Array<'invoice' | 'amount'>;
}

export const NOT_PAYMENT: PaymentNotice = {
  isPayment: false,
  invoices: [],
  amount: null,
  inn: null,
  payer: null,
  partial: false,
  items: [],
};
