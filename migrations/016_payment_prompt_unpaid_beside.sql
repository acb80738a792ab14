-- unpaid_beside: the deal's other invoices still unpaid (their numbers, JSON) when the prompt was
-- drawn: the deal moves only once all its invoices are paid, so the prompt says after which ones.
-- Emptied as each of them is written paid (the prompt then offers the move it will make).
ALTER TABLE payment_prompts ADD COLUMN unpaid_beside TEXT NOT NULL DEFAULT '[]';
