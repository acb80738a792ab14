/**
 * Issue 13, items 9 and 10: the first sweep and the first event deciding about the same deal at
 * once; an event for a deal the portal does not give yet.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { createLogger } from '../../src/kernel/log';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

/** A logger whose lines the test can read. */
function memoryLog() {
  const lines: Array<{ level: number; msg: string; err?: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines };
}

const cards = (telegramId: number) => h.messagesTo(telegramId).filter((m) => m.text.startsWith('🆕 Новая сделка'));
const assignments = (dealId: number) =>
  (h.app.db.prepare('SELECT count(*) AS n FROM assignments WHERE deal_id = ?').get(dealId) as { n: number }).n;

describe('item 9: intake is serialised per deal', () => {
  it('when the first sweep and the first event read the same new deal at once, then it is assigned once, one card, and no error is logged', async () => {
    const { log, lines } = memoryLog();
    h = await Harness.start({ log });
    // Several deals, each both in the first sweep's listing and in a recorded event.
    const ids: number[] = [];
    for (let n = 1; n <= 5; n++) ids.push(await h.sim.createDeal(sampleDeal(n)));
    await h.sim.whenEventsDelivered();
    // Both paths at once, as on a fresh start: the sweep's first run and a pass over the events.
    await Promise.all([h.app.loops.sweep(), h.app.tick(), h.app.tick()]);
    await settle(h.app);
    for (const id of ids) expect(assignments(id)).toBe(1);
    expect(cards(PEOPLE.grakun.telegram)).toHaveLength(5);
    const errors = lines.filter((l) => l.level >= 40);
    expect(errors.map((l) => `${l.msg} ${l.err ?? ''}`).join('\n')).not.toMatch(/UNIQUE|could not fetch deals/);
  });
});

describe('item 10: an event for a deal not yet readable', () => {
  it('when the portal answers "not found" for the first reads of a new deal, then the read is retried briefly and the card arrives without waiting for the sweep', async () => {
    h = await Harness.start();
    h.sim.hideNextDeal(2);
    const id = await h.sim.createDeal(sampleDeal(1));
    await h.sim.whenEventsDelivered();
    // No sweep runs here (the next one is a minute away): only the event's own retries can bring the card.
    await settle(h.app);
    expect(cards(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(assignments(id)).toBe(1);
  });

  it('when the deal stays unreadable, then after the brief retries it is concluded gone (nothing left pending, nothing sent)', async () => {
    h = await Harness.start();
    h.sim.hideNextDeal(100);
    await h.sim.createDeal(sampleDeal(1));
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    expect(cards(PEOPLE.grakun.telegram)).toHaveLength(0);
    expect(h.app.inbound.pendingCount()).toBe(0);
  });
});
