-- thread_id: the forum topic (Telegram message_thread_id) a payment message was written in, when «Оплата»
-- is a forum supergroup; the bot's answers to it go to that topic (a retry after a restart too). NULL:
-- no topic (an ordinary group, the General topic, the Bitrix24 chat).
ALTER TABLE payment_notices ADD COLUMN thread_id TEXT;
-- The same for a 1C statement file (or one pasted as text): its summary goes to the topic it came in.
ALTER TABLE payment_statements ADD COLUMN thread_id TEXT;
