import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, migrate, type Db } from '../../src/store/db';
import { InboundStore } from '../../src/store/inbound';
import type { DealsContext } from '../../src/deals/context';
import { DealStore, AssignmentStore } from '../../src/deals/store';
import { PeopleStore } from '../../src/people/store';
import { OutboxStore } from '../../src/store/outbox';
import { TimerStore } from '../../src/store/timers';
import { KvStore, transactor } from '../../src/store/db';
import { DomainEvents } from '../../src/kernel/events';
import { processInbound } from '../../src/deals/inbox';
import { Directory } from '../../src/kernel/directory';
import { BitrixError } from '../../src/integrations/bitrix/client';
import { ManualClock } from '../../src/kernel/clock';
import { parseRules } from '../../src/config';
import { createLogger } from '../../src/kernel/log';
import { Metrics } from '../../src/kernel/metrics';
import { companyRules } from '../../simulator/portal-fixture';
import type { Crm, DealSnapshot } from '../../src/kernel/ports';

// A portal that refuses one deal (say, no rights to it) inside otherwise good batches.
const POISON = 13;
const reads: number[][] = [];
const crm = {
  portalUrl: 'https://example.bitrix24.ru',
  async getDeals(ids: number[]) {
    reads.push(ids);
    if (ids.includes(POISON))
      throw new BitrixError(`crm.deal.get failed for deal ${POISON}: Access denied`, 'ACCESS_DENIED', 200);
    return new Map(
      ids.map((id): [number, DealSnapshot] => [
        id,
        {
          id,
          title: `#${id}`,
          categoryId: 0,
          stageId: 'NEW',
          assignedById: 7,
          contactId: null,
          companyId: null,
          amount: 0,
          currency: 'RUB',
          comment: '',
          address: null,
          dateModify: null,
        },
      ]),
    );
  },
  // A small chunk reads its deals with their clients and assignees (one batch); none are read here.
  async getDealsWithDetails(ids: number[]) {
    return { deals: await crm.getDeals(ids), clients: new Map(), people: new Map() };
  },
  listPeople: async () => [],
  readPerson: async () => null,
  listDepartments: async () => [],
  listPipelines: async () => [],
  getClients: async () => new Map(),
} as unknown as Crm;

let dir: string;
let db: Db;
let ctx: DealsContext;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'b24inbox-'));
  db = openDb(join(dir, 'bot.sqlite'));
  migrate(db);
  const people = new PeopleStore(db);
  ctx = {
    directory: new Directory(crm),
    rules: parseRules(companyRules()),
    clock: new ManualClock(0),
    log: createLogger({ level: 'silent' }),
    metrics: new Metrics(),
    portalUrl: crm.portalUrl,
    b24chat: false,
    tx: transactor(db),
    outbox: new OutboxStore(db),
    timers: new TimerStore(db),
    kv: new KvStore(db),
    reach: people,
    events: new DomainEvents(),
    deals: new DealStore(db),
    assignments: new AssignmentStore(db),
    inbound: new InboundStore(db),
    absences: { absence: () => null, standIn: () => null },
  };
  reads.length = 0;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('processInbound', () => {
  it('when one deal of a batch cannot be read, then the others are applied and that one is retried, then given up', async () => {
    const inbound = new InboundStore(db);
    for (const id of [11, 12, POISON, 14])
      inbound.record({ source: 'crm', dedupKey: `ONCRMDEALADD:${id}:1`, event: 'ONCRMDEALADD', entityId: id }, 0);
    let now = 0;
    await processInbound(ctx, crm, { nowReal: () => now, retryBaseMs: 10 });
    expect(reads[0]).toEqual([11, 12, POISON, 14]);
    expect(ctx.deals.count()).toBe(3);
    expect(inbound.pendingCount()).toBe(1);
    for (let i = 0; i < 10; i++) {
      now += 10_000;
      await processInbound(ctx, crm, { nowReal: () => now, retryBaseMs: 10 });
    }
    expect(inbound.pendingCount()).toBe(0);
    expect(ctx.metrics.eventsRejected.get({ reason: 'unreadable' })).toBe(1);
    expect(reads.filter((r) => r.length === 1 && r[0] === POISON)).toHaveLength(8);
  });

  it('when an event arrives while the read waits for the portal’s pace, then it goes in that same read', async () => {
    const inbound = new InboundStore(db);
    const record = (id: number) =>
      inbound.record({ source: 'crm', dedupKey: `ONCRMDEALADD:${id}:1`, event: 'ONCRMDEALADD', entityId: id }, 0);
    let slotFree = () => {};
    const paced = Object.assign(Object.create(crm) as Crm, {
      whenReady: () =>
        new Promise<void>((r) => {
          slotFree = r;
        }),
    });
    record(21);
    const pass = processInbound(ctx, paced, { nowReal: () => 0 });
    await new Promise((r) => setImmediate(r)); // the pass is waiting for its slot
    record(22);
    slotFree();
    await pass;
    expect(reads).toEqual([[21, 22]]);
    expect(ctx.deals.count()).toBe(2);
  });
});
