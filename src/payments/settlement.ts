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

/** «п/п 512», «п/п № 77», «платёжка №77», «платёжное поручение № 12»: the payment-order numbers a text names. */
export function paymentOrderNumbers(text: string): string[] {
  const re =
    /(?<![\p{L}])(?:п\/п|пп|плат[её]жк\p{L}*|плат[её]жн\p{L}*\s+поручени\p{L}*|поручени\p{L}*)\s*(?:№|#|no?(?![\p{L}]))?\s*(\d{1,7})(?![\d\s]*(?:₽|руб|р\.|тыс|к(?![\p{L}])|[ \u00a0]\d{3}(?!\d)))/giu;
  return [...new Set([...text.matchAll(re)].map((m) => String(Number(m[1]))))];
}

/**
 * «оплата от 27.11», «пришло 30.11.2026», «п/п 512 от 12.11»: the days a text says the money was paid,
 * as «dd.mm». A date after an invoice's number («счёт 6198 от 19.02») is the invoice's, not the payment's.
 */
export function statedDays(text: string): string[] {
  const re = /(?<![\d.,])(\d{1,2})\.(\d{1,2})(?:\.(?:\d{4}|\d{2}))?(?![\d.,]\d)/gu;
  const out = new Set<string>();
  for (const m of text.matchAll(re)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (/сч\p{L}*\.?\s*(?:№\s*)?[\p{L}\d/-]+\s+от\s*$/iu.test(before)) continue;
    const d = Number(m[1]);
    const mo = Number(m[2]);
    if (d < 1 || d > 31 || mo < 1 || mo > 12) continue;
    out.add(`${String(d).padStart(2, '0')}.${String(mo).padStart(2, '0')}`);
  }
  return [...out];
}

const meet = (a: string[], b: string[]) => a.some((x) => b.includes(x));

/** One payment toward an invoice, as the part-telling compares it: `day` is its announcement's day (ISO, the company's zone). */
export interface PartSeen {
  text: string;
  amount: number | null;
  fingerprint: string | null;
  day: string;
}

/**
 * Whether a payment meeting an earlier recorded part of its invoice is that part told again (`same`),
 * another part (`another`), or cannot be told (`unsure`: ask the manager). Two bank documents are the
 * same payment only when they are the same document (`samePayment`); a document meeting a chat
 * announcement is it when `samePayment` says so. A chat message: another sum, or words saying it is
 * another («доплатили остаток»), make another part; the payment orders («п/п 512») or the payment days
 * («оплата от 27.11») both name decide; else the same day's repeat is the same part, another day's unsure.
 */
export function partIdentity(
  mine: PartSeen,
  theirs: PartSeen,
  samePayment: () => boolean,
): 'same' | 'another' | 'unsure' {
  if (mine.fingerprint !== null && theirs.fingerprint !== null) return samePayment() ? 'same' : 'another';
  if (mine.amount === null || theirs.amount === null || !sameMoney(mine.amount, theirs.amount)) return 'another';
  if (mine.fingerprint !== null) return samePayment() ? 'same' : 'another';
  if (RE_ANOTHER_PART.test(mine.text)) return 'another';
  const orders = [paymentOrderNumbers(mine.text), paymentOrderNumbers(theirs.text)] as const;
  if (orders[0].length && orders[1].length) return meet(...orders) ? 'same' : 'another';
  const days = [statedDays(mine.text), statedDays(theirs.text)] as const;
  if (days[0].length && days[1].length) return meet(...days) ? 'same' : 'another';
  return mine.day === theirs.day ? 'same' : 'unsure';
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
