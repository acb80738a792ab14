/**
 * Reads an event of our Bitrix24 chat bot (imbot.v2, webhook mode): form-encoded like CRM events
 * (`data[message][text]`, `auth[application_token]`), every scalar a string. Unlike a CRM event it
 * carries what happened — the message, the pressed button — so the reader keeps that.
 * Docs: api-reference/chat-bots/chat-bots-v2/imbot.v2/events/events.md.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { pickText, sameSecret } from './events';
import { inboundKey } from '../../kernel/keys';
import { chatMessageToPlainText } from './bbcode';

export const CHAT_EVENTS = [
  'ONIMBOTV2MESSAGEADD',
  'ONIMBOTV2MESSAGEUPDATE',
  'ONIMBOTV2COMMANDADD',
  'ONIMBOTV2JOINCHAT',
  'ONIMBOTV2MESSAGEDELETE',
  'ONIMBOTV2DELETE',
] as const;
export type ChatEventName = (typeof CHAT_EVENTS)[number];

const chatUserSchema = z.object({ id: z.number(), name: z.string() });
export type ChatUser = z.infer<typeof chatUserSchema>;

/**
 * What the bot acts on; `dialogId` is as the bot sees it: the user's id in a private dialog,
 * `chat<N>` in a group. Also the shape a recorded event is checked against when it is read back.
 */
export const chatEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['message', 'edit']),
    messageId: z.string(),
    dialogId: z.string(),
    user: chatUserSchema,
    text: z.string(),
  }),
  z.object({
    kind: z.literal('command'),
    messageId: z.string(),
    dialogId: z.string(),
    user: chatUserSchema,
    command: z.string(),
    params: z.string(),
    viaButton: z.boolean(),
  }),
  z.object({ kind: z.literal('join'), dialogId: z.string(), user: chatUserSchema }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;

export type ChatEventVerdict =
  | { ok: true; event: ChatEventName; dedupKey: string; entityId: number; chat: ChatEvent | null; ignored?: string }
  | { ok: false; status: 400 | 401 | 403; reason: string };

const text = z.string().max(20_000 + 10, 'the message text is longer than Bitrix24 allows');
const id = (what: string) => z.string().regex(/^[1-9]\d{0,11}$/, `${what} must be a positive id`);
const dialog = z.string().regex(/^(chat)?[1-9]\d{0,11}$/, 'data[chat][dialogId] must be a user id or chat<N>');
const user = z.object({ id: id('data[user][id]'), name: z.string().max(300).default(''), bot: z.string().optional() });

/**
 * A webhook-mode event: authenticated by the top-level auth[application_token] against the bot's
 * own application token (never the CRM webhook's), then read.
 */
export function readChatEvent(body: unknown, applicationToken: string, botId: number): ChatEventVerdict {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, status: 400, reason: 'expected a form-encoded Bitrix24 event body' };
  const token = pickText(body as Record<string, unknown>, ['auth', 'application_token']);
  // The top-level auth, not data[bot][auth] (events.md: "Webhook Notification Structure").
  if (!token || !sameSecret(token, applicationToken))
    return { ok: false, status: 401, reason: 'wrong or missing auth[application_token]' };
  return readChatEventBody(body, botId);
}

/**
 * A fetch-mode event (imbot.v2.Event.get, event-get.md): `{eventId, type, date, data}` with typed
 * values. It came over our own authenticated call, so there is no token to check; it is read like
 * a webhook event, with `ts` from its date so both modes give the same dedup keys.
 */
export function readFetchedChatEvent(e: unknown, botId: number): ChatEventVerdict {
  if (e === null || typeof e !== 'object' || Array.isArray(e))
    return { ok: false, status: 400, reason: 'expected an event object' };
  const ev = e as Record<string, unknown>;
  const at = typeof ev.date === 'string' ? Date.parse(ev.date) : Number.NaN;
  return readChatEventBody(
    {
      event: ev.type,
      data: ev.data,
      ts: Number.isFinite(at) ? String(Math.floor(at / 1000)) : undefined,
    },
    botId,
  );
}

function readChatEventBody(body: unknown, botId: number): ChatEventVerdict {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, status: 400, reason: 'expected a Bitrix24 event body' };
  const b = body as Record<string, unknown>;
  const str = (...path: string[]) => pickText(b, path);
  const event = (str('event') ?? '').toUpperCase();
  if (!(CHAT_EVENTS as readonly string[]).includes(event))
    return { ok: false, status: 400, reason: `event must be one of ${CHAT_EVENTS.join(', ')}` };
  if (str('data', 'bot', 'id') !== String(botId))
    return { ok: false, status: 403, reason: `data[bot][id] is not this bot (${botId})` };
  const ts = str('ts');
  if (!ts || !/^\d{1,13}$/.test(ts)) return { ok: false, status: 400, reason: 'ts must be a unix timestamp' };
  const name = event as ChatEventName;
  if (name === 'ONIMBOTV2DELETE' || name === 'ONIMBOTV2MESSAGEDELETE')
    return {
      ok: true,
      event: name,
      dedupKey: inboundKey.chatEvent(name, str('data', 'messageId') ?? '', ts),
      entityId: 0,
      chat: null,
      ignored: 'not acted on',
    };

  const who = user.safeParse({
    id: str('data', 'user', 'id'),
    name: str('data', 'user', 'name'),
    bot: str('data', 'user', 'bot'),
  });
  const dialogId = dialog.safeParse(str('data', 'chat', 'dialogId') ?? str('data', 'dialogId'));
  const problems = [...(who.success ? [] : who.error.issues), ...(dialogId.success ? [] : dialogId.error.issues)].map(
    (i) => i.message,
  );
  if (problems.length || !who.success || !dialogId.success)
    return { ok: false, status: 400, reason: problems.join('; ') };
  const u: ChatUser = { id: Number(who.data.id), name: who.data.name };
  // Our own messages and edits come back to a supervisor bot: never act on them (no echo).
  const own = u.id === botId || who.data.bot === '1' || who.data.bot === 'true';

  if (name === 'ONIMBOTV2JOINCHAT')
    return {
      ok: true,
      event: name,
      dedupKey: inboundKey.chatEvent(name, dialogId.data, ts),
      entityId: 0,
      chat: { kind: 'join', dialogId: dialogId.data, user: u },
    };

  const mid = id('data[message][id]').safeParse(str('data', 'message', 'id'));
  const body_ = text.safeParse(str('data', 'message', 'text') ?? '');
  if (!mid.success || !body_.success)
    return {
      ok: false,
      status: 400,
      reason: [...(mid.error?.issues ?? []), ...(body_.error?.issues ?? [])].map((i) => i.message).join('; '),
    };
  const messageId = mid.data;
  if (own)
    return {
      ok: true,
      event: name,
      dedupKey: inboundKey.chatEvent(name, messageId, 'own'),
      entityId: Number(messageId),
      chat: null,
      ignored: 'the bot’s own message',
    };

  if (name === 'ONIMBOTV2COMMANDADD') {
    const command = (str('data', 'command', 'command') ?? '').replace(/^\//, '').toLowerCase();
    if (!/^[a-z0-9_]{1,32}$/.test(command))
      return { ok: false, status: 400, reason: 'data[command][command] must be a command name' };
    const params = (str('data', 'command', 'params') ?? '').slice(0, 1000);
    const commandId = str('data', 'command', 'id') ?? '';
    return {
      ok: true,
      event: name,
      // A retried delivery repeats ts; a second real press of the same button is a new second.
      dedupKey: inboundKey.chatEvent(name, messageId, commandId, u.id, ts, hash(params)),
      entityId: Number(messageId),
      chat: {
        kind: 'command',
        messageId,
        dialogId: dialogId.data,
        user: u,
        command,
        params,
        viaButton: str('data', 'command', 'context') === 'keyboard',
      },
    };
  }
  const kind = name === 'ONIMBOTV2MESSAGEUPDATE' ? 'edit' : 'message';
  return {
    ok: true,
    event: name,
    // An edit is keyed by its text: the same edit delivered twice is one edit.
    dedupKey:
      kind === 'edit' ? inboundKey.chatEvent(name, messageId, hash(body_.data)) : inboundKey.chatEvent(name, messageId),
    entityId: Number(messageId),
    // What the writer typed as plain text (BB codes, entities and quotes of the messenger read).
    chat: { kind, messageId, dialogId: dialogId.data, user: u, text: chatMessageToPlainText(body_.data) },
  };
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}
