/**
 * The follow-ups table: calls after a won deal, feedback surveys, failure analyses. Every SQL
 * statement of the follow-up desk lives here; the desk speaks in follow-ups, not rows.
 */
import type { Db } from '../store/db';

export type FollowUpKind = 'call' | 'survey' | 'failure';
export type FollowUpStatus = 'scheduled' | 'sent' | 'done' | 'declined' | 'cancelled' | 'escalated';

export interface FollowUp {
  id: number;
  dealId: number;
  kind: FollowUpKind;
  /** The n-th call for this deal ("call again in a month"). */
  generation: number;
  managerId: number;
  contactId: number | null;
  companyId: number | null;
  dueAt: number;
  status: FollowUpStatus;
  /** Bumps on every reschedule; timer keys carry it. */
  revision: number;
  /** How many times a survey reminder was sent. */
  repeats: number;
  wonAt: number | null;
}

/** What a new follow-up is made of. */
export interface NewFollowUp {
  dealId: number;
  kind: FollowUpKind;
  generation: number;
  managerId: number;
  contactId: number | null;
  companyId: number | null;
  dueAt: number;
  wonAt: number | null;
}

interface RawFollowUp {
  id: number;
  deal_id: number;
  kind: FollowUpKind;
  generation: number;
  manager_id: number;
  contact_id: number | null;
  company_id: number | null;
  due_at: number;
  status: FollowUpStatus;
  revision: number;
  repeats: number;
  won_at: number | null;
}

const toFollowUp = (r: RawFollowUp): FollowUp => ({
  id: r.id,
  dealId: r.deal_id,
  kind: r.kind,
  generation: r.generation,
  managerId: r.manager_id,
  contactId: r.contact_id,
  companyId: r.company_id,
  dueAt: r.due_at,
  status: r.status,
  revision: r.revision,
  repeats: r.repeats,
  wonAt: r.won_at,
});

/** A follow-up still waiting for the manager: not yet due, or its card sent and unanswered. */
const OPEN = `status IN ('scheduled', 'sent')`;

export class FollowUpStore {
  constructor(private readonly db: Db) {}

  get(id: number): FollowUp | undefined {
    const r = this.db.prepare('SELECT * FROM followups WHERE id = ?').get(id) as RawFollowUp | undefined;
    return r && toFollowUp(r);
  }

  /** Creates a scheduled follow-up; null when this (deal, kind, generation) exists already. */
  create(f: NewFollowUp, now: number): number | null {
    const res = this.db
      .prepare(
        `INSERT OR IGNORE INTO followups (deal_id, kind, generation, manager_id, contact_id, company_id, due_at, status, won_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)`,
      )
      .run(f.dealId, f.kind, f.generation, f.managerId, f.contactId, f.companyId, f.dueAt, f.wonAt, now, now);
    return res.changes === 1 ? Number(res.lastInsertRowid) : null;
  }

  /** Whether the deal has a call still waiting. */
  hasOpenCall(dealId: number): boolean {
    const r = this.db
      .prepare(`SELECT count(*) AS n FROM followups WHERE deal_id = ? AND kind = 'call' AND ${OPEN}`)
      .get(dealId) as { n: number };
    return r.n > 0;
  }

  /** The highest call generation of a deal (0: no call yet). */
  lastCallGeneration(dealId: number): number {
    const r = this.db
      .prepare(`SELECT max(generation) AS g FROM followups WHERE deal_id = ? AND kind = 'call'`)
      .get(dealId) as { g: number | null };
    return r.g ?? 0;
  }

  /** The ids of the deal's follow-ups still waiting. */
  openIdsOfDeal(dealId: number): number[] {
    return (
      this.db.prepare(`SELECT id FROM followups WHERE deal_id = ? AND ${OPEN}`).all(dealId) as Array<{ id: number }>
    ).map((r) => r.id);
  }

  /** Open follow-ups due before `until`, by manager, earliest first (the morning list). */
  openDueBefore(until: number): FollowUp[] {
    return (
      this.db
        .prepare(`SELECT * FROM followups WHERE ${OPEN} AND due_at < ? ORDER BY manager_id, due_at`)
        .all(until) as RawFollowUp[]
    ).map(toFollowUp);
  }

  /** The deal's open follow-ups go to its new manager. */
  reassignOpenOfDeal(dealId: number, managerId: number, now: number): void {
    this.db
      .prepare(`UPDATE followups SET manager_id = ?, updated_at = ? WHERE deal_id = ? AND ${OPEN}`)
      .run(managerId, now, dealId);
  }

  /** A departed manager's open follow-ups go to `toId`. */
  handOverOpen(fromId: number, toId: number, now: number): void {
    this.db
      .prepare(`UPDATE followups SET manager_id = ?, updated_at = ? WHERE manager_id = ? AND ${OPEN}`)
      .run(toId, now, fromId);
  }

  /** A new due time under a new revision (timers of older revisions are then stale). */
  reschedule(id: number, dueAt: number, revision: number, status: 'scheduled' | 'sent', now: number): void {
    this.db
      .prepare(`UPDATE followups SET due_at = ?, revision = ?, status = ?, updated_at = ? WHERE id = ?`)
      .run(dueAt, revision, status, now, id);
  }

  /** Its card went out. */
  markSent(id: number, now: number): void {
    this.setStatus(id, 'sent', now);
  }

  /** Answered: done (called, survey sent, analysis filled in) or declined (not needed, refused). */
  close(id: number, status: 'done' | 'declined', now: number): void {
    this.setStatus(id, status, now);
  }

  /** The deal was re-opened or deleted: nothing to follow up any more. */
  cancel(id: number, now: number): void {
    this.setStatus(id, 'cancelled', now);
  }

  /** The survey went unanswered too often: the supervisor was told. */
  markEscalated(id: number, now: number): void {
    this.setStatus(id, 'escalated', now);
  }

  /** One more survey reminder sent. */
  countRepeat(id: number): void {
    this.db.prepare(`UPDATE followups SET repeats = repeats + 1 WHERE id = ?`).run(id);
  }

  private setStatus(id: number, status: FollowUpStatus, now: number): void {
    this.db.prepare(`UPDATE followups SET status = ?, updated_at = ? WHERE id = ?`).run(status, now, id);
  }
}
