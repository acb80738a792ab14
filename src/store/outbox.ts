import type { Channel } from '../kernel/ports';
import type { Db } from './db';

export type OutboxOp =
  | { channel: Channel; op: 'send'; target: string; payload: { text: string; buttons?: unknown; replyTo?: string } }
  | {
      channel: 'bitrix';
      op: 'payment.confirm';
      target: string;
      payload: { kind: 'smart' | 'legacy'; invoiceId: number; dealId: number | null; stageId?: string };
    }
  | { channel: Channel; op: 'edit'; target: string; payload: { ref: string; text: string; buttons?: unknown } }
  | { channel: 'bitrix'; op: 'timeline'; target: string; payload: { dealId: number; text: string } }
  | {
      channel: 'bitrix';
      op: 'deal.update';
      target: string;
      payload: { dealId: number; fields: { stageId?: string; assignedById?: number } };
    }
  | {
      channel: 'bitrix';
      op: 'comment';
      target: string;
      payload: { entity: 'deal' | 'contact' | 'company'; id: number; text: string };
    }
  | {
      channel: 'bitrix';
      op: 'todo.add';
      target: string;
      payload: {
        ownerTypeId: number;
        ownerId: number;
        deadline: string;
        title: string;
        description: string;
        responsibleId: number;
      };
    }
  | {
      channel: 'bitrix';
      op: 'todo.move';
      target: string;
      payload: { ref: string; ownerTypeId: number; ownerId: number; deadline: string };
    }
  | { channel: 'bitrix'; op: 'activity.complete'; target: string; payload: { ref: string } };

export interface OutboxRow {
  id: number;
  idemKey: string;
  channel: string;
  op: string;
  target: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** When an earlier attempt began (null: never tried). */
  startedAt: number | null;
}

/** Outbound effects as rows; a sender drains them. The idempotency key makes re-deciding harmless. */
export class OutboxStore {
  constructor(private readonly db: Db) {}

  /** Returns true when the row is new (false: the same effect was already decided). */
  enqueue(idemKey: string, item: OutboxOp, now: number): boolean {
    return (
      this.db
        .prepare(
          'INSERT OR IGNORE INTO outbox (idem_key, channel, op, target, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(idemKey, item.channel, item.op, item.target, JSON.stringify(item.payload), now).changes === 1
    );
  }

  /**
   * Rows due now, oldest first, at most `perLane` of each chat and half the batch for the CRM (one
   * lane): one long queue — Telegram lets a chat have about a message a second — must not fill the
   * batch and starve every other chat.
   */
  due(nowReal: number, limit = 200, perLane = 20): OutboxRow[] {
    return (
      this.db
        .prepare(
          `SELECT id, idem_key, channel, op, target, payload, attempts, started_at FROM (
             SELECT *, row_number() OVER (PARTITION BY channel, CASE WHEN channel = 'bitrix' THEN '' ELSE target END ORDER BY id) AS nth
             FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?)
           WHERE nth <= CASE WHEN channel = 'bitrix' THEN ? ELSE ? END ORDER BY id LIMIT ?`,
        )
        .all(nowReal, Math.ceil(limit / 2), perLane, limit) as Array<{
        id: number;
        idem_key: string;
        channel: string;
        op: string;
        target: string;
        payload: string;
        attempts: number;
        started_at: number | null;
      }>
    ).map((r) => ({
      id: r.id,
      idemKey: r.idem_key,
      channel: r.channel,
      op: r.op,
      target: r.target,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      attempts: r.attempts,
      startedAt: r.started_at,
    }));
  }

  /** Committed before a non-idempotent call goes out: after a crash the row tells that it may have landed. */
  markStarted(id: number, nowReal: number): void {
    this.db.prepare('UPDATE outbox SET started_at = ? WHERE id = ?').run(nowReal, id);
  }

  markSent(id: number, result: unknown, nowReal: number): void {
    this.db
      .prepare(`UPDATE outbox SET status = 'sent', result = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ?`)
      .run(JSON.stringify(result ?? null), nowReal, id);
  }

  retryLater(id: number, error: string, at: number): void {
    this.db
      .prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`)
      .run(error.slice(0, 500), at, id);
  }

  /** Defer without counting an attempt (a dependency is not ready yet, or pacing). */
  defer(id: number, at: number): void {
    this.db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE id = ?`).run(at, id);
  }

  fail(id: number, error: string): void {
    this.db
      .prepare(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`)
      .run(error.slice(0, 500), id);
  }

  byKey(key: string): { status: string; result: unknown } | undefined {
    const r = this.db.prepare('SELECT status, result FROM outbox WHERE idem_key = ?').get(key) as
      | { status: string; result: string | null }
      | undefined;
    return r && { status: r.status, result: r.result ? (JSON.parse(r.result) as unknown) : null };
  }

  /** The oldest pending row of every chat (`channel:target`), due or not: a chat's rows go in order. */
  firstPendingPerChat(): Map<string, { id: number; nextAttemptAt: number }> {
    // SQLite takes the bare column next_attempt_at from the row that has min(id).
    const rows = this.db
      .prepare(
        `SELECT channel, target, min(id) AS id, next_attempt_at FROM outbox WHERE status = 'pending' AND channel != 'bitrix' GROUP BY channel, target`,
      )
      .all() as Array<{
      channel: string;
      target: string;
      id: number;
      next_attempt_at: number;
    }>;
    return new Map(rows.map((r) => [`${r.channel}:${r.target}`, { id: r.id, nextAttemptAt: r.next_attempt_at }]));
  }

  /** How many comments with exactly these words the bot has written (sent) into this timeline. */
  sentComments(entity: 'deal' | 'contact' | 'company', id: number, text: string): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND json_extract(payload, '$.text') = ? AND (
             (op = 'timeline' AND ? = 'deal' AND json_extract(payload, '$.dealId') = ?) OR
             (op = 'comment' AND json_extract(payload, '$.entity') = ? AND json_extract(payload, '$.id') = ?))`,
        )
        .get(text, entity, id, entity, id) as { n: number }
    ).n;
  }

  pendingCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n;
  }

  nextAttemptAt(): number | null {
    return (
      this.db.prepare(`SELECT min(next_attempt_at) AS t FROM outbox WHERE status = 'pending'`).get() as {
        t: number | null;
      }
    ).t;
  }
}
