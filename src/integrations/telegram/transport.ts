/**
 * The Telegram transport (grammY). It turns OutMessages into Bot API calls and taps/commands into
 * calls on the inbox; it holds no business rules.
 */
import { Bot, GrammyError, HttpError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import {
  DeliveryError,
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

/** Bot API errors → retry later (with Telegram's own retry_after) or give up for good. */
export function toDeliveryError(e: unknown): Error {
  if (e instanceof GrammyError) {
    if (e.error_code === 429) return new DeliveryError(e.description, false, (e.parameters.retry_after ?? 1) * 1000);
    if (e.error_code >= 500) return new DeliveryError(e.description, false);
    return new DeliveryError(e.description, true);
  }
  if (e instanceof HttpError) return new DeliveryError(`network: ${e.message}`, false);
  return e as Error;
}

export class TelegramTransport implements Messenger {
  readonly channel = 'telegram' as const;
  readonly bot: Bot;
  private runner: RunnerHandle | null = null;

  constructor(
    token: string,
    private readonly opts: { apiRoot: string; log: Logger; inbox: TelegramInbox; autoRetryMaxDelaySeconds?: number },
  ) {
    this.bot = new Bot(token, { client: { apiRoot: opts.apiRoot } });
    // Polling and callback answers retry in place. Outbox deliveries (send, edit) must not: a wait in
    // here (a 429's retry_after, the 5xx back-off, or an unreachable Telegram, which auto-retry repeats
    // for ever) holds the whole loop — every other chat, the timers, the inbound events. They fail at
    // once instead; the outbox defers the row by Telegram's retry_after or its own back-off.
    const retry = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: opts.autoRetryMaxDelaySeconds ?? 5 });
    const outboxMethods = new Set(['sendMessage', 'editMessageText']);
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
    this.bot.command([...COMMANDS], async (ctx) => {
      const actor = this.actor(ctx);
      if (!actor) return;
      const text = ctx.message?.text;
      if (text === undefined) throw new Error('telegram: a command update without a message');
      const command = (text.slice(1).split(/[\s@]/)[0] ?? '').toLowerCase() as Command; // split gives at least one part
      const reply = await inbox.onCommand(actor, command, ctx.match, ctx.chat.type === 'private');
      if (reply) await ctx.reply(reply.text, { parse_mode: 'HTML', reply_markup: replyMarkup(reply) });
    });
    this.bot.on('message:contact', async (ctx) => {
      const actor = this.actor(ctx);
      if (!actor || ctx.chat.type !== 'private') return;
      const c = ctx.message.contact;
      const reply = await inbox.onContact(actor, { phone: c.phone_number, userId: c.user_id ?? null });
      await ctx.reply(reply.text, { parse_mode: 'HTML', reply_markup: replyMarkup(reply) });
    });
    this.bot.on(['message:text', 'edited_message:text'], async (ctx) => {
      const actor = this.actor(ctx);
      const m = ctx.msg;
      if (!actor || m.text.startsWith('/')) return;
      const reply = await inbox.onText(actor, {
        messageId: String(m.message_id),
        text: m.text,
        edited: ctx.editedMessage !== undefined,
      });
      if (reply) await ctx.reply(reply.text, { parse_mode: 'HTML', reply_markup: replyMarkup(reply) });
    });
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

  async send(chatId: string, msg: OutMessage): Promise<SentMessage> {
    try {
      const m = await this.bot.api.sendMessage(chatId, msg.text, {
        parse_mode: 'HTML',
        reply_markup: replyMarkup(msg),
        link_preview_options: { is_disabled: true },
        ...(msg.replyTo
          ? { reply_parameters: { message_id: Number(msg.replyTo), allow_sending_without_reply: true } }
          : {}),
      });
      return { messageId: String(m.message_id) };
    } catch (e) {
      throw toDeliveryError(e);
    }
  }

  async edit(chatId: string, messageId: string, msg: OutMessage): Promise<void> {
    try {
      await this.bot.api.editMessageText(chatId, Number(messageId), msg.text, {
        parse_mode: 'HTML',
        reply_markup: keyboard(msg) ?? { inline_keyboard: [] },
        link_preview_options: { is_disabled: true },
      });
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

  async startPolling(): Promise<void> {
    await this.bot.init();
    await this.bot.api.deleteWebhook().catch(() => undefined);
    this.runner = run(this.bot, { runner: { fetch: { timeout: 30 } } });
  }

  /** For webhook mode: grammY checks the X-Telegram-Bot-Api-Secret-Token header itself. */
  webhookHandler(secretToken: string) {
    return webhookCallback(this.bot, 'fastify', { secretToken });
  }

  async stop(): Promise<void> {
    if (this.runner?.isRunning()) await this.runner.stop();
    this.runner = null;
  }
}
