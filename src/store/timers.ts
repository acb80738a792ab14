import type { Db } from './db';

export interface TimerRow {
  id: number;
  kind: string;
  key: string;
  dueAt: number;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Durable deadlines: a row per deadline, fired once (the row is marked in the transaction of its effects). */
export class TimerStore {
  constructor(private readonly db: Db) {}

  /** Idempotent by key: scheduling the same deadline twice keeps the first. */
  schedule(t: { kind: string; key: string; dueAt: number; payload?: Record<string, unknown> }, now: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO timers (kind, key, due_at, payload, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(t.kind, t.key, t.dueAt, JSON.stringify(t.payload ?? {}), now);
  }

  /** Cancels every pending timer whose key starts with `prefix`. */
  cancelByPrefix(prefix: string): number {
    return this.db
      .prepare(`UPDATE timers SET status = 'cancelled' WHERE status = 'pending' AND key >= ? AND key < ?`)
      .run(prefix, prefix + '\uffff').changes;
  }

  due(now: number, limit = 100): TimerRow[] {
    return (
      this.db
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
      }>
    ).map((r) => ({
      id: r.id,
      kind: r.kind,
      key: r.key,
      dueAt: r.due_at,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      attempts: r.attempts,
    }));
  }

  /** Marks the timer fired; false when someone else already did (then its effects must not run). */
  markFired(id: number, now: number): boolean {
    return (
      this.db
        .prepare(`UPDATE timers SET status = 'fired', fired_at = ? WHERE id = ? AND status = 'pending'`)
        .run(now, id).changes === 1
    );
  }

  /** A failed effect (the portal down) is tried again later, backing off up to five minutes. */
  recordFailure(id: number, error: string, now: number): void {
    const row = this.db.prepare('SELECT attempts FROM timers WHERE id = ?').get(id) as { attempts: number } | undefined;
    const delay = Math.min(1000 * 2 ** (row?.attempts ?? 0), 300_000);
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

  pendingCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM timers WHERE status = 'pending'`).get() as { n: number }).n;
  }

  nextDue(): number | null {
    return (
      this.db.prepare(`SELECT min(due_at) AS t FROM timers WHERE status = 'pending'`).get() as { t: number | null }
    ).t;
  }
}
