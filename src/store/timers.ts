/**
 * Durable deadlines: a row per deadline, fired once (the row is marked in the transaction of its
 * effects). Kinds and their payloads are one map, shared by who schedules and who fires; a row's
 * payload is checked against its kind's schema when it is read.
 */
import { z } from 'zod';
import type { Db } from './db';
import { backoff, policies } from '../kernel/retry';

/** Every timer kind → its payload (the model: graphile-worker's `Tasks` map). */
export const timerPayloads = {
  /** An escalation level of an unclaimed assignment. */
  /** `again`: a snoozed level alerting again (when it was snoozed), so its messages get keys of their own. */
  escalate: z.object({ assignmentId: z.number(), level: z.number(), again: z.number().optional() }),
  /** The one reminder to a manager who has not answered a payment prompt. */
  'pay-remind': z.object({ promptId: z.number(), reopenedAt: z.number().optional() }),
  /** A statement pasted in several messages waited `payments.pasteJoinWait` for its next fragment: read it as it came. */
  'paste-join': z.object({ pasteId: z.number() }),
  /**
   * A statement file in «Оплата» whose download the messenger deferred (Telegram getFile 429, its
   * retry_after longer than the transport waits): downloaded and read again at this time.
   */
  'statement-download': z.object({
    channel: z.enum(['telegram', 'b24chat']),
    chatId: z.string(),
    threadId: z.string().optional(),
    messageId: z.string(),
    author: z.number(),
    file: z.object({
      id: z.string(),
      name: z.string().nullable(),
      size: z.number().nullable(),
      mime: z.string().nullable(),
    }),
    quiet: z.boolean(),
    attempt: z.number(),
  }),
  /** A follow-up (call, survey, failure analysis) is due; a stale revision is ignored. */
  followup: z.object({ id: z.number(), revision: z.number() }),
  /** Is a won deal the client's first? (then the survey reminder). */
  'survey-check': z.object({ dealId: z.number() }),
  /** The morning list of one working day. */
  morning: z.object({ date: z.string() }),
  /** Claimed, and still no contact: level 1 nudges the manager, level 2 tells the supervisor. */
  'contact-check': z.object({ assignmentId: z.number(), level: z.number() }),
  /** A digest or a manager's list of pings drawn again once, after the alerts of one moment joined it. */
  'bundle-redraw': z.object({ bundleId: z.number() }),
  /** A scheduled speed-to-lead summary of one working day (daily) or week (weekly). */
  report: z.object({ kind: z.enum(['daily', 'weekly']), date: z.string() }),
} as const;

export type TimerKinds = { [K in keyof typeof timerPayloads]: z.infer<(typeof timerPayloads)[K]> };
export type TimerKind = keyof TimerKinds;

interface TimerBase {
  id: number;
  key: string;
  dueAt: number;
  attempts: number;
}
/** A due timer of kind K (a union over kinds when K is). */
export type TimerOf<K extends TimerKind = TimerKind> = { [P in K]: TimerBase & { kind: P; payload: TimerKinds[P] } }[K];
/** What fires each kind. Every kind has exactly one handler. */
export type TimerHandlers = { [P in TimerKind]: (timer: TimerOf<P>) => Promise<void> };

const isKind = (k: string): k is TimerKind => Object.hasOwn(timerPayloads, k);

export class TimerStore {
  constructor(private readonly db: Db) {}

  /** Idempotent by key: scheduling the same deadline twice keeps the first. */
  schedule<K extends TimerKind>(t: { kind: K; key: string; dueAt: number; payload: TimerKinds[K] }, now: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO timers (kind, key, due_at, payload, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(t.kind, t.key, t.dueAt, JSON.stringify(t.payload), now);
  }

  /** Cancels the pending timer with exactly this key. */
  cancel(key: string): boolean {
    return (
      this.db.prepare(`UPDATE timers SET status = 'cancelled' WHERE status = 'pending' AND key = ?`).run(key)
        .changes === 1
    );
  }

  /** Cancels every pending timer whose key starts with `prefix` (a family from kernel/keys). */
  cancelByPrefix(prefix: string): number {
    return this.db
      .prepare(`UPDATE timers SET status = 'cancelled' WHERE status = 'pending' AND key >= ? AND key < ?`)
      .run(prefix, `${prefix}\uffff`).changes;
  }

  /**
   * Due timers, earliest first. A row of an unknown kind or with a payload its kind does not accept
   * is cancelled with the reason (it could never fire) and reported through `onInvalid`.
   */
  due(now: number, limit = 100, onInvalid?: (key: string, reason: string) => void): TimerOf[] {
    const raw = this.db
      .prepare(
        `SELECT id, kind, key, due_at, payload, attempts FROM timers WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?`,
      )
      .all(now, limit) as Array<{
      id: number;
      kind: string;
      key: string;
      due_at: number;
      payload: string;
      attempts: number;
    }>;
    const out: TimerOf[] = [];
    for (const r of raw) {
      const base = { id: r.id, key: r.key, dueAt: r.due_at, attempts: r.attempts };
      const timer = isKind(r.kind) ? readTimer(r.kind, base, JSON.parse(r.payload)) : null;
      if (timer) out.push(timer);
      else {
        const reason = isKind(r.kind) ? `payload does not fit ${r.kind}` : `unknown timer kind ${r.kind}`;
        try {
          this.db.prepare(`UPDATE timers SET status = 'cancelled', last_error = ? WHERE id = ?`).run(reason, r.id);
        } catch {
          // The store takes no writes now: the row is cancelled at a later pass.
        }
        onInvalid?.(r.key, reason);
      }
    }
    return out;
  }

  /** Marks the timer fired; false when someone else already did (then its effects must not run). */
  markFired(id: number, now: number): boolean {
    return (
      this.db
        .prepare(`UPDATE timers SET status = 'fired', fired_at = ? WHERE id = ? AND status = 'pending'`)
        .run(now, id).changes === 1
    );
  }

  /** A failed effect (the portal down) is tried again later, with the timer-effect back-off. */
  recordFailure(id: number, error: string, now: number): void {
    const row = this.db.prepare('SELECT attempts FROM timers WHERE id = ?').get(id) as { attempts: number } | undefined;
    const delay = backoff(row?.attempts ?? 0, policies.timerEffect);
    this.db
      .prepare('UPDATE timers SET attempts = attempts + 1, last_error = ?, due_at = max(due_at, ?) WHERE id = ?')
      .run(error.slice(0, 500), now + delay, id);
  }

  get(key: string): { status: string; dueAt: number } | undefined {
    const r = this.db.prepare('SELECT status, due_at FROM timers WHERE key = ?').get(key) as
      | { status: string; due_at: number }
      | undefined;
    return r && { status: r.status, dueAt: r.due_at };
  }

  /** Pending timers in the family `prefix` due before `notBefore` move to `notBefore` (a snooze); returns how many. */
  postponeByPrefix(prefix: string, notBefore: number): number {
    return this.db
      .prepare(`UPDATE timers SET due_at = ? WHERE status = 'pending' AND key >= ? AND key < ? AND due_at < ?`)
      .run(notBefore, prefix, `${prefix}\uffff`, notBefore).changes;
  }

  /** One pending timer moves to `dueAt` (an escalation held by a pause). */
  postpone(id: number, dueAt: number): void {
    this.db.prepare(`UPDATE timers SET due_at = ? WHERE id = ? AND status = 'pending'`).run(dueAt, id);
  }

  /**
   * Pending timers of `kind` held at exactly `heldAt` (a pause's end) fall due at `dueAt` instead (a
   * /resume), those whose payload `held` accepts: two pipelines paused to the same moment share it.
   * Returns how many moved.
   */
  releaseHeld<K extends TimerKind>(
    kind: K,
    heldAt: number,
    dueAt: number,
    held: (payload: TimerKinds[K]) => boolean = () => true,
  ): number {
    const rows = this.db
      .prepare(`SELECT id, key, attempts, payload FROM timers WHERE status = 'pending' AND kind = ? AND due_at = ?`)
      .all(kind, heldAt) as Array<{ id: number; key: string; attempts: number; payload: string }>;
    let moved = 0;
    for (const r of rows) {
      const timer = readTimer(
        kind,
        { id: r.id, key: r.key, dueAt: heldAt, attempts: r.attempts },
        JSON.parse(r.payload),
      );
      if (!timer || !held(timer.payload as TimerKinds[K])) continue;
      this.postpone(r.id, dueAt);
      moved++;
    }
    return moved;
  }

  /** Retention: deletes up to `limit` fired or cancelled timers due before `before`; pending ones stay whatever their age. */
  prune(before: number, limit: number): number {
    return this.db
      .prepare(
        `DELETE FROM timers WHERE id IN (SELECT id FROM timers WHERE status != 'pending' AND coalesce(fired_at, due_at) < ? LIMIT ?)`,
      )
      .run(before, limit).changes;
  }

  pendingCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM timers WHERE status = 'pending'`).get() as { n: number }).n;
  }

  nextDue(): number | null {
    return (
      this.db.prepare(`SELECT min(due_at) AS t FROM timers WHERE status = 'pending'`).get() as { t: number | null }
    ).t;
  }
}

function readTimer<K extends TimerKind>(kind: K, base: TimerBase, payload: unknown): TimerOf<K> | null {
  const parsed = timerPayloads[kind].safeParse(payload);
  if (!parsed.success) return null;
  return { ...base, kind, payload: parsed.data } as TimerOf<K>;
}
