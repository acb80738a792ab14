/**
 * People and access: a manager links their Telegram in one tap (Telegram's own "share contact",
 * a number Telegram verified), with a one-time code through Bitrix24 as the fallback; roles come
 * from Bitrix24's structure and the config; absences route new deals to a deputy.
 *
 * Privacy: the shared phone number is compared with the portal's users in memory and dropped —
 * it is never stored. A link code is kept only as a SHA-256 hash until it is used or expires.
 */
import { createHash, randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import * as t from '../texts';
import type { ActionReply, Actor, Crm, OutMessage } from '../kernel/ports';
import type { DeskContext } from '../kernel/context';
import type { ButtonHandlers, Command, CommandHandler } from '../kernel/desk';
import { buttons, DELIVERY_CHOICES, type DeliveryChoice } from '../kernel/buttons';
import { deliveryTargets, personOf } from '../kernel/delivery';
import { kvKey } from '../kernel/keys';
import { phoneDigits } from '../kernel/phones';
import type { PeopleStore } from './store';
import { applyRulesLinks } from './rules-links';

const CODE_TTL_MS = 15 * 60_000;
const CODE_TRIES = 5;
const hash = (code: string) => createHash('sha256').update(code).digest('hex');

export type Role = keyof typeof t.roleNames;

type PeopleCommand = 'start' | 'code' | 'people' | 'unlink' | 'forget' | 'away' | 'back' | 'where';

/** People's commands are answered in private chats only: in a group they get no answer. */
const privately =
  (handle: (actor: Actor, args: string) => Promise<OutMessage> | OutMessage): CommandHandler =>
  (actor, args, privateChat) =>
    privateChat ? handle(actor, args) : null;

export class PeopleDesk {
  readonly commands: Pick<Record<Command, CommandHandler>, PeopleCommand> = {
    start: privately((actor) => this.onStart(actor)),
    code: privately((actor, args) => this.onCodeRequest(actor, args)),
    people: privately((actor) => this.onPeople(actor)),
    unlink: privately((actor, args) => this.onUnlink(actor, args)),
    forget: privately((actor) => this.onForget(actor)),
    away: privately((actor, args) => this.onAway(actor, args)),
    back: privately((actor) => this.onBack(actor)),
    where: privately((actor) => this.onWhere(actor)),
  };

  readonly buttons: Pick<ButtonHandlers, 'where'> = {
    where: (personId, press) => this.onWhereChoice(personId, press.choice),
  };

  constructor(
    private readonly ctx: DeskContext,
    private readonly store: PeopleStore,
    private readonly crm: Crm,
  ) {
    ctx.events.on('directoryLoaded', () => this.sync());
  }

  private now(): number {
    return this.ctx.clock.now().getTime();
  }

  roleOf(id: number): Role {
    const p = this.ctx.rules.people;
    if (p.directors.includes(id)) return 'director';
    if (p.admins.includes(id)) return 'admin';
    if (p.accountants.includes(id)) return 'accountant';
    if (this.ctx.directory.allPeople().some((x) => x.id !== id && this.ctx.directory.supervisorOf(x.id) === id))
      return 'supervisor';
    return 'manager';
  }

  private greet(id: number): OutMessage {
    const p = this.ctx.directory.person(id);
    return {
      text: t.people.linked(p ? `${p.name} ${p.lastName}`.trim() : `#${id}`, t.roleNames[this.roleOf(id)]),
      removeKeyboard: true,
    };
  }

  private async onStart(actor: Actor): Promise<OutMessage> {
    await this.ctx.directory.fresh();
    const id = personOf(this.ctx, actor);
    if (id !== null) return this.greet(id);
    return { text: t.people.askContact, requestContact: t.people.shareButton };
  }

  /** A shared contact: only the sender's own (Telegram sets contact.user_id) is accepted. */
  async onContact(actor: Actor, contact: { phone: string; userId: number | null }): Promise<OutMessage> {
    if (contact.userId === null || String(contact.userId) !== actor.address)
      return { text: t.people.notYourContact, requestContact: t.people.shareButton };
    this.ctx.directory.invalidate(); // a newcomer may have joined since the last load
    await this.ctx.directory.fresh();
    const digits = phoneDigits(contact.phone);
    const [match, ...others] = this.ctx.directory
      .allPeople()
      .filter((p) => p.active && (p.phones ?? []).includes(digits));
    if (!match) return { text: t.people.noMatch, removeKeyboard: true };
    if (others.length > 0) return { text: t.people.manyMatches, removeKeyboard: true };
    this.store.link(match.id, actor.address, 'self', this.now());
    this.ctx.log.info({ bitrixUserId: match.id }, 'person linked by shared contact');
    return this.greet(match.id);
  }

  /** /code <surname | e-mail | id>: a one-time code to the person's Bitrix24 notifications. */
  private async onCodeRequest(actor: Actor, arg: string): Promise<OutMessage> {
    const q = arg.trim().toLowerCase();
    if (!q) return { text: t.people.codeUsage };
    await this.ctx.directory.fresh();
    const [person, ...more] = this.ctx.directory
      .allPeople()
      .filter((p) => p.active && (p.email === q || p.lastName.toLowerCase() === q || String(p.id) === q));
    if (!person || more.length > 0) return { text: t.people.codeNobody };
    const code = String(randomInt(100_000, 1_000_000));
    await this.crm.notifyUser(person.id, t.people.codeNotice(code));
    this.store.saveLinkCode(actor.address, person.id, hash(code), this.now() + CODE_TTL_MS);
    return { text: t.people.codeSent };
  }

  /** A private message: a pending link code is the only thing this desk reads from it. */
  onPrivateText(actor: Actor, text: string): OutMessage | null {
    if (!/^\s*\d{6}\s*$/.test(text)) return null;
    const pending = this.store.linkCodeOf(actor.address);
    if (!pending) return null;
    if (pending.expiresAt < this.now() || pending.attempts >= CODE_TRIES) {
      this.store.dropLinkCode(actor.address);
      return { text: t.people.codeExpired };
    }
    if (hash(text.trim()) !== pending.codeHash) {
      this.store.countLinkCodeTry(actor.address);
      return { text: t.people.codeWrong };
    }
    this.ctx.tx(() => {
      this.store.dropLinkCode(actor.address);
      this.store.link(pending.personId, actor.address, 'self', this.now());
    });
    return this.greet(pending.personId);
  }

  private isAdmin(id: number | null): boolean {
    return id !== null && (this.ctx.rules.people.admins.includes(id) || this.ctx.rules.people.directors.includes(id));
  }

  private async onPeople(actor: Actor): Promise<OutMessage> {
    const me = personOf(this.ctx, actor);
    if (!this.isAdmin(me)) return { text: t.people.adminOnly };
    // The admin asks for the portal's list as it is now (a newcomer, a dismissal), not the hour-old cache.
    this.ctx.directory.invalidate();
    await this.ctx.directory.fresh();
    // A dismissed person is not «привязан», even before the load's sync has removed the link.
    const linked = new Map(
      this.store
        .allLinks()
        .filter((l) => this.ctx.directory.person(l.bitrixUserId)?.active !== false)
        .map((l) => [l.bitrixUserId, l]),
    );
    const name = (id: number) => {
      const p = this.ctx.directory.person(id);
      return p ? `${p.lastName} ${p.name}`.trim() : `#${id}`;
    };
    const active = this.ctx.directory.allPeople().filter((p) => p.active);
    return {
      text: t.people.peopleList(
        [...linked.keys()].map(
          (id) =>
            `${id} · ${t.esc(name(id))} — ${t.roleNames[this.roleOf(id)]}${this.awayUntil(id) ? ' (отсутствует)' : ''}`,
        ),
        active
          .filter((p) => !linked.has(p.id))
          .map((p) => `${p.id} · ${t.esc(name(p.id))}${this.overriddenNote(p.id)}`),
      ),
    };
  }

  /** A /people line's note on a rules link removed: by the person's own /forget, or by an admin's /unlink. */
  private overriddenNote(id: number): string {
    const overridden = this.ctx.kv.get(kvKey.linkOverridden(id));
    if (!overridden) return '';
    return this.ctx.kv.get(kvKey.linkForgotten(id)) === overridden ? t.people.linkForgotten : t.people.linkOverridden;
  }

  private onUnlink(actor: Actor, arg: string): OutMessage {
    if (!this.isAdmin(personOf(this.ctx, actor))) return { text: t.people.adminOnly };
    const id = Number(arg.trim());
    if (!Number.isInteger(id) || id <= 0) return { text: t.people.unlinkUsage };
    const tg = this.store.telegramOf(id);
    if (!tg) return { text: t.people.notLinkedPerson };
    // The rules link this person too: the admin's unlink wins, also after a restart (kv), while the
    // rules name that same account.
    const ruled = this.ctx.rules.people.links.some((l) => l.bitrixUserId === id && String(l.telegramUserId) === tg);
    // A rules line refused at start because of the link now gone (rules-links.ts) applies at once: the
    // person is not left with no messenger until the next start.
    const applied = this.ctx.tx(() => {
      this.store.unlink(id);
      if (ruled) this.ctx.kv.set(kvKey.linkOverridden(id), tg);
      // Now the admin's doing, whoever removed the link before.
      this.ctx.kv.delete(kvKey.linkForgotten(id));
      return applyRulesLinks(this.store, this.ctx.kv, this.ctx.rules.people.links, this.now()).lines.filter(
        (o) => o.kind === 'applied' && (o.link.bitrixUserId === id || String(o.link.telegramUserId) === tg),
      );
    });
    this.ctx.log.info(
      { personId: id, overridesRules: ruled, rulesLinksApplied: applied.map((o) => o.link) },
      'person unlinked by an admin',
    );
    const name = (pid: number) => {
      const p = this.ctx.directory.person(pid);
      return p ? `${p.lastName} ${p.name}` : `#${pid}`;
    };
    const text = ruled ? t.people.unlinkedOverRules(name(id)) : t.people.unlinked(name(id));
    const now = applied
      .filter((o) => this.store.telegramOf(o.link.bitrixUserId) === String(o.link.telegramUserId))
      .map((o) => t.people.rulesLinkApplied(name(o.link.bitrixUserId), String(o.link.telegramUserId)));
    return { text: [text, ...now].join('\n') };
  }

  /** /forget: the link, the codes, the absence and every message the bot keeps for this chat. */
  private onForget(actor: Actor): OutMessage {
    const id = personOf(this.ctx, actor);
    // A link the rules make holds no more than the person's own /forget: kept over them after a
    // restart, as an admin's /unlink is (a new /start links the person again).
    const ruled =
      id !== null &&
      this.ctx.rules.people.links.some((l) => l.bitrixUserId === id && String(l.telegramUserId) === actor.address);
    this.ctx.tx(() => {
      if (id !== null) {
        this.store.unlink(id);
        if (ruled) {
          this.ctx.kv.set(kvKey.linkOverridden(id), actor.address);
          // /people says the person did it, not an admin's /unlink.
          this.ctx.kv.set(kvKey.linkForgotten(id), actor.address);
        }
        this.store.clearAbsence(id);
        this.ctx.kv.delete(kvKey.callNoteWait(id));
      }
      this.store.dropLinkCode(actor.address);
      this.ctx.outbox.forgetChat('telegram', actor.address);
    });
    return { text: t.people.forgotten, removeKeyboard: true, forgetOnceSent: true };
  }

  /** /where: shows where cards go now and offers the choice (Telegram, the Bitrix24 chat, both). */
  private onWhere(actor: Actor): OutMessage {
    const id = personOf(this.ctx, actor);
    if (id === null) return { text: t.replies.notLinked };
    if (!this.ctx.b24chat) return { text: t.delivery.onlyTelegram };
    const now = this.deliveryNow(id);
    const choices = DELIVERY_CHOICES.map((choice) => ({
      text: t.delivery.buttons[choice],
      action: buttons.where.encode({ choice }),
    }));
    return { text: now ? t.delivery.now(now) : t.delivery.nowhere, buttons: [choices] };
  }

  /** A /where button: the choice is stored; a choice that cannot be met yet says what is used instead. */
  private onWhereChoice(personId: number | null, choice: DeliveryChoice): ActionReply {
    if (personId === null) return { text: t.replies.notLinked, alert: true };
    this.store.setDelivery(personId, choice, this.now());
    const now = this.deliveryNow(personId) ?? t.delivery.names.b24chat;
    const wanted = t.delivery.names[choice];
    return {
      text: now === wanted ? t.delivery.saved(now) : `${t.delivery.saved(wanted)} ${t.delivery.fallback(now)}`,
      alert: true,
    };
  }

  private deliveryNow(id: number): string | null {
    const [first, ...rest] = deliveryTargets(this.ctx, id).map((d) => d.channel);
    if (!first) return null;
    return rest.length > 0 ? t.delivery.names.both : t.delivery.names[first];
  }

  /** /away 05.12 | /away 3 — until the end of that day in the company's zone. */
  private onAway(actor: Actor, arg: string): OutMessage {
    const id = personOf(this.ctx, actor);
    if (id === null) return { text: t.replies.notLinked };
    const zone = this.ctx.rules.workingHours.zone;
    const today = DateTime.fromMillis(this.now(), { zone });
    const a = arg.trim();
    let until: DateTime | null = null;
    if (/^\d{1,3}$/.test(a)) until = today.plus({ days: Number(a) - 1 });
    const m = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?$/.exec(a);
    if (m) {
      const year = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : today.year;
      until = DateTime.fromObject({ year, month: Number(m[2]), day: Number(m[1]) }, { zone });
      if (until.isValid && until < today.startOf('day')) until = until.plus({ years: 1 });
    }
    if (!until?.isValid || Number(a) === 0) return { text: t.people.awayUsage };
    this.store.setAbsence(id, until.endOf('day').toMillis(), this.now());
    const stand = this.standIn(id);
    return { text: t.people.away(until.toFormat('dd.MM'), stand ? this.nameOf(stand) : 'руководителю') };
  }

  private onBack(actor: Actor): OutMessage {
    const id = personOf(this.ctx, actor);
    if (id === null) return { text: t.replies.notLinked };
    return { text: this.store.clearAbsence(id) ? t.people.back : t.people.notAway };
  }

  /** The end of the person's current absence (null: not away). */
  awayUntil(id: number): number | null {
    const end = this.store.absenceEnd(id);
    return end !== null && end >= this.now() ? end : null;
  }

  /**
   * Who takes a new deal of an absent manager: the configured deputy if present, else the supervisor;
   * one who is away too (or dismissed) is skipped for theirs, up the structure, then the directors —
   * an absent person gets no cards. Null when nobody is there.
   */
  standIn(id: number): number | null {
    const here = (p: number) => !this.awayUntil(p) && this.ctx.directory.person(p)?.active !== false;
    const seen = new Set<number>([id]);
    for (let cur = id; ; ) {
      const deputy = this.ctx.rules.people.deputies.find((d) => d.userId === cur)?.deputyId;
      if (deputy !== undefined && !seen.has(deputy) && here(deputy)) return deputy;
      const head = this.ctx.directory.supervisorOf(cur);
      if (head === null || seen.has(head)) break;
      if (here(head)) return head;
      seen.add(head);
      cur = head;
    }
    return this.ctx.rules.people.directors.find((d) => !seen.has(d) && here(d)) ?? null;
  }

  /** The person's absence and who stands in for them (null: not away) — the deal desk's absence port. */
  absence(personId: number): { until: number; standIn: number | null } | null {
    const until = this.awayUntil(personId);
    return until === null ? null : { until, standIn: this.standIn(personId) };
  }

  private nameOf(id: number): string {
    return t.shortName(this.ctx.directory.person(id), id);
  }

  /**
   * After each directory load: people deactivated in Bitrix24 lose their link, and their open work
   * (payment prompts, follow-ups) goes to their supervisor — the features owning it hear
   * `personDeparted` in the same transaction.
   */
  sync(): void {
    for (const l of this.store.allLinks()) {
      const p = this.ctx.directory.person(l.bitrixUserId);
      if (!p || p.active) continue;
      const head = this.ctx.directory.supervisorOf(p.id);
      this.ctx.tx(() => {
        this.store.unlink(p.id);
        if (head !== null) this.ctx.events.emit('personDeparted', { personId: p.id, toId: head });
      });
      this.ctx.log.info({ bitrixUserId: p.id, to: head }, 'deactivated user unlinked; pending prompts moved');
    }
  }
}
