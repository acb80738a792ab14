/**
 * Round 14 of the payment desk, found by a fresh user: a payment for a manager nobody can reach goes
 * where a deactivated manager's goes, and a prompt handed over says why its receiver has it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { companyRules } from '../../simulator/portal-fixture';
import { captureLog } from '../support/log';
import { dealWithInvoice, startPaymentWorld } from '../support/payment-world';

const CHAT = -100914;
const YES = '✅ Да, оплачен';
const HOUR = 3_600_000;
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

const promptsTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('💳'));
const remindersTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('⏰'));
const chat = () => h.messagesTo(CHAT).map((m) => m.text);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);

/** The company's people with Гракун's Telegram link gone (and no Bitrix24 chat bot): nothing reaches her. */
const withoutGrakun = () => {
  const people = companyRules().people ?? {};
  return { people: { ...people, links: (people.links ?? []).filter((l) => l.bitrixUserId !== PEOPLE.grakun.id) } };
};

describe('a payment for a manager nobody can reach', () => {
  it('when the invoice’s manager has no Telegram link and there is no Bitrix24 chat bot, then the supervisor gets the prompt with the reason, the chat says where and why, the reminder goes to the supervisor, and it is logged', async () => {
    const { lines, log } = captureLog();
    ({ h, company } = await startPaymentWorld(CHAT, { log }, withoutGrakun()));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/950', 1000);
    await say('Оплачен счет 2018/950 1000 руб');

    expect(chat().at(-1)).toBe(
      'Гракун Е. не подключена к боту — счёт 2018/950 передал руководителю: Смирнова О.\n→ Смирнова О., счёт 2018/950',
    );
    const prompt = promptsTo(PEOPLE.head.telegram).at(-1);
    expect(prompt?.text).toContain('ℹ️ Гракун Е. не подключена к боту — подтверждение передано вам.');
    expect(prompt?.text).toContain('оплачен счёт № 2018/950');
    expect(
      lines.some(
        (l) =>
          l.msg === 'payment prompt handed to a stand-in: the invoice’s manager cannot be reached' &&
          l.responsibleId === PEOPLE.grakun.id &&
          l.to === PEOPLE.head.id &&
          l.why === 'unreachable',
      ),
    ).toBe(true);

    await h.advance(2 * HOUR + 60_000);
    expect(remindersTo(PEOPLE.head.telegram).at(-1)?.text).toContain('Гракун Е. не подключена к боту');

    await h.press(PEOPLE.head.telegram, prompt!, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });

  it('when the invoice’s manager is deactivated in Bitrix24 before the announcement, then the supervisor gets the prompt saying so', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/951', 1000, { managerId: PEOPLE.ivanov.id });
    h.sim.setUserActive(PEOPLE.ivanov.id, false);
    h.app.ctx.directory.invalidate();
    await say('Оплачен счет 2018/951 1000 руб');

    expect(chat().at(-1)).toBe(
      'Иванов П. деактивирован в Битрикс24 — счёт 2018/951 передал руководителю: Смирнова О.\n→ Смирнова О., счёт 2018/951',
    );
    expect(promptsTo(PEOPLE.head.telegram).at(-1)?.text).toContain(
      'ℹ️ Иванов П. деактивирован в Битрикс24 — подтверждение передано вам.',
    );
    expect(promptsTo(PEOPLE.ivanov.telegram)).toEqual([]);
  });
});

describe('a prompt handed over says why', () => {
  it('when a manager with an open prompt is deactivated in Bitrix24, then the prompt the supervisor gets says why it is theirs now', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/952', 1000, { managerId: PEOPLE.ivanov.id });
    await say('Оплачен счет 2018/952 1000 руб');
    expect(promptsTo(PEOPLE.ivanov.telegram).at(-1)?.text).not.toContain('ℹ️');

    h.sim.setUserActive(PEOPLE.ivanov.id, false);
    h.app.ctx.directory.invalidate();
    await h.app.reconcile();
    await h.advance(0);

    const moved = promptsTo(PEOPLE.head.telegram).at(-1);
    expect(moved?.text).toContain('ℹ️ Иванов П. деактивирован в Битрикс24 — подтверждение передано вам.');
    // The reminder of the handed-over prompt says it too.
    await h.advance(2 * HOUR + 60_000);
    expect(remindersTo(PEOPLE.head.telegram).at(-1)?.text).toContain('Иванов П. деактивирован в Битрикс24');
  });
});

const comments = (dealId: number) => h.sim.timelineComments('deal', dealId).map((c) => c.comment);
/** The card as its reader saw it over time (every send and edit of that message). */
const cardOf = (tg: number, messageId: number) => h.messagesTo(tg).find((m) => m.messageId === messageId)?.text;

describe('a deal with two invoices', () => {
  it('when the first of two invoices is announced, then its prompt says the deal moves only after the other one is paid; once that one is confirmed, the other prompt offers the move', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { dealId } = await dealWithInvoice(h, company, '2018/960', 1000);
    h.sim.addInvoice({
      kind: 'smart',
      number: '2018/961',
      amount: 2000,
      dealId,
      companyId: company,
      responsibleId: PEOPLE.grakun.id,
    });
    await say('Оплачен счет 2018/960 1000 руб');
    const first = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(first.text).toContain(
      'Отметить счёт оплаченным? Сделка перейдёт в «Счет оплачен» после оплаты счёта № 2018/961.',
    );
    expect(first.text).not.toContain('перевести сделку');

    await say('Оплачен счет 2018/961 2000 руб');
    const second = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(second.text).toContain('после оплаты счёта № 2018/960.');

    await h.press(PEOPLE.grakun.telegram, second, YES);
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe('FINAL_INVOICE');
    // The other invoice is paid now: the first prompt, still open, offers the move it will make.
    expect(cardOf(PEOPLE.grakun.telegram, first.messageId)).toContain(
      'Отметить счёт оплаченным и перевести сделку в «Счет оплачен»?',
    );
    await h.press(PEOPLE.grakun.telegram, first, YES);
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe('UC_PAID');
  });
});

describe('the manager is told what really happened to the deal', () => {
  it('when the deal is won already, then the tap promises no move, and the card and the timeline say the invoice is paid and the stage stays', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { dealId, invoiceId } = await dealWithInvoice(h, company, '2018/970', 1000);
    await h.sim.updateDeal(dealId, { STAGE_ID: 'WON' }, { emit: false });
    await say('Оплачен счет 2018/970 1000 руб');
    const prompt = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    const shownBefore = h.telegramProxy.shown.length;
    await h.press(PEOPLE.grakun.telegram, prompt, YES);

    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe('WON');
    const toast = h.telegramProxy.toasts.at(-1)?.text ?? '';
    expect(toast).not.toContain('переведена');
    expect(toast).toContain('Принято');
    // At the tap the card says what is being done; once the write is done, what was done.
    const seen = h.telegramProxy.shown.slice(shownBefore).map((s) => s.content);
    expect(seen.some((c) => c.includes('⏳ Отмечаю счёт оплаченным в Битрикс24'))).toBe(true);
    expect(cardOf(PEOPLE.grakun.telegram, prompt.messageId)).toContain(
      '✅ Счёт № 2018/970 отмечен оплаченным — Гракун Е.\nСделка уже в «Завершить сделку» — стадию не меняю.',
    );
    expect(comments(dealId).at(-1)).toBe(
      'Бот: счёт № 2018/970 отмечен оплаченным; сделка уже в «Завершить сделку» — стадию не меняю.',
    );
  });

  it('when the deal moves, then the card says where it went', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { dealId } = await dealWithInvoice(h, company, '2018/971', 1000);
    await say('Оплачен счет 2018/971 1000 руб');
    const prompt = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    await h.press(PEOPLE.grakun.telegram, prompt, YES);
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe('UC_PAID');
    expect(cardOf(PEOPLE.grakun.telegram, prompt.messageId)).toContain(
      '✅ Счёт № 2018/971 отмечен оплаченным — Гракун Е.\nСделка переведена в «Счет оплачен».',
    );
  });

  it('when paidStage names a stage the pipeline lacks, then the admins are told at start (once, across restarts), and a confirmed payment says the deal was not moved', async () => {
    const { lines, log } = captureLog();
    ({ h, company } = await startPaymentWorld(
      CHAT,
      { log },
      {
        pipelines: [
          { categoryId: 0, assignedStages: ['PREPARATION'], claimedStage: 'PREPAYMENT_INVOICE', paidStage: 'UC_PAYD' },
        ],
      },
    ));
    // The sweep a start runs at once (loops.ts; driven by hand here) loads the directory: the check runs then.
    await h.app.reconcile();
    await h.advance(0);
    const warned = () =>
      h.messagesTo(PEOPLE.director.telegram).filter((m) => m.text.includes('указана стадия UC_PAYD'));
    expect(warned()).toHaveLength(1);
    expect(warned()[0]?.text).toContain('(pipelines 0: paidStage)');
    expect(warned()[0]?.text).toContain('воронке «ЖБИ»');
    expect(
      lines.some((l) => l.level === 40 && l.field === 'paidStage' && l.stageId === 'UC_PAYD' && l.categoryId === 0),
    ).toBe(true);
    await h.restart();
    await h.app.reconcile();
    await h.advance(0);
    expect(warned()).toHaveLength(1);

    const { dealId } = await dealWithInvoice(h, company, '2018/972', 1000);
    await say('Оплачен счет 2018/972 1000 руб');
    const prompt = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    await h.press(PEOPLE.grakun.telegram, prompt, YES);
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe('FINAL_INVOICE');
    expect(h.telegramProxy.toasts.at(-1)?.text).not.toContain('переведена');
    expect(cardOf(PEOPLE.grakun.telegram, prompt.messageId)).toContain(
      'Сделку не перевожу: в правилах бота указана стадия UC_PAYD, которой нет в её воронке, — администратору сообщил.',
    );
    expect(comments(dealId).at(-1)).toBe(
      'Бот: счёт № 2018/972 отмечен оплаченным; стадию сделки не меняю — в правилах бота указана стадия UC_PAYD, которой нет в воронке «ЖБИ».',
    );
    // Still told once: the write-time guard's notice is the same one.
    expect(warned()).toHaveLength(1);
  });
});
