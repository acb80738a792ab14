/**
 * PURE: the first real contact with the client among a deal's (and its contact's and company's)
 * activities after an assignment — what stops the second clock. Fields and enums:
 * api-reference/crm/timeline/activities/activity-base/crm-activity-fields.md, crm/data-types.md#activity-enums.
 *
 * A contact is: an outgoing call or e-mail (DIRECTION 2) created after the assignment; an Open Lines
 * chat (PROVIDER_ID IMOPENLINES_SESSION, assumed: the docs list no provider ids) that is outgoing or
 * completed; or any activity completed after the assignment (a to-do done, a meeting held, an
 * answered incoming call closed). Whichever came first.
 */
import type { ActivityRecord } from '../kernel/ports';

export type ContactKind = 'call' | 'email' | 'chat' | 'done';

const isChat = (a: ActivityRecord) => a.providerId.startsWith('IMOPENLINES');

function kindOf(a: ActivityRecord): ContactKind {
  if (isChat(a)) return 'chat';
  if (a.typeId === 2) return 'call';
  if (a.typeId === 4) return 'email';
  return 'done';
}

export function firstContact(activities: ActivityRecord[], since: number): { at: number; kind: ContactKind } | null {
  let best: { at: number; kind: ContactKind } | null = null;
  for (const a of activities) {
    const created = a.created.getTime();
    const updated = a.lastUpdated.getTime();
    // Outgoing: when it was made. Completed: when it was ticked off (the last update, as polled).
    const at = a.direction === 2 && created >= since ? created : a.completed && updated >= since ? updated : null;
    if (at === null || !Number.isFinite(at)) continue;
    if (!best || at < best.at) best = { at, kind: kindOf(a) };
  }
  return best;
}
