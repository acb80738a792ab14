/**
 * Bundled alerts (issue 17). Telegram lets a bot send about one message a second to a chat (20 a
 * minute to a group), so a storm of single alerts reaches a head long stale. When more than
 * `rules.alerts.bundleAbove` alerts for one person fall due together, one message lists them —
 * deal, manager, how long it waits — with a row of buttons per deal (the alert's own codecs), and
 * later alerts join it for `bundleWindow` while it has room (`bundleSize`); then a new list starts.
 * The list is edited as its deals are claimed, re-assigned or closed (the sender folds queued edits
 * of one message into one call). The grouping PagerDuty and Grafana OnCall do, shaped by
 * Telegram's per-chat limits.
 *
 * A backlog (more alerts due at once than fit one list — a restart after an outage, a morning after
 * a holiday) is ONE digest: how many deals wait, the longest-waiting first, `bundleSize` of them a
 * page with the same buttons, «◀ 1/67 ▶» to page in place (only its recipient may), edited as deals
 * are handled; later alerts join it for `bundleWindow`. Likewise a manager with more than
 * `pingsAbove` pings due at once gets one paged list of their waiting deals, «✅ Беру» on each,
 * instead of a ping apiece. The page shown is stored (alert_bundles.page): a restart keeps it.
 */
import * as t from '../texts';
import type { DeskContext } from '../kernel/context';
import type { ActionReply, OutMessage } from '../kernel/ports';
import { editEverywhere, personName, sendToPerson } from '../kernel/delivery';
import { messageKey, timerKey } from '../kernel/keys';
import type { TimerOf } from '../store/timers';
import type { DealsContext } from './context';
import { ALERT_KINDS, type AlertBundleStore, type BundleKind, type BundleRow } from './store';
import { OUTBOX_PRIORITY } from '../store/outbox';
import { cardView } from './cards';
import { workingSecondsSince } from './lifecycle';

/** Alerts (by recipient) and pings (by manager) due now. */
interface DueCounts {
  alerts: Map<number, number>;
  pings: Map<number, number>;
}

/** Counted once per clock second (a pass fires many timers of the same moment). */
const dueCounts = new WeakMap<object, { second: number; counts: DueCounts }>();

const pingsAt = (ctx: DeskContext, level: number) => ctx.rules.escalation.levels[level - 1]?.pingManager !== false;

const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * How many alerts per person and pings per manager fall due this second: the escalation being fired
 * (already marked fired, so counted by hand when the count is made) and those still waiting.
 * Counted once per second, so every alert of one moment sees the same number and they are bundled alike.
 */
function dueNow(
  ctx: DealsContext,
  now: number,
  recipients: RecipientsOf,
  firing: { level: number; managerId: number },
): DueCounts {
  const second = Math.floor(now / 1000);
  const memo = dueCounts.get(ctx);
  if (memo && memo.second === second) return memo.counts;
  const counts: DueCounts = { alerts: new Map(), pings: new Map() };
  for (const p of recipients(ctx, firing.level, firing.managerId)) bump(counts.alerts, p);
  if (pingsAt(ctx, firing.level)) bump(counts.pings, firing.managerId);
  for (const timer of ctx.timers.due(now, 5000)) {
    if (timer.kind !== 'escalate') continue;
    const a = ctx.assignments.get(timer.payload.assignmentId);
    if (a?.status !== 'pending') continue;
    for (const p of recipients(ctx, timer.payload.level, a.managerId)) bump(counts.alerts, p);
    if (pingsAt(ctx, timer.payload.level)) bump(counts.pings, a.managerId);
  }
  dueCounts.set(ctx, { second, counts });
  return counts;
}

type RecipientsOf = (ctx: DeskContext, level: number, managerId: number) => number[];

/**
 * Puts the alert into a list or a digest when it is time to (a young digest, or a young list with
 * room, or more alerts due for the person than `bundleAbove` — than `bundleSize`: a digest); false:
 * send it alone. Inside the escalation's transaction.
 */
export function bundleAlert(
  ctx: DealsContext,
  bundles: AlertBundleStore,
  p: { personId: number; assignmentId: number; managerId: number; level: number; recipients: RecipientsOf },
): boolean {
  const { bundleAbove, bundleSize, bundleWindow } = ctx.rules.alerts;
  const now = ctx.clock.now().getTime();
  const newest = bundles.newest(p.personId, ALERT_KINDS);
  const young = newest !== null && now - newest.createdAt < bundleWindow;
  if (young && newest.kind === 'digest') return join(ctx, bundles, newest, p, now);
  const due = dueNow(ctx, now, p.recipients, p).alerts.get(p.personId) ?? 0;
  if (due > bundleSize && due > bundleAbove) return start(ctx, bundles, 'digest', p.personId, p, now);
  if (young && newest.size < bundleSize) return join(ctx, bundles, newest, p, now);
  if (!young && due <= bundleAbove) return false;
  return start(ctx, bundles, 'list', p.personId, p, now);
}

/**
 * Puts the manager's ping into their list of waiting deals when it is time to (a young list, or more
 * pings due for them at once than `pingsAbove`); false: send it alone. Inside the escalation's transaction.
 */
export function bundlePing(
  ctx: DealsContext,
  bundles: AlertBundleStore,
  p: { assignmentId: number; managerId: number; level: number; recipients: RecipientsOf },
): boolean {
  const { pingsAbove, bundleWindow } = ctx.rules.alerts;
  const now = ctx.clock.now().getTime();
  const newest = bundles.newest(p.managerId, ['pings']);
  if (newest !== null && now - newest.createdAt < bundleWindow) return join(ctx, bundles, newest, p, now);
  if ((dueNow(ctx, now, p.recipients, p).pings.get(p.managerId) ?? 0) <= pingsAbove) return false;
  return start(ctx, bundles, 'pings', p.managerId, p, now);
}

function start(
  ctx: DealsContext,
  bundles: AlertBundleStore,
  kind: BundleKind,
  personId: number,
  item: { assignmentId: number; level: number },
  now: number,
): true {
  const id = bundles.create(personId, now, kind);
  bundles.addItem(id, item.assignmentId, item.level, now);
  showBundle(ctx, bundles, id, true);
  return true;
}

/**
 * Adds the alert to a bundle and shows it: a list (≤ bundleSize) at once; a digest or a list of pings
 * by a redraw timer due now, one per clock second — a restart's burst of 1,000 alerts joining one
 * digest drew it 1,000 times (2.1 s of the 3 s those escalations took, CPU profile of
 * `bench:capacity`); the timer is durable, so a crash after the join still draws it.
 */
function join(
  ctx: DealsContext,
  bundles: AlertBundleStore,
  b: { id: number; kind: BundleKind },
  item: { assignmentId: number; level: number },
  now: number,
): true {
  if (!bundles.addItem(b.id, item.assignmentId, item.level, now)) return true;
  if (b.kind === 'list') showBundle(ctx, bundles, b.id, false);
  else
    ctx.timers.schedule(
      {
        kind: 'bundle-redraw',
        key: timerKey.bundleRedraw(b.id, Math.floor(now / 1000)),
        dueAt: now,
        payload: { bundleId: b.id },
      },
      now,
    );
  return true;
}

/** The redraw timer of a digest or a list of pings (see `join`); marked fired in the same transaction. */
export function redrawBundle(ctx: DealsContext, timer: TimerOf<'bundle-redraw'>): void {
  ctx.tx(() => {
    if (!ctx.timers.markFired(timer.id, ctx.clock.now().getTime())) return;
    if (ctx.bundles) showBundle(ctx, ctx.bundles, timer.payload.bundleId, false);
  });
}

/** Sends a new bundle message, or edits every copy of it. */
function showBundle(ctx: DealsContext, bundles: AlertBundleStore, id: number, fresh: boolean): void {
  const b = bundles.get(id);
  if (!b) return;
  const msg = b.kind === 'list' ? listMessage(ctx, bundles, b.id) : pagedMessage(ctx, bundles, b);
  const key = b.kind === 'pings' ? messageKey.pingList(b.id, b.personId) : messageKey.alertBundle(b.id, b.personId);
  // A list of pings is a reminder (the manager has the cards): a new deal's card goes before it.
  const priority = b.kind === 'pings' ? OUTBOX_PRIORITY.reminder : OUTBOX_PRIORITY.alert;
  if (fresh) sendToPerson(ctx, b.personId, key, msg, priority);
  else editEverywhere(ctx, key, `r${bundles.bump(b.id)}`, msg);
}

/**
 * Lines drawn this clock second, by assignment, status and level: a digest growing by a thousand
 * alerts in a restart's burst redraws the same first page a thousand times (working time and the
 * card view of each line are the cost); within a second the line is the same.
 */
const linesDrawn = new WeakMap<object, { second: number; lines: Map<string, t.BundleLine | null> }>();

/** One deal of a bundle as its line shows it (null: the deal is gone from the store). */
function lineOf(ctx: DealsContext, item: { assignmentId: number; level: number }): t.BundleLine | null {
  const a = ctx.assignments.get(item.assignmentId);
  if (!a) return null;
  const second = Math.floor(ctx.clock.now().getTime() / 1000);
  let memo = linesDrawn.get(ctx);
  if (!memo || memo.second !== second) {
    memo = { second, lines: new Map() };
    linesDrawn.set(ctx, memo);
  }
  const key = `${a.id}:${a.status}:${item.level}`;
  const drawn = memo.lines.get(key);
  if (drawn !== undefined) return drawn;
  const line = drawLine(ctx, a, item.level);
  memo.lines.set(key, line);
  return line;
}

function drawLine(
  ctx: DealsContext,
  a: NonNullable<ReturnType<DealsContext['assignments']['get']>>,
  level: number,
): t.BundleLine | null {
  const stored = ctx.deals.get(a.dealId);
  if (!stored) return null;
  const view = cardView(ctx, stored, a);
  return {
    assignmentId: a.id,
    level,
    title: stored.deal.title.trim() || t.fallback.dealTitle(stored.deal.id), // a title of spaces made an empty link
    link: view.link,
    managerName: view.managerName,
    waitedSeconds: workingSecondsSince(ctx, a.assignedAt),
    outcome: outcomeOf(ctx, a),
  };
}

/** A list of ≤ bundleSize alerts: every deal, waiting or what became of it. */
function listMessage(ctx: DealsContext, bundles: AlertBundleStore, id: number): OutMessage {
  return t.alertBundle(
    bundles
      .items(id)
      .map((item) => lineOf(ctx, item))
      .filter((l): l is t.BundleLine => l !== null),
  );
}

/** A digest or a manager's list: the count and the page shown, of the deals still waiting. */
function pagedMessage(ctx: DealsContext, bundles: AlertBundleStore, b: BundleRow): OutMessage {
  const size = ctx.rules.alerts.bundleSize;
  const { total, waiting } = bundles.counts(b.id);
  const pages = Math.max(1, Math.ceil(waiting / size));
  const page = Math.min(b.page, pages - 1);
  const lines = bundles
    .waitingPage(b.id, page * size, size)
    .map((item) => lineOf(ctx, item))
    .filter((l): l is t.BundleLine => l !== null);
  const d = { waiting, total, first: page * size + 1, lines, page: { bundleId: b.id, page, pages } };
  return b.kind === 'digest' ? t.alertDigest(d) : t.pingList(d);
}

/**
 * «◀ 2/67 ▶»: the digest (or list) shows that page, edited in place; only the person it was sent
 * to may page it (anyone else gets a toast). Inside the button's transaction.
 */
export function turnPage(
  ctx: DealsContext,
  bundles: AlertBundleStore,
  personId: number | null,
  bundleId: number,
  page: number,
): ActionReply {
  const b = bundles.get(bundleId);
  if (!b || b.kind === 'list') return { text: t.replies.unknown };
  if (personId === null) return { text: t.replies.notLinked, alert: true };
  if (personId !== b.personId) {
    ctx.log.info({ personId, bundleId }, 'page button of someone else’s list refused');
    return { text: t.replies.notYourList(personName(ctx, b.personId)), alert: true };
  }
  const pages = Math.max(1, Math.ceil(bundles.counts(b.id).waiting / ctx.rules.alerts.bundleSize));
  const target = Math.min(page, pages - 1);
  // The page already shown (its «1/2» button, an old arrow): no edit — Telegram refuses an unchanged
  // text (400 "message is not modified") after it took one of the chat's ~1 message a second.
  if (target === Math.min(b.page, pages - 1)) return { text: t.replies.page(target + 1, pages), quiet: true };
  bundles.setPage(b.id, target);
  showBundle(ctx, bundles, b.id, false);
  return { text: t.replies.page(target + 1, pages), quiet: true };
}

function outcomeOf(ctx: DealsContext, a: NonNullable<ReturnType<DealsContext['assignments']['get']>>): string | null {
  if (a.status === 'pending') return null;
  if (a.status === 'claimed')
    return t.outcome.claimed(personName(ctx, a.claimedBy ?? a.managerId), a.claimSeconds ?? 0);
  return a.status === 'reassigned' ? t.outcome.handedOver : t.outcome.gone;
}

/** Lists and digests are edited as their deals are claimed or closed: subscribed at composition. */
export function subscribeBundles(ctx: DealsContext, bundles: AlertBundleStore): void {
  const refresh = (assignmentId: number) => {
    for (const b of bundles.bundlesOf(assignmentId)) showBundle(ctx, bundles, b.id, false);
  };
  ctx.events.on('assignmentClaimed', (e) => refresh(e.assignmentId));
  ctx.events.on('assignmentClosed', (e) => refresh(e.assignmentId));
}
