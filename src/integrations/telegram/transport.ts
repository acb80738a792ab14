/**
 * The Telegram transport (grammY). It turns OutMessages into Bot API calls and taps/commands into
 * calls on the inbox; it holds no business rules.
 */
import { Bot, GrammyError, HttpError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { boundedFetch, notSent, timedOut } from './fetch';
import { backoff, policies } from '../../kernel/retry';
import { errorMessage } from '../../kernel/errors';
import {
  DeliveryError,
  FileTooLarge,
  type Actor,
  type ActionReply,
  type Messenger,
  type OutFile,
  type OutMessage,
  type SentMessage,
} from '../../kernel/ports';
import type { Logger } from '../../kernel/log';
import { COMMANDS, type ChatInbox, type Command } from '../../kernel/desk';
import { replies } from '../../texts';

/** What the transport hands its updates to (the chat router). */
export type TelegramInbox = ChatInbox;

/** Telegram as the bot sees it: polling (or webhook) fine, or the token refused (401) and Telegram stopped. */
export type TelegramState = 'ok' | 'unauthorized';

/**
 * The update types the bot handles, asked for by name on every poll and on setWebhook: Telegram keeps
 * `allowed_updates` per bot token and "if not specified, the previous setting will be used"
 * (core.telegram.org/bots/api#getupdates). A token an earlier program polled with ["message"] would
 * otherwise never deliver a button press.
 */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** How long a long poll may wait for updates (getUpdates `timeout`, seconds). */
const POLL_SECONDS = 30;

/** Reply-keyboard variants: the "share my number" button, or taking it away. */
function replyMarkup(msg: OutMessage) {
  if (msg.requestContact)
    return {
      keyboard: [[{ text: msg.requestContact, request_contact: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    };
  if (msg.removeKeyboard) return { remove_keyboard: true as const };
  return keyboard(msg);
}

function keyboard(msg: OutMessage): InlineKeyboard | undefined {
  if (!msg.buttons?.length) return undefined;
  const kb = new InlineKeyboard();
  msg.buttons.forEach((row, i) => {
    if (i > 0) kb.row();
    for (const b of row) 'url' in b ? kb.url(b.text, b.url) : kb.text(b.text, b.action);
  });
  return kb;
}

/** Telegram's GroupAnonymousBot: the `from` of a message an admin posts "anonymously" in a group. */
const ANONYMOUS_ADMIN = 1087968824;

/** While the token is refused, Telegram rows wait this long between looks (they are not failed). */
const UNAUTHORIZED_WAIT_MS = 60_000;

/** While Telegram cannot be reached (nothing was sent), a chat's rows wait this long between looks (not failed). */
const UNREACHABLE_WAIT_MS = 15_000;

/**
 * Why a call never got an answer, in the network's words and without the URL (it holds the token):
 * «connect ECONNREFUSED 127.0.0.1:9», «getaddrinfo ENOTFOUND api.telegram.org», «no answer within 10 s».
 */
export function networkReason(e: HttpError): string {
  const inner = e.error as { message?: unknown; code?: unknown } | undefined;
  const said = typeof inner?.message === 'string' && inner.message ? inner.message : e.message;
  return said.replace(/bot\d+:[\w-]+/g, 'bot<token>');
}

/**
 * Bot API errors → retry later (with Telegram's own retry_after) or give up for good. A 429 is "wait",
 * not a failed attempt (core.telegram.org/bots/api#responseparameters; grammY site/docs/advanced/flood.md);
 * so is a 401 (a revoked token is fixed by a restart with a new one: the messages wait for it).
 */
export function toDeliveryError(e: unknown): Error {
  if (e instanceof GrammyError) {
    if (e.error_code === 429)
      return new DeliveryError(e.description, false, (e.parameters.retry_after ?? 1) * 1000, { wait: true });
    if (e.error_code === 401) return new DeliveryError(e.description, false, UNAUTHORIZED_WAIT_MS, { wait: true });
    if (e.error_code >= 500) return new DeliveryError(e.description, false);
    // 403: the person blocked the bot (or is gone): no retry reaches them; the sender tells who must know.
    if (e.error_code === 403) return new DeliveryError(e.description, true, undefined, { forbidden: true });
    return new DeliveryError(e.description, true);
  }
  // Nothing reached Telegram (refused, unknown host): it is unreachable, not this message's fault — the
  // row waits like a 429's, however long the outage lasts, and is never given up for it.
  if (e instanceof HttpError && notSent(e.error))
    return new DeliveryError(`network: ${networkReason(e)}`, false, UNREACHABLE_WAIT_MS, { wait: true });
  if (e instanceof HttpError)
    return new DeliveryError(`network: ${e.message}`, false, undefined, { timedOut: timedOut(e.error) });
  return e as Error;
}

/** Waits `ms`; rejects at once when `signal` is aborted (the runner stopping). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(new Error('aborted while waiting to poll again'));
    };
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}

/** A call failed at the connection before any of it reached Telegram: safe to make again at once. */
const unsent = (e: unknown): boolean => e instanceof HttpError && notSent(e.error);

/** A group that became a supergroup: Telegram names the new chat id (400 with parameters.migrate_to_chat_id). */
const migratedTo = (e: unknown): number | undefined =>
  e instanceof GrammyError ? e.parameters.migrate_to_chat_id : undefined;

export interface TelegramOptions {
  apiRoot: string;
  log: Logger;
  inbox: TelegramInbox;
  /**
   * Every reply (to a command, a contact, a text) goes out through here — the outbox: durable, paced,
   * retried like any other message. `updateId` makes its key: a redelivered update replies once.
   */
  reply: (chatId: string, updateId: number, msg: OutMessage) => void;
  /**
   * A second poller takes the updates (409) and keeps doing so for `conflictAfter`: called once per
   * streak of conflicts (conflictStreak), to tell the admin. Each 409 is logged.
   */
  onConflict?: () => void;
  /** How long 409s must keep coming before onConflict (ms; default 60 s; 0: at the first). */
  conflictAfter?: number;
  /** The clock the streak is measured by (ms); Date.now by default. */
  now?: () => number;
  /**
   * Telegram answered (a poll, getMe, setWebhook) / could not be reached at all (refused, unknown host,
   * no answer): app/outages.ts keeps since when, tells /healthz and the admins. `error` names no secret.
   */
  onReachable?: () => void;
  onUnreachable?: (error: string) => void;
  /** One Bot API call's time to answer (ms); a long poll gets its own wait on top. */
  callTimeoutMs?: number;
  autoRetryMaxDelaySeconds?: number;
}

/**
 * One of our commands at the start of a message, in any case («/Help», «/PAYMENTS@SalesBot 05.12»):
 * the name lower-cased and what follows it; null for another command or one addressed to another bot.
 * As grammY's bot.command: a bot_command entity at offset 0 (core.telegram.org/bots/api#messageentity).
 */
export function typedCommand(
  text: string,
  entities: ReadonlyArray<{ type: string; offset: number; length: number }>,
  botUsername: string,
): { command: Command; args: string } | null {
  const e = entities.find((x) => x.type === 'bot_command' && x.offset === 0);
  if (!e) return null;
  const [name = '', to] = text.slice(1, e.length).split('@');
  if (to !== undefined && to.toLowerCase() !== botUsername.toLowerCase()) return null;
  const command = COMMANDS.find((c) => c === name.toLowerCase());
  return command ? { command, args: text.slice(e.length).trimStart() } : null;
}

/**
 * The forum topic a message was written in, or undefined: `message_thread_id` counts only with
 * `is_topic_message` (core.telegram.org/bots/api#message) — a reply in an ordinary group carries a thread
 * id too, and the General topic has none a bot may send to ("message thread not found", tdlib/telegram-bot-api#447).
 */
function topicOf(m: { is_topic_message?: boolean; message_thread_id?: number }): string | undefined {
  return m.is_topic_message && m.message_thread_id !== undefined ? String(m.message_thread_id) : undefined;
}

/**
 * The message this one answers (Message.reply_to_message), as its id. In a forum topic every message
 * carries the topic's first message there (core.telegram.org/bots/api#message: message_thread_id "the
 * identifier of a message thread or a forum topic"): that is where it was written, not a reply.
 */
function repliedTo(m: {
  reply_to_message?: { message_id: number };
  is_topic_message?: boolean;
  message_thread_id?: number;
}): string | undefined {
  const id = m.reply_to_message?.message_id;
  if (id === undefined || (m.is_topic_message && id === m.message_thread_id)) return undefined;
  return String(id);
}

/** 409s that belong together: the first one's and the latest one's time (ms), and whether the admin was told. */
export interface ConflictStreak {
  since: number;
  last: number;
  told: boolean;
}

/**
 * A 409 on getUpdates at `now` (ms): the streak it continues (none, or the last 409 is more than
 * `quietMs` ago: a new one), and whether the admin is to be told now — once per streak, when 409s have
 * kept coming for `afterMs`. A single 409 (a deploy's old instance still polling for a moment) is not
 * told. A poll that gets through does not end a streak: with two instances Telegram answers the
 * older request «Conflict: terminated by other getUpdates request» (the Bot API's description of the
 * 409), so each instance's polls succeed between its conflicts; only quiet ends it.
 */
export function conflictStreak(
  prev: ConflictStreak | null,
  now: number,
  afterMs: number,
  quietMs: number,
): { streak: ConflictStreak; tell: boolean } {
  const streak = prev && now - prev.last <= quietMs ? { ...prev, last: now } : { since: now, last: now, told: false };
  const tell = !streak.told && now - streak.since >= afterMs;
  return { streak: tell ? { ...streak, told: true } : streak, tell };
}

export class TelegramTransport implements Messenger {
  readonly channel = 'telegram' as const;
  readonly bot: Bot;
  private runner: RunnerHandle | null = null;
  private stopped = false;
  private restart: NodeJS.Timeout | null = null;
  /** The first contact (getMe, setWebhook) under way: aborted by stop(). */
  private connecting: AbortController | null = null;
  /** The first contact has ended: polling (or the webhook set), or the token refused. */
  private contactEnded = false;
  /** Conflicts in a row (409): the back-off before polling again grows with them. */
  private conflicts = 0;
  /** The 409s of the last while, for telling the admin only of a conflict that persists. */
  private conflictRun: ConflictStreak | null = null;
  state: TelegramState = 'ok';

  constructor(
    token: string,
    private readonly opts: TelegramOptions,
  ) {
    this.bot = new Bot(token, {
      client: {
        apiRoot: opts.apiRoot,
        // Every call is bounded (grammY's own default is 500 s): a call that never answers must not hold
        // its lane, and a long poll waits POLL_SECONDS plus the same margin.
        fetch: boundedFetch({
          callTimeoutMs: opts.callTimeoutMs ?? 10_000,
          pollTimeoutMs: POLL_SECONDS * 1000 + (opts.callTimeoutMs ?? 10_000),
        }),
      },
    });
    // Polling and callback answers retry in place. Outbox deliveries (send, edit) must not: a wait in
    // here (a 429's retry_after, the 5xx back-off, or an unreachable Telegram, which auto-retry repeats
    // for ever) holds the whole loop — every other chat, the timers, the inbound events. They fail at
    // once instead; the outbox defers the row by Telegram's retry_after or its own back-off.
    const retry = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: opts.autoRetryMaxDelaySeconds ?? 5 });
    // The first contact (getMe, setWebhook) does not retry inside either: auto-retry would repeat an
    // unreachable Telegram silently for ever and the start would never end; connect() retries it, logged.
    const outboxMethods = new Set(['sendMessage', 'editMessageText', 'getMe', 'setWebhook']);
    // The runner polls silently (its own logging is console output): what it meets is logged here,
    // and a poll that got through ends a streak of conflicts. A poll that gets no answer at all is
    // polled again here, after policies.telegramPoll's back-off (1 s doubling to 60 s), logged with the
    // API root each time: auto-retry would repeat it silently with a pause growing to an hour, and
    // polling would resume up to an hour after Telegram is back.
    this.bot.api.config.use(async (prev, method, payload, signal) => {
      if (method !== 'getUpdates') return prev(method, payload, signal);
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await prev(method, payload, signal);
          this.opts.onReachable?.();
          if (res.ok) this.conflicts = 0;
          else if (res.error_code !== 401 && res.error_code !== 409)
            this.opts.log.warn({ err: res.description }, 'getUpdates refused; polling again');
          return res;
        } catch (e) {
          if (signal?.aborted || !(e instanceof HttpError)) {
            if (!signal?.aborted) this.opts.log.warn({ err: errorMessage(e) }, 'getUpdates failed; polling again');
            throw e;
          }
          const reason = networkReason(e);
          const delay = backoff(attempt, policies.telegramPoll);
          this.opts.onUnreachable?.(reason);
          this.opts.log.warn(
            { at: this.opts.apiRoot, err: reason, retryInMs: delay },
            `cannot reach Telegram at ${this.opts.apiRoot}: ${reason}; polling again in ${Math.ceil(delay / 1000)} s`,
          );
          await pause(delay, signal as AbortSignal | undefined);
        }
      }
    });
    this.bot.api.config.use((prev, method, payload, signal) =>
      outboxMethods.has(method) ? prev(method, payload, signal) : retry(prev, method, payload, signal),
    );
    this.wire(opts.inbox);
  }

  private actor(ctx: {
    from?: { id: number; first_name: string; last_name?: string };
    chat?: { id: number };
  }): Actor | null {
    if (!ctx.from) return null;
    return {
      channel: 'telegram',
      address: String(ctx.from.id),
      chatId: String(ctx.chat?.id ?? ctx.from.id),
      displayName: [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' '),
    };
  }

  private wire(inbox: TelegramInbox): void {
    // The runner handles updates concurrently; a chat's updates (a message and its edits, taps on one
    // prompt) are handled in order (grammY site/docs/plugins/runner.md, "sequentialize").
    this.bot.use(sequentialize((ctx) => (ctx.chat ?? ctx.from)?.id.toString()));
    // grammY's bot.command matches the name as typed, case and all (its `ignoreCase` is an option of the
    // commands plugin, not of the core: grammy.dev/ref/commands/commandoptions): «/Help» and «/PAYMENTS»
    // are read here the way bot.command reads «/help» — a bot_command entity at offset 0, «@name» ours.
    this.bot.on('message:entities:bot_command', async (ctx, next) => {
      const typed = typedCommand(ctx.message.text ?? '', ctx.message.entities, ctx.me.username);
      if (!typed) return next();
      const actor = this.actor(ctx);
      if (!actor) return;
      const reply = await inbox.onCommand(actor, typed.command, typed.args, ctx.chat.type === 'private');
      const threadId = topicOf(ctx.message);
      if (reply) this.opts.reply(String(ctx.chat.id), ctx.update.update_id, threadId ? { ...reply, threadId } : reply);
    });
    this.bot.on('message:contact', async (ctx) => {
      const actor = this.actor(ctx);
      if (!actor || ctx.chat.type !== 'private') return;
      const c = ctx.message.contact;
      const reply = await inbox.onContact(actor, { phone: c.phone_number, userId: c.user_id ?? null });
      this.opts.reply(String(ctx.chat.id), ctx.update.update_id, reply);
    });
    // A group upgraded to a supergroup: the last service message in the old group names the new id
    // (core.telegram.org/bots/api#message: migrate_to_chat_id).
    this.bot.on('message:migrate_to_chat_id', async (ctx) => {
      await inbox.onChatMoved('telegram', String(ctx.chat.id), String(ctx.msg.migrate_to_chat_id));
    });
    // …and the first one in the supergroup names the old id (migrate_from_chat_id): the only word of
    // the move when the old group's message was missed (the bot down, an update lost), so it is
    // followed alike. Both arriving is harmless: the second no longer names the payment chat.
    this.bot.on('message:migrate_from_chat_id', async (ctx) => {
      await inbox.onChatMoved('telegram', String(ctx.msg.migrate_from_chat_id), String(ctx.chat.id));
    });
    // Texts, and captions of photos and documents (a screenshot of the payment order with «Оплачен счет
    // … на …» under it), read alike; a document comes with its file.
    this.bot.on(['message', 'edited_message'], async (ctx) => {
      const m = ctx.msg;
      const text = m.text ?? m.caption;
      const doc = m.document;
      const edited = ctx.editedMessage !== undefined;
      // An edit without text is a caption removed (Message.caption is optional: core.telegram.org/bots/api#message):
      // a new version that says nothing, read like any edit. A new message without text or file has nothing to read.
      // A command not ours (/foo) is answered in a private chat (the router says so), ignored in a group.
      // A photo without a caption in a group (a screenshot of the payment order) goes on too: the payment
      // chat answers it with what to write, rather than silence.
      const photo = m.photo !== undefined && ctx.chat.type !== 'private';
      if ((text === undefined && !doc && !photo && !edited) || (m.text?.startsWith('/') && ctx.chat.type !== 'private'))
        return;
      const file = doc
        ? { id: doc.file_id, name: doc.file_name ?? null, size: doc.file_size ?? null, mime: doc.mime_type ?? null }
        : undefined;
      const threadId = topicOf(m);
      // "Remain anonymous": from is GroupAnonymousBot and sender_chat the group itself — nobody to name.
      // Sent «as a channel» (the «send as» choice; from is Telegram's Channel_Bot, sender_chat the
      // channel, core.telegram.org/bots/api#message): nobody to name either.
      const anonymous = m.sender_chat?.id === ctx.chat.id && ctx.from?.id === ANONYMOUS_ADMIN;
      const channel = m.sender_chat?.type === 'channel' ? m.sender_chat : undefined;
      if (m.sender_chat && (anonymous || channel)) {
        await inbox.onAnonymous(
          { channel: 'telegram', address: '', chatId: String(ctx.chat.id), displayName: m.sender_chat.title ?? '' },
          {
            messageId: String(m.message_id),
            text: text ?? '',
            ...(file ? { file } : {}),
            ...(threadId ? { threadId } : {}),
            ...(channel ? { asChannel: channel.title } : {}),
          },
        );
        return;
      }
      const actor = this.actor(ctx);
      if (!actor) return;
      const replyTo = repliedTo(m);
      const reply = await inbox.onText(actor, {
        messageId: String(m.message_id),
        text: text ?? '',
        edited,
        // Telegram's order of a message's versions (core.telegram.org/bots/api#message: edit_date).
        stamp: ctx.editedMessage?.edit_date ?? 0,
        ...(m.media_group_id ? { album: m.media_group_id } : {}),
        ...(file ? { file } : {}),
        ...(photo ? { photo: true as const } : {}),
        ...(threadId ? { threadId } : {}),
        ...(replyTo ? { replyTo } : {}),
      });
      if (reply) this.opts.reply(String(ctx.chat.id), ctx.update.update_id, threadId ? { ...reply, threadId } : reply);
    });
    // Toasts stay direct: an answer to a tap is not a message, and is worthless later.
    this.bot.on('callback_query:data', async (ctx) => {
      const actor = this.actor(ctx);
      let reply: ActionReply;
      try {
        reply = actor ? await inbox.onAction(actor, ctx.callbackQuery.data) : { text: 'Нет отправителя' };
      } catch (e) {
        this.opts.log.error({ err: (e as Error).message }, 'button handler failed');
        reply = { text: replies.failed };
      }
      // Answered right after the decision (a quick SQLite transaction): the phone stops spinning.
      await ctx.answerCallbackQuery({ text: reply.text, show_alert: reply.alert ?? false }).catch((e: unknown) => {
        this.opts.log.warn({ err: (e as Error).message }, 'could not answer callback query');
      });
    });
    this.bot.catch((err) => this.opts.log.error({ err: err.message }, 'telegram update failed'));
  }

  /**
   * Makes a call; a connection-level failure before the request was sent (a refused connection, a
   * kept-alive socket found closed) is made again at once — nothing reached Telegram, so nothing can
   * be doubled. Anything else goes back to the outbox with its back-off.
   */
  private async call<T>(make: () => Promise<T>): Promise<T> {
    for (let again = 2; ; again--) {
      try {
        return await make();
      } catch (e) {
        if (again > 0 && unsent(e)) {
          this.opts.log.info(
            { err: errorMessage(e) },
            'connection failed before the request was sent; sent again at once',
          );
          continue;
        }
        throw e;
      }
    }
  }

  async send(chatId: string, msg: OutMessage): Promise<SentMessage> {
    const sendTo = (chat: string | number) =>
      this.call(() =>
        this.bot.api.sendMessage(chat, msg.text, {
          parse_mode: 'HTML',
          reply_markup: replyMarkup(msg),
          link_preview_options: { is_disabled: true },
          ...(msg.replyTo
            ? { reply_parameters: { message_id: Number(msg.replyTo), allow_sending_without_reply: true } }
            : {}),
          // With allow_sending_without_reply a reply is not placed by its target alone: the topic is named
          // (core.telegram.org/bots/api#sendmessage message_thread_id; tdlib/telegram-bot-api#447).
          ...(msg.threadId ? { message_thread_id: Number(msg.threadId) } : {}),
        }),
      );
    try {
      const m = await sendTo(chatId);
      return { messageId: String(m.message_id) };
    } catch (e) {
      const to = migratedTo(e);
      if (to === undefined) throw toDeliveryError(e);
      // The group became a supergroup: the message goes to its new id; the inbox follows the chat there.
      this.opts.log.warn(
        { from: chatId, to },
        'Telegram group was upgraded to a supergroup; update its chat id in the rules',
      );
      void this.opts.inbox
        .onChatMoved('telegram', chatId, String(to))
        .catch((e: unknown) => this.opts.log.error({ err: errorMessage(e) }, 'could not follow the moved chat'));
      try {
        const m = await sendTo(to);
        return { messageId: String(m.message_id) };
      } catch (e2) {
        throw toDeliveryError(e2);
      }
    }
  }

  async edit(chatId: string, messageId: string, msg: OutMessage): Promise<void> {
    try {
      await this.call(() =>
        this.bot.api.editMessageText(chatId, Number(messageId), msg.text, {
          parse_mode: 'HTML',
          reply_markup: keyboard(msg) ?? { inline_keyboard: [] },
          link_preview_options: { is_disabled: true },
        }),
      );
    } catch (e) {
      // Editing to the same content is success, not an error.
      if (e instanceof GrammyError && /message is not modified/i.test(e.description)) return;
      throw toDeliveryError(e);
    }
  }

  /** sendPhoto / sendDocument with an uploaded file (core.telegram.org/bots/api#sendphoto); the caption is plain text, ≤ 1024. */
  async sendFile(chatId: string, file: OutFile): Promise<SentMessage> {
    try {
      const input = new InputFile(file.bytes, file.name);
      const caption = [...file.caption].slice(0, 1024).join('');
      const m = file.photo
        ? await this.bot.api.sendPhoto(chatId, input, { caption })
        : await this.bot.api.sendDocument(chatId, input, { caption });
      return { messageId: String(m.message_id) };
    } catch (e) {
      throw toDeliveryError(e);
    }
  }

  /**
   * A posted file's bytes: getFile gives its path, the file is then at `<apiRoot>/file/bot<token>/<path>`
   * (core.telegram.org/bots/api#getfile; bots may download up to 20 MB).
   */
  async download(fileId: string, maxBytes: number): Promise<Buffer> {
    const f = await this.bot.api.getFile(fileId).catch((e: unknown) => {
      throw toDeliveryError(e);
    });
    if (!f.file_path) throw new Error('telegram: getFile gave no file_path');
    if ((f.file_size ?? 0) > maxBytes) throw new FileTooLarge(maxBytes);
    const res = await fetch(`${this.opts.apiRoot}/file/bot${this.bot.token}/${f.file_path}`, {
      signal: AbortSignal.timeout(this.opts.callTimeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`telegram: file download answered ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > maxBytes) throw new FileTooLarge(maxBytes);
    return bytes;
  }

  /**
   * Starts long polling and returns at once: the first contact (getMe) is retried with back-off in the
   * background while Telegram cannot be reached, each failure logged with the API root and the
   * network's error, so the rest of the bot (the sweep, the Bitrix24 messenger) never waits for it.
   */
  async startPolling(): Promise<void> {
    this.connect('getMe', async (signal) => {
      // getMe itself, not bot.init(): grammY's init repeats a network failure silently for ever
      // (node_modules/grammy/out/bot.js withRetries); bot.init() is a no-op once botInfo is set.
      this.bot.botInfo = await this.bot.api.getMe(signal as never);
      await this.bot.api.deleteWebhook().catch(() => undefined);
      this.poll();
    });
  }

  /**
   * Runs the first contact until it gets through; a refused token (401) stops Telegram (refused()),
   * anything else is logged and tried again after policies.telegramPoll's back-off (1 s doubling to 60 s).
   */
  private connect(what: string, first: (signal: AbortSignal) => Promise<void>, attempt = 0): void {
    if (this.stopped) return;
    const ctl = new AbortController();
    this.connecting = ctl;
    first(ctl.signal).then(
      () => {
        this.contactEnded = true;
        if (this.connecting === ctl) this.connecting = null;
        if (!this.stopped) this.opts.onReachable?.();
      },
      (e: unknown) => {
        if (this.connecting === ctl) this.connecting = null;
        if (this.stopped) return;
        if (this.refused(e)) {
          this.contactEnded = true;
          return;
        }
        const delay = backoff(attempt, policies.telegramPoll);
        const reason = e instanceof HttpError ? networkReason(e) : errorMessage(e);
        if (e instanceof HttpError) this.opts.onUnreachable?.(reason);
        else this.opts.onReachable?.();
        this.opts.log.warn(
          { at: this.opts.apiRoot, call: what, err: reason, retryInMs: delay, attempt: attempt + 1 },
          `cannot reach Telegram at ${this.opts.apiRoot}: ${reason}; retrying in ${Math.ceil(delay / 1000)} s (the portal side and the Bitrix24 messenger go on; Telegram messages wait in the outbox)`,
        );
        this.restart = setTimeout(() => {
          this.restart = null;
          this.connect(what, first, attempt + 1);
        }, delay);
      },
    );
  }

  /**
   * Long polling, supervised: the runner gives up on 401 and 409 (and after its own retry time); a
   * rejection is never left unhandled. 409 (another instance polls with this token — a deploy, a
   * developer's laptop): poll again with back-off, the admin is told once per streak. 401 (the token
   * is revoked): Telegram stops with one log line and /healthz says so; the rest of the bot goes on.
   */
  private poll(): void {
    if (this.stopped || this.state === 'unauthorized') return;
    const runner = run(this.bot, {
      runner: { fetch: { timeout: POLL_SECONDS, allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
    });
    this.runner = runner;
    void runner
      .task()
      ?.then(() => {
        if (this.runner === runner) this.conflicts = 0;
      })
      .catch((e: unknown) => this.pollFailed(runner, e));
  }

  private pollFailed(runner: RunnerHandle, e: unknown): void {
    if (this.stopped || this.runner !== runner) return;
    if (this.refused(e)) return;
    const conflict = e instanceof GrammyError && e.error_code === 409;
    if (conflict) {
      // The longest our own back-off and one long poll can put between two 409s: quieter than that,
      // the other instance is gone.
      const quiet = policies.telegramPoll.cap + POLL_SECONDS * 1000 + (this.opts.callTimeoutMs ?? 10_000);
      const now = (this.opts.now ?? Date.now)();
      const { streak, tell } = conflictStreak(this.conflictRun, now, this.opts.conflictAfter ?? 60_000, quiet);
      this.conflictRun = streak;
      this.opts.log.warn(
        { err: errorMessage(e), conflictFor: Math.round((now - streak.since) / 1000) },
        'another instance is polling Telegram with this token; polling again with back-off',
      );
      if (tell) this.opts.onConflict?.();
      this.conflicts++;
    } else this.opts.log.error({ err: errorMessage(e) }, 'Telegram polling failed; polling again with back-off');
    const delay = backoff(conflict ? this.conflicts - 1 : 0, policies.telegramPoll);
    this.restart = setTimeout(() => {
      this.restart = null;
      this.poll();
    }, delay);
  }

  /** 401: Telegram stops here, once, with one clear line; true when that was the error. */
  /**
   * Whether the first contact with Telegram has ended — polling started (or the webhook set), or the
   * token refused; false while Telegram cannot be reached. For a caller that must not hand Telegram
   * anything before the bot listens (the test harness: its emulator gives an update to whichever
   * poll is open).
   */
  get settledContact(): boolean {
    return this.contactEnded;
  }

  private refused(e: unknown): boolean {
    if (!(e instanceof GrammyError && e.error_code === 401)) return false;
    if (this.state !== 'unauthorized')
      this.opts.log.error(
        'Telegram refused the bot token (401 Unauthorized): Telegram is stopped, the rest of the bot goes on; set a valid TELEGRAM_BOT_TOKEN and restart',
      );
    this.state = 'unauthorized';
    return true;
  }

  /**
   * Webhook mode: tells Telegram where to post updates, and returns at once — retried with back-off
   * while Telegram cannot be reached (as startPolling); a refused token (401) stops Telegram only.
   */
  async startWebhook(url: string, secretToken: string | undefined): Promise<void> {
    this.connect('setWebhook', async (signal) => {
      await this.bot.api.setWebhook(
        url,
        { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] },
        signal as never,
      );
    });
  }

  /** For webhook mode: grammY checks the X-Telegram-Bot-Api-Secret-Token header itself. */
  webhookHandler(secretToken: string) {
    return webhookCallback(this.bot, 'fastify', { secretToken });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restart) clearTimeout(this.restart);
    this.connecting?.abort();
    const runner = this.runner;
    this.runner = null;
    if (runner?.isRunning()) await runner.stop().catch(() => undefined);
  }
}
