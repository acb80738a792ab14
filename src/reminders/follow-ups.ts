/**
 * After the deal (rulebook step 61): a won deal → a follow-up call for its manager (a to-do on the
 * CONTACT in Bitrix24 and a card on the day), and after a client's FIRST deal → the feedback survey.
 * Every deadline is a timer row; every effect an outbox row; the Bitrix24 activity is the shared
 * truth for the call (completed or moved there, the bot follows).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { nextOpening, nextWorkingDayAt, workingDayAt } from '../kernel/working-hours';
import { decideAfterSale, callDueAt, surveyLink } from './after-sale';
import * as t from '../texts';
import type { ActionReply, Button, Client, Crm, DealSnapshot, StoredDeal } from '../kernel/ports';
import type { DeskContext } from '../kernel/context';
import type { ButtonHandlers } from '../kernel/desk';
import { buttons, type NEXT_CALL_DAYS } from '../kernel/buttons';
import { addComment, dealLink, editEverywhere, namedPerson, sendToPerson, sentAnywhere } from '../kernel/delivery';
import {
  commentKey,
  crmKey,
  followUpCardRange,
  kvKey,
  type MessageKey,
  messageKey,
  messageKeyOfCopy,
  timerKey,
} from '../kernel/keys';
import type { TimerHandlers, TimerOf } from '../store/timers';
import type { FollowUp, FollowUpKind, FollowUpStore } from './store';

/** The stored deals the follow-ups read (title, amount, client): the deal desk answers. */
export interface StoredDeals {
  storedDeal(id: number): StoredDeal | undefined;
}

/** The next private message within this window after «Позвонил» is the call's note. */
const NOTE_WINDOW_MS = 30 * 60_000;
/** What the kv keeps while a call note is awaited (kvKey.callNoteWait). */
const noteWait = z.object({ id: z.number(), until: z.number() });

/** A press on a follow-up's button, by its manager (or an admin), with what every answer needs. */
interface Press {
  r: FollowUp;
  personId: number;
  v: t.FollowUpView;
  /** The latest card of the follow-up (the one its buttons are edited on). */
  card: MessageKey;
  now: number;
}

export class FollowUpDesk {
  readonly buttons: Pick<
    ButtonHandlers,
    'called' | 'tomorrow' | 'inAWeek' | 'skip' | 'surveySent' | 'surveyRefused' | 'failureAnalysed' | 'nextCall'
  > = {
    called: (personId, p) => this.onPress(personId, p.followUpId, (x) => this.callFinished(x, 'done')),
    skip: (personId, p) => this.onPress(personId, p.followUpId, (x) => this.callFinished(x, 'declined')),
    tomorrow: (personId, p) => this.onPress(personId, p.followUpId, (x) => this.snooze(x, 1)),
    inAWeek: (personId, p) => this.onPress(personId, p.followUpId, (x) => this.snooze(x, 7)),
    surveySent: (personId, p) => this.onPress(personId, p.followUpId, (x) => this.surveyAnswered(x, 'done')),
    surveyRefused: (personId, p) => this.onPress(personId, p.followUpId, (x) => this.surveyAnswered(x, 'declined')),
    failureAnalysed: (personId, p) => this.onPress(personId, p.followUpId, (x) => this.failureAnalysed(x)),
    // Planning the next call follows a call already done: it is answered whatever the status.
    nextCall: (personId, p) => this.onPress(personId, p.followUpId, (x) => this.planNext(x, p.days), true),
  };

  readonly timers: Pick<TimerHandlers, 'followup' | 'survey-check' | 'morning'> = {
    followup: (timer) => this.onDue(timer),
    'survey-check': (timer) => this.onSurveyCheck(timer),
    morning: (timer) => this.onMorning(timer),
  };

  constructor(
    private readonly ctx: DeskContext,
    private readonly store: FollowUpStore,
    private readonly crm: Crm,
    private readonly deals: StoredDeals,
  ) {
    ctx.events.on('dealChanged', ({ prev, next }) => this.onDealSnapshot(prev, next));
    // A departed manager's pending follow-ups go to whoever takes over their work.
    ctx.events.on('personDeparted', ({ personId, toId }) => this.store.handOverOpen(personId, toId, this.now()));
  }

  private get rules() {
    return this.ctx.rules.followUp;
  }
  private get cal() {
    return this.ctx.rules.workingHours;
  }
  private now(): number {
    return this.ctx.clock.now().getTime();
  }

  /** Inside the intake transaction: react to what happened to the deal after the sale. */
  private onDealSnapshot(prev: DealSnapshot | null, next: DealSnapshot | null): void {
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
        this.store.reassignOpenOfDeal(dealId, change.to, this.now());
    }
  }

  private onWon(deal: DealSnapshot): void {
    const now = this.now();
    // Won again after a re-open: the pending call stays the one call.
    if (!this.store.hasOpenCall(deal.id)) {
      const delay =
        this.rules.pipelines.find((p) => p.categoryId === deal.categoryId)?.callAfter ?? this.rules.callAfter;
      this.createCall(deal, callDueAt(new Date(now), delay, this.rules.callAt, this.cal).getTime(), now);
    }
    // "Is it the client's first deal?" needs the portal: a timer does that I/O outside this transaction.
    this.ctx.timers.schedule(
      { kind: 'survey-check', key: timerKey.surveyCheck(deal.id), dueAt: now, payload: { dealId: deal.id } },
      now,
    );
  }

  private create(
    deal: DealSnapshot,
    kind: FollowUpKind,
    dueAt: number,
    generation = 1,
    wonAt: number | null = null,
  ): number | null {
    const now = this.now();
    const id = this.store.create(
      {
        dealId: deal.id,
        kind,
        generation,
        managerId: deal.assignedById,
        contactId: deal.contactId,
        companyId: deal.companyId,
        dueAt,
        wonAt,
      },
      now,
    );
    if (id === null) return null;
    this.ctx.timers.schedule(
      { kind: 'followup', key: timerKey.followUp(id, 1), dueAt, payload: { id, revision: 1 } },
      now,
    );
    return id;
  }

  private createCall(deal: DealSnapshot, dueAt: number, wonAt: number, generation?: number): number | null {
    const gen = generation ?? 1 + this.store.lastCallGeneration(deal.id);
    const id = this.create(deal, 'call', dueAt, gen, wonAt);
    if (id === null) return null;
    const owner = this.owner(deal.contactId, deal.companyId, deal.id);
    const client = this.deals.storedDeal(deal.id)?.client;
    this.ctx.outbox.enqueue(
      crmKey.followUpTodo(id),
      {
        channel: 'crm',
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
    for (const id of this.store.openIdsOfDeal(dealId)) {
      this.store.cancel(id, this.now());
      this.ctx.timers.cancelByPrefix(timerKey.followUpsOf(id));
    }
  }

  private reschedule(r: FollowUp, dueAt: number, status: 'scheduled' | 'sent' = 'scheduled'): void {
    const revision = r.revision + 1;
    this.ctx.timers.cancelByPrefix(timerKey.followUpsOf(r.id));
    this.store.reschedule(r.id, dueAt, revision, status, this.now());
    this.ctx.timers.schedule(
      { kind: 'followup', key: timerKey.followUp(r.id, revision), dueAt, payload: { id: r.id, revision } },
      this.now(),
    );
  }

  private view(r: FollowUp, client: Client | null = null): t.FollowUpView {
    const stored = this.deals.storedDeal(r.dealId);
    const c = client ?? stored?.client ?? null;
    return {
      clientName: c?.name ?? null,
      phone: c?.phone ?? null,
      company: c?.company ?? null,
      dealTitle: stored?.deal.title ?? t.fallback.dealTitle(r.dealId),
      comment: stored?.deal.comment ?? '',
      amount: stored?.deal.amount ?? 0,
      currency: stored?.deal.currency ?? 'RUB',
      wonAt: r.wonAt,
      zone: this.cal.zone,
      link: dealLink(this.ctx, r.dealId),
    };
  }

  /** The Bitrix24 to-do of a call, once the portal has created it. */
  private activityId(r: FollowUp): number | null {
    return this.ctx.outbox.byKey(crmKey.followUpTodo(r.id))?.result?.activityId ?? null;
  }

  // ---- timers ----------------------------------------------------------------------------

  private async onSurveyCheck(timer: TimerOf<'survey-check'>): Promise<void> {
    const dealId = timer.payload.dealId;
    const deal = this.deals.storedDeal(dealId)?.deal;
    const earlier =
      deal && (deal.contactId || deal.companyId)
        ? await this.crm.countWonDeals({ contactId: deal.contactId, companyId: deal.companyId, excludeDealId: dealId })
        : 1;
    this.ctx.tx(() => {
      if (!this.ctx.timers.markFired(timer.id, this.now())) return;
      if (!deal || earlier > 0) return; // not the client's first deal (or no client at all)
      this.create(deal, 'survey', nextOpening(new Date(this.now()), this.cal).getTime());
    });
  }

  private async onDue(timer: TimerOf<'followup'>): Promise<void> {
    const r = this.store.get(timer.payload.id);
    if (!r || r.revision !== timer.payload.revision || (r.status !== 'scheduled' && r.status !== 'sent')) {
      this.ctx.tx(() => this.ctx.timers.markFired(timer.id, this.now()));
      return;
    }
    if (r.kind === 'call') return this.callDue(timer, r);
    await this.ctx.directory.fresh();
    this.ctx.tx(() => {
      if (!this.ctx.timers.markFired(timer.id, this.now())) return;
      const v = this.view(r);
      if (r.kind === 'failure') {
        sendToPerson(
          this.ctx,
          r.managerId,
          messageKey.followUpCard(r.id, r.revision),
          t.failureAnalysisCard(v, r.id, namedPerson(this.ctx, r.managerId)),
        );
        this.store.markSent(r.id, this.now());
        return;
      }
      // The survey: sent, then repeated each working day up to the limit, then the supervisor hears of it.
      if (r.repeats <= this.rules.surveyRepeats) {
        const url = surveyLink(this.rules.surveyUrl, {
          dealId: r.dealId,
          contactId: r.contactId,
          companyId: r.companyId,
        });
        sendToPerson(
          this.ctx,
          r.managerId,
          messageKey.followUpCard(r.id, r.revision),
          t.surveyCard(v, r.id, url, r.repeats, namedPerson(this.ctx, r.managerId)),
        );
        this.store.countRepeat(r.id);
        // Unanswered, it comes again the next working day; the due time stays when it was first due.
        this.reschedule(r, nextWorkingDayAt(new Date(this.now()), this.rules.morningAt, this.cal).getTime(), 'sent');
        return;
      }
      this.store.markEscalated(r.id, this.now());
      const head = this.ctx.directory.supervisorOf(r.managerId);
      const manager = namedPerson(this.ctx, r.managerId);
      if (head !== null)
        sendToPerson(this.ctx, head, messageKey.surveyIgnoredReport(r.id), t.surveyIgnored(v, manager, r.repeats));
      addComment(
        this.ctx,
        commentKey.surveyIgnored(r.id),
        'deal',
        r.dealId,
        t.followUpTimeline.surveyIgnored(manager.name, r.repeats),
      );
    });
  }

  /** The call is due: unless it was already made (or moved) in Bitrix24, the manager gets the card. */
  private async callDue(timer: TimerOf<'followup'>, r: FollowUp): Promise<void> {
    const activityId = this.activityId(r);
    const activity = activityId ? await this.crm.getActivity(activityId) : null;
    const stored = this.deals.storedDeal(r.dealId);
    const client = stored ? ((await this.crm.getClients([stored.deal])).get(r.dealId) ?? null) : null;
    this.ctx.tx(() => {
      const now = this.now();
      if (!this.ctx.timers.markFired(timer.id, now)) return;
      if (activity?.completed) {
        this.store.close(r.id, 'done', now);
        return;
      }
      const moved = activity?.deadline ? activity.deadline.getTime() : null;
      if (moved !== null && moved > now + 60_000 && Math.abs(moved - r.dueAt) > 60_000) {
        this.reschedule(r, moved); // moved in Bitrix24: the reminder follows
        return;
      }
      sendToPerson(
        this.ctx,
        r.managerId,
        messageKey.followUpCard(r.id, r.revision),
        t.followUpCard(this.view(r, client), r.id, namedPerson(this.ctx, r.managerId)),
      );
      this.store.markSent(r.id, now);
    });
  }

  /** The morning list: one message per manager with today's and overdue items, each with its buttons. */
  private async onMorning(timer: TimerOf<'morning'>): Promise<void> {
    await this.ctx.directory.fresh();
    this.ctx.tx(() => {
      const now = this.now();
      if (!this.ctx.timers.markFired(timer.id, now)) return;
      const today = DateTime.fromMillis(now, { zone: this.cal.zone });
      const rows = this.store.openDueBefore(today.endOf('day').toMillis());
      const byManager = new Map<number, FollowUp[]>();
      for (const r of rows) byManager.set(r.managerId, [...(byManager.get(r.managerId) ?? []), r]);
      for (const [manager, items] of byManager) {
        const overdue = (r: FollowUp) => r.dueAt < today.startOf('day').toMillis();
        const list = items.slice(0, 20).map((r, i) => ({
          line: t.followUpLine[r.kind](this.view(r), overdue(r)),
          buttons: this.listButtons(r, i + 1),
        }));
        sendToPerson(
          this.ctx,
          manager,
          messageKey.morningList(timer.payload.date, manager),
          t.morningList(list, items.filter(overdue).length),
        );
      }
      this.scheduleMorning(now);
    });
  }

  /** One keyboard row per list item, numbered like the lines. */
  private listButtons(r: FollowUp, n: number): Button[] {
    const followUpId = r.id;
    if (r.kind === 'call')
      return [
        {
          text: t.morningButtons.called(n, namedPerson(this.ctx, r.managerId)),
          action: buttons.called.encode({ followUpId }),
        },
        { text: t.morningButtons.tomorrow(n), action: buttons.tomorrow.encode({ followUpId }) },
      ];
    if (r.kind === 'survey')
      return [{ text: t.morningButtons.surveySent(n), action: buttons.surveySent.encode({ followUpId }) }];
    return [{ text: t.morningButtons.failureAnalysed(n), action: buttons.failureAnalysed.encode({ followUpId }) }];
  }

  /** Keeps exactly one future morning timer (its key is the date, so scheduling twice is harmless). */
  scheduleMorning(from = this.now()): void {
    if (!this.rules.enabled || !this.rules.morningList) return;
    const todayAt = workingDayAt(new Date(from), 0, this.rules.morningAt, this.cal);
    const at = todayAt.getTime() > from ? todayAt : nextWorkingDayAt(new Date(from), this.rules.morningAt, this.cal);
    const date = DateTime.fromJSDate(at, { zone: this.cal.zone }).toISODate();
    if (date === null) {
      // Only an invalid zone gives no date, and the rules' calendar is validated at start.
      this.ctx.log.error({ zone: this.cal.zone }, 'no date for the morning list; not scheduled');
      return;
    }
    this.ctx.timers.schedule(
      { kind: 'morning', key: timerKey.morningList(date), dueAt: at.getTime(), payload: { date } },
      from,
    );
  }

  // ---- buttons and notes -----------------------------------------------------------------

  /**
   * Every follow-up button: only its manager (or an admin) may answer, and only while it is open
   * (unless `anyStatus`); `act` runs in one transaction with the press's view and latest card.
   */
  private async onPress(
    personId: number | null,
    followUpId: number,
    act: (press: Press) => ActionReply,
    anyStatus = false,
  ): Promise<ActionReply> {
    if (personId === null) return { text: t.replies.notLinked, alert: true };
    const r = this.store.get(followUpId);
    if (!r) return { text: t.replies.unknown };
    if (r.managerId !== personId && !this.ctx.rules.people.admins.includes(personId))
      return { text: t.followUpReplies.notYours, alert: true };
    await this.ctx.directory.fresh();
    return this.ctx.tx((): ActionReply => {
      const press: Press = { r, personId, v: this.view(r), card: this.latestCard(r.id), now: this.now() };
      if (!anyStatus && r.status !== 'scheduled' && r.status !== 'sent') return { text: t.followUpReplies.notOpen };
      return act(press);
    });
  }

  /** «Позвонил» (done) or «Не нужно» (declined): the to-do is completed in Bitrix24 as well. */
  private callFinished({ r, personId, v, card, now }: Press, status: 'done' | 'declined'): ActionReply {
    this.store.close(r.id, status, now);
    this.ctx.timers.cancelByPrefix(timerKey.followUpsOf(r.id));
    this.ctx.outbox.enqueue(
      crmKey.followUpTodoDone(r.id),
      {
        channel: 'crm',
        op: 'activity.complete',
        target: String(r.dealId),
        payload: { ref: crmKey.followUpTodo(r.id) },
      },
      now,
    );
    if (status === 'done') {
      // The next private message of this manager within half an hour is the call's note.
      this.ctx.kv.set(kvKey.callNoteWait(personId), JSON.stringify({ id: r.id, until: now + NOTE_WINDOW_MS }));
      editEverywhere(this.ctx, card, 'called', t.followUpNext(v, r.id));
      if (!sentAnywhere(this.ctx, card))
        sendToPerson(this.ctx, personId, messageKey.followUpNext(r.id), t.followUpNext(v, r.id));
    } else editEverywhere(this.ctx, card, 'skipped', t.followUpDone.skipped(v));
    return { text: t.followUpReplies.done };
  }

  /** «Завтра» / «Через неделю»: the reminder and the Bitrix24 to-do move to that working day. */
  private snooze({ r, v, card, now }: Press, days: number): ActionReply {
    const due = workingDayAt(new Date(now), days, this.rules.callAt, this.cal).getTime();
    this.reschedule(r, due);
    const owner = this.owner(r.contactId, r.companyId, r.dealId);
    this.ctx.outbox.enqueue(
      crmKey.followUpTodoMove(r.id, r.revision + 1),
      {
        channel: 'crm',
        op: 'todo.move',
        target: String(r.dealId),
        payload: { ref: crmKey.followUpTodo(r.id), ...owner, deadline: new Date(due).toISOString() },
      },
      now,
    );
    editEverywhere(this.ctx, card, `snoozed${r.revision}`, t.followUpDone.snoozed(v, due));
    return { text: t.followUpReplies.done };
  }

  /** «Отправил» (done) or «Клиент отказался» (declined): the deal's timeline says so. */
  private surveyAnswered({ r, personId, v, card, now }: Press, status: 'done' | 'declined'): ActionReply {
    this.store.close(r.id, status, now);
    this.ctx.timers.cancelByPrefix(timerKey.followUpsOf(r.id));
    const by = namedPerson(this.ctx, personId);
    addComment(
      this.ctx,
      commentKey.survey(r.id),
      'deal',
      r.dealId,
      status === 'done' ? t.followUpTimeline.surveySent(by) : t.followUpTimeline.surveyRefused(by.name),
    );
    editEverywhere(
      this.ctx,
      card,
      'answered',
      status === 'done' ? t.followUpDone.surveySent(v) : t.followUpDone.surveyRefused(v),
    );
    return { text: t.followUpReplies.done };
  }

  private failureAnalysed({ r, v, card, now }: Press): ActionReply {
    this.store.close(r.id, 'done', now);
    this.ctx.timers.cancelByPrefix(timerKey.followUpsOf(r.id));
    editEverywhere(this.ctx, card, 'answered', t.followUpDone.failureDone(v));
    return { text: t.followUpReplies.done };
  }

  /** The key of the last card sent for this follow-up (repeats and snoozes send new ones). */
  private latestCard(id: number): MessageKey {
    const sent = this.ctx.outbox.latestSendInRange(followUpCardRange(id));
    return (sent !== null ? messageKeyOfCopy(sent) : null) ?? messageKey.followUpCardNone(id);
  }

  /** After «Позвонил»: the next call in 30 or 90 days, or none (0). */
  private planNext({ r, v, card }: Press, days: (typeof NEXT_CALL_DAYS)[number]): ActionReply {
    if (r.kind !== 'call' || r.status !== 'done') return { text: t.followUpReplies.notOpen };
    const stored = this.deals.storedDeal(r.dealId);
    let at: number | null = null;
    if (days > 0 && stored) {
      at = callDueAt(new Date(this.now()), days * 86_400_000, this.rules.callAt, this.cal).getTime();
      // Unique (deal, call, generation): a second tap plans nothing more.
      if (
        this.createCall({ ...stored.deal, assignedById: r.managerId }, at, r.wonAt ?? this.now(), r.generation + 1) ===
        null
      )
        return { text: t.followUpReplies.notOpen };
    }
    editEverywhere(this.ctx, card, 'planned', t.followUpDone.next(v, at));
    editEverywhere(this.ctx, messageKey.followUpNext(r.id), 'planned', t.followUpDone.next(v, at));
    return { text: t.followUpReplies.done };
  }

  /** A private message right after «Позвонил»: the call's note, for the contact's timeline. */
  onPrivateText(personId: number | null, text: string): boolean {
    if (personId === null) return false;
    const key = kvKey.callNoteWait(personId);
    const raw = this.ctx.kv.get(key);
    if (!raw) return false;
    this.ctx.kv.delete(key);
    const wait = noteWait.safeParse(JSON.parse(raw));
    if (!wait.success || this.now() > wait.data.until) return false;
    const r = this.store.get(wait.data.id);
    if (!r) return false;
    const note = text.trim().slice(0, 500);
    const owner = this.owner(r.contactId, r.companyId, r.dealId);
    const entity = owner.ownerTypeId === 3 ? 'contact' : owner.ownerTypeId === 4 ? 'company' : 'deal';
    this.ctx.tx(() => {
      addComment(
        this.ctx,
        commentKey.callNote(r.id),
        entity,
        owner.ownerId,
        t.followUpTimeline.called(namedPerson(this.ctx, personId), note),
      );
      sendToPerson(this.ctx, personId, messageKey.followUpNoteSaved(r.id), { text: t.followUpReplies.noteSaved });
    });
    return true;
  }
}
