/**
 * A strict Telegram Bot API in front of telegram-test-api: it answers as the real Bot API does where
 * the emulator is lenient, and injects the faults of a bad day on request.
 *
 * Limits (core.telegram.org/bots/api; the error texts are the Bot API's own, see grammY's FAQ at
 * site/docs/resources/faq.md for 401, 409 and 429):
 * - sendMessage/editMessageText: 1-4096 characters *after entity parsing* (UTF-16 code units, as
 *   Telegram counts) → "Bad Request: message is too long" / "Bad Request: message text is empty";
 * - parse_mode HTML: only the documented tags and the named entities &lt; &gt; &amp; &quot; (and
 *   numeric ones); a stray `<` or `&` → "Bad Request: can't parse entities: …";
 * - strings must be valid UTF-8 (a lone surrogate cannot be) → "Bad Request: strings must be encoded in UTF-8";
 * - callback_data 1-64 bytes → "Bad Request: BUTTON_DATA_INVALID";
 * - an inline keyboard of more than 100 buttons, or more than 8 in a row → "Bad Request: reply markup is
 *   too long" (undocumented in the Bot API: assumed from what bots meet, tginfo/Telegram-Limits: 100
 *   inline buttons, 8 a row; the error text is the one Telegram answers for an oversized keyboard);
 * - an edit to the very same text and keyboard → "Bad Request: message is not modified: …";
 * - sendMessage with a `message_thread_id` that is no forum topic of the chat ("for forum supergroups
 *   only", bots/api#sendmessage) → "Bad Request: message thread not found" (the Bot API's answer,
 *   tdlib/telegram-bot-api#447; the General topic has no id a bot may send to). The topics are the ones
 *   the users' messages came from (`is_topic_message` with `message_thread_id`, bots/api#message).
 *
 * Delivery (core.telegram.org/bots/api#getupdates): the emulator hands an update out once and forgets
 * it; Telegram keeps it until it is confirmed — "An update is considered confirmed as soon as getUpdates
 * is called with an offset higher than its update_id" — and "by default, updates starting with the
 * earliest unconfirmed update are returned" (the Bot API text, also in @grammyjs/types methods.d.ts;
 * updates are kept 24 hours). So this proxy keeps every update it has handed out until an `offset`
 * above its id confirms it, and hands it out again on every getUpdates before that: a bot killed
 * between receiving and confirming a tap gets the tap again after its restart. A negative offset keeps
 * only the last -offset updates of the queue ("All previous updates will be forgotten"); `limit` (1-100,
 * default 100) caps an answer. grammY's runner confirms a batch with its very next poll, before the
 * batch is handled (grammY site/docs/advanced/reliability.md): a kill after that loses the update, as
 * on the real Telegram.
 *
 * Faults (`inject`): any Bot API error (401, 403, 409, 429 with retry_after, 400 with
 * migrate_to_chat_id), a call that never answers (`hang`), a connection reset before the request
 * reached Telegram (`reset-before`: the kept-alive socket is found closed, as when a server drops an
 * idle connection — so it hits the next call made on a reused connection) or after Telegram acted on
 * it (`reset-after`: the message is sent, the answer lost).
 */
import { createServer, request, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type TelegramFault =
  | { kind: 'error'; code: number; description: string; parameters?: Record<string, unknown> }
  | { kind: 'hang' }
  | { kind: 'reset-before' }
  | { kind: 'reset-after' };

/** The Bot API's answers for the faults of a bad day. */
export const faults = {
  unauthorized: (): TelegramFault => ({ kind: 'error', code: 401, description: 'Unauthorized' }),
  blocked: (): TelegramFault => ({ kind: 'error', code: 403, description: 'Forbidden: bot was blocked by the user' }),
  conflict: (): TelegramFault => ({
    kind: 'error',
    code: 409,
    description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  }),
  tooMany: (retryAfter: number): TelegramFault => ({
    kind: 'error',
    code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  }),
  migrated: (to: number): TelegramFault => ({
    kind: 'error',
    code: 400,
    description: 'Bad Request: group chat was upgraded to a supergroup chat',
    parameters: { migrate_to_chat_id: to },
  }),
  hang: (): TelegramFault => ({ kind: 'hang' }),
  resetBefore: (): TelegramFault => ({ kind: 'reset-before' }),
  resetAfter: (): TelegramFault => ({ kind: 'reset-after' }),
};

export interface FaultRule {
  /** Bot API method (default: any). */
  method?: string;
  /** Only calls to this chat (chat_id of the payload). */
  chatId?: string | number;
  /** How many calls it hits (default 1; Infinity for all until cleared). */
  times?: number;
  /**
   * getUpdates only: the fault (`reset-after` or `hang`) hits only a poll whose answer carries updates
   * — Telegram has handed them out, the bot never sees them (a crash staged between receiving and
   * confirming); empty polls pass.
   */
  carryingUpdates?: boolean;
  fault: TelegramFault;
}

/**
 * What a person saw, in order (each call Telegram accepted): a message sent, a message's text edited,
 * its buttons changed (editMessageReplyMarkup), or a tap answered with a toast (answerCallbackQuery).
 */
export interface ScreenEvent {
  kind: 'sent' | 'edited' | 'buttons' | 'toast';
  /** null for a toast (answerCallbackQuery names the tap, not the chat). */
  chatId: string | null;
  messageId: number | null;
  /** The visible text (HTML parsed), the toast's text; '' for a change of buttons only. */
  text: string;
  buttons: string[];
  /** A toast: shown as an alert (show_alert), and the tap it answers. */
  showAlert?: boolean;
  callbackQueryId?: string;
}

/** A refusal of the strict checks, or an injected one, as the Bot API words it. */
export interface Refusal {
  method: string;
  chatId: string | null;
  code: number;
  description: string;
}

const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);
const NAMED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
]);

/**
 * Telegram's HTML parse mode: the visible text, or the parse error as the Bot API words it
 * ("can't parse entities: …" with a byte offset).
 */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let out = '';
  const open: string[] = [];
  const offset = (i: number) => Buffer.byteLength(html.slice(0, i), 'utf8');
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      const end = html.indexOf('>', i);
      if (end < 0)
        return { error: `Bad Request: can't parse entities: Unclosed start tag at byte offset ${offset(i)}` };
      const inner = html.slice(i + 1, end);
      const closing = inner.startsWith('/');
      const name = (closing ? inner.slice(1) : inner).trim().split(/[\s=]/)[0]?.toLowerCase() ?? '';
      if (!TAGS.has(name))
        return {
          error: `Bad Request: can't parse entities: Unsupported ${closing ? 'end' : 'start'} tag "${name}" at byte offset ${offset(i)}`,
        };
      if (closing) {
        if (open.pop() !== name)
          return {
            error: `Bad Request: can't parse entities: Unexpected end tag at byte offset ${offset(i)}`,
          };
      } else open.push(name);
      i = end + 1;
    } else if (c === '&') {
      const m = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(html.slice(i, i + 12));
      const body = m?.[1];
      if (!m || body === undefined || (!body.startsWith('#') && !NAMED.has(body.toLowerCase())))
        return {
          error: `Bad Request: can't parse entities: Character entity expected at byte offset ${offset(i)}`,
        };
      out += body.startsWith('#')
        ? String.fromCodePoint(
            body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1)),
          )
        : (NAMED.get(body.toLowerCase()) ?? '');
      i += m[0].length;
    } else if (c === '>') {
      // Telegram accepts a bare '>' in practice, but the docs say it must be escaped: strict here.
      return { error: `Bad Request: can't parse entities: Unexpected '>' at byte offset ${offset(i)}` };
    } else {
      out += c;
      i++;
    }
  }
  const unclosed = open.pop();
  if (unclosed)
    return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${unclosed}"` };
  return { text: out };
}

interface Payload {
  chat_id?: string | number;
  message_id?: number;
  /** sendMessage: the forum topic to post in. */
  message_thread_id?: number;
  /** getUpdates / setWebhook: the update types wanted. */
  allowed_updates?: unknown[];
  /** getUpdates: the first update wanted (confirms every one below it); negative: the last -offset. */
  offset?: number | string;
  /** getUpdates: at most this many (1-100, default 100). */
  limit?: number | string;
  text?: string;
  parse_mode?: string;
  reply_markup?: unknown;
  callback_query_id?: string;
  show_alert?: boolean;
}

/** A lone surrogate cannot be encoded in UTF-8. */
const wellFormed = (s: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** The strict checks on one call; null when Telegram would take it. */
function refuse(method: string, p: Payload, current: (chat: string, id: number) => string | undefined): string | null {
  const bad = (v: unknown): boolean =>
    typeof v === 'string' ? !wellFormed(v) : v !== null && typeof v === 'object' && Object.values(v).some(bad);
  if (bad(p)) return 'Bad Request: strings must be encoded in UTF-8';
  if (method === 'sendMessage' || method === 'editMessageText') {
    const text = p.text ?? '';
    if (!wellFormed(text)) return 'Bad Request: strings must be encoded in UTF-8';
    let visible = text;
    if (p.parse_mode === 'HTML') {
      const parsed = parseTelegramHtml(text);
      if ('error' in parsed) return parsed.error;
      visible = parsed.text;
    }
    if (visible.trim().length === 0) return 'Bad Request: message text is empty';
    if (visible.length > 4096) return 'Bad Request: message is too long';
  }
  const markup = (typeof p.reply_markup === 'string' ? JSON.parse(p.reply_markup) : p.reply_markup) as
    | { inline_keyboard?: Array<Array<{ callback_data?: string }>> }
    | undefined;
  const rows = markup?.inline_keyboard ?? [];
  if (rows.flat().length > 100 || rows.some((r) => r.length > 8)) return 'Bad Request: reply markup is too long';
  for (const b of rows.flat())
    if (b.callback_data !== undefined) {
      const n = Buffer.byteLength(b.callback_data, 'utf8');
      if (n < 1 || n > 64) return 'Bad Request: BUTTON_DATA_INVALID';
    }
  if (method === 'editMessageText' && p.chat_id !== undefined && p.message_id !== undefined) {
    const now = current(String(p.chat_id), p.message_id);
    if (now !== undefined && now === contentOf(p))
      return 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
  }
  return null;
}

function contentOf(p: Payload): string {
  const markup = typeof p.reply_markup === 'string' ? JSON.parse(p.reply_markup) : p.reply_markup;
  const kb = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard ?? [];
  return JSON.stringify([p.text ?? '', kb]);
}

export interface ProxyOptions {
  /**
   * `allowed_updates` as an earlier program using this bot token left it (core.telegram.org/bots/api#getupdates:
   * "If not specified, the previous setting will be used"). Default: Telegram's default set.
   */
  allowedUpdates?: string[];
}

/** Update types Telegram sends only when asked for by name (getupdates: the default "all … except"). */
const OPT_IN_UPDATES = ['chat_member', 'message_reaction', 'message_reaction_count'];

/** How long Telegram keeps an unconfirmed update (core.telegram.org/bots/api#getting-updates: 24 hours). */
const KEEP_MS = 24 * 3600 * 1000;

type Update = Record<string, unknown> & { update_id: number };

export class StrictTelegramProxy {
  private rules: Array<FaultRule & { left: number }> = [];
  /** Every call refused (by the strict checks or a fault): tests assert on it. */
  readonly refusals: Refusal[] = [];
  /** Bot API calls seen, by method. */
  readonly calls = new Map<string, number>();
  /** answerCallbackQuery calls as they came: the toast a presser saw (text, and whether as an alert). */
  readonly toasts: Array<{ text: string; showAlert: boolean }> = [];
  /**
   * Every text and keyboard a user was ever shown (each accepted send and edit, in order): the
   * emulator keeps a message only as it looks now, and a race test asks what was on screen at any time.
   */
  readonly shown: Array<{ chatId: string; content: string }> = [];
  /** Sends, edits and toasts as the people saw them, in order (the sandbox's `show`). */
  readonly screen: ScreenEvent[] = [];
  /** Message contents as Telegram has them: `chat:id` → text + keyboard (for "not modified"). */
  private contents = new Map<string, string>();
  private sockets = new Set<Socket>();
  private hung = new Set<ServerResponse>();
  /** Requests seen on each connection: a reset "before" can only hit a kept-alive (reused) one. */
  private perSocket = new WeakMap<Socket, number>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  /** Refusals of the strict checks are errors in a test unless it expects them. */
  strict = true;
  /** Messages their reader deleted (`chat:id`): Telegram has them no more. */
  private readonly deleted = new Set<string>();

  /** The reader deletes the bot's message in their chat (for both sides): later edits of it find nothing. */
  deleteByReader(chatId: string | number, messageId: number): void {
    this.deleted.add(`${chatId}:${messageId}`);
  }
  /**
   * A test's reading of the Bot API docs the emulator does not take: each update getUpdates hands
   * out passes through it (fields the bot does not expect, an inaccessible callback message…).
   */
  rewriteUpdate: ((u: Record<string, unknown>) => Record<string, unknown>) | null = null;

  /**
   * The update types getUpdates hands out (core.telegram.org/bots/api#getupdates, `allowed_updates`:
   * "If not specified, the previous setting will be used"; the Bot API text is in @grammyjs/types
   * methods.d.ts). Telegram keeps it per bot across calls, setWebhook included. null: the default —
   * every type but chat_member, message_reaction and message_reaction_count.
   */
  private allowedUpdates: string[] | null;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly upstream: string,
    opts: ProxyOptions,
  ) {
    this.allowedUpdates = opts.allowedUpdates?.length ? [...opts.allowedUpdates] : null;
  }

  static async start(upstream: string, opts: ProxyOptions = {}): Promise<StrictTelegramProxy> {
    let self: StrictTelegramProxy | undefined;
    const server = createServer((req, res) => {
      if (!self) throw new Error('telegram proxy: a request before it started');
      void self.handle(req, res);
    });
    server.on('connection', (s: Socket) => {
      self?.sockets.add(s);
      s.on('close', () => self?.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    self = new StrictTelegramProxy(
      server,
      `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      upstream,
      opts,
    );
    return self;
  }

  /** Adds a fault for the next matching calls. */
  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  /** Removes every fault not used up yet, and answers hung calls with a 502 (they end). */
  clear(): void {
    this.rules = [];
    for (const r of this.hung) r.destroy();
    this.hung.clear();
  }

  /** Calls held unanswered by a `hang` now. */
  get hanging(): number {
    return this.hung.size;
  }

  callsOf(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  /**
   * Updates handed out or waiting, not yet confirmed by an `offset` above their id, in update_id order
   * (with when they came: Telegram keeps them 24 hours).
   */
  private queue: Array<{ update: Update; at: number }> = [];

  /** The update ids handed out so far, in order, each time (a test asks what came twice). */
  readonly handedOut: number[] = [];

  /**
   * Updates the emulator cannot make (an edited_message, say) put in the queue as Telegram would have
   * them. Each needs an update_id above every one the emulator gave before it (the caller takes it from
   * the emulator's own counter), and the emulator's unread updates go first (the caller passes them,
   * from the emulator's getUpdates): else a poll confirming the new one would drop them unseen.
   */
  deliver(updates: Array<Record<string, unknown>>): void {
    this.enqueue(updates);
  }

  private enqueue(updates: Array<Record<string, unknown>>): void {
    const now = Date.now();
    for (const u of updates) {
      const id = Number(u.update_id);
      if (!Number.isInteger(id) || this.queue.some((q) => q.update.update_id === id)) continue;
      this.queue.push({ update: { ...u, update_id: id }, at: now });
    }
    this.queue.sort((a, b) => a.update.update_id - b.update.update_id);
  }

  /**
   * getUpdates' answer from the queue: `offset` confirms (drops) the updates below it, or, negative,
   * keeps only the last -offset; then up to `limit` of the rest, as the Bot API hands them out.
   */
  private fromQueue(offset: number, limit: number): Update[] {
    const now = Date.now();
    this.queue = this.queue.filter((q) => now - q.at < KEEP_MS);
    if (offset > 0) this.queue = this.queue.filter((q) => q.update.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
    const out = this.queue.slice(0, Math.min(Math.max(limit, 1), 100)).map((q) => q.update);
    this.handedOut.push(...out.map((u) => u.update_id));
    return out;
  }

  private take(method: string, chatId: string | null, reused: boolean, carrying = false): TelegramFault | null {
    const rule = this.rules.find(
      (r) =>
        r.left > 0 &&
        (r.carryingUpdates === true) === carrying &&
        (r.fault.kind !== 'reset-before' || reused) &&
        (r.method === undefined || r.method === method) &&
        (r.chatId === undefined || String(r.chatId) === chatId),
    );
    if (!rule) return null;
    rule.left--;
    return rule.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const socket = req.socket;
    const seen = (this.perSocket.get(socket) ?? 0) + 1;
    this.perSocket.set(socket, seen);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const method = /\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? '')?.[1] ?? '';
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    let payload: Payload = {};
    const type = req.headers['content-type'] ?? '';
    if (body.length && type.includes('json')) {
      try {
        payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as Payload;
      } catch {
        return this.answer(res, method, null, 400, 'Bad Request: strings must be encoded in UTF-8');
      }
    }
    const chatId = payload.chat_id === undefined ? null : String(payload.chat_id);
    if ((method === 'getUpdates' || method === 'setWebhook') && Array.isArray(payload.allowed_updates))
      this.allowedUpdates = payload.allowed_updates.length ? payload.allowed_updates.map(String) : null;
    if (method === 'answerCallbackQuery')
      this.toasts.push({ text: String(payload.text ?? ''), showAlert: payload.show_alert === true });
    // A rule for polls that carry updates is decided once the answer is known (below).
    const fault = this.take(method, chatId, seen > 1);
    if (fault?.kind === 'hang') {
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return;
    }
    if (fault?.kind === 'reset-before') {
      // The server had dropped the kept-alive connection: nothing reached Telegram.
      socket.destroy();
      return;
    }
    if (fault?.kind === 'error')
      return this.answer(res, method, chatId, fault.code, fault.description, fault.parameters);
    // A message its reader deleted (a private chat's messages may be deleted for both sides): an edit
    // of it finds nothing. The error text is the Bot API's own answer (undocumented in bots/api).
    if (
      (method === 'editMessageText' || method === 'editMessageReplyMarkup') &&
      this.deleted.has(`${payload.chat_id}:${payload.message_id}`)
    )
      return this.answer(res, method, chatId, 400, 'Bad Request: message to edit not found');
    const refused = refuse(method, payload, (c, id) => this.contents.get(`${c}:${id}`));
    if (refused) return this.answer(res, method, chatId, 400, refused);
    if (
      method === 'sendMessage' &&
      payload.message_thread_id !== undefined &&
      !this.topics.has(`${chatId}:${payload.message_thread_id}`)
    )
      return this.answer(res, method, chatId, 400, 'Bad Request: message thread not found');
    let up: { status: number; body: Buffer; type: string };
    try {
      up = await this.forward(req, res, body);
    } catch (e) {
      return this.answer(res, method, chatId, 502, `proxy: ${(e as Error).message}`);
    }
    this.remember(method, payload, up.body);
    let late: TelegramFault | null = null;
    if (method === 'getUpdates') {
      const params = new URL(req.url ?? '/', 'http://proxy').searchParams;
      const num = (v: unknown, fallback: number) => {
        const n = Number(v ?? Number.NaN);
        return Number.isFinite(n) ? Math.trunc(n) : fallback;
      };
      const answer = this.pollAnswer(
        up.body,
        num(payload.offset ?? params.get('offset'), 0),
        num(payload.limit ?? params.get('limit'), 100),
      );
      if (answer) {
        up = { ...up, body: answer.body };
        if (answer.count > 0) late = this.take(method, chatId, seen > 1, true);
      }
      this.learnTopics(up.body);
    }
    if (late?.kind === 'hang') {
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return;
    }
    if (fault?.kind === 'reset-after' || late?.kind === 'reset-after') {
      socket.destroy(); // Telegram acted on it; the answer is lost on the way
      return;
    }
    if (res.destroyed) return;
    res.writeHead(up.status, { 'content-type': up.type, 'content-length': String(up.body.length) });
    res.end(up.body);
  }

  /** Forum topics (`chat:thread`) the users' messages came from: where a bot may post with message_thread_id. */
  private topics = new Set<string>();

  private learnTopics(answer: Buffer): void {
    try {
      const r = JSON.parse(answer.toString('utf8')) as { result?: Array<Record<string, unknown>> };
      for (const u of r.result ?? []) {
        const m = (u.message ?? u.edited_message) as
          | { chat?: { id?: number }; is_topic_message?: boolean; message_thread_id?: number }
          | undefined;
        if (m?.is_topic_message && m.message_thread_id !== undefined && m.chat?.id !== undefined)
          this.topics.add(`${m.chat.id}:${m.message_thread_id}`);
      }
    } catch {
      // not an update list: nothing to learn
    }
  }

  /**
   * getUpdates' answer: the emulator's new updates join the queue (without the types not allowed now:
   * Telegram never keeps those), then the queue answers as Telegram does (`fromQueue`). null when the
   * emulator answered no update list (an error: passed on as it is).
   */
  private pollAnswer(answer: Buffer, offset: number, limit: number): { body: Buffer; count: number } | null {
    let r: { ok: boolean; result?: Array<Record<string, unknown>> };
    try {
      r = JSON.parse(answer.toString('utf8')) as typeof r;
    } catch {
      return null;
    }
    if (!r.ok || !Array.isArray(r.result)) return null;
    const allowed = (type: string) =>
      this.allowedUpdates === null ? !OPT_IN_UPDATES.includes(type) : this.allowedUpdates.includes(type);
    this.enqueue(r.result.filter((u) => Object.keys(u).every((k) => k === 'update_id' || allowed(k))));
    const out = this.fromQueue(offset, limit);
    const rewrite = this.rewriteUpdate;
    const result = rewrite ? out.map((u) => rewrite(structuredClone(u))) : out;
    return { body: Buffer.from(JSON.stringify({ ...r, result })), count: out.length };
  }

  private remember(method: string, p: Payload, answer: Buffer): void {
    this.onScreen(method, p, answer);
    if (method !== 'sendMessage' && method !== 'editMessageText') return;
    try {
      const r = JSON.parse(answer.toString('utf8')) as { ok: boolean; result?: { message_id?: number } };
      const id = method === 'sendMessage' ? r.result?.message_id : p.message_id;
      if (r.ok && p.chat_id !== undefined) this.shown.push({ chatId: String(p.chat_id), content: contentOf(p) });
      if (r.ok && id !== undefined && p.chat_id !== undefined) this.contents.set(`${p.chat_id}:${id}`, contentOf(p));
    } catch {
      // the emulator answered something else: nothing to remember
    }
  }

  private onScreen(method: string, p: Payload, answer: Buffer): void {
    const kinds: Record<string, ScreenEvent['kind']> = {
      sendMessage: 'sent',
      editMessageText: 'edited',
      editMessageReplyMarkup: 'buttons',
      answerCallbackQuery: 'toast',
    };
    const kind = kinds[method];
    if (!kind) return;
    let r: { ok?: boolean; result?: { message_id?: number } };
    try {
      r = JSON.parse(answer.toString('utf8')) as typeof r;
    } catch {
      return;
    }
    if (!r.ok) return;
    if (kind === 'toast') {
      this.screen.push({
        kind,
        chatId: null,
        messageId: null,
        text: String(p.text ?? ''),
        buttons: [],
        showAlert: p.show_alert === true,
        callbackQueryId: String(p.callback_query_id ?? ''),
      });
      return;
    }
    const markup = (typeof p.reply_markup === 'string' ? JSON.parse(p.reply_markup) : p.reply_markup) as
      | { inline_keyboard?: Array<Array<{ text?: string }>> }
      | undefined;
    const raw = String(p.text ?? '');
    const parsed = p.parse_mode === 'HTML' ? parseTelegramHtml(raw) : { text: raw };
    this.screen.push({
      kind,
      chatId: p.chat_id === undefined ? null : String(p.chat_id),
      messageId: kind === 'sent' ? (r.result?.message_id ?? null) : (p.message_id ?? null),
      text: kind === 'buttons' ? '' : 'text' in parsed ? parsed.text : raw,
      buttons: (markup?.inline_keyboard ?? []).flat().map((b) => String(b.text ?? '')),
    });
  }

  private answer(
    res: ServerResponse,
    method: string,
    chatId: string | null,
    code: number,
    description: string,
    parameters?: Record<string, unknown>,
  ): void {
    this.refusals.push({ method, chatId, code, description });
    const body = Buffer.from(
      JSON.stringify({ ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) }),
    );
    if (res.destroyed) return;
    res.writeHead(code === 502 ? 502 : code, {
      'content-type': 'application/json',
      'content-length': String(body.length),
    });
    res.end(body);
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
  ): Promise<{ status: number; body: Buffer; type: string }> {
    const target = new URL(req.url ?? '/', this.upstream);
    return new Promise((resolve, reject) => {
      const up = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: req.method,
          headers: {
            'content-type': req.headers['content-type'] ?? 'application/json',
            'content-length': String(body.length),
          },
          agent: this.agent,
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('error', reject);
          r.on('end', () =>
            resolve({
              status: r.statusCode ?? 502,
              body: Buffer.concat(chunks),
              type: String(r.headers['content-type'] ?? 'application/json'),
            }),
          );
        },
      );
      up.on('error', reject);
      // The bot gave up on a long poll (or died): the emulator's side goes too.
      res.once('close', () => up.destroy());
      up.end(body);
    });
  }

  /** Strict refusals (not injected faults) seen so far: the e2e harness fails a test on any. */
  strictRefusals(): Refusal[] {
    return this.refusals.filter((r) => r.code === 400 && !r.description.startsWith('Bad Request: group chat was'));
  }

  async stop(): Promise<void> {
    this.clear();
    this.agent.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
