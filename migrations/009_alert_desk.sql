-- The alert desk at its limits (issue 17).
-- The dead-webhook watch asks "did an event for this deal arrive since?" and "when did the last
-- event arrive?" on every sweep; retention deletes processed events by age.
CREATE INDEX inbound_entity ON inbound_events (entity_id, received_at);
CREATE INDEX inbound_received ON inbound_events (received_at);
CREATE INDEX inbound_processed ON inbound_events (processed_at) WHERE processed_at IS NOT NULL;
