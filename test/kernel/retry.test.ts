import { describe, expect, it } from 'vitest';
import { backoff, exhausted, policies } from '../../src/kernel/retry';

describe('the one retry policy', () => {
  it('when attempts grow, then the delay doubles from the base up to the cap', () => {
    const p = { base: 1000, cap: 5000 };
    expect([0, 1, 2, 3, 4].map((a) => backoff(a, p))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('when jitter is asked for, then the delay stays between (1 - jitter) and 1 times the step', () => {
    const p = { base: 1000, cap: 60_000, jitter: 0.5 };
    expect(backoff(3, p, () => 0)).toBe(4000);
    expect(backoff(3, p, () => 0.999999)).toBe(8000);
    expect(backoff(3, p, () => 0.5)).toBe(6000);
  });

  it('when the attempts reach the limit, then the work is given up', () => {
    expect(exhausted(7, 8)).toBe(false);
    expect(exhausted(8, 8)).toBe(true);
  });

  it('when a timer effect keeps failing, then it is retried at most every five minutes', () => {
    expect(backoff(30, policies.timerEffect)).toBe(300_000);
    expect(backoff(0, policies.outbox(2000))).toBe(2000);
  });
});
