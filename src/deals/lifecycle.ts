/**
 * The effectful transitions of an assignment. Each runs inside the caller's transaction and
 * writes only rows (assignment, timers, outbox), so a crash leaves all or nothing.
 */
import { DateTime } from 'luxon';
import { addWorkingTime, workingTimeBetween } from '../kernel/working-hours';
import * as t from '../texts';
import { sendToPerson, editSent, addComment, updateDeal, personName, namedPerson } from '../kernel/delivery';
import { commentKey, crmKey, messageKey, timerKey } from '../kernel/keys';
import type { StoredDeal } from '../kernel/ports';
import type { DealsContext } from './context';
import { OUTBOX_PRIORITY } from '../store/outbox';
import { cardView } from './cards';
import { isReassignment, type CloseReason } from './claims';
import type { AssignmentRow } from './store';

/** Opens an assignment: its card, its escalation timers; an absent manager's deal goes to the stand-in. Returns its id. */
export function openAssignment(ctx: DealsContext, stored: StoredDeal, assignee: number, assignedAt: number): number {
  const cal = ctx.rules.workingHours;
  const now = ctx.clock.now().getTime();
  // A manager who is away gets no cards: the deal goes to their deputy (or supervisor) at once. One
  // dismissed in Bitrix24 (deactivated) neither: the stand-in, else a director, takes it at once.
  const dismissed = ctx.directory.person(assignee)?.active === false;
  const away = dismissed ? null : ctx.absences.absence(assignee);
  const managerId = dismissed
    ? (ctx.absences.standIn(assignee) ?? ctx.rules.people.directors[0] ?? assignee)
    : (away?.standIn ?? assignee);
  const dueAt = addWorkingTime(new Date(assignedAt), ctx.rules.claim.timeout, cal).getTime();
  const id = ctx.assignments.create({ dealId: stored.deal.id, managerId, assignedAt, dueAt });
  ctx.events.emit('assignmentOpened', {
    assignmentId: id,
    dealId: stored.deal.id,
    managerId,
    assignedAt,
    title: stored.deal.title,
    contactId: stored.deal.contactId,
    companyId: stored.deal.companyId,
  });
  ctx.rules.escalation.levels.forEach((level, i) => {
    const due = addWorkingTime(new Date(assignedAt), level.after, cal).getTime();
    ctx.timers.schedule(
      {
        kind: 'escalate',
        key: timerKey.escalation(id, i + 1),
        dueAt: due,
        payload: { assignmentId: id, level: i + 1 },
      },
      now,
    );
  });
  const view = cardView(ctx, stored, { assignedAt, dueAt, managerId });
  const card = t.dealCard(view, id);
  // Handed to the stand-in at once: the card says why, the CRM gets the new responsible, the timeline a line.
  const handOver = away?.standIn
    ? (() => {
        const until = DateTime.fromMillis(away.until, { zone: cal.zone }).toFormat('dd.MM');
        return {
          reason: t.people.awayCardReason(personName(ctx, assignee), until),
          crm: crmKey.absentReassign(id),
          comment: commentKey.absent(id),
          timeline: t.people.awayTimeline(personName(ctx, assignee), until, personName(ctx, managerId)),
        };
      })()
    : dismissed && managerId !== assignee
      ? {
          reason: t.people.dismissedCardReason(namedPerson(ctx, assignee)),
          crm: crmKey.dismissedReassign(id),
          comment: commentKey.dismissed(id),
          timeline: t.people.dismissedTimeline(namedPerson(ctx, assignee), personName(ctx, managerId)),
        }
      : null;
  if (handOver) {
    card.text = `${handOver.reason}\n${card.text}`;
    updateDeal(ctx, handOver.crm, stored.deal.id, { assignedById: managerId });
    ctx.deals.save({ ...stored, deal: { ...stored.deal, assignedById: managerId } }, now);
    addComment(ctx, handOver.comment, 'deal', stored.deal.id, handOver.timeline);
  }
  for (const k of sendToPerson(ctx, managerId, messageKey.dealCard(id, managerId), card, OUTBOX_PRIORITY.card)) {
    ctx.assignments.addCard({ assignmentId: id, role: 'card', personId: managerId, outboxKey: k });
  }
  ctx.metrics.cardsSent.inc();
  return id;
}

/** Working seconds from `from` (ms) to now. */
export function workingSecondsSince(ctx: DealsContext, from: number): number {
  return Math.round(workingTimeBetween(new Date(from), ctx.clock.now(), ctx.rules.workingHours) / 1000);
}

/** How a claim was made: a button in Telegram or in the Bitrix24 messenger, or the deal moved on in the CRM. */
export type ClaimVia = 'telegram' | 'b24chat' | 'crm';

/**
 * Returns false when the assignment was no longer open (a double tap, a stale copy). `at` is when the
 * claim was made (a tap's time), now by default.
 */
export function recordClaim(
  ctx: DealsContext,
  a: AssignmentRow,
  by: number,
  via: ClaimVia,
  at: number = ctx.clock.now().getTime(),
): boolean {
  const now = Math.max(at, a.assignedAt);
  const seconds = Math.round(workingTimeBetween(new Date(a.assignedAt), new Date(now), ctx.rules.workingHours) / 1000);
  if (!ctx.assignments.claim(a.id, { by, at: now, via, seconds })) return false;
  ctx.events.emit('assignmentClaimed', { assignmentId: a.id, at: now, via });
  ctx.timers.cancelByPrefix(timerKey.escalationsOf(a.id));
  const stored = ctx.deals.get(a.dealId);
  const claimer = namedPerson(ctx, by);
  const byName = claimer.name;
  if (stored) {
    const view = cardView(ctx, stored, a);
    for (const c of ctx.assignments.cards(a.id)) {
      const msg =
        c.role === 'alert'
          ? t.alertResolved(view, t.outcome.claimed(byName, seconds))
          : t.dealCardClaimed(view, { seconds, byName, via });
      editSent(ctx, c.outboxKey, 'claimed', msg);
    }
  }
  addComment(ctx, commentKey.claimed(a.id), 'deal', a.dealId, t.timeline.claimed(claimer, seconds, t.claimVia[via]));
  const rule = ctx.rules.pipelines.find((p) => p.categoryId === stored?.deal.categoryId);
  if (via !== 'crm' && rule?.claimedStage && stored) {
    // Its echo (ONCRMDEALUPDATE, stage moved on) finds the assignment already claimed: a no-op.
    updateDeal(ctx, crmKey.claimStage(a.id), a.dealId, { stageId: rule.claimedStage });
  }
  ctx.metrics.claims.inc({ via });
  ctx.metrics.claimLatency.observe(seconds);
  return true;
}

/**
 * Ends an open assignment without a claim and edits its cards; `newManagerId` names whom a
 * re-assignment went to, `byId` who made it in the bot. False when it was no longer open.
 */
export function closeAssignment(
  ctx: DealsContext,
  a: AssignmentRow,
  reason: CloseReason,
  newManagerId?: number,
  byId?: number,
  /** A move in the CRM that is not the manager's claim: who made it, and into which pipeline. */
  moved?: { by: number | null; pipelineName?: string },
): boolean {
  const reassigned = isReassignment(reason) || newManagerId !== undefined;
  if (!ctx.assignments.close(a.id, reassigned ? 'reassigned' : 'closed', reason, byId ?? null)) return false;
  ctx.events.emit('assignmentClosed', { assignmentId: a.id, at: ctx.clock.now().getTime(), reason });
  ctx.timers.cancelByPrefix(timerKey.escalationsOf(a.id));
  const stored = ctx.deals.get(a.dealId);
  if (!stored) return true;
  const view = cardView(ctx, stored, a);
  const toName = newManagerId !== undefined ? personName(ctx, newManagerId) : undefined;
  const why = reassigned ? 'reassigned' : endedWithoutReassignment(reason);
  const movedWhy = why === 'moved-pipeline' || why === 'moved-by-other' ? why : null;
  const movedNote =
    movedWhy !== null
      ? {
          by: moved?.by ? namedPerson(ctx, moved.by) : t.fallback.someone,
          pipelineName: moved?.pipelineName ?? view.pipelineName,
          managerName: view.managerName,
        }
      : undefined;
  // The deal's timeline says so too: the move was not the manager's claim.
  if (movedWhy !== null && movedNote)
    addComment(ctx, commentKey.moved(a.id), 'deal', a.dealId, t.timeline.movedNotClaimed(movedWhy, movedNote));
  for (const c of ctx.assignments.cards(a.id)) {
    const msg =
      c.role === 'alert'
        ? t.alertResolved(
            view,
            why === 'reassigned'
              ? t.outcome.reassigned(
                  toName ?? t.fallback.otherManager,
                  byId ? personName(ctx, byId) : t.fallback.inBitrix,
                )
              : t.outcome.closed(why, movedNote),
          )
        : t.dealCardGone(view, why, toName, movedNote);
    editSent(ctx, c.outboxKey, 'closed', msg);
  }
  return true;
}

/** A close reason that is not a re-assignment, as the card and the alert name it. */
function endedWithoutReassignment(reason: CloseReason): t.EndedWhy {
  return reason === 'deleted' || reason === 'lost' || reason === 'moved-pipeline' || reason === 'moved-by-other'
    ? reason
    : 'unwatched';
}
