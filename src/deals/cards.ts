import { isWorkingTime } from '../kernel/working-hours';
import { shortName, type CardView } from '../texts';
import type { DeskContext } from '../kernel/context';
import type { StoredDeal, AssignmentRow } from './store';

export function dealLink(ctx: DeskContext, dealId: number): string {
  return `${ctx.rules.portal.url ?? ctx.portalUrl}/crm/deal/details/${dealId}/`;
}

export function personName(ctx: DeskContext, id: number): string {
  return shortName(ctx.directory.person(id), id);
}

/** Everything a card about this assignment shows, drawn from the stored deal (no CRM call). */
export function cardView(
  ctx: DeskContext,
  stored: StoredDeal,
  a: Pick<AssignmentRow, 'assignedAt' | 'dueAt' | 'managerId'>,
): CardView {
  const { deal, client } = stored;
  const cal = ctx.rules.workingHours;
  return {
    deal,
    client,
    pipelineName: ctx.directory.pipeline(deal.categoryId)?.name ?? `#${deal.categoryId}`,
    stageName: ctx.directory.stageName(deal.categoryId, deal.stageId),
    link: dealLink(ctx, deal.id),
    zone: cal.zone,
    now: ctx.clock.now().getTime(),
    dueAt: a.dueAt,
    offHours: !cal.aroundTheClock && !isWorkingTime(new Date(a.assignedAt), cal),
    managerName: personName(ctx, a.managerId),
  };
}
