/**
 * People as the bot reads them from user.get: the gender the texts agree with comes from
 * PERSONAL_GENDER (user/user-get.md; the values in common/users/profile.md: `M`, `F`, or "" when
 * none is set).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BitrixSimulator } from '../../../simulator/bitrix-portal';
import { BitrixClient } from '../../../src/integrations/bitrix/client';
import { BitrixCrm } from '../../../src/integrations/bitrix/crm';

let sim: BitrixSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
});

describe('people read from the portal', () => {
  it('when PERSONAL_GENDER is M, F or empty, then the person is a man, a woman, or of unknown gender', async () => {
    sim = await BitrixSimulator.start({ rateLimit: false });
    sim.addDepartment({ id: 1, name: 'Компания' });
    sim.addUser({ id: 1, name: 'Андрей', lastName: 'Петров', departmentIds: [1], gender: 'M' });
    sim.addUser({ id: 7, name: 'Екатерина', lastName: 'Гракун', departmentIds: [1], gender: 'F' });
    sim.addUser({ id: 9, name: 'Саша', lastName: 'Новых', departmentIds: [1] });
    const client = new BitrixClient({
      webhookUrl: sim.webhookUrl,
      requestsPerSecond: 1000,
      burst: 1000,
      maxRetries: 0,
    });
    const crm = new BitrixCrm(client, { zone: 'Europe/Moscow' });
    const listed = await crm.listPeople();
    expect(listed.map((p) => [p.id, p.gender])).toEqual([
      [1, 'M'],
      [7, 'F'],
      [9, undefined],
    ]);
    expect((await crm.readPerson(7))?.gender).toBe('F');
    const { people } = await crm.getClientsAndPeople([], [7, 9]);
    expect([people.get(7)?.gender, people.get(9)?.gender, people.get(9)?.id]).toEqual(['F', undefined, 9]);
  });
});
