/**
 * Round 13 of the payment desk, found by a fresh QA user: a message with a number and no sum read with
 * the portal («ЭЛЕКСИС оплатил 4000»: the number may be the sum), and a payer named by INN alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { dealWithInvoice, startPaymentWorld } from '../support/payment-world';

const CHAT = -100913;
const YES = '✅ Да, оплачен';
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

const promptsTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('💳'));
const labels = (m: { buttons: Array<{ text: string }> }) => m.buttons.map((b) => b.text);
const chat = () => h.messagesTo(CHAT).map((m) => m.text);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);

describe('a bare number read with the portal', () => {
  it('when «ЭЛЕКСИС оплатил 4000» and no open invoice is numbered 4000 but ЭЛЕКСИС has one open invoice of 4 000, then it is read as that sum, and the chat and the prompt say so', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('ЭЛЕКСИС оплатил 4000');
    expect(chat().join('\n')).not.toContain('Какая сумма пришла');
    expect(chat().at(-1)).toContain('«4000» прочитал как сумму');
    expect(chat().at(-1)).toContain('→ Гракун Е., счёт 2018/943');
    const p = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(p.text).toContain('прочитал как сумму');
    expect(labels(p)).toContain(YES);
  });

  it('when an open invoice is numbered 4000 and ЭЛЕКСИС also has an open invoice of 4 000, then the chat is asked, both readings named', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const other = h.sim.addCompany({ title: 'Ромашка ООО', inn: '7701234567' });
    await dealWithInvoice(h, other, '4000', 12000);
    await say('ЭЛЕКСИС оплатил 4000');
    const q = chat().at(-1)!;
    expect(q).toContain('это номер счёта или сумма');
    expect(q).toContain('№ 4000');
    expect(q).toContain('2018/943');
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(0);
  });

  it('when neither reading fits, then the chat is asked politely, naming both', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 5000);
    await say('ЭЛЕКСИС оплатил 4000');
    expect(chat().at(-1)).toContain('это номер счёта или сумма');
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(0);
  });

  it('when an open invoice is numbered so and no payer invoice has that sum, then the sum is asked as before', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/4000', 7000);
    await say('ЭЛЕКСИС оплатил 4000');
    expect(chat().at(-1)).toContain('Какая сумма пришла по счёту 4000');
  });
});

describe('a payer named by INN alone', () => {
  it('when «Оплата от ИНН …» names a company with one open invoice, then the sum is asked, the invoice named', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Оплата от ИНН 7806210729');
    const q = chat().at(-1) ?? '';
    expect(q).toContain('Какая сумма пришла от плательщика с ИНН 7806210729');
    expect(q).toContain('2018/943');
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(0);
  });

  it('when the INN has no open invoices, or several, then the chat hears what is missing — never silence', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await say('Оплата от ИНН 7806210729');
    expect(chat().at(-1)).toContain('Не нашёл открытых счетов плательщика с ИНН 7806210729');
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 5000);
    await say('Пришла оплата от ИНН 7806210729');
    expect(chat().at(-1)).toContain('2 открытых счёта: 2018/943 на 4\u00a0000\u00a0₽, 2018/944');
  });
});
