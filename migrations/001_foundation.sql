-- Inbound CRM/chat events, recorded before they are acted on. dedup_key makes duplicates no-ops.
CREATE TABLE inbound_events (
  id           INTEGER PRIMARY KEY,
  source       TEXT    NOT NULL,              -- 'bitrix'
  dedup_key    TEXT    NOT NULL UNIQUE,       -- event:id:ts
  event        TEXT    NOT NULL,              -- ONCRMDEALADD ...
  entity_id    INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,              -- ms
  processed_at INTEGER,
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT
);
CREATE INDEX inbound_pending ON inbound_events (processed_at, next_attempt_at);

-- Last known state of each watched deal: ONCRMDEALUPDATE does not say what changed.
CREATE TABLE deals (
  id             INTEGER PRIMARY KEY,
  category_id    INTEGER NOT NULL,
  stage_id       TEXT    NOT NULL,
  assigned_by_id INTEGER NOT NULL,
  date_modify    TEXT,
  snapshot       TEXT    NOT NULL,            -- JSON: the deal as the card shows it
  deleted        INTEGER NOT NULL DEFAULT 0,
  updated_at     INTEGER NOT NULL
);

-- One row per (deal, manager) assignment: the unit that is claimed and escalated.
CREATE TABLE assignments (
  id           INTEGER PRIMARY KEY,
  deal_id      INTEGER NOT NULL,
  manager_id   INTEGER NOT NULL,
  assigned_at  INTEGER NOT NULL,
  due_at       INTEGER NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('pending', 'claimed', 'reassigned', 'closed')),
  claimed_at   INTEGER,
  claimed_by   INTEGER,
  claimed_via  TEXT,                          -- 'telegram' | 'bitrix'
  claim_seconds INTEGER,                      -- working seconds from assignment to claim
  closed_reason TEXT,
  reassigned_by INTEGER
);
CREATE INDEX assignments_deal ON assignments (deal_id, status);
-- At most one open assignment per deal: a duplicate event cannot make a second card.
CREATE UNIQUE INDEX assignments_one_pending ON assignments (deal_id) WHERE status = 'pending';

-- Every message the bot showed about an assignment, so a claim can edit all its copies.
CREATE TABLE cards (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL,
  role          TEXT    NOT NULL,             -- 'card' | 'alert' | 'ping'
  person_id     INTEGER NOT NULL,             -- Bitrix24 user who sees it
  outbox_key    TEXT    NOT NULL UNIQUE
);
CREATE INDEX cards_assignment ON cards (assignment_id);

-- Durable deadlines. Firing marks the row in the same transaction that enqueues its effects.
CREATE TABLE timers (
  id         INTEGER PRIMARY KEY,
  kind       TEXT    NOT NULL,
  key        TEXT    NOT NULL UNIQUE,         -- e.g. escalate:<assignment>:<level>
  due_at     INTEGER NOT NULL,
  status     TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
  payload    TEXT    NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  fired_at   INTEGER,
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX timers_due ON timers (status, due_at);

-- Outbound messages and CRM writes. idem_key makes a re-decided effect a no-op.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  idem_key        TEXT    NOT NULL UNIQUE,
  channel         TEXT    NOT NULL,         -- 'telegram' | 'bitrix'
  op              TEXT    NOT NULL,         -- 'send' | 'edit' | 'timeline' | 'deal.update'
  target          TEXT    NOT NULL,         -- chat id, or deal id for CRM writes
  payload         TEXT    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,  -- real ms; I/O pacing, not business time
  last_error      TEXT,
  result          TEXT,                        -- JSON, e.g. {"messageId": "42"}
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);

-- Bitrix24 user ↔ messenger account.
CREATE TABLE links (
  bitrix_user_id INTEGER NOT NULL,
  channel        TEXT    NOT NULL,          -- 'telegram'
  address        TEXT    NOT NULL,          -- Telegram user id (= private chat id)
  source         TEXT    NOT NULL,          -- 'config' | 'self'
  linked_at      INTEGER NOT NULL,
  PRIMARY KEY (bitrix_user_id, channel)
);
CREATE UNIQUE INDEX links_address ON links (channel, address);

CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
