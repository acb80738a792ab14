/**
 * Recorded Bitrix24 chat-bot events, in order: each is acted on through the same chat router as
 * Telegram, its answer goes to the same dialog under a key of its own (a re-run sends nothing twice).
 */
import type { Rules } from '../config';
import type { Logger } from '../kernel/log';
import type { Clock } from '../kernel/clock';
import type { ChatInbox } from '../kernel/desk';
import type { Actor, OutMessage } from '../kernel/ports';
import type { DeskContext } from '../kernel/context';
import { sendReply } from '../kernel/delivery';
import { chatKey } from '../kernel/keys';
import { backoff, exhausted, policies, MAX_EVENT_ATTEMPTS } from '../kernel/retry';
import { errorMessage } from '../kernel/errors';
import type { InboundStore } from '../store/inbound';
import { chatEventSchema, type ChatEvent } from '../integrations/bitrix/chat-events';
import { BUTTON_COMMAND, B24_COMMANDS } from '../integrations/bitrix/chat-transport';

export class ChatEventPump {
  constructor(
    private readonly ctx: DeskContext,
    private readonly inbound: InboundStore,
    private readonly inbox: ChatInbox,
    private readonly opts: { rules: Rules; log: Logger; clock: Clock },
  ) {}

  /** Acts on the chat events due now; returns how many it took. */
  async process(): Promise<number> {
    const rows = this.inbound.pending(Date.now(), 50, 'b24chat');
    if (rows.length === 0) return 0;
    const events = rows.map((r) => ({ row: r, event: chatEventSchema.safeParse(r.payload) }));
    try {
      await this.ctx.directory.knowAbout(events.flatMap((e) => (e.event.success ? [e.event.data.user.id] : [])));
    } catch (e) {
      this.inbound.retryLater(
        rows.map((r) => r.id),
        errorMessage(e),
        Date.now() + this.opts.rules.outbox.retryBase,
      );
      return 0;
    }
    for (const { row, event } of events) {
      if (!event.success) {
        this.inbound.giveUp([row.id], `not a chat event: ${event.error.message}`, this.opts.clock.now().getTime());
        this.opts.log.error({ eventId: row.id }, 'stored chat event is unreadable; dropped');
        continue;
      }
      const e = event.data;
      try {
        const reply = await this.onChatEvent(e);
        this.ctx.tx(() => {
          if (reply) sendReply(this.ctx, { channel: 'b24chat', id: e.dialogId }, chatKey.chatEventReply(row.id), reply);
          this.inbound.markProcessed([row.id], this.opts.clock.now().getTime());
        });
      } catch (err) {
        if (exhausted(row.attempts + 1, MAX_EVENT_ATTEMPTS)) {
          this.inbound.giveUp([row.id], errorMessage(err), this.opts.clock.now().getTime());
          this.opts.log.error({ eventId: row.id, err: errorMessage(err) }, 'chat event failed for good');
        } else {
          const delay = backoff(row.attempts, policies.inboundEvent(this.opts.rules.outbox.retryBase));
          this.inbound.retryLater([row.id], errorMessage(err), Date.now() + delay);
          this.opts.log.warn(
            { eventId: row.id, err: errorMessage(err), retryInMs: delay },
            'chat event will be retried',
          );
        }
      }
    }
    return rows.length;
  }

  private async onChatEvent(e: ChatEvent): Promise<OutMessage | null> {
    const actor: Actor = {
      channel: 'b24chat',
      address: String(e.user.id),
      chatId: e.dialogId,
      displayName: e.user.name,
    };
    const privateChat = e.dialogId === String(e.user.id);
    // Group chats: only the configured «Оплата» chat is read; anything said or pressed elsewhere is ignored.
    if (!privateChat && e.dialogId !== this.opts.rules.payments.bitrixChatId) {
      this.opts.log.info({ dialogId: e.dialogId, kind: e.kind }, 'chat event from a group other than «Оплата» ignored');
      return null;
    }
    if (e.kind === 'join') {
      this.opts.log.info({ dialogId: e.dialogId }, 'bot added to the payment chat');
      return null;
    }
    // «/PAYMENTS», «/Help»: the portal raises ONIMBOTV2COMMANDADD for a registered command, and its docs do
    // not say it matches another case (imbot.v2/commands/index.md) — a command typed so may come as a
    // plain message. It is answered as the command, as in Telegram.
    const typed = e.kind === 'message' ? typedB24Command(e.text) : null;
    if (typed) {
      this.opts.log.info(
        { command: typed.command, dialogId: e.dialogId },
        'chat-bot command typed in another case; answered',
      );
      return this.inbox.onCommand(actor, typed.command, typed.args, privateChat);
    }
    if (e.kind !== 'command')
      return this.inbox.onText(actor, { messageId: e.messageId, text: e.text, edited: e.kind === 'edit' });
    if (e.command === BUTTON_COMMAND) {
      const r = await this.inbox.onAction(actor, e.params);
      return r.quiet ? null : { text: r.text };
    }
    const command = B24_COMMANDS.find((c) => c.command === e.command)?.command;
    if (!command) {
      this.opts.log.info({ command: e.command }, 'chat-bot command not ours; ignored');
      return null;
    }
    return this.inbox.onCommand(actor, command, e.params, privateChat);
  }
}

/** One of the bot's Bitrix24 commands typed in a case other than its own («/Payments 05.12»), or null. */
function typedB24Command(text: string): { command: (typeof B24_COMMANDS)[number]['command']; args: string } | null {
  const m = /^\s*\/([A-Za-z_]+)(?:\s+([\s\S]*))?$/.exec(text);
  if (!m?.[1] || m[1] === m[1].toLowerCase()) return null;
  const name = m[1].toLowerCase();
  const command = B24_COMMANDS.find((c) => c.command === name)?.command;
  return command ? { command, args: (m[2] ?? '').trim() } : null;
}
