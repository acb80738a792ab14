/**
 * The whole bot on loopback: the Bitrix24 simulator, the Telegram emulator (telegram-test-api),
 * the bot's HTTP endpoint and grammY long polling — all real HTTP on 127.0.0.1, with a hand-moved clock.
 */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as telegramTestApi from 'telegram-test-api';
import type { TelegramServer as TelegramServerType } from 'telegram-test-api/lib/telegramServer';
import { App } from '../src/app/app';
import { ManualClock } from '../src/kernel/clock';
import { parseEnv, parseRules, type RulesInput } from '../src/config';
import { createLogger, type Logger } from '../src/kernel/log';
import { BitrixSimulator, type SimulatorOptions } from './bitrix-portal';
import { BitrixClient } from '../src/integrations/bitrix/client';
import { setupChatBot } from '../src/integrations/bitrix/chat-bot-setup';
import { seedPortal, companyRules, PEOPLE } from './portal-fixture';
import { settle } from './settle';
import { StrictTelegramProxy } from './telegram-proxy';
import { TelegramFileFront } from './telegram-files';

// telegram-test-api is CommonJS with `exports.default`: unwrap it the same way under tsx and vitest.
type TelegramServerCtor = typeof TelegramServerType;
const interop = telegramTestApi as unknown as { default: TelegramServerCtor | { default: TelegramServerCtor } };
const TelegramServer: TelegramServerCtor = 'default' in interop.default ? interop.default.default : interop.default;
type TelegramServer = TelegramServerType;

export const BOT_TOKEN = '123456:TEST-token-for-the-emulator';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface BotMessage {
  messageId: number;
  chatId: string;
  text: string;
  buttons: Array<{ text: string; callback_data?: string; url?: string }>;
}

export interface HarnessOptions {
  rules?: Partial<RulesInput>;
  /** Monday 23 Nov 2026, 10:00 Moscow time unless told otherwise. */
  start?: string;
  simulator?: SimulatorOptions;
  dbDir?: string;
  log?: Logger;
  /** A proxy of the test's own in front of the strict Telegram proxy (which is always in front of the emulator). */
  telegramApiRoot?: (emulatorUrl: string) => Promise<string> | string;
  /** The Telegram side's `allowed_updates` left by an earlier program on this token (telegram-proxy.ts ProxyOptions). */
  telegramAllowedUpdates?: string[];
  /** Refusals by the strict proxy (Telegram's real limits) this test provokes on purpose; any other fails it at stop(). */
  expectTelegramRefusals?: boolean;
  naiveFetch?: boolean;
  /** Run the production loops (tick on every event, every second) instead of test-driven settle(). */
  autoTick?: boolean;
  env?: Record<string, string>;
  /** Put the bot into the simulated Bitrix24 messenger too (registered by `setupChatBot`, as the CLI does). */
  chatBot?: boolean;
  /** How the chat bot gets its events: fetch (imbot.v2.Event.get, the default) or webhook. */
  chatBotEventMode?: 'fetch' | 'webhook';
  /** Extra portal content before the bot starts (after the company's own). */
  seed?: (sim: BitrixSimulator) => void;
}

/** A bot message in the simulated Bitrix24 messenger, as it looks now. */
export interface B24Message {
  id: number;
  dialogId: string;
  text: string;
  buttons: string[];
}

export class Harness {
  app!: App;
  private url = '';
  /** The chat bot on the simulated portal, once registered. */
  chatBot: { id: number; token: string } | null = null;
  private constructor(
    readonly clock: ManualClock,
    readonly sim: BitrixSimulator,
    readonly tg: TelegramServer,
    /** Telegram as it really answers (limits, parse errors) and its faults, between the bot and the emulator. */
    readonly telegramProxy: StrictTelegramProxy,
    readonly dbPath: string,
    private readonly opts: HarnessOptions,
    private readonly ownDir: string | null,
    /** sendPhoto / sendDocument, which the emulator lacks; its `files` are what the bot sent. */
    readonly tgFiles: TelegramFileFront,
  ) {}

  static async start(opts: HarnessOptions = {}): Promise<Harness> {
    const clock = new ManualClock(opts.start ?? '2026-11-23T10:00:00+03:00');
    const sim = await BitrixSimulator.start({ rateLimit: false, now: () => clock.now(), ...opts.simulator });
    seedPortal(sim);
    opts.seed?.(sim);
    const tg = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3600 });
    await tg.start();
    // The bot → Telegram's real limits and faults → sendPhoto/sendDocument (which the emulator lacks) → the emulator.
    const front = await TelegramFileFront.start(tg.config.apiURL);
    const proxy = await StrictTelegramProxy.start(
      front.url,
      opts.telegramAllowedUpdates ? { allowedUpdates: opts.telegramAllowedUpdates } : {},
    );
    const dir = opts.dbDir ?? mkdtempSync(join(tmpdir(), 'b24bot-'));
    const h = new Harness(clock, sim, tg, proxy, join(dir, 'bot.sqlite'), opts, opts.dbDir ? null : dir, front);
    await h.boot();
    return h;
  }

  /** Starts (or restarts) the bot process part on the same database. */
  async boot(): Promise<void> {
    const apiRoot = this.opts.telegramApiRoot
      ? await this.opts.telegramApiRoot(this.telegramProxy.url)
      : this.telegramProxy.url;
    if (this.opts.chatBot && !this.chatBot) {
      // Registered before the bot listens (its address is not known yet), pointed at it once it does.
      const r = await setupChatBot(new BitrixClient({ webhookUrl: this.sim.webhookUrl }), {
        eventMode: this.opts.chatBotEventMode ?? 'fetch',
        publicUrl: 'http://127.0.0.1:9',
      });
      this.chatBot = { id: r.botId, token: r.botToken };
    }
    const env = parseEnv({
      ...(this.chatBot ? { BITRIX_BOT_ID: String(this.chatBot.id), BITRIX_BOT_TOKEN: this.chatBot.token } : {}),
      ...(this.opts.chatBotEventMode === 'webhook'
        ? { BITRIX_BOT_EVENT_MODE: 'webhook', PUBLIC_URL: 'http://127.0.0.1:9' }
        : {}),
      BITRIX_WEBHOOK_URL: this.sim.webhookUrl,
      BITRIX_APP_TOKEN: this.sim.applicationToken,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      DATABASE_PATH: this.dbPath,
      ...this.opts.env,
    });
    const rules = parseRules(companyRules(this.opts.rules));
    // Tests drive passes by hand: every pass asks for chat-bot events (fetch mode).
    rules.bitrix.chatPollInterval = 0;
    this.app = new App({
      env,
      rules,
      clock: this.clock,
      log: this.opts.log ?? createLogger({ level: 'silent' }),
      autoTick: this.opts.autoTick ?? false,
      naiveFetch: this.opts.naiveFetch,
    });
    const address = await this.app.listen(0, '127.0.0.1');
    this.url = address;
    this.sim.setEventHandler(`${address}/bitrix/events`);
    if (this.chatBot)
      await setupChatBot(new BitrixClient({ webhookUrl: this.sim.webhookUrl }), {
        eventMode: this.opts.chatBotEventMode ?? 'fetch',
        publicUrl: address,
        botId: this.chatBot.id,
        botToken: this.chatBot.token,
      });
    await this.app.start();
  }

  get botUrl(): string {
    return this.url;
  }

  async restart(): Promise<void> {
    await this.app.stop();
    await this.boot();
    // The start no longer waits for Telegram (it may be unreachable); a restarted world given back to a
    // test is listening, unless the test put a front of its own before Telegram (to cut it). Else the
    // emulator, which gives an update to whichever poll is open, may hand a message to the stopped bot's.
    const tg = this.app.telegram;
    if (tg && !this.opts.telegramApiRoot && this.opts.env?.TELEGRAM_MODE !== 'webhook')
      await waitFor(() => tg.settledContact, 'the restarted bot’s first contact with Telegram');
  }

  /** Moves the fake clock and lets the bot react to whatever fell due. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await settle(this.app);
  }

  /** Every message the bot sent to this Telegram chat, as it looks now (edits applied). */
  messagesTo(telegramId: number): BotMessage[] {
    return this.tg.storage.botMessages
      .filter((u) => String(u.message.chat_id) === String(telegramId))
      .map((u) => {
        const markup = u.message.reply_markup as
          | { inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>> }
          | string
          | undefined;
        const kb =
          typeof markup === 'string' ? (JSON.parse(markup) as { inline_keyboard?: BotMessage['buttons'][] }) : markup;
        return {
          messageId: u.messageId,
          chatId: String(u.message.chat_id),
          text: String(u.message.text),
          buttons: (kb?.inline_keyboard ?? []).flat(),
        };
      });
  }

  /** Presses a button as the given Telegram user and waits until the bot has acted on it. */
  async press(telegramId: number, msg: BotMessage, buttonText: string | RegExp): Promise<void> {
    const button = msg.buttons.find((b) =>
      typeof buttonText === 'string' ? b.text === buttonText : buttonText.test(b.text),
    );
    if (!button?.callback_data)
      throw new Error(
        `no button ${String(buttonText)} on message ${msg.messageId}: ${msg.buttons.map((b) => b.text).join(', ')}`,
      );
    await this.pressData(telegramId, msg.messageId, button.callback_data);
  }

  /** `settle: false` leaves the effects (edits, CRM writes) queued: a race with another tap can be staged. */
  async pressData(telegramId: number, messageId: number, data: string, andSettle = true): Promise<void> {
    const client = this.tg.getClient(BOT_TOKEN, {
      userId: telegramId,
      chatId: telegramId,
      firstName: `user${telegramId}`,
    });
    const before = this.answered;
    const toasts = this.telegramProxy.toasts.length;
    const cb = client.makeCallbackQuery(data, { message: { message_id: messageId } });
    await client.sendCallback(cb);
    // The bot polls the emulator; wait for its answer to this very tap, then for its effects. The count
    // grows once the decision is stored, before answerCallbackQuery is sent: the toast is waited for too.
    await waitFor(() => this.answered > before, `bot to answer the tap "${data}"`);
    await waitFor(() => this.telegramProxy.toasts.length > toasts, `the toast for the tap "${data}"`);
    if (andSettle) await settle(this.app);
  }

  /** Writes in a group chat (the «Оплата» chat) as this person and waits until the bot has read it. */
  async say(telegramId: number, chatId: number, text: string): Promise<number> {
    const before = this.app.metrics.chatMessages.get();
    const messageId = await this.post(telegramId, chatId, text);
    await waitFor(() => this.app.metrics.chatMessages.get() > before, `bot to read "${text}"`);
    await settle(this.app);
    return messageId;
  }

  /**
   * Posts a message with fields of its own (a photo with a caption, a document, an anonymous admin's
   * `sender_chat`, a service message) as `fromId` in `chatId`, waits until the bot has handled it and
   * lets it act; the message id. Without `text` in `fields` the message has none.
   */
  async postRaw(
    fromId: number,
    chatId: number,
    fields: Record<string, unknown>,
    opts: { firstName?: string; chatType?: 'group' | 'supergroup' } = {},
  ): Promise<number> {
    const client = this.tg.getClient(BOT_TOKEN, {
      userId: fromId,
      chatId,
      firstName: opts.firstName ?? `user${fromId}`,
      type: opts.chatType ?? (chatId < 0 ? 'group' : 'private'),
      chatTitle: 'Оплата',
    });
    const message = client.makeMessage(typeof fields.text === 'string' ? fields.text : '', fields as never) as Record<
      string,
      unknown
    >;
    if (fields.text === undefined) delete message.text;
    const before = this.app.metrics.chatMessages.get();
    await client.sendMessage(message as never);
    await waitFor(() => this.app.metrics.chatMessages.get() > before, 'bot to handle the message');
    await settle(this.app);
    const update = this.tg.storage.userMessages.at(-1) as unknown as { messageId: number };
    return update.messageId;
  }

  /** Writes in a group chat as this person without waiting for the bot (a race is being staged); the message id. */
  async post(telegramId: number, chatId: number, text: string): Promise<number> {
    const client = this.tg.getClient(BOT_TOKEN, {
      userId: telegramId,
      chatId,
      firstName: `user${telegramId}`,
      type: chatId < 0 ? 'group' : 'private',
      chatTitle: 'Оплата',
    });
    await client.sendMessage(client.makeMessage(text));
    const update = this.tg.storage.userMessages.at(-1) as unknown as { messageId: number };
    return update.messageId;
  }

  /** Taps a button without waiting for the answer (a race is being staged). */
  async tap(telegramId: number, messageId: number, data: string): Promise<void> {
    const client = this.tg.getClient(BOT_TOKEN, {
      userId: telegramId,
      chatId: telegramId,
      firstName: `user${telegramId}`,
    });
    await client.sendCallback(client.makeCallbackQuery(data, { message: { message_id: messageId } }));
  }

  /**
   * An edited message. The emulator cannot deliver `edited_message` updates, so grammY is handed
   * the update directly; everything the bot does in answer still goes over HTTP.
   */
  async edit(telegramId: number, chatId: number, messageId: number, text: string, andSettle = true): Promise<void> {
    const from = { id: telegramId, is_bot: false, first_name: `user${telegramId}` };
    await this.app.telegram!.bot.handleUpdate({
      update_id: 900_000 + messageId,
      edited_message: {
        message_id: messageId,
        date: 0,
        edit_date: 1,
        chat: { id: chatId, type: 'group', title: 'Оплата' },
        from,
        text,
      },
    });
    if (andSettle) await settle(this.app);
  }

  /** Shares a contact in the private chat (the "share my number" button sends the sender's own). */
  async shareContact(telegramId: number, phone: string, contactUserId: number | null = telegramId): Promise<void> {
    const client = this.tg.getClient(BOT_TOKEN, {
      userId: telegramId,
      chatId: telegramId,
      firstName: `user${telegramId}`,
    });
    const before = this.messagesTo(telegramId).length;
    const read = this.app.metrics.chatMessages.get();
    const message = client.makeMessage('', {
      contact: { phone_number: phone, first_name: 'Я', ...(contactUserId === null ? {} : { user_id: contactUserId }) },
    } as never) as Record<string, unknown>;
    delete message.text;
    await client.sendMessage(message as never);
    // The answer goes through the outbox: wait until the bot has read the contact, then let it send.
    await waitFor(() => this.app.metrics.chatMessages.get() > read, 'bot to read the contact');
    await settle(this.app);
    await waitFor(() => this.messagesTo(telegramId).length > before, 'bot to answer the contact');
  }

  /** Writes in the private chat with the bot and waits for its answer (or for it to read it). */
  async tell(telegramId: number, text: string): Promise<void> {
    await this.say(telegramId, telegramId, text);
  }

  /**
   * Sends a command and waits for the reply. `andSettle: false` runs only the passes due now (no
   * waiting for back-offs): a write being retried stays where it is while the reply is read.
   */
  async sendCommand(telegramId: number, command: string, andSettle = true): Promise<void> {
    const client = this.tg.getClient(BOT_TOKEN, {
      userId: telegramId,
      chatId: telegramId,
      firstName: `user${telegramId}`,
    });
    const before = this.messagesTo(telegramId).length;
    const read = this.app.metrics.chatMessages.get();
    await client.sendCommand(client.makeCommand(command));
    // The reply goes through the outbox: wait until the bot has read the command, then let it send.
    await waitFor(() => this.app.metrics.chatMessages.get() > read, `bot to read ${command}`);
    if (andSettle) await settle(this.app);
    await waitFor(async () => {
      if (!andSettle) await this.app.tick();
      return this.messagesTo(telegramId).length > before;
    }, `bot to reply to ${command}`);
  }

  // ---- the Bitrix24 messenger ------------------------------------------------------------------

  /** The bot's messages in a Bitrix24 dialog (a user id for the private dialog, or chat<N>), edits applied. */
  b24MessagesTo(dialog: number | string): B24Message[] {
    return this.sim.botMessages(String(dialog)).map((m) => ({
      id: m.id,
      dialogId: m.dialogId,
      text: m.text,
      buttons: m.keyboard.filter((b) => b.COMMAND || b.LINK).map((b) => b.TEXT),
    }));
  }

  /** Presses a keyboard button as this Bitrix24 user and waits until the bot has acted on it. */
  async b24Press(userId: number, message: B24Message, button: string | RegExp): Promise<boolean> {
    const current = this.sim.botMessages(message.dialogId).find((m) => m.id === message.id);
    const index =
      current?.keyboard
        .filter((b) => b.COMMAND || b.LINK)
        .findIndex((b) => (typeof button === 'string' ? b.TEXT === button : button.test(b.TEXT))) ?? -1;
    if (!current || index < 0) throw new Error(`no button ${String(button)} on Bitrix24 message ${message.id}`);
    const pressed = await this.sim.pressButton(
      userId,
      message.id,
      current.keyboard.filter((b) => b.COMMAND || b.LINK)[index]!.TEXT,
    );
    await this.sim.whenEventsDelivered();
    await settle(this.app);
    return pressed;
  }

  /** Writes in a Bitrix24 dialog as this user (`dialog`: "chat<N>", or the bot for the private dialog) and waits for the bot. */
  async b24Say(userId: number, dialog: string | 'bot', text: string): Promise<number> {
    const id = await this.sim.userSays(userId, dialog === 'bot' ? String(this.chatBot!.id) : dialog, text);
    await this.sim.whenEventsDelivered();
    await settle(this.app);
    return id;
  }

  /** How many callback queries the bot has answered (the emulator records them as requests). */
  get answered(): number {
    return this.app.metrics.buttonPresses.get();
  }

  async stop(): Promise<void> {
    await this.app.stop().catch(() => undefined);
    await this.telegramProxy.stop();
    await this.tgFiles.stop();
    await this.tg.stop();
    await this.sim.stop();
    if (this.ownDir) rmSync(this.ownDir, { recursive: true, force: true });
    const refused = this.telegramProxy.strictRefusals();
    if (refused.length && !this.opts.expectTelegramRefusals)
      throw new Error(
        `Telegram (strict proxy) refused ${refused.length} call(s): ${JSON.stringify(refused.slice(0, 3))}`,
      );
  }
}

/** Polls a condition (not a fixed sleep): resolves as soon as it holds, fails after `timeoutMs`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export { PEOPLE };
