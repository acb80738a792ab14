import { describe, expect, it } from 'vitest';
import { decideAfterSale, callDueAt, surveyLink } from '../../src/reminders/after-sale';

const S = new Set(['WON', 'C5:WON']);
const F = new Set(['LOSE']);
const d = (stageId: string, assignedById = 7) => ({ stageId, assignedById });
const cal = {
  zone: 'Europe/Moscow',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  holidays: ['2026-12-31'],
  workdays: [],
};

describe('decideAfterSale', () => {
  it('when a deal reaches a success stage, then it is won', () =>
    expect(decideAfterSale(d('EXECUTING'), d('C5:WON'), S, F)).toEqual([{ kind: 'won' }]));
  it('when a won deal moves back, then it is re-opened', () =>
    expect(decideAfterSale(d('WON'), d('EXECUTING'), S, F)).toEqual([{ kind: 'reopened' }]));
  it('when a deal is lost, then lost', () =>
    expect(decideAfterSale(d('EXECUTING'), d('LOSE'), S, F)).toEqual([{ kind: 'lost' }]));
  it('when the manager changes, then re-assigned', () =>
    expect(decideAfterSale(d('WON', 7), d('WON', 8), S, F)).toEqual([{ kind: 'reassigned', to: 8 }]));
  it('when the deal is deleted, then deleted', () =>
    expect(decideAfterSale(d('WON'), null, S, F)).toEqual([{ kind: 'deleted' }]));
  it('when the deal is first seen already won, then nothing: it is history', () =>
    expect(decideAfterSale(null, d('WON'), S, F)).toEqual([]));
});

describe('callDueAt', () => {
  it('when the delay is days, then a working day at the call time', () => {
    expect(callDueAt(new Date('2026-12-01T16:00:00+03:00'), 30 * 86_400_000, '11:00', cal).toISOString()).toBe(
      '2027-01-01T08:00:00.000Z',
    ); // 31 Dec is a holiday here, 1 Jan is not
  });
  it('when the delay is seconds, then working time', () => {
    expect(callDueAt(new Date('2026-12-01T17:59:50+03:00'), 20_000, '11:00', cal).toISOString()).toBe(
      '2026-12-02T06:00:10.000Z',
    );
  });
});

describe('surveyLink', () => {
  it('when the template names ids, then they are filled in', () => {
    expect(
      surveyLink('https://s.example/?d={dealId}&c={contactId}&co={companyId}', {
        dealId: 5,
        contactId: 9,
        companyId: null,
      }),
    ).toBe('https://s.example/?d=5&c=9&co=');
  });
});
