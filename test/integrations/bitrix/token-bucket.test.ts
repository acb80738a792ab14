import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/kernel/token-bucket';

function bucket(capacity: number, refillPerSecond: number) {
  let t = 1_000;
  const b = new TokenBucket({ capacity, refillPerSecond, now: () => t });
  return { b, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

describe('TokenBucket', () => {
  it('when a full bucket is drained at one instant, then `capacity` calls go now and the next waits one refill interval', () => {
    const { b } = bucket(3, 2);
    expect([b.take(), b.take(), b.take()]).toEqual([0, 0, 0]);
    expect(b.take()).toBe(500);
  });

  it('when callers keep taking from an empty bucket, then each reservation queues behind the previous one', () => {
    const { b } = bucket(1, 2);
    expect(b.take()).toBe(0);
    expect(b.take()).toBe(500);
    expect(b.take()).toBe(1000);
    expect(b.take()).toBe(1500);
  });

  it('when time passes, then tokens come back at the refill rate but never above capacity', () => {
    const { b, advance } = bucket(2, 2);
    b.take();
    b.take();
    advance(500);
    expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(false);
    advance(60_000);
    expect([b.tryTake(), b.tryTake(), b.tryTake()]).toEqual([true, true, false]);
  });

  it('when asked how long until a slot is free, then waitMs answers without taking one, debts of queued callers included', () => {
    const { b, advance } = bucket(1, 2);
    expect(b.waitMs()).toBe(0);
    expect(b.waitMs()).toBe(0); // nothing was taken
    b.take();
    expect(b.waitMs()).toBe(500);
    b.take(); // a caller queued behind: the next free slot is after it
    expect(b.waitMs()).toBe(1000);
    advance(1000);
    expect(b.waitMs()).toBe(0);
  });

  it('when tryTake finds no token, then it refuses without reserving, so take() is not delayed further', () => {
    const { b, advance } = bucket(1, 1);
    expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(false);
    expect(b.tryTake()).toBe(false);
    advance(1_000);
    expect(b.take()).toBe(0);
  });

  it('when debt from take() is paid off by waiting the returned time, then the next call goes at once again', () => {
    const { b, advance } = bucket(1, 4);
    b.take();
    const wait = b.take();
    advance(wait);
    advance(250);
    expect(b.take()).toBe(0);
  });

  it('when the injected clock steps backwards, then no tokens are created or lost', () => {
    const { b, set } = bucket(1, 1);
    b.take();
    set(0);
    expect(b.tryTake()).toBe(false);
    set(2_000);
    expect(b.tryTake()).toBe(true);
  });

  it('when built with no capacity or no refill, then it refuses to exist rather than block for ever', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});
