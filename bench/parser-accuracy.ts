/**
 * `npm run bench:parser -- [--misses] FILE.jsonl…`: the payment parser's accuracy on labelled
 * messages (the fixtures' format: `{"text", "kind", "expect": {isPayment, invoices, amount, inn,
 * partial}}`), per file and in all: messages right on every field, each field, each kind. Without
 * files it scores every fixture under test/fixtures. The figures the README quotes come from here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addAccuracy, SCORED_FIELDS, scoreParser, type Accuracy, type LabelledMessage } from '../src/payments/accuracy';
import { parsePaymentNotice } from '../src/payments/parse';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const files = args.filter((a) => !a.startsWith('--'));
const paths = files.length
  ? files
  : readdirSync(fixtures)
      .filter((f) => /^payment-messages.*\.jsonl$/.test(f))
      .sort()
      .map((f) => join(fixtures, f));

const pct = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(1)} %`;
function line(name: string, a: Accuracy): string {
  const kinds = Object.entries(a.kinds)
    .map(([k, [e, n]]) => `${k} ${e}/${n}`)
    .join(', ');
  const fields = SCORED_FIELDS.map((f) => `${f} ${pct(a.fields[f], a.messages)}`).join(' · ');
  return `${name}: ${a.exact}/${a.messages} = ${pct(a.exact, a.messages)} all fields exact | ${fields} | ${kinds}`;
}

/** A file's labelled messages; a missing file or a bad line ends the run with one line naming it (exit 2). */
function readRows(path: string): LabelledMessage[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail(`${path}: ${(e as Error).message}`);
  }
  return text.split('\n').flatMap((l, i) => {
    if (!l.trim()) return [];
    try {
      const row = JSON.parse(l) as Partial<LabelledMessage>;
      if (typeof row.text === 'string' && row.expect && typeof row.expect === 'object') return [row as LabelledMessage];
    } catch {
      // reported below with the line's number
    }
    return fail(`${path}:${i + 1}: expected {"text": "…", "expect": {isPayment, invoices, amount, inn, partial}}`);
  });
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let total: Accuracy | null = null;
for (const path of paths) {
  const rows = readRows(path);
  const a = scoreParser(rows, parsePaymentNotice);
  console.log(line(basename(path), a));
  if (showMisses)
    for (const m of a.misses)
      console.log(
        `  #${m.line} [${m.kind}] ${m.fields.map((f) => `${f.field}: got ${JSON.stringify(f.got)}, want ${JSON.stringify(f.want)}`).join('; ')}\n    ${m.text.replace(/\n/g, '\n    ')}`,
      );
  total = total ? addAccuracy(total, a) : a;
}
if (total && paths.length > 1) console.log(line('all', total));
