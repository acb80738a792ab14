/**
 * PURE: how right the payment parser is on labelled messages — the measure issue 15 sets (a message
 * counts only when every field is exactly right). Used by the corpus tests and `npm run bench:parser`.
 */
import type { PaymentNotice } from './parse';

/** The fields scored, in the order they are printed. */
export const SCORED_FIELDS = ['isPayment', 'invoices', 'amount', 'inn', 'partial'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

/** One labelled message, as the fixtures hold it (`kind`: chat, bank-push, sms, statement-line, 1c-block). */
export interface LabelledMessage {
  text: string;
  kind?: string;
  expect: Pick<PaymentNotice, ScoredField>;
}

export interface Miss {
  /** 1-based line in its file. */
  line: number;
  kind: string;
  text: string;
  fields: Array<{ field: ScoredField; got: unknown; want: unknown }>;
}

export interface Accuracy {
  messages: number;
  /** Messages right on every field. */
  exact: number;
  /** Per field: messages right on that field. */
  fields: Record<ScoredField, number>;
  /** Per kind: [exact, messages]. */
  kinds: Record<string, [number, number]>;
  misses: Miss[];
}

/** Scores `parse` on labelled messages; a field matches when its JSON is identical (invoice order counts). */
export function scoreParser(
  rows: readonly LabelledMessage[],
  parse: (text: string) => Pick<PaymentNotice, ScoredField>,
): Accuracy {
  const acc: Accuracy = {
    messages: rows.length,
    exact: 0,
    fields: { isPayment: 0, invoices: 0, amount: 0, inn: 0, partial: 0 },
    kinds: {},
    misses: [],
  };
  for (const [i, row] of rows.entries()) {
    const got = parse(row.text);
    const kind = row.kind ?? 'unlabelled';
    const k = acc.kinds[kind] ?? [0, 0];
    acc.kinds[kind] = k;
    k[1]++;
    const wrong = SCORED_FIELDS.filter((f) => JSON.stringify(got[f]) !== JSON.stringify(row.expect[f]));
    for (const f of SCORED_FIELDS) if (!wrong.includes(f)) acc.fields[f]++;
    if (wrong.length === 0) {
      acc.exact++;
      k[0]++;
    } else
      acc.misses.push({
        line: i + 1,
        kind,
        text: row.text,
        fields: wrong.map((f) => ({ field: f, got: got[f], want: row.expect[f] })),
      });
  }
  return acc;
}

/** Adds up the scores of several sets. */
export function addAccuracy(a: Accuracy, b: Accuracy): Accuracy {
  const kinds = { ...a.kinds };
  for (const [k, [e, n]] of Object.entries(b.kinds)) {
    const [e0, n0] = kinds[k] ?? [0, 0];
    kinds[k] = [e0 + e, n0 + n];
  }
  return {
    messages: a.messages + b.messages,
    exact: a.exact + b.exact,
    fields: Object.fromEntries(SCORED_FIELDS.map((f) => [f, a.fields[f] + b.fields[f]])) as Record<ScoredField, number>,
    kinds,
    misses: [...a.misses, ...b.misses],
  };
}
