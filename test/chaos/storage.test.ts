/**
 * Promise 5 (issue #7): the database stops taking writes for a while, with the production loops on
 * (autoTick). Two ways it happens:
 *  - full: `PRAGMA max_page_count` pinned to the current size on the app's own connection, and the
 *    free room used up by ballast — writes that need a page fail with SQLITE_FULL, as on a full disk;
 *  - read-only: `PRAGMA query_only` — every write fails, as on a file system remounted read-only.
 * While it lasts /healthz answers 503 and a deal event is refused (non-2xx); the refused event is not
 * lost (the sweep brings the deal: one card), and the bot recovers by itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { FaultProxy } from './support/fault-proxy';
import { FULL } from './support/rng';

let h: Harness | undefined;
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await h?.stop();
  await proxy?.stop();
  h = undefined;
  proxy = undefined;
});

const RULES = { reconcile: { interval: '1s', initialLookback: '0s', overlap: '120s' } };
const health = async () => (await fetch(`${h!.botUrl}/healthz`)).status;
const cardsFor = (telegram: number, n: number) =>
  h!.messagesTo(telegram).filter((m) => m.text.includes(`Заявка #${n}:`) && m.text.startsWith('🆕'));
const count = (sql: string) => (h!.app.db.prepare(sql).get() as { n: number }).n;
const sweeps = () => h!.sim.calls.filter((c) => c.method === 'crm.deal.list').length;
const refusedEvents = () => h!.sim.eventsPosted.filter((e) => e.status < 200 || e.status >= 300);

/** Fills every free byte the pinned database still has, the way another tenant fills a disk. */
function fillUp(db: Harness['app']['db']): number {
  let rows = 0;
  for (let size = 65_536; size >= 1; size = Math.floor(size / 2)) {
    for (;;) {
      try {
        db.prepare('INSERT INTO chaos_ballast (b) VALUES (randomblob(?))').run(size);
        rows++;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_FULL') throw e;
        break;
      }
    }
  }
  return rows;
}

describe('chaos: the database cannot write for a while', () => {
  it('when the database is full (SQLITE_FULL), then /healthz says 503, a deal event is refused and not lost, and the bot recovers by itself', async () => {
    h = await Harness.start({ autoTick: true, rules: RULES });
    const world = h;
    await waitFor(() => count(`SELECT count(*) AS n FROM kv WHERE key = 'reconcile.cursor'`) === 1, 'the first sweep');
    await world.sim.createDeal(sampleDeal(1));
    await waitFor(() => cardsFor(PEOPLE.grakun.telegram, 1).length === 1, 'the card of a deal before the outage');

    const db = world.app.db;
    db.exec('CREATE TABLE chaos_ballast (b BLOB)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const ballast = fillUp(db);
    const healthDuring: number[] = [await health()];

    // Deals come in while it lasts; their events are posted by the portal as usual. The first ones may
    // still fit in a half-empty page; they keep coming until the store has to refuse one (and then some).
    const during: number[] = [];
    const cap = FULL ? 600 : 300;
    let extra = FULL ? 20 : 5;
    for (let n = 2; n < 2 + cap && extra > 0; n++) {
      during.push(n);
      await world.sim.createDeal(sampleDeal(n, n % 2 ? PEOPLE.ivanov.id : PEOPLE.grakun.id));
      if (n % 10 === 0) healthDuring.push(await health());
      if (refusedEvents().length) extra--;
    }
    const outageDeals = during.length;
    const refused = refusedEvents().length;
    // The loops keep running (and failing) meanwhile: two more sweeps, the process still answering.
    const before = sweeps();
    await waitFor(() => sweeps() >= before + 2, 'two sweeps during the outage', 15_000);
    healthDuring.push(await health());
    console.log(
      `storage (full): ${pages} pages pinned, ${ballast} ballast rows; ${outageDeals} deal events posted during the outage, ${refused} refused (${[...new Set(refusedEvents().map((e) => e.status))].join(', ')}); /healthz during: ${healthDuring.join(' ')}`,
    );
    expect(refused, 'events refused while the database is full').toBeGreaterThan(0);
    expect(
      healthDuring.filter((s) => s !== 503),
      '/healthz while the database is full',
    ).toEqual([]);

    db.pragma('max_page_count = 1073741823');
    const recoveredAt = Date.now();
    await waitFor(async () => (await health()) === 200, '/healthz back to 200', 15_000);
    await waitFor(
      () => during.every((n) => cardsFor(n % 2 ? PEOPLE.ivanov.telegram : PEOPLE.grakun.telegram, n).length >= 1),
      'a card for every deal of the outage',
      30_000,
    );
    // The loops run again: a new deal's event is taken and its card goes out.
    await world.sim.createDeal(sampleDeal(99));
    await waitFor(() => cardsFor(PEOPLE.grakun.telegram, 99).length === 1, 'a new deal after the recovery');
    await waitFor(
      () =>
        count('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL') === 0 &&
        count(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`) === 0,
      'inbound and outbox drained',
    );
    console.log(`storage (full): recovered in ${Date.now() - recoveredAt} ms`);
    for (const n of [1, ...during])
      expect(
        cardsFor(n % 2 && n !== 1 ? PEOPLE.ivanov.telegram : PEOPLE.grakun.telegram, n),
        `cards of deal #${n}`,
      ).toHaveLength(1);
    expect(count(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`)).toBe(0);
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  }, 90_000);

  it('when the database turns read-only with a card on its way to Telegram, then that card still arrives once, a refused event is not lost, and the bot recovers by itself', async () => {
    let gate: { open: () => void; wait: Promise<void> } | null = null;
    let held = 0;
    h = await Harness.start({
      autoTick: true,
      rules: RULES,
      telegramApiRoot: async (emulator) => {
        proxy = await FaultProxy.start(
          () => emulator,
          async (req, ctx) => {
            if (gate && req.url.endsWith('/sendMessage')) {
              held++;
              await gate.wait;
            }
            return ctx.forward();
          },
        );
        return proxy.url;
      },
    });
    const world = h;
    await waitFor(() => count(`SELECT count(*) AS n FROM kv WHERE key = 'reconcile.cursor'`) === 1, 'the first sweep');

    // A slow Telegram holds the card of deal 1 while the database goes read-only.
    let open!: () => void;
    gate = { open: () => open(), wait: new Promise<void>((r) => (open = r)) };
    await world.sim.createDeal(sampleDeal(1));
    await waitFor(() => held === 1, 'the card of deal 1 on its way');
    world.app.db.pragma('query_only = ON');
    const g = gate;
    gate = null;
    g.open(); // Telegram takes the card now; the bot cannot record that it did
    const healthDuring: number[] = [await health()];
    await world.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id));
    const refused = refusedEvents();
    const before = sweeps();
    await waitFor(() => sweeps() >= before + 2, 'two sweeps while read-only', 15_000);
    healthDuring.push(await health());
    const copiesDuring = cardsFor(PEOPLE.grakun.telegram, 1).length;
    world.app.db.pragma('query_only = OFF');

    await waitFor(async () => (await health()) === 200, '/healthz back to 200', 15_000);
    await waitFor(() => cardsFor(PEOPLE.ivanov.telegram, 2).length >= 1, 'the card of the refused deal', 30_000);
    await waitFor(
      () =>
        count(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`) === 0 &&
        count('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL') === 0,
      'outbox and inbound drained',
    );
    console.log(
      `storage (read-only): event statuses while read-only ${refused.map((e) => e.status).join(', ')}; /healthz during: ${healthDuring.join(' ')}; copies of the in-flight card: ${copiesDuring} during, ${cardsFor(PEOPLE.grakun.telegram, 1).length} after`,
    );
    expect(refused.map((e) => e.status)).toEqual([503]);
    expect(healthDuring).toEqual([503, 503]);
    expect(cardsFor(PEOPLE.ivanov.telegram, 2)).toHaveLength(1);
    expect(
      cardsFor(PEOPLE.grakun.telegram, 1),
      'copies of the card that was on its way when writes stopped',
    ).toHaveLength(1);
  }, 90_000);
});
