/**
 * An announcer takes a payment back in «Оплата»: «Отмена! счёт 943 не оплачен, ошибся», «по 943 не
 * пришло, я ошибся», or «отмена» in reply to the announcement. Found by a fresh user: it changed nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { readWithdrawal } from '../../src/payments/withdrawal';
import { captureLog } from '../support/log';
import { statementFile } from '../support/statement-file';
import {
  dealWithInvoice,
  labels,
  messageNow,
  promptsTo,
  startBitrixPaymentWorld,
  startPaymentWorld,
  YES,
} from '../support/payment-world';

const CHAT = -100919;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const chat = () => h.messagesTo(CHAT).map((m) => m.text);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const prompts = () => promptsTo(h, PEOPLE.grakun.telegram);

describe('what reads as a withdrawal', () => {
  it('when a message calls the payment off, or owns a mistake and says no money came, then it withdraws the invoices it names', () => {
    expect(readWithdrawal('Отмена! счёт 943 не оплачен, ошибся', false)).toEqual({ invoices: ['943'] });
    expect(readWithdrawal('по 943 не пришло, я ошибся', false)).toEqual({ invoices: ['943'] });
    expect(readWithdrawal('Отмена по 2018/943 и 2018/944', false)).toEqual({ invoices: ['2018/943', '2018/944'] });
    expect(readWithdrawal('отмена', true)).toEqual({ invoices: [] });
    expect(readWithdrawal('не пришли, ошиблась', true)).toEqual({ invoices: [] });
  });

  it('when a message is news of an invoice, a correction or a payment, then it is no withdrawal', () => {
    expect(readWithdrawal('Счёт 943 отменён, перевыставили 944', false)).toBeNull();
    expect(readWithdrawal('943 пока не оплачен', false)).toBeNull();
    expect(readWithdrawal('6133 не оплачен, я ошибся — оплачен 6108 на 4000', false)).toBeNull();
    expect(readWithdrawal('Оплачен счёт 2018/943 на 4000', true)).toBeNull();
    expect(readWithdrawal('ошибка в сумме, не 4000 а 3500', true)).toBeNull();
    expect(readWithdrawal('Сделку 943 отменили, деньги не пришли', false)).toBeNull();
  });
});

describe('an announcer withdraws a payment', () => {
  it('when the director writes «Отмена! счёт 943 не оплачен, ошибся», then the open prompt is withdrawn, its buttons gone, and the thread says what was withdrawn', async () => {
    const { lines, log } = captureLog();
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счёт 2018/943 на 4000');
    const prompt = prompts().at(-1)!;
    expect(labels(prompt)).toContain(YES);
    await say('Отмена! счёт 943 не оплачен, ошибся');
    const now = messageNow(h, PEOPLE.grakun.telegram, prompt.messageId);
    expect(now.text).toContain('Оплата счёта № 2018/943 отменена в «Оплата» — Петров А.; запрос снят');
    expect(labels(now)).not.toContain(YES);
    expect(chat().at(-1)).toBe('↩️ Счёт 2018/943: запрос снят (ответственный — Гракун Е.).');
    expect(lines.some((l) => String(l.msg).startsWith('payment withdrawn by an announcer'))).toBe(true);
  });

  it('when the director writes «по 943 не пришло, я ошибся», then the prompt is withdrawn too', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счёт 2018/943 на 4000');
    const prompt = prompts().at(-1)!;
    await say('по 943 не пришло, я ошибся');
    expect(labels(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId))).not.toContain(YES);
    expect(chat().at(-1)).toContain('запрос снят');
  });

  it('when the director replies «отмена» to the announcement, then its prompts are withdrawn, and nothing else', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/950', 7000);
    const announcement = await say('Оплачен счёт 2018/943 на 4000');
    await say('Оплачен счёт 2018/950 на 7000');
    const [first, second] = prompts();
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      text: 'отмена',
      reply_to_message: { message_id: announcement, date: 0, chat: { id: CHAT, type: 'group' } },
    });
    expect(labels(messageNow(h, PEOPLE.grakun.telegram, first!.messageId))).not.toContain(YES);
    expect(labels(messageNow(h, PEOPLE.grakun.telegram, second!.messageId))).toContain(YES);
    expect(chat().at(-1)).toContain('Счёт 2018/943: запрос снят');
  });

  it('when the director replies «отмена» to the bot’s answer in the thread, then the announcement it answered is withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счёт 2018/943 на 4000');
    const answer = h.messagesTo(CHAT).at(-1)!;
    expect(answer.text).toBe('→ Гракун Е., счёт 2018/943');
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      text: 'отмена',
      reply_to_message: { message_id: answer.messageId, date: 0, chat: { id: CHAT, type: 'group' } },
    });
    expect(prompts().filter((p) => labels(p).includes(YES))).toHaveLength(0);
    expect(chat().at(-1)).toContain('Счёт 2018/943: запрос снят');
  });

  it('when the director replies «отмена» to a statement file, then the prompts of its payments are withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/950', 5000);
    const pay = (n: number, sum: string, number: string) => ({
      n,
      sum,
      inn: '7806210729',
      payer: 'ООО "ЭЛЕКСИС"',
      purpose: `Оплата по счету № ${number} от 20.11.2026 за ЖБИ. НДС не облагается`,
    });
    const file = await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer(
        'kl_to_1c.txt',
        statementFile([pay(11, '4000.00', '2018/943'), pay(12, '5000.00', '2018/950')]),
      ),
    });
    expect(prompts().filter((p) => labels(p).includes(YES))).toHaveLength(2);
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      text: 'отмена, не та выписка',
      reply_to_message: { message_id: file, date: 0, chat: { id: CHAT, type: 'group' } },
    });
    expect(prompts().filter((p) => labels(p).includes(YES))).toHaveLength(0);
    expect(chat().at(-1)).toContain('Счёт 2018/943: запрос снят');
    expect(chat().at(-1)).toContain('Счёт 2018/950: запрос снят');
  });

  it('when a later prompt for the same invoice named the withdrawn one as still open, then it no longer does', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const first = await say('Оплачен счёт 2018/943 на 3000');
    await say('Оплачен счёт 2018/943 на 4000');
    const second = prompts().at(-1)!;
    expect(second.text).toContain('уже открыт другой запрос');
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      text: 'отмена, ошибся',
      reply_to_message: { message_id: first, date: 0, chat: { id: CHAT, type: 'group' } },
    });
    const now = messageNow(h, PEOPLE.grakun.telegram, second.messageId);
    expect(now.text).not.toContain('уже открыт другой запрос');
    expect(labels(now)).toContain(YES);
  });

  it('when the manager had confirmed already, then the invoice stays paid and the announcer and the manager are told plainly', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счёт 2018/943 на 4000');
    await h.press(PEOPLE.grakun.telegram, prompts().at(-1)!, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    await say('Отмена! счёт 943 не оплачен, ошибся');
    expect(chat().at(-1)).toContain('Счёт 2018/943 уже отмечен оплаченным — подтвердила Гракун Е.');
    expect(chat().at(-1)).toContain('пока отметку не снимут вручную');
    const told = h.messagesTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(told.text).toContain('Петров А. отменил оплату счёта № 2018/943');
    expect(told.text).toContain('бот сам отметку не снимает');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });

  it('when the director withdraws in the Bitrix24 «Оплата», then it is done the same way and answered there', async () => {
    let payChat: string;
    ({ h, payChat, company } = await startBitrixPaymentWorld());
    await dealWithInvoice(h, company, '2018/943', 4000);
    await h.b24Say(PEOPLE.director.id, payChat, 'Оплачен счёт 2018/943 на 4000');
    await h.b24Say(PEOPLE.director.id, payChat, 'Отмена! счёт 943 не оплачен, ошибся');
    expect(h.b24MessagesTo(payChat).at(-1)?.text).toContain('Счёт 2018/943: запрос снят');
    const copies = [...h.messagesTo(PEOPLE.grakun.telegram), ...h.b24MessagesTo(PEOPLE.grakun.id)].filter((m) =>
      m.text.includes('2018/943'),
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const m of copies) expect(m.text).toContain('Оплата счёта № 2018/943 отменена в «Оплата»');
  });

  it('when a withdrawal matches nothing, then it gets a polite reply naming what it looked for', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await say('Отмена! счёт 943 не оплачен, ошибся');
    expect(chat().at(-1)).toBe('Не нашёл объявленной за последние 30 дней оплаты по счёту 943 — отменять нечего.');
  });

  it('when someone who is no announcer writes a withdrawal, then nothing changes and it is logged', async () => {
    const { lines, log } = captureLog();
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счёт 2018/943 на 4000');
    const prompt = prompts().at(-1)!;
    const before = chat().length;
    await h.say(PEOPLE.grakun.telegram, CHAT, 'Отмена! счёт 943 не оплачен, ошибся');
    expect(labels(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId))).toContain(YES);
    expect(chat()).toHaveLength(before);
    expect(lines.some((l) => String(l.msg).includes('the author is not an announcer'))).toBe(true);
  });
});
