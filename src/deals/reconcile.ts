/**
 * Bitrix24 never resends a lost event. The sweep lists deals changed since the last sweep and
 * feeds them through the same path as events; unchanged deals make no effect.
 *
 * A listing can be stale by the time it would be applied: it takes a while (pages, retries) and the
 * event loop runs beside it, so the bot may already have taken a newer state of the same deal (a
 * re-assignment) — applying the listing then would hand the deal back. So after the first run the
 * sweep only notices: a changed deal is queued as an event and read afresh in its turn, in the one
 * loop that applies snapshots.
 */
import type { Crm } from '../kernel/ports';
import type { DealsContext } from './context';
import { inboundKey, kvKey } from '../kernel/keys';
import { applyDealSnapshots } from './intake';
import { watchWebhook } from './webhook-watch';

/** crm.deal.list's page (crm-deal-list.md: 50 records a page). */
const LIST_PAGE = 50;

export async function reconcileDeals(
  ctx: DealsContext,
  crm: Crm,
  /** Push mode (an outbound webhook is configured): watch that its events keep coming (webhook-watch.ts). */
  opts: {
    watchWebhook?: boolean;
    /**
     * Since when (bot clock, ms) this run takes outbound events (its HTTP server's start). A window
     * that begins earlier spans time the bot was down: the events of deals changed then went nowhere
     * (Bitrix24 never re-sends), so that sweep's findings are not held against the webhook.
     */
    acceptingSince?: number;
  } = {},
): Promise<number> {
  const now = ctx.clock.now().getTime();
  const { initialLookback, overlap, maxPages } = ctx.rules.reconcile;
  const stored = ctx.kv.get(kvKey.reconcileCursor);
  const cursor = Number(stored ?? now - initialLookback);
  const since = new Date(cursor - overlap);
  // On the very first run, deals already waiting get a fresh deadline from now: a new install
  // must not greet the supervisors with alerts for the past hour. After that, a deal keeps the
  // time it was really assigned (what fell due while the bot was down fires at start).
  const firstRun = stored === undefined;
  // After the first run a sweep reads at most `maxPages` pages (issue 17): at 50 events/s an
  // unbounded listing took the portal's whole pace from the reads that make cards. The rest of the
  // window is read at the next sweep, from the last deal listed (its DATE_MODIFY is the portal's own
  // clock: no overlap for skew is needed there).
  const limit = firstRun ? undefined : maxPages * LIST_PAGE;
  let deals = await crm.listDealsChangedSince(since, { maxItems: limit });
  let resumeAt: number | null = null;
  if (limit !== undefined && deals.length >= limit) {
    const lastAt = Date.parse(deals.at(-1)?.dateModify ?? '');
    if (Number.isFinite(lastAt) && lastAt > since.getTime()) resumeAt = lastAt;
    // Every listed deal changed within one second: the next sweep would list the same pages again.
    else deals = await crm.listDealsChangedSince(since);
  }
  if (firstRun)
    await applyDealSnapshots(
      ctx,
      crm,
      deals.map((d) => ({ id: d.id, deal: { ...d, dateModify: null } })),
    );
  ctx.tx(() => {
    // A deal found changed without an event about it since the window began is a candidate; it is
    // judged at the next sweep, so an event that arrives a moment after the listing is not "missed".
    const candidates: Array<{ id: number; since: number }> = [];
    // The first sweep of a run (its window starts at a sweep of the run before) holds the deals changed
    // while the bot was down (killed, restarted): their events were lost with nobody listening, not by
    // a dead webhook — found then, they are caught up, not counted.
    const listenedThroughout = opts.acceptingSince === undefined || cursor >= opts.acceptingSince;
    if (opts.watchWebhook && !firstRun && !listenedThroughout)
      ctx.log.info(
        { cursor, acceptingSince: opts.acceptingSince },
        'first sweep since the bot took events again: deals changed while it was down are not counted against the webhook',
      );
    if (!firstRun) {
      for (const d of deals) {
        const known = ctx.deals.get(d.id);
        const same =
          known &&
          !known.deleted &&
          known.deal.dateModify === d.dateModify &&
          known.deal.stageId === d.stageId &&
          known.deal.assignedById === d.assignedById;
        if (!same) {
          // A move into another pipeline has an event of its own that an outbound webhook cannot
          // subscribe to (on-crm-deal-move-to-category.md: "only from the application"), and
          // on-crm-deal-update.md does not promise an update for it: finding one without an event is
          // no sign of a dead webhook.
          const pipelineMove = known !== undefined && !known.deleted && known.deal.categoryId !== d.categoryId;
          // Found again before its earlier finding was read (a slow intake, a first sweep's catch-up):
          // judged once, when first found.
          const foundAnew = ctx.inbound.record(
            { source: 'crm', dedupKey: inboundKey.sweep(d.id, d.dateModify), event: 'SWEEP', entityId: d.id },
            now,
          );
          if (
            opts.watchWebhook &&
            listenedThroughout &&
            foundAnew &&
            !pipelineMove &&
            !ctx.inbound.webhookEventSince(d.id, since.getTime())
          )
            candidates.push({ id: d.id, since: since.getTime() });
        }
      }
    }
    if (opts.watchWebhook) {
      const previous = readCandidates(ctx.kv.get(kvKey.webhookCandidates));
      const missed = previous.filter((c) => !ctx.inbound.webhookEventSince(c.id, c.since)).map((c) => c.id);
      ctx.kv.set(kvKey.webhookCandidates, JSON.stringify(candidates));
      watchWebhook(ctx, [...new Set(missed)], now);
    }
    // Only advance once the whole page set was taken: a failure re-sweeps the same window. A bounded
    // listing moves the cursor so that the next window starts at its last deal.
    ctx.kv.set(kvKey.reconcileCursor, String(resumeAt === null ? now : resumeAt + overlap));
  });
  ctx.metrics.reconciledDeals.inc({}, deals.length);
  return deals.length;
}

function readCandidates(raw: string | undefined): Array<{ id: number; since: number }> {
  try {
    const v = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(v)
      ? v.filter(
          (c): c is { id: number; since: number } =>
            typeof c === 'object' && c !== null && typeof c.id === 'number' && typeof c.since === 'number',
        )
      : [];
  } catch {
    return [];
  }
}
