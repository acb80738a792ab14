import { createServer, request, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

const MIN = 60_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const cardsTo = (telegramId: number) =>
  h!.messagesTo(telegramId).filter((m) => m.buttons.some((b) => b.callback_data?.startsWith('claim:')));

function eventBody(dealId: number, token: string, ts = '1764000000', event = 'ONCRMDEALADD'): string {
  return new URLSearchParams({
    event,
    event_handler_id: '185',
    'data[FIELDS][ID]': String(dealId),
    ts,
    'auth[domain]': 'example.bitrix24.ru',
    'auth[client_endpoint]': 'https://example.bitrix24.ru/rest/',
    'auth[member_id]': 'a223c6b3710f85df22e9377d6c4f7553',
    'auth[application_token]': token,
  }).toString();
}

async function post(url: string, body: string, type = 'application/x-www-form-urlencoded') {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('nothing missed, nothing doubled', () => {
  it('when the same event arrives twice, then the manager gets one card', async () => {
    h = await Harness.start();
    const id = await h.sim.createDeal(sampleDeal(1), { emit: false });
    const first = await post(`${h.botUrl}/bitrix/events`, eventBody(id, h.sim.applicationToken));
    const second = await post(`${h.botUrl}/bitrix/events`, eventBody(id, h.sim.applicationToken));
    expect([first.body.status, second.body.status]).toEqual(['accepted', 'duplicate']);
    // A later update of the same deal (another ts) is a new event but the same assignment.
    await post(`${h.botUrl}/bitrix/events`, eventBody(id, h.sim.applicationToken, '1764000009', 'ONCRMDEALUPDATE'));
    await settle(h.app);
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when an event carries a wrong application token, then it gets 401 and changes nothing', async () => {
    h = await Harness.start();
    const id = await h.sim.createDeal(sampleDeal(2), { emit: false });
    const res = await post(`${h.botUrl}/bitrix/events`, eventBody(id, 'not-the-token'));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/application_token/);
    await settle(h.app);
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(0);
    expect(h.app.metrics.eventsRejected.get({ reason: 'auth' })).toBe(1);
  });

  it('when an event is malformed, then it is rejected with the reason', async () => {
    h = await Harness.start();
    const noId = await post(
      `${h.botUrl}/bitrix/events`,
      eventBody(1, h.sim.applicationToken).replace('data%5BFIELDS%5D%5BID%5D=1', 'data%5BFIELDS%5D%5BID%5D=abc'),
    );
    expect(noId.status).toBe(400);
    expect(noId.body.error).toContain('data[FIELDS][ID]');
    const otherEvent = await post(
      `${h.botUrl}/bitrix/events`,
      eventBody(1, h.sim.applicationToken, '1', 'ONCRMLEADADD'),
    );
    expect(otherEvent.status).toBe(400);
    expect(otherEvent.body.error).toContain('ONCRMDEALADD');
    const notForm = await post(`${h.botUrl}/bitrix/events`, 'hello', 'text/plain');
    expect(notForm.status).toBe(400);
    expect(notForm.body.error).toContain('form-encoded');
    const unknownType = await post(`${h.botUrl}/bitrix/events`, '<xml/>', 'application/xml');
    expect(unknownType.status).toBe(415);
  });

  it('when an event is lost on the way, then the reconciliation sweep finds the deal', async () => {
    h = await Harness.start();
    await h.app.reconcile(); // the first sweep sets the cursor
    h.sim.dropEvents(1);
    await h.sim.createDeal(sampleDeal(3));
    await settle(h.app);
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(0);
    await h.advance(MIN);
    expect(await h.app.reconcile()).toBeGreaterThan(0);
    await settle(h.app);
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    // Its clock started when it was assigned, not when the sweep found it.
    expect(cardsTo(PEOPLE.grakun.telegram)[0]!.text).toContain('Взять до 10:10');
    // Sweeping again finds it unchanged: still one card.
    await h.app.reconcile();
    await settle(h.app);
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when the bot restarts with one timer overdue and one pending, then both fire exactly once', async () => {
    h = await Harness.start();
    await h.sim.createDeal(sampleDeal(4));
    await settle(h.app);
    await h.advance(5 * MIN);
    await h.sim.createDeal(sampleDeal(5, PEOPLE.ivanov.id));
    await settle(h.app);
    await h.app.stop();
    h.clock.advance(7 * MIN); // 10:12 — deal 4 fell due while the bot was down; deal 5 is due at 10:15
    await h.boot();
    await settle(h.app);
    const alerts = () => h!.messagesTo(PEOPLE.head.telegram).map((m) => m.text.split('\n')[1]);
    expect(alerts()).toEqual([expect.stringContaining('#4')]);
    await h.advance(3 * MIN);
    expect(alerts()).toEqual([expect.stringContaining('#4'), expect.stringContaining('#5')]);
    await h.restart();
    await h.advance(MIN);
    expect(alerts()).toHaveLength(2);
  });

  it('when Bitrix24 answers 503 QUERY_LIMIT_EXCEEDED, then the bot retries and the card still arrives', async () => {
    h = await Harness.start();
    h.sim.failNext('batch', 2, 'QUERY_LIMIT_EXCEEDED');
    await h.sim.createDeal(sampleDeal(6));
    await settle(h.app);
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(h.sim.calls.filter((c) => c.status === 503).length).toBe(2);
  });

  it('when Bitrix24 is down for longer than the client retries, then the event waits in the store and is processed later', async () => {
    h = await Harness.start();
    h.sim.failNext('*', 6, 'INTERNAL'); // more than one call's retries (3)
    await h.sim.createDeal(sampleDeal(7));
    await h.app.tick();
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(0);
    expect(h.app.metrics.callErrors.get({ target: 'bitrix' })).toBeGreaterThan(0);
    await settle(h.app, 30_000);
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when Telegram answers 429 with retry_after, then the card is sent once after the wait', async () => {
    let refused = 0;
    let proxy: Server | undefined;
    h = await Harness.start({
      telegramApiRoot: async (upstream) => {
        const up = new URL(upstream);
        proxy = createServer((req, res) => {
          if (req.url?.endsWith('/sendMessage') && refused < 2) {
            refused++;
            req.resume();
            res.writeHead(429, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                ok: false,
                error_code: 429,
                description: 'Too Many Requests: retry after 1',
                parameters: { retry_after: 1 },
              }),
            );
            return;
          }
          const fwd = request(
            { host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers },
            (r) => {
              res.writeHead(r.statusCode ?? 502, r.headers);
              r.pipe(res);
            },
          );
          // A long poll cut off when the test stops is not an error of the bot.
          fwd.on('error', () => res.destroy());
          req.on('error', () => fwd.destroy());
          req.pipe(fwd);
        });
        await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', r));
        return `http://127.0.0.1:${(proxy!.address() as { port: number }).port}`;
      },
    });
    try {
      await h.sim.createDeal(sampleDeal(8));
      await settle(h.app);
      expect(refused).toBe(2);
      expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    } finally {
      await h.stop();
      h = undefined;
      await new Promise((r) => proxy?.close(r));
    }
  });

  it('when the portal answers /healthz and /metrics, then they show the bot state', async () => {
    h = await Harness.start();
    await h.sim.createDeal(sampleDeal(9));
    await settle(h.app);
    const health = await fetch(`${h.botUrl}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`${h.botUrl}/metrics`)).text();
    expect(metrics).toMatch(/bot_events_received_total\{event="ONCRMDEALADD"\} 1/);
    expect(metrics).toMatch(/bot_cards_sent_total 1/);
    expect(metrics).toMatch(/bot_outbox_depth 0/);
  });
});

describe('first start on a portal that already has waiting deals', () => {
  it('when the bot starts for the first time, then waiting deals get cards with a fresh deadline and no back-dated alarms', async () => {
    h = await Harness.start({ rules: { reconcile: { interval: '60s', initialLookback: '60m', overlap: '120s' } } });
    await h.sim.createDeal(sampleDeal(11), { emit: false });
    h.clock.advance(40 * MIN); // the deal has waited 40 minutes before the bot was installed
    await h.app.reconcile();
    await settle(h.app);
    expect(cardsTo(PEOPLE.grakun.telegram)[0]!.text).toContain('Взять до 10:50');
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(0);
    await h.advance(10 * MIN);
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(1);
  });
});
