/**
 * Routing of chat updates, whichever messenger they come from: each desk registers its commands and
 * button handlers (kernel/desk.ts), the router merges them — the compiler checks every button codec
 * has exactly one handler — and hands texts to the desk that reads them (private text: the link
 * code, then a follow-up's call note; the payment chat: the payment desk).
 */
import type { Logger } from '../kernel/log';
import type { Metrics } from '../kernel/metrics';
import type { ActionReply, Actor, OutMessage } from '../kernel/ports';
import { disjoint, type ButtonHandlers, type ChatInbox, type Command, type CommandHandler } from '../kernel/desk';
import { decodeButton, type ButtonPress } from '../kernel/buttons';
import type { DeskContext } from '../kernel/context';
import { personOf } from '../kernel/delivery';
import { help, replies } from '../texts';
import type { PaymentDesk } from '../payments/desk';
import type { FollowUpDesk } from '../reminders/follow-ups';
import type { PeopleDesk } from '../people/access';
import type { ReportsDesk } from '../reports/desk';

export interface RouterDesks {
  dealButtons: Pick<ButtonHandlers, 'claim' | 'remind' | 'reassign' | 'reassignTo' | 'snooze' | 'listPage'>;
  dealCommands: Pick<Record<Command, CommandHandler>, 'pause' | 'resume'>;
  payments: PaymentDesk;
  followUps: FollowUpDesk;
  people: PeopleDesk;
  reports: ReportsDesk;
}

export function createChatRouter(
  ctx: DeskContext,
  desks: RouterDesks,
  opts: { log: Logger; metrics: Metrics; afterEach: () => void },
): ChatInbox {
  // Each button and each command has exactly one owner: `disjoint` does not compile otherwise.
  const buttons: ButtonHandlers = disjoint(
    disjoint(
      disjoint(disjoint(desks.dealButtons, desks.payments.buttons), desks.followUps.buttons),
      desks.people.buttons,
    ),
    desks.reports.buttons,
  );
  const commands: Record<Command, CommandHandler> = disjoint(
    disjoint(
      disjoint(disjoint(desks.payments.commands, desks.people.commands), desks.reports.commands),
      desks.dealCommands,
    ),
    { help: (actor: Actor, _args: string, privateChat: boolean) => (privateChat ? helpFor(actor) : null) },
  );

  /** What a person may do with the bot: its job, then their commands by role. */
  const roles = (actor: Actor) => {
    const id = personOf(ctx, actor);
    const { admins, directors, accountants } = ctx.rules.people;
    const announcers = ctx.rules.payments.announcers.length ? ctx.rules.payments.announcers : directors;
    return {
      id,
      admin: id !== null && (admins.length ? admins : directors).includes(id),
      payments: id !== null && [...announcers, ...directors, ...admins, ...accountants].includes(id),
      announcer: id !== null && announcers.includes(id),
      head:
        id !== null &&
        (directors.includes(id) || ctx.directory.allPeople().some((p) => ctx.directory.supervisorOf(p.id) === id)),
    };
  };
  const helpFor = (actor: Actor): OutMessage => {
    const r = roles(actor);
    if (r.id === null) return { text: [help.intro, help.stranger].join('\n\n') };
    const lines = [
      ...help.manager,
      ...(actor.channel === 'telegram' ? [help.telegramOnly] : []),
      ...(r.head ? [help.head] : []),
      ...(r.payments ? [help.payments] : []),
      ...(r.admin ? help.admin : []),
    ];
    return {
      text: [
        help.intro,
        `${help.commandsTitle}\n${lines.join('\n')}`,
        ...(r.announcer ? [help.paymentsChat] : []),
      ].join('\n\n'),
    };
  };
  /** A private text nobody else read: an unknown command, a payment sent here instead of «Оплата», anything else. */
  const unread = (actor: Actor, text: string): OutMessage => {
    const cmd = /^\/(\S+)/.exec(text.trim());
    if (cmd) {
      opts.log.info({ from: actor.address, channel: actor.channel, command: cmd[1] }, 'unknown command; told so');
      return { text: help.unknownCommand(`/${cmd[1]}`) };
    }
    const r = roles(actor);
    if (r.payments && /оплач|оплат|сч[её]т|\d+\s*\/\s*\d+/i.test(text)) {
      opts.log.info({ from: actor.address, channel: actor.channel }, 'a payment sent privately; pointed to «Оплата»');
      return { text: help.paymentHere };
    }
    opts.log.info({ from: actor.address, channel: actor.channel }, 'private text not read; told what the bot does');
    return { text: help.freeText };
  };
  const press = <K extends ButtonPress['button']>(
    p: Extract<ButtonPress, { button: K }>,
    personId: number | null,
    actor: Actor,
  ) => (buttons[p.button] as ButtonHandlers[K])(personId, p, actor);

  /**
   * The people are known before the bot acts on a chat update: after a start the directory is empty,
   * and a name in a reply, in «Оплата» or in a deal's timeline would read «сотрудник #7». A linked
   * person the directory does not know yet (a newcomer) is read once more.
   */
  const ready = async (actor: Actor): Promise<void> => {
    // A portal that does not answer does not stop the update (logged); the payment chat's messages
    // are not waited for here: the payment desk reads the people itself and reads a message again
    // once the portal is back.
    try {
      await ctx.directory.fresh();
      const id = personOf(ctx, actor);
      if (id !== null && !ctx.directory.person(id)) await ctx.directory.knowAbout([id]);
    } catch (e) {
      opts.log.warn({ err: (e as Error).message }, 'could not load the people before a chat update');
    }
  };

  /**
   * A tap is answered from what the bot already knows (the cached people, the links): a reload that is
   * due, or a newcomer's read, goes on beside it and is not waited for — a portal that refuses or takes
   * 20 s must not hold a claim past Telegram's limit for answering a tap, nor fail it.
   */
  const readyAtOnce = (actor: Actor): void => {
    const failed = (e: unknown) =>
      opts.log.warn(
        { err: (e as Error).message },
        'could not reload the people beside a tap; the cached ones were used',
      );
    ctx.directory.cached(failed);
    const id = personOf(ctx, actor);
    if (id !== null && !ctx.directory.person(id)) ctx.directory.knowAbout([id]).catch(failed);
  };

  const counted = <T>(p: Promise<T>, counter: { inc(): void }): Promise<T> =>
    p.finally(() => {
      opts.afterEach();
      counter.inc();
    });

  return {
    onCommand: (actor, command, args, privateChat) =>
      counted(
        ready(actor).then(async () => {
          const reply = await commands[command](actor, args, privateChat);
          if (reply || !privateChat) return reply;
          // Silence in a private chat reads as a broken bot: say it is not theirs, and where to look.
          opts.log.info(
            { from: actor.address, channel: actor.channel, command },
            'command not for this person; told so',
          );
          return { text: help.notForYou(command) };
        }),
        opts.metrics.chatMessages,
      ),

    onContact: (actor, contact) => counted(desks.people.onContact(actor, contact), opts.metrics.chatMessages),

    onAnonymous: (actor, m) => counted(desks.payments.onAnonymous(actor, m), opts.metrics.chatMessages),

    onChatMoved: (channel, from, to) =>
      counted(Promise.resolve(desks.payments.onChatMoved(channel, from, to)), opts.metrics.chatMessages),

    // Counted once the decision is stored: tests wait on this before they settle.
    onAction: (actor, data): Promise<ActionReply> =>
      counted(
        (async () => {
          const p = decodeButton(data);
          if (!p) {
            opts.log.warn({ from: actor.address, channel: actor.channel }, 'unknown button data');
            return { text: replies.unknown };
          }
          readyAtOnce(actor);
          return press(p, personOf(ctx, actor), actor);
        })(),
        opts.metrics.buttonPresses,
      ),

    onText: (actor, m): Promise<OutMessage | null> =>
      counted(
        (async () => {
          if (actor.chatId === actor.address) {
            await ready(actor);
            if (m.edited) return null;
            const codeReply = actor.channel === 'telegram' ? desks.people.onPrivateText(actor, m.text) : null;
            if (codeReply) return codeReply;
            if (desks.followUps.onPrivateText(personOf(ctx, actor), m.text)) return null;
            return unread(actor, m.text);
          }
          await desks.payments.onMessage(actor, m);
          return null;
        })(),
        opts.metrics.chatMessages,
      ),
  };
}
