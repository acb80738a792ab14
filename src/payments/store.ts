/**
 * The payment desk's tables: the messages of the «Оплата» chat (payment_notices), the prompts to
 * managers (payment_prompts, one per notice and invoice) and the announcer's choices among several
 * fitting invoices (payment_choices). Every statement of the desk is here; the desk decides, this
 * stores. Transactions are the caller's (ctx.tx).
 */
import type { Db } from '../store/db';
import type { Channel, Invoice } from '../kernel/ports';

export type InvoiceKind = Invoice['kind'];
export type Verdict = 'match' | 'mismatch' | 'partial';
export type PromptStatus = 'pending' | 'confirmed' | 'rejected' | 'recorded' | 'withdrawn';

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
}

/** The prompt to one invoice's manager. */
export interface PromptRow {
  id: number;
  noticeId: number;
  invoiceKind: InvoiceKind;
  invoiceId: number;
  invoiceNumber: string;
  invoiceAmount: number;
  dealId: number | null;
  paidStage: string | null;
  stageName: string | null;
  company: string | null;
  managerId: number;
  paidAmount: number | null;
  verdict: Verdict;
  status: PromptStatus;
  /** Bumped by every change of what the prompt says: the version of its edits. */
  revision: number;
  /** Labels of required invoice fields found empty (step 57): no «Да» while any is listed. */
  missingFields: string[];
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
}

/** A new prompt, as decided by the desk (the store numbers it and starts its revisions). */
export type NewPrompt = Omit<PromptRow, 'id' | 'revision'>;

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
}

interface RawPrompt {
  id: number;
  notice_id: number;
  invoice_kind: InvoiceKind;
  invoice_id: number;
  invoice_number: string;
  invoice_amount: number;
  deal_id: number | null;
  paid_stage: string | null;
  stage_name: string | null;
  company: string | null;
  manager_id: number;
  paid_amount: number | null;
  verdict: Verdict;
  status: PromptStatus;
  revision: number;
  missing_fields: string;
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
});

const toPrompt = (r: RawPrompt): PromptRow => ({
  id: r.id,
  noticeId: r.notice_id,
  invoiceKind: r.invoice_kind,
  invoiceId: r.invoice_id,
  invoiceNumber: r.invoice_number,
  invoiceAmount: r.invoice_amount,
  dealId: r.deal_id,
  paidStage: r.paid_stage,
  stageName: r.stage_name,
  company: r.company,
  managerId: r.manager_id,
  paidAmount: r.paid_amount,
  verdict: r.verdict,
  status: r.status,
  revision: r.revision,
  missingFields: JSON.parse(r.missing_fields) as string[],
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
  ): { id: number; version: number } | null {
    const existing = this.db
      .prepare(`SELECT id, text, version FROM payment_notices WHERE channel = ? AND chat_id = ? AND message_id = ?`)
      .get(chat.channel, chat.id, messageId) as { id: number; text: string; version: number } | undefined;
    if (existing?.text === text) return null;
    if (existing) {
      this.db
        .prepare('UPDATE payment_notices SET text = ?, version = version + 1, edited_at = ? WHERE id = ?')
        .run(text, now, existing.id);
      return { id: existing.id, version: existing.version + 1 };
    }
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO payment_notices (channel, chat_id, message_id, author_id, text, received_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(chat.channel, chat.id, messageId, authorId, text, now).lastInsertRowid,
    );
    return { id, version: 1 };
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
          `INSERT INTO payment_prompts (notice_id, invoice_kind, invoice_id, invoice_number, invoice_amount, deal_id, paid_stage, stage_name, company, manager_id, paid_amount, verdict, status, missing_fields, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    },
  ): void {
    this.db
      .prepare(
        `UPDATE payment_prompts SET verdict = ?, paid_amount = ?, invoice_amount = ?, status = ?, missing_fields = ?, revision = revision + 1 WHERE id = ?`,
      )
      .run(r.verdict, r.paidAmount, r.invoiceAmount, r.status, JSON.stringify(r.missingFields), id);
  }

  /**
   * The invoice as it is now, compared again: its amount, the verdict and the required fields still
   * empty (a new revision).
   */
  rejudge(id: number, verdict: 'match' | 'mismatch', invoiceAmount: number, missingFields: string[]): void {
    this.db
      .prepare(
        `UPDATE payment_prompts SET verdict = ?, invoice_amount = ?, missing_fields = ?, revision = revision + 1 WHERE id = ?`,
      )
      .run(verdict, invoiceAmount, JSON.stringify(missingFields), id);
  }

  /** The manager confirmed; false when the prompt was no longer pending (a double tap, a second copy). */
  confirm(id: number, by: number, at: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE payment_prompts SET status = 'confirmed', decided_by = ?, decided_at = ?, revision = revision + 1 WHERE id = ? AND status = 'pending'`,
        )
        .run(by, at, id).changes === 1
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

  /** A notice's prompts a manager confirmed, with who did. */
  confirmedPromptsOf(noticeId: number): Array<PromptRow & { decidedBy: number | null }> {
    return (
      this.db
        .prepare(`SELECT * FROM payment_prompts WHERE notice_id = ? AND status = 'confirmed'`)
        .all(noticeId) as Array<RawPrompt & { decided_by: number | null }>
    ).map((r) => ({ ...toPrompt(r), decidedBy: r.decided_by }));
  }

  /** A manager's prompts waiting for their answer. */
  pendingPromptsOf(managerId: number): PromptRow[] {
    return (
      this.db
        .prepare(`SELECT * FROM payment_prompts WHERE manager_id = ? AND status = 'pending'`)
        .all(managerId) as RawPrompt[]
    ).map(toPrompt);
  }

  /** The prompt goes to another manager (a new revision). */
  handOver(id: number, toId: number): void {
    this.db.prepare('UPDATE payment_prompts SET manager_id = ?, revision = revision + 1 WHERE id = ?').run(toId, id);
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
  announcedSince(start: number): AnnouncedRow[] {
    return (
      this.db
        .prepare(
          `SELECT n.received_at, p.invoice_number, p.paid_amount, p.manager_id, p.status FROM payment_prompts p JOIN payment_notices n ON n.id = p.notice_id
         WHERE n.received_at >= ? ORDER BY n.received_at, p.id`,
        )
        .all(start) as Array<{
        received_at: number;
        invoice_number: string;
        paid_amount: number | null;
        manager_id: number;
        status: PromptStatus;
      }>
    ).map((r) => ({
      receivedAt: r.received_at,
      invoiceNumber: r.invoice_number,
      paidAmount: r.paid_amount,
      managerId: r.manager_id,
      status: r.status,
    }));
  }
}
