/**
 * A SWIFT MT940 statement pasted into the payment chat (some banks export it for 1C), whole or as a
 * fragment of its operations: «:61:2604090409C35000,00NTRFNONREF» (date, credit/debit mark, sum)
 * then «:86:/PAYER/ООО …/INN/2465128776/PURPOSE/Оплата по счету 8917». Read by `mt940js`; the
 * credits become `Incoming`s for incoming.ts.
 *
 * Pure. mt940js wants a whole statement (tags 20, 25, 28, 60, 62, with closing − opening equal to
 * the operations): a fragment is wrapped in such an envelope before it is parsed.
 */
import { Parser } from 'mt940js';
import type { Incoming } from './incoming';

const RE_LINE_61 = /^:61:\d{6}(?:\d{4})?(R?[CD])[A-Z]?(\d+(?:,\d*)?)/gmu;

/** The fragment inside the tags mt940js requires, the closing balance equal to its operations. */
function envelope(body: string): string {
  let total = 0;
  for (const m of body.matchAll(RE_LINE_61)) {
    const value = Number((m[2] ?? '0').replace(',', '.'));
    total += (m[1] ?? '').endsWith('C') === !(m[1] ?? '').startsWith('R') ? value : -value;
  }
  const closing = `${total < 0 ? 'D' : 'C'}010101RUB${Math.abs(total).toFixed(2).replace('.', ',')}`;
  return [':20:CHAT', ':25:CHAT', ':28C:1', ':60F:C010101RUB0,00', body, `:62F:${closing}`, '-'].join('\n');
}

/** «/INN/2465128776», «ИНН 2465128776»: the payer's INN in the :86: details. */
const RE_INN = /(?:\/(?:INN|ИНН)\/|(?<![\p{L}])(?:INN|ИНН)\s*:?\s*)(\d{12}|\d{10})(?!\d)/u;
/** «/PURPOSE/…», «/REMI/…»: the payment's purpose among the details' subfields. */
const RE_PURPOSE = /\/(?:PURPOSE|REMI|NAZN|НАЗН)\/([^/]*(?:\/(?![A-ZА-Я]{3,9}\/)[^/]*)*)/u;
const RE_PAYER = /\/(?:PAYER|ORDP|NAME|ПЛАТ)\/([^/]+)/u;

function parse(text: string): ReturnType<Parser['parse']> {
  return new Parser().parse(text);
}

/** The statement's credits, or null when the text has no MT940 operation line. */
export function readMt940(text: string): Incoming[] | null {
  const body = text.replace(/\r\n?/g, '\n').trim();
  if (!/^:61:/mu.test(body)) return null;
  let statements: ReturnType<Parser['parse']>;
  try {
    statements = parse(/^:20:/mu.test(body) ? body : envelope(body));
  } catch {
    // A whole statement missing a tag mt940js requires («:28C:», the closing «-»): its operations alone.
    const operations = /^:61:[\s\S]*?(?=^:6[24][FM]?:|(?![\s\S]))/mu.exec(body)?.[0];
    try {
      if (!operations || !/^:20:/mu.test(body)) return null;
      statements = parse(envelope(operations.trim()));
    } catch {
      return null; // not well-formed MT940: left to the other readers
    }
  }
  return statements
    .flatMap((s) => s.transactions)
    .filter((t) => t.amount > 0 && !t.isReversal)
    .map((t) => {
      const details = t.details.replace(/\n/g, '');
      return {
        amount: Math.round(t.amount * 100) / 100,
        inn: RE_INN.exec(details)?.[1] ?? null,
        payer: RE_PAYER.exec(details)?.[1]?.trim() ?? null,
        purpose: RE_PURPOSE.exec(details)?.[1]?.trim() ?? details,
      };
    });
}
