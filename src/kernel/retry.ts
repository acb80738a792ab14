/**
 * The one retry policy: exponential back-off with a cap and optional jitter, plus a give-up rule.
 * Every loop that retries (outbox rows, inbound events, chat events, payment messages, timer
 * effects, the REST client) asks here instead of writing its own formula.
 */

export interface Backoff {
  /** First delay, ms. */
  base: number;
  /** Largest delay, ms. */
  cap: number;
  /** 0..1: share of the delay drawn at random (spreads retries of many rows apart). Default 0. */
  jitter?: number;
}

/**
 * Delay before retry number `attempt` (0 = the first retry), in ms: base · 2^attempt, capped.
 * `random` is injectable for tests (default Math.random).
 */
export function backoff(attempt: number, policy: Backoff, random: () => number = Math.random): number {
  const raw = Math.min(policy.cap, policy.base * 2 ** Math.max(0, attempt));
  const jitter = policy.jitter ?? 0;
  return jitter > 0 ? Math.round(raw * (1 - jitter + jitter * random())) : raw;
}

/** Whether `attempts` failed attempts (this one included) exhaust `maxAttempts`. */
export const exhausted = (attempts: number, maxAttempts: number): boolean => attempts >= maxAttempts;

/** Policies in use, by what retries. Units: ms. */
export const policies = {
  /** A timer effect that failed (the portal down): again soon, then at most every 5 minutes; never given up. */
  timerEffect: { base: 1000, cap: 300_000 },
  /** Recorded inbound events (CRM and chat-bot) that could not be read: given up after MAX_EVENT_ATTEMPTS. */
  inboundEvent: (base: number): Backoff => ({ base, cap: 300_000 }),
  /** A deal an event named but the portal does not give yet: read again soon (base, 2×, 4×, 8×). */
  notReadable: (base: number): Backoff => ({ base, cap: 10_000 }),
  /** Outbox rows: given up after rules.outbox.maxAttempts (a 429's retry_after replaces the delay). */
  outbox: (base: number): Backoff => ({ base, cap: 600_000 }),
  /** Telegram long polling after a 409 Conflict or a runner that gave up: again soon, then every minute at most. */
  telegramPoll: { base: 1000, cap: 60_000 },
  /** A payment message the portal could not answer about yet: never given up (the director wrote it). */
  paymentNotice: (base: number): Backoff => ({ base, cap: 600_000 }),
} as const;

/** After this many failed reads an inbound event is given up (logged, counted); the sweep remains. */
export const MAX_EVENT_ATTEMPTS = 8;

/** Reads of a deal an event named that the portal does not give yet, before it counts as deleted. */
export const NOT_READABLE_TRIES = 4;
