/**
 * Reading an announcement with the portal where the text alone is not enough: a bare number («ЭЛЕКСИС
 * оплатил 4000») may be the invoice's number or its sum. (A message naming only the payer, «Оплата от ИНН
 * 7806210729», the parser reads as a payment with that INN; the desk answers it with the payer's open
 * invoices.) Pure: the desk fetches, this decides.
 */
import { checkINN } from 'ru-validation-codes';
import type { Invoice } from '../kernel/ports';
import { namesInvoice, normaliseNumber, sameMoney } from './match';
import { parsePaymentNotice } from './parse';

/** A number written alone, no separator («4000», not «2018/943»): it may be a sum. */
export const bareNumber = (written: string): number | null =>
  /^\d{2,9}$/.test(written.replace(/\s/g, '')) ? Number(written.replace(/\s/g, '')) : null;

export type BareReading =
  /** The number is the sum of the payer's only open invoice of that sum (no open invoice has that number). */
  | { kind: 'sum'; invoice: Invoice }
  /** The number is the invoice's (an open one has it, and no payer's invoice has that sum). */
  | { kind: 'number' }
  /** Both readings fit, or neither does: the chat is asked, both readings named. */
  | { kind: 'ask'; byNumber: Invoice | null; bySum: Invoice[] };

/**
 * «ЭЛЕКСИС оплатил 4000»: `byNumber` the open invoice numbered so (or null: none, or it is paid),
 * `payerOpen` the open invoices of the payer named (by INN or name).
 */
export function readBareNumber(value: number, byNumber: Invoice | null, payerOpen: Invoice[]): BareReading {
  const bySum = payerOpen.filter((i) => sameMoney(i.amount, value));
  const one = bySum.length === 1 ? bySum[0] : undefined;
  if (!byNumber && one) return { kind: 'sum', invoice: one };
  if (byNumber && bySum.length === 0) return { kind: 'number' };
  return { kind: 'ask', byNumber, bySum };
}

/** What is wrong with an INN a message names: its length, or its check digits. */
export interface InnMistake {
  written: string;
  /** `length`: not 10 digits (a company) or 12 (a sole trader, a person); `checksum`: a check digit does not match. */
  kind: 'length' | 'checksum';
}

/**
 * An INN labelled so («ИНН 7707083894», «ИНН: 770708389», «ИНН плательщика 50010073225») that no
 * company or person can have: 10 or 12 digits whose check digits (the FNS algorithm, checked by
 * ru-validation-codes) match. Null when the message names no INN, or a valid one.
 */
export function innMistake(text: string): InnMistake | null {
  const m = /(?<![\p{L}])инн(?:\s+(?:плательщика|отправителя|контрагента))?\s*[:№]?\s*(\d{6,15})(?![\d/])/iu.exec(text);
  const written = m?.[1];
  if (!written) return null;
  if (written.length !== 10 && written.length !== 12) return { written, kind: 'length' };
  return checkINN(written) ? null : { written, kind: 'checksum' };
}

/**
 * The bare number of a message that the desk read as the sum of another invoice (readBareNumber):
 * what a prompt shows so its reader sees how the message was read; null when it was read as written.
 */
export function numberReadAsSum(text: string, paid: number | null, invoiceNumber: string): string | null {
  const notice = parsePaymentNotice(text);
  const written = notice.invoices.length === 1 ? (notice.invoices[0] ?? '') : null;
  if (written === null || notice.amount !== null || paid === null) return null;
  const value = bareNumber(written);
  return value !== null && sameMoney(value, paid) && normaliseNumber(invoiceNumber) !== normaliseNumber(written)
    ? written
    : null;
}

/**
 * An edit whose sum swallowed the invoice an earlier version named: «оплачен 943 4000» edited to
 * «оплачен 943 400» reads «943 400» as 943 400 ₽ and no invoice. When the text writes that sum as a
 * number naming one of `earlier` (the invoices the message's prompts are for), a space, and the rest,
 * it is that invoice (`written` as in the text) and the rest is the sum (roubles). Null otherwise.
 */
export function invoiceInSum(text: string, amount: number, earlier: string[]): { written: string; sum: number } | null {
  if (!Number.isInteger(amount) || amount <= 0) return null;
  const digits = String(amount);
  const re = /(?<![\d.,/-])(\d{1,7})[ \u00a0\u202f]+(\d{1,3}(?:[ \u00a0\u202f]\d{3})*)(?![\d,.]\d|\d)/gu;
  for (const m of text.matchAll(re)) {
    const head = m[1] ?? '';
    const rest = (m[2] ?? '').replace(/\s/g, '');
    if (`${head}${rest}` !== digits || Number(rest) <= 0) continue;
    if (earlier.some((x) => namesInvoice(head, x))) return { written: head, sum: Number(rest) };
  }
  return null;
}
