/**
 * The payer in «Оплата» (fresh30): a payer corrected in the same message kept the wrong one; a payer written in lower
 * case was not read. Each is tested as a kind: the user's wordings and more of the family.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { parsePaymentNotice } from '../../src/payments/parse';
import { lowercasePayerWord } from '../../src/payments/payer';
import { nameFragments } from '../../src/payments/company-names';
import { dealWithInvoice, labels, promptsTo, startPaymentWorld, YES } from '../support/payment-world';

const CHAT = -100930;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const prompts = (tg: number = PEOPLE.grakun.telegram) => promptsTo(h, tg);
/** The prompts that still offer the one-tap «Да», as their invoice numbers. */
const withYes = () =>
  prompts()
    .filter((p) => labels(p).includes(YES))
    .map((p) => /№ (\S+)/u.exec(p.text)?.[1]);
const lastPrompt = (tg?: number) => (prompts(tg).at(-1)?.text ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('a payer corrected in the same message', () => {
  it('when the message says «не X, (а) Y» of the payer it named, then Y is the payer; another «не» leaves the payer be', () => {
    for (const [text, payer] of [
      // the user's
      ['ТехноСтрой оплатили 8804 на 12500 ой нет, не ТехноСтрой, БетонПром 8804', 'БетонПром'],
      // more of the kind
      ['ТехноСтрой оплатили 8804 на 12500, ой, не ТехноСтрой, а БетонПром', 'БетонПром'],
      ['оплатил ООО «ТехноСтрой» 8804 на 12500 — извините, не ТехноСтрой, а ООО «БетонПром»', 'ООО «БетонПром»'],
      ['от Техностроя пришло 12 500 по 8804, ой, не от Техностроя — от БетонПрома', 'БетонПрома'],
      ['ТехноСтрой оплатили 8804 на 12500, не 4000', 'ТехноСтрой'],
      ['Элексис оплатил 8804 на 12500, не ТехноСтрой, а БетонПром', 'Элексис'],
    ] as const)
      expect(parsePaymentNotice(text).payer, text).toBe(payer);
  });

  it('when the director corrects the payer, then the payer check uses the corrected one', async () => {
    ({ h } = await startPaymentWorld(CHAT));
    const techno = h.sim.addCompany({ title: 'ООО «ТехноСтрой»' });
    const beton = h.sim.addCompany({ title: 'ООО «БетонПром»' });
    await dealWithInvoice(h, techno, '8804', 12500);
    await dealWithInvoice(h, beton, '8805', 12500);
    await say('ТехноСтрой оплатили 8804 на 12500 ой нет, не ТехноСтрой, БетонПром 8804');
    expect(lastPrompt()).toContain('Платит не компания из счёта: плательщик — БетонПром');
    await say('ТехноСтрой оплатили 8805 на 12500, ой, не ТехноСтрой, а БетонПром');
    expect(lastPrompt()).not.toContain('Платит не компания из счёта');
  });
});

describe('a word that says how the money came', () => {
  it('when a capitalised adjective stands before the payment word, or an adverb before the verb, then it names no payer; a company before the verb still does', () => {
    for (const [text, payer] of [
      // the fresh user's (claim31): «Повторная» was the payer, and the prompt said another company paid
      ['Повторная оплата: счёт 2018/943, 4000 руб. пришли сегодня', null],
      ['Срочный платёж по счёту 7731 — 18 200', null],
      ['Повторно оплатили 5120, 9 600', null],
      ['Очередное поступление от Вектор по 5120, 9 600', 'Вектор'],
      ['Северная оплатила 5120, 9 600', 'Северная'],
      ['Новая Заря оплатили 5120, 9 600', 'Новая Заря'],
    ] as const)
      expect(parsePaymentNotice(text).payer, text).toBe(payer);
  });
});

describe('a payer written in lower case', () => {
  it('when a lower-case word stands before «перевели», «оплатили», «пришло», then it is a payer to look up; a common word is not', () => {
    for (const text of [
      'электроснабмонтаж перевели 45 000 по 8810',
      'электроснабмонтаж оплатил 45 000 по 8810',
      'по 8810 электроснабмонтаж перевели 45 000',
    ])
      expect(lowercasePayerWord(text), text).toBe('электроснабмонтаж');
    for (const text of [
      'сегодня перевели 45 000 по 8810',
      'клиент перевел 45 000 по 8810',
      'они перевели 45 000 по 8810',
      'Электроснабмонтаж перевели 45 000 по 8810',
      'перевели 45 000 по 8810',
    ])
      expect(lowercasePayerWord(text), text).toBeNull();
    // Looked up as written, and by a lower-case piece the inner capitals of «ЭлектроСнабМонтаж» do not split.
    expect(nameFragments('электроснабмонтаж')).toEqual(['электроснабмонт', 'лект']);
  });

  it('when «электроснабмонтаж перевели 45 000 по 8810» names an invoice of another company, then the payer is the portal’s «ЭлектроСнабМонтаж» and the prompt says it differs', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    h.sim.addCompany({ title: 'ООО «ЭлектроСнабМонтаж»' });
    await dealWithInvoice(h, company, '8810', 45000);
    await say('электроснабмонтаж перевели 45 000 по 8810');
    expect(lastPrompt()).toContain(
      'Платит не компания из счёта: плательщик — ООО «ЭлектроСнабМонтаж», в счёте — ЭЛЕКСИС ООО',
    );
  });

  it('when the lower-case payer names no invoice, then its open invoice of that sum is found; «Электроснабмонтаж» capitalised too', async () => {
    ({ h } = await startPaymentWorld(CHAT));
    const esm = h.sim.addCompany({ title: 'ООО «ЭлектроСнабМонтаж»' });
    await dealWithInvoice(h, esm, '8811', 45000);
    await dealWithInvoice(h, esm, '8812', 30000);
    await say('электроснабмонтаж перевели 45 000');
    expect(withYes()).toEqual(['8811']);
    await say('Электроснабмонтаж перевели 30 000');
    expect(withYes()).toEqual(['8811', '8812']);
  });

  it('when a common word stands there and the portal has no such company, then no payer is read and nothing is said of one', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8810', 45000);
    await say('наконец перевели 45 000 по 8810');
    expect(withYes()).toEqual(['8810']);
    expect(lastPrompt()).not.toContain('Платит не компания');
  });
});
