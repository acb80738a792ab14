-- caveat: what the announcement says beside «paid» that a one-tap «Да» would ignore (payments/caveats.ts:
-- «не всё», money on another legal entity or a card, a bank fee kept, a «не»/«но» clause not read), as JSON,
-- else NULL. A prompt with one shows no «Да» until its manager says he checked.
ALTER TABLE payment_prompts ADD COLUMN caveat TEXT;
