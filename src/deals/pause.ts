/**
 * Snooze and pause (issue 17). A supervisor snoozes one deal's escalation from the alert; an admin
 * pauses escalations for a pipeline or the whole company for a set time (a planned import of old
 * deals, say) and resumes them. While paused, a level that falls due is held to the pause's end
 * (its timer row moves there, so a restart keeps the hold); /resume lets the held ones fire now.
 */
import * as t from '../texts';
import type { SNOOZE_MINUTES } from '../kernel/buttons';
import { kvKey, timerKey, commentKey } from '../kernel/keys';
import { addComment, namedPerson, personOf } from '../kernel/delivery';
import type { ActionReply, Actor, OutMessage } from '../kernel/ports';
import type { CommandHandler, Command } from '../kernel/desk';
import type { DealsContext } from './context';
import type { AssignmentRow } from './store';

interface Pause {
  until: number;
  by: number;
}

function readPause(ctx: DealsContext, categoryId: number | null): Pause | null {
  const raw = ctx.kv.get(kvKey.escalationPause(categoryId));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<Pause>;
    return typeof v.until === 'number' && typeof v.by === 'number' ? { until: v.until, by: v.by } : null;
  } catch {
    return null;
  }
}

/** When escalations of this pipeline resume, if they are paused now (the later of the company's and the pipeline's pause). */
export function pausedUntil(ctx: DealsContext, categoryId: number, now: number): number | null {
  const ends = [readPause(ctx, null), readPause(ctx, categoryId)]
    .filter((p): p is Pause => p !== null && p.until > now)
    .map((p) => p.until);
  return ends.length ? Math.max(...ends) : null;
}

/** «Отложить»: the next levels of this assignment wait `minutes`, then this level alerts again. Inside the button's transaction. */
export function snoozeEscalation(
  ctx: DealsContext,
  a: AssignmentRow,
  level: number,
  minutes: (typeof SNOOZE_MINUTES)[number],
  supervisorId: number,
): ActionReply {
  const now = ctx.clock.now().getTime();
  const until = now + minutes * 60_000;
  // A second snooze of the same alert replaces the first: its re-alert would come as well.
  ctx.timers.cancelByPrefix(timerKey.escalationsAgainOf(a.id, level));
  ctx.timers.postponeByPrefix(timerKey.escalationsOf(a.id), until);
  ctx.timers.schedule(
    {
      kind: 'escalate',
      key: timerKey.escalationAgain(a.id, level, now),
      dueAt: until,
      payload: { assignmentId: a.id, level, again: now },
    },
    now,
  );
  addComment(
    ctx,
    commentKey.snoozed(a.id, now),
    'deal',
    a.dealId,
    t.timeline.snoozed(namedPerson(ctx, supervisorId), minutes),
  );
  ctx.log.info({ assignmentId: a.id, level, minutes, by: supervisorId }, 'escalation snoozed');
  return { text: t.replies.snoozed(t.clockTime(until, ctx.rules.workingHours.zone, now)) };
}

const isAdmin = (ctx: DealsContext, personId: number | null): personId is number =>
  personId !== null &&
  (ctx.rules.people.admins.length ? ctx.rules.people.admins : ctx.rules.people.directors).includes(personId);

/** `/pause 2h` or `/pause 2h 5` (pipeline 5); `/resume` or `/resume 5`. Admins only (directors when no admin is named). */
export function pauseCommands(ctx: DealsContext): Pick<Record<Command, CommandHandler>, 'pause' | 'resume'> {
  const scopeName = (categoryId: number | null) =>
    categoryId === null
      ? t.pause.company
      : t.pause.pipeline(ctx.directory.pipeline(categoryId)?.name ?? String(categoryId));
  const parseScope = (word: string | undefined): number | null | 'bad' => {
    if (word === undefined) return null;
    if (!/^\d{1,9}$/.test(word)) return 'bad';
    const id = Number(word);
    return ctx.rules.pipelines.some((p) => p.categoryId === id) ? id : 'bad';
  };
  const guard = (actor: Actor): number | OutMessage | null => {
    const personId = personOf(ctx, actor);
    if (!isAdmin(ctx, personId)) {
      ctx.log.info({ from: actor.address, channel: actor.channel }, '/pause or /resume from someone not an admin');
      return { text: t.pause.notAllowed };
    }
    return personId;
  };
  return {
    pause: (actor, args) => {
      const by = guard(actor);
      if (typeof by !== 'number') return by;
      const [span, scopeWord] = args.trim().split(/\s+/).filter(Boolean);
      const ms = span ? parseSpan(span) : null;
      const scope = parseScope(scopeWord);
      if (ms === null || scope === 'bad') return { text: t.pause.usage(ctx.rules.pipelines.map((p) => p.categoryId)) };
      const now = ctx.clock.now().getTime();
      const until = now + ms;
      ctx.tx(() => {
        const before = readPause(ctx, scope);
        // Levels held to the old end now wait for the new one.
        if (before && before.until > now) ctx.timers.releaseHeld('escalate', before.until, until, heldBy(ctx, scope));
        ctx.kv.set(kvKey.escalationPause(scope), JSON.stringify({ until, by } satisfies Pause));
      });
      ctx.log.warn({ by, categoryId: scope, until: new Date(until).toISOString() }, 'escalations paused');
      return { text: t.pause.paused(scopeName(scope), t.clockTime(until, ctx.rules.workingHours.zone, now)) };
    },
    resume: (actor, args) => {
      const by = guard(actor);
      if (typeof by !== 'number') return by;
      const scope = parseScope(args.trim() || undefined);
      if (scope === 'bad') return { text: t.pause.usage(ctx.rules.pipelines.map((p) => p.categoryId)) };
      const now = ctx.clock.now().getTime();
      const released = ctx.tx(() => {
        const p = readPause(ctx, scope);
        ctx.kv.delete(kvKey.escalationPause(scope));
        if (!p || p.until <= now) return null;
        // A level the other pause (company or pipeline) still holds stays held, and is not counted.
        return ctx.timers.releaseHeld('escalate', p.until, now, heldBy(ctx, scope, now));
      });
      ctx.log.warn({ by, categoryId: scope, released }, 'escalations resumed');
      return {
        text: released === null ? t.pause.notPaused(scopeName(scope)) : t.pause.resumed(scopeName(scope), released),
      };
    },
  };
}

/**
 * Whether a held escalation is this pause's: the company's holds every one, a pipeline's only its
 * deals'. With `freeAt` (a resume), only those no other pause still holds at that moment (ms).
 */
function heldBy(ctx: DealsContext, scope: number | null, freeAt?: number): (p: { assignmentId: number }) => boolean {
  return (p) => {
    const a = ctx.assignments.get(p.assignmentId);
    const categoryId = a ? ctx.deals.get(a.dealId)?.deal.categoryId : undefined;
    if (scope !== null && categoryId !== scope) return false;
    return freeAt === undefined || categoryId === undefined || pausedUntil(ctx, categoryId, freeAt) === null;
  };
}

/** "2h", "90m", "1d", "30" (minutes) → ms; null for anything else or beyond 7 days. */
export function parseSpan(s: string): number | null {
  const m = /^(\d{1,4})\s*(m|min|мин|h|ч|d|д)?$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase();
  const ms = n * (/^(h|ч)$/.test(unit) ? 3_600_000 : /^(d|д)$/.test(unit) ? 86_400_000 : 60_000);
  return ms > 0 && ms <= 7 * 86_400_000 ? ms : null;
}
