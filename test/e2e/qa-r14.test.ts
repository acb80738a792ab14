/**
 * Round 14: commands a fresh user trips on — /payments typed in a sales group, and commands typed in
 * another case («/Help», «/PAYMENTS») — in Telegram and in the Bitrix24 messenger.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { typedCommand } from '../../src/integrations/telegram/transport';

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

/** The director's day in «Оплата»: one announced payment the list shows with its sum. */
async function dayWithPayment(): Promise<Harness> {
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
