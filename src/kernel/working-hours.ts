/**
 * A company's working calendar: the "claim the deal" deadline and reminders count in working time.
 *
 * PURE: nothing here reads the clock; every moment comes in as an argument.
 *
 * Model. Every calendar date D in `cal.zone` is either a working day or a day off:
 *   - a date listed in `holidays` is a day off (a holiday wins if a date is also in `workdays`);
 *   - a date listed in `workdays` is a working day (a transferred Saturday);
 *   - otherwise D is working when its ISO weekday is in `days`.
 * A working day D contributes one working interval [D start, D end) in local wall-clock time.
 * Lengths are real elapsed milliseconds, so an interval that spans a DST switch is an hour shorter or
 * longer. A local time that does not exist (the spring-forward gap) is moved forward by the gap: an opening
 * at 02:30 on the switch night in Berlin opens at 03:30 CEST; a local time that occurs twice (fall-back)
 * means its first occurrence. `end` may be '24:00' (midnight).
 *
 * With `aroundTheClock: true` every moment is working and every date is a working day:
 * plain wall-clock arithmetic (only `zone` still matters, for the date-and-time helpers).
 *
 * Cost: the searches walk calendar days (never minutes); a search that finds no working time within
 * ~2 years throws instead of looping forever.
 */
import { IANAZone } from 'luxon';

export interface WorkingCalendar {
  zone: string; // IANA, e.g. 'Europe/Moscow'
  days: number[]; // ISO weekdays that are working, 1 = Monday … 7 = Sunday
  start: string; // 'HH:mm' opening
  end: string; // 'HH:mm' closing (end > start; '24:00' = midnight)
  holidays: string[]; // 'YYYY-MM-DD' in the company zone, days off even if weekday
  workdays?: string[]; // 'YYYY-MM-DD' extra working days, working even if weekend
  aroundTheClock?: boolean; // true → plain wall-clock arithmetic, no hours/days
}

/** Give up after this many consecutive calendar days without any working time (~2 years). */
const MAX_IDLE_DAYS = 2 * 366;
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

const HHMM = /^(\d{2}):(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Compiled {
  zone: string;
  tz: IANAZone;
  around: boolean;
  days: ReadonlySet<number>;
  startMin: number;
  endMin: number;
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  /** Memo: working interval per day number (null = day off); bounded, cleared when full. */
  intervals: Map<number, { start: number; end: number } | null>;
  /** Memo: zone offset (minutes) at 00:00 UTC of a day number; bounded, cleared when full. */
  probes: Map<number, number>;
}

const MEMO_LIMIT = 20_000;

// ───────────────────────── public API ─────────────────────────

/** True when `at` falls inside a working interval: a working day, start <= local time < end. */
export function isWorkingTime(at: Date, cal: WorkingCalendar): boolean {
  const c = compile(cal);
  const t = instant(at, 'at');
  if (c.around) return true;
  const iv = interval(c, dayOf(c, t));
  return iv !== null && iv.start <= t && t < iv.end;
}

/** True when the calendar date of `at` in `cal.zone` is a working day (whatever the hour). */
export function isWorkingDay(at: Date, cal: WorkingCalendar): boolean {
  const c = compile(cal);
  const t = instant(at, 'at');
  return c.around || isWorkingDate(c, dayOf(c, t));
}

/** `at` itself if it is working time, else the next moment work starts. */
export function nextOpening(at: Date, cal: WorkingCalendar): Date {
  const c = compile(cal);
  const t = instant(at, 'at');
  if (c.around) return new Date(t);
  let idle = 0;
  for (let d = dayOf(c, t); ; d++) {
    const iv = interval(c, d);
    if (iv !== null && t < iv.end && iv.start < iv.end) return new Date(Math.max(t, iv.start));
    if (++idle > MAX_IDLE_DAYS) throw noWorkingTime(c, t);
  }
}

/**
 * The moment at which `ms` of working time has elapsed since `from`, skipping nights, days off and holidays.
 * The earliest such moment: 10 minutes from 17:50 with closing at 18:00 is 18:00 sharp.
 * `ms = 0` → nextOpening(from).
 */
export function addWorkingTime(from: Date, ms: number, cal: WorkingCalendar): Date {
  const c = compile(cal);
  const t = instant(from, 'from');
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`working time must be a finite number of milliseconds >= 0, got ${ms}`);
  if (c.around) return new Date(t + ms);
  let remaining = ms;
  let idle = 0;
  for (let d = dayOf(c, t); ; d++) {
    const iv = interval(c, d);
    if (iv !== null) {
      const s = Math.max(t, iv.start);
      if (s < iv.end) {
        const available = iv.end - s;
        if (remaining <= available) return new Date(s + remaining);
        remaining -= available;
        idle = 0;
        continue;
      }
    }
    if (++idle > MAX_IDLE_DAYS) throw noWorkingTime(c, t);
  }
}

/** Milliseconds of working time in [from, to); 0 if to <= from. */
export function workingTimeBetween(from: Date, to: Date, cal: WorkingCalendar): number {
  const c = compile(cal);
  const a = instant(from, 'from');
  const b = instant(to, 'to');
  if (b <= a) return 0;
  if (c.around) return b - a;
  let total = 0;
  const last = dayOf(c, b);
  for (let d = dayOf(c, a); d <= last; d++) {
    const iv = interval(c, d);
    if (iv === null) continue;
    const s = Math.max(a, iv.start);
    const e = Math.min(b, iv.end);
    if (e > s) total += e - s;
  }
  return total;
}

/** The next working day strictly after the calendar date of `from` (in cal.zone), at `time` local. */
export function nextWorkingDayAt(from: Date, time: string, cal: WorkingCalendar): Date {
  const c = compile(cal);
  const t = instant(from, 'from');
  const minutes = parseTimeArg(time);
  return at(c, firstWorkingDate(c, dayOf(c, t) + 1, t), minutes);
}

/**
 * `days` calendar days after the date of `from` (in cal.zone), at `time` local; moved forward to the
 * next working day when that date is a day off.
 */
export function workingDayAt(from: Date, days: number, time: string, cal: WorkingCalendar): Date {
  const c = compile(cal);
  const t = instant(from, 'from');
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  const minutes = parseTimeArg(time);
  return at(c, firstWorkingDate(c, dayOf(c, t) + days, t), minutes);
}

/** Human-readable problems with the calendar; empty when it is usable. */
export function validateCalendar(cal: WorkingCalendar): string[] {
  const { problems, conflicts } = inspect(cal);
  return [...problems, ...conflicts];
}

// ───────────────────────── internals ─────────────────────────

/** `problems` make the calendar unusable; `conflicts` (a date both holiday and workday) only deserve a fix. */
function inspect(cal: WorkingCalendar): { problems: string[]; conflicts: string[] } {
  const problems: string[] = [];
  const conflicts: string[] = [];
  const raw = cal as unknown as Record<string, unknown>;

  if (typeof raw.zone !== 'string' || !IANAZone.isValidZone(raw.zone)) {
    problems.push(`zone ${show(raw.zone)} is not a known IANA time zone; write e.g. "Europe/Moscow"`);
  }

  if (!Array.isArray(raw.days)) {
    problems.push('days must be a list of ISO weekdays, 1 = Monday … 7 = Sunday');
  } else {
    if (raw.days.length === 0 && raw.aroundTheClock !== true) {
      problems.push('days is empty: list at least one working weekday, 1 = Monday … 7 = Sunday');
    }
    for (const d of raw.days) {
      if (!(typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 7)) {
        problems.push(`days contains ${show(d)}, which is not a weekday; use 1 = Monday … 7 = Sunday`);
      }
    }
  }

  const start = typeof raw.start === 'string' ? parseHHmm(raw.start, false) : null;
  const end = typeof raw.end === 'string' ? parseHHmm(raw.end, true) : null;
  if (start === null) problems.push(`start ${show(raw.start)} is not a time; write it as "HH:mm", e.g. "09:00"`);
  if (end === null) problems.push(`end ${show(raw.end)} is not a time; write it as "HH:mm", e.g. "18:00"`);
  if (start !== null && end !== null && end <= start) {
    problems.push(
      `end ${raw.end as string} is not after start ${raw.start as string}; overnight shifts are not supported`,
    );
  }

  const holidays = checkDates('holidays', raw.holidays, true, problems);
  const workdays = checkDates('workdays', raw.workdays, false, problems);
  for (const d of holidays) {
    if (workdays.has(d)) conflicts.push(`${d} is listed both in holidays and in workdays; the holiday wins`);
  }

  if (raw.aroundTheClock !== undefined && typeof raw.aroundTheClock !== 'boolean') {
    problems.push(`aroundTheClock must be true or false, got ${show(raw.aroundTheClock)}`);
  }
  return { problems, conflicts };
}

const cache = new WeakMap<WorkingCalendar, { key: string; compiled: Compiled }>();

/** Validates and prepares the calendar; memoised per object (re-checked if the object was mutated). */
function compile(cal: WorkingCalendar): Compiled {
  const key = JSON.stringify([cal.zone, cal.days, cal.start, cal.end, cal.holidays, cal.workdays, cal.aroundTheClock]);
  const hit = cache.get(cal);
  if (hit !== undefined && hit.key === key) return hit.compiled;
  // A date both holiday and workday is reported by validateCalendar but does not block: the holiday wins.
  const { problems } = inspect(cal);
  if (problems.length > 0) throw new Error(`invalid working calendar: ${problems.join('; ')}`);
  const compiled: Compiled = {
    zone: cal.zone,
    tz: IANAZone.create(cal.zone),
    around: cal.aroundTheClock === true,
    days: new Set(cal.days),
    startMin: parseHHmm(cal.start, false) ?? 0,
    endMin: parseHHmm(cal.end, true) ?? 0,
    holidays: new Set(cal.holidays),
    workdays: new Set(cal.workdays ?? []),
    intervals: new Map(),
    probes: new Map(),
  };
  cache.set(cal, { key, compiled });
  return compiled;
}

function instant(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
}

/** Minutes since midnight for 'HH:mm' (00:00–23:59, plus '24:00' when allowed), else null. */
function parseHHmm(s: string, allowMidnight: boolean): number | null {
  const m = HHMM.exec(s);
  if (m === null) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h < 24) return h * 60 + min;
  if (allowMidnight && h === 24 && min === 0) return 24 * 60;
  return null;
}

function parseTimeArg(time: string): number {
  const m = typeof time === 'string' ? parseHHmm(time, false) : null;
  if (m === null) throw new RangeError(`time ${show(time)} is not a time; write it as "HH:mm", e.g. "10:00"`);
  return m;
}

function checkDates(field: string, value: unknown, required: boolean, problems: string[]): Set<string> {
  const ok = new Set<string>();
  if (value === undefined && !required) return ok;
  if (!Array.isArray(value)) {
    problems.push(`${field} must be a list of dates in "YYYY-MM-DD" format`);
    return ok;
  }
  for (const v of value) {
    if (typeof v === 'string' && dayNumberOf(v) !== null) ok.add(v);
    else
      problems.push(`${field} contains ${show(v)}, which is not a date; write it as "YYYY-MM-DD", e.g. "2025-01-07"`);
  }
  return ok;
}

/** Day number (days since 1970-01-01) of a real 'YYYY-MM-DD' date, else null. */
function dayNumberOf(s: string): number | null {
  const m = ISO_DATE.exec(s);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : v === undefined ? 'missing' : (JSON.stringify(v) ?? String(v));
}

// Calendar dates are day numbers (days since 1970-01-01): plain integers, cheap to step through.

function dayOf(c: Compiled, t: number): number {
  return Math.floor((t + c.tz.offset(t) * MIN_MS) / DAY_MS);
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isoWeekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay() || 7;
}

function isWorkingDate(c: Compiled, day: number): boolean {
  if (c.around) return true;
  const iso = isoDate(day);
  if (c.holidays.has(iso)) return false;
  if (c.workdays.has(iso)) return true;
  return c.days.has(isoWeekday(day));
}

/**
 * The instant of local wall-clock `minutes` (0…1440) on calendar `day` in the zone.
 * Deterministic DST rules (the same as Temporal's "compatible"): a time that occurs twice when the
 * clocks fall back means its first occurrence; a time skipped when they spring forward is moved
 * forward by the gap (02:30 → 03:30). Luxon's own fromObject is not used: it resolves repeated
 * times with the offset of the current moment, which would make this module depend on the clock.
 */
function at(c: Compiled, day: number, minutes: number): Date {
  const wall = day * DAY_MS + minutes * MIN_MS; // the wall-clock reading, written as if it were UTC
  // Every instant whose local date is `day` lies strictly between these two probes (offsets are within ±18h).
  const before = probe(c, day - 1);
  const after = probe(c, day + 2);
  if (before === after) {
    const t = wall - before * MIN_MS; // the usual case: no switch nearby
    if (c.tz.offset(t) === before) return new Date(t);
  }
  let best = Number.POSITIVE_INFINITY;
  for (const o of new Set([before, after, c.tz.offset(wall - before * MIN_MS), c.tz.offset(wall - after * MIN_MS)])) {
    const t = wall - o * MIN_MS;
    if (c.tz.offset(t) === o && t < best) best = t;
  }
  // No offset reproduces the reading: it falls in a spring-forward gap; read it with the offset before the gap.
  return new Date(Number.isFinite(best) ? best : wall - before * MIN_MS);
}

function probe(c: Compiled, day: number): number {
  let o = c.probes.get(day);
  if (o === undefined) {
    if (c.probes.size >= MEMO_LIMIT) c.probes.clear();
    o = c.tz.offset(day * DAY_MS);
    c.probes.set(day, o);
  }
  return o;
}

/** The working interval of calendar `day`, or null for a day off. */
function interval(c: Compiled, day: number): { start: number; end: number } | null {
  const hit = c.intervals.get(day);
  if (hit !== undefined) return hit;
  const iv = isWorkingDate(c, day)
    ? { start: at(c, day, c.startMin).getTime(), end: at(c, day, c.endMin).getTime() }
    : null;
  if (c.intervals.size >= MEMO_LIMIT) c.intervals.clear();
  c.intervals.set(day, iv);
  return iv;
}

function firstWorkingDate(c: Compiled, day: number, from: number): number {
  for (let d = day, idle = 0; ; d++) {
    if (isWorkingDate(c, d)) return d;
    if (++idle > MAX_IDLE_DAYS) throw noWorkingTime(c, from);
  }
}

function noWorkingTime(c: Compiled, from: number): Error {
  return new Error(
    `working calendar (${c.zone}) has no working time within 2 years after ${new Date(from).toISOString()}: check days, holidays and workdays`,
  );
}
