/**
 * Benchmark (figures, not a test): recovery from a Bitrix24 outage.
 *
 * The bot reaches the portal simulator through bench/portal-proxy.ts. For 10 minutes the portal is
 * unreachable: the proxy refuses connections (or, with --mode 503, answers every call with an HTML
 * 503 page). Meanwhile 100 deals are created on the portal, evenly spread over the outage. Two
 * variants run side by side, each with its own bot, portal and emulator:
 *   lost     — their ONCRMDEALADD events are lost too (the portal never sends them again): only the
 *              reconciliation sweep can find the deals;
 *   received — the events reach the bot and are stored, but the deals cannot be read: the inbox
 *              retries them with back-off (and gives up after 8 attempts), the sweep remains.
 * Then the portal comes back; measured: the time from the end of the outage until every deal has its
 * card in the Telegram emulator (behind bench/telegram-longpoll.ts). Production defaults of
 * src/config.ts are in force (sweep interval, Bitrix24 pacing and retries, event/outbox back-off,
 * Telegram pacing); the simulator has its real limit (bucket of 50 drained at 2 req/s).
 *
 * Recovery depends on where in the sweep's cycle the portal comes back; the outage is placed so that
 * it ends `--phase` seconds (default 30, half the default interval) after a sweep started.
 *
 * Time: everything is real time — the bot's loops (a pass per event and every second, the sweep
 * every `reconcile.interval`), all back-offs and pacing, and the outage itself. The business clock
 * (the harness's ManualClock, also the portal's record clock) is moved along with real time.
 *
 *   npm run bench:outage                                   # 600 s outage, 100 deals, both variants
 *   npm run bench:outage -- --outage-seconds 30 --deals 20 --events lost --mode 503 --phase 5
 */
import { sampleDeal } from '../simulator/portal-fixture';
import { PortalProxy, type OutageMode } from './portal-proxy';
import {
  arg,
  pct,
  secs,
  sleep,
  makeManagers,
  productionRules,
  rulesInForce,
  startHarness,
  countingLogger,
  warmUp,
  followRealTime,
  watchCards,
  until,
  codeVersion,
} from './support';

const DEALS = Number(arg('deals', '100'));
const OUTAGE_MS = Number(arg('outage-seconds', '600')) * 1000;
const MODE = arg('mode', 'refused') as OutageMode;
const EVENTS = arg('events', 'both');
const MAX_WAIT_MS = Number(arg('max-wait', '900')) * 1000;
/** Where in the sweep's cycle the outage ends: this many seconds after a sweep started. */
const PHASE_MS = Number(arg('phase', '30')) * 1000;
const managers = makeManagers(40);
let rulesLine = '';

async function run(events: 'lost' | 'received') {
  const proxy = await PortalProxy.start();
  const token = `outage-${events}`;
  const logged = countingLogger();
  const bot = await startHarness({
    log: logged.log,
    autoTick: true,
    simulator: { rateLimit: { capacity: 50, drainPerSecond: 2 }, token },
    env: { BITRIX_WEBHOOK_URL: proxy.webhookUrl(1, token) },
    rules: productionRules(managers),
  });
  const h = bot.h;
  const sweepOrigin = Date.now(); // App.start() has just set the sweep's interval
  proxy.forwardTo(Number(new URL(h.sim.portalUrl).port));
  const stopClock = followRealTime(h.clock);
  const cards = watchCards(h.tg);
  const count = (sql: string) => (h.app.db.prepare(sql).get() as { n: number }).n;
  try {
    rulesLine = rulesInForce(h);
    await warmUp(h, managers);
    await until(() => h.app.ctx.outbox.pendingCount() === 0, 30_000);
    // Start so that the outage ends PHASE_MS after a sweep started: recovery depends on that phase
    // (a sweep still retrying when the portal returns finds it at once; otherwise the next one does).
    const interval = h.app.ctx.rules.reconcile.interval;
    const earliestEnd = Date.now() + OUTAGE_MS;
    const intoCycle = (((earliestEnd - sweepOrigin) % interval) + interval) % interval;
    await sleep((((PHASE_MS - intoCycle) % interval) + interval) % interval);
    const before = h.app.bitrix.stats();
    const down = Date.now();
    await proxy.down(MODE);
    const createdAt = new Map<number, number>();
    for (let k = 0; k < DEALS; k++) {
      await sleep(down + ((k + 0.5) * OUTAGE_MS) / DEALS - Date.now());
      createdAt.set(k + 1, Date.now());
      await h.sim.createDeal(sampleDeal(k + 1, managers[k % managers.length]!.id), { emit: events === 'received' });
    }
    await sleep(down + OUTAGE_MS - Date.now());
    const during = h.app.bitrix.stats();
    const givenUpDuring = count(`SELECT count(*) AS n FROM inbound_events WHERE last_error LIKE 'gave up%'`);
    const up = Date.now();
    await proxy.up();
    const all = await until(() => [...createdAt.keys()].every((no) => cards.arrivals.has(no)), MAX_WAIT_MS, 20);
    await until(() => h.app.ctx.outbox.pendingCount() === 0, 30_000);
    // Stored events still back off after their deals were read by the sweep: when is the inbox empty?
    const drained = await until(
      () => count('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL') === 0,
      400_000,
      100,
    );
    const inboxDrainedMs = drained ? Date.now() - up : Infinity;
    const first = (no: number) => cards.arrivals.get(no)?.[0] ?? Infinity;
    const got = [...createdAt.keys()].filter((no) => cards.arrivals.has(no));
    const firstSweep = h.sim.calls.find((c) => c.method === 'crm.deal.list' && c.at >= up && c.status === 200)?.at;
    return {
      events,
      cards: got.length,
      recoveryMs: all ? Math.max(...got.map(first)) - up : Infinity,
      firstCardAfterUpMs: Math.min(...got.map(first)) - up,
      p50FromUpMs: pct(
        got.map((no) => first(no) - up),
        50,
      ),
      fromCreation: {
        p50: pct(
          got.map((no) => first(no) - createdAt.get(no)!),
          50,
        ),
        max: Math.max(...got.map((no) => first(no) - createdAt.get(no)!)),
      },
      firstSweepAfterUpMs: firstSweep === undefined ? null : firstSweep - up,
      bitrixDuringOutage: {
        attempts: during.calls - before.calls,
        retries: during.retries - before.retries,
        failedCalls: during.errors - before.errors,
      },
      proxy503: proxy.refused503,
      eventsGivenUp: {
        duringOutage: givenUpDuring,
        total: count(`SELECT count(*) AS n FROM inbound_events WHERE last_error LIKE 'gave up%'`),
      },
      inboxDrainedMs,
      duplicates: got.filter((no) => cards.arrivals.get(no)!.length > 1).length,
      unprocessed: count('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL'),
      logged: logged.summary(),
      telegramFrontErrors: bot.telegramFrontErrors(),
    };
  } finally {
    stopClock();
    cards.stop();
    await bot.stop();
    await proxy.stop();
  }
}

const started = Date.now();
const variants = EVENTS === 'both' ? (['lost', 'received'] as const) : ([EVENTS as 'lost' | 'received'] as const);
const results = await Promise.all(variants.map((v) => run(v)));

console.log(
  `outage: Bitrix24 unreachable for ${OUTAGE_MS / 1000} s (${MODE === 'refused' ? 'connection refused' : 'HTTP 503 on every call'}), ${DEALS} deals created during it (evenly spread), 40 managers; node ${process.version}; code ${codeVersion()}`,
);
console.log(
  `rules in force (production defaults): ${rulesLine}; an event is given up after 8 failed reads (deals/inbox.ts)`,
);
console.log(
  'time: all real (loops, sweep interval, back-offs, pacing, the outage); the business clock (ManualClock) was moved along with real time',
);
console.log(
  `variants run side by side: ${variants.join(', ')}; the outage ended ${PHASE_MS / 1000} s after a sweep had started (--phase); wall time ${secs(Date.now() - started)}`,
);
const col = (s: string | number, w: number) => String(s).padStart(w);
console.log(
  [
    'events',
    'cards',
    'recovery',
    '1st card',
    'p50',
    'sweep ok',
    'p50 since',
    'max since',
    'given up',
    'calls/retries',
    'dup',
    'unproc',
  ]
    .map((c, i) => col(c, i === 0 ? 8 : i === 9 ? 14 : 10))
    .join(' '),
);
console.log(
  ['', '', 'end→all', 'after end', 'after end', 'after end', 'creation', 'creation', '(outage)', 'in outage', '', '']
    .map((c, i) => col(c, i === 0 ? 8 : i === 9 ? 14 : 10))
    .join(' '),
);
for (const r of results)
  console.log(
    [
      col(r.events, 8),
      col(`${r.cards}/${DEALS}`, 10),
      col(secs(r.recoveryMs), 10),
      col(secs(r.firstCardAfterUpMs), 10),
      col(secs(r.p50FromUpMs), 10),
      col(r.firstSweepAfterUpMs === null ? '—' : secs(r.firstSweepAfterUpMs), 10),
      col(secs(r.fromCreation.p50), 10),
      col(secs(r.fromCreation.max), 10),
      col(`${r.eventsGivenUp.total} (${r.eventsGivenUp.duringOutage})`, 10),
      col(`${r.bitrixDuringOutage.attempts}/${r.bitrixDuringOutage.retries}`, 14),
      col(r.duplicates, 10),
      col(r.unprocessed, 10),
    ].join(' '),
  );
for (const r of results)
  console.log(
    `${r.events}: every stored event processed ${secs(r.inboxDrainedMs)} after the end; Telegram front: ${r.telegramFrontErrors} failed calls to the emulator; bot log, warnings and errors: ${r.logged}`,
  );
console.log(
  JSON.stringify({
    bench: 'outage',
    code: codeVersion(),
    outageSeconds: OUTAGE_MS / 1000,
    phaseSeconds: PHASE_MS / 1000,
    mode: MODE,
    deals: DEALS,
    node: process.version,
    results,
  }),
);
