/**
 * getUpdates as the Bot API documents it (core.telegram.org/bots/api#getupdates): an update is kept
 * until a getUpdates with an offset above its id confirms it; a negative offset keeps the last -offset.
 * The emulator (telegram-test-api) forgets an update once handed out; the strict proxy keeps them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as telegramTestApi from 'telegram-test-api';
import type { TelegramServer as TelegramServerType } from 'telegram-test-api/lib/telegramServer';
import { BOT_TOKEN, freePort } from '../../simulator/harness';
import { faults, StrictTelegramProxy } from '../../simulator/telegram-proxy';

type TelegramServerCtor = typeof TelegramServerType;
const interop = telegramTestApi as unknown as { default: TelegramServerCtor | { default: TelegramServerCtor } };
const TelegramServer: TelegramServerCtor = 'default' in interop.default ? interop.default.default : interop.default;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world() {
  const tg = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3600 });
  await tg.start();
  cleanups.push(() => tg.stop());
  const proxy = await StrictTelegramProxy.start(tg.config.apiURL);
  cleanups.push(() => proxy.stop());
  const user = tg.getClient(BOT_TOKEN, { userId: 7, chatId: 7, firstName: 'u7' });
  const say = (text: string) => user.sendMessage(user.makeMessage(text));
  const tap = (data: string) => user.sendCallback(user.makeCallbackQuery(data, { message: { message_id: 1 } }));
  /** One poll, as a bot makes it: the update ids it got (a message's text or a tap's data beside each). */
  const poll = async (args: Record<string, unknown> = {}) => {
    const res = await fetch(`${proxy.url}/bot${BOT_TOKEN}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeout: 0, ...args }),
    });
    const body = (await res.json()) as {
      ok: boolean;
      result: Array<{ update_id: number; message?: { text?: string }; callback_query?: { data?: string } }>;
    };
    expect(body.ok).toBe(true);
    return body.result.map((u) => ({ id: u.update_id, what: u.message?.text ?? u.callback_query?.data ?? '?' }));
  };
  return { tg, proxy, say, tap, poll };
}

describe('getUpdates offset', () => {
  it('when a poll got an update but no later poll confirmed it (the bot was killed), then the next poll gets it again', async () => {
    const { say, tap, poll } = await world();
    await say('счёт 943');
    await tap('claim:1');
    const first = await poll();
    expect(first.map((u) => u.what)).toEqual(['счёт 943', 'claim:1']);
    // The bot died before its next poll: a new process starts with no offset.
    expect(await poll()).toEqual(first);
    // It confirms the message only (offset = its id + 1): the tap comes again, the message never.
    const [message, press] = first;
    expect(await poll({ offset: message!.id + 1 })).toEqual([press]);
    expect(await poll()).toEqual([press]);
    expect(await poll({ offset: press!.id + 1 })).toEqual([]);
    expect(await poll()).toEqual([]);
    // A later update comes after the confirmed ones, alone.
    await say('ещё');
    expect((await poll()).map((u) => u.what)).toEqual(['ещё']);
  });

  it('when the offset is negative, then only the last -offset updates are kept and the earlier ones are forgotten', async () => {
    const { say, poll } = await world();
    for (const t of ['a', 'b', 'c']) await say(t);
    expect((await poll({ offset: -1 })).map((u) => u.what)).toEqual(['c']);
    expect((await poll()).map((u) => u.what)).toEqual(['c']);
  });

  it('when a limit is given, then a poll hands out at most that many, the earliest first', async () => {
    const { say, poll } = await world();
    for (const t of ['a', 'b', 'c']) await say(t);
    const two = await poll({ limit: 2 });
    expect(two.map((u) => u.what)).toEqual(['a', 'b']);
    expect((await poll({ offset: two[1]!.id + 1, limit: 2 })).map((u) => u.what)).toEqual(['c']);
  });

  it('when the answer of the poll that carries an update is lost, then the update comes on the next poll', async () => {
    const { proxy, tap, poll } = await world();
    proxy.inject({ method: 'getUpdates', carryingUpdates: true, fault: faults.resetAfter() });
    expect(await poll()).toEqual([]); // an empty poll passes the rule
    await tap('claim:1');
    await expect(poll()).rejects.toThrow(); // the answer is lost on the way
    expect((await poll()).map((u) => u.what)).toEqual(['claim:1']);
  });

  it('when an update is put in by hand (an edit), then it comes after the emulator’s unread ones, and a confirmation drops neither unseen', async () => {
    const { tg, proxy, say, poll } = await world();
    await say('оплачен счет 943');
    const counter = tg as unknown as { updateId: number };
    proxy.deliver([
      ...tg.getUpdates(BOT_TOKEN),
      { update_id: counter.updateId++, edited_message: { message_id: 1, text: 'оплачен счет 944' } },
    ]);
    await say('после');
    const got = await poll();
    expect(got.map((u) => u.what)).toEqual(['оплачен счет 943', '?', 'после']);
    expect(new Set(got.map((u) => u.id)).size).toBe(3);
  });
});
