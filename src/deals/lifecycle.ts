/**
 * The effectful transitions of an assignment. Each runs inside the caller's transaction and
 * writes only rows (assignment, timers, outbox), so a crash leaves all or nothing.
 */
import { DateTime } from 'luxon';
import { addWorkingTime, workingTimeBetween } from '../kernel/working-hours';
import * as t from '../texts';
import type { DeskContext } from '../kernel/context';
import { sendToPerson, editSent, addDealComment } from '../kernel/context';
import { cardView, personName } from './cards';
import type { StoredDeal, AssignmentRow } from './store';

export const escalationKey = (assignmentId: number, level: number) => `escalate:${assignmentId}:${level}`;

export function openAssignment(ctx: DeskContext, stored: StoredDeal, assignee: number, assignedAt: number): number {
  const cal = ctx.rules.workingHours;
  const now = ctx.clock.now().getTime();
  // A manager who is away gets no cards: the deal goes to their deputy (or supervisor) at once.
  const away = ctx.absence?.(assignee) ?? null;
  const managerId = away?.standIn ?? assignee;
  const dueAt = addWorkingTime(new Date(assignedAt), ctx.rules.claim.timeout, cal).getTime();
  const id = ctx.assignments.create({ dealId: stored.deal.id, managerId, assignedAt, dueAt });
  ctx.rules.escalation.levels.forEach((level, i) => {
    const due = addWorkingTime(new Date(assignedAt), level.after, cal).getTime();
    ctx.timers.schedule(
      { kind: 'escalate', key: escalationKey(id, i + 1), dueAt: due, payload: { assignmentId: id, level: i + 1 } },
      now,
    );
  });
  const view = cardView(ctx, stored, { assignedAt, dueAt, managerId });
  const card = t.dealCard(view, id);
  if (away?.standIn) {
    const awayUntil = DateTime.fromMillis(away.until, { zone: cal.zone }).toFormat('dd.MM');
    card.text = `${t.people.awayCardReason(personName(ctx, assignee), awayUntil)}\n${card.text}`;
    ctx.outbox.enqueue(
      `absent:${id}`,
      {
        channel: 'bitrix',
        op: 'deal.update',
        target: String(stored.deal.id),
        payload: { dealId: stored.deal.id, fields: { assignedById: managerId } },
      },
      now,
    );
    ctx.deals.save({ ...stored, deal: { ...stored.deal, assignedById: managerId } }, now);
    addDealComment(
      ctx,
      `tl:absent:${id}`,
      stored.deal.id,
      t.people.awayTimeline(personName(ctx, assignee), awayUntil, personName(ctx, managerId)),
    );
  }
  for (const k of sendToPerson(ctx, managerId, `card:${id}:${managerId}`, card)) {
    ctx.assignments.addCard({ assignmentId: id, role: 'card', personId: managerId, outboxKey: k });
  }
  ctx.metrics.cardsSent.inc();
  return id;
}

export function workingSecondsSince(ctx: DeskContext, from: number): number {
  return Math.round(workingTimeBetween(new Date(from), ctx.clock.now(), ctx.rules.workingHours) / 1000);
}

/** Returns false when the assignment was no longer open (a double tap, a stale copy). */
/** How a claim was made: a button in Telegram or in the Bitrix24 messenger, or the deal moved on in the CRM. */
export type ClaimVia = 'telegram' | 'b24chat' | 'bitrix';

export function recordClaim(ctx: DeskContext, a: AssignmentRow, by: number, via: ClaimVia): boolean {
  const now = ctx.clock.now().getTime();
  const seconds = workingSecondsSince(ctx, a.assignedAt);
  if (!ctx.assignments.claim(a.id, { by, at: now, via, seconds })) return false;
  ctx.timers.cancelByPrefix(`escalate:${a.id}:`);
  const stored = ctx.deals.get(a.dealId);
  const byName = personName(ctx, by);
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
  addDealComment(ctx, `tl:claim:${a.id}`, a.dealId, t.timeline.claimed(byName, seconds, t.claimVia[via]));
  const rule = ctx.rules.pipelines.find((p) => p.categoryId === stored?.deal.categoryId);
  if (via !== 'bitrix' && rule?.claimedStage && stored) {
    // Its echo (ONCRMDEALUPDATE, stage moved on) finds the assignment already claimed: a no-op.
    ctx.outbox.enqueue(
      `move:claim:${a.id}`,
      {
        channel: 'bitrix',
        op: 'deal.update',
        target: String(a.dealId),
        payload: { dealId: a.dealId, fields: { stageId: rule.claimedStage } },
      },
      now,
    );
  }
  ctx.metrics.claims.inc({ via });
  ctx.metrics.claimLatency.observe(seconds);
  return true;
}

export type CloseReason = 'deleted' | 'lost' | 'unwatched' | 'reassigned-in-crm';

export function closeAssignment(
  ctx: DeskContext,
  a: AssignmentRow,
  reason: CloseReason,
  newManagerId?: number,
  byId?: number,
): boolean {
  const reassigned = reason === 'reassigned-in-crm' || newManagerId !== undefined;
  if (!ctx.assignments.close(a.id, reassigned ? 'reassigned' : 'closed', reason, byId ?? null)) return false;
  ctx.timers.cancelByPrefix(`escalate:${a.id}:`);
  const stored = ctx.deals.get(a.dealId);
  if (!stored) return true;
  const view = cardView(ctx, stored, a);
  const toName = newManagerId !== undefined ? personName(ctx, newManagerId) : undefined;
  const why = reassigned ? 'reassigned' : (reason as 'deleted' | 'lost' | 'unwatched');
  for (const c of ctx.assignments.cards(a.id)) {
    const msg =
      c.role === 'alert'
        ? t.alertResolved(
            view,
            reassigned
              ? t.outcome.reassigned(toName ?? 'другой менеджер', byId ? personName(ctx, byId) : 'в Битрикс24')
              : t.outcome.closed(why as 'deleted' | 'lost' | 'unwatched'),
          )
        : t.dealCardGone(view, why, toName);
    editSent(ctx, c.outboxKey, `closed`, msg);
  }
  return true;
}
