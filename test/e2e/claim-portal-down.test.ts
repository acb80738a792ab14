/**
 * claim31, item 1: «Беру в работу» while the portal refuses (401 expired_token, 503 QUERY_LIMIT_EXCEEDED)
 * or is slow. The claim is decided from what the bot already knows (the cached directory, the local
 * store), recorded at the tap's time and answered at once; its CRM writes go through the outbox and
 * land once the portal answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor, type BotMessage } from '../../simulator/harness';
import { companyRules, sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { replies } from '../../src/texts';
import { FaultProxy, json } from '../chaos/support/fault-proxy';

const MIN = 60_000;
const TOKEN = 'claim31token';
let h: Harness;
let proxy: FaultProxy | null = null;
afterEach(async () => {
  await h?.stop();
  await proxy?.stop();
  proxy = null;
  cardId = null;
});

/** The deal card as it looks now (the first message with a claim button, then that message edited). */
let cardId: number | null = null;
const card = (): BotMessage => {
  const c = h
    .messagesTo(PEOPLE.grakun.telegram)
    .find((m) => (cardId === null ? m.buttons.some((b) => b.text === '✅ Беру в работу') : m.messageId === cardId));
  if (!c) throw new Error('no deal card');
  cardId = c.messageId;
  return c;
};
const claimData = () => card().buttons.find((b) => b.text === '✅ Беру в работу')!.callback_data!;
const assignment = (dealId: number) =>
  h.app.db
    .prepare(`SELECT status, claimed_at, claimed_by FROM assignments WHERE deal_id = ? ORDER BY id DESC`)
    .get(dealId) as { status: string; claimed_at: number | null; claimed_by: number | null };
const pendingEscalations = () =>
  (
    h.app.db.prepare(`SELECT count(*) AS n FROM timers WHERE kind = 'escalate' AND status = 'pending'`).get() as {
      n: number;
    }
  ).n;
const alertsTo = (telegramId: number) => h.messagesTo(telegramId).filter((m) => /не взята|Не взята/.test(m.text));

/** The portal behind a proxy that refuses every call with `refusal` while it is set. */
async function startRefusing(): Promise<{ refusal: { status: number; error: string } | null }> {
  const state: { refusal: { status: number; error: string } | null } = { refusal: null };
  let upstream = '';
  proxy = await FaultProxy.start(
    () => upstream,
    async (_req, ctx) => {
      if (state.refusal)
        return json(state.refusal.status, { error: state.refusal.error, error_description: 'refused by the test' });
      return ctx.forward();
    },
  );
  h = await Harness.start({
    simulator: { token: TOKEN },
    env: { BITRIX_WEBHOOK_URL: `${proxy.url}/rest/1/${TOKEN}/` },
    rules: companyRules({ bitrix: { retryBase: '20ms', maxRetries: 2, adminRetry: '1s' } }),
    seed: (sim) => {
      upstream = sim.portalUrl;
    },
  });
  return state;
}

describe('claim31 item 1: a claim does not depend on the portal answering', () => {
  for (const refusal of [
    { status: 401, error: 'expired_token' },
    { status: 503, error: 'QUERY_LIMIT_EXCEEDED' },
  ])
    it(`when the directory is due a reload and the portal answers ${refusal.status} ${refusal.error} to it, then the tap claims the deal at the tap's time, says so, stops the escalations, and the stage and comment land`, async () => {
      const state = await startRefusing();
      const dealId = await h.sim.createDeal(sampleDeal(1));
      await settle(h.app);
      await h.advance(3 * MIN);
      const tapAt = h.clock.now().getTime();
      // An hour passed since the directory's load (or /people invalidated it): the next use reloads it.
      h.app.ctx.directory.invalidate();
      state.refusal = refusal;

      const toasts = h.telegramProxy.toasts.length;
      await h.pressData(PEOPLE.grakun.telegram, card().messageId, claimData(), false);
      await waitFor(() => h.telegramProxy.toasts.length > toasts, 'the toast');
      expect(h.telegramProxy.toasts.at(-1)?.text).toBe(replies.claimed);
      expect(assignment(dealId)).toEqual({ status: 'claimed', claimed_at: tapAt, claimed_by: PEOPLE.grakun.id });
      expect(pendingEscalations()).toBe(0);

      // The portal answers again: the card says it is taken, the stage moves, the timeline gets its line.
      state.refusal = null;
      await settle(h.app);
      expect(card().text).toContain('Взята в работу за 3 мин');
      expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.agreeing);
      expect(h.sim.timelineComments('deal', dealId).map((c) => c.comment)).toEqual([
        expect.stringContaining('Гракун Е. за 3 мин после назначения (в Telegram)'),
      ]);
      // No escalation to the head or the director afterwards.
      await h.advance(30 * MIN);
      expect(alertsTo(PEOPLE.head.telegram)).toEqual([]);
      expect(alertsTo(PEOPLE.director.telegram)).toEqual([]);
    });

  it('when the portal is slow to answer the directory’s reload, then the tap is answered and recorded before the portal answers, at the tap’s time', async () => {
    h = await Harness.start();
    const dealId = await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    await h.advance(3 * MIN);
    const tapAt = h.clock.now().getTime();
    h.app.ctx.directory.invalidate();
    const slow = h.sim.hold('user.get');
    try {
      const toasts = h.telegramProxy.toasts.length;
      // Without settling: the portal still holds user.get.
      await h.pressData(PEOPLE.grakun.telegram, card().messageId, claimData(), false);
      await waitFor(() => h.telegramProxy.toasts.length > toasts, 'the toast');
      expect(h.telegramProxy.toasts.at(-1)?.text).toBe(replies.claimed);
      expect(assignment(dealId)).toEqual({ status: 'claimed', claimed_at: tapAt, claimed_by: PEOPLE.grakun.id });
      // The portal answers 80 s later: the claim keeps the tap's time.
      h.clock.advance(80_000);
    } finally {
      slow.release();
    }
    await settle(h.app);
    expect(assignment(dealId).claimed_at).toBe(tapAt);
    expect(card().text).toContain('Взята в работу за 3 мин');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.agreeing);
  });
});
