import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor, type BotMessage } from '../../simulator/harness';
import { STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { dealWithInvoice as addDealWithInvoice, startPaymentWorld } from '../support/payment-world';

const CHAT = -100777;
const HOUR = 3_600_000;
let h: Harness;
let company: number;

const lastTo = (id: number): BotMessage => {
  const m = h.messagesTo(id).at(-1);
  if (!m) throw new Error(`nothing sent to ${id}`);
  return m;
};
const chatReplies = () => h.messagesTo(CHAT).map((m) => m.text);
const prompts = (id: number) =>
  h.messagesTo(id).filter((m) => m.text.startsWith('💳') || m.text.startsWith('⏰ Напоминание'));

const dealWithInvoice = (
  number: string,
  amount: number,
  managerId: number = PEOPLE.grakun.id,
  kind: 'smart' | 'legacy' = 'smart',
) => addDealWithInvoice(h, company, number, amount, { managerId, kind });

async function restInvoiceAmount(invoiceId: number, amount: number) {
  const res = await fetch(`${h.sim.webhookUrl}crm.item.update.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entityTypeId: 31, id: invoiceId, fields: { opportunity: amount } }),
  });
  expect(res.status).toBe(200);
}

describe('payment desk over real HTTP', () => {
  beforeEach(async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
  });
  afterEach(async () => {
    await h.stop();
  });

  it('when the director announces a payment that matches, then the manager confirms with one tap and the CRM follows', async () => {
    const { dealId, invoiceId } = await dealWithInvoice('2018/943', 4000);
    const text = 'Оплачен счет № 2018 / 943 ЭЛЕКСИС ООО 4 000 руб';
    await h.say(PEOPLE.director.telegram, CHAT, text);

    expect(chatReplies()).toEqual(['→ Гракун Е., счёт 2018/943']);
    const prompt = lastTo(PEOPLE.grakun.telegram);
    expect(prompt.text).toContain('Петров А.: оплачен счёт № 2018/943 (ЭЛЕКСИС ООО) — 4\u00a0000\u00a0₽.');
    expect(prompt.text).toContain('Сумма счёта 4\u00a0000\u00a0₽ — совпадает.');
    expect(prompt.text).toContain('перевести сделку в «Счет оплачен»?');
    expect(prompt.buttons.map((b) => b.text)).toEqual(['✅ Да, оплачен', '✖ Не мой / ошибка', '🔗 Открыть сделку']);

    // Only the invoice's manager can confirm.
    await h.press(PEOPLE.ivanov.telegram, prompt, '✅ Да, оплачен');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');

    await h.press(PEOPLE.grakun.telegram, prompt, '✅ Да, оплачен');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.paid);
    expect(h.sim.timelineComments('deal', dealId).map((c) => c.comment)).toEqual([
      expect.stringContaining(`подтверждена (Гракун Е.). Сообщение в «Оплата»: «${text}»`),
    ]);
    expect(chatReplies().at(-1)).toBe('✅ Счёт 2018/943 отмечен оплаченным (Гракун Е.).');
    expect(h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.messageId === prompt.messageId)!.text).toContain(
      '✅ Счёт № 2018/943 отмечен оплаченным — Гракун Е.',
    );

    // A second tap changes nothing.
    h.sim.resetCalls();
    await h.press(PEOPLE.grakun.telegram, prompt, '✅ Да, оплачен');
    expect(h.sim.calls.filter((c) => c.method.includes('update'))).toHaveLength(0);
    expect(chatReplies()).toHaveLength(2);
  });

  it('when the manager taps «✖ Не мой / ошибка» (one tap beside «Да», no undo), then it asks to confirm first; «Назад» brings the prompt back', async () => {
    const { invoiceId } = await dealWithInvoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const prompt = lastTo(PEOPLE.grakun.telegram);
    const now = () => h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.messageId === prompt.messageId)!;
    await h.press(PEOPLE.grakun.telegram, prompt, '✖ Не мой / ошибка');
    // Nothing closed yet, nothing said in «Оплата»; no «Да» right beside the confirmation either.
    expect(chatReplies()).toEqual(['→ Гракун Е., счёт 2018/943']);
    expect(now().text).toContain('Точно не ваш счёт или ошибка?');
    expect(now().buttons.map((b) => b.text)).toEqual(['✖ Да, не мой / ошибка', '↩️ Назад']);
    // Someone else cannot confirm it.
    await h.press(PEOPLE.ivanov.telegram, now(), '✖ Да, не мой / ошибка');
    expect(chatReplies()).toHaveLength(1);
    await h.press(PEOPLE.grakun.telegram, now(), '↩️ Назад');
    expect(now().buttons.map((b) => b.text)).toEqual(['✅ Да, оплачен', '✖ Не мой / ошибка', '🔗 Открыть сделку']);
    expect(now().text).not.toContain('Точно');
    // Asked again, and confirmed: closed, and the thread hears it.
    await h.press(PEOPLE.grakun.telegram, now(), '✖ Не мой / ошибка');
    await h.press(PEOPLE.grakun.telegram, now(), '✖ Да, не мой / ошибка');
    expect(chatReplies().at(-1)).toContain('счёт 2018/943 — не мой / ошибка');
    expect(now().buttons.filter((b) => b.callback_data !== undefined)).toEqual([]);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');
  });

  it('when the sums differ, then there is no one-tap paid until the invoice is fixed and checked again', async () => {
    const { invoiceId } = await dealWithInvoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Элексис оплатил сч 943 — 3500 р');
    const prompt = lastTo(PEOPLE.grakun.telegram);
    expect(prompt.text).toContain('оплата 3\u00a0500\u00a0₽ ≠ счёт 4\u00a0000\u00a0₽');
    expect(prompt.text).toContain('пока он «Новый»');
    expect(prompt.buttons.map((b) => b.text)).toEqual(['🔄 Проверить снова', '✖ Не мой / ошибка', '🔗 Открыть сделку']);
    expect(chatReplies()[0]).toContain('сумма не совпадает');

    await h.press(PEOPLE.grakun.telegram, prompt, '🔄 Проверить снова');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');

    await restInvoiceAmount(invoiceId, 3500);
    await h.press(PEOPLE.grakun.telegram, prompt, '🔄 Проверить снова');
    const fixed = h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.messageId === prompt.messageId)!;
    expect(fixed.text).toContain('— совпадает');
    await h.press(PEOPLE.grakun.telegram, fixed, '✅ Да, оплачен');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });

  it('when the payment is partial, then the manager is told, nothing changes status and the payment is recorded', async () => {
    const { dealId, invoiceId } = await dealWithInvoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Частичная оплата по счету 2018/943 от Элексис: 1 000 из 4 000');
    expect(lastTo(PEOPLE.grakun.telegram).text).toContain('частичная оплата: 1\u00a0000\u00a0₽ из 4\u00a0000\u00a0₽');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');
    expect(h.sim.timelineComments('deal', dealId).map((c) => c.comment)).toEqual([
      expect.stringContaining('частичная оплата по счёту № 2018/943: 1\u00a0000\u00a0₽ из 4\u00a0000\u00a0₽'),
    ]);
  });

  it('when one message names two invoices of two managers, then each manager gets their own prompt', async () => {
    await dealWithInvoice('2018/943', 4000);
    await dealWithInvoice('2018/944', 2500, PEOPLE.ivanov.id, 'smart');
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачены счета:\n1) сч 2018/943 — 4000\n2) сч 2018/944 — 2500');
    expect(chatReplies()).toEqual(['→ Гракун Е., счёт 2018/943\n→ Иванов П., счёт 2018/944']);
    expect(prompts(PEOPLE.grakun.telegram)[0]!.text).toContain('2018/943');
    expect(prompts(PEOPLE.ivanov.telegram)[0]!.text).toContain('2018/944');
    expect(prompts(PEOPLE.ivanov.telegram)[0]!.text).toContain('— совпадает');
  });

  it('when the invoice is unknown, then the director is asked to check the number', async () => {
    await dealWithInvoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/999 на 4000');
    expect(chatReplies()).toEqual(['Не нашёл счёт 2018/999 — проверьте номер.']);
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(0);
  });

  it('when several invoices fit, then the director picks one with a button', async () => {
    await dealWithInvoice('2018/943', 4000);
    await dealWithInvoice('2019/943', 4000, PEOPLE.ivanov.id);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплатили сч 943, 4000 руб');
    const question = lastTo(CHAT);
    expect(question.text).toContain('подходят несколько счетов');
    expect(question.buttons.map((b) => b.text)).toEqual([
      expect.stringContaining('2018/943'),
      expect.stringContaining('2019/943'),
    ]);
    await h.press(PEOPLE.grakun.telegram, question, /2019\/943/); // not the announcer: refused
    expect(prompts(PEOPLE.ivanov.telegram)).toHaveLength(0);
    await h.press(PEOPLE.director.telegram, question, /2019\/943/);
    expect(prompts(PEOPLE.ivanov.telegram)).toHaveLength(1);
    expect(lastTo(CHAT).text).toContain('Выбран счёт 2019/943');
  });

  it('when someone other than the director writes, or the director chats, then the bot stays silent', async () => {
    await dealWithInvoice('2018/943', 4000);
    await h.say(PEOPLE.grakun.telegram, CHAT, 'Оплачен счет 2018/943 4000');
    await h.say(PEOPLE.director.telegram, CHAT, 'Ждём оплату от Элексис по счету 943, обещали завтра');
    await h.say(PEOPLE.director.telegram, CHAT, 'Планёрка в 10:00 в переговорной');
    expect(chatReplies()).toEqual([]);
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(0);
  });

  it('when a payment lacks the number, then the director is asked politely', async () => {
    await h.say(PEOPLE.director.telegram, CHAT, 'Пришла оплата 15 000');
    expect(chatReplies()).toEqual([expect.stringContaining('Напишите, пожалуйста, номер счёта')]);
  });

  it('when the message is edited, then it is re-read without doubling the prompt', async () => {
    await dealWithInvoice('2018/943', 4000);
    const messageId = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен сч 2018/943 — 3500');
    await h.edit(PEOPLE.director.telegram, CHAT, messageId, 'Оплачен сч 2018/943 — 3500');
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(1);
    await h.edit(PEOPLE.director.telegram, CHAT, messageId, 'Оплачен сч 2018/943 — 4000');
    const all = prompts(PEOPLE.grakun.telegram);
    expect(all).toHaveLength(1);
    expect(all[0]!.text).toContain('— совпадает');
  });

  it('when the bot restarts between announcement and confirmation, then the prompt still works', async () => {
    const { invoiceId } = await dealWithInvoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 4000');
    await h.restart();
    await h.press(PEOPLE.grakun.telegram, lastTo(PEOPLE.grakun.telegram), '✅ Да, оплачен');
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });

  it('when the manager does not answer for 2 working hours, then they are reminded once; /payments shows the state', async () => {
    await dealWithInvoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 4000');
    await h.advance(2 * HOUR - 60_000);
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(1);
    await h.advance(60_000);
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(2);
    await h.advance(5 * HOUR);
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(2);

    await h.sendCommand(PEOPLE.director.telegram, '/payments');
    expect(lastTo(PEOPLE.director.telegram).text).toMatch(
      /10:00 сч\. 2018\/943 — 4\u00a0000\u00a0₽ → Гракун Е\.: ⏳ ждёт менеджера/,
    );
  });

  it('when the portal is down as the director writes, then the message is read once it is back', async () => {
    await dealWithInvoice('2018/943', 4000);
    h.sim.failNext('*', 4, 'INTERNAL'); // one call and all its retries
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 4000');
    expect(chatReplies()).toEqual([]);
    await waitFor(async () => {
      await h.app.tick();
      return chatReplies().length === 1;
    }, 'the message to be read again');
    await settle(h.app);
    expect(chatReplies()).toEqual(['→ Гракун Е., счёт 2018/943']);
    expect(prompts(PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when the portal uses legacy invoices, then the same flow marks them paid', async () => {
    await h.stop();
    h = await Harness.start({
      simulator: { smartInvoices: false },
      rules: {
        payments: { telegramChatId: CHAT },
        pipelines: [{ categoryId: 0, assignedStages: [STAGES.assigned], paidStage: STAGES.paid }],
      },
    });
    company = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
    const { invoiceId, dealId } = await dealWithInvoice('943', 4000, PEOPLE.grakun.id, 'legacy');
    await h.say(PEOPLE.director.telegram, CHAT, 'ИНН 7806210729 оплатили 4000,00');
    await h.press(PEOPLE.grakun.telegram, lastTo(PEOPLE.grakun.telegram), '✅ Да, оплачен');
    expect(h.sim.invoice('legacy', invoiceId)?.STATUS_ID).toBe('P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.paid);
  });
});
