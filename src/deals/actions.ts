/**
 * Button presses on deal cards and escalation alerts. The decision is a quick SQLite transaction,
 * so the messenger can answer the tap at once; edits and CRM writes go out through the outbox.
 */
import * as t from '../texts';
import type { ActionReply, Channel } from '../kernel/ports';
import { sendToPerson, addComment, updateDeal, sentAnywhere, personName, namedPerson } from '../kernel/delivery';
import { commentKey, crmKey, messageKey } from '../kernel/keys';
import type { ButtonHandlers } from '../kernel/desk';
import type { DealsContext } from './context';
import { decideClaim } from './claims';
import { cardView } from './cards';
import { recordClaim, closeAssignment, openAssignment } from './lifecycle';
import type { AssignmentRow } from './store';
import { snoozeEscalation } from './pause';
import { turnPage } from './bundles';

/** Supervisors who were alerted, the manager's department head, directors and admins. */
function maySupervise(ctx: DealsContext, personId: number, assignmentId: number, managerId: number): boolean {
  const p = ctx.rules.people;
  return (
    ctx.assignments.alertedPeople(assignmentId).includes(personId) ||
    // A manager's list of their own waiting deals is no supervisor's alert.
    ctx.bundles?.bundlesOf(assignmentId).some((b) => b.personId === personId && b.kind !== 'pings') === true ||
    ctx.directory.supervisorOf(managerId) === personId ||
    p.directors.includes(personId) ||
    p.admins.includes(personId)
  );
}

/** «✅ Беру в работу»: only the responsible manager, only while the assignment is open. */
export async function claimFromButton(
  ctx: DealsContext,
  personId: number | null,
  assignmentId: number,
  via: Channel,
): Promise<ActionReply> {
  // The tap's time, before anything else: the claim counts from it.
  const at = ctx.clock.now().getTime();
  // Decided from what the bot already knows: the assignment and the link are local, the names cached.
  // A portal that refuses or is slow neither fails nor delays the tap; the CRM writes go to the outbox.
  ctx.directory.cached((e) => ctx.log.warn({ err: (e as Error).message }, 'could not reload the people for a claim'));
  return ctx.tx((): ActionReply => {
    const a = ctx.assignments.get(assignmentId);
    const verdict = decideClaim(a, personId);
    if (!verdict.ok) {
      const r = verdict.reason;
      if (r === 'not-yours' && a) return { text: t.replies.notYours(namedPerson(ctx, a.managerId)), alert: true };
      if (r === 'already-claimed' && a)
        return { text: t.replies.alreadyClaimed(namedPerson(ctx, a.claimedBy ?? a.managerId)) };
      if (r === 'not-linked') return { text: t.replies.notLinked, alert: true };
      if (r === 'reassigned') return { text: t.replies.reassignedAway };
      if (r === 'closed') return { text: t.replies.closed };
      return { text: t.replies.unknown };
    }
    if (a && personId !== null) recordClaim(ctx, a, personId, via, at);
    return { text: t.replies.claimed, quiet: true };
  });
}

/**
 * A supervisor's button on an alert: checks who may press it and that the assignment is still open,
 * then runs `act` in the same transaction.
 */
async function supervise(
  ctx: DealsContext,
  personId: number | null,
  assignmentId: number,
  act: (a: AssignmentRow, supervisorId: number) => ActionReply,
): Promise<ActionReply> {
  // Like a claim: decided from the cached people, never waiting for the portal.
  ctx.directory.cached((e) => ctx.log.warn({ err: (e as Error).message }, 'could not reload the people for an alert'));
  return ctx.tx((): ActionReply => {
    const a = ctx.assignments.get(assignmentId);
    if (!a) return { text: t.replies.unknown };
    if (personId === null) return { text: t.replies.notLinked, alert: true };
    if (!maySupervise(ctx, personId, a.id, a.managerId)) return { text: t.replies.notAllowed, alert: true };
    if (a.status === 'claimed') return { text: t.replies.alreadyHandled };
    if (a.status === 'reassigned') {
      // A second tap in «Кому передать»: say whom it went to, not «неактуальна».
      const next = ctx.assignments.latestForDeal(a.dealId);
      return {
        text:
          next && next.id !== a.id
            ? t.replies.alreadyPassed(personName(ctx, next.managerId))
            : t.replies.reassignedAway,
      };
    }
    if (a.status !== 'pending') return { text: t.replies.closed };
    return act(a, personId);
  });
}

/** The deal desk's buttons. */
export function dealButtons(
  ctx: DealsContext,
): Pick<ButtonHandlers, 'claim' | 'remind' | 'reassign' | 'reassignTo' | 'snooze' | 'listPage'> {
  return {
    listPage: async (personId, press) => {
      const bundles = ctx.bundles;
      if (!bundles) return { text: t.replies.unknown };
      ctx.directory.cached((e) =>
        ctx.log.warn({ err: (e as Error).message }, 'could not reload the people for a list'),
      );
      return ctx.tx(() => turnPage(ctx, bundles, personId, press.bundleId, press.page));
    },

    snooze: (personId, press) =>
      supervise(ctx, personId, press.assignmentId, (a, supervisorId) =>
        snoozeEscalation(ctx, a, press.level, press.minutes, supervisorId),
      ),

    claim: (personId, press, actor) => claimFromButton(ctx, personId, press.assignmentId, actor.channel),

    remind: (personId, press) =>
      supervise(ctx, personId, press.assignmentId, (a, supervisorId) => {
        const stored = ctx.deals.get(a.dealId);
        if (!stored) return { text: t.replies.unknown };
        const key = messageKey.managerNudge(a.id, Math.floor(ctx.clock.now().getTime() / 60_000));
        if (sentAnywhere(ctx, key)) return { text: t.replies.remindedRecently };
        const nudge = t.managerNudge(cardView(ctx, stored, a), a.id, personName(ctx, supervisorId));
        for (const k of sendToPerson(ctx, a.managerId, key, nudge)) {
          ctx.assignments.addCard({ assignmentId: a.id, role: 'ping', personId: a.managerId, outboxKey: k });
        }
        return { text: t.replies.reminded };
      }),

    reassign: (personId, press) =>
      supervise(ctx, personId, press.assignmentId, (a, supervisorId) => {
        const stored = ctx.deals.get(a.dealId);
        if (!stored) return { text: t.replies.unknown };
        const colleagues = ctx.directory
          .colleaguesOf(a.managerId)
          .slice(0, 12)
          .map((p) => ({ id: p.id, name: personName(ctx, p.id) }));
        const key = messageKey.colleaguePicker(a.id, supervisorId, ctx.clock.now().getTime());
        // Kept with the assignment's alerts: once it is passed on (or claimed, or closed) the picker is
        // redrawn like them, its buttons gone.
        for (const k of sendToPerson(
          ctx,
          supervisorId,
          key,
          t.pickColleague(cardView(ctx, stored, a), a.id, colleagues),
        ))
          ctx.assignments.addCard({ assignmentId: a.id, role: 'alert', personId: supervisorId, outboxKey: k });
        return { text: t.replies.pickSent };
      }),

    reassignTo: (personId, press) =>
      supervise(ctx, personId, press.assignmentId, (a, supervisorId) => {
        const stored = ctx.deals.get(a.dealId);
        if (!stored) return { text: t.replies.unknown };
        // Only to an active colleague the picker could have offered.
        if (!ctx.directory.colleaguesOf(a.managerId).some((p) => p.id === press.userId))
          return { text: t.replies.unknown, alert: true };
        const now = ctx.clock.now().getTime();
        closeAssignment(ctx, a, 'reassigned-in-bot', press.userId, supervisorId);
        const moved = { ...stored, deal: { ...stored.deal, assignedById: press.userId } };
        // Stored first: the CRM's echo of our own update then finds nothing new.
        ctx.deals.save(moved, now);
        const newId = openAssignment(ctx, moved, press.userId, now);
        updateDeal(ctx, crmKey.reassign(newId), a.dealId, { assignedById: press.userId });
        addComment(
          ctx,
          commentKey.reassigned(a.id),
          'deal',
          a.dealId,
          t.timeline.reassigned(
            personName(ctx, a.managerId),
            personName(ctx, press.userId),
            namedPerson(ctx, supervisorId),
          ),
        );
        return { text: t.replies.reassigned(personName(ctx, press.userId)) };
      }),
  };
}
