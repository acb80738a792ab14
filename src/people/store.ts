/**
 * The people feature's tables: links (Bitrix24 user ↔ Telegram account), where each person wants
 * their messages (delivery_prefs), pending one-time link codes (link_codes, hashed) and absences.
 */
import type { Db } from '../store/db';
import type { Reach } from '../kernel/context';
import type { DeliveryChoice } from '../kernel/buttons';

/** Who linked a Telegram account: the config file, or the person themselves. */
export type LinkSource = 'config' | 'self';

/** A link code waiting to be typed back in a private chat. Only the code's hash is kept. */
export interface PendingLinkCode {
  personId: number;
  codeHash: string;
  expiresAt: number;
  attempts: number;
}

export class PeopleStore implements Reach {
  constructor(private readonly db: Db) {}

  // Links.

  link(personId: number, telegramUserId: string, source: LinkSource, now: number): void {
    this.db.transaction(() => {
      // One Telegram account belongs to one person: a re-link moves it.
      this.db
        .prepare(`DELETE FROM links WHERE channel = 'telegram' AND address = ? AND bitrix_user_id != ?`)
        .run(telegramUserId, personId);
      this.db
        .prepare(
          `INSERT INTO links (bitrix_user_id, channel, address, source, linked_at) VALUES (?, 'telegram', ?, ?, ?)
           ON CONFLICT(bitrix_user_id, channel) DO UPDATE SET address = excluded.address, source = excluded.source, linked_at = excluded.linked_at`,
        )
        .run(personId, telegramUserId, source, now);
    })();
  }

  /**
   * The link a person made themselves (source 'self') that a rules line would take over: the same
   * Telegram account linked by another person, or this person linked to another account. null: none.
   */
  selfLinkAgainst(personId: number, telegramUserId: string): { bitrixUserId: number; telegram: string } | null {
    const row = this.db
      .prepare(
        `SELECT bitrix_user_id, address FROM links WHERE channel = 'telegram' AND source = 'self'
           AND ((address = ? AND bitrix_user_id != ?) OR (bitrix_user_id = ? AND address != ?)) LIMIT 1`,
      )
      .get(telegramUserId, personId, personId, telegramUserId) as
      | { bitrix_user_id: number; address: string }
      | undefined;
    return row ? { bitrixUserId: row.bitrix_user_id, telegram: row.address } : null;
  }

  /** Links the rules file made (source 'config'), by person id. */
  configLinks(): Array<{ bitrixUserId: number; telegram: string }> {
    return (
      this.db
        .prepare(`SELECT bitrix_user_id, address FROM links WHERE channel = 'telegram' AND source = 'config'`)
        .all() as Array<{ bitrix_user_id: number; address: string }>
    ).map((r) => ({ bitrixUserId: r.bitrix_user_id, telegram: r.address }));
  }

  /** Removes one link the rules file made; the person's delivery choice stays (a link made in the bot later uses it). */
  dropConfigLink(personId: number, telegramUserId: string): void {
    this.db
      .prepare(
        `DELETE FROM links WHERE channel = 'telegram' AND source = 'config' AND bitrix_user_id = ? AND address = ?`,
      )
      .run(personId, telegramUserId);
  }

  /** The person's link and their delivery choice go. */
  unlink(personId: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM links WHERE bitrix_user_id = ?').run(personId);
      this.db.prepare('DELETE FROM delivery_prefs WHERE bitrix_user_id = ?').run(personId);
    })();
  }

  telegramOf(personId: number): string | null {
    return (
      (
        this.db.prepare(`SELECT address FROM links WHERE bitrix_user_id = ? AND channel = 'telegram'`).get(personId) as
          | { address: string }
          | undefined
      )?.address ?? null
    );
  }

  personOfTelegram(telegramUserId: string): number | null {
    return (
      (
        this.db
          .prepare(`SELECT bitrix_user_id FROM links WHERE channel = 'telegram' AND address = ?`)
          .get(telegramUserId) as { bitrix_user_id: number } | undefined
      )?.bitrix_user_id ?? null
    );
  }

  /** Every linked Telegram account, by person id. */
  allLinks(): Array<{ bitrixUserId: number; telegram: string }> {
    return (
      this.db
        .prepare(`SELECT bitrix_user_id, address FROM links WHERE channel = 'telegram' ORDER BY bitrix_user_id`)
        .all() as Array<{ bitrix_user_id: number; address: string }>
    ).map((r) => ({
      bitrixUserId: r.bitrix_user_id,
      telegram: r.address,
    }));
  }

  // Delivery choice (/where).

  /** Where this person asked for cards and prompts; null: the configured default. */
  deliveryOf(personId: number): DeliveryChoice | null {
    return (
      (
        this.db.prepare('SELECT deliver FROM delivery_prefs WHERE bitrix_user_id = ?').get(personId) as
          | { deliver: DeliveryChoice }
          | undefined
      )?.deliver ?? null
    );
  }

  setDelivery(personId: number, deliver: DeliveryChoice, now: number): void {
    this.db
      .prepare(
        'INSERT INTO delivery_prefs (bitrix_user_id, deliver, updated_at) VALUES (?, ?, ?) ON CONFLICT(bitrix_user_id) DO UPDATE SET deliver = excluded.deliver, updated_at = excluded.updated_at',
      )
      .run(personId, deliver, now);
  }

  // Link codes (/code).

  /** A new code for this Telegram account replaces any earlier one, with its tries reset. */
  saveLinkCode(telegramUserId: string, personId: number, codeHash: string, expiresAt: number): void {
    this.db
      .prepare(
        `INSERT INTO link_codes (telegram_user_id, bitrix_user_id, code_hash, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(telegram_user_id) DO UPDATE SET bitrix_user_id = excluded.bitrix_user_id, code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0`,
      )
      .run(telegramUserId, personId, codeHash, expiresAt);
  }

  linkCodeOf(telegramUserId: string): PendingLinkCode | null {
    const row = this.db
      .prepare('SELECT bitrix_user_id, code_hash, expires_at, attempts FROM link_codes WHERE telegram_user_id = ?')
      .get(telegramUserId) as
      | { bitrix_user_id: number; code_hash: string; expires_at: number; attempts: number }
      | undefined;
    return row
      ? { personId: row.bitrix_user_id, codeHash: row.code_hash, expiresAt: row.expires_at, attempts: row.attempts }
      : null;
  }

  /** A wrong code was typed: one try fewer. */
  countLinkCodeTry(telegramUserId: string): void {
    this.db.prepare('UPDATE link_codes SET attempts = attempts + 1 WHERE telegram_user_id = ?').run(telegramUserId);
  }

  dropLinkCode(telegramUserId: string): void {
    this.db.prepare('DELETE FROM link_codes WHERE telegram_user_id = ?').run(telegramUserId);
  }

  // Absences (/away, /back).

  /** Away until `untilAt` (set with the bot); a later /away moves the date. */
  setAbsence(personId: number, untilAt: number, now: number): void {
    this.db
      .prepare(
        `INSERT INTO absences (bitrix_user_id, until_at, source, set_at) VALUES (?, ?, 'bot', ?) ON CONFLICT(bitrix_user_id) DO UPDATE SET until_at = excluded.until_at, set_at = excluded.set_at`,
      )
      .run(personId, untilAt, now);
  }

  /** Whether there was an absence to end. */
  clearAbsence(personId: number): boolean {
    return this.db.prepare('DELETE FROM absences WHERE bitrix_user_id = ?').run(personId).changes > 0;
  }

  /** The stored end of the person's absence, past or not (null: none). */
  absenceEnd(personId: number): number | null {
    return (
      (
        this.db.prepare('SELECT until_at FROM absences WHERE bitrix_user_id = ?').get(personId) as
          | { until_at: number }
          | undefined
      )?.until_at ?? null
    );
  }
}
