/**
 * The chat bot's events in fetch mode, the default: the bot pulls its own events with its own
 * botToken through imbot.v2.Event.get (chat-bots-v2/imbot.v2/events/event-get.md), paged by
 * `nextOffset`. No public URL, no inbound token to trust: nothing arrives unasked.
 *
 * Each page is recorded in the inbound store and its `nextOffset` saved in one transaction; the
 * next call passes that offset, which confirms the page to the portal. A crash before the save
 * fetches the page again and the dedup keys make it one.
 */
import type { Logger } from '../kernel/log';
import type { Metrics } from '../kernel/metrics';
import { kvKey } from '../kernel/keys';
import { errorMessage } from '../kernel/errors';
import type { KvStore } from '../store/db';
import type { InboundStore } from '../store/inbound';
import type { BitrixClient } from '../integrations/bitrix/client';
import { readFetchedChatEvent } from '../integrations/bitrix/chat-events';

/** index.md#polling: "If hasMore = true — the next request should have a minimum pause of two seconds." */
const HAS_MORE_PAUSE_MS = 2_000;
const PAGE = 100;

export class ChatEventPoller {
  private lastPollAt = Number.NEGATIVE_INFINITY;
  private more = false;

  constructor(
    private readonly client: BitrixClient,
    private readonly bot: { id: number; token: string },
    private readonly stores: { kv: KvStore; inbound: InboundStore; tx: <T>(f: () => T) => T },
    private readonly opts: {
      log: Logger;
      metrics: Metrics;
      now: () => number;
      /** Between asks when nothing was waiting (rules.bitrix.chatPollInterval). */
      intervalMs: number;
    },
  ) {}

  /** Asks for events when it is time; returns how many new ones it recorded (1 when more are waiting). */
  async poll(): Promise<number> {
    const since = Date.now() - this.lastPollAt;
    if (since < (this.more ? Math.min(HAS_MORE_PAUSE_MS, this.opts.intervalMs) : this.opts.intervalMs)) return 0;
    this.lastPollAt = Date.now();
    const key = kvKey.chatEventOffset(this.bot.id);
    const saved = this.stores.kv.get(key);
    let page: { events: unknown[]; nextOffset: number | null; hasMore: boolean };
    try {
      const r = await this.client.call<Record<string, unknown>>('imbot.v2.Event.get', {
        botId: this.bot.id,
        botToken: this.bot.token,
        ...(saved !== undefined ? { offset: Number(saved) } : {}),
        limit: PAGE,
      });
      page = {
        events: Array.isArray(r?.events) ? r.events : [],
        nextOffset: typeof r?.nextOffset === 'number' && r.nextOffset > 0 ? r.nextOffset : null,
        hasMore: r?.hasMore === true,
      };
    } catch (e) {
      // The next poll asks again; the client already backed off a rate limit.
      this.opts.log.warn({ err: errorMessage(e) }, 'could not fetch chat-bot events; will ask again');
      this.more = false;
      return 0;
    }
    let fresh = 0;
    this.stores.tx(() => {
      for (const raw of page.events) {
        const v = readFetchedChatEvent(raw, this.bot.id);
        const eventId = (raw as { eventId?: unknown } | null)?.eventId;
        if (!v.ok) {
          this.opts.metrics.eventsRejected.inc({ reason: 'malformed' });
          this.opts.log.warn({ eventId, reason: v.reason }, 'chat-bot event unreadable; skipped');
          continue;
        }
        if (v.ignored) {
          this.opts.log.debug({ eventId, event: v.event, reason: v.ignored }, 'chat-bot event ignored');
          continue;
        }
        const inserted = this.stores.inbound.record(
          { source: 'b24chat', dedupKey: v.dedupKey, event: v.event, entityId: v.entityId, payload: v.chat },
          this.opts.now(),
        );
        if (inserted) {
          fresh++;
          this.opts.metrics.eventsReceived.inc({ event: v.event });
        } else this.opts.metrics.eventsDeduplicated.inc();
      }
      if (page.nextOffset !== null && String(page.nextOffset) !== saved)
        this.stores.kv.set(key, String(page.nextOffset));
    });
    this.more = page.hasMore;
    return fresh + (page.hasMore ? 1 : 0);
  }
}
