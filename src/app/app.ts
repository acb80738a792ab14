/**
 * The composition root's engine: builds the store, the CRM, the messengers and the desks with their
 * dependencies passed in, and owns their lifecycle (listen, start, stop). The loops live in
 * loops.ts, chat routing in router.ts, the Bitrix24 chat events in chat-events.ts, health in
 * health.ts. main.ts, the demo and the end-to-end tests all build the bot through here.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../kernel/clock';
import type { Env, Rules } from '../config';
import type { Logger } from '../kernel/log';
import type { Crm } from '../kernel/ports';
import { Metrics } from '../kernel/metrics';
import { errorMessage } from '../kernel/errors';
import { DomainEvents } from '../kernel/events';
import { Directory } from '../kernel/directory';
import { fireDueTimers } from '../kernel/scheduler';
import { openDb, migrate, KvStore, transactor, type Db } from '../store/db';
import { InboundStore } from '../store/inbound';
import { OutboxStore } from '../store/outbox';
import { TimerStore, type TimerHandlers, type TimerOf } from '../store/timers';
import type { DealsContext } from '../deals/context';
import { DealStore, AssignmentStore, AlertBundleStore } from '../deals/store';
import { processInbound } from '../deals/inbox';
import { reconcileDeals } from '../deals/reconcile';
import { escalateUnclaimed } from '../deals/escalation';
import { dealButtons } from '../deals/actions';
import { pauseCommands } from '../deals/pause';
import { redrawBundle, subscribeBundles } from '../deals/bundles';
import { PaymentDesk } from '../payments/desk';
import { PaymentStore } from '../payments/store';
import { FollowUpDesk } from '../reminders/follow-ups';
import { FollowUpStore } from '../reminders/store';
import { PeopleDesk } from '../people/access';
import { PeopleStore } from '../people/store';
import { applyRulesLinks, reportRulesLinks } from '../people/rules-links';
import { ReportsDesk } from '../reports/desk';
import { ReportStore } from '../reports/store';
import { buildHttp } from '../http/server';
import { BitrixClient } from '../integrations/bitrix/client';
import { BitrixCrm } from '../integrations/bitrix/crm';
import { BitrixInvoices } from '../integrations/bitrix/invoices';
import { BitrixChatTransport } from '../integrations/bitrix/chat-transport';
import { TelegramTransport } from '../integrations/telegram/transport';
import { OutboxSender } from './outbox-sender';
import { createChatRouter } from './router';
import { ChatEventPump } from './chat-events';
import { ChatEventPoller } from './chat-fetch';
import { Shadow } from './shadow';
import { shortName, shadow as shadowTexts } from '../texts';
import { kvKey } from '../kernel/keys';
import { verifyChatBotEvent } from '../integrations/bitrix/chat-bot-token';
import { Loops } from './loops';
import { disjoint } from '../kernel/desk';
import { checkHealth, type Health } from './health';
import { PortalAccessWatch } from './portal-access';
import { OutageWatch } from './outages';
import { StageGuard } from './stage-guard';
import { RequiredFieldsCheck } from './required-fields-check';
import { pruneOldRows, type Pruned } from './retention';
import { sendReply, sendToPerson } from '../kernel/delivery';
import { chatKey, messageKey } from '../kernel/keys';
import { ops } from '../texts';

/** The REST client's codes for a call that got no answer at all (integrations/bitrix/client.ts). */
const NO_ANSWER = new Set(['NETWORK', 'TIMEOUT', 'NETWORK_UNCERTAIN']);

export interface AppOptions {
  env: Env;
  rules: Rules;
  clock: Clock;
  log: Logger;
  /** Fetch deals one by one instead of in batches: the benchmark's naive baseline. */
  naiveFetch?: boolean;
  /** Loops: the production bot ticks by itself; tests and the demo drive passes (simulator/settle.ts) instead. */
  autoTick?: boolean;
}

export class App {
  readonly metrics = new Metrics();
  readonly db: Db;
  /** The deal desk's context (the shared desk context plus the deals' own stores). */
  readonly ctx: DealsContext;
  readonly crm: Crm;
  readonly bitrix: BitrixClient;
  readonly telegram: TelegramTransport | null;
  /** Our chat bot in the Bitrix24 messenger, when it is registered (BITRIX_BOT_ID + BITRIX_BOT_TOKEN). */
  readonly chatBot: BitrixChatTransport | null;
  readonly payments: PaymentDesk;
  readonly followUps: FollowUpDesk;
  readonly people: PeopleDesk;
  readonly reports: ReportsDesk;
  readonly inbound: InboundStore;
  private readonly bundles: AlertBundleStore;
  /** The payment desk's tables (retention prunes its kv `payments.covered-by` rows). */
  private readonly paymentStore: PaymentStore;
  readonly loops: Loops;
  private readonly sender: OutboxSender;
  /** Whether the portal refuses the webhook (401/403): the admins told once, /healthz degraded. */
  readonly portalAccess: PortalAccessWatch;
  /** Whether Telegram or the portal cannot be reached at all: since when, /healthz, the admins told once past the grace. */
  readonly outages: OutageWatch;
  private readonly chatEvents: ChatEventPump;
  /** Shadow mode (SHADOW=1): reads only; the admins hear what the bot would have done. */
  readonly shadow: Shadow | null;
  private peopleStore: PeopleStore | null = null;
  /** Fetch mode (the default): the chat bot's events pulled with imbot.v2.Event.get. */
  private readonly chatPoller: ChatEventPoller | null;
  private http: FastifyInstance | null = null;
  /** This process's start (real ms): "once per start" notices are keyed by it. */
  private readonly startedAt = Date.now();
  /**
   * Since when (the bot's clock) this run takes the portal's outbound events: its HTTP server's start.
   * Events sent before it — while the bot was down — are lost for good, and the deals they were about
   * are no sign of a dead webhook (reconcile.ts).
   */
  private acceptingSince: number;

  constructor(private readonly opts: AppOptions) {
    const { env, rules, clock, log } = opts;
    this.acceptingSince = clock.now().getTime();
    this.db = openDb(env.DATABASE_PATH);
    migrate(this.db);
    // A shadow run records sends and CRM writes as done without doing them: its database must never
    // become the live one (nor the other way round), or the live bot would think that work was done.
    const mode = env.SHADOW ? 'shadow' : 'live';
    const kv = new KvStore(this.db);
    const used = kv.get(kvKey.runMode);
    if (used !== undefined && used !== mode) {
      this.db.close();
      throw new Error(
        `the database ${env.DATABASE_PATH} belongs to a ${used} run: give the ${mode} run its own DATABASE_PATH`,
      );
    }
    if (used === undefined) kv.set(kvKey.runMode, mode);
    if (!env.BITRIX_WEBHOOK_URL)
      throw new Error('BITRIX_WEBHOOK_URL is required to run the bot (without it, `npm start` runs the offline demo)');
    this.bitrix = new BitrixClient({
      webhookUrl: env.BITRIX_WEBHOOK_URL,
      requestsPerSecond: rules.bitrix.requestsPerSecond,
      burst: rules.bitrix.burst,
      maxRetries: rules.bitrix.maxRetries,
      retryBaseMs: rules.bitrix.retryBase,
      timeoutMs: rules.bitrix.timeout,
      readOnly: env.SHADOW,
      onCall: (method, outcome, code, status, description, waitedMs) => {
        if (outcome !== 'ok') this.metrics.callErrors.inc({ target: 'bitrix', code: code ?? outcome });
        // Set up below, before any call is made (the constructor makes none).
        this.portalAccess?.onCall(method, outcome, code, status, description);
        // No answer at all (refused, unknown host, timed out) is an outage; any answer ends one.
        if (outcome === 'ok') this.outages?.reached('portal');
        else if (code !== undefined && NO_ANSWER.has(code))
          this.outages?.failed('portal', description || code, waitedMs);
      },
    });
    const realCrm = new BitrixCrm(this.bitrix, {
      addressField: rules.portal.addressField,
      zone: rules.workingHours.zone,
    });
    this.shadow = env.SHADOW ? this.makeShadow(opts) : null;
    this.crm = this.shadow ? this.shadow.crm(realCrm) : realCrm;
    this.chatBot =
      env.BITRIX_BOT_ID && env.BITRIX_BOT_TOKEN
        ? new BitrixChatTransport(this.bitrix, { id: env.BITRIX_BOT_ID, token: env.BITRIX_BOT_TOKEN })
        : null;
    // Only the chat bot reads a Bitrix24 chat (its imbot.v2 events): without it the rules' «Оплата» there is ignored.
    if (!this.chatBot && rules.payments.bitrixChatId)
      log.warn(
        { bitrixChatId: rules.payments.bitrixChatId },
        'payments.bitrixChatId is set, but the Bitrix24 chat bot is not (BITRIX_BOT_ID, BITRIX_BOT_TOKEN): nobody reads that «Оплата» chat — run `npm run cli -- bitrix-bot register`, or remove payments.bitrixChatId',
      );
    const events = new DomainEvents();
    const peopleStore = new PeopleStore(this.db);
    this.peopleStore = peopleStore;
    this.inbound = new InboundStore(this.db);
    const shared = {
      rules,
      clock,
      log,
      metrics: this.metrics,
      directory: new Directory(this.crm, events),
      portalUrl: this.crm.portalUrl,
      tx: transactor(this.db),
      outbox: new OutboxStore(this.db),
      timers: new TimerStore(this.db),
      kv: new KvStore(this.db),
      reach: peopleStore,
      events,
      b24chat: this.chatBot !== null,
    };
    this.portalAccess = new PortalAccessWatch(shared, () => this.loops?.kick());
    this.outages = new OutageWatch(shared, { telegram: env.TELEGRAM_API_ROOT, portal: this.crm.portalUrl }, () =>
      this.loops?.kick(),
    );
    reportRulesLinks(
      shared,
      shared.tx(() => applyRulesLinks(peopleStore, shared.kv, rules.people.links, clock.now().getTime())),
    );
    const realInvoices = new BitrixInvoices(this.bitrix, {
      kind: rules.payments.invoiceKind,
      fields: rules.payments.requiredInvoiceFields.map((f) => f.field),
    });
    const invoices = this.shadow ? this.shadow.invoices(realInvoices) : realInvoices;
    // A required field the invoices do not have is named at start, not as «не заполнено» on every payment.
    new RequiredFieldsCheck(shared, realInvoices);
    if (this.shadow) {
      const sh = this.shadow;
      events.on('dealChanged', (e) => {
        const id = e.next?.id ?? e.prev?.id;
        if (id) sh.sawDeal(id);
      });
    }
    this.people = new PeopleDesk(shared, peopleStore, this.crm);
    const deals = new DealStore(this.db);
    const bundles = new AlertBundleStore(this.db);
    this.bundles = bundles;
    this.ctx = {
      ...shared,
      deals,
      assignments: new AssignmentStore(this.db),
      inbound: this.inbound,
      absences: this.people,
      bundles,
    };
    subscribeBundles(this.ctx, bundles);
    this.paymentStore = new PaymentStore(this.db);
    this.payments = new PaymentDesk(
      shared,
      this.paymentStore,
      invoices,
      this.crm,
      {
        // Files posted in «Оплата» (1C statements): Telegram gives them; the transport is built below.
        download: (channel, fileId, maxBytes) =>
          channel === 'telegram' && this.telegram
            ? this.telegram.download(fileId, maxBytes)
            : Promise.reject(new Error(`files from ${channel} are not read`)),
      },
      // A prompt whose manager no message reaches goes where their deals go (people/access.ts standIn).
      this.people,
    );
    this.followUps = new FollowUpDesk(shared, new FollowUpStore(this.db), this.crm, {
      storedDeal: (id) => deals.get(id),
    });
    this.followUps.scheduleMorning();
    this.reports = new ReportsDesk(shared, new ReportStore(this.db), this.crm);
    this.reports.scheduleReports();
    const inbox = createChatRouter(
      shared,
      {
        dealButtons: dealButtons(this.ctx),
        dealCommands: pauseCommands(this.ctx),
        payments: this.payments,
        followUps: this.followUps,
        people: this.people,
        reports: this.reports,
      },
      { log, metrics: this.metrics, afterEach: () => this.loops.kick() },
    );
    this.chatEvents = new ChatEventPump(shared, this.inbound, inbox, { rules, log, clock });
    this.chatPoller =
      env.BITRIX_BOT_ID && env.BITRIX_BOT_TOKEN && env.BITRIX_BOT_EVENT_MODE === 'fetch'
        ? new ChatEventPoller(
            this.bitrix,
            { id: env.BITRIX_BOT_ID, token: env.BITRIX_BOT_TOKEN },
            { kv: shared.kv, inbound: this.inbound, tx: shared.tx },
            {
              log: log.child({ part: 'b24chat' }),
              metrics: this.metrics,
              now: () => clock.now().getTime(),
              intervalMs: rules.bitrix.chatPollInterval,
            },
          )
        : null;
    this.telegram = env.TELEGRAM_BOT_TOKEN
      ? new TelegramTransport(env.TELEGRAM_BOT_TOKEN, {
          apiRoot: env.TELEGRAM_API_ROOT,
          log: log.child({ part: 'telegram' }),
          inbox,
          callTimeoutMs: rules.telegram.callTimeout,
          conflictAfter: rules.telegram.conflictAfter,
          now: () => clock.now().getTime(),
          // Back after an outage: the chats' waits end and what waited goes out now.
          onReachable: () => {
            if (this.outages.reached('telegram')) this.sender.release('telegram');
          },
          onUnreachable: (error) => this.outages.failed('telegram', error),
          // Replies are messages like any other: durable, paced and retried by the outbox.
          reply: (chatId, updateId, msg) => {
            sendReply(shared, { channel: 'telegram', id: chatId }, chatKey.telegramReply(chatId, updateId), msg);
            this.loops.kick();
          },
          onConflict: () => {
            const admins = rules.people.admins.length ? rules.people.admins : rules.people.directors;
            shared.tx(() => {
              for (const id of admins)
                sendToPerson(shared, id, messageKey.telegramConflict(this.startedAt), { text: ops.telegramConflict });
            });
            this.loops.kick();
          },
        })
      : null;
    // It also says a mistyped claimedStage or paidStage at start (the directory's first load), not first at a deal's claim or payment.
    const stageGuard = new StageGuard(shared, this.crm);
    this.sender = new OutboxSender(
      shared.outbox,
      {
        ...(this.telegram ? { telegram: this.shadow ? this.shadow.messenger(this.telegram) : this.telegram } : {}),
        ...(this.chatBot ? { b24chat: this.shadow ? this.shadow.messenger(this.chatBot) : this.chatBot } : {}),
      },
      this.crm,
      {
        ...rules.telegram,
        maxAttempts: rules.outbox.maxAttempts,
        retryBaseMs: rules.outbox.retryBase,
        stuckAfterMs: rules.telegram.callTimeout,
        adminRetryMs: rules.bitrix.adminRetry,
      },
      log.child({ part: 'outbox' }),
      this.metrics,
      Date.now,
      invoices,
      stageGuard,
      // What a confirmed payment's write did to the deal reaches the manager's card and the timeline.
      this.payments,
    );
    // Each timer kind has exactly one handler: `disjoint` does not compile otherwise.
    const timerHandlers: TimerHandlers = disjoint(
      disjoint(
        disjoint(
          {
            escalate: (t: TimerOf<'escalate'>) => escalateUnclaimed(this.ctx, t),
            'bundle-redraw': async (t: TimerOf<'bundle-redraw'>) => redrawBundle(this.ctx, t),
          },
          this.payments.timers,
        ),
        this.followUps.timers,
      ),
      this.reports.timers,
    );
    this.loops = new Loops(
      {
        fireDue: () => {
          // An outage past its grace is told here, whether or not a call is made meanwhile.
          this.outages.check();
          return fireDueTimers(shared.timers, timerHandlers, clock.now().getTime(), log);
        },
        intake: async (afterChunk) =>
          (await this.payments.retryUnread()) +
          ((await this.chatPoller?.poll()) ?? 0) +
          (await this.chatEvents.process()) +
          (await processInbound(this.ctx, this.crm, {
            batched: !opts.naiveFetch,
            retryBaseMs: rules.outbox.retryBase,
            afterChunk,
          })),
        drain: async () => (await this.sender.drain()) + ((await this.shadow?.report()) ?? 0),
        send: () => this.sender.drain(),
        sweep: async () =>
          (await reconcileDeals(this.ctx, this.crm, {
            watchWebhook: opts.env.BITRIX_APP_TOKEN !== undefined,
            acceptingSince: this.acceptingSince,
          })) +
          // Its own failure (the portal busy) waits for the next sweep; the deals' sweep is not undone.
          (await this.reports.pollContacts().catch((e: unknown) => {
            log.warn({ err: errorMessage(e) }, 'first-contact poll failed; the next sweep asks again');
            return 0;
          })) +
          // Old rows go once a day (rules.retention); a failure waits for the next sweep.
          (await this.prune().then(
            () => 0,
            (e: unknown) => {
              log.warn({ err: errorMessage(e) }, 'pruning old rows failed; the next sweep tries again');
              return 0;
            },
          )),
      },
      shared.timers,
      { clock, log, autoTick: opts.autoTick !== false, sweepEveryMs: rules.reconcile.interval },
    );
    this.metrics.gauge('bot_outbox_depth', 'Outbox rows waiting to be sent', () => shared.outbox.pendingCount());
    this.metrics.gauge('bot_inbound_pending', 'Recorded events not yet processed', () => this.inbound.pendingCount());
    this.metrics.gauge('bot_timers_pending', 'Durable timers waiting', () => shared.timers.pendingCount());
    this.metrics.gauge(
      'bot_last_event_received_timestamp_seconds',
      'When the outbound webhook last delivered a CRM event (unix seconds; 0: never)',
      () => (this.inbound.lastWebhookEventAt() ?? 0) / 1000,
    );
    this.metrics.gauge('bot_assignments_pending', 'Deals waiting to be claimed', () =>
      this.ctx.assignments.pendingCount(),
    );
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
          { source: 'crm', dedupKey: e.dedupKey, event: e.event, entityId: e.dealId },
          this.opts.clock.now().getTime(),
        ),
      onEventRecorded: () => this.loops.kick(),
      // Webhook mode only; the CRM outbound webhook's token never authenticates a chat-bot event.
      chatBot:
        this.chatBot && env.BITRIX_BOT_ID && env.BITRIX_BOT_EVENT_MODE === 'webhook'
          ? {
              applicationToken: () =>
                env.BITRIX_BOT_APP_TOKEN ?? this.ctx.kv.get(kvKey.chatBotAppToken(env.BITRIX_BOT_ID ?? 0)) ?? null,
              ...(env.BITRIX_BOT_APP_TOKEN ? {} : { learn: (body: unknown) => this.learnBotToken(body) }),
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
    const address = await this.http.listen({ port, host });
    this.acceptingSince = this.opts.clock.now().getTime();
    return address;
  }

  private makeShadow(opts: AppOptions): Shadow {
    const { rules, clock, log } = opts;
    if (rules.people.admins.length === 0)
      throw new Error('shadow mode reports to rules.people.admins: list at least one admin (a Bitrix24 user id)');
    const name = (id: number) => {
      const p = this.ctx?.directory.person(id);
      return p ? shortName(p) : shadowTexts.label.user(id);
    };
    return new Shadow({
      clock,
      log: log.child({ part: 'shadow' }),
      admins: rules.people.admins,
      adminAddress: (channel, adminId) =>
        channel === 'b24chat' ? String(adminId) : (this.peopleStore?.telegramOf(adminId) ?? null),
      labelOf: (channel, address) => {
        if (channel === 'b24chat')
          return /^\d+$/.test(address) ? name(Number(address)) : shadowTexts.label.b24chat(address);
        const person = this.peopleStore?.personOfTelegram(address) ?? null;
        return person !== null ? name(person) : shadowTexts.label.telegramChat(address);
      },
      adminNames: () => rules.people.admins.map(name).join(', '),
    });
  }

  private learning: Promise<unknown> = Promise.resolve();
  private lastFailedLearnAt = Number.NEGATIVE_INFINITY;

  /**
   * Webhook mode without a pinned BITRIX_BOT_APP_TOKEN: verify the event with the portal and keep
   * its token (integrations/bitrix/chat-bot-token.ts). One verification at a time, and after a
   * failed one none for 5 s, so forged posts cannot spend the portal's rate limit.
   */
  private learnBotToken(body: unknown): Promise<{ ok: true; token: string } | { ok: false; reason: string }> {
    const { env, log } = this.opts;
    const botId = env.BITRIX_BOT_ID ?? 0;
    const run = this.learning.then(async () => {
      if (Date.now() - this.lastFailedLearnAt < 5_000)
        return { ok: false as const, reason: 'a verification failed moments ago; try later' };
      const v = await verifyChatBotEvent(this.crm.portalUrl, body, botId, { timeoutMs: 10_000 });
      if (!v.ok) {
        this.lastFailedLearnAt = Date.now();
        return v;
      }
      const key = kvKey.chatBotAppToken(botId);
      const before = this.ctx.kv.get(key);
      this.ctx.kv.set(key, v.token);
      log.warn(
        { botId, replaced: before !== undefined },
        'learned the chat bot’s own application token from a verified event (set BITRIX_BOT_APP_TOKEN to pin it)',
      );
      return v;
    });
    this.learning = run.catch(() => undefined);
    return run;
  }

  /** Starts the loops: polling Telegram, ticking every second, sweeping the CRM. */
  async start(): Promise<void> {
    if (this.telegram && this.opts.env.TELEGRAM_MODE === 'polling') await this.telegram.startPolling();
    if (this.telegram && this.opts.env.TELEGRAM_MODE === 'webhook' && this.opts.env.PUBLIC_URL) {
      await this.telegram.startWebhook(
        `${this.opts.env.PUBLIC_URL}/telegram/webhook`,
        this.opts.env.TELEGRAM_WEBHOOK_SECRET,
      );
    }
    this.loops.start();
  }

  /** One pass over all work that is due: events, timers, outbox. Returns how much it did. */
  tick(): Promise<number> {
    return this.loops.pass();
  }

  /** Deletes rows older than rules.retention.period when it is time (`force`: now); null when it was not time. */
  prune(force = false): Promise<Pruned | null> {
    const { rules, clock, log } = this.opts;
    return pruneOldRows(
      {
        clock,
        log,
        kv: this.ctx.kv,
        outbox: this.ctx.outbox,
        timers: this.ctx.timers,
        inbound: this.inbound,
        bundles: this.bundles,
        paymentCovers: this.paymentStore,
        paymentPastes: this.paymentStore,
        paymentStamps: this.paymentStore,
        paymentPrompts: this.paymentStore,
        period: rules.retention.period,
        every: rules.retention.every,
      },
      force,
    );
  }

  /** A reconciliation sweep now (it also runs every rules.reconcile.interval). */
  reconcile(): Promise<number> {
    return this.loops.sweep();
  }

  health(): Health {
    return checkHealth({
      db: this.db,
      lastPassAt: this.loops.lastPassAt,
      autoTick: this.opts.autoTick !== false,
      outboxPending: () => this.ctx.outbox.pendingCount(),
      inboundPending: () => this.inbound.pendingCount(),
      telegram: this.telegram ? this.telegram.state : 'off',
      stuckLanes: this.sender.stuckLanes(),
      portal: this.portalAccess.current(),
      unreachable: {
        telegram: this.telegram ? this.outageOf('telegram') : null,
        portal: this.outageOf('portal'),
      },
      lastEventAt: () => this.inbound.lastWebhookEventAt(),
    });
  }

  private outageOf(service: 'telegram' | 'portal') {
    const o = this.outages.current(service);
    return o ? { since: o.since, error: o.error, overdue: this.outages.overdue(service, o) } : null;
  }

  /** Waits for outbox lanes still working after their drain returned (settle); true when there were any. */
  sendsIdle(): Promise<boolean> {
    return this.sender.idle();
  }

  /** Waits for payment reads running beside the loop (settle); true when there were any. */
  paymentReadsIdle(): Promise<boolean> {
    return this.payments.readsIdle();
  }

  async stop(): Promise<void> {
    await this.loops.stop();
    await this.telegram?.stop();
    await this.payments.stop();
    await this.sender.idle();
    await this.http?.close();
    this.db.close();
  }
}
