/**
 * New and changed deals → assignments and cards. The same path serves pushed events and the
 * reconciliation sweep: a snapshot is compared with what we knew, and only a change acts.
 */
import type { Crm, DealSnapshot, Client, Person } from '../kernel/ports';
import { decideOnSnapshot, isReassignment, type CloseReason } from './claims';
import type { DealsContext } from './context';
import { openAssignment, recordClaim, closeAssignment } from './lifecycle';

export interface Prefetched {
  /** By deal id. */
  clients: Map<number, Client>;
  /** By user id; null: the portal has no such user. */
  people: Map<number, Person | null>;
}

export interface SnapshotItem {
  id: number;
  /** null: the deal no longer exists. */
  deal: DealSnapshot | null;
}

/**
 * Applies CRM snapshots; returns the ids it skipped because our own write to that deal is still in
 * the outbox (until it lands, the CRM shows a state we have already moved past).
 */
export async function applyDealSnapshots(
  ctx: DealsContext,
  crm: Crm,
  items: SnapshotItem[],
  afterEach?: (id: number) => void,
  /** Clients and assignees read with the deals (Crm.getDealsWithDetails): not read again. */
  prefetched?: Prefetched,
): Promise<number[]> {
  // Two paths (the sweep's first run, a pass over events) must not both decide about one deal: each
  // decides after the other has applied, on what the other stored.
  const release = await intakeLocks(ctx).acquire(items.map((i) => i.id));
  try {
    return await applyLocked(ctx, crm, items, afterEach, prefetched);
  } finally {
    release();
  }
}

/**
 * Per-deal locks over intake, one set per desk (its deal store). Acquiring takes every deal's
 * place in line at once (synchronously), so two callers never wait on each other in a cycle.
 */
class DealLocks {
  private tails = new Map<number, Promise<void>>();

  async acquire(ids: number[]): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = [...new Set(ids)].map((id) => {
      const prior = this.tails.get(id);
      this.tails.set(id, mine);
      return prior;
    });
    await Promise.all(before);
    return () => {
      release();
      for (const id of ids) if (this.tails.get(id) === mine) this.tails.delete(id);
    };
  }
}
const locks = new WeakMap<object, DealLocks>();
function intakeLocks(ctx: DealsContext): DealLocks {
  let l = locks.get(ctx.deals);
  if (!l) {
    l = new DealLocks();
    locks.set(ctx.deals, l);
  }
  return l;
}

/** How long after the bot wrote a stage the portal's report of that stage is taken for its echo. */
const OWN_ECHO_WINDOW = 3_600_000;

async function applyLocked(
  ctx: DealsContext,
  crm: Crm,
  items: SnapshotItem[],
  afterEach?: (id: number) => void,
  prefetched?: Prefetched,
): Promise<number[]> {
  await ctx.directory.fresh();
  const failureStages = ctx.directory.failureStages();
  const now = ctx.clock.now();
  const writing = ctx.outbox.dealsBeingWritten();
  const skipped = items.filter((i) => writing.has(i.id)).map((i) => i.id);
  items = items.filter((i) => !writing.has(i.id));

  const plans = items.map((item) => {
    const stored = ctx.deals.get(item.id);
    const prev = stored && !stored.deleted ? stored.deal : null;
    const deal = item.deal;
    const rule = deal ? ctx.rules.pipelines.find((p) => p.categoryId === deal.categoryId) : undefined;
    const own = deal && prev?.stageId !== deal.stageId ? ctx.outbox.lastStageWrite(item.id) : null;
    const changes = decideOnSnapshot({
      prev,
      next: item.deal,
      latest: ctx.assignments.latestForDeal(item.id),
      rule,
      failureStages,
      now,
      ownStage: own !== null && own.stageId === deal?.stageId && now.getTime() - own.at < OWN_ECHO_WINDOW,
    });
    return { item, stored, changes };
  });

  // Client details are needed for cards (new assignments) and for follow-ups (won deals we have no
  // client for): fetched for all of them in one batch.
  const won = ctx.directory.successStages();
  const needClients = plans.flatMap((p) =>
    p.item.deal && (p.changes.some((c) => c.kind === 'assign') || (won.has(p.item.deal.stageId) && !p.stored?.client))
      ? [p.item.deal]
      : [],
  );
  // Whoever is about to get a card is read afresh (recheckAssignees), in the same request as the clients.
  const assignees = [
    ...new Set(plans.flatMap((p) => p.changes.flatMap((c) => (c.kind === 'assign' ? [c.managerId] : [])))),
  ];
  const clients = new Map<number, Client>();
  const people = new Map<number, Person | null>(prefetched?.people ?? []);
  const toRead: DealSnapshot[] = [];
  for (const d of needClients) {
    const c = prefetched?.clients.get(d.id);
    if (c) clients.set(d.id, c);
    else toRead.push(d);
  }
  const peopleToRead = assignees.filter((id) => !people.has(id));
  if (toRead.length || peopleToRead.length) {
    try {
      const read = await crm.getClientsAndPeople(toRead, peopleToRead);
      for (const [id, c] of read.clients) clients.set(id, c);
      for (const [id, p] of read.people) people.set(id, p);
    } catch (e) {
      if (toRead.length) throw e; // the cards need their clients: the chunk is read again
      // Only the assignees' re-read failed: recheckAssignees tries each once more, then the directory's word.
      ctx.log.warn({ err: (e as Error).message }, 'could not re-read the assignees in one batch');
    }
  }
  // A new colleague: the card should name them.
  await ctx.directory.knowAbout(needClients.map((d) => d.assignedById));
  await recheckAssignees(ctx, crm, assignees, people);

  for (const { item, stored, changes } of plans) {
    ctx.tx(() => {
      const nowMs = ctx.clock.now().getTime();
      ctx.events.emit('dealChanged', { prev: stored && !stored.deleted ? stored.deal : null, next: item.deal });
      if (!item.deal) {
        for (const c of changes) if (c.kind === 'close') closeAssignmentById(ctx, c.assignmentId, c.reason);
        if (stored) ctx.deals.markDeleted(item.id, nowMs);
        afterEach?.(item.id);
        return;
      }
      const client = clients.get(item.id) ?? stored?.client ?? null;
      const snapshot = { deal: item.deal, client };
      // Close/claim first (they draw the old card), then store, then open the new assignment.
      for (const c of changes) {
        if (c.kind === 'close')
          closeAssignmentById(ctx, c.assignmentId, c.reason, item.deal.assignedById, {
            by: c.by ?? null,
            pipelineName: ctx.directory.pipeline(item.deal.categoryId)?.name,
          });
        if (c.kind === 'claimed-in-crm') {
          const a = ctx.assignments.get(c.assignmentId);
          if (a) recordClaim(ctx, a, c.by, 'crm');
        }
      }
      ctx.deals.save(snapshot, nowMs);
      for (const c of changes) if (c.kind === 'assign') openAssignment(ctx, snapshot, c.managerId, c.assignedAt);
      afterEach?.(item.id);
    });
  }
  return skipped;
}

function closeAssignmentById(
  ctx: DealsContext,
  id: number,
  reason: CloseReason,
  newManagerId?: number,
  moved?: { by: number | null; pipelineName?: string },
): void {
  const a = ctx.assignments.get(id);
  if (a) closeAssignment(ctx, a, reason, isReassignment(reason) ? newManagerId : undefined, undefined, moved);
}

/**
 * Whoever is about to get a card is read afresh (one user.get each): the directory may be an hour
 * old, and a dismissed person must never get a client's name, phone and address. A dismissal found
 * goes into the directory at once — the people desk unlinks them — and the deal goes to the stand-in.
 * A read that fails leaves the directory's word (logged): the intake does not stop for it.
 */
async function recheckAssignees(
  ctx: DealsContext,
  crm: Crm,
  ids: number[],
  read?: Map<number, Person | null>,
): Promise<void> {
  for (const id of new Set(ids)) {
    try {
      // Read with the deals a moment ago (the same user.get by ID): not read twice.
      const fresh = read?.has(id) ? (read.get(id) ?? null) : await crm.readPerson(id);
      if (fresh && !fresh.active && ctx.directory.person(id)?.active !== false) {
        ctx.directory.update(fresh);
        ctx.log.info({ userId: id }, 'assignee is deactivated in Bitrix24; the deal goes to the stand-in');
      }
    } catch (e) {
      ctx.log.warn({ userId: id, err: (e as Error).message }, 'could not re-read the assignee; using the directory');
    }
  }
}
