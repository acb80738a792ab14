/**
 * The payment desk's tables: the messages of the «Оплата» chat (payment_notices), the prompts to
 * managers (payment_prompts, one per notice and invoice) and the announcer's choices among several
 * fitting invoices (payment_choices). Every statement of the desk is here; the desk decides, this
 * stores. Transactions are the caller's (ctx.tx).
 */
import type { Db } from '../store/db';
import type { Channel, CrmRefusal, Invoice } from '../kernel/ports';
import type { ReplyLine } from '../kernel/delivery';
import { allCopyKeys, kvKey, messageKey } from '../kernel/keys';
import type { Caveat } from './caveats';
import type { PayerDiffers } from './payer-check';
import type { SharedSum } from './shared-sum';

export type InvoiceKind = Invoice['kind'];
export type Verdict = 'match' | 'mismatch' | 'partial';
export type PromptStatus = 'pending' | 'confirmed' | 'rejected' | 'recorded' | 'withdrawn';
/**
 * A confirmed payment's CRM write: queued (`pending`), taken by the portal (`done`), given up by the
 * outbox (`failed`: the invoice is not paid in the portal). Null: no write (the invoice was paid already).
 */
export type CrmWrite = 'pending' | 'done' | 'failed';

/** A message of the «Оплата» chat that announced a payment. */
export interface NoticeRow {
  id: number;
  channel: Channel;
  chatId: string;
  messageId: string;
  /** The announcer (a Bitrix24 user id). */
  authorId: number;
  text: string;
  /** Bumped by every edit; a version is read once. */
  version: number;
  /** The newest version read (its effects written); below `version` while an edit is unread. */
  processedVersion: number;
  receivedAt: number;
  /** Failed reads of the current version (the portal down): drives the back-off. */
  attempts: number;
  /** A bank document's identity (statement.ts documentFingerprint); null for a chat message. */
  fingerprint: string | null;
  /** The forum topic it was written in (Telegram message_thread_id), where its answers go; null: none. */
  threadId: string | null;
}

/** The prompt to one invoice's manager. */
export interface PromptRow {
  id: number;
  noticeId: number;
  invoiceKind: InvoiceKind;
  invoiceId: number;
  invoiceNumber: string;
  invoiceAmount: number;
  /** The invoice's currency (crm_currency id). */
  currency: string;
  dealId: number | null;
  paidStage: string | null;
  stageName: string | null;
  company: string | null;
  managerId: number;
  /** The invoice's responsible when the prompt was made (null: a prompt made before this was kept). */
  responsibleId: number | null;
  paidAmount: number | null;
  /** The announcement's currency: roubles unless it names another. */
  paidCurrency: string;
  verdict: Verdict;
  status: PromptStatus;
  /** Bumped by every change of what the prompt says: the version of its edits. */
  revision: number;
  /** Labels of required invoice fields found empty (step 57): no «Да» while any is listed. */
  missingFields: string[];
  createdAt: number;
  /** When its manager confirmed or rejected it; null while open, and for a withdrawn one. */
  decidedAt: number | null;
  /**
   * The prompt for the same invoice still waiting when this one was made (another announcement) — or the one
   * that confirmed it before it was put back to unpaid in Bitrix24; null when none was.
   */
  openBefore: number | null;
  /** The revisions an edit brought the prompt back at after its first reminder: each has a «⏰» of its own. */
  remindersAgain: number[];
  /** Why the prompt is with `managerId` and not with the manager it was for (null: it is with them). */
  handedOver: HandedOver | null;
  /** The deal's other invoices not paid yet (by number): the deal moves once they are paid too. */
  unpaidBeside: string[];
  /** Where the CRM write of its confirmation stands (null: none was needed, or not confirmed). */
  crmWrite: CrmWrite | null;
  /** Why a failed write failed (kernel/ports.ts CrmRefusal); null unless `crmWrite` is `failed`. */
  crmWriteError: CrmRefusal | null;
  /** The payer the announcement names when it is not the invoice's company (payer-check.ts), else null. */
  payerDiffers: PayerDiffers | null;
  /** One sum announced for several invoices, this one among them (shared-sum.ts), else null. */
  sharedSum: SharedSum | null;
  /** What the announcement says beside «paid» that keeps the one-tap «Да» back (caveats.ts), else null. */
  caveat: Caveat | null;
}

/**
 * A prompt given to a stand-in: who it was for, and why they cannot have it — deactivated in
 * Bitrix24 (`dismissed`), or reachable on no messenger (`unreachable`: no Telegram link, no chat bot).
 */
export interface HandedOver {
  from: number;
  /** `blocked`: Telegram refused the prompt with 403 (the manager blocked the bot). */
  /** `away`: the manager said /away; the prompt goes where their new deals go. */
  why: 'dismissed' | 'unreachable' | 'blocked' | 'away';
}

/** Several invoices fit what the announcer wrote: the buttons they pick one with. */
export interface ChoiceRow {
  id: number;
  noticeId: number;
  candidates: Invoice[];
  status: 'open' | 'picked';
}

/** One line of /payments: an announced invoice and where it stands. */
export interface AnnouncedRow {
  receivedAt: number;
  invoiceNumber: string;
  paidAmount: number | null;
  managerId: number;
  status: PromptStatus;
  crmWrite: CrmWrite | null;
}

/** A chat message of the day that sent no prompt: a question, an unknown invoice, a message still being read. */
export interface UnpromptedRow {
  receivedAt: number;
  text: string;
  /** The newest version was read (false: the portal has not answered yet, a retry is due). */
  read: boolean;
}

/** A statement's document of the day that sent no prompt (for /payments): money no invoice took. */
export interface UnpromptedDocumentRow extends UnpromptedRow {
  messageId: string;
  /** What its reading found (the file's summary); null when it has none. */
  outcomes: Outcome[] | null;
  /** A document the messenger cut (never read as a payment: its sum may be cut too). */
  cut: boolean;
}

/**
 * How one statement document (or a notice) turned out, for the file's summary: its lines for the chat,
 * a question's buttons with its line (so the summary is sent with sendLines, split over messages).
 */
export interface StatementReading {
  lines: ReplyLine[];
  outcomes: Outcome[];
}

/** How a notice (or one document of a statement) turned out, for the statement's summary. */
/** `waiting`: the same payment waits at another prompt already (merged into it, no prompt of its own). */
export type Outcome = 'matched' | 'differs' | 'partial' | 'notFound' | 'other' | 'seen' | 'waiting';

/** A 1C statement file: its documents are notices; one summary answers the file. */
export interface StatementRow {
  id: number;
  channel: Channel;
  chatId: string;
  messageId: string;
  fileName: string | null;
  incoming: number;
  outgoing: number;
  summarizedAt: number | null;
  /** The forum topic it came in (Telegram), where its summary goes; null: none. */
  threadId: string | null;
}

interface RawStatement {
  id: number;
  channel: Channel;
  chat_id: string;
  message_id: string;
  file_name: string | null;
  incoming: number;
  outgoing: number;
  summarized_at: number | null;
  thread_id: string | null;
}

const toStatement = (r: RawStatement): StatementRow => ({
  id: r.id,
  channel: r.channel,
  chatId: r.chat_id,
  messageId: r.message_id,
  fileName: r.file_name,
  incoming: r.incoming,
  outgoing: r.outgoing,
  summarizedAt: r.summarized_at,
  threadId: r.thread_id,
});

export type PasteStatus = 'waiting' | 'whole' | 'cut';

/** A statement pasted in several messages: held while `waiting`, its fragments in the order they came. */
export interface PasteRow {
  id: number;
  channel: Channel;
  chatId: string;
  authorId: number;
  status: PasteStatus;
  startedAt: number;
  /** When it was last read (null while it never was). */
  closedAt: number | null;
  parts: Array<{ messageId: string; text: string }>;
}

/** A new prompt, as decided by the desk (the store numbers it and starts its revisions). */
export type NewPrompt = Omit<
  PromptRow,
  'id' | 'revision' | 'createdAt' | 'decidedAt' | 'remindersAgain' | 'crmWrite' | 'crmWriteError'
>;

interface RawNotice {
  id: number;
  channel: Channel;
  chat_id: string;
  message_id: string;
  author_id: number;
  text: string;
  version: number;
  processed_version: number;
  received_at: number;
  attempts: number;
  fingerprint: string | null;
  thread_id: string | null;
}

interface RawPrompt {
  id: number;
  notice_id: number;
  invoice_kind: InvoiceKind;
  invoice_id: number;
  invoice_number: string;
  invoice_amount: number;
  currency: string;
  deal_id: number | null;
  paid_stage: string | null;
  stage_name: string | null;
  company: string | null;
  manager_id: number;
  responsible_id: number | null;
  paid_amount: number | null;
  paid_currency: string;
  verdict: Verdict;
  status: PromptStatus;
  revision: number;
  missing_fields: string;
  created_at: number;
  decided_at: number | null;
  open_before: number | null;
  reminders_again: string;
  handed_over_from: number | null;
  handed_over_why: HandedOver['why'] | null;
  unpaid_beside: string;
  crm_write: CrmWrite | null;
  crm_write_error: CrmRefusal | null;
  payer_differs: string | null;
  shared_sum: string | null;
  caveat: string | null;
}

interface RawChoice {
  id: number;
  notice_id: number;
  candidates: string;
  status: 'open' | 'picked';
}

const toNotice = (r: RawNotice): NoticeRow => ({
  id: r.id,
  channel: r.channel,
  chatId: r.chat_id,
  messageId: r.message_id,
  authorId: r.author_id,
  text: r.text,
  version: r.version,
  processedVersion: r.processed_version,
  receivedAt: r.received_at,
  attempts: r.attempts,
  fingerprint: r.fingerprint,
  threadId: r.thread_id,
});

const toPrompt = (r: RawPrompt): PromptRow => ({
  id: r.id,
  noticeId: r.notice_id,
  invoiceKind: r.invoice_kind,
  invoiceId: r.invoice_id,
  invoiceNumber: r.invoice_number,
  invoiceAmount: r.invoice_amount,
  currency: r.currency,
  dealId: r.deal_id,
  paidStage: r.paid_stage,
  stageName: r.stage_name,
  company: r.company,
  managerId: r.manager_id,
  responsibleId: r.responsible_id,
  paidAmount: r.paid_amount,
  paidCurrency: r.paid_currency,
  verdict: r.verdict,
  status: r.status,
  revision: r.revision,
  missingFields: JSON.parse(r.missing_fields) as string[],
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  openBefore: r.open_before,
  remindersAgain: JSON.parse(r.reminders_again) as number[],
  handedOver:
    r.handed_over_from !== null && r.handed_over_why !== null
      ? { from: r.handed_over_from, why: r.handed_over_why }
      : null,
  unpaidBeside: JSON.parse(r.unpaid_beside) as string[],
  crmWrite: r.crm_write,
  crmWriteError: r.crm_write_error,
  payerDiffers: r.payer_differs === null ? null : (JSON.parse(r.payer_differs) as PayerDiffers),
  sharedSum: r.shared_sum === null ? null : (JSON.parse(r.shared_sum) as SharedSum),
  caveat: r.caveat === null ? null : (JSON.parse(r.caveat) as Caveat),
});

export class PaymentStore {
  constructor(private readonly db: Db) {}

  // ── Notices: the messages of the «Оплата» chat ──

  /** A recorded notice; it must exist (prompts and choices reference theirs). */
  notice(id: number): NoticeRow {
    const r = this.db.prepare('SELECT * FROM payment_notices WHERE id = ?').get(id) as RawNotice | undefined;
    if (!r) throw new Error(`no payment notice ${id}`);
    return toNotice(r);
  }

  /**
   * Stores a message of the chat, or its edit (a new version). Null when this exact text is stored
   * already: a duplicate delivery. Call inside a transaction.
   */
  recordMessage(
    chat: { channel: Channel; id: string },
    messageId: string,
    authorId: number,
    text: string,
    now: number,
    /** The 1C document's identity when the message is one pasted document (statement.ts), else null. */
    fingerprint: string | null = null,
    /** The forum topic the message was written in (Telegram), else null. */
    threadId: string | null = null,
  ): { id: number; version: number } | null {
    const existing = this.db
      .prepare(`SELECT id, text, version FROM payment_notices WHERE channel = ? AND chat_id = ? AND message_id = ?`)
      .get(chat.channel, chat.id, messageId) as { id: number; text: string; version: number } | undefined;
    if (existing?.text === text) return null;
    if (existing) {
      this.db
        .prepare(
          'UPDATE payment_notices SET text = ?, fingerprint = ?, version = version + 1, edited_at = ? WHERE id = ?',
        )
        .run(text, fingerprint, now, existing.id);
      return { id: existing.id, version: existing.version + 1 };
    }
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO payment_notices (channel, chat_id, message_id, author_id, text, received_at, fingerprint, thread_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(chat.channel, chat.id, messageId, authorId, text, now, fingerprint, threadId).lastInsertRowid,
    );
    return { id, version: 1 };
  }

  /** A notice by its id, if it is still kept (retention prunes old ones). */
  findNotice(id: number): NoticeRow | undefined {
    const r = this.db.prepare('SELECT * FROM payment_notices WHERE id = ?').get(id) as RawNotice | undefined;
    return r && toNotice(r);
  }

  /**
   * Takes version `stamp` of a chat message — the messenger's order of its versions (Telegram: 0 for
   * the original, `edit_date` in seconds for an edit). False when a newer version was taken already:
   * this one, delivered again late, is stale and must change nothing. An equal stamp is taken (the same
   * version again is a duplicate the text tells; two edits within one second share their edit_date).
   * Call inside a transaction.
   */
  takeMessageVersion(chat: { channel: Channel; id: string }, messageId: string, stamp: number, now: number): boolean {
    const r = this.db
      .prepare('SELECT stamp FROM payment_message_stamps WHERE channel = ? AND chat_id = ? AND message_id = ?')
      .get(chat.channel, chat.id, messageId) as { stamp: number } | undefined;
    if (r && stamp < r.stamp) return false;
    this.db
      .prepare(
        `INSERT INTO payment_message_stamps (channel, chat_id, message_id, stamp, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel, chat_id, message_id) DO UPDATE SET stamp = excluded.stamp, seen_at = excluded.seen_at`,
      )
      .run(chat.channel, chat.id, messageId, stamp, now);
    return true;
  }

  /**
   * Retention: deletes up to `limit` message-version stamps taken before `before` (ms), and up to
   * `limit` album-read marks set before it. Telegram keeps an undelivered update for 24 hours at most
   * (core.telegram.org/bots/api, «Getting updates»), so a version older than the period can no longer
   * arrive late; an edit of an old message arrives with a newer stamp and is taken as it would be.
   * Returns the rows deleted.
   */
  pruneMessageStamps(before: number, limit: number): number {
    const stamps = this.db
      .prepare(
        `DELETE FROM payment_message_stamps WHERE rowid IN
           (SELECT rowid FROM payment_message_stamps WHERE seen_at < ? LIMIT ?)`,
      )
      .run(before, limit).changes;
    const prefix = kvKey.paymentAlbumReadAll;
    const albums = this.db
      .prepare(
        `DELETE FROM kv WHERE key IN (
           SELECT key FROM kv WHERE key >= ? AND key < ? AND CAST(value AS INTEGER) < ? LIMIT ?)`,
      )
      .run(prefix, `${prefix}\uffff`, before, limit).changes;
    return stamps + albums;
  }

  /** The notice recorded for a chat message, if any. */
  noticeAt(chat: { channel: Channel; id: string }, messageId: string): NoticeRow | undefined {
    const r = this.db
      .prepare(`SELECT * FROM payment_notices WHERE channel = ? AND chat_id = ? AND message_id = ?`)
      .get(chat.channel, chat.id, messageId) as RawNotice | undefined;
    return r && toNotice(r);
  }

  /** The notice is read up to `version` (a later version stays unread). */
  markRead(id: number, version: number): void {
    this.db
      .prepare(
        'UPDATE payment_notices SET processed_version = ?, last_error = NULL WHERE id = ? AND processed_version < ?',
      )
      .run(version, id, version);
  }

  /** Reading the notice failed (the portal down): try again at `retryAt` (real ms). */
  readFailed(id: number, error: string, retryAt: number): void {
    this.db
      .prepare('UPDATE payment_notices SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?')
      .run(retryAt, error.slice(0, 500), id);
  }

  /** Notices whose latest version is not read yet and whose retry is due (real ms), oldest first. */
  unreadDue(nowReal: number, limit: number): number[] {
    return (
      this.db
        .prepare(
          'SELECT id FROM payment_notices WHERE processed_version < version AND next_attempt_at <= ? ORDER BY id LIMIT ?',
        )
        .all(nowReal, limit) as Array<{ id: number }>
    ).map((r) => r.id);
  }

  // ── Statements: 1C files whose documents are notices of their own ──

  /**
   * Records a statement file and all its documents at once (call inside a transaction), before any
   * of them is read: a restart resumes whatever was not read. Null when this file message is
   * recorded already (a duplicate delivery). A document whose `seen` is given was in an earlier
   * file: it is recorded as read, with that reading, and never prompted again.
   */
  recordStatement(
    s: {
      channel: Channel;
      chatId: string;
      messageId: string;
      fileName: string | null;
      outgoing: number;
      /** The forum topic the statement came in (Telegram), where its summary goes; null: none. */
      threadId: string | null;
    },
    authorId: number,
    docs: Array<{ messageId: string; text: string; fingerprint: string; seen: StatementReading | null }>,
    now: number,
  ): { statementId: number; noticeIds: number[] } | null {
    const inserted = this.db
      .prepare(
        `INSERT INTO payment_statements (channel, chat_id, message_id, file_name, incoming, outgoing, received_at, thread_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(s.channel, s.chatId, s.messageId, s.fileName, docs.length, s.outgoing, now, s.threadId);
    if (inserted.changes === 0) return null;
    const statementId = Number(inserted.lastInsertRowid);
    const insert = this.db.prepare(
      `INSERT INTO payment_notices (channel, chat_id, message_id, author_id, text, received_at, statement_id, fingerprint, processed_version, reading, thread_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const noticeIds: number[] = [];
    for (const d of docs) {
      const r = insert.run(
        s.channel,
        s.chatId,
        d.messageId,
        authorId,
        d.text,
        now,
        statementId,
        d.fingerprint,
        d.seen ? 1 : 0,
        d.seen ? JSON.stringify(d.seen) : null,
        s.threadId,
      );
      if (r.changes === 1 && !d.seen) noticeIds.push(Number(r.lastInsertRowid));
    }
    return { statementId, noticeIds };
  }

  statement(id: number): StatementRow | undefined {
    const r = this.db.prepare('SELECT * FROM payment_statements WHERE id = ?').get(id) as RawStatement | undefined;
    return r && toStatement(r);
  }

  /** The statement a chat message is (a file, or one pasted as text), if any. */
  statementAt(chat: { channel: Channel; id: string }, messageId: string): StatementRow | undefined {
    const r = this.db
      .prepare('SELECT * FROM payment_statements WHERE channel = ? AND chat_id = ? AND message_id = ?')
      .get(chat.channel, chat.id, messageId) as RawStatement | undefined;
    return r && toStatement(r);
  }

  /**
   * The documents of a statement as notices (their ids, message ids and text as read last), and the
   * documents an edit of it added since (message ids `<message>#n` of the same message, no statement).
   */
  statementNotices(
    s: StatementRow,
  ): Array<{ id: number; messageId: string; text: string; fingerprint: string | null }> {
    return (
      this.db
        .prepare(
          `SELECT id, message_id, text, fingerprint FROM payment_notices
           WHERE statement_id = ? OR (channel = ? AND chat_id = ? AND message_id >= ? AND message_id < ? AND statement_id IS NULL)
           ORDER BY id`,
        )
        .all(s.id, s.channel, s.chatId, `${s.messageId}#`, `${s.messageId}#\uffff`) as Array<{
        id: number;
        message_id: string;
        text: string;
        fingerprint: string | null;
      }>
    ).map((r) => ({ id: r.id, messageId: r.message_id, text: r.text, fingerprint: r.fingerprint }));
  }

  /** The statement a notice is a document of, if any. */
  statementOf(noticeId: number): StatementRow | undefined {
    const r = this.db
      .prepare(`SELECT s.* FROM payment_statements s JOIN payment_notices n ON n.statement_id = s.id WHERE n.id = ?`)
      .get(noticeId) as RawStatement | undefined;
    return r && toStatement(r);
  }

  /** What reading a document adds to its file's summary (kept until the summary is sent). */
  setReading(noticeId: number, reading: StatementReading): void {
    this.db.prepare('UPDATE payment_notices SET reading = ? WHERE id = ?').run(JSON.stringify(reading), noticeId);
  }

  /** A statement's documents in the file's order: read or not, tried or not, and their readings. */
  statementDocuments(
    statementId: number,
  ): Array<{ id: number; read: boolean; tried: boolean; reading: StatementReading | null }> {
    return (
      this.db
        .prepare(
          'SELECT id, version, processed_version, attempts, reading FROM payment_notices WHERE statement_id = ? ORDER BY id',
        )
        .all(statementId) as Array<{
        id: number;
        version: number;
        processed_version: number;
        attempts: number;
        reading: string | null;
      }>
    ).map((r) => ({
      id: r.id,
      read: r.processed_version >= r.version,
      tried: r.processed_version >= r.version || r.attempts > 0,
      reading: r.reading === null ? null : (JSON.parse(r.reading) as StatementReading),
    }));
  }

  /** The statement's summary is being sent; false when it was already (it goes once). */
  markSummarized(statementId: number, now: number): boolean {
    return (
      this.db
        .prepare('UPDATE payment_statements SET summarized_at = ? WHERE id = ? AND summarized_at IS NULL')
        .run(now, statementId).changes === 1
    );
  }

  /**
   * The earliest document with this fingerprint — of another file, or one document pasted as a chat
   * message (`inStatement` false): the same payment seen before.
   */
  documentSeen(fingerprint: string): { receivedAt: number; inStatement: boolean } | undefined {
    const r = this.db
      .prepare('SELECT received_at, statement_id FROM payment_notices WHERE fingerprint = ? ORDER BY id LIMIT 1')
      .get(fingerprint) as { received_at: number; statement_id: number | null } | undefined;
    return r && { receivedAt: r.received_at, inStatement: r.statement_id !== null };
  }

  /**
   * The statement document read first with this fingerprint (the one a chat announcement's prompt
   * covered: later copies were recorded as seen), or undefined.
   */
  firstDocument(fingerprint: string): { id: number } | undefined {
    return this.db
      .prepare('SELECT id FROM payment_notices WHERE fingerprint = ? AND statement_id IS NOT NULL ORDER BY id LIMIT 1')
      .get(fingerprint) as { id: number } | undefined;
  }

  /**
   * The notice is to be read again as it stands (a new version of the same text): the prompt that
   * covered its payment is gone. Its new version; call inside a transaction.
   */
  readAgain(id: number, now: number): number {
    this.db.prepare('UPDATE payment_notices SET version = version + 1, edited_at = ? WHERE id = ?').run(now, id);
    return this.notice(id).version;
  }

  // ── Pastes: a statement pasted in several messages, held until it is whole ──

  /** The paste an author has waiting in a chat, with its fragments (in the order they came). */
  waitingPaste(chat: { channel: Channel; id: string }, authorId: number): PasteRow | undefined {
    const r = this.db
      .prepare(
        `SELECT id, started_at, closed_at FROM payment_pastes WHERE channel = ? AND chat_id = ? AND author_id = ? AND status = 'waiting'`,
      )
      .get(chat.channel, chat.id, authorId) as { id: number; started_at: number; closed_at: number | null } | undefined;
    return r && this.pasteRow(r.id, chat, authorId, 'waiting', r.started_at, r.closed_at);
  }

  /** The author's paste in a chat read last as cut (its end never came), if that is their last paste. */
  lastCutPaste(chat: { channel: Channel; id: string }, authorId: number): PasteRow | undefined {
    const r = this.db
      .prepare(
        `SELECT id, status, started_at, closed_at FROM payment_pastes WHERE channel = ? AND chat_id = ? AND author_id = ?
         ORDER BY id DESC LIMIT 1`,
      )
      .get(chat.channel, chat.id, authorId) as
      | { id: number; status: PasteStatus; started_at: number; closed_at: number | null }
      | undefined;
    return r?.status === 'cut' ? this.pasteRow(r.id, chat, authorId, 'cut', r.started_at, r.closed_at) : undefined;
  }

  /** A paste read as cut waits again: its tail came late (false when it was not cut). Call inside a transaction. */
  reopenPaste(id: number): boolean {
    return (
      this.db.prepare(`UPDATE payment_pastes SET status = 'waiting' WHERE id = ? AND status = 'cut'`).run(id)
        .changes === 1
    );
  }

  /** The fragments of a paste read so far (message ids). */
  pasteReadParts(id: number): string[] {
    const r = this.db.prepare('SELECT value FROM kv WHERE key = ?').get(kvKey.pasteRead(id)) as
      | { value: string }
      | undefined;
    return r ? (JSON.parse(r.value) as string[]) : [];
  }

  /** The fragments of a paste read now (message ids). Call inside a transaction. */
  markPasteRead(id: number, messageIds: string[]): void {
    this.db
      .prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(kvKey.pasteRead(id), JSON.stringify(messageIds));
  }

  /**
   * The fingerprints of the 1C documents read from these messages of a chat: the documents of the
   * statements they answered, and the message itself when it was one pasted document.
   */
  fingerprintsOf(chat: { channel: Channel; id: string }, messageIds: string[]): Set<string> {
    if (!messageIds.length) return new Set();
    const marks = messageIds.map(() => '?').join(', ');
    const rows = this.db
      .prepare(
        `SELECT fingerprint FROM payment_notices WHERE channel = ? AND chat_id = ? AND fingerprint IS NOT NULL AND (
           message_id IN (${marks}) OR statement_id IN (
             SELECT id FROM payment_statements WHERE channel = ? AND chat_id = ? AND message_id IN (${marks})))`,
      )
      .all(chat.channel, chat.id, ...messageIds, chat.channel, chat.id, ...messageIds) as Array<{
      fingerprint: string;
    }>;
    return new Set(rows.map((r) => r.fingerprint));
  }

  /** A paste by id, with its fragments. */
  paste(id: number): PasteRow | undefined {
    const r = this.db.prepare('SELECT * FROM payment_pastes WHERE id = ?').get(id) as
      | {
          id: number;
          channel: Channel;
          chat_id: string;
          author_id: number;
          status: PasteStatus;
          started_at: number;
          closed_at: number | null;
        }
      | undefined;
    return (
      r && this.pasteRow(r.id, { channel: r.channel, id: r.chat_id }, r.author_id, r.status, r.started_at, r.closed_at)
    );
  }

  private pasteRow(
    id: number,
    chat: { channel: Channel; id: string },
    authorId: number,
    status: PasteStatus,
    startedAt: number,
    closedAt: number | null,
  ): PasteRow {
    const parts = this.db
      .prepare('SELECT message_id, text FROM payment_paste_parts WHERE paste_id = ? ORDER BY rowid')
      .all(id) as Array<{ message_id: string; text: string }>;
    return {
      id,
      channel: chat.channel,
      chatId: chat.id,
      authorId,
      status,
      startedAt,
      closedAt,
      parts: parts.map((p) => ({ messageId: p.message_id, text: p.text })),
    };
  }

  /** Holds a message that starts a paste; returns the paste's id (call inside a transaction). */
  startPaste(
    chat: { channel: Channel; id: string },
    authorId: number,
    part: { messageId: string; text: string },
    now: number,
  ): number {
    const id = Number(
      this.db
        .prepare('INSERT INTO payment_pastes (channel, chat_id, author_id, started_at) VALUES (?, ?, ?, ?)')
        .run(chat.channel, chat.id, authorId, now).lastInsertRowid,
    );
    this.addPastePart(id, chat, part, now);
    return id;
  }

  /** A fragment joins a paste; false when this message is held already (a duplicate delivery). */
  addPastePart(
    pasteId: number,
    chat: { channel: Channel; id: string },
    part: { messageId: string; text: string },
    now: number,
  ): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO payment_paste_parts (paste_id, channel, chat_id, message_id, text, received_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(pasteId, chat.channel, chat.id, part.messageId, part.text, now).changes === 1
    );
  }

  /** The paste a message is a fragment of, if any (held, or read already). */
  pasteOfMessage(
    chat: { channel: Channel; id: string },
    messageId: string,
  ): { id: number; status: PasteStatus } | undefined {
    return this.db
      .prepare(
        `SELECT p.id, p.status FROM payment_paste_parts x JOIN payment_pastes p ON p.id = x.paste_id
         WHERE x.channel = ? AND x.chat_id = ? AND x.message_id = ?`,
      )
      .get(chat.channel, chat.id, messageId) as { id: number; status: PasteStatus } | undefined;
  }

  /** An edit of a fragment still held: its text as it is now. */
  updatePastePart(chat: { channel: Channel; id: string }, messageId: string, text: string): void {
    this.db
      .prepare('UPDATE payment_paste_parts SET text = ? WHERE channel = ? AND chat_id = ? AND message_id = ?')
      .run(text, chat.channel, chat.id, messageId);
  }

  /** The paste stops waiting (it is read now); false when it was not waiting any more (read once). */
  closePaste(id: number, status: 'whole' | 'cut', now: number): boolean {
    return (
      this.db
        .prepare(`UPDATE payment_pastes SET status = ?, closed_at = ? WHERE id = ? AND status = 'waiting'`)
        .run(status, now, id).changes === 1
    );
  }

  /**
   * Retention: deletes up to `limit` pastes read (whole or cut) before `before`, with their
   * fragments; a paste still waiting stays whatever its age. Returns the pastes deleted.
   */
  prunePastes(before: number, limit: number): number {
    return this.db.transaction(() => {
      const ids = (
        this.db
          .prepare(`SELECT id FROM payment_pastes WHERE status != 'waiting' AND closed_at < ? LIMIT ?`)
          .all(before, limit) as Array<{ id: number }>
      ).map((r) => r.id);
      const parts = this.db.prepare('DELETE FROM payment_paste_parts WHERE paste_id = ?');
      const paste = this.db.prepare('DELETE FROM payment_pastes WHERE id = ?');
      const read = this.db.prepare('DELETE FROM kv WHERE key = ?');
      for (const id of ids) {
        parts.run(id);
        read.run(kvKey.pasteRead(id));
        paste.run(id);
      }
      return ids.length;
    })();
  }

  // ── Prompts to managers ──

  prompt(id: number): PromptRow | undefined {
    const r = this.db.prepare('SELECT * FROM payment_prompts WHERE id = ?').get(id) as RawPrompt | undefined;
    return r && toPrompt(r);
  }

  /** The prompt a notice made for an invoice, if any. */
  promptFor(noticeId: number, kind: InvoiceKind, invoiceId: number): PromptRow | undefined {
    const r = this.db
      .prepare('SELECT * FROM payment_prompts WHERE notice_id = ? AND invoice_kind = ? AND invoice_id = ?')
      .get(noticeId, kind, invoiceId) as RawPrompt | undefined;
    return r && toPrompt(r);
  }

  createPrompt(p: NewPrompt, now: number): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO payment_prompts (notice_id, invoice_kind, invoice_id, invoice_number, invoice_amount, deal_id, paid_stage, stage_name, company, manager_id, paid_amount, verdict, status, missing_fields, created_at, currency, paid_currency, responsible_id, open_before, handed_over_from, handed_over_why, unpaid_beside, payer_differs, shared_sum, caveat)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          p.noticeId,
          p.invoiceKind,
          p.invoiceId,
          p.invoiceNumber,
          p.invoiceAmount,
          p.dealId,
          p.paidStage,
          p.stageName,
          p.company,
          p.managerId,
          p.paidAmount,
          p.verdict,
          p.status,
          JSON.stringify(p.missingFields),
          now,
          p.currency,
          p.paidCurrency,
          p.responsibleId,
          p.openBefore,
          p.handedOver?.from ?? null,
          p.handedOver?.why ?? null,
          JSON.stringify(p.unpaidBeside),
          p.payerDiffers && JSON.stringify(p.payerDiffers),
          p.sharedSum && JSON.stringify(p.sharedSum),
          p.caveat && JSON.stringify(p.caveat),
        ).lastInsertRowid,
    );
  }

  /** An edited notice judged the invoice anew: new verdict, amounts and status (a new revision). */
  revise(
    id: number,
    r: {
      verdict: Verdict;
      paidAmount: number | null;
      invoiceAmount: number;
      status: PromptStatus;
      missingFields: string[];
      currency: string;
      paidCurrency: string;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE payment_prompts SET verdict = ?, paid_amount = ?, invoice_amount = ?, status = ?, missing_fields = ?, currency = ?, paid_currency = ?, revision = revision + 1 WHERE id = ?`,
      )
      .run(
        r.verdict,
        r.paidAmount,
        r.invoiceAmount,
        r.status,
        JSON.stringify(r.missingFields),
        r.currency,
        r.paidCurrency,
        id,
      );
  }

  /**
   * The invoice as it is now, compared again: its amount, the verdict and the required fields still
   * empty (a new revision).
   */
  rejudge(
    id: number,
    verdict: 'match' | 'mismatch',
    invoiceAmount: number,
    missingFields: string[],
    currency?: string,
  ): void {
    this.db
      .prepare(
        `UPDATE payment_prompts SET verdict = ?, invoice_amount = ?, missing_fields = ?, currency = COALESCE(?, currency), revision = revision + 1 WHERE id = ?`,
      )
      .run(verdict, invoiceAmount, JSON.stringify(missingFields), currency ?? null, id);
  }

  /**
   * The manager confirmed; false when the prompt was no longer pending (a double tap, a second copy).
   * `writes`: a CRM write goes out for it (the invoice is not paid yet): its state starts `pending`.
   */
  confirm(id: number, by: number, at: number, writes: boolean): boolean {
    return (
      this.db
        .prepare(
          `UPDATE payment_prompts SET status = 'confirmed', decided_by = ?, decided_at = ?, crm_write = ?, revision = revision + 1 WHERE id = ? AND status = 'pending'`,
        )
        .run(by, at, writes ? 'pending' : null, id).changes === 1
    );
  }

  /**
   * The confirmation's CRM write is done (`why` null) or given up (`why`: the refusal). False when
   * it stood so already (told twice after a crash): the caller's effects are then not repeated. A
   * write given up and done after all (a crash before the outbox row was failed) is done.
   */
  settleCrmWrite(id: number, why: CrmRefusal | null): boolean {
    return (
      this.db
        .prepare(
          `UPDATE payment_prompts SET crm_write = ?, crm_write_error = ?, revision = revision + 1
           WHERE id = ? AND status = 'confirmed' AND crm_write IN (${why === null ? "'pending', 'failed'" : "'pending'"})`,
        )
        .run(why === null ? 'done' : 'failed', why, id).changes === 1
    );
  }

  /** The manager said «not mine / a mistake»; false when the prompt was no longer open. */
  reject(id: number, by: number, at: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE payment_prompts SET status = 'rejected', decided_by = ?, decided_at = ?, revision = revision + 1 WHERE id = ? AND status IN ('pending', 'recorded')`,
        )
        .run(by, at, id).changes === 1
    );
  }

  /** The notice no longer names this invoice. */
  /** What a new version of the announcement says of the payer and of a shared sum (no new revision: revise makes it). */
  /** What keeps the prompt's «Да» back, set by an edit or cleared once its manager checked (no new revision). */
  setCaveat(id: number, caveat: Caveat | null): void {
    this.db.prepare('UPDATE payment_prompts SET caveat = ? WHERE id = ?').run(caveat && JSON.stringify(caveat), id);
  }

  setPayerAndShare(id: number, payerDiffers: PayerDiffers | null, sharedSum: SharedSum | null): void {
    this.db
      .prepare('UPDATE payment_prompts SET payer_differs = ?, shared_sum = ? WHERE id = ?')
      .run(payerDiffers && JSON.stringify(payerDiffers), sharedSum && JSON.stringify(sharedSum), id);
  }

  withdraw(id: number): void {
    this.db.prepare(`UPDATE payment_prompts SET status = 'withdrawn', revision = revision + 1 WHERE id = ?`).run(id);
  }

  /** A notice's prompts still open (pending, or a partial payment recorded). */
  openPromptsOf(noticeId: number): PromptRow[] {
    return (
      this.db
        .prepare(`SELECT * FROM payment_prompts WHERE notice_id = ? AND status IN ('pending', 'recorded')`)
        .all(noticeId) as RawPrompt[]
    ).map(toPrompt);
  }

  /** A reminder goes out again for the revision an edit brought the prompt back at (its first one was sent). */
  addReminderAgain(id: number, revision: number): void {
    const p = this.prompt(id);
    if (!p || p.remindersAgain.includes(revision)) return;
    this.db
      .prepare('UPDATE payment_prompts SET reminders_again = ? WHERE id = ?')
      .run(JSON.stringify([...p.remindersAgain, revision]), id);
  }

  /** The open prompts made while `id` was waiting for the same invoice (they name it). */
  openPromptsAfter(id: number): PromptRow[] {
    return (
      this.db
        .prepare(`SELECT * FROM payment_prompts WHERE open_before = ? AND status = 'pending'`)
        .all(id) as RawPrompt[]
    ).map(toPrompt);
  }

  /** A notice's prompts a manager confirmed, with who did. */
  confirmedPromptsOf(noticeId: number): Array<PromptRow & { decidedBy: number | null }> {
    return (
      this.db
        .prepare(`SELECT * FROM payment_prompts WHERE notice_id = ? AND status = 'confirmed'`)
        .all(noticeId) as Array<RawPrompt & { decided_by: number | null }>
    ).map((r) => ({ ...toPrompt(r), decidedBy: r.decided_by }));
  }

  /**
   * A prompt for this invoice made by another notice: a confirmed one first, else a pending one (the
   * invoice announced twice). A confirmation whose CRM write was given up is neither: the invoice is
   * not paid, and announcing it again prompts again.
   */
  otherPromptForInvoice(noticeId: number, kind: InvoiceKind, invoiceId: number): PromptRow | undefined {
    const r = this.db
      .prepare(
        `SELECT * FROM payment_prompts WHERE invoice_kind = ? AND invoice_id = ? AND notice_id != ? AND status IN ('confirmed', 'pending')
           AND crm_write IS NOT 'failed'
         ORDER BY status = 'confirmed' DESC, id LIMIT 1`,
      )
      .get(kind, invoiceId, noticeId) as RawPrompt | undefined;
    return r && toPrompt(r);
  }

  /**
   * The prompts for an invoice its manager confirmed (any notice), oldest first, with who did — not
   * those whose CRM write was given up (the invoice is not paid by them).
   */
  confirmedPromptsOfInvoice(kind: InvoiceKind, invoiceId: number): Array<PromptRow & { decidedBy: number | null }> {
    return (
      this.db
        .prepare(
          `SELECT * FROM payment_prompts WHERE invoice_kind = ? AND invoice_id = ? AND status = 'confirmed' AND crm_write IS NOT 'failed' ORDER BY id`,
        )
        .all(kind, invoiceId) as Array<RawPrompt & { decided_by: number | null }>
    ).map((r) => ({ ...toPrompt(r), decidedBy: r.decided_by }));
  }

  /**
   * The prompts of a chat's announcements received since `since` (ms) that an announcer may still take
   * back: open (pending, a part recorded) or confirmed, newest first, with who confirmed.
   */
  promptsAnnouncedIn(
    chat: { channel: Channel; id: string },
    since: number,
  ): Array<PromptRow & { decidedBy: number | null }> {
    return (
      this.db
        .prepare(
          `SELECT p.* FROM payment_prompts p JOIN payment_notices n ON n.id = p.notice_id
           WHERE n.channel = ? AND n.chat_id = ? AND n.received_at >= ? AND p.status IN ('pending', 'recorded', 'confirmed')
           ORDER BY p.id DESC`,
        )
        .all(chat.channel, chat.id, since) as Array<RawPrompt & { decided_by: number | null }>
    ).map((r) => ({ ...toPrompt(r), decidedBy: r.decided_by }));
  }

  /** The prompts for an invoice still waiting for their manager (any notice). */
  openPromptsForInvoice(kind: InvoiceKind, invoiceId: number): PromptRow[] {
    return (
      this.db
        .prepare(`SELECT * FROM payment_prompts WHERE invoice_kind = ? AND invoice_id = ? AND status = 'pending'`)
        .all(kind, invoiceId) as RawPrompt[]
    ).map(toPrompt);
  }

  /**
   * The parts of an invoice recorded so far: its partial payments (status `recorded`) made before
   * prompt `beforeId` (all when null), oldest first, with when their message came.
   */
  recordedPartsOf(kind: InvoiceKind, invoiceId: number, beforeId: number | null): Array<PromptRow & { at: number }> {
    return (
      this.db
        .prepare(
          `SELECT p.*, n.received_at AS at FROM payment_prompts p JOIN payment_notices n ON n.id = p.notice_id
           WHERE p.invoice_kind = ? AND p.invoice_id = ? AND p.status = 'recorded' AND p.id < ? ORDER BY p.id`,
        )
        .all(kind, invoiceId, beforeId ?? Number.MAX_SAFE_INTEGER) as Array<RawPrompt & { at: number }>
    ).map((r) => ({ ...toPrompt(r), at: r.at }));
  }

  /** An invoice's prompts still open (pending, or a partial payment recorded) made after prompt `afterId`, oldest first. */
  laterOpenPromptsOfInvoice(kind: InvoiceKind, invoiceId: number, afterId: number): PromptRow[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM payment_prompts WHERE invoice_kind = ? AND invoice_id = ? AND id > ? AND status IN ('pending', 'recorded') ORDER BY id`,
        )
        .all(kind, invoiceId, afterId) as RawPrompt[]
    ).map(toPrompt);
  }

  /** The open prompts (pending) of a deal's invoices. */
  openPromptsOfDeal(dealId: number): PromptRow[] {
    return (
      this.db
        .prepare(`SELECT * FROM payment_prompts WHERE deal_id = ? AND status = 'pending'`)
        .all(dealId) as RawPrompt[]
    ).map(toPrompt);
  }

  /** The deal's invoices the prompt still waits for changed (one of them was written paid): a new revision. */
  setUnpaidBeside(id: number, numbers: string[]): void {
    this.db
      .prepare('UPDATE payment_prompts SET unpaid_beside = ?, revision = revision + 1 WHERE id = ?')
      .run(JSON.stringify(numbers), id);
  }

  pendingPromptsOf(managerId: number): PromptRow[] {
    return (
      this.db
        .prepare(`SELECT * FROM payment_prompts WHERE manager_id = ? AND status = 'pending'`)
        .all(managerId) as RawPrompt[]
    ).map(toPrompt);
  }

  /** The invoice was re-assigned in the CRM: the prompt goes to its new responsible (a new revision). */
  reassign(id: number, toId: number): void {
    this.db
      .prepare(
        'UPDATE payment_prompts SET manager_id = ?, responsible_id = ?, handed_over_from = NULL, handed_over_why = NULL, revision = revision + 1 WHERE id = ?',
      )
      .run(toId, toId, id);
  }

  /** The prompt goes to a stand-in for its manager, who cannot have it (a new revision). */
  handOver(id: number, toId: number, why: HandedOver): void {
    this.db
      .prepare(
        'UPDATE payment_prompts SET manager_id = ?, handed_over_from = ?, handed_over_why = ?, revision = revision + 1 WHERE id = ?',
      )
      .run(toId, why.from, why.why, id);
  }

  /**
   * Retention: deletes up to `limit` kv `payments.covered-by` rows whose prompt was settled (anything
   * but pending) before `before` — decided then, or made then when nobody decided it (withdrawn) —
   * or is gone. A pending prompt's row stays whatever its age.
   */
  /**
   * The outbox keys of every copy of the messages of prompts still open (pending, or a partial
   * payment recorded): the prompt, the copy handed over to whoever has it, the reminders. Retention
   * keeps them (app/retention.ts): editing a message needs the id its send got.
   */
  openPromptCopyKeys(): string[] {
    const rows = this.db
      .prepare(`SELECT id, manager_id, reminders_again FROM payment_prompts WHERE status IN ('pending', 'recorded')`)
      .all() as Array<{ id: number; manager_id: number; reminders_again: string }>;
    return rows.flatMap((r) =>
      [
        messageKey.paymentPrompt(r.id),
        messageKey.paymentReminder(r.id),
        ...(JSON.parse(r.reminders_again) as number[]).map((rev) => messageKey.paymentReminderAgain(r.id, rev)),
        messageKey.paymentPromptHandedOver(r.id, r.manager_id),
        messageKey.paymentReminderTo(r.id, r.manager_id),
      ].flatMap(allCopyKeys),
    );
  }

  pruneCoveredBy(before: number, limit: number): number {
    const prefix = kvKey.paymentCoveredByAll;
    return this.db
      .prepare(
        `DELETE FROM kv WHERE key IN (
           SELECT k.key FROM kv k LEFT JOIN payment_prompts p ON p.id = CAST(substr(k.key, ?) AS INTEGER)
           WHERE k.key >= ? AND k.key < ?
             AND (p.id IS NULL OR (p.status != 'pending' AND COALESCE(p.decided_at, p.created_at) < ?))
           LIMIT ?)`,
      )
      .run(prefix.length + 1, prefix, `${prefix}\uffff`, before, limit).changes;
  }

  // ── Choices among several fitting invoices ──

  /** Stores the candidates shown as buttons (the first 8); returns the choice id. */
  offerChoice(noticeId: number, written: string, candidates: Invoice[], now: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO payment_choices (notice_id, written, candidates, created_at) VALUES (?, ?, ?, ?)')
        .run(noticeId, written, JSON.stringify(candidates.slice(0, 8)), now).lastInsertRowid,
    );
  }

  choice(id: number): ChoiceRow | undefined {
    const r = this.db.prepare('SELECT * FROM payment_choices WHERE id = ?').get(id) as RawChoice | undefined;
    return (
      r && { id: r.id, noticeId: r.notice_id, candidates: JSON.parse(r.candidates) as Invoice[], status: r.status }
    );
  }

  /** Marks the choice made; false when it was made already. */
  pickChoice(id: number): boolean {
    return (
      this.db.prepare(`UPDATE payment_choices SET status = 'picked' WHERE id = ? AND status = 'open'`).run(id)
        .changes === 1
    );
  }

  // ── Reports ──

  /** Every invoice announced since `start`, in order of announcement. */
  /**
   * The chat's messages since `start` (ms) that have no prompt, in the order they came; a statement's
   * documents (each a notice of its own, summed up in one reply) are not among them.
   */
  unpromptedSince(start: number): UnpromptedRow[] {
    return (
      this.db
        .prepare(
          `SELECT n.received_at, n.text, n.version, n.processed_version FROM payment_notices n
         WHERE n.received_at >= ? AND n.statement_id IS NULL AND instr(n.message_id, '#') = 0
           AND NOT EXISTS (SELECT 1 FROM payment_prompts p WHERE p.notice_id = n.id)
         ORDER BY n.received_at, n.id`,
        )
        .all(start) as Array<{ received_at: number; text: string; version: number; processed_version: number }>
    ).map((r) => ({ receivedAt: r.received_at, text: r.text, read: r.processed_version >= r.version }));
  }

  /**
   * A statement's documents since `start` (ms) that have no prompt, in the order they came: money the
   * file's summary said no invoice took («не найден»), a question, a cut document, one being read.
   */
  unpromptedDocumentsSince(start: number): UnpromptedDocumentRow[] {
    return (
      this.db
        .prepare(
          `SELECT n.received_at, n.message_id, n.text, n.version, n.processed_version, n.reading, n.fingerprint
         FROM payment_notices n
         WHERE n.received_at >= ? AND (n.statement_id IS NOT NULL OR instr(n.message_id, '#') > 0)
           AND NOT EXISTS (SELECT 1 FROM payment_prompts p WHERE p.notice_id = n.id)
         ORDER BY n.received_at, n.id`,
        )
        .all(start) as Array<{
        received_at: number;
        message_id: string;
        text: string;
        version: number;
        processed_version: number;
        reading: string | null;
        fingerprint: string | null;
      }>
    ).map((r) => ({
      receivedAt: r.received_at,
      messageId: r.message_id,
      text: r.text,
      read: r.processed_version >= r.version,
      outcomes: r.reading === null ? null : (JSON.parse(r.reading) as StatementReading).outcomes,
      cut: r.fingerprint?.startsWith('cut|') ?? false,
    }));
  }

  announcedSince(start: number): AnnouncedRow[] {
    return (
      this.db
        .prepare(
          `SELECT n.received_at, p.invoice_number, p.paid_amount, p.manager_id, p.status, p.crm_write FROM payment_prompts p JOIN payment_notices n ON n.id = p.notice_id
         WHERE n.received_at >= ? ORDER BY n.received_at, p.id`,
        )
        .all(start) as Array<{
        received_at: number;
        invoice_number: string;
        paid_amount: number | null;
        manager_id: number;
        status: PromptStatus;
        crm_write: CrmWrite | null;
      }>
    ).map((r) => ({
      receivedAt: r.received_at,
      invoiceNumber: r.invoice_number,
      paidAmount: r.paid_amount,
      managerId: r.manager_id,
      status: r.status,
      crmWrite: r.crm_write,
    }));
  }
}
