import { isWorkingTime } from '../kernel/working-hours';
import type { CardView } from '../texts';
import type { DeskContext } from '../kernel/context';
import { dealLink, personName } from '../kernel/delivery';
import type { StoredDeal } from '../kernel/ports';
import type { AssignmentRow } from './store';

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
