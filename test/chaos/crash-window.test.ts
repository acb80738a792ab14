/**
 * Promise 2 (issue #7), the exact instant README names: the bot killed with SIGKILL after the other
 * side carried a call out and before the outbox recorded it. The proxy in front of the portal (or of
 * Telegram) forwards the call, kills the bot, and only then lets the answer go — so the kill lands in
 * the window every time, not by luck as in the crash storm.
 *
 * README: "Delivery to Telegram is *at least once* … Timers and CRM writes are not doubled."
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../simulator/harness';
import { sampleDeal, PEOPLE } from '../../simulator/portal-fixture';
import { chaosSeed } from './support/rng';
import { NO_FAULTS, World } from './support/world';

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

const QUICK = {
  claim: { timeout: '1s' },
  escalation: {
    levels: [
      { after: '1s', notify: 'department_head' as const },
      { after: '2s', notify: 'directors' as const },
    ],
  },
};

function settled(world: World): boolean {
  return world.read(
    (db) =>
      (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n === 0 &&
      (
        db.prepare(`SELECT count(*) AS n FROM timers WHERE kind = 'escalate' AND status = 'pending'`).get() as {
          n: number;
        }
      ).n === 0 &&
      (db.prepare(`SELECT count(*) AS n FROM timers WHERE kind = 'escalate'`).get() as { n: number }).n === 2,
  );
}

describe('chaos: killed in the window between the other side acting and the outbox recording it', () => {
  it('when the bot dies right after the portal wrote an escalation into the deal timeline, then after the restart that comment is still written once', async () => {
    w = await World.start({ seed: chaosSeed(7_003), faults: NO_FAULTS, org: { extra: 0, perDept: 0 }, rules: QUICK });
    const world = w;
    await world.bot.start();
    let killedAt = 0;
    world.interceptPortal = async (req, forward) => {
      if (killedAt || !req.url.includes('crm.timeline.comment.add')) return null;
      const res = await forward(); // the portal has written the comment…
      killedAt = await world.bot.kill(); // …and the bot dies before it hears so
      return res;
    };
    const dealId = await world.sim.createDeal(sampleDeal(1));
    await waitFor(() => killedAt > 0, 'the kill right after the portal wrote the comment', 20_000);
    expect(world.integrityCheck()).toBe('ok');
    const escalations = () =>
      world.sim
        .timelineComments('deal', dealId)
        .map((c) => c.comment)
        .filter((c) => c.startsWith('Бот: сделка не взята в работу'));
    expect(escalations()).toHaveLength(1);
    const [written] = escalations();

    await world.bot.start();
    await waitFor(() => settled(world), 'both escalations fired and the outbox drained', 20_000);
    const byLevel = (n: number) => escalations().filter((c) => c.includes(`уровень ${n}`));
    console.log(`crash window (CRM): timeline comments after the restart: ${JSON.stringify(escalations())}`);
    // The one written before the kill must not be written again.
    expect(escalations().filter((c) => c === written)).toHaveLength(1);
    expect(byLevel(1)).toHaveLength(1);
    expect(byLevel(2)).toHaveLength(1);
  }, 40_000);

  it('when the bot dies right after Telegram accepted a card, then after the restart it is sent again at most once (the documented at-least-once case) and every escalation still comes once', async () => {
    w = await World.start({ seed: chaosSeed(7_004), faults: NO_FAULTS, org: { extra: 0, perDept: 0 }, rules: QUICK });
    const world = w;
    await world.bot.start();
    let killedAt = 0;
    world.interceptTelegram = async (req, forward) => {
      if (killedAt || !req.body.toString().includes('Новая сделка')) return null;
      const res = await forward(); // Telegram has the card…
      killedAt = await world.bot.kill(); // …and the bot dies before the outbox records it
      return res;
    };
    await world.sim.createDeal(sampleDeal(1));
    await waitFor(() => killedAt > 0, 'the kill right after Telegram accepted the card', 20_000);
    expect(world.integrityCheck()).toBe('ok');
    const restartedAt = (await world.bot.start()).spawnedAt;
    await waitFor(() => settled(world), 'both escalations fired and the outbox drained', 20_000);

    const to = (chat: number) => world.sent.filter((m) => m.chatId === String(chat));
    const cards = to(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('🆕'));
    const row = world.read(
      (db) => db.prepare(`SELECT sent_at FROM outbox WHERE idem_key LIKE 'card:%'`).get() as { sent_at: number },
    );
    console.log(
      `crash window (Telegram): card copies ${cards.length}; first accepted ${killedAt - cards[0]!.at} ms before the kill, outbox row marked sent ${row.sent_at - restartedAt} ms after the restart`,
    );
    // The documented case, identified precisely: one copy before the kill, one re-send after the
    // restart, and the outbox recorded the card only after the restart.
    expect(cards.length).toBeGreaterThanOrEqual(1);
    expect(cards.length).toBeLessThanOrEqual(2);
    expect(cards[0]!.at).toBeLessThanOrEqual(killedAt);
    if (cards.length === 2) {
      expect(cards[1]!.at).toBeGreaterThanOrEqual(restartedAt);
      expect(row.sent_at).toBeGreaterThanOrEqual(restartedAt);
    }
    // Nothing else doubles: one alert per level, one ping per level. On a slow machine the level-1
    // alert (due 1 s after the deal) can be in flight in its own chat's lane at the very kill: it is
    // then the same documented case — accepted from the killed process, sent once more after the
    // restart. Such a re-send is told apart and not counted; any other copy is.
    const distinct = (msgs: typeof world.sent) => {
      const before = msgs.filter((m) => m.at < restartedAt);
      const after = msgs.filter((m) => m.at >= restartedAt);
      const resent = after.filter((m) => {
        const i = before.findIndex((b) => b.text === m.text);
        if (i < 0) return false;
        before.splice(i, 1); // one earlier copy excuses one re-send
        return true;
      });
      return msgs.length - resent.length;
    };
    expect(distinct(to(PEOPLE.head.telegram))).toBe(1);
    expect(distinct(to(PEOPLE.director.telegram))).toBe(1);
    // Both levels due while the bot was down fire together at the restart: one ping for that moment
    // (deals/escalation.ts), so one or two — never more.
    const pings = distinct(to(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('⏰')));
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(pings).toBeLessThanOrEqual(2);
  }, 40_000);
});
