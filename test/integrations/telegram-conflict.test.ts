import { describe, expect, it } from 'vitest';
import { type ConflictStreak, conflictStreak } from '../../src/integrations/telegram/transport';

const S = 1000;
/** Feeds 409s at the given seconds; the seconds at which the admin would be told. */
function toldAt(seconds: number[], afterMs = 60 * S, quietMs = 100 * S): number[] {
  let streak: ConflictStreak | null = null;
  const told: number[] = [];
  for (const t of seconds) {
    const r = conflictStreak(streak, t * S, afterMs, quietMs);
    streak = r.streak;
    if (r.tell) told.push(t);
  }
  return told;
}

describe('a streak of 409 Conflicts on getUpdates', () => {
  it('when one 409 or a few within a minute come, then nobody is told', () => {
    expect(toldAt([0])).toEqual([]);
    expect(toldAt([0, 1, 3, 7, 15, 31])).toEqual([]);
  });

  it('when 409s keep coming for a minute (the back-off 1 s doubling to 60 s), then the admin is told once, at the first 409 past the minute', () => {
    expect(toldAt([0, 1, 3, 7, 15, 31, 63, 123, 183])).toEqual([63]);
  });

  it('when a 409 comes after a quiet longer than the longest back-off and poll, then a new streak starts and is told on its own', () => {
    expect(toldAt([0, 1, 150, 151])).toEqual([]);
    expect(toldAt([0, 61, 300, 361])).toEqual([61, 361]);
  });

  it('when conflictAfter is 0, then the first 409 of a streak is told', () => {
    expect(toldAt([0, 1, 2], 0)).toEqual([0]);
  });
});
