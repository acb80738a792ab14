/**
 * Domain events between features. A feature publishes what happened; another reacts in its own
 * tables, without either importing the other. Handlers run synchronously, in the publisher's
 * transaction: a follow-up scheduled for a won deal commits (or rolls back) with the deal itself.
 * Subscriptions are made in constructors, at composition — nothing is wired after start.
 */
import type { DealSnapshot } from './ports';

export interface DomainEventMap {
  /** A deal's new state was applied (null: unknown before / deleted now). Inside the intake transaction. */
  dealChanged: { prev: DealSnapshot | null; next: DealSnapshot | null };
  /** People, departments and pipelines were (re)loaded from the portal. */
  directoryLoaded: Record<string, never>;
  /** A person deactivated in Bitrix24 left: their open work goes to `toId` (their supervisor). */
  personDeparted: { personId: number; toId: number };
  /** A deal was given to a manager (an assignment opened). Inside the intake transaction. */
  assignmentOpened: {
    assignmentId: number;
    dealId: number;
    managerId: number;
    assignedAt: number;
    title: string;
    contactId: number | null;
    companyId: number | null;
  };
  /** The manager took the deal: by a button, or by moving it on in the CRM. */
  assignmentClaimed: { assignmentId: number; at: number; via: string };
  /** An open assignment ended without a claim (re-assigned, lost, deleted, left the watched stages). */
  assignmentClosed: { assignmentId: number; at: number; reason: string };
  /** One level of the unclaimed chain fired. */
  assignmentEscalated: { assignmentId: number; level: number };
  /** A payment prompt was confirmed: announced at `announcedAt`, confirmed at `confirmedAt`. */
  paymentConfirmed: {
    promptId: number;
    managerId: number;
    dealId: number | null;
    announcedAt: number;
    confirmedAt: number;
  };
}

type Handler<K extends keyof DomainEventMap> = (e: DomainEventMap[K]) => void;

export class DomainEvents {
  private handlers: { [K in keyof DomainEventMap]?: Array<Handler<K>> } = {};

  on<K extends keyof DomainEventMap>(name: K, handler: Handler<K>): void {
    const list: Array<Handler<K>> = this.handlers[name] ?? [];
    list.push(handler);
    this.handlers[name] = list as (typeof this.handlers)[K];
  }

  /** Calls every handler in subscription order; a handler's throw propagates (and rolls back the caller's transaction). */
  emit<K extends keyof DomainEventMap>(name: K, e: DomainEventMap[K]): void {
    for (const h of this.handlers[name] ?? []) h(e);
  }
}
