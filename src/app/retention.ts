/**
 * Retention: delivered outbox rows, processed events and fired or cancelled timers older than
 * `rules.retention.period` (90 days by default) are deleted, in chunks, at most once per
 * `rules.retention.every`, and so are alert digests and lists whose deals were all handled, and the kv
 * `payments.covered-by` rows of payment prompts settled (not pending) before the period — by the
 * same rule the desk then reads them by (payments/desk.ts samePayment), and statements pasted in
 * several messages (their fragments) read before the period, and the payment chat's message-version
 * stamps and album-read marks taken before it. The messages of payment prompts still
 * open stay, whatever their age: a confirm from the reminder edits every copy. What reports need stays: the reports desk keeps its own ledger
 * (report_assignments, report_payments), and deals, assignments and people are never pruned here.
 * Pending rows stay whatever their age; so do to-do rows (their activity id) and rows a pending
 * edit refers to (store/outbox.ts).
 */
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/log';
import type { KvStore } from '../store/db';
import type { OutboxStore } from '../store/outbox';
import type { TimerStore } from '../store/timers';
import type { InboundStore } from '../store/inbound';
import { kvKey } from '../kernel/keys';

/** Rows deleted per statement: each chunk is its own short transaction, so the loop never waits long. */
const CHUNK = 2000;

export interface RetentionDeps {
  clock: Clock;
  log: Logger;
  kv: KvStore;
  outbox: OutboxStore;
  timers: TimerStore;
  inbound: InboundStore;
  /** Alert digests and lists (deals/store.ts AlertBundleStore). */
  bundles: { prune(before: number, limit: number): number };
  /** kv `payments.covered-by` rows of payment prompts settled before the period (payments/store.ts). */
  paymentCovers: { pruneCoveredBy(before: number, limit: number): number };
  /** Statements pasted in several messages, read before the period, and their fragments (payments/store.ts). */
  paymentPastes: { prunePastes(before: number, limit: number): number };
  /** Chat messages' version stamps and album-read marks taken before the period (payments/store.ts). */
  paymentStamps: { pruneMessageStamps(before: number, limit: number): number };
  /**
   * The outbox keys of the messages of payment prompts still open (the prompt, a handed-over copy,
   * the reminders): kept whatever their age, so a confirm months later edits every copy (payments/store.ts).
   */
  paymentPrompts: { openPromptCopyKeys(): string[] };
  period: number;
  every: number;
}

export interface Pruned {
  outbox: number;
  inbound: number;
  timers: number;
  bundles: number;
  paymentCovers: number;
  paymentPastes: number;
  paymentStamps: number;
}

/** Prunes when it is time (or always with `force`); null when it was not time. */
export async function pruneOldRows(d: RetentionDeps, force = false): Promise<Pruned | null> {
  const now = d.clock.now().getTime();
  const last = Number(d.kv.get(kvKey.retentionRunAt) ?? Number.NEGATIVE_INFINITY);
  if (!force && now - last < d.every) return null;
  const before = now - d.period;
  const out: Pruned = {
    outbox: 0,
    inbound: 0,
    timers: 0,
    bundles: 0,
    paymentCovers: 0,
    paymentPastes: 0,
    paymentStamps: 0,
  };
  const drain = async (what: keyof Pruned, one: () => number) => {
    for (;;) {
      const n = one();
      out[what] += n;
      if (n < CHUNK) return;
      await new Promise((r) => setImmediate(r)); // let the loop breathe between chunks
    }
  };
  const keep = d.paymentPrompts.openPromptCopyKeys();
  await drain('outbox', () => d.outbox.prune(before, CHUNK, keep));
  await drain('inbound', () => d.inbound.prune(before, CHUNK));
  await drain('timers', () => d.timers.prune(before, CHUNK));
  await drain('bundles', () => d.bundles.prune(before, CHUNK));
  await drain('paymentCovers', () => d.paymentCovers.pruneCoveredBy(before, CHUNK));
  await drain('paymentPastes', () => d.paymentPastes.prunePastes(before, CHUNK));
  await drain('paymentStamps', () => d.paymentStamps.pruneMessageStamps(before, CHUNK));
  d.kv.set(kvKey.retentionRunAt, String(now));
  if (Object.values(out).some((n) => n > 0))
    d.log.info({ ...out, before: new Date(before).toISOString() }, 'pruned rows older than the retention period');
  return out;
}
