/**
 * Round 14: commands a fresh user trips on — /payments typed in a sales group, and commands typed in
 * another case («/Help», «/PAYMENTS») — in Telegram and in the Bitrix24 messenger.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { typedCommand } from '../../src/integrations/telegram/transport';
import { innMistake } from '../../src/payments/reading';
import { statementFile } from '../support/statement-file';

const PAY = -1001234;
const SALES = -100555;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A command typed in a group as a Telegram client sends it (a bot_command entity); the bot's answer there, if any. */
async function commandIn(h: Harness, chatId: number, text: string, from = PEOPLE.director.telegram) {
  const client = h.tg.getClient(BOT_TOKEN, {
    userId: from,
    chatId,
    firstName: 'Андрей',
    type: 'supergroup',
    chatTitle: 'Группа',
  });
  const before = h.messagesTo(chatId).length;
  const read = h.app.metrics.chatMessages.get();
  await client.sendCommand(client.makeCommand(text));
  await waitFor(() => h.app.metrics.chatMessages.get() > read, `bot to read ${text}`);
  await settle(h.app);
  return h.messagesTo(chatId).slice(before);
}

/** «Оплата» and an open invoice 2018/943 for 4 000 ₽ of Гракун Е.'s deal. */
async function openInvoice(): Promise<Harness> {
  const h = await Harness.start({ rules: { payments: { telegramChatId: PAY } } });
  const comp = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
  const d1 = await h.sim.createDeal({ ...sampleDeal(1), COMPANY_ID: String(comp) });
  await settle(h.app);
  h.sim.addInvoice({
    kind: 'smart',
    number: '2018/943',
    amount: 4000,
    dealId: d1,
    companyId: comp,
    responsibleId: PEOPLE.grakun.id,
  });
  return h;
}

/** The director's day in «Оплата»: one announced payment the list shows with its sum. */
async function dayWithPayment(): Promise<Harness> {
  const h = await openInvoice();
  await h.say(PEOPLE.director.telegram, PAY, 'Оплачен 2018/943 — 4000');
  return h;
}

describe('/payments shows money only in «Оплата» or in private', () => {
  it('when the director types /payments in a sales group, then that group hears where the list is shown and sees no figures; in «Оплата» and in private the list comes', async () => {
    h = await dayWithPayment();
    const inSales = await commandIn(h, SALES, '/payments');
    expect(inSales.map((m) => m.text)).toEqual([
      '/payments показывает оплаты только в чате «Оплата» или в личном чате со мной.',
    ]);
    const inPay = await commandIn(h, PAY, '/payments');
    expect(inPay.at(-1)?.text).toMatch(/Оплаты за сегодня[\s\S]*2018\/943 — 4\u00a0000\u00a0₽/);
    await h.sendCommand(PEOPLE.director.telegram, '/payments');
    expect(h.messagesTo(PEOPLE.director.telegram).at(-1)?.text).toMatch(/Оплаты за сегодня[\s\S]*2018\/943/);
  });
});

describe('commands in any case', () => {
  it('when a bot_command entity opens the text, then the name is read in any case and a command to another bot is not ours', () => {
    const at0 = (len: number) => [{ type: 'bot_command', offset: 0, length: len }];
    expect(typedCommand('/Help', at0(5), 'SalesBot')).toEqual({ command: 'help', args: '' });
    expect(typedCommand('/PAYMENTS@salesbot 05.12', at0(18), 'SalesBot')).toEqual({
      command: 'payments',
      args: '05.12',
    });
    expect(typedCommand('/payments@OtherBot', at0(18), 'SalesBot')).toBeNull();
    expect(typedCommand('/foo', at0(4), 'SalesBot')).toBeNull();
  });

  it('when a manager types «/Help» in Telegram, then the help comes, not «Не знаю команды»', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.grakun.telegram, '/Help');
    const answer = h.messagesTo(PEOPLE.grakun.telegram).at(-1)?.text ?? '';
    expect(answer).not.toMatch(/Не знаю команды/);
    expect(answer).toContain('/where');
  });

  it('when the director types «/PAYMENTS» in «Оплата», then the list comes', async () => {
    h = await dayWithPayment();
    const answer = await commandIn(h, PAY, '/PAYMENTS');
    expect(answer.at(-1)?.text).toMatch(/Оплаты за сегодня[\s\S]*2018\/943/);
  });

  it('when a manager types «/Help» to the bot in Bitrix24, then the help comes, not «Не знаю команды»', async () => {
    h = await Harness.start({ chatBot: true });
    await h.b24Say(PEOPLE.grakun.id, 'bot', '/Help');
    const answer = h.b24MessagesTo(PEOPLE.grakun.id).at(-1)?.text ?? '';
    expect(answer).not.toMatch(/Не знаю команды/);
    expect(answer).toContain('/where');
  });
});

describe('/payments lists every announcement of the day', () => {
  it('when the director asked «Оплатили 943 на 4000?» (no prompt: a question announces nothing), then /payments lists it too, with where it stands', async () => {
    h = await dayWithPayment();
    await h.say(PEOPLE.director.telegram, PAY, 'Оплатили 943 на 4000?');
    await h.say(PEOPLE.director.telegram, PAY, 'Всем доброе утро');
    await h.sendCommand(PEOPLE.director.telegram, '/payments');
    const list = h.messagesTo(PEOPLE.director.telegram).at(-1)?.text ?? '';
    const lines = list.split('\n').slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^10:00 сч\. 2018\/943 — 4\u00a0000\u00a0₽ → Гракун Е\.: ⏳ ждёт менеджера$/);
    expect(lines[1]).toBe('10:00 «Оплатили 943 на 4000?»: ❓ вопрос — запрос менеджеру не отправлен');
  });
});

describe('an INN no one can have is called so', () => {
  it('when the INN fails its check digit or has nine digits, then the chat hears what is wrong; a complete payment is still prompted', async () => {
    h = await dayWithPayment();
    await h.say(PEOPLE.director.telegram, PAY, 'Оплата от ИНН 7707083894');
    expect(h.messagesTo(PAY).at(-1)?.text).toBe(
      'ИНН 7707083894 — не сходится контрольная цифра, проверьте, пожалуйста.',
    );
    await h.say(PEOPLE.director.telegram, PAY, 'ИНН 770708389');
    expect(h.messagesTo(PAY).at(-1)?.text).toBe(
      'ИНН 770708389 — 9 цифр, а в ИНН их 10 (организация) или 12 (ИП, физлицо). Проверьте, пожалуйста.',
    );
    const prompts = () => h!.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('💳')).length;
    const before = prompts();
    h.sim.addInvoice({ kind: 'smart', number: '2018/950', amount: 5000, responsibleId: PEOPLE.grakun.id });
    await h.say(PEOPLE.director.telegram, PAY, 'Оплачен 2018/950 — 5000, ИНН 7707083894');
    expect(prompts()).toBe(before + 1);
    expect(h.messagesTo(PAY).at(-1)?.text).toMatch(
      /^ИНН 7707083894 — не сходится контрольная цифра[^\n]*\n→ Гракун Е\., счёт 2018\/950/,
    );
  });

  it('when a text names an INN, then only a labelled one of the wrong length or check digit is a mistake', () => {
    expect(innMistake('ИНН 7707083893')).toBeNull();
    expect(innMistake('ИНН плательщика: 500100732259')).toBeNull();
    expect(innMistake('Оплата от ИНН 7707083894')).toEqual({ written: '7707083894', kind: 'checksum' });
    expect(innMistake('ИНН: 500100732258')).toEqual({ written: '500100732258', kind: 'checksum' });
    expect(innMistake('ИНН 770708389')).toEqual({ written: '770708389', kind: 'length' });
    expect(innMistake('ИНН/КПП 7707083893/770701001')).toBeNull();
    expect(innMistake('Оплачен счёт 2018/943 на 4000')).toBeNull();
  });
});

describe('«Оплата» as a forum supergroup', () => {
  /** The bot's messages in the chat as Telegram got them: the text, its topic, what it answers. */
  const sentTo = (h: Harness, chatId: number) =>
    h.tg.storage.botMessages
      .filter((u) => String(u.message.chat_id) === String(chatId))
      .map((u) => {
        const m = u.message as unknown as { text: string; message_thread_id?: number; reply_parameters?: unknown };
        const reply = typeof m.reply_parameters === 'string' ? JSON.parse(m.reply_parameters) : m.reply_parameters;
        return {
          text: m.text,
          thread: m.message_thread_id,
          replyTo: (reply as { message_id?: number } | undefined)?.message_id,
        };
      });

  it('when the director announces a payment in a topic, then the answer, the confirmation and /payments land in that topic; a message in General is answered without one', async () => {
    h = await openInvoice();
    const topic = { message_thread_id: 77, is_topic_message: true, chat: { is_forum: true } };
    const said = await h.postRaw(
      PEOPLE.director.telegram,
      PAY,
      { text: 'Оплачен 2018/943 — 4000', ...topic },
      { chatType: 'supergroup' },
    );
    expect(sentTo(h, PAY).at(-1)).toEqual({ text: '→ Гракун Е., счёт 2018/943', thread: 77, replyTo: said });
    const prompt = h
      .messagesTo(PEOPLE.grakun.telegram)
      .filter((m) => m.buttons.some((b) => /Да, оплачен/.test(b.text)))
      .at(-1)!;
    await h.press(PEOPLE.grakun.telegram, prompt, /Да, оплачен/);
    expect(sentTo(h, PAY).at(-1)).toMatchObject({
      text: expect.stringMatching(/отмечен оплаченным/),
      thread: 77,
      replyTo: said,
    });
    // A message in the General topic carries no topic of its own: the answer names none («message thread not found»).
    const general = await h.postRaw(
      PEOPLE.director.telegram,
      PAY,
      { text: 'Оплачен 2018/999 — 100', chat: { is_forum: true } },
      { chatType: 'supergroup' },
    );
    expect(sentTo(h, PAY).at(-1)).toEqual({
      text: 'Не нашёл счёт 2018/999 — проверьте номер.',
      thread: undefined,
      replyTo: general,
    });
    const client = h.tg.getClient(BOT_TOKEN, {
      userId: PEOPLE.director.telegram,
      chatId: PAY,
      firstName: 'Андрей',
      type: 'supergroup',
      chatTitle: 'Оплата',
    });
    const read = h.app.metrics.chatMessages.get();
    await client.sendCommand(client.makeCommand('/payments', topic as never));
    await waitFor(() => h!.app.metrics.chatMessages.get() > read, 'bot to read /payments');
    await settle(h.app);
    expect(sentTo(h, PAY).at(-1)).toMatchObject({ text: expect.stringMatching(/^<b>Оплаты за сегодня/), thread: 77 });
    // A 1C statement file posted in another topic: its summary goes there.
    const file = statementFile([
      {
        n: 5,
        sum: '700.00',
        inn: '7806210729',
        payer: 'ООО "ЭЛЕКСИС"',
        purpose: 'Оплата по счету № 2018/777 от 20.11.2026',
      },
    ]);
    const posted = await h.postRaw(
      PEOPLE.director.telegram,
      PAY,
      { document: h.tgFiles.offer('kl_to_1c.txt', file), ...topic, message_thread_id: 78 },
      { chatType: 'supergroup' },
    );
    expect(sentTo(h, PAY).at(-1)).toMatchObject({
      text: expect.stringMatching(/^📄 Выписка/),
      thread: 78,
      replyTo: posted,
    });
  });
});
