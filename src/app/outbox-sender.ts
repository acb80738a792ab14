/**
 * Drains the outbox: messages to messengers and writes to the CRM. Rows of one chat go in order;
 * different chats go in parallel. Telegram's 429 `retry_after` and per-chat pacing defer a row
 * without losing it; a permanent refusal (bot blocked, chat gone) fails it with the reason kept.
 */
import {
  CRM_LANE,
  laneOf,
  type OutboxStore,
  type OutboxRow,
  type OutboxOpName,
  type OutboxOpOf,
  type OutboxResult,
} from '../store/outbox';
import { blockedUntil, errorMessage, needsAdmin } from '../kernel/errors';
import { backoff, policies } from '../kernel/retry';
import {
  DeliveryError,
  type Channel,
  type Crm,
  type DealMove,
  type InvoiceCrm,
  type Messenger,
  type OutMessage,
} from '../kernel/ports';
import { shortenMarkup } from '../kernel/text';
import { TokenBucket } from '../kernel/token-bucket';
import { BitrixError } from '../integrations/bitrix/client';
import type { Logger } from '../kernel/log';
import type { Metrics } from '../kernel/metrics';
import { crmRefusalOf } from '../payments/crm-write';

export interface SenderOptions {
  perChatPerSecond: number;
  perChatBurst: number;
  globalPerSecond: number;
  maxAttempts: number;
  retryBaseMs: number;
  lanes?: number;
  /**
   * How long one drain keeps taking new rows. The CRM lane is one queue paced to the portal (2
   * requests a second) and a chat lane one paced to Telegram: drained whole, a long queue would hold
   * the pass — and the deadlines with it. What is left goes in the next pass.
   */
  budgetMs?: number;
  /**
   * How long a drain waits for a lane's call before it returns (real ms). A lane whose call hangs goes
   * on in the background (its chat waits, in order) while the next drains serve the other chats.
   */
  waitMs?: number;
  /** A call in flight longer than this (real ms) is a stuck lane (/healthz). Default: the call timeout. */
  stuckAfterMs?: number;
  /** The portal refuses the webhook (401/403): the lane waits this long (real ms) and tries again. Default 30 s. */
  adminRetryMs?: number;
}

type Outcome = 'done' | 'later';

/** Checks a stage before the bot writes it (app/stage-guard.ts). */
export interface StageWrites {
  /**
   * null: the stage may be written; else why not (`why`, for the log) and what that means for the
   * deal (`move`: kept where it is, closed or further on; or the stage is not in its pipeline).
   */
  check(
    dealId: number,
    stageId: string,
  ): Promise<{ why: string; move: Extract<DealMove, { kind: 'kept' | 'missing' }> } | null>;
}

/** Hears what a confirmed payment's write did to its deal (payments/desk.ts), before its row is marked done. */
export interface PaymentWrites {
  dealWritten(promptId: number, move: DealMove): void;
  /** The write was given up (a permanent refusal, or the attempts ran out); `e` its last error. */
  writeGivenUp(promptId: number, e: unknown): void;
  /**
   * A message to a person was refused for good because they take none from the bot (Telegram 403,
   * DeliveryError.how.forbidden): `outboxKey` the copy's key, `target` its chat, `why` the refusal.
   */
  sendForbidden(outboxKey: string, channel: Channel, target: string, why: string): void;
}

/** Telegram's refusal of a text over 4,096 characters after parsing (core.telegram.org/bots/api#sendmessage). */
const TOO_LONG = /message is too long|text is too long|MESSAGE_TOO_LONG/i;
/** Telegram: the message to edit is gone — its reader deleted it (a private chat's messages can go for both sides). */
const EDIT_GONE = /message to edit not found/i;
/** Below Telegram's 4,096 with room for what entities add back after parsing (never more than the raw text). */
const SHORTENED_LIMIT = 4000;

/** Delivered, but the store refused to record it. */
class Unrecorded extends Error {}

export class OutboxSender {
  private chatBuckets = new Map<string, TokenBucket>();
  private global: TokenBucket;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly messengers: Partial<Record<Channel, Messenger>>,
    private readonly crm: Crm,
    private readonly opts: SenderOptions,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly nowReal: () => number = Date.now,
    private readonly invoices: InvoiceCrm | null = null,
    private readonly stages: StageWrites | null = null,
    private readonly payments: PaymentWrites | null = null,
  ) {
    this.global = new TokenBucket({
      capacity: Math.max(1, Math.ceil(opts.globalPerSecond)),
      refillPerSecond: opts.globalPerSecond,
      now: nowReal,
    });
  }

  /**
   * Delivered, but not recorded: the store refused the write (disk full, read-only). Kept here and
   * recorded at the next drain; never delivered again while the process lives.
   */
  private unrecorded = new Map<number, OutboxResult>();
  /** Chats Telegram told us to leave alone (429 retry_after): `channel:chat` → until (real ms). */
  private hold = new Map<string, number>();
  /** Lanes a drain is working on: another drain at the same time leaves them alone (one row, one send; a chat's order). */
  private busy = new Set<string>();
  /** Lanes with a call in flight → since when (real ms); lanes whose last call got no answer in time. */
  private calling = new Map<string, number>();
  private timedOut = new Set<string>();
  /** Drains' workers still running after their drain returned (a lane whose call is slow or hangs). */
  private background = new Set<Promise<unknown>>();

  /**
   * Lanes that are stuck: a call in flight for longer than `stuckAfterMs`, or the last call got no
   * answer within the call timeout (and the lane's row still waits).
   */
  stuckLanes(): string[] {
    const now = this.nowReal();
    const after = this.opts.stuckAfterMs ?? 10_000;
    const stuck = new Set(this.timedOut);
    for (const [lane, since] of this.calling) if (now - since > after) stuck.add(lane);
    return [...stuck].sort();
  }

  /**
   * The channel works again (Telegram answers after an outage): its chats' waits end and their rows
   * are due now, not after the wait each was given while it could not be reached.
   */
  release(channel: 'telegram' | 'b24chat'): void {
    for (const lane of [...this.hold.keys()]) if (lane.startsWith(laneOf(channel, ''))) this.hold.delete(lane);
    this.outbox.wake(channel, this.nowReal());
  }

  /** Waits until no worker of an earlier drain is still running; true when it had to wait. */
  async idle(): Promise<boolean> {
    if (this.background.size === 0) return false;
    while (this.background.size) await Promise.all([...this.background]);
    return true;
  }

  /** Sends what is due now; returns how many rows were settled (sent or failed). */
  async drain(): Promise<number> {
    for (const [id, result] of this.unrecorded) {
      try {
        this.outbox.markSent(id, result, this.nowReal());
      } catch {
        return 0; // the store still takes no writes: nothing more goes out that it could not record
      }
      this.unrecorded.delete(id);
    }
    const now = this.nowReal();
    const rows = this.outbox.due(now);
    const lanes = new Map<string, OutboxRow[]>();
    for (const r of rows) {
      const lane = laneOf(r.channel, r.target);
      lanes.set(lane, [...(lanes.get(lane) ?? []), r]);
    }
    // A chat goes in order: while an earlier row of it waits (its retry, Telegram's retry_after for the
    // chat), the later ones wait too instead of overtaking it — deferred with it, so that a long queue
    // of one held chat does not fill every drain's batch and starve the other chats.
    const first = this.outbox.firstPendingPerChat();
    const queue: Array<[string, OutboxRow[]]> = [];
    for (const [lane, r] of lanes) {
      if (this.busy.has(lane)) continue; // another drain is on it
      const head = first.get(lane);
      const firstRow = r[0];
      if (firstRow === undefined) throw new Error(`outbox: lane ${lane} grouped with no rows`); // lanes are built by adding rows
      const until =
        lane === laneOf(CRM_LANE, '')
          ? (this.hold.get(lane) ?? 0) // held while the portal needs its admin: writes keep their order
          : Math.max(this.hold.get(lane) ?? 0, head && head.id !== firstRow.id ? head.nextAttemptAt : 0);
      if (until <= now) queue.push([lane, r]);
      else for (const row of r) this.outbox.defer(row.id, until);
    }
    // Taken before the first await: a drain started meanwhile (the timers' own pass) skips them.
    for (const [lane] of queue) this.busy.add(lane);
    let settled = 0;
    const budgetEnds = now + (this.opts.budgetMs ?? 250);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [lane, laneRows] = next;
        try {
          for (const row of laneRows) {
            if (this.nowReal() > budgetEnds) break; // the rest in the next pass
            this.calling.set(lane, this.nowReal());
            const outcome = await this.deliver(row, lane).finally(() => this.calling.delete(lane));
            if (outcome === 'later') break; // keep the chat's order
            settled++;
          }
        } finally {
          this.busy.delete(lane);
        }
      }
    };
    // A lane is let go only by the worker that has it — or here, if no worker ever took it. Releasing
    // all of this drain's lanes at the end would free a lane another drain has taken since (after
    // this one's worker finished it), and a third drain would send that lane's pending row again.
    // allSettled, not all: no lane is let go while a worker still runs in it.
    const all = Promise.allSettled(Array.from({ length: Math.min(this.opts.lanes ?? 8, queue.length) }, worker)).then(
      (results) => {
        for (const [lane] of queue) this.busy.delete(lane); // only lanes no worker took are left in it
        const failed = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
        if (failed) throw failed.reason;
      },
    );
    // A lane whose call hangs must not hold the pass (and every other chat with it): after waitMs the
    // drain returns; the workers finish in the background and let their lanes go then.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waited'>((resolve) => {
      timer = setTimeout(() => resolve('waited'), this.opts.waitMs ?? 1000);
    });
    const outcome = await Promise.race([all.then(() => 'done' as const), waited]).finally(() => clearTimeout(timer));
    if (outcome === 'waited') {
      const bg = all.catch((e: unknown) => this.log.error({ err: errorMessage(e) }, 'outbox lane failed'));
      this.background.add(bg);
      void bg.finally(() => this.background.delete(bg));
    }
    return settled;
  }

  private bucket(chat: string): TokenBucket {
    let b = this.chatBuckets.get(chat);
    if (!b) {
      b = new TokenBucket({
        capacity: this.opts.perChatBurst,
        refillPerSecond: this.opts.perChatPerSecond,
        now: this.nowReal,
      });
      this.chatBuckets.set(chat, b);
    }
    return b;
  }

  /** Records a delivery; if the store refuses, remembers it so it is not delivered again. */
  private recordSent(row: OutboxRow, result: OutboxResult): void {
    try {
      this.outbox.markSent(row.id, result, this.nowReal());
    } catch (e) {
      this.unrecorded.set(row.id, result);
      this.log.error(
        { key: row.idemKey, err: (e as Error).message },
        'delivered but could not record it; kept in memory until the store takes writes',
      );
      throw new Unrecorded((e as Error).message);
    }
  }

  private async deliver(row: OutboxRow, lane: string): Promise<Outcome> {
    try {
      // A write before anything goes out: a store that takes none could not record the delivery.
      this.outbox.defer(row.id, this.nowReal());
    } catch (e) {
      this.log.warn(
        { key: row.idemKey, err: errorMessage(e) },
        'outbox store not writable; nothing is sent until it is',
      );
      return 'later';
    }
    try {
      const outcome = await this.carryOut(row);
      this.timedOut.delete(lane);
      return outcome;
    } catch (e) {
      if (e instanceof Unrecorded) return 'later';
      if (e instanceof DeliveryError && e.how.timedOut) this.timedOut.add(lane);
      else this.timedOut.delete(lane);
      const outcome = this.failed(row, e);
      if (outcome === 'done') this.timedOut.delete(lane); // failed for good: nothing waits in the lane for it
      return outcome;
    }
  }

  /** Each operation's delivery, by `op`: the compiler checks that every operation has one. */
  private readonly operations: { [K in OutboxOpName]: (row: OutboxOpOf<K> & OutboxRow) => Promise<Outcome> } = {
    send: (row) => this.deliverMessage(row),
    edit: (row) => this.deliverMessage(row),
    file: async (row) => {
      const messenger = this.messengers[row.channel];
      if (!messenger?.sendFile) throw new DeliveryError(`messenger ${row.channel} cannot send files`, true);
      if (!this.paced(row)) return 'later';
      const p = row.payload;
      const sent = await messenger.sendFile(row.target, {
        name: p.name,
        caption: p.caption,
        photo: p.photo,
        bytes: Buffer.from(p.base64, 'base64'),
      });
      return this.done(row, sent);
    },
    comment: async (row) => {
      const p = row.payload;
      // Recorded before the call: a row found started after a crash may already be in the timeline.
      this.outbox.markStarted(row.id, this.nowReal());
      await this.crm.addComment(p.entity, p.id, p.text, {
        mayExist: row.startedAt !== null,
        written: () => this.outbox.sentComments(p.entity, p.id, p.text),
      });
      return this.done(row, null);
    },
    'payment.confirm': async (row) => {
      const p = row.payload;
      // "First do the action, then change the stage": the invoice is paid, then the deal moves.
      if (!this.invoices) throw new DeliveryError('no invoice API configured', true);
      await this.invoices.markInvoicePaid(p.kind, p.invoiceId);
      let move: DealMove;
      try {
        move = await this.dealMoveAfterPaid(p);
      } catch (e) {
        // The invoice is paid: a move the portal refuses for good is what became of the deal, not a
        // payment unwritten (and the write is not repeated for it).
        if (this.verdictOn(row, e) !== 'give-up') throw e;
        move = { kind: 'failed', why: crmRefusalOf(e) };
        this.log.error(
          { key: row.idemKey, dealId: p.dealId, err: errorMessage(e) },
          'invoice marked paid, but the deal could not be moved: given up; its card says so',
        );
      }
      // Told before the row is marked done: a crash between the two repeats the (idempotent) write,
      // and the desk's effects are keyed, so what the manager reads is never lost.
      if (p.promptId !== undefined) this.payments?.dealWritten(p.promptId, move);
      return this.done(row, null);
    },
    'todo.add': async (row) => {
      const activityId = await this.crm.addTodo({ ...row.payload, deadline: new Date(row.payload.deadline) });
      return this.done(row, { activityId });
    },
    'todo.move': async (row) => {
      const activityId = this.activityOf(row, row.payload.ref);
      if (activityId === 'later') return 'later';
      await this.crm.moveTodo(activityId, row.payload.ownerTypeId, row.payload.ownerId, new Date(row.payload.deadline));
      return this.done(row, null);
    },
    'activity.complete': async (row) => {
      const activityId = this.activityOf(row, row.payload.ref);
      if (activityId === 'later') return 'later';
      await this.crm.completeActivity(activityId);
      return this.done(row, null);
    },
    'deal.update': async (row) => {
      const { dealId, fields } = row.payload;
      const { stageId, ...rest } = fields;
      const write: { stageId?: string; assignedById?: number } =
        stageId === undefined || (await this.stageAllowed(dealId, stageId)) ? fields : rest;
      if (write.stageId !== undefined || write.assignedById !== undefined) await this.crm.updateDeal(dealId, write);
      return this.done(row, null);
    },
  };

  /**
   * A paid invoice's deal, moved to the paid stage when it may be (the caller has marked the invoice):
   * only once every open invoice of it is paid — a deal with two invoices stays where it is after the
   * first. Decided here, one confirmation after another, so two invoices confirmed at once still move
   * it when the second is written. And never to a stage its pipeline lacks (stage-guard.ts): the portal
   * would drop the deal into the pipeline's first stage.
   */
  private async dealMoveAfterPaid(p: OutboxOpOf<'payment.confirm'>['payload']): Promise<DealMove> {
    if (!p.dealId || !p.stageId || !this.invoices) return { kind: 'none' };
    const open = (await this.invoices.listUnpaidInvoices({ dealIds: [p.dealId] })).filter(
      (i) => !(i.kind === p.kind && i.id === p.invoiceId),
    );
    if (open.length)
      return {
        kind: 'unpaid',
        unpaid: open.map((i) => i.number).sort((a, b) => a.localeCompare(b, 'ru', { numeric: true })),
      };
    const refused = await this.stageRefusal(p.dealId, p.stageId);
    if (refused) return refused.move;
    await this.crm.updateDeal(p.dealId, { stageId: p.stageId });
    return { kind: 'moved' };
  }

  /** Whether the bot may write this stage to the deal (a stage not in its pipeline is never written). */
  private async stageAllowed(dealId: number, stageId: string): Promise<boolean> {
    return (await this.stageRefusal(dealId, stageId)) === null;
  }

  /** Why the bot may not write this stage to the deal (logged), or null when it may. */
  private async stageRefusal(dealId: number, stageId: string): ReturnType<StageWrites['check']> {
    if (!this.stages) return null;
    const refused = await this.stages.check(dealId, stageId);
    if (refused)
      this.log.warn({ dealId, stageId, why: refused.why }, 'stage write skipped: the deal stays where it is');
    return refused;
  }

  private carryOut<K extends OutboxOpName>(row: OutboxOpOf<K> & OutboxRow): Promise<Outcome> {
    return (this.operations[row.op] as (r: OutboxOpOf<K> & OutboxRow) => Promise<Outcome>)(row);
  }

  private done(row: OutboxRow, result: OutboxResult): Outcome {
    this.recordSent(row, result);
    return 'done';
  }

  /** The activity created by the todo.add row `ref`; 'later' while that row is still pending. */
  private activityOf(row: OutboxRow, ref: string): number | 'later' {
    const created = this.outbox.byKey(ref);
    if (created?.status === 'pending') {
      this.outbox.defer(row.id, this.nowReal() + 500);
      return 'later';
    }
    const activityId = created?.result?.activityId;
    if (!activityId) throw new DeliveryError('the activity was never created', true);
    return activityId;
  }

  private async deliverMessage(row: (OutboxOpOf<'send'> | OutboxOpOf<'edit'>) & OutboxRow): Promise<Outcome> {
    const messenger = this.messengers[row.channel];
    if (!messenger) throw new DeliveryError(`messenger ${row.channel} is not configured`, true);
    let messageId: string | undefined;
    // A row this drain read may have been settled since (an edit folded into a later one).
    if (this.outbox.byKey(row.idemKey)?.status !== 'pending') return 'done';
    // Edits of one message queued behind one another (a list of alerts growing) are one call: an edit
    // with a newer one waiting is done by that one.
    const newest = row.op === 'edit' ? this.outbox.newestPendingEditOf(row.payload.ref) : null;
    if (row.op === 'edit' && newest && newest.id > row.id) {
      // Every one before the newest at once (not one by one, each a scan of the pending edits).
      this.outbox.supersedeEdits(row.payload.ref, newest.id - 1, this.nowReal());
      return 'done';
    }
    if (row.op === 'edit') {
      const ref = this.outbox.byKey(row.payload.ref);
      if (!ref || ref.status === 'failed') {
        this.outbox.fail(row.id, 'the message to edit was never delivered');
        return 'done';
      }
      if (ref.status === 'pending') {
        this.outbox.defer(row.id, this.nowReal() + 500);
        return 'later';
      }
      messageId = ref.result?.messageId;
      if (!messageId) {
        this.outbox.fail(row.id, 'the message to edit has no id');
        return 'done';
      }
    }
    if (!this.paced(row)) return 'later';
    if (row.op === 'edit' && messageId !== undefined) {
      const id = messageId;
      try {
        await this.shorterIfTooLong(row, (payload) => messenger.edit(row.target, id, payload));
      } catch (e) {
        // The reader deleted the message, and its new version still asks for something (buttons that
        // act: a list a later alert joined): it comes as a new message, and later edits go to that one.
        // A version with nothing to act on is dropped with the message, as before.
        const acts = row.payload.buttons?.some((r) => r.some((b) => !('url' in b))) ?? false;
        if (!(e instanceof DeliveryError && EDIT_GONE.test(e.message) && acts)) throw e;
        const sent = await this.shorterIfTooLong(row, (payload) => messenger.send(row.target, payload));
        this.outbox.repoint(row.payload.ref, sent);
        this.log.warn(
          { key: row.idemKey, ref: row.payload.ref },
          'message to edit was deleted; its new version sent anew',
        );
      }
      return this.done(row, null);
    }
    const sent = await this.shorterIfTooLong(row, (payload) => messenger.send(row.target, payload));
    const outcome = this.done(row, sent);
    if (row.op === 'send' && row.payload.forgetOnceSent) this.outbox.forgetRow(row.id);
    return outcome;
  }

  /**
   * A message the messenger refuses as too long («message is too long») is re-rendered shorter —
   * its longest lines (user data) cut by graphemes — and sent at once, never dropped.
   */
  private async shorterIfTooLong<T>(
    row: OutboxRow & { payload: OutMessage },
    call: (payload: OutMessage) => Promise<T>,
  ): Promise<T> {
    try {
      return await call(row.payload);
    } catch (e) {
      if (!(e instanceof DeliveryError && TOO_LONG.test(e.message))) throw e;
      // Telegram counts after parsing and we cannot: below its limit and at least a quarter shorter.
      const target = Math.min(SHORTENED_LIMIT, Math.floor(row.payload.text.length * 0.75));
      const shorter = { ...row.payload, text: shortenMarkup(row.payload.text, target) };
      if (shorter.text === row.payload.text) throw e;
      this.log.warn(
        { key: row.idemKey, from: row.payload.text.length, to: shorter.text.length },
        'message refused as too long; sent shortened',
      );
      return await call(shorter);
    }
  }

  /** Telegram's own pacing (per chat and per bot); Bitrix24 calls are paced by the REST client. False: deferred. */
  private paced(row: OutboxRow & { channel: string; target: string }): boolean {
    if (row.channel !== 'telegram') return true;
    // The chat's slot is only taken with the bot's overall one: a refusal by the overall budget must
    // not spend it, and waits one overall slot (not a chat's second) — else ~16 messages/s, not 30.
    const chat = this.bucket(row.target);
    if (!chat.canTake()) {
      this.outbox.defer(row.id, this.nowReal() + Math.ceil(1000 / this.opts.perChatPerSecond));
      return false;
    }
    if (!this.global.tryTake()) {
      this.outbox.defer(row.id, this.nowReal() + Math.ceil(1000 / this.opts.globalPerSecond));
      return false;
    }
    chat.tryTake();
    return true;
  }

  /**
   * What an error means for its row: `wait` (not a failed attempt: Telegram's retry_after, a refused
   * token, the portal needing its admin, OPERATION_TIME_LIMIT), `give-up` (a permanent refusal, or
   * the last attempt), else `retry`.
   */
  private verdictOn(row: OutboxRow, e: unknown): 'wait' | 'give-up' | 'retry' {
    const permanent =
      (e instanceof DeliveryError && e.permanent) ||
      (e instanceof BitrixError &&
        e.status >= 400 &&
        e.status < 500 &&
        e.status !== 429 &&
        e.code !== 'QUERY_LIMIT_EXCEEDED');
    if ((e instanceof DeliveryError && e.how.wait) || needsAdmin(e) || blockedUntil(e) !== null) return 'wait';
    return permanent || row.attempts + 1 >= this.opts.maxAttempts ? 'give-up' : 'retry';
  }

  private failed(row: OutboxRow, e: unknown): Outcome {
    const err = e as Error;
    const target = row.channel === 'telegram' ? 'telegram' : 'bitrix';
    this.metrics.callErrors.inc({ target });
    const verdict = this.verdictOn(row, e);
    // "Wait" (Telegram's 429 retry_after, a refused token) is not a failed attempt: it never counts
    // toward giving up, and the whole chat waits with the row. The portal refusing the webhook
    // (401/403 auth or scope) is the same: the admin must act; the write is right and is held — the
    // CRM lane, or the Bitrix24 dialog, waits whole so that everything goes out in order later.
    const admin = needsAdmin(e);
    // OPERATION_TIME_LIMIT (limits.md): this method is blocked until the reset; other methods work.
    // The row waits for the reset — alone on the CRM lane — and the wait is not a failed attempt.
    const blocked = blockedUntil(e);
    if (verdict === 'wait') {
      const wait = admin
        ? (this.opts.adminRetryMs ?? 30_000)
        : blocked !== null
          ? Math.max(0, blocked - this.nowReal())
          : ((e as DeliveryError).retryAfterMs ?? this.opts.retryBaseMs);
      if (row.channel !== CRM_LANE || admin) this.hold.set(laneOf(row.channel, row.target), this.nowReal() + wait);
      try {
        this.outbox.defer(row.id, this.nowReal() + wait);
      } catch (w) {
        this.log.warn({ key: row.idemKey, err: errorMessage(w) }, 'could not record a wait');
      }
      this.log.info(
        { key: row.idemKey, op: `${row.channel}/${row.op}`, err: err.message, waitMs: wait },
        'outbox item waits',
      );
      return 'later';
    }
    if (verdict === 'give-up') {
      // Told before the row is failed: a crash between the two retries the write, and the desk tells once.
      if (row.op === 'payment.confirm' && row.payload.promptId !== undefined)
        this.payments?.writeGivenUp(row.payload.promptId, e);
      if (row.op === 'send' && e instanceof DeliveryError && e.how.forbidden)
        this.payments?.sendForbidden(row.idemKey, row.channel, row.target, err.message);
      this.outbox.fail(row.id, err.message);
      this.log.error(
        { key: row.idemKey, op: `${row.channel}/${row.op}`, err: err.message, attempts: row.attempts + 1 },
        'outbox item failed for good',
      );
      return 'done';
    }
    const retryAfter = e instanceof DeliveryError ? e.retryAfterMs : undefined;
    const delay = retryAfter ?? backoff(row.attempts, policies.outbox(this.opts.retryBaseMs));
    // Telegram's retry_after is for the chat, not for this one message.
    if (retryAfter !== undefined && row.channel !== CRM_LANE)
      this.hold.set(laneOf(row.channel, row.target), this.nowReal() + retryAfter);
    try {
      this.outbox.retryLater(row.id, err.message, this.nowReal() + delay);
    } catch (w) {
      // The store refuses writes: the row stays as it is and comes again once it takes them.
      this.log.warn({ key: row.idemKey, err: (w as Error).message }, 'could not record a failed delivery');
      return 'later';
    }
    this.log.warn(
      { key: row.idemKey, op: `${row.channel}/${row.op}`, err: err.message, retryInMs: delay },
      'outbox item will be retried',
    );
    return 'later';
  }
}
