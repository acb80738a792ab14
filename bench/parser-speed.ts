/**
 * Benchmark (figures, not a test): how the payment parser's time grows with a message's length, on
 * realistic text (chat messages pasted together, one long run-on line, a pasted statement, a 1C file,
 * a long invoice list) and adversarial text (random characters, long runs of digits, of digit groups,
 * of spaces, of punctuation). Prints per input the median (p50) and slowest (max) time of a parse at
 * each length and the ratio of the times at 20k and 4k characters: about 5 when the time is linear in
 * the length, about 24 when it is quadratic.
 *
 *   npm run -s bench:parser-speed                          # 1k, 4k, 20k, 100k characters
 *   npm run -s bench:parser-speed -- --sizes 4096,20000 --only story,random
 *   npm run -s bench:parser-speed -- --budget 5            # skip a length whose parse should take over 5 s
 *   node --no-regexp-optimization --import tsx bench/parser-speed.ts   # the worst case: V8 sometimes runs a
 *                                                           # pattern compiled unoptimised (then a look-behind
 *                                                           # tried at every position shows up)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePaymentNotice } from '../src/payments/parse';
import { rng } from '../test/chaos/support/rng';
import { arg, pct } from './support';

const SIZES = arg('sizes', '1000,4096,20000,100000').split(',').map(Number);
const ONLY = arg('only', '');
/** Seconds one parse may be expected to take (from the last length, assuming quadratic growth) before a length is skipped. */
const BUDGET_S = Number(arg('budget', '20'));
/** Milliseconds of repeated parses per input and length (at least 3 runs, at most 50; one when a parse is slower than a second). */
const SPEND_MS = Number(arg('spend', '600'));

interface Row {
  text: string;
  kind?: string;
}
const fixture = (name: string): Row[] =>
  readFileSync(fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
const rows = [
  'payment-messages.jsonl',
  'payment-messages.heldout-22.jsonl',
  'payment-messages.heldout-23.jsonl',
].flatMap(fixture);
const ofKind = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.text);
const chat = ofKind('chat');
const statements = ofKind('statement-line');
const exchange = ofKind('1c-block')[0] ?? '';

/** Pieces joined by `sep` until `n` characters, cut at `n`. */
function fill(pieces: readonly string[], sep: string, n: number): string {
  let out = '';
  for (let i = 0; out.length < n; i++) out += (i ? sep : '') + pieces[i % pieces.length];
  return out.slice(0, n);
}

/** A 1C export with as many documents as fit: the fixture's header and its one document, renumbered. */
function exchangeFile(n: number): string {
  const head = exchange.slice(0, exchange.indexOf('СекцияДокумент'));
  const doc = exchange.slice(exchange.indexOf('СекцияДокумент'), exchange.indexOf('КонецФайла'));
  let out = head;
  for (let i = 0; out.length < n; i++) out += doc.replace(/№ (\d+)/, (_, d) => `№ ${Number(d) + i}`);
  return `${out}КонецФайла`;
}

const INPUTS: Record<string, (n: number) => string> = {
  // Realistic: what a person pastes into the payment chat.
  'chat, one per line': (n) => fill(chat, '\n', n),
  'story, one line': (n) =>
    fill(
      chat.map((t) => t.replace(/\s+/g, ' ')),
      ' ',
      n,
    ),
  'statement lines': (n) => fill(statements, '\n', n),
  '1C file': (n) => exchangeFile(n),
  'invoice list': (n) =>
    fill(
      Array.from({ length: 500 }, (_, i) => `${i + 1}. счёт ${4100 + i} — ${(i * 1370) % 90000} 500 руб., оплачен`),
      '\n',
      n,
    ),
  // Adversarial: what no one writes, but the parser must survive.
  random: (n) => {
    const next = rng(15);
    const alphabet = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяСЧЕТОПЛАЧЕНabcxyz0123456789          .,;:!?-—/()№#*+₽"«»\n';
    return Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  },
  digits: (n) => '1234567890'.repeat(Math.ceil(n / 10)).slice(0, n),
  'digit groups': (n) => '12 345 '.repeat(Math.ceil(n / 7)).slice(0, n),
  spaces: (n) => `оплачен счет 943 ${' '.repeat(n)} 4 000 руб`.slice(0, n),
  punctuation: (n) => '.,;:-—/()!?*'.repeat(Math.ceil(n / 12)).slice(0, n),
};

function measure(text: string): number[] {
  const times: number[] = [];
  const until = performance.now() + SPEND_MS;
  do {
    const t0 = performance.now();
    parsePaymentNotice(text);
    times.push(performance.now() - t0);
  } while (times.length < 50 && (times.length < 3 || performance.now() < until) && times[0]! < 1000);
  return times;
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 1)} ms`);
const label = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

// Warm the JIT on the fixtures as a running bot would be.
for (const r of rows) parsePaymentNotice(r.text);

console.log(
  `payment parser speed — p50 / max per parse (ms); ${label(4096)}→${label(20000)} ratio ≈5 linear, ≈24 quadratic`,
);
console.log(['input', ...SIZES.map(label), '20k/4k'].join(' | '));
for (const [name, make] of Object.entries(INPUTS)) {
  if (ONLY && !ONLY.split(',').some((o) => name.includes(o))) continue;
  const cells: string[] = [];
  const p50: Record<number, number> = {};
  let last: [number, number] | null = null; // [length, p50 ms]
  for (const n of SIZES) {
    if (last && ((last[1] * (n / last[0]) ** 2) / 1000 > BUDGET_S || Number.isNaN(last[1]))) {
      cells.push('skipped');
      last = [n, Number.NaN];
      continue;
    }
    const times = measure(make(n));
    p50[n] = pct(times, 50);
    last = [n, p50[n]!];
    cells.push(`${ms(p50[n]!)} / ${ms(Math.max(...times))}`);
  }
  const ratio = p50[20000] && p50[4096] ? (p50[20000] / p50[4096]).toFixed(1) : '—';
  console.log([name, ...cells, ratio].join(' | '));
}
