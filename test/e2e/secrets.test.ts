import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, BOT_TOKEN, PEOPLE } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { createLogger } from '../../src/kernel/log';
import { settle } from '../../simulator/settle';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
});

describe('secrets', () => {
  it('when calls fail and forged events arrive, then no log line carries a token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    h = await Harness.start({
      chatBot: true,
      chatBotEventMode: 'webhook',
      log: createLogger({ level: 'debug', destination: sink }),
    });
    const webhookSecret = new URL(h.sim.webhookUrl).pathname.split('/')[3]!;
    // A forged event, a failing portal and a retried Telegram delivery all get logged.
    await fetch(`${h.botUrl}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `event=ONCRMDEALADD&data[FIELDS][ID]=1&ts=1&auth[application_token]=${h.sim.applicationToken}x`,
    });
    // A forged chat-bot event, and a Bitrix24 chat message that fails and is retried, carrying the bot token.
    await fetch(`${h.botUrl}/bitrix/bot`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `event=ONIMBOTV2MESSAGEADD&data[bot][id]=${h.chatBot!.id}&auth[application_token]=${h.sim.applicationToken}x`,
    });
    h.sim.failNext('*', 5, 'INTERNAL');
    await h.sim.createDeal(sampleDeal(1));
    await h.sim.createDeal(sampleDeal(2, PEOPLE.operator.id));
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(h.b24MessagesTo(PEOPLE.operator.id)).toHaveLength(1);
    const log = lines.join('');
    expect(log).toContain('bitrix event rejected');
    expect(log).toContain('bitrix chat-bot event rejected');
    expect(log).toContain('could not fetch deals');
    for (const secret of [webhookSecret, h.sim.applicationToken, BOT_TOKEN, BOT_TOKEN.split(':')[1]!, h.chatBot!.token])
      expect(log).not.toContain(secret);
  });
});
