import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, type BotMessage } from '../../simulator/harness';
import { sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

const MIN = 60_000;
let h: Harness;

const cards = (telegramId: number) =>
  h.messagesTo(telegramId).filter((m) => m.buttons.some((b) => b.callback_data?.startsWith('claim:')));
const lastTo = (telegramId: number): BotMessage => {
  const m = h.messagesTo(telegramId).at(-1);
  if (!m) throw new Error(`nothing sent to ${telegramId}`);
  return m;
};

async function newDeal(
  n: number,
  managerId: number = PEOPLE.grakun.id,
  extra: Record<string, string> = {},
): Promise<number> {
  const contact = h.sim.addContact({ name: 'Сергей', lastName: 'Орлов', phone: '8 (921) 848-53-83' });
  const id = await h.sim.createDeal({ ...sampleDeal(n, managerId), CONTACT_ID: String(contact), ...extra });
  await settle(h.app);
  return id;
}

describe('deal desk over real HTTP', () => {
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('when a deal is assigned, then the manager gets a card with everything needed to act, and a tap claims it', async () => {
    const dealId = await newDeal(1);
    const [card] = cards(PEOPLE.grakun.telegram);
    expect(card).toBeDefined();
    expect(card!.text).toContain('Заявка #1: кольца КС-10-1');
    expect(card!.text).toContain('ЖБИ · Назначен ответственный');
    expect(card!.text).toContain('Сергей Орлов');
    expect(card!.text).toContain('+79218485383');
    expect(card!.text).toContain('КС-10-1 кольцо колодезное стеновое 2 шт');
    expect(card!.text).toContain('Всеволожск');
    expect(card!.text).toContain('48\u00a0500\u00a0₽');
    expect(card!.text).toContain('Взять до 10:10');
    expect(card!.buttons.map((b) => b.text)).toEqual(['✅ Беру в работу', '🔗 Открыть в Битрикс24']);
    expect(card!.buttons[1]!.url).toBe(`${h.sim.portalUrl}/crm/deal/details/${dealId}/`);

    await h.advance(3 * MIN);
    await h.press(PEOPLE.grakun.telegram, card!, '✅ Беру в работу');

    const edited = h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.messageId === card!.messageId)!;
    expect(edited.text).toContain('Взята в работу за 3 мин');
    expect(edited.buttons.map((b) => b.text)).toEqual(['🔗 Открыть в Битрикс24']);
    expect(h.sim.timelineComments('deal', dealId).map((c) => c.comment)).toEqual([
      expect.stringContaining('Гракун Е. за 3 мин после назначения (в Telegram)'),
    ]);
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.agreeing);

    // The CRM's echo of our own stage move is not a new assignment, and nothing escalates later.
    await h.sim.whenEventsDelivered();
    await h.advance(30 * MIN);
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(0);
  });

  it('when nobody claims the deal, then the head is alerted exactly at 10 minutes and the director at 20', async () => {
    await newDeal(2);
    await h.advance(10 * MIN - 1000);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(0);

    await h.advance(1000);
    const alerts = h.messagesTo(PEOPLE.head.telegram);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('Гракун Е., ждёт 10 мин');
    expect(alerts[0]!.buttons.map((b) => b.text)).toEqual([
      '🔔 Напомнить менеджеру',
      '🔁 Переназначить',
      '⏸ Отложить 15 мин',
      '⏸ 1 ч',
      '🔗 Открыть в Битрикс24',
    ]);
    expect(lastTo(PEOPLE.grakun.telegram).text).toContain('Сделка ждёт уже 10 мин');
    expect(h.messagesTo(PEOPLE.director.telegram)).toHaveLength(0);

    await h.advance(10 * MIN);
    expect(h.messagesTo(PEOPLE.director.telegram)).toHaveLength(1);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(1);

    // Each level fires once per assignment, however long it waits.
    await h.advance(120 * MIN);
    expect(h.messagesTo(PEOPLE.director.telegram)).toHaveLength(1);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(1);
  });

  it('when the manager claims between levels, then the alert is edited and the next level never fires', async () => {
    await newDeal(3);
    await h.advance(12 * MIN);
    await h.press(PEOPLE.grakun.telegram, cards(PEOPLE.grakun.telegram)[0]!, '✅ Беру в работу');
    expect(h.messagesTo(PEOPLE.head.telegram)[0]!.text).toContain('Взята в работу — Гракун Е., за 12 мин');
    await h.advance(60 * MIN);
    expect(h.messagesTo(PEOPLE.director.telegram)).toHaveLength(0);
  });

  it('when someone else taps "take it", then they are refused and nothing changes', async () => {
    const dealId = await newDeal(4);
    const card = cards(PEOPLE.grakun.telegram)[0]!;
    await h.press(PEOPLE.ivanov.telegram, card, '✅ Беру в работу');
    // A stranger with no link at all is refused too.
    await h.press(777, card, '✅ Беру в работу');
    expect(h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.messageId === card.messageId)!.buttons[0]!.text).toBe(
      '✅ Беру в работу',
    );
    expect(h.sim.timelineComments('deal', dealId)).toHaveLength(0);
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.assigned);
    await h.advance(10 * MIN);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(1);
  });

  it('when the manager moves the deal on in Bitrix24, then that counts as a claim', async () => {
    const dealId = await newDeal(5);
    await h.advance(4 * MIN);
    await h.sim.updateDeal(dealId, { STAGE_ID: STAGES.agreeing });
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.grakun.telegram)[0]!.text).toContain(
      'Взята в работу за 4 мин — Гракун Е. (в Битрикс24)',
    );
    await h.advance(30 * MIN);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(0);
  });

  it('when the supervisor re-assigns an escalated deal, then the new manager gets a fresh card and its chain starts once', async () => {
    const dealId = await newDeal(6);
    await h.advance(10 * MIN);
    await h.press(PEOPLE.head.telegram, lastTo(PEOPLE.head.telegram), '🔁 Переназначить');
    const picker = lastTo(PEOPLE.head.telegram);
    // Colleagues of the manager's department (the head may take it herself).
    expect(picker.buttons.map((b) => b.text)).toEqual(['Иванов П.', 'Смирнова О.']);
    // A manager cannot use the supervisor's buttons.
    await h.pressData(PEOPLE.grakun.telegram, picker.messageId, picker.buttons[0]!.callback_data!);
    expect(h.sim.deal(dealId)?.ASSIGNED_BY_ID).toBe(String(PEOPLE.grakun.id));

    await h.press(PEOPLE.head.telegram, picker, 'Иванов П.');
    expect(h.sim.deal(dealId)?.ASSIGNED_BY_ID).toBe(String(PEOPLE.ivanov.id));
    const ivanovCard = cards(PEOPLE.ivanov.telegram);
    expect(ivanovCard).toHaveLength(1);
    expect(ivanovCard[0]!.text).toContain('Взять до 10:20');
    expect(h.messagesTo(PEOPLE.grakun.telegram)[0]!.text).toContain('Сделка передана: Иванов П.');

    // The CRM's echo of the re-assignment makes no second card.
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    expect(cards(PEOPLE.ivanov.telegram)).toHaveLength(1);

    // The first alert now says what happened to it.
    expect(h.messagesTo(PEOPLE.head.telegram)[0]!.text).toContain('Переназначена: Иванов П. (Смирнова О.)');

    await h.advance(10 * MIN);
    const toHead = h.messagesTo(PEOPLE.head.telegram); // alert, picker, alert about the new assignment
    expect(toHead).toHaveLength(3);
    expect(toHead[2]!.text).toContain('Сделку не взяли в работу — Иванов П., ждёт 10 мин');
    await h.advance(60 * MIN);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(3);
  });

  it('when the supervisor presses "remind", then the manager is nudged once a minute at most', async () => {
    await newDeal(7);
    await h.advance(10 * MIN);
    const before = h.messagesTo(PEOPLE.grakun.telegram).length;
    const alert = lastTo(PEOPLE.head.telegram);
    await h.press(PEOPLE.head.telegram, alert, '🔔 Напомнить менеджеру');
    await h.press(PEOPLE.head.telegram, alert, '🔔 Напомнить менеджеру');
    const after = h.messagesTo(PEOPLE.grakun.telegram);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.text).toContain('Смирнова О. напоминает');
  });

  it('when a deal arrives at 23:40, then it is due at opening + 10 minutes and nobody is woken at night', async () => {
    h.clock.set('2026-11-23T23:40:00+03:00');
    await newDeal(8);
    expect(cards(PEOPLE.grakun.telegram)[0]!.text).toContain('Взять до вт 09:10 (пришла в нерабочее время)');
    await h.advance(9 * 60 * MIN + 29 * MIN); // Tuesday 09:09
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(0);
    await h.advance(MIN);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(1);
  });

  it('when the deal is deleted or lost before anyone claims it, then its escalations are cancelled', async () => {
    const a = await newDeal(9);
    const b = await newDeal(10);
    await h.sim.deleteDeal(a);
    await h.sim.updateDeal(b, { STAGE_ID: STAGES.lost });
    await settle(h.app);
    await h.advance(30 * MIN);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(0);
    expect(h.messagesTo(PEOPLE.grakun.telegram).map((m) => m.text.split('\n')[0])).toEqual([
      '🗑 Сделка удалена в Битрикс24',
      '✖️ Сделка закрыта как проигранная',
    ]);
  });
});
