/**
 * The deal storm behind promises 1–3: bursts of deal events (new deals, re-assignments, harmless
 * updates) through every fault at once, optionally with the bot SIGKILLed at random moments, then a
 * verdict computed from three independent records — the portal's deals, what Telegram accepted,
 * and the bot's own database. The verdict comes in two lists: `violations` (correctness: exactly
 * once, nothing lost, order, integrity — asserted in every mode) and `timingBreaches` (escalations
 * past their 2 s / 5 s bounds — asserted by `npm run chaos` only, see timing.ts).
 */
import { waitFor } from '../../../simulator/harness';
import { sampleDeal } from '../../../simulator/portal-fixture';
import { World, type Counts, type Faults, type Life, type TgSend } from './world';
import { between, pick } from './rng';

export interface StormOptions {
  label: string;
  seed: number;
  /** Deal events to emit (new deals + updates). */
  events: number;
  burst: [number, number];
  /** Pause between bursts, ms (load shaping, not synchronisation). */
  gapMs: [number, number];
  reassignShare: number;
  touchShare: number;
  faults: Faults;
  kills: number;
  org?: { extra: number; perDept: number };
  /** How long the bot stays dead after a kill, ms. */
  downMs?: [number, number];
  /** Time from the start (then from each restart) to the next kill, ms. */
  killGapMs?: [number, number];
  /** The escalation levels' delays (claim timeout = the first), ms. Default 3 s and 6 s. */
  levelsMs?: [number, number];
}

export interface Kill {
  at: number;
  restartSpawnedAt: number;
  restartReadyAt: number;
  integrity: string;
}

export interface Lateness {
  key: string;
  dealId: number;
  level: number;
  due: number;
  at: number;
  lateMs: number;
  /** ms from the (re)start for timers that fell due while the bot was down; null otherwise. */
  afterRestartMs: number | null;
  bound: number;
  refused429: number;
  /** When the bot marked the timer fired (its own clock): at − firedAt is the delivery part. */
  firedAt: number | null;
}

export interface Duplicate {
  chatId: string;
  kind: string;
  copies: Array<{ at: number }>;
  explainedBy: string | null;
}

export interface StormResult {
  label: string;
  seed: number;
  counts: Counts;
  deals: number;
  creates: number;
  reassigns: number;
  touches: number;
  eventsEmitted: number;
  kills: Kill[];
  assignments: number;
  cards: number;
  alerts: number;
  pings: number;
  timelineEscalations: number;
  lateness: Lateness[];
  duplicates: Duplicate[];
  /** Correctness: exactly once, nothing lost, order, integrity. Independent of the machine's speed. */
  violations: string[];
  /** Timing promises missed (fired > 2 s after due; arrived past 2 s after due / 5 s after a restart). */
  timingBreaches: string[];
  wallMs: number;
}

const pace = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a condition every `everyMs` until it holds; fails after `timeoutMs` with what was still missing. */
async function pollUntil(cond: () => boolean, what: () => string, timeoutMs: number, everyMs = 250): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface State {
  assignments: Array<{ id: number; dealId: number; managerId: number; assignedAt: number; status: string }>;
  timers: Array<{ key: string; dueAt: number; status: string; firedAt: number | null; attempts: number }>;
  outboxPending: number;
  outboxFailed: Array<{ key: string; error: string }>;
  inboundPending: number;
  inboundGaveUp: number;
  sentRows: Array<{ key: string; target: string; text: string; sentAt: number | null }>;
}

function readState(w: World): State {
  return w.read((db) => ({
    assignments: (
      db.prepare('SELECT id, deal_id, manager_id, assigned_at, status FROM assignments ORDER BY id').all() as Array<
        Record<string, number & string>
      >
    ).map((r) => ({
      id: r.id!,
      dealId: r.deal_id!,
      managerId: r.manager_id!,
      assignedAt: r.assigned_at!,
      status: r.status!,
    })),
    timers: (
      db.prepare(`SELECT key, due_at, status, fired_at, attempts FROM timers WHERE kind = 'escalate'`).all() as Array<
        Record<string, number & string>
      >
    ).map((r) => ({
      key: r.key!,
      dueAt: r.due_at!,
      status: r.status!,
      firedAt: r.fired_at ?? null,
      attempts: r.attempts!,
    })),
    outboxPending: (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n,
    outboxFailed: (
      db.prepare(`SELECT idem_key, last_error FROM outbox WHERE status = 'failed'`).all() as Array<{
        idem_key: string;
        last_error: string;
      }>
    ).map((r) => ({ key: r.idem_key, error: r.last_error })),
    inboundPending: (
      db.prepare('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL').get() as { n: number }
    ).n,
    inboundGaveUp: (
      db.prepare(`SELECT count(*) AS n FROM inbound_events WHERE last_error LIKE 'gave up%'`).get() as { n: number }
    ).n,
    sentRows: (
      db
        .prepare(`SELECT idem_key, target, payload, sent_at FROM outbox WHERE channel = 'telegram' AND op = 'send'`)
        .all() as Array<{ idem_key: string; target: string; payload: string; sent_at: number | null }>
    ).map((r) => ({
      key: r.idem_key,
      target: r.target,
      text: (JSON.parse(r.payload) as { text: string }).text,
      sentAt: r.sent_at,
    })),
  }));
}

type Kind = 'card' | 'alert1' | 'alert2' | 'ping' | 'other';

function classify(m: TgSend): { kind: Kind; assignmentId: number | null } {
  const aid = (prefix: string) => {
    const c = m.callbacks.find((d) => d.startsWith(prefix));
    return c ? Number(c.split(':')[1]) : null;
  };
  if (m.text.startsWith('🆕 Новая сделка')) return { kind: 'card', assignmentId: aid('claim:') };
  if (m.text.startsWith('⚠️ Сделку не взяли')) return { kind: 'alert1', assignmentId: aid('remind:') };
  if (m.text.startsWith('🚨 Сделку так и не взяли')) return { kind: 'alert2', assignmentId: aid('remind:') };
  if (m.text.startsWith('⏰ Сделка ждёт')) return { kind: 'ping', assignmentId: aid('claim:') };
  return { kind: 'other', assignmentId: null };
}

export async function runStorm(o: StormOptions): Promise<StormResult> {
  const started = Date.now();
  const [l1, l2] = o.levelsMs ?? [3000, 6000];
  const w = await World.start({
    seed: o.seed,
    faults: o.faults,
    org: o.org,
    rules: {
      claim: { timeout: `${l1}ms` },
      escalation: {
        levels: [
          { after: `${l1}ms`, notify: 'department_head' },
          { after: `${l2}ms`, notify: 'directors' },
        ],
      },
    },
  });
  try {
    return await storm(w, o, started);
  } catch (e) {
    (e as Error).message += `\n--- bot log (tail) ---\n${w.bot.logTail()}`;
    throw e;
  } finally {
    await w.stop();
  }
}

async function storm(w: World, o: StormOptions, started: number): Promise<StormResult> {
  const r = w.rand;
  await w.bot.start();
  // The first sweep sets the cursor; from then on a lost event is found by the next sweep.
  await waitFor(
    () => w.read((db) => db.prepare(`SELECT 1 FROM kv WHERE key = 'reconcile.cursor'`).get() !== undefined),
    'the first sweep',
    15_000,
  );

  const history = new Map<number, number[]>();
  const work: Array<Promise<unknown>> = [];
  let emitted = 0;
  let creates = 0;
  let reassigns = 0;
  let touches = 0;
  let n = 0;

  // The killer runs beside the load: kills land at random moments, during bursts and while timers are due.
  const kills: Kill[] = [];
  const killer = (async () => {
    for (let i = 0; i < o.kills; i++) {
      await pace(between(r, ...(o.killGapMs ?? [1500, 4000])));
      const killedAt = await w.bot.kill();
      const integrity = w.integrityCheck();
      await pace(between(r, ...(o.downMs ?? [200, 2500]))); // down time: deadlines fall due meanwhile
      const life: Life = await w.bot.start();
      kills.push({ at: killedAt, restartSpawnedAt: life.spawnedAt, restartReadyAt: life.readyAt, integrity });
    }
  })();

  while (emitted < o.events) {
    const size = Math.min(between(r, ...o.burst), o.events - emitted);
    for (let i = 0; i < size && emitted < o.events; i++) {
      const manager = pick(r, w.org.managers);
      const k = ++n;
      creates++;
      emitted++;
      const reassign = r() < o.reassignShare && emitted < o.events;
      const touch = r() < o.touchShare && emitted + (reassign ? 1 : 0) < o.events;
      if (reassign) emitted++;
      if (touch) emitted++;
      const to = reassign
        ? pick(
            r,
            w.org.managers.filter((m) => m.id !== manager.id),
          )
        : null;
      work.push(
        (async () => {
          const id = await w.sim.createDeal(sampleDeal(k, manager.id));
          history.set(id, [manager.id]);
          // Later changes come a moment after the deal (usually after its card, before its first deadline).
          if (to || touch) await pace(between(r, 300, 1500));
          if (to) {
            reassigns++;
            history.get(id)!.push(to.id);
            await w.sim.updateDeal(id, { ASSIGNED_BY_ID: String(to.id) });
          }
          if (touch) {
            touches++;
            await w.sim.updateDeal(id, { OPPORTUNITY: String(48_500 + k) });
          }
        })(),
      );
    }
    await pace(between(r, ...o.gapMs));
  }
  await Promise.all(work);
  await w.sim.whenEventsDelivered();
  await killer;
  await w.eventProxy.idle();
  if (!w.bot.alive) await w.bot.start();

  // Done when every deal has its open assignment for its current manager and nothing is left to do.
  // Polled gently (the test process also hosts the portal, Telegram and the proxies being measured).
  const dealIds = [...history.keys()];
  const light = () =>
    w.read((db) => ({
      open: new Map(
        (
          db.prepare(`SELECT deal_id, manager_id FROM assignments WHERE status = 'pending'`).all() as Array<{
            deal_id: number;
            manager_id: number;
          }>
        ).map((r) => [r.deal_id, r.manager_id]),
      ),
      inbound: (
        db.prepare('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL').get() as { n: number }
      ).n,
      outbox: (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n,
      timers: (
        db.prepare(`SELECT count(*) AS n FROM timers WHERE kind = 'escalate' AND status = 'pending'`).get() as {
          n: number;
        }
      ).n,
    }));
  let last = light();
  const missing = () => dealIds.filter((id) => last.open.get(id) !== Number(w.sim.deal(id)!.ASSIGNED_BY_ID));
  await pollUntil(
    () => {
      last = light();
      return last.inbound === 0 && last.outbox === 0 && last.timers === 0 && missing().length === 0;
    },
    () =>
      `every deal assigned, every timer fired, outbox and inbound drained: deals without their current assignment ${missing().length} (e.g. ${missing().slice(0, 5).join(', ')}), inbound pending ${last.inbound}, outbox pending ${last.outbox}, timers pending ${last.timers}`,
    60_000 + o.events * 60,
  );
  const finalIntegrity = w.integrityCheck();
  const state = readState(w);

  const result = verify(w, o, state, history, kills);
  if (finalIntegrity !== 'ok') result.violations.push(`integrity_check at the end: ${finalIntegrity}`);
  return { ...result, creates, reassigns, touches, eventsEmitted: emitted, wallMs: Date.now() - started };
}

function verify(
  w: World,
  o: StormOptions,
  state: State,
  history: Map<number, number[]>,
  kills: Kill[],
): Omit<StormResult, 'creates' | 'reassigns' | 'touches' | 'eventsEmitted' | 'wallMs'> {
  const v: string[] = [];
  const late: string[] = [];
  const byId = new Map(state.assignments.map((a) => [a.id, a]));
  const msgs = w.sent.map((m) => ({ m, ...classify(m) }));
  const of = (kind: Kind, aid: number) => msgs.filter((x) => x.kind === kind && x.assignmentId === aid);

  for (const x of msgs) {
    if (x.kind === 'other') v.push(`unexpected message to ${x.m.chatId}: ${x.m.text.slice(0, 60)}`);
    else if (x.assignmentId === null || !byId.has(x.assignmentId))
      v.push(`${x.kind} for unknown assignment ${x.assignmentId} to ${x.m.chatId}`);
  }

  // Duplicates: Telegram accepted more copies of a message than the bot has outbox rows for it (two
  // pings of one assignment read the same, so rows, not texts, are counted). The only excuse is
  // README's at-least-once window: a copy accepted within a second before a kill (+100 ms for the
  // answer in flight), for a row the outbox marked sent only after the restart — the first send was
  // never recorded. Each such copy excuses one extra; anything else is a violation.
  const duplicates: Duplicate[] = [];
  const groups = new Map<string, TgSend[]>();
  for (const m of w.sent) {
    const key = `${m.chatId}|${m.text}|${m.callbacks.join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const rowsOf = new Map<string, Array<{ sentAt: number | null; key: string }>>();
  for (const row of state.sentRows)
    rowsOf.set(`${row.target}|${row.text}`, [...(rowsOf.get(`${row.target}|${row.text}`) ?? []), row]);
  const excused = new Set<TgSend>();
  const levelsMs = o.levelsMs ?? [3000, 6000];
  const lives = w.bot.lives;
  for (const copies of groups.values()) {
    const rows = rowsOf.get(`${copies[0]!.chatId}|${copies[0]!.text}`) ?? [];
    const extra = copies.length - rows.length;
    if (extra <= 0) continue;
    const c = classify(copies[0]!);
    const reasons: string[] = [];
    const usedRows = new Set<string>();
    for (const copy of copies) {
      if (reasons.length === extra) break;
      // The life of the bot that sent this copy, killed before it recorded the row: the row was
      // marked sent only by a later life (after the restart).
      const life = lives.find((l) => l.killedAt !== null && copy.at >= l.spawnedAt && copy.at <= l.killedAt + 100);
      const k = life && kills.find((x) => x.at === life.killedAt);
      const row = k && rows.find((r) => !usedRows.has(r.key) && r.sentAt !== null && r.sentAt >= k.restartSpawnedAt);
      if (!k || !row) continue;
      usedRows.add(row.key);
      excused.add(copy);
      reasons.push(
        `accepted ${k.at - copy.at} ms before the kill at ${new Date(k.at).toISOString()}; outbox row ${row.key} marked sent only after the restart`,
      );
    }
    const explained = reasons.length === extra ? reasons.join('; ') : null;
    const timeline = copies
      .map((m) => {
        const life = lives.findIndex((l) => m.at >= l.spawnedAt && (l.killedAt === null || m.at <= l.killedAt + 100));
        return `${new Date(m.at).toISOString().slice(11, 23)} (life ${life + 1}${lives[life]?.killedAt ? `, killed ${lives[life]!.killedAt! - m.at} ms later` : ''})`;
      })
      .join(', ');
    const sentAts = rows
      .map((r) => `${r.key} sent ${r.sentAt ? new Date(r.sentAt).toISOString().slice(11, 23) : '—'}`)
      .join(', ');
    duplicates.push({
      chatId: copies[0]!.chatId,
      kind: `${c.kind} (assignment ${c.assignmentId})`,
      copies: copies.map((m) => ({ at: m.at })),
      explainedBy: explained ?? `NOT explained — copies ${timeline}; rows ${sentAts}`,
    });
    if (!explained)
      v.push(
        `duplicate ${c.kind} for assignment ${c.assignmentId} to ${copies[0]!.chatId}: ${copies.length} copies for ${rows.length} outbox rows, ${extra - reasons.length} not explained by a kill (copies ${timeline}; rows ${sentAts})`,
      );
  }
  const counted = (xs: typeof msgs) => xs.filter((x) => !excused.has(x.m));

  // One card per assignment, to its manager; the assignments follow the portal's history.
  for (const a of state.assignments) {
    const cards = counted(of('card', a.id));
    const manager = w.org.byId.get(a.managerId);
    if (cards.length !== 1) v.push(`assignment ${a.id} (deal ${a.dealId}) has ${cards.length} cards`);
    else if (cards[0]!.m.chatId !== String(manager?.telegram))
      v.push(`card of assignment ${a.id} went to ${cards[0]!.m.chatId}, not to its manager ${a.managerId}`);
  }
  for (const [dealId, managers] of history) {
    const as = state.assignments.filter((a) => a.dealId === dealId);
    const open = as.filter((a) => a.status === 'pending');
    const finalManager = Number(w.sim.deal(dealId)!.ASSIGNED_BY_ID);
    if (as.length === 0) v.push(`deal ${dealId} lost: no assignment at all`);
    if (open.length !== 1 || open[0]!.managerId !== finalManager || as.at(-1) !== open[0])
      v.push(`deal ${dealId}: open assignments ${JSON.stringify(open)}; portal says manager ${finalManager}`);
    // Each assignment of the bot is a step the portal really made, in order, none twice.
    let i = 0;
    for (const a of as) {
      while (i < managers.length && managers[i] !== a.managerId) i++;
      if (i === managers.length) {
        v.push(
          `deal ${dealId}: assignments ${as.map((x) => x.managerId).join('→')} are not the portal's history ${managers.join('→')}`,
        );
        break;
      }
      i++;
    }
  }

  // Escalations: the open assignment of every deal (nobody claims) escalates once per level; a
  // closed one at most once; each escalation is one timeline comment in the portal.
  let alerts = 0;
  let pings = 0;
  let timelineEscalations = 0;
  const timerOf = new Map(state.timers.map((t) => [t.key, t]));
  const lateness: Lateness[] = [];
  for (const a of state.assignments) {
    const head = w.org.headOf(a.managerId);
    const manager = w.org.byId.get(a.managerId)!;
    const lv = [counted(of('alert1', a.id)), counted(of('alert2', a.id))];
    const ps = counted(of('ping', a.id));
    alerts += lv[0]!.length + lv[1]!.length;
    pings += ps.length;
    const open = a.status === 'pending';
    lv.forEach((xs, i) => {
      const level = i + 1;
      const want = open ? 1 : xs.length === 0 ? 0 : 1;
      if (xs.length !== want)
        v.push(`assignment ${a.id} (deal ${a.dealId}, ${a.status}): ${xs.length} level-${level} alerts`);
      const to = level === 1 ? head : w.org.director;
      for (const x of xs)
        if (x.m.chatId !== String(to.telegram))
          v.push(`level-${level} alert of assignment ${a.id} went to ${x.m.chatId}, not ${to.telegram}`);
      const timer = timerOf.get(`escalate:${a.id}:${level}`);
      if (xs.length && timer?.status !== 'fired')
        v.push(`assignment ${a.id}: level-${level} alert sent but its timer is ${timer?.status}`);
      if (!xs.length) return;
      // Lateness: the due time is the assignment time + the level's delay (= the timer row's
      // due_at unless a failed attempt pushed it on); the arrival is when Telegram accepted the alert.
      const due = a.assignedAt + levelsMs[i]!;
      if (timer && timer.attempts === 0 && timer.dueAt !== due)
        v.push(`timer escalate:${a.id}:${level} due_at ${timer.dueAt} ≠ assigned_at + ${levelsMs[i]}`);
      // Arrival: the first copy Telegram accepted, even one sent again after a kill.
      const at = Math.min(...of(i === 0 ? 'alert1' : 'alert2', a.id).map((x) => x.m.at));
      // Telegram's own orders count: each 429 for this chat from a second before the due time on told
      // the bot to wait retry_after (1 s) before sending there again, and the next pass comes within a
      // second (the loop ticks every second) — 2 s per 429 of that chat, none for other chats' 429s.
      const refused = w.refused429.filter(
        (x) => x.chatId === xs[0]!.m.chatId && x.at >= due - 1000 && x.at <= at,
      ).length;
      const allowance = refused * 2000;
      // A kill before the alert was due to arrive (from 2 s before the due time on) moves its
      // deadline to 5 s after the restart: deadlines that fell due while the bot was down.
      let bound = due + 2000 + allowance;
      let restart: Kill | null = null;
      for (const k of kills) {
        if (k.at >= due - 2000 && k.at <= bound && k.at < at) {
          bound = Math.max(bound, k.restartSpawnedAt + 5000 + allowance);
          restart = k;
        }
      }
      // The firing itself (the bot's own record) is on time whatever Telegram says.
      const fired = timer?.firedAt ?? null;
      if (!restart && fired !== null && fired - timer!.dueAt > 2000)
        late.push(`escalate:${a.id}:${level} (deal ${a.dealId}) fired ${fired - timer!.dueAt} ms after its due_at`);
      lateness.push({
        key: `escalate:${a.id}:${level}`,
        dealId: a.dealId,
        level,
        due,
        at,
        lateMs: at - due,
        afterRestartMs: restart ? at - restart.restartSpawnedAt : null,
        bound,
        refused429: refused,
        firedAt: fired,
      });
      if (at > bound)
        late.push(
          `escalate:${a.id}:${level} (deal ${a.dealId}) arrived ${at - due} ms after due (fired +${fired === null ? '?' : fired - due} ms)${restart ? `, ${at - restart.restartSpawnedAt} ms after the restart` : ''}${refused ? ` (${refused}×429 to that chat)` : ''}`,
        );
    });
    // A chat's messages keep their order: no ping about a deal before the card of that deal.
    const firstCard = Math.min(...of('card', a.id).map((x) => x.m.at));
    if (ps.some((x) => x.m.at < firstCard))
      v.push(`assignment ${a.id}: a ping reached ${manager.telegram} before the card`);
    // Levels that fall due together (both after a kill, or within a minute) ping the manager once —
    // one ping per deal per moment (deals/escalation.ts): never more pings than escalations, and at
    // least one when any level fired.
    const wantPings = lv[0]!.length + lv[1]!.length;
    if (ps.length > wantPings || (wantPings > 0 && ps.length === 0))
      v.push(`assignment ${a.id}: ${ps.length} pings for ${wantPings} escalations`);
    for (const x of ps)
      if (x.m.chatId !== String(manager.telegram)) v.push(`ping of assignment ${a.id} went to ${x.m.chatId}`);
  }
  // CRM writes are not doubled (README: only Telegram delivery is at least once): one timeline comment
  // per escalation. A double is told apart for the diagnosis: was its first copy written by the portal
  // in the instant before a kill?
  for (const dealId of history.keys()) {
    const comments = w.sim
      .timelineComments('deal', dealId)
      .filter((c) => c.comment.startsWith('Бот: сделка не взята в работу'));
    timelineEscalations += comments.length;
    const fired = state.assignments
      .filter((a) => a.dealId === dealId)
      .reduce((s, a) => s + (of('alert1', a.id).length ? 1 : 0) + (of('alert2', a.id).length ? 1 : 0), 0);
    if (comments.length === fired) continue;
    const writes = w.commentsWritten.filter(
      (c) => c.dealId === dealId && c.text.startsWith('Бот: сделка не взята в работу'),
    );
    const near = writes
      .map((c) => ({ c, k: kills.find((k) => c.at >= k.at - 1000 && c.at <= k.at + 100) }))
      .filter((x) => x.k)
      .map(
        (x) =>
          `written ${x.k!.at - x.c.at} ms before the kill at ${new Date(x.k!.at).toISOString()}, written again after the restart`,
      );
    v.push(
      `deal ${dealId}: ${comments.length} escalation comments in the timeline for ${fired} escalations${near.length ? ` (${near.join('; ')})` : ''}`,
    );
  }

  // The emulator's own record agrees, counted by deal id (the deal link every message carries):
  // as many messages per deal as Telegram accepted according to the proxy, and in total.
  const emulated = w.tg.storage.botMessages;
  if (emulated.length !== w.sent.length)
    v.push(`the Telegram emulator holds ${emulated.length} bot messages, the proxy saw ${w.sent.length} accepted`);
  const dealOf = (markup: unknown) => {
    const kb = (typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup) as
      | { inline_keyboard?: Array<Array<{ url?: string }>> }
      | undefined;
    const url = (kb?.inline_keyboard ?? []).flat().find((b) => b.url)?.url ?? '';
    return Number(/\/crm\/deal\/details\/(\d+)\//.exec(url)?.[1] ?? 0);
  };
  const perDeal = new Map<number, number>();
  for (const u of emulated)
    perDeal.set(dealOf(u.message.reply_markup), (perDeal.get(dealOf(u.message.reply_markup)) ?? 0) + 1);
  const byAssignment = new Map(state.assignments.map((a) => [a.id, a.dealId]));
  const expected = new Map<number, number>();
  for (const x of msgs)
    if (x.assignmentId !== null)
      expected.set(
        byAssignment.get(x.assignmentId) ?? 0,
        (expected.get(byAssignment.get(x.assignmentId) ?? 0) ?? 0) + 1,
      );
  for (const dealId of history.keys()) {
    if ((perDeal.get(dealId) ?? 0) !== (expected.get(dealId) ?? 0))
      v.push(
        `deal ${dealId}: ${perDeal.get(dealId) ?? 0} messages in the emulator, ${expected.get(dealId) ?? 0} by the proxy's log`,
      );
  }

  // Nothing pending, nothing given up; the database intact after every kill.
  if (state.inboundPending) v.push(`${state.inboundPending} inbound events left unprocessed`);
  if (state.inboundGaveUp) v.push(`${state.inboundGaveUp} inbound events given up`);
  if (state.outboxPending) v.push(`${state.outboxPending} outbox rows left pending`);
  for (const f of state.outboxFailed) v.push(`outbox row ${f.key} failed: ${f.error}`);
  for (const k of kills)
    if (k.integrity !== 'ok')
      v.push(`integrity_check after the kill at ${new Date(k.at).toISOString()}: ${k.integrity}`);
  if (kills.length !== o.kills) v.push(`${kills.length} kills made, ${o.kills} planned`);

  return {
    label: o.label,
    seed: o.seed,
    counts: { ...w.counts },
    deals: history.size,
    kills,
    assignments: state.assignments.length,
    cards: msgs.filter((x) => x.kind === 'card').length,
    alerts,
    pings,
    timelineEscalations,
    lateness,
    duplicates,
    violations: v,
    timingBreaches: late,
  };
}

/** The storm's timing figures in one line, for expectTiming. */
export function timingFigures(r: StormResult): string {
  const live = r.lateness.filter((l) => l.afterRestartMs === null);
  const restart = r.lateness.filter((l) => l.afterRestartMs !== null);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  return `max lateness ${max(live.map((l) => l.lateMs))} ms (n ${live.length}), fell due while down: max ${max(restart.map((l) => l.afterRestartMs!))} ms after restart (n ${restart.length}); bounds 2 s after due, 5 s after a restart, +2 s per 429 to that chat; ${r.timingBreaches.length} past them`;
}

export function summary(r: StormResult): string {
  const c = r.counts;
  const live = r.lateness.filter((l) => l.afterRestartMs === null);
  const restart = r.lateness.filter((l) => l.afterRestartMs !== null);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  const p = (xs: number[], q: number) => {
    if (!xs.length) return 0;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  };
  return [
    `chaos ${r.label} (seed ${r.seed}, ${(r.wallMs / 1000).toFixed(1)} s):`,
    `events emitted ${r.eventsEmitted} (new deals ${r.creates}, re-assignments ${r.reassigns}, other updates ${r.touches}); at the proxy ${c.eventsSeen}: delivered ${c.eventsDelivered}, dropped ${c.eventsDropped}, duplicated ${c.eventsDuplicated}, lost while the bot was down ${c.eventsBotDown}`,
    `faults: Bitrix24 calls ${c.b24Calls}, 503 QUERY_LIMIT_EXCEEDED ${c.b24Limit}, 500 refused ${c.b24Error}, 500 after doing it ${c.b24ErrorAfter}; Telegram sends accepted ${c.tgSends}, 429 retry_after ${c.tg429}`,
    `kills ${r.kills.length} (integrity_check: ${r.kills.map((k) => k.integrity).join(', ') || '—'}; restart to healthy ${r.kills.map((k) => k.restartReadyAt - k.restartSpawnedAt).join('/') || '—'} ms)`,
    `outcome: deals ${r.deals}, assignments ${r.assignments}, cards ${r.cards}, alerts ${r.alerts}, pings ${r.pings}, timeline escalation comments ${r.timelineEscalations}, duplicates ${r.duplicates.length} (explained by a kill ${r.duplicates.filter((d) => d.explainedBy && !d.explainedBy.startsWith('NOT')).length})`,
    `timer firing (fired_at − due_at): live max ${max(live.flatMap((l) => (l.firedAt === null ? [] : [l.firedAt - l.due])))} ms`,
    `timer lateness (alert accepted by Telegram − due): live max ${max(live.map((l) => l.lateMs))} ms (p50 ${p(
      live.map((l) => l.lateMs),
      0.5,
    )}, p95 ${p(
      live.map((l) => l.lateMs),
      0.95,
    )}, n ${live.length}); fell due while down: max ${max(restart.map((l) => l.afterRestartMs!))} ms after restart (n ${restart.length})`,
    `violations ${r.violations.length}; timing breaches ${r.timingBreaches.length}`,
    ...(process.env.CHAOS_DEBUG
      ? [...r.lateness]
          .sort((a, b) => b.lateMs - a.lateMs)
          .slice(0, 15)
          .map(
            (l) =>
              `${l.key} deal ${l.dealId}: late ${l.lateMs} (fired +${l.firedAt === null ? '?' : l.firedAt - l.due}, delivered +${l.firedAt === null ? '?' : l.at - l.firedAt}${l.afterRestartMs === null ? '' : `, ${l.afterRestartMs} after restart`}, 429s ${l.refused429})`,
          )
      : []),
  ].join('\n  ');
}
