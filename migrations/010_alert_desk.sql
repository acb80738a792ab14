-- The alert desk at its limits (issue 17).
-- The dead-webhook watch asks "did an event for this deal arrive since?" and "when did the last
-- event arrive?" on every sweep; retention deletes processed events by age.
CREATE INDEX inbound_entity ON inbound_events (entity_id, received_at);
CREATE INDEX inbound_received ON inbound_events (received_at);
CREATE INDEX inbound_processed ON inbound_events (processed_at) WHERE processed_at IS NOT NULL;

-- Bundled alerts: when many alerts for one person fall due at once, one message lists them (and is
-- edited as they are claimed). One row per list message (per recipient), one per deal in it.
CREATE TABLE alert_bundles (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  revision   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alert_bundles_person ON alert_bundles (person_id, created_at);
CREATE TABLE alert_bundle_items (
  bundle_id     INTEGER NOT NULL,
  assignment_id INTEGER NOT NULL,
  level         INTEGER NOT NULL,
  added_at      INTEGER NOT NULL,
  PRIMARY KEY (bundle_id, assignment_id)
);
CREATE INDEX alert_bundle_items_assignment ON alert_bundle_items (assignment_id);
-- The sender folds queued edits of one message into one call (store/outbox.ts newestPendingEditOf).
CREATE INDEX outbox_pending_edits ON outbox (op, status) WHERE status = 'pending' AND op = 'edit';

-- Priorities in the outbox: 0 alerts, 1 cards, 2 other messages (reminders, replies), 3 CRM writes.
-- Each drain takes every chat's first row before any chat's second (no chat waits behind another's
-- backlog), and among those the more urgent first (store/outbox.ts due()).
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 2;
UPDATE outbox SET priority = 3 WHERE channel = 'crm';
