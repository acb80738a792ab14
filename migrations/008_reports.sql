-- Speed to lead (issue 16): the reports desk keeps its own ledger of assignments, fed by the deal
-- desk's domain events (assignmentOpened/Claimed/Closed/Escalated), and of confirmed payments.
-- One row per assignment; a deal re-assigned A → B → A has three rows, and the figures count it
-- once per manager (reports/figures.ts).
CREATE TABLE report_assignments (
  assignment_id INTEGER PRIMARY KEY,
  deal_id INTEGER NOT NULL,
  manager_id INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  contact_id INTEGER,
  company_id INTEGER,
  assigned_at INTEGER NOT NULL,
  claimed_at INTEGER,
  claimed_via TEXT,
  -- The first real contact (outgoing call or e-mail, a chat reply, a completed activity) after the
  -- assignment, read from crm.activity.list; contact_kind says which.
  contact_at INTEGER,
  contact_kind TEXT,
  -- The last time the portal was asked about contact (the sweep polls open rows).
  contact_checked_at INTEGER,
  escalations INTEGER NOT NULL DEFAULT 0,
  closed_at INTEGER,
  closed_reason TEXT,
  -- Arrived by a re-assignment (the deal's previous row was another manager's).
  via_reassignment INTEGER NOT NULL DEFAULT 0,
  -- Taken away from this manager: the deal went to someone else while this row was theirs.
  taken_away_at INTEGER
);
CREATE INDEX report_assignments_assigned ON report_assignments (assigned_at);
CREATE INDEX report_assignments_deal ON report_assignments (deal_id, assignment_id);
CREATE INDEX report_assignments_contact_open ON report_assignments (contact_at, claimed_at);

CREATE TABLE report_payments (
  prompt_id INTEGER PRIMARY KEY,
  manager_id INTEGER NOT NULL,
  deal_id INTEGER,
  announced_at INTEGER NOT NULL,
  confirmed_at INTEGER NOT NULL
);
CREATE INDEX report_payments_confirmed ON report_payments (confirmed_at);

-- What was already there counts too: the deal desk's assignments so far.
INSERT INTO report_assignments (assignment_id, deal_id, manager_id, assigned_at, claimed_at, claimed_via, closed_reason)
  SELECT id, deal_id, manager_id, assigned_at, claimed_at, claimed_via, closed_reason FROM assignments;
