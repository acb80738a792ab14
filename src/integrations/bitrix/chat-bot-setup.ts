/**
 * `npm run cli -- bitrix-bot register`: puts our chat bot on the portal through imbot.v2
 * (bots/bot-register.md), or brings an existing one up to date (bot-update.md), and registers
 * its commands, including the hidden one every keyboard button runs. Safe to run again.
 *
 * Type `supervisor`: a `bot` only hears @mentions in group chats, and the director types payments
 * into «Оплата» as he always has, without mentioning anyone (index.md, "Bot Types").
 */
import { randomBytes } from 'node:crypto';
import { BitrixError, type BitrixClient } from './client';
import { BUTTON_COMMAND, B24_COMMANDS } from './chat-transport';

export const BOT_CODE = 'sales_desk_bot';

export interface SetupResult {
  botId: number;
  botToken: string;
  created: boolean;
  commandsAdded: string[];
  eventMode: ChatEventMode;
  /** Webhook mode only: where the portal posts the events. */
  webhookUrl: string | null;
}

/**
 * fetch (default): the bot pulls its events with imbot.v2.Event.get (events/event-get.md) — no
 * public URL, no inbound token. webhook: the portal posts them to PUBLIC_URL/bitrix/bot with the
 * bot's own synthetic application token (bots/bot-update.md), learned as safe-event-handlers.md says.
 */
export type ChatEventMode = 'fetch' | 'webhook';

export async function setupChatBot(
  client: BitrixClient,
  opts: { eventMode?: ChatEventMode; publicUrl?: string; botId?: number; botToken?: string; name?: string },
): Promise<SetupResult> {
  const botToken = opts.botToken ?? randomBytes(24).toString('base64url').slice(0, 32);
  const eventMode = opts.eventMode ?? 'fetch';
  if (eventMode === 'webhook' && !opts.publicUrl)
    throw new Error('webhook mode needs PUBLIC_URL (the portal posts the events there); or use fetch mode');
  const webhookUrl = eventMode === 'webhook' ? `${(opts.publicUrl ?? '').replace(/\/$/, '')}/bitrix/bot` : null;
  const fields = {
    type: 'supervisor',
    eventMode,
    ...(webhookUrl ? { webhookUrl } : {}),
    properties: { name: opts.name ?? 'Отдел продаж', workPosition: 'Бот: сделки, оплаты, напоминания', color: 'AZURE' },
  };
  let botId = opts.botId;
  let created = false;
  if (botId === undefined) {
    try {
      const r = await client.call<{ bot: { id: number } }>(
        'imbot.v2.Bot.register',
        { fields: { code: BOT_CODE, botToken, ...fields } },
        { idempotent: false },
      );
      botId = Number(r.bot.id);
      created = true;
    } catch (e) {
      if (!(e instanceof BitrixError && e.code === 'BOT_CODE_ALREADY_TAKEN') || !opts.botToken) throw e;
      // Registered before (by us, with this token): find it and update it.
      const list = await client.call<{ bots: Array<{ id: number; code: string }> }>('imbot.v2.Bot.list', { botToken });
      const mine = list.bots.find((b) => b.code === BOT_CODE);
      if (!mine) throw e;
      botId = Number(mine.id);
    }
  }
  // Registering an existing code with the same token returns that bot unchanged: always update.
  await client.call('imbot.v2.Bot.update', {
    botId,
    botToken,
    fields: { eventMode, ...(webhookUrl ? { webhookUrl } : {}), properties: fields.properties },
  });

  const have = await client.call<{ commands: Array<{ command: string }> }>('imbot.v2.Command.list', {
    botId,
    botToken,
  });
  const existing = new Set(have.commands.map((c) => c.command.replace(/^\//, '')));
  const wanted = [
    ...B24_COMMANDS.map((c) => ({
      command: c.command,
      title: { ru: c.title, en: c.title },
      ...('params' in c ? { params: { ru: c.params, en: c.params } } : {}),
      hidden: false,
    })),
    { command: BUTTON_COMMAND, hidden: true },
  ];
  const commandsAdded: string[] = [];
  for (const c of wanted) {
    if (existing.has(c.command)) continue;
    await client.call(
      'imbot.v2.Command.register',
      { botId, botToken, fields: { ...c, common: false } },
      { idempotent: false },
    );
    commandsAdded.push(c.command);
  }
  return { botId, botToken, created, commandsAdded, eventMode, webhookUrl };
}
