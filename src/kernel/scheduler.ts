/**
 * Fires due timer rows. Each handler marks its row fired inside the transaction that writes its
 * effects, so a crash before that re-fires it at the next start and a crash after it cannot double it.
 */
import type { TimerStore, TimerHandlers, TimerOf, TimerKind } from '../store/timers';
import type { Logger } from './log';
import { errorMessage } from './errors';

const fire = <K extends TimerKind>(timer: TimerOf<K>, handlers: TimerHandlers): Promise<void> =>
  (handlers[timer.kind] as (t: TimerOf<K>) => Promise<void>)(timer);

/** Fires what is due at `now` (ms, business clock); returns how many fired. Failures back off and stay. */
export async function fireDueTimers(
  timers: TimerStore,
  handlers: TimerHandlers,
  now: number,
  log: Logger,
): Promise<number> {
  let fired = 0;
  const due = timers.due(now, 100, (key, reason) => log.error({ key, reason }, 'timer cannot fire; cancelled'));
  for (const timer of due) {
    try {
      await fire(timer, handlers);
      fired++;
    } catch (e) {
      timers.recordFailure(timer.id, errorMessage(e), now);
      log.warn(
        { key: timer.key, err: errorMessage(e), attempts: timer.attempts + 1 },
        'timer effect failed; will retry',
      );
    }
  }
  return fired;
}
