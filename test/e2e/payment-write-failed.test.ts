/**
 * A manager's «Да, оплачен» whose CRM write the portal refuses for good: nothing may say the invoice
 * is marked until the write is done, and a write given up says so — on the card, to the admins
 * (once, restart or not), in the «Оплата» thread — and the payment can be announced and confirmed again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { dealWithInvoice, messageNow, promptsTo, startPaymentWorld, YES } from '../support/payment-world';

const CHAT = -100778;
let h: Harness;

afterEach(async () => {
  await h.stop();
});

const chatTexts = () => h.messagesTo(CHAT).map((m) => m.text);
const toAdmin = () => h.messagesTo(PEOPLE.director.telegram).map((m) => m.text);
const ANNOUNCEMENT = 'Оплачен счет 2018/943 ЭЛЕКСИС ООО 4000';
/** What may be said only once the invoice is marked paid in the portal. */
const MARKED = /Счёт 2018\/943 отмечен оплаченным/;

/** /payments as the director reads it; `andSettle: false` while a write waits for its retry. */
async function paymentsList(andSettle = true): Promise<string> {
  await h.sendCommand(PEOPLE.director.telegram, '/payments', andSettle);
  return h.messagesTo(PEOPLE.director.telegram).at(-1)?.text ?? '';
}

describe('a confirmed payment the portal will not write', () => {
  it('when crm.item.update answers ACCESS_DENIED, then the card, the admins and the thread say it is not marked, and a new announcement prompts again', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    const { dealId, invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    h.sim.denyItemUpdates(true);
    await h.say(PEOPLE.director.telegram, CHAT, ANNOUNCEMENT);
    const prompt = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    await h.press(PEOPLE.grakun.telegram, prompt, YES);

    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.invoiced);
    const card = messageNow(h, PEOPLE.grakun.telegram, prompt.messageId).text;
    expect(card).toContain(
      '⚠️ Но не удалось отметить счёт № 2018/943 оплаченным в Битрикс24: у пользователя, от имени которого работает бот, нет прав менять счета.',
    );
    expect(card).not.toMatch(/отмечен оплаченным —/);
    // The thread: the tap's line, which says what is being done, and one line that it could not be.
    expect(chatTexts().filter((t) => MARKED.test(t))).toEqual([]);
    expect(chatTexts().filter((t) => t.includes('не удалось отметить'))).toHaveLength(1);
    expect(toAdmin().filter((t) => /не удалось отметить/i.test(t))).toHaveLength(1);
    expect(await paymentsList()).toMatch(/сч\. 2018\/943 — 4\u00a0000\u00a0₽ → Гракун Е\.: ⚠️ не отмечен в Битрикс24/);

    // A restart tells nobody again.
    await h.restart();
    await h.advance(60_000);
    expect(chatTexts().filter((t) => t.includes('не удалось отметить'))).toHaveLength(1);
    expect(toAdmin().filter((t) => /не удалось отметить/i.test(t))).toHaveLength(1);

    // The rights given back, the payment announced again: a prompt, not «уже подтверждена».
    h.sim.denyItemUpdates(false);
    await h.say(PEOPLE.director.telegram, CHAT, ANNOUNCEMENT);
    expect(chatTexts().some((t) => t.includes('уже подтверждена'))).toBe(false);
    const again = promptsTo(h, PEOPLE.grakun.telegram);
    expect(again).toHaveLength(1); // the first card no longer asks: it says what became of it
    expect(again[0]!.messageId).not.toBe(prompt.messageId);
    await h.press(PEOPLE.grakun.telegram, again[0]!, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(chatTexts().filter((t) => MARKED.test(t))).toHaveLength(1);
  });

  it('when the portal answers 500 until the retries run out, then nothing says «отмечен» meanwhile, and the give-up is told once', async () => {
    let company: number;
    // Two attempts, the second a real back-off (2 s) after the first: the state between them is seen.
    ({ h, company } = await startPaymentWorld(CHAT, {}, { outbox: { maxAttempts: 2, retryBase: '2s' } }));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    h.sim.failNext('crm.item.update', 1_000, 'INTERNAL');
    await h.say(PEOPLE.director.telegram, CHAT, ANNOUNCEMENT);
    const prompt = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    const yes = prompt.buttons.find((b) => b.text === YES)?.callback_data ?? '';
    await h.pressData(PEOPLE.grakun.telegram, prompt.messageId, yes, false);
    await waitFor(async () => {
      await h.app.tick();
      return h.sim.calls.some((c) => c.method === 'crm.item.update');
    }, 'the first attempt of the write');
    await h.app.tick();

    // While the write is being retried: being marked, not marked.
    expect(chatTexts().at(-1)).toContain('отмечаю');
    expect(chatTexts().filter((t) => MARKED.test(t))).toEqual([]);
    expect(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId).text).toContain('⏳ Отмечаю счёт оплаченным');
    expect(await paymentsList(false)).toMatch(/Гракун Е\.: ⏳ отмечаю в Битрикс24/);

    await settle(h.app); // the second attempt fails too: given up
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');
    expect(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId).text).toContain(
      'оплаченным в Битрикс24: Битрикс24 не отвечал (ошибка сервера), попытки исчерпаны.',
    );
    expect(await paymentsList()).toMatch(/Гракун Е\.: ⚠️ не отмечен в Битрикс24/);

    await h.restart();
    await h.advance(60_000);
    expect(chatTexts().filter((t) => t.includes('не удалось отметить'))).toHaveLength(1);
    expect(toAdmin().filter((t) => /не удалось отметить/i.test(t))).toHaveLength(1);
  });

  it('when the invoice is marked but crm.deal.update answers «Access denied», then the card says the invoice is paid and the deal could not be moved, and the admins are told once', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    const { dealId, invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    h.sim.denyDealUpdates(true);
    await h.say(PEOPLE.director.telegram, CHAT, ANNOUNCEMENT);
    const prompt = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    await h.press(PEOPLE.grakun.telegram, prompt, YES);

    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.invoiced);
    const card = messageNow(h, PEOPLE.grakun.telegram, prompt.messageId).text;
    expect(card).toContain('✅ Счёт № 2018/943 отмечен оплаченным — Гракун Е.');
    expect(card).toContain(
      'Сделку перевести не удалось: у пользователя, от имени которого работает бот, нет прав менять сделки.',
    );
    expect(chatTexts().filter((t) => MARKED.test(t))).toHaveLength(1);
    expect(chatTexts().some((t) => t.includes('не удалось отметить'))).toBe(false);
    expect(await paymentsList()).toMatch(/Гракун Е\.: ✅ отмечен/);
    // Rights missing meet every payment after: the admins hear it once, with what to do.
    const told = toAdmin().filter((t) => t.includes('сделку перевести'));
    expect(told).toEqual([
      expect.stringMatching(
        /^⚠️ Счёт № 2018\/943 отмечен оплаченным, но сделку перевести в «.+» не удалось: у пользователя, от имени которого работает бот, нет прав менять сделки\. Переведите её вручную; пока причина не устранена, так будет с каждой оплатой\.$/,
      ),
    ]);
    await h.restart();
    await h.advance(60_000);
    expect(toAdmin().filter((t) => t.includes('сделку перевести'))).toHaveLength(1);
  });
});
