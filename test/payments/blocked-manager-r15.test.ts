/**
 * A manager who blocked the bot (fresh-25 H4): Telegram answers every message to them with 403
 * "Forbidden: bot was blocked by the user". Their payment prompt used to fail for good with an error
 * log only, while the thread read «→ Гракун Е.» and nobody knew the invoice waited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { faults } from '../../simulator/telegram-proxy';
import { captureLog } from '../support/log';
import { dealWithInvoice, HOUR, promptsTo, remindersTo, startPaymentWorld, YES } from '../support/payment-world';

const CHAT = -100560;
let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('a manager who blocked the bot', () => {
  it('when the prompt is refused with 403, then her supervisor gets it, the thread says so and it is logged', async () => {
    const { lines, log } = captureLog();
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    const { invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    h.telegramProxy.inject({
      method: 'sendMessage',
      chatId: PEOPLE.grakun.telegram,
      fault: faults.blocked(),
      times: Infinity,
    });
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');

    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(0);
    const handed = promptsTo(h, PEOPLE.head.telegram);
    expect(handed).toHaveLength(1);
    expect(handed[0]?.text).toContain(
      'Гракун Е. не получает сообщения бота (бот заблокирован в Telegram) — подтверждение передано вам.',
    );
    const thread = h.messagesTo(CHAT).map((m) => m.text);
    expect(thread).toContain(
      'Гракун Е. не получает сообщения бота (бот заблокирован в Telegram) — счёт 2018/943 передал руководителю: Смирнова О.',
    );
    expect(
      lines.some((l) => Number(l.level) >= 40 && /bot blocked/.test(String(l.msg)) && l.to === PEOPLE.head.id),
    ).toBe(true);

    // The reminder goes to who has the prompt now, and her «Да» pays.
    await h.advance(3 * HOUR);
    expect(remindersTo(h, PEOPLE.head.telegram)).toHaveLength(1);
    await h.press(PEOPLE.head.telegram, promptsTo(h, PEOPLE.head.telegram).at(-1)!, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    // The thread heard it once.
    expect(h.messagesTo(CHAT).filter((m) => m.text.includes('бот заблокирован'))).toHaveLength(1);
  });

  it('when she blocks the bot after the prompt reached her, then the refused reminder hands it over', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(1);
    h.telegramProxy.inject({
      method: 'sendMessage',
      chatId: PEOPLE.grakun.telegram,
      fault: faults.blocked(),
      times: Infinity,
    });
    await h.advance(3 * HOUR);
    expect(promptsTo(h, PEOPLE.head.telegram)).toHaveLength(1);
    expect(h.messagesTo(CHAT).map((m) => m.text)).toContain(
      'Гракун Е. не получает сообщения бота (бот заблокирован в Telegram) — счёт 2018/943 передал руководителю: Смирнова О.',
    );
  });
});
