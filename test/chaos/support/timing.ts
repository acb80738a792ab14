/**
 * Timing promises (an escalation within 2 s of its due time, within 5 s of a restart, a new card
 * within 3 s, …) depend on how much CPU the machine has to spare at that moment: on a loaded 2-core
 * machine a correct bot comes in 20 ms late. So they are asserted by `npm run chaos` only (CHAOS=full,
 * one file at a time, see vitest.chaos.config.ts) and by the benchmarks. In `npm test` (CHAOS unset)
 * the same figures are still computed and printed, but cannot turn the run red. The correctness half
 * of each scenario — exactly once, nothing lost, order, integrity — is asserted in both modes, never
 * through this helper.
 */
import { expect } from 'vitest';

/** True in `npm run chaos` (CHAOS=full): the timing promises are asserted; false in `npm test`. */
export const timingPromisesAsserted = process.env.CHAOS === 'full';

/**
 * One timing promise: `breaches` lists what missed the bound (empty when it was kept), `measured` is
 * the figure to print either way. Asserted only when `timingPromisesAsserted`.
 */
export function expectTiming(promise: string, measured: string, breaches: readonly string[]): void {
  if (timingPromisesAsserted) {
    expect(
      breaches.slice(0, 30),
      `timing promise "${promise}" (${measured}): ${breaches.length} over the bound`,
    ).toEqual([]);
    return;
  }
  const over = breaches.length ? `; ${breaches.length} over the bound, e.g. ${breaches.slice(0, 3).join('; ')}` : '';
  console.log(`timing (not asserted in npm test): ${promise}: ${measured}${over}`);
}
