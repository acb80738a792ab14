/**
 * Benchmark (figures, not a test): how the bot copes with a big store.
 *
 * (a) Fills a database with 100,000 deals through the real store code (bench/capacity-fill.ts:
 *     DealStore, AssignmentStore, TimerStore, OutboxStore, InboundStore; 1,000 deals per transaction)
 *     as months of use would leave it — each deal with its ONCRMDEALADD event, assignment, card and,
 *     for the 95 % already claimed, the claim edit, timeline comment, stage move and two cancelled
 *     escalation timers — plus 10,000 pending timers (levels 1 and 2 of 5,000 unclaimed deals, all
 *     due 1 h – 3 days ahead). Reports the file size (with -wal) and the resident memory of a fresh
 *     child process (bench/capacity-probe.ts) that opens that database, builds the App, listens, runs
 *     one pass and starts polling (RSS after a GC; the filler's memory is not in it), and of the real
 *     src/main.ts 3 s after it is ready.
 * (b) Start-up: the real `src/main.ts` spawned as in test/e2e/crash.test.ts (env + rules file,
 *     production defaults, against the simulator with its real limit and the Telegram emulator behind
 *     bench/telegram-longpoll.ts) until `GET /healthz` answers 200, min/median of 3 starts; and the
 *     in-process time of `new App()` + `listen()` + the first `tick()` (bench/capacity-probe.ts).
 *     Twice: all 10,000 timers in the future, then with 1,000 of them (level 1) overdue by 1–60 min
 *     — there the first start also reports how long until those 1,000 have fired (watching the database read-only), what a deal
 *     created 5 s after ready and one created once all have fired wait for their cards, /healthz
 *     meanwhile, and how long SIGTERM takes.
 *
 *   npm run bench:capacity
 *   npm run bench:capacity -- --deals 5000 --timers 1000 --overdue 100 --starts 1
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as telegramTestApi from 'telegram-test-api';
import type { TelegramServer as TelegramServerType } from 'telegram-test-api/lib/telegramServer';
import { BitrixSimulator } from '../simulator/bitrix-portal';
import { seedPortal, companyRules, sampleDeal, PEOPLE } from '../simulator/portal-fixture';
import { BOT_TOKEN, freePort } from '../simulator/harness';
import { arg, pct, secs, sleep, mb, makeManagers, productionRules, watchCards, until, codeVersion } from './support';
import { LongPollProxy } from './telegram-longpoll';
import { fill, makeOverdue } from './capacity-fill';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEALS = Number(arg('deals', '100000'));
const TIMERS = Number(arg('timers', '10000'));
const OVERDUE = Number(arg('overdue', '1000'));
const STARTS = Number(arg('starts', '3'));
const MAX_WAIT_S = Number(arg('max-wait', '1800'));
const PENDING = Math.floor(TIMERS / 2); // unclaimed deals, two escalation levels each
const managers = makeManagers(40);

await main();

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'b24cap-'));
  const interop = telegramTestApi as unknown as { default: unknown };
  const TelegramServer = ((interop.default as { default?: unknown }).default ?? interop.default) as new (
    c: object,
  ) => TelegramServerType;
  const sim = await BitrixSimulator.start({ rateLimit: { capacity: 50, drainPerSecond: 2 } });
  const tg = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3600 });
  await tg.start();
  const tgFront = await LongPollProxy.start(tg.config.apiURL);
  const cards = watchCards(tg);
  const children = new Set<ChildProcess>();
  const out: Record<string, unknown> = {
    bench: 'capacity',
    code: codeVersion(),
    deals: DEALS,
    pendingTimers: TIMERS,
    overdue: OVERDUE,
    node: process.version,
  };
  try {
    seedPortal(sim);
    for (const m of managers) sim.addUser({ id: m.id, name: 'Менеджер', lastName: `№${m.id}`, departmentIds: [3] });
    // The unclaimed deals exist on the portal too (ids 1…PENDING): escalation writes into their timeline.
    const longAgo = new Date(Date.now() - 86_400_000).toISOString();
    for (let i = 0; i < PENDING; i++)
      await sim.createDeal(
        { ...sampleDeal(i, managers[i % managers.length]!.id), DATE_CREATE: longAgo, DATE_MODIFY: longAgo },
        { emit: false },
      );
    const rulesPath = join(dir, 'rules.json');
    writeFileSync(rulesPath, JSON.stringify(companyRules(productionRules(managers))));
    const base = join(dir, 'base.sqlite');

    // ---- (a) fill, size, memory ----
    const fillStarted = performance.now();
    const rows = fill(base, { deals: DEALS, pending: PENDING, managers });
    const fillMs = performance.now() - fillStarted;
    const sizeAfterFill = dbSize(base);
    const ck = new Database(base);
    ck.pragma('wal_checkpoint(TRUNCATE)');
    ck.close();
    const sizeCheckpointed = dbSize(base);
    Object.assign(out, { fillMs, rows, sizeAfterFill, sizeCheckpointed });

    const port = await freePort();
    sim.setEventHandler(`http://127.0.0.1:${port}/bitrix/events`);
    const env = (db: string, p = port) => ({
      PATH: process.env.PATH,
      BITRIX_WEBHOOK_URL: sim.webhookUrl,
      BITRIX_APP_TOKEN: sim.applicationToken,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: tgFront.url,
      DATABASE_PATH: db,
      RULES_PATH: rulesPath,
      PORT: String(p),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
    const copy = (overdue: boolean) => {
      const p = join(dir, `run-${Date.now()}.sqlite`);
      copyFileSync(base, p);
      if (overdue) makeOverdue(p, OVERDUE);
      return p;
    };
    const dropCopy = (p: string) => {
      for (const s of ['', '-wal', '-shm']) rmSync(p + s, { force: true });
    };

    const runProbe = async (overdue: boolean) => {
      const db = copy(overdue);
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/capacity-probe.ts'], {
        cwd: ROOT,
        env: env(db, 0),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.add(child);
      let text = '';
      child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
      await new Promise((r) => child.once('exit', r));
      children.delete(child);
      dropCopy(db);
      return JSON.parse(text.trim().split('\n').at(-1)!) as {
        bootMs: number;
        importMs: number;
        newAppMs: number;
        listenMs: number;
        firstTickMs: number;
        firstTickDid: number;
        rss: number;
        heapUsed: number;
        gc: boolean;
      };
    };
    const probeFuture = await runProbe(false);
    const probeOverdue = await runProbe(true);
    Object.assign(out, { probeFuture, probeOverdue });

    // ---- (b) start-up of the real process ----
    const health = async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status ?? 0;
    const startBot = async (db: string) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: ROOT,
        env: env(db),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.add(child);
      const up = await until(async () => (await health()) === 200, 60_000, 10);
      if (!up) throw new Error('the bot did not answer /healthz within 60 s');
      return { child, t0, readyMs: performance.now() - t0 };
    };
    const stopBot = async (child: ChildProcess, signal: NodeJS.Signals) => {
      const t = performance.now();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      const timely = await Promise.race([exited.then(() => true), sleep(120_000).then(() => false)]);
      if (!timely) child.kill('SIGKILL');
      await exited;
      children.delete(child);
      return timely ? performance.now() - t : Infinity;
    };

    const future = {
      readyMs: [] as number[],
      rss: [] as number[],
      stopMs: [] as number[],
      dbRunning: [] as Array<{ main: number; wal: number; total: number }>,
    };
    for (let i = 0; i < STARTS; i++) {
      const db = copy(false);
      const { child, readyMs } = await startBot(db);
      await sleep(3000);
      future.readyMs.push(readyMs);
      future.rss.push(vmRss(child.pid!));
      future.dbRunning.push(dbSize(db));
      future.stopMs.push(await stopBot(child, 'SIGTERM'));
      dropCopy(db);
    }

    const overdue = {
      readyMs: [] as number[],
      firedFromSpawnMs: NaN,
      firedFromReadyMs: NaN,
      fired: 0,
      healthNon200: 0,
      healthChecks: 0,
      stormCardMs: NaN,
      afterFiredCardMs: NaN,
      outboxPendingWhenFired: NaN,
      supervisorAlertsWhenFired: 0,
      /** Ready → no alert or ping (outbox priority 0, issue 17) left unsent; the head chat's messages then. */
      alertsOutFromReadyMs: NaN,
      headMessagesWhenOut: 0,
      /** Ready → no ping to a manager left unsent; messages in the managers' chats by then. */
      pingsOutFromReadyMs: NaN,
      managerMessagesWhenPingsOut: 0,
      pingMessagesWhenPingsOut: 0,
      /** Ready → the head's chat shows (or counts, in a digest) every overdue deal; the managers' chats every ping. */
      headHasAllFromReadyMs: NaN,
      managersHaveAllFromReadyMs: NaN,
      stopMs: NaN,
      dbWhenFired: dbSize(''),
    };
    for (let i = 0; i < STARTS; i++) {
      const db = copy(true);
      const { child, t0, readyMs } = await startBot(db);
      overdue.readyMs.push(readyMs);
      if (i === 0) {
        const ro = new Database(db, { readonly: true });
        const firedCount = () =>
          (
            ro.prepare(`SELECT count(*) AS n FROM timers WHERE kind = 'escalate' AND status = 'fired'`).get() as {
              n: number;
            }
          ).n;
        const alertsBefore = tg.storage.botMessages.filter(
          (u) => String(u.message.chat_id) === String(PEOPLE.head.telegram),
        ).length;
        // The probe runs above sent to the same emulator (their first pass fires escalations too).
        const managerChats = new Set(managers.map((m) => String(m.telegram)));
        const toManagers = () => tg.storage.botMessages.filter((u) => managerChats.has(String(u.message.chat_id)));
        const managersBefore = toManagers();
        // A new deal while the backlog is worked off: how long does its card wait?
        const newDeal = async (no: number) => {
          const at = Date.now();
          await sim.createDeal({ ...sampleDeal(no, managers[0]!.id) });
          const ok = await until(() => cards.arrivals.has(no), MAX_WAIT_S * 1000, 50);
          return ok ? cards.arrivals.get(no)![0]! - at : Infinity;
        };
        const storm = sleep(5000).then(() => newDeal(900_001));
        // How many of the overdue deals are in front of the head / their managers in Telegram now: a
        // message about one deal counts 1, a list its numbered lines, a digest or a manager's list the
        // count it shows («Не взяты в работу: W из T» → T, «Ждут…: N» → N). Since this start only.
        const headBefore = new Set(
          tg.storage.botMessages.filter((u) => String(u.message.chat_id) === String(PEOPLE.head.telegram)),
        );
        const dealsShown = (texts: string[]) => {
          let n = 0;
          for (const text of texts) {
            const digest =
              /Не взяты в работу: \d+ из (\d+)/.exec(text) ?? /Ждут, пока вы возьмёте их в работу: (\d+)/.exec(text);
            n += digest ? Number(digest[1]) : Math.max(1, (text.match(/^\d+\. /gm) ?? []).length);
          }
          return n;
        };
        const inFront = (chats: (id: string) => boolean, before: (u: unknown) => boolean, ping: boolean) =>
          dealsShown(
            tg.storage.botMessages
              .filter((u) => chats(String(u.message.chat_id)) && !before(u))
              .map((u) => String(u.message.text))
              .filter((text) => (ping ? text.startsWith('⏰') : /Сделк|Не взяты/.test(text))),
          );
        const reached = Promise.all([
          until(
            () =>
              inFront(
                (c) => c === String(PEOPLE.head.telegram),
                (u) => headBefore.has(u as never),
                false,
              ) >= OVERDUE,
            MAX_WAIT_S * 1000,
            50,
          ).then((ok) => (overdue.headHasAllFromReadyMs = ok ? performance.now() - t0 - readyMs : Infinity)),
          until(
            () =>
              inFront(
                (c) => managerChats.has(c),
                (u) => managersBefore.includes(u as never),
                true,
              ) >= OVERDUE,
            MAX_WAIT_S * 1000,
            50,
          ).then((ok) => (overdue.managersHaveAllFromReadyMs = ok ? performance.now() - t0 - readyMs : Infinity)),
        ]);
        let watching = true;
        const healthLoop = (async () => {
          while (watching) {
            overdue.healthChecks++;
            if ((await health()) !== 200) overdue.healthNon200++;
            await sleep(1000);
          }
        })();
        const allFired = await until(() => firedCount() >= OVERDUE, MAX_WAIT_S * 1000, 100);
        overdue.fired = firedCount();
        overdue.firedFromSpawnMs = allFired ? performance.now() - t0 : Infinity;
        overdue.firedFromReadyMs = overdue.firedFromSpawnMs - readyMs;
        overdue.dbWhenFired = dbSize(db);
        overdue.outboxPendingWhenFired = (
          ro.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }
        ).n;
        overdue.supervisorAlertsWhenFired =
          tg.storage.botMessages.filter((u) => String(u.message.chat_id) === String(PEOPLE.head.telegram)).length -
          alertsBefore;
        // And one created once they have all fired, while their alerts still queue for the supervisor's chat.
        const afterFired = newDeal(900_002);
        // Alerts are the outbox's priority 0; pings (one per deal, or one list per manager) are keyed `ping…`.
        // Sends only: an edit of a message already out (a list re-drawn as deals join it) is not a new arrival.
        const pendingSends = (where: string) =>
          (
            ro
              .prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND op = 'send' AND ${where}`)
              .get() as {
              n: number;
            }
          ).n;
        const pingsOut = until(() => pendingSends(`idem_key LIKE 'ping%'`) === 0, MAX_WAIT_S * 1000, 100).then((ok) => {
          overdue.pingsOutFromReadyMs = ok ? performance.now() - t0 - readyMs : Infinity;
          const since = toManagers().filter((u) => !managersBefore.includes(u));
          overdue.managerMessagesWhenPingsOut = since.length;
          // A ping («⏰ Сделка ждёт…») or a list of waiting deals («⏰ Ждут…»): both start with ⏰.
          overdue.pingMessagesWhenPingsOut = since.filter((u) => String(u.message.text).startsWith('⏰')).length;
        });
        const alertsOut = await until(() => pendingSends('priority = 0') === 0, MAX_WAIT_S * 1000, 100);
        overdue.alertsOutFromReadyMs = alertsOut ? performance.now() - t0 - readyMs : Infinity;
        overdue.headMessagesWhenOut =
          tg.storage.botMessages.filter((u) => String(u.message.chat_id) === String(PEOPLE.head.telegram)).length -
          alertsBefore;
        await pingsOut;
        await reached;
        overdue.stormCardMs = await storm;
        overdue.afterFiredCardMs = await afterFired;
        watching = false;
        await healthLoop;
        ro.close();
        overdue.stopMs = await stopBot(child, 'SIGTERM');
      } else await stopBot(child, 'SIGKILL');
      dropCopy(db);
    }
    Object.assign(out, { future, overdueRun: overdue, telegramFrontErrors: tgFront.upstreamErrors });
    report(out, future, overdue, probeFuture, probeOverdue);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    cards.stop();
    await tgFront.stop();
    await tg.stop();
    sim.setEventHandler(null);
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function dbSize(path: string): { main: number; wal: number; total: number } {
  const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
  const main = size(path);
  const wal = size(`${path}-wal`);
  return { main, wal, total: main + wal };
}

function vmRss(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return NaN;
  }
}

function report(
  out: Record<string, unknown>,
  future: {
    readyMs: number[];
    rss: number[];
    stopMs: number[];
    dbRunning: Array<{ main: number; wal: number; total: number }>;
  },
  overdue: {
    readyMs: number[];
    firedFromSpawnMs: number;
    firedFromReadyMs: number;
    fired: number;
    healthNon200: number;
    healthChecks: number;
    stormCardMs: number;
    afterFiredCardMs: number;
    outboxPendingWhenFired: number;
    supervisorAlertsWhenFired: number;
    alertsOutFromReadyMs: number;
    headMessagesWhenOut: number;
    pingsOutFromReadyMs: number;
    managerMessagesWhenPingsOut: number;
    pingMessagesWhenPingsOut: number;
    headHasAllFromReadyMs: number;
    managersHaveAllFromReadyMs: number;
    stopMs: number;
    dbWhenFired: { main: number; wal: number; total: number };
  },
  pf: {
    bootMs: number;
    importMs: number;
    newAppMs: number;
    listenMs: number;
    firstTickMs: number;
    rss: number;
    heapUsed: number;
    gc: boolean;
    firstTickDid: number;
  },
  po: { importMs: number; newAppMs: number; listenMs: number; firstTickMs: number; firstTickDid: number },
): void {
  const rows = out.rows as Record<string, number>;
  const a = out.sizeAfterFill as { main: number; wal: number; total: number };
  const c = out.sizeCheckpointed as { total: number };
  const ms = (v: number) => `${Math.round(v)} ms`;
  const cpu = execFileSync('nproc').toString().trim();
  console.log(
    `capacity: ${DEALS.toLocaleString('en')} deals, ${TIMERS.toLocaleString('en')} pending timers, node ${process.version}, ${cpu} cores (shared with other work); code ${codeVersion()}`,
  );
  console.log(
    `fill (store classes, 1,000 deals per transaction): ${secs(out.fillMs as number)} (${Math.round(DEALS / ((out.fillMs as number) / 1000))} deals/s) — rows: ${Object.entries(
      rows,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const run = future.dbRunning[0] ?? { main: NaN, wal: NaN, total: NaN };
  const fired = overdue.dbWhenFired;
  console.log(
    `database: ${mb(a.main)} + -wal ${mb(a.wal)} = ${mb(a.total)} after the fill (filler closed); ${mb(c.total)} after a checkpoint; ` +
      `with the bot running: ${mb(run.main)} + -wal ${mb(run.wal)} = ${mb(run.total)} (3 s after ready), ${mb(fired.main)} + -wal ${mb(fired.wal)} = ${mb(fired.total)} (overdue run, all fired)`,
  );
  console.log(
    `memory of a fresh bot process on it (App built, listening, one pass, polling; ${pf.gc ? 'after gc()' : 'no --expose-gc'}): RSS ${mb(pf.rss)}, heap used ${mb(pf.heapUsed)}; real src/main.ts 3 s after ready (no GC): RSS median ${mb(pct(future.rss, 50))}`,
  );
  console.log(`start-up, spawn of src/main.ts → GET /healthz 200 (${STARTS} starts each):`);
  console.log(
    `  all ${TIMERS.toLocaleString('en')} timers in the future: min ${secs(Math.min(...future.readyMs))}, median ${secs(pct(future.readyMs, 50))}; SIGTERM → exit median ${secs(pct(future.stopMs, 50))}`,
  );
  console.log(
    `  ${OVERDUE.toLocaleString('en')} overdue (1–60 min):        min ${secs(Math.min(...overdue.readyMs))}, median ${secs(pct(overdue.readyMs, 50))}`,
  );
  console.log(
    `  in-process (bench/capacity-probe.ts): Node + tsx boot ${ms(pf.bootMs)}, loading src/app and its imports ${ms(pf.importMs)}; new App() ${ms(pf.newAppMs)}, listen() ${ms(pf.listenMs)}, first tick() ${ms(pf.firstTickMs)} (did ${pf.firstTickDid}) with all timers in the future;`,
  );
  console.log(
    `                                            new App() ${ms(po.newAppMs)}, listen() ${ms(po.listenMs)}, first tick() ${ms(po.firstTickMs)} (did ${po.firstTickDid}) with ${OVERDUE} overdue`,
  );
  console.log(
    `overdue run (first start): ${overdue.fired}/${OVERDUE} fired ${secs(overdue.firedFromSpawnMs)} after spawn (${secs(overdue.firedFromReadyMs)} after ready); outbox rows still pending then ${overdue.outboxPendingWhenFired}, ` +
      `supervisor alerts delivered by then ${overdue.supervisorAlertsWhenFired}; every alert out ${secs(overdue.alertsOutFromReadyMs)} after ready (head chat: ${overdue.headMessagesWhenOut} messages), ` +
      `every ping out ${secs(overdue.pingsOutFromReadyMs)} after ready (managers' chats: ${overdue.managerMessagesWhenPingsOut} messages since ready, ${overdue.pingMessagesWhenPingsOut} of them pings or lists of pings, for ${managers.length} managers);`,
  );
  console.log(
    `  every overdue deal in front of the head in Telegram (shown, or counted by a digest) ${secs(overdue.headHasAllFromReadyMs)} after ready; every ping in front of its manager ${secs(overdue.managersHaveAllFromReadyMs)} after ready;`,
  );
  console.log(
    `  a new deal's card meanwhile: created 5 s after ready → card after ${secs(overdue.stormCardMs)}; created once all had fired → card after ${secs(overdue.afterFiredCardMs)}; ` +
      `/healthz not 200 in ${overdue.healthNon200} of ${overdue.healthChecks} checks (1/s); SIGTERM → exit ${secs(overdue.stopMs)}`,
  );
  console.log(JSON.stringify(out));
}
