/**
 * The chaos world: the Bitrix24 simulator and the Telegram emulator as in every e2e test, three
 * fault-injecting proxies (portal REST, Telegram Bot API, outbound events → the bot) and the real
 * bot process (`src/main.ts`, system clock) that can be SIGKILLed and started again on the same
 * port and database. Everything listens on 127.0.0.1 on free ports and lives in one temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as telegramTestApi from 'telegram-test-api';
import { BitrixSimulator } from '../../../simulator/bitrix-portal';
import { seedPortal, companyRules, PEOPLE } from '../../../simulator/portal-fixture';
import { BOT_TOKEN, freePort, waitFor } from '../../../simulator/harness';
import type { RulesInput } from '../../../src/config';
import { FaultProxy, json, type ProxiedRequest, type ProxiedResponse } from './fault-proxy';
import { rng, type Rng } from './rng';

type Server = InstanceType<typeof import('telegram-test-api/lib/telegramServer').TelegramServer>;
const interop = telegramTestApi as unknown as { default: unknown };
const TelegramServer = ((interop.default as { default?: unknown }).default ?? interop.default) as new (
  c: object,
) => Server;

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

// ---- the organisation ------------------------------------------------------------------------

export interface Member {
  id: number;
  name: string;
  lastName: string;
  telegram: number;
  dept: number;
}

export interface Org {
  director: Member;
  managers: Member[];
  all: Member[];
  byId: Map<number, Member>;
  /** Head of the manager's department (level 1 of the escalation). */
  headOf(managerId: number): Member;
}

/**
 * The fixture's company (director, «Отдел продаж» with its head, Гракун and Иванов) plus `extra`
 * sales departments with a head and `perDept` managers each, all linked to Telegram.
 */
export function seedOrg(sim: BitrixSimulator, extra: number, perDept: number): Org {
  seedPortal(sim);
  const director: Member = { ...PEOPLE.director, dept: 1 };
  const head: Member = { ...PEOPLE.head, dept: 3 };
  const managers: Member[] = [
    { ...PEOPLE.grakun, dept: 3 },
    { ...PEOPLE.ivanov, dept: 3 },
  ];
  const heads = new Map<number, Member>([[3, head]]);
  for (let k = 0; k < extra; k++) {
    const dept = 10 + k;
    const h: Member = { id: 100 + k, name: 'Руководитель', lastName: `Отдела${k + 1}`, telegram: 7100 + k, dept };
    sim.addUser({ ...h, departmentIds: [dept] });
    sim.addDepartment({ id: dept, name: `Продажи ${k + 1}`, parentId: 1, headId: h.id });
    heads.set(dept, h);
    for (let j = 0; j < perDept; j++) {
      const m: Member = {
        id: 200 + 10 * k + j,
        name: 'Менеджер',
        lastName: `Продаж${k + 1}x${j + 1}`,
        telegram: 7200 + 10 * k + j,
        dept,
      };
      sim.addUser({ ...m, departmentIds: [dept] });
      managers.push(m);
    }
  }
  const all = [director, ...heads.values(), ...managers];
  return {
    director,
    managers,
    all,
    byId: new Map(all.map((m) => [m.id, m])),
    headOf: (id) => heads.get(managers.find((m) => m.id === id)!.dept)!,
  };
}

/** Seconds instead of minutes (the rules accept "3s"), around the clock, quick retries, a 1 s sweep. */
export function chaosRules(org: Org, over: Partial<RulesInput> = {}): RulesInput {
  return companyRules({
    workingHours: { aroundTheClock: true },
    claim: { timeout: '3s' },
    escalation: {
      levels: [
        { after: '3s', notify: 'department_head' },
        { after: '6s', notify: 'directors' },
      ],
    },
    reconcile: { interval: '1s', initialLookback: '0s', overlap: '3s' },
    people: {
      directors: [org.director.id],
      admins: [org.director.id],
      links: org.all.map((m) => ({ bitrixUserId: m.id, telegramUserId: m.telegram })),
    },
    // The emulator is not rate-limited; the bot's own pacing must not be what the test measures.
    telegram: { perChatPerSecond: 100, perChatBurst: 100, globalPerSecond: 1000 },
    bitrix: { retryBase: '20ms', maxRetries: 4, requestsPerSecond: 500, burst: 500 },
    outbox: { retryBase: '200ms' },
    // One message per alert and per ping: these scenarios prove the escalation engine (exactly once
    // per level, on time, through kills and faults) by counting alerts and pings per assignment.
    // Alerts bundled into lists and digests, pings into a manager's list (issue 17), are proven in
    // test/e2e/alert-desk.test.ts and measured by bench/storm.ts and bench/capacity.ts.
    alerts: { bundleAbove: 1_000_000, pingsAbove: 1_000_000 },
    // The storms lose events on purpose: the dead-webhook alarm (test/e2e/alert-desk.test.ts) stays quiet here.
    webhookWatch: { missed: 1_000_000, silence: '3650d' },
    followUp: { morningList: false },
    ...over,
  });
}

// ---- faults ------------------------------------------------------------------------------------

export interface Faults {
  /** Outbound events lost between the portal and the bot. */
  drop: number;
  /** Outbound events delivered twice (the copy up to 400 ms later). */
  dup: number;
  /** Portal calls refused with 503 QUERY_LIMIT_EXCEEDED. */
  b24Limit: number;
  /** Portal calls refused with 500 before being carried out. */
  b24Error: number;
  /** Portal calls carried out, then answered 500 (the client cannot know it happened). */
  b24ErrorAfter: number;
  /** Telegram sendMessage answered 429 with parameters.retry_after = 1. */
  tg429: number;
}

/** Issue #7: 10 % of events lost, 10 % doubled; the portal refuses 10 % with 503 and 10 % with 500
 * (half of those after doing the call); Telegram answers 5 % of sends with 429. */
export const STORM_FAULTS: Faults = {
  drop: 0.1,
  dup: 0.1,
  b24Limit: 0.1,
  b24Error: 0.05,
  b24ErrorAfter: 0.05,
  tg429: 0.05,
};

export const NO_FAULTS: Faults = { drop: 0, dup: 0, b24Limit: 0, b24Error: 0, b24ErrorAfter: 0, tg429: 0 };

export interface Counts {
  eventsSeen: number;
  eventsDelivered: number;
  eventsDropped: number;
  eventsDuplicated: number;
  /** Events the proxy could not hand over because the bot was down (lost, as on a real portal). */
  eventsBotDown: number;
  b24Calls: number;
  b24Limit: number;
  b24Error: number;
  b24ErrorAfter: number;
  tgSends: number;
  tg429: number;
}

/** One message Telegram accepted (as the bot sent it, before any later edit). */
export interface TgSend {
  chatId: string;
  text: string;
  callbacks: string[];
  messageId: number;
  /** When the emulator's answer reached the proxy (ms, system clock). */
  at: number;
}

// ---- the bot process -----------------------------------------------------------------------------

export interface Life {
  spawnedAt: number;
  readyAt: number;
  killedAt: number | null;
}

export class BotProcess {
  private proc: ChildProcess | null = null;
  readonly lives: Life[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly logPath: string,
    readonly url: string,
  ) {}

  get alive(): boolean {
    return this.proc !== null;
  }

  async start(): Promise<Life> {
    if (this.proc) throw new Error('bot already running');
    const fd = openSync(this.logPath, 'a');
    const spawnedAt = Date.now();
    // CHAOS_LOOP_PROBE=<file>: the bot also reports its event-loop delay and CPU once a second (diagnosis).
    const probe = process.env.CHAOS_LOOP_PROBE ? ['--import', resolve(REPO, 'test/chaos/support/loop-probe.mjs')] : [];
    const proc = spawn(process.execPath, [...probe, '--import', 'tsx', 'src/main.ts'], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '',
        ...this.env,
        ...(process.env.CHAOS_LOOP_PROBE ? { CHAOS_LOOP_PROBE: process.env.CHAOS_LOOP_PROBE } : {}),
      },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.proc = proc;
    let exitCode: number | null | undefined;
    proc.once('exit', (code) => {
      exitCode = code;
      if (this.proc === proc) this.proc = null;
    });
    await waitFor(
      async () => {
        if (exitCode !== undefined)
          throw new Error(`bot exited with ${exitCode} during start; log:\n${this.logTail()}`);
        return (await fetch(`${this.url}/healthz`).catch(() => null))?.status === 200;
      },
      'bot to be healthy',
      30_000,
    );
    const life: Life = { spawnedAt, readyAt: Date.now(), killedAt: null };
    this.lives.push(life);
    return life;
  }

  /** kill -9: no signal handler, no cleanup, no flush. */
  async kill(): Promise<number> {
    const proc = this.proc;
    if (!proc) throw new Error(`bot not running; log:\n${this.logTail()}`);
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    const killedAt = Date.now();
    await exited;
    const life = this.lives.at(-1);
    if (life) life.killedAt = killedAt;
    return killedAt;
  }

  async stop(): Promise<void> {
    if (this.proc) await this.kill();
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

// ---- the world -----------------------------------------------------------------------------------

export interface WorldOptions {
  seed: number;
  faults: Faults;
  org?: { extra: number; perDept: number };
  rules?: Partial<RulesInput>;
  logLevel?: string;
}

export class World {
  readonly counts: Counts = {
    eventsSeen: 0,
    eventsDelivered: 0,
    eventsDropped: 0,
    eventsDuplicated: 0,
    eventsBotDown: 0,
    b24Calls: 0,
    b24Limit: 0,
    b24Error: 0,
    b24ErrorAfter: 0,
    tgSends: 0,
    tg429: 0,
  };
  /** Every message Telegram accepted, in order. */
  readonly sent: TgSend[] = [];
  /** Every 429 answered: Telegram told the bot to leave that chat alone for retry_after (1 s). */
  readonly refused429: Array<{ chatId: string; at: number }> = [];
  /** Events the proxy lost on purpose, and the ones lost because the bot was down. */
  readonly lostEvents: Array<{ event: string; id: number; at: number; why: 'dropped' | 'bot down' }> = [];
  bot!: BotProcess;
  readonly rand: Rng;
  private proxies: FaultProxy[] = [];

  private constructor(
    readonly sim: BitrixSimulator,
    readonly tg: Server,
    readonly org: Org,
    readonly dir: string,
    readonly dbPath: string,
    readonly faults: Faults,
    seed: number,
  ) {
    this.rand = rng(seed);
  }

  static async start(opts: WorldOptions): Promise<World> {
    const sim = await BitrixSimulator.start({ rateLimit: false });
    const org = seedOrg(sim, opts.org?.extra ?? 3, opts.org?.perDept ?? 3);
    const tg = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3600 });
    await tg.start();
    const dir = mkdtempSync(join(tmpdir(), 'b24chaos-'));
    const w = new World(sim, tg, org, dir, join(dir, 'bot.sqlite'), opts.faults, opts.seed);
    try {
      await w.init(opts);
    } catch (e) {
      await w.stop();
      throw e;
    }
    return w;
  }

  private async init(opts: WorldOptions): Promise<void> {
    const port = await freePort();
    const botUrl = `http://127.0.0.1:${port}`;
    const b24 = await FaultProxy.start(
      () => this.sim.portalUrl,
      (req, ctx) => this.portalFault(req, ctx.forward),
    );
    const tgp = await FaultProxy.start(
      () => this.tg.config.apiURL,
      (req, ctx) => this.telegramFault(req, ctx.forward, ctx.clientGone),
    );
    const ev = await FaultProxy.start(
      () => botUrl,
      (req, ctx) => this.eventFault(req, ctx.forward, ctx.later),
    );
    this.proxies = [b24, tgp, ev];
    this.sim.setEventHandler(`${ev.url}/bitrix/events`);
    const rulesPath = join(this.dir, 'rules.json');
    writeFileSync(rulesPath, JSON.stringify(chaosRules(this.org, opts.rules)));
    const webhook = new URL(this.sim.webhookUrl);
    this.bot = new BotProcess(
      {
        BITRIX_WEBHOOK_URL: `${b24.url}${webhook.pathname}`,
        BITRIX_APP_TOKEN: this.sim.applicationToken,
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_API_ROOT: tgp.url,
        DATABASE_PATH: this.dbPath,
        RULES_PATH: rulesPath,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: opts.logLevel ?? 'warn',
      },
      join(this.dir, 'bot.log'),
      botUrl,
    );
  }

  get eventProxy(): FaultProxy {
    return this.proxies[2]!;
  }

  /** Timeline comments the portal really wrote (seen on the way back), for telling how a double came about. */
  readonly commentsWritten: Array<{ dealId: number; text: string; at: number }> = [];

  /**
   * Takes over a request before the random faults: return a response to answer with it, or null to
   * go on as usual. A test uses it to act at an exact moment (e.g. kill the bot once the portal has
   * written a comment and before the bot hears so).
   */
  interceptPortal:
    | ((req: ProxiedRequest, forward: () => Promise<ProxiedResponse>) => Promise<ProxiedResponse | null>)
    | null = null;
  interceptTelegram:
    | ((req: ProxiedRequest, forward: () => Promise<ProxiedResponse>) => Promise<ProxiedResponse | null>)
    | null = null;

  private async portalFault(req: ProxiedRequest, forward: () => Promise<ProxiedResponse>): Promise<ProxiedResponse> {
    const taken = this.interceptPortal && (await this.interceptPortal(req, forward));
    if (taken) return taken;
    this.counts.b24Calls++;
    const written = (res: ProxiedResponse) => {
      if (!req.url.includes('crm.timeline.comment.add') || res.status !== 200) return;
      const f =
        (JSON.parse(req.body.toString() || '{}') as { fields?: { ENTITY_ID?: unknown; COMMENT?: unknown } }).fields ??
        {};
      this.commentsWritten.push({ dealId: Number(f.ENTITY_ID), text: String(f.COMMENT), at: Date.now() });
    };
    const f = this.faults;
    const r = this.rand();
    if (r < f.b24Limit) {
      this.counts.b24Limit++;
      return json(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    }
    if (r < f.b24Limit + f.b24Error) {
      this.counts.b24Error++;
      return json(500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    }
    if (r < f.b24Limit + f.b24Error + f.b24ErrorAfter) {
      written(await forward());
      this.counts.b24ErrorAfter++;
      return json(500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    }
    const res = await forward();
    written(res);
    return res;
  }

  /** Holds sendMessage calls while set (a slow Telegram), so a test can act while one is in flight. */
  sendGate: Promise<void> | null = null;
  /** Messages held at the gate right now. */
  held = 0;

  private async telegramFault(
    req: ProxiedRequest,
    forward: () => Promise<ProxiedResponse>,
    clientGone: Promise<void>,
  ): Promise<ProxiedResponse> {
    const method = req.url.split('?')[0]!.split('/').pop();
    if (method === 'getUpdates') {
      const res = await forward();
      // Like Telegram's long polling, an empty answer is held a moment instead of the runner spinning.
      if (/"result":\[\]/.test(res.body.toString()))
        await Promise.race([new Promise((r) => setTimeout(r, 300)), clientGone]);
      return res;
    }
    if (method !== 'sendMessage') return forward();
    const m = parseSend(req);
    let acceptedAt = 0;
    const timed = async () => {
      const res = await forward();
      acceptedAt = Date.now();
      return res;
    };
    const taken = this.interceptTelegram && (await this.interceptTelegram(req, timed));
    if (taken) {
      const body = JSON.parse(taken.body.toString()) as { ok: boolean; result?: { message_id: number } };
      if (body.ok) this.sent.push({ ...m, messageId: body.result!.message_id, at: acceptedAt || Date.now() });
      return taken;
    }
    if (this.sendGate) {
      this.held++;
      await this.sendGate;
      this.held--;
    }
    if (this.rand() < this.faults.tg429) {
      this.counts.tg429++;
      this.refused429.push({ chatId: m.chatId, at: Date.now() });
      return json(429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      });
    }
    const res = await forward();
    const body = JSON.parse(res.body.toString()) as { ok: boolean; result?: { message_id: number } };
    if (body.ok) {
      this.counts.tgSends++;
      this.sent.push({ ...m, messageId: body.result!.message_id, at: Date.now() });
    }
    return res;
  }

  private async eventFault(
    req: ProxiedRequest,
    forward: (o?: { detached?: boolean }) => Promise<ProxiedResponse>,
    later: (t: () => Promise<unknown>) => void,
  ): Promise<ProxiedResponse> {
    const form = new URLSearchParams(req.body.toString());
    const ev = { event: form.get('event') ?? '', id: Number(form.get('data[FIELDS][ID]')) };
    this.counts.eventsSeen++;
    const r = this.rand();
    if (r < this.faults.drop) {
      this.counts.eventsDropped++;
      this.lostEvents.push({ ...ev, at: Date.now(), why: 'dropped' });
      return json(504, { error: 'CHAOS_DROPPED' });
    }
    if (r < this.faults.drop + this.faults.dup) {
      this.counts.eventsDuplicated++;
      const delay = Math.floor(this.rand() * 400);
      later(async () => {
        await new Promise((res) => setTimeout(res, delay));
        await forward({ detached: true });
      });
    }
    try {
      const res = await forward();
      this.counts.eventsDelivered++;
      return res;
    } catch {
      this.counts.eventsBotDown++;
      this.lostEvents.push({ ...ev, at: Date.now(), why: 'bot down' });
      return json(502, { error: 'CHAOS_BOT_DOWN' });
    }
  }

  /** A read-only look at the bot's database (the bot may be running or dead). */
  read<T>(f: (db: Database.Database) => T): T {
    const db = new Database(this.dbPath, { readonly: true, fileMustExist: true });
    try {
      return f(db);
    } finally {
      db.close();
    }
  }

  integrityCheck(): string {
    return this.read((db) =>
      (db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>)
        .map((r) => r.integrity_check)
        .join('; '),
    );
  }

  async stop(): Promise<void> {
    await this.bot?.stop().catch(() => undefined);
    await this.sim.whenEventsDelivered().catch(() => undefined);
    for (const p of this.proxies) await p.stop().catch(() => undefined);
    await this.tg.stop().catch(() => undefined);
    await this.sim.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function parseSend(req: ProxiedRequest): { chatId: string; text: string; callbacks: string[] } {
  let body: { chat_id?: unknown; text?: unknown; reply_markup?: unknown } = {};
  const raw = req.body.toString();
  if (String(req.headers['content-type'] ?? '').includes('json')) body = JSON.parse(raw) as typeof body;
  else body = Object.fromEntries(new URLSearchParams(raw)) as typeof body;
  const markup = typeof body.reply_markup === 'string' ? (JSON.parse(body.reply_markup) as unknown) : body.reply_markup;
  const kb =
    (markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
  return {
    chatId: String(body.chat_id),
    text: String(body.text ?? ''),
    callbacks: kb.flat().flatMap((b) => (b.callback_data ? [b.callback_data] : [])),
  };
}
