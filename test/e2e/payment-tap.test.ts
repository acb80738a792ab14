/**
 * A manager's tap on a payment prompt is answered at once: the invoice is read from the portal after
 * the answer (a slow portal would keep the phone spinning past Telegram's limit, and the late answer
 * would be refused: "query is too old and response timeout expired or query ID is invalid").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { settle } from '../../simulator/settle';
import { dealWithInvoice, messageNow, promptsTo, startPaymentWorld, YES } from '../support/payment-world';

const CHAT = -100779;
let h: Harness;

afterEach(async () => {
  await h.stop();
});

describe('a tap on a payment prompt', () => {
  it('when the portal hangs on the invoice read, then the tap is answered first, and the card follows once the portal answers', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 ЭЛЕКСИС ООО 4000');
    const prompt = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    const yes = prompt.buttons.find((b) => b.text === YES)?.callback_data ?? '';

    const portal = h.sim.hold('crm.item.get');
    const toastsBefore = h.telegramProxy.toasts.length;
    await h.pressData(PEOPLE.grakun.telegram, prompt.messageId, yes, false);
    await waitFor(() => h.telegramProxy.toasts.length > toastsBefore, 'the tap to be answered', 3_000);
    // Answered while the invoice read still hangs.
    expect(portal.reached).toBe(1);
    expect(h.telegramProxy.toasts.at(-1)?.text).toMatch(/^Принято, проверяю счёт/);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');

    portal.release();
    await settle(h.app);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId).text).toContain('отмечен оплаченным — Гракун Е.');
    expect(h.telegramProxy.toasts.length).toBe(toastsBefore + 1);
  });

  it('when the invoice read after the answer finds the sum changed, then the manager is told in a message (the toast is gone)', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 ЭЛЕКСИС ООО 4000');
    const prompt = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    const res = await fetch(`${h.sim.webhookUrl}crm.item.update.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityTypeId: 31, id: invoiceId, fields: { opportunity: 4500 } }),
    });
    expect(res.status).toBe(200);
    await h.press(PEOPLE.grakun.telegram, prompt, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');
    expect(h.messagesTo(PEOPLE.grakun.telegram).at(-1)?.text).toBe(
      'Сумма счёта изменилась и больше не совпадает с оплатой — проверьте.',
    );
  });
});
