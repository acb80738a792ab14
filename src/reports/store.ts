/**
 * The reports desk's own tables (migration 008): a ledger of assignments fed by the deal desk's
 * domain events, and of confirmed payments fed by the payment desk's.
 */
import type { Db } from '../store/db';
import type { DomainEventMap } from '../kernel/events';
import type { LedgerRow, PaymentRow } from './figures';

interface RawRow {
  assignment_id: number;
  deal_id: number;
  manager_id: number;
  title: string;
  contact_id: number | null;
  company_id: number | null;
  assigned_at: number;
  claimed_at: number | null;
  claimed_via: string | null;
  contact_at: number | null;
  escalations: number;
  closed_at: number | null;
  closed_reason: string | null;
  via_reassignment: number;
  taken_away_at: number | null;
}

export interface OpenContactRow {
  assignmentId: number;
  dealId: number;
  managerId: number;
  contactId: number | null;
  companyId: number | null;
  assignedAt: number;
  claimedAt: number | null;
}

const toLedger = (r: RawRow): LedgerRow => ({
  assignmentId: r.assignment_id,
  dealId: r.deal_id,
  managerId: r.manager_id,
  title: r.title,
  assignedAt: r.assigned_at,
  claimedAt: r.claimed_at,
  claimedVia: r.claimed_via,
  contactAt: r.contact_at,
  escalations: r.escalations,
  closedAt: r.closed_at,
  closedReason: r.closed_reason,
  viaReassignment: r.via_reassignment === 1,
  takenAwayAt: r.taken_away_at,
});

const toOpen = (r: RawRow): OpenContactRow => ({
  assignmentId: r.assignment_id,
  dealId: r.deal_id,
  managerId: r.manager_id,
  contactId: r.contact_id,
  companyId: r.company_id,
  assignedAt: r.assigned_at,
  claimedAt: r.claimed_at,
});

export class ReportStore {
  constructor(private readonly db: Db) {}

  /**
   * A new assignment. When the deal's previous row belonged to someone else and had not ended
   * (lost, deleted), the deal was taken from them: theirs is marked, this one came by re-assignment.
   */
  opened(e: DomainEventMap['assignmentOpened']): void {
    const prev = this.db
      .prepare(
        `SELECT assignment_id, manager_id, closed_reason, taken_away_at FROM report_assignments
         WHERE deal_id = ? AND assignment_id < ? ORDER BY assignment_id DESC LIMIT 1`,
      )
      .get(e.dealId, e.assignmentId) as
      | { assignment_id: number; manager_id: number; closed_reason: string | null; taken_away_at: number | null }
      | undefined;
    const takenFrom =
      prev &&
      prev.manager_id !== e.managerId &&
      prev.taken_away_at === null &&
      (prev.closed_reason === null || prev.closed_reason.startsWith('reassigned'));
    if (prev && takenFrom)
      this.db
        .prepare('UPDATE report_assignments SET taken_away_at = ? WHERE assignment_id = ?')
        .run(e.assignedAt, prev.assignment_id);
    this.db
      .prepare(
        `INSERT OR IGNORE INTO report_assignments
           (assignment_id, deal_id, manager_id, title, contact_id, company_id, assigned_at, via_reassignment)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.assignmentId, e.dealId, e.managerId, e.title, e.contactId, e.companyId, e.assignedAt, takenFrom ? 1 : 0);
  }

  claimed(e: DomainEventMap['assignmentClaimed']): void {
    this.db
      .prepare(
        'UPDATE report_assignments SET claimed_at = ?, claimed_via = ? WHERE assignment_id = ? AND claimed_at IS NULL',
      )
      .run(e.at, e.via, e.assignmentId);
  }

  closed(e: DomainEventMap['assignmentClosed']): void {
    this.db
      .prepare(
        'UPDATE report_assignments SET closed_at = ?, closed_reason = ? WHERE assignment_id = ? AND closed_at IS NULL',
      )
      .run(e.at, e.reason, e.assignmentId);
  }

  escalated(e: DomainEventMap['assignmentEscalated']): void {
    this.db
      .prepare('UPDATE report_assignments SET escalations = escalations + 1 WHERE assignment_id = ?')
      .run(e.assignmentId);
  }

  paymentConfirmed(e: DomainEventMap['paymentConfirmed']): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO report_payments (prompt_id, manager_id, deal_id, announced_at, confirmed_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(e.promptId, e.managerId, e.dealId, e.announcedAt, e.confirmedAt);
  }

  get(assignmentId: number): (LedgerRow & OpenContactRow) | undefined {
    const r = this.db.prepare('SELECT * FROM report_assignments WHERE assignment_id = ?').get(assignmentId) as
      | RawRow
      | undefined;
    return r && { ...toLedger(r), ...toOpen(r) };
  }

  /** Assignments that arrived in [from, to). */
  rows(from: number, to: number): LedgerRow[] {
    return (
      this.db
        .prepare('SELECT * FROM report_assignments WHERE assigned_at >= ? AND assigned_at < ? ORDER BY assignment_id')
        .all(from, to) as RawRow[]
    ).map(toLedger);
  }

  payments(from: number, to: number): PaymentRow[] {
    return (
      this.db
        .prepare(
          'SELECT prompt_id, manager_id, announced_at, confirmed_at FROM report_payments WHERE confirmed_at >= ? AND confirmed_at < ?',
        )
        .all(from, to) as Array<{ prompt_id: number; manager_id: number; announced_at: number; confirmed_at: number }>
    ).map((r) => ({
      promptId: r.prompt_id,
      managerId: r.manager_id,
      announcedAt: r.announced_at,
      confirmedAt: r.confirmed_at,
    }));
  }

  /**
   * Still-open assignments without a contact, assigned since `since`, not asked about since
   * `checkedBefore`: what the sweep asks the portal about, least recently asked first.
   */
  awaitingContact(since: number, checkedBefore: number, limit: number): OpenContactRow[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM report_assignments
           WHERE contact_at IS NULL AND closed_at IS NULL AND taken_away_at IS NULL AND assigned_at >= ?
             AND (contact_checked_at IS NULL OR contact_checked_at < ?)
           ORDER BY coalesce(contact_checked_at, 0), assignment_id LIMIT ?`,
        )
        .all(since, checkedBefore, limit) as RawRow[]
    ).map(toOpen);
  }

  /** Records the first contact (once) and when the portal was last asked. */
  contacted(assignmentId: number, at: number, kind: string, checkedAt: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE report_assignments SET contact_at = ?, contact_kind = ?, contact_checked_at = ?
           WHERE assignment_id = ? AND contact_at IS NULL`,
        )
        .run(at, kind, checkedAt, assignmentId).changes === 1
    );
  }

  checked(assignmentIds: number[], at: number): void {
    const stmt = this.db.prepare('UPDATE report_assignments SET contact_checked_at = ? WHERE assignment_id = ?');
    for (const id of assignmentIds) stmt.run(at, id);
  }
}
