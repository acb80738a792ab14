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
  const stored = kvGet(ctx.db, CURSOR);
  const cursor = Number(stored ?? now - initialLookback);
  const since = new Date(cursor - overlap);
  const deals = await crm.listDealsChangedSince(since);
  // On the very first run, deals already waiting get a fresh deadline from now: a new install
  // must not greet the supervisors with alerts for the past hour. After that, a deal keeps the
  // time it was really assigned (what fell due while the bot was down fires at start).
  const firstRun = stored === undefined;
  await applyDealSnapshots(ctx, crm, deals.map((d) => ({ id: d.id, deal: firstRun ? { ...d, dateModify: null } : d })));
  // Only advance after the whole page set was applied: a failure re-sweeps the same window.
  kvSet(ctx.db, CURSOR, String(now));
  ctx.metrics.reconciledDeals.inc({}, deals.length);
  return deals.length;
}
