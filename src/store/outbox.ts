/**
 * The outbox: outbound effects (messages to messengers, writes to the CRM) as rows; a sender drains
 * them. The idempotency key makes re-deciding an effect harmless. Operations are one discriminated
 * union, checked with zod on the way out of the database, so the sender handles each without casts.
 */
import { z } from 'zod';
import type { Db } from './db';

const channel = z.enum(['telegram', 'b24chat']);
const button = z.union([
  z.object({ text: z.string(), action: z.string() }),
  z.object({ text: z.string(), url: z.string() }),
]);
const keyboard = z.array(z.array(button));
const entity = z.enum(['deal', 'contact', 'company']);
const iso = z.string(); // an ISO-8601 instant, as written by Date.toISOString()

/** Every operation the outbox carries, by `op`. `target` is the chat, or the CRM object written. */
export const outboxOpSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('send'),
    channel,
    target: z.string(),
    payload: z.object({
      text: z.string(),
      buttons: keyboard.optional(),
      replyTo: z.string().optional(),
      threadId: z.string().optional(),
      requestContact: z.string().optional(),
      removeKeyboard: z.boolean().optional(),
      forgetOnceSent: z.boolean().optional(),
    }),
  }),
  z.object({
    op: z.literal('file'),
    channel,
    target: z.string(),
    /**
     * A report's chart or CSV. The bytes are stored (base64) rather than re-rendered at send time:
     * what was decided is what goes out, after a restart too, and the sender needs no report code.
     */
    payload: z.object({ name: z.string(), caption: z.string(), photo: z.boolean(), base64: z.string() }),
  }),
  z.object({
    op: z.literal('edit'),
    channel,
    target: z.string(),
    /** `ref`: the outbox key of the message edited (its result holds the message id). */
    payload: z.object({ ref: z.string(), text: z.string(), buttons: keyboard.optional() }),
  }),
  z.object({
    op: z.literal('comment'),
    channel: z.literal('crm'),
    target: z.string(),
    payload: z.object({ entity, id: z.number(), text: z.string() }),
  }),
  z.object({
    op: z.literal('deal.update'),
    channel: z.literal('crm'),
    target: z.string(),
    payload: z.object({
      dealId: z.number(),
      fields: z.object({ stageId: z.string().optional(), assignedById: z.number().optional() }),
    }),
  }),
  z.object({
    op: z.literal('payment.confirm'),
    channel: z.literal('crm'),
    target: z.string(),
    payload: z.object({
      kind: z.enum(['smart', 'legacy']),
      invoiceId: z.number(),
      dealId: z.number().nullable(),
      stageId: z.string().optional(),
      /** The prompt confirmed: told what the write did to the deal (absent in rows queued before it was kept). */
      promptId: z.number().optional(),
    }),
  }),
  z.object({
    op: z.literal('todo.add'),
    channel: z.literal('crm'),
    target: z.string(),
    payload: z.object({
      ownerTypeId: z.number(),
      ownerId: z.number(),
      deadline: iso,
      title: z.string(),
      description: z.string(),
      responsibleId: z.number(),
    }),
  }),
  z.object({
    op: z.literal('todo.move'),
    channel: z.literal('crm'),
    target: z.string(),
    /** `ref`: the outbox key of the todo.add that created the activity. */
    payload: z.object({ ref: z.string(), ownerTypeId: z.number(), ownerId: z.number(), deadline: iso }),
  }),
  z.object({
    op: z.literal('activity.complete'),
    channel: z.literal('crm'),
    target: z.string(),
    payload: z.object({ ref: z.string() }),
  }),
]);

export type OutboxOp = z.infer<typeof outboxOpSchema>;
export type OutboxOpName = OutboxOp['op'];
export type OutboxOpOf<K extends OutboxOpName> = Extract<OutboxOp, { op: K }>;
/**
 * What goes first when rows wait (issue 17): alerts, then cards, then reminders and other messages,
 * then CRM writes — across chats and within one chat: a manager's pings (reminders of deals already
 * on their screen) must not hold a new deal's card behind Telegram's ~1 message/s per chat.
 */
export const OUTBOX_PRIORITY = { alert: 0, card: 1, reminder: 2, message: 2, crm: 3 } as const;
export type OutboxPriority = (typeof OUTBOX_PRIORITY)[keyof typeof OUTBOX_PRIORITY];

/** The CRM's lane; messenger lanes are one per chat. */
export const CRM_LANE = 'crm';

/** A lane: rows that go out in order, one at a time — one per chat, one for the whole CRM. */
export const laneOf = (channel: string, target: string): string =>
  channel === CRM_LANE ? `${CRM_LANE}:${CRM_LANE}` : `${channel}:${target}`;

/** What a delivered row keeps: the message id (sends) or the activity id (todo.add). */
const resultSchema = z
  .object({ messageId: z.string().optional(), activityId: z.number().optional() })
  .nullable()
  .catch(null);
export type OutboxResult = z.infer<typeof resultSchema>;

export type OutboxRow = OutboxOp & {
  id: number;
  idemKey: string;
  attempts: number;
  /** When an earlier attempt began (null: never tried). */
  startedAt: number | null;
};

interface RawRow {
  id: number;
  idem_key: string;
  channel: string;
  op: string;
  target: string;
  payload: string;
  attempts: number;
  started_at: number | null;
}

/** Outbound effects as rows; a sender drains them. The idempotency key makes re-deciding harmless. */
export class OutboxStore {
  constructor(private readonly db: Db) {}

  /**
   * Returns true when the row is new (false: the same effect was already decided). `priority`: see
   * OUTBOX_PRIORITY; by default CRM writes come last and messages in the middle.
   */
  enqueue(idemKey: string, item: OutboxOp, now: number, priority?: OutboxPriority): boolean {
    const p = priority ?? (item.channel === 'crm' ? OUTBOX_PRIORITY.crm : OUTBOX_PRIORITY.message);
    return (
      this.db
        .prepare(
          'INSERT OR IGNORE INTO outbox (idem_key, channel, op, target, payload, created_at, priority) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(idemKey, item.channel, item.op, item.target, JSON.stringify(item.payload), now, p).changes === 1
    );
  }

  /**
   * A stored row as its operation, or a reason it is not one (a row written by a newer or broken
   * version): such a row is failed by the sender with that reason, never guessed at.
   */
  private read(r: RawRow): OutboxRow | { id: number; idemKey: string; invalid: string } {
    const parsed = outboxOpSchema.safeParse({
      op: r.op,
      channel: r.channel,
      target: r.target,
      payload: JSON.parse(r.payload),
    });
    if (!parsed.success)
      return { id: r.id, idemKey: r.idem_key, invalid: `${r.channel}/${r.op}: ${parsed.error.message}` };
    return { ...parsed.data, id: r.id, idemKey: r.idem_key, attempts: r.attempts, startedAt: r.started_at };
  }

  /**
   * Rows due now, at most `perLane` of each chat and half the batch for the CRM (one lane): one long
   * queue — Telegram lets a chat have about a message a second — must not fill the batch and starve
   * every other chat. Every lane's first row comes before any lane's second, and among rows of the
   * same rank the more urgent first (OUTBOX_PRIORITY), then the oldest: a new deal's card is never
   * left out of a batch filled by a backlog of alerts. Within a lane the more urgent go first too
   * (a new card before its manager's queued pings), and rows of one rank stay in id order — an edit
   * never has a more urgent rank than the send it edits (edits are `message`, sends `message` or
   * more urgent). Rows that are not a known operation are failed here.
   */
  due(nowReal: number, limit = 200, perLane = 20): OutboxRow[] {
    const raw = this.db
      .prepare(
        `SELECT id, idem_key, channel, op, target, payload, attempts, started_at FROM (
             SELECT *, row_number() OVER (PARTITION BY channel, CASE WHEN channel = '${CRM_LANE}' THEN '' ELSE target END ORDER BY priority, id) AS nth
             FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?)
           WHERE nth <= CASE WHEN channel = '${CRM_LANE}' THEN ? ELSE ? END ORDER BY nth, priority, id LIMIT ?`,
      )
      .all(nowReal, Math.ceil(limit / 2), perLane, limit) as RawRow[];
    const rows: OutboxRow[] = [];
    for (const r of raw) {
      const row = this.read(r);
      if (!('invalid' in row)) rows.push(row);
      else
        try {
          this.fail(row.id, `not an outbox operation: ${row.invalid}`);
        } catch {
          // The store takes no writes now (disk full, read-only): the row is failed at a later drain.
        }
    }
    return rows;
  }

  /** Committed before a non-idempotent call goes out: after a crash the row tells that it may have landed. */
  markStarted(id: number, nowReal: number): void {
    this.db.prepare('UPDATE outbox SET started_at = ? WHERE id = ?').run(nowReal, id);
  }

  markSent(id: number, result: OutboxResult, nowReal: number): void {
    this.db
      .prepare(`UPDATE outbox SET status = 'sent', result = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ?`)
      .run(JSON.stringify(result ?? null), nowReal, id);
  }

  /** A sent message's row now names another message (the old one was deleted, its content sent anew). */
  repoint(key: string, result: OutboxResult): void {
    this.db.prepare(`UPDATE outbox SET result = ? WHERE idem_key = ?`).run(JSON.stringify(result ?? null), key);
  }

  retryLater(id: number, error: string, at: number): void {
    this.db
      .prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`)
      .run(error.slice(0, 500), at, id);
  }

  /** Deletes one delivered row (a message the person asked not to be kept). */
  forgetRow(id: number): void {
    this.db.prepare(`DELETE FROM outbox WHERE id = ? AND status != 'pending'`).run(id);
  }

  /** Defer without counting an attempt (a dependency is not ready yet, or pacing). */
  defer(id: number, at: number): void {
    this.db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE id = ?`).run(at, id);
  }

  /** The channel works again (Telegram reachable after an outage): its waiting rows are due now. Returns how many. */
  wake(channelName: 'telegram' | 'b24chat', nowReal: number): number {
    return this.db
      .prepare(`UPDATE outbox SET next_attempt_at = ? WHERE channel = ? AND status = 'pending' AND next_attempt_at > ?`)
      .run(nowReal, channelName, nowReal).changes;
  }

  fail(id: number, error: string): void {
    this.db
      .prepare(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`)
      .run(error.slice(0, 500), id);
  }

  byKey(key: string): { status: 'pending' | 'sent' | 'failed'; result: OutboxResult } | undefined {
    const r = this.db.prepare('SELECT status, result FROM outbox WHERE idem_key = ?').get(key) as
      | { status: 'pending' | 'sent' | 'failed'; result: string | null }
      | undefined;
    return r && { status: r.status, result: r.result ? resultSchema.parse(JSON.parse(r.result)) : null };
  }

  /** Where a message row went: its messenger and chat (edits of it go to the same place). */
  destinationOf(key: string): { channel: 'telegram' | 'b24chat'; target: string } | undefined {
    const r = this.db.prepare('SELECT channel, target FROM outbox WHERE idem_key = ?').get(key) as
      | { channel: string; target: string }
      | undefined;
    const c = channel.safeParse(r?.channel);
    return r && c.success ? { channel: c.data, target: r.target } : undefined;
  }

  /**
   * The key of the message sent to chat `target` that the messenger numbered `messageId` (someone replied
   * to one of the bot's messages), or null: not ours, or pruned.
   */
  keyOfSent(channelName: 'telegram' | 'b24chat', target: string, messageId: string): string | null {
    const row = this.db
      .prepare(
        `SELECT idem_key FROM outbox WHERE op = 'send' AND channel = ? AND target = ? AND json_extract(result, '$.messageId') = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(channelName, target, messageId) as { idem_key: string } | undefined;
    return row?.idem_key ?? null;
  }

  /** The newest message sent with a key in [from, to) (e.g. the latest card of a follow-up), or null. */
  latestSendInRange(range: { from: string; to: string }): string | null {
    const row = this.db
      .prepare(
        `SELECT idem_key FROM outbox WHERE idem_key >= ? AND idem_key < ? AND op = 'send' ORDER BY id DESC LIMIT 1`,
      )
      .get(range.from, range.to) as { idem_key: string } | undefined;
    return row?.idem_key ?? null;
  }

  /** Deals with a stage or assignee write of ours still pending: the CRM shows a state we have moved past. */
  dealsBeingWritten(): Set<number> {
    return new Set(
      (
        this.db
          .prepare(
            `SELECT target FROM outbox WHERE channel = '${CRM_LANE}' AND op = 'deal.update' AND status = 'pending'`,
          )
          .all() as Array<{ target: string }>
      ).map((r) => Number(r.target)),
    );
  }

  /** When the row with this key was queued (clock ms), or null. */
  queuedAt(key: string): number | null {
    const r = this.db.prepare('SELECT created_at FROM outbox WHERE idem_key = ?').get(key) as
      | { created_at: number }
      | undefined;
    return r?.created_at ?? null;
  }

  /** The stage the bot last wrote to this deal (deal.update or payment.confirm), with when it was queued (clock ms). */
  lastStageWrite(dealId: number): { stageId: string; at: number } | null {
    const rows = this.db
      .prepare(
        `SELECT payload, created_at FROM outbox WHERE channel = '${CRM_LANE}' AND target = ? AND op IN ('deal.update', 'payment.confirm') AND status = 'sent' ORDER BY id DESC LIMIT 5`,
      )
      .all(String(dealId)) as Array<{ payload: string; created_at: number }>;
    for (const r of rows) {
      const p = JSON.parse(r.payload) as { stageId?: string; fields?: { stageId?: string } };
      const stageId = p.fields?.stageId ?? p.stageId;
      if (stageId) return { stageId, at: r.created_at };
    }
    return null;
  }

  /** The oldest pending row of every chat (`channel:target`), due or not: a chat's rows go in order. */
  firstPendingPerChat(): Map<string, { id: number; nextAttemptAt: number }> {
    // SQLite takes the bare column next_attempt_at from the row that has min(id).
    const rows = this.db
      .prepare(
        `SELECT channel, target, min(id) AS id, next_attempt_at FROM outbox WHERE status = 'pending' AND channel != '${CRM_LANE}' GROUP BY channel, target`,
      )
      .all() as Array<{ channel: string; target: string; id: number; next_attempt_at: number }>;
    return new Map(rows.map((r) => [laneOf(r.channel, r.target), { id: r.id, nextAttemptAt: r.next_attempt_at }]));
  }

  /** How many comments with exactly these words the bot has written (sent) into this timeline. */
  sentComments(entity: 'deal' | 'contact' | 'company', id: number, text: string): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND op = 'comment' AND json_extract(payload, '$.text') = ?
             AND json_extract(payload, '$.entity') = ? AND json_extract(payload, '$.id') = ?`,
        )
        .get(text, entity, id) as { n: number }
    ).n;
  }

  /**
   * The chat has a new id (a Telegram group upgraded to a supergroup): messages not sent yet go to it.
   * Edits stay where they are — the old group's messages keep the old id.
   */
  retarget(channelName: 'telegram' | 'b24chat', from: string, to: string): number {
    return this.db
      .prepare(
        `UPDATE outbox SET target = ? WHERE channel = ? AND target = ? AND status = 'pending' AND op IN ('send', 'file')`,
      )
      .run(to, channelName, from).changes;
  }

  /** Deletes this chat's stored messages (the person asked to be forgotten). */
  forgetChat(channelName: 'telegram' | 'b24chat', target: string): number {
    return this.db
      .prepare(`DELETE FROM outbox WHERE channel = ? AND target = ? AND status != 'pending'`)
      .run(channelName, target).changes;
  }

  /**
   * Retention: deletes up to `limit` delivered or failed rows created before `before` (business
   * clock). A to-do's row stays (its activity id is what moving or completing it months later
   * needs), and so does a row a pending edit or move still refers to, and the rows keyed `keep` (the
   * messages of payment prompts still open: their ids are what editing them months later needs).
   */
  prune(before: number, limit: number, keep: string[] = []): number {
    return this.db
      .prepare(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox o WHERE status != 'pending' AND created_at < ? AND op != 'todo.add'
             AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.status = 'pending' AND p.op IN ('edit', 'todo.move', 'activity.complete')
                             AND json_extract(p.payload, '$.ref') = o.idem_key)
             AND o.idem_key NOT IN (SELECT value FROM json_each(?))
           LIMIT ?)`,
      )
      .run(before, JSON.stringify(keep), limit).changes;
  }

  /** The newest edit of a message that waits (its id); the sender folds older ones into it. */
  newestPendingEditOf(ref: string): { id: number } | null {
    const r = this.db
      .prepare(
        `SELECT id FROM outbox WHERE op = 'edit' AND status = 'pending' AND json_extract(payload, '$.ref') = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(ref) as { id: number } | undefined;
    return r ? { id: r.id } : null;
  }

  /**
   * The edit just enqueued as `editKey` carries the whole content of its message: the pending edits
   * of the same message before it are done (not started ones only — one in flight finishes on its
   * own). A message edited a thousand times in a burst (a digest growing) then has one edit waiting,
   * not a thousand for the sender to fold one by one. Returns how many were superseded.
   */
  supersedeEditsBefore(editKey: string, nowReal: number): number {
    return this.db
      .prepare(
        `UPDATE outbox SET status = 'sent', sent_at = @now, result = 'null', last_error = 'superseded by a later edit'
         WHERE op = 'edit' AND status = 'pending' AND started_at IS NULL
           AND id < (SELECT id FROM outbox WHERE idem_key = @key)
           AND json_extract(payload, '$.ref') = (SELECT json_extract(payload, '$.ref') FROM outbox WHERE idem_key = @key)`,
      )
      .run({ now: nowReal, key: editKey }).changes;
  }

  /** Edits of `ref` up to `uptoId` are done: a later one carries their content. */
  supersedeEdits(ref: string, uptoId: number, nowReal: number): number {
    return this.db
      .prepare(
        `UPDATE outbox SET status = 'sent', sent_at = ?, result = 'null', last_error = 'superseded by a later edit'
         WHERE op = 'edit' AND status = 'pending' AND id <= ? AND json_extract(payload, '$.ref') = ?`,
      )
      .run(nowReal, uptoId, ref).changes;
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
