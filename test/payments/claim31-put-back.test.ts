/**
 * claim31, item 2: a confirmed invoice put back to «Новый» in Bitrix24 (the bot's own advice for a
 * mistaken confirmation), then announced again. The «already confirmed» check looks at the invoice's
 * stage as read for this announcement: no longer paid there, it is prompted again, saying when and by
 * whom it was confirmed and that it was put back. A confirmation whose write has not landed yet still
 * counts (the portal cannot show it paid yet).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { settle } from '../../simulator/settle';
import { DAY, dealWithInvoice, labels, promptsTo, startPaymentWorld, textsIn, YES } from '../support/payment-world';

const CHAT = -100931;
let h: Harness;
let company: number;
afterEach(async () => {
  await h?.stop();
});

/** crm.item.update as a person in Bitrix24 would change the invoice (crm-item-update.md). */
async function putBack(invoiceId: number): Promise<void> {
  const r = await fetch(`${h.sim.webhookUrl}crm.item.update.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entityTypeId: 31, id: invoiceId, fields: { stageId: 'DT31_3:N' } }),
  });
  expect(r.status).toBe(200);
}

const prompts = () => promptsTo(h, PEOPLE.grakun.telegram);
const toManager = () => h.messagesTo(PEOPLE.grakun.telegram);
const chat = () => textsIn(h, CHAT);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const AGAIN = 'Повторная оплата: счёт 2018/943, 4000 руб. пришли сегодня';

async function confirmed(): Promise<number> {
  ({ h, company } = await startPaymentWorld(CHAT));
  const { invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
  await say('Оплачен счет 2018/943 на 4000');
  await h.press(PEOPLE.grakun.telegram, prompts()[0]!, YES);
  expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  return invoiceId;
}

describe('claim31 item 2: a confirmation put back in Bitrix24', () => {
  it('when the invoice was confirmed, then put back to «Новый» in Bitrix24 and announced again, then its manager is prompted again and the chat and the prompt say when and by whom it was confirmed and that it was put back', async () => {
    const invoiceId = await confirmed();
    await h.advance(DAY);
    await putBack(invoiceId);

    await say(AGAIN);
    const line = chat().at(-1) ?? '';
    expect(line).not.toContain('повторно не запрашиваю');
    expect(line).toContain('→ Гракун Е., счёт 2018/943');
    expect(line).toContain('уже подтверждали 23.11 (Гракун Е.), потом в Битрикс24 счёт вернули в неоплаченные');
    expect(toManager()).toHaveLength(2);
    const again = prompts().at(-1)!;
    // («Повторная оплата:» is read as a payer's name for now — the payer reading is another fixer's: the «Да» says so.)
    const yes = labels(again).find((l) => l.startsWith(YES));
    expect(yes).toBeDefined();
    expect(again.text).toContain('Оплату этого счёта уже подтверждали: Гракун Е., 23.11');
    expect(again.text).toContain('потом в Битрикс24 счёт вернули в неоплаченные');

    // Confirmed anew: paid again in the portal.
    await h.press(PEOPLE.grakun.telegram, again, yes!);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });

  it('when the confirmation’s write has not reached the portal yet, then the invoice announced again is still «already confirmed»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплачен счет 2018/943 на 4000');
    // Confirmed, its write queued in the outbox and not sent yet: the portal still shows the invoice unpaid.
    await h.pressData(PEOPLE.grakun.telegram, prompts()[0]!.messageId, prompts()[0]!.buttons[0]!.callback_data!, false);
    await h.app.paymentReadsIdle();
    expect(h.sim.invoice('smart', invoiceId)?.stageId).not.toBe('DT31_3:P');
    await say(AGAIN);
    await settle(h.app);
    expect(chat().at(-1)).toBe('Счёт 2018/943: оплата уже подтверждена (Гракун Е.), повторно не запрашиваю.');
    expect(toManager()).toHaveLength(1);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });
});
