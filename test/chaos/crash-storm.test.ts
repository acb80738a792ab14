/**
 * Promises 2 and 3 (issue #7): the same storm while the real bot process is killed with SIGKILL at
 * random moments and started again — still one card per assignment and one escalation per level,
 * `PRAGMA integrity_check` ok after every kill, and deadlines that fell due while the bot was down
 * fire within 5 s of its start. Short here (2 kills); `npm run chaos` runs ~1,000 events and 6 kills.
 * The 2 s / 5 s bounds are asserted by `npm run chaos` only (support/timing.ts); `npm test` prints them.
 */
import { describe, expect, it } from 'vitest';
import { runStorm, summary, timingFigures } from './support/storm';
import { chaosSeed, FULL } from './support/rng';
import { expectTiming } from './support/timing';
import { STORM_FAULTS } from './support/world';

describe('chaos: crash storm', () => {
  it(
    'when the bot is killed with SIGKILL at random points of the storm and restarted, then the outcome is the same: one card per assignment, one escalation per level, an intact database',
    async () => {
      const r = await runStorm({
        label: FULL ? 'crash storm full' : 'crash storm short',
        seed: chaosSeed(7_002),
        events: FULL ? 1000 : 60,
        burst: FULL ? [20, 60] : [6, 10],
        gapMs: FULL ? [800, 2000] : [300, 700],
        killGapMs: FULL ? [3000, 9000] : [800, 2500],
        downMs: FULL ? [200, 4000] : [200, 1500],
        reassignShare: 0.1,
        touchShare: 0.1,
        faults: STORM_FAULTS,
        levelsMs: FULL ? [3000, 6000] : [2000, 4000],
        kills: FULL ? 6 : 2,
        org: FULL ? { extra: 6, perDept: 4 } : { extra: 3, perDept: 3 },
      });
      console.log(summary(r));
      for (const d of r.duplicates)
        console.log(
          `  duplicate ${d.kind} to ${d.chatId}: ${d.copies.length} copies — ${d.explainedBy?.startsWith('NOT') ? d.explainedBy : `the documented at-least-once window: ${d.explainedBy}`}`,
        );
      expect(r.violations.slice(0, 30)).toEqual([]);
      expectTiming(
        'escalations within 2 s of their due time, within 5 s of the restart when they fell due while the bot was down',
        timingFigures(r),
        r.timingBreaches,
      );
      expect(r.kills).toHaveLength(FULL ? 6 : 2);
      expect(r.kills.map((k) => k.integrity)).toEqual(r.kills.map(() => 'ok'));
      expect(r.counts.eventsDropped).toBeGreaterThan(0);
      expect(r.lateness.length).toBeGreaterThanOrEqual(2 * r.deals);
    },
    FULL ? 1_200_000 : 90_000,
  );
});
