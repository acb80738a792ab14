/**
 * Benchmark (figures, not a test): the database of 100,000 deals before and after retention
 * (issue 17). The store is filled as bench/capacity.ts fills it (bench/capacity-fill.ts: a deal
 * every 1.5 min, so 100,000 deals span ~104 days, each with its event rows, card, claim edit,
 * timeline comment, stage move and cancelled timers), then pruned with the bot's own code
 * (src/app/retention.ts) at the default period (90 days) and, to show what a deal costs once all of
 * its history is past the period, at 0. Sizes are of the file after VACUUM (SQLite reuses freed
 * pages but does not shrink the file by itself; the sizes are what the data takes).
 *
 *   npm run bench:retention
 *   npm run bench:retention -- --deals 10000
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pruneOldRows } from '../src/app/retention';
import { ManualClock } from '../src/kernel/clock';
import { createLogger } from '../src/kernel/log';
import { KvStore, openDb } from '../src/store/db';
import { OutboxStore } from '../src/store/outbox';
import { TimerStore } from '../src/store/timers';
import { InboundStore } from '../src/store/inbound';
import { AlertBundleStore } from '../src/deals/store';
import { PaymentStore } from '../src/payments/store';
import { fill } from './capacity-fill';
import { arg, mb, makeManagers, codeVersion } from './support';

const DEALS = Number(arg('deals', '100000'));
const dir = mkdtempSync(join(tmpdir(), 'b24bot-retention-'));
const path = join(dir, 'bot.sqlite');

const size = () => {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.close();
  return statSync(path).size;
};
const counts = () => {
  const db = new Database(path, { readonly: true });
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const r = {
    outbox: n('SELECT count(*) AS n FROM outbox'),
    inbound: n('SELECT count(*) AS n FROM inbound_events'),
    timers: n('SELECT count(*) AS n FROM timers'),
    deals: n('SELECT count(*) AS n FROM deals'),
    assignments: n('SELECT count(*) AS n FROM assignments'),
  };
  db.close();
  return r;
};

console.log(`retention on ${DEALS.toLocaleString('en')} deals; node ${process.version}; code ${codeVersion()}`);
console.log('(a shared 2-core machine: times are noisy; sizes are not)');
const t0 = performance.now();
fill(path, { deals: DEALS, pending: Math.floor(DEALS / 20), managers: makeManagers(40) });
console.log(`filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const before = size();
const rowsBefore = counts();
console.log(
  `before:               ${mb(before)} (${(before / DEALS / 1024).toFixed(2)} KB/deal) rows ${JSON.stringify(rowsBefore)}`,
);

const prune = async (periodDays: number) => {
  const db = openDb(path);
  const clock = new ManualClock(new Date());
  const t = performance.now();
  const pruned = await pruneOldRows(
    {
      clock,
      log: createLogger({ level: 'silent' }),
      kv: new KvStore(db),
      outbox: new OutboxStore(db),
      timers: new TimerStore(db),
      inbound: new InboundStore(db),
      bundles: new AlertBundleStore(db),
      paymentCovers: new PaymentStore(db),
      paymentPastes: new PaymentStore(db),
      paymentStamps: new PaymentStore(db),
      paymentPrompts: new PaymentStore(db),
      period: periodDays * 86_400_000,
      every: 0,
    },
    true,
  );
  const ms = performance.now() - t;
  db.close();
  return { pruned, ms };
};

const p90 = await prune(90);
const after90 = size();
console.log(
  `after 90-day prune:   ${mb(after90)} (${(after90 / DEALS / 1024).toFixed(2)} KB/deal) — deleted ${JSON.stringify(p90.pruned)} in ${(p90.ms / 1000).toFixed(2)} s; rows ${JSON.stringify(counts())}`,
);
const p0 = await prune(0);
const after0 = size();
console.log(
  `all history past it:  ${mb(after0)} (${(after0 / DEALS / 1024).toFixed(2)} KB/deal) — deleted ${JSON.stringify(p0.pruned)} in ${(p0.ms / 1000).toFixed(2)} s; rows ${JSON.stringify(counts())}`,
);
console.log(`ratio before/after (all history past the period): ×${(before / after0).toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });
