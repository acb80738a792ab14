/**
 * The dead-webhook watch. Bitrix24 never re-sends an outbound event, and outbound webhooks stop
 * silently in practice (a changed URL, a regenerated token, a handler removed, the portal's
 * "too many errors" switch-off). The sweep still finds the deals, minutes late; this tells the
 * admins once that events stopped arriving, and how to check, before that becomes the normal.
 *
 * Two signs, both in working time: `missed` deals the sweep found new or changed without their
 * event within `within`; or no event at all for `silence` while the sweep does find changes. Told
 * once; the next event that arrives ends the alarm (and a later breakage is told again).
 * Only once the webhook has delivered an event: without one, the sweep is the event source by design.
 */
import * as t from '../texts';
import { workingTimeBetween } from '../kernel/working-hours';
import { kvKey, messageKey } from '../kernel/keys';
import { sendToPerson } from '../kernel/delivery';
import type { DealsContext } from './context';

export interface WebhookWatchState {
  /** When the last outbound event arrived (the bot's clock), null: never. */
  lastEventAt: number | null;
  /** Missed findings still within the window. */
  missed: number;
  /** When the admins were told, null: no alarm now. */
  alarmedAt: number | null;
}

const readList = (raw: string | undefined): number[] => {
  try {
    const v = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
};

/** The sweep found `missedDealIds` changed without their event: count them, and tell the admins when it is time. Inside the sweep's transaction. */
export function watchWebhook(ctx: DealsContext, missedDealIds: number[], now: number): WebhookWatchState {
  const { missed: threshold, within, silence } = ctx.rules.webhookWatch;
  const cal = ctx.rules.workingHours;
  const working = (from: number) => workingTimeBetween(new Date(from), new Date(now), cal);
  const lastEventAt = ctx.inbound.lastWebhookEventAt();
  // A webhook that never delivered anything is not "stopped": that portal runs on the sweep alone
  // (pull mode, no public URL), and `doctor` is what says the outbound webhook is missing.
  if (lastEventAt === null) return { lastEventAt, missed: 0, alarmedAt: null };
  const alarmedRaw = ctx.kv.get(kvKey.webhookAlarmedAt);
  let alarmedAt = alarmedRaw ? Number(alarmedRaw) : null;
  if (alarmedAt !== null && lastEventAt !== null && lastEventAt > alarmedAt) {
    // Events arrive again: the alarm is over; a later breakage is told anew.
    ctx.log.info({ alarmedAt, lastEventAt }, 'the outbound webhook delivers events again');
    ctx.kv.delete(kvKey.webhookAlarmedAt);
    ctx.kv.set(kvKey.webhookMissed, '[]');
    alarmedAt = null;
  }
  const list = [...readList(ctx.kv.get(kvKey.webhookMissed)), ...missedDealIds.map(() => now)].filter(
    (at) => working(at) < within,
  );
  ctx.kv.set(kvKey.webhookMissed, JSON.stringify(list));
  if (missedDealIds.length > 0)
    ctx.log.warn(
      { deals: missedDealIds, missedInWindow: list.length },
      'the sweep found deals changed without their outbound event',
    );
  const silent = missedDealIds.length > 0 && working(lastEventAt) >= silence;
  if (alarmedAt === null && (list.length >= threshold || silent)) {
    alarmedAt = now;
    ctx.kv.set(kvKey.webhookAlarmedAt, String(now));
    const admins = ctx.rules.people.admins.length ? ctx.rules.people.admins : ctx.rules.people.directors;
    const text = t.ops.webhookBroken({
      missed: list.length,
      lastEvent: t.clockTime(lastEventAt, cal.zone, now),
    });
    for (const id of admins) sendToPerson(ctx, id, messageKey.webhookAlarm(now, id), { text });
    ctx.log.error(
      { missed: list.length, lastEventAt, admins },
      'the outbound webhook looks broken: deals change without events; admins told',
    );
  }
  return { lastEventAt, missed: list.length, alarmedAt };
}
