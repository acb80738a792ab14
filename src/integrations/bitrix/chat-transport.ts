/**
 * The Bitrix24 messenger transport: our chat bot on the portal's chat-bot platform, imbot.v2
 * ("Chatbots 2.0", the current API; imbot v1 is documented as outdated). It turns OutMessages into
 * imbot.v2.Chat.Message.send/update calls with keyboards whose buttons run a hidden bot command;
 * inbound events are read by integrations/bitrix/chat-events.ts. No business rules here.
 */
import type { BitrixClient } from './client';
import { escapeBbCode } from './bbcode';
import type { Button, Messenger, OutFile, OutMessage, SentMessage } from '../../kernel/ports';

/** The hidden command every keyboard button runs; COMMAND_PARAMS carries the action (`claim:12`). */
export const BUTTON_COMMAND = 'act';

/** Commands people type in Bitrix24 (the Telegram ones that are about linking a Telegram account are not needed here). */
export const B24_COMMANDS = [
  { command: 'help', title: 'Что умеет бот и ваши команды' },
  { command: 'payments', title: 'Оплаты за сегодня' },
  { command: 'where', title: 'Куда присылать карточки: Telegram, Битрикс24 или оба' },
  { command: 'away', title: 'Отсутствую: /away 05.12 или /away 3 (дня)', params: 'ДД.ММ или число дней' },
  { command: 'back', title: 'Я снова на работе' },
  { command: 'people', title: 'Кто подключён (для администраторов)' },
  { command: 'stats', title: 'Скорость реакции: отчёт (руководителям)', params: 'week, month или csv' },
  { command: 'pause', title: 'Пауза оповещений (администраторам)', params: '2h или 2h и номер направления' },
  { command: 'resume', title: 'Снять паузу оповещений (администраторам)' },
] as const;

/** Our HTML subset (<b>, <i>, <a href>, entities) → Bitrix24 BB codes (message-formatting.md). */
export function htmlToBbCode(html: string): string {
  // Our templates hold no `[`: every one in the input is user data, made inert before our tags become BB codes.
  return escapeBbCode(html)
    .replace(/<b>/g, '[b]')
    .replace(/<\/b>/g, '[/b]')
    .replace(/<i>/g, '[i]')
    .replace(/<\/i>/g, '[/i]')
    .replace(/<s>/g, '[s]')
    .replace(/<\/s>/g, '[/s]')
    .replace(/<a href="([^"]*)">/g, (_m, url: string) => `[url=${url.replace(/&amp;/g, '&')}]`)
    .replace(/<\/a>/g, '[/url]')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export interface Keyboard {
  BOT_ID: number;
  BUTTONS: Array<Record<string, string>>;
}

/**
 * Button rows → a KEYBOARD in the full format with BOT_ID (message-keyboards.md): a press is
 * im.message.command with the keyboard's BOT_ID (chats/messages/im-message-command.md), so without
 * it a button — on an edited card above all — may reach no bot. COMMAND buttons with BLOCK=Y (one
 * tap), rows split by NEWLINE.
 */
export function toKeyboard(rows: Button[][] | undefined, botId: number): Keyboard | undefined {
  if (!rows?.length) return undefined;
  const out: Array<Record<string, string>> = [];
  rows.forEach((row, i) => {
    if (i > 0) out.push({ TYPE: 'NEWLINE' });
    for (const b of row) {
      out.push(
        'url' in b
          ? { TEXT: b.text, LINK: b.url, DISPLAY: 'LINE' }
          : { TEXT: b.text, COMMAND: BUTTON_COMMAND, COMMAND_PARAMS: b.action, BLOCK: 'Y', DISPLAY: 'LINE' },
      );
    }
  });
  return { BOT_ID: botId, BUTTONS: out };
}

export class BitrixChatTransport implements Messenger {
  readonly channel = 'b24chat' as const;

  constructor(
    private readonly client: BitrixClient,
    private readonly bot: { id: number; token: string },
  ) {}

  async send(dialogId: string, msg: OutMessage): Promise<SentMessage> {
    const keyboard = toKeyboard(msg.buttons, this.bot.id);
    const r = await this.client.call<{ id: number }>(
      'imbot.v2.Chat.Message.send',
      {
        botId: this.bot.id,
        botToken: this.bot.token,
        dialogId,
        fields: {
          message: htmlToBbCode(msg.text),
          urlPreview: false,
          ...(keyboard ? { keyboard } : {}),
          ...(msg.replyTo ? { replyId: Number(msg.replyTo) } : {}),
        },
      },
      // A send repeated after a timeout could post twice: the outbox decides about retries.
      { idempotent: false },
    );
    return { messageId: String(r.id) };
  }

  async edit(_dialogId: string, messageId: string, msg: OutMessage): Promise<void> {
    await this.client.call('imbot.v2.Chat.Message.update', {
      botId: this.bot.id,
      botToken: this.bot.token,
      messageId: Number(messageId),
      // "To remove the keyboard, pass N" (chat-message-update.md).
      fields: {
        message: htmlToBbCode(msg.text),
        keyboard: toKeyboard(msg.buttons, this.bot.id) ?? 'N',
        urlPreview: false,
      },
    });
  }

  /**
   * imbot.v2.File.upload: uploads to the Drive, attaches to the dialog and posts a message in one call;
   * `content` is base64 without a data: prefix; the answer carries `messageId`
   * (api-reference/chat-bots/chat-bots-v2/imbot.v2/files/file-upload.md). The caption is plain text.
   */
  async sendFile(dialogId: string, file: OutFile): Promise<SentMessage> {
    const r = await this.client.call<{ messageId: number }>(
      'imbot.v2.File.upload',
      {
        botId: this.bot.id,
        botToken: this.bot.token,
        dialogId,
        fields: {
          name: file.name,
          content: Buffer.from(file.bytes).toString('base64'),
          message: file.caption.replace(/\[/g, '(').replace(/\]/g, ')'),
        },
      },
      { idempotent: false },
    );
    return { messageId: String(r.messageId) };
  }
}
