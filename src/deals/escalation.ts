/**
 * Unclaimed deals climb the escalation chain: each level fires once per assignment (its timer row
 * is marked fired in the transaction that enqueues the alerts), and a re-assignment starts a new
 * assignment with its own chain rather than re-arming the old one — so no escalate/re-assign loop.
 */
import * as t from '../texts';
import type { DeskContext } from '../kernel/context';
import { sendToPerson, addComment, personName } from '../kernel/delivery';
import { commentKey, messageKey } from '../kernel/keys';
import type { TimerOf } from '../store/timers';
import { OUTBOX_PRIORITY } from '../store/outbox';
import type { DealsContext } from './context';
import { cardView } from './cards';
import { workingSecondsSince } from './lifecycle';
import { pausedUntil } from './pause';
import { bundleAlert, bundlePing } from './bundles';

/** Pings of one deal's manager closer than this are one ping, «at one moment» (clock ms): levels due together, or fired together after an outage. */
const PING_GAP = 200;

export function recipientsOf(ctx: DeskContext, level: number, managerId: number): number[] {
  const rule = ctx.rules.escalation.levels[level - 1];
  if (!rule) return [];
  let ids: number[];
  if (rule.notify === 'department_head') {
    const head = ctx.directory.supervisorOf(managerId);
    // No head in the structure: the directors hear it rather than nobody.
    ids = head !== null ? [head] : ctx.rules.people.directors;
  } else if (rule.notify === 'directors') ids = ctx.rules.people.directors;
  else ids = rule.notify;
  return [...new Set(ids)].filter((id) => id !== managerId);
}

/** An escalation level fell due: alert its recipients and ping the manager, once (the timer is marked fired in the same transaction). */
export async function escalateUnclaimed(ctx: DealsContext, timer: TimerOf<'escalate'>): Promise<void> {
  const { assignmentId, level, again } = timer.payload;
  await ctx.directory.fresh();
  ctx.tx(() => {
    const now = ctx.clock.now().getTime();
    const pending = ctx.assignments.get(assignmentId);
    const held = pending && ctx.deals.get(pending.dealId);
    const resumeAt = held ? pausedUntil(ctx, held.deal.categoryId, now) : null;
    if (resumeAt !== null) {
      // Paused by an admin (/pause): the level waits for the pause's end (the row moves, so a restart keeps it).
      ctx.timers.postpone(timer.id, resumeAt);
      return;
    }
    if (!ctx.timers.markFired(timer.id, now)) return;
    const a = ctx.assignments.get(assignmentId);
    if (a?.status !== 'pending') return;
    const stored = ctx.deals.get(a.dealId);
    if (!stored) return;
    const rule = ctx.rules.escalation.levels[level - 1];
    const waited = workingSecondsSince(ctx, a.assignedAt);
    const view = cardView(ctx, stored, a);
    const recipients = recipientsOf(ctx, level, a.managerId);
    if (recipients.length === 0)
      ctx.log.warn(
        { dealId: a.dealId, level },
        'escalation has nobody to alert: check departments and rules.people.directors',
      );
    for (const person of recipients) {
      if (
        ctx.bundles &&
        bundleAlert(ctx, ctx.bundles, {
          personId: person,
          assignmentId: a.id,
          managerId: a.managerId,
          level,
          recipients: recipientsOf,
        })
      )
        continue;
      for (const k of sendToPerson(
        ctx,
        person,
        messageKey.supervisorAlert(a.id, level, person, again),
        t.supervisorAlert(view, a.id, waited, level),
        OUTBOX_PRIORITY.alert,
      )) {
        ctx.assignments.addCard({ assignmentId: a.id, role: 'alert', personId: person, outboxKey: k });
      }
    }
    const listed =
      rule?.pingManager !== false &&
      ctx.bundles !== undefined &&
      bundlePing(ctx, ctx.bundles, { assignmentId: a.id, managerId: a.managerId, level, recipients: recipientsOf });
    // Two levels due at once (a snoozed level and the next, or both after an outage): one ping, not two alike.
    const pingedJustNow = ctx.assignments
      .cards(a.id)
      .some((c) => c.role === 'ping' && now - (ctx.outbox.queuedAt(c.outboxKey) ?? -Infinity) < PING_GAP);
    if (pingedJustNow && rule?.pingManager !== false && !listed)
      ctx.log.info({ dealId: a.dealId, level }, 'manager already pinged about this deal a moment ago; no second ping');
    else if (rule?.pingManager !== false && !listed) {
      for (const k of sendToPerson(
        ctx,
        a.managerId,
        messageKey.managerPing(a.id, level, again),
        t.managerPing(view, a.id, waited),
        // A reminder: the manager has the card already; a new deal's card goes before it (issue 17).
        OUTBOX_PRIORITY.reminder,
      )) {
        ctx.assignments.addCard({ assignmentId: a.id, role: 'ping', personId: a.managerId, outboxKey: k });
      }
    }
    ctx.log.info({ dealId: a.dealId, assignmentId: a.id, level, recipients, again }, 'deal escalated');
    // A snoozed level alerting again is the same escalation: its timeline line, metric and ledger event were written once.
    if (again !== undefined) return;
    addComment(
      ctx,
      commentKey.escalated(a.id, level),
      'deal',
      a.dealId,
      // The level's configured time, not `waited`: the line must not depend on when the timer fired.
      t.timeline.escalated(
        level,
        recipients.map((id) => personName(ctx, id)).join(', ') || '—',
        (rule?.after ?? ctx.rules.claim.timeout) / 1000,
      ),
    );
    ctx.metrics.escalations.inc({ level: String(level) });
    ctx.events.emit('assignmentEscalated', { assignmentId: a.id, level });
  });
}
