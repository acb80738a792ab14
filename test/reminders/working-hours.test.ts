import { describe, expect, it } from 'vitest';
import {
  addWorkingTime,
  isWorkingDay,
  isWorkingTime,
  nextOpening,
  nextWorkingDayAt,
  validateCalendar,
  workingDayAt,
  workingTimeBetween,
  type WorkingCalendar,
} from '../../src/kernel/working-hours';

const MIN = 60_000;
const HOUR = 60 * MIN;
const d = (iso: string): Date => new Date(iso);

/** Moscow (no DST), Mon–Fri 09–18, the 2024 May holidays with the transferred Saturday 27 April. */
const moscow = (): WorkingCalendar => ({
  zone: 'Europe/Moscow',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  holidays: ['2024-02-23', '2024-03-08', '2024-04-29', '2024-04-30', '2024-05-01', '2024-05-09', '2024-05-10'],
  workdays: ['2024-04-27'],
});

/** Berlin (CET/CEST), Mon–Fri 09–18. */
const berlin = (): WorkingCalendar => ({
  zone: 'Europe/Berlin',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  holidays: ['2024-12-25', '2024-12-26'],
});

/** Berlin, every day 01:00–05:00: the DST switch happens inside working hours. */
const berlinNight = (): WorkingCalendar => ({
  zone: 'Europe/Berlin',
  days: [1, 2, 3, 4, 5, 6, 7],
  start: '01:00',
  end: '05:00',
  holidays: [],
});

/** Berlin, open all day every day: working time must equal real elapsed time. */
const berlinAllDay = (): WorkingCalendar => ({
  zone: 'Europe/Berlin',
  days: [1, 2, 3, 4, 5, 6, 7],
  start: '00:00',
  end: '24:00',
  holidays: [],
});

const aroundTheClock = (): WorkingCalendar => ({ ...moscow(), days: [], aroundTheClock: true });

/** Deterministic PRNG (mulberry32) so the property loop is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every Monday–Friday from `from` to `to` inclusive, as YYYY-MM-DD. */
function weekdaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 24 * HOUR) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

describe('working hours: inside and across the working day', () => {
  it('when a deal is assigned inside working hours, then the deadline is plain minutes later the same day', () => {
    const cal = moscow();
    expect(isWorkingTime(d('2024-03-13T10:00:00+03:00'), cal)).toBe(true);
    expect(addWorkingTime(d('2024-03-13T10:00:00+03:00'), 10 * MIN, cal)).toEqual(d('2024-03-13T10:10:00+03:00'));
    expect(workingTimeBetween(d('2024-03-13T10:00:00+03:00'), d('2024-03-13T10:10:00+03:00'), cal)).toBe(10 * MIN);
  });

  it('when the working time crosses closing time, then the rest is counted from the next morning', () => {
    const cal = moscow();
    expect(addWorkingTime(d('2024-03-13T17:55:00+03:00'), 10 * MIN, cal)).toEqual(d('2024-03-14T09:05:00+03:00'));
    expect(addWorkingTime(d('2024-03-13T17:00:00+03:00'), 2 * HOUR, cal)).toEqual(d('2024-03-14T10:00:00+03:00'));
    expect(workingTimeBetween(d('2024-03-13T17:00:00+03:00'), d('2024-03-14T10:00:00+03:00'), cal)).toBe(2 * HOUR);
  });

  it('when the time ends exactly at closing, then the deadline is closing time itself', () => {
    expect(addWorkingTime(d('2024-03-13T17:50:00+03:00'), 10 * MIN, moscow())).toEqual(d('2024-03-13T18:00:00+03:00'));
  });

  it('when a deal is assigned at 23:40 on Friday, then the 10-minute deadline is Monday 09:10', () => {
    expect(addWorkingTime(d('2024-03-15T23:40:00+03:00'), 10 * MIN, moscow())).toEqual(d('2024-03-18T09:10:00+03:00'));
  });

  it('when the hours are checked at the edges, then opening is inclusive and closing is exclusive', () => {
    const cal = moscow();
    expect(isWorkingTime(d('2024-03-13T08:59:59.999+03:00'), cal)).toBe(false);
    expect(isWorkingTime(d('2024-03-13T09:00:00+03:00'), cal)).toBe(true);
    expect(isWorkingTime(d('2024-03-13T17:59:59.999+03:00'), cal)).toBe(true);
    expect(isWorkingTime(d('2024-03-13T18:00:00+03:00'), cal)).toBe(false);
    expect(isWorkingTime(d('2024-03-16T12:00:00+03:00'), cal)).toBe(false); // Saturday
  });

  it('when asking for the next opening, then working moments stay put and others move to the next start', () => {
    const cal = moscow();
    expect(nextOpening(d('2024-03-13T12:34:00+03:00'), cal)).toEqual(d('2024-03-13T12:34:00+03:00'));
    expect(nextOpening(d('2024-03-13T07:00:00+03:00'), cal)).toEqual(d('2024-03-13T09:00:00+03:00'));
    expect(nextOpening(d('2024-03-13T18:00:00+03:00'), cal)).toEqual(d('2024-03-14T09:00:00+03:00'));
    expect(nextOpening(d('2024-03-15T19:00:00+03:00'), cal)).toEqual(d('2024-03-18T09:00:00+03:00'));
  });

  it('when zero working time is added, then the result is the next opening', () => {
    const cal = moscow();
    expect(addWorkingTime(d('2024-03-15T23:40:00+03:00'), 0, cal)).toEqual(d('2024-03-18T09:00:00+03:00'));
    expect(addWorkingTime(d('2024-03-13T11:00:00+03:00'), 0, cal)).toEqual(d('2024-03-13T11:00:00+03:00'));
  });

  it('when the interval is empty or reversed, then there is no working time between', () => {
    const cal = moscow();
    expect(workingTimeBetween(d('2024-03-13T12:00:00+03:00'), d('2024-03-13T12:00:00+03:00'), cal)).toBe(0);
    expect(workingTimeBetween(d('2024-03-13T12:00:00+03:00'), d('2024-03-13T11:00:00+03:00'), cal)).toBe(0);
    expect(workingTimeBetween(d('2024-03-15T18:00:00+03:00'), d('2024-03-18T09:00:00+03:00'), cal)).toBe(0);
  });

  it('when the working day is judged, then the date in the company zone counts, not the UTC date', () => {
    const cal = moscow();
    expect(isWorkingDay(d('2024-03-15T22:30:00Z'), cal)).toBe(false); // Saturday 01:30 in Moscow
    expect(isWorkingDay(d('2024-03-17T21:30:00Z'), cal)).toBe(true); // Monday 00:30 in Moscow
    expect(isWorkingTime(d('2024-03-17T21:30:00Z'), cal)).toBe(false); // but before opening
  });

  it('when the added time is negative or not a number, then it is rejected', () => {
    expect(() => addWorkingTime(d('2024-03-13T10:00:00+03:00'), -1, moscow())).toThrow(RangeError);
    expect(() => addWorkingTime(d('2024-03-13T10:00:00+03:00'), Number.NaN, moscow())).toThrow(RangeError);
    expect(() => addWorkingTime(new Date(Number.NaN), 1, moscow())).toThrow(/not a valid date/);
  });
});

describe('working hours: holidays and transferred working days', () => {
  it('when the deadline would fall on holidays, then the holidays and the weekend are skipped', () => {
    const cal = moscow();
    // Thu 8 May 17:55 → 9–10 May holidays, 11–12 weekend → Mon 13 May.
    expect(addWorkingTime(d('2024-05-08T17:55:00+03:00'), 10 * MIN, cal)).toEqual(d('2024-05-13T09:05:00+03:00'));
    expect(isWorkingDay(d('2024-05-09T12:00:00+03:00'), cal)).toBe(false);
    expect(isWorkingTime(d('2024-05-09T12:00:00+03:00'), cal)).toBe(false);
    expect(workingTimeBetween(d('2024-05-08T17:55:00+03:00'), d('2024-05-13T09:05:00+03:00'), cal)).toBe(10 * MIN);
  });

  it('when a Saturday is a transferred working day, then it is worked like a weekday', () => {
    const cal = moscow();
    expect(isWorkingDay(d('2024-04-27T12:00:00+03:00'), cal)).toBe(true);
    expect(isWorkingDay(d('2024-04-20T12:00:00+03:00'), cal)).toBe(false);
    expect(addWorkingTime(d('2024-04-26T17:55:00+03:00'), 10 * MIN, cal)).toEqual(d('2024-04-27T09:05:00+03:00'));
    // Sat 27 Apr 17:55 → Sun, then 29, 30 Apr and 1 May off → Thu 2 May.
    expect(addWorkingTime(d('2024-04-27T17:55:00+03:00'), 10 * MIN, cal)).toEqual(d('2024-05-02T09:05:00+03:00'));
  });

  it('when a date is both a holiday and a workday, then the holiday wins and validation reports it', () => {
    const cal: WorkingCalendar = { ...moscow(), holidays: ['2024-04-27'], workdays: ['2024-04-27'] };
    expect(isWorkingDay(d('2024-04-27T12:00:00+03:00'), cal)).toBe(false);
    expect(validateCalendar(cal)).toEqual([
      expect.stringContaining('2024-04-27 is listed both in holidays and in workdays'),
    ]);
  });
});

describe('working hours: daylight saving time', () => {
  it('when the weekend holds the March switch in Berlin, then Friday evening plus 10 minutes is Monday 09:05 summer time', () => {
    const cal = berlin();
    const due = addWorkingTime(d('2024-03-29T17:55:00+01:00'), 10 * MIN, cal);
    expect(due).toEqual(d('2024-04-01T09:05:00+02:00'));
    expect(due.toISOString()).toBe('2024-04-01T07:05:00.000Z');
    expect(workingTimeBetween(d('2024-03-29T17:55:00+01:00'), due, cal)).toBe(10 * MIN);
  });

  it('when the weekend holds the October switch in Berlin, then Monday opens at 09:00 winter time', () => {
    const cal = berlin();
    expect(addWorkingTime(d('2024-10-25T17:55:00+02:00'), 10 * MIN, cal)).toEqual(d('2024-10-28T09:05:00+01:00'));
    expect(nextOpening(d('2024-10-26T12:00:00+02:00'), cal).toISOString()).toBe('2024-10-28T08:00:00.000Z');
  });

  it('when the clocks spring forward inside working hours, then that working day is an hour shorter', () => {
    const cal = berlinNight();
    expect(workingTimeBetween(d('2024-03-31T00:00:00+01:00'), d('2024-04-01T00:00:00+02:00'), cal)).toBe(3 * HOUR);
    expect(addWorkingTime(d('2024-03-31T01:00:00+01:00'), 2 * HOUR, cal)).toEqual(d('2024-03-31T04:00:00+02:00'));
    expect(addWorkingTime(d('2024-03-31T01:00:00+01:00'), 3 * HOUR + MIN, cal)).toEqual(d('2024-04-01T01:01:00+02:00'));
    expect(isWorkingTime(d('2024-03-31T04:59:00+02:00'), cal)).toBe(true);
  });

  it('when the clocks fall back inside working hours, then that working day is an hour longer', () => {
    const cal = berlinNight();
    expect(workingTimeBetween(d('2024-10-27T00:00:00+02:00'), d('2024-10-28T00:00:00+01:00'), cal)).toBe(5 * HOUR);
    expect(addWorkingTime(d('2024-10-27T01:00:00+02:00'), 4.5 * HOUR, cal)).toEqual(d('2024-10-27T04:30:00+01:00'));
  });

  it('when the opening time does not exist on the switch night, then work opens when the clock jumps past it', () => {
    const cal: WorkingCalendar = { ...berlinNight(), start: '02:30', end: '10:00' };
    expect(nextOpening(d('2024-03-30T20:00:00+01:00'), cal)).toEqual(d('2024-03-31T03:30:00+02:00'));
    expect(workingTimeBetween(d('2024-03-31T00:00:00+01:00'), d('2024-04-01T00:00:00+02:00'), cal)).toBe(6.5 * HOUR);
  });

  it('when the opening time occurs twice on the switch night, then work opens at its first occurrence', () => {
    const cal: WorkingCalendar = { ...berlinNight(), start: '02:30', end: '10:00' };
    expect(nextOpening(d('2024-10-26T20:00:00+02:00'), cal)).toEqual(d('2024-10-27T02:30:00+02:00'));
    expect(workingTimeBetween(d('2024-10-27T00:00:00+02:00'), d('2024-10-28T00:00:00+01:00'), cal)).toBe(8.5 * HOUR);
  });

  it('when the calendar is open all day every day, then working time equals real elapsed time across both switches', () => {
    const cal = berlinAllDay();
    expect(addWorkingTime(d('2024-03-30T12:00:00+01:00'), 24 * HOUR, cal)).toEqual(d('2024-03-31T13:00:00+02:00'));
    expect(workingTimeBetween(d('2024-03-31T00:00:00+01:00'), d('2024-04-01T00:00:00+02:00'), cal)).toBe(23 * HOUR);
    expect(workingTimeBetween(d('2024-10-27T00:00:00+02:00'), d('2024-10-28T00:00:00+01:00'), cal)).toBe(25 * HOUR);
    expect(isWorkingTime(d('2024-10-26T23:30:00Z'), cal)).toBe(true);
  });

  it('when the next working day is asked for across the switch, then the local time is kept', () => {
    expect(nextWorkingDayAt(d('2024-03-30T10:00:00+01:00'), '10:00', berlinAllDay())).toEqual(
      d('2024-03-31T10:00:00+02:00'),
    );
    expect(nextWorkingDayAt(d('2024-10-25T10:00:00+02:00'), '10:00', berlin())).toEqual(d('2024-10-28T10:00:00+01:00'));
  });
});

describe('working hours: workingTimeBetween is the inverse of addWorkingTime', () => {
  const calendars: Array<[string, WorkingCalendar]> = [
    ['Moscow weekdays with holidays', moscow()],
    ['Berlin weekdays', berlin()],
    ['Berlin nights with DST inside hours', berlinNight()],
    ['Berlin all day', berlinAllDay()],
  ];
  const start2024 = Date.parse('2024-01-01T00:00:00Z');
  const twoYears = 2 * 365 * 24 * HOUR;

  for (const [name, cal] of calendars) {
    it(`when many generated (from, ms) pairs run on ${name}, then measuring back gives exactly ms`, () => {
      const rnd = mulberry32(0x5eed + name.length);
      for (let i = 0; i < 400; i++) {
        const from = new Date(start2024 + Math.floor(rnd() * twoYears));
        const pick = rnd();
        const ms =
          pick < 0.1
            ? 0
            : pick < 0.5
              ? Math.floor(rnd() * 3 * HOUR)
              : pick < 0.9
                ? Math.floor(rnd() * 60 * HOUR)
                : Math.floor(rnd() * 400 * HOUR);
        const due = addWorkingTime(from, ms, cal);
        const ctx = `${name}: from ${from.toISOString()} + ${ms}ms → ${due.toISOString()}`;

        expect(due.getTime(), ctx).toBeGreaterThanOrEqual(from.getTime());
        expect(workingTimeBetween(from, due, cal), ctx).toBe(ms);
        if (ms === 0) expect(due, ctx).toEqual(nextOpening(from, cal));
        else expect(isWorkingTime(new Date(due.getTime() - 1), cal), ctx).toBe(true);

        // Splitting the time in two gives the same deadline.
        const part = Math.floor(rnd() * ms);
        if (part > 0 && part < ms) {
          expect(addWorkingTime(addWorkingTime(from, part, cal), ms - part, cal), ctx).toEqual(due);
        }

        // The other way round: the working time up to any `to` is reached no later than `to`.
        const to = new Date(from.getTime() + Math.floor(rnd() * 10 * 24 * HOUR));
        const w = workingTimeBetween(from, to, cal);
        if (w > 0) {
          const back = addWorkingTime(from, w, cal);
          expect(back.getTime(), `${ctx}; to ${to.toISOString()}`).toBeLessThanOrEqual(to.getTime());
          expect(workingTimeBetween(from, back, cal)).toBe(w);
        }
      }
    });
  }

  it('when the working time spans years, then it is computed day by day and still inverts exactly', () => {
    const cal = moscow();
    const from = d('2024-03-13T10:00:00+03:00');
    const ms = 2000 * 9 * HOUR; // 2000 full working days: roughly 8 calendar years
    const due = addWorkingTime(from, ms, cal);
    expect(due.getUTCFullYear()).toBeGreaterThanOrEqual(2031);
    expect(workingTimeBetween(from, due, cal)).toBe(ms);
    expect(isWorkingTime(new Date(due.getTime() - 1), cal)).toBe(true);
  });
});

describe('working hours: pathological calendars terminate', () => {
  it('when every working day of three years is a holiday, then the search gives up with a clear error', () => {
    const cal: WorkingCalendar = { ...moscow(), holidays: weekdaysBetween('2024-01-01', '2026-12-31'), workdays: [] };
    const from = d('2024-01-01T10:00:00+03:00');
    expect(() => nextOpening(from, cal)).toThrow(/no working time within 2 years/);
    expect(() => addWorkingTime(from, 10 * MIN, cal)).toThrow(/no working time within 2 years/);
    expect(() => nextWorkingDayAt(from, '10:00', cal)).toThrow(/no working time within 2 years/);
    expect(() => workingDayAt(from, 30, '10:00', cal)).toThrow(/no working time within 2 years/);
    expect(workingTimeBetween(from, d('2026-01-01T00:00:00+03:00'), cal)).toBe(0);
  });

  it('when every working day of one year is a holiday, then work resumes on the first working day after it', () => {
    const cal: WorkingCalendar = { ...moscow(), holidays: weekdaysBetween('2024-01-01', '2024-12-31'), workdays: [] };
    expect(nextOpening(d('2024-01-01T10:00:00+03:00'), cal)).toEqual(d('2025-01-01T09:00:00+03:00'));
    expect(addWorkingTime(d('2024-01-01T10:00:00+03:00'), 10 * MIN, cal)).toEqual(d('2025-01-01T09:10:00+03:00'));
  });
});

describe('working hours: around the clock', () => {
  it('when the company works around the clock, then everything is plain wall-clock arithmetic', () => {
    const cal = aroundTheClock();
    const sundayNight = d('2024-03-17T03:00:00+03:00');
    expect(isWorkingTime(sundayNight, cal)).toBe(true);
    expect(isWorkingDay(d('2024-05-09T12:00:00+03:00'), cal)).toBe(true); // holidays do not apply
    expect(nextOpening(sundayNight, cal)).toEqual(sundayNight);
    expect(addWorkingTime(sundayNight, 10 * MIN, cal)).toEqual(d('2024-03-17T03:10:00+03:00'));
    expect(addWorkingTime(sundayNight, 0, cal)).toEqual(sundayNight);
    expect(workingTimeBetween(sundayNight, d('2024-03-18T03:00:00+03:00'), cal)).toBe(24 * HOUR);
    expect(nextWorkingDayAt(d('2024-03-15T12:00:00+03:00'), '10:00', cal)).toEqual(d('2024-03-16T10:00:00+03:00'));
    expect(workingDayAt(d('2024-03-15T12:00:00+03:00'), 1, '11:00', cal)).toEqual(d('2024-03-16T11:00:00+03:00'));
    expect(validateCalendar(cal)).toEqual([]);
  });
});

describe('working hours: next working day and follow-ups', () => {
  it('when the next working day is asked on a Friday, then it is Monday at the given time', () => {
    expect(nextWorkingDayAt(d('2024-03-15T12:00:00+03:00'), '10:00', moscow())).toEqual(d('2024-03-18T10:00:00+03:00'));
  });

  it('when the next working day is asked before opening on a weekday, then it is still strictly the next day', () => {
    expect(nextWorkingDayAt(d('2024-03-13T07:00:00+03:00'), '10:00', moscow())).toEqual(d('2024-03-14T10:00:00+03:00'));
  });

  it('when the next working day is asked at the weekend, then it is Monday', () => {
    expect(nextWorkingDayAt(d('2024-03-16T12:00:00+03:00'), '10:00', moscow())).toEqual(d('2024-03-18T10:00:00+03:00'));
    // Friday 22:30 UTC is already Saturday in Moscow.
    expect(nextWorkingDayAt(d('2024-03-15T22:30:00Z'), '10:00', moscow())).toEqual(d('2024-03-18T10:00:00+03:00'));
  });

  it('when the next day is a holiday, then the next working day after the holidays is chosen', () => {
    expect(nextWorkingDayAt(d('2024-05-08T12:00:00+03:00'), '10:00', moscow())).toEqual(d('2024-05-13T10:00:00+03:00'));
  });

  it('when the next day is a transferred working Saturday, then that Saturday is chosen', () => {
    expect(nextWorkingDayAt(d('2024-04-26T12:00:00+03:00'), '10:00', moscow())).toEqual(d('2024-04-27T10:00:00+03:00'));
  });

  it('when a follow-up lands on a working day, then it stays on that date at the given time', () => {
    expect(workingDayAt(d('2024-01-10T15:00:00+03:00'), 30, '11:00', moscow())).toEqual(d('2024-02-09T11:00:00+03:00'));
    expect(workingDayAt(d('2024-01-10T15:00:00+03:00'), 0, '11:00', moscow())).toEqual(d('2024-01-10T11:00:00+03:00'));
  });

  it('when a follow-up lands on a weekend, then it moves to Monday', () => {
    expect(workingDayAt(d('2024-01-10T15:00:00+03:00'), 31, '11:00', moscow())).toEqual(d('2024-02-12T11:00:00+03:00'));
  });

  it('when a follow-up lands on a holiday, then it moves past the holiday and the weekend', () => {
    // 24 Jan + 30 days = Fri 23 Feb, a holiday → Mon 26 Feb.
    expect(workingDayAt(d('2024-01-24T15:00:00+03:00'), 30, '11:00', moscow())).toEqual(d('2024-02-26T11:00:00+03:00'));
  });

  it('when the time or the day count is malformed, then the call is rejected', () => {
    expect(() => nextWorkingDayAt(d('2024-03-13T12:00:00+03:00'), '25:00', moscow())).toThrow(/"25:00" is not a time/);
    expect(() => workingDayAt(d('2024-03-13T12:00:00+03:00'), 1.5, '10:00', moscow())).toThrow(/whole number/);
  });
});

describe('working hours: validateCalendar', () => {
  it('when the calendar is sound, then there are no problems', () => {
    expect(validateCalendar(moscow())).toEqual([]);
    expect(validateCalendar(berlinAllDay())).toEqual([]);
  });

  it('when every field is wrong, then each problem is named in plain words', () => {
    const problems = validateCalendar({
      zone: 'Mars/Olympus',
      days: [],
      start: '9:00',
      end: '25:00',
      holidays: ['2024-02-30', 'tomorrow'],
      workdays: ['2024-13-01'],
    });
    expect(problems).toEqual([
      'zone "Mars/Olympus" is not a known IANA time zone; write e.g. "Europe/Moscow"',
      'days is empty: list at least one working weekday, 1 = Monday … 7 = Sunday',
      'start "9:00" is not a time; write it as "HH:mm", e.g. "09:00"',
      'end "25:00" is not a time; write it as "HH:mm", e.g. "18:00"',
      'holidays contains "2024-02-30", which is not a date; write it as "YYYY-MM-DD", e.g. "2025-01-07"',
      'holidays contains "tomorrow", which is not a date; write it as "YYYY-MM-DD", e.g. "2025-01-07"',
      'workdays contains "2024-13-01", which is not a date; write it as "YYYY-MM-DD", e.g. "2025-01-07"',
    ]);
  });

  it('when the closing time is not after the opening time, then overnight shifts are reported as unsupported', () => {
    expect(validateCalendar({ ...moscow(), start: '18:00', end: '09:00' })).toEqual([
      'end 09:00 is not after start 18:00; overnight shifts are not supported',
    ]);
    expect(validateCalendar({ ...moscow(), start: '09:00', end: '09:00' })).toHaveLength(1);
  });

  it('when a weekday number is out of range, then it is reported', () => {
    expect(validateCalendar({ ...moscow(), days: [0, 1, 8] })).toEqual([
      'days contains 0, which is not a weekday; use 1 = Monday … 7 = Sunday',
      'days contains 8, which is not a weekday; use 1 = Monday … 7 = Sunday',
    ]);
  });

  it('when an invalid calendar is used, then the functions throw with the problems listed', () => {
    expect(() => isWorkingTime(d('2024-03-13T12:00:00Z'), { ...moscow(), zone: 'Nowhere/City' })).toThrow(
      /invalid working calendar: zone "Nowhere\/City" is not a known IANA time zone/,
    );
  });
});
