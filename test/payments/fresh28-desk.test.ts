/**
 * A fresh user's findings in «Оплата» (fresh28): messages that negate, retract or qualify their own payment got a
 * one-tap «Да»; a bank fee was added to the sum; a payer compared by INN alone. Each is tested as a kind: the
 * user's wordings and a few more of the same family.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { invoicesDenied, moneyElsewhere, unreadClause } from '../../src/payments/caveats';
import { readWithdrawal } from '../../src/payments/withdrawal';
import { dealWithInvoice, labels, promptsTo, startPaymentWorld, textsIn, YES } from '../support/payment-world';

const CHAT = -100928;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const chat = () => textsIn(h, CHAT);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const prompts = () => promptsTo(h, PEOPLE.grakun.telegram);
const withYes = () => prompts().filter((p) => labels(p).includes(YES));
const lastPrompt = () => (prompts().at(-1)?.text ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('a payment message that takes itself back', () => {
  it('when the announcement itself says «не подтверждайте», «не проводите», «шучу», «хотя нет», then it is a withdrawal of its invoice', () => {
    for (const text of [
      // the user's
      'Оплату 12 500 по 8801 не подтверждайте, банк отозвал',
      'оплачен 8801 на 12 500, но это ошибка, не проводите',
      '8801 оплачен 12500 — шучу, ещё нет',
      // more of the kind
      'оплачен 8801 на 12 500 — не проводите пока, это ошибка',
      '8801 оплачен 12500 — шутка, пока нет',
      '8801 12500 оплатили... хотя нет, ещё не пришло',
    ])
      expect(readWithdrawal(text, false), text).toEqual({ invoices: ['8801'], itself: true });
    // A correction names another invoice: not taken back.
    expect(readWithdrawal('6133 не оплачен, я ошибся — оплачен 6108', false)).toBeNull();
  });

  it('when the director writes such a message, then no «Да» is left: none goes out, and an open prompt of that invoice is withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8801', 12500);
    await say('оплачен 8801 на 12 500, но это ошибка, не проводите');
    expect(chat().at(-1)).toBe('Понял: оплату по счёту 8801 в этом же сообщении отменили — запрос не отправляю.');
    expect(prompts()).toHaveLength(0);
    await say('Оплачен счёт 8801 на 12500');
    expect(withYes()).toHaveLength(1);
    await say('Оплату 12 500 по 8801 не подтверждайте, банк отозвал');
    expect(chat().at(-1)).toBe('↩️ Счёт 8801: запрос снят (ответственный — Гракун Е.).');
    expect(withYes()).toHaveLength(0);
  });

  it('when an edit adds «не проводите» to the announcement, then its prompt is withdrawn', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8801', 12500);
    const id = await say('8801 оплачен 12500');
    expect(withYes()).toHaveLength(1);
    await h.edit(PEOPLE.director.telegram, CHAT, id, '8801 оплачен 12500 — шучу, ещё нет');
    expect(withYes()).toHaveLength(0);
    expect(chat().join('\n')).toContain('в этом же сообщении отменили');
  });
});

describe('money said not to be for the invoice named', () => {
  it('when the message says «не по 8801», «не за 8801», «не в счёт 8801», then that invoice is denied', () => {
    for (const text of [
      'Пришло от ТехноСтрой 12 500 — это по договору, не по 8801',
      'ТехноСтрой заплатил 12500, но не за 8801, а за доставку',
      'оплата 12 500 не в счёт 8801, это аванс',
      'от ТехноСтроя 12 500, не по счёту № 8801',
    ])
      expect(invoicesDenied(text, ['8801']), text).toEqual(['8801']);
    expect(invoicesDenied('не 8800, а 8801 оплачен', ['8801'])).toEqual([]);
  });

  it('when the director writes it, then no prompt goes out and the thread says why', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8801', 12500);
    for (const text of [
      'Пришло от ТехноСтрой 12 500 — это по договору, не по 8801',
      'ТехноСтрой заплатил 12500, но не за 8801, а за доставку',
      'оплата 12 500 не в счёт 8801, это аванс',
    ]) {
      await say(text);
      expect(chat().at(-1), text).toBe(
        'Понял: это оплата не по счёту 8801 — запрос не отправляю. Если она по другому счёту, напишите его номер.',
      );
    }
    expect(prompts()).toHaveLength(0);
  });
});

describe('a payment qualified in the same message', () => {
  it('when money went to another legal entity or a card, or a «не»/«но» clause is not read, then the words are found', () => {
    for (const text of [
      '8801 оплачен 12500, но деньги на другом юрлице',
      'Оплата по 8801 12500 поступила на карту директора',
      '8801 оплачено 12 500 на личную карту',
      'по 8801 пришло 12 500 на другую фирму',
    ])
      expect(moneyElsewhere(text), text).not.toBeNull();
    expect(moneyElsewhere('Лукина оплатила 1225 наличкой в кассу 4 200')).toBeNull();
    const used = ['8801', '12500'];
    expect(unreadClause('8801 оплачен 12500, но клиент просит не закрывать', used)).toBe(
      'но клиент просит не закрывать',
    );
    expect(unreadClause('8801 оплачен 12 500, однако платёжка не та', used)).toBe('однако платёжка не та');
    // Accounted for: a correction, another invoice, a bank's stock phrase.
    expect(unreadClause('по 8801 пришло 48 600, сорян, не 48 600, а 12 500', used)).toBeNull();
    expect(unreadClause('8801 — 12 500 оплачен, 8802 — пока нет', used)).toBeNull();
    expect(unreadClause('Оплата по счету 8801, 12500. НДС не облагается', used)).toBeNull();
  });

  it('when the director writes «не всё, 12500 из 16500», «на другом юрлице», «на карту директора» or an unread «но», then the prompt has no one-tap «Да» and a checked one brings it', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const cases = {
      '8801 оплатили, но не всё, 12500 из 16500': 'оплачено не всё',
      'по 8802 пришло 12 500, но это не вся сумма': 'оплачено не всё',
      '8803 оплачен 12500, но деньги на другом юрлице': '«на другом юрлице»',
      'Оплата по 8804 12500 поступила на карту директора': '«на карту директора»',
      '8805 оплачен 12500, но клиент сомневается в платёжке': 'оговорка, которую бот не разобрал',
    };
    let n = 8801;
    for (const [text, why] of Object.entries(cases)) {
      await dealWithInvoice(h, company, String(n++), 12500);
      await say(text);
      expect(lastPrompt(), text).toContain(why);
      expect(labels(prompts().at(-1) ?? { buttons: [] }), text).not.toContain(YES);
      expect(chat().at(-1), text).toContain('без кнопки «Да»');
    }
    expect(withYes()).toHaveLength(0);
    const last = prompts().at(-1);
    if (!last) throw new Error('no prompt');
    await h.press(PEOPLE.grakun.telegram, last, '🔎 Проверил — оплата верна');
    expect(withYes()).toHaveLength(1);
  });
});

describe('a bank fee kept', () => {
  it('when «оплачено 12500 по счету 8801 за вычетом комиссии 150» names an invoice of 12 500, then the sum paid is 12 500 and it matches; «12 350 за вычетом комиссии 150» is asked, not «Да»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8801', 12500);
    await dealWithInvoice(h, company, '8802', 12500);
    await dealWithInvoice(h, company, '8803', 12500);
    await say('оплачено 12500 по счету 8801 за вычетом комиссии 150');
    expect(lastPrompt()).toContain('Сумма счёта 12 500 ₽ — совпадает.');
    expect(withYes()).toHaveLength(1);
    for (const text of [
      'оплачено 12350 по счету 8802 за вычетом комиссии 150',
      'по 8803 пришло 12 350, банк удержал комиссию 150',
    ]) {
      await say(text);
      expect(lastPrompt(), text).toContain('12 350 ₽ ≠ счёт 12 500 ₽');
      expect(lastPrompt(), text).toContain('Банк удержал комиссию 150 ₽');
      expect(withYes(), text).toHaveLength(1);
    }
  });
});

describe('a payer compared with an invoice company that has no INN in Bitrix24', () => {
  it('when the message gives the payer INN and the company has none, then the names decide: the same name (ООО, quotes, case aside) gets no warning, another name does', async () => {
    ({ h } = await startPaymentWorld(CHAT));
    const techno = h.sim.addCompany({ title: 'ООО «ТехноСтрой»' });
    await dealWithInvoice(h, techno, '8801', 12500);
    await dealWithInvoice(h, techno, '8802', 12500);
    await dealWithInvoice(h, techno, '8803', 12500);
    await dealWithInvoice(h, techno, '8804', 12500);
    for (const [text, differs] of [
      ['ТехноСтрой ИНН 7728168971 оплатил счёт 8801 на 12500', false],
      ['ООО "ТЕХНОСТРОЙ" (ИНН 7728168971) оплатил 8802, 12 500', false],
      ['Оплата от ИНН 7728168971 по счёту 8803 на 12500', false],
      ['БетонПром ИНН 7728168971 оплатил счёт 8804 на 12500', true],
    ] as const) {
      await say(text);
      expect(lastPrompt().includes('Платит не компания из счёта'), text).toBe(differs);
    }
  });
});

describe('a payment prompt for a manager who is away', () => {
  it('when the invoice manager said «/away 3», then the prompt goes to the stand-in (as new deals do) and names the invoice responsible', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8803', 7300);
    await h.sendCommand(PEOPLE.grakun.telegram, '/away 3');
    await say('оплачен счет 8803 на 7300');
    expect(prompts()).toHaveLength(0);
    const handed = h.messagesTo(PEOPLE.head.telegram).filter((m) => m.text.startsWith('💳'));
    expect(handed).toHaveLength(1);
    expect(handed[0]?.text).toContain('Гракун Е. отсутствует (ответственный за счёт) — подтверждение передано вам.');
    expect(chat().at(-1)).toContain('счёт 8803');
  });
});
