/**
 * `/healthz`: the database takes writes (including new pages), the loop has passed within a minute,
 * Telegram has not refused the token, no outbox lane is stuck on a call that does not answer, the
 * portal takes the webhook, and neither Telegram nor the portal has been unreachable beyond its grace
 * (an outage is shown at once, with since when and the error; it fails the check past the grace).
 */
import { probeWritable, type Db } from '../store/db';
import { kvKey } from '../kernel/keys';

export interface Health {
  ok: boolean;
  details: Record<string, unknown>;
}

/** A loop silent this long (real ms) is stalled. */
const STALL_MS = 60_000;

export function checkHealth(p: {
  db: Db;
  lastPassAt: number;
  autoTick: boolean;
  outboxPending: () => number;
  inboundPending: () => number;
  /** Telegram: working, stopped by a refused token (401), or not configured. */
  telegram: 'ok' | 'unauthorized' | 'off';
  /** Outbox lanes stuck on a call that does not answer (see OutboxSender.stuckLanes). */
  stuckLanes: string[];
  /** The portal refusing the webhook (401/403) since then: degraded until the admin fixes it. */
  portal?: { since: number; code: string; status: number } | null;
  /** Telegram and the portal not answering at all (app/outages.ts): `overdue` once past the grace. */
  unreachable?: Partial<Record<'telegram' | 'portal', { since: number; error: string; overdue: boolean } | null>>;
  /** When the outbound webhook last delivered a CRM event (shown, never judged: a quiet hour is normal). */
  lastEventAt?: () => number | null;
}): Health {
  const notWritable = probeWritable(p.db, kvKey.healthProbe, kvKey.healthRoom, Date.now());
  if (notWritable) return { ok: false, details: { database: notWritable } };
  const stale = p.autoTick && Date.now() - p.lastPassAt > STALL_MS;
  const down = { telegram: p.unreachable?.telegram ?? null, portal: p.unreachable?.portal ?? null };
  const unreachable = (o: { since: number; error: string }) => ({
    state: 'unreachable',
    since: new Date(o.since).toISOString(),
    error: o.error,
  });
  return {
    ok:
      !stale &&
      p.telegram !== 'unauthorized' &&
      p.stuckLanes.length === 0 &&
      !p.portal &&
      !down.telegram?.overdue &&
      !down.portal?.overdue,
    details: {
      portal: p.portal
        ? {
            state: 'needs-admin',
            code: p.portal.code,
            status: p.portal.status,
            since: new Date(p.portal.since).toISOString(),
          }
        : down.portal
          ? unreachable(down.portal)
          : 'ok',
      database: 'ok',
      loop: stale ? 'stalled' : 'ok',
      telegram: p.telegram === 'ok' && down.telegram ? unreachable(down.telegram) : p.telegram,
      stuckLanes: p.stuckLanes,
      outbox: p.outboxPending(),
      inbound: p.inboundPending(),
      lastEventAt: lastEventIso(p.lastEventAt),
    },
  };
}

function lastEventIso(read: (() => number | null) | undefined): string | null {
  const at = read?.() ?? null;
  return at === null ? null : new Date(at).toISOString();
}
