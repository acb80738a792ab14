-- After-sale reminders: the follow-up call (a to-do on the CONTACT in Bitrix24), the feedback
-- survey after a client's first deal, and optionally the failure analysis of a lost deal.
CREATE TABLE followups (
  id          INTEGER PRIMARY KEY,
  deal_id     INTEGER NOT NULL,
  kind        TEXT    NOT NULL CHECK (kind IN ('call', 'survey', 'failure')),
  generation  INTEGER NOT NULL DEFAULT 1,      -- the n-th call for this deal ("call again in a month")
  manager_id  INTEGER NOT NULL,
  contact_id  INTEGER,
  company_id  INTEGER,
  due_at      INTEGER NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('scheduled', 'sent', 'done', 'declined', 'cancelled', 'escalated')),
  revision    INTEGER NOT NULL DEFAULT 1,      -- bumps on every reschedule; timer keys carry it
  repeats     INTEGER NOT NULL DEFAULT 0,
  won_at      INTEGER,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (deal_id, kind, generation)
);
CREATE INDEX followups_manager ON followups (manager_id, status, due_at);
CREATE INDEX followups_deal ON followups (deal_id, status);
