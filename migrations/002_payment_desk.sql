-- Messages of the «Оплата» chat that announced payments. An edit bumps the version and is re-read.
CREATE TABLE payment_notices (
  id          INTEGER PRIMARY KEY,
  channel     TEXT    NOT NULL,
  chat_id     TEXT    NOT NULL,
  message_id  TEXT    NOT NULL,
  author_id   INTEGER NOT NULL,               -- Bitrix24 user id of the director/accountant
  text        TEXT    NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  received_at INTEGER NOT NULL,
  edited_at   INTEGER,
  -- Read (matched, prompts sent) up to this version; a portal outage leaves it behind and a later pass retries.
  processed_version INTEGER NOT NULL DEFAULT 0,
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  UNIQUE (channel, chat_id, message_id)
);

-- One prompt per (notice, invoice): a second copy of the message or an edit never doubles it.
CREATE TABLE payment_prompts (
  id             INTEGER PRIMARY KEY,
  notice_id      INTEGER NOT NULL REFERENCES payment_notices (id),
  invoice_kind   TEXT    NOT NULL,
  invoice_id     INTEGER NOT NULL,
  invoice_number TEXT    NOT NULL,
  invoice_amount REAL    NOT NULL,
  deal_id        INTEGER,
  paid_stage     TEXT,                        -- the deal's «Счет оплачен» stage from the rules, if any
  stage_name     TEXT,
  company        TEXT,
  manager_id     INTEGER NOT NULL,
  paid_amount    REAL,
  verdict        TEXT    NOT NULL CHECK (verdict IN ('match', 'mismatch', 'partial')),
  status         TEXT    NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'recorded', 'withdrawn')),
  revision       INTEGER NOT NULL DEFAULT 1,
  decided_by     INTEGER,
  decided_at     INTEGER,
  created_at     INTEGER NOT NULL,
  UNIQUE (notice_id, invoice_kind, invoice_id)
);
CREATE INDEX payment_prompts_status ON payment_prompts (status, created_at);

-- Several invoices fit a notice: the director picks one with a button.
CREATE TABLE payment_choices (
  id         INTEGER PRIMARY KEY,
  notice_id  INTEGER NOT NULL REFERENCES payment_notices (id),
  written    TEXT    NOT NULL,                -- the invoice as written, or '' when found by payer
  candidates TEXT    NOT NULL,                -- JSON [{kind, id, number, amount, company}]
  status     TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'picked')),
  created_at INTEGER NOT NULL
);
