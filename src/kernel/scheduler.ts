/**
 * Fires due timer rows. Each handler marks its row fired inside the transaction that writes its
 * effects, so a crash before that re-fires it at the next start and a crash after it cannot double it.
 */
import type { TimerStore, TimerRow } from '../store/timers';
import type { Logger } from './log';

export type TimerHandler = (timer: TimerRow) => Promise<void>;

export async function fireDueTimers(
  timers: TimerStore,
  handlers: Record<string, TimerHandler>,
  now: number,
  log: Logger,
): Promise<number> {
  let fired = 0;
  for (const timer of timers.due(now)) {
    const handle = handlers[timer.kind];
    if (!handle) {
      log.error({ kind: timer.kind, key: timer.key }, 'no handler for timer kind; left pending');
      continue;
    }
    try {
      await handle(timer);
      fired++;
    } catch (e) {
      timers.recordFailure(timer.id, (e as Error).message, now);
      log.warn(
        { key: timer.key, err: (e as Error).message, attempts: timer.attempts + 1 },
        'timer effect failed; will retry',
      );
    }
  }
  return fired;
}
