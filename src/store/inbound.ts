import type { Db } from './db';

export interface InboundRow {
  id: number;
  event: string;
  entityId: number;
  attempts: number;
  /** What a chat event carried (the message, the press); CRM events carry only the id. */
  payload: unknown;
}

/** 'crm': CRM events (deals) and the sweep's findings; 'b24chat': the Bitrix24 chat bot's events. */
export type InboundSource = 'crm' | 'b24chat';

/** Inbound CRM events, written before the HTTP reply. A duplicate (same dedup key) is a no-op. */
export class InboundStore {
  constructor(private readonly db: Db) {}

  /**
   * Stores the event; false when the same event is already waiting (a duplicate). Bitrix24's `ts`
   * has one-second resolution, so two real updates of a deal within a second share a key: an
   * already processed one is queued again — the deal is re-read, and an unchanged deal does nothing.
   */
  record(
    e: { source: InboundSource; dedupKey: string; event: string; entityId: number; payload?: unknown },
    now: number,
  ): boolean {
    const inserted =
      this.db
        .prepare(
          'INSERT OR IGNORE INTO inbound_events (source, dedup_key, event, entity_id, received_at, payload) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(e.source, e.dedupKey, e.event, e.entityId, now, e.payload === undefined ? null : JSON.stringify(e.payload))
        .changes === 1;
    if (inserted) return true;
    // A chat event is an act (a press, a message): its repeat is a duplicate, never a new act.
    if (e.source !== 'crm') return false;
    return (
      this.db
        .prepare(
          'UPDATE inbound_events SET processed_at = NULL, next_attempt_at = 0, received_at = ? WHERE dedup_key = ? AND processed_at IS NOT NULL',
        )
        .run(now, e.dedupKey).changes === 1
    );
  }

  pending(nowReal: number, limit = 500, source: InboundSource = 'crm'): InboundRow[] {
    return (
      this.db
        .prepare(
          `SELECT id, event, entity_id, attempts, payload FROM inbound_events WHERE source = ? AND processed_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
        )
        .all(source, nowReal, limit) as Array<{
        id: number;
        event: string;
        entity_id: number;
        attempts: number;
        payload: string | null;
      }>
    ).map((r) => ({
      id: r.id,
      event: r.event,
      entityId: r.entity_id,
      attempts: r.attempts,
      payload: r.payload === null ? null : (JSON.parse(r.payload) as unknown),
    }));
  }

  markProcessed(ids: number[], now: number): void {
    const st = this.db.prepare('UPDATE inbound_events SET processed_at = ? WHERE id = ?');
    for (const id of ids) st.run(now, id);
  }

  retryLater(ids: number[], error: string, at: number): void {
    const st = this.db.prepare(
      'UPDATE inbound_events SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?',
    );
    for (const id of ids) st.run(error.slice(0, 500), at, id);
  }

  /** Marks events done without effect, keeping why. */
  giveUp(ids: number[], error: string, now: number): void {
    const st = this.db.prepare(
      'UPDATE inbound_events SET processed_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?',
    );
    for (const id of ids) st.run(now, `gave up: ${error}`.slice(0, 500), id);
  }

  defer(ids: number[], at: number): void {
    const st = this.db.prepare('UPDATE inbound_events SET next_attempt_at = ? WHERE id = ?');
    for (const id of ids) st.run(at, id);
  }

  /** CRM rows ever recorded: pushed by the outbound webhook (ONCRMDEAL*) vs found by the sweep. */
  crmOrigins(): { events: number; sweeps: number } {
    const r = this.db
      .prepare(
        `SELECT coalesce(sum(CASE WHEN event LIKE 'ONCRMDEAL%' THEN 1 ELSE 0 END), 0) AS events,
                coalesce(sum(CASE WHEN event = 'SWEEP' THEN 1 ELSE 0 END), 0) AS sweeps
         FROM inbound_events WHERE source = 'crm'`,
      )
      .get() as { events: number; sweeps: number };
    return r;
  }

  /** When the outbound webhook last delivered a CRM event (ONCRMDEAL*), by the bot's clock; null: never. */
  lastWebhookEventAt(): number | null {
    const r = this.db
      .prepare(
        `SELECT received_at AS t FROM inbound_events WHERE source = 'crm' AND event LIKE 'ONCRMDEAL%' ORDER BY received_at DESC LIMIT 1`,
      )
      .get() as { t: number } | undefined;
    return r?.t ?? null;
  }

  /** Whether the outbound webhook delivered an event about this deal at or after `since`. */
  webhookEventSince(dealId: number, since: number): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM inbound_events WHERE entity_id = ? AND received_at >= ? AND source = 'crm' AND event LIKE 'ONCRMDEAL%' LIMIT 1`,
        )
        .get(dealId, since) !== undefined
    );
  }

  /** Retention: deletes up to `limit` events processed before `before`; pending ones stay whatever their age. */
  prune(before: number, limit: number): number {
    return this.db
      .prepare(
        'DELETE FROM inbound_events WHERE id IN (SELECT id FROM inbound_events WHERE processed_at IS NOT NULL AND processed_at < ? LIMIT ?)',
      )
      .run(before, limit).changes;
  }

  pendingCount(): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL').get() as { n: number }
    ).n;
  }

  nextAttemptAt(): number | null {
    return (
      this.db.prepare('SELECT min(next_attempt_at) AS t FROM inbound_events WHERE processed_at IS NULL').get() as {
        t: number | null;
      }
    ).t;
  }
}
