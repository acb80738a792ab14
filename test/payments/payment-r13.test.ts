/**
 * Round 13 of the payment chat (issue 15, the items left alone last stop): a second announcement of
 * an invoice whose prompt is still open, the reminder of a prompt an edit brought back after its
 * first «⏰», an edit turning a pasted statement into plain text, a single pasted document cut by the
 * messenger, and /chatid for the admin setting the bot up.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { settle } from '../../simulator/settle';
import {
  DAY,
  dealWithInvoice,
  labels,
  messageNow,
  pasted,
  promptsTo,
  remindersTo,
  SECOND,
  startBitrixPaymentWorld,
  startPaymentWorld,
  YES,
} from '../support/payment-world';
import type { StatementDoc } from '../support/statement-file';

const CHAT = -100913;
let h: Harness;
let company: number;

afterEach(async () => {
  await h.stop();
});

const invoice = (number: string, amount: number) => dealWithInvoice(h, company, number, amount);
const doc = (n: number, num: string, sum: string): StatementDoc => ({
  n,
  sum,
  inn: '7806210729',
  payer: 'ООО "ЭЛЕКСИС"',
  purpose: `Оплата по счету № ${num} от 20.11.2026 за кольца колодезные. НДС не облагается`,
});
/** One 1C document pasted alone (no file header), as an accountant copies it out of 1C. */
const soleDocument = (d: StatementDoc) => {
  const text = pasted([d]);
  const from = text.indexOf('СекцияДокумент=');
  const to = text.indexOf('КонецДокумента') + 'КонецДокумента'.length;
  return text.slice(from, to);
};

describe('an invoice announced again while its prompt is open', () => {
  it('when a second payment order for the same invoice comes (another п/п), then the second prompt says the invoice already has an open prompt (its sum, when, the message), and confirming one closes the other', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoice('2018/801', 5000);
    await h.say(PEOPLE.director.telegram, CHAT, soleDocument(doc(301, '2018/801', '5000.00')));
    await h.advance(SECOND);
    await h.say(PEOPLE.director.telegram, CHAT, soleDocument(doc(302, '2018/801', '5000.00')));
    await h.advance(SECOND);
    const prompts = promptsTo(h, PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(2);
    expect(prompts[0]!.text).not.toMatch(/уже открыт другой запрос/);
    expect(prompts[1]!.text).toMatch(/уже открыт другой запрос/);
    expect(prompts[1]!.text).toContain('5\u00a0000');
    expect(prompts[1]!.text).toMatch(/п\/п № 301/);
    // The chat hears it as well: the announcer can tell a second payment from the same one again.
    expect(h.messagesTo(CHAT).at(-1)!.text).toMatch(/уже открыт другой запрос/);
    await h.press(PEOPLE.grakun.telegram, prompts[1]!, YES);
    const first = messageNow(h, PEOPLE.grakun.telegram, prompts[0]!.messageId);
    expect(labels(first)).not.toContain(YES);
    expect(first.text).toMatch(/уже был оплачен/);
    // No reminder of the other one claims the invoice is still unpaid.
    await h.advance(DAY);
    expect(remindersTo(h, PEOPLE.grakun.telegram)).toHaveLength(0);
  });

  it('when the same invoice is announced in other words with another sum, then the new prompt names the open one, which keeps its own «Да»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoice('2018/801', 5000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.say(PEOPLE.director.telegram, CHAT, 'по 801 пришло 4 950, комиссия банка');
    const prompts = promptsTo(h, PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(2);
    expect(prompts[1]!.text).toMatch(/уже открыт другой запрос/);
    expect(prompts[1]!.text).toContain('5\u00a0000');
    expect(prompts[1]!.text).toContain('Элексис оплатил счет 2018/801');
    expect(labels(prompts[0]!)).toContain(YES);
  });

  it('when the announcer quotes markup, then the quote in the prompt stays text', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoice('2018/801', 5000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Элексис <b>оплатил</b> счет 2018/801 — 5 000 руб');
    await h.say(PEOPLE.director.telegram, CHAT, 'по 801 пришло 4 950');
    const prompts = promptsTo(h, PEOPLE.grakun.telegram);
    // The emulator keeps what the bot sent (HTML): the announcer's tags arrive escaped, shown as typed.
    expect(prompts[1]!.text).toContain('&lt;b&gt;оплатил&lt;/b&gt;');
    expect(prompts[1]!.text).not.toContain('<b>оплатил');
  });

  it('in the Bitrix24 «Оплата» too: the second prompt names the open one', async () => {
    let payChat: string;
    ({ h, payChat, company } = await startBitrixPaymentWorld());
    await invoice('2018/801', 5000);
    await h.b24Say(PEOPLE.director.id, payChat, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.b24Say(PEOPLE.director.id, payChat, 'по 801 пришло 4 950, комиссия банка');
    const prompts = [...promptsTo(h, PEOPLE.grakun.telegram), ...h.b24MessagesTo(PEOPLE.grakun.id)].filter((m) =>
      m.text.includes('2018/801'),
    );
    expect(prompts.some((m) => /уже открыт другой запрос/.test(m.text))).toBe(true);
    expect(h.b24MessagesTo(payChat).some((m) => /уже открыт другой запрос/.test(m.text))).toBe(true);
  });
});

describe('a prompt an edit brought back after its first reminder', () => {
  it('when the first «⏰» was sent, the sum removed and put back, then the prompt is reminded again, and a confirm takes «Да» off every copy', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoice('2018/801', 5000);
    const said = await h.say(PEOPLE.director.telegram, CHAT, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.advance(DAY);
    expect(remindersTo(h, PEOPLE.grakun.telegram)).toHaveLength(1);
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счет 2018/801');
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.advance(DAY);
    const reminders = remindersTo(h, PEOPLE.grakun.telegram);
    expect(reminders).toHaveLength(2);
    expect(labels(reminders[1]!)).toContain(YES);
    await h.press(PEOPLE.grakun.telegram, reminders[1]!, YES);
    for (const m of [...promptsTo(h, PEOPLE.grakun.telegram), ...remindersTo(h, PEOPLE.grakun.telegram)])
      expect(labels(m)).not.toContain(YES);
    expect(h.messagesTo(PEOPLE.grakun.telegram).filter((m) => labels(m).includes(YES))).toHaveLength(0);
    // Nothing more goes out: no third reminder.
    const sent = h.messagesTo(PEOPLE.grakun.telegram).length;
    await h.advance(2 * DAY);
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(sent);
  });
});

describe('a single pasted document the messenger cut', () => {
  const long = (d: StatementDoc): StatementDoc => ({
    ...d,
    purpose: `${d.purpose}. ${'Доставка манипулятором до объекта заказчика по договору поставки. '.repeat(70)}`,
  });

  const text = soleDocument(long(doc(301, '2018/801', '5000.00')));
  /** Cut in its purpose, after the invoice's number: read alone, the start looks like a whole announcement. */
  const at = text.indexOf('Доставка манипулятором') + 30;
  beforeEach(async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoice('2018/801', 5000);
  });

  it('when only its start comes, then it is held, not read as an announcement with a cut sum, and the thread hears it was cut', async () => {
    await h.say(PEOPLE.director.telegram, CHAT, text.slice(0, at));
    expect(h.messagesTo(CHAT)).toHaveLength(0);
    await h.advance(25 * SECOND);
    expect(promptsTo(h, PEOPLE.grakun.telegram)).toHaveLength(0);
    const said = h.messagesTo(CHAT).map((m) => m.text);
    expect(said.join('\n')).toMatch(/п\/п № 301/);
    expect(said.join('\n')).toMatch(/оборва/);
    expect(said).toHaveLength(1);
  });

  it('when its tail comes, then the two are joined and read as one payment', async () => {
    await h.say(PEOPLE.director.telegram, CHAT, text.slice(0, at));
    h.clock.advance(SECOND);
    await h.say(PEOPLE.director.telegram, CHAT, text.slice(at));
    await h.advance(SECOND);
    const prompts = promptsTo(h, PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.text).toContain('5\u00a0000');
    expect(labels(prompts[0]!)).toContain(YES);
  });

  it('when its tail comes after the wait, then the payment is read once, with its whole sum', async () => {
    await h.say(PEOPLE.director.telegram, CHAT, text.slice(0, at));
    await h.advance(25 * SECOND);
    await h.say(PEOPLE.director.telegram, CHAT, text.slice(at));
    await h.advance(60 * SECOND);
    const prompts = promptsTo(h, PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.text).toContain('5\u00a0000');
    expect(labels(prompts[0]!)).toContain(YES);
  });
});

describe('an edit turning a pasted statement into plain text', () => {
  const statement = pasted([doc(301, '2018/801', '5000.00'), doc(302, '2018/802', '5100.00')]);
  let said: number;
  beforeEach(async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await invoice('2018/801', 5000);
    await invoice('2018/802', 5100);
    said = await h.say(PEOPLE.director.telegram, CHAT, statement);
    await h.advance(SECOND);
  });

  it('when the new text announces one of its payments, then that prompt stays as it was, the others are withdrawn', async () => {
    const before = promptsTo(h, PEOPLE.grakun.telegram);
    expect(before).toHaveLength(2);
    const chatBefore = h.messagesTo(CHAT).length;
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счет 2018/801 — 5 000 руб');
    await h.advance(SECOND);
    const now = (id: number) => messageNow(h, PEOPLE.grakun.telegram, id);
    const p801 = before.find((m) => m.text.includes('2018/801'))!;
    const p802 = before.find((m) => m.text.includes('2018/802'))!;
    expect(labels(now(p801.messageId))).toContain(YES);
    expect(labels(now(p802.messageId))).not.toContain(YES);
    expect(now(p802.messageId).text).toMatch(/больше не упоминается/);
    // No new prompt, and the chat is not answered: nothing new was announced.
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(2);
    expect(h.messagesTo(CHAT).length).toBe(chatBefore);
  });

  it('when the new text changes a sum, then that payment is read again with it', async () => {
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счета 2018/801 на 4 000 и 2018/802 на 5 100');
    await h.advance(SECOND);
    const withYes = h.messagesTo(PEOPLE.grakun.telegram).filter((m) => labels(m).includes(YES));
    expect(withYes.map((m) => m.text.includes('2018/802'))).toEqual([true]);
    const live801 = promptsTo(h, PEOPLE.grakun.telegram).filter(
      (m) => m.text.includes('2018/801') && m.buttons.length > 1,
    );
    expect(live801).toHaveLength(1);
    expect(live801[0]!.text).toContain('4\u00a0000');
  });

  it('when the new text is no payment, then every prompt is withdrawn', async () => {
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'ошибся чатом, извините');
    await h.advance(SECOND);
    expect(h.messagesTo(PEOPLE.grakun.telegram).filter((m) => labels(m).includes(YES))).toHaveLength(0);
  });

  it('when it is edited back into the statement, then its documents speak again: every prompt is open with its «Да»', async () => {
    await h.edit(PEOPLE.director.telegram, CHAT, said, 'Элексис оплатил счет 2018/802 на 4 000');
    await h.advance(SECOND);
    await h.edit(PEOPLE.director.telegram, CHAT, said, statement);
    await h.advance(SECOND);
    const live = h.messagesTo(PEOPLE.grakun.telegram).filter((m) => labels(m).includes(YES));
    expect(
      live.map((m) => (m.text.includes('2018/801') ? '801' : m.text.includes('2018/802') ? '802' : '?')).sort(),
    ).toEqual(['801', '802']);
    // The plain version's own prompt (4 000 for 2018/802) is withdrawn: no live button left on it.
    const open = h.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.buttons.some((b) => b.callback_data));
    expect(open).toHaveLength(2);
  });
});

describe('/chatid for the admin setting the bot up', () => {
  /** A command typed in a group (as a Telegram client sends it: a bot_command entity), and the bot's answer there. */
  async function command(chatId: number, text: string, type: 'group' | 'supergroup' = 'group'): Promise<string> {
    const client = h.tg.getClient(BOT_TOKEN, {
      userId: PEOPLE.director.telegram,
      chatId,
      firstName: 'Директор',
      type,
      chatTitle: 'Группа',
    });
    const before = h.messagesTo(chatId).length;
    const read = h.app.metrics.chatMessages.get();
    await client.sendCommand(client.makeCommand(text));
    await waitFor(() => h.app.metrics.chatMessages.get() > read, `bot to read ${text}`);
    await settle(h.app);
    await waitFor(() => h.messagesTo(chatId).length > before, `bot to answer ${text}`);
    return h.messagesTo(chatId).at(-1)!.text;
  }

  it('when typed in «Оплата» (addressed to the bot, as privacy mode needs), then it answers there with the id and that it is «Оплата»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const answer = await command(CHAT, '/chatid@TestNameBot');
    expect(answer).toContain(String(CHAT));
    expect(answer).toMatch(/Это чат «Оплата»/);
    expect(answer).not.toContain(BOT_TOKEN);
  });

  it('when typed in another group, then it says the id and that it is not «Оплата»', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const answer = await command(-100555, '/chatid');
    expect(answer).toContain('-100555');
    expect(answer).toMatch(/не чат «Оплата»/);
    expect(answer).toContain(String(CHAT));
  });

  it('when «Оплата» became a supergroup, then /chatid there gives the new id and says the rules still name the old one', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const NEW = -1009130001;
    await h.postRaw(PEOPLE.director.telegram, CHAT, { migrate_to_chat_id: NEW });
    const answer = await command(NEW, '/chatid', 'supergroup');
    expect(answer).toContain(String(NEW));
    expect(answer).toMatch(/стала супергруппой/);
    expect(answer).toContain(`payments.telegramChatId: ${NEW}`);
  });

  it('when typed in the private chat, then it says how to ask in the group', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await h.sendCommand(PEOPLE.director.telegram, '/chatid');
    expect(h.messagesTo(PEOPLE.director.telegram).at(-1)!.text).toMatch(/личный чат.*\/chatid@/s);
  });

  it('when the payment chat is not set yet, then the answer says which rule to set to this id', async () => {
    h = await Harness.start();
    const answer = await command(-100777, '/chatid');
    expect(answer).toContain('payments.telegramChatId: -100777');
  });
});
