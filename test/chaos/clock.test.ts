/**
 * Promise 6 (issue #7): the business clock jumps — an hour forward (a suspended host, an NTP step),
 * ten minutes back — and no escalation doubles or goes missing. Deadlines are absolute times in the
 * timers table: a jump forward fires each due level once; a jump back fires nothing again and nothing
 * early. Run with test-driven passes (settle) and with the production loops (autoTick) on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

const MIN = 60_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Level-n alerts (⚠️ level 1 to the head, 🚨 level 2 to the director) and pings, per deal number. */
function escalations(world: Harness) {
  const of = (chat: number, prefix: string) => world.messagesTo(chat).filter((m) => m.text.startsWith(prefix));
  const deal = (text: string) => Number(/Заявка #(\d+):/.exec(text)?.[1]);
  const per = (msgs: Array<{ text: string }>) => {
    const out = new Map<number, number>();
    for (const m of msgs) out.set(deal(m.text), (out.get(deal(m.text)) ?? 0) + 1);
    return Object.fromEntries([...out.entries()].sort(([a], [b]) => a - b));
  };
  return {
    level1: per(of(PEOPLE.head.telegram, '⚠️')),
    level2: per(of(PEOPLE.director.telegram, '🚨')),
    pings: per([...of(PEOPLE.grakun.telegram, '⏰'), ...of(PEOPLE.ivanov.telegram, '⏰')]),
  };
}

const timerRows = (world: Harness) =>
  world.app.db.prepare(`SELECT key, status FROM timers WHERE kind = 'escalate' ORDER BY key`).all() as Array<{
    key: string;
    status: string;
  }>;

describe('chaos: the clock jumps', () => {
  it('when the clock jumps an hour forward and then ten minutes back, then every escalation level fires exactly once, none early, none lost', async () => {
    h = await Harness.start();
    const world = h;
    await world.app.reconcile(); // the sweep's cursor, as in production
    await world.sim.createDeal(sampleDeal(1)); // 10:00 → levels due 10:10, 10:20
    await settle(world.app);
    await world.advance(5 * MIN);
    await world.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id)); // 10:05 → 10:15, 10:25
    await settle(world.app);
    expect(escalations(world)).toEqual({ level1: {}, level2: {}, pings: {} });

    // An hour forward in one step: four deadlines fell due at once. Both levels of a deal at one
    // moment ping its manager once (deals/escalation.ts), not twice alike.
    await world.advance(60 * MIN); // 11:05
    expect(escalations(world)).toEqual({ level1: { 1: 1, 2: 1 }, level2: { 1: 1, 2: 1 }, pings: { 1: 1, 2: 1 } });
    await world.sim.createDeal(sampleDeal(3)); // 11:05 → 11:15, 11:25
    await settle(world.app);

    // Ten minutes back: 10:55. Nothing fires again; deal 3's deadlines move no closer.
    world.clock.set(world.clock.now().getTime() - 10 * MIN);
    await settle(world.app);
    await world.app.reconcile();
    await settle(world.app);
    expect(escalations(world)).toEqual({ level1: { 1: 1, 2: 1 }, level2: { 1: 1, 2: 1 }, pings: { 1: 1, 2: 1 } });

    // A deal assigned in the repeated ten minutes, whose event is lost: the sweep still finds it.
    world.sim.dropEvents(1);
    await world.sim.createDeal(sampleDeal(4, PEOPLE.ivanov.id)); // 10:55 (again) → 11:05, 11:15
    await settle(world.app);
    await world.advance(MIN); // 10:56
    await world.app.reconcile();
    await settle(world.app);
    expect(
      world.messagesTo(PEOPLE.ivanov.telegram).filter((m) => m.text.includes('Заявка #4:') && m.text.startsWith('🆕')),
    ).toHaveLength(1);

    await world.advance(9 * MIN - 1000); // 11:04:59: deal 4's level 1 not yet
    expect(escalations(world).level1).toEqual({ 1: 1, 2: 1 });
    await world.advance(1000); // 11:05
    expect(escalations(world).level1).toEqual({ 1: 1, 2: 1, 4: 1 });
    await world.advance(10 * MIN - 1000); // 11:14:59: deal 3's level 1 (due 11:15) not yet
    expect(escalations(world).level1).toEqual({ 1: 1, 2: 1, 4: 1 });
    await world.advance(1000 + 10 * MIN); // 11:25: both levels of deal 3 at once, one ping
    expect(escalations(world)).toEqual({
      level1: { 1: 1, 2: 1, 3: 1, 4: 1 },
      level2: { 1: 1, 2: 1, 3: 1, 4: 1 },
      pings: { 1: 1, 2: 1, 3: 1, 4: 2 },
    });

    // Back again (10 minutes) and then a long way forward: still once each.
    world.clock.set(world.clock.now().getTime() - 10 * MIN);
    await world.advance(3 * 60 * MIN);
    expect(escalations(world)).toEqual({
      level1: { 1: 1, 2: 1, 3: 1, 4: 1 },
      level2: { 1: 1, 2: 1, 3: 1, 4: 1 },
      pings: { 1: 1, 2: 1, 3: 1, 4: 2 },
    });
    expect(timerRows(world).map((t) => t.status)).toEqual(Array(8).fill('fired'));
  });

  it('when the clock jumps while the production loops run (autoTick), then each level still fires exactly once', async () => {
    h = await Harness.start({
      autoTick: true,
      rules: { reconcile: { interval: '1s', initialLookback: '0s', overlap: '120s' } },
    });
    const world = h;
    const sweeps = () => world.sim.calls.filter((c) => c.method === 'crm.deal.list').length;
    const passes = async (n: number) => {
      const from = sweeps();
      await waitFor(() => sweeps() >= from + n, `${n} more passes of the loops`);
    };
    await passes(1);
    await world.sim.createDeal(sampleDeal(1));
    await world.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id));
    await waitFor(
      () =>
        world.messagesTo(PEOPLE.ivanov.telegram).length === 1 && world.messagesTo(PEOPLE.grakun.telegram).length === 1,
      'the two cards',
    );

    world.clock.advance(60 * MIN);
    await waitFor(
      () =>
        escalations(world).level2[2] === 1 &&
        escalations(world).level2[1] === 1 &&
        (escalations(world).pings[2] ?? 0) === 1,
      'both levels of both deals (one ping each: they fell due at one moment)',
    );
    world.clock.set(world.clock.now().getTime() - 10 * MIN);
    await passes(2);
    await world.sim.createDeal(sampleDeal(3));
    await waitFor(
      () => world.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('🆕')).length === 2,
      'the card of deal 3',
    );
    world.clock.advance(25 * MIN);
    await waitFor(
      () => escalations(world).level2[3] === 1 && (escalations(world).pings[3] ?? 0) === 1,
      'both levels of deal 3',
    );
    await passes(1);
    expect(escalations(world)).toEqual({
      level1: { 1: 1, 2: 1, 3: 1 },
      level2: { 1: 1, 2: 1, 3: 1 },
      pings: { 1: 1, 2: 1, 3: 1 },
    });
    expect(timerRows(world).map((t) => t.status)).toEqual(Array(6).fill('fired'));
  });
});
