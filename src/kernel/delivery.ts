/**
 * Delivery: a message to a person (on every messenger they get messages in), to a chat, an edit of
 * every copy, and a comment in a CRM timeline — all as outbox rows, so they commit with the
 * decision that made them and go out (paced, retried) after it.
 */
import type { Actor, Button, Channel, OutFile, OutMessage } from './ports';
import type { DeskContext } from './context';
import type { OutboxPriority } from '../store/outbox';
import { allCopyKeys, chatKey, copyKey, editKey, type MessageKey } from './keys';
import { shortName, type Named } from '../texts';
import { B24_MESSAGE_LIMIT, graphemeBoundary, KEYBOARD_LIMIT, MESSAGE_LIMIT } from './text';

/**
 * Who wrote or pressed, as a Bitrix24 user: a linked Telegram account, or in the Bitrix24 messenger
 * the user id itself (the portal authenticated the event; no linking is needed there).
 */
export function personOf(ctx: DeskContext, actor: Actor): number | null {
  if (actor.channel === 'telegram') return ctx.reach.personOfTelegram(actor.address);
  // Only active employees the directory knows: an extranet guest or a fired user gets no say.
  const id = Number(actor.address);
  return ctx.directory.person(id)?.active === true ? id : null;
}

/** "Гракун Е." for a Bitrix24 user id (the id itself when the directory does not know them). */
export function personName(ctx: DeskContext, id: number): string {
  return namedPerson(ctx, id).name;
}

/** The same name with the person's gender in Bitrix24, for a text whose words agree with it («взяла»). */
export function namedPerson(ctx: DeskContext, id: number): Named {
  const p = ctx.directory.person(id);
  return { name: shortName(p, id), gender: p?.gender };
}

/** A deal's page on the portal. */
export function dealLink(ctx: DeskContext, dealId: number): string {
  return `${ctx.rules.portal.url ?? ctx.portalUrl}/crm/deal/details/${dealId}/`;
}

/** Where a person's messages go now: their choice (or the configured default), on the messengers that can reach them. */
export function deliveryTargets(ctx: DeskContext, personId: number): Array<{ channel: Channel; target: string }> {
  // Dismissed in Bitrix24 (deactivated): nothing reaches them, even before their link is removed.
  if (ctx.directory.person(personId)?.active === false) return [];
  const tg = ctx.reach.telegramOf(personId);
  // In Bitrix24 the user id is the address: any active user can be written to once the bot is registered.
  const b24 = ctx.b24chat && ctx.directory.person(personId)?.active !== false ? String(personId) : null;
  const want = ctx.reach.deliveryOf(personId) ?? ctx.rules.messengers.default;
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
export function sendToPerson(
  ctx: DeskContext,
  personId: number,
  key: MessageKey,
  msg: OutMessage,
  /** What goes first when rows wait: alerts, then cards (store/outbox.ts OUTBOX_PRIORITY). */
  priority?: OutboxPriority,
): string[] {
  const targets = deliveryTargets(ctx, personId);
  if (targets.length === 0) {
    ctx.log.warn({ personId, key }, 'person has no linked messenger; message not delivered');
    return [];
  }
  return targets.map(({ channel, target }) => {
    const k = copyKey(key, channel);
    ctx.outbox.enqueue(
      k,
      { channel, op: 'send', target, payload: { text: msg.text, buttons: msg.buttons } },
      ctx.clock.now().getTime(),
      priority,
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
      payload: { text: msg.text, buttons: msg.buttons, replyTo: msg.replyTo, threadId: msg.threadId },
    },
    ctx.clock.now().getTime(),
  );
  return key;
}

export { MESSAGE_LIMIT };

/**
 * A text cut into messages of at most `limit` characters, at line ends (a list's items stay whole;
 * the bot's markup never spans lines). A single line longer than the limit is cut at a space outside
 * a tag or an entity.
 */
export function splitText(text: string, limit = MESSAGE_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) parts.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > limit) {
      let cut = rest.lastIndexOf(' ', limit);
      // Not inside a tag or an entity: back off to before the last '<' or '&' that is not closed yet.
      const open = Math.max(rest.lastIndexOf('<', cut), rest.lastIndexOf('&', cut));
      if (open > rest.lastIndexOf('>', cut) && open > rest.lastIndexOf(';', cut)) cut = open;
      if (cut <= 0) cut = graphemeBoundary(rest, limit) || limit; // never inside an emoji or a surrogate pair
      flush();
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    if (current && current.length + 1 + rest.length > limit) flush();
    current = current ? `${current}\n${rest}` : rest;
  }
  flush();
  return parts;
}

/**
 * A reply in a chat (to a command, a contact, a text), through the outbox like every message: one
 * row, or several when it is too long for one — the keyboard goes with the last part.
 */
export function sendReply(
  ctx: DeskContext,
  chat: { channel: Channel; id: string },
  key: string,
  msg: OutMessage,
): void {
  const parts = splitText(msg.text);
  const now = ctx.clock.now().getTime();
  parts.forEach((text, i) => {
    const last = i === parts.length - 1;
    ctx.outbox.enqueue(
      i === 0 ? key : chatKey.part(key, i + 1),
      {
        channel: chat.channel,
        op: 'send',
        target: chat.id,
        payload: {
          text,
          // Every part goes to the topic; the keyboard and the rest only with the last.
          threadId: msg.threadId,
          ...(last
            ? {
                buttons: msg.buttons,
                replyTo: msg.replyTo,
                requestContact: msg.requestContact,
                removeKeyboard: msg.removeKeyboard,
                forgetOnceSent: msg.forgetOnceSent,
              }
            : {}),
        },
      },
      now,
    );
  });
}

/** One line of a reply, with the buttons that belong to it (a question and its answers). */
export interface ReplyLine {
  text: string;
  buttons?: Button[][];
}

/** The longest message a messenger takes in one piece (kernel/text.ts says where each limit comes from). */
export const messageLimitOf = (channel: Channel): number => (channel === 'b24chat' ? B24_MESSAGE_LIMIT : MESSAGE_LIMIT);

/**
 * Lines packed into as few messages as the limits allow, in order: each message at most `limit`
 * characters and `buttons` buttons, a line and its buttons always in the same message (so each
 * question is answered under it; no line brings more than `buttons` of its own — a choice shows 8).
 * A line longer than a message is cut as splitText cuts it, its buttons going with its last piece. Pure.
 */
export function packLines(
  lines: ReplyLine[],
  limit = MESSAGE_LIMIT,
  buttons = KEYBOARD_LIMIT,
): Array<{ text: string; buttons: Button[][] }> {
  const out: Array<{ text: string; buttons: Button[][] }> = [];
  let text = '';
  let rows: Button[][] = [];
  const count = (r: Button[][]) => r.reduce((n, row) => n + row.length, 0);
  const flush = () => {
    if (text.trim() || rows.length) out.push({ text, buttons: rows });
    text = '';
    rows = [];
  };
  for (const line of lines) {
    const pieces = splitText(line.text, limit);
    pieces.forEach((piece, i) => {
      const own = i === pieces.length - 1 ? (line.buttons ?? []) : [];
      if (text && (text.length + 1 + piece.length > limit || count(rows) + count(own) > buttons)) flush();
      text = text ? `${text}\n${piece}` : piece;
      rows = [...rows, ...own];
    });
  }
  flush();
  return out;
}

/**
 * A reply of many lines in a chat (the payment desk's answers: one line per invoice, a question with
 * its buttons per doubtful payment): as many messages as the messenger's limits need, none cut short
 * and no keyboard over the limit. Each part answers `replyTo`; part 1 has `key`, the others its parts.
 */
export function sendLines(
  ctx: DeskContext,
  chat: { channel: Channel; id: string },
  key: string,
  lines: ReplyLine[],
  replyTo?: string,
  /** The forum topic of the message answered (Telegram), when it was written in one. */
  threadId?: string,
): void {
  const now = ctx.clock.now().getTime();
  packLines(lines, messageLimitOf(chat.channel)).forEach((part, i) => {
    ctx.outbox.enqueue(
      i === 0 ? key : chatKey.part(key, i + 1),
      {
        channel: chat.channel,
        op: 'send',
        target: chat.id,
        payload: { text: part.text, buttons: part.buttons, replyTo, threadId },
      },
      now,
    );
  });
}

/** A file (a report's chart or CSV) to a chat: stored with its bytes, so a restart re-sends the same file. */
export function sendFileToChat(
  ctx: DeskContext,
  chat: { channel: Channel; id: string },
  key: string,
  file: OutFile,
): void {
  ctx.outbox.enqueue(
    key,
    {
      channel: chat.channel,
      op: 'file',
      target: chat.id,
      payload: {
        name: file.name,
        caption: file.caption,
        photo: file.photo,
        base64: Buffer.from(file.bytes).toString('base64'),
      },
    },
    ctx.clock.now().getTime(),
  );
}

/** A file to a person, on every messenger they get messages in (like sendToPerson). */
export function sendFileToPerson(ctx: DeskContext, personId: number, key: MessageKey, file: OutFile): void {
  for (const { channel, target } of deliveryTargets(ctx, personId))
    sendFileToChat(ctx, { channel, id: target }, copyKey(key, channel), file);
}

/** Replaces the content of an already-sent message, by its outbox key (one copy). */
export function editSent(ctx: DeskContext, sentKey: string, version: string, msg: OutMessage): void {
  const sent = ctx.outbox.destinationOf(sentKey);
  if (!sent) return;
  const key = editKey(sentKey, version);
  const now = ctx.clock.now().getTime();
  const added = ctx.outbox.enqueue(
    key,
    {
      channel: sent.channel,
      op: 'edit',
      target: sent.target,
      payload: { ref: sentKey, text: msg.text, buttons: msg.buttons ?? [] },
    },
    now,
  );
  // An edit replaces the whole message: the ones still waiting before it need not go out.
  if (added) ctx.outbox.supersedeEditsBefore(key, now);
}

/** Edits every messenger's copy of a message sent with sendToPerson(…, key, …). */
export function editEverywhere(ctx: DeskContext, key: MessageKey, version: string, msg: OutMessage): void {
  for (const k of allCopyKeys(key)) editSent(ctx, k, version, msg);
}

/** Whether a message with this sendToPerson key went out (or is going out) anywhere. */
export function sentAnywhere(ctx: DeskContext, key: MessageKey): boolean {
  return allCopyKeys(key).some((k) => ctx.outbox.byKey(k) !== undefined);
}

/** A comment in a CRM timeline (deal, contact or company), written once per key. */
export function addComment(
  ctx: DeskContext,
  key: string,
  entity: 'deal' | 'contact' | 'company',
  id: number,
  text: string,
): void {
  ctx.outbox.enqueue(
    key,
    { channel: 'crm', op: 'comment', target: String(id), payload: { entity, id, text } },
    ctx.clock.now().getTime(),
  );
}

/** Moves a deal on or gives it to someone else in the CRM, once per key. */
export function updateDeal(
  ctx: DeskContext,
  key: string,
  dealId: number,
  fields: { stageId?: string; assignedById?: number },
): void {
  ctx.outbox.enqueue(
    key,
    { channel: 'crm', op: 'deal.update', target: String(dealId), payload: { dealId, fields } },
    ctx.clock.now().getTime(),
  );
}
