import { describe, expect, it } from 'vitest';
import { firstContact } from '../../src/reports/contact';
import type { ActivityRecord } from '../../src/kernel/ports';

const T0 = Date.parse('2026-11-23T10:00:00+03:00');
const MIN = 60_000;
const act = (
  a: Omit<Partial<ActivityRecord>, 'created' | 'lastUpdated'> & { created: number; lastUpdated?: number },
): ActivityRecord => ({
  id: 1,
  ownerTypeId: 2,
  ownerId: 1,
  typeId: 2,
  direction: 0,
  completed: false,
  providerId: '',
  responsibleId: 7,
  ...a,
  created: new Date(a.created),
  lastUpdated: new Date(a.lastUpdated ?? a.created),
});

describe('firstContact', () => {
  it('when there is only an incoming call still open, or an outgoing one from before the assignment, then there is no contact', () => {
    expect(firstContact([act({ created: T0 + MIN, direction: 1 })], T0)).toBeNull();
    expect(firstContact([act({ created: T0 - MIN, direction: 2, completed: true })], T0)).toBeNull();
  });

  it('when an outgoing e-mail and a to-do ticked off later are there, then the earliest counts, with its kind', () => {
    const acts = [
      act({ created: T0 - 60 * MIN, typeId: 6, providerId: 'CRM_TODO', completed: true, lastUpdated: T0 + 3 * MIN }),
      act({ created: T0 + 5 * MIN, typeId: 4, direction: 2 }),
    ];
    expect(firstContact(acts, T0)).toEqual({ at: T0 + 3 * MIN, kind: 'done' });
    expect(firstContact(acts.slice(1), T0)).toEqual({ at: T0 + 5 * MIN, kind: 'email' });
  });

  it('when an Open Lines chat is answered (completed), then it is a chat contact', () => {
    expect(
      firstContact(
        [
          act({
            created: T0 + MIN,
            typeId: 6,
            providerId: 'IMOPENLINES_SESSION',
            direction: 1,
            completed: true,
            lastUpdated: T0 + 4 * MIN,
          }),
        ],
        T0,
      ),
    ).toEqual({ at: T0 + 4 * MIN, kind: 'chat' });
  });
});
