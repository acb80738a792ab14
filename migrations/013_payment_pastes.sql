-- A 1C statement pasted as text longer than one message (a Telegram client splits a text over 4,096
-- characters into several messages): a message whose statement is visibly unfinished is held here,
-- with the fragments that continue it, until the paste is whole or payments.pasteJoinWait passes
-- (a `paste-join` timer). Held in the database, so a restart while a fragment waits loses nothing.
CREATE TABLE payment_pastes (
  id          INTEGER PRIMARY KEY,
  channel     TEXT    NOT NULL,
  chat_id     TEXT    NOT NULL,
  author_id   INTEGER NOT NULL,
  -- waiting: fragments may still come; whole: its last fragment came; cut: read as it came (the wait
  -- passed, or the author wrote something else)
  status      TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'whole', 'cut')),
  started_at  INTEGER NOT NULL,
  closed_at   INTEGER
);
-- One paste held per author and chat at a time.
CREATE UNIQUE INDEX payment_pastes_waiting ON payment_pastes (channel, chat_id, author_id) WHERE status = 'waiting';
CREATE TABLE payment_paste_parts (
  paste_id    INTEGER NOT NULL REFERENCES payment_pastes (id),
  channel     TEXT    NOT NULL,
  chat_id     TEXT    NOT NULL,
  message_id  TEXT    NOT NULL,
  text        TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (channel, chat_id, message_id)
);
CREATE INDEX payment_paste_parts_paste ON payment_paste_parts (paste_id);
