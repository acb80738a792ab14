import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal, companyRules } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

let h: Harness;
afterEach(async () => {
  await h.stop();
});

const NEWBIE = { id: 20, telegram: 7020 };
const last = (telegram: number) => h.messagesTo(telegram).at(-1)!;

/** The company without Telegram links for the managers: they link themselves. */
async function start(over: Parameters<typeof companyRules>[0] = {}) {
  const base = companyRules();
  h = await Harness.start({
    rules: {
      people: { ...base.people, links: base.people!.links!.filter((l) => l.bitrixUserId !== PEOPLE.grakun.id) },
      ...over,
    },
  });
  h.sim.addUser({
    id: NEWBIE.id,
    name: 'Анна',
    lastName: 'Новикова',
    departmentIds: [3],
    mobilePhone: '8 (921) 777-66-55',
    email: 'novikova@example.ru',
  });
  h.sim.addUser({ id: 21, name: 'Олег', lastName: 'Дубов', departmentIds: [3], workPhone: '+7 812 000 11 22' });
  h.sim.addUser({ id: 22, name: 'Ирина', lastName: 'Дубова', departmentIds: [3], workPhone: '+7 812 000 11 22' });
}

describe('linking', () => {
  it('when a manager shares their own number, then they are linked and greeted by name and role', async () => {
    await start();
    await h.sendCommand(NEWBIE.telegram, '/start');
    expect(last(NEWBIE.telegram).text).toContain('Поделиться номером');
    await h.shareContact(NEWBIE.telegram, '+79217776655');
    expect(last(NEWBIE.telegram).text).toBe(
      'Здравствуйте, Анна Новикова! Вы — менеджер. Сюда будут приходить сделки и напоминания.',
    );
    // Linked means the cards come: a deal assigned to her reaches her Telegram.
    await h.sim.createDeal(sampleDeal(1, NEWBIE.id));
    await settle(h.app);
    expect(last(NEWBIE.telegram).text).toContain('Новая сделка');
    // The number itself is not kept anywhere.
    expect(JSON.stringify(h.app.db.prepare('SELECT * FROM links').all())).not.toContain('7776655');
  });

  it("when someone shares another person's contact, then it is refused", async () => {
    await start();
    await h.shareContact(NEWBIE.telegram, '+79217776655', 999);
    expect(last(NEWBIE.telegram).text).toContain('Это не ваш номер');
    await h.shareContact(NEWBIE.telegram, '+79217776655', null);
    expect(h.app.ctx.reach.personOfTelegram(String(NEWBIE.telegram))).toBeNull();
  });

  it('when the number matches nobody or two people, then the code fallback links through Bitrix24', async () => {
    await start();
    await h.shareContact(7021, '+78120001122');
    expect(last(7021).text).toContain('записан у нескольких сотрудников');
    await h.shareContact(7099, '+70000000000');
    expect(last(7099).text).toContain('Не нашёл этот номер');

    await h.sendCommand(7021, '/code Дубов');
    expect(last(7021).text).toContain('Отправил код');
    const code = /(\d{6})/.exec(h.sim.notifications(21).at(-1)!)![1]!;
    await h.tell(7021, '000000');
    expect(last(7021).text).toContain('Код не подошёл');
    await h.tell(7021, code);
    expect(last(7021).text).toContain('Здравствуйте, Олег Дубов!');
    expect(h.app.ctx.reach.personOfTelegram('7021')).toBe(21);
    // Only a hash of the code was ever stored, and it is gone now.
    expect(h.app.db.prepare('SELECT count(*) AS n FROM link_codes').get()).toEqual({ n: 0 });
  });

  it('when an admin asks /people, then linked and unlinked people are listed; /unlink removes a link; others are refused', async () => {
    await start();
    await h.sendCommand(PEOPLE.ivanov.telegram, '/people');
    expect(last(PEOPLE.ivanov.telegram).text).toBe('Эта команда — только для администратора.');
    await h.sendCommand(PEOPLE.director.telegram, '/people');
    const list = last(PEOPLE.director.telegram).text;
    expect(list).toContain('8 · Иванов Пётр — менеджер');
    expect(list).toContain('5 · Смирнова Ольга — руководитель отдела');
    expect(list).toMatch(/Без Telegram \(\d+\)<\/b>[\s\S]*7 · Гракун Екатерина/);
    await h.sendCommand(PEOPLE.director.telegram, '/unlink 8');
    expect(last(PEOPLE.director.telegram).text).toContain(
      'Отвязал: Иванов Пётр. В файле правил (people.links) эта привязка тоже есть',
    );
    expect(h.app.ctx.reach.telegramOf(PEOPLE.ivanov.id)).toBeNull();
  });

  it('when a person sends /forget, then their link and the history of messages to them are removed', async () => {
    await start();
    await h.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id));
    await settle(h.app);
    await h.sendCommand(PEOPLE.ivanov.telegram, '/forget');
    expect(last(PEOPLE.ivanov.telegram).text).toContain('привязка и история сообщений бота удалены');
    expect(h.app.ctx.reach.telegramOf(PEOPLE.ivanov.id)).toBeNull();
    expect(
      h.app.db
        .prepare(`SELECT count(*) AS n FROM outbox WHERE target = ? AND status = 'sent'`)
        .get(String(PEOPLE.ivanov.telegram)),
    ).toEqual({ n: 0 });
  });
});

describe('absences and people who leave', () => {
  it('when a manager is away, then new deals go to the deputy with the reason, and the deal is re-assigned in Bitrix24', async () => {
    await start({
      people: { ...companyRules().people, deputies: [{ userId: PEOPLE.ivanov.id, deputyId: NEWBIE.id }] },
    });
    await h.shareContact(NEWBIE.telegram, '+79217776655');
    await h.sendCommand(PEOPLE.ivanov.telegram, '/away 27.11');
    expect(last(PEOPLE.ivanov.telegram).text).toContain(
      'вас нет до 27.11 включительно. Новые сделки пойдут: Новикова А.',
    );
    const before = h.messagesTo(PEOPLE.ivanov.telegram).length;
    const dealId = await h.sim.createDeal(sampleDeal(3, PEOPLE.ivanov.id));
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.ivanov.telegram)).toHaveLength(before);
    expect(last(NEWBIE.telegram).text).toMatch(
      /^ℹ️ Иванов П\. отсутствует до 27\.11 — сделка передана вам\.\n🆕 Новая сделка/,
    );
    expect(h.sim.deal(dealId)?.ASSIGNED_BY_ID).toBe(String(NEWBIE.id));
    await h.press(NEWBIE.telegram, last(NEWBIE.telegram), '✅ Беру в работу');
    expect(h.app.ctx.assignments.latestForDeal(dealId)?.status).toBe('claimed');

    await h.sendCommand(PEOPLE.ivanov.telegram, '/back');
    await h.sim.createDeal(sampleDeal(4, PEOPLE.ivanov.id));
    await settle(h.app);
    expect(last(PEOPLE.ivanov.telegram).text).toContain('Новая сделка');
  });

  it('when a manager without a deputy is away, then the supervisor gets the deal', async () => {
    await start();
    await h.sendCommand(PEOPLE.ivanov.telegram, '/away 3');
    await h.sim.createDeal(sampleDeal(5, PEOPLE.ivanov.id));
    await settle(h.app);
    expect(last(PEOPLE.head.telegram).text).toContain('Иванов П. отсутствует до 25.11 — сделка передана вам.');
  });

  it('when a user is deactivated in Bitrix24, then the link goes and their pending payment prompt goes to the supervisor', async () => {
    await start({ payments: { telegramChatId: -500 } });
    const company = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО' });
    const dealId = await h.sim.createDeal(
      { ...sampleDeal(6, PEOPLE.ivanov.id), COMPANY_ID: String(company), STAGE_ID: 'FINAL_INVOICE' },
      { emit: false },
    );
    h.sim.addInvoice({
      kind: 'smart',
      number: '2018/950',
      amount: 1000,
      dealId,
      companyId: company,
      responsibleId: PEOPLE.ivanov.id,
    });
    await h.say(PEOPLE.director.telegram, -500, 'Оплачен счет 2018/950 1000 руб');
    expect(last(PEOPLE.ivanov.telegram).text).toContain('2018/950');

    h.sim.setUserActive(PEOPLE.ivanov.id, false);
    h.app.ctx.directory.invalidate();
    await h.app.reconcile(); // any pass that reloads the directory notices
    await settle(h.app);
    expect(h.app.ctx.reach.telegramOf(PEOPLE.ivanov.id)).toBeNull();
    const moved = last(PEOPLE.head.telegram);
    expect(moved.text).toContain('оплачен счёт № 2018/950');
    await h.press(PEOPLE.head.telegram, moved, '✅ Да, оплачен');
    expect(h.sim.invoice('smart', 1)?.stageId).toBe('DT31_3:P');
  });
});

describe('roles on every action', () => {
  it("when a head of another department or a plain manager presses a supervisor's button, then it is refused and nothing changes", async () => {
    await start();
    h.sim.addDepartment({ id: 6, name: 'Снабжение', parentId: 1, headId: 30 });
    h.sim.addUser({ id: 30, name: 'Борис', lastName: 'Орехов', departmentIds: [6], mobilePhone: '+7 921 300-00-30' });
    await h.shareContact(7030, '+79213000030');
    const dealId = await h.sim.createDeal(sampleDeal(7, PEOPLE.ivanov.id));
    await settle(h.app);
    await h.advance(10 * 60_000);
    const alert = last(PEOPLE.head.telegram);
    await h.press(7030, alert, '🔁 Переназначить'); // a head, but not of this department
    await h.press(NEWBIE.telegram, alert, '🔔 Напомнить менеджеру'); // not linked at all
    await h.press(PEOPLE.ivanov.telegram, alert, '🔁 Переназначить'); // the manager himself
    expect(h.messagesTo(7030)).toHaveLength(1); // only the greeting
    expect(h.messagesTo(PEOPLE.ivanov.telegram).filter((m) => m.text.startsWith('Кому передать'))).toHaveLength(0);
    expect(h.sim.deal(dealId)?.ASSIGNED_BY_ID).toBe(String(PEOPLE.ivanov.id));
    // The department's own head can.
    await h.press(PEOPLE.head.telegram, alert, '🔁 Переназначить');
    expect(last(PEOPLE.head.telegram).text).toMatch(/^Кому передать/);
  });
});
