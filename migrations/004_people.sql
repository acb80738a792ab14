-- One-time codes for linking a Telegram account when the shared phone does not identify the
-- person. Only a hash of the code is kept; it expires and allows a few tries.
CREATE TABLE link_codes (
  telegram_user_id TEXT    PRIMARY KEY,
  bitrix_user_id   INTEGER NOT NULL,
  code_hash        TEXT    NOT NULL,
  expires_at       INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0
);

-- A person away (set with /away): no cards; new deals go to their deputy or supervisor.
CREATE TABLE absences (
  bitrix_user_id INTEGER PRIMARY KEY,
  until_at       INTEGER NOT NULL,
  source         TEXT    NOT NULL,            -- 'bot'
  set_at         INTEGER NOT NULL
);
