/**
 * Benchmark (figures, not a test): event → card latency when the card's send meets a connection
 * reset, through the strict Telegram proxy (test/support/telegram-proxy.ts), with the production
 * retry defaults (outbox back-off from 2 s).
 *
 * - none:   no fault (the baseline);
 * - before: the kept-alive connection is found closed before the request reached Telegram — sent
 *           again at once (issue 14, item 6: it used to wait for the 2 s back-off);
 * - after:  the reset comes after Telegram took the message — the back-off stays (a retry may double it).
 *
 *   npm run bench:reset                 # 20 deals per kind
 *   npm run bench:reset -- --rounds 50
 */
import { sampleDeal } from '../simulator/portal-fixture';
import { faults, type TelegramFault } from '../simulator/telegram-proxy';
import {
  arg,
  pct,
  secs,
  makeManagers,
  productionRules,
  startHarness,
  followRealTime,
  warmUp,
  watchCards,
  until,
  codeVersion,
} from './support';

const ROUNDS = Number(arg('rounds', '20'));
// One manager per deal: Telegram's per-chat pacing (1/s) must not be what is measured.
const managers = makeManagers(3 * ROUNDS);
const bot = await startHarness({ autoTick: true, rules: productionRules(managers) });
const h = bot.h;
await warmUp(h, managers);
const stopClock = followRealTime(h.clock);
const cards = watchCards(h.tg);
const kinds: Array<[string, () => TelegramFault | null]> = [
  ['none', () => null],
  ['before', faults.resetBefore],
  ['after', faults.resetAfter],
];
let no = 0;
console.log(`telegram resets: ${ROUNDS} deals per kind; code ${codeVersion()}`);
for (const [kind, fault] of kinds) {
  const latencies: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    no++;
    // A send first, so the next one goes on a kept-alive connection (the one a "before" reset hits).
    const f = fault();
    if (f) h.telegramProxy.inject({ method: 'sendMessage', fault: f });
    const t0 = Date.now();
    await h.sim.createDeal(sampleDeal(no, managers[no - 1]?.id));
    await until(() => cards.arrivals.has(no), 30_000);
    latencies.push((cards.arrivals.get(no)?.[0] ?? Number.POSITIVE_INFINITY) - t0);
    h.telegramProxy.clear();
  }
  await until(() => h.app.ctx.outbox.pendingCount() === 0, 30_000); // retries (copies) land before counting
  const copies = [...cards.arrivals.entries()].filter(([n]) => n > no - ROUNDS).map(([, at]) => at.length);
  console.log(
    `${kind.padEnd(6)} event → card p50 ${secs(pct(latencies, 50))}, p95 ${secs(pct(latencies, 95))}, max ${secs(Math.max(...latencies))}; cards with 2+ copies: ${copies.filter((c) => c > 1).length}/${ROUNDS}`,
  );
}
cards.stop();
stopClock();
await bot.stop();
