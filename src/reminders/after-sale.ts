/**
 * What happened to a deal after the sale, from two snapshots: won, lost, re-opened, deleted,
 * re-assigned. Pure, like the claim state machine; the follow-up desk acts on it.
 */
import type { DealSnapshot } from '../kernel/ports';
import type { WorkingCalendar } from '../kernel/working-hours';
import { addWorkingTime, workingDayAt } from '../kernel/working-hours';

export type AfterSaleChange =
  | { kind: 'won' }
  | { kind: 'lost' }
  | { kind: 'reopened' }
  | { kind: 'deleted' }
  | { kind: 'reassigned'; to: number };

export function decideAfterSale(
  prev: Pick<DealSnapshot, 'stageId' | 'assignedById'> | null,
  next: Pick<DealSnapshot, 'stageId' | 'assignedById'> | null,
  success: ReadonlySet<string>,
  failure: ReadonlySet<string>,
): AfterSaleChange[] {
  if (!prev) return []; // a deal first seen already closed is history, not news
  if (!next) return [{ kind: 'deleted' }];
  const out: AfterSaleChange[] = [];
  const wasWon = success.has(prev.stageId);
  const isWon = success.has(next.stageId);
  if (!wasWon && isWon) out.push({ kind: 'won' });
  if (wasWon && !isWon) out.push({ kind: 'reopened' });
  if (!failure.has(prev.stageId) && failure.has(next.stageId)) out.push({ kind: 'lost' });
  if (prev.assignedById !== next.assignedById && next.assignedById > 0)
    out.push({ kind: 'reassigned', to: next.assignedById });
  return out;
}

const DAY = 86_400_000;

/**
 * When to call: a delay of a day or more lands on a working day at `at` (company zone); a
 * shorter one (tests, demos) counts in working time.
 */
export function callDueAt(from: Date, delayMs: number, at: string, cal: WorkingCalendar): Date {
  if (delayMs >= DAY) return workingDayAt(from, Math.round(delayMs / DAY), at, cal);
  return addWorkingTime(from, delayMs, cal);
}

export function surveyLink(
  template: string,
  ids: { dealId: number; contactId: number | null; companyId: number | null },
): string {
  return template
    .replace(/\{dealId\}/g, String(ids.dealId))
    .replace(/\{contactId\}/g, ids.contactId ? String(ids.contactId) : '')
    .replace(/\{companyId\}/g, ids.companyId ? String(ids.companyId) : '');
}
