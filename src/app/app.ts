/**
 * The composition root's engine: wires the store, the CRM, the messenger and the deal desk, and
 * runs the loops (inbound events, timers, outbox, reconciliation). main.ts, the demo and the
 * end-to-end tests all build the bot through here.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../kernel/clock';
import type { Env, Rules } from '../config';
import type { Logger } from '../kernel/log';
import type { Crm, Actor, OutMessage, ActionReply } from '../kernel/ports';
import { Metrics } from '../kernel/metrics';
import { openDb, migrate, kvSet, type Db } from '../store/db';
import { InboundStore } from '../store/inbound';
import { Directory } from '../kernel/directory';
import { createDeskContext, personOf, sendToChat, type DeskContext } from '../kernel/context';
import { processInbound, MAX_EVENT_ATTEMPTS } from '../deals/inbox';
import { reconcileDeals } from '../deals/reconcile';
import { escalateUnclaimed } from '../deals/escalation';
import { handleDealAction, parseDealAction } from '../deals/actions';
import { fireDueTimers } from '../kernel/scheduler';
import { OutboxSender } from './outbox-sender';
import { buildHttp } from '../http/server';
import { BitrixClient } from '../integrations/bitrix/client';
import { BitrixCrm } from '../integrations/bitrix/crm';
import { BitrixInvoices } from '../integrations/bitrix/invoices';
import { PaymentDesk } from '../payments/desk';
import { FollowUpDesk } from '../reminders/follow-ups';
import { TelegramTransport, type Command } from '../integrations/telegram/transport';
import { BitrixChatTransport, BUTTON_COMMAND, B24_COMMANDS } from '../integrations/bitrix/chat-transport';
import type { ChatEvent } from '../integrations/bitrix/chat-events';
import { PeopleDesk } from '../people/access';
import { replies } from '../texts';

/** Thrown to roll back the health check's allocation probe. */
class RoomProbe extends Error {}

export interface AppOptions {
  env: Env;
  rules: Rules;
  clock: Clock;
  log: Logger;
  /** Fetch deals one by one instead of in batches: the benchmark's naive baseline. */
  naiveFetch?: boolean;
  /** Loops: the production bot ticks by itself; tests and the demo drive `settle()` instead. */
  autoTick?: boolean;
}

export class App {
  readonly metrics = new Metrics();
  readonly db: Db;
  readonly ctx: DeskContext;
  readonly crm: Crm;
  readonly bitrix: BitrixClient;
  readonly telegram: TelegramTransport | null;
  /** Our chat bot in the Bitrix24 messenger, when it is registered (BITRIX_BOT_ID + BITRIX_BOT_TOKEN). */
  readonly chatBot: BitrixChatTransport | null;
  private readonly inbox: ReturnType<App['chatInbox']>;
  readonly payments: PaymentDesk;
  readonly followUps: FollowUpDesk;
  readonly people: PeopleDesk;
  private readonly inbound: InboundStore;
  private readonly sender: OutboxSender;
  private http: FastifyInstance | null = null;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  /** A pass at the next deadline when it comes before the next 1 s tick. */
  private wake: NodeJS.Timeout | null = null;
  /** The deadlines' own pass (fire what is due, send it): it does not wait for a pass over events. */
  private timerPass: Promise<void> | null = null;
  private timersAgain = false;
  private lastTickOk = Date.now();
  private stopped = false;

  constructor(private readonly opts: AppOptions) {
    const { env, rules, clock, log } = opts;
    this.db = openDb(env.DATABASE_PATH);
    migrate(this.db);
    if (!env.BITRIX_WEBHOOK_URL)
      throw new Error('BITRIX_WEBHOOK_URL is required to run the bot (without it, `npm start` runs the offline demo)');
    this.bitrix = new BitrixClient({
      webhookUrl: env.BITRIX_WEBHOOK_URL,
      requestsPerSecond: rules.bitrix.requestsPerSecond,
      burst: rules.bitrix.burst,
      maxRetries: rules.bitrix.maxRetries,
      retryBaseMs: rules.bitrix.retryBase,
      onCall: (method, outcome, code) => {
        if (outcome !== 'ok') this.metrics.callErrors.inc({ target: 'bitrix', code: code ?? outcome });
      },
    });
    this.crm = new BitrixCrm(this.bitrix, { addressField: rules.portal.addressField });
    this.chatBot =
      env.BITRIX_BOT_ID && env.BITRIX_BOT_TOKEN
        ? new BitrixChatTransport(this.bitrix, { id: env.BITRIX_BOT_ID, token: env.BITRIX_BOT_TOKEN })
        : null;
    this.ctx = createDeskContext({
      db: this.db,
      directory: new Directory(this.crm),
      rules,
      clock,
      log,
      metrics: this.metrics,
      portalUrl: this.crm.portalUrl,
      b24chat: this.chatBot !== null,
    });
    for (const l of rules.people.links)
      this.ctx.links.link(l.bitrixUserId, String(l.telegramUserId), 'config', clock.now().getTime());
    const invoices = new BitrixInvoices(this.bitrix, { kind: rules.payments.invoiceKind });
    this.payments = new PaymentDesk(this.ctx, invoices, this.crm);
    this.followUps = new FollowUpDesk(this.ctx, this.crm);
    this.people = new PeopleDesk(this.ctx, this.crm);
    this.ctx.absence = (id) => {
      const until = this.people.awayUntil(id);
      return until === null ? null : { until, standIn: this.people.standIn(id) };
    };
    this.ctx.directory.onLoad = () => this.people.sync((from, to) => this.payments.movePending(from, to));
    this.ctx.onDealSnapshot = (prev, next) => this.followUps.onDealSnapshot(prev, next);
    this.followUps.scheduleMorning();
    this.inbound = new InboundStore(this.db);
    this.inbox = this.chatInbox();
    this.telegram = env.TELEGRAM_BOT_TOKEN
      ? new TelegramTransport(env.TELEGRAM_BOT_TOKEN, {
          apiRoot: env.TELEGRAM_API_ROOT,
          log: log.child({ part: 'telegram' }),
          inbox: this.inbox,
        })
      : null;
    this.sender = new OutboxSender(
      this.ctx.outbox,
      { ...(this.telegram ? { telegram: this.telegram } : {}), ...(this.chatBot ? { b24chat: this.chatBot } : {}) },
      this.crm,
      { ...rules.telegram, maxAttempts: rules.outbox.maxAttempts, retryBaseMs: rules.outbox.retryBase },
      log.child({ part: 'outbox' }),
      this.metrics,
      Date.now,
      invoices,
    );
    this.metrics.gauge('bot_outbox_depth', 'Outbox rows waiting to be sent', () => this.ctx.outbox.pendingCount());
    this.metrics.gauge('bot_inbound_pending', 'Recorded events not yet processed', () => this.inbound.pendingCount());
    this.metrics.gauge('bot_timers_pending', 'Durable timers waiting', () => this.ctx.timers.pendingCount());
    this.metrics.gauge('bot_assignments_pending', 'Deals waiting to be claimed', () =>
      this.ctx.assignments.pendingCount(),
    );
  }

  /** What people say and press, whichever messenger they use: one set of rules for both. */
  private chatInbox() {
    const settled = <T>(p: Promise<T>, counter: { inc(): void }): Promise<T> =>
      p.finally(() => {
        this.kick();
        counter.inc();
      });
    return {
      onCommand: (actor: Actor, command: Command, args: string, privateChat: boolean): Promise<OutMessage | null> =>
        settled(
          (async () => {
            if (command === 'payments') return this.payments.todayList(personOf(this.ctx, actor));
            if (!privateChat) return null; // people's commands are answered in private only
            if (command === 'start') return await this.people.onStart(actor);
            if (command === 'code') return await this.people.onCodeRequest(actor, args);
            if (command === 'people') return await this.people.onPeople(actor);
            if (command === 'unlink') return this.people.onUnlink(actor, args);
            if (command === 'forget') return this.people.onForget(actor);
            if (command === 'away') return this.people.onAway(actor, args);
            if (command === 'where') return this.people.onWhere(actor);
            return this.people.onBack(actor);
          })(),
          this.metrics.chatMessages,
        ),
      onContact: (actor: Actor, contact: { phone: string; userId: number | null }): Promise<OutMessage> =>
        settled(this.people.onContact(actor, contact), this.metrics.chatMessages),
      // Counted once the decision is stored: tests wait on this before they settle().
      onAction: (actor: Actor, data: string): Promise<ActionReply> =>
        settled(
          (async () => {
            const action = parseDealAction(data);
            if (!action && !/^(pay|fu|fa)-|^where:/.test(data)) {
              this.opts.log.warn({ from: actor.address, channel: actor.channel }, 'unknown button data');
              return { text: replies.unknown };
            }
            const personId = personOf(this.ctx, actor);
            return (
              this.people.onWhereChoice(personId, data) ??
              (await this.payments.onAction(personId, data)) ??
              (await this.followUps.onAction(personId, data)) ??
              (action ? await handleDealAction(this.ctx, personId, action, actor.channel) : { text: replies.unknown })
            );
          })(),
          this.metrics.buttonPresses,
        ),
      onText: (actor: Actor, m: { messageId: string; text: string; edited: boolean }): Promise<OutMessage | null> =>
        settled(
          (async () => {
            if (actor.chatId === actor.address) {
              if (m.edited) return null;
              const codeReply = actor.channel === 'telegram' ? this.people.onPrivateText(actor, m.text) : null;
              if (codeReply) return codeReply;
              this.followUps.onPrivateText(personOf(this.ctx, actor), m.text);
              return null;
            }
            await this.payments.onMessage(actor, m);
            return null;
          })(),
          this.metrics.chatMessages,
        ),
    };
  }

  /**
   * Recorded Bitrix24 chat-bot events, in order: each is acted on through the same inbox as
   * Telegram, its answer goes to the same dialog under a key of its own (a re-run sends nothing twice).
   */
  private async processChatEvents(): Promise<number> {
    const rows = this.inbound.pending(Date.now(), 50, 'b24chat');
    if (rows.length === 0) return 0;
    try {
      await this.ctx.directory.knowAbout(rows.map((r) => Number((r.payload as ChatEvent).user.id)));
    } catch (e) {
      this.inbound.retryLater(
        rows.map((r) => r.id),
        (e as Error).message,
        Date.now() + this.opts.rules.outbox.retryBase,
      );
      return 0;
    }
    for (const r of rows) {
      try {
        const reply = await this.onChatEvent(r.payload as ChatEvent);
        this.ctx.db.transaction(() => {
          const e = r.payload as ChatEvent;
          if (reply) sendToChat(this.ctx, { channel: 'b24chat', id: e.dialogId }, `b24reply:${r.id}`, reply);
          this.inbound.markProcessed([r.id], this.opts.clock.now().getTime());
        })();
      } catch (e) {
        const err = e as Error;
        if (r.attempts + 1 >= MAX_EVENT_ATTEMPTS) {
          this.inbound.giveUp([r.id], err.message, this.opts.clock.now().getTime());
          this.opts.log.error({ eventId: r.id, err: err.message }, 'chat event failed for good');
        } else {
          const delay = Math.min(this.opts.rules.outbox.retryBase * 2 ** r.attempts, 300_000);
          this.inbound.retryLater([r.id], err.message, Date.now() + delay);
          this.opts.log.warn({ eventId: r.id, err: err.message, retryInMs: delay }, 'chat event will be retried');
        }
      }
    }
    return rows.length;
  }

  private async onChatEvent(e: ChatEvent): Promise<OutMessage | null> {
    const inbox = this.inbox;
    const actor: Actor = {
      channel: 'b24chat',
      address: String(e.user.id),
      chatId: e.dialogId,
      displayName: e.user.name,
    };
    const privateChat = e.dialogId === String(e.user.id);
    // Group chats: only the configured «Оплата» chat is read; anything said or pressed elsewhere is ignored.
    if (!privateChat && e.dialogId !== this.opts.rules.payments.bitrixChatId) return null;
    if (e.kind === 'join') {
      this.opts.log.info({ dialogId: e.dialogId }, 'bot added to the payment chat');
      return null;
    }
    if (e.kind !== 'command')
      return inbox.onText(actor, { messageId: e.messageId, text: e.text, edited: e.kind === 'edit' });
    if (e.command === BUTTON_COMMAND) {
      const r = await inbox.onAction(actor, e.params);
      return r.quiet ? null : { text: r.text };
    }
    const command = B24_COMMANDS.find((c) => c.command === e.command)?.command;
    if (!command) return null;
    return inbox.onCommand(actor, command, e.params, privateChat);
  }

  async listen(port = this.opts.env.PORT, host = this.opts.env.HOST): Promise<string> {
    const { env } = this.opts;
    const webhook =
      this.telegram && env.TELEGRAM_MODE === 'webhook' && env.TELEGRAM_WEBHOOK_SECRET
        ? { path: '/telegram/webhook', handler: this.telegram.webhookHandler(env.TELEGRAM_WEBHOOK_SECRET) as never }
        : undefined;
    this.http = await buildHttp({
      log: this.opts.log,
      metrics: this.metrics,
      applicationToken: env.BITRIX_APP_TOKEN ?? null,
      recordDealEvent: (e) =>
        this.inbound.record(
          { source: 'bitrix', dedupKey: e.dedupKey, event: e.event, entityId: e.dealId },
          this.opts.clock.now().getTime(),
        ),
      onEventRecorded: () => this.kick(),
      chatBot:
        this.chatBot && env.BITRIX_BOT_ID
          ? {
              applicationToken: env.BITRIX_BOT_APP_TOKEN ?? env.BITRIX_APP_TOKEN ?? null,
              botId: env.BITRIX_BOT_ID,
              record: (e) =>
                this.inbound.record(
                  { source: 'b24chat', dedupKey: e.dedupKey, event: e.event, entityId: e.entityId, payload: e.chat },
                  this.opts.clock.now().getTime(),
                ),
            }
          : undefined,
      health: () => this.health(),
      telegramWebhook: webhook,
    });
    return this.http.listen({ port, host });
  }

  /** Starts the loops: polling Telegram, ticking every second, sweeping the CRM. */
  async start(): Promise<void> {
    if (this.telegram && this.opts.env.TELEGRAM_MODE === 'polling') await this.telegram.startPolling();
    if (this.telegram && this.opts.env.TELEGRAM_MODE === 'webhook' && this.opts.env.PUBLIC_URL) {
      await this.telegram.bot.api.setWebhook(`${this.opts.env.PUBLIC_URL}/telegram/webhook`, {
        secret_token: this.opts.env.TELEGRAM_WEBHOOK_SECRET,
      });
    }
    if (this.opts.autoTick === false) return;
    this.kick();
    this.timers.push(
      setInterval(() => {
        this.kick();
        this.fireTimersSoon();
      }, 1000),
    );
    const sweep = () =>
      void this.reconcile().catch((e: Error) =>
        this.opts.log.warn({ err: e.message }, 'reconciliation failed; next sweep retries'),
      );
    sweep();
    this.timers.push(setInterval(sweep, Math.max(1000, this.opts.rules.reconcile.interval)));
  }

  /** Runs one pass soon; passes never overlap. */
  kick(): void {
    // Without autoTick (tests, demo) the caller drives passes with settle(): deterministic.
    if (this.stopped || this.opts.autoTick === false) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.tick()
      .then(() => undefined)
      .catch((e: Error) => this.opts.log.error({ err: e.message }, 'tick failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.wakeAtNextDeadline();
      });
  }

  /** Deadlines fire at their time, not at the next 1 s tick after it. */
  private wakeAtNextDeadline(): void {
    if (this.stopped) return;
    let next: number | null = null;
    try {
      next = this.ctx.timers.nextDue();
    } catch {
      return; // the store is unreadable: the 1 s tick goes on
    }
    const inMs = next === null ? Infinity : next - this.opts.clock.now().getTime();
    if (inMs <= 0 || inMs >= 1000) return; // overdue ones are the tick's; later ones the interval's
    if (this.wake) clearTimeout(this.wake);
    this.wake = setTimeout(() => {
      this.wake = null;
      this.fireTimersSoon();
    }, inMs);
  }

  private fireDue(): Promise<number> {
    return fireDueTimers(
      this.ctx.timers,
      {
        escalate: (t) => escalateUnclaimed(this.ctx, t),
        'pay-remind': (t) => this.payments.remind(t),
        followup: (t) => this.followUps.onDue(t),
        'survey-check': (t) => this.followUps.onSurveyCheck(t),
        morning: (t) => this.followUps.onMorning(t),
      },
      this.opts.clock.now().getTime(),
      this.opts.log,
    );
  }

  /**
   * Deadlines have a pass of their own beside the main one: a backlog of events (after a restart, a
   * burst) must not hold them. Firing twice is harmless — a timer row is marked in the transaction
   * of its effects — and the sender keeps each lane to one drain at a time.
   */
  private fireTimersSoon(): void {
    if (this.stopped || this.opts.autoTick === false) return;
    if (this.timerPass) {
      this.timersAgain = true;
      return;
    }
    this.timerPass = (async () => {
      if ((await this.fireDue()) > 0) await this.sender.drain();
    })()
      .catch((e: Error) => this.opts.log.error({ err: e.message }, 'timer pass failed'))
      .finally(() => {
        this.timerPass = null;
        if (this.timersAgain) {
          this.timersAgain = false;
          this.fireTimersSoon();
        } else this.wakeAtNextDeadline();
      });
  }

  /** One pass over all work that is due: events, timers, outbox. Returns how much it did. */
  async tick(): Promise<number> {
    const timers = () => this.fireDue();
    // Deadlines first, and again between chunks of a backlog of events: they must not wait for it.
    let did = await timers();
    did += (await this.payments.retryUnread()) + (await this.processChatEvents());
    did += await processInbound(this.ctx, this.crm, {
      batched: !this.opts.naiveFetch,
      retryBaseMs: this.opts.rules.outbox.retryBase,
      afterChunk: async () => {
        did += await timers();
        return this.sender.drain();
      },
    });
    did += (await timers()) + (await this.sender.drain());
    this.lastTickOk = Date.now();
    return did;
  }

  async reconcile(): Promise<number> {
    const n = await reconcileDeals(this.ctx, this.crm);
    this.kick(); // what the sweep queued is read in the next pass
    return n;
  }

  /**
   * Runs passes until nothing is left to do, waiting (really) for back-offs that are due soon.
   * Tests and the demo use it to know the bot has finished reacting.
   */
  async settle(maxWaitMs = 20_000): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    while (this.running) await this.running;
    for (;;) {
      const did = await this.tick();
      if (did > 0) continue;
      const now = Date.now();
      const next = [
        this.inbound.pendingCount() ? this.inbound.nextAttemptAt() : null,
        this.ctx.outbox.pendingCount() ? this.ctx.outbox.nextAttemptAt() : null,
      ].filter((t): t is number => t !== null);
      const dueTimers = this.ctx.timers.due(this.opts.clock.now().getTime(), 1).length;
      if (next.length === 0 && dueTimers === 0) return;
      const wait = Math.max(0, Math.min(...next, dueTimers ? now : Infinity) - now);
      if (now + wait > deadline)
        throw new Error(
          `bot did not settle within ${maxWaitMs} ms (inbound ${this.inbound.pendingCount()}, outbox ${this.ctx.outbox.pendingCount()})`,
        );
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 250)));
    }
  }

  health(): { ok: boolean; details: Record<string, unknown> } {
    try {
      kvSet(this.db, 'health.probe', String(Date.now()));
      // That update fits in its page even when the database (or the disk) is full, and so do some
      // inserts — but not the one that needs a new page. Ask for two pages, then roll back.
      this.db.transaction(() => {
        this.db
          .prepare(`INSERT OR REPLACE INTO kv (key, value) VALUES ('health.room', ?)`)
          .run(' '.repeat(2 * (this.db.pragma('page_size', { simple: true }) as number)));
        throw new RoomProbe();
      })();
    } catch (e) {
      if (!(e instanceof RoomProbe))
        return { ok: false, details: { database: `not writable: ${(e as Error).message}` } };
    }
    const stale = this.opts.autoTick !== false && Date.now() - this.lastTickOk > 60_000;
    return {
      ok: !stale,
      details: {
        database: 'ok',
        loop: stale ? 'stalled' : 'ok',
        outbox: this.ctx.outbox.pendingCount(),
        inbound: this.inbound.pendingCount(),
      },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    if (this.wake) clearTimeout(this.wake);
    this.timers = [];
    while (this.running || this.timerPass) await (this.running ?? this.timerPass);
    await this.telegram?.stop();
    await this.http?.close();
    this.db.close();
  }
}
