/**
 * The reports desk (issue 16): speed to lead, measured and shown.
 * - keeps its ledger from the deal and payment desks' domain events (store.ts);
 * - the first-contact clock: the sweep polls the portal's activities for open assignments
 *   (contact.ts decides what a contact is), and a second chain of timers — "claimed, but no
 *   contact within N working minutes" — nudges the manager, then tells the supervisor, each once;
 * - /stats (today / week / month buttons, CSV) for department heads (their people) and directors
 *   (everyone), and the scheduled daily and weekly summaries (durable timer rows, working days).
 */
import { DateTime } from 'luxon';
import * as t from '../texts';
import type { DeskContext } from '../kernel/context';
import type { ButtonHandlers, CommandHandler } from '../kernel/desk';
import type { ActivityOwner, Actor, Crm, OutFile, OutMessage } from '../kernel/ports';
import type { ReportPeriod } from '../kernel/buttons';
import { REPORT_PERIODS } from '../kernel/buttons';
import { messageKey, timerKey, copyKey } from '../kernel/keys';
import {
  dealLink,
  namedPerson,
  personName,
  personOf,
  sendFileToChat,
  sendFileToPerson,
  sendToChat,
  sendToPerson,
} from '../kernel/delivery';
import { addWorkingTime, workingDayAt, workingTimeBetween } from '../kernel/working-hours';
import type { TimerHandlers, TimerOf } from '../store/timers';
import { computeReport, reportCsv, type Report } from './figures';
import { firstContact } from './contact';
import { chartPng } from './chart';
import type { ReportStore } from './store';

const MIN = 60_000;

/** What a reader may see: everyone (a director), or the people they head. */
export type ReaderScope = { kind: 'all' } | { kind: 'department'; managers: Set<number>; headId: number };

export interface BuiltReport {
  report: Report;
  message: OutMessage;
  png: Buffer;
  csv: string;
  title: string;
}

export class ReportsDesk {
  readonly commands: { stats: CommandHandler } = {
    stats: (actor, args, privateChat) => this.onStats(actor, args, privateChat),
  };

  readonly buttons: Pick<ButtonHandlers, 'stats' | 'statsCsv'> = {
    stats: (personId, press, actor) => this.onPeriod(personId, press.period, actor, false),
    statsCsv: (personId, press, actor) => this.onPeriod(personId, press.period, actor, true),
  };

  readonly timers: Pick<TimerHandlers, 'contact-check' | 'report'> = {
    'contact-check': (timer) => this.onContactCheck(timer),
    report: (timer) => this.onScheduled(timer),
  };

  constructor(
    private readonly ctx: DeskContext,
    private readonly store: ReportStore,
    private readonly crm: Pick<Crm, 'listActivitiesSince'>,
  ) {
    ctx.events.on('assignmentOpened', (e) => store.opened(e));
    ctx.events.on('assignmentClaimed', (e) => {
      store.claimed(e);
      this.armContactChain(e.assignmentId, e.at);
    });
    ctx.events.on('assignmentClosed', (e) => {
      store.closed(e);
      ctx.timers.cancelByPrefix(timerKey.contactChecksOf(e.assignmentId));
    });
    ctx.events.on('assignmentEscalated', (e) => store.escalated(e));
    ctx.events.on('paymentConfirmed', (e) => store.paymentConfirmed(e));
  }

  private get cal() {
    return this.ctx.rules.workingHours;
  }
  private now(): number {
    return this.ctx.clock.now().getTime();
  }

  // ---- the first-contact clock ---------------------------------------------------------------

  /** Claimed: level 1 (the manager) after contact.timeout, level 2 (the supervisor) after contact.supervisorAfter. */
  private armContactChain(assignmentId: number, claimedAt: number): void {
    const rules = this.ctx.rules.contact;
    if (!rules.enabled) return;
    const row = this.store.get(assignmentId);
    if (!row || row.contactAt !== null) return;
    [rules.timeout, rules.supervisorAfter].forEach((after, i) => {
      this.ctx.timers.schedule(
        {
          kind: 'contact-check',
          key: timerKey.contactCheck(assignmentId, i + 1),
          dueAt: addWorkingTime(new Date(claimedAt), after, this.cal).getTime(),
          payload: { assignmentId, level: i + 1 },
        },
        this.now(),
      );
    });
  }

  private ownersOf(r: { dealId: number; contactId: number | null; companyId: number | null }): ActivityOwner[] {
    const owners: ActivityOwner[] = [{ ownerTypeId: 2, ownerId: r.dealId }];
    if (r.contactId) owners.push({ ownerTypeId: 3, ownerId: r.contactId });
    if (r.companyId) owners.push({ ownerTypeId: 4, ownerId: r.companyId });
    return owners;
  }

  /**
   * The sweep's part: asks the portal about up to 50 open assignments without a contact (least
   * recently asked first) in one batch, records the first contacts found. Returns how many.
   */
  async pollContacts(): Promise<number> {
    const rules = this.ctx.rules.contact;
    if (!rules.enabled) return 0;
    const now = this.now();
    const open = this.store.awaitingContact(now - rules.lookback, now - rules.pollEvery, 50);
    if (open.length === 0) return 0;
    const owners = new Map<string, ActivityOwner>();
    for (const r of open) for (const o of this.ownersOf(r)) owners.set(`${o.ownerTypeId}:${o.ownerId}`, o);
    const since = Math.min(...open.map((r) => r.assignedAt));
    const activities = await this.crm.listActivitiesSince([...owners.values()], new Date(since));
    let found = 0;
    this.ctx.tx(() => {
      const checked: number[] = [];
      for (const r of open) {
        const mine = new Set(this.ownersOf(r).map((o) => `${o.ownerTypeId}:${o.ownerId}`));
        const c = firstContact(
          activities.filter((a) => mine.has(`${a.ownerTypeId}:${a.ownerId}`)),
          r.assignedAt,
        );
        if (c && this.store.contacted(r.assignmentId, c.at, c.kind, now)) {
          found++;
          this.ctx.timers.cancelByPrefix(timerKey.contactChecksOf(r.assignmentId));
          this.ctx.log.info({ dealId: r.dealId, assignmentId: r.assignmentId, kind: c.kind }, 'first contact recorded');
        } else checked.push(r.assignmentId);
      }
      this.store.checked(checked, now);
    });
    return found;
  }

  /** A level of the "no contact" chain fell due: ask the portal once more, then nudge — once per level. */
  private async onContactCheck(timer: TimerOf<'contact-check'>): Promise<void> {
    const { assignmentId, level } = timer.payload;
    const row = this.store.get(assignmentId);
    const open = row && row.contactAt === null && row.closedAt === null && row.takenAwayAt === null;
    // A portal that cannot answer throws: the scheduler retries the timer rather than nudging blind.
    const contact =
      open && row
        ? firstContact(await this.crm.listActivitiesSince(this.ownersOf(row), new Date(row.assignedAt)), row.assignedAt)
        : null;
    if (open) await this.ctx.directory.fresh();
    this.ctx.tx(() => {
      const now = this.now();
      if (!this.ctx.timers.markFired(timer.id, now)) return;
      if (!row || !open) return;
      if (contact) {
        this.store.contacted(assignmentId, contact.at, contact.kind, now);
        this.ctx.timers.cancelByPrefix(timerKey.contactChecksOf(assignmentId));
        return;
      }
      const waited = workingTimeBetween(new Date(row.claimedAt ?? row.assignedAt), new Date(now), this.cal) / MIN;
      const url = dealLink(this.ctx, row.dealId);
      if (level === 1) {
        sendToPerson(
          this.ctx,
          row.managerId,
          messageKey.contactNudge(assignmentId, 1, row.managerId),
          t.reports.contactNudge(row.title, url, waited),
        );
      } else {
        const head = this.ctx.directory.supervisorOf(row.managerId);
        const to = head !== null && head !== row.managerId ? [head] : this.ctx.rules.people.directors;
        for (const person of to.filter((p) => p !== row.managerId))
          sendToPerson(
            this.ctx,
            person,
            messageKey.contactNudge(assignmentId, level, person),
            t.reports.contactAlert(namedPerson(this.ctx, row.managerId), row.title, url, waited),
          );
      }
      this.ctx.log.info({ dealId: row.dealId, assignmentId, level }, 'no contact after the claim: nudged');
    });
  }

  // ---- who sees what --------------------------------------------------------------------------

  /** Directors (and admins) see everyone; a head sees the people whose supervisor they are; others nothing. */
  scopeOf(personId: number | null): ReaderScope | null {
    if (personId === null) return null;
    const { directors, admins } = this.ctx.rules.people;
    if (directors.includes(personId) || admins.includes(personId)) return { kind: 'all' };
    const managers = new Set(
      this.ctx.directory
        .allPeople()
        .filter((p) => p.id !== personId && this.ctx.directory.supervisorOf(p.id) === personId)
        .map((p) => p.id),
    );
    return managers.size ? { kind: 'department', managers, headId: personId } : null;
  }

  // ---- building a report ----------------------------------------------------------------------

  /** The report of [from, to) for a scope: figures, the message, the chart, the CSV. */
  build(scope: ReaderScope, from: number, to: number, title: string, withButtons: boolean): BuiltReport {
    const dir = this.ctx.directory;
    const departmentOf = (id: number) => dir.person(id)?.departmentIds[0] ?? null;
    const deptName = (id: number | null) => (id === null ? '—' : (dir.department(id)?.name ?? `#${id}`));
    const within = this.ctx.rules.reports.within;
    const report = computeReport({
      rows: this.store.rows(from, to),
      payments: this.store.payments(from, to),
      from,
      to,
      now: Math.min(this.now(), to),
      cal: this.cal,
      scope: scope.kind === 'all' ? null : scope.managers,
      departmentOf,
      within,
    });
    const withinMinutes = Math.round(within / MIN);
    const shown = report.managers.slice(0, 25);
    const scopeText =
      scope.kind === 'all'
        ? t.reports.scopeAll
        : t.reports.scopeDepartment(
            [...new Set([...scope.managers].map(departmentOf).filter((d): d is number => d !== null))]
              .map(deptName)
              .join(', '),
          );
    const message = t.reportMessage(
      {
        title,
        scope: scopeText,
        withinMinutes,
        received: report.totals.received,
        claimedWithinShare: report.totals.claimedWithinShare,
        claimMedian: report.totals.claimMedian,
        contactMedian: report.totals.contactMedian,
        outOfHours: report.outOfHours,
        managers: shown.map((m) => ({ ...m, name: personName(this.ctx, m.managerId) })),
        more: report.managers.length - shown.length,
        departments: report.departments.map((d) => ({ ...d, name: deptName(d.departmentId) })),
        payments: report.payments,
        longest: report.longestWaits.map((w) => ({
          title: w.title || `#${w.dealId}`,
          url: dealLink(this.ctx, w.dealId),
          managerName: personName(this.ctx, w.managerId),
          minutes: w.minutes,
          claimed: w.claimed,
        })),
        contactClock: this.ctx.rules.contact.enabled,
      },
      withButtons,
    );
    const png = chartPng(
      shown.map((m) => ({
        label: personName(this.ctx, m.managerId),
        claim: m.claimMedian,
        contact: this.ctx.rules.contact.enabled ? m.contactMedian : null,
      })),
      {
        title,
        subtitle: t.reports.chart.subtitle(withinMinutes),
        claim: t.reports.chart.claim,
        contact: this.ctx.rules.contact.enabled ? t.reports.chart.contact : null,
        line: t.reports.chart.line(withinMinutes),
        axis: t.reports.chart.axis,
        empty: t.reports.chart.empty,
      },
      withinMinutes,
    );
    const csv = reportCsv(report, (id) => personName(this.ctx, id), deptName);
    return { report, message, png, csv, title };
  }

  /** [from, to) and a title of a period that ends now. */
  periodOf(period: ReportPeriod, now = this.now()): { from: number; to: number; title: string } {
    const end = DateTime.fromMillis(now, { zone: this.cal.zone });
    const start =
      period === 'day' ? end.startOf('day') : period === 'week' ? end.startOf('week') : end.startOf('month');
    const dates =
      period === 'day' ? end.toFormat('dd.MM.yyyy') : `${start.toFormat('dd.MM')}–${end.toFormat('dd.MM.yyyy')}`;
    return { from: start.toMillis(), to: now + 1, title: t.reports.title(t.reports.periods[period], dates) };
  }

  // ---- on demand: /stats ----------------------------------------------------------------------

  private async onStats(actor: Actor, args: string, privateChat: boolean): Promise<OutMessage | null> {
    const words = args.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const csv = words.includes('csv');
    const period = REPORT_PERIODS.find((p) => words.includes(p)) ?? (csv ? 'month' : 'day');
    await this.ctx.directory.fresh();
    const scope = privateChat ? this.scopeOf(personOf(this.ctx, actor)) : null;
    if (!scope) {
      this.ctx.log.info({ from: actor.address, channel: actor.channel }, '/stats refused: not a head or a director');
      return { text: t.reports.notAllowed };
    }
    // The text is the command's answer; the chart (or the CSV) follows through the outbox.
    return this.deliver(actor, scope, period, csv, false);
  }

  private async onPeriod(personId: number | null, period: ReportPeriod, actor: Actor, csv: boolean) {
    await this.ctx.directory.fresh();
    const scope = this.scopeOf(personId);
    if (!scope) return { text: t.reports.notAllowed, alert: true };
    this.deliver(actor, scope, period, csv, true);
    return { text: t.reports.onTheWay, quiet: true };
  }

  /**
   * The report (or its CSV) to the chat it was asked in: the file through the outbox, the text too
   * when `sendText` (a button press), else returned as the command's answer.
   */
  private deliver(actor: Actor, scope: ReaderScope, period: ReportPeriod, csv: boolean, sendText: boolean): OutMessage {
    const now = this.now();
    const p = this.periodOf(period, now);
    const built = this.build(scope, p.from, p.to, p.title, true);
    const chat = { channel: actor.channel, id: actor.chatId };
    const key = messageKey.statsReport(Number(actor.address) || 0, csv ? `${period}-csv` : period, now);
    this.ctx.tx(() => {
      if (csv) {
        sendFileToChat(this.ctx, chat, copyKey(messageKey.statsFile(key, 'csv'), chat.channel), this.csvFile(built));
        return;
      }
      if (sendText) sendToChat(this.ctx, chat, copyKey(key, chat.channel), built.message);
      sendFileToChat(this.ctx, chat, copyKey(messageKey.statsFile(key, 'png'), chat.channel), this.pngFile(built));
    });
    return csv ? { text: t.reports.csvCaption(built.title) } : built.message;
  }

  pngFile(b: BuiltReport): OutFile {
    return { name: 'speed-to-lead.png', bytes: b.png, caption: t.reports.chartCaption(b.title), photo: true };
  }
  csvFile(b: BuiltReport): OutFile {
    // A byte-order mark: spreadsheet programs then read the Cyrillic as UTF-8.
    return {
      name: 'speed-to-lead.csv',
      bytes: Buffer.from(`\ufeff${b.csv}`, 'utf8'),
      caption: t.reports.csvCaption(b.title),
      photo: false,
    };
  }

  // ---- scheduled summaries --------------------------------------------------------------------

  /** Keeps the next daily and weekly summary timers (keyed by date: scheduling twice is harmless). */
  scheduleReports(from = this.now()): void {
    const r = this.ctx.rules.reports;
    const schedule = (kind: 'daily' | 'weekly', at: Date) => {
      const date = DateTime.fromJSDate(at, { zone: this.cal.zone }).toISODate();
      if (date === null) return;
      this.ctx.timers.schedule(
        { kind: 'report', key: timerKey.report(kind, date), dueAt: at.getTime(), payload: { kind, date } },
        from,
      );
    };
    if (r.dailyAt) {
      // Today at the time if that is still ahead and a working day, else the next working day.
      let at = workingDayAt(new Date(from), 0, r.dailyAt, this.cal);
      if (at.getTime() <= from) at = workingDayAt(new Date(from), 1, r.dailyAt, this.cal);
      schedule('daily', at);
    }
    if (r.weeklyAt) {
      const today = DateTime.fromMillis(from, { zone: this.cal.zone });
      for (let week = 0; week < 3; week++) {
        const day = today.plus({ days: ((r.weeklyDay - today.weekday + 7) % 7) + 7 * week });
        const at = workingDayAt(day.toJSDate(), 0, r.weeklyAt, this.cal);
        if (at.getTime() > from) {
          schedule('weekly', at);
          break;
        }
      }
    }
  }

  /** Readers of a scheduled summary: every director (everyone), every head of someone who got a deal. */
  private readers(managers: Iterable<number>): Array<{ personId: number; scope: ReaderScope }> {
    const { directors } = this.ctx.rules.people;
    const out: Array<{ personId: number; scope: ReaderScope }> = directors.map((d) => ({
      personId: d,
      scope: { kind: 'all' },
    }));
    const heads = new Set<number>();
    for (const m of managers) {
      const h = this.ctx.directory.supervisorOf(m);
      if (h !== null && !directors.includes(h)) heads.add(h);
    }
    for (const h of heads) {
      const scope = this.scopeOf(h);
      if (scope) out.push({ personId: h, scope });
    }
    return out;
  }

  private async onScheduled(timer: TimerOf<'report'>): Promise<void> {
    const { kind, date } = timer.payload;
    await this.ctx.directory.fresh();
    const day = DateTime.fromISO(date, { zone: this.cal.zone });
    const from = (kind === 'daily' ? day.startOf('day') : day.startOf('week')).toMillis();
    const to = day.endOf('day').toMillis() + 1;
    const dates =
      kind === 'daily'
        ? day.toFormat('dd.MM.yyyy')
        : `${day.startOf('week').toFormat('dd.MM')}–${day.toFormat('dd.MM.yyyy')}`;
    const title = kind === 'daily' ? t.reports.dailyTitle(dates) : t.reports.weeklyTitle(dates);
    const readers = this.readers(new Set(this.store.rows(from, to).map((r) => r.managerId)));
    // Rendering happens before the transaction (it takes a moment); the rows are written in it.
    const built = readers.map((r) => ({ ...r, built: this.build(r.scope, from, to, title, false) }));
    this.ctx.tx(() => {
      const now = this.now();
      if (!this.ctx.timers.markFired(timer.id, now)) return;
      for (const { personId, built: b } of built) {
        const key = messageKey.scheduledReport(kind, date, personId);
        sendToPerson(this.ctx, personId, key, b.message);
        sendFileToPerson(this.ctx, personId, messageKey.statsFile(key, 'png'), this.pngFile(b));
      }
      this.scheduleReports(now);
    });
  }
}
