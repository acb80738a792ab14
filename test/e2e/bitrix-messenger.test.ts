/**
 * The Bitrix24 messenger as a second front, over real HTTP: the bot registered on the simulated
 * portal through imbot.v2 (as `bitrix-bot register` does), its events posted form-encoded to
 * POST /bitrix/bot, its messages and keyboards sent back through the REST API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, type B24Message } from '../../simulator/harness';
import { companyRules, sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

const MIN = 60_000;
let h: Harness;
let payChat = '';
let company = 0;

const lastIn = (dialog: number | string): B24Message => {
  const m = h.b24MessagesTo(dialog).at(-1);
  if (!m) throw new Error(`nothing sent to ${dialog} in Bitrix24`);
  return m;
};
const dealCards = (dialog: number | string) =>
  h.b24MessagesTo(dialog).filter((m) => m.text.includes('Новая сделка') || m.text.includes('Взята в работу'));
const chatEventsRecorded = () =>
  (h.app.db.prepare(`SELECT count(*) AS n FROM inbound_events WHERE source = 'b24chat'`).get() as { n: number }).n;

async function newDeal(managerId: number): Promise<number> {
  const id = await h.sim.createDeal(sampleDeal(1, managerId));
  await h.sim.whenEventsDelivered();
  await settle(h.app);
  return id;
}

async function choose(userId: number, where: 'Telegram' | 'Чат Битрикс24' | 'Оба'): Promise<void> {
  await h.b24Say(userId, 'bot', '/where');
  await h.b24Press(userId, lastIn(userId), where);
}

describe('the Bitrix24 messenger', () => {
  beforeEach(async () => {
    const rules = companyRules({
      pipelines: [
        { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
      ],
    });
    h = await Harness.start({
      chatBot: true,
      rules,
      seed: (sim) => {
        // «Оплата» in Bitrix24: the director and the head of sales; the bot is added once registered.
        payChat = `chat${sim.createGroupChat({ title: 'Оплата', ownerId: PEOPLE.director.id, members: [PEOPLE.director.id, PEOPLE.head.id] })}`;
        rules.payments = { bitrixChatId: payChat };
      },
    });
    await h.sim.addBotToChat(Number(payChat.slice(4)), h.chatBot!.id, PEOPLE.director.id);
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    company = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('when `bitrix-bot register` ran, then the bot is a supervisor that fetches its own events (no public URL) with its commands, the hidden button command among them', () => {
    const bot = h.sim.bots().find((b) => b.id === h.chatBot!.id)!;
    expect(bot).toMatchObject({ type: 'supervisor', eventMode: 'fetch', webhookUrl: '' });
    expect(
      h.sim
        .commands(bot.id)
        .map((c) => c.command)
        .sort(),
    ).toEqual(['/act', '/away', '/back', '/help', '/pause', '/payments', '/people', '/resume', '/stats', '/where']);
  });

  it('when a manager without Telegram gets a deal, then the card comes to Bitrix24 and one tap there claims it', async () => {
    const dealId = await newDeal(PEOPLE.operator.id);
    const [card] = dealCards(PEOPLE.operator.id);
    expect(card!.text).toContain('[b]');
    expect(card!.text).toContain(`Заявка #1: кольца КС-10-1`);
    expect(card!.buttons).toEqual(['✅ Беру в работу', '🔗 Открыть в Битрикс24']);

    await h.advance(3 * MIN);
    expect(await h.b24Press(PEOPLE.operator.id, card!, '✅ Беру в работу')).toBe(true);

    const edited = h.b24MessagesTo(PEOPLE.operator.id).find((m) => m.id === card!.id)!;
    expect(edited.text).toContain('Взята в работу за 3 мин — Кузнецова М., через чат Битрикс24');
    expect(edited.buttons).toEqual(['🔗 Открыть в Битрикс24']);
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.agreeing);
    expect(h.sim.timelineComments('deal', dealId).map((c) => c.comment)).toEqual([
      expect.stringContaining('(в чате Битрикс24)'),
    ]);
    // A quiet claim: the edited card says it all, no extra message in the dialog.
    expect(h.b24MessagesTo(PEOPLE.operator.id)).toHaveLength(1);
    await h.advance(30 * MIN);
    expect(h.messagesTo(PEOPLE.director.telegram)).toHaveLength(0);
  });

  it('when a manager gets cards in both messengers and claims in Telegram, then both copies are edited and the edit does not come back as an event', async () => {
    await choose(PEOPLE.grakun.id, 'Оба');
    expect(lastIn(PEOPLE.grakun.id).text).toContain('и в Telegram, и в чат Битрикс24');
    const recordedBefore = chatEventsRecorded();

    const dealId = await newDeal(PEOPLE.grakun.id);
    const tgCard = h.messagesTo(PEOPLE.grakun.telegram).at(-1)!;
    const b24Card = dealCards(PEOPLE.grakun.id).at(-1)!;
    expect(tgCard.text).toContain('Новая сделка');
    expect(b24Card.text).toContain('Новая сделка');

    await h.press(PEOPLE.grakun.telegram, tgCard, '✅ Беру в работу');
    await h.sim.whenEventsDelivered();
    await settle(h.app);

    expect(h.messagesTo(PEOPLE.grakun.telegram).at(-1)!.text).toContain('Гракун Е., через Telegram');
    const b24Now = h.b24MessagesTo(PEOPLE.grakun.id).find((m) => m.id === b24Card.id)!;
    expect(b24Now.text).toContain('Гракун Е., через Telegram');
    expect(b24Now.buttons).not.toContain('✅ Беру в работу');
    // The portal told the supervisor bot about its own edit; the bot fetched it, recorded nothing and confirmed it.
    const echoes = h.sim.eventsFetched.filter((e) => e.event === 'ONIMBOTV2MESSAGEUPDATE');
    expect(echoes.length).toBeGreaterThan(0);
    await settle(h.app); // the next ask confirms what was fetched
    expect(h.sim.pendingBotEvents(h.chatBot!.id)).toBe(0);
    expect(chatEventsRecorded()).toBe(recordedBefore);
    expect(h.sim.timelineComments('deal', dealId)).toHaveLength(1);
  });

  it('when a Telegram user chooses the Bitrix24 chat with /where, then the next card goes there only', async () => {
    await h.sendCommand(PEOPLE.ivanov.telegram, '/where');
    const menu = h.messagesTo(PEOPLE.ivanov.telegram).at(-1)!;
    expect(menu.text).toContain('Сейчас карточки и напоминания приходят в Telegram');
    await h.press(PEOPLE.ivanov.telegram, menu, 'Чат Битрикс24');
    const before = h.messagesTo(PEOPLE.ivanov.telegram).length;
    await newDeal(PEOPLE.ivanov.id);
    expect(h.messagesTo(PEOPLE.ivanov.telegram)).toHaveLength(before);
    expect(dealCards(PEOPLE.ivanov.id)).toHaveLength(1);
  });

  it('when a head who reads the Bitrix24 chat gets a backlog of 20 alerts, then one digest comes there, its «▶» pages it in place and a deal’s button on page 2 acts on that deal', async () => {
    await choose(PEOPLE.head.id, 'Чат Битрикс24');
    const before = h.b24MessagesTo(PEOPLE.head.id).length;
    for (let n = 1; n <= 20; n++) await h.sim.createDeal(sampleDeal(n, PEOPLE.ivanov.id));
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    await h.advance(10 * MIN);
    const sent = h.b24MessagesTo(PEOPLE.head.id).slice(before);
    expect(sent).toHaveLength(1);
    const digest = sent[0]!;
    expect(digest.text).toContain('Не взяты в работу: 20 из 20');
    expect(digest.text).toContain('Стр. 1/2');
    expect(digest.text).toMatch(/\[url=[^\]]+\]Заявка #1:/i);
    expect(digest.buttons).toEqual(expect.arrayContaining(['1 🔔 Напомнить', '◀', '1/2', '▶']));
    expect(await h.b24Press(PEOPLE.head.id, digest, '▶')).toBe(true);
    const paged = h.b24MessagesTo(PEOPLE.head.id).find((m) => m.id === digest.id)!;
    expect(paged.text).toContain('Стр. 2/2');
    expect(paged.text).toContain('Заявка #16:');
    expect(paged.text).not.toContain('Заявка #1:');
    const nudges = h.messagesTo(PEOPLE.ivanov.telegram).length;
    expect(await h.b24Press(PEOPLE.head.id, paged, '17 🔔 Напомнить')).toBe(true);
    const nudge = h.messagesTo(PEOPLE.ivanov.telegram).slice(nudges);
    expect(nudge.map((m) => m.text.includes('Заявка #17:'))).toEqual([true]);
    expect(
      h
        .b24MessagesTo(PEOPLE.head.id)
        .slice(before)
        .filter((m) => m.text.includes('Не взяты')),
    ).toHaveLength(1);
  });

  it('when a stale copy is pressed after the claim in the other messenger, then it answers "уже взята" and changes nothing', async () => {
    await choose(PEOPLE.grakun.id, 'Оба');
    const dealId = await newDeal(PEOPLE.grakun.id);
    const b24Card = dealCards(PEOPLE.grakun.id).at(-1)!;
    // Claimed in Telegram; the edit of the Bitrix24 copy has not gone out yet, so it still shows the button.
    const tgCard = h.messagesTo(PEOPLE.grakun.telegram).at(-1)!;
    await h.pressData(PEOPLE.grakun.telegram, tgCard.messageId, tgCard.buttons[0]!.callback_data!, false);

    await h.b24Press(PEOPLE.grakun.id, b24Card, '✅ Беру в работу');
    expect(lastIn(PEOPLE.grakun.id).text).toBe('Сделку уже взяла Гракун Е.');
    expect(h.sim.timelineComments('deal', dealId)).toHaveLength(1);
    expect(h.b24MessagesTo(PEOPLE.grakun.id).find((m) => m.id === b24Card.id)!.text).toContain(
      'Гракун Е., через Telegram',
    );
  });

  it('when the director writes in the Bitrix24 «Оплата» chat, then the manager confirms in Bitrix24 and the invoice is paid', async () => {
    await choose(PEOPLE.grakun.id, 'Чат Битрикс24');
    const dealId = await h.sim.createDeal(
      { ...sampleDeal(1), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
      { emit: false },
    );
    const invoiceId = h.sim.addInvoice({
      kind: 'smart',
      number: '2018/943',
      amount: 4000,
      dealId,
      companyId: company,
      responsibleId: PEOPLE.grakun.id,
    });

    const text = 'Оплачен счет № 2018 / 943 ЭЛЕКСИС ООО 4 000 руб';
    const said = await h.b24Say(PEOPLE.director.id, payChat, text);
    expect(h.b24MessagesTo(payChat).map((m) => m.text)).toEqual(['→ Гракун Е., счёт 2018/943']);
    expect(h.sim.botMessages(payChat)[0]!.replyId).toBe(said);

    const prompt = lastIn(PEOPLE.grakun.id);
    expect(prompt.text).toContain('Сумма счёта 4\u00a0000\u00a0₽ — совпадает.');
    expect(h.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('💳'))).toHaveLength(0);

    await h.b24Press(PEOPLE.grakun.id, prompt, '✅ Да, оплачен');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.paid);
    expect(h.b24MessagesTo(payChat).at(-1)!.text).toBe('✅ Счёт 2018/943 отмечен оплаченным (Гракун Е.).');
    expect(h.b24MessagesTo(PEOPLE.grakun.id).find((m) => m.id === prompt.id)!.text).toContain(
      'отмечен оплаченным — Гракун Е.',
    );
  });

  it('when someone other than the director writes in «Оплата», or the director writes in another chat, then the bot stays silent', async () => {
    const dealId = await h.sim.createDeal(
      { ...sampleDeal(1), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
      { emit: false },
    );
    h.sim.addInvoice({
      kind: 'smart',
      number: '2018/943',
      amount: 4000,
      dealId,
      companyId: company,
      responsibleId: PEOPLE.grakun.id,
    });
    const other = h.sim.createGroupChat({
      title: 'Болталка',
      ownerId: PEOPLE.director.id,
      members: [PEOPLE.director.id, PEOPLE.grakun.id],
    });
    await h.sim.addBotToChat(other, h.chatBot!.id, PEOPLE.director.id);

    await h.b24Say(PEOPLE.head.id, payChat, 'Оплачен счет № 2018/943 4 000 руб');
    await h.b24Say(PEOPLE.director.id, `chat${other}`, 'Оплачен счет № 2018/943 4 000 руб');
    await h.b24Say(PEOPLE.director.id, `chat${other}`, '/payments');

    expect(h.b24MessagesTo(payChat)).toHaveLength(0);
    expect(h.b24MessagesTo(`chat${other}`)).toHaveLength(0);
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(0);
    expect(h.b24MessagesTo(PEOPLE.grakun.id)).toHaveLength(0);
  });

  it('when a manager sends the button command of another manager’s deal, then it is refused and nothing happens', async () => {
    const dealId = await newDeal(PEOPLE.operator.id);
    const assignment = (h.app.db.prepare('SELECT id FROM assignments WHERE deal_id = ?').get(dealId) as { id: number })
      .id;
    await h.b24Say(PEOPLE.ivanov.id, 'bot', `/act claim:${assignment}`);
    expect(lastIn(PEOPLE.ivanov.id).text).toContain('Ответственный за эту сделку — Кузнецова М.');
    expect(h.app.ctx.assignments.get(assignment)?.status).toBe('pending');
    expect(h.sim.timelineComments('deal', dealId)).toHaveLength(0);
  });
});

describe('the Bitrix24 messenger in webhook mode', () => {
  beforeEach(async () => {
    h = await Harness.start({ chatBot: true, chatBotEventMode: 'webhook' });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('when registered for webhook mode, then the portal posts to /bitrix/bot and the first event teaches the bot its own token, verified with the portal', async () => {
    const bot = h.sim.bots().find((b) => b.id === h.chatBot!.id)!;
    expect(bot).toMatchObject({ type: 'supervisor', eventMode: 'webhook', webhookUrl: `${h.botUrl}/bitrix/bot` });
    const dealId = await newDeal(PEOPLE.operator.id);
    const card = dealCards(PEOPLE.operator.id)[0]!;
    expect(await h.b24Press(PEOPLE.operator.id, card, '✅ Беру в работу')).toBe(true);
    expect(h.sim.eventsPosted.filter((e) => e.event === 'ONIMBOTV2COMMANDADD').map((e) => e.status)).toEqual([200]);
    expect(h.sim.timelineComments('deal', dealId)).toHaveLength(1);
    // Learned by calling the portal with the event's access token (OAuth, imbot.v2.Bot.get).
    expect(h.sim.calls.filter((c) => c.method === 'imbot.v2.bot.get').map((c) => c.status)).toEqual([200]);
  });

  it('when someone writes the longest message Bitrix24 allows (20,000 Cyrillic characters, ~120 KB form-encoded), then the event is accepted, not refused as too large', async () => {
    const recordedBefore = chatEventsRecorded();
    await h.b24Say(PEOPLE.grakun.id, 'bot', 'я'.repeat(20_000));
    const posted = h.sim.eventsPosted.filter((e) => e.event === 'ONIMBOTV2MESSAGEADD');
    expect(posted.map((e) => e.status)).toEqual([200]);
    expect(chatEventsRecorded()).toBe(recordedBefore + 1);
  });

  it('when the portal delivers the same button press twice, then it has one effect', async () => {
    const dealId = await newDeal(PEOPLE.operator.id);
    const card = dealCards(PEOPLE.operator.id)[0]!;
    h.sim.duplicateNextEvents(1);
    await h.b24Press(PEOPLE.operator.id, card, '✅ Беру в работу');
    const presses = h.sim.eventsPosted.filter((e) => e.event === 'ONIMBOTV2COMMANDADD');
    expect(presses).toHaveLength(2);
    expect(h.sim.timelineComments('deal', dealId)).toHaveLength(1);
    expect(h.sim.calls.filter((c) => c.method === 'crm.deal.update')).toHaveLength(1);
    expect(h.b24MessagesTo(PEOPLE.operator.id)).toHaveLength(1);
  });

  it('when an event is forged, carries the CRM webhook’s token or meant for another bot, then it is refused with a reason and not recorded', async () => {
    const post = (body: Record<string, string>) =>
      fetch(`${h.botUrl}/bitrix/bot`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    const event = {
      event: 'ONIMBOTV2COMMANDADD',
      'data[bot][id]': String(h.chatBot!.id),
      'data[command][id]': '1',
      'data[command][command]': '/act',
      'data[command][params]': 'claim:1',
      'data[message][id]': '5',
      'data[chat][dialogId]': String(PEOPLE.grakun.id),
      'data[user][id]': String(PEOPLE.grakun.id),
      ts: '1772093963',
      'auth[application_token]': 'forged-0123456789',
    };
    await h.b24Say(PEOPLE.grakun.id, 'bot', '/where'); // a real event: the bot knows its token now
    const recordedBefore = chatEventsRecorded();
    const forged = await post(event);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({
      error: 'wrong or missing auth[application_token]: no data[bot][auth][access_token] to verify the event with',
    });
    // The CRM outbound webhook's token is no key to the chat bot: whoever knows it cannot press buttons.
    const crmToken = await post({ ...event, 'auth[application_token]': h.sim.applicationToken });
    expect(crmToken.status).toBe(401);
    const otherBot = await post({
      ...event,
      'data[bot][id]': '999',
      'auth[application_token]': h.sim.botApplicationToken(h.chatBot!.id),
    });
    expect(otherBot.status).toBe(403);
    expect(chatEventsRecorded()).toBe(recordedBefore);
    expect(h.sim.calls.filter((c) => c.method === 'crm.deal.update')).toHaveLength(0);
  });
});
