/**
 * What a desk (a feature: deals, payments, follow-ups, people) offers the chat router and the
 * scheduler: its commands, its button handlers (by codec, from kernel/buttons) and its timer
 * handlers (by kind, from store/timers). The router merges them; the compiler checks that every
 * button and every timer kind has exactly one owner (see app/router.ts).
 */
import type { ActionReply, Actor, Channel, InboundFile, OutMessage } from './ports';
import type { ButtonPress, buttons } from './buttons';
import type { TimerHandlers } from '../store/timers';

/** Commands people type (Telegram, and the subset registered for the Bitrix24 chat bot). */
export const COMMANDS = [
  'start',
  'code',
  'people',
  'unlink',
  'forget',
  'away',
  'back',
  'where',
  'payments',
  'chatid',
  'stats',
  'pause',
  'resume',
  'help',
] as const;
export type Command = (typeof COMMANDS)[number];

/** A command's answer (null: say nothing, e.g. a command from someone not allowed, logged by the desk). */
export type CommandHandler = (
  actor: Actor,
  args: string,
  privateChat: boolean,
) => Promise<OutMessage | null> | OutMessage | null;

/** Who pressed (a Bitrix24 user id, or null when the presser is not linked) and what. */
export type ButtonHandler<K extends keyof typeof buttons> = (
  personId: number | null,
  press: Extract<ButtonPress, { button: K }>,
  actor: Actor,
) => Promise<ActionReply> | ActionReply;

export type ButtonHandlers = { [K in keyof typeof buttons]: ButtonHandler<K> };

/** A text message as a messenger delivers it to the desks (ChatInbox.onText). */
export interface InboundText {
  messageId: string;
  text: string;
  edited: boolean;
  file?: InboundFile;
  threadId?: string;
  /** The message this one replies to (Telegram reply_to_message), by its id. */
  replyTo?: string;
  /**
   * The messenger's order of this message's versions: Telegram 0 for the original, `edit_date`
   * (seconds) for an edit. An older version delivered after a newer one is stale. Absent: the
   * messenger gives none (Bitrix24).
   */
  stamp?: number;
  /** The album the message is part of (Telegram media_group_id): files sent together, one caption for all. */
  album?: string;
  /** A photo came with it (Telegram Message.photo): nothing of it is read but its caption (the text). */
  photo?: true;
}

/** The chat router's face to the transports: what people say and press, in either messenger. */
export interface ChatInbox {
  /** A command; null means "say nothing" (e.g. /payments from someone not allowed). */
  onCommand(actor: Actor, command: Command, args: string, privateChat: boolean): Promise<OutMessage | null>;
  onAction(actor: Actor, data: string): Promise<ActionReply>;
  /**
   * A text message in a group or private chat (new or edited); commands excluded. A caption counts as
   * the text; `file` is the document it came with. Returns a reply, if any.
   */
  onText(actor: Actor, m: InboundText): Promise<OutMessage | null>;
  /**
   * A message whose author cannot be known: a group admin posting anonymously (Telegram: `from` is
   * GroupAnonymousBot, `sender_chat` the group), or anyone posting «as a channel» (`sender_chat` a
   * channel: `asChannel` its title). `actor.address` is empty; `file` is the document it came with.
   */
  onAnonymous(
    actor: Actor,
    m: { messageId: string; text: string; file?: InboundFile; threadId?: string; asChannel?: string },
  ): Promise<void>;
  /** A chat has a new id from now on (a Telegram group upgraded to a supergroup: migrate_to_chat_id). */
  onChatMoved(channel: Channel, from: string, to: string): Promise<void>;
  /** A shared contact (Telegram's "share my number" button), with the contact's own user id. */
  onContact(actor: Actor, contact: { phone: string; userId: number | null }): Promise<OutMessage>;
}

export interface Desk {
  readonly commands?: Partial<Record<Command, CommandHandler>>;
  readonly buttons?: Partial<ButtonHandlers>;
  readonly timers?: Partial<TimerHandlers>;
}

/** `B` when it shares no key with `A`; otherwise `never`, so the call does not compile. */
type Disjoint<A, B> = [keyof A & keyof B] extends [never] ? B : never;

/**
 * Merges handler tables that must not overlap (buttons, commands, timer kinds): a key owned by two
 * desks fails to compile, and — for tables typed loosely — throws at composition, naming the key.
 */
export function disjoint<A extends object, B extends object>(a: A, b: Disjoint<A, B>): A & B {
  for (const k of Object.keys(b)) if (Object.hasOwn(a, k)) throw new Error(`two desks handle "${k}"`);
  return { ...a, ...b };
}
