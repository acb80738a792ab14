/**
 * Promise 1 (issue #7) for CRM writes, found by the crash storm: one timeline comment per escalation.
 * A deal escalated, re-assigned within the department and escalated again gets two comments with
 * the same words. When the portal answers 500 to the second one (refused before doing anything), the
 * bot cannot know whether it was written, so it looks in the timeline first — and must not take the
 * first comment for the second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../simulator/harness';
import { sampleDeal, PEOPLE } from '../../simulator/portal-fixture';
import { json } from './support/fault-proxy';
import { chaosSeed } from './support/rng';
import { NO_FAULTS, World } from './support/world';

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

describe('chaos: an uncertain comment with the same words as an earlier one', () => {
  it('when the second of two identical escalation comments is refused with 500, then it is still written (not mistaken for the first)', async () => {
    w = await World.start({
      seed: chaosSeed(7_010),
      faults: NO_FAULTS,
      org: { extra: 0, perDept: 0 },
      rules: { claim: { timeout: '1s' }, escalation: { levels: [{ after: '1s', notify: 'department_head' }] } },
    });
    const world = w;
    await world.bot.start();
    await waitFor(
      () => world.read((db) => db.prepare(`SELECT 1 FROM kv WHERE key = 'reconcile.cursor'`).get() !== undefined),
      'the first sweep',
      15_000,
    );
    const id = await world.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    const escalations = () =>
      world.sim
        .timelineComments('deal', id)
        .map((c) => c.comment)
        .filter((c) => c.startsWith('Бот: сделка не взята в работу'));
    await waitFor(() => escalations().length === 1, 'the first escalation comment', 15_000);

    // Re-assigned to a colleague with the same head: the next escalation reads word for word the same.
    let refused = 0;
    world.interceptPortal = async (req) => {
      if (refused || !req.url.includes('crm.timeline.comment.add')) return null;
      refused++;
      return json(500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    };
    await world.sim.updateDeal(id, { ASSIGNED_BY_ID: String(PEOPLE.ivanov.id) });
    const alerts = () => world.sent.filter((m) => m.chatId === String(PEOPLE.head.telegram) && m.text.startsWith('⚠️'));
    await waitFor(
      () => alerts().length === 2 && refused === 1,
      'the second escalation, its comment refused once',
      15_000,
    );
    await waitFor(
      () =>
        world.read(
          (db) =>
            (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n === 0,
        ),
      'the outbox drained',
      15_000,
    );
    console.log(
      `comment lookup: ${alerts().length} escalations, ${escalations().length} timeline comments: ${JSON.stringify(escalations())}`,
    );
    expect(escalations()).toHaveLength(2);
    expect(escalations()[0]).toBe(escalations()[1]); // the same words indeed
  }, 60_000);
});
