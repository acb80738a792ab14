/**
 * Round 15 of the payment desk, found by a fresh user: how the desk acts on what the parser read — a
 * payer who is not the invoice's company, one sum for several invoices, a payer named and no number.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { payerDiffers } from '../../src/payments/payer-check';
import * as texts from '../../src/texts';
import { readSharedSum } from '../../src/payments/shared-sum';
import { DAY, dealWithInvoice, labels, promptsTo, remindersTo, startPaymentWorld, YES } from '../support/payment-world';

const CHAT = -100921;
const YES_OTHER_PAYER = '✅ Да, оплачен (плательщик другой)';
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const chat = () => h.messagesTo(CHAT).map((m) => m.text);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const prompts = () => promptsTo(h, PEOPLE.grakun.telegram);

describe('a payer who is not the invoice’s company', () => {
  it('when «Сбербанк ИНН 7707083893 оплатил счёт 2018/943 — 4000» names an invoice of ЭЛЕКСИС, then the prompt says plainly the payer differs (both, with INNs) and its «Да» makes the manager acknowledge it', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Сбербанк ИНН 7707083893 оплатил счёт 2018/943 — 4000');
    const p = prompts().at(-1)!;
    expect(p.text).toContain(
      'Платит не компания из счёта: плательщик — Сбербанк (ИНН 7707083893), в счёте — ЭЛЕКСИС ООО (ИНН 7806210729)',
    );
    expect(p.text).not.toContain('Сумма счёта 4 000 ₽ — совпадает');
    expect(labels(p)).toContain(YES_OTHER_PAYER);
    expect(labels(p)).not.toContain(YES);
    await h.press(PEOPLE.grakun.telegram, p, YES_OTHER_PAYER);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });

  it('when the number fits two invoices and the announcer picks one, then its prompt says the payer differs too', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2019/943', 4000);
    await say('Сбербанк ИНН 7707083893 оплатил счёт 943 — 4000');
    const question = h.messagesTo(CHAT).at(-1)!;
    await h.press(PEOPLE.director.telegram, question, /2019\/943/);
    const p = prompts().at(-1)!;
    expect(p.text).toContain('Платит не компания из счёта: плательщик — Сбербанк (ИНН 7707083893)');
    expect(labels(p)).toContain(YES_OTHER_PAYER);
  });

  it('when the payer is named, not by INN, and is someone else («Иванов оплатил …»), then the prompt says so too', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await say('Иванов оплатил счёт 2018/943 на 4000');
    const p = prompts().at(-1)!;
    expect(p.text).toContain('плательщик — Иванов, в счёте — ЭЛЕКСИС ООО (ИНН 7806210729)');
    expect(labels(p)).toContain(YES_OTHER_PAYER);
  });

  it('when the payer is the invoice’s company, by INN or by its name in another case, then the prompt is as before', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 2500);
    await say('ЭЛЕКСИС ИНН 7806210729 оплатил счёт 2018/943 — 4000');
    await say('Оплачен счёт 2018/944 на 2500 от Элексиса');
    for (const p of prompts()) {
      expect(p.text).not.toContain('Платит не компания');
      expect(labels(p)).toContain(YES);
    }
  });

  it('when the invoice has no company (a person’s), then there is nothing to compare: no warning', () => {
    const payer = { name: 'Сбербанк', inn: '7707083893' };
    expect(payerDiffers(payer, { companyId: null, companyTitle: null }, [], null)).toBeNull();
    expect(payerDiffers(payer, { companyId: 5, companyTitle: 'ЭЛЕКСИС ООО' }, [5], null)).toBeNull();
    expect(payerDiffers(payer, { companyId: 5, companyTitle: 'ЭЛЕКСИС ООО' }, [7], '7806210729')).toEqual({
      payer,
      company: { name: 'ЭЛЕКСИС ООО', inn: '7806210729' },
    });
  });
});

describe('one sum for several invoices', () => {
  it('when «2018/943 и 2018/944 на общую сумму 6500» is their total, then each prompt offers «Да» for its own sum and the chat says the totals agree', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 2500);
    await say('2018/943 и 2018/944 на общую сумму 6500');
    const [a, b] = prompts();
    expect(a!.text).toContain('общая сумма 6\u00a0500\u00a0₽ за счета 2018/943, 2018/944');
    expect(a!.text).toContain('этот счёт — 4\u00a0000\u00a0₽');
    expect(b!.text).toContain('этот счёт — 2\u00a0500\u00a0₽');
    expect(labels(a!)).toContain(YES);
    expect(labels(b!)).toContain(YES);
    const all = chat().join('\n');
    expect(all).toContain(
      'Общая сумма 6\u00a0500\u00a0₽ = сумма счетов 2018/943, 2018/944 (6\u00a0500\u00a0₽) — совпадает.',
    );
    expect(all).not.toContain('≠');
  });

  it('when the sum is not their total, then no prompt offers «Да», and no text says «— ≠» or «оплата сумма не указана»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 2500);
    await say('2018/943 и 2018/944 на общую сумму 7000');
    for (const p of prompts()) {
      expect(labels(p)).not.toContain(YES);
      expect(p.text).toContain(
        'Общая сумма 7\u00a0000\u00a0₽ не совпадает с суммой счетов 2018/943, 2018/944: 6\u00a0500\u00a0₽',
      );
      expect(p.text).not.toContain('оплата сумма не указана');
    }
    const all = chat().join('\n');
    expect(all).toContain('не совпадает с суммой счетов 2018/943, 2018/944: 6\u00a0500\u00a0₽');
    expect(all).not.toMatch(/— ≠|\(— /);
  });

  it('when such a prompt is reminded of, or «Проверить снова» is pressed, then it says what is wrong in words, never «— ≠»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 2500);
    await say('2018/943 и 2018/944 на общую сумму 7000');
    await h.advance(DAY);
    const reminder = remindersTo(h, PEOPLE.grakun.telegram).at(-1)!;
    expect(reminder.text).toContain(
      '⏰ Напоминание: общая сумма оплаты не совпадает с суммой счетов — проверьте суммы.',
    );
    expect(texts.paymentReplies.noSumToCheck(true)).not.toContain('≠');
    expect(texts.paymentReplies.noSumToCheck(false)).toBe(
      'В сообщении об оплате нет суммы — сверить не с чем. Сумму добавит автор, исправив сообщение.',
    );
  });

  it('when one of the invoices is not found, then the totals cannot agree', () => {
    const inv = { kind: 'smart' as const, id: 1, number: '2018/943', amount: 6500, currency: 'RUB', paid: false };
    const r = readSharedSum(
      { amount: 6500, invoices: ['2018/943', '2018/999'], items: [{ amount: null }, { amount: null }], partial: false },
      [inv as never],
      'RUB',
    );
    expect(r?.shared.agrees).toBe(false);
    expect(r?.shared.missing).toBe(1);
    expect(r?.paidOf(inv)).toBeNull();
  });
});

describe('a payer named, not by INN, and no invoice number', () => {
  it('when «Пришло 4000 от Элексиса» or «ООО «Элексис» оплатило счёт на 4 000 руб.», then the company is found by name and its open invoice of that sum prompted, as for an INN', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 2500);
    await say('Пришло 4000 от Элексиса');
    expect(chat().at(-1)).toBe('→ Гракун Е., счёт 2018/943');
    await say('ООО «Элексис» оплатило счёт на 2 500 руб.');
    expect(chat().at(-1)).toBe('→ Гракун Е., счёт 2018/944');
    for (const p of prompts()) {
      expect(labels(p)).toContain(YES);
      expect(p.text).not.toContain('Платит не компания');
    }
  });

  it('when no company has that name, or a company only begins like it, then the chat hears the payer was not found', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const other = h.sim.addCompany({ title: 'Элекс-Строй ООО', inn: '7701234567' });
    await dealWithInvoice(h, other, '2018/950', 4000);
    await say('Пришло 4000 от Ромашки');
    expect(chat().at(-1)).toContain('Не нашёл неоплаченный счёт плательщика «Ромашки»');
    await say('Пришло 4000 от Элексиса');
    expect(chat().at(-1)).toBe('→ Гракун Е., счёт 2018/943');
    expect(prompts()).toHaveLength(1);
  });
});
