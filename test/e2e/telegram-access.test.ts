import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { settle } from '../../simulator/settle';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('telegram access', () => {
  it('when a linked person presses /start, then they are greeted by name and role; a stranger is asked for their number', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.grakun.telegram, '/start');
    expect(h.messagesTo(PEOPLE.grakun.telegram).at(-1)!.text).toBe(
      'Здравствуйте, Екатерина Гракун! Вы — менеджер. Сюда будут приходить сделки и напоминания.',
    );
    await h.sendCommand(PEOPLE.head.telegram, '/start');
    expect(h.messagesTo(PEOPLE.head.telegram).at(-1)!.text).toContain('Вы — руководитель отдела.');
    await h.sendCommand(4242, '/start');
    expect(h.messagesTo(4242).at(-1)!.text).toContain('Поделиться номером');
  });

  it('when updates come by webhook, then only requests with the secret header are accepted', async () => {
    const secret = 'webhook-secret-0123456789';
    h = await Harness.start({
      env: { TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: secret, PUBLIC_URL: 'http://127.0.0.1:1' },
    });
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 4343, type: 'private', first_name: 'X' },
        from: { id: 4343, is_bot: false, first_name: 'X' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    const send = (headers: Record<string, string>) =>
      fetch(`${h!.botUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(update),
      });
    expect((await send({})).status).toBe(401);
    expect((await send({ 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    expect(h.messagesTo(4343)).toHaveLength(0);
    expect((await send({ 'x-telegram-bot-api-secret-token': secret })).status).toBe(200);
    await settle(h.app); // the reply goes out through the outbox
    expect(h.messagesTo(4343).at(-1)!.text).toContain('Поделиться номером');
  });
});
