/**
 * PURE: the speed-to-lead figures of one period from the reports ledger. Time is an argument, the
 * working calendar too; nothing here reads a clock or a database.
 *
 * Counting rules (issue 16):
 * - a deal counts once per manager: rows of one (deal, manager) pair — a deal re-assigned A → B → A
 *   has two rows for A — make one "received" deal for A; its time to claim is measured on the row
 *   that was claimed (from that row's assignment), its time to first contact on the first row with
 *   a contact;
 * - times are WORKING minutes (kernel/working-hours): a night or a weekend in between does not count;
 * - a claim made in Bitrix24 (`via: 'crm'`) counts like one made with the button;
 * - medians and p90 are over the pairs that were claimed (or contacted); the share claimed within
 *   10 minutes is over every deal received (an unclaimed one is not within);
 * - a team's totals (a department, the whole report) count a deal ONCE however many of its managers
 *   had it: its wait runs from its first assignment in the team to the team's first claim (contact) —
 *   the time the client waited — so a deal re-assigned A → B is one deal, not two;
 * - percentiles interpolate linearly between order statistics (numpy's default, "type 7").
 */
import { isWorkingTime, workingTimeBetween, type WorkingCalendar } from '../kernel/working-hours';

/** One assignment as the ledger keeps it (times in ms since the epoch). */
export interface LedgerRow {
  assignmentId: number;
  dealId: number;
  managerId: number;
  title: string;
  assignedAt: number;
  claimedAt: number | null;
  claimedVia: string | null;
  contactAt: number | null;
  escalations: number;
  closedAt: number | null;
  closedReason: string | null;
  viaReassignment: boolean;
  takenAwayAt: number | null;
}

export interface PaymentRow {
  promptId: number;
  managerId: number;
  announcedAt: number;
  confirmedAt: number;
}

export interface ManagerFigures {
  managerId: number;
  departmentId: number | null;
  received: number;
  claimed: number;
  contacted: number;
  /** Working minutes; null when nothing was claimed (contacted). */
  claimMedian: number | null;
  claimP90: number | null;
  contactMedian: number | null;
  contactP90: number | null;
  /** 0…1 of the deals received; null when none were. */
  claimedWithinShare: number | null;
  escalations: number;
  /** Deals this manager got by a re-assignment. */
  reassignments: number;
  /** Deals taken away from this manager (given to someone else while theirs). */
  takenAway: number;
  outOfHours: number;
}

export interface DepartmentTotals {
  departmentId: number | null;
  managers: number;
  received: number;
  claimed: number;
  contacted: number;
  claimMedian: number | null;
  contactMedian: number | null;
  claimedWithinShare: number | null;
  escalations: number;
}

export interface LongWait {
  dealId: number;
  title: string;
  managerId: number;
  /** Working minutes from the assignment to the claim (or to the end of the wait when never claimed). */
  minutes: number;
  claimed: boolean;
}

export interface Report {
  from: number;
  to: number;
  managers: ManagerFigures[];
  departments: DepartmentTotals[];
  totals: DepartmentTotals;
  outOfHours: number;
  payments: { confirmed: number; median: number | null; p90: number | null };
  longestWaits: LongWait[];
}

export interface ReportInput {
  rows: LedgerRow[];
  payments: PaymentRow[];
  /** [from, to): assignments (and confirmations) in this window count. */
  from: number;
  to: number;
  /** The end of a still-open wait. */
  now: number;
  cal: WorkingCalendar;
  /** The managers the reader may see (a head: their department); null = everyone (the director). */
  scope: ReadonlySet<number> | null;
  departmentOf: (managerId: number) => number | null;
  /** "Claimed within" threshold in ms; the 10 minutes. */
  within?: number;
  longest?: number;
}

const MIN = 60_000;

/** Linear interpolation between order statistics (type 7); null for no data. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = s[lo] ?? 0;
  const b = s[hi] ?? a;
  return a + (b - a) * (h - lo);
}

export const median = (values: readonly number[]): number | null => percentile(values, 0.5);

/** The earlier of two moments, either of which may be missing (null). */
const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

/** One (deal, manager) pair: the deal as this manager received it, however many rows it took. */
interface Pair {
  dealId: number;
  managerId: number;
  title: string;
  firstAt: number;
  /** The first claim (contact) of this pair, ms since the epoch; null when none. */
  claimedAt: number | null;
  contactAt: number | null;
  claimMin: number | null;
  contactMin: number | null;
  waitMin: number;
  escalations: number;
  viaReassignment: boolean;
  takenAway: boolean;
}

function pairsOf(input: ReportInput): Pair[] {
  const { cal, from, to, now } = input;
  const wmin = (a: number, b: number) => workingTimeBetween(new Date(a), new Date(b), cal) / MIN;
  const groups = new Map<string, LedgerRow[]>();
  for (const r of input.rows) {
    if (r.assignedAt < from || r.assignedAt >= to) continue;
    if (input.scope && !input.scope.has(r.managerId)) continue;
    const k = `${r.dealId}:${r.managerId}`;
    const g = groups.get(k) ?? [];
    g.push(r);
    groups.set(k, g);
  }
  const pairs: Pair[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.assignedAt - b.assignedAt || a.assignmentId - b.assignmentId);
    const first = g[0];
    if (!first) continue;
    const claimedRow = g.find((r) => r.claimedAt !== null);
    const contactRow = g.find((r) => r.contactAt !== null);
    const claimMin = claimedRow?.claimedAt != null ? wmin(claimedRow.assignedAt, claimedRow.claimedAt) : null;
    const contactMin = contactRow?.contactAt != null ? wmin(contactRow.assignedAt, contactRow.contactAt) : null;
    // An unclaimed wait ends when the deal left this manager (closed, taken away) or now.
    const last = g[g.length - 1] ?? first;
    const waitEnd = Math.min(now, last.takenAwayAt ?? last.closedAt ?? now);
    pairs.push({
      dealId: first.dealId,
      managerId: first.managerId,
      title: first.title,
      firstAt: first.assignedAt,
      claimedAt: g.map((r) => r.claimedAt).reduce(earliest, null),
      contactAt: g.map((r) => r.contactAt).reduce(earliest, null),
      claimMin,
      contactMin,
      waitMin: claimMin ?? wmin(last.assignedAt, waitEnd),
      escalations: g.reduce((n, r) => n + r.escalations, 0),
      viaReassignment: first.viaReassignment,
      takenAway: g.some((r) => r.takenAwayAt !== null),
    });
  }
  return pairs;
}

/** A team's deals: a deal's pairs in the team merged into one — first arrival, first claim, first contact. */
interface TeamDeal {
  dealId: number;
  firstAt: number;
  claimedAt: number | null;
  contactAt: number | null;
  escalations: number;
}

function teamDeals(pairs: readonly Pair[]): TeamDeal[] {
  const deals = new Map<number, TeamDeal>();
  for (const p of pairs) {
    const d = deals.get(p.dealId);
    deals.set(p.dealId, {
      dealId: p.dealId,
      firstAt: Math.min(d?.firstAt ?? p.firstAt, p.firstAt),
      claimedAt: earliest(d?.claimedAt ?? null, p.claimedAt),
      contactAt: earliest(d?.contactAt ?? null, p.contactAt),
      escalations: (d?.escalations ?? 0) + p.escalations,
    });
  }
  return [...deals.values()];
}

function totalsOf(
  pairs: Pair[],
  within: number,
  departmentId: number | null,
  wmin: (a: number, b: number) => number,
): DepartmentTotals {
  const deals = teamDeals(pairs);
  const claims = deals.flatMap((d) => (d.claimedAt === null ? [] : [wmin(d.firstAt, d.claimedAt)]));
  const contacts = deals.flatMap((d) => (d.contactAt === null ? [] : [wmin(d.firstAt, d.contactAt)]));
  return {
    departmentId,
    managers: new Set(pairs.map((p) => p.managerId)).size,
    received: deals.length,
    claimed: claims.length,
    contacted: contacts.length,
    claimMedian: median(claims),
    contactMedian: median(contacts),
    claimedWithinShare: deals.length ? claims.filter((m) => m <= within).length / deals.length : null,
    escalations: deals.reduce((n, d) => n + d.escalations, 0),
  };
}

export function computeReport(input: ReportInput): Report {
  const within = (input.within ?? 10 * MIN) / MIN;
  const pairs = pairsOf(input);
  const wmin = (a: number, b: number) => workingTimeBetween(new Date(a), new Date(b), input.cal) / MIN;
  const outOfHours = (p: Pair) => !isWorkingTime(new Date(p.firstAt), input.cal);
  const byManager = new Map<number, Pair[]>();
  for (const p of pairs) byManager.set(p.managerId, [...(byManager.get(p.managerId) ?? []), p]);
  const managers: ManagerFigures[] = [...byManager.entries()].map(([managerId, ps]) => {
    const claims = ps.flatMap((p) => (p.claimMin === null ? [] : [p.claimMin]));
    const contacts = ps.flatMap((p) => (p.contactMin === null ? [] : [p.contactMin]));
    return {
      managerId,
      departmentId: input.departmentOf(managerId),
      received: ps.length,
      claimed: claims.length,
      contacted: contacts.length,
      claimMedian: median(claims),
      claimP90: percentile(claims, 0.9),
      contactMedian: median(contacts),
      contactP90: percentile(contacts, 0.9),
      claimedWithinShare: ps.length ? claims.filter((m) => m <= within).length / ps.length : null,
      escalations: ps.reduce((n, p) => n + p.escalations, 0),
      reassignments: ps.filter((p) => p.viaReassignment).length,
      takenAway: ps.filter((p) => p.takenAway).length,
      outOfHours: ps.filter(outOfHours).length,
    };
  });
  managers.sort((a, b) => b.received - a.received || a.managerId - b.managerId);
  const byDept = new Map<number | null, Pair[]>();
  for (const p of pairs) {
    const d = input.departmentOf(p.managerId);
    byDept.set(d, [...(byDept.get(d) ?? []), p]);
  }
  const payments = input.payments.filter(
    (p) => p.confirmedAt >= input.from && p.confirmedAt < input.to && (!input.scope || input.scope.has(p.managerId)),
  );
  const payMinutes = payments.map(
    (p) => workingTimeBetween(new Date(p.announcedAt), new Date(p.confirmedAt), input.cal) / MIN,
  );
  return {
    from: input.from,
    to: input.to,
    managers,
    departments: [...byDept.entries()].map(([d, ps]) => totalsOf(ps, within, d, wmin)),
    totals: totalsOf(pairs, within, null, wmin),
    // Deals, like the totals: a deal that arrived at night is one such deal however often re-assigned.
    outOfHours: teamDeals(pairs).filter((d) => !isWorkingTime(new Date(d.firstAt), input.cal)).length,
    payments: { confirmed: payments.length, median: median(payMinutes), p90: percentile(payMinutes, 0.9) },
    longestWaits: [...pairs]
      .sort((a, b) => b.waitMin - a.waitMin || a.dealId - b.dealId)
      .slice(0, input.longest ?? 5)
      .map((p) => ({
        dealId: p.dealId,
        title: p.title,
        managerId: p.managerId,
        minutes: p.waitMin,
        claimed: p.claimMin !== null,
      })),
  };
}

/** The CSV of a report: one line per manager, then one per department and the total. RFC 4180 quoting. */
export function reportCsv(
  r: Report,
  nameOf: (managerId: number) => string,
  deptName: (id: number | null) => string,
): string {
  const q = (v: string | number | null) => {
    if (v === null) return '';
    // A name starting with = + - @ would be a formula in a spreadsheet: quote it as text.
    const s = typeof v === 'number' ? String(Math.round(v * 100) / 100) : /^[=+\-@]/.test(v) ? `'${v}` : v;
    return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const head = [
    'row',
    'manager_id',
    'name',
    'department',
    'received',
    'claimed',
    'claim_median_min',
    'claim_p90_min',
    'contacted',
    'contact_median_min',
    'contact_p90_min',
    'claimed_within_10_share',
    'escalations',
    'reassignments',
    'taken_away',
    'out_of_hours',
  ];
  const lines = [head.join(',')];
  for (const m of r.managers)
    lines.push(
      [
        'manager',
        m.managerId,
        nameOf(m.managerId),
        deptName(m.departmentId),
        m.received,
        m.claimed,
        m.claimMedian,
        m.claimP90,
        m.contacted,
        m.contactMedian,
        m.contactP90,
        m.claimedWithinShare,
        m.escalations,
        m.reassignments,
        m.takenAway,
        m.outOfHours,
      ]
        .map(q)
        .join(','),
    );
  for (const d of [...r.departments, r.totals])
    lines.push(
      [
        d === r.totals ? 'total' : 'department',
        null,
        d === r.totals ? '' : deptName(d.departmentId),
        d === r.totals ? '' : deptName(d.departmentId),
        d.received,
        d.claimed,
        d.claimMedian,
        null,
        d.contacted,
        d.contactMedian,
        null,
        d.claimedWithinShare,
        d.escalations,
        null,
        null,
        null,
      ]
        .map(q)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
