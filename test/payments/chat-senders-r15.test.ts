/**
 * «Оплата» seen the way Telegram delivers it on a bad day (fresh-25 M3, M4): a supergroup whose
 * only word of the upgrade is its own first message (migrate_from_chat_id), and a post sent «as a
 * channel» (sender_chat is a channel, from is Telegram's Channel_Bot).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { captureLog } from '../support/log';
import { dealWithInvoice, HOUR, promptsTo, startPaymentWorld } from '../support/payment-world';

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

/** Telegram's Channel_Bot: the `from` of a message sent on behalf of a channel. */
const CHANNEL_BOT = 136817688;
const BETON = { id: -1009876, type: 'channel', title: 'ООО Бетон' };
const asChannel = (text: string) =>
  h.postRaw(CHANNEL_BOT, CHAT, { text, sender_chat: BETON }, { firstName: 'Channel' });

describe('a post «as a channel» in «Оплата»', () => {
  it('when a payment is posted as a channel, then nothing is paid, the thread hears how to post once an hour, and it is logged as such', async () => {
    const { lines, log } = captureLog();
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT, { log }));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await asChannel('Оплачен счет 2018/943 на 4000');
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(0);
    const said = () => h.messagesTo(CHAT).filter((m) => m.text.includes('от имени канала'));
    expect(said().map((m) => m.text)).toEqual([
      'Это сообщение отправлено от имени канала «ООО Бетон» — бот не знает, кто его написал, и не может по нему отметить оплату. Нажмите на аватар у поля ввода, выберите себя и напишите сообщение ещё раз.',
    ]);
    expect(
      lines.some((l) => /posted as a channel/.test(String(l.msg)) && l.senderChannel === 'ООО Бетон' && l.payment),
    ).toBe(true);
    await asChannel('Оплачен счет 2018/943 на 4000, повторяю');
    expect(said()).toHaveLength(1);
    await h.advance(HOUR + 1000);
    await asChannel('Оплачен счет 2018/943 на 4000');
    expect(said()).toHaveLength(2);
  });

  it('when a channel’s post is no payment, then the thread hears nothing', async () => {
    ({ h } = await startPaymentWorld(CHAT));
    await asChannel('Всем добрый день');
    expect(h.messagesTo(CHAT)).toHaveLength(0);
  });
});
