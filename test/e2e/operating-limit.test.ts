/**
 * Issue 13, item 2: one 429 OPERATION_TIME_LIMIT (limits.md: the method is blocked until
 * `operating_reset_at`; "other methods continue to function") must not freeze the desk. Checked
 * against the simulator, which blocks the method as the portal does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const cardOf = (telegramId: number) =>
  h.messagesTo(telegramId).find((m) => m.text.startsWith('🆕 Новая сделка') || m.text.includes('Взята в работу'));
/** Passes by hand: settle would wait for the blocked row. */
const tickUntil = (cond: () => boolean, what: string) =>
  waitFor(async () => {
    await h.app.tick();
    return cond();
  }, what);

describe('item 2: one OPERATION_TIME_LIMIT never freezes the desk', () => {
  it('when crm.deal.update is blocked, then the claim edits the card and writes its comment at once, a new deal’s card goes out, and the stage move alone waits for the reset and lands', async () => {
    h = await Harness.start();
    const first = await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    const card = cardOf(PEOPLE.grakun.telegram);
    expect(card).toBeDefined();

    // The portal blocks the stage-moving method for a few seconds (the real block is up to 10 minutes); long
    // enough that a loaded machine still sees the rest happen inside it — the stage not yet moved below says so.
    h.sim.blockMethod('crm.deal.update', 8);
    const blockedAt = Date.now();
    const claim = card!.buttons.find((b) => b.text === '✅ Беру в работу')!.callback_data!;
    await h.pressData(PEOPLE.grakun.telegram, card!.messageId, claim, false);
    await tickUntil(
      () =>
        (cardOf(PEOPLE.grakun.telegram)?.text.includes('Взята в работу') ?? false) &&
        h.sim.timelineComments('deal', first).length === 1,
      'the claim’s card edit and timeline comment',
    );
    // Meanwhile a new deal for another manager: its card is not held behind the blocked method.
    await h.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id));
    await h.sim.whenEventsDelivered();
    await tickUntil(() => cardOf(PEOPLE.ivanov.telegram) !== undefined, 'the next deal’s card');
    // All of the above while the method was blocked: the stage move, held behind the block, has not landed.
    expect(h.sim.deal(first)?.STAGE_ID).toBe(STAGES.assigned);

    // The blocked write: asked once (the client does not hammer a blocked method), not failed, and
    // deferred to the reset rather than counted as a failed attempt.
    expect(h.sim.calls.filter((c) => c.method === 'crm.deal.update' && c.status === 429)).toHaveLength(1);
    const row = h.app.db
      .prepare(`SELECT status, attempts, next_attempt_at AS at FROM outbox WHERE op = 'deal.update'`)
      .get() as { status: string; attempts: number; at: number };
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(0);
    expect(row.at).toBeGreaterThanOrEqual(blockedAt + 3000);

    // After the reset it lands.
    await waitFor(
      async () => {
        await h.app.tick();
        return h.sim.deal(first)?.STAGE_ID === STAGES.agreeing;
      },
      'the stage move after the reset',
      30_000,
    );
    expect(h.app.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`).get()).toEqual({ n: 0 });
  });
});
