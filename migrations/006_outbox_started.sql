-- When a delivery attempt of the row began (real ms). A row found started after a restart may have
-- been carried out by the other side already: a non-idempotent CRM write looks before it writes again.
ALTER TABLE outbox ADD COLUMN started_at INTEGER;
