/**
 * The bot's loops: a pass over everything due (timers, payment messages, chat events, CRM events,
 * the outbox), a pass of its own for deadlines so a backlog cannot hold them, a wake-up at the next
 * deadline, and the reconciliation sweep. Passes never overlap; a kick during one runs another after.
 */
import type { Logger } from '../kernel/log';
import type { Clock } from '../kernel/clock';
import type { TimerStore } from '../store/timers';
import { errorMessage } from '../kernel/errors';

export interface PassWork {
  /** Fires due timers; returns how many fired. */
  fireDue(): Promise<number>;
  /** Everything but timers and the outbox: payment messages, chat events, CRM events (with `afterChunk` between chunks of a backlog). */
  intake(afterChunk: () => Promise<number>): Promise<number>;
  /** Sends what is due; returns how many rows settled. */
  drain(): Promise<number>;
  /** The outbox alone (no reports that a second drain at the same time could send twice): the send pass. */
  send(): Promise<number>;
  /** The reconciliation sweep. */
  sweep(): Promise<number>;
}

/** A deadline pass stops after this many timers (then drains; the next tick goes on): a bound, not a pace. */
export const MAX_TIMERS_PER_PASS = 5000;

/**
 * Fires what is due chunk after chunk (the scheduler takes 100 at a time) until nothing is, at most
 * `max` timers, yielding to I/O between chunks; `sending` starts the send pass meanwhile. One chunk
 * and then a drain per pass fired a restart's 1,000 overdue escalations at ~240 a second, the
 * drain's Telegram calls between chunks (`bench:capacity`: all fired 4.3 s after ready). Returns how
 * many fired.
 */
export async function fireBacklog(
  fireDue: () => Promise<number>,
  stopped: () => boolean,
  sending: () => void,
  max = MAX_TIMERS_PER_PASS,
): Promise<number> {
  let fired = 0;
  while (!stopped() && fired < max) {
    const n = await fireDue();
    if (n === 0) break;
    fired += n;
    sending();
    await new Promise<void>((r) => setImmediate(r));
  }
  return fired;
}

export class Loops {
  private intervals: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  /** A pass at the next deadline when it comes before the next 1 s tick. */
  private wake: NodeJS.Timeout | null = null;
  /** The deadlines' own pass (fire what is due, send it): it does not wait for a pass over events. */
  private timerPass: Promise<void> | null = null;
  private timersAgain = false;
  /** The outbox's own pass: what is queued goes out while a pass waits for the portal. */
  private sendPass: Promise<void> | null = null;
  private stopped = false;
  /** Real time of the last completed pass (health: a loop silent for a minute is stalled). */
  lastPassAt = Date.now();

  constructor(
    private readonly work: PassWork,
    private readonly timers: TimerStore,
    private readonly opts: {
      clock: Clock;
      log: Logger;
      autoTick: boolean;
      sweepEveryMs: number;
      /** The outbox's own pass: the pause between its drains while a backlog goes out (real ms). Default 100. */
      sendPauseMs?: number;
    },
  ) {}

  /** Starts ticking every second and sweeping every `sweepEveryMs` (not when driven by hand). */
  start(): void {
    if (!this.opts.autoTick) return;
    this.kick();
    this.intervals.push(
      setInterval(() => {
        this.kick();
        this.fireTimersSoon();
        this.sendSoon();
      }, 1000),
    );
    const sweep = () =>
      void this.sweep().catch((e: unknown) =>
        this.opts.log.warn({ err: errorMessage(e) }, 'reconciliation failed; next sweep retries'),
      );
    sweep();
    this.intervals.push(setInterval(sweep, Math.max(1000, this.opts.sweepEveryMs)));
  }

  async sweep(): Promise<number> {
    const n = await this.work.sweep();
    this.kick(); // what the sweep queued is read in the next pass
    return n;
  }

  /** Runs one pass soon; passes never overlap. */
  kick(): void {
    // Without autoTick (tests, demo) the caller drives passes with settle(): deterministic.
    if (this.stopped || !this.opts.autoTick) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .then(() => undefined)
      .catch((e: unknown) => this.opts.log.error({ err: errorMessage(e) }, 'tick failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.wakeAtNextDeadline();
      });
  }

  /** Deadlines fire at their time, not at the next 1 s tick after it. */
  private wakeAtNextDeadline(): void {
    if (this.stopped) return;
    let next: number | null = null;
    try {
      next = this.timers.nextDue();
    } catch {
      return; // the store is unreadable: the 1 s tick goes on
    }
    const inMs = next === null ? Infinity : next - this.opts.clock.now().getTime();
    if (inMs <= 0 || inMs >= 1000) return; // overdue ones are the tick's; later ones the interval's
    if (this.wake) clearTimeout(this.wake);
    this.wake = setTimeout(() => {
      this.wake = null;
      this.fireTimersSoon();
    }, inMs);
  }

  /**
   * Deadlines have a pass of their own beside the main one: a backlog of events (after a restart, a
   * burst) must not hold them. Firing twice is harmless — a timer row is marked in the transaction
   * of its effects — and the sender keeps each lane to one drain at a time.
   */
  private fireTimersSoon(): void {
    if (this.stopped || !this.opts.autoTick) return;
    if (this.timerPass) {
      this.timersAgain = true;
      return;
    }
    this.timerPass = (async () => {
      if (
        (await fireBacklog(
          this.work.fireDue,
          () => this.stopped,
          () => this.sendSoon(),
        )) > 0
      )
        await this.work.drain();
    })()
      .catch((e: unknown) => this.opts.log.error({ err: errorMessage(e) }, 'timer pass failed'))
      .finally(() => {
        this.timerPass = null;
        if (this.timersAgain) {
          this.timersAgain = false;
          this.fireTimersSoon();
        } else this.wakeAtNextDeadline();
      });
  }

  /**
   * The outbox has a pass of its own beside the main one (issue 17): a pass drains between chunks of
   * events, but while it waits for the portal — a backlog's reads at 2 requests a second, the sweep's
   * pages in the same queue — nothing would go out, and Telegram's 30 messages a second would be
   * lost for those seconds. It drains again and again while each drain sends something, with a short
   * pause between drains; the next tick starts it again. Drains may overlap: the sender keeps each
   * chat to one drain at a time.
   */
  private sendSoon(): void {
    if (this.stopped || !this.opts.autoTick || this.sendPass) return;
    const pause = this.opts.sendPauseMs ?? 100;
    this.sendPass = (async () => {
      while (!this.stopped && (await this.work.send()) > 0)
        await new Promise<void>((r) => setTimeout(r, pause).unref());
    })()
      .catch((e: unknown) => this.opts.log.error({ err: errorMessage(e) }, 'send pass failed'))
      .finally(() => {
        this.sendPass = null;
      });
  }

  /** One pass over all work that is due: events, timers, outbox. Returns how much it did. */
  async pass(): Promise<number> {
    // Deadlines first, and again between chunks of a backlog of events: they must not wait for it.
    let did = await this.work.fireDue();
    did += await this.work.intake(async () => {
      did += await this.work.fireDue();
      return this.work.drain();
    });
    did += (await this.work.fireDue()) + (await this.work.drain());
    this.lastPassAt = Date.now();
    return did;
  }

  /** Waits for a pass in progress (settle starts from a quiet loop). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.intervals) clearInterval(t);
    if (this.wake) clearTimeout(this.wake);
    this.intervals = [];
    while (this.running || this.timerPass || this.sendPass) await (this.running ?? this.timerPass ?? this.sendPass);
  }
}
