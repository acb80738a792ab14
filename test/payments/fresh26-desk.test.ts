/**
 * A fresh user's findings in «Оплата» (fresh26): a director's plain «I was wrong» ignored, money said to
 * have come answered with silence, a photo without a caption unanswered, and «оплата 4000» asked the sum
 * of an invoice that does not exist.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { parsePaymentNotice } from '../../src/payments/parse';
import { invoiceInSum } from '../../src/payments/reading';
import { readDoubt, readWithdrawal } from '../../src/payments/withdrawal';
import { captureLog } from '../support/log';
import {
  dealWithInvoice,
  labels,
  messageNow,
  promptsTo,
  startPaymentWorld,
  textsIn,
  YES,
} from '../support/payment-world';

const CHAT = -100926;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const chat = () => textsIn(h, CHAT);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const prompts = () => promptsTo(h, PEOPLE.grakun.telegram);
const open = () => prompts().filter((p) => labels(p).includes(YES));

describe('a director takes a payment back in plain words', () => {
  it('when he writes «не считать», «ошибка, денег нет», «Стоп, … не оплачен», «деньги вернулись, платёж отозван», then each reads as a withdrawal of the invoice it names', () => {
    expect(readWithdrawal('вчера писал про 3001 — не считать, это была ошибка', false)).toEqual({ invoices: ['3001'] });
    expect(readWithdrawal('3002 не считать, ошибся', false)).toEqual({ invoices: ['3002'] });
    expect(readWithdrawal('по 3003 ошибка, денег нет', false)).toEqual({ invoices: ['3003'] });
    expect(readWithdrawal('Стоп, 3005 не оплачен', false)).toEqual({ invoices: ['3005'] });
    expect(readWithdrawal('по 3010 деньги вернулись, платёж отозван', false)).toEqual({ invoices: ['3010'] });
    expect(readWithdrawal('не то', true)).toEqual({ invoices: [] });
  });

  it('when a message only hints at it, then it is a doubt (asked), and a payment announcement is neither', () => {
    expect(readWithdrawal('943 пока не оплачен', false)).toBeNull();
    expect(readDoubt('943 пока не оплачен')).toEqual({ invoices: ['943'] });
    expect(readDoubt('оплачен счет 3001 на 1000')).toBeNull();
    expect(readWithdrawal('оплачен счет 3001 на 1000, не считать предыдущее', false)).toBeNull();
    expect(readDoubt('ошибся')).toBeNull(); // names no invoice: nothing to ask about
  });

  it('when the director writes «по 943 ошибка, денег нет» after announcing it, then the open prompt is withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счёт 2018/943 на 4000');
    const prompt = prompts().at(-1)!;
    await say('по 943 ошибка, денег нет');
    expect(labels(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId))).not.toContain(YES);
    expect(chat().at(-1)).toBe('↩️ Счёт 2018/943: запрос снят (ответственный — Гракун Е.).');
  });

  it('when the director replies «не то» to the announcement, then its prompt is withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const announcement = await say('Оплачен счёт 2018/943 на 4000');
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      text: 'не то',
      reply_to_message: { message_id: announcement, date: 0, chat: { id: CHAT, type: 'group' } },
    });
    expect(open()).toHaveLength(0);
    expect(chat().at(-1)).toContain('Счёт 2018/943: запрос снят');
  });

  it('when the director writes «943 пока не оплачен» while its prompt is open, then he is asked whether to withdraw it (nothing withdrawn), and «отмена 943» then does', async () => {
    const { lines, log } = captureLog();
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счёт 2018/943 на 4000');
    await say('943 пока не оплачен');
    expect(chat().at(-1)).toBe(
      'Счёт 2018/943 ждёт подтверждения оплаты (Гракун Е.). Отменить эту оплату? Если да, напишите «отмена 2018/943» или ответьте «отмена» на сообщение об оплате. Если оплата в силе — ничего делать не нужно.',
    );
    expect(open()).toHaveLength(1);
    expect(lines.some((l) => String(l.msg).includes('the announcer is asked'))).toBe(true);
    await say('отмена 2018/943');
    expect(open()).toHaveLength(0);
  });

  it('when such a message names an invoice with no open prompt, then it is not asked about', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счёт 2018/943 на 4000');
    const before = chat().length;
    await say('2018/950 пока не оплачен');
    expect(chat()).toHaveLength(before);
    expect(open()).toHaveLength(1);
  });
});

describe('money said to have come, with nothing else', () => {
  it('when the parser reads «пришли деньги от Элексиса» or «деньги пришли», then it is a payment with no number and no sum; a question is not', () => {
    expect(parsePaymentNotice('пришли деньги от Элексиса')).toMatchObject({
      isPayment: true,
      invoices: [],
      amount: null,
      missing: ['invoice', 'amount'],
    });
    expect(parsePaymentNotice('деньги пришли')).toMatchObject({ isPayment: true, invoices: [], amount: null });
    expect(parsePaymentNotice('деньги пришли?').isPayment).toBe(false);
    expect(parsePaymentNotice('деньги ещё не пришли').isPayment).toBe(false);
  });

  it('when the director writes «пришли деньги от Элексиса», then the chat asks which of its open invoices and how much', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 2500);
    await say('пришли деньги от Элексиса');
    expect(chat().at(-1)).toContain(
      '2 открытых счёта: 2018/943 на 4 000 ₽, 2018/944 на 2 500 ₽. Какой оплачен и на какую сумму?',
    );
  });

  it('when the director posts a photo without a caption, then the thread is told to write the number and sum in the caption, and the log says so', async () => {
    const { lines, log } = captureLog();
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      photo: [{ file_id: 'AgACphoto9', file_unique_id: 'p9', width: 800, height: 600 }],
    });
    expect(chat().at(-1)).toBe(
      'Фото без подписи не читаю — по картинке оплату не сверить. Напишите номер счёта и сумму в подписи к фото или сообщением, например: «Оплачен счёт 2018/943 на 4000».',
    );
    expect(lines.some((l) => String(l.msg).startsWith('photo without a caption in the payment chat'))).toBe(true);
  });
});

describe('«оплата 4000»: a number no invoice has', () => {
  it('when an open invoice is of that sum, then the chat says no invoice has that number and offers it', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('оплата 4000');
    expect(chat().at(-1)).toBe(
      'Счёта № 4000 не нашёл. Если 4 000 ₽ — это сумма, то на неё открыт счёт 2018/943. Напишите номер счёта и сумму, например: «Оплачен счёт 2018/943 на 4000».',
    );
  });

  it('when no open invoice is of that sum either, then it says the invoice was not found and asks for number and sum', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('оплата 7000');
    expect(chat().at(-1)).toBe(
      'Счёта № 7000 не нашёл, открытого счёта на 7 000 ₽ тоже нет. Напишите, пожалуйста, номер счёта и сумму, например: «Оплачен счёт 2018/943 на 7000».',
    );
  });

  it('when the invoice exists, then the sum is asked as before', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('оплата 2018/943');
    expect(chat().at(-1)).toBe('Какая сумма пришла по счёту 2018/943? Без суммы не могу сверить со счётом.');
  });
});

describe('a tap the portal refuses', () => {
  it('when the portal is over its limit at «Да», then the manager is told which invoice could not be checked and what to press again; the prompt stays open', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/944', 2500);
    await say('Оплачен счёт 2018/944 на 2500');
    const prompt = prompts().at(-1)!;
    h.sim.failNext('batch', 20, 'QUERY_LIMIT_EXCEEDED');
    h.sim.failNext('crm.item.get', 20, 'QUERY_LIMIT_EXCEEDED');
    h.sim.failNext('crm.item.list', 20, 'QUERY_LIMIT_EXCEEDED');
    await h.press(PEOPLE.grakun.telegram, prompt, YES);
    const said = h.messagesTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(said.text).toBe(
      'Счёт № 2018/944: не получилось проверить его в Битрикс24 — портал не ответил. Ничего не изменилось, запрос открыт: нажмите «✅ Да, оплачен» ещё раз через минуту.',
    );
    expect(labels(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId))).toContain(YES);
  });
});

describe('an edit whose sum swallowed the invoice', () => {
  it('when «943 400» is read as one sum and the earlier version named 943, then it is invoice 943 and 400 ₽; a sum not written so is not split', () => {
    expect(invoiceInSum('оплачен 943 400', 943400, ['2018/943'])).toEqual({ written: '943', sum: 400 });
    expect(invoiceInSum('оплачен 943 4 000', 9434000, ['2018/943'])).toEqual({ written: '943', sum: 4000 });
    expect(invoiceInSum('оплачен 943 400', 943400, ['2018/950'])).toBeNull();
    expect(invoiceInSum('оплачено 943400', 943400, ['2018/943'])).toBeNull();
  });

  it('when the director edits «оплачен 943 4000», confirmed already, to «оплачен 943 400», then it is read as 400 ₽ for 2018/943: the thread says how, the manager hears the invoice now lacks 3 600 ₽ — not that the number or sum is gone', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const said = await say('оплачен 943 4000');
    await h.press(PEOPLE.grakun.telegram, prompts().at(-1)!, YES);
    const before = chat().length;
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'оплачен 943 400');
    const answer = chat().slice(before).join('\n');
    expect(answer).toContain(
      '«943 400» прочитал как счёт 943 на 400 ₽ — этот счёт был в прежней версии сообщения. Если 943 400 ₽ — это сумма, напишите номер счёта.',
    );
    expect(answer).not.toContain('Не понял, какой счёт');
    const told = h
      .messagesTo(PEOPLE.grakun.telegram)
      .at(-1)!
      .text.replace(/[\u00a0\u202f]/g, ' ');
    expect(told).toContain('оплаты по счёту теперь 400 ₽ — не хватает 3 600 ₽ до 4 000 ₽');
    expect(told).not.toContain('больше нет');
  });

  it('when an edit removes only the invoice number, then the withdrawn prompt says the number is gone (the sum is still there)', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const said = await say('Оплачен счёт 2018/943 на 4000');
    const prompt = prompts().at(-1)!;
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Оплачено 4000 руб');
    expect(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId).text).toMatch(
      /^↩️ Сообщение об оплате изменено — в нём больше нет номера счёта, запрос снят/,
    );
  });
});
