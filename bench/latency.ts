/**
 * Benchmark (figures, not a test): event → card latency at a steady 1, 10 and 50 deal events/s.
 *
 * One bot runs through all the rates, one after the other, as in production: its own loops
 * (autoTick: a pass per event and every second, the reconciliation sweep on its interval), the
 * production pacing and retry defaults of src/config.ts (Bitrix24 client at 2 req/s), against the
 * portal simulator with its real limit (bucket of 50 drained at 2 req/s) and the Telegram emulator
 * (behind bench/telegram-longpoll.ts, so that polling it does not load the CPU).
 * Deals go round-robin to 40 managers linked in Telegram; each deal has a contact (name + phone on
 * the card), as a deal from a web form has. Latency = from the createDeal call on the portal (which
 * then posts ONCRMDEALADD) to the card landing in the emulator (hooked on the emulator's own event).
 * Bitrix24 calls are counted from the simulator's request log (a batch is one call).
 *
 *   npm run bench:latency                          # 30 s at each of 1, 10, 50 events/s
 *   npm run bench:latency -- --seconds 5 --rates 1,10 --managers 40 --no-contacts --no-sweep
 */
import { sampleDeal } from '../simulator/portal-fixture';
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

const SECONDS = Number(arg('seconds', '30'));
const RATES = arg('rates', '1,10,50').split(',').map(Number);
const MANAGERS = Number(arg('managers', '40'));
const CONTACTS = arg('no-contacts', 'false') !== 'true';
const SWEEP = arg('no-sweep', 'false') !== 'true'; // --no-sweep: the event path alone, as bench/deal-burst.ts measures it

const managers = makeManagers(MANAGERS);
const logged = countingLogger();
const bot = await startHarness({
  log: logged.log,
  autoTick: true,
  simulator: { rateLimit: { capacity: 50, drainPerSecond: 2 } },
  rules: productionRules(managers, SWEEP ? {} : { reconcile: { interval: '24h' } }),
});
const h = bot.h;
const stopClock = followRealTime(h.clock);
const cards = watchCards(h.tg);
const unprocessed = () =>
  (h.app.db.prepare('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL').get() as { n: number }).n;

function createDeal(no: number, managerId: number): Promise<number> {
  const contact = CONTACTS
    ? h.sim.addContact({
        name: 'Иван',
        lastName: `Клиентов-${no}`,
        phone: `+7 921 ${String(1_000_000 + no).slice(-7)}`,
      })
    : null;
  return h.sim.createDeal({ ...sampleDeal(no, managerId), CONTACT_ID: contact === null ? null : String(contact) });
}

const results = [];
try {
  await warmUp(h, managers);
  await until(() => h.app.ctx.outbox.pendingCount() === 0, 30_000);
  let seq = 0;
  for (const rate of RATES) {
    const n = Math.max(1, Math.round(rate * SECONDS));
    const first = seq + 1;
    seq += n;
    const callsFrom = h.sim.calls.length;
    const sentAt = new Map<number, number>();
    const posts: Array<Promise<number>> = [];
    const t0 = Date.now();
    // Steady pace: the k-th deal at t0 + k/rate; a late wake-up catches up at once.
    for (let k = 0; k < n; ) {
      const due = Math.min(n, Math.floor(((Date.now() - t0) * rate) / 1000) + 1);
      for (; k < due; k++) {
        sentAt.set(first + k, Date.now());
        posts.push(createDeal(first + k, managers[(first + k) % MANAGERS]!.id));
      }
      if (k < n) await sleep(Math.max(1, t0 + (k * 1000) / rate - Date.now()));
    }
    await Promise.all(posts);
    const sendMs = Date.now() - t0;
    await until(() => [...sentAt.keys()].every((no) => cards.arrivals.has(no)), 60_000 + n * 100);
    await until(() => h.app.ctx.outbox.pendingCount() === 0 && unprocessed() === 0, 30_000);
    const calls = h.sim.calls.slice(callsFrom);
    const got = [...sentAt].filter(([no]) => cards.arrivals.has(no));
    const lat = got.map(([no, at]) => cards.arrivals.get(no)![0]! - at);
    const lastCard = Math.max(...got.map(([no]) => cards.arrivals.get(no)![0]!));
    results.push({
      rate,
      sent: n,
      sendSeconds: sendMs / 1000,
      cards: got.length,
      p50: pct(lat, 50),
      p95: pct(lat, 95),
      p99: pct(lat, 99),
      max: Math.max(...lat),
      callsPerDeal: calls.length / n,
      calls: {
        total: calls.length,
        batch: calls.filter((c) => c.method === 'batch').length,
        dealList: calls.filter((c) => c.method === 'crm.deal.list').length,
      },
      refused503: calls.filter((c) => c.status === 503).length,
      cardsPerSecond: got.length / ((lastCard - t0) / 1000),
      duplicates: got.filter(([no]) => cards.arrivals.get(no)!.length > 1).length,
      unprocessed: unprocessed(),
    });
  }
} finally {
  stopClock();
  cards.stop();
  await bot.stop();
}

console.log(
  `event → card latency at steady rates: ${SECONDS} s per rate, one bot running through them in turn, ${MANAGERS} managers, ` +
    `deals ${CONTACTS ? 'with' : 'without'} a contact${SWEEP ? '' : ', sweep OFF'}; simulator limit 50 burst / 2 req/s; node ${process.version}; code ${codeVersion()}`,
);
console.log(`rules in force (production defaults): ${rulesInForce(h)}`);
console.log(
  'all times real: loops, pacing, sweep interval; the business clock (a ManualClock) was moved along with real time; getUpdates long-polls (bench/telegram-longpoll.ts)',
);
const col = (s: string | number, w: number) => String(s).padStart(w);
console.log(
  [
    'rate/s',
    'sent',
    'cards',
    'p50',
    'p95',
    'p99',
    'max',
    'calls/deal',
    '(batch',
    'list)',
    '503s',
    'cards/s',
    'dup',
    'unproc',
  ]
    .map((c, i) => col(c, i < 3 ? 6 : 9))
    .join(' '),
);
for (const r of results)
  console.log(
    [
      col(r.rate, 6),
      col(r.sent, 6),
      col(r.cards, 6),
      ...[r.p50, r.p95, r.p99, r.max].map((v) => col(secs(v), 9)),
      col(r.callsPerDeal.toFixed(3), 9),
      col(r.calls.batch, 9),
      col(r.calls.dealList, 9),
      col(r.refused503, 9),
      col(r.cardsPerSecond.toFixed(1), 9),
      col(r.duplicates, 9),
      col(r.unprocessed, 9),
    ].join(' '),
  );
console.log(
  `bot log, warnings and errors: ${logged.summary()}; Telegram front: ${bot.telegramFrontErrors()} failed calls to the emulator`,
);
console.log(
  JSON.stringify({
    bench: 'latency',
    code: codeVersion(),
    logged: Object.fromEntries(logged.counts),
    telegramFrontErrors: bot.telegramFrontErrors(),
    seconds: SECONDS,
    sweep: SWEEP,
    managers: MANAGERS,
    contacts: CONTACTS,
    node: process.version,
    results,
  }),
);
