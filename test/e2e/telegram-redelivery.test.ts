/**
 * Telegram keeps an update until a getUpdates with a higher offset confirms it
 * (core.telegram.org/bots/api#getupdates). The bot stopped between Telegram handing out a tap and its
 * next poll gets the tap again after the restart and acts on it once; a confirmed tap never comes back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { faults } from '../../simulator/telegram-proxy';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('an unconfirmed update comes again', () => {
  it('when the bot is stopped after Telegram handed out a tap but before it read it, then after the restart the tap claims the deal, once', async () => {
    h = await Harness.start();
    const dealId = await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await settle(h.app);
    const card = h
      .messagesTo(PEOPLE.grakun.telegram)
      .find((m) => m.buttons.some((b) => b.callback_data?.startsWith('claim:')));
    const data = card?.buttons.find((b) => b.callback_data?.startsWith('claim:'))?.callback_data;
    if (!card || !data) throw new Error('no claim card');
    const proxy = h.telegramProxy;
    // Telegram hands the tap out, and the answer never reaches the bot: it dies right then.
    proxy.inject({ method: 'getUpdates', carryingUpdates: true, fault: faults.hang() });
    await h.tap(PEOPLE.grakun.telegram, card.messageId, data);
    await waitFor(() => proxy.hanging === 1, 'the poll carrying the tap');
    expect(proxy.toasts).toHaveLength(0);
    await h.restart();
    await waitFor(() => proxy.toasts.length === 1, 'the restarted bot to answer the tap');
    await settle(h.app);
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.agreeing);
    // Confirmed by the restarted bot's next poll: another restart never brings it back.
    await h.restart();
    await h.sendCommand(PEOPLE.ivanov.telegram, '/start');
    await settle(h.app);
    expect(proxy.toasts).toHaveLength(1);
    expect(proxy.handedOut.filter((id, i, all) => all.indexOf(id) !== i)).toHaveLength(1); // the tap, twice
  });

  it('when the answer of the poll carrying a tap is lost on the way, then the bot polls again and acts on the tap once', async () => {
    h = await Harness.start();
    const dealId = await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await settle(h.app);
    const card = h
      .messagesTo(PEOPLE.grakun.telegram)
      .find((m) => m.buttons.some((b) => b.callback_data?.startsWith('claim:')));
    if (!card) throw new Error('no claim card');
    h.telegramProxy.inject({ method: 'getUpdates', carryingUpdates: true, fault: faults.resetAfter() });
    await h.press(PEOPLE.grakun.telegram, card, '✅ Беру в работу');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.agreeing);
    expect(h.telegramProxy.toasts).toHaveLength(1);
  });
});
