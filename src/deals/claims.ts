/**
 * The claim state machine: pure. Given what we knew about a deal and what the CRM says now,
 * decide what happened to its assignment. No I/O, no clock: `now` comes in.
 */
import type { DealSnapshot } from '../kernel/ports';

export type AssignmentStatus = 'pending' | 'claimed' | 'reassigned' | 'closed';

/**
 * Why an assignment ended without a claim. A re-assignment is made in the CRM (someone changed the
 * responsible there) or in the bot (a supervisor's «Переназначить»).
 */
export type CloseReason =
  | 'deleted'
  | 'lost'
  | 'unwatched'
  | 'reassigned-in-crm'
  | 'reassigned-in-bot'
  /** Someone moved the deal into another pipeline: not a claim; a watched one restarts the assignment. */
  | 'moved-pipeline'
  /** Someone other than the responsible moved it on within its pipeline: not the manager's claim. */
  | 'moved-by-other';

export const isReassignment = (r: CloseReason): boolean => r === 'reassigned-in-crm' || r === 'reassigned-in-bot';

export interface AssignmentView {
  id: number;
  dealId: number;
  managerId: number;
  assignedAt: number;
  status: AssignmentStatus;
  claimedBy: number | null;
}

export interface WatchRule {
  assignedStages: string[];
}

export type DealChange =
  | { kind: 'assign'; managerId: number; assignedAt: number }
  | { kind: 'claimed-in-crm'; assignmentId: number; by: number }
  | { kind: 'close'; assignmentId: number; reason: CloseReason; by?: number | null };

export interface SnapshotInput {
  /** What we stored last time; null if the deal is new to us. */
  prev: (Pick<DealSnapshot, 'stageId' | 'assignedById'> & Partial<Pick<DealSnapshot, 'categoryId'>>) | null;
  /** What the CRM says now; null when the deal was deleted. */
  next: DealSnapshot | null;
  /** The deal's latest assignment of any status, if any. */
  latest: AssignmentView | null;
  /** The watch rule of the deal's pipeline, or undefined when its pipeline is not watched. */
  rule: WatchRule | undefined;
  /** Stage ids with failure semantics ("lost"), across pipelines. */
  failureStages: ReadonlySet<string>;
  now: Date;
  /**
   * The deal's stage now is one the bot itself wrote (a payment confirmed → paidStage): the portal's
   * echo names the webhook's user as the mover, but no person moved it.
   */
  ownStage?: boolean;
}

export function decideOnSnapshot(input: SnapshotInput): DealChange[] {
  const { prev, next, latest, rule, failureStages, now } = input;
  const open = latest?.status === 'pending' ? latest : null;

  if (!next) return open ? [{ kind: 'close', assignmentId: open.id, reason: 'deleted' }] : [];
  if (!rule) return open ? [{ kind: 'close', assignmentId: open.id, reason: 'unwatched' }] : [];

  const inAssigned = rule.assignedStages.includes(next.stageId);
  // Moved into another pipeline: a transfer, never the manager's claim.
  const pipelineChanged = prev?.categoryId !== undefined && prev.categoryId !== next.categoryId;
  const mover = next.movedById ?? null;
  if (!inAssigned) {
    if (!open) return [];
    if (failureStages.has(next.stageId)) return [{ kind: 'close', assignmentId: open.id, reason: 'lost' }];
    if (pipelineChanged) return [{ kind: 'close', assignmentId: open.id, reason: 'moved-pipeline', by: mover }];
    // The bot's own write, or no move at all since then (the stage it wrote, seen again): the
    // assignment stays as it was — not a claim, not someone else's move.
    if (input.ownStage || (prev && prev.stageId === next.stageId && !rule.assignedStages.includes(prev.stageId)))
      return [];
    // "First do the action, then change the stage": the responsible moving the deal on has taken it;
    // someone else moving it (a supervisor, a colleague) has not — unless the portal does not say who.
    if (mover !== null && mover !== open.managerId)
      return [{ kind: 'close', assignmentId: open.id, reason: 'moved-by-other', by: mover }];
    return [{ kind: 'claimed-in-crm', assignmentId: open.id, by: next.assignedById }];
  }

  if (open && open.managerId === next.assignedById && !pipelineChanged) return [];
  const cameBack = prev !== null && !rule.assignedStages.includes(prev.stageId);
  const sameManagerAlreadyHandled = latest !== null && latest.managerId === next.assignedById && !cameBack;
  if (!open && sameManagerAlreadyHandled) return [];

  const changes: DealChange[] = [];
  if (open)
    changes.push(
      pipelineChanged
        ? { kind: 'close', assignmentId: open.id, reason: 'moved-pipeline', by: mover }
        : { kind: 'close', assignmentId: open.id, reason: 'reassigned-in-crm' },
    );
  changes.push({ kind: 'assign', managerId: next.assignedById, assignedAt: assignmentTime(next, now) });
  return changes;
}

/**
 * The deadline counts from when the deal was really assigned: a deal found late by the
 * reconciliation sweep keeps its original clock (the portal's DATE_MODIFY), never a later one.
 */
export function assignmentTime(next: DealSnapshot, now: Date): number {
  const modified = next.dateModify ? Date.parse(next.dateModify) : NaN;
  if (Number.isFinite(modified) && modified <= now.getTime()) return modified;
  return now.getTime();
}

export type ClaimVerdict =
  | { ok: true }
  | { ok: false; reason: 'not-linked' | 'not-yours' | 'already-claimed' | 'reassigned' | 'closed' | 'unknown' };

/** Only the responsible manager may take a deal, and only while its assignment is open. */
export function decideClaim(a: AssignmentView | undefined, actorUserId: number | null): ClaimVerdict {
  if (!a) return { ok: false, reason: 'unknown' };
  if (a.status === 'claimed') return { ok: false, reason: 'already-claimed' };
  if (a.status === 'reassigned') return { ok: false, reason: 'reassigned' };
  if (a.status === 'closed') return { ok: false, reason: 'closed' };
  if (actorUserId === null) return { ok: false, reason: 'not-linked' };
  if (actorUserId !== a.managerId) return { ok: false, reason: 'not-yours' };
  return { ok: true };
}
