/**
 * A fresh user's worst finding (money31): a correction's old sum read as the sum paid — «оплачен счет 943 на 3500
 * (это исправление вчерашнего, там было 4000)» got «4 000 ₽ — совпадает» and a one-tap «Да». The general rule: a
 * sum named as written before and wrong («было», «писал», «ошибочно написал»), expected or invoiced («ждали»,
 * «счёт на», «выставляли на», «должно было прийти») is no money paid, nor added to it («Счёт на T, пришло X» gives
 * X). And the desk's net: a message naming such a sum besides the one read never gets the one-tap «Да» without
 * «🔎 Проверил — оплата верна». Beyond the user's own wordings every number and sum is made up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { otherSumNamed } from '../../src/payments/other-sums';
import { parsePaymentNotice } from '../../src/payments/parse';
import { CHECKED } from '../../src/texts';
import { fields, paid } from '../support/parser-kinds';
import { dealWithInvoice, labels, promptsTo, startPaymentWorld, textsIn, YES } from '../support/payment-world';

function table(cases: Array<[string, ReturnType<typeof paid>]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when a sum is named as written before and wrong («там было», «писал», «ошибочно написал»), then the other sum is the one paid', () => {
  table([
    // the user's
    ['оплачен счет 943 на 3500 (это исправление вчерашнего, там было 4000)', paid(['943'], 3500)],
    ['оплачен счет 943 на 4000 (это исправление вчерашнего, там было 3500)', paid(['943'], 4000)],
    ['по 943 пришло 3500. Утром ошибся, писал 4000', paid(['943'], 3500)],
    ['943 оплатили 3500, вчера ошибочно написал 4000', paid(['943'], 3500)],
    // more of the kind
    ['Оплачен 5520 на 61 000 — поправка к утреннему, там было 16 000', paid(['5520'], 61000)],
    ['по 7310 пришло 12 800, вчера ошибочно написала 18 200', paid(['7310'], 12800)],
    ['Кедр оплатил 4418, 27 500. Я выше писал 25 700 — перепутал', paid(['4418'], 27500)],
  ]);
});

describe('when a sum is named as expected or invoiced («ждали», «счёт на», «выставляли на», «должно было прийти»), then it is neither the sum paid nor added to it, and less came is a part', () => {
  table([
    // the user's
    ['943: ждали 4000, пришло 3500', paid(['943'], 3500, null, true)],
    ['по 943 пришло 3 500 (счёт на 4 000)', paid(['943'], 3500, null, true)],
    // more of the kind
    ['Ромашка по 6604 перевели 27 000, ожидали 30 000', paid(['6604'], 27000, null, true)],
    ['пришло 45 000 по 3307, а должно было прийти 50 000', paid(['3307'], 45000, null, true)],
    ['по 2281 поступило 18 000 (счёт был на 18 000)', paid(['2281'], 18000)],
    // the rest still awaited: a part
    ['пришло 12 000 по 5501, ждали ещё 3 000', paid(['5501'], 12000, null, true)],
  ]);
});

describe('when no other sum is paid, then a sum after such a word is still the sum paid', () => {
  table([
    ['Вега оплатила счёт 5107 на 12 400', paid(['5107'], 12400)],
    ['по 6120 было оплачено 9 300', paid(['6120'], 9300)],
  ]);
});

describe('when the correction is said as a time of day («Утром ошибся»), then that word names no payer', () => {
  it('reads no payer in «по 943 пришло 3500. Утром ошибся, писал 4000»', () => {
    expect(parsePaymentNotice('по 943 пришло 3500. Утром ошибся, писал 4000').payer).toBeNull();
    expect(parsePaymentNotice('Вечером писала 9 000, а по 6631 пришло 9 600').payer).toBeNull();
  });
});

describe('the words that name another sum beside the one read', () => {
  it('when a message names a sum as written before, expected, invoiced or replaced, and it is not the one read, then those words are found', () => {
    expect(otherSumNamed('оплачен счет 943 на 4000 (это исправление вчерашнего, там было 3500)', [4000])).toBe(
      'было 3500',
    );
    expect(otherSumNamed('по 943 пришло 3 500 (счёт на 4 000)', [3500])).toBe('счёт на 4 000');
    expect(otherSumNamed('943 оплатили 3500, вчера ошибочно написал 4000', [3500])).toBe('написал 4000');
    expect(otherSumNamed('по 8120 на 4000, сорри не 4000 а 3500', [3500])).toBe('не 4000');
    expect(otherSumNamed('по 8120 пришло 3 500 вместо 4 000', [3500])).toBe('вместо 4 000');
    // The sum read, or none named beside it.
    expect(otherSumNamed('оплачен 943 на 4000', [4000])).toBeNull();
    expect(otherSumNamed('по 943 пришло 4 000 (счёт на 4 000)', [4000])).toBeNull();
    expect(otherSumNamed('оплачен 943 на 4000, было бы так всегда', [4000])).toBeNull();
    // An invoice number written wrong, said paid, is no sum.
    expect(otherSumNamed('вчера писал 8107 оплачен — это был 8108, 9 600', [9600], ['8108'])).toBeNull();
  });
});

const CHAT = -100931;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

describe('a payment prompt whose message names another sum', () => {
  const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
  const prompts = () => promptsTo(h, PEOPLE.grakun.telegram);
  const lastPrompt = () => (prompts().at(-1)?.text ?? '').replace(/[\u00a0\u202f]/g, ' ');
  const withYes = () => prompts().filter((p) => labels(p).includes(YES));

  it('when the director corrects the sum to one below the invoice («…на 3500 (…там было 4000)»), then the prompt says the sums differ and offers no «Да»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '943', 4000);
    await say('оплачен счет 943 на 3500 (это исправление вчерашнего, там было 4000)');
    expect(lastPrompt()).toContain('Суммы не совпадают: оплата 3 500 ₽ ≠ счёт 4 000 ₽');
    expect(withYes()).toHaveLength(0);
  });

  it('when «Утром ошибся, писал 4000» follows the sum paid, then the prompt reads 3 500, names no payer «Утром» and offers no «Да»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '943', 4000);
    await say('по 943 пришло 3500. Утром ошибся, писал 4000');
    expect(lastPrompt()).toContain('Суммы не совпадают: оплата 3 500 ₽ ≠ счёт 4 000 ₽');
    expect([lastPrompt(), ...textsIn(h, CHAT)].join('\n')).not.toContain('Утром');
    expect(withYes()).toHaveLength(0);
  });

  it("when the sum read is the invoice's but the message names another («…на 4000 (…там было 3500)», «не 3500, а 4000»), then no one-tap «Да» until the manager checked", async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    let n = 9431;
    for (const text of [
      'оплачен счет 9431 на 4000 (это исправление вчерашнего, там было 3500)',
      'по 9432 пришло 4000, вчера ошибочно написал 3500',
      'по 9433 на 3500, ой, не 3500 а 4000',
    ]) {
      await dealWithInvoice(h, company, String(n++), 4000);
      await say(text);
      expect(lastPrompt(), text).toContain('Сумма счёта 4 000 ₽ — совпадает, но одной кнопкой не отмечаю');
      expect(lastPrompt(), text).toContain('названа и другая сумма');
      expect(labels(prompts().at(-1) ?? { buttons: [] }), text).toContain(CHECKED);
      expect(withYes(), text).toHaveLength(0);
    }
    const last = prompts().at(-1);
    if (!last) throw new Error('no prompt');
    await h.press(PEOPLE.grakun.telegram, last, CHECKED);
    expect(withYes()).toHaveLength(1);
  });
});
