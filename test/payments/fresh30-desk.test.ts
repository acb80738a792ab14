/**
 * Leftovers of the payment desk (fresh30): an edit that names an invoice as unpaid said it «больше не упоминается»;
 * a withdrawal named the stand-in as the responsible. Each is tested as a kind: the user's wordings and more of the
 * family. The payer's leftovers: fresh30-payer.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { dealWithInvoice, labels, promptsTo, startPaymentWorld, textsIn, YES } from '../support/payment-world';

const CHAT = -100930;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const chat = () => textsIn(h, CHAT);
const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const prompts = (tg: number = PEOPLE.grakun.telegram) => promptsTo(h, tg);
const toManager = () => h.messagesTo(PEOPLE.grakun.telegram).map((m) => m.text);
/** The prompts that still offer the one-tap «Да», as their invoice numbers. */
const withYes = () =>
  prompts()
    .filter((p) => labels(p).includes(YES))
    .map((p) => /№ (\S+)/u.exec(p.text)?.[1]);

/** Two invoices announced (written so: «…на 4000 и 943 на 4000» reads as 4 943 ₽ today, the parser's to mend). */
const ANNOUNCED = 'оплачены 8805 на 4 000 ₽ и 943 на 4 000 ₽';

describe('an edit that names a paid invoice as unpaid', () => {
  it('when «оплачены 8805 и 943» is edited to «оплачен 8805, 943 ещё не оплачен», then 943’s prompt and the thread say the message no longer says it is paid — not that it is no longer mentioned', async () => {
    for (const edited of [
      // the user's
      'оплачен 8805 на 4 000 ₽, 943 ещё не оплачен',
      // more of the kind
      'оплачен 8805 на 4 000 ₽, по 943 пока не пришло',
      'оплачен 8805 на 4 000 ₽. 943 не оплачен',
    ]) {
      ({ h, company } = await startPaymentWorld(CHAT));
      await dealWithInvoice(h, company, '8805', 4000);
      await dealWithInvoice(h, company, '943', 4000);
      const id = await say(ANNOUNCED);
      expect(withYes(), edited).toEqual(['8805', '943']);
      await h.edit(PEOPLE.director.telegram, CHAT, id, edited);
      expect(withYes(), edited).toEqual(['8805']);
      const manager = toManager().join('\n');
      expect(manager, edited).not.toContain('больше не упоминается');
      expect(manager, edited).toContain('в нём больше не сказано, что этот счёт оплачен');
      const thread = chat().at(-1) ?? '';
      expect(thread, edited).not.toContain('больше не в сообщении');
      expect(thread, edited).toContain(
        '↩️ Счёт 943: в исправленном сообщении больше не сказано, что он оплачен, — запрос снят (ответственный — Гракун Е.).',
      );
      await h.stop();
    }
  });

  it('when the edit drops the invoice altogether, then it still says it is no longer in the message', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8805', 4000);
    await dealWithInvoice(h, company, '943', 4000);
    const id = await say(ANNOUNCED);
    await h.edit(PEOPLE.director.telegram, CHAT, id, 'оплачен 8805 на 4000');
    expect(toManager().join('\n')).toContain('этот счёт в нём больше не упоминается');
    expect(chat().at(-1)).toContain('↩️ Счёт 943 больше не в сообщении — запрос снят (ответственный — Гракун Е.).');
  });

  it('when the manager had confirmed 943 already, then the manager hears the message no longer says it is paid', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8805', 4000);
    await dealWithInvoice(h, company, '943', 4000);
    const id = await say(ANNOUNCED);
    const p943 = prompts().find((p) => p.text.includes('№ 943'));
    if (!p943) throw new Error('no prompt for 943');
    await h.press(PEOPLE.grakun.telegram, p943, YES);
    await h.edit(PEOPLE.director.telegram, CHAT, id, 'оплачен 8805 на 4 000 ₽, 943 ещё не оплачен');
    const told = toManager().find((t) => t.startsWith('↩️') && t.includes('изменил')) ?? '';
    expect(told).toContain('в нём больше не сказано, что счёт № 943 оплачен');
    expect(told).not.toContain('больше не упоминается');
  });
});

describe('a withdrawal of a prompt a stand-in holds', () => {
  /** Гракун away: her invoice 8803's prompt goes to the head (Смирнова О.), who stands in. */
  async function handed(): Promise<number> {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '8803', 7300);
    await dealWithInvoice(h, company, '8804', 7300);
    await h.sendCommand(PEOPLE.grakun.telegram, '/away 3');
    const id = await say('оплачены 8803 на 7 300 ₽ и 8804 на 7 300 ₽');
    expect(prompts(PEOPLE.head.telegram)).toHaveLength(2);
    return id;
  }

  it('when the announcer takes the payment back, then the thread names the responsible as responsible and the stand-in as standing in', async () => {
    await handed();
    await say('Отмена! счёт 8803 не оплачен, ошибся');
    expect(chat().at(-1)).toBe('↩️ Счёт 8803: запрос снят (ответственный — Гракун Е., замещает Смирнова О.).');
  });

  it('when an edit drops the invoice, then the same', async () => {
    const id = await handed();
    await h.edit(PEOPLE.director.telegram, CHAT, id, 'оплачен 8804 на 7300');
    expect(chat().at(-1)).toContain(
      '↩️ Счёт 8803 больше не в сообщении — запрос снят (ответственный — Гракун Е., замещает Смирнова О.).',
    );
  });

  it('when the stand-in had confirmed it, then the thread says she was told — not «ответственному»', async () => {
    await handed();
    const p = prompts(PEOPLE.head.telegram).find((x) => x.text.includes('№ 8803'));
    if (!p) throw new Error('no prompt for 8803');
    await h.press(PEOPLE.head.telegram, p, YES);
    await say('Отмена! счёт 8803 не оплачен, ошибся');
    const line = chat().at(-1) ?? '';
    expect(line).toContain('подтвердила Смирнова О.');
    expect(line).toContain('ей сообщил');
    expect(line).not.toContain('ответственному');
  });
});
