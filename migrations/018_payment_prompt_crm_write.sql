-- crm_write: where the CRM write of a confirmed payment stands — 'pending' (queued in the outbox,
-- the invoice not marked yet), 'done' (the portal took it), 'failed' (the outbox gave it up: the
-- invoice is not paid in the portal, the prompt no longer counts as paid). NULL: no write was needed
-- (the invoice was paid already) or the prompt is not confirmed — and prompts confirmed before this
-- migration, whose writes went out then.
-- crm_write_error: why a failed write failed, as a kind (kernel/ports.ts CrmRefusal), for the texts.
ALTER TABLE payment_prompts ADD COLUMN crm_write TEXT CHECK (crm_write IN ('pending', 'done', 'failed'));
ALTER TABLE payment_prompts ADD COLUMN crm_write_error TEXT;
