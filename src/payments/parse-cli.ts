/**
 * `npm run -s cli -- parse-payment [--jsonl] [message…]`: shows what the bot understands from a
 * payment-chat message. With --jsonl, reads `{"text": "..."}` lines from input and writes exactly
 * one JSON line per non-empty input line (an `{"error": ...}` line for a bad one), in order.
 */
import { createInterface } from 'node:readline';
import { money } from '../texts';
import { parsePaymentNotice, type PaymentNotice } from './parse';
import { noticeCurrency } from './statement';

/** The fixed, documented key order of a --jsonl result line (`missing` is left out). */
function toJsonLine(text: string, n: PaymentNotice): string {
  return JSON.stringify({
    isPayment: n.isPayment,
    invoices: n.invoices,
    amount: n.amount,
    currency: noticeCurrency(text),
    inn: n.inn,
    payer: n.payer,
    partial: n.partial,
    items: n.items.map((i) => ({ invoice: i.invoice, amount: i.amount })),
  });
}

function parseLine(line: string): string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ error: `invalid JSON: ${(e as Error).message}` });
  }
  if (typeof value !== 'object' || value === null || typeof (value as { text?: unknown }).text !== 'string')
    return JSON.stringify({ error: 'expected an object with a string "text"' });
  const text = (value as { text: string }).text;
  return toJsonLine(text, parsePaymentNotice(text));
}

function write(output: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    output.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}

/** In the message's own currency (a «15 600 $» is no roubles), as the bot writes money. */
function formatMoney(n: number | null, currency: string): string {
  return n === null ? '—' : money(n, currency).replace(/\u00a0/g, ' ');
}

function summary(text: string, n: PaymentNotice): string {
  const lines = [
    `message:  ${text.replace(/\n/g, ' ⏎ ')}`,
    `payment:  ${n.isPayment ? 'yes' : 'no'}${n.partial ? ' (partial)' : ''}`,
  ];
  if (n.isPayment) {
    lines.push(`invoices: ${n.invoices.length ? n.invoices.join(', ') : '—'}`);
    const currency = noticeCurrency(text);
    lines.push(`amount:   ${formatMoney(n.amount, currency)}`);
    lines.push(`payer:    ${n.payer ?? '—'}`);
    lines.push(`inn:      ${n.inn ?? '—'}`);
    if (n.items.length > 1) for (const i of n.items) lines.push(`  ${i.invoice}: ${formatMoney(i.amount, currency)}`);
    if (n.missing?.length) lines.push(`missing:  ${n.missing.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runParsePayment(
  args: string[],
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<number> {
  if (args.includes('--jsonl')) {
    const rl = createInterface({ input, crlfDelay: Infinity });
    for await (const raw of rl) {
      if (raw === '') continue; // only fully empty lines are skipped; "   " gets an error line
      await write(output, `${parseLine(raw)}\n`);
    }
    return 0;
  }
  const text = args.join(' ');
  if (!text.trim()) {
    await write(output, 'usage: parse-payment [--jsonl] <message>\n');
    return 2;
  }
  await write(output, summary(text, parsePaymentNotice(text)));
  return 0;
}
