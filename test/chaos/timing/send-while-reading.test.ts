/**
 * Issue 17, cards/s at 50 events/s: the outbox drained only between chunks of events, so while a
 * pass waited for the portal (a backlog's reads at 2 requests a second, the sweep's pages in the same
 * queue) nothing went out and Telegram's budget of those seconds was lost. The outbox has a pass of
 * its own now (loops.ts sendSoon).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../../simulator/harness';
import { sampleDeal } from '../../../simulator/portal-fixture';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const cardsTo = (telegramId: number) => (h?.messagesTo(telegramId) ?? []).filter((m) => /Заявка #\d+:/.test(m.text));

describe('the outbox goes on while a pass waits for the portal', () => {
  it('when cards are queued behind a chat’s pace and the next read of events hangs, then the queued cards still go out, and the new deal’s card once the portal answers', async () => {
    // Telegram's own pace for a chat (the fixture's is faster): 5 at once, then one a second.
    h = await Harness.start({ autoTick: true, rules: { telegram: { perChatPerSecond: 1, perChatBurst: 5 } } });
    for (let n = 1; n <= 8; n++) await h.sim.createDeal(sampleDeal(n, PEOPLE.ivanov.id));
    // Three cards wait in the outbox for the chat's pace.
    await waitFor(() => cardsTo(PEOPLE.ivanov.telegram).length >= 5, 'the first five cards');
    const read = h.sim.hold('batch');
    try {
      await h.sim.createDeal(sampleDeal(9, PEOPLE.grakun.id));
      await waitFor(() => read.reached >= 1, 'the pass to wait for the portal');
      expect(cardsTo(PEOPLE.ivanov.telegram).length).toBeLessThan(8);
      await waitFor(() => cardsTo(PEOPLE.ivanov.telegram).length === 8, 'the queued cards while the read hangs');
      expect(read.reached).toBe(1);
      expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(0);
    } finally {
      read.release();
    }
    await waitFor(() => cardsTo(PEOPLE.grakun.telegram).length === 1, 'the new deal’s card');
  });
});
