/**
 * Promise 1 (issue #7), the race behind a doubled assignment the full storm turned up: the
 * reconciliation sweep lists a deal, the deal is re-assigned in Bitrix24 and the bot takes that event
 * — and only then does the sweep apply its (by now stale) listing. The portal's answer to the sweep is
 * held back by the proxy until the newer state has been applied, so the race is hit every time.
 * The bot must not hand the deal back to the previous manager: one assignment per real assignment,
 * one card each.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../simulator/harness';
import { sampleDeal, PEOPLE } from '../../simulator/portal-fixture';
import type { ProxiedResponse } from './support/fault-proxy';
import { chaosSeed } from './support/rng';
import { NO_FAULTS, World } from './support/world';

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

describe('chaos: a stale sweep', () => {
  it('when the sweep read a deal before it was re-assigned and applies it after, then the deal is not handed back to the previous manager', async () => {
    w = await World.start({ seed: chaosSeed(7_007), faults: NO_FAULTS, org: { extra: 0, perDept: 0 } });
    const world = w;
    await world.bot.start();
    const cursor = () =>
      world.read(
        (db) =>
          (db.prepare(`SELECT value FROM kv WHERE key = 'reconcile.cursor'`).get() as { value: string } | undefined)
            ?.value,
      );
    await waitFor(() => cursor() !== undefined, 'the first sweep', 15_000);
    const cards = (chat: number) => world.sent.filter((m) => m.chatId === String(chat) && m.text.startsWith('🆕'));
    const id = await world.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await waitFor(() => cards(PEOPLE.grakun.telegram).length === 1, 'the card to Гракун');

    // The next sweep's listing (the deal still with Гракун) is read, then held back…
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held: ProxiedResponse | null = null;
    world.interceptPortal = async (req, forward) => {
      if (held || !req.url.includes('crm.deal.list')) return null;
      const res = await forward();
      if (!res.body.toString().includes(`"ID":"${id}"`)) return res;
      held = res;
      await released;
      return res;
    };
    await waitFor(() => held !== null, 'a sweep listing the deal');
    // …while the deal goes to Иванов and the bot takes that event.
    await world.sim.updateDeal(id, { ASSIGNED_BY_ID: String(PEOPLE.ivanov.id) });
    await waitFor(() => cards(PEOPLE.ivanov.telegram).length === 1, 'the card to Иванов');
    const before = cursor();
    release();
    // The stale listing is applied; then two more sweeps run (the loop is not stuck).
    await waitFor(() => cursor() !== before, 'the held sweep to finish', 15_000);
    const after = cursor();
    await waitFor(() => cursor() !== after, 'one more sweep', 15_000);
    await waitFor(
      () =>
        world.read(
          (db) =>
            (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n === 0,
        ),
      'the outbox drained',
    );

    const assignments = world.read(
      (db) =>
        db.prepare('SELECT manager_id, status FROM assignments WHERE deal_id = ? ORDER BY id').all(id) as Array<{
          manager_id: number;
          status: string;
        }>,
    );
    console.log(
      `stale sweep: assignments ${assignments.map((a) => `${a.manager_id}:${a.status}`).join(' → ')}; cards to Гракун ${cards(PEOPLE.grakun.telegram).length}, to Иванов ${cards(PEOPLE.ivanov.telegram).length}`,
    );
    expect(assignments.map((a) => a.manager_id)).toEqual([PEOPLE.grakun.id, PEOPLE.ivanov.id]);
    expect(assignments.at(-1)!.status).toBe('pending');
    expect(cards(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(cards(PEOPLE.ivanov.telegram)).toHaveLength(1);
  }, 60_000);
});
