/**
 * Interop audit: the bot against a portal (and a Telegram) built by someone else from the docs.
 * Each test switches our simulator to a reading the docs allow and that it did not take before
 * (its option names the docs page), and runs the bot's real adapter or the whole bot against it.
 */
import { describe, expect, it } from 'vitest';
import type { SystemRefusal } from '../../simulator/bitrix-portal';
import { PEOPLE, STAGES, companyRules, sampleDeal } from '../../simulator/portal-fixture';
import { Harness, type BotMessage, waitFor } from '../../simulator/harness';
import { settle } from '../../simulator/settle';
import { BitrixError } from '../../src/integrations/bitrix/client';
import { needsAdmin } from '../../src/kernel/errors';
import { BitrixCrm, addressText } from '../../src/integrations/bitrix/crm';
import { fastClient, portalsPerTest } from '../support/strict-portal';

const { portal, cleanup } = portalsPerTest();

/** A whole bot (`Harness.start(opts)`), stopped after the test. */
async function harness(opts?: Parameters<typeof Harness.start>[0]): Promise<Harness> {
  const h = await Harness.start(opts);
  cleanup.push(() => h.stop());
  return h;
}

/** Deal 1 created and its card delivered to Гракун: the deal's id and the card, with «✅ Беру в работу». */
async function cardToClaim(h: Harness): Promise<{ id: number; card: BotMessage }> {
  const id = await h.sim.createDeal(sampleDeal(1));
  await h.sim.whenEventsDelivered();
  await settle(h.app);
  const card = h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.text.startsWith('🆕 Новая сделка'));
  if (!card) throw new Error('no card');
  return { id, card };
}

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
  it('when the portal keeps the address line with its coordinates and location id, then the card shows the address alone', async () => {
    const h = await harness({ simulator: { addressUserFields: ['UF_CRM_DELIVERY_ADDRESS'] } });
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
  it('when the token was last polled with allowed_updates ["message"], then the bot still gets the taps on its buttons', async () => {
    const h = await harness({ telegramAllowedUpdates: ['message'] });
    const { id, card } = await cardToClaim(h);
    await h.press(PEOPLE.grakun.telegram, card, '✅ Беру в работу');
    expect(h.sim.deal(id)?.STAGE_ID).toBe(STAGES.agreeing);
    expect(h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.messageId === card.messageId)?.text).toContain(
      'Взята в работу',
    );
  });
});

describe('Telegram updates as the Bot API documents them, beyond what the emulator sends (core.telegram.org/bots/api#update)', () => {
  type U = Record<string, Record<string, unknown> | undefined>;

  /**
   * Deal 1's card claimed with each tap's callback_query passed through `rewrite` first (true when it
   * changed it): how many taps were rewritten, and the deal's stage after.
   */
  async function claimRewritten(rewrite: (q: Record<string, unknown>) => boolean) {
    const h = await harness();
    const { id, card } = await cardToClaim(h);
    let rewritten = 0;
    h.telegramProxy.rewriteUpdate = (u) => {
      const q = (u as U).callback_query;
      if (q && rewrite(q)) rewritten++;
      return u;
    };
    await h.press(PEOPLE.grakun.telegram, card, '✅ Беру в работу');
    return { rewritten, stage: h.sim.deal(id)?.STAGE_ID };
  }

  it('when a tap’s message is inaccessible (MaybeInaccessibleMessage: date 0, no text), then the claim still works', async () => {
    const { rewritten, stage } = await claimRewritten((q) => {
      const m = q.message as Record<string, unknown> | undefined;
      if (!m) return false;
      q.message = { chat: m.chat, message_id: m.message_id, date: 0 };
      return true;
    });
    expect(rewritten).toBe(1);
    expect(stage).toBe(STAGES.agreeing);
  });

  it('when a tap comes without `message` at all (CallbackQuery.message is optional), then the claim still works', async () => {
    const { rewritten, stage } = await claimRewritten((q) => {
      delete q.message;
      q.chat_instance = '-42';
      return true;
    });
    expect(rewritten).toBe(1);
    expect(stage).toBe(STAGES.agreeing);
  });

  it('when messages carry fields the bot never asked about (topics, quote, external_reply, link_preview_options, via_bot, business ids), then /start and a shared contact work as before', async () => {
    const h = await harness();
    let rewritten = 0;
    h.telegramProxy.rewriteUpdate = (u) => {
      const m = (u as U).message;
      if (m)
        Object.assign(m, {
          message_thread_id: 77,
          is_topic_message: true,
          quote: { text: 'цитата', position: 0, is_manual: true },
          external_reply: { origin: { type: 'hidden_user', sender_user_name: 'X', date: 1 } },
          link_preview_options: { is_disabled: true },
          via_bot: { id: 42, is_bot: true, first_name: 'other' },
          business_connection_id: 'bc1',
          sender_business_bot: { id: 43, is_bot: true, first_name: 'biz' },
          has_protected_content: true,
          effect_id: '5104841245755180586',
        });
      if (m) rewritten++;
      return u;
    };
    await h.sendCommand(PEOPLE.grakun.telegram, '/where');
    expect(rewritten).toBeGreaterThan(0);
    expect(h.messagesTo(PEOPLE.grakun.telegram).at(-1)?.text).toBeTruthy();
  });
});

const WHOLE_PORTAL: Array<{ refusal: SystemRefusal; answer: string; advice: RegExp }> = [
  { refusal: 'no-rest-plan', answer: '403 ACCESS_DENIED', advice: /коммерческих тарифах/ },
  { refusal: 'overload-block', answer: '503 OVERLOAD_LIMIT', advice: /техподдержка Битрикс24/ },
  { refusal: 'portal-closed', answer: '500 PORTAL_DELETED', advice: /публичная часть закрыта/ },
];

describe('the whole portal refuses REST (_includes/system-errors.md: ACCESS_DENIED “only on commercial plans”, OVERLOAD_LIMIT, PORTAL_DELETED)', () => {
  for (const { refusal, answer, advice } of WHOLE_PORTAL)
    it(`when a manager claims while the portal answers ${answer}, then the stage move and comment are held, the admin is told what to do, and both land once it works`, async () => {
      const h = await harness({
        rules: companyRules({ bitrix: { retryBase: '20ms', maxRetries: 3, adminRetry: '1s' } }),
      });
      const app = h.app;
      const { id: dealId, card } = await cardToClaim(h);
      h.sim.setSystemRefusal(refusal);
      const claim = card.buttons.find((b) => b.text === '✅ Беру в работу')?.callback_data ?? '';
      await h.pressData(PEOPLE.grakun.telegram, card.messageId, claim, false);
      const failed = () =>
        (app.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`).get() as { n: number }).n;
      const told = () => h.messagesTo(PEOPLE.director.telegram).filter((m) => /Ничего не потеряно/.test(m.text));
      await waitFor(async () => {
        await app.tick();
        return told().length > 0 || failed() > 0;
      }, 'the admin told, or the writes failed');
      expect(failed()).toBe(0);
      expect(told()[0]?.text).toContain(answer);
      expect(told()[0]?.text).toMatch(advice);
      expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.assigned);

      h.sim.setSystemRefusal(null);
      await settle(app);
      expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.agreeing);
      expect(h.sim.timelineComments('deal', dealId).map((c) => c.comment)).toEqual([
        expect.stringContaining('Гракун Е.'),
      ]);
      expect(failed()).toBe(0);
      expect(h.messagesTo(PEOPLE.director.telegram).filter((m) => /снова принимает/.test(m.text))).toHaveLength(1);
    });

  it('when a method answers its own 403 ACCESS_DENIED “Access denied” (no rights to that record), then it is no admin matter: not held', () => {
    expect(needsAdmin(new BitrixError('x', 'ACCESS_DENIED', 403, 'Access denied'))).toBe(false);
    expect(
      needsAdmin(new BitrixError('x', 'ACCESS_DENIED', 403, 'REST API is available only on commercial plans')),
    ).toBe(true);
  });
});

describe('pipelines past the first page (crm-category-list.md, crm-status-list.md: “a single page (max 50 records)”)', () => {
  it('when the portal has 60 pipelines, then the bot knows every one with its stages', async () => {
    const sim = await portal();
    for (let i = 0; i < 58; i++)
      sim.addCategory({
        id: 100 + i,
        name: `Направление ${i}`,
        stages: [
          { id: `C${100 + i}:NEW`, name: 'Новая' },
          { id: `C${100 + i}:WON`, name: 'Успех', semantics: 'S' },
        ],
      });
    const pipelines = await new BitrixCrm(fastClient(sim)).listPipelines();
    expect(pipelines).toHaveLength(60);
    expect(pipelines.at(-1)).toMatchObject({ id: 157, name: 'Направление 57' });
    expect(pipelines.at(-1)?.stages.find((s) => s.semantics === 'S')?.id).toBe('C157:WON');
  });

  it("when one pipeline has more than 50 stages, then the stages past the batch's first page are known too", async () => {
    const sim = await portal();
    const stages = Array.from({ length: 55 }, (_, i) => ({ id: `C9:S${i}`, name: `Этап ${i}` }));
    sim.addCategory({
      id: 9,
      name: 'Длинная воронка',
      stages: [...stages, { id: 'C9:WON', name: 'Успех', semantics: 'S' }],
    });
    const pipelines = await new BitrixCrm(fastClient(sim)).listPipelines();
    const long = pipelines.find((p) => p.id === 9);
    expect(long?.stages).toHaveLength(56);
    expect(long?.stages.at(-1)).toMatchObject({ id: 'C9:WON', semantics: 'S' });
  });
});

describe('a move into another pipeline that the outbound webhook never hears of (on-crm-deal-move-to-category.md: its own event, for applications only)', () => {
  it('when the head moves an unclaimed deal into another pipeline and no ONCRMDEALUPDATE comes, then the sweep finds it within its interval and the assignment restarts there', async () => {
    const h = await harness({ simulator: { categoryMoveIsUpdate: false } });
    const id = await h.sim.createDeal(sampleDeal(1));
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    await h.app.reconcile(); // the first sweep sets its cursor
    await h.advance(2 * 60_000);
    await h.sim.updateDeal(id, { CATEGORY_ID: '5', STAGE_ID: 'C5:PREPARATION' }, { by: PEOPLE.head.id });
    await settle(h.app);
    const moved = () => h.messagesTo(PEOPLE.grakun.telegram).some((m) => m.text.includes('Смирнова О. перенесла'));
    expect(moved()).toBe(false); // no event: nothing known yet
    await h.advance(60_000);
    await h.app.reconcile(); // the sweep of the minute (reconcile.interval; the harness drives it by hand)
    await settle(h.app);
    const texts = h.messagesTo(PEOPLE.grakun.telegram).map((m) => m.text);
    expect(texts.join('\n')).not.toContain('Взята в работу');
    expect(texts.some((t) => t.includes('перенесла сделку в направление «Нерудные материалы»'))).toBe(true);
    expect(texts.filter((t) => t.startsWith('🆕 Новая сделка')).at(-1)).toContain('Нерудные материалы');
  });
});

describe('pipeline moves without events are no sign of a dead outbound webhook (on-crm-deal-move-to-category.md)', () => {
  /**
   * Three deals sent out and swept past; then the head changes each, a minute apart, by `change`
   * (the portal sending what it sends for it), with the sweep of each minute and three more minutes
   * of sweeps after. Returns the harness and the admins' «webhook is broken» alarms.
   */
  async function threeDealsChanged(change: (h: Harness, id: number) => Promise<unknown>) {
    const h = await harness({ simulator: { categoryMoveIsUpdate: false } });
    const ids: number[] = [];
    for (let i = 1; i <= 3; i++) ids.push(await h.sim.createDeal(sampleDeal(i)));
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    await h.app.reconcile(); // the first sweep sets its cursor
    await h.advance(5 * 60_000); // past the sweep's overlap with the deals' ONCRMDEALADD
    await h.app.reconcile();
    for (const id of ids) {
      await h.advance(60_000);
      await change(h, id);
      await h.app.reconcile();
      await settle(h.app);
    }
    for (let i = 0; i < 3; i++) {
      await h.advance(60_000);
      await h.app.reconcile();
      await settle(h.app);
    }
    const alarms = [PEOPLE.director, PEOPLE.head].flatMap((p) =>
      h.messagesTo(p.telegram).filter((m) => /вебхук Битрикс24, похоже, не работает/.test(m.text)),
    );
    return { h, alarms };
  }

  it('when three deals are moved into another pipeline within the hour and the portal sends no ONCRMDEALUPDATE for it, then the admins are not told the webhook is broken', async () => {
    const { h, alarms } = await threeDealsChanged((h, id) =>
      h.sim.updateDeal(id, { CATEGORY_ID: '5', STAGE_ID: 'C5:PREPARATION' }, { by: PEOPLE.head.id }),
    );
    const moved = h.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.includes('Смирнова О. перенесла'));
    expect(moved).toHaveLength(3);
    expect(alarms).toHaveLength(0);
  });

  it('when deals change in other ways without their events, then the alarm still comes', async () => {
    const { alarms } = await threeDealsChanged((h, id) =>
      h.sim.updateDeal(id, { STAGE_ID: STAGES.agreeing }, { by: PEOPLE.head.id, emit: false }),
    );
    expect(alarms.length).toBeGreaterThan(0);
  });
});

describe('a message its reader deleted (Telegram: 400 “message to edit not found”)', () => {
  it('when the head deleted the list of unclaimed deals and a later alert joins it, then that alert reaches the head in a new message, and later edits go there', async () => {
    const h = await harness({ expectTelegramRefusals: true });
    for (let n = 1; n <= 3; n++) await h.sim.createDeal(sampleDeal(n));
    await settle(h.app);
    await h.advance(60_000);
    const fourth = await h.sim.createDeal(sampleDeal(4));
    await settle(h.app);
    await h.advance(9 * 60_000);
    const list = h.messagesTo(PEOPLE.head.telegram).find((m) => m.text.includes('Заявка #1:'));
    if (!list) throw new Error('no list of alerts');
    expect(list.text).toContain('Заявка #3:');
    h.telegramProxy.deleteByReader(PEOPLE.head.telegram, list.messageId);
    await h.advance(60_000); // deal 4's alert falls due and joins the list
    const with4 = () => h.messagesTo(PEOPLE.head.telegram).filter((m) => m.text.includes('Заявка #4:'));
    expect(with4().filter((m) => m.messageId !== list.messageId)).toHaveLength(1);
    const fresh = with4()[0];
    if (!fresh) throw new Error('no new list');
    expect(fresh.buttons.some((b) => b.callback_data)).toBe(true);
    // Deal 4 claimed: the new message is the one edited.
    const card = h
      .messagesTo(PEOPLE.grakun.telegram)
      .find((m) => m.text.includes('Заявка #4:') && m.buttons.some((b) => b.text === '✅ Беру в работу'));
    if (!card) throw new Error('no card for deal 4');
    await h.press(PEOPLE.grakun.telegram, card, '✅ Беру в работу');
    expect(h.sim.deal(fourth)?.STAGE_ID).toBe(STAGES.agreeing);
    const now = h.messagesTo(PEOPLE.head.telegram).find((m) => m.messageId === fresh.messageId);
    expect(now?.text).not.toBe(fresh.text);
  });
});
