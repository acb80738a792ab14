/**
 * The strict simulated portal for tests of the Bitrix24 adapters: seeded with the portal fixture
 * (simulator/portal-fixture.ts), no rate limit unless asked, stopped after the test that started it.
 */
import { afterEach } from 'vitest';
import { BitrixSimulator, type SimulatorOptions } from '../../simulator/bitrix-portal';
import { seedPortal } from '../../simulator/portal-fixture';
import { BitrixClient } from '../../src/integrations/bitrix/client';

/** One undo step of a test (stop a server, close a database). */
export type Cleanup = () => Promise<void> | void;

/**
 * For a test file (call it at the top level): `portal(opts)` starts a seeded portal; `cleanup` takes
 * the test's other undo steps. After each test all are run, last first.
 */
export function portalsPerTest(): {
  portal: (opts?: SimulatorOptions) => Promise<BitrixSimulator>;
  cleanup: Cleanup[];
} {
  const cleanup: Cleanup[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  const portal = async (opts: SimulatorOptions = {}) => {
    const sim = await BitrixSimulator.start({ rateLimit: false, ...opts });
    cleanup.push(() => sim.stop());
    seedPortal(sim);
    return sim;
  };
  return { portal, cleanup };
}

/** A client of `sim`'s inbound webhook that neither waits for its rate (1000 requests/s) nor retries. */
export const fastClient = (sim: BitrixSimulator): BitrixClient =>
  new BitrixClient({ webhookUrl: sim.webhookUrl, requestsPerSecond: 1000, burst: 1000, maxRetries: 0 });
