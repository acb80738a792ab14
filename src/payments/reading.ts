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
  return sumSplits(text, amount).find((x) => earlier.some((e) => namesInvoice(x.written, e))) ?? null;
}

/**
 * The ways `amount` (read from `text` as one sum) splits into a number and a sum as the text writes it: «950 450» →
 * 950 and 450, «943 4 000» → 943 and 4 000. The number has three digits or more (an invoice's, never «1 250 000»'s
 * «1»); the sum is not zero. Empty when the sum is not written so.
 */
export function sumSplits(text: string, amount: number): Array<{ written: string; sum: number }> {
  if (!Number.isInteger(amount) || amount <= 0) return [];
  const digits = String(amount);
  const re = /(?<![\d.,/-])(\d{1,7})[ \u00a0\u202f]+(\d{1,3}(?:[ \u00a0\u202f]\d{3})*)(?![\d,.]\d|\d)/gu;
  const out: Array<{ written: string; sum: number }> = [];
  for (const m of text.matchAll(re)) {
    const head = m[1] ?? '';
    const rest = (m[2] ?? '').replace(/\s/g, '');
    if (`${head}${rest}` === digits && Number(rest) > 0) out.push({ written: head, sum: Number(rest) });
  }
  return out;
}

/**
 * «оплачен 950 450» read as 950 450 ₽ with no invoice, in a fresh message: the split (sumSplits) whose number is an
 * open invoice (`open(written)`, the portal's answer) paid at most in full by the rest — unless an open invoice is of
 * the whole sum (`wholeIsOpen`), when the sum stands. Null when none fits.
 */
export function openInvoiceInSum(
  splits: Array<{ written: string; sum: number; invoice: Invoice | null }>,
  wholeIsOpen: boolean,
): { written: string; sum: number } | null {
  if (wholeIsOpen) return null;
  const fit = splits.find((x) => x.invoice && !x.invoice.paid && x.sum <= x.invoice.amount + 0.005);
  return fit ? { written: fit.written, sum: fit.sum } : null;
}

/**
 * «оплачен 1205 1500» read as two invoices and no sum: the last number is the sum when it is bare («1500», no
 * separator) and written right after the number before it (`text`, no «и» or comma between), no invoice has it and every other written number is an open invoice (`found`: the portal's match per
 * number, in order), and the value is at most what they total. Its value in roubles, or null.
 */
export function lastNumberIsSum(text: string, written: string[], found: Array<Invoice | null>): number | null {
  const last = written.at(-1);
  const prev = written.at(-2);
  if (prev === undefined || last === undefined || found.at(-1) !== null) return null;
  // Written right after the number before it («1205 1500»), not listed after it («1205 и 1206», «1205, 1206»).
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if (!new RegExp(`(?<![\\d/])${esc(prev)}[ \\t]+${esc(last)}(?![\\d/])`, 'iu').test(text)) return null;
  const value = bareNumber(last);
  if (value === null || value < 10) return null;
  const others = found.slice(0, -1);
  if (!others.every((i) => i !== null && !i.paid)) return null;
  // A payment of them at most in full: «1205 1500» for an invoice of 1 500, not «1205 9000» for one of 500.
  const whole = others.reduce((x, i) => x + (i?.amount ?? 0), 0);
  return value <= whole + 0.005 ? value : null;
}
