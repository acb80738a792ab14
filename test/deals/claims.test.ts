import { describe, expect, it } from 'vitest';
import { decideOnSnapshot, decideClaim, assignmentTime, type AssignmentView } from '../../src/deals/claims';
import type { DealSnapshot } from '../../src/kernel/ports';

const now = new Date('2026-11-23T10:00:00+03:00');
const rule = { assignedStages: ['PREPARATION'] };
const lost = new Set(['LOSE']);
const deal = (over: Partial<DealSnapshot> = {}): DealSnapshot => ({
  id: 1,
  title: 'Заявка',
  categoryId: 0,
  stageId: 'PREPARATION',
  assignedById: 7,
  contactId: null,
  companyId: null,
  amount: 0,
  currency: 'RUB',
  comment: '',
  address: null,
  dateModify: '2026-11-23T09:58:00+03:00',
  ...over,
});
const assignment = (over: Partial<AssignmentView> = {}): AssignmentView => ({
  id: 10,
  dealId: 1,
  managerId: 7,
  assignedAt: 0,
  status: 'pending',
  claimedBy: null,
  ...over,
});
const decide = (p: Partial<Parameters<typeof decideOnSnapshot>[0]>) =>
  decideOnSnapshot({ prev: null, next: deal(), latest: null, rule, failureStages: lost, now, ...p });

describe('decideOnSnapshot', () => {
  it('when a new deal sits in an assigned stage, then it is assigned from its modification time', () => {
    expect(decide({})).toEqual([{ kind: 'assign', managerId: 7, assignedAt: Date.parse('2026-11-23T09:58:00+03:00') }]);
  });

  it('when the same snapshot comes again, then nothing happens', () => {
    expect(decide({ prev: deal(), latest: assignment() })).toEqual([]);
  });

  it('when the deal is in a stage before assignment, then nothing happens', () => {
    expect(decide({ next: deal({ stageId: 'NEW' }) })).toEqual([]);
  });

  it('when the deal leaves the assigned stages while pending, then that is a claim by its assignee', () => {
    expect(decide({ prev: deal(), next: deal({ stageId: 'EXECUTING' }), latest: assignment() })).toEqual([
      { kind: 'claimed-in-crm', assignmentId: 10, by: 7 },
    ]);
  });

  it('when the deal is lost while pending, then the assignment closes without a claim', () => {
    expect(decide({ prev: deal(), next: deal({ stageId: 'LOSE' }), latest: assignment() })).toEqual([
      { kind: 'close', assignmentId: 10, reason: 'lost' },
    ]);
  });

  it('when the deal is deleted, then its open assignment closes', () => {
    expect(decide({ prev: deal(), next: null, latest: assignment() })).toEqual([
      { kind: 'close', assignmentId: 10, reason: 'deleted' },
    ]);
  });

  it('when the deal moves to an unwatched pipeline, then its open assignment closes', () => {
    expect(decide({ prev: deal(), rule: undefined, latest: assignment() })).toEqual([
      { kind: 'close', assignmentId: 10, reason: 'unwatched' },
    ]);
  });

  it('when another manager is set in Bitrix24, then the old assignment closes and a new one opens', () => {
    const changes = decide({ prev: deal(), next: deal({ assignedById: 8 }), latest: assignment() });
    expect(changes.map((c) => c.kind)).toEqual(['close', 'assign']);
    expect(changes[1]).toMatchObject({ managerId: 8 });
  });

  it('when a claimed deal stays in the assigned stage, then later updates make no new card', () => {
    expect(decide({ prev: deal(), latest: assignment({ status: 'claimed', claimedBy: 7 }) })).toEqual([]);
  });

  it('when a deal comes back to the assigned stage, then it is a new assignment', () => {
    expect(
      decide({ prev: deal({ stageId: 'EXECUTING' }), latest: assignment({ status: 'claimed' }) }).map((c) => c.kind),
    ).toEqual(['assign']);
  });
});

describe('assignmentTime', () => {
  it('when the portal clock is ahead of ours, then now is used', () => {
    expect(assignmentTime(deal({ dateModify: '2026-11-23T10:05:00+03:00' }), now)).toBe(now.getTime());
    expect(assignmentTime(deal({ dateModify: null }), now)).toBe(now.getTime());
  });
});

describe('decideClaim', () => {
  it('when the responsible manager claims an open assignment, then it is allowed', () => {
    expect(decideClaim(assignment(), 7)).toEqual({ ok: true });
  });
  it.each([
    [assignment(), 8, 'not-yours'],
    [assignment(), null, 'not-linked'],
    [assignment({ status: 'claimed' }), 7, 'already-claimed'],
    [assignment({ status: 'reassigned' }), 7, 'reassigned'],
    [assignment({ status: 'closed' }), 7, 'closed'],
    [undefined, 7, 'unknown'],
  ] as const)('when %o is pressed by %s, then it is refused as %s', (a, who, reason) => {
    expect(decideClaim(a, who)).toEqual({ ok: false, reason });
  });
});
