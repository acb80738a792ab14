/**
 * A token bucket on an injected clock: `capacity` calls may go at once, then `refillPerSecond` on
 * average. Pure arithmetic, no timers — the caller decides how to wait, so tests need no fake timers.
 */
export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Milliseconds from any fixed origin; must not run backwards by much (it is clamped if it does). */
  now?: () => number;
}

export class TokenBucket {
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly now: () => number;
  private tokens: number;
  private last: number;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.capacity >= 1)) throw new RangeError('TokenBucket capacity must be at least 1');
    if (!(opts.refillPerSecond > 0)) throw new RangeError('TokenBucket refillPerSecond must be positive');
    this.capacity = opts.capacity;
    this.perMs = opts.refillPerSecond / 1000;
    this.now = opts.now ?? (() => performance.now());
    this.tokens = opts.capacity;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last);
    this.last = Math.max(this.last, t);
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perMs);
  }

  /**
   * Reserves a slot and returns how many ms to wait before using it (0 = go now). The balance may go
   * negative: that debt is what makes the next caller wait behind this one, so waiters queue up fairly.
   */
  take(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.perMs);
  }

  /** How many ms until a slot is free (0 = one is free now), without taking it. */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
  }

  /** Whether a slot is free now, without taking it. */
  canTake(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  /** Takes a slot only if one is free now; never goes into debt. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
