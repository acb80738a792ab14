/**
 * Benchmark (figures, not a test): a burst of N deal events against the portal simulator with the
 * real Bitrix24 limit on (bucket of 50, drained at 2 requests/s). Measures event → card latency,
 * Bitrix24 calls and 503s, for the batched bot and for a naive one-read-per-event baseline.
 *
 *   npm run bench                 # 200 events, both modes
 *   npm run bench -- --events 50 --only batched
 */
import { Harness, PEOPLE, waitFor } from '../simulator/harness';
import { companyRules, sampleDeal } from '../simulator/portal-fixture';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const EVENTS = Number(arg('events', '200'));
const ONLY = arg('only', 'both');
const MANAGERS = 40; // a burst spreads over a department's managers; each chat stays within Telegram's pacing

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function run(mode: 'batched' | 'naive') {
  const managers = Array.from({ length: MANAGERS }, (_, i) => ({ id: 100 + i, telegram: 9100 + i }));
  const base = companyRules();
  const h = await Harness.start({
    naiveFetch: mode === 'naive',
    autoTick: true,
    simulator: { rateLimit: { capacity: 50, drainPerSecond: 2 } },
    rules: {
      bitrix: { requestsPerSecond: 2, burst: 10, maxRetries: 8, retryBase: '500ms' },
      // The sweep would rescue a slow baseline; this measures the event path alone.
      reconcile: { interval: '24h', initialLookback: '0s', overlap: '120s' },
      people: {
        ...base.people,
        links: [
          ...(base.people?.links ?? []),
          ...managers.map((m) => ({ bitrixUserId: m.id, telegramUserId: m.telegram })),
        ],
      },
    },
  });
  try {
    for (const m of managers) h.sim.addUser({ id: m.id, name: 'Менеджер', lastName: `№${m.id}`, departmentIds: [3] });
    // Warm the directory (people, pipelines) as a running bot would have it.
    await h.app.reconcile();
    h.sim.resetCalls();
    const sentAt = new Map<number, number>();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: EVENTS }, async (_, i) => {
        const n = i + 1;
        sentAt.set(n, Date.now());
        await h.sim.createDeal(sampleDeal(n, managers[i % MANAGERS]!.id));
      }),
    );
    const cardTimes = () => {
      const out = new Map<number, number[]>();
      for (const u of h.tg.storage.botMessages) {
        const m = /Заявка #(\d+):/.exec(String(u.message.text));
        if (m && String(u.message.text).startsWith('🆕'))
          out.set(Number(m[1]), [...(out.get(Number(m[1])) ?? []), u.time]);
      }
      return out;
    };
    await waitFor(() => cardTimes().size >= EVENTS, `${EVENTS} cards`, 600_000);
    const total = Date.now() - started;
    await waitFor(() => h.app.ctx.outbox.pendingCount() === 0, 'outbox drained', 60_000);
    const cards = cardTimes();
    const lat = [...cards].map(([n, ts]) => ts[0]! - sentAt.get(n)!);
    const calls = h.sim.calls.length;
    const refused = h.sim.calls.filter((c) => c.status === 503).length;
    const dup = [...cards.values()].filter((ts) => ts.length > 1).length;
    const lost = (await h.app.db
      .prepare(`SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL`)
      .get()) as { n: number };
    return {
      mode,
      events: EVENTS,
      totalMs: total,
      p50: pct(lat, 50),
      p95: pct(lat, 95),
      p99: pct(lat, 99),
      calls,
      refused503: refused,
      duplicates: dup,
      unprocessed: lost.n,
    };
  } finally {
    await h.stop();
  }
}

const results = [];
if (ONLY !== 'naive') results.push(await run('batched'));
if (ONLY !== 'batched') results.push(await run('naive'));
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `deal burst: ${EVENTS} events, simulator limit 50 burst / 2 req/s, ${MANAGERS} managers, node ${process.version}`,
);
for (const r of results)
  console.log(
    `${r.mode.padEnd(8)} all cards in ${fmt(r.totalMs)} | event→card p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} p99 ${fmt(r.p99)} | Bitrix24 calls ${r.calls} (${(r.calls / r.events).toFixed(2)}/deal), 503 answered ${r.refused503}, events left unprocessed ${r.unprocessed} | duplicate cards ${r.duplicates}`,
  );
if (results.length === 2) {
  const [b, n] = results as [(typeof results)[0], (typeof results)[0]];
  console.log(
    `ratio naive/batched: calls ×${(n.calls / b.calls).toFixed(1)}, time to all cards ×${(n.totalMs / b.totalMs).toFixed(1)}, p95 latency ×${(n.p95 / b.p95).toFixed(1)}`,
  );
}
void PEOPLE;
