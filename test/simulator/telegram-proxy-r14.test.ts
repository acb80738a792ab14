/** The strict proxy on forum topics: a bot posts only to a topic a user's message came from (bots/api#sendmessage). */
import { afterEach, expect, it } from 'vitest';
import { StrictTelegramProxy } from '../../simulator/telegram-proxy';

let proxy: StrictTelegramProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

it('when sendMessage names a message_thread_id no topic message came from, then «message thread not found»; without one it passes', async () => {
  proxy = await StrictTelegramProxy.start('http://127.0.0.1:9');
  const send = async (over: Record<string, unknown>) => {
    const res = await fetch(`${proxy!.url}/bot1:x/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: -1001, text: 'ok', ...over }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  expect((await send({ message_thread_id: 77 })).body).toMatchObject({
    ok: false,
    error_code: 400,
    description: 'Bad Request: message thread not found',
  });
  expect((await send({})).status).toBe(502); // passed the checks; no upstream here
});
