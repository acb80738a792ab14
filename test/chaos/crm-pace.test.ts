/**
 * Promise 3 (issue #7) with the portal's real pace: the bot keeps to Bitrix24's 2 requests a second
 * (the default rules), so after a burst its CRM writes (a timeline comment per escalation) form a
 * queue that takes many seconds. The deadlines must not wait in that queue: escalations still arrive
 * within 2 s of their due time. The real bot process, the system clock.
 *
 * Every escalation arriving is asserted in `npm test` too; the 2 s bound only in `npm run chaos`
 * (support/timing.ts) — `npm test` prints it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { chaosSeed, FULL } from './support/rng';
import { expectTiming } from './support/timing';
import { NO_FAULTS, World } from './support/world';

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

describe('chaos: timers while the CRM queue is long', () => {
  it('when the CRM writes queue up behind the portal pace (2 requests/s), then escalations still arrive within 2 s of their due time', async () => {
    w = await World.start({
      seed: chaosSeed(7_009),
      faults: NO_FAULTS,
      org: { extra: 4, perDept: 4 },
      rules: {
        claim: { timeout: '2s' },
        escalation: {
          levels: [
            { after: '2s', notify: 'department_head' },
            { after: '5s', notify: 'directors' },
          ],
        },
        // The portal's pace, as in the default rules; a sweep that does not eat into it.
        bitrix: { retryBase: '200ms', maxRetries: 4, requestsPerSecond: 2, burst: 10 },
        reconcile: { interval: '60s', initialLookback: '0s', overlap: '120s' },
      },
    });
    const world = w;
    await world.bot.start();
    await waitFor(
      () => world.read((db) => db.prepare(`SELECT 1 FROM kv WHERE key = 'reconcile.cursor'`).get() !== undefined),
      'the first sweep',
      15_000,
    );

    const deals = FULL ? 36 : 24;
    await Promise.all(
      Array.from({ length: deals }, (_, i) =>
        world.sim.createDeal(sampleDeal(i + 1, world.org.managers[i % world.org.managers.length]!.id)),
      ),
    );
    const alerts = () => world.sent.filter((m) => /^(⚠️|🚨)/.test(m.text));
    await waitFor(() => alerts().length === 2 * deals, 'both levels of every deal', 60_000).catch(() => undefined);

    const timers = world.read(
      (db) =>
        db.prepare(`SELECT t.key, t.due_at FROM timers t WHERE t.kind = 'escalate'`).all() as Array<{
          key: string;
          due_at: number;
        }>,
    );
    const crmLeft = world.read(
      (db) =>
        (
          db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND channel = 'crm'`).get() as {
            n: number;
          }
        ).n,
    );
    const lost: string[] = [];
    const late: string[] = [];
    let max = 0;
    for (const t of timers) {
      const [, aid, level] = t.key.split(':');
      const alert = alerts().find(
        (m) => m.callbacks.includes(`remind:${aid}`) && m.text.startsWith(level === '1' ? '⚠️' : '🚨'),
      );
      if (!alert) {
        lost.push(`${t.key}: never arrived`);
        continue;
      }
      const lateness = alert.at - t.due_at;
      max = Math.max(max, lateness);
      if (lateness > 2000) late.push(`${t.key}: ${lateness} ms after due_at`);
    }
    console.log(
      `crm pace: ${deals} deals, ${timers.length} escalations; alerts at most ${max} ms after due; CRM writes still queued at the end: ${crmLeft}`,
    );
    expect(timers).toHaveLength(2 * deals);
    expect(lost.slice(0, 10), `${lost.length} never arrived`).toEqual([]);
    expectTiming('escalations within 2 s of their due time', `max lateness ${max} ms`, late);
  }, 120_000);
});
