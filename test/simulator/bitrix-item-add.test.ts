/** crm.item.add for new invoices (entityTypeId 31), as b24restdocs crm/universal/crm-item-add.md describes it. */
import { afterEach, describe, expect, it } from 'vitest';
import { BitrixSimulator } from '../../simulator/bitrix-portal';
import { sampleDeal } from '../../simulator/portal-fixture';

let sim: BitrixSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

// biome-ignore lint/suspicious/noExplicitAny: a test reads untyped JSON answers of the simulator field by field
type Json = Record<string, any>;

async function rest(method: string, params: unknown) {
  const res = await fetch(`${sim!.webhookUrl}${method}.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('crm.item.add (invoices)', () => {
  it('when an invoice is added for a deal, then crm.item.get and crm.item.list find it with the defaults the page gives', async () => {
    sim = await BitrixSimulator.start({ rateLimit: false, now: () => new Date('2026-11-23T10:00:00+03:00') });
    const deal = await sim.createDeal(sampleDeal(1), { emit: false });
    const added = await rest('crm.item.add', {
      entityTypeId: 31,
      fields: { opportunity: 12500.5, parentId2: deal, assignedById: 7, accountNumber: 'ignored' },
    });
    expect(added.status).toBe(200);
    const item = added.body.result.item;
    expect(item).toMatchObject({
      entityTypeId: 31,
      stageId: 'DT31_3:N',
      currencyId: 'RUB',
      opportunity: 12500.5,
      parentId2: deal,
      assignedById: 7,
      opened: 'Y',
      title: `Счёт #${item.id}`,
      accountNumber: String(item.id), // not a field of crm.item.add: ignored, the portal numbers it
      begindate: '2026-11-23T00:00:00+03:00',
      closedate: '2026-11-30T00:00:00+03:00',
    });
    expect((await rest('crm.item.get', { entityTypeId: 31, id: item.id })).body.result.item).toEqual(item);
    const listed = await rest('crm.item.list', { entityTypeId: 31, filter: { parentId2: deal } });
    expect(listed.body.result.items.map((i: Json) => i.id)).toEqual([item.id]);
  });

  it('when a value is not valid, or fields or the type is missing, then the portal refuses it and adds nothing', async () => {
    sim = await BitrixSimulator.start({ rateLimit: false });
    const refused = async (params: Json) => (await rest('crm.item.add', params)).body;
    expect(await refused({ entityTypeId: 31, fields: { stageId: 'DT31_3:X' } })).toMatchObject({
      error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID',
    });
    expect(await refused({ entityTypeId: 31, fields: { currencyId: 'XXX' } })).toMatchObject({
      error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID',
    });
    expect(await refused({ entityTypeId: 31, fields: { opportunity: 'сто' } })).toMatchObject({
      error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID',
    });
    expect(await refused({ entityTypeId: 31, fields: { parentId2: 999 } })).toMatchObject({
      error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID',
    });
    expect(await refused({ entityTypeId: 1234, fields: {} })).toMatchObject({ error: 'NOT_FOUND' });
    expect((await rest('crm.item.add', { entityTypeId: 31 })).status).toBe(400);
    expect((await rest('crm.item.list', { entityTypeId: 31 })).body.result.items).toEqual([]);
  });
});
