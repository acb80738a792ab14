/**
 * Priorities (issue 17): alerts before cards before other messages before CRM writes; no chat's
 * backlog keeps another chat's first row out of a drain; CRM reads never wait behind CRM writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, migrate, type Db } from '../src/store/db';
import { OutboxStore, OUTBOX_PRIORITY } from '../src/store/outbox';
import { BitrixClient } from '../src/integrations/bitrix/client';
import { BitrixSimulator } from '../simulator/bitrix-portal';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function store(): { db: Db; outbox: OutboxStore } {
  const dir = mkdtempSync(join(tmpdir(), 'b24prio-'));
  const db = openDb(join(dir, 'bot.sqlite'));
  migrate(db);
  cleanup.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, outbox: new OutboxStore(db) };
}

const send = (chat: string, text: string) =>
  ({ channel: 'telegram', op: 'send', target: chat, payload: { text } }) as const;

describe('outbox priorities', () => {
  it('when twelve chats have twenty alerts each waiting, then a new card for another chat is still in the next drain, and alerts, cards, messages and CRM writes come in that order', () => {
    const { outbox } = store();
    let n = 0;
    for (let chat = 1; chat <= 12; chat++)
      for (let i = 0; i < 20; i++)
        outbox.enqueue(`alert:${n++}`, send(`head${chat}`, 'alert'), 0, OUTBOX_PRIORITY.alert);
    outbox.enqueue(
      'comment:1',
      { channel: 'crm', op: 'comment', target: '1', payload: { entity: 'deal', id: 1, text: 'x' } },
      0,
    );
    outbox.enqueue('reply:1', send('someone', 'reply'), 0);
    outbox.enqueue('card:1', send('manager', 'card'), 0, OUTBOX_PRIORITY.card);
    const due = outbox.due(Date.now(), 200, 20);
    expect(due).toHaveLength(200);
    const keys = due.map((r) => r.idemKey);
    expect(keys).toContain('card:1');
    // The first rank: every lane's first row, the most urgent first.
    expect(keys.slice(0, 15)).toEqual([
      ...Array.from({ length: 12 }, (_, chat) => `alert:${chat * 20}`),
      'card:1',
      'reply:1',
      'comment:1',
    ]);
    // Within a lane the order stays by id.
    const head1 = keys.filter((k) => Number(k.split(':')[1]) < 20 && k.startsWith('alert:'));
    expect(head1).toEqual([...head1].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
  });
  it('when a manager’s chat has 25 pings waiting and a new card comes, then the card is that chat’s first row in the next drain and the pings keep their order behind it', () => {
    const { outbox } = store();
    for (let i = 0; i < 25; i++) outbox.enqueue(`ping:${i}`, send('manager', 'ping'), 0, OUTBOX_PRIORITY.reminder);
    outbox.enqueue('card:1', send('manager', 'card'), 0, OUTBOX_PRIORITY.card);
    const keys = outbox.due(Date.now(), 200, 20).map((r) => r.idemKey);
    expect(keys[0]).toBe('card:1');
    expect(keys.slice(1)).toEqual(Array.from({ length: 19 }, (_, i) => `ping:${i}`));
  });
});

describe('Bitrix24 client: reads before CRM writes', () => {
  it('when CRM writes wait for the portal pace and a deal read comes, then the read goes before the writes still waiting', async () => {
    const sim = await BitrixSimulator.start({ rateLimit: false, token: 'sekret-token-42' });
    cleanup.push(() => sim.stop());
    const id = await sim.createDeal({ TITLE: 'x', ASSIGNED_BY_ID: '7' }, { emit: false });
    const order: string[] = [];
    const c = new BitrixClient({
      webhookUrl: sim.webhookUrl,
      requestsPerSecond: 5,
      burst: 1,
      onCall: (method, outcome) => void (outcome === 'ok' && order.push(method)),
    });
    const comment = (i: number) =>
      c.call('crm.timeline.comment.add', { fields: { ENTITY_ID: id, ENTITY_TYPE: 'deal', COMMENT: `c${i}` } });
    const writes = [comment(1), comment(2), comment(3)];
    // The first write took the only slot; the other two wait for the pace.
    while (order.length === 0) await new Promise((r) => setImmediate(r));
    const read = c.call('crm.deal.get', { id });
    await Promise.all([...writes, read]);
    const readAt = order.indexOf('crm.deal.get');
    // The first write had the burst slot; the read overtakes those still waiting.
    expect(readAt).toBeLessThanOrEqual(1);
    expect(order.filter((m) => m === 'crm.timeline.comment.add')).toHaveLength(3);
  });
});
