/**
 * Telegram or the portal cannot be reached (a refused port, an unknown host, a blocked address, no
 * answer): nothing answers at all, unlike a refusal (401/403, app/portal-access.ts). The bot goes on
 * with the other side and keeps what it owes in the outbox; this watch remembers since when (kv, so a
 * restart keeps the outage and its notice), reports it to /healthz at once, and once it lasts beyond
 * the grace (rules.telegram.unreachableAfter / rules.bitrix.unreachableAfter) logs an error and tells
 * the admins once — about Telegram in the Bitrix24 messenger (when the chat bot is registered), about
 * the portal in Telegram where they have it — and again when it answers.
 */
import type { DeskContext } from '../kernel/context';
import { copyKey, kvKey, messageKey } from '../kernel/keys';
import type { Channel } from '../kernel/ports';
import { ops } from '../texts';
import { DateTime } from 'luxon';

export type Service = 'telegram' | 'portal';

export interface Outage {
  /** The first failed call of this outage (clock ms). */
  since: number;
  /** The last failure, as the network said it («connect ECONNREFUSED 127.0.0.1:9»); no secrets. */
  error: string;
  /** Whether the admins were told (the outage lasted beyond the grace). */
  told: boolean;
}

type Shared = Pick<DeskContext, 'kv' | 'rules' | 'clock' | 'log' | 'outbox' | 'reach' | 'tx' | 'b24chat'>;

export class OutageWatch {
  constructor(
    private readonly ctx: Shared,
    /** Where: Telegram's API root or the portal's address (never the webhook's secret path). */
    private readonly where: Record<Service, string>,
    /** Wakes the loop so a notice goes out now. */
    private readonly kick: () => void = () => undefined,
  ) {}

  /** The outage in force, if any. */
  current(service: Service): Outage | null {
    const raw = this.ctx.kv.get(kvKey.outage(service));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Outage;
    } catch {
      return null;
    }
  }

  /** How long an outage may last before /healthz is 503 and the admins are told (ms). */
  grace(service: Service): number {
    return service === 'telegram' ? this.ctx.rules.telegram.unreachableAfter : this.ctx.rules.bitrix.unreachableAfter;
  }

  /** Whether the outage has lasted beyond its grace (clock time). */
  overdue(service: Service, o: Outage): boolean {
    return this.ctx.clock.now().getTime() - o.since >= this.grace(service);
  }

  /**
   * A call that got no answer at all. The portal's first one of an outage is logged (a warning; the
   * error comes past the grace). `waitedMs`: how long that call waited (a hung call: its timeout) —
   * the outage began when it was sent, so /healthz fails as soon as the call has hung past its timeout
   * when that is the grace, not a grace later.
   */
  failed(service: Service, error: string, waitedMs = 0): void {
    this.safely(() => {
      const o = this.current(service);
      if (o) {
        if (o.error !== error) this.ctx.kv.set(kvKey.outage(service), JSON.stringify({ ...o, error }));
        return;
      }
      const since = this.ctx.clock.now().getTime() - Math.max(0, waitedMs);
      this.ctx.kv.set(kvKey.outage(service), JSON.stringify({ since, error, told: false } satisfies Outage));
      // The Telegram transport logs each failed contact itself, with its next try.
      if (service === 'portal')
        this.ctx.log.warn(
          { service, at: this.where[service], err: error },
          `cannot reach ${this.name(service)}; retrying with back-off (${this.goesOn(service)})`,
        );
    });
  }

  /** A call that got an answer (any answer: a refusal is the other watch's). True when that ended an outage. */
  reached(service: Service): boolean {
    let ended = false;
    this.safely(() => {
      const o = this.current(service);
      if (!o) return;
      ended = true;
      this.ctx.tx(() => {
        this.ctx.kv.delete(kvKey.outage(service));
        if (o.told)
          this.tellAdmins(service, (id) => messageKey.unreachableBack(service, o.since, id), {
            text: ops.unreachableBack({ service, since: this.at(o.since) }),
          });
      });
      this.ctx.log.info(
        { service, at: this.where[service], since: new Date(o.since).toISOString() },
        `${this.name(service)} answers again`,
      );
      this.kick();
    });
    return ended;
  }

  /** Each loop pass: an outage past its grace is logged as an error and told to the admins, once. */
  check(): void {
    for (const service of ['telegram', 'portal'] as const)
      this.safely(() => {
        const o = this.current(service);
        if (!o || o.told || !this.overdue(service, o)) return;
        this.ctx.tx(() => {
          this.ctx.kv.set(kvKey.outage(service), JSON.stringify({ ...o, told: true }));
          this.tellAdmins(service, (id) => messageKey.unreachable(service, o.since, id), {
            text: ops.unreachable({ service, since: this.at(o.since), at: this.where[service], error: o.error }),
          });
        });
        this.ctx.log.error(
          { service, at: this.where[service], err: o.error, since: new Date(o.since).toISOString() },
          `${this.name(service)} unreachable for longer than ${Math.round(this.grace(service) / 1000)} s (${this.goesOn(service)})`,
        );
        this.kick();
      });
  }

  /**
   * To each admin (directors when none). About Telegram: in the Bitrix24 messenger, when the chat bot
   * is registered (else the log line is all there is). About the portal: in Telegram where they have
   * it, else in the Bitrix24 messenger (delivered once the portal answers).
   */
  private tellAdmins(
    service: Service,
    key: (id: number) => ReturnType<typeof messageKey.unreachable>,
    text: { text: string },
  ): void {
    const { admins, directors } = this.ctx.rules.people;
    for (const id of admins.length ? admins : directors) {
      const tg = service === 'portal' ? this.ctx.reach.telegramOf(id) : null;
      if (!tg && !this.ctx.b24chat && service === 'telegram') continue;
      const channel: Channel = tg ? 'telegram' : 'b24chat';
      this.ctx.outbox.enqueue(
        copyKey(key(id), channel),
        { channel, op: 'send', target: tg ?? String(id), payload: { text: text.text } },
        this.ctx.clock.now().getTime(),
      );
    }
  }

  private name(service: Service): string {
    return service === 'telegram' ? `Telegram at ${this.where.telegram}` : `the portal at ${this.where.portal}`;
  }

  private goesOn(service: Service): string {
    return service === 'telegram'
      ? 'the portal side and the Bitrix24 messenger go on; Telegram messages wait in the outbox'
      : 'Telegram goes on; CRM writes and Bitrix24 messages wait in the outbox, the sweep asks again';
  }

  private safely(f: () => void): void {
    try {
      f();
    } catch (e) {
      // The store refusing writes must not turn a call's outcome into an exception of its own.
      this.ctx.log.warn({ err: (e as Error).message }, 'could not record whether a service is reachable');
    }
  }

  private at(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.ctx.rules.workingHours.zone }).toFormat('dd.MM HH:mm');
  }
}
