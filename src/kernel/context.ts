/**
 * The desk context: what every feature shares, built once at composition with its dependencies
 * passed in. It holds no raw database: shared tables are reached through their stores, a feature's
 * own tables through the store the feature is constructed with.
 */
import type { Rules } from '../config';
import type { OutboxStore } from '../store/outbox';
import type { TimerStore } from '../store/timers';
import type { KvStore, Transact } from '../store/db';
import type { Clock } from './clock';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Directory } from './directory';
import type { DomainEvents } from './events';
import type { DeliveryChoice } from './buttons';

/** Who a Telegram account is, and where a person wants messages: the people feature answers. */
export interface Reach {
  personOfTelegram(telegramUserId: string): number | null;
  telegramOf(personId: number): string | null;
  deliveryOf(personId: number): DeliveryChoice | null;
}

export interface DeskContext {
  rules: Rules;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  directory: Directory;
  /** The portal's address for links, from the webhook URL (rules.portal.url overrides). */
  portalUrl: string;
  /** One transaction around `fn`; nested calls join it. */
  tx: Transact;
  outbox: OutboxStore;
  timers: TimerStore;
  kv: KvStore;
  reach: Reach;
  events: DomainEvents;
  /** The Bitrix24 chat bot is registered and configured: people can be written to there. */
  b24chat: boolean;
}
