import type { Db } from '../store/db';
import type { StoredDeal } from '../kernel/ports';
import type { AssignmentView, AssignmentStatus } from './claims';

export type { StoredDeal };

export interface AssignmentRow extends AssignmentView {
  dueAt: number;
  claimedAt: number | null;
  claimedVia: string | null;
  claimSeconds: number | null;
}

interface RawAssignment {
  id: number;
  deal_id: number;
  manager_id: number;
  assigned_at: number;
  due_at: number;
  status: AssignmentStatus;
  claimed_at: number | null;
  claimed_by: number | null;
  claimed_via: string | null;
  claim_seconds: number | null;
}

const toAssignment = (r: RawAssignment): AssignmentRow => ({
  id: r.id,
  dealId: r.deal_id,
  managerId: r.manager_id,
  assignedAt: r.assigned_at,
  dueAt: r.due_at,
  status: r.status,
  claimedAt: r.claimed_at,
  claimedBy: r.claimed_by,
  claimedVia: r.claimed_via,
  claimSeconds: r.claim_seconds,
});

export class DealStore {
  constructor(private readonly db: Db) {}

  get(id: number): (StoredDeal & { deleted: boolean }) | undefined {
    const row = this.db.prepare('SELECT snapshot, deleted FROM deals WHERE id = ?').get(id) as
      | { snapshot: string; deleted: number }
      | undefined;
    if (!row) return undefined;
    return { ...(JSON.parse(row.snapshot) as StoredDeal), deleted: row.deleted === 1 };
  }

  save(d: StoredDeal, now: number): void {
    this.db
      .prepare(
        `INSERT INTO deals (id, category_id, stage_id, assigned_by_id, date_modify, snapshot, deleted, updated_at)
         VALUES (@id, @categoryId, @stageId, @assignedById, @dateModify, @snapshot, 0, @now)
         ON CONFLICT(id) DO UPDATE SET category_id = excluded.category_id, stage_id = excluded.stage_id,
           assigned_by_id = excluded.assigned_by_id, date_modify = excluded.date_modify,
           snapshot = excluded.snapshot, deleted = 0, updated_at = excluded.updated_at`,
      )
      .run({ ...d.deal, snapshot: JSON.stringify(d), now });
  }

  markDeleted(id: number, now: number): void {
    this.db.prepare('UPDATE deals SET deleted = 1, updated_at = ? WHERE id = ?').run(now, id);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM deals').get() as { n: number }).n;
  }
}

export class AssignmentStore {
  constructor(private readonly db: Db) {}

  get(id: number): AssignmentRow | undefined {
    const r = this.db.prepare('SELECT * FROM assignments WHERE id = ?').get(id) as RawAssignment | undefined;
    return r && toAssignment(r);
  }

  latestForDeal(dealId: number): AssignmentRow | null {
    const r = this.db.prepare('SELECT * FROM assignments WHERE deal_id = ? ORDER BY id DESC LIMIT 1').get(dealId) as
      | RawAssignment
      | undefined;
    return r ? toAssignment(r) : null;
  }

  create(a: { dealId: number; managerId: number; assignedAt: number; dueAt: number }): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO assignments (deal_id, manager_id, assigned_at, due_at, status) VALUES (?, ?, ?, ?, 'pending')`,
        )
        .run(a.dealId, a.managerId, a.assignedAt, a.dueAt).lastInsertRowid,
    );
  }

  /** Returns false when the assignment was no longer pending: the caller lost a race and does nothing. */
  claim(id: number, c: { by: number; at: number; via: string; seconds: number }): boolean {
    return (
      this.db
        .prepare(
          `UPDATE assignments SET status = 'claimed', claimed_by = ?, claimed_at = ?, claimed_via = ?, claim_seconds = ?
           WHERE id = ? AND status = 'pending'`,
        )
        .run(c.by, c.at, c.via, c.seconds, id).changes === 1
    );
  }

  close(id: number, status: 'reassigned' | 'closed', reason: string, by: number | null = null): boolean {
    return (
      this.db
        .prepare(
          `UPDATE assignments SET status = ?, closed_reason = ?, reassigned_by = ? WHERE id = ? AND status = 'pending'`,
        )
        .run(status, reason, by, id).changes === 1
    );
  }

  addCard(c: { assignmentId: number; role: 'card' | 'alert' | 'ping'; personId: number; outboxKey: string }): void {
    this.db
      .prepare('INSERT OR IGNORE INTO cards (assignment_id, role, person_id, outbox_key) VALUES (?, ?, ?, ?)')
      .run(c.assignmentId, c.role, c.personId, c.outboxKey);
  }

  cards(assignmentId: number): Array<{ role: 'card' | 'alert' | 'ping'; personId: number; outboxKey: string }> {
    return (
      this.db
        .prepare('SELECT role, person_id, outbox_key FROM cards WHERE assignment_id = ? ORDER BY id')
        .all(assignmentId) as Array<{
        role: 'card' | 'alert' | 'ping';
        person_id: number;
        outbox_key: string;
      }>
    ).map((r) => ({ role: r.role, personId: r.person_id, outboxKey: r.outbox_key }));
  }

  /** People who were alerted about this assignment: they may act on its escalation buttons. */
  alertedPeople(assignmentId: number): number[] {
    return (
      this.db
        .prepare(`SELECT DISTINCT person_id FROM cards WHERE assignment_id = ? AND role = 'alert'`)
        .all(assignmentId) as Array<{ person_id: number }>
    ).map((r) => r.person_id);
  }

  pendingCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM assignments WHERE status = 'pending'`).get() as { n: number }).n;
  }
}

/**
 * What a bundle message is: a list of ≤ `bundleSize` alerts, a digest of a backlog of alerts (paged),
 * or a manager's list of waiting deals instead of a ping apiece (paged).
 */
export type BundleKind = 'list' | 'digest' | 'pings';
/** The kinds that alert a supervisor (their deal buttons are a supervisor's). */
export const ALERT_KINDS: readonly BundleKind[] = ['list', 'digest'];

export interface BundleRow {
  id: number;
  personId: number;
  kind: BundleKind;
  createdAt: number;
  /** The page shown now (0-based; paged kinds). */
  page: number;
}

interface RawBundle {
  id: number;
  person_id: number;
  kind: BundleKind;
  created_at: number;
  page: number;
}

const toBundle = (r: RawBundle): BundleRow => ({
  id: r.id,
  personId: r.person_id,
  kind: r.kind,
  createdAt: r.created_at,
  page: r.page,
});

/** Bundles of alerts or pings to one person (deals/bundles.ts): the message and the deals in it. */
export class AlertBundleStore {
  constructor(private readonly db: Db) {}

  create(personId: number, now: number, kind: BundleKind = 'list'): number {
    return Number(
      this.db
        .prepare('INSERT INTO alert_bundles (person_id, created_at, kind) VALUES (?, ?, ?)')
        .run(personId, now, kind).lastInsertRowid,
    );
  }

  get(id: number): BundleRow | null {
    const r = this.db.prepare('SELECT id, person_id, kind, created_at, page FROM alert_bundles WHERE id = ?').get(id) as
      | RawBundle
      | undefined;
    return r ? toBundle(r) : null;
  }

  /** The person's newest bundle of one of these kinds, with how many deals it holds. */
  newest(personId: number, kinds: readonly BundleKind[] = ['list']): (BundleRow & { size: number }) | null {
    const r = this.db
      .prepare(
        `SELECT b.id, b.person_id, b.kind, b.created_at, b.page,
           (SELECT count(*) FROM alert_bundle_items i WHERE i.bundle_id = b.id) AS size
         FROM alert_bundles b WHERE b.person_id = ? AND b.kind IN (SELECT value FROM json_each(?))
         ORDER BY b.id DESC LIMIT 1`,
      )
      .get(personId, JSON.stringify(kinds)) as (RawBundle & { size: number }) | undefined;
    return r ? { ...toBundle(r), size: r.size } : null;
  }

  /** False when the deal is already in the list. */
  addItem(bundleId: number, assignmentId: number, level: number, now: number): boolean {
    return (
      this.db
        .prepare(
          'INSERT OR IGNORE INTO alert_bundle_items (bundle_id, assignment_id, level, added_at) VALUES (?, ?, ?, ?)',
        )
        .run(bundleId, assignmentId, level, now).changes === 1
    );
  }

  items(bundleId: number): Array<{ assignmentId: number; level: number }> {
    return (
      this.db
        .prepare('SELECT assignment_id, level FROM alert_bundle_items WHERE bundle_id = ? ORDER BY added_at, rowid')
        .all(bundleId) as Array<{ assignment_id: number; level: number }>
    ).map((r) => ({ assignmentId: r.assignment_id, level: r.level }));
  }

  /** How many deals a bundle holds and how many of them still wait (their assignment pending). */
  counts(bundleId: number): { total: number; waiting: number } {
    const r = this.db
      .prepare(
        `SELECT count(*) AS total, coalesce(sum(a.status = 'pending'), 0) AS waiting
         FROM alert_bundle_items i JOIN assignments a ON a.id = i.assignment_id WHERE i.bundle_id = ?`,
      )
      .get(bundleId) as { total: number; waiting: number };
    return { total: r.total, waiting: r.waiting };
  }

  /** One page of the deals that still wait, the longest-waiting first. */
  waitingPage(bundleId: number, offset: number, limit: number): Array<{ assignmentId: number; level: number }> {
    return (
      this.db
        .prepare(
          `SELECT i.assignment_id, i.level FROM alert_bundle_items i JOIN assignments a ON a.id = i.assignment_id
           WHERE i.bundle_id = ? AND a.status = 'pending' ORDER BY a.assigned_at, a.id LIMIT ? OFFSET ?`,
        )
        .all(bundleId, limit, offset) as Array<{ assignment_id: number; level: number }>
    ).map((r) => ({ assignmentId: r.assignment_id, level: r.level }));
  }

  /** The page a paged bundle shows from now on (kept across restarts). */
  setPage(bundleId: number, page: number): void {
    this.db.prepare('UPDATE alert_bundles SET page = ? WHERE id = ?').run(page, bundleId);
  }

  /** The bundles a deal is in, with their recipients and kinds. */
  bundlesOf(assignmentId: number): Array<{ id: number; personId: number; kind: BundleKind }> {
    return (
      this.db
        .prepare(
          `SELECT b.id, b.person_id, b.kind FROM alert_bundles b JOIN alert_bundle_items i ON i.bundle_id = b.id WHERE i.assignment_id = ?`,
        )
        .all(assignmentId) as Array<{ id: number; person_id: number; kind: BundleKind }>
    ).map((r) => ({ id: r.id, personId: r.person_id, kind: r.kind }));
  }

  /**
   * Retention: deletes up to `limit` bundles created before `before` (ms since the epoch) with every
   * deal in them handled, and their items; a bundle still holding a waiting deal stays whatever its
   * age (its page buttons still work). Returns how many bundles went.
   */
  prune(before: number, limit: number): number {
    return this.db.transaction(() => {
      const ids = (
        this.db
          .prepare(
            `SELECT b.id FROM alert_bundles b WHERE b.created_at < ? AND NOT EXISTS (
               SELECT 1 FROM alert_bundle_items i JOIN assignments a ON a.id = i.assignment_id
               WHERE i.bundle_id = b.id AND a.status = 'pending') LIMIT ?`,
          )
          .all(before, limit) as Array<{ id: number }>
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      const list = JSON.stringify(ids);
      this.db.prepare('DELETE FROM alert_bundle_items WHERE bundle_id IN (SELECT value FROM json_each(?))').run(list);
      return this.db.prepare('DELETE FROM alert_bundles WHERE id IN (SELECT value FROM json_each(?))').run(list)
        .changes;
    })();
  }

  /** The next revision of a list (each edit of it has its own key). */
  bump(bundleId: number): number {
    const r = this.db
      .prepare('UPDATE alert_bundles SET revision = revision + 1 WHERE id = ? RETURNING revision')
      .get(bundleId) as { revision: number } | undefined;
    return r?.revision ?? 0;
  }
}
