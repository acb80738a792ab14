/**
 * Issue 12: the client and the chat bot against the strict simulator, point by point with the
 * Bitrix24 REST docs (b24restdocs paths in each test name).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BitrixSimulator } from '../../../simulator/bitrix-portal';
import { PEOPLE } from '../../../simulator/portal-fixture';
import { BitrixClient, bitrixDateTime } from '../../../src/integrations/bitrix/client';
import { BitrixCrm } from '../../../src/integrations/bitrix/crm';
import { BitrixInvoices } from '../../../src/integrations/bitrix/invoices';
import { setupChatBot } from '../../../src/integrations/bitrix/chat-bot-setup';
import { ChatEventPoller } from '../../../src/app/chat-fetch';
import { openDb, migrate, KvStore, transactor } from '../../../src/store/db';
import { InboundStore } from '../../../src/store/inbound';
import { Metrics } from '../../../src/kernel/metrics';
import { createLogger } from '../../../src/kernel/log';
import { kvKey } from '../../../src/kernel/keys';
import { fastClient, portalsPerTest } from '../../support/strict-portal';

const { portal, cleanup } = portalsPerTest();

const DOCS_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;

describe('point 6: date-times as data-types.md writes them', () => {
  it('when a Date is formatted for the portal, then it is YYYY-MM-DDThh:mm:ss±hh:mm in the portal zone, never …sssZ', () => {
    const d = new Date('2026-12-01T08:00:00.123Z');
    expect(bitrixDateTime(d, 'Europe/Moscow')).toBe('2026-12-01T11:00:00+03:00');
    expect(bitrixDateTime(d, 'America/New_York')).toBe('2026-12-01T03:00:00-05:00');
    expect(bitrixDateTime(d)).toBe('2026-12-01T08:00:00+00:00');
    expect(bitrixDateTime(d, 'Asia/Kolkata')).toMatch(DOCS_DATETIME);
  });

  it('when the sweep lists changed deals and a to-do is added and moved, then the strict portal accepts every date-time (crm-deal-list.md, crm-activity-todo-add.md, crm-activity-todo-update-deadline.md)', async () => {
    const sim = await portal({ now: () => new Date('2026-11-30T09:00:00Z') });
    const dealId = await sim.createDeal({ TITLE: 'Бетон', ASSIGNED_BY_ID: String(PEOPLE.grakun.id) }, { emit: false });
    const crm = new BitrixCrm(fastClient(sim), { zone: 'Europe/Moscow' });
    expect((await crm.listDealsChangedSince(new Date('2026-11-30T08:00:00.500Z'))).map((d) => d.id)).toEqual([dealId]);
    const todo = await crm.addTodo({
      ownerTypeId: 2,
      ownerId: dealId,
      deadline: new Date('2026-12-01T08:00:00.123Z'),
      title: 'Звонок',
      description: '',
      responsibleId: PEOPLE.grakun.id,
    });
    await crm.moveTodo(todo, 2, dealId, new Date('2026-12-02T07:30:00Z'));
    expect(sim.activities(2, dealId)[0]).toMatchObject({ DEADLINE: '2026-12-02T10:30:00+03:00' });
  });
});

describe('point 1: chat-bot events fetched with the bot’s own token (imbot.v2/events/event-get.md)', () => {
  it('when 150 events wait, then the poller pages them by nextOffset (100, then 50), records each once and the next ask confirms them', async () => {
    const sim = await portal();
    const client = fastClient(sim);
    const bot = await setupChatBot(client, {});
    expect(bot.eventMode).toBe('fetch');
    for (let i = 0; i < 150; i++) await sim.userSays(PEOPLE.grakun.id, String(bot.botId), `сообщение ${i}`);
    expect(sim.pendingBotEvents(bot.botId)).toBe(150);

    const dir = mkdtempSync(join(tmpdir(), 'b24fetch-'));
    const db = openDb(join(dir, 'bot.sqlite'));
    migrate(db);
    cleanup.push(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const kv = new KvStore(db);
    const inbound = new InboundStore(db);
    const poller = new ChatEventPoller(
      client,
      { id: bot.botId, token: bot.botToken },
      { kv, inbound, tx: transactor(db) },
      { log: createLogger({ level: 'silent' }), metrics: new Metrics(), now: () => Date.now(), intervalMs: 0 },
    );
    expect(await poller.poll()).toBe(101); // 100 new + "more are waiting"
    expect(await poller.poll()).toBe(50);
    expect(inbound.pendingCount()).toBe(150);
    expect(await poller.poll()).toBe(0); // confirms the last page
    expect(sim.pendingBotEvents(bot.botId)).toBe(0);
    // Every ask was the bot's own, with its botToken; the offset is durable.
    const asks = sim.calls.filter((c) => c.method === 'imbot.v2.event.get');
    expect(asks).toHaveLength(3);
    expect(Number(kv.get(kvKey.chatEventOffset(bot.botId)))).toBeGreaterThan(0);
  });
});

describe('point 4: invoice kind by where the invoices are (crm/universal/invoice.md)', () => {
  const addInvoice = (sim: BitrixSimulator, kind: 'smart' | 'legacy', number: string) =>
    sim.addInvoice({ kind, number, amount: 1000, responsibleId: PEOPLE.grakun.id });

  it('when type 31 answers but every invoice is the old kind, then the old kind is chosen, and the reason says so', async () => {
    const sim = await portal();
    addInvoice(sim, 'legacy', '2018/943');
    const r = await new BitrixInvoices(fastClient(sim)).invoiceKindWithReason();
    expect(r).toEqual({ kind: 'legacy', why: 'invoices are the old kind (crm.invoice); there are no smart invoices' });
  });

  it('when both kinds exist, then the kind of the newest invoice wins; with none, smart invoices where available', async () => {
    let at = Date.parse('2026-11-01T09:00:00Z');
    const sim = await portal({ now: () => new Date(at) });
    expect((await new BitrixInvoices(fastClient(sim)).invoiceKindWithReason()).kind).toBe('smart');
    addInvoice(sim, 'legacy', 'L-1');
    at += 86_400_000;
    addInvoice(sim, 'smart', 'S-1');
    expect((await new BitrixInvoices(fastClient(sim)).invoiceKindWithReason()).kind).toBe('smart');
    at += 86_400_000;
    addInvoice(sim, 'legacy', 'L-2');
    expect((await new BitrixInvoices(fastClient(sim)).invoiceKindWithReason()).kind).toBe('legacy');
    const none = await portal({ smartInvoices: false });
    expect((await new BitrixInvoices(fastClient(none)).invoiceKindWithReason()).kind).toBe('legacy');
  });
});

describe('point 9: deal COMMENTS with BB codes (crm/deals/crm-deal-add.md)', () => {
  it('when a deal’s COMMENTS hold BB codes and entities, then the deal the bot reads carries plain text', async () => {
    const sim = await portal();
    const id = await sim.createDeal(
      { TITLE: 'Бетон', COMMENTS: '[b]Срочно[/b]: [i]М300[/i] &quot;Заря&quot;' },
      { emit: false },
    );
    const deals = await new BitrixCrm(fastClient(sim)).getDeals([id]);
    expect(deals.get(id)?.comment).toBe('Срочно: М300 "Заря"');
  });
});

describe('documented error codes the bot can meet (_includes/system-errors.md, limits.md, imbot.v2 pages), and the bot’s reaction', () => {
  const quick = (sim: BitrixSimulator, over: Partial<ConstructorParameters<typeof BitrixClient>[0]> = {}) => {
    const sleeps: number[] = [];
    const c = new BitrixClient({
      webhookUrl: sim.webhookUrl,
      requestsPerSecond: 1000,
      burst: 1000,
      maxRetries: 3,
      sleep: async (ms) => void sleeps.push(ms),
      ...over,
    });
    return { c, sleeps };
  };
  const fails = (p: Promise<unknown>) =>
    p.then(
      () => expect.fail('expected an error'),
      (e: unknown) => e as { code: string; status: number; retryAt?: number; message: string },
    );

  it('401 NO_AUTH_FOUND (wrong webhook code): refused at once, not retried', async () => {
    const sim = await portal();
    const { c, sleeps } = quick(sim, { webhookUrl: sim.webhookUrl.replace(/\/[^/]+\/$/, '/wrong-code/') });
    expect(await fails(c.call('profile'))).toMatchObject({ code: 'NO_AUTH_FOUND', status: 401 });
    expect(sleeps).toEqual([]);
  });

  it('403 INVALID_CREDENTIALS (the webhook’s user lost its rights): refused at once, not retried', async () => {
    const sim = await portal();
    sim.addUser({ id: 1, name: 'Админ', lastName: 'Вебхука', departmentIds: [1] });
    sim.setUserActive(1, false);
    const { c, sleeps } = quick(sim);
    expect(await fails(c.call('crm.deal.list'))).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 403 });
    expect(sleeps).toEqual([]);
  });

  it('403 insufficient_scope: refused at once (doctor names the scope); inside a batch, per command', async () => {
    const sim = await portal({ scopes: ['crm', 'user', 'department'] });
    const { c, sleeps } = quick(sim);
    expect(await fails(c.call('im.notify.personal.add', { USER_ID: 7, MESSAGE: 'код' }))).toMatchObject({
      code: 'insufficient_scope',
      status: 403,
      message: expect.stringContaining('the inbound webhook lacks the scope of this method'),
    });
    const r = await c.batch({ d: { method: 'crm.deal.list' }, n: { method: 'imbot.v2.Bot.list', params: {} } });
    expect(r.errors.n?.error).toBe('insufficient_scope');
    expect(r.result.d).toEqual([]);
    expect(sleeps).toEqual([]);
  });

  it('503 QUERY_LIMIT_EXCEEDED and 500 INTERNAL_SERVER_ERROR: a read is retried with back-off and succeeds', async () => {
    const sim = await portal();
    sim.failNext('crm.deal.list', 1, 'QUERY_LIMIT_EXCEEDED');
    sim.failNext('crm.deal.list', 1, 'INTERNAL');
    const { c, sleeps } = quick(sim);
    expect(await c.call('crm.deal.list')).toEqual([]);
    expect(sleeps).toHaveLength(2);
  });

  it('429 (chat-bot rate limit): retried with back-off; 429 OPERATION_TIME_LIMIT: the method is blocked, nothing sleeps', async () => {
    const sim = await portal();
    sim.failNext('imbot.v2.bot.list', 2, 'RATE_LIMIT_429');
    const { c, sleeps } = quick(sim);
    expect(await c.call('imbot.v2.Bot.list', { botToken: 'x'.repeat(20) })).toMatchObject({ bots: [] });
    expect(sleeps).toHaveLength(2);
    sim.failNext('crm.deal.list', 1, 'OPERATION_TIME_LIMIT');
    const e = await fails(c.call('crm.deal.list'));
    expect(e).toMatchObject({ code: 'OPERATION_TIME_LIMIT', status: 429 });
    expect(e.retryAt).toBeGreaterThan(Date.now());
    expect(sleeps).toHaveLength(2);
  });

  it('404 ERROR_METHOD_NOT_FOUND and imbot BOT_NOT_FOUND / BOT_OWNERSHIP_ERROR: refused at once with the code', async () => {
    const sim = await portal();
    const { c, sleeps } = quick(sim);
    expect(await fails(c.call('crm.deal.fly'))).toMatchObject({ code: 'ERROR_METHOD_NOT_FOUND', status: 404 });
    const bot = await setupChatBot(c, {});
    expect(await fails(c.call('imbot.v2.Event.get', { botId: bot.botId + 99, botToken: bot.botToken }))).toMatchObject({
      code: 'BOT_NOT_FOUND',
      status: 400,
    });
    expect(
      await fails(c.call('imbot.v2.Event.get', { botId: bot.botId, botToken: 'another-token-0123456789' })),
    ).toMatchObject({ code: 'BOT_OWNERSHIP_ERROR', status: 403 });
    expect(sleeps).toEqual([]);
  });
});
