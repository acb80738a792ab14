/**
 * Round 3 of the payment desk (fresh29): an invoice number corrected in a message of its own left the wrong
 * invoice one tap from «paid»; «ложная тревога» alone right after one announcement asked which; an edit that
 * dropped an invoice left its withdrawal unsaid. Each is tested as a kind: the user's wordings and more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { callsOffAlone, readInvoiceSwap, withInvoiceSwapped } from '../../src/payments/withdrawal';
import {
  dealWithInvoice,
  directorReplies,
  labels,
  promptsTo,
  SECOND,
  startPaymentWorld,
  textsIn,
  YES,
} from '../support/payment-world';

const CHAT = -100929;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const chat = () => textsIn(h, CHAT);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const replyTo = (messageId: number, text: string) => directorReplies(h, CHAT, messageId, text);
const prompts = () => promptsTo(h, PEOPLE.grakun.telegram);
const toManager = () => h.messagesTo(PEOPLE.grakun.telegram).map((m) => m.text);
/** The prompts that still offer the one-tap «Да», as their invoice numbers. */
const withYes = () =>
  prompts()
    .filter((p) => labels(p).includes(YES))
    .map((p) => /№ (\S+)/u.exec(p.text)?.[1]);

/** A world with invoices 8805 and 943 of 4 000 ₽ each, and «оплачен 8805 на 4000» announced (its id). */
async function announced(): Promise<number> {
  ({ h, company } = await startPaymentWorld(CHAT));
  await dealWithInvoice(h, company, '8805', 4000);
  await dealWithInvoice(h, company, '943', 4000);
  const id = await say('оплачен 8805 на 4000');
  expect(withYes()).toEqual(['8805']);
  return id;
}

describe('an invoice number corrected in a message of its own', () => {
  it('when a message says «не X, а Y», «X — ошибка, правильно Y», «вместо X — Y», then X is taken back and Y put instead; a sum written makes it no such message', () => {
    const swaps = [
      // «не X, а Y» (the user's first, then more)
      'ой, не 8805, а 943',
      'ошибся, не 8805 а 943',
      'извините, не сч. 8805, а сч. 943!',
      'не 8805 — 943',
      // «X — ошибка, правильно Y»
      '8805 — ошибка, правильно 943',
      '8805 неверно, верный 943',
      'счёт 8805 ошибочно, надо 943',
      // «вместо X — Y»
      'вместо 8805 — 943',
      'вместо 8805 надо 943',
      '943 вместо 8805',
    ];
    for (const text of swaps) expect(readInvoiceSwap(text), text).toEqual({ wrong: '8805', right: '943' });
    expect(readInvoiceSwap('не сч. 8805, а сч. 2018/943')).toEqual({ wrong: '8805', right: '2018/943' });
    // A payment of its own (a sum written), a sum corrected, one number only: none.
    for (const text of ['не 8805, а 943 на 4000', 'не 4000 ₽, а 3500 ₽', 'ошибся, 8805 не оплачен', 'не 8805'])
      expect(readInvoiceSwap(text), text).toBeNull();
    // The announcement as its author would have edited it: the number taken back, however it was written.
    expect(withInvoiceSwapped('оплачен 2018/8805 на 4000', { wrong: '8805', right: '943' })).toBe(
      'оплачен 943 на 4000',
    );
    expect(withInvoiceSwapped('оплачен 8806 на 4000', { wrong: '8805', right: '943' })).toBeNull();
  });

  it('when the director corrects the number in his next message, in any of the three shapes, then the wrong invoice loses its «Да» and its manager hears it, and the right one is prompted with the announced sum', async () => {
    for (const text of [
      'ой, не 8805, а 943',
      'ошибся, не 8805 а 943',
      '8805 — ошибка, правильно 943',
      'вместо 8805 — 943',
    ]) {
      await announced();
      await say(text);
      expect(withYes(), text).toEqual(['943']);
      expect(toManager().join('\n'), text).toContain('счёт в нём больше не упоминается');
      const last =
        prompts()
          .at(-1)
          ?.text.replace(/[\u00a0\u202f]/g, ' ') ?? '';
      expect(last, text).toContain('оплачен счёт № 943');
      expect(last, text).toContain('4 000 ₽');
      const thread = chat().slice(-2);
      expect(thread[0], text).toBe(
        'Понял: вместо счёта 8805 — 943. Читаю сообщение об оплате с этим номером — ответ под ним.',
      );
      expect(thread[1], text).toContain('→ Гракун Е., счёт 943');
      expect(thread[1], text).toContain('↩️ Счёт 8805 больше не в сообщении — запрос снят (ответственный — Гракун Е.).');
      // The payer is never the correction's words.
      expect(chat().join('\n'), text).not.toContain('ошибка');
      await h.stop();
    }
  });

  it('when the corrected number is not found, then the wrong invoice is still withdrawn and the thread says the new one was not found', async () => {
    await announced();
    await say('8805 — ошибка, правильно 99123');
    expect(withYes()).toEqual([]);
    expect(chat().at(-1)).toContain('Не нашёл счёт 99123 — проверьте номер.');
    expect(chat().at(-1)).toContain('↩️ Счёт 8805 больше не в сообщении — запрос снят');
  });

  it('when the correction replies to the announcement, then that announcement is corrected', async () => {
    const first = await announced();
    await dealWithInvoice(h, company, '8806', 4000);
    await say('оплачен 8806 на 4000');
    await replyTo(first, 'не 8805, а 943');
    expect(withYes()).toEqual(['8806', '943']);
  });

  it('when the number taken back names no open prompt of his, then the message is read as before', async () => {
    await announced();
    await say('не 7777, а 943');
    expect(withYes()).toEqual(['8805']);
    expect(chat().join('\n')).not.toContain('Понял: вместо счёта');
  });
});

describe('«ложная тревога», «отбой», «ошибся» alone', () => {
  it('when written with no number, then it is a call-off said alone; with a number or many words it is not', () => {
    for (const text of ['ложная тревога', 'Отбой!', 'ошибся', 'я ошиблась, извините', 'отмена'])
      expect(callsOffAlone(text), text).toBe(true);
    for (const text of ['ошибся 943', 'ошибся в сумме, там было больше на самом деле', 'спасибо'])
      expect(callsOffAlone(text), text).toBe(false);
  });

  it('when it follows an announcement that left one open prompt, then that prompt is withdrawn', async () => {
    for (const text of ['ложная тревога', 'отбой', 'ошибся']) {
      await announced();
      await say(text);
      expect(withYes(), text).toEqual([]);
      expect(chat().at(-1), text).toBe('↩️ Счёт 8805: запрос снят (ответственный — Гракун Е.).');
      await h.stop();
    }
  });

  it('when the announcement left two open prompts, then it asks which and withdraws none', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8805', 4000);
    await dealWithInvoice(h, company, '8806', 5000);
    await say('оплачены 8805 на 4000 и 8806 на 5000');
    expect(withYes()).toHaveLength(2);
    await say('ложная тревога');
    expect(withYes()).toHaveLength(2);
    expect(chat().at(-1)).toContain('Отменить эти оплаты?');
  });

  it('when the announcement is older than payments.callOffWindow (5 minutes), then «ошибся» alone withdraws nothing', async () => {
    await announced();
    await h.advance(6 * 60 * SECOND);
    await say('ошибся');
    expect(withYes()).toEqual(['8805']);
  });
});

describe('an edit that drops an invoice', () => {
  it('when the announcement is edited from one invoice to another, then the thread says the dropped one was withdrawn', async () => {
    const id = await announced();
    await h.edit(PEOPLE.director.telegram, CHAT, id, 'оплачен 943 на 4000');
    expect(withYes()).toEqual(['943']);
    expect(chat().at(-1)).toContain('↩️ Счёт 8805 больше не в сообщении — запрос снят (ответственный — Гракун Е.).');
  });
});
