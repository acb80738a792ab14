/**
 * A fresh user's findings in «Оплата» (fresh27): «I was wrong» said in other words left the «Да» live, edits
 * correcting the sum misread, a payer named with no number went unanswered, a sum alone lost the hint of the open
 * invoice of that sum, and a company with inner capitals («СтройДом») was not found. Each is tested as a kind:
 * the user's wordings and a few more of the same family.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { parsePaymentNotice } from '../../src/payments/parse';
import { readWithdrawal } from '../../src/payments/withdrawal';
import {
  dealWithInvoice,
  directorReplies,
  labels,
  promptsTo,
  startPaymentWorld,
  textsIn,
  YES,
} from '../support/payment-world';

const CHAT = -100927;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const chat = () => textsIn(h, CHAT);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const replyTo = (messageId: number, text: string) => directorReplies(h, CHAT, messageId, text);
const open = () => promptsTo(h, PEOPLE.grakun.telegram).filter((p) => labels(p).includes(YES));

describe('«I was wrong» in other words', () => {
  it('when the announcer says the payment failed, was a false alarm, is to be annulled or not confirmed, or was not to us, then it withdraws the invoice it names', () => {
    const named = {
      // the user's
      'по счету 4003 оплата не прошла': '4003',
      'ложная тревога по 4005': '4005',
      '4006 аннулируйте': '4006',
      'ошибочка вышла с 4008': '4008',
      '4009 платёж вернулся банком': '4009',
      'не подтверждайте 4011': '4011',
      '4015 — это не нам заплатили': '4015',
      // more of each kind
      'платёж по 4020 не прошёл': '4020',
      'банк вернул платёж по 4021': '4021',
      '4027 платеж отклонен': '4027',
      '4024 отбой, ложная тревога': '4024',
      'аннулирую 4029': '4029',
      'вышла ошибка с 4030 — не оплачивали': '4030',
      'не подтверждай 4028': '4028',
      '4022 — оплата не нам': '4022',
      'это не наш платёж, 4023': '4023',
    };
    for (const [text, invoice] of Object.entries(named))
      expect(readWithdrawal(text, false), text).toEqual({ invoices: [invoice] });
  });

  it('when such words are a reply to the announcement, then they withdraw it: «погорячился», «удали», «уберите», «оплата не прошла»', () => {
    for (const text of ['погорячился', 'удали', 'уберите', 'удалите, пожалуйста', 'оплата не прошла', 'ложная тревога'])
      expect(readWithdrawal(text, true), text).toEqual({ invoices: [] });
  });

  it('when a payment is announced with «ошибки … нет» or «прошла», or the invoice itself is annulled, or a sum is to be corrected, then nothing is withdrawn', () => {
    for (const text of [
      '4012 оплачен, ошибки в сумме нет',
      'оплата прошла по 4013',
      'платёж по 4014 прошёл, не вернулся',
      'счёт 4026 аннулирован',
      'ошибочка вышла в сумме по 4025, там 4500',
      'удалите 4031', // not a reply: which message is to go is unsaid
    ])
      expect(readWithdrawal(text, false), text).toBeNull();
    expect(parsePaymentNotice('4012 оплачен, ошибки в сумме нет')).toMatchObject({
      isPayment: true,
      invoices: ['4012'],
    });
    expect(parsePaymentNotice('оплата прошла по 4013')).toMatchObject({ isPayment: true, invoices: ['4013'] });
  });

  it('when money is said to be paid not to us, then the parser reads no payment', () => {
    for (const text of ['4015 — это не нам заплатили', 'оплатили не нам, 4016', '4017 деньги не наши'])
      expect(parsePaymentNotice(text).isPayment, text).toBe(false);
    expect(parsePaymentNotice('нам заплатили по 4018, 3 000').isPayment).toBe(true);
  });

  it('when the director writes «ложная тревога по 4005» or «4009 платёж вернулся банком» after announcing them, then their open prompts are withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '4005', 3000);
    await dealWithInvoice(h, company, '4009', 2000);
    await dealWithInvoice(h, company, '4011', 1000);
    await say('Оплачен счёт 4005 на 3000');
    await say('Оплачен счёт 4009 на 2000');
    await say('Оплачен счёт 4011 на 1000');
    expect(open()).toHaveLength(3);
    await say('ложная тревога по 4005');
    expect(chat().at(-1)).toBe('↩️ Счёт 4005: запрос снят (ответственный — Гракун Е.).');
    await say('4009 платёж вернулся банком');
    expect(chat().at(-1)).toBe('↩️ Счёт 4009: запрос снят (ответственный — Гракун Е.).');
    await say('не подтверждайте 4011');
    expect(chat().at(-1)).toBe('↩️ Счёт 4011: запрос снят (ответственный — Гракун Е.).');
    expect(open()).toHaveLength(0);
  });

  it('when the director replies «погорячился» or «удали» to an announcement, then its prompt is withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '4040', 3000);
    await dealWithInvoice(h, company, '4041', 2000);
    const first = await say('Оплачен счёт 4040 на 3000');
    const second = await say('Оплачен счёт 4041 на 2000');
    await replyTo(first, 'погорячился');
    expect(chat().at(-1)).toContain('Счёт 4040: запрос снят');
    await replyTo(second, 'удали');
    expect(chat().at(-1)).toContain('Счёт 4041: запрос снят');
    expect(open()).toHaveLength(0);
  });
});

describe('a company named with inner capitals', () => {
  it('when the director writes «СтройДом оплатил» (or «от СтройДома», «ТехноСтрой»), then the company is found and its open invoices named', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const stroy = h.sim.addCompany({ title: 'СтройДом ООО', inn: '7707083893' });
    const techno = h.sim.addCompany({ title: 'ООО «ТехноСтрой»', inn: '7728168971' });
    await dealWithInvoice(h, stroy, '4060', 7000);
    await dealWithInvoice(h, techno, '4061', 5200);
    await say('СтройДом оплатил');
    expect(chat().at(-1)).toContain('4060 на 7 000 ₽');
    await say('от СтройДома пришло 7000');
    expect(open()).toHaveLength(1);
    await say('ТехноСтрой оплатил');
    expect(chat().at(-1)).toContain('4061 на 5 200 ₽');
  });
});

describe('a payer named, no number and no sum', () => {
  it('when the parser reads «Элексис перевёл деньги», «от Элексиса поступление» and their kin, then each is a payment from that payer with no number and no sum; ours going out, a question or «не перевёл» are not', () => {
    for (const text of [
      'Элексис перевёл деньги',
      'от Элексиса поступление',
      'Элексис перечислил оплату',
      'поступление от Элексиса',
      'пришла оплата от Элексиса',
      'деньги Элексис перевёл',
    ])
      expect(parsePaymentNotice(text), text).toMatchObject({
        isPayment: true,
        invoices: [],
        amount: null,
        missing: ['invoice', 'amount'],
      });
    for (const text of ['мы перевели деньги Элексису', 'Элексис перевёл деньги?', 'Элексис ещё не перевёл деньги'])
      expect(parsePaymentNotice(text).isPayment, text).toBe(false);
  });

  it('when the director writes «Элексис перевёл деньги» or «от Элексиса поступление», then the chat asks which of its open invoices, as for «пришли деньги от Элексиса»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 2500);
    const asked = '2 открытых счёта: 2018/943 на 4 000 ₽, 2018/944 на 2 500 ₽. Какой оплачен и на какую сумму?';
    for (const text of ['Элексис перевёл деньги', 'от Элексиса поступление', 'Элексис перечислил оплату']) {
      await say(text);
      expect(chat().at(-1), text).toContain(asked);
    }
  });
});

describe('a sum with no invoice number', () => {
  it('when the parser reads a sum with its currency and nothing else («4000 руб», «4 000 ₽», «46к»), then it is a payment missing its number; a bare «4000» is not', () => {
    for (const [text, amount] of [
      ['4000 руб', 4000],
      ['4 000 ₽', 4000],
      ['46к', 46000],
      ['12,5 тыс.', 12500],
    ] as const)
      expect(parsePaymentNotice(text), text).toMatchObject({ isPayment: true, invoices: [], amount });
    expect(parsePaymentNotice('4000').isPayment).toBe(false);
  });

  it('when the director writes a sum without a number in any shape, then the open invoice of that sum is named, as for «оплата 4000»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const hint =
      'Номера счёта не вижу. На 4 000 ₽ открыт счёт 2018/943. Напишите номер счёта и сумму, например: «Оплачен счёт 2018/943 на 4000».';
    for (const text of ['оплата 4 000', 'оплата 4000р', '4000 руб', 'пришло 4000', 'поступило 4 000 ₽', '4к пришло']) {
      await say(text);
      expect(chat().at(-1), text).toBe(hint);
    }
  });

  it('when no open invoice is of that sum, then the number is asked and the chat hears none is of that sum', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 7000);
    await dealWithInvoice(h, company, '2018/945', 7000);
    await say('пришло 5 000');
    expect(chat().at(-1)).toBe(
      'Не понял, какой счёт оплачен: открытого счёта на 5 000 ₽ нет. Напишите, пожалуйста, номер счёта (например, 2018/943) или ИНН плательщика.',
    );
    await say('оплата 7 000');
    expect(chat().at(-1)).toContain('На 7 000 ₽ открыты счета 2018/944, 2018/945.');
  });
});

describe('a sum corrected in the message, or written right after the number', () => {
  it('when a «нет» after a dash puts a sum in the place of the one before it, then that sum is read, not an invoice shaped like the number', () => {
    for (const [text, invoice, amount] of [
      ['оплачен 950 4 500 — нет, 450', '950', 450],
      ['оплачено 950 — 4500 руб — нет, 450', '950', 450],
      ['оплачен 950 на 4 500 — нет, 4 050', '950', 4050],
      ['по 950 пришло 4 500, ой, 450', '950', 450],
    ] as const)
      expect(parsePaymentNotice(text), text).toMatchObject({ isPayment: true, invoices: [invoice], amount });
    // An invoice's slip after a correction word still corrects the invoice.
    expect(parsePaymentNotice('Оплатили 6236 на 41 000, ой нет, перепутал — 6237')).toMatchObject({
      invoices: ['6237'],
      amount: 41000,
    });
  });

  it('when the director edits «оплачен 950 4 500» to «оплачен 950 4 500 — нет, 450», then invoice 950 is read with 450 ₽ and the thread says so — the prompt is not withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '950', 450);
    const said = await say('оплачен 950 4 500');
    const prompt = () => (promptsTo(h, PEOPLE.grakun.telegram).at(-1)?.text ?? '').replace(/[\u00a0\u202f]/g, ' ');
    expect(prompt()).toContain('4 500 ₽ ≠ счёт 450 ₽');
    const before = chat().length;
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'оплачен 950 4 500 — нет, 450');
    const answer = chat().slice(before).join('\n');
    expect(answer).toContain('счёт 950');
    expect(answer).not.toContain('запрос снят');
    expect(answer).not.toContain('больше нет');
    expect(prompt()).toContain('Сумма счёта 450 ₽ — совпадает.');
    expect(open()).toHaveLength(1);
  });

  it('when the director writes «оплачен 950 450» (or «оплата 950 400», «950 450 оплачен») and an open invoice has that first number, then it is read as that invoice and the rest its sum, said in the thread', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '950', 450);
    await dealWithInvoice(h, company, '1205', 1500);
    await say('оплачен 950 450');
    expect(chat().at(-1)).toMatch(
      /^«950 450» прочитал как счёт 950 на 450 ₽ — такой счёт открыт в Битрикс24\. Если 950 450 ₽ — это сумма, напишите номер счёта\.\n→ Гракун Е\., счёт 950$/,
    );
    await say('оплата 950 400');
    expect(chat().at(-1)).toContain('«950 400» прочитал как счёт 950 на 400 ₽');
    await say('950 450 оплачен');
    expect(chat().at(-1)).toContain('«950 450» прочитал как счёт 950 на 450 ₽');
  });

  it('when an open invoice is of the whole sum, or the rest is more than the invoice, then the sum stands', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '950', 450);
    await dealWithInvoice(h, company, '2018/961', 950450);
    await say('оплачен 950 450');
    expect(chat().join('\n')).not.toContain('прочитал как счёт 950');
    await say('пришло 950 900');
    expect(chat().join('\n')).not.toContain('прочитал как счёт 950 на 900');
  });

  it('when the director writes «оплачен 1205 1500» and the portal has invoice 1205 and none numbered 1500, then 1500 is the sum; listed numbers or two invoices found are still asked', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '1205', 1500);
    await dealWithInvoice(h, company, '1206', 2000);
    await say('оплачен 1205 1500');
    expect(chat().at(-1)).toBe(
      '«1500» прочитал как сумму 1 500 ₽ по счёту 1205: счёта № 1500 не нашёл. Если это номер счёта — напишите сумму.\n→ Гракун Е., счёт 1205',
    );
    expect(open()).toHaveLength(1);
    await say('оплачен 1206 2000');
    expect(chat().at(-1)).toContain('«2000» прочитал как сумму 2 000 ₽ по счёту 1206');
    await say('оплачены 1205 1206');
    expect(chat().at(-1)).toBe('Какая сумма пришла по счёту 1205, 1206? Без суммы не могу сверить со счётом.');
    await say('оплачены 1205 и 1500');
    expect(chat().at(-1)).toContain('Какая сумма пришла');
  });
});
