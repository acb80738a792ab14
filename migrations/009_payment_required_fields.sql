-- Step 57 of the rulebook (issue 15): the invoice must be corrected (e.g. supplier and carrier filled)
-- before it is marked paid. A prompt whose sums agree but whose invoice lacks a required field
-- (payments.requiredInvoiceFields) names those fields and offers «Проверить снова» instead of «Да».
-- JSON array of the missing fields' labels; '[]' when nothing is missing.
ALTER TABLE payment_prompts ADD COLUMN missing_fields TEXT NOT NULL DEFAULT '[]';
