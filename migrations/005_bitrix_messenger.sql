-- The Bitrix24 messenger as a second front. Chat-bot events carry what happened in the event
-- itself (a message, a button press), unlike CRM events that carry only an id: keep it.
ALTER TABLE inbound_events ADD COLUMN payload TEXT;
CREATE INDEX inbound_source_pending ON inbound_events (source, processed_at, next_attempt_at);

-- Where a person wants cards and prompts: 'telegram', 'b24chat' or 'both'. No row: the configured default.
CREATE TABLE delivery_prefs (
  bitrix_user_id INTEGER PRIMARY KEY,
  deliver        TEXT    NOT NULL CHECK (deliver IN ('telegram', 'b24chat', 'both')),
  updated_at     INTEGER NOT NULL
);
