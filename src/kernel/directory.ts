import type { Crm, Department, Person, Pipeline } from './ports';
import type { DomainEvents } from './events';

/**
 * The head of a manager's department; when that is empty or the manager themself, climb to the
 * parent department (Bitrix24's own rule for "my supervisor"). Pure.
 */
export function supervisorOf(
  managerId: number,
  people: ReadonlyMap<number, Person>,
  departments: ReadonlyMap<number, Department>,
): number | null {
  const manager = people.get(managerId);
  let deptId: number | null = manager?.departmentIds[0] ?? null;
  const seen = new Set<number>();
  while (deptId !== null && !seen.has(deptId)) {
    seen.add(deptId);
    const d = departments.get(deptId);
    if (!d) return null;
    if (d.headId && d.headId !== managerId && people.get(d.headId)?.active !== false) return d.headId;
    deptId = d.parentId;
  }
  return null;
}

/** Active colleagues from the manager's own department(s), for "re-assign to…". Pure. */
export function colleaguesOf(managerId: number, people: ReadonlyMap<number, Person>): Person[] {
  const depts = new Set(people.get(managerId)?.departmentIds ?? []);
  return [...people.values()]
    .filter((p) => p.active && p.id !== managerId && p.departmentIds.some((d) => depts.has(d)))
    .sort((a, b) => a.lastName.localeCompare(b.lastName, 'ru'));
}

/**
 * Cached people, departments and pipelines from the portal. They change rarely; a refresh every
 * `ttlMs` keeps the number of REST calls flat no matter how many deals arrive.
 */
export class Directory {
  private people = new Map<number, Person>();
  private departments = new Map<number, Department>();
  private pipelines = new Map<number, Pipeline>();
  /** Ids still unknown after a reload made for them: not worth another reload before the next one. */
  private missing = new Set<number>();
  private loadedAt = -Infinity;
  /** A load has succeeded since the start: the cache holds the portal's people as of then. */
  private everLoaded = false;
  private loading: Promise<void> | null = null;

  /** `events` hears `directoryLoaded` after every load (the people desk unlinks those deactivated meanwhile). */
  constructor(
    private readonly crm: Crm,
    private readonly events: DomainEvents | null = null,
    private readonly ttlMs = 3_600_000,
    private readonly nowReal: () => number = Date.now,
  ) {}

  async fresh(): Promise<this> {
    if (this.nowReal() - this.loadedAt < this.ttlMs) return this;
    this.loading ??= this.load().finally(() => (this.loading = null));
    await this.loading;
    return this;
  }

  /** A load has succeeded since the start (else the cache is empty: nobody is known yet). */
  get loaded(): boolean {
    return this.everLoaded;
  }

  /**
   * What the bot already knows, at once: a reload that is due is started but not waited for (a tap is
   * answered whatever the portal does). Its failure is `onError`'s; the next `fresh()` tries again.
   */
  cached(onError: (e: unknown) => void = () => {}): this {
    this.fresh().catch(onError);
    return this;
  }

  private async load(): Promise<void> {
    const [people, departments, pipelines] = [
      await this.crm.listPeople(),
      await this.crm.listDepartments(),
      await this.crm.listPipelines(),
    ];
    this.people = new Map(people.map((p) => [p.id, p]));
    this.departments = new Map(departments.map((d) => [d.id, d]));
    this.pipelines = new Map(pipelines.map((p) => [p.id, p]));
    this.missing.clear();
    this.loadedAt = this.nowReal();
    this.everLoaded = true;
    this.events?.emit('directoryLoaded', {});
  }

  /** Forces the next `fresh()` to reload. */
  invalidate(): void {
    this.loadedAt = -Infinity;
  }

  /**
   * Reloads once when a user id we have never seen appears (a newcomer). An id still unknown after
   * that reload (a user the webhook cannot see) does not trigger another one until the next load.
   */
  async knowAbout(ids: number[]): Promise<void> {
    const unknown = ids.filter((id) => !this.people.has(id) && !this.missing.has(id));
    if (unknown.length === 0) return;
    this.invalidate();
    await this.fresh();
    for (const id of unknown) if (!this.people.has(id)) this.missing.add(id);
  }

  /**
   * One person read afresh (a dismissal seen before the next load): the cache takes it and the
   * listeners of `directoryLoaded` hear it (the people desk unlinks a deactivated person at once).
   */
  update(p: Person): void {
    this.people.set(p.id, p);
    this.events?.emit('directoryLoaded', {});
  }

  person(id: number): Person | undefined {
    return this.people.get(id);
  }
  allPeople(): Person[] {
    return [...this.people.values()];
  }
  supervisorOf(managerId: number): number | null {
    return supervisorOf(managerId, this.people, this.departments);
  }
  colleaguesOf(managerId: number): Person[] {
    return colleaguesOf(managerId, this.people);
  }
  department(id: number): Department | undefined {
    return this.departments.get(id);
  }
  pipeline(id: number): Pipeline | undefined {
    return this.pipelines.get(id);
  }
  allPipelines(): Pipeline[] {
    return [...this.pipelines.values()];
  }
  stageName(categoryId: number, stageId: string): string {
    return this.pipelines.get(categoryId)?.stages.find((s) => s.id === stageId)?.name ?? stageId;
  }
  successStages(): Set<string> {
    return new Set(
      [...this.pipelines.values()].flatMap((p) => p.stages.filter((s) => s.semantics === 'S').map((s) => s.id)),
    );
  }
  failureStages(): Set<string> {
    return new Set(
      [...this.pipelines.values()].flatMap((p) => p.stages.filter((s) => s.semantics === 'F').map((s) => s.id)),
    );
  }
}
