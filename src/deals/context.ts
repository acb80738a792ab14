import type { Db } from '../store/db';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Rules } from '../config';
import type { DealSnapshot, OutMessage } from '../ports';
import type { Directory } from '../people/directory';
import { DealStore, AssignmentStore } from '../store/deals';
import { TimerStore } from '../store/timers';
import { OutboxStore } from '../store/outbox';
import { LinkStore } from '../store/links';

/** Everything the deal desk's parts share; built once in the composition root. */
export interface DeskContext {
  db: Db;
  deals: DealStore;
  assignments: AssignmentStore;
  timers: TimerStore;
  outbox: OutboxStore;
  links: LinkStore;
  directory: Directory;
  rules: Rules;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  portalUrl: string;
  /** When a person is away: until when, and who stands in (deputy or supervisor). */
  absence?: (personId: number) => { until: number; standIn: number | null } | null;
  /** Called inside the transaction of every applied deal snapshot (the follow-up desk listens). */
  onDealSnapshot?: (prev: DealSnapshot | null, next: DealSnapshot | null) => void;
}

export function createDeskContext(p: Omit<DeskContext, 'deals' | 'assignments' | 'timers' | 'outbox' | 'links'>): DeskContext {
  return {
    ...p,
    deals: new DealStore(p.db),
    assignments: new AssignmentStore(p.db),
    timers: new TimerStore(p.db),
    outbox: new OutboxStore(p.db),
    links: new LinkStore(p.db),
  };
}

/**
 * Enqueues a message to a person on every messenger they are linked in. Returns the outbox keys
 * used (empty when the person is not reachable, which the caller logs).
 */
export function sendToPerson(ctx: DeskContext, personId: number, key: string, msg: OutMessage): string[] {
  const chat = ctx.links.telegramOf(personId);
  if (!chat) {
    ctx.log.warn({ personId, key }, 'person has no linked messenger; message not delivered');
    return [];
  }
  const k = `${key}:tg`;
  ctx.outbox.enqueue(k, { channel: 'telegram', op: 'send', target: chat, payload: { text: msg.text, buttons: msg.buttons } }, ctx.clock.now().getTime());
  return [k];
}

/** Enqueues a message to a chat (a group such as «Оплата»), optionally in reply to a message there. */
export function sendToChat(ctx: DeskContext, chatId: string, key: string, msg: OutMessage): string {
  ctx.outbox.enqueue(key, { channel: 'telegram', op: 'send', target: chatId, payload: { text: msg.text, buttons: msg.buttons, replyTo: msg.replyTo } }, ctx.clock.now().getTime());
  return key;
}

/** Replaces the content of an already-sent message (every copy is edited by its own key). */
export function editSent(ctx: DeskContext, sentKey: string, version: string, msg: OutMessage): void {
  const sent = ctx.db.prepare('SELECT target FROM outbox WHERE idem_key = ?').get(sentKey) as { target: string } | undefined;
  if (!sent) return;
  ctx.outbox.enqueue(
    `edit:${sentKey}:${version}`,
    { channel: 'telegram', op: 'edit', target: sent.target, payload: { ref: sentKey, text: msg.text, buttons: msg.buttons ?? [] } },
    ctx.clock.now().getTime(),
  );
}

export function addDealComment(ctx: DeskContext, key: string, dealId: number, text: string): void {
  ctx.outbox.enqueue(key, { channel: 'bitrix', op: 'timeline', target: String(dealId), payload: { dealId, text } }, ctx.clock.now().getTime());
}
