import type { DeskContext } from '../kernel/context';
import type { InboundStore } from '../store/inbound';
import type { AlertBundleStore, AssignmentStore, DealStore } from './store';

/** Who is away, until when, and who stands in (deputy or supervisor): the people desk answers. */
export interface Absences {
  absence(personId: number): { until: number; standIn: number | null } | null;
  /** Who takes this person's new deals: their deputy if present, else their supervisor. */
  standIn(personId: number): number | null;
}

/** The deal desk's context: the shared one plus its own tables and the recorded CRM events. */
export interface DealsContext extends DeskContext {
  deals: DealStore;
  assignments: AssignmentStore;
  inbound: InboundStore;
  absences: Absences;
  /** Lists of alerts (issue 17); without it every alert is its own message. */
  bundles?: AlertBundleStore;
}
