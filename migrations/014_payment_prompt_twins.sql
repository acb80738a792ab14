-- open_before: the prompt for the same invoice that was still waiting for its manager when this one
-- was made (another message, another payment order): the new prompt names it — its sum, when, the
-- message — so the manager can tell a second payment from the same one announced again.
ALTER TABLE payment_prompts ADD COLUMN open_before INTEGER;
-- reminders_again: the revisions a prompt was brought back at (an edit reopened it) after its first
-- «⏰» went out; each got a reminder of its own (messageKey.paymentReminderAgain), edited with the rest.
ALTER TABLE payment_prompts ADD COLUMN reminders_again TEXT NOT NULL DEFAULT '[]';
