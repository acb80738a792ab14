import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let h: Harness;
let contact: number;

const to = (id: number) => h.messagesTo(id);
// Call cards, also after they were edited by a tap.
const calls = (id: number) =>
  to(id).filter((m) => /^(📞 Пора позвонить|⏰ Перенёс звонок|✅ Звонок|🚫 Звонок|📅 Следующий звонок)/.test(m.text));
const surveys = (id: number) =>
  to(id).filter((m) => /анкету обратной связи|Анкета отправлена|отказался от анкеты/.test(m.text.split('\n')[0]!));
const at = (iso: string) => Date.parse(iso);
const todos = () => h.sim.activities(3, contact);

async function wonDeal(n: number, managerId: number = PEOPLE.grakun.id, contactId = contact): Promise<number> {
  const id = await h.sim.createDeal({
    ...sampleDeal(n, managerId),
    STAGE_ID: STAGES.invoiced,
    CONTACT_ID: String(contactId),
  });
  await settle(h.app);
  await h.sim.updateDeal(id, { STAGE_ID: STAGES.won });
  await settle(h.app);
  return id;
}

/** Moves the fake clock to an instant, letting everything due on the way fire. */
async function until(iso: string) {
  await h.advance(at(iso) - h.clock.now().getTime());
}

describe('follow-ups after the deal', () => {
  beforeEach(async () => {
    h = await Harness.start({
      rules: {
        followUp: {
          callAfter: '30d',
          callAt: '11:00',
          surveyUrl: 'https://survey.example/f?deal={dealId}&contact={contactId}',
          surveyRepeats: 2,
          morningAt: '09:30',
        },
      },
    });
    contact = h.sim.addContact({ name: 'Сергей', lastName: 'Орлов', phone: '+7 921 848-53-83' });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('when a deal is won, then a to-do lands on the contact and the call card comes on the due day, not before', async () => {
    await wonDeal(1);
    expect(todos()).toEqual([
      expect.objectContaining({
        COMPLETED: 'N',
        RESPONSIBLE_ID: String(PEOPLE.grakun.id),
        DEADLINE: '2026-12-23T11:00:00+03:00',
      }),
    ]);
    await until('2026-12-23T10:59:00+03:00');
    expect(calls(PEOPLE.grakun.telegram)).toHaveLength(0);
    // The morning list of that day already names the call.
    const morning = to(PEOPLE.grakun.telegram)
      .filter((m) => m.text.startsWith('☀️'))
      .at(-1)!;
    expect(morning.text).toContain('📞 позвонить: Сергей Орлов +79218485383');
    // One numbered row of buttons per item: the survey of this first deal, then the call.
    expect(morning.buttons.map((b) => b.text)).toEqual([
      '1 · ✅ Анкета отправлена',
      '2 · 📞 Позвонила',
      '2 · ⏰ Завтра',
    ]);
    await h.advance(60_000);
    const [card] = calls(PEOPLE.grakun.telegram);
    expect(card!.text).toContain('+79218485383');
    expect(card!.text).toContain('Заявка #1: кольца КС-10-1 — 48\u00a0500\u00a0₽, закрыта 23.11.2026');
    expect(card!.buttons.map((b) => b.text)).toEqual([
      '📞 Позвонила',
      '⏰ Завтра',
      '⏰ Через неделю',
      '🚫 Не нужно',
      '🔗 Открыть сделку',
    ]);
  });

  it('when the manager snoozes, then both the reminder and the to-do move', async () => {
    await wonDeal(2);
    await until('2026-12-23T11:00:00+03:00');
    await h.press(PEOPLE.grakun.telegram, calls(PEOPLE.grakun.telegram)[0]!, '⏰ Завтра');
    expect(todos()[0]!.DEADLINE).toBe('2026-12-24T11:00:00+03:00');
    await until('2026-12-24T10:59:00+03:00');
    expect(calls(PEOPLE.grakun.telegram)).toHaveLength(1);
    await h.advance(60_000);
    expect(calls(PEOPLE.grakun.telegram)).toHaveLength(2);
  });

  it('when the manager called, then the to-do is completed, the note goes to the contact and the next call is planned', async () => {
    await wonDeal(3);
    await until('2026-12-23T11:00:00+03:00');
    await h.press(PEOPLE.grakun.telegram, calls(PEOPLE.grakun.telegram)[0]!, '📞 Позвонила');
    expect(todos()[0]!.COMPLETED).toBe('Y');
    const card = to(PEOPLE.grakun.telegram).find((m) => m.text.includes('Когда позвонить снова?'))!;
    expect(card.buttons.map((b) => b.text)).toEqual(['Через месяц', 'Через 3 месяца', 'Не нужно']);
    await h.say(PEOPLE.grakun.telegram, PEOPLE.grakun.telegram, 'Нужны ещё кольца весной');
    expect(h.sim.timelineComments('contact', contact).map((c) => c.comment)).toEqual([
      expect.stringContaining('Заметка: Нужны ещё кольца весной'),
    ]);
    await h.press(PEOPLE.grakun.telegram, card, 'Через месяц');
    await h.press(PEOPLE.grakun.telegram, card, 'Через месяц'); // a second tap plans nothing more
    expect(todos().filter((a) => a.COMPLETED === 'N')).toEqual([
      expect.objectContaining({ DEADLINE: '2027-01-22T11:00:00+03:00' }),
    ]);
  });

  it('when a client wins a first deal, then the survey is asked; a second deal of the same client asks nothing', async () => {
    const first = await wonDeal(4);
    const [survey] = surveys(PEOPLE.grakun.telegram);
    expect(survey!.text).toContain(`https://survey.example/f?deal=${first}&amp;contact=${contact}`);
    await h.press(PEOPLE.grakun.telegram, survey!, '✅ Отправила');
    expect(to(PEOPLE.grakun.telegram).find((m) => m.messageId === survey!.messageId)!.text).toBe(
      '✅ Анкета отправлена: Сергей Орлов',
    );
    expect(h.sim.timelineComments('deal', first).map((c) => c.comment)).toContain(
      'Бот: Гракун Е. отправила клиенту анкету обратной связи.',
    );
    await wonDeal(5);
    expect(surveys(PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when the survey is ignored, then it is repeated each working day and then reported to the supervisor', async () => {
    const dealId = await wonDeal(6); // Monday
    expect(surveys(PEOPLE.grakun.telegram)).toHaveLength(1);
    await until('2026-11-24T09:30:00+03:00');
    await until('2026-11-25T09:30:00+03:00');
    expect(surveys(PEOPLE.grakun.telegram)).toHaveLength(3);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(0);
    await until('2026-11-26T09:30:00+03:00');
    expect(surveys(PEOPLE.grakun.telegram)).toHaveLength(3);
    expect(h.messagesTo(PEOPLE.head.telegram).at(-1)!.text).toContain('Гракун Е. не отправила анкету обратной связи');
    expect(h.sim.timelineComments('deal', dealId).map((c) => c.comment)).toContain(
      'Бот: анкета обратной связи не отправлена после 3 напоминаний (Гракун Е.); сообщено руководителю.',
    );
  });

  it('when the call is made in Bitrix24 itself, then no reminder comes; when the to-do is moved there, the reminder follows', async () => {
    await wonDeal(7);
    h.sim.completeActivity(Number(todos()[0]!.ID));
    await until('2026-12-23T12:00:00+03:00');
    expect(calls(PEOPLE.grakun.telegram)).toHaveLength(0);

    const other = h.sim.addContact({ name: 'Анна', lastName: 'Ким', phone: '+7 900 000-00-00' });
    await wonDeal(8, PEOPLE.grakun.id, other);
    const [todo] = h.sim.activities(3, other);
    h.sim.moveActivity(Number(todo!.ID), '2027-01-25T15:00:00+03:00');
    await until('2027-01-22T12:00:00+03:00'); // its original day
    expect(calls(PEOPLE.grakun.telegram)).toHaveLength(0);
    await until('2027-01-25T15:00:00+03:00');
    expect(calls(PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when the deal is re-assigned, the reminder follows the new manager; re-opened and won again, it is not doubled', async () => {
    const dealId = await wonDeal(9);
    // Three updates in the same second as the won one: Bitrix24's ts cannot tell them apart from
    // it, and the bot still reads the last state.
    await h.sim.updateDeal(dealId, { ASSIGNED_BY_ID: String(PEOPLE.ivanov.id) });
    await h.sim.updateDeal(dealId, { STAGE_ID: STAGES.invoiced });
    await h.sim.updateDeal(dealId, { STAGE_ID: STAGES.won });
    await settle(h.app);
    await h.restart(); // and a restart on the way loses nothing
    await until('2027-01-04T11:00:00+03:00');
    expect(calls(PEOPLE.grakun.telegram)).toHaveLength(0);
    expect(calls(PEOPLE.ivanov.telegram)).toHaveLength(1);
  });

  it('when the due day is a holiday or a weekend, then the call moves to the next working day', async () => {
    h.clock.set('2026-12-01T10:00:00+03:00');
    await wonDeal(10); // + 30 days = 31 Dec (holiday), 1 Jan (holiday), then the weekend
    expect(todos()[0]!.DEADLINE).toBe('2027-01-04T11:00:00+03:00');
  });
});

describe('lost deals and days off', () => {
  afterEach(async () => {
    await h.stop();
  });

  it('when failure analysis is on and a deal is lost, then the manager is reminded the next working day morning; no list on the weekend', async () => {
    h = await Harness.start({
      start: '2026-11-27T16:00:00+03:00',
      rules: { followUp: { failureAnalysis: true, morningAt: '09:30' } },
    }); // Friday
    const id = await h.sim.createDeal({ ...sampleDeal(20), STAGE_ID: STAGES.invoiced });
    await settle(h.app);
    await h.sim.updateDeal(id, { STAGE_ID: STAGES.lost });
    await settle(h.app);
    await until('2026-11-29T23:00:00+03:00'); // the weekend passes in silence
    expect(to(PEOPLE.grakun.telegram)).toHaveLength(0);
    await until('2026-11-30T09:30:00+03:00'); // Monday
    const card = to(PEOPLE.grakun.telegram).find((m) => m.text.startsWith('✖️ Сделка проиграна'))!;
    expect(card.text).toContain('«Анализ причины провала»');
    expect(to(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('☀️'))).toHaveLength(1);
    await h.press(PEOPLE.grakun.telegram, card, '✅ Заполнила');
    expect(to(PEOPLE.grakun.telegram).find((m) => m.messageId === card.messageId)!.text).toContain(
      'Анализ причины провала заполнен',
    );
  });

  it('when failure analysis is off (the default), then a lost deal brings nothing', async () => {
    h = await Harness.start();
    const id = await h.sim.createDeal({ ...sampleDeal(21), STAGE_ID: STAGES.invoiced });
    await settle(h.app);
    await h.sim.updateDeal(id, { STAGE_ID: STAGES.lost });
    await settle(h.app);
    await h.advance(3 * DAY);
    expect(to(PEOPLE.grakun.telegram)).toHaveLength(0);
  });
});
