/**
 * Bitrix24 never resends a lost event. The sweep lists deals changed since the last sweep and
 * feeds them through the same path as events; unchanged deals make no effect.
 */
import type { Crm } from '../ports';
import type { DeskContext } from './context';
import { applyDealSnapshots } from './intake';
import { kvGet, kvSet } from '../store/db';

const CURSOR = 'reconcile.cursor';

export async function reconcileDeals(ctx: DeskContext, crm: Crm): Promise<number> {
  const now = ctx.clock.now().getTime();
  const { initialLookback, overlap } = ctx.rules.reconcile;
  const cursor = Number(kvGet(ctx.db, CURSOR) ?? now - initialLookback);
  const since = new Date(cursor - overlap);
  const deals = await crm.listDealsChangedSince(since);
  await applyDealSnapshots(ctx, crm, deals.map((d) => ({ id: d.id, deal: d })));
  // Only advance after the whole page set was applied: a failure re-sweeps the same window.
  kvSet(ctx.db, CURSOR, String(now));
  ctx.metrics.reconciledDeals.inc({}, deals.length);
  return deals.length;
}
