/**
 * An earlier part of an invoice edited after a later payment made it whole: the chat's line and every
 * card say what is left from one truth — the parts as they are stored once the edit is written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { dealWithInvoice, messageNow, startPaymentWorld } from '../support/payment-world';

const CHAT = -100781;
let h: Harness;

afterEach(async () => {
  await h.stop();
});

describe('an earlier part edited', () => {
  it('when the part before a payment that settled the invoice is edited to less, then the chat line and both cards say the same «осталось»', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 10000);
    const first = await h.say(PEOPLE.director.telegram, CHAT, 'Частичная оплата по счету 2018/943: 8000');
    await h.say(PEOPLE.director.telegram, CHAT, 'Доплатили остаток 2000 по счету 2018/943');
    const cards = h.messagesTo(PEOPLE.grakun.telegram);
    expect(cards[1]!.text).toContain('совпадает'); // 8 000 + 2 000: the invoice is whole

    await h.edit(PEOPLE.director.telegram, CHAT, first, 'Частичная оплата по счету 2018/943: 6200');
    // 10 000 − 6 200 − 2 000 = 1 800, wherever it is said.
    expect(h.messagesTo(CHAT).at(-1)?.text).toContain('осталось 1\u00a0800\u00a0₽');
    expect(messageNow(h, PEOPLE.grakun.telegram, cards[1]!.messageId).text).toContain('Осталось 1\u00a0800\u00a0₽');
    expect(messageNow(h, PEOPLE.grakun.telegram, cards[0]!.messageId).text).toContain('Осталось 1\u00a0800\u00a0₽');
  });
});
