/**
 * Telegram or the portal cannot be reached at all (a refused port stands for a blocked or mistyped
 * host): the bot starts anyway and goes on with the other side, says so in the log, /healthz shows it
 * at once and fails past the grace, the admins are told once — and again when it answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { captureLog } from '../support/log';
import { Gate } from '../support/gate';

let h: Harness | undefined;
let gate: Gate | undefined;
afterEach(async () => {
  await h?.stop();
  await gate?.close();
  h = undefined;
  gate = undefined;
});

const START = '2026-11-23T07:00:00.000Z'; // the harness's Monday, 10:00 Moscow
const cardsTo = (telegramId: number) =>
  h!.messagesTo(telegramId).filter((m) => m.buttons.some((b) => b.callback_data?.startsWith('claim:')));
const b24To = (id: number, re: RegExp) => h!.b24MessagesTo(id).filter((m) => re.test(m.text));
const tgTo = (id: number, re: RegExp) => h!.messagesTo(id).filter((m) => re.test(m.text));
async function healthz(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${h!.botUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Telegram unreachable (fresh26 #3)', () => {
  it('when Telegram cannot be reached at start, then the bot starts, logs the root and the error, the portal side and the Bitrix24 messenger work, /healthz says unreachable (503 past the grace), the admins are told once in Bitrix24, and the waiting card goes out when it is back', async () => {
    const { lines, log } = captureLog();
    let upstream = '';
    gate = await Gate.closed(() => upstream);
    const g = gate;
    // Before: Harness.start awaited app.start(), which waited for getMe for ever.
    h = await Harness.start({
      log,
      chatBot: true,
      rules: {
        messengers: { default: 'both' },
        telegram: { perChatPerSecond: 20, perChatBurst: 20, unreachableAfter: '30s' },
      },
      telegramApiRoot: (url) => {
        upstream = url;
        return g.url;
      },
    });
    await waitFor(
      () =>
        lines.some(
          (l) =>
            l.level === 40 &&
            String(l.msg).startsWith(`cannot reach Telegram at ${g.url}: connect ECONNREFUSED`) &&
            /retrying in \d+ s/.test(String(l.msg)),
        ),
      'a log line naming the root and the error',
    );
    const early = await healthz();
    expect(early.status).toBe(200);
    expect(early.body.telegram).toMatchObject({ state: 'unreachable', since: START });
    expect(String((early.body.telegram as { error: string }).error)).toMatch(/ECONNREFUSED/);

    // The portal side works: a new deal's card reaches the Bitrix24 messenger; its Telegram copy waits.
    await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await h.app.tick();
    expect(h.b24MessagesTo(PEOPLE.grakun.id).some((m) => m.text.includes('Новая сделка'))).toBe(true);
    const tgRows = () =>
      h!.app.db
        .prepare(`SELECT status FROM outbox WHERE channel = 'telegram' AND target = ?`)
        .all(String(PEOPLE.grakun.telegram)) as Array<{ status: string }>;
    expect(tgRows().map((r) => r.status)).toEqual(['pending']);

    // Past the grace: 503, one error line, the admin told once in the Bitrix24 messenger.
    h.clock.advance(31_000);
    await h.app.tick();
    const late = await healthz();
    expect(late.status).toBe(503);
    expect(late.body.telegram).toMatchObject({ state: 'unreachable', since: START });
    h.clock.advance(60_000);
    await h.app.tick();
    expect(b24To(PEOPLE.director.id, /Telegram недоступен с 23\.11 10:00/)).toHaveLength(1);
    expect(
      lines.filter((l) => l.level === 50 && /Telegram at .* unreachable for longer than 30 s/.test(String(l.msg))),
    ).toHaveLength(1);
    expect(tgRows().map((r) => r.status)).toEqual(['pending']);

    // Back: polling starts, the card waiting in the outbox goes out, /healthz is fine, the admin told.
    await g.open();
    await waitFor(
      async () => {
        await h!.app.tick();
        return cardsTo(PEOPLE.grakun.telegram).length === 1;
      },
      'the waiting card in Telegram',
      20_000,
    );
    expect((await healthz()).status).toBe(200);
    expect(h.app.health().details.telegram).toBe('ok');
    await waitFor(async () => {
      await h!.app.tick();
      return b24To(PEOPLE.director.id, /Telegram снова доступен \(сбой с 23\.11 10:00\)/).length === 1;
    }, 'the admin told it is back');
    // Polling works again: a command is read and answered.
    await h.sendCommand(PEOPLE.ivanov.telegram, '/where');
    await waitFor(async () => {
      await h!.app.tick();
      return h!.messagesTo(PEOPLE.ivanov.telegram).length > 0;
    }, 'the answer to /where');
  }, 40_000);
});

describe('portal unreachable (fresh26 #4)', () => {
  it('when the portal cannot be reached, then /healthz shows it at once and is 503 past the grace, the admins are told once in Telegram, and again when it answers', async () => {
    const { lines, log } = captureLog();
    const TOKEN = 'fresh26token';
    let upstream = '';
    gate = await Gate.closed(() => upstream);
    await gate.open();
    h = await Harness.start({
      log,
      simulator: { token: TOKEN },
      env: { BITRIX_WEBHOOK_URL: `${gate.url}/rest/1/${TOKEN}/` },
      rules: {
        bitrix: { retryBase: '20ms', maxRetries: 1, requestsPerSecond: 100, burst: 100, unreachableAfter: '45s' },
      },
      seed: (sim) => {
        upstream = sim.portalUrl;
      },
    });
    await h.app.reconcile();
    expect(h.app.health().details.portal).toBe('ok');

    await gate.close();
    await h.app.reconcile().catch(() => 0);
    const early = await healthz();
    expect(early.status).toBe(200);
    expect(early.body.portal).toMatchObject({ state: 'unreachable', since: START });
    expect(String((early.body.portal as { error: string }).error)).toMatch(/connection failed \(ECONNREFUSED\)/);
    expect(lines.filter((l) => l.level === 40 && /cannot reach the portal at/.test(String(l.msg)))).toHaveLength(1);

    // Past the grace: 503 and one notice, however many sweeps fail.
    h.clock.advance(46_000);
    await h.app.reconcile().catch(() => 0);
    await h.app.tick();
    const late = await healthz();
    expect(late.status).toBe(503);
    expect(late.body.portal).toMatchObject({ state: 'unreachable', since: START });
    h.clock.advance(60_000);
    await h.app.reconcile().catch(() => 0);
    await h.app.tick();
    await waitFor(async () => {
      await h!.app.tick();
      return tgTo(PEOPLE.director.telegram, /Битрикс24 недоступен с 23\.11 10:00/).length > 0;
    }, 'the admin told in Telegram');
    expect(tgTo(PEOPLE.director.telegram, /Битрикс24 недоступен/)).toHaveLength(1);
    // The webhook's secret path is never in the text, the log, or /healthz.
    expect(JSON.stringify(late.body)).not.toContain(TOKEN);
    expect(
      h
        .messagesTo(PEOPLE.director.telegram)
        .map((m) => m.text)
        .join('\n'),
    ).not.toContain(TOKEN);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);

    await gate.open();
    await h.app.reconcile();
    await h.app.tick();
    expect((await healthz()).status).toBe(200);
    expect(h.app.health().details.portal).toBe('ok');
    await waitFor(async () => {
      await h!.app.tick();
      return tgTo(PEOPLE.director.telegram, /Битрикс24 снова отвечает \(сбой с 23\.11 10:00\)/).length === 1;
    }, 'the admin told it is back');
  }, 30_000);
});

describe('portal hung (accepts the connection, never answers)', () => {
  it('when a call hangs past bitrix.timeout, then /healthz says unreachable since the call was sent and fails at once when the grace is the timeout, not a grace later', async () => {
    const TOKEN = 'hungtoken';
    let upstream = '';
    gate = await Gate.closed(() => upstream);
    await gate.open();
    h = await Harness.start({
      simulator: { token: TOKEN },
      env: { BITRIX_WEBHOOK_URL: `${gate.url}/rest/1/${TOKEN}/` },
      // The defaults' proportion (timeout 60 s, grace 60 s), short: before, /healthz stayed 200 for
      // the timeout and then a whole grace more (about 2 minutes with the defaults).
      rules: { bitrix: { timeout: '1s', maxRetries: 0, requestsPerSecond: 100, burst: 100, unreachableAfter: '1s' } },
      seed: (sim) => {
        upstream = sim.portalUrl;
      },
    });
    await h.app.reconcile();
    expect((await healthz()).status).toBe(200);

    await gate.hang();
    await h.app.reconcile().catch(() => 0);
    expect(gate.requests.some((r) => r.includes('/crm.deal.list.json'))).toBe(true);
    // The test's clock stood still while the call hung for its timeout (real time): since is that much earlier.
    const hung = await healthz();
    expect(hung.status).toBe(503);
    expect(hung.body.portal).toMatchObject({
      state: 'unreachable',
      error: expect.stringMatching(/no answer within 1000 ms/),
    });
    expect(Date.parse((hung.body.portal as { since: string }).since)).toBeLessThanOrEqual(Date.parse(START) - 1000);
    expect(JSON.stringify(hung.body)).not.toContain(TOKEN);
  }, 30_000);
});
