/**
 * Interop audit: the bot against a portal (and a Telegram) built by someone else from the docs.
 * Each test switches our simulator to a reading the docs allow and that it did not take before
 * (its option names the docs page), and runs the bot's real adapter or the whole bot against it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BitrixSimulator } from '../../simulator/bitrix-portal';
import { PEOPLE, STAGES, sampleDeal, seedPortal } from '../../simulator/portal-fixture';
import { Harness } from '../../simulator/harness';
import { settle } from '../../simulator/settle';
import { BitrixClient } from '../../src/integrations/bitrix/client';
import { BitrixCrm, addressText } from '../../src/integrations/bitrix/crm';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function portal(opts: Parameters<typeof BitrixSimulator.start>[0] = {}) {
  const sim = await BitrixSimulator.start({ rateLimit: false, ...opts });
  cleanup.push(() => sim.stop());
  seedPortal(sim);
  return sim;
}
const fastClient = (sim: BitrixSimulator) =>
  new BitrixClient({ webhookUrl: sim.webhookUrl, requestsPerSecond: 1000, burst: 1000, maxRetries: 0 });

describe('crm.activity.list date filter (crm-activity-list.md, data-types.md `datetime`)', () => {
  it('when the bot asks for a contact’s activities since a moment, then it writes the moment as YYYY-MM-DDThh:mm:ss±hh:mm and the strict portal answers', async () => {
    const sim = await portal({ now: () => new Date('2026-12-01T08:00:00Z') });
    const contactId = sim.addContact({ name: 'Сергей', lastName: 'Орлов', phone: '+79218485383' });
    sim.recordContact({
      ownerTypeId: 3,
      ownerId: contactId,
      kind: 'call',
      direction: 'out',
      responsibleId: PEOPLE.grakun.id,
    });
    const crm = new BitrixCrm(fastClient(sim), { zone: 'Europe/Moscow' });
    const got = await crm.listActivitiesSince(
      [{ ownerTypeId: 3, ownerId: contactId }],
      new Date('2026-12-01T07:59:00.250Z'),
    );
    expect(got.map((a) => a.ownerId)).toEqual([contactId]);
  });
});

describe('a deal address in a user field of type address (crm/data-types.md#crm_user_field_address)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('when the portal keeps the address line with its coordinates and location id, then the card shows the address alone', async () => {
    h = await Harness.start({ simulator: { addressUserFields: ['UF_CRM_DELIVERY_ADDRESS'] } });
    const id = await h.sim.createDeal(sampleDeal(1));
    expect(h.sim.deal(id)?.UF_CRM_DELIVERY_ADDRESS).toMatch(
      /^Ленобласть, Всеволожск, ул\. Заводская 5\|[\d.]+;[\d.]+\|\d+$/,
    );
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    const card = h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.text.startsWith('🆕 Новая сделка'));
    expect(card?.text).toContain('📍 Ленобласть, Всеволожск, ул. Заводская 5\n');
    expect(card?.text).not.toMatch(/59\.93|\|/);
  });

  it('when the line has no location id, several values or no coordinates, then the address text is what is kept', () => {
    expect(addressText('Москва, Тверская 1|55.757;37.615')).toBe('Москва, Тверская 1');
    expect(addressText('Москва, Тверская 1|55.757;37.615|')).toBe('Москва, Тверская 1');
    expect(addressText(['ул. Мира 2|59.9;30.3|12', 'склад 3'])).toBe('ул. Мира 2; склад 3');
    expect(addressText('дом 5 | корпус 2')).toBe('дом 5 | корпус 2');
    expect(addressText(null)).toBe('');
  });
});

describe('getUpdates allowed_updates kept from an earlier program (core.telegram.org/bots/api#getupdates)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('when the token was last polled with allowed_updates ["message"], then the bot still gets the taps on its buttons', async () => {
    h = await Harness.start({ telegramAllowedUpdates: ['message'] });
    const id = await h.sim.createDeal(sampleDeal(1));
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    const card = h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.text.startsWith('🆕 Новая сделка'));
    if (!card) throw new Error('no card');
    await h.press(PEOPLE.grakun.telegram, card, '✅ Беру в работу');
    expect(h.sim.deal(id)?.STAGE_ID).toBe(STAGES.agreeing);
    expect(h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.messageId === card.messageId)?.text).toContain(
      'Взята в работу',
    );
  });
});
