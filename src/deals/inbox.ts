/**
 * Drains recorded CRM events: one deal fetched once however many events it got, many deals per
 * batch call. Events are marked processed in the same transaction as their effects.
 */
import { CrmError, DETAILED_BATCH, type Crm, type DealSnapshot } from '../kernel/ports';
import type { DealsContext } from './context';
import { applyDealSnapshots, type Prefetched } from './intake';
import { backoff, policies, MAX_EVENT_ATTEMPTS, NOT_READABLE_TRIES } from '../kernel/retry';
import { blockedUntil, coerceError, needsAdmin } from '../kernel/errors';

/** How many deal reads go in one batch call (Bitrix24 allows 50 commands). */
const BATCH = 50;

export async function processInbound(
  ctx: DealsContext,
  crm: Crm,
  opts: { nowReal?: () => number; retryBaseMs?: number; batched?: boolean; afterChunk?: () => Promise<unknown> } = {},
): Promise<number> {
  const nowReal = opts.nowReal ?? Date.now;
  const inbound = ctx.inbound;
  let pending = inbound.pending(nowReal());
  if (pending.length === 0) return 0;
  // The read is built once the portal's pace lets it go (issue 17): events that arrive while it
  // would wait for its slot go in it, instead of waiting a whole slot more for the next read.
  if (crm.whenReady) {
    await crm.whenReady();
    pending = inbound.pending(nowReal());
    if (pending.length === 0) return 0;
  }
  const byDeal = new Map<number, number[]>();
  for (const e of pending) byDeal.set(e.entityId, [...(byDeal.get(e.entityId) ?? []), e.id]);
  const ids = [...byDeal.keys()];
  const chunk = opts.batched === false ? 1 : BATCH;

  const fail = (part: number[], e: Error) => {
    const eventIds = part.flatMap((id) => byDeal.get(id) ?? []);
    // crm.deal.get blocked by OPERATION_TIME_LIMIT: read again at the reset; the wait is no failed attempt.
    const blocked = blockedUntil(e);
    if (blocked !== null) {
      inbound.defer(eventIds, blocked);
      ctx.log.warn(
        { deals: part.length, retryAt: blocked },
        'deal reads blocked by the portal’s operating limit; read at its reset',
      );
      return;
    }
    const attempts = Math.max(...pending.filter((p) => eventIds.includes(p.id)).map((p) => p.attempts));
    // The portal refusing the webhook (401/403) is the admin's to fix, not this deal's fault: never given up.
    if (attempts + 1 >= MAX_EVENT_ATTEMPTS && !needsAdmin(e)) {
      // A deal the portal will not give us (no rights, a bogus id) must not be retried forever.
      inbound.giveUp(eventIds, e.message, ctx.clock.now().getTime());
      ctx.metrics.eventsRejected.inc({ reason: 'unreadable' }, eventIds.length);
      ctx.log.error(
        { err: e.message, deals: part },
        'deal could not be read after many attempts; events dropped (the sweep still sees the deal)',
      );
      return;
    }
    const delay = backoff(attempts, policies.inboundEvent(opts.retryBaseMs ?? 2000));
    inbound.retryLater(eventIds, e.message, nowReal() + delay);
    ctx.metrics.callErrors.inc({ target: 'bitrix' });
    ctx.log.warn(
      { err: e.message, deals: part.length, retryInMs: delay },
      'could not fetch deals; events kept for retry',
    );
  };

  const readAndApply = async (part: number[]): Promise<void> => {
    let deals: Map<number, DealSnapshot>;
    let prefetched: Prefetched | undefined;
    try {
      if (opts.batched === false) deals = await getOneByOne(crm, part);
      else if (part.length <= DETAILED_BATCH) {
        // A small chunk (the steady flow): deals, clients and assignees in one request — a second
        // and third call would each wait for the portal's pace (2 requests a second).
        const read = await crm.getDealsWithDetails(part);
        deals = read.deals;
        prefetched = read;
      } else deals = await crm.getDeals(part);
    } catch (e) {
      // One deal's error inside a batch (HTTP 200) must not hold the others: read them one by one.
      if (e instanceof CrmError && e.status === 200 && part.length > 1) {
        for (const id of part) await readAndApply([id]);
        return;
      }
      return fail(part, coerceError(e));
    }
    // A deal the portal does not give yet — an ADD or UPDATE read before the portal's replica has
    // it — is read again shortly, a few times, before "deleted" is concluded (the sweep would take up
    // to a minute). An event that says DELETE, or a deal we already know as deleted, is believed.
    const notYet = part.filter((id) => {
      if (deals.has(id)) return false;
      const events = pending.filter((p) => byDeal.get(id)?.includes(p.id));
      if (events.some((e) => /DELETE$/i.test(e.event))) return false;
      if (ctx.deals.get(id)?.deleted) return false;
      return Math.max(...events.map((e) => e.attempts)) < NOT_READABLE_TRIES;
    });
    for (const id of notYet) {
      const eventIds = byDeal.get(id) ?? [];
      const attempts = Math.max(...pending.filter((p) => eventIds.includes(p.id)).map((p) => p.attempts));
      const delay = backoff(attempts, policies.notReadable(opts.retryBaseMs ?? 2000));
      inbound.retryLater(eventIds, 'deal not readable yet', nowReal() + delay);
      ctx.log.info(
        { dealId: id, retryInMs: delay },
        'deal not readable yet; read again before concluding it is deleted',
      );
    }
    const readable = part.filter((id) => !notYet.includes(id));
    if (readable.length === 0) return;
    const skipped = await applyDealSnapshots(
      ctx,
      crm,
      readable.map((id) => ({ id, deal: deals.get(id) ?? null })),
      (dealId) => inbound.markProcessed(byDeal.get(dealId) ?? [], ctx.clock.now().getTime()),
      prefetched,
    );
    // Read again once our own pending write to the deal has landed.
    for (const id of skipped) inbound.defer(byDeal.get(id) ?? [], nowReal() + 1000);
  };

  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    try {
      await readAndApply(part);
    } catch (e) {
      fail(part, coerceError(e)); // the directory or a client read failed while applying
    }
    // Cards of this chunk go out before the next chunk is read: a burst is not held back whole.
    await opts.afterChunk?.();
  }
  return pending.length;
}

/** The naive way, kept for the benchmark's baseline: one crm.deal.get per deal. */
async function getOneByOne(crm: Crm, ids: number[]) {
  const out = new Map();
  for (const id of ids) for (const [k, v] of await crm.getDeals([id])) out.set(k, v);
  return out;
}
