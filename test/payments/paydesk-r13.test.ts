/**
 * Round 13 of the payment desk, found by a fresh QA user: partial payments that add up to the
 * invoice, a deal with two invoices moved only once both are paid, and what a differing sum asks for
 * (the prompt and its reminder).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { STAGES } from '../../simulator/portal-fixture';
import { dealWithInvoice, startPaymentWorld } from '../support/payment-world';

const CHAT = -100913;
const YES = '✅ Да, оплачен';
const RECHECK = '🔄 Проверить снова';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NB = '\u00a0';
const rub = (s: string) => `${s.replace(/ /g, NB)}${NB}₽`;
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

const promptsTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('💳'));
const remindersTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('⏰'));
const labels = (m: { buttons: Array<{ text: string }> }) => m.buttons.map((b) => b.text);
const chat = () => h.messagesTo(CHAT).map((m) => m.text);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);

describe('partial payments that add up', () => {
  it('when two parts of 5 000 pay an invoice of 10 000, then the second prompt names both parts and offers «Да»; the tap pays the invoice', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { dealId, invoiceId } = await dealWithInvoice(h, company, '2018/950', 10000);
    await say('Элексис оплатил частично счет 2018/950 — 5000');
    const first = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(first.text).toContain(`Это частичная оплата: ${rub('5 000')} из ${rub('10 000')}`);
    expect(first.text).toContain(`Осталось ${rub('5 000')}`);
    expect(labels(first)).not.toContain(YES);
    expect(chat().at(-1)).toContain(`осталось ${rub('5 000')}`);
    await h.advance(DAY);
    await say('Элексис доплатил остаток по счету 2018/950 — 5000');
    const second = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(second.text).toMatch(
      new RegExp(`${rub('5 000')} \\d\\d\\.\\d\\d \\+ ${rub('5 000')} сегодня = ${rub('10 000')} — совпадает`),
    );
    expect(labels(second)).toContain(YES);
    expect(chat().at(-1)).toContain('совпадает');
    // Durable: the parts are the recorded prompts in SQLite.
    await h.restart();
    await h.press(PEOPLE.grakun.telegram, second, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.paid);
  });

  it('when the parts come to more than the invoice, then the difference is shown and there is no «Да»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/950', 10000);
    await say('Элексис оплатил частично счет 2018/950 — 5000');
    await say('Элексис доплатил по счету 2018/950 — 6000');
    const p = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(p.text).toContain(`= ${rub('11 000')} ≠ счёт ${rub('10 000')} (переплата ${rub('1 000')})`);
    expect(labels(p)).not.toContain(YES);
  });

  it('when the parts are still less than the invoice, then the new part is recorded as partial with what is left', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/950', 10000);
    await say('Элексис оплатил частично счет 2018/950 — 3000');
    await say('Элексис доплатил частично по счету 2018/950 — 4000');
    const p = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(p.text).toContain(`= ${rub('7 000')} из ${rub('10 000')}. Осталось ${rub('3 000')}.`);
    expect(labels(p)).not.toContain(YES);
  });

  it('when the same part is announced again, then it is not counted twice', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/950', 10000);
    await say('Элексис оплатил частично счет 2018/950 — 5000');
    await say('Элексис оплатил частично счет 2018/950 — 5000 руб');
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(chat().at(-1)).toContain('эта частичная оплата уже записана');
  });

  it('when an earlier part is withdrawn (its message edited to another invoice), then the prompt it made whole loses its «Да»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/950', 10000);
    await dealWithInvoice(h, company, '2018/951', 7000);
    const said = await say('Элексис оплатил частично счет 2018/950 — 5000');
    await say('Элексис доплатил остаток по счету 2018/950 — 5000');
    const whole = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(labels(whole)).toContain(YES);
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил частично счет 2018/951 — 5000');
    const redrawn = h.messagesTo(PEOPLE.grakun.telegram).find((m) => m.messageId === whole.messageId)!;
    expect(labels(redrawn)).not.toContain(YES);
    expect(redrawn.text).toContain(`Осталось ${rub('5 000')}`);
    await h.press(PEOPLE.grakun.telegram, whole, YES).catch(() => undefined);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:N');
  });
});

describe('a deal with two invoices', () => {
  it('when only one of its invoices is paid, then the deal stays and the confirmation names the unpaid one; the second moves it', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { dealId, invoiceId } = await dealWithInvoice(h, company, '2018/960', 4000);
    const second = h.sim.addInvoice({
      kind: 'smart',
      number: '2018/961',
      amount: 3000,
      dealId,
      companyId: company,
      responsibleId: PEOPLE.grakun.id,
    });
    await say('Элексис оплатил счет 2018/960 — 4000');
    await h.press(PEOPLE.grakun.telegram, promptsTo(PEOPLE.grakun.telegram).at(-1)!, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.invoiced);
    expect(chat().at(-1)).toContain('не оплачен счёт № 2018/961');
    expect(
      h.sim
        .timelineComments('deal', dealId)
        .map((c) => c.comment)
        .join('\n'),
    ).toContain('не оплачен счёт № 2018/961');
    await say('Элексис оплатил счет 2018/961 — 3000');
    await h.press(PEOPLE.grakun.telegram, promptsTo(PEOPLE.grakun.telegram).at(-1)!, YES);
    expect(h.sim.invoice('smart', second)?.stageId).toBe('DT31_3:P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.paid);
  });
});

describe('a sum that differs', () => {
  it('when the sums differ, then the prompt asks to check both (the message may be the wrong one) and its reminder asks to check the sum, not to confirm', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/970', 4000);
    await say('Элексис оплатил счет 2018/970 — 3500');
    const p = promptsTo(PEOPLE.grakun.telegram).at(-1)!;
    expect(p.text).toContain('Проверьте обе суммы');
    expect(p.text).toContain('Если ошибка в сообщении об оплате — его исправит автор, Петров А.');
    expect(p.text).not.toContain('Счёт можно исправить, только пока он «Новый». Исправьте и нажмите');
    expect(labels(p)).toContain(RECHECK);
    await h.advance(DAY);
    const r = remindersTo(PEOPLE.grakun.telegram);
    expect(r).toHaveLength(1);
    expect(r[0]!.text).not.toContain('подтвердите оплату');
    expect(r[0]!.text).toContain('проверьте сумму');
  });
});
