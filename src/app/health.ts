/** `/healthz`: the database takes writes (including new pages) and the loop has passed within a minute. */
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
}): Health {
  const notWritable = probeWritable(p.db, kvKey.healthProbe, kvKey.healthRoom, Date.now());
  if (notWritable) return { ok: false, details: { database: notWritable } };
  const stale = p.autoTick && Date.now() - p.lastPassAt > STALL_MS;
  return {
    ok: !stale,
    details: { database: 'ok', loop: stale ? 'stalled' : 'ok', outbox: p.outboxPending(), inbound: p.inboundPending() },
  };
}
