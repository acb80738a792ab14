/** The Crm port over Bitrix24 REST: field mapping and call shapes live here and nowhere else. */
import { type BatchCommand, type BatchResult, type BitrixClient, BitrixError, bitrixDateTime } from './client';
import {
  DETAILED_BATCH,
  type DealsWithDetails,
  type Crm,
  type DealSnapshot,
  type Client,
  type Pipeline,
  type Person,
  type Department,
  type ActivityOwner,
  type ActivityRecord,
} from '../../kernel/ports';
import { phoneDigits, readPhoneField, type PhoneField } from '../../kernel/phones';
import { commentsToPlainText, escapeBbCode } from './bbcode';

type Raw = Record<string, unknown>;

const DEAL_FIELDS = [
  'ID',
  'TITLE',
  'CATEGORY_ID',
  'STAGE_ID',
  'ASSIGNED_BY_ID',
  'CONTACT_ID',
  'COMPANY_ID',
  'OPPORTUNITY',
  'CURRENCY_ID',
  'COMMENTS',
  'DATE_MODIFY',
  // crm-deal-fields.md: who moved the stage (MOVED_BY_ID) or changed the deal (MODIFY_BY_ID), read-only.
  'MOVED_BY_ID',
  'MODIFY_BY_ID',
];

/** What a card shows of a contact and a company; PHONE, a multiple field, only comes when named (crm-contact-list.md). */
const CONTACT_FIELDS = ['ID', 'NAME', 'LAST_NAME', 'PHONE'];
const COMPANY_FIELDS = ['ID', 'TITLE', 'PHONE'];

const ACTIVITY_FIELDS = [
  'ID',
  'OWNER_TYPE_ID',
  'OWNER_ID',
  'TYPE_ID',
  'DIRECTION',
  'COMPLETED',
  'PROVIDER_ID',
  'RESPONSIBLE_ID',
  'CREATED',
  'LAST_UPDATED',
];

const num = (v: unknown): number | null => {
  const n = Number(v);
  return v === null || v === undefined || v === '' || !Number.isFinite(n) || n === 0 ? null : n;
};
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Bitrix24 keeps phones as multifields: [{VALUE, VALUE_TYPE}]. Prefer a mobile, then work. */
function firstPhone(v: unknown): PhoneField | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const phones = v as Array<{ VALUE?: string; VALUE_TYPE?: string }>;
  const pick =
    phones.find((p) => p.VALUE_TYPE === 'MOBILE') ?? phones.find((p) => p.VALUE_TYPE === 'WORK') ?? phones[0];
  if (!pick?.VALUE) return null;
  const field = readPhoneField(pick.VALUE);
  // No number in it («звонить после 18»): shown as written, never glued into digits.
  return field.main ? field : { main: pick.VALUE.trim(), extension: null, others: [] };
}

const isNotFound = (e: { error?: string; error_description?: string }) =>
  /not found|не найден/i.test(`${e.error ?? ''} ${e.error_description ?? ''}`);

/** `written` is asked only when the timeline has to be looked at: it scans the outbox. */
type CommentOptions = { mayExist?: boolean; written?: () => number };

export class BitrixCrm implements Crm {
  constructor(
    private readonly client: BitrixClient,
    /** zone: the portal's (working-hours) zone, for the `±hh:mm` of every date-time sent (data-types.md). */
    private readonly opts: { addressField?: string; zone?: string } = {},
  ) {}

  get portalUrl(): string {
    return this.client.portalUrl;
  }

  whenReady(): Promise<void> {
    return this.client.whenReady();
  }

  private toDeal(r: Raw): DealSnapshot {
    const addr = this.opts.addressField ? addressText(r[this.opts.addressField]) : '';
    return {
      id: Number(r.ID),
      title: str(r.TITLE),
      categoryId: Number(r.CATEGORY_ID ?? 0),
      stageId: str(r.STAGE_ID),
      assignedById: Number(r.ASSIGNED_BY_ID ?? 0),
      contactId: num(r.CONTACT_ID),
      companyId: num(r.COMPANY_ID),
      amount: Number(r.OPPORTUNITY ?? 0) || 0,
      currency: str(r.CURRENCY_ID) || 'RUB',
      // crm-deal-add.md: COMMENTS supports BB codes; a card shows the text only.
      comment: commentsToPlainText(str(r.COMMENTS)),
      address: addr || null,
      dateModify: r.DATE_MODIFY ? str(r.DATE_MODIFY) : null,
      movedById: num(r.MOVED_BY_ID) ?? num(r.MODIFY_BY_ID),
    };
  }

  private get dealSelect(): string[] {
    return this.opts.addressField ? [...DEAL_FIELDS, this.opts.addressField] : DEAL_FIELDS;
  }

  /**
   * Many deals in one command each 50: crm.deal.list filtered by `@ID` (IN, an array) returns them
   * in one page of up to 50 (crm/deals/crm-deal-list.md: prefix `@`, "the page size … always 50").
   * A deal the portal does not have is absent from the page (no error to tell apart from "not
   * found"); a command's failure (rights, limits) must be retried, not guessed: thrown.
   */
  async getDeals(ids: number[]): Promise<Map<number, DealSnapshot>> {
    const out = new Map<number, DealSnapshot>();
    if (ids.length === 0) return out;
    const pages = inPages(ids);
    const res = await this.client.batch(
      Object.fromEntries(pages.map((page, i) => [`d_${i}`, this.dealListCommand(page)])),
    );
    const wanted = new Set(ids);
    for (const [i] of pages.entries())
      for (const row of listPage(res, `d_${i}`, true)) {
        const deal = this.toDeal(row);
        if (wanted.has(deal.id)) out.set(deal.id, deal);
      }
    return out;
  }

  private dealListCommand(ids: number[]): BatchCommand {
    return {
      method: 'crm.deal.list',
      params: { filter: { '@ID': ids }, select: this.dealSelect, order: { ID: 'ASC' } },
    };
  }

  async listDealsChangedSince(since: Date, opts: { maxItems?: number } = {}): Promise<DealSnapshot[]> {
    const rows = await this.client.listAll<Raw>(
      'crm.deal.list',
      {
        filter: { '>=DATE_MODIFY': bitrixDateTime(since, this.opts.zone) },
        select: this.dealSelect,
        order: { DATE_MODIFY: 'ASC', ID: 'ASC' },
      },
      opts,
    );
    return rows.map((r) => this.toDeal(r));
  }

  /**
   * Deals with their clients and assignees in one request: the portal's pace is 2 requests a second,
   * and a second and third call per chunk each wait a slot. The dependent commands take the deal's
   * fields with `$result[d<id>][FIELD]` (settings/how-to-call-rest-api/batch.md); a deal without a
   * contact or company makes that command fail inside the batch, which is no error of the read (the
   * client is then built from what was read). At most 50 commands: 4 per deal, so 12 deals.
   */
  async getDealsWithDetails(ids: number[]): Promise<DealsWithDetails> {
    const out: DealsWithDetails = { deals: new Map(), clients: new Map(), people: new Map() };
    if (ids.length === 0) return out;
    if (ids.length > DETAILED_BATCH) throw new Error(`getDealsWithDetails: at most ${DETAILED_BATCH} deals`);
    const cmds: Record<string, { method: string; params: Record<string, unknown> }> = {};
    for (const id of ids) {
      cmds[`d${id}`] = { method: 'crm.deal.get', params: { id } };
      cmds[`c${id}`] = { method: 'crm.contact.get', params: { id: `$result[d${id}][CONTACT_ID]` } };
      cmds[`co${id}`] = { method: 'crm.company.get', params: { id: `$result[d${id}][COMPANY_ID]` } };
      // user/user-get.md: by ID, dismissed users included (as readPerson).
      cmds[`u${id}`] = { method: 'user.get', params: { FILTER: { ID: `$result[d${id}][ASSIGNED_BY_ID]` } } };
    }
    const res = await this.client.batch(cmds);
    for (const id of ids) {
      const r = batchDeal(res, id);
      if (!r) continue;
      const deal = this.toDeal(r);
      out.deals.set(id, deal);
      const c = res.result[`c${id}`] as Raw | undefined;
      const co = res.result[`co${id}`] as Raw | undefined;
      // Only what was read (or not needed) makes a client; otherwise the caller reads it anew.
      if ((!deal.contactId || c) && (!deal.companyId || co)) out.clients.set(id, clientOf(c, co));
      const users = res.result[`u${id}`];
      if (Array.isArray(users)) {
        const row = (users as Raw[]).find((u) => Number(u.ID) === deal.assignedById);
        out.people.set(deal.assignedById, row ? toPerson(row) : null);
      }
    }
    return out;
  }

  async getClients(deals: DealSnapshot[]): Promise<Map<number, Client>> {
    return (await this.getClientsAndPeople(deals, [])).clients;
  }

  /**
   * Clients of deals (contact, company) and people read afresh (user.get by ID, as readPerson) in one
   * request for up to 50 deals: one list command each for contacts, companies and people, filtered by
   * `@ID` (crm/contacts/crm-contact-list.md, crm/companies/crm-company-list.md, user/user-get.md: "`@`
   * — IN (an array is passed as a value)"; pages of 50), not a get apiece — a batch holds 50 commands
   * and every further request waits a slot of the portal's pace. PHONE is a multiple field: it comes
   * only when selected by name (crm-contact-list.md). A contact or company the list does not return
   * leaves the client built from what was read; a list command that failed, too (the card goes out
   * with what was read). A person the list did not answer for is absent: the caller reads them alone.
   */
  async getClientsAndPeople(
    deals: DealSnapshot[],
    userIds: number[],
  ): Promise<{ clients: Map<number, Client>; people: Map<number, Person | null> }> {
    const contactIds = [...new Set(deals.flatMap((d) => (d.contactId ? [d.contactId] : [])))];
    const companyIds = [...new Set(deals.flatMap((d) => (d.companyId ? [d.companyId] : [])))];
    const users = [...new Set(userIds)];
    const contactPages = inPages(contactIds);
    const companyPages = inPages(companyIds);
    const userPages = inPages(users);
    const cmds: Record<string, BatchCommand> = {};
    for (const [i, page] of contactPages.entries())
      cmds[`c_${i}`] = { method: 'crm.contact.list', params: { filter: { '@ID': page }, select: CONTACT_FIELDS } };
    for (const [i, page] of companyPages.entries())
      cmds[`co_${i}`] = { method: 'crm.company.list', params: { filter: { '@ID': page }, select: COMPANY_FIELDS } };
    // user/user-get.md: without `ACTIVE` in the filter dismissed users are returned too.
    for (const [i, page] of userPages.entries())
      cmds[`u_${i}`] = { method: 'user.get', params: { FILTER: { '@ID': page } } };
    const res: BatchResult = Object.keys(cmds).length
      ? await this.client.batch(cmds)
      : { result: {}, errors: {}, total: {}, next: {} };
    const contacts = byId(contactPages.flatMap((_, i) => listPage(res, `c_${i}`, false)));
    const companies = byId(companyPages.flatMap((_, i) => listPage(res, `co_${i}`, false)));
    const clients = new Map<number, Client>();
    for (const d of deals) {
      const c = d.contactId ? contacts.get(d.contactId) : undefined;
      const co = d.companyId ? companies.get(d.companyId) : undefined;
      clients.set(d.id, clientOf(c, co));
    }
    const people = new Map<number, Person | null>();
    for (const [i, page] of userPages.entries()) {
      const rows = res.result[`u_${i}`];
      if (!Array.isArray(rows)) continue; // not answered: the caller reads them on their own
      const found = byId(rows as Raw[]);
      for (const id of page) {
        const row = found.get(id);
        people.set(id, row ? toPerson(row) : null);
      }
    }
    return { clients, people };
  }

  async listPipelines(): Promise<Pipeline[]> {
    // crm-category-list.md: one page is at most 50 pipelines; `next` pages on.
    const cats = await this.client.listAll<{ id: number | string; name: string }>('crm.category.list', {
      entityTypeId: 2,
    });
    const list = cats.map((c) => ({ id: Number(c.id), name: c.name }));
    if (!list.some((c) => c.id === 0)) list.unshift({ id: 0, name: 'Общая' });
    const cmds = Object.fromEntries(
      list.map((c) => [
        `s${c.id}`,
        {
          method: 'crm.status.list',
          params: { filter: { ENTITY_ID: c.id === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${c.id}` }, order: { SORT: 'ASC' } },
        },
      ]),
    );
    const res = await this.client.batch(cmds);
    // A batch answers each command with its first page only (crm-status-list.md: "a single page (max
    // 50 records)"; batch.md: `result_next`): a pipeline past 50 stages reads the rest on its own.
    const rows = new Map<number, Raw[]>();
    for (const c of list) {
      const key = `s${c.id}`;
      const first = (res.result[key] as Raw[] | undefined) ?? [];
      const next = res.next[key];
      const rest = next ? await this.client.listAll<Raw>('crm.status.list', { ...cmds[key]?.params, start: next }) : [];
      rows.set(c.id, [...first, ...rest]);
    }
    return list.map((c) => ({
      ...c,
      stages: (rows.get(c.id) ?? []).map((s) => ({
        id: str(s.STATUS_ID),
        name: str(s.NAME),
        semantics: s.SEMANTICS === 'S' || s.SEMANTICS === 'F' ? s.SEMANTICS : null,
      })),
    }));
  }

  async listPeople(): Promise<Person[]> {
    const rows = await this.client.listAll<Raw>('user.get', {});
    return rows.map(toPerson);
  }

  /** user/user-get.md: filtered by ID; without `ACTIVE` in the filter dismissed users are returned too. */
  async readPerson(id: number): Promise<Person | null> {
    const rows = await this.client.call<Raw[]>('user.get', { FILTER: { ID: id } });
    const row = Array.isArray(rows) ? rows.find((u) => Number(u.ID) === id) : undefined;
    return row ? toPerson(row) : null;
  }

  async listDepartments(): Promise<Department[]> {
    const rows = await this.client.listAll<Raw>('department.get', {});
    return rows.map((d) => ({ id: Number(d.ID), name: str(d.NAME), parentId: num(d.PARENT), headId: num(d.UF_HEAD) }));
  }

  async addDealComment(dealId: number, text: string, opts: CommentOptions = {}): Promise<void> {
    return this.addComment('deal', dealId, text, opts);
  }

  /**
   * Whether this comment is in the timeline beyond the `written` identical ones the bot already
   * knows it wrote: two escalations of a deal may read word for word the same.
   */
  private async hasComment(
    entity: 'deal' | 'contact' | 'company',
    id: number,
    text: string,
    written: () => number,
  ): Promise<boolean> {
    const existing = await this.client.listAll<Raw>('crm.timeline.comment.list', {
      filter: { ENTITY_ID: id, ENTITY_TYPE: entity },
      select: ['ID', 'COMMENT'],
    });
    return existing.filter((c) => str(c.COMMENT) === text).length > written();
  }

  async addComment(
    entity: 'deal' | 'contact' | 'company',
    id: number,
    text: string,
    opts: CommentOptions = {},
  ): Promise<void> {
    const written = opts.written ?? (() => 0);
    // Our comments hold no markup; whatever user data they quote (a message, a payer's name) stays
    // text. crm-timeline-comment-add.md is silent on BB codes; undocumented: assumed the timeline
    // renders them as the messenger does (message-formatting.md).
    const comment = escapeBbCode(text);
    // An earlier attempt may have landed before the bot died: look before writing it again.
    if (opts.mayExist && (await this.hasComment(entity, id, comment, written))) return;
    try {
      await this.client.call(
        'crm.timeline.comment.add',
        { fields: { ENTITY_ID: id, ENTITY_TYPE: entity, COMMENT: comment } },
        { idempotent: false },
      );
    } catch (e) {
      if (!(e instanceof BitrixError) || e.code !== 'NETWORK_UNCERTAIN') throw e;
      // The add may have happened: look before writing it again.
      if (await this.hasComment(entity, id, comment, written)) return;
      throw new BitrixError('timeline comment not written; will retry', 'NETWORK', 0);
    }
  }

  async countWonDeals(q: {
    contactId: number | null;
    companyId: number | null;
    excludeDealId: number;
  }): Promise<number> {
    let n = 0;
    for (const [field, value] of [
      ['CONTACT_ID', q.contactId],
      ['COMPANY_ID', q.companyId],
    ] as const) {
      if (!value) continue;
      const rows = await this.client.listAll<Raw>(
        'crm.deal.list',
        { filter: { [field]: value, STAGE_SEMANTIC_ID: 'S', '!ID': q.excludeDealId }, select: ['ID'] },
        { maxItems: 1 },
      );
      n += rows.length;
    }
    return n;
  }

  async addTodo(t: {
    ownerTypeId: number;
    ownerId: number;
    deadline: Date;
    title: string;
    description: string;
    responsibleId: number;
  }): Promise<number> {
    const res = await this.client.call<unknown>(
      'crm.activity.todo.add',
      {
        ...t,
        // A client's or a deal's name stays text (undocumented: assumed rendered like a comment).
        title: escapeBbCode(t.title),
        description: escapeBbCode(t.description),
        deadline: bitrixDateTime(t.deadline, this.opts.zone),
        pingOffsets: [0],
      },
      { idempotent: false },
    );
    const id = typeof res === 'object' && res !== null ? Number((res as Raw).id ?? (res as Raw).ID) : Number(res);
    if (!Number.isFinite(id) || id <= 0)
      throw new BitrixError('crm.activity.todo.add returned no id', 'BAD_RESPONSE', 200);
    return id;
  }

  async getActivity(id: number): Promise<{ completed: boolean; deadline: Date | null } | null> {
    try {
      const a = await this.client.call<Raw>('crm.activity.get', { id });
      const deadline = a.DEADLINE ? new Date(str(a.DEADLINE)) : null;
      return {
        completed: a.COMPLETED === 'Y' || a.COMPLETED === true,
        deadline: deadline && !Number.isNaN(deadline.getTime()) ? deadline : null,
      };
    } catch (e) {
      if (e instanceof BitrixError && /NOT_FOUND/.test(e.code)) return null;
      throw e;
    }
  }

  async moveTodo(id: number, ownerTypeId: number, ownerId: number, deadline: Date): Promise<void> {
    await this.client.call('crm.activity.todo.updateDeadline', {
      id,
      ownerTypeId,
      ownerId,
      value: bitrixDateTime(deadline, this.opts.zone),
    });
  }

  /**
   * crm-activity-update.md marks crm.activity.update DEPRECATED ("use crm.activity.todo.update"),
   * but crm-activity-todo-update.md has no completion field and no other page completes a to-do:
   * COMPLETED=Y through crm.activity.update remains the only documented way (checked in
   * b24restdocs, api-reference/crm/timeline/activities/*). Revisit when a todo method gains it.
   */
  async completeActivity(id: number): Promise<void> {
    await this.client.call('crm.activity.update', { id, fields: { COMPLETED: 'Y' } });
  }

  async updateDeal(dealId: number, fields: { stageId?: string; assignedById?: number }): Promise<void> {
    const f: Raw = {};
    if (fields.stageId) f.STAGE_ID = fields.stageId;
    if (fields.assignedById) f.ASSIGNED_BY_ID = fields.assignedById;
    await this.client.call('crm.deal.update', { id: dealId, fields: f });
  }

  async notifyUser(userId: number, text: string): Promise<void> {
    await this.client.call('im.notify.personal.add', { USER_ID: userId, MESSAGE: text }, { idempotent: false });
  }

  async ping(): Promise<{ userId: number | null }> {
    const p = await this.client.call<Raw>('profile');
    return { userId: num(p.ID) };
  }

  /**
   * crm.activity.list per owner, all in one `batch` (api-reference/crm/timeline/activities/activity-base/crm-activity-list.md):
   * filter by OWNER_TYPE_ID + OWNER_ID and `>=LAST_UPDATED` (a call made or a to-do ticked off since),
   * the first page (50, oldest first) of each — the earliest contact is what the clock needs. Fields:
   * crm-activity-fields.md (TYPE_ID, DIRECTION, COMPLETED, PROVIDER_ID, CREATED, LAST_UPDATED).
   * The push alternative, ONCRMACTIVITYADD (timeline/activities/events/on-crm-activity-add.md), carries
   * only the activity id and is not resent when missed: the sweep polls instead.
   */
  async listActivitiesSince(owners: ActivityOwner[], since: Date): Promise<ActivityRecord[]> {
    if (owners.length === 0) return [];
    const cmds = Object.fromEntries(
      owners.map((o) => [
        `a${o.ownerTypeId}_${o.ownerId}`,
        {
          method: 'crm.activity.list',
          params: {
            filter: {
              OWNER_TYPE_ID: o.ownerTypeId,
              OWNER_ID: o.ownerId,
              '>=LAST_UPDATED': bitrixDateTime(since, this.opts.zone),
            },
            select: ACTIVITY_FIELDS,
            order: { CREATED: 'ASC', ID: 'ASC' },
          },
        },
      ]),
    );
    const res = await this.client.batch(cmds);
    const out: ActivityRecord[] = [];
    for (const [key, err] of Object.entries(res.errors))
      throw new BitrixError(
        `crm.activity.list failed (${key}): ${err.error_description || err.error}`,
        err.error || 'BATCH_ERROR',
        200,
      );
    for (const rows of Object.values(res.result)) {
      if (!Array.isArray(rows)) continue;
      for (const r of rows as Raw[])
        out.push({
          id: Number(r.ID),
          ownerTypeId: Number(r.OWNER_TYPE_ID),
          ownerId: Number(r.OWNER_ID),
          typeId: Number(r.TYPE_ID ?? 0),
          direction: Number(r.DIRECTION ?? 0),
          completed: r.COMPLETED === 'Y',
          providerId: str(r.PROVIDER_ID),
          responsibleId: Number(r.RESPONSIBLE_ID ?? 0),
          created: new Date(str(r.CREATED)),
          lastUpdated: new Date(str(r.LAST_UPDATED || r.CREATED)),
        });
    }
    return out;
  }
}

/**
 * The address a deal's address field holds, as text. A user field of type `address` keeps one line
 * with the address and its LATITUDE, LONGITUDE and LOC_ADDR_ID (crm/data-types.md#crm_user_field_address;
 * Bitrix24 writes it `<address>|<lat>;<lng>|<id>`): only the address is shown. A string field is
 * taken as written; a multiple field's values are joined.
 */
export function addressText(v: unknown): string {
  if (Array.isArray(v)) return v.map(addressText).filter(Boolean).join('; ');
  const line = str(v).trim();
  const m = /^([\s\S]*?)\|-?\d{1,3}(?:\.\d+)?;-?\d{1,3}(?:\.\d+)?(?:\|\d*)?$/.exec(line);
  return (m ? (m[1] ?? '') : line).trim();
}

function toPerson(u: Raw): Person {
  return {
    id: Number(u.ID),
    name: str(u.NAME),
    lastName: str(u.LAST_NAME),
    active: u.ACTIVE === true || u.ACTIVE === 'Y' || u.ACTIVE === '1',
    departmentIds: Array.isArray(u.UF_DEPARTMENT) ? (u.UF_DEPARTMENT as unknown[]).map(Number) : [],
    phones: [u.PERSONAL_MOBILE, u.WORK_PHONE, u.PERSONAL_PHONE]
      .map((v) => phoneDigits(str(v)))
      .filter((d) => d.length >= 10),
    email: str(u.EMAIL).toLowerCase(),
    // user/user-get.md returns PERSONAL_GENDER; common/users/profile.md: `M`, `F`, or "" when not specified.
    ...(u.PERSONAL_GENDER === 'M' || u.PERSONAL_GENDER === 'F' ? { gender: u.PERSONAL_GENDER } : {}),
  };
}

/** A list method's page: 50 records (crm-deal-list.md, crm-contact-list.md, user-get.md). */
const LIST_PAGE = 50;

/** Ids in runs of one list page each (a longer `@ID` filter would need a second page). */
function inPages(ids: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += LIST_PAGE) out.push(ids.slice(i, i + LIST_PAGE));
  return out;
}

/**
 * The rows of a list command in a batch answer. A failed command throws when `must` (deals: rights,
 * limits — retried, never taken for "no such deal"); otherwise it reads as no rows.
 */
function listPage(res: BatchResult, key: string, must: boolean): Raw[] {
  const rows = res.result[key];
  if (Array.isArray(rows)) return rows as Raw[];
  const err = res.errors[key];
  if (must)
    throw new BitrixError(
      `crm.deal.list failed (${key}): ${err ? err.error_description || err.error : 'no answer'}`,
      err?.error || 'BATCH_ERROR',
      200,
    );
  return [];
}

const byId = (rows: Raw[]): Map<number, Raw> => new Map(rows.map((r) => [Number(r.ID), r]));

/**
 * The deal `d<id>` of a batch answer; undefined when the portal has no such deal. A deleted deal is
 * an answer; anything else (rights, limits) must be retried, not guessed: thrown.
 */
function batchDeal(res: BatchResult, id: number): Raw | undefined {
  const r = res.result[`d${id}`] as Raw | undefined;
  if (r) return r;
  const err = res.errors[`d${id}`];
  if (err && !isNotFound(err))
    throw new BitrixError(
      `crm.deal.get failed for deal ${id}: ${err.error_description || err.error}`,
      err.error || 'BATCH_ERROR',
      200,
    );
  return undefined;
}

/** A card's client from the contact and company as read (either may be absent). */
function clientOf(c: Raw | undefined, co: Raw | undefined): Client {
  const name = c ? [str(c.NAME), str(c.LAST_NAME)].filter(Boolean).join(' ') || null : null;
  const phone = firstPhone(c?.PHONE) ?? firstPhone(co?.PHONE);
  return {
    name,
    phone: phone?.main ?? null,
    phoneExtension: phone?.extension ?? null,
    otherPhones: phone?.others ?? [],
    company: co ? str(co.TITLE) || null : null,
  };
}
