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
import { personOf, deliveryTargets, type DeskContext } from '../kernel/context';
import { phoneDigits } from '../integrations/bitrix/crm';

const CODE_TTL_MS = 15 * 60_000;
const CODE_TRIES = 5;
const hash = (code: string) => createHash('sha256').update(code).digest('hex');

export type Role = keyof typeof t.roleNames;

export class PeopleDesk {
  constructor(
    private readonly ctx: DeskContext,
    private readonly crm: Crm,
  ) {}

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

  async onStart(actor: Actor): Promise<OutMessage> {
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
    const matches = this.ctx.directory.allPeople().filter((p) => p.active && (p.phones ?? []).includes(digits));
    if (matches.length === 0) return { text: t.people.noMatch, removeKeyboard: true };
    if (matches.length > 1) return { text: t.people.manyMatches, removeKeyboard: true };
    this.ctx.links.link(matches[0]!.id, actor.address, 'self', this.now());
    this.ctx.log.info({ bitrixUserId: matches[0]!.id }, 'person linked by shared contact');
    return this.greet(matches[0]!.id);
  }

  /** /code <surname | e-mail | id>: a one-time code to the person's Bitrix24 notifications. */
  async onCodeRequest(actor: Actor, arg: string): Promise<OutMessage> {
    const q = arg.trim().toLowerCase();
    if (!q) return { text: t.people.codeUsage };
    await this.ctx.directory.fresh();
    const found = this.ctx.directory
      .allPeople()
      .filter((p) => p.active && (p.email === q || p.lastName.toLowerCase() === q || String(p.id) === q));
    if (found.length !== 1) return { text: t.people.codeNobody };
    const code = String(randomInt(100_000, 1_000_000));
    await this.crm.notifyUser(found[0]!.id, t.people.codeNotice(code));
    this.ctx.db
      .prepare(
        `INSERT INTO link_codes (telegram_user_id, bitrix_user_id, code_hash, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(telegram_user_id) DO UPDATE SET bitrix_user_id = excluded.bitrix_user_id, code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0`,
      )
      .run(actor.address, found[0]!.id, hash(code), this.now() + CODE_TTL_MS);
    return { text: t.people.codeSent };
  }

  /** A private message: a pending link code is the only thing this desk reads from it. */
  onPrivateText(actor: Actor, text: string): OutMessage | null {
    const row = this.ctx.db.prepare('SELECT * FROM link_codes WHERE telegram_user_id = ?').get(actor.address) as
      | { bitrix_user_id: number; code_hash: string; expires_at: number; attempts: number }
      | undefined;
    if (!row || !/^\s*\d{6}\s*$/.test(text)) return null;
    if (row.expires_at < this.now() || row.attempts >= CODE_TRIES) {
      this.ctx.db.prepare('DELETE FROM link_codes WHERE telegram_user_id = ?').run(actor.address);
      return { text: t.people.codeExpired };
    }
    if (hash(text.trim()) !== row.code_hash) {
      this.ctx.db
        .prepare('UPDATE link_codes SET attempts = attempts + 1 WHERE telegram_user_id = ?')
        .run(actor.address);
      return { text: t.people.codeWrong };
    }
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM link_codes WHERE telegram_user_id = ?').run(actor.address);
      this.ctx.links.link(row.bitrix_user_id, actor.address, 'self', this.now());
    })();
    return this.greet(row.bitrix_user_id);
  }

  private isAdmin(id: number | null): boolean {
    return id !== null && (this.ctx.rules.people.admins.includes(id) || this.ctx.rules.people.directors.includes(id));
  }

  async onPeople(actor: Actor): Promise<OutMessage> {
    const me = personOf(this.ctx, actor);
    if (!this.isAdmin(me)) return { text: t.people.adminOnly };
    await this.ctx.directory.fresh();
    const linked = new Map(this.ctx.links.all().map((l) => [l.bitrixUserId, l]));
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
        active.filter((p) => !linked.has(p.id)).map((p) => `${p.id} · ${t.esc(name(p.id))}`),
      ),
    };
  }

  onUnlink(actor: Actor, arg: string): OutMessage {
    if (!this.isAdmin(personOf(this.ctx, actor))) return { text: t.people.adminOnly };
    const id = Number(arg.trim());
    if (!Number.isInteger(id) || id <= 0) return { text: t.people.unlinkUsage };
    if (!this.ctx.links.telegramOf(id)) return { text: t.people.notLinkedPerson };
    this.ctx.links.unlink(id);
    const p = this.ctx.directory.person(id);
    return { text: t.people.unlinked(p ? `${p.lastName} ${p.name}` : `#${id}`) };
  }

  /** /forget: the link, the codes, the absence and every message the bot keeps for this chat. */
  onForget(actor: Actor): OutMessage {
    const id = personOf(this.ctx, actor);
    this.ctx.db.transaction(() => {
      if (id !== null) {
        this.ctx.links.unlink(id);
        this.ctx.db.prepare('DELETE FROM absences WHERE bitrix_user_id = ?').run(id);
        this.ctx.db.prepare('DELETE FROM kv WHERE key = ?').run(`note-wait:${id}`);
      }
      this.ctx.db.prepare('DELETE FROM link_codes WHERE telegram_user_id = ?').run(actor.address);
      this.ctx.db
        .prepare(`DELETE FROM outbox WHERE channel = 'telegram' AND target = ? AND status != 'pending'`)
        .run(actor.address);
    })();
    return { text: t.people.forgotten, removeKeyboard: true };
  }

  /** /where: shows where cards go now and offers the choice (Telegram, the Bitrix24 chat, both). */
  onWhere(actor: Actor): OutMessage {
    const id = personOf(this.ctx, actor);
    if (id === null) return { text: t.replies.notLinked };
    if (!this.ctx.b24chat) return { text: t.delivery.onlyTelegram };
    const now = this.deliveryNow(id);
    const choices = (['telegram', 'b24chat', 'both'] as const).map((c) => ({
      text: t.delivery.buttons[c],
      action: `where:${c}`,
    }));
    return { text: now ? t.delivery.now(now) : t.delivery.nowhere, buttons: [choices] };
  }

  /** A /where button: the choice is stored; a choice that cannot be met yet says what is used instead. */
  onWhereChoice(personId: number | null, data: string): ActionReply | null {
    const m = /^where:(telegram|b24chat|both)$/.exec(data);
    if (!m) return null;
    if (personId === null) return { text: t.replies.notLinked, alert: true };
    this.ctx.links.setDelivery(personId, m[1] as 'telegram' | 'b24chat' | 'both', this.now());
    const now = this.deliveryNow(personId) ?? t.delivery.names.b24chat;
    const wanted = t.delivery.names[m[1] as 'telegram' | 'b24chat' | 'both'];
    return {
      text: now === wanted ? t.delivery.saved(now) : `${t.delivery.saved(wanted)} ${t.delivery.fallback(now)}`,
      alert: true,
    };
  }

  private deliveryNow(id: number): string | null {
    const channels = deliveryTargets(this.ctx, id).map((d) => d.channel);
    if (channels.length === 0) return null;
    return channels.length > 1 ? t.delivery.names.both : t.delivery.names[channels[0]!];
  }

  /** /away 05.12 | /away 3 — until the end of that day in the company's zone. */
  onAway(actor: Actor, arg: string): OutMessage {
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
    const end = until.endOf('day').toMillis();
    this.ctx.db
      .prepare(
        `INSERT INTO absences (bitrix_user_id, until_at, source, set_at) VALUES (?, ?, 'bot', ?) ON CONFLICT(bitrix_user_id) DO UPDATE SET until_at = excluded.until_at, set_at = excluded.set_at`,
      )
      .run(id, end, this.now());
    const stand = this.standIn(id);
    return { text: t.people.away(until.toFormat('dd.MM'), stand ? this.name(stand) : 'руководителю') };
  }

  onBack(actor: Actor): OutMessage {
    const id = personOf(this.ctx, actor);
    if (id === null) return { text: t.replies.notLinked };
    const gone = this.ctx.db.prepare('DELETE FROM absences WHERE bitrix_user_id = ?').run(id).changes;
    return { text: gone ? t.people.back : t.people.notAway };
  }

  awayUntil(id: number): number | null {
    const r = this.ctx.db.prepare('SELECT until_at FROM absences WHERE bitrix_user_id = ?').get(id) as
      | { until_at: number }
      | undefined;
    return r && r.until_at >= this.now() ? r.until_at : null;
  }

  /** Who takes a new deal of an absent manager: the configured deputy if present, else the supervisor. */
  standIn(id: number): number | null {
    const deputy = this.ctx.rules.people.deputies.find((d) => d.userId === id)?.deputyId;
    if (deputy && !this.awayUntil(deputy) && this.ctx.directory.person(deputy)?.active !== false) return deputy;
    return this.ctx.directory.supervisorOf(id);
  }

  name(id: number): string {
    return t.shortName(this.ctx.directory.person(id), id);
  }

  /**
   * After each directory load: people deactivated in Bitrix24 lose their link, and their pending
   * payment prompts and follow-ups go to their supervisor.
   */
  sync(movePrompts: (fromId: number, toId: number) => void): void {
    const now = this.now();
    for (const l of this.ctx.links.all()) {
      const p = this.ctx.directory.person(l.bitrixUserId);
      if (!p || p.active) continue;
      const head = this.ctx.directory.supervisorOf(p.id);
      this.ctx.db.transaction(() => {
        this.ctx.links.unlink(p.id);
        if (head !== null) {
          movePrompts(p.id, head);
          this.ctx.db
            .prepare(
              `UPDATE followups SET manager_id = ?, updated_at = ? WHERE manager_id = ? AND status IN ('scheduled', 'sent')`,
            )
            .run(head, now, p.id);
        }
      })();
      this.ctx.log.info({ bitrixUserId: p.id, to: head }, 'deactivated user unlinked; pending prompts moved');
    }
  }
}
