/**
 * After the deal (rulebook step 61): a won deal → a follow-up call for its manager (a to-do on the
 * CONTACT in Bitrix24 and a card on the day), and after a client's FIRST deal → the feedback survey.
 * Every deadline is a timer row; every effect an outbox row; the Bitrix24 activity is the shared
 * truth for the call (completed or moved there, the bot follows).
 */
import { DateTime } from 'luxon';
import { nextOpening, nextWorkingDayAt, workingDayAt } from '../kernel/working-hours';
import { decideAfterSale, callDueAt, surveyLink } from './after-sale';
import * as t from '../texts';
import type { ActionReply, Button, Client, Crm, DealSnapshot } from '../kernel/ports';
import type { DeskContext } from '../kernel/context';
import { sendToPerson, editEverywhere, sentAnywhere } from '../kernel/context';
import { dealLink, personName } from '../deals/cards';
import type { TimerRow } from '../store/timers';
import { kvGet, kvSet } from '../store/db';

type Kind = 'call' | 'survey' | 'failure';
interface Row {
  id: number;
  deal_id: number;
  kind: Kind;
  generation: number;
  manager_id: number;
  contact_id: number | null;
  company_id: number | null;
  due_at: number;
  status: 'scheduled' | 'sent' | 'done' | 'declined' | 'cancelled' | 'escalated';
  revision: number;
  repeats: number;
  won_at: number | null;
}

const OPEN = `status IN ('scheduled', 'sent')`;
const NOTE_WINDOW_MS = 30 * 60_000;

export class FollowUpDesk {
  constructor(
    private readonly ctx: DeskContext,
    private readonly crm: Crm,
  ) {}

  private get rules() {
    return this.ctx.rules.followUp;
  }
  private get cal() {
    return this.ctx.rules.workingHours;
  }
  private now(): number {
    return this.ctx.clock.now().getTime();
  }
  private row(id: number): Row | undefined {
    return this.ctx.db.prepare('SELECT * FROM followups WHERE id = ?').get(id) as Row | undefined;
  }

  /** Inside the intake transaction: react to what happened to the deal after the sale. */
  onDealSnapshot(prev: DealSnapshot | null, next: DealSnapshot | null): void {
    if (!this.rules.enabled) return;
    const success = this.ctx.directory.successStages();
    const failure = this.ctx.directory.failureStages();
    const dealId = (next ?? prev)?.id;
    if (!dealId) return;
    for (const change of decideAfterSale(prev, next, success, failure)) {
      if (change.kind === 'won' && next) this.onWon(next);
      else if (change.kind === 'lost' && next && this.rules.failureAnalysis)
        this.create(next, 'failure', nextWorkingDayAt(new Date(this.now()), this.rules.morningAt, this.cal).getTime());
      else if (change.kind === 'reopened' || change.kind === 'deleted') this.cancelAll(dealId);
      else if (change.kind === 'reassigned')
        // Pending reminders follow the deal's new manager.
        this.ctx.db
          .prepare(`UPDATE followups SET manager_id = ?, updated_at = ? WHERE deal_id = ? AND ${OPEN}`)
          .run(change.to, this.now(), dealId);
    }
  }

  private onWon(deal: DealSnapshot): void {
    const now = this.now();
    const open = this.ctx.db
      .prepare(`SELECT count(*) AS n FROM followups WHERE deal_id = ? AND kind = 'call' AND ${OPEN}`)
      .get(deal.id) as { n: number };
    // Won again after a re-open: the pending call stays the one call.
    if (open.n === 0) {
      const delay =
        this.rules.pipelines.find((p) => p.categoryId === deal.categoryId)?.callAfter ?? this.rules.callAfter;
      this.createCall(deal, callDueAt(new Date(now), delay, this.rules.callAt, this.cal).getTime(), now);
    }
    // "Is it the client's first deal?" needs the portal: a timer does that I/O outside this transaction.
    this.ctx.timers.schedule(
      { kind: 'survey-check', key: `survey-check:${deal.id}`, dueAt: now, payload: { dealId: deal.id } },
      now,
    );
  }

  private create(
    deal: DealSnapshot,
    kind: Kind,
    dueAt: number,
    generation = 1,
    wonAt: number | null = null,
  ): number | null {
    const now = this.now();
    const res = this.ctx.db
      .prepare(
        `INSERT OR IGNORE INTO followups (deal_id, kind, generation, manager_id, contact_id, company_id, due_at, status, won_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)`,
      )
      .run(deal.id, kind, generation, deal.assignedById, deal.contactId, deal.companyId, dueAt, wonAt, now, now);
    if (res.changes !== 1) return null;
    const id = Number(res.lastInsertRowid);
    this.ctx.timers.schedule({ kind: 'followup', key: `fu:${id}:r1`, dueAt, payload: { id, revision: 1 } }, now);
    return id;
  }

  private createCall(deal: DealSnapshot, dueAt: number, wonAt: number, generation?: number): number | null {
    const gen =
      generation ??
      1 +
        ((
          this.ctx.db
            .prepare(`SELECT max(generation) AS g FROM followups WHERE deal_id = ? AND kind = 'call'`)
            .get(deal.id) as { g: number | null }
        ).g ?? 0);
    const id = this.create(deal, 'call', dueAt, gen, wonAt);
    if (id === null) return null;
    const owner = this.owner(deal.contactId, deal.companyId, deal.id);
    const client = this.ctx.deals.get(deal.id)?.client;
    this.ctx.outbox.enqueue(
      `todo:${id}`,
      {
        channel: 'bitrix',
        op: 'todo.add',
        target: String(deal.id),
        payload: {
          ...owner,
          deadline: new Date(dueAt).toISOString(),
          title: t.followUpTimeline.todoTitle(client?.name ?? client?.company ?? deal.title),
          description: t.followUpTimeline.todoDescription(deal.title),
          responsibleId: deal.assignedById,
        },
      },
      this.now(),
    );
    return id;
  }

  /** The to-do belongs to the CONTACT; without one, to the company; without both, to the deal. */
  private owner(
    contactId: number | null,
    companyId: number | null,
    dealId: number,
  ): { ownerTypeId: number; ownerId: number } {
    if (contactId) return { ownerTypeId: 3, ownerId: contactId };
    if (companyId) return { ownerTypeId: 4, ownerId: companyId };
    return { ownerTypeId: 2, ownerId: dealId };
  }

  private cancelAll(dealId: number): void {
    for (const r of this.ctx.db.prepare(`SELECT id FROM followups WHERE deal_id = ? AND ${OPEN}`).all(dealId) as Array<{
      id: number;
    }>) {
      this.ctx.db
        .prepare(`UPDATE followups SET status = 'cancelled', updated_at = ? WHERE id = ?`)
        .run(this.now(), r.id);
      this.ctx.timers.cancelByPrefix(`fu:${r.id}:`);
    }
  }

  private reschedule(r: Row, dueAt: number, status: 'scheduled' | 'sent' = 'scheduled'): void {
    const revision = r.revision + 1;
    this.ctx.timers.cancelByPrefix(`fu:${r.id}:`);
    this.ctx.db
      .prepare(`UPDATE followups SET due_at = ?, revision = ?, status = ?, updated_at = ? WHERE id = ?`)
      .run(dueAt, revision, status, this.now(), r.id);
    this.ctx.timers.schedule(
      { kind: 'followup', key: `fu:${r.id}:r${revision}`, dueAt, payload: { id: r.id, revision } },
      this.now(),
    );
  }

  private view(r: Row, client: Client | null = null): t.FollowUpView {
    const stored = this.ctx.deals.get(r.deal_id);
    const c = client ?? stored?.client ?? null;
    return {
      clientName: c?.name ?? null,
      phone: c?.phone ?? null,
      company: c?.company ?? null,
      dealTitle: stored?.deal.title ?? `Сделка #${r.deal_id}`,
      comment: stored?.deal.comment ?? '',
      amount: stored?.deal.amount ?? 0,
      currency: stored?.deal.currency ?? 'RUB',
      wonAt: r.won_at,
      zone: this.cal.zone,
      link: dealLink(this.ctx, r.deal_id),
    };
  }

  private activityId(r: Row): number | null {
    return (this.ctx.outbox.byKey(`todo:${r.id}`)?.result as { activityId?: number } | null)?.activityId ?? null;
  }

  // ---- timers ----------------------------------------------------------------------------

  async onSurveyCheck(timer: TimerRow): Promise<void> {
    const dealId = Number(timer.payload.dealId);
    const stored = this.ctx.deals.get(dealId);
    const deal = stored?.deal;
    const earlier =
      deal && (deal.contactId || deal.companyId)
        ? await this.crm.countWonDeals({ contactId: deal.contactId, companyId: deal.companyId, excludeDealId: dealId })
        : 1;
    this.ctx.db.transaction(() => {
      if (!this.ctx.timers.markFired(timer.id, this.now())) return;
      if (!deal || earlier > 0) return; // not the client's first deal (or no client at all)
      this.create(deal, 'survey', nextOpening(new Date(this.now()), this.cal).getTime());
    })();
  }

  async onDue(timer: TimerRow): Promise<void> {
    const r = this.row(Number(timer.payload.id));
    if (!r || r.revision !== Number(timer.payload.revision) || (r.status !== 'scheduled' && r.status !== 'sent')) {
      this.ctx.db.transaction(() => this.ctx.timers.markFired(timer.id, this.now()))();
      return;
    }
    if (r.kind === 'call') return this.callDue(timer, r);
    await this.ctx.directory.fresh();
    this.ctx.db.transaction(() => {
      if (!this.ctx.timers.markFired(timer.id, this.now())) return;
      const v = this.view(r);
      if (r.kind === 'failure') {
        sendToPerson(this.ctx, r.manager_id, `fucard:${r.id}:r${r.revision}`, t.failureAnalysisCard(v, r.id));
        this.ctx.db.prepare(`UPDATE followups SET status = 'sent', updated_at = ? WHERE id = ?`).run(this.now(), r.id);
        return;
      }
      // The survey: sent, then repeated each working day up to the limit, then the supervisor hears of it.
      if (r.repeats <= this.rules.surveyRepeats) {
        const url = surveyLink(this.rules.surveyUrl, {
          dealId: r.deal_id,
          contactId: r.contact_id,
          companyId: r.company_id,
        });
        sendToPerson(this.ctx, r.manager_id, `fucard:${r.id}:r${r.revision}`, t.surveyCard(v, r.id, url, r.repeats));
        this.ctx.db.prepare(`UPDATE followups SET repeats = repeats + 1 WHERE id = ?`).run(r.id);
        // Unanswered, it comes again the next working day; the due time stays when it was first due.
        this.reschedule(r, nextWorkingDayAt(new Date(this.now()), this.rules.morningAt, this.cal).getTime(), 'sent');
        return;
      }
      this.ctx.db
        .prepare(`UPDATE followups SET status = 'escalated', updated_at = ? WHERE id = ?`)
        .run(this.now(), r.id);
      const head = this.ctx.directory.supervisorOf(r.manager_id);
      const managerName = personName(this.ctx, r.manager_id);
      if (head !== null)
        sendToPerson(this.ctx, head, `fusurvey-report:${r.id}`, t.surveyIgnored(v, managerName, r.repeats));
      this.comment(
        'deal',
        r.deal_id,
        `tl:survey-ignored:${r.id}`,
        t.followUpTimeline.surveyIgnored(managerName, r.repeats),
      );
    })();
  }

  /** The call is due: unless it was already made (or moved) in Bitrix24, the manager gets the card. */
  private async callDue(timer: TimerRow, r: Row): Promise<void> {
    const activityId = this.activityId(r);
    const activity = activityId ? await this.crm.getActivity(activityId) : null;
    const stored = this.ctx.deals.get(r.deal_id);
    const client = stored ? ((await this.crm.getClients([stored.deal])).get(r.deal_id) ?? null) : null;
    this.ctx.db.transaction(() => {
      const now = this.now();
      if (!this.ctx.timers.markFired(timer.id, now)) return;
      if (activity?.completed) {
        this.ctx.db.prepare(`UPDATE followups SET status = 'done', updated_at = ? WHERE id = ?`).run(now, r.id);
        return;
      }
      const moved = activity?.deadline ? activity.deadline.getTime() : null;
      if (moved !== null && moved > now + 60_000 && Math.abs(moved - r.due_at) > 60_000) {
        this.reschedule(r, moved); // moved in Bitrix24: the reminder follows
        return;
      }
      sendToPerson(this.ctx, r.manager_id, `fucard:${r.id}:r${r.revision}`, t.followUpCard(this.view(r, client), r.id));
      this.ctx.db.prepare(`UPDATE followups SET status = 'sent', updated_at = ? WHERE id = ?`).run(now, r.id);
    })();
  }

  /** The morning list: one message per manager with today's and overdue items, each with its buttons. */
  async onMorning(timer: TimerRow): Promise<void> {
    await this.ctx.directory.fresh();
    this.ctx.db.transaction(() => {
      const now = this.now();
      if (!this.ctx.timers.markFired(timer.id, now)) return;
      const today = DateTime.fromMillis(now, { zone: this.cal.zone });
      const rows = this.ctx.db
        .prepare(`SELECT * FROM followups WHERE ${OPEN} AND due_at < ? ORDER BY manager_id, due_at`)
        .all(today.endOf('day').toMillis()) as Row[];
      const byManager = new Map<number, Row[]>();
      for (const r of rows) byManager.set(r.manager_id, [...(byManager.get(r.manager_id) ?? []), r]);
      for (const [manager, items] of byManager) {
        const overdue = (r: Row) => r.due_at < today.startOf('day').toMillis();
        const list = items.slice(0, 20).map((r, i) => ({
          line: t.followUpLine[r.kind](this.view(r), overdue(r)),
          buttons: this.listButtons(r, i + 1),
        }));
        sendToPerson(
          this.ctx,
          manager,
          `morning:${String(timer.payload.date)}:${manager}`,
          t.morningList(list, items.filter(overdue).length),
        );
      }
      this.scheduleMorning(now);
    })();
  }

  /** One keyboard row per list item, numbered like the lines. */
  private listButtons(r: Row, n: number): Button[] {
    if (r.kind === 'call')
      return [
        { text: `${n} · 📞 Позвонил`, action: `fu-called:${r.id}` },
        { text: `${n} · ⏰ Завтра`, action: `fu-tomorrow:${r.id}` },
      ];
    if (r.kind === 'survey') return [{ text: `${n} · ✅ Анкета отправлена`, action: `fu-sent:${r.id}` }];
    return [{ text: `${n} · ✅ Анализ заполнен`, action: `fa-done:${r.id}` }];
  }

  /** Keeps exactly one future morning timer (its key is the date, so scheduling twice is harmless). */
  scheduleMorning(from = this.now()): void {
    if (!this.rules.enabled || !this.rules.morningList) return;
    const todayAt = workingDayAt(new Date(from), 0, this.rules.morningAt, this.cal);
    const at = todayAt.getTime() > from ? todayAt : nextWorkingDayAt(new Date(from), this.rules.morningAt, this.cal);
    const date = DateTime.fromJSDate(at, { zone: this.cal.zone }).toISODate();
    this.ctx.timers.schedule({ kind: 'morning', key: `morning:${date}`, dueAt: at.getTime(), payload: { date } }, from);
  }

  // ---- buttons and notes -----------------------------------------------------------------

  async onAction(personId: number | null, data: string): Promise<ActionReply | null> {
    const m = /^(fu-called|fu-tomorrow|fu-week|fu-skip|fu-sent|fu-refused|fa-done):(\d{1,12})$/.exec(data);
    const next = /^fu-next:(\d{1,12}):(0|30|90)$/.exec(data);
    if (!m && !next) return null;
    if (personId === null) return { text: t.replies.notLinked, alert: true };
    const r = this.row(Number(m ? m[2] : next![1]));
    if (!r) return { text: t.replies.unknown };
    if (r.manager_id !== personId && !this.ctx.rules.people.admins.includes(personId))
      return { text: t.followUpReplies.notYours, alert: true };
    await this.ctx.directory.fresh();
    return this.ctx.db.transaction((): ActionReply => {
      const now = this.now();
      const v = this.view(r);
      const card = this.latestCard(r.id);
      if (next) return this.planNext(r, Number(next[2]), v, card);
      const action = m![1];
      if (r.status !== 'scheduled' && r.status !== 'sent') return { text: t.followUpReplies.notOpen };
      const close = (status: 'done' | 'declined') =>
        this.ctx.db.prepare(`UPDATE followups SET status = ?, updated_at = ? WHERE id = ?`).run(status, now, r.id);
      if (action === 'fu-called' || action === 'fu-skip') {
        close(action === 'fu-called' ? 'done' : 'declined');
        this.ctx.timers.cancelByPrefix(`fu:${r.id}:`);
        this.ctx.outbox.enqueue(
          `todo-done:${r.id}`,
          { channel: 'bitrix', op: 'activity.complete', target: String(r.deal_id), payload: { ref: `todo:${r.id}` } },
          now,
        );
        if (action === 'fu-called') {
          // The next private message of this manager within half an hour is the call's note.
          kvSet(this.ctx.db, `note-wait:${personId}`, JSON.stringify({ id: r.id, until: Date.now() + NOTE_WINDOW_MS }));
          editEverywhere(this.ctx, card, 'called', t.followUpNext(v, r.id));
          if (!sentAnywhere(this.ctx, card))
            sendToPerson(this.ctx, personId, `funext:${r.id}`, t.followUpNext(v, r.id));
        } else editEverywhere(this.ctx, card, 'skipped', t.followUpDone.skipped(v));
        return { text: t.followUpReplies.done };
      }
      if (action === 'fu-tomorrow' || action === 'fu-week') {
        const due = workingDayAt(
          new Date(now),
          action === 'fu-tomorrow' ? 1 : 7,
          this.rules.callAt,
          this.cal,
        ).getTime();
        this.reschedule(r, due);
        const owner = this.owner(r.contact_id, r.company_id, r.deal_id);
        this.ctx.outbox.enqueue(
          `todo-move:${r.id}:r${r.revision + 1}`,
          {
            channel: 'bitrix',
            op: 'todo.move',
            target: String(r.deal_id),
            payload: { ref: `todo:${r.id}`, ...owner, deadline: new Date(due).toISOString() },
          },
          now,
        );
        editEverywhere(this.ctx, card, `snoozed${r.revision}`, t.followUpDone.snoozed(v, due));
        return { text: t.followUpReplies.done };
      }
      if (action === 'fu-sent' || action === 'fu-refused') {
        close(action === 'fu-sent' ? 'done' : 'declined');
        this.ctx.timers.cancelByPrefix(`fu:${r.id}:`);
        const name = personName(this.ctx, personId);
        this.comment(
          'deal',
          r.deal_id,
          `tl:survey:${r.id}`,
          action === 'fu-sent' ? t.followUpTimeline.surveySent(name) : t.followUpTimeline.surveyRefused(name),
        );
        editEverywhere(
          this.ctx,
          card,
          'answered',
          action === 'fu-sent' ? t.followUpDone.surveySent(v) : t.followUpDone.surveyRefused(v),
        );
        return { text: t.followUpReplies.done };
      }
      close('done'); // fa-done
      this.ctx.timers.cancelByPrefix(`fu:${r.id}:`);
      editEverywhere(this.ctx, card, 'answered', t.followUpDone.failureDone(v));
      return { text: t.followUpReplies.done };
    })();
  }

  /** The key of the last card sent for this follow-up (repeats and snoozes send new ones), without its messenger suffix. */
  private latestCard(id: number): string {
    const row = this.ctx.db
      .prepare(
        `SELECT idem_key FROM outbox WHERE idem_key >= ? AND idem_key < ? AND op = 'send' ORDER BY id DESC LIMIT 1`,
      )
      .get(`fucard:${id}:`, `fucard:${id};`) as { idem_key: string } | undefined;
    return row?.idem_key.replace(/:(tg|b24)$/, '') ?? `fucard:${id}:none`;
  }

  private planNext(r: Row, days: number, v: t.FollowUpView, card: string): ActionReply {
    if (r.kind !== 'call' || r.status !== 'done') return { text: t.followUpReplies.notOpen };
    const stored = this.ctx.deals.get(r.deal_id);
    let at: number | null = null;
    if (days > 0 && stored) {
      at = callDueAt(new Date(this.now()), days * 86_400_000, this.rules.callAt, this.cal).getTime();
      // Unique (deal, call, generation): a second tap plans nothing more.
      if (
        this.createCall(
          { ...stored.deal, assignedById: r.manager_id },
          at,
          r.won_at ?? this.now(),
          r.generation + 1,
        ) === null
      )
        return { text: t.followUpReplies.notOpen };
    }
    editEverywhere(this.ctx, card, 'planned', t.followUpDone.next(v, at));
    editEverywhere(this.ctx, `funext:${r.id}`, 'planned', t.followUpDone.next(v, at));
    return { text: t.followUpReplies.done };
  }

  /** A private message right after «Позвонил»: the call's note, for the contact's timeline. */
  onPrivateText(personId: number | null, text: string): boolean {
    if (personId === null) return false;
    const raw = kvGet(this.ctx.db, `note-wait:${personId}`);
    if (!raw) return false;
    const wait = JSON.parse(raw) as { id: number; until: number };
    this.ctx.db.prepare('DELETE FROM kv WHERE key = ?').run(`note-wait:${personId}`);
    if (Date.now() > wait.until) return false;
    const r = this.row(wait.id);
    if (!r) return false;
    const note = text.trim().slice(0, 500);
    const owner = this.owner(r.contact_id, r.company_id, r.deal_id);
    const entity = owner.ownerTypeId === 3 ? 'contact' : owner.ownerTypeId === 4 ? 'company' : 'deal';
    this.ctx.db.transaction(() => {
      this.comment(
        entity,
        owner.ownerId,
        `tl:call-note:${r.id}`,
        t.followUpTimeline.called(personName(this.ctx, personId), note),
      );
      sendToPerson(this.ctx, personId, `note-saved:${r.id}`, { text: t.followUpReplies.noteSaved });
    })();
    return true;
  }

  private comment(entity: 'deal' | 'contact' | 'company', id: number, key: string, text: string): void {
    this.ctx.outbox.enqueue(
      key,
      { channel: 'bitrix', op: 'comment', target: String(id), payload: { entity, id, text } },
      this.now(),
    );
  }
}
