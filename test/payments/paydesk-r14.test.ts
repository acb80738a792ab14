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
