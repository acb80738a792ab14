/**
 * The composition root's engine: wires the store, the CRM, the messenger and the deal desk, and
 * runs the loops (inbound events, timers, outbox, reconciliation). main.ts, the demo and the
 * end-to-end tests all build the bot through here.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from './clock';
import type { Env, Rules } from './config';
import type { Logger } from './log';
import type { Crm, Messenger, Actor, OutMessage, ActionReply } from './ports';
import { Metrics } from './metrics';
import { openDb, migrate, kvSet, type Db } from './store/db';
import { InboundStore } from './store/inbound';
import { Directory } from './people/directory';
import { createDeskContext, type DeskContext } from './deals/context';
import { processInbound } from './deals/inbox';
import { reconcileDeals } from './deals/reconcile';
import { escalateUnclaimed } from './deals/escalation';
import { handleDealAction, parseDealAction } from './deals/actions';
import { fireDueTimers } from './scheduler';
import { OutboxSender } from './outbox-sender';
import { buildHttp } from './http/server';
import { BitrixClient } from './integrations/bitrix/client';
import { BitrixCrm } from './integrations/bitrix/crm';
import { BitrixInvoices } from './integrations/bitrix/invoices';
import { PaymentDesk } from './payments/desk';
import { FollowUpDesk } from './reminders/follow-ups';
import { TelegramTransport, type Command } from './bot/telegram';
import { PeopleDesk } from './people/access';
import { replies } from './bot/texts';

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
  readonly payments: PaymentDesk;
  readonly followUps: FollowUpDesk;
  readonly people: PeopleDesk;
  private readonly inbound: InboundStore;
  private readonly sender: OutboxSender;
  private http: FastifyInstance | null = null;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private lastTickOk = Date.now();
  private stopped = false;

  constructor(private readonly opts: AppOptions) {
    const { env, rules, clock, log } = opts;
    this.db = openDb(env.DATABASE_PATH);
    migrate(this.db);
    if (!env.BITRIX_WEBHOOK_URL) throw new Error('BITRIX_WEBHOOK_URL is required to run the bot (without it, `npm start` runs the offline demo)');
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
    this.ctx = createDeskContext({ db: this.db, directory: new Directory(this.crm), rules, clock, log, metrics: this.metrics, portalUrl: this.crm.portalUrl });
    for (const l of rules.people.links) this.ctx.links.link(l.bitrixUserId, String(l.telegramUserId), 'config', clock.now().getTime());
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
    this.telegram = env.TELEGRAM_BOT_TOKEN
      ? new TelegramTransport(env.TELEGRAM_BOT_TOKEN, { apiRoot: env.TELEGRAM_API_ROOT, log: log.child({ part: 'telegram' }), inbox: this.telegramInbox() })
      : null;
    this.sender = new OutboxSender(
      this.ctx.outbox,
      this.telegram as Messenger | null,
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
    this.metrics.gauge('bot_assignments_pending', 'Deals waiting to be claimed', () => this.ctx.assignments.pendingCount());
  }

  private telegramInbox() {
    return {
      onCommand: async (actor: Actor, command: Command, args: string, privateChat: boolean): Promise<OutMessage | null> => {
        try {
          const me = this.ctx.links.personOfTelegram(actor.address);
          if (command === 'payments') return this.payments.todayList(me);
          if (!privateChat) return null; // people's commands are answered in private only
          if (command === 'start') return await this.people.onStart(actor);
          if (command === 'code') return await this.people.onCodeRequest(actor, args);
          if (command === 'people') return await this.people.onPeople(actor);
          if (command === 'unlink') return this.people.onUnlink(actor, args);
          if (command === 'forget') return this.people.onForget(actor);
          if (command === 'away') return this.people.onAway(actor, args);
          return this.people.onBack(actor);
        } finally {
          this.kick();
          this.metrics.chatMessages.inc();
        }
      },
      onContact: async (actor: Actor, contact: { phone: string; userId: number | null }): Promise<OutMessage> => {
        try {
          return await this.people.onContact(actor, contact);
        } finally {
          this.metrics.chatMessages.inc();
        }
      },
      onAction: async (actor: Actor, data: string): Promise<ActionReply> => {
        const action = parseDealAction(data);
        try {
          if (!action && !/^(pay|fu|fa)-/.test(data)) {
            this.opts.log.warn({ from: actor.address }, 'unknown button data');
            return { text: replies.unknown };
          }
          const personId = this.ctx.links.personOfTelegram(actor.address);
          const reply =
            (await this.payments.onAction(personId, data)) ??
            (await this.followUps.onAction(personId, data)) ??
            (action ? await handleDealAction(this.ctx, personId, action) : { text: replies.unknown });
          this.kick();
          return reply;
        } finally {
          // Counted once the decision is stored: tests wait on this before they settle().
          this.metrics.buttonPresses.inc();
        }
      },
      onText: async (actor: Actor, m: { messageId: string; text: string; edited: boolean }): Promise<OutMessage | null> => {
        try {
          if (actor.chatId === actor.address) {
            if (m.edited) return null;
            const codeReply = this.people.onPrivateText(actor, m.text);
            if (codeReply) return codeReply;
            this.followUps.onPrivateText(this.ctx.links.personOfTelegram(actor.address), m.text);
            return null;
          }
          await this.payments.onMessage(actor, m);
          return null;
        } finally {
          this.kick();
          this.metrics.chatMessages.inc();
        }
      },
    };
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
      recordDealEvent: (e) => this.inbound.record({ source: 'bitrix', dedupKey: e.dedupKey, event: e.event, entityId: e.dealId }, this.opts.clock.now().getTime()),
      onEventRecorded: () => this.kick(),
      health: () => this.health(),
      telegramWebhook: webhook,
    });
    return this.http.listen({ port, host });
  }

  /** Starts the loops: polling Telegram, ticking every second, sweeping the CRM. */
  async start(): Promise<void> {
    if (this.telegram && this.opts.env.TELEGRAM_MODE === 'polling') await this.telegram.startPolling();
    if (this.telegram && this.opts.env.TELEGRAM_MODE === 'webhook' && this.opts.env.PUBLIC_URL) {
      await this.telegram.bot.api.setWebhook(`${this.opts.env.PUBLIC_URL}/telegram/webhook`, { secret_token: this.opts.env.TELEGRAM_WEBHOOK_SECRET });
    }
    if (this.opts.autoTick === false) return;
    this.kick();
    this.timers.push(setInterval(() => this.kick(), 1000));
    const sweep = () => void this.reconcile().catch((e: Error) => this.opts.log.warn({ err: e.message }, 'reconciliation failed; next sweep retries'));
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
        }
      });
  }

  /** One pass over all work that is due: events, timers, outbox. Returns how much it did. */
  async tick(): Promise<number> {
    const did =
      (await this.payments.retryUnread()) +
      (await processInbound(this.ctx, this.crm, { batched: !this.opts.naiveFetch, retryBaseMs: this.opts.rules.outbox.retryBase, afterChunk: () => this.sender.drain() })) +
      (await fireDueTimers(this.ctx.timers, {
          escalate: (t) => escalateUnclaimed(this.ctx, t),
          'pay-remind': (t) => this.payments.remind(t),
          followup: (t) => this.followUps.onDue(t),
          'survey-check': (t) => this.followUps.onSurveyCheck(t),
          morning: (t) => this.followUps.onMorning(t),
        }, this.opts.clock.now().getTime(), this.opts.log)) +
      (await this.sender.drain());
    this.lastTickOk = Date.now();
    return did;
  }

  async reconcile(): Promise<number> {
    return reconcileDeals(this.ctx, this.crm);
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
      const next = [this.inbound.pendingCount() ? this.inbound.nextAttemptAt() : null, this.ctx.outbox.pendingCount() ? this.ctx.outbox.nextAttemptAt() : null].filter(
        (t): t is number => t !== null,
      );
      const dueTimers = this.ctx.timers.due(this.opts.clock.now().getTime(), 1).length;
      if (next.length === 0 && dueTimers === 0) return;
      const wait = Math.max(0, Math.min(...next, dueTimers ? now : Infinity) - now);
      if (now + wait > deadline) throw new Error(`bot did not settle within ${maxWaitMs} ms (inbound ${this.inbound.pendingCount()}, outbox ${this.ctx.outbox.pendingCount()})`);
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 250)));
    }
  }

  health(): { ok: boolean; details: Record<string, unknown> } {
    try {
      kvSet(this.db, 'health.probe', String(Date.now()));
    } catch (e) {
      return { ok: false, details: { database: `not writable: ${(e as Error).message}` } };
    }
    const stale = this.opts.autoTick !== false && Date.now() - this.lastTickOk > 60_000;
    return {
      ok: !stale,
      details: { database: 'ok', loop: stale ? 'stalled' : 'ok', outbox: this.ctx.outbox.pendingCount(), inbound: this.inbound.pendingCount() },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    while (this.running) await this.running;
    await this.telegram?.stop();
    await this.http?.close();
    this.db.close();
  }
}
