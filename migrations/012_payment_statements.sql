-- A 1C statement file posted into «Оплата» (issue 15): its incoming documents are recorded in one
-- transaction when the file arrives (payment_notices rows, message_id `<file message>#<n>`), before
-- any portal read, so a restart resumes them. Each document's reading is kept on its notice until
-- the file's one summary is sent (summarized_at), once every document was tried.
CREATE TABLE payment_statements (
  id            INTEGER PRIMARY KEY,
  channel       TEXT    NOT NULL,
  chat_id       TEXT    NOT NULL,
  message_id    TEXT    NOT NULL,
  file_name     TEXT,
  incoming      INTEGER NOT NULL,
  outgoing      INTEGER NOT NULL,
  received_at   INTEGER NOT NULL,
  summarized_at INTEGER,
  UNIQUE (channel, chat_id, message_id)
);
ALTER TABLE payment_notices ADD COLUMN statement_id INTEGER REFERENCES payment_statements (id);
-- JSON {lines: [{text, buttons?}], outcomes}: what a statement document's read adds to the file's summary
-- (a question's buttons kept with its line, so the summary splits over messages with each under its line).
ALTER TABLE payment_notices ADD COLUMN reading TEXT;
-- A 1C document's identity (number, date, sum, payer INN and account): the same payment in another
-- file (the statement posted again, or the next day's export overlapping) is recognised, not prompted.
ALTER TABLE payment_notices ADD COLUMN fingerprint TEXT;
CREATE INDEX payment_notices_statement ON payment_notices (statement_id);
CREATE INDEX payment_notices_fingerprint ON payment_notices (fingerprint);
-- The invoice's currency and the announcement's (roubles unless it names another): a prompt whose
-- currencies differ is never one tap from «paid», and money is shown in its own currency.
ALTER TABLE payment_prompts ADD COLUMN currency TEXT NOT NULL DEFAULT 'RUB';
ALTER TABLE payment_prompts ADD COLUMN paid_currency TEXT NOT NULL DEFAULT 'RUB';
-- The invoice's responsible as read when the prompt was made: a press finding another one in the CRM
-- (the invoice re-assigned) moves the prompt to them. Not manager_id: a prompt handed over because
-- its manager left stays with whoever took it over.
ALTER TABLE payment_prompts ADD COLUMN responsible_id INTEGER;
