import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, BOT_TOKEN, PEOPLE } from '../support/harness';
import { sampleDeal } from '../support/portal-fixture';
import { createLogger } from '../../src/log';

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
    h = await Harness.start({ log: createLogger({ level: 'debug', destination: sink }) });
    const webhookSecret = new URL(h.sim.webhookUrl).pathname.split('/')[3]!;
    // A forged event, a failing portal and a retried Telegram delivery all get logged.
    await fetch(`${h.botUrl}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `event=ONCRMDEALADD&data[FIELDS][ID]=1&ts=1&auth[application_token]=${h.sim.applicationToken}x`,
    });
    h.sim.failNext('*', 5, 'INTERNAL');
    await h.sim.createDeal(sampleDeal(1));
    await h.app.settle();
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    const log = lines.join('');
    expect(log).toContain('bitrix event rejected');
    expect(log).toContain('could not fetch deals');
    for (const secret of [webhookSecret, h.sim.applicationToken, BOT_TOKEN, BOT_TOKEN.split(':')[1]!]) expect(log).not.toContain(secret);
  });
});
