import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BitrixSimulator, httpBuildQuery, parsePhpQuery, type SimulatorOptions } from '../../simulator/bitrix-portal';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function start(opts: SimulatorOptions = {}) {
  const sim = await BitrixSimulator.start({ rateLimit: false, ...opts });
  cleanup.push(() => sim.stop());
  return sim;
}

/** Wire answers in assertions: read field by field, so `any` is the honest type. */
// biome-ignore lint/suspicious/noExplicitAny: a test reads untyped JSON answers of the simulator field by field
type Json = Record<string, any>;

/** Raw REST call, the way any HTTP client would make it. */
async function rest(
  sim: BitrixSimulator,
  method: string,
  params: unknown = {},
  how: 'json' | 'form' | 'query' = 'json',
) {
  const url = `${sim.webhookUrl}${method}${how === 'query' ? `?${params}` : ''}`;
  const init: RequestInit =
    how === 'json'
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) }
      : how === 'form'
        ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: String(params) }
        : { method: 'GET' };
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Json };
}

/** A tiny outbound-event handler: records what the portal posts and answers `status`. */
async function handler(status = 200) {
  const got: Array<{ type: string; body: URLSearchParams }> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      got.push({ type: req.headers['content-type'] ?? '', body: new URLSearchParams(raw) });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/bitrix/events`, got };
}

describe('BitrixSimulator: wire format', () => {
  it('when a method is called with JSON, a form body or a query string, with or without .json, then the answers agree', async () => {
    const sim = await start();
    for (let i = 0; i < 3; i++) await sim.createDeal({ TITLE: `D${i}` }, { emit: false });
    const viaJson = await rest(sim, 'crm.deal.list.json', { filter: { '>ID': 1 }, select: ['ID'] });
    const viaForm = await rest(sim, 'crm.deal.list', 'filter%5B%3EID%5D=1&select%5B0%5D=ID', 'form');
    const viaQuery = await rest(sim, 'crm.deal.list.json', 'filter[>ID]=1&select[]=ID', 'query');
    for (const r of [viaJson, viaForm, viaQuery])
      expect(r).toMatchObject({ status: 200, body: { result: [{ ID: '2' }, { ID: '3' }], total: 2 } });
    expect(viaJson.body.time).toEqual({
      start: expect.any(Number),
      finish: expect.any(Number),
      duration: expect.any(Number),
      processing: expect.any(Number),
      date_start: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/),
      date_finish: expect.any(String),
      operating_reset_at: expect.any(Number),
      operating: 0,
    });
  });

  it('when the token is wrong or the method unknown, then the portal answers 401 NO_AUTH_FOUND / 404 with the REST error shape (system-errors.md)', async () => {
    const sim = await start();
    const wrong = await fetch(`${sim.webhookUrl.replace(/\/[^/]+\/$/, '/nope/')}profile`, { method: 'POST' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: 'NO_AUTH_FOUND',
      error_description: 'Wrong authorization data',
    });
    expect(await rest(sim, 'crm.deal.fly')).toEqual({
      status: 404,
      body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    });
    expect(sim.calls.map((c) => [c.method, c.status])).toEqual([
      ['profile', 401],
      ['crm.deal.fly', 404],
    ]);
  });

  it('when PHP-style keys are parsed, then nested maps, lists and [] appends come out as PHP would build them', () => {
    expect(parsePhpQuery('a[b][c]=1&a[b][d]=x+y&l[]=1&l[]=2&m[0]=z&plain=%26')).toEqual({
      a: { b: { c: '1', d: 'x y' } },
      l: ['1', '2'],
      m: ['z'],
      plain: '&',
    });
  });
});

describe('BitrixSimulator: deals', () => {
  it('when deals are listed with filter operators, then each operator selects like crm.deal.list does', async () => {
    let now = new Date('2026-11-23T10:00:00+03:00');
    const sim = await start({ now: () => now });
    sim.addCategory({
      id: 5,
      name: 'Нерудка',
      stages: [
        { id: 'C5:NEW', name: 'Новая' },
        { id: 'C5:WON', name: 'Успех', semantics: 'S' },
      ],
    });
    const ids: number[] = [];
    for (const [i, f] of [
      { ASSIGNED_BY_ID: '7' },
      { ASSIGNED_BY_ID: '8', STAGE_ID: 'WON' },
      { CATEGORY_ID: '5', ASSIGNED_BY_ID: '7' },
      { CONTACT_ID: '33', COMPANY_ID: '4' },
    ].entries()) {
      now = new Date(Date.parse('2026-11-23T10:00:00+03:00') + i * 60_000);
      ids.push(await sim.createDeal(f, { emit: false }));
    }
    const q = async (filter: Json) =>
      ((await rest(sim, 'crm.deal.list', { filter, select: ['ID'] })).body.result as Json[]).map((r) => Number(r.ID));
    expect(await q({ ASSIGNED_BY_ID: 7 })).toEqual([1, 3]);
    expect(await q({ '!ASSIGNED_BY_ID': 7 })).toEqual([2, 4]);
    expect(await q({ '@ID': [2, 4] })).toEqual([2, 4]);
    expect(await q({ '>ID': 2, '<=ID': 4 })).toEqual([3, 4]);
    expect(await q({ '>=ID': 3, '<ID': 4 })).toEqual([3]);
    expect(await q({ STAGE_ID: 'WON' })).toEqual([2]);
    expect(await q({ CATEGORY_ID: 5 })).toEqual([3]);
    expect(await q({ CONTACT_ID: 33, COMPANY_ID: 4 })).toEqual([4]);
    // Dates compare as instants, whatever the offset of the filter value: 07:01Z is 10:01+03:00.
    expect(await q({ '>=DATE_MODIFY': '2026-11-23T10:01:00+03:00' })).toEqual([2, 3, 4]);
    expect(await q({ '>DATE_MODIFY': '2026-11-23T10:02:00+03:00' })).toEqual([4]);
    const deal = sim.deal(3)!;
    expect(deal).toMatchObject({
      ID: '3',
      CATEGORY_ID: '5',
      STAGE_ID: 'C5:NEW',
      STAGE_SEMANTIC_ID: 'P',
      CLOSED: 'N',
      DATE_CREATE: '2026-11-23T10:02:00+03:00',
    });
    expect(sim.deal(2)).toMatchObject({ STAGE_SEMANTIC_ID: 'S', CLOSED: 'Y' });
  });

  it('when 120 deals are listed, then pages are 50 with next/total, and start=-1 skips counting', async () => {
    const sim = await start();
    for (let i = 0; i < 120; i++) await sim.createDeal({ TITLE: `D${i}` }, { emit: false });
    const p1 = await rest(sim, 'crm.deal.list', { order: { ID: 'DESC' } });
    expect(p1.body).toMatchObject({ next: 50, total: 120 });
    expect(p1.body.result[0].ID).toBe('120');
    const p3 = await rest(sim, 'crm.deal.list', { start: 100 });
    expect(p3.body.result).toHaveLength(20);
    expect(p3.body.next).toBeUndefined();
    const fast = await rest(sim, 'crm.deal.list', { start: -1, filter: { '>ID': 60 }, order: { ID: 'ASC' } });
    expect(fast.body).toMatchObject({ total: 0 });
    expect(fast.body.next).toBeUndefined();
    expect(fast.body.result[0].ID).toBe('61');
  });

  it('when a deal is added, updated and deleted over REST, then it changes like on a portal and DATE_MODIFY follows the clock', async () => {
    let now = new Date('2026-11-23T10:00:00+03:00');
    const sim = await start({ now: () => now });
    const add = await rest(sim, 'crm.deal.add', {
      fields: {
        TITLE: 'Кольца',
        OPPORTUNITY: 48500,
        ASSIGNED_BY_ID: 7,
        UF_CRM_DELIVERY_ADDRESS: 'Всеволожск',
        BOGUS: 'x',
      },
    });
    const id = add.body.result as number;
    now = new Date('2026-11-23T10:05:00+03:00');
    expect((await rest(sim, 'crm.deal.update', { id, fields: { STAGE_ID: 'LOSE' } })).body.result).toBe(true);
    const got = (await rest(sim, 'crm.deal.get', { id })).body.result;
    expect(got).toMatchObject({
      ID: String(id),
      TITLE: 'Кольца',
      OPPORTUNITY: '48500.00',
      ASSIGNED_BY_ID: '7',
      STAGE_ID: 'LOSE',
      STAGE_SEMANTIC_ID: 'F',
      CLOSED: 'Y',
      DATE_CREATE: '2026-11-23T10:00:00+03:00',
      DATE_MODIFY: '2026-11-23T10:05:00+03:00',
      UF_CRM_DELIVERY_ADDRESS: 'Всеволожск',
    });
    expect(got.BOGUS).toBeUndefined();
    expect((await rest(sim, 'crm.deal.delete', { id })).body.result).toBe(true);
    expect(await rest(sim, 'crm.deal.get', { id })).toEqual({
      status: 400,
      body: { error: '', error_description: 'Not found' },
    });
    expect((await rest(sim, 'crm.deal.get', {})).body.error_description).toBe('ID is not defined or invalid.');
  });

  it('when a deal is behind the read replica (hideNextDeal), then crm.deal.get and a crm.deal.list by @ID both miss it, each read counting, and then both return it', async () => {
    const sim = await start();
    const other = await sim.createDeal({ TITLE: 'видна' }, { emit: false });
    sim.hideNextDeal(2);
    const id = await sim.createDeal({ TITLE: 'отстаёт' }, { emit: false });
    const listed = async () =>
      (
        (await rest(sim, 'crm.deal.list', { filter: { '@ID': [other, id] }, select: ['ID'] })).body.result as Json[]
      ).map((r) => Number(r.ID));
    expect(await listed()).toEqual([other]);
    expect((await rest(sim, 'crm.deal.get', { id })).body.error_description).toMatch(/not found/i);
    expect(await listed()).toEqual([other, id]);
    expect((await rest(sim, 'crm.deal.get', { id })).body.result.TITLE).toBe('отстаёт');
  });

  it('when a deal is won over REST or by the fixture, then STAGE_SEMANTIC_ID, CLOSED and CLOSEDATE follow and crm.deal.list filters on them', async () => {
    let now = new Date('2026-11-23T10:00:00+03:00');
    const sim = await start({ now: () => now });
    sim.addCategory({
      id: 5,
      name: 'Нерудка',
      stages: [
        { id: 'C5:NEW', name: 'Новая' },
        { id: 'C5:WON', name: 'Успех', semantics: 'S' },
        { id: 'C5:LOSE', name: 'Провал', semantics: 'F' },
      ],
    });
    const open = await sim.createDeal({ TITLE: 'open' }, { emit: false });
    const wonRest = await sim.createDeal({ TITLE: 'won over REST', CATEGORY_ID: '5' }, { emit: false });
    const wonUi = await sim.createDeal({ TITLE: 'won in UI' }, { emit: false });
    const lost = await sim.createDeal({ TITLE: 'lost', CATEGORY_ID: '5', STAGE_ID: 'C5:LOSE' }, { emit: false });
    expect(sim.deal(open)).toMatchObject({ STAGE_SEMANTIC_ID: 'P', CLOSED: 'N', CLOSEDATE: null });
    now = new Date('2026-11-25T16:30:00+03:00');
    await rest(sim, 'crm.deal.update', { id: wonRest, fields: { STAGE_ID: 'C5:WON' } });
    await sim.updateDeal(wonUi, { STAGE_ID: 'WON' }, { emit: false });
    expect(sim.deal(wonRest)).toMatchObject({
      STAGE_SEMANTIC_ID: 'S',
      CLOSED: 'Y',
      CLOSEDATE: '2026-11-25T00:00:00+03:00',
    });
    expect(sim.deal(wonUi)).toMatchObject({
      STAGE_SEMANTIC_ID: 'S',
      CLOSED: 'Y',
      CLOSEDATE: '2026-11-25T00:00:00+03:00',
    });
    expect(sim.deal(lost)).toMatchObject({
      STAGE_SEMANTIC_ID: 'F',
      CLOSED: 'Y',
      CLOSEDATE: '2026-11-23T00:00:00+03:00',
    });
    const q = async (filter: Json) =>
      ((await rest(sim, 'crm.deal.list', { filter, select: ['ID'] })).body.result as Json[]).map((r) => Number(r.ID));
    expect(await q({ STAGE_SEMANTIC_ID: 'S' })).toEqual([wonRest, wonUi]);
    expect(await q({ STAGE_SEMANTIC_ID: 'F' })).toEqual([lost]);
    expect(await q({ CLOSED: 'N' })).toEqual([open]);
    expect(await q({ STAGE_SEMANTIC_ID: 'S', '!ID': wonRest })).toEqual([wonUi]);
    // Reopened: back to in progress, the close date stays as the portal leaves it.
    await sim.updateDeal(wonUi, { STAGE_ID: 'EXECUTING' }, { emit: false });
    expect(sim.deal(wonUi)).toMatchObject({ STAGE_SEMANTIC_ID: 'P', CLOSED: 'N' });
  });
});

describe('BitrixSimulator: activities (to-dos)', () => {
  it('when a to-do is added on a contact, then crm.activity.get and crm.activity.list return it as a CRM_TODO row', async () => {
    const now = new Date('2026-11-23T10:00:00+03:00');
    const sim = await start({ now: () => now });
    const contact = sim.addContact({ name: 'Иван' });
    const add = await rest(sim, 'crm.activity.todo.add', {
      ownerTypeId: 3,
      ownerId: contact,
      deadline: '2026-12-23T11:00:00+03:00',
      title: 'Позвонить',
      description: 'Повторный заказ?',
      responsibleId: 7,
      pingOffsets: [0],
    });
    expect(add).toMatchObject({ status: 200, body: { result: { id: 1 } } });
    const got = (await rest(sim, 'crm.activity.get', { id: 1 })).body.result;
    expect(got).toMatchObject({
      ID: '1',
      OWNER_TYPE_ID: '3',
      OWNER_ID: String(contact),
      PROVIDER_ID: 'CRM_TODO',
      SUBJECT: 'Позвонить',
      DESCRIPTION: 'Повторный заказ?',
      RESPONSIBLE_ID: '7',
      DEADLINE: '2026-12-23T11:00:00+03:00',
      COMPLETED: 'N',
      CREATED: '2026-11-23T10:00:00+03:00',
      LAST_UPDATED: '2026-11-23T10:00:00+03:00',
    });
    await rest(sim, 'crm.activity.todo.add', {
      ownerTypeId: 3,
      ownerId: contact,
      deadline: '2026-12-01T09:00:00',
      title: 'Раньше',
    });
    const listed = await rest(sim, 'crm.activity.list', {
      filter: { OWNER_TYPE_ID: 3, OWNER_ID: contact, COMPLETED: 'N' },
      select: ['ID', 'SUBJECT', 'DEADLINE'],
    });
    // Default order is START_TIME; a deadline without an offset is portal time.
    expect(listed.body).toMatchObject({
      total: 2,
      result: [{ ID: '2', SUBJECT: 'Раньше', DEADLINE: '2026-12-01T09:00:00+03:00' }, { ID: '1' }],
    });
    expect(listed.body.result[0].OWNER_ID).toBeUndefined();
    expect(sim.activities(3, contact).map((a) => a.ID)).toEqual(['1', '2']);
    expect(sim.activities(2, contact)).toEqual([]);
  });

  it('when a to-do is added on a missing owner or without a deadline, then the portal refuses it like the docs say', async () => {
    const sim = await start();
    expect(
      await rest(sim, 'crm.activity.todo.add', {
        ownerTypeId: 3,
        ownerId: 99,
        deadline: '2026-12-01T09:00:00',
        title: 'x',
      }),
    ).toEqual({ status: 400, body: { error: 'OWNER_NOT_FOUND', error_description: 'Owner of the entity not found' } });
    const contact = sim.addContact({ name: 'Иван' });
    expect(
      (await rest(sim, 'crm.activity.todo.add', { ownerTypeId: 3, ownerId: contact, title: 'x' })).body.error,
    ).toBe('100');
    expect(
      (await rest(sim, 'crm.activity.todo.add', { ownerTypeId: 3, ownerId: contact, deadline: 'завтра' })).body.error,
    ).toBe('WRONG_DATETIME_FORMAT');
    expect(await rest(sim, 'crm.activity.get', { id: 5 })).toEqual({
      status: 400,
      body: { error: '', error_description: 'Activity is not found.' },
    });
  });

  it('when the deadline is moved over REST or in the UI, then DEADLINE follows, and a completed to-do cannot be moved', async () => {
    let now = new Date('2026-11-23T10:00:00+03:00');
    const sim = await start({ now: () => now });
    const deal = await sim.createDeal({ TITLE: 'Кольца' }, { emit: false });
    const { id } = (
      await rest(sim, 'crm.activity.todo.add', {
        ownerTypeId: 2,
        ownerId: deal,
        deadline: '2026-12-01T09:00:00+03:00',
        title: 'Позвонить',
      })
    ).body.result;
    now = new Date('2026-11-24T12:00:00+03:00');
    expect(
      await rest(sim, 'crm.activity.todo.updateDeadline', {
        id,
        ownerTypeId: 2,
        ownerId: deal,
        value: '2026-12-02T09:30:00+03:00',
      }),
    ).toMatchObject({ status: 200, body: { result: { id } } });
    expect(sim.activities(2, deal)[0]).toMatchObject({
      DEADLINE: '2026-12-02T09:30:00+03:00',
      LAST_UPDATED: '2026-11-24T12:00:00+03:00',
    });
    expect(
      (
        await rest(sim, 'crm.activity.todo.updateDeadline', {
          id,
          ownerTypeId: 2,
          ownerId: deal + 1,
          value: '2026-12-02T09:30:00',
        })
      ).body.error,
    ).toBe('OWNER_NOT_FOUND');
    const other = await sim.createDeal({ TITLE: 'Другая' }, { emit: false });
    expect(
      (
        await rest(sim, 'crm.activity.todo.updateDeadline', {
          id,
          ownerTypeId: 2,
          ownerId: other,
          value: '2026-12-02T09:30:00',
        })
      ).body.error,
    ).toBe('NOT_FOUND');
    sim.moveActivity(id, '2026-12-03T15:00:00+03:00');
    expect((await rest(sim, 'crm.activity.get', { id })).body.result.DEADLINE).toBe('2026-12-03T15:00:00+03:00');
    sim.completeActivity(id);
    expect(
      await rest(sim, 'crm.activity.todo.updateDeadline', {
        id,
        ownerTypeId: 2,
        ownerId: deal,
        value: '2026-12-04T09:00:00',
      }),
    ).toEqual({
      status: 400,
      body: { error: 'CAN_NOT_UPDATE_COMPLETED_TODO', error_description: 'Completed activity cannot be modified' },
    });
  });

  it('when crm.activity.update sets COMPLETED Y, then the to-do is completed and drops out of a COMPLETED N list', async () => {
    let now = new Date('2026-11-23T10:00:00+03:00');
    const sim = await start({ now: () => now });
    const contact = sim.addContact({ name: 'Иван' });
    const { id } = (
      await rest(sim, 'crm.activity.todo.add', {
        ownerTypeId: 3,
        ownerId: contact,
        deadline: '2026-12-01T09:00:00',
        title: 'Позвонить',
      })
    ).body.result;
    now = new Date('2026-12-01T09:10:00+03:00');
    expect(await rest(sim, 'crm.activity.update', { id, fields: { COMPLETED: 'Y' } })).toMatchObject({
      status: 200,
      body: { result: true },
    });
    expect((await rest(sim, 'crm.activity.get', { id })).body.result).toMatchObject({
      COMPLETED: 'Y',
      SUBJECT: 'Позвонить',
      DEADLINE: '2026-12-01T09:00:00+03:00',
      LAST_UPDATED: '2026-12-01T09:10:00+03:00',
    });
    expect(
      (await rest(sim, 'crm.activity.list', { filter: { OWNER_TYPE_ID: 3, OWNER_ID: contact, COMPLETED: 'N' } })).body,
    ).toMatchObject({ result: [], total: 0 });
    expect(
      (await rest(sim, 'crm.activity.update', { id: 77, fields: { COMPLETED: 'Y' } })).body.error_description,
    ).toBe('Activity is not found.');
    sim.deleteActivity(id);
    expect(sim.activities(3, contact)).toEqual([]);
  });
});

describe('BitrixSimulator: directory, pipelines, contacts, timeline', () => {
  it('when pipelines are configured, then crm.category.list, crm.dealcategory.list and crm.status.list describe them', async () => {
    const sim = await start();
    sim.addCategory({
      id: 5,
      name: 'Нерудные материалы',
      stages: [
        { id: 'C5:NEW', name: 'Входящая' },
        { id: 'C5:WON', name: 'Успех', semantics: 'S' },
        { id: 'C5:LOSE', name: 'Провал', semantics: 'F' },
      ],
    });
    expect((await rest(sim, 'crm.category.list', { entityTypeId: 2 })).body).toMatchObject({
      result: {
        categories: [
          { id: 0, name: 'Общая', isDefault: 'Y', entityTypeId: 2 },
          { id: 5, name: 'Нерудные материалы', isDefault: 'N', originId: '' },
        ],
      },
      total: 2,
    });
    expect((await rest(sim, 'crm.dealcategory.list')).body.result).toMatchObject([
      { ID: '5', NAME: 'Нерудные материалы', IS_LOCKED: 'N' },
    ]);
    const stages = (await rest(sim, 'crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_5' } })).body
      .result as Json[];
    expect(stages.map((s) => [s.STATUS_ID, s.SEMANTICS, s.CATEGORY_ID])).toEqual([
      ['C5:NEW', null, '5'],
      ['C5:WON', 'S', '5'],
      ['C5:LOSE', 'F', '5'],
    ]);
    expect(stages[1]).toMatchObject({
      ENTITY_ID: 'DEAL_STAGE_5',
      NAME: 'Успех',
      SORT: '20',
      EXTRA: { SEMANTICS: 'success' },
    });
    expect(
      ((await rest(sim, 'crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } })).body.result as Json[])[0],
    ).toMatchObject({ STATUS_ID: 'NEW', CATEGORY_ID: null });
  });

  it('when a user has a gender in the profile, then user.get and profile return PERSONAL_GENDER M or F, and "" when none is set', async () => {
    // user/user-get.md lists PERSONAL_GENDER among the fields (its examples show ""); common/users/profile.md:
    // "Gender: `M` — male, `F` — female. If the gender is not specified, an empty string is returned".
    const sim = await start();
    sim.addUser({ id: 1, name: 'Андрей', lastName: 'Петров', departmentIds: [1], gender: 'M' });
    sim.addUser({ id: 7, name: 'Екатерина', lastName: 'Гракун', departmentIds: [3], gender: 'F' });
    sim.addUser({ id: 9, name: 'Саша', lastName: 'Новых', departmentIds: [3] });
    const all = (await rest(sim, 'user.get')).body.result as Json[];
    expect(all.map((u) => [u.ID, u.PERSONAL_GENDER])).toEqual([
      ['1', 'M'],
      ['7', 'F'],
      ['9', ''],
    ]);
    expect((await rest(sim, 'profile')).body.result).toMatchObject({ ID: '1', PERSONAL_GENDER: 'M' });
  });

  it('when users and departments exist, then user.get and department.get return them with filters', async () => {
    const sim = await start();
    sim.addDepartment({ id: 1, name: 'Компания', headId: 1 });
    sim.addDepartment({ id: 3, name: 'Продажи', parentId: 1 });
    sim.addUser({ id: 1, name: 'Андрей', lastName: 'Петров', departmentIds: [1], workPhone: '+7 812 000-00-01' });
    sim.addUser({ id: 7, name: 'Екатерина', lastName: 'Гракун', departmentIds: [3], mobilePhone: '+7 921 111-22-33' });
    sim.addUser({ id: 9, name: 'Уволен', lastName: 'Бывший', departmentIds: [3], active: false });
    const all = (await rest(sim, 'user.get')).body;
    expect(all.total).toBe(3);
    expect(all.result[1]).toMatchObject({
      ID: '7',
      ACTIVE: true,
      NAME: 'Екатерина',
      LAST_NAME: 'Гракун',
      UF_DEPARTMENT: [3],
      PERSONAL_MOBILE: '+7 921 111-22-33',
    });
    const ids = (b: Json) => (b.result as Json[]).map((u) => u.ID);
    expect(ids((await rest(sim, 'user.get', { FILTER: { ACTIVE: true, UF_DEPARTMENT: 3 } })).body)).toEqual(['7']);
    expect(ids((await rest(sim, 'user.get', { ID: 9 })).body)).toEqual(['9']);
    expect((await rest(sim, 'department.get')).body.result).toEqual([
      { ID: '1', NAME: 'Компания', SORT: 500, UF_HEAD: '1' },
      { ID: '3', NAME: 'Продажи', SORT: 500, PARENT: '1' },
    ]);
    expect(ids((await rest(sim, 'department.get', { PARENT: 1 })).body)).toEqual(['3']);
    expect((await rest(sim, 'profile')).body.result).toMatchObject({ ID: '1', NAME: 'Андрей', ADMIN: true });
    expect((await rest(sim, 'scope')).body.result).toEqual(expect.arrayContaining(['crm', 'user', 'department']));
  });

  it('when server.time is asked, then it shows the injected clock in the portal offset', async () => {
    const sim = await start({ now: () => new Date('2026-11-23T07:34:00Z'), timeZoneOffset: '+05:00' });
    expect((await rest(sim, 'server.time')).body.result).toBe('2026-11-23T12:34:00+05:00');
  });

  it('when contacts and companies are read, then phones come as multifields (lists only when selected) and INN as a requisite', async () => {
    const sim = await start();
    const company = sim.addCompany({ title: 'ООО «СтройДом»', inn: '7801234567' });
    const contact = sim.addContact({
      name: 'Сергей',
      lastName: 'Орлов',
      phone: '8 (921) 848-53-83',
      companyId: company,
    });
    expect((await rest(sim, 'crm.contact.get', { id: contact })).body.result).toMatchObject({
      NAME: 'Сергей',
      COMPANY_ID: String(company),
      PHONE: [{ VALUE: '8 (921) 848-53-83', VALUE_TYPE: 'WORK', TYPE_ID: 'PHONE' }],
    });
    expect((await rest(sim, 'crm.contact.list')).body.result[0].PHONE).toBeUndefined();
    expect((await rest(sim, 'crm.contact.list', { select: ['NAME', 'PHONE'] })).body.result[0]).toMatchObject({
      ID: String(contact),
      NAME: 'Сергей',
      PHONE: [expect.any(Object)],
    });
    expect((await rest(sim, 'crm.company.get', { id: company })).body.result).toMatchObject({
      TITLE: 'ООО «СтройДом»',
    });
    expect(
      (await rest(sim, 'crm.requisite.list', { filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: company } })).body.result,
    ).toMatchObject([{ RQ_INN: '7801234567' }]);
  });

  it('when a timeline comment is added, then it is listed for its deal and checked like the portal does', async () => {
    const sim = await start({ now: () => new Date('2026-11-23T07:00:00Z') });
    const id = await sim.createDeal({ TITLE: 'x' }, { emit: false });
    const added = await rest(sim, 'crm.timeline.comment.add', {
      fields: { ENTITY_ID: id, ENTITY_TYPE: 'deal', COMMENT: 'Взята в работу', AUTHOR_ID: 7 },
    });
    expect(added.body.result).toBe(1);
    expect(
      (await rest(sim, 'crm.timeline.comment.list', { filter: { ENTITY_ID: id, ENTITY_TYPE: 'deal' } })).body,
    ).toMatchObject({
      result: [
        {
          ID: '1',
          ENTITY_ID: String(id),
          ENTITY_TYPE: 'deal',
          COMMENT: 'Взята в работу',
          AUTHOR_ID: '7',
          CREATED: '2026-11-23T10:00:00+03:00',
        },
      ],
      total: 1,
    });
    expect(sim.timelineComments('deal', id)).toEqual([
      { id: 1, comment: 'Взята в работу', authorId: 7, created: '2026-11-23T10:00:00+03:00' },
    ]);
    expect(
      (await rest(sim, 'crm.timeline.comment.add', { fields: { ENTITY_ID: 999, ENTITY_TYPE: 'deal', COMMENT: 'x' } }))
        .body.error,
    ).toBe('OWNER_NOT_FOUND');
    expect(
      (await rest(sim, 'crm.timeline.comment.add', { fields: { ENTITY_ID: id, ENTITY_TYPE: 'deal', COMMENT: ' ' } }))
        .body.error,
    ).toBe('INVALID_ARG_VALUE');
  });
});

describe('BitrixSimulator: batch', () => {
  it('when a batch runs, then results, errors, totals and nexts come back per key, empty parts as [] like PHP', async () => {
    const sim = await start();
    for (let i = 0; i < 60; i++) await sim.createDeal({ TITLE: `D${i}` }, { emit: false });
    const r = await rest(sim, 'batch', {
      halt: 0,
      cmd: {
        list: 'crm.deal.list?select[0]=ID',
        one: 'crm.deal.get?id=$result[list][1][ID]',
        missing: 'crm.deal.get?id=999',
        nested: 'batch?cmd[a]=profile',
      },
    });
    expect(r.status).toBe(200);
    const b = r.body.result;
    expect(b.result.one).toMatchObject({ ID: '2' });
    expect(b.result_total).toEqual({ list: 60 });
    expect(b.result_next).toEqual({ list: 50 });
    expect(b.result_error).toEqual({
      missing: { error: '', error_description: 'Not found' },
      nested: { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' },
    });
    expect(Object.keys(b.result_time)).toEqual(['list', 'one']);
    expect(r.body.time).toBeDefined();
    const clean = (await rest(sim, 'batch', { cmd: { t: 'server.time' } })).body.result;
    expect(clean.result_error).toEqual([]);
    expect(clean.result_next).toEqual([]);
  });

  it('when a batch is form-encoded with double-encoded commands and embedded references, then it decodes like the portal', async () => {
    const sim = await start();
    const inner =
      'crm.deal.add?fields[TITLE]=' +
      encodeURIComponent('A&B') +
      '&fields[COMMENTS]=' +
      encodeURIComponent('after $result[first]');
    const body = `halt=0&cmd[first]=${encodeURIComponent('crm.deal.add?fields[TITLE]=first')}&cmd[second]=${encodeURIComponent(inner)}`;
    const r = await rest(sim, 'batch', body, 'form');
    expect(r.body.result.result).toEqual({ first: 1, second: 2 });
    expect(sim.deal(2)).toMatchObject({ TITLE: 'A&B', COMMENTS: 'after 1' });
  });

  it('when a batch has more than 50 commands, then the excess fails with ERROR_BATCH_LENGTH_EXCEEDED', async () => {
    const sim = await start();
    const cmd = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`t${i}`, 'server.time']));
    const b = (await rest(sim, 'batch', { cmd })).body.result;
    expect(Object.keys(b.result)).toHaveLength(50);
    expect(Object.keys(b.result_error)).toEqual(['t50', 't51']);
    expect(b.result_error.t50.error).toBe('ERROR_BATCH_LENGTH_EXCEEDED');
  });

  it('when halt=1 and a command fails, then the rest of the batch is not run', async () => {
    const sim = await start();
    const b = (
      await rest(sim, 'batch', { halt: 1, cmd: { a: 'crm.deal.get?id=1', b: 'crm.deal.add?fields[TITLE]=x' } })
    ).body.result;
    expect(Object.keys(b.result_error)).toEqual(['a']);
    expect(b.result).toEqual([]);
    expect(sim.deal(1)).toBeUndefined();
  });
});

describe('BitrixSimulator: limits and faults', () => {
  it('when hammered without pacing, then the leaky bucket (capacity 5, 2/s) answers 503 QUERY_LIMIT_EXCEEDED beyond the burst', async () => {
    const sim = await start({ rateLimit: { capacity: 5, drainPerSecond: 2 } });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await rest(sim, 'server.time'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 503, 503, 503]);
    expect(answers[5]!.body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
  });

  it('when a batch of 50 commands is sent, then it counts as one request toward the limit and in calls', async () => {
    const sim = await start({ rateLimit: { capacity: 2, drainPerSecond: 0.001 } });
    const cmd = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'server.time']));
    expect((await rest(sim, 'batch', { cmd })).status).toBe(200);
    expect((await rest(sim, 'batch', { cmd })).status).toBe(200);
    expect((await rest(sim, 'server.time')).status).toBe(503);
    expect(sim.calls.map((c) => c.method)).toEqual(['batch', 'batch', 'server.time']);
  });

  it('when faults are injected, then 503 and 500 refuse the call while NETWORK carries it out and drops the answer', async () => {
    const sim = await start();
    sim.failNext('crm.deal.add', 1, 'QUERY_LIMIT_EXCEEDED');
    sim.failNext('*', 1, 'INTERNAL');
    expect((await rest(sim, 'crm.deal.add', { fields: { TITLE: 'a' } })).status).toBe(503);
    expect((await rest(sim, 'crm.deal.add', { fields: { TITLE: 'a' } })).status).toBe(500);
    expect(sim.deal(1)).toBeUndefined();
    sim.failNext('crm.deal.add', 1, 'NETWORK');
    await expect(rest(sim, 'crm.deal.add', { fields: { TITLE: 'a' } })).rejects.toThrow();
    expect(sim.deal(1)).toMatchObject({ TITLE: 'a' });
    expect(sim.calls.map((c) => c.status)).toEqual([503, 500, 0]);
    sim.resetCalls();
    expect(sim.calls).toEqual([]);
  });
});

describe('BitrixSimulator: invoices', () => {
  it('when smart invoices are read over crm.item.*, then filters, select, order and paging work and answers come as {items}/{item}', async () => {
    const sim = await start();
    const co = sim.addCompany({ title: 'Ромашка', inn: '7701234567' });
    for (let i = 1; i <= 55; i++)
      sim.addInvoice({
        kind: 'smart',
        number: `2024/${i}`,
        amount: i * 10,
        companyId: i % 2 ? co : undefined,
        dealId: 9,
        responsibleId: 5,
        status: i === 3 ? 'paid' : 'new',
      });
    const page = await rest(sim, 'crm.item.list', {
      entityTypeId: 31,
      filter: { '%accountNumber': '2024/1', '@companyId': [co], '!@stageId': ['DT31_3:P', 'DT31_3:D'] },
      select: ['id', 'stageId'],
      order: { id: 'DESC' },
    });
    expect(page.body.result.items.map((x: Json) => x.id)).toEqual([19, 17, 15, 13, 11, 1]);
    expect(page.body.result.items[0]).toEqual({ id: 19, stageId: 'DT31_3:N' });
    const all = await rest(sim, 'crm.item.list', { entityTypeId: 31, start: 50 });
    expect(all.body).toMatchObject({ total: 55 });
    expect(all.body.result.items).toHaveLength(5);
    expect(all.body.result.items[0]).toMatchObject({
      id: 51,
      accountNumber: '2024/51',
      opportunity: 510,
      currencyId: 'RUB',
      categoryId: 3,
      parentId2: 9,
      companyId: co,
      assignedById: 5,
    });
    expect((await rest(sim, 'crm.item.get', { entityTypeId: 31, id: 3 })).body.result.item).toMatchObject({
      id: 3,
      stageId: 'DT31_3:P',
    });
    expect(await rest(sim, 'crm.item.get', { entityTypeId: 31, id: 99 })).toMatchObject({
      status: 400,
      body: { error: 'NOT_FOUND', error_description: 'Element not found' },
    });
    expect(await rest(sim, 'crm.item.list', { entityTypeId: 31, filter: { ACCOUNT_NUMBER: '1' } })).toMatchObject({
      status: 400,
      body: { error: 'INVALID_ARG_VALUE' },
    });
    const stages = await rest(sim, 'crm.status.list', { filter: { ENTITY_ID: 'SMART_INVOICE_STAGE_3' } });
    expect(stages.body.result.map((r: Json) => [r.STATUS_ID, r.NAME, r.SEMANTICS])).toEqual([
      ['DT31_3:N', 'Новый', null],
      ['DT31_3:S', 'Отправлен', null],
      ['DT31_3:P', 'Оплачен', 'S'],
      ['DT31_3:D', 'Отклонён', 'F'],
    ]);
    expect(
      (await rest(sim, 'crm.requisite.list', { filter: { RQ_INN: '7701234567', ENTITY_TYPE_ID: 4 } })).body.result,
    ).toMatchObject([{ ENTITY_ID: String(co) }]);
  });

  it('when invoices are updated, then the stage or status moves, bad values are refused, and no deal event is posted', async () => {
    const sim = await start();
    const h = await handler();
    sim.setEventHandler(h.url);
    const smart = sim.addInvoice({ kind: 'smart', number: 'S-1', amount: 1, responsibleId: 1 });
    const legacy = sim.addInvoice({ kind: 'legacy', number: 'L-1', amount: 1234.5, companyId: 4, responsibleId: 1 });
    const moved = await rest(sim, 'crm.item.update', { entityTypeId: 31, id: smart, fields: { stageId: 'DT31_3:P' } });
    expect(moved.body.result.item).toMatchObject({ id: smart, stageId: 'DT31_3:P', previousStageId: 'DT31_3:N' });
    expect(
      await rest(sim, 'crm.item.update', { entityTypeId: 31, id: smart, fields: { stageId: 'DT31_3:X' } }),
    ).toMatchObject({ status: 400, body: { error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID' } });

    expect(sim.invoice('legacy', legacy)).toMatchObject({
      PRICE: '1234.50',
      STATUS_ID: 'N',
      UF_COMPANY_ID: '4',
      UF_DEAL_ID: '0',
      PAYED: 'N',
    });
    const listed = await rest(sim, 'crm.invoice.list', {
      filter: { '%ACCOUNT_NUMBER': 'L-', '!STATUS_ID': ['P', 'D'], UF_COMPANY_ID: [4] },
      select: ['ID', 'STATUS_ID'],
    });
    expect(listed.body).toMatchObject({ result: [{ ID: String(legacy), STATUS_ID: 'N' }], total: 1 });
    // The docs do not say LIKE ignores case; the simulator takes the stricter reading.
    const otherCase = await rest(sim, 'crm.invoice.list', { filter: { '%ACCOUNT_NUMBER': 'l-' }, select: ['ID'] });
    expect(otherCase.body).toMatchObject({ result: [], total: 0 });
    expect(
      await rest(sim, 'crm.invoice.update', {
        id: legacy,
        fields: { STATUS_ID: 'P', PAY_VOUCHER_NUM: '17', PAY_VOUCHER_DATE: '2026-01-02' },
      }),
    ).toMatchObject({ status: 200, body: { result: true } });
    expect(sim.invoice('legacy', legacy)).toMatchObject({
      STATUS_ID: 'P',
      PAYED: 'Y',
      PAY_VOUCHER_NUM: '17',
      PAY_VOUCHER_DATE: '2026-01-02',
    });
    expect(await rest(sim, 'crm.invoice.get', { id: 99 })).toEqual({
      status: 400,
      body: { error: '', error_description: 'Not found' },
    });
    await sim.whenEventsDelivered();
    expect(h.got).toEqual([]);
    expect(sim.eventsPosted).toEqual([]);
  });

  it('when smart invoices are off, then crm.item.* for 31 answers "SPA not found" and legacy invoices still work', async () => {
    const sim = await start({ smartInvoices: false });
    sim.addInvoice({ kind: 'legacy', number: 'L-1', amount: 1, responsibleId: 1 });
    expect(await rest(sim, 'crm.item.list', { entityTypeId: 31 })).toMatchObject({
      status: 400,
      body: { error: 'NOT_FOUND', error_description: 'SPA not found' },
    });
    expect(
      (await rest(sim, 'crm.status.list', { filter: { ENTITY_ID: 'SMART_INVOICE_STAGE_3' } })).body.result,
    ).toEqual([]);
    expect((await rest(sim, 'crm.invoice.list')).body.result).toHaveLength(1);
  });
});

describe('BitrixSimulator: outbound events', () => {
  it('when a deal is added over REST, then ONCRMDEALADD is posted form-encoded with the outgoing-webhook fields', async () => {
    const sim = await start({ applicationToken: 'app-token-123', now: () => new Date('2026-11-23T07:00:00Z') });
    const h = await handler();
    sim.setEventHandler(h.url);
    const id = (await rest(sim, 'crm.deal.add', { fields: { TITLE: 'x' } })).body.result as number;
    await sim.whenEventsDelivered();
    expect(h.got).toHaveLength(1);
    expect(h.got[0]!.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(h.got[0]!.body)).toEqual({
      event: 'ONCRMDEALADD',
      event_handler_id: '1',
      'data[FIELDS][ID]': String(id),
      ts: String(Date.parse('2026-11-23T07:00:00Z') / 1000),
      'auth[domain]': new URL(sim.portalUrl).host,
      'auth[client_endpoint]': `${sim.portalUrl}/rest/`,
      'auth[server_endpoint]': 'https://oauth.bitrix.info/rest/',
      'auth[member_id]': expect.stringMatching(/^[0-9a-f]{32}$/),
      'auth[application_token]': 'app-token-123',
    });
    expect(sim.eventsPosted).toEqual([{ event: 'ONCRMDEALADD', id, status: 200 }]);
  });

  it('when the fixture creates, updates and deletes a deal, then each call returns after its event was answered', async () => {
    const sim = await start();
    const h = await handler(202);
    sim.setEventHandler(h.url);
    const id = await sim.createDeal({ TITLE: 'x' });
    expect(h.got.map((g) => g.body.get('event'))).toEqual(['ONCRMDEALADD']);
    await sim.updateDeal(id, { STAGE_ID: 'WON' });
    await sim.deleteDeal(id);
    expect(h.got.map((g) => g.body.get('event'))).toEqual(['ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE']);
    expect(sim.eventsPosted.map((e) => e.status)).toEqual([202, 202, 202]);
    await sim.createDeal({ TITLE: 'quiet' }, { emit: false });
    expect(h.got).toHaveLength(3);
  });

  it('when events are dropped, then exactly the next n are never posted and later ones are', async () => {
    const sim = await start();
    const h = await handler();
    sim.setEventHandler(h.url);
    sim.dropEvents(2);
    await sim.createDeal({ TITLE: 'lost 1' });
    await rest(sim, 'crm.deal.add', { fields: { TITLE: 'lost 2' } });
    await sim.createDeal({ TITLE: 'delivered' });
    await sim.whenEventsDelivered();
    expect(h.got.map((g) => g.body.get('data[FIELDS][ID]'))).toEqual(['3']);
    expect(sim.eventsPosted).toEqual([{ event: 'ONCRMDEALADD', id: 3, status: 200 }]);
  });

  it('when the handler is unreachable, then the event is recorded with status 0 and not retried', async () => {
    const sim = await start();
    const h = await handler();
    const gone = h.url;
    await cleanup.pop()!(); // close the handler server
    sim.setEventHandler(gone);
    await sim.createDeal({ TITLE: 'x' });
    expect(sim.eventsPosted).toEqual([{ event: 'ONCRMDEALADD', id: 1, status: 0 }]);
  });
});

describe('BitrixSimulator: chat bots (imbot.v2)', () => {
  const TOKEN = 'bot-token-0123456789abcdef';
  const people = (sim: BitrixSimulator) => {
    sim.addUser({ id: 1, name: 'Андрей', lastName: 'Петров', departmentIds: [1] });
    sim.addUser({ id: 7, name: 'Екатерина', lastName: 'Гракун', departmentIds: [3], mobilePhone: '+7 921 111-22-33' });
    sim.addUser({ id: 9, name: 'Уволен', lastName: 'Бывший', departmentIds: [3], active: false });
  };
  /** Registers a bot over REST the way the bot under test would; returns its id. */
  async function register(sim: BitrixSimulator, fields: Json = {}, token = TOKEN): Promise<number> {
    const r = await rest(sim, 'imbot.v2.Bot.register', {
      fields: {
        code: 'sales_bot',
        botToken: token,
        type: 'bot',
        eventMode: 'fetch',
        properties: { name: 'Отдел', lastName: 'продаж' },
        ...fields,
      },
    });
    expect(r.status).toBe(200);
    return r.body.result.bot.id as number;
  }
  const call = (sim: BitrixSimulator, method: string, botId: number, params: Json = {}) =>
    rest(sim, `imbot.v2.${method}`, { botId, botToken: TOKEN, ...params });
  /** The form body of a bot event as a flat key → value map. */
  const flat = (got: { body: URLSearchParams }) => Object.fromEntries(got.body);

  it('when httpBuildQuery encodes nested data, then it nests keys like PHP, stringifies scalars and parsePhpQuery reads it back', () => {
    const q = httpBuildQuery({
      event: 'X',
      data: { a: [1, true, false, null], b: { c: 'x y&é' }, empty: [], none: {} },
      ts: 5,
    });
    expect(q).toBe(
      'event=X&data%5Ba%5D%5B0%5D=1&data%5Ba%5D%5B1%5D=1&data%5Ba%5D%5B2%5D=0&data%5Ba%5D%5B3%5D=&data%5Bb%5D%5Bc%5D=x+y%26%C3%A9&ts=5',
    );
    expect(parsePhpQuery(q)).toEqual({ event: 'X', data: { a: ['1', '1', '0', ''], b: { c: 'x y&é' } }, ts: '5' });
    expect(httpBuildQuery({ s: "!'()*~" })).toBe('s=%21%27%28%29%2A%7E');
  });

  it('when a bot is registered, then it gets a user id of its own, shows as a bot user, is idempotent per token and its code is taken for others', async () => {
    const sim = await start();
    people(sim);
    const r = await rest(sim, 'imbot.v2.Bot.register', {
      fields: {
        code: 'sales_bot',
        botToken: TOKEN,
        type: 'supervisor',
        eventMode: 'webhook',
        webhookUrl: 'http://127.0.0.1:9/bitrix/bot',
        properties: { name: 'Отдел', lastName: 'продаж', workPosition: 'Бот' },
      },
    });
    expect(r.status).toBe(200);
    const id = r.body.result.bot.id as number;
    expect(id).toBeGreaterThanOrEqual(1000);
    expect(r.body.result.bot).toEqual({
      id,
      code: 'sales_bot',
      type: 'supervisor',
      isHidden: false,
      isSupportOpenline: false,
      isReactionsEnabled: true,
      backgroundId: null,
      language: 'ru',
      moduleId: 'rest',
      eventMode: 'webhook',
      countMessage: 0,
      countCommand: 0,
      countChat: 0,
      countUser: 0,
    });
    expect(r.body.result.users).toEqual([
      expect.objectContaining({
        id,
        active: true,
        name: 'Отдел продаж',
        firstName: 'Отдел',
        workPosition: 'Бот',
        bot: true,
        externalAuthId: 'bot',
        type: 'bot',
      }),
    ]);
    // user.get never lists bots (user-get.md); a user fixture cannot take a bot's id.
    expect(((await rest(sim, 'user.get')).body.result as Json[]).map((u) => u.ID)).toEqual(['1', '7', '9']);
    expect(() => sim.addUser({ id, name: 'x', lastName: 'y', departmentIds: [] })).toThrow(/belongs to a bot/);
    // Same code, same application (token): the existing bot, not updated (bot-register.md).
    const again = await rest(sim, 'imbot.v2.Bot.register', {
      fields: { code: 'sales_bot', botToken: TOKEN, type: 'bot', eventMode: 'fetch', properties: { name: 'Другое' } },
    });
    expect(again.body.result.bot).toMatchObject({ id, type: 'supervisor', eventMode: 'webhook' });
    expect(
      await rest(sim, 'imbot.v2.Bot.register', {
        fields: { code: 'sales_bot', botToken: 'another-token-123456', properties: { name: 'x' } },
      }),
    ).toEqual({
      status: 400,
      body: { error: 'BOT_CODE_ALREADY_TAKEN', error_description: 'Bot code is already taken' },
    });
    expect(sim.bots()).toEqual([
      {
        id,
        code: 'sales_bot',
        type: 'supervisor',
        eventMode: 'webhook',
        webhookUrl: 'http://127.0.0.1:9/bitrix/bot',
        name: 'Отдел',
      },
    ]);
    expect(await register(sim, { code: 'second' })).toBe(id + 1);
  });

  it('when Bot.register gets bad fields, then it answers the codes of bot-register.md', async () => {
    const sim = await start();
    const err = async (fields: Json) => (await rest(sim, 'imbot.v2.Bot.register', { fields })).body.error;
    const ok = { code: 'b', botToken: TOKEN, properties: { name: 'B' } };
    expect(await err({ ...ok, botToken: '' })).toBe('BOT_TOKEN_NOT_SPECIFIED');
    expect(await err({ ...ok, code: ' ' })).toBe('BOT_CODE_REQUIRED');
    expect(await err({ ...ok, properties: {} })).toBe('BOT_PROPERTIES_REQUIRED');
    expect(await err({ ...ok, type: 'robot' })).toBe('BOT_INVALID_TYPE');
    expect(await err({ ...ok, eventMode: 'push' })).toBe('BOT_INVALID_EVENT_MODE');
    expect(await err({ ...ok, eventMode: 'webhook' })).toBe('BOT_WEBHOOK_URL_REQUIRED');
    expect(await err({ ...ok, eventMode: 'webhook', webhookUrl: 'ftp://x/y' })).toBe('BOT_INVALID_CALLBACK');
    // Since 06.08.2026 tokens over 40 characters are refused (change-log.md BOT-BC-0506-1).
    expect(await err({ ...ok, botToken: 'x'.repeat(41) })).toBe('BOT_TOKEN_INVALID_LENGTH');
    const before = await start({ now: () => new Date('2026-07-01T10:00:00+03:00') });
    expect((await rest(before, 'imbot.v2.Bot.register', { fields: { ...ok, botToken: 'x'.repeat(64) } })).status).toBe(
      200,
    );
    expect(sim.bots()).toEqual([]);
  });

  it('when a bot is read, listed, updated and unregistered, then owners see the extended format, tokens rotate and the bot is gone', async () => {
    const sim = await start();
    const id = await register(sim);
    await register(sim, { code: 'other_app' }, 'other-token-1234567890');
    expect((await rest(sim, 'imbot.v2.Bot.get', { code: 'sales_bot', botToken: TOKEN })).body.result.bot).toMatchObject(
      { id, eventMode: 'fetch', countCommand: 0 },
    );
    // Another application's view is the brief format (bot-get.md).
    const brief = (await rest(sim, 'imbot.v2.Bot.get', { botId: id, botToken: 'other-token-1234567890' })).body.result
      .bot;
    expect(Object.keys(brief).sort()).toEqual([
      'backgroundId',
      'code',
      'id',
      'isHidden',
      'isReactionsEnabled',
      'isSupportOpenline',
      'language',
      'type',
    ]);
    expect((await rest(sim, 'imbot.v2.Bot.get', { botToken: TOKEN })).body.error).toBe('PARAMS_REQUIRED');
    expect((await rest(sim, 'imbot.v2.Bot.get', { botId: 5, botToken: TOKEN })).body.error).toBe('BOT_NOT_FOUND');
    expect((await rest(sim, 'imbot.v2.Bot.list', { botToken: TOKEN })).body.result).toMatchObject({
      bots: [{ id, code: 'sales_bot' }],
      users: [{ id, bot: true }],
      hasNextPage: false,
    });
    expect(
      (await rest(sim, 'imbot.v2.Bot.list', { botToken: TOKEN, filter: { type: 'supervisor' } })).body.result.bots,
    ).toEqual([]);
    expect((await rest(sim, 'imbot.v2.Bot.list', {})).body.error).toBe('BOT_TOKEN_NOT_SPECIFIED');

    const upd = await call(sim, 'Bot.update', id, {
      fields: {
        type: 'personal',
        eventMode: 'webhook',
        webhookUrl: 'http://127.0.0.1:9/hook',
        properties: { name: 'Продажи' },
        backgroundId: 'mint',
      },
    });
    expect(upd.body.result).toMatchObject({
      bot: { id, type: 'personal', eventMode: 'webhook', backgroundId: 'mint' },
      users: [{ name: 'Продажи продаж' }],
    });
    expect((await call(sim, 'Bot.update', id, { fields: { webhookUrl: 'not a url' } })).body.error).toBe(
      'BOT_INVALID_CALLBACK',
    );
    expect((await call(sim, 'Bot.update', id, { fields: { eventMode: 'poll' } })).body.error).toBe(
      'BOT_INVALID_EVENT_MODE',
    );
    expect((await call(sim, 'Bot.update', id, { fields: { botToken: 'other-token-1234567890' } })).body.error).toBe(
      'BOT_TOKEN_ROTATION_FAILED',
    );
    expect((await call(sim, 'Bot.update', id, { fields: { botToken: 'new-token-0123456789' } })).status).toBe(200);
    expect(await call(sim, 'Bot.get', id)).toMatchObject({ status: 200, body: { result: { bot: { id } } } });
    expect((await call(sim, 'Bot.get', id)).body.result.bot.eventMode).toBeUndefined(); // the old token is a stranger now
    expect(await call(sim, 'Command.list', id)).toEqual({
      status: 403,
      body: { error: 'BOT_OWNERSHIP_ERROR', error_description: 'Bot is registered by another application' },
    });
    expect(
      (await rest(sim, 'imbot.v2.Bot.unregister', { botId: id, botToken: 'new-token-0123456789' })).body.result,
    ).toEqual({ result: true });
    expect((await rest(sim, 'imbot.v2.Bot.get', { botId: id, botToken: 'new-token-0123456789' })).body.error).toBe(
      'BOT_NOT_FOUND',
    );
    expect(sim.bots().map((b) => b.code)).toEqual(['other_app']);
  });

  it('when a bot uploads a file (imbot.v2.File.upload), then it is posted with its message; empty or non-base64 content is refused', async () => {
    const sim = await start();
    people(sim);
    const id = await register(sim);
    const upload = (fields: Json, dialogId = '7') =>
      rest(sim, 'imbot.v2.File.upload', { botId: id, botToken: TOKEN, dialogId, fields });
    const ok = await upload({
      name: 'report.png',
      content: Buffer.from('png-bytes').toString('base64'),
      message: 'Итоги',
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { result: { file: { name: 'report.png', extension: 'png', size: 9 }, dialogId: '7' } },
    });
    expect((await upload({ name: 'a.png', content: '' })).body.error).toBe('FILE_EMPTY');
    expect((await upload({ name: '', content: 'QUJD' })).body.error).toBe('FILE_EMPTY');
    expect((await upload({ name: 'a.png', content: 'data:image/png;base64,QUJD' })).body.error).toBe(
      'FILE_INVALID_CONTENT',
    );
    expect((await upload({ name: 'a.png', content: 'QUJD' }, '9')).body.error).toBe('ACCESS_DENIED');
    expect(sim.botMessages('7').map((m) => [m.id, m.text, m.file])).toEqual([
      [ok.body.result.messageId, 'Итоги', { name: 'report.png', size: 9 }],
    ]);
  });

  it('when a manager calls or writes from the portal, then crm.activity.list finds the activity by owner and LAST_UPDATED', async () => {
    const sim = await start();
    const deal = await sim.createDeal({ TITLE: 'Заявка', ASSIGNED_BY_ID: '7' });
    const call = sim.recordContact({ ownerTypeId: 2, ownerId: deal, kind: 'call', direction: 'out', responsibleId: 7 });
    const listed = await rest(sim, 'crm.activity.list', {
      filter: { OWNER_TYPE_ID: 2, OWNER_ID: deal, '>=LAST_UPDATED': '2000-01-01T00:00:00+03:00' },
      select: ['ID', 'TYPE_ID', 'DIRECTION', 'COMPLETED', 'PROVIDER_ID'],
    });
    expect(listed.body.result).toEqual([
      { ID: String(call), TYPE_ID: '2', DIRECTION: '2', COMPLETED: 'Y', PROVIDER_ID: 'VOXIMPLANT_CALL' },
    ]);
    const later = await rest(sim, 'crm.activity.list', {
      filter: { OWNER_TYPE_ID: 2, OWNER_ID: deal, '>=LAST_UPDATED': '2100-01-01T00:00:00+03:00' },
    });
    expect(later.body.result).toEqual([]);
  });

  it('when a bot sends messages, then every method checks botId and botToken, and the bot may write only to active people and its own chats', async () => {
    const sim = await start();
    people(sim);
    const id = await register(sim);
    const send = (params: Json) =>
      rest(sim, 'imbot.v2.Chat.Message.send', { botId: id, botToken: TOKEN, fields: { message: 'Привет' }, ...params });
    expect(await send({ dialogId: '7' })).toMatchObject({ status: 200, body: { result: { id: 1, uuidMap: {} } } });
    expect(await send({ dialogId: '7', botToken: undefined })).toEqual({
      status: 400,
      body: { error: 'BOT_TOKEN_NOT_SPECIFIED', error_description: 'Bot token is not specified' },
    });
    expect((await send({ dialogId: '7', botId: undefined })).body.error).toBe('BOT_ID_REQUIRED');
    expect((await send({ dialogId: '7', botId: 4242 })).body.error).toBe('BOT_NOT_FOUND');
    expect(await send({ dialogId: '7', botToken: 'wrong-token-00000000' })).toMatchObject({
      status: 403,
      body: { error: 'BOT_OWNERSHIP_ERROR' },
    });
    const chat = sim.createGroupChat({ title: 'Оплата', ownerId: 1, members: [7] });
    for (const dialogId of ['9', '404', `chat${chat}`, 'chat999', ''])
      expect(await send({ dialogId }), dialogId).toEqual({
        status: 403,
        body: { error: 'ACCESS_DENIED', error_description: 'Access denied' },
      });
    await sim.addBotToChat(chat, id, 1);
    expect((await send({ dialogId: `chat${chat}` })).status).toBe(200);
    expect(
      (await send({ dialogId: '7', fields: { message: ' ', keyboard: [{ TEXT: 'a', LINK: 'https://x' }] } })).body
        .error,
    ).toBe('EMPTY_MESSAGE');
    expect(sim.botMessages().map((m) => [m.id, m.dialogId, m.authorId, m.text])).toEqual([
      [1, '7', id, 'Привет'],
      [2, `chat${chat}`, id, 'Привет'],
    ]);
    // The limit counts, and the fault injection works for imbot.v2 like for any method.
    sim.failNext('imbot.v2.Chat.Message.send', 1, 'QUERY_LIMIT_EXCEEDED');
    expect((await send({ dialogId: '7' })).status).toBe(503);
    expect(sim.calls.at(-1)).toMatchObject({ method: 'imbot.v2.chat.message.send', status: 503 });
    const b = (
      await rest(sim, 'batch', {
        cmd: { a: `imbot.v2.Chat.Message.send?botId=${id}&botToken=${TOKEN}&dialogId=7&fields[message]=batched` },
      })
    ).body.result;
    expect(b.result.a).toEqual({ id: 3, uuidMap: {} });
  });

  it('when keyboards come in the three formats and messages are updated, then botMessages shows the current text and buttons by rows', async () => {
    const sim = await start();
    people(sim);
    const id = await register(sim);
    const buttons = [
      { TEXT: 'Беру', COMMAND: 'act', COMMAND_PARAMS: 'claim:1', BLOCK: 'Y' },
      { TEXT: 'Открыть', LINK: 'https://b24/crm/deal/1/' },
      { TYPE: 'NEWLINE' },
      { TEXT: 'Без действия' },
      { TEXT: 'Позже', COMMAND: 'act', COMMAND_PARAMS: 'later:1' },
    ];
    const send = async (keyboard: unknown, extra: Json = {}) =>
      (await call(sim, 'Chat.Message.send', id, { dialogId: '7', fields: { message: 'Сделка', keyboard, ...extra } }))
        .body.result.id as number;
    const asList = await send(buttons, { replyId: 77 });
    const wrapped = await send({ BOT_ID: id, BUTTONS: buttons });
    const asJson = await send(JSON.stringify(buttons));
    const expected = [
      { TEXT: 'Беру', COMMAND: 'act', COMMAND_PARAMS: 'claim:1', BLOCK: 'Y', blocked: false, row: 0 },
      { TEXT: 'Открыть', LINK: 'https://b24/crm/deal/1/', blocked: false, row: 0 },
      { TEXT: 'Позже', COMMAND: 'act', COMMAND_PARAMS: 'later:1', blocked: false, row: 1 },
    ];
    for (const m of sim.botMessages('7')) expect(m.keyboard).toEqual(expected);
    expect(sim.botMessages('7')[0]).toMatchObject({
      id: asList,
      chatId: expect.any(Number),
      dialogId: '7',
      authorId: id,
      replyId: 77,
      edits: 0,
      system: false,
    });

    expect(
      (await call(sim, 'Chat.Message.update', id, { messageId: wrapped, fields: { message: 'Взята', keyboard: 'N' } }))
        .body,
    ).toMatchObject({ result: { result: true } });
    expect(
      (
        await call(sim, 'Chat.Message.update', id, {
          messageId: asJson,
          fields: { keyboard: [{ TEXT: 'Готово', COMMAND: 'act', COMMAND_PARAMS: 'done' }] },
        })
      ).status,
    ).toBe(200);
    const now = sim.botMessages('7');
    expect(now[1]).toMatchObject({ text: 'Взята', keyboard: [], edits: 1 });
    expect(now[2]).toMatchObject({ text: 'Сделка', keyboard: [{ TEXT: 'Готово', row: 0 }], edits: 1 });

    // Only its own messages, never a system one (chat-message-update.md).
    const other = await register(sim, { code: 'other' }, 'other-token-1234567890');
    expect(
      await rest(sim, 'imbot.v2.Chat.Message.update', {
        botId: other,
        botToken: 'other-token-1234567890',
        messageId: asList,
        fields: { message: 'x' },
      }),
    ).toEqual({ status: 403, body: { error: 'ACCESS_DENIED', error_description: 'Access denied' } });
    const system = await send(undefined, { system: true });
    expect(sim.botMessages('7').at(-1)).toMatchObject({ id: system, authorId: 0, system: true });
    expect(
      (await call(sim, 'Chat.Message.update', id, { messageId: system, fields: { message: 'x' } })).body.error,
    ).toBe('ACCESS_DENIED');
    expect((await call(sim, 'Chat.Message.update', id, { messageId: 999, fields: { message: 'x' } })).body.error).toBe(
      'ACCESS_DENIED',
    );
    // Chat.Message.get is for supervisor and personal bots only.
    expect((await call(sim, 'Chat.Message.get', id, { messageId: asList })).body.error).toBe('BOT_TYPE_NOT_ALLOWED');
    await call(sim, 'Bot.update', id, { fields: { type: 'supervisor' } });
    expect((await call(sim, 'Chat.Message.get', id, { messageId: asList })).body.result).toMatchObject({
      message: { id: asList, authorId: id, text: 'Сделка', isSystem: false },
      user: { id, bot: true },
    });
    expect((await call(sim, 'Chat.Message.get', id, { messageId: 999 })).body.error).toBe('MESSAGE_NOT_FOUND');
  });

  it('when a person writes to the bot, then ONIMBOTV2MESSAGEADD is posted form-encoded with the bot auth apart from the request auth', async () => {
    const sim = await start({ applicationToken: 'app-token-123', now: () => new Date('2026-11-23T07:00:00Z') });
    people(sim);
    const h = await handler();
    const id = await register(sim, { eventMode: 'webhook', webhookUrl: h.url });
    const msg = await sim.userSays(7, String(id), 'Привет & пока');
    expect(h.got).toHaveLength(1);
    expect(h.got[0]!.type).toBe('application/x-www-form-urlencoded');
    const body = flat(h.got[0]!);
    const ts = String(Date.parse('2026-11-23T07:00:00Z') / 1000);
    expect(body).toEqual({
      event: 'ONIMBOTV2MESSAGEADD',
      'data[bot][id]': String(id),
      'data[bot][code]': 'sales_bot',
      'data[bot][auth][access_token]': expect.stringMatching(/^[0-9a-f]{48}$/),
      'data[bot][auth][expires]': String(Number(ts) + 3600),
      'data[bot][auth][expires_in]': '3600',
      'data[bot][auth][scope]': 'imbot',
      'data[bot][auth][domain]': new URL(sim.portalUrl).host,
      'data[bot][auth][server_endpoint]': 'https://oauth.bitrix.info/rest/',
      'data[bot][auth][client_endpoint]': `${sim.portalUrl}/rest/`,
      'data[bot][auth][status]': 'L',
      'data[bot][auth][member_id]': expect.stringMatching(/^[0-9a-f]{32}$/),
      'data[bot][auth][user_id]': '7',
      'data[bot][auth][application_token]': expect.stringMatching(/^[0-9a-f]{32}$/),
      'data[message][id]': String(msg),
      'data[message][chatId]': '1',
      'data[message][authorId]': '7',
      'data[message][date]': '2026-11-23T10:00:00+03:00',
      'data[message][text]': 'Привет & пока',
      'data[message][isSystem]': '0',
      'data[message][uuid]': '',
      'data[message][forward]': '',
      'data[message][viewedByOthers]': '0',
      'data[chat][id]': '1',
      'data[chat][dialogId]': '7',
      'data[chat][type]': 'private',
      'data[chat][name]': '',
      'data[chat][entityType]': '',
      'data[chat][owner]': String(id),
      'data[chat][avatar]': '',
      'data[chat][color]': expect.stringMatching(/^#[0-9a-f]{6}$/),
      'data[user][id]': '7',
      'data[user][active]': '1',
      'data[user][name]': 'Екатерина Гракун',
      'data[user][firstName]': 'Екатерина',
      'data[user][lastName]': 'Гракун',
      'data[user][workPosition]': '',
      'data[user][color]': '#df532d',
      'data[user][avatar]': '',
      'data[user][birthday]': '',
      'data[user][connector]': '0',
      'data[user][status]': 'online',
      'data[user][idle]': '0',
      'data[user][lastActivityDate]': '2026-11-23T10:00:00+03:00',
      'data[user][absent]': '0',
      'data[user][gender]': '',
      'data[user][extranet]': '0',
      'data[user][bot]': '0',
      'data[user][externalAuthId]': 'default',
      'data[user][departments][0]': '3',
      'data[user][phones][personalMobile]': '+7 921 111-22-33',
      'data[user][type]': 'employee',
      'data[language]': 'ru',
      ts,
      'auth[domain]': new URL(sim.portalUrl).host,
      'auth[server_endpoint]': 'https://oauth.bitrix.info/rest/',
      'auth[client_endpoint]': `${sim.portalUrl}/rest/`,
      'auth[member_id]': body['data[bot][auth][member_id]'],
      // bot-update.md: the bot's own synthetic APPLICATION_TOKEN, never the CRM webhook's.
      'auth[application_token]': sim.botApplicationToken(id),
    });
    expect(body['auth[application_token]']).not.toBe('app-token-123');
    expect(body['data[bot][auth][application_token]']).toBe(sim.botApplicationToken(id));
    expect(sim.eventsPosted).toEqual([{ event: 'ONIMBOTV2MESSAGEADD', id: msg, status: 200, botId: id }]);
    expect(sim.chatMessages('7')).toEqual([
      {
        id: msg,
        chatId: 1,
        dialogId: '7',
        authorId: 7,
        text: 'Привет & пока',
        keyboard: [],
        replyId: null,
        edits: 0,
        system: false,
      },
    ]);
    await expect(sim.userSays(9, String(id), 'я уволен')).rejects.toThrow(/deactivated/);
    await expect(sim.userSays(7, '1', 'людям')).rejects.toThrow(/no bot/);
  });

  it('when people write in a group chat, then a bot hears mentions, a supervisor everything, and commands come as ONIMBOTV2COMMANDADD', async () => {
    const sim = await start();
    people(sim);
    const h = await handler();
    const plain = await register(sim, { code: 'plain', eventMode: 'webhook', webhookUrl: h.url });
    const watcher = await register(sim, {
      code: 'watcher',
      type: 'supervisor',
      eventMode: 'webhook',
      webhookUrl: h.url,
    });
    const quiet = await register(sim, { code: 'quiet', eventMode: 'fetch' });
    await call(sim, 'Command.register', plain, {
      fields: { command: 'payments', title: { ru: 'Оплаты', en: 'Payments' }, params: { en: 'date' } },
    });
    const chat = sim.createGroupChat({ title: 'Оплата', ownerId: 1, members: [7] });
    for (const bot of [plain, watcher, quiet]) await sim.addBotToChat(chat, bot, 1);
    await expect(sim.addBotToChat(chat, plain, 9)).rejects.toThrow();
    const events = () => h.got.splice(0).map((g) => [g.body.get('event'), Number(g.body.get('data[bot][id]'))]);
    expect(events()).toEqual([
      ['ONIMBOTV2JOINCHAT', plain],
      ['ONIMBOTV2JOINCHAT', watcher],
    ]);
    expect(sim.eventsPosted.at(-1)).toEqual({ event: 'ONIMBOTV2JOINCHAT', id: chat, status: 200, botId: watcher });

    await sim.userSays(1, `chat${chat}`, 'Оплачен счёт 2018/943');
    expect(events()).toEqual([['ONIMBOTV2MESSAGEADD', watcher]]);
    await sim.userSays(7, `chat${chat}`, `[USER=${plain}]Отдел продаж[/USER], привет`);
    expect(events()).toEqual([
      ['ONIMBOTV2MESSAGEADD', plain],
      ['ONIMBOTV2MESSAGEADD', watcher],
    ]);
    const cmd = await sim.userSays(7, `chat${chat}`, '/payments  05.12 ');
    const got = h.got.map(flat);
    expect(events()).toEqual([
      ['ONIMBOTV2COMMANDADD', plain],
      ['ONIMBOTV2MESSAGEADD', watcher],
    ]);
    expect(got[0]).toMatchObject({
      'data[command][id]': '1',
      'data[command][command]': '/payments',
      'data[command][params]': '05.12',
      'data[command][context]': 'textarea',
      'data[message][id]': String(cmd),
      'data[chat][dialogId]': `chat${chat}`,
      'data[chat][type]': 'chat',
      'data[chat][name]': 'Оплата',
      'data[user][id]': '7',
    });
    await sim.userEdits(7, cmd, '/payments 06.12');
    expect(events()).toEqual([['ONIMBOTV2MESSAGEUPDATE', watcher]]);
    expect(sim.chatMessages(`chat${chat}`).map((m) => [m.authorId, m.text, m.edits])).toEqual([
      [1, 'Оплачен счёт 2018/943', 0],
      [7, `[USER=${plain}]Отдел продаж[/USER], привет`, 0],
      [7, '/payments 06.12', 1],
    ]);
    await expect(sim.userSays(9, `chat${chat}`, 'x')).rejects.toThrow();
  });

  it('when commands are registered, listed and answered, then they follow command-*.md and an answer lands in the dialog', async () => {
    const sim = await start();
    people(sim);
    const h = await handler();
    const id = await register(sim, { eventMode: 'webhook', webhookUrl: h.url });
    const reg = await call(sim, 'Command.register', id, {
      fields: { command: 'help', title: { en: 'Help', ru: 'Помощь' }, params: { ru: 'тема' } },
    });
    expect(reg.body.result).toEqual({
      command: { id: 1, botId: id, command: '/help', common: false, hidden: false, extranetSupport: false },
    });
    expect(
      (await call(sim, 'Command.register', id, { fields: { command: 'help', title: { ru: 'Другое' } } })).body.result
        .command.id,
    ).toBe(1);
    expect(
      (await call(sim, 'Command.register', id, { fields: { command: 'act', hidden: 'Y' } })).body.result.command,
    ).toMatchObject({ id: 2, command: '/act', hidden: true });
    expect(
      (await call(sim, 'Command.register', id, { command: 'legacy', title: { en: 'Old format' } })).body.result.command
        .command,
    ).toBe('/legacy');
    expect((await call(sim, 'Command.register', id, { fields: { title: { ru: 'x' } } })).body.error).toBe(
      'COMMAND_REQUIRED',
    );
    expect((await call(sim, 'Command.register', id, { fields: { command: 5, title: { ru: 'x' } } })).body.error).toBe(
      'COMMAND_NAME_INVALID',
    );
    expect((await call(sim, 'Command.register', id, { fields: { command: 'shown' } })).body.error).toBe(
      'COMMAND_TITLE_REQUIRED',
    );
    expect((await call(sim, 'Command.list', id)).body.result.commands[0]).toEqual({
      id: 1,
      botId: id,
      command: '/help',
      title: 'Помощь',
      params: 'тема',
      common: false,
      hidden: false,
      extranetSupport: false,
      category: 'Отдел продаж',
      context: '',
    });
    expect(sim.commands(id).map((c) => [c.command, c.title])).toEqual([
      ['/help', 'Помощь'],
      ['/act', ''],
      ['/legacy', 'Old format'],
    ]);
    expect((await call(sim, 'Command.unregister', id, { commandId: 3 })).body.result).toEqual({ result: true });
    expect((await call(sim, 'Command.unregister', id, { commandId: 3 })).body.error).toBe('COMMAND_NOT_FOUND');

    const said = await sim.userSays(7, String(id), '/help  оплаты');
    expect(flat(h.got[0]!)).toMatchObject({
      event: 'ONIMBOTV2COMMANDADD',
      'data[command][id]': '1',
      'data[command][command]': '/help',
      'data[command][params]': 'оплаты',
      'data[chat][dialogId]': '7',
    });
    const answer = (params: Json) =>
      call(sim, 'Command.answer', id, {
        commandId: 1,
        messageId: said,
        dialogId: '7',
        fields: { message: 'Вот помощь' },
        ...params,
      });
    expect(await answer({})).toMatchObject({ status: 200, body: { result: { result: true } } });
    expect(sim.chatMessages('7').map((m) => [m.authorId, m.text])).toEqual([
      [7, '/help  оплаты'],
      [id, 'Вот помощь'],
    ]);
    for (const wrong of [{ commandId: 2 }, { messageId: said + 100 }, { dialogId: '1' }, { fields: { message: '' } }])
      expect((await answer(wrong)).body.error).toBe('COMMAND_ANSWER_FAILED');
    // Undocumented: assumed a command is matched as registered, case and all — «/HELP» is a plain message.
    h.got.splice(0);
    await sim.userSays(7, String(id), '/HELP');
    expect(flat(h.got[0]!)).toMatchObject({ event: 'ONIMBOTV2MESSAGEADD', 'data[message][text]': '/HELP' });
  });

  it('when a person presses keyboard buttons, then COMMAND buttons send ONIMBOTV2COMMANDADD from the keyboard, once for BLOCK Y', async () => {
    const sim = await start();
    people(sim);
    const h = await handler();
    const id = await register(sim, { eventMode: 'webhook', webhookUrl: h.url });
    await call(sim, 'Command.register', id, { fields: { command: 'act', hidden: true } });
    const keyboard = [
      { TEXT: 'Беру', COMMAND: 'act', COMMAND_PARAMS: 'claim:1', BLOCK: 'Y' },
      { TEXT: 'Позже', COMMAND: 'act', COMMAND_PARAMS: 'later:1' },
      { TYPE: 'NEWLINE' },
      { TEXT: 'Открыть', LINK: 'https://b24/' },
      { TEXT: 'Чужая', COMMAND: 'nope' },
    ];
    // im-message-command.md: a press carries the keyboard's BOT_ID; without it, it reaches no bot.
    const orphan = (
      await call(sim, 'Chat.Message.send', id, { dialogId: '7', fields: { message: 'Без BOT_ID', keyboard } })
    ).body.result.id as number;
    expect(await sim.pressButton(7, orphan, 'Беру')).toBe(false);
    const card = (
      await call(sim, 'Chat.Message.send', id, {
        dialogId: '7',
        fields: { message: 'Новая сделка', keyboard: { BOT_ID: id, BUTTONS: keyboard } },
      })
    ).body.result.id as number;

    expect(await sim.pressButton(7, card, 'Беру')).toBe(true);
    expect(flat(h.got[0]!)).toMatchObject({
      event: 'ONIMBOTV2COMMANDADD',
      'data[command][id]': '1',
      'data[command][command]': '/act',
      'data[command][params]': 'claim:1',
      'data[command][context]': 'keyboard',
      'data[message][id]': String(card),
      'data[message][authorId]': String(id),
      'data[message][text]': 'Новая сделка',
      'data[message][params][KEYBOARD][0][COMMAND_PARAMS]': 'claim:1',
      'data[chat][dialogId]': '7',
      'data[user][id]': '7',
      'data[user][bot]': '0',
    });
    expect(await sim.pressButton(7, card, 0)).toBe(false); // blocked after the first press
    expect(sim.botMessages('7')[1]!.keyboard.map((b) => [b.TEXT, b.blocked, b.row])).toEqual([
      ['Беру', true, 0],
      ['Позже', false, 0],
      ['Открыть', false, 1],
      ['Чужая', false, 1],
    ]);
    expect(await sim.pressButton(7, card, 1)).toBe(true);
    expect(await sim.pressButton(7, card, 1)).toBe(true); // BLOCK N: as often as one likes
    expect(await sim.pressButton(7, card, 'Чужая')).toBe(false); // the command is not registered
    await expect(sim.pressButton(7, card, 'Открыть')).rejects.toThrow(/no COMMAND/);
    await expect(sim.pressButton(7, card, 'Нет такой')).rejects.toThrow(/no button/);
    await expect(sim.pressButton(1, card, 'Позже')).rejects.toThrow(/cannot see/);
    expect(h.got).toHaveLength(3);
    // The press can be answered with Command.answer; a new keyboard unblocks.
    expect(
      (
        await call(sim, 'Command.answer', id, {
          commandId: 1,
          messageId: card,
          dialogId: '7',
          fields: { message: 'Ок' },
        })
      ).status,
    ).toBe(200);
    // An update without BOT_ID leaves buttons that reach no bot (message-keyboards.md); with it they work.
    await call(sim, 'Chat.Message.update', id, { messageId: card, fields: { keyboard } });
    expect(await sim.pressButton(7, card, 'Беру')).toBe(false);
    await call(sim, 'Chat.Message.update', id, {
      messageId: card,
      fields: { keyboard: { BOT_ID: id, BUTTONS: keyboard } },
    });
    expect(await sim.pressButton(7, card, 'Беру')).toBe(true);
  });

  it('when a supervisor bot edits its own message, then it hears the edit as ONIMBOTV2MESSAGEUPDATE from itself, unless echoBotEdits is off', async () => {
    for (const [echoBotEdits, type, echoes] of [
      [undefined, 'supervisor', 1],
      [false, 'supervisor', 0],
      [undefined, 'bot', 0],
    ] as const) {
      const sim = await start(echoBotEdits === undefined ? {} : { echoBotEdits });
      people(sim);
      const h = await handler();
      const id = await register(sim, { type, eventMode: 'webhook', webhookUrl: h.url });
      const m = (await call(sim, 'Chat.Message.send', id, { dialogId: '7', fields: { message: 'Сделка' } })).body.result
        .id as number;
      await call(sim, 'Chat.Message.update', id, { messageId: m, fields: { message: 'Взята' } });
      await sim.whenEventsDelivered();
      expect(h.got, `${type} echo ${echoBotEdits}`).toHaveLength(echoes);
      if (echoes)
        expect(flat(h.got[0]!)).toMatchObject({
          event: 'ONIMBOTV2MESSAGEUPDATE',
          'data[message][id]': String(m),
          'data[message][authorId]': String(id),
          'data[message][text]': 'Взята',
          'data[message][params][IS_EDITED]': 'Y',
          'data[chat][dialogId]': '7',
          'data[user][id]': String(id),
          'data[user][bot]': '1',
        });
    }
  });

  it('when events are duplicated or dropped, then bot and CRM events share the queue: twice with the same body, or never', async () => {
    const sim = await start();
    people(sim);
    const h = await handler();
    sim.setEventHandler(h.url);
    const id = await register(sim, { eventMode: 'webhook', webhookUrl: h.url });
    sim.duplicateNextEvents(2);
    await sim.createDeal({ TITLE: 'x' });
    const said = await sim.userSays(7, String(id), 'дважды');
    await sim.userSays(7, String(id), 'однажды');
    expect(h.got.map((g) => g.body.get('event'))).toEqual([
      'ONCRMDEALADD',
      'ONCRMDEALADD',
      'ONIMBOTV2MESSAGEADD',
      'ONIMBOTV2MESSAGEADD',
      'ONIMBOTV2MESSAGEADD',
    ]);
    expect(h.got[2]!.body.toString()).toBe(h.got[3]!.body.toString());
    expect(sim.eventsPosted.filter((e) => e.botId === id && e.id === said).map((e) => e.status)).toEqual([200, 200]);
    h.got.length = 0;
    sim.dropEvents(1);
    sim.duplicateNextEvents(1);
    await sim.userSays(7, String(id), 'пропадёт');
    await sim.userSays(7, String(id), 'дойдёт дважды');
    expect(h.got.map((g) => g.body.get('data[message][text]'))).toEqual(['дойдёт дважды', 'дойдёт дважды']);
  });
});
