-- handed_over_from / handed_over_why: the prompt is with someone other than the invoice's manager
-- because that manager cannot get it — deactivated in Bitrix24 ('dismissed') or reachable on no
-- messenger ('unreachable'): its receiver reads why it is theirs, in the prompt and its reminder.
ALTER TABLE payment_prompts ADD COLUMN handed_over_from INTEGER;
ALTER TABLE payment_prompts ADD COLUMN handed_over_why TEXT;
