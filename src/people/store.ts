import type { Db } from '../store/db';

/** Bitrix24 user ↔ Telegram account, and where each person wants their messages. */
export class LinkStore {
  constructor(private readonly db: Db) {}

  link(bitrixUserId: number, telegramUserId: string, source: 'config' | 'self', now: number): void {
    this.db.transaction(() => {
      // One Telegram account belongs to one person: a re-link moves it.
      this.db
        .prepare(`DELETE FROM links WHERE channel = 'telegram' AND address = ? AND bitrix_user_id != ?`)
        .run(telegramUserId, bitrixUserId);
      this.db
        .prepare(
          `INSERT INTO links (bitrix_user_id, channel, address, source, linked_at) VALUES (?, 'telegram', ?, ?, ?)
           ON CONFLICT(bitrix_user_id, channel) DO UPDATE SET address = excluded.address, source = excluded.source, linked_at = excluded.linked_at`,
        )
        .run(bitrixUserId, telegramUserId, source, now);
    })();
  }

  unlink(bitrixUserId: number): void {
    this.db.prepare('DELETE FROM links WHERE bitrix_user_id = ?').run(bitrixUserId);
    this.db.prepare('DELETE FROM delivery_prefs WHERE bitrix_user_id = ?').run(bitrixUserId);
  }

  telegramOf(bitrixUserId: number): string | null {
    return (
      (
        this.db
          .prepare(`SELECT address FROM links WHERE bitrix_user_id = ? AND channel = 'telegram'`)
          .get(bitrixUserId) as { address: string } | undefined
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

  /** Where this person asked for cards and prompts; null: the configured default. */
  deliveryOf(bitrixUserId: number): 'telegram' | 'b24chat' | 'both' | null {
    return (
      (
        this.db.prepare('SELECT deliver FROM delivery_prefs WHERE bitrix_user_id = ?').get(bitrixUserId) as
          | { deliver: 'telegram' | 'b24chat' | 'both' }
          | undefined
      )?.deliver ?? null
    );
  }

  setDelivery(bitrixUserId: number, deliver: 'telegram' | 'b24chat' | 'both', now: number): void {
    this.db
      .prepare(
        'INSERT INTO delivery_prefs (bitrix_user_id, deliver, updated_at) VALUES (?, ?, ?) ON CONFLICT(bitrix_user_id) DO UPDATE SET deliver = excluded.deliver, updated_at = excluded.updated_at',
      )
      .run(bitrixUserId, deliver, now);
  }

  all(): Array<{ bitrixUserId: number; telegram: string }> {
    return (
      this.db
        .prepare(`SELECT bitrix_user_id, address FROM links WHERE channel = 'telegram' ORDER BY bitrix_user_id`)
        .all() as Array<{ bitrix_user_id: number; address: string }>
    ).map((r) => ({
      bitrixUserId: r.bitrix_user_id,
      telegram: r.address,
    }));
  }
}
