/**
 * Button presses on deal cards and escalation alerts. The decision is a quick SQLite transaction,
 * so the messenger can answer the tap at once; edits and CRM writes go out through the outbox.
 */
import * as t from '../texts';
import type { ActionReply, Channel } from '../kernel/ports';
import type { DeskContext } from '../kernel/context';
import { sendToPerson, addDealComment, sentAnywhere } from '../kernel/context';
import { decideClaim } from './claims';
import { cardView, personName } from './cards';
import { recordClaim, closeAssignment, openAssignment } from './lifecycle';

export type DealAction =
  | { kind: 'claim'; assignmentId: number }
  | { kind: 'remind'; assignmentId: number }
  | { kind: 'reassign'; assignmentId: number }
  | { kind: 'reassign-to'; assignmentId: number; userId: number };

/** Callback data → action; anything else (forged, truncated, old format) is null. */
export function parseDealAction(data: string): DealAction | null {
  const m = /^(claim|remind|reassign):(\d{1,12})$/.exec(data);
  if (m) return { kind: m[1] as 'claim' | 'remind' | 'reassign', assignmentId: Number(m[2]) };
  const r = /^reassign-to:(\d{1,12}):(\d{1,12})$/.exec(data);
  if (r) return { kind: 'reassign-to', assignmentId: Number(r[1]), userId: Number(r[2]) };
  return null;
}

/** Supervisors who were alerted, the manager's department head, directors and admins. */
function maySupervise(ctx: DeskContext, personId: number, assignmentId: number, managerId: number): boolean {
  const p = ctx.rules.people;
  return (
    ctx.assignments.alertedPeople(assignmentId).includes(personId) ||
    ctx.directory.supervisorOf(managerId) === personId ||
    p.directors.includes(personId) ||
    p.admins.includes(personId)
  );
}

export async function handleDealAction(
  ctx: DeskContext,
  personId: number | null,
  action: DealAction,
  via: Channel = 'telegram',
): Promise<ActionReply> {
  await ctx.directory.fresh();
  return ctx.db.transaction((): ActionReply => {
    const a = ctx.assignments.get(action.assignmentId);
    if (action.kind === 'claim') {
      const verdict = decideClaim(a, personId);
      if (!verdict.ok) {
        const r = verdict.reason;
        if (r === 'not-yours') return { text: t.replies.notYours(personName(ctx, a!.managerId)), alert: true };
        if (r === 'already-claimed')
          return { text: t.replies.alreadyClaimed(personName(ctx, a!.claimedBy ?? a!.managerId)) };
        if (r === 'not-linked') return { text: t.replies.notLinked, alert: true };
        if (r === 'reassigned') return { text: t.replies.reassignedAway };
        if (r === 'closed') return { text: t.replies.closed };
        return { text: t.replies.unknown };
      }
      recordClaim(ctx, a!, personId!, via);
      return { text: t.replies.claimed, quiet: true };
    }

    if (!a) return { text: t.replies.unknown };
    if (personId === null) return { text: t.replies.notLinked, alert: true };
    if (!maySupervise(ctx, personId, a.id, a.managerId)) return { text: t.replies.notAllowed, alert: true };
    if (a.status === 'claimed') return { text: t.replies.alreadyHandled };
    if (a.status !== 'pending') return { text: t.replies.closed };
    const stored = ctx.deals.get(a.dealId);
    if (!stored) return { text: t.replies.unknown };
    const view = cardView(ctx, stored, a);
    const now = ctx.clock.now().getTime();

    if (action.kind === 'remind') {
      const key = `nudge:${a.id}:${Math.floor(now / 60_000)}`;
      if (sentAnywhere(ctx, key)) return { text: t.replies.remindedRecently };
      for (const k of sendToPerson(ctx, a.managerId, key, t.managerNudge(view, a.id, personName(ctx, personId)))) {
        ctx.assignments.addCard({ assignmentId: a.id, role: 'ping', personId: a.managerId, outboxKey: k });
      }
      return { text: t.replies.reminded };
    }

    if (action.kind === 'reassign') {
      const colleagues = ctx.directory
        .colleaguesOf(a.managerId)
        .slice(0, 12)
        .map((p) => ({ id: p.id, name: personName(ctx, p.id) }));
      sendToPerson(ctx, personId, `pick:${a.id}:${personId}:${now}`, t.pickColleague(view, a.id, colleagues));
      return { text: t.replies.pickSent };
    }

    // reassign-to: only to an active colleague the picker could have offered.
    if (!ctx.directory.colleaguesOf(a.managerId).some((p) => p.id === action.userId))
      return { text: t.replies.unknown, alert: true };
    closeAssignment(ctx, a, 'reassigned-in-crm', action.userId, personId);
    const moved = { ...stored, deal: { ...stored.deal, assignedById: action.userId } };
    // Stored first: the CRM's echo of our own update then finds nothing new.
    ctx.deals.save(moved, now);
    const newId = openAssignment(ctx, moved, action.userId, now);
    ctx.outbox.enqueue(
      `assign:${newId}`,
      {
        channel: 'bitrix',
        op: 'deal.update',
        target: String(a.dealId),
        payload: { dealId: a.dealId, fields: { assignedById: action.userId } },
      },
      now,
    );
    addDealComment(
      ctx,
      `tl:reassign:${a.id}`,
      a.dealId,
      t.timeline.reassigned(personName(ctx, a.managerId), personName(ctx, action.userId), personName(ctx, personId)),
    );
    return { text: t.replies.reassigned(personName(ctx, action.userId)) };
  })();
}
