import { describe, expect, it } from 'vitest';
import { computeReport, median, percentile, reportCsv, type LedgerRow } from '../../src/reports/figures';
import type { WorkingCalendar } from '../../src/kernel/working-hours';

const cal: WorkingCalendar = {
  zone: 'Europe/Moscow',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  holidays: [],
};
/** Moscow is UTC+3 all year: a local wall-clock time on a date in November 2026. */
const msk = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+03:00`);
const MIN = 60_000;

let nextId = 1;
function row(r: Partial<LedgerRow> & { dealId: number; managerId: number; assignedAt: number }): LedgerRow {
  return {
    assignmentId: nextId++,
    title: `Сделка ${r.dealId}`,
    claimedAt: null,
    claimedVia: null,
    contactAt: null,
    escalations: 0,
    closedAt: null,
    closedReason: null,
    viaReassignment: false,
    takenAwayAt: null,
    ...r,
  };
}

const base = {
  payments: [],
  from: msk('2026-11-01', '00:00'),
  to: msk('2026-12-01', '00:00'),
  now: msk('2026-11-30', '17:00'),
  cal,
  scope: null,
  departmentOf: (id: number) => (id < 100 ? 1 : 2),
};

describe('percentiles', () => {
  it('when the data are known, then the median and p90 interpolate between order statistics', () => {
    expect(median([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(5.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(median([7])).toBe(7);
    expect(percentile([3, 1, 2], 0.9)).toBeCloseTo(2.8, 10);
    expect(median([])).toBeNull();
  });
});

describe('computeReport', () => {
  it('when a manager claims ten deals in 1…10 minutes, then median 5.5, p90 9.1, and the never-claimed one is outside the ten minutes', () => {
    const rows = Array.from({ length: 10 }, (_, i) => {
      const at = msk('2026-11-10', '10:00') + i * 30 * MIN;
      return row({
        dealId: i + 1,
        managerId: 7,
        assignedAt: at,
        claimedAt: at + (i + 1) * MIN,
        claimedVia: 'telegram',
      });
    });
    rows.push(row({ dealId: 11, managerId: 7, assignedAt: msk('2026-11-10', '16:00') })); // never claimed
    const r = computeReport({ ...base, rows });
    const m = r.managers[0];
    expect(m?.received).toBe(11);
    expect(m?.claimed).toBe(10);
    expect(m?.claimMedian).toBe(5.5);
    expect(m?.claimP90).toBeCloseTo(9.1, 10);
    expect(m?.claimedWithinShare).toBeCloseTo(10 / 11, 10);
  });

  it('when a deal arrives at 17:55 and is claimed at 09:07 the next day, then the wait is 12 working minutes, not 15 hours', () => {
    const r = computeReport({
      ...base,
      rows: [
        row({
          dealId: 1,
          managerId: 7,
          assignedAt: msk('2026-11-10', '17:55'),
          claimedAt: msk('2026-11-11', '09:07'),
          contactAt: msk('2026-11-11', '09:20'),
          claimedVia: 'telegram',
        }),
        // Friday evening → Monday morning: the weekend does not count either.
        row({
          dealId: 2,
          managerId: 7,
          assignedAt: msk('2026-11-13', '17:52'),
          claimedAt: msk('2026-11-16', '09:02'),
          claimedVia: 'telegram',
        }),
      ],
    });
    const m = r.managers[0];
    expect(m?.claimMedian).toBe(11); // 12 (5 + 7) and 10 (8 + 2)
    expect(m?.contactMedian).toBe(25); // 5 + 20, only deal 1 was contacted
    expect(m?.contacted).toBe(1);
    expect(m?.outOfHours).toBe(0);
  });

  it('when a deal arrives at night, then it counts as out of hours and its wait starts at opening', () => {
    const r = computeReport({
      ...base,
      rows: [
        row({
          dealId: 1,
          managerId: 7,
          assignedAt: msk('2026-11-10', '23:40'),
          claimedAt: msk('2026-11-11', '09:04'),
          claimedVia: 'telegram',
        }),
      ],
    });
    expect(r.outOfHours).toBe(1);
    expect(r.managers[0]?.outOfHours).toBe(1);
    expect(r.managers[0]?.claimMedian).toBe(4);
  });

  it('when a deal goes A → B → A, then A received it once, B once; B lost it, A got it back by a re-assignment', () => {
    const t0 = msk('2026-11-10', '10:00');
    const rows = [
      row({ dealId: 5, managerId: 1, assignedAt: t0, escalations: 1, takenAwayAt: t0 + 15 * MIN }),
      row({ dealId: 5, managerId: 2, assignedAt: t0 + 15 * MIN, viaReassignment: true, takenAwayAt: t0 + 20 * MIN }),
      row({
        dealId: 5,
        managerId: 1,
        assignedAt: t0 + 20 * MIN,
        viaReassignment: true,
        claimedAt: t0 + 23 * MIN,
        claimedVia: 'telegram',
      }),
    ];
    const r = computeReport({ ...base, rows });
    const a = r.managers.find((m) => m.managerId === 1);
    const b = r.managers.find((m) => m.managerId === 2);
    expect(a).toMatchObject({
      received: 1,
      claimed: 1,
      claimMedian: 3,
      escalations: 1,
      takenAway: 1,
      reassignments: 0,
    });
    expect(b).toMatchObject({ received: 1, claimed: 0, claimMedian: null, takenAway: 1, reassignments: 1 });
    // The team had one deal, and its client waited from the first assignment to A's claim: 23 minutes.
    expect(r.totals).toMatchObject({ received: 1, claimed: 1, claimMedian: 23, claimedWithinShare: 0, escalations: 1 });
    expect(r.departments).toEqual([expect.objectContaining({ departmentId: 1, received: 1, managers: 2 })]);
  });

  it('when deals move between departments at night, then each team counts each deal once, and so does the night count', () => {
    const night = msk('2026-11-10', '23:00');
    const t0 = msk('2026-11-11', '10:00');
    const rows = [
      // Deal 1 arrives at night to manager 1 (dept 1), goes to 200 (dept 2), then to 2 (dept 1), who claims it.
      row({ dealId: 1, managerId: 1, assignedAt: night, takenAwayAt: t0 }),
      row({ dealId: 1, managerId: 200, assignedAt: t0, viaReassignment: true, takenAwayAt: t0 + 5 * MIN }),
      row({ dealId: 1, managerId: 2, assignedAt: t0 + 5 * MIN, viaReassignment: true, claimedAt: t0 + 6 * MIN }),
      row({ dealId: 2, managerId: 1, assignedAt: t0, claimedAt: t0 + 2 * MIN, contactAt: t0 + 4 * MIN }),
    ];
    const r = computeReport({ ...base, rows });
    expect(r.managers.reduce((n, m) => n + m.received, 0)).toBe(4);
    expect(r.totals).toMatchObject({ received: 2, claimed: 2, contacted: 1, managers: 3 });
    // Deal 1 waited from 09:00 (the night does not count) to 10:06; deal 2 two minutes.
    expect(r.totals.claimMedian).toBe((66 + 2) / 2);
    expect(r.totals.claimedWithinShare).toBe(0.5);
    expect(r.outOfHours).toBe(1);
    expect(r.departments.map((d) => [d.departmentId, d.received])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('when one deal is claimed in Bitrix24 and one by the button after the same wait, then both count the same', () => {
    const t0 = msk('2026-11-10', '10:00');
    const rows = [
      row({ dealId: 1, managerId: 7, assignedAt: t0, claimedAt: t0 + 4 * MIN, claimedVia: 'crm' }),
      row({ dealId: 2, managerId: 7, assignedAt: t0, claimedAt: t0 + 4 * MIN, claimedVia: 'telegram' }),
    ];
    const r = computeReport({ ...base, rows });
    expect(r.managers[0]).toMatchObject({ received: 2, claimed: 2, claimMedian: 4, claimedWithinShare: 1 });
  });

  it('when a head reads it, then only their managers count; departments and the five longest waits are right', () => {
    const t0 = msk('2026-11-10', '10:00');
    const rows = [1, 2, 3, 4, 5, 6, 7].map((i) =>
      row({
        dealId: i,
        managerId: i % 2 ? 10 : 200,
        assignedAt: t0,
        claimedAt: t0 + i * 7 * MIN,
        claimedVia: 'b24chat',
      }),
    );
    const all = computeReport({ ...base, rows });
    expect(all.departments.map((d) => [d.departmentId, d.received])).toEqual([
      [1, 4],
      [2, 3],
    ]);
    expect(all.longestWaits.map((w) => w.dealId)).toEqual([7, 6, 5, 4, 3]);
    expect(all.longestWaits[0]?.minutes).toBe(49);
    const head = computeReport({ ...base, rows, scope: new Set([10]) });
    expect(head.managers.map((m) => m.managerId)).toEqual([10]);
    expect(head.totals.received).toBe(4);
  });

  it('when payments are confirmed, then their count and the working minutes from announcement to confirmation', () => {
    const r = computeReport({
      ...base,
      rows: [],
      payments: [
        { promptId: 1, managerId: 7, announcedAt: msk('2026-11-10', '10:00'), confirmedAt: msk('2026-11-10', '10:30') },
        { promptId: 2, managerId: 7, announcedAt: msk('2026-11-10', '17:50'), confirmedAt: msk('2026-11-11', '09:10') },
        // Outside the period: not counted.
        { promptId: 3, managerId: 7, announcedAt: msk('2026-10-10', '10:00'), confirmedAt: msk('2026-10-10', '11:00') },
      ],
    });
    expect(r.payments).toMatchObject({ confirmed: 2, median: 25 });
  });

  it('when a name looks like a formula, then the CSV quotes it as text', () => {
    const t0 = msk('2026-11-10', '10:00');
    const r = computeReport({ ...base, rows: [row({ dealId: 1, managerId: 7, assignedAt: t0, claimedAt: t0 + MIN })] });
    const csv = reportCsv(
      r,
      () => '=HYPERLINK("x")',
      () => 'Отдел, продаж',
    );
    const line = csv.split('\r\n')[1] ?? '';
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"Отдел, продаж"');
  });
});
