/**
 * Round 13: a fresh user's findings on the simulator (stage ids, the bot's own writes, restarts,
 * silence, double pings, absences).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import type { RulesInput } from '../../src/config';

const MIN = 60_000;
const PAY = -1001234;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const start = async (rules: Partial<RulesInput> = {}) => {
  h = await Harness.start({
    start: '2026-11-23T10:00:00+03:00',
    rules: { payments: { telegramChatId: PAY }, ...rules },
  });
  return h;
};
const lastWith = (h: Harness, tg: number, btn: RegExp) => {
  const m = h
    .messagesTo(tg)
    .filter((x) => x.buttons.some((b) => btn.test(b.text)))
    .at(-1);
  if (!m) throw new Error(`no message with ${btn} for ${tg}`);
  return m;
};
/** `tg` taps the button matching `btn` on the last message that has one. */
const tapLast = (h: Harness, tg: number, btn: RegExp) => h.press(tg, lastWith(h, tg, btn), btn);

/**
 * A harness whose one pipeline claims into `stages.claimedStage` and is paid into `stages.paidStage`,
 * with ЭЛЕКСИС (its INN) and its deal 1 sent out to Гракун: the harness, the company's id, the deal's id.
 */
async function startWithCompanyDeal(
  stages: { claimedStage: string; paidStage: string } = { claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
) {
  const h = await start({ pipelines: [{ categoryId: 0, assignedStages: [STAGES.assigned], ...stages }] });
  const comp = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
  const d1 = await h.sim.createDeal({ ...sampleDeal(1), COMPANY_ID: String(comp) });
  await settle(h.app);
  return { h, comp, d1 };
}
/** Smart invoice 2018/943 of 4 000 roubles on deal `dealId` of company `comp`, Гракун responsible: its id. */
const invoice943 = (h: Harness, dealId: number, comp: number) =>
  h.sim.addInvoice({
    kind: 'smart',
    number: '2018/943',
    amount: 4000,
    dealId,
    companyId: comp,
    responsibleId: PEOPLE.grakun.id,
  });

describe('finding 1: a stage the pipeline does not have is never written', () => {
  it('when claimedStage and paidStage are mistyped, then claim and payment leave the deal where it is and the admins hear it once', async () => {
    const { h, comp, d1 } = await startWithCompanyDeal({ claimedStage: 'PREPAYMENT_INVOCE', paidStage: 'UC_PAYED' });
    await tapLast(h, PEOPLE.grakun.telegram, /Беру в работу/);
    await h.advance(MIN);
    expect(h.sim.deal(d1)?.STAGE_ID).toBe(STAGES.assigned);
    invoice943(h, d1, comp);
    await h.say(PEOPLE.director.telegram, PAY, 'Оплачен 2018/943 4 000');
    await tapLast(h, PEOPLE.grakun.telegram, /Да, оплачен/);
    await h.advance(MIN);
    expect(h.sim.deal(d1)?.STAGE_ID).toBe(STAGES.assigned);
    const told = h.messagesTo(PEOPLE.director.telegram).filter((m) => m.text.includes('которой нет в воронке'));
    expect(told.map((m) => m.text.match(/стадия ([A-Z_]+)/)?.[1]).sort()).toEqual(['PREPAYMENT_INVOCE', 'UC_PAYED']);
    expect(told[0]?.text).toContain('PREPAYMENT_INVOICE');
    // A second deal claimed: no second notice for the same stage.
    await h.sim.createDeal({ ...sampleDeal(2), COMPANY_ID: String(comp) });
    await settle(h.app);
    await tapLast(h, PEOPLE.grakun.telegram, /Беру в работу/);
    await h.advance(MIN);
    expect(h.messagesTo(PEOPLE.director.telegram).filter((m) => m.text.includes('которой нет в воронке'))).toHaveLength(
      2,
    );
  });
});

describe('finding 3: the bot’s own stage write is not a person’s move', () => {
  it('when a confirmed payment moves an unclaimed deal to paidStage, then nobody «передвинул(а) сделку» and the card keeps its claim button', async () => {
    const { h, comp, d1 } = await startWithCompanyDeal();
    invoice943(h, d1, comp);
    await h.say(PEOPLE.director.telegram, PAY, 'Оплачен 2018/943 — 4000');
    await tapLast(h, PEOPLE.grakun.telegram, /Да, оплачен/);
    await h.advance(MIN);
    expect(h.sim.deal(d1)?.STAGE_ID).toBe(STAGES.paid);
    const texts = h
      .messagesTo(PEOPLE.grakun.telegram)
      .map((m) => m.text)
      .join('\n');
    expect(texts).not.toContain('передвинул(а) сделку');
    const card = h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.text.startsWith('🆕 Новая сделка'));
    expect(card?.buttons.map((b) => b.text)).toContain('✅ Беру в работу');
    expect(
      h.sim
        .timelineComments('deal', d1)
        .map((c) => c.comment)
        .join('\n'),
    ).not.toContain('передвинул(а)');
  });
});

describe('a second fresh user: a paid invoice never moves a closed deal back', () => {
  it.each([
    ['won', STAGES.won],
    ['lost', STAGES.lost],
  ])(
    'when the invoice of a %s deal is confirmed paid, then the invoice is paid and the deal stays closed',
    async (_, closed) => {
      const { h, comp, d1 } = await startWithCompanyDeal();
      await tapLast(h, PEOPLE.grakun.telegram, /Беру в работу/);
      await h.advance(MIN);
      const invoice = invoice943(h, d1, comp);
      await h.sim.updateDeal(d1, { STAGE_ID: closed }, { by: PEOPLE.grakun.id });
      await h.sim.whenEventsDelivered();
      await settle(h.app);
      await h.say(PEOPLE.director.telegram, PAY, 'Оплачен счет 2018/943 — 4000');
      await tapLast(h, PEOPLE.grakun.telegram, /Да, оплачен/);
      await h.advance(MIN);
      expect(h.sim.invoice('smart', invoice)?.stageId).toBe('DT31_3:P');
      expect(h.sim.deal(d1)?.STAGE_ID).toBe(closed);
    },
  );
});

describe('finding 2: after a restart the people are known before the bot acts', () => {
  it('when a payment prompt is confirmed right after a restart, then Telegram, «Оплата» and the timeline name the person, never «сотрудник #7»', async () => {
    const { h, comp, d1 } = await startWithCompanyDeal();
    invoice943(h, d1, comp);
    await h.say(PEOPLE.director.telegram, PAY, 'Оплачен 2018/943 — 4000');
    const prompt = lastWith(h, PEOPLE.grakun.telegram, /Да, оплачен/);
    await h.restart();
    await h.press(PEOPLE.grakun.telegram, prompt, /Да, оплачен/);
    await h.advance(MIN);
    const everywhere = [
      ...h.messagesTo(PEOPLE.grakun.telegram).map((m) => m.text),
      ...h.messagesTo(PAY).map((m) => m.text),
      ...h.sim.timelineComments('deal', d1).map((c) => c.comment),
    ].join('\n');
    expect(everywhere).not.toMatch(/сотрудник #/);
    expect(
      h
        .messagesTo(PAY)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('отмечен оплаченным (Гракун Е.)');
    expect(
      h.sim
        .timelineComments('deal', d1)
        .map((c) => c.comment)
        .join('\n'),
    ).toMatch(/Гракун/);
  });
});

describe('finding 4: a private chat is never met with silence', () => {
  const last = (h: Harness, tg: number) => h.messagesTo(tg).at(-1)?.text ?? '';
  it('when a manager, a stranger or the director writes /help, /foo, free text, /payments or a payment, then each gets a short answer', async () => {
    const h = await start();
    await h.sendCommand(PEOPLE.grakun.telegram, '/help');
    expect(last(h, PEOPLE.grakun.telegram)).toContain('Я бот отдела продаж');
    expect(last(h, PEOPLE.grakun.telegram)).toContain('/away');
    expect(last(h, PEOPLE.grakun.telegram)).not.toContain('/pause');
    await h.sendCommand(PEOPLE.director.telegram, '/help');
    expect(last(h, PEOPLE.director.telegram)).toMatch(/\/pause[\s\S]*Оплаты пишите в чат «Оплата»/);
    await h.tell(PEOPLE.grakun.telegram, '/foo');
    expect(last(h, PEOPLE.grakun.telegram)).toContain('Не знаю команды /foo');
    await h.tell(PEOPLE.grakun.telegram, 'привет, что ты умеешь?');
    expect(last(h, PEOPLE.grakun.telegram)).toContain('/help');
    // What the bot does here, not only what it does not.
    expect(last(h, PEOPLE.grakun.telegram)).toContain('отвечаю на кнопки и команды');
    await h.sendCommand(PEOPLE.grakun.telegram, '/payments');
    expect(last(h, PEOPLE.grakun.telegram)).toContain('Команда /payments вам недоступна');
    await h.sendCommand(4242, '/payments');
    expect(last(h, 4242)).toContain('недоступна');
    await h.sendCommand(4242, '/help');
    expect(last(h, 4242)).toContain('/start');
    await h.tell(PEOPLE.director.telegram, 'Оплачен счет 2018/943 4000');
    expect(last(h, PEOPLE.director.telegram)).toContain('Оплаты пишите в чат «Оплата»');
  });

  it('when someone writes /help or free text to the bot in the Bitrix24 messenger, then it answers there', async () => {
    const h = await Harness.start({ chatBot: true });
    try {
      await h.b24Say(PEOPLE.grakun.id, 'bot', '/help');
      expect(h.b24MessagesTo(PEOPLE.grakun.id).at(-1)?.text).toContain('Я бот отдела продаж');
      await h.b24Say(PEOPLE.grakun.id, 'bot', 'добрый день');
      expect(h.b24MessagesTo(PEOPLE.grakun.id).at(-1)?.text).toContain('/help');
    } finally {
      await h.stop();
    }
  });
});

describe('finding 5: one ping per deal per moment', () => {
  it('when the head’s snooze ends together with the next level, then the manager gets one «⏰» ping, not two alike', async () => {
    const h = await start();
    await h.sim.createDeal(sampleDeal(1, PEOPLE.ivanov.id));
    await settle(h.app);
    await h.advance(10 * MIN + 1000);
    await tapLast(h, PEOPLE.head.telegram, /Отложить 15/);
    const pingsAt: string[] = [];
    for (let i = 0; i < 20; i++) {
      const before = h.messagesTo(PEOPLE.ivanov.telegram).filter((m) => m.text.startsWith('⏰')).length;
      await h.advance(MIN);
      const after = h.messagesTo(PEOPLE.ivanov.telegram).filter((m) => m.text.startsWith('⏰')).length;
      if (after > before) pingsAt.push(`${h.clock.now().toISOString().slice(11, 16)}×${after - before}`);
    }
    expect(pingsAt.length).toBeGreaterThan(0);
    expect(pingsAt.filter((p) => !p.endsWith('×1'))).toEqual([]);
  });
});

describe('finding 6: the chain skips an absent person', () => {
  it('when the manager and the head are both away, then a new deal goes to the director, not to the absent head', async () => {
    const h = await start();
    await h.sendCommand(PEOPLE.ivanov.telegram, '/away 3');
    await h.sendCommand(PEOPLE.head.telegram, '/away 2');
    const d = await h.sim.createDeal(sampleDeal(1, PEOPLE.ivanov.id));
    await settle(h.app);
    await h.advance(MIN);
    expect(h.sim.deal(d)?.ASSIGNED_BY_ID).toBe(String(PEOPLE.director.id));
    expect(h.messagesTo(PEOPLE.head.telegram).some((m) => m.text.startsWith('🆕'))).toBe(false);
  });
});

describe('finding 8: /unlink and /people tell the truth', () => {
  it('when an admin unlinks a person the rules link, then the unlink survives a restart and /people and the reply say the rule is overridden', async () => {
    const h = await start();
    await h.sendCommand(PEOPLE.director.telegram, `/unlink ${PEOPLE.grakun.id}`);
    expect(h.messagesTo(PEOPLE.director.telegram).at(-1)?.text).toContain('people.links');
    await h.restart();
    await h.sim.createDeal(sampleDeal(4, PEOPLE.grakun.id));
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.grakun.telegram).some((m) => m.text.startsWith('🆕'))).toBe(false);
    await h.sendCommand(PEOPLE.director.telegram, '/people');
    const list = h.messagesTo(PEOPLE.director.telegram).at(-1)?.text ?? '';
    expect(list).toMatch(/Без Telegram[\s\S]*7 · Гракун Екатерина — привязка из people\.links снята командой \/unlink/);
  });

  it('when a person the rules link writes /forget, then it holds after a restart: no card reaches that Telegram account', async () => {
    const h = await start();
    await h.sendCommand(PEOPLE.ivanov.telegram, '/forget');
    await h.restart();
    await h.sim.createDeal(sampleDeal(5, PEOPLE.ivanov.id));
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.ivanov.telegram).some((m) => m.text.startsWith('🆕'))).toBe(false);
  });

  it('when a linked person is deactivated in Bitrix24, then /people does not list them as linked', async () => {
    const h = await start();
    h.sim.setUserActive(PEOPLE.grakun.id, false);
    await h.advance(60 * MIN);
    await h.sendCommand(PEOPLE.director.telegram, '/people');
    const list = h.messagesTo(PEOPLE.director.telegram).at(-1)?.text ?? '';
    expect(list).not.toContain('Гракун');
  });
});

describe('texts of round 13', () => {
  it('when the head passes a deal on in «Кому передать» and taps it again, then the picker loses its buttons, the second tap says whom it went to, and the timeline needs no declension', async () => {
    const h = await start();
    const d = await h.sim.createDeal(sampleDeal(1, PEOPLE.ivanov.id));
    await settle(h.app);
    await h.advance(10 * MIN + 1000);
    await tapLast(h, PEOPLE.head.telegram, /Переназначить/);
    const pick = lastWith(h, PEOPLE.head.telegram, /Гракун/);
    await h.press(PEOPLE.head.telegram, pick, /Гракун/);
    await h.advance(1000);
    const redrawn = h.messagesTo(PEOPLE.head.telegram).find((m) => m.messageId === pick.messageId);
    expect(redrawn?.text).toMatch(/^🔁 Переназначена: Гракун Е\./);
    expect((redrawn?.buttons ?? []).filter((b) => b.callback_data)).toEqual([]);
    const data = pick.buttons.find((b) => /Гракун/.test(b.text))?.callback_data ?? '';
    await h.pressData(PEOPLE.head.telegram, pick.messageId, data);
    expect(h.telegramProxy.toasts.at(-1)?.text).toBe('Сделка уже передана: Гракун Е.');
    expect(h.sim.timelineComments('deal', d).map((c) => c.comment)).toContainEqual(
      expect.stringContaining('Смирнова О. переназначила сделку: Иванов П. → Гракун Е.'),
    );
  });

  it('when a manager goes away and the head stands in, then «Новые сделки пойдут: Смирнова О.» ends with one full stop', async () => {
    const h = await start();
    await h.sendCommand(PEOPLE.ivanov.telegram, '/away 3');
    const reply = h.messagesTo(PEOPLE.ivanov.telegram).at(-1)?.text ?? '';
    expect(reply).toContain('Новые сделки пойдут: Смирнова О. Вернётесь');
    expect(reply).not.toContain('О..');
  });
});
