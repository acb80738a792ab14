-- One name per concept. The CRM's lane in the outbox is 'crm' (it was 'bitrix', which also named
-- the portal's events); a timeline comment is one operation, 'comment' {entity, id, text} (a deal's
-- comment was a second operation, 'timeline' {dealId, text}).
UPDATE outbox SET channel = 'crm' WHERE channel = 'bitrix';
UPDATE outbox SET op = 'comment',
  payload = json_object('entity', 'deal', 'id', json_extract(payload, '$.dealId'), 'text', json_extract(payload, '$.text'))
  WHERE op = 'timeline';
-- A re-assignment made with the bot's button was recorded as if made in the CRM.
UPDATE assignments SET closed_reason = 'reassigned-in-bot' WHERE closed_reason = 'reassigned-in-crm' AND reassigned_by IS NOT NULL;
UPDATE assignments SET claimed_via = 'crm' WHERE claimed_via = 'bitrix';
UPDATE inbound_events SET source = 'crm' WHERE source = 'bitrix';
