-- The newest version of each message of a payment chat the bot has taken, by the messenger's own
-- order (Telegram: 0 for the original `message`, its `edit_date` for an `edited_message`). An older
-- version delivered again — a webhook retried, or polling after a restart before the offset was
-- confirmed — never replaces a newer one, a restart included. Messengers that give no such order
-- (Bitrix24) have no rows here.
CREATE TABLE payment_message_stamps (
  channel TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  stamp INTEGER NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id, message_id)
);
