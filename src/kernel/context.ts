import type { Db } from '../store/db';
import type { Clock } from './clock';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Rules } from '../config';
import type { Actor, Channel, DealSnapshot, OutMessage } from './ports';
import type { Directory } from './directory';
import { DealStore, AssignmentStore } from '../deals/store';
import { TimerStore } from '../store/timers';
import { OutboxStore } from '../store/outbox';
import { LinkStore } from '../people/store';

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
  /** The Bitrix24 chat bot is registered and configured: people can be written to there. */
  b24chat: boolean;
  /** When a person is away: until when, and who stands in (deputy or supervisor). */
  absence?: (personId: number) => { until: number; standIn: number | null } | null;
  /** Called inside the transaction of every applied deal snapshot (the follow-up desk listens). */
  onDealSnapshot?: (prev: DealSnapshot | null, next: DealSnapshot | null) => void;
}

export function createDeskContext(
  p: Omit<DeskContext, 'deals' | 'assignments' | 'timers' | 'outbox' | 'links'>,
): DeskContext {
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
 * Who wrote or pressed, as a Bitrix24 user: a linked Telegram account, or in the Bitrix24 messenger
 * the user id itself (the portal authenticated the event; no linking is needed there).
 */
export function personOf(ctx: DeskContext, actor: Actor): number | null {
  if (actor.channel === 'telegram') return ctx.links.personOfTelegram(actor.address);
  // Only active employees the directory knows: an extranet guest or a fired user gets no say.
  const id = Number(actor.address);
  return ctx.directory.person(id)?.active === true ? id : null;
}

/** The outbox key suffix of each messenger's copy of a message. */
const COPY = { telegram: ':tg', b24chat: ':b24' } as const;

/** Where a person's messages go now: their choice (or the configured default), on the messengers that can reach them. */
export function deliveryTargets(ctx: DeskContext, personId: number): Array<{ channel: Channel; target: string }> {
  const tg = ctx.links.telegramOf(personId);
  // In Bitrix24 the user id is the address: any active user can be written to once the bot is registered.
  const b24 = ctx.b24chat && ctx.directory.person(personId)?.active !== false ? String(personId) : null;
  const want = ctx.links.deliveryOf(personId) ?? ctx.rules.messengers.default;
  const telegram = tg ? { channel: 'telegram' as const, target: tg } : null;
  const bitrix = b24 ? { channel: 'b24chat' as const, target: b24 } : null;
  // A preference for an unreachable messenger falls back to the other one: a card is never lost to a setting.
  const pick =
    want === 'both'
      ? [telegram, bitrix]
      : want === 'b24chat'
        ? [bitrix ?? telegram]
        : want === 'telegram'
          ? [telegram ?? bitrix]
          : [telegram ?? bitrix];
  return pick.filter((x): x is { channel: Channel; target: string } => x !== null);
}

/**
 * Enqueues a message to a person on every messenger they get messages in. Returns the outbox keys
 * used, one per copy (empty when the person is not reachable, which is logged).
 */
export function sendToPerson(ctx: DeskContext, personId: number, key: string, msg: OutMessage): string[] {
  const targets = deliveryTargets(ctx, personId);
  if (targets.length === 0) {
    ctx.log.warn({ personId, key }, 'person has no linked messenger; message not delivered');
    return [];
  }
  return targets.map(({ channel, target }) => {
    const k = `${key}${COPY[channel]}`;
    ctx.outbox.enqueue(
      k,
      { channel, op: 'send', target, payload: { text: msg.text, buttons: msg.buttons } },
      ctx.clock.now().getTime(),
    );
    return k;
  });
}

/** Enqueues a message to a chat (a group such as «Оплата»), optionally in reply to a message there. */
export function sendToChat(
  ctx: DeskContext,
  chat: { channel: Channel; id: string },
  key: string,
  msg: OutMessage,
): string {
  ctx.outbox.enqueue(
    key,
    {
      channel: chat.channel,
      op: 'send',
      target: chat.id,
      payload: { text: msg.text, buttons: msg.buttons, replyTo: msg.replyTo },
    },
    ctx.clock.now().getTime(),
  );
  return key;
}

/** Replaces the content of an already-sent message (every copy is edited by its own key). */
export function editSent(ctx: DeskContext, sentKey: string, version: string, msg: OutMessage): void {
  const sent = ctx.db.prepare('SELECT channel, target FROM outbox WHERE idem_key = ?').get(sentKey) as
    | { channel: Channel; target: string }
    | undefined;
  if (!sent) return;
  ctx.outbox.enqueue(
    `edit:${sentKey}:${version}`,
    {
      channel: sent.channel,
      op: 'edit',
      target: sent.target,
      payload: { ref: sentKey, text: msg.text, buttons: msg.buttons ?? [] },
    },
    ctx.clock.now().getTime(),
  );
}

/** Edits every messenger's copy of a message sent with sendToPerson(…, key, …). */
export function editEverywhere(ctx: DeskContext, key: string, version: string, msg: OutMessage): void {
  for (const suffix of Object.values(COPY)) editSent(ctx, `${key}${suffix}`, version, msg);
}

/** Whether a message with this sendToPerson key went out (or is going out) anywhere. */
export function sentAnywhere(ctx: DeskContext, key: string): boolean {
  return Object.values(COPY).some((suffix) => ctx.outbox.byKey(`${key}${suffix}`) !== undefined);
}

export function addDealComment(ctx: DeskContext, key: string, dealId: number, text: string): void {
  ctx.outbox.enqueue(
    key,
    { channel: 'bitrix', op: 'timeline', target: String(dealId), payload: { dealId, text } },
    ctx.clock.now().getTime(),
  );
}
