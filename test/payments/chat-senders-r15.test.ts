/**
 * «Оплата» seen the way Telegram delivers it on a bad day (fresh-25 M3, M4): a supergroup whose
 * only word of the upgrade is its own first message (migrate_from_chat_id), and a post sent «as a
 * channel» (sender_chat is a channel, from is Telegram's Channel_Bot).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { captureLog } from '../support/log';
import { dealWithInvoice, promptsTo, startPaymentWorld } from '../support/payment-world';

const CHAT = -100561;
const SUPERGROUP = -1005560000;
let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('«Оплата» upgraded, seen only from the supergroup', () => {
  it('when the first message there names migrate_from_chat_id = «Оплата», then the new id is followed and the admin told', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await h.postRaw(PEOPLE.director.telegram, SUPERGROUP, { migrate_from_chat_id: CHAT }, { chatType: 'supergroup' });
    expect(h.messagesTo(PEOPLE.director.telegram).some((m) => m.text.includes(String(SUPERGROUP)))).toBe(true);
    await h.postRaw(
      PEOPLE.director.telegram,
      SUPERGROUP,
      { text: 'Оплачен счет 2018/943 на 4000' },
      { chatType: 'supergroup' },
    );
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when another group’s supergroup names migrate_from_chat_id, then «Оплата» stays where it is', async () => {
    const { lines, log } = captureLog();
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await h.postRaw(
      PEOPLE.director.telegram,
      SUPERGROUP,
      { migrate_from_chat_id: -100999 },
      { chatType: 'supergroup' },
    );
    expect(lines.some((l) => /not the payment chat/.test(String(l.msg)) && l.to === String(SUPERGROUP))).toBe(true);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(1);
  });
});
