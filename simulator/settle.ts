/**
 * Runs the bot's passes until nothing is left to do, waiting (really) for back-offs that are due
 * soon. Tests and the offline demo use it to know the bot has finished reacting; the production bot
 * never calls it (its loops tick by themselves).
 */
import type { App } from '../src/app/app';

export async function settle(app: App, maxWaitMs = 20_000): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  await app.loops.idle();
  const { inbound } = app;
  const { outbox, timers, clock } = app.ctx;
  for (;;) {
    const did = await app.tick();
    if (did > 0) continue;
    if (await app.sendsIdle()) continue; // a lane still sending after its drain returned
    if (await app.paymentReadsIdle()) continue; // a payment read started by a pass (it runs beside the loop)
    const now = Date.now();
    const next = [
      inbound.pendingCount() ? inbound.nextAttemptAt() : null,
      outbox.pendingCount() ? outbox.nextAttemptAt() : null,
    ].filter((t): t is number => t !== null);
    const dueTimers = timers.due(clock.now().getTime(), 1).length;
    if (next.length === 0 && dueTimers === 0) return;
    const wait = Math.max(0, Math.min(...next, dueTimers ? now : Infinity) - now);
    if (now + wait > deadline)
      throw new Error(
        `bot did not settle within ${maxWaitMs} ms (inbound ${inbound.pendingCount()}, outbox ${outbox.pendingCount()})`,
      );
    if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 250)));
  }
}
