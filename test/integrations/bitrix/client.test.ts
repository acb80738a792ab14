import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BitrixClient,
  BitrixError,
  batchCommand,
  httpBuildQuery,
  type BitrixClientOptions,
} from '../../../src/integrations/bitrix/client';
import { BitrixSimulator, parsePhpQuery } from '../../../simulator/bitrix-portal';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function portal(opts: Parameters<typeof BitrixSimulator.start>[0] = {}) {
  const sim = await BitrixSimulator.start({ rateLimit: false, token: 'sekret-token-42', ...opts });
  cleanup.push(() => sim.stop());
  return sim;
}

/** A client that never really waits: the waits it asked for are recorded instead. */
function client(webhookUrl: string, over: Partial<BitrixClientOptions> = {}) {
  const sleeps: number[] = [];
  const outcomes: string[] = [];
  const c = new BitrixClient({
    webhookUrl,
    requestsPerSecond: 1000,
    burst: 1000,
    sleep: async (ms) => void sleeps.push(ms),
    onCall: (method, outcome, code) => void outcomes.push(`${method} ${outcome}${code ? ` ${code}` : ''}`),
    ...over,
  });
  return { c, sleeps, outcomes };
}

/** A stand-in portal for answers the simulator never gives (429, hung requests, crm.item.list). */
async function stub(handle: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res, n++));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/rest/1/stub-token/`;
}
const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

async function seedDeals(sim: BitrixSimulator, n: number) {
  for (let i = 1; i <= n; i++) await sim.createDeal({ TITLE: `Deal ${i}` }, { emit: false });
}

const caught = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a BitrixError'),
    (e: unknown) => e as BitrixError,
  );

describe('BitrixClient: calls and envelopes', () => {
  it('when a list method answers, then callRaw returns result, next, total and time from the envelope', async () => {
    const sim = await portal();
    await seedDeals(sim, 60);
    const { c } = client(sim.webhookUrl);
    const page = await c.callRaw('crm.deal.list', { select: ['ID', 'TITLE'], order: { ID: 'ASC' } });
    expect(page.result).toHaveLength(50);
    expect(page.next).toBe(50);
    expect(page.total).toBe(60);
    expect(page.time).toMatchObject({ operating: 0, date_start: expect.stringMatching(/\+03:00$/) });
    expect(await c.call('crm.deal.get', { id: 7 })).toMatchObject({ ID: '7', TITLE: 'Deal 7' });
    expect(c.portalUrl).toBe(sim.portalUrl);
  });

  it('when a list spans three pages, then listAll follows next and returns all 120 rows in order', async () => {
    const sim = await portal();
    await seedDeals(sim, 120);
    const { c } = client(sim.webhookUrl);
    sim.resetCalls();
    const rows = await c.listAll<{ ID: string }>('crm.deal.list', { order: { ID: 'ASC' }, select: ['ID'] });
    expect(rows.map((r) => Number(r.ID))).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(sim.calls.map((x) => x.method)).toEqual(['crm.deal.list', 'crm.deal.list', 'crm.deal.list']);
    expect(await c.listAll('crm.deal.list', {}, { maxItems: 70 })).toHaveLength(70);
  });

  it('when a list method wraps rows in an object ({items}, {categories}), then listAll unwraps them', async () => {
    const url = await stub((_req, res, n) =>
      json(
        res,
        200,
        n === 0
          ? { result: { items: [{ id: 1 }, { id: 2 }] }, next: 2, total: 3 }
          : { result: { items: [{ id: 3 }] }, total: 3 },
      ),
    );
    expect(await client(url).c.listAll('crm.item.list', { entityTypeId: 2 })).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
    ]);
    const sim = await portal();
    const cats = await client(sim.webhookUrl).c.listAll<{ id: number }>('crm.category.list', { entityTypeId: 2 });
    expect(cats.map((x) => x.id)).toEqual([0]);
  });

  it('when the webhook token is wrong, then a 401 BitrixError comes at once and does not carry the token', async () => {
    const sim = await portal();
    const { c, outcomes } = client(sim.webhookUrl.replace('sekret-token-42', 'wrong-token-99'));
    const e = await caught(c.call('profile'));
    expect(e).toBeInstanceOf(BitrixError);
    expect(e).toMatchObject({ status: 401, code: 'NO_AUTH_FOUND' });
    expect(e.message).not.toContain('wrong-token-99');
    expect(sim.calls).toHaveLength(1);
    expect(outcomes).toEqual(['profile error NO_AUTH_FOUND']);
  });

  it('when a deal does not exist, then the legacy empty error code is named ERROR_NOT_FOUND and not retried', async () => {
    const sim = await portal();
    const e = await caught(client(sim.webhookUrl).c.call('crm.deal.get', { id: 404 }));
    expect(e).toMatchObject({ status: 400, code: 'ERROR_NOT_FOUND', description: 'Not found' });
    expect(sim.calls).toHaveLength(1);
  });
});

describe('BitrixClient: retries', () => {
  it('when the portal answers 503 QUERY_LIMIT_EXCEEDED twice, then the call is retried with growing backoff and succeeds', async () => {
    const sim = await portal();
    await seedDeals(sim, 1);
    const { c, sleeps, outcomes } = client(sim.webhookUrl, { retryBaseMs: 100 });
    sim.failNext('crm.deal.get', 2, 'QUERY_LIMIT_EXCEEDED');
    expect(await c.call('crm.deal.get', { id: 1 })).toMatchObject({ ID: '1' });
    expect(sim.calls.map((x) => x.status)).toEqual([503, 503, 200]);
    expect(outcomes).toEqual([
      'crm.deal.get retry QUERY_LIMIT_EXCEEDED',
      'crm.deal.get retry QUERY_LIMIT_EXCEEDED',
      'crm.deal.get ok',
    ]);
    // Equal jitter: 50–100 ms, then 100–200 ms.
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    expect(c.stats()).toEqual({ calls: 3, retries: 2, errors: 0 });
  });

  it('when the portal answers 500, then the read is retried and succeeds', async () => {
    const sim = await portal();
    await seedDeals(sim, 1);
    const { c } = client(sim.webhookUrl);
    sim.failNext('*', 1, 'INTERNAL');
    expect(await c.call('crm.deal.get', { id: 1 })).toMatchObject({ ID: '1' });
    expect(sim.calls.map((x) => x.status)).toEqual([500, 200]);
  });

  it('when the portal keeps refusing, then the client gives up after maxRetries with the portal error', async () => {
    const sim = await portal();
    const { c } = client(sim.webhookUrl, { maxRetries: 2 });
    sim.failNext('*', 10, 'QUERY_LIMIT_EXCEEDED');
    const e = await caught(c.call('profile'));
    expect(e).toMatchObject({ status: 503, code: 'QUERY_LIMIT_EXCEEDED' });
    expect(sim.calls).toHaveLength(3);
    expect(c.stats()).toEqual({ calls: 3, retries: 2, errors: 1 });
  });

  it('when the connection drops on crm.deal.get, then the read is retried and succeeds', async () => {
    const sim = await portal();
    await seedDeals(sim, 1);
    const { c, outcomes } = client(sim.webhookUrl);
    sim.failNext('crm.deal.get', 1, 'NETWORK');
    expect(await c.call('crm.deal.get', { id: 1 })).toMatchObject({ ID: '1' });
    expect(sim.calls.map((x) => x.status)).toEqual([0, 200]);
    expect(outcomes[0]).toBe('crm.deal.get retry NETWORK');
  });

  it('when the connection drops on crm.timeline.comment.add, then it is NOT repeated: NETWORK_UNCERTAIN, one comment', async () => {
    const sim = await portal();
    await seedDeals(sim, 1);
    const { c } = client(sim.webhookUrl);
    sim.failNext('crm.timeline.comment.add', 1, 'NETWORK');
    const e = await caught(
      c.call('crm.timeline.comment.add', { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'deal', COMMENT: 'Взята в работу' } }),
    );
    expect(e).toMatchObject({ code: 'NETWORK_UNCERTAIN', status: 0 });
    expect(sim.calls).toHaveLength(1);
    // The simulator carried the call out before dropping the answer: exactly the case a retry would double.
    expect(sim.timelineComments('deal', 1).map((x) => x.comment)).toEqual(['Взята в работу']);
  });

  it('when a non-idempotent call is refused with a clean 503, then it is retried, since the portal did nothing', async () => {
    const sim = await portal();
    await seedDeals(sim, 1);
    const { c } = client(sim.webhookUrl);
    sim.failNext('crm.timeline.comment.add', 1, 'QUERY_LIMIT_EXCEEDED');
    expect(
      await c.call('crm.timeline.comment.add', { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'deal', COMMENT: 'x' } }),
    ).toBe(1);
    expect(sim.timelineComments('deal', 1)).toHaveLength(1);
  });

  it('when a call is marked idempotent: false and the portal fails with 500, then it is reported uncertain, not repeated', async () => {
    const sim = await portal();
    await seedDeals(sim, 1);
    sim.failNext('*', 1, 'INTERNAL');
    const e = await caught(
      client(sim.webhookUrl).c.call('crm.deal.update', { id: 1, fields: { TITLE: 'y' } }, { idempotent: false }),
    );
    expect(e).toMatchObject({ code: 'NETWORK_UNCERTAIN', status: 500 });
    expect(sim.calls).toHaveLength(1);
  });

  it('when the portal does not answer in time, then the attempt is aborted as TIMEOUT (or NETWORK_UNCERTAIN for an add)', async () => {
    const url = await stub(() => undefined); // never answers
    const e = await caught(client(url, { timeoutMs: 50, maxRetries: 1 }).c.call('crm.deal.get', { id: 1 }));
    expect(e).toMatchObject({ code: 'TIMEOUT', status: 0 });
    const add = await caught(client(url, { timeoutMs: 50 }).c.call('crm.deal.add', { fields: {} }));
    expect(add.code).toBe('NETWORK_UNCERTAIN');
    expect(add.message).not.toContain('stub-token');
  });

  it('when the method hits 429 OPERATION_TIME_LIMIT, then the call fails at once with operating_reset_at as retryAt, nothing sleeps, and only that method stays blocked (limits.md)', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 120;
    const url = await stub((req, res) =>
      req.url?.includes('crm.deal.list')
        ? json(res, 429, {
            error: 'OPERATION_TIME_LIMIT',
            error_description: 'Method is blocked due to operation time limit.',
            time: { operating_reset_at: resetAt },
          })
        : json(res, 200, { result: { ID: '1' }, time: {} }),
    );
    const { c, sleeps, outcomes } = client(url);
    const e = await caught(c.call('crm.deal.list'));
    expect(e).toMatchObject({ code: 'OPERATION_TIME_LIMIT', status: 429 });
    expect(e.retryAt).toBeGreaterThan(Date.now() + 110_000);
    expect(e.retryAt).toBeLessThanOrEqual(resetAt * 1000 + 1_000);
    expect(sleeps).toEqual([]);
    // A second call to the blocked method is refused without a request; other methods go on.
    const again = await caught(c.call('crm.deal.list'));
    expect(again.code).toBe('OPERATION_TIME_LIMIT');
    expect(await c.call('crm.deal.get', { id: 1 })).toEqual({ ID: '1' });
    expect(outcomes).toEqual([
      'crm.deal.list error OPERATION_TIME_LIMIT',
      'crm.deal.list error OPERATION_TIME_LIMIT',
      'crm.deal.get ok',
    ]);
    expect(sleeps).toEqual([]);
  });

  it('when the chat-bot rate limit answers a plain 429, then the call is retried with exponential back-off and succeeds (chat-bots-v2/index.md#limits)', async () => {
    // The first answer carries an operating_reset_at 5 minutes ahead: a rate-limit 429 must not wait for it.
    const resetAt = Math.floor(Date.now() / 1000) + 300;
    const url = await stub((_req, res, n) =>
      n >= 1 && n <= 3
        ? json(res, 429, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' })
        : json(res, 200, { result: { id: 5 }, time: { operating_reset_at: resetAt } }),
    );
    const { c, sleeps } = client(url, { retryBaseMs: 1000 });
    expect(await c.call('imbot.v2.Chat.Message.send', {}, { idempotent: false })).toEqual({ id: 5 });
    expect(sleeps).toEqual([]);
    expect(await c.call('imbot.v2.Chat.Message.send', {}, { idempotent: false })).toEqual({ id: 5 });
    expect(sleeps).toHaveLength(3);
    // Equal jitter: each step lies in [step/2, step], steps double.
    [1000, 2000, 4000].forEach((step, i) => {
      expect(sleeps[i]).toBeGreaterThanOrEqual(step / 2);
      expect(sleeps[i]).toBeLessThanOrEqual(step);
    });
  });

  it('when a method inside a batch is blocked by OPERATION_TIME_LIMIT, then the block is keyed by that method, not by batch', async () => {
    const sim = await portal();
    await seedDeals(sim, 2);
    sim.blockMethod('crm.contact.get', 120);
    const { c, sleeps } = client(sim.webhookUrl);
    const r = await c.batch({
      d: { method: 'crm.deal.get', params: { id: 1 } },
      c: { method: 'crm.contact.get', params: { id: 1 } },
    });
    expect(r.errors.c?.error).toBe('OPERATION_TIME_LIMIT');
    expect(r.result.d).toMatchObject({ ID: '1' });
    sim.resetCalls();
    // A batch with the blocked method is refused here; one without it, and the other methods, go on.
    expect((await caught(c.batch({ c: { method: 'crm.contact.get', params: { id: 1 } } }))).code).toBe(
      'OPERATION_TIME_LIMIT',
    );
    expect(sim.calls).toEqual([]);
    expect((await c.batch({ d: { method: 'crm.deal.get', params: { id: 2 } } })).result.d).toMatchObject({ ID: '2' });
    expect((await caught(c.call('crm.contact.get', { id: 1 }))).code).toBe('OPERATION_TIME_LIMIT');
    expect(sim.calls.map((x) => x.method)).toEqual(['batch']);
    expect(sleeps).toEqual([]);
  });

  it('when no timeout is given, then a call waits the portal’s documented 60 s (limits.md), and rules can lower it', () => {
    expect(new BitrixClient({ webhookUrl: 'https://x.bitrix24.ru/rest/1/abc/' }).timeoutMs).toBe(60_000);
    expect(new BitrixClient({ webhookUrl: 'https://x.bitrix24.ru/rest/1/abc/', timeoutMs: 5_000 }).timeoutMs).toBe(
      5_000,
    );
  });

  it('when the portal is unreachable, then the error names the failure but never the webhook secret', async () => {
    const sim = await portal();
    const url = sim.webhookUrl;
    await sim.stop();
    const e = await caught(client(url, { maxRetries: 1 }).c.call('crm.deal.get', { id: 1 }));
    expect(e).toMatchObject({ code: 'NETWORK', status: 0 });
    expect(`${e.message} ${e.stack} ${JSON.stringify(e)}`).not.toContain('sekret-token-42');
  });
});

describe('BitrixClient: batch', () => {
  it('when given 120 commands, then they go as 3 batch requests of at most 50 and every answer comes back under its key', async () => {
    const sim = await portal();
    await seedDeals(sim, 120);
    const { c } = client(sim.webhookUrl);
    sim.resetCalls();
    const cmds = Object.fromEntries(
      Array.from({ length: 120 }, (_, i) => [`d${i + 1}`, { method: 'crm.deal.get', params: { id: i + 1 } }]),
    );
    const res = await c.batch(cmds);
    expect(sim.calls.map((x) => x.method)).toEqual(['batch', 'batch', 'batch']);
    expect(Object.keys(res.result)).toHaveLength(120);
    expect(res.result.d120).toMatchObject({ ID: '120', TITLE: 'Deal 120' });
    expect(res.errors).toEqual({});
  });

  it('when a command refers to an earlier one with $result[key][…], then the portal fills the value in', async () => {
    const sim = await portal();
    sim.addContact({ id: 33, name: 'Сергей' });
    const { c } = client(sim.webhookUrl);
    const res = await c.batch({
      add: { method: 'crm.deal.add', params: { fields: { TITLE: 'A & B: 100%', CONTACT_ID: 33 } } },
      deal: { method: 'crm.deal.get', params: { id: '$result[add]' } },
      first: { method: 'crm.deal.list', params: { filter: { '>=ID': 1 }, select: ['ID', 'CONTACT_ID'] } },
      contact: { method: 'crm.contact.get', params: { id: '$result[first][0][CONTACT_ID]' } },
      missing: { method: 'crm.deal.get', params: { id: 999 } },
    });
    expect(res.result.deal).toMatchObject({ ID: String(res.result.add), TITLE: 'A & B: 100%' });
    expect(res.result.contact).toMatchObject({ ID: '33', NAME: 'Сергей' });
    expect(res.total).toEqual({ first: 1 });
    expect(res.errors).toEqual({ missing: { error: '', error_description: 'Not found' } });
  });

  it('when halt is set and a command fails, then later commands and chunks are not run', async () => {
    const sim = await portal();
    const { c } = client(sim.webhookUrl);
    const cmds = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [
        `c${i}`,
        { method: i === 1 ? 'crm.deal.get' : 'server.time', params: i === 1 ? { id: 5 } : undefined },
      ]),
    );
    const res = await c.batch(cmds, { halt: true });
    expect(Object.keys(res.result)).toEqual(['c0']);
    expect(Object.keys(res.errors)).toEqual(['c1']);
    expect(sim.calls).toHaveLength(1);
  });

  it('when params are nested, then a command is encoded like PHP http_build_query and decodes back to the same structure', () => {
    const params = {
      filter: { '>DATE_MODIFY': '2026-11-23T10:00:00+03:00', '@STAGE_ID': ['NEW', 'C5:NEW'] },
      select: ['ID', 'TITLE'],
      order: { ID: 'ASC' },
      flag: true,
      skip: null,
      text: 'a&b=c d',
    };
    const line = batchCommand({ method: 'crm.deal.list', params });
    expect(line).toBe(
      'crm.deal.list?filter[%3EDATE_MODIFY]=2026-11-23T10%3A00%3A00%2B03%3A00&filter[%40STAGE_ID][0]=NEW&filter[%40STAGE_ID][1]=C5%3ANEW&select[0]=ID&select[1]=TITLE&order[ID]=ASC&flag=1&text=a%26b%3Dc%20d',
    );
    expect(parsePhpQuery(line.split('?')[1]!)).toEqual({ ...params, flag: '1', skip: undefined, text: 'a&b=c d' });
    expect(httpBuildQuery({})).toBe('');
    expect(batchCommand({ method: 'profile' })).toBe('profile');
  });
});

describe('BitrixClient: pacing', () => {
  it('when calls are paced below the portal drain rate, then a real rate-limited portal never refuses them', async () => {
    // Portal: 5 burst, 2/s. Client: burst 4 (one below, since both clocks start at slightly different moments), 2/s.
    const sim = await portal({ rateLimit: { capacity: 5, drainPerSecond: 2 } });
    const c = new BitrixClient({ webhookUrl: sim.webhookUrl, requestsPerSecond: 2, burst: 4, maxRetries: 0 });
    const t0 = performance.now();
    for (let i = 0; i < 7; i++) await c.call('server.time');
    expect(sim.calls.every((x) => x.status === 200)).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1_400); // 3 paced calls at 500 ms each
  });

  it('when the webhook URL is malformed, then construction fails without echoing it', () => {
    expect(() => new BitrixClient({ webhookUrl: 'https://x.bitrix24.ru/secret-path' })).toThrow(/must look like/);
    expect(() => new BitrixClient({ webhookUrl: 'not a url secret-path' })).toThrow(/not a URL/);
    try {
      new BitrixClient({ webhookUrl: 'https://x.bitrix24.ru/secret-path' });
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-path');
    }
  });
});
