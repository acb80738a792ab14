/**
 * Bundled alerts (issue 17). Telegram lets a bot send about one message a second to a chat (20 a
 * minute to a group), so a storm of single alerts reaches a head long stale. When more than
 * `rules.alerts.bundleAbove` alerts for one person fall due together, one message lists them —
 * deal, manager, how long it waits — with a row of buttons per deal (the alert's own codecs), and
 * later alerts join it for `bundleWindow` while it has room (`bundleSize`); then a new list starts.
 * The list is edited as its deals are claimed, re-assigned or closed (the sender folds queued edits
 * of one message into one call). The grouping PagerDuty and Grafana OnCall do, shaped by
 * Telegram's per-chat limits.
 */
import * as t from '../texts';
import type { DeskContext } from '../kernel/context';
import { editEverywhere, personName, sendToPerson } from '../kernel/delivery';
import { messageKey } from '../kernel/keys';
import type { DealsContext } from './context';
import type { AlertBundleStore } from './store';
import { OUTBOX_PRIORITY } from '../store/outbox';
import { cardView } from './cards';
import { workingSecondsSince } from './lifecycle';

/** Alerts due per person, counted once per clock second (a pass fires many timers of the same moment). */
const dueCounts = new WeakMap<object, { second: number; counts: Map<number, number> }>();

/**
 * How many alerts for the person fall due this second: the one being fired (already marked fired,
 * so counted by hand when the count is made) and those still waiting. Counted once per second, so
 * every alert of one moment sees the same number and they are bundled alike.
 */
function alertsDueFor(
  ctx: DealsContext,
  personId: number,
  now: number,
  recipients: RecipientsOf,
  firing: { level: number; managerId: number },
): number {
  const second = Math.floor(now / 1000);
  let memo = dueCounts.get(ctx);
  if (!memo || memo.second !== second) {
    const counts = new Map<number, number>();
    for (const p of recipients(ctx, firing.level, firing.managerId)) counts.set(p, 1);
    for (const timer of ctx.timers.due(now, 5000)) {
      if (timer.kind !== 'escalate') continue;
      const a = ctx.assignments.get(timer.payload.assignmentId);
      if (a?.status !== 'pending') continue;
      for (const p of recipients(ctx, timer.payload.level, a.managerId)) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    memo = { second, counts };
    dueCounts.set(ctx, memo);
  }
  return memo.counts.get(personId) ?? 0;
}

type RecipientsOf = (ctx: DeskContext, level: number, managerId: number) => number[];

/**
 * Puts the alert into a list when it is time to (a young list with room, or more alerts due for the
 * person than `bundleAbove`); false: send it alone. Inside the escalation's transaction.
 */
export function bundleAlert(
  ctx: DealsContext,
  bundles: AlertBundleStore,
  p: { personId: number; assignmentId: number; managerId: number; level: number; recipients: RecipientsOf },
): boolean {
  const { bundleAbove, bundleSize, bundleWindow } = ctx.rules.alerts;
  const now = ctx.clock.now().getTime();
  const newest = bundles.newest(p.personId);
  const young = newest !== null && now - newest.createdAt < bundleWindow;
  if (!young && alertsDueFor(ctx, p.personId, now, p.recipients, p) <= bundleAbove) return false;
  const open = young && newest.size < bundleSize ? newest.id : null;
  const id = open ?? bundles.create(p.personId, now);
  bundles.addItem(id, p.assignmentId, p.level, now);
  showBundle(ctx, bundles, id, p.personId, open === null);
  return true;
}

/** Sends a new list, or edits every copy of it. */
function showBundle(ctx: DealsContext, bundles: AlertBundleStore, id: number, personId: number, fresh: boolean): void {
  const lines: t.BundleLine[] = [];
  for (const item of bundles.items(id)) {
    const a = ctx.assignments.get(item.assignmentId);
    const stored = a && ctx.deals.get(a.dealId);
    if (!a || !stored) continue;
    const view = cardView(ctx, stored, a);
    lines.push({
      assignmentId: a.id,
      level: item.level,
      title: stored.deal.title || t.fallback.dealTitle(stored.deal.id),
      link: view.link,
      managerName: view.managerName,
      waitedSeconds: workingSecondsSince(ctx, a.assignedAt),
      outcome: outcomeOf(ctx, a),
    });
  }
  const key = messageKey.alertBundle(id, personId);
  const msg = t.alertBundle(lines);
  if (fresh) sendToPerson(ctx, personId, key, msg, OUTBOX_PRIORITY.alert);
  else editEverywhere(ctx, key, `r${bundles.bump(id)}`, msg);
}

function outcomeOf(ctx: DealsContext, a: NonNullable<ReturnType<DealsContext['assignments']['get']>>): string | null {
  if (a.status === 'pending') return null;
  if (a.status === 'claimed')
    return t.outcome.claimed(personName(ctx, a.claimedBy ?? a.managerId), a.claimSeconds ?? 0);
  return a.status === 'reassigned' ? t.outcome.handedOver : t.outcome.gone;
}

/** Lists are edited as their deals are claimed or closed: subscribed at composition. */
export function subscribeBundles(ctx: DealsContext, bundles: AlertBundleStore): void {
  const refresh = (assignmentId: number) => {
    for (const b of bundles.bundlesOf(assignmentId)) showBundle(ctx, bundles, b.id, b.personId, false);
  };
  ctx.events.on('assignmentClaimed', (e) => refresh(e.assignmentId));
  ctx.events.on('assignmentClosed', (e) => refresh(e.assignmentId));
}
