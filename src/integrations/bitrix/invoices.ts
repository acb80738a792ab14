/**
 * The InvoiceCrm port over Bitrix24 REST. Two APIs hold invoices:
 * - smart (new) invoices: crm.item.* with entityTypeId 31, camelCase fields, stages per category in
 *   crm.status.list `SMART_INVOICE_STAGE_{categoryId}` (success/failure by SEMANTICS);
 * - legacy invoices: crm.invoice.* (deprecated), UPPER_CASE string fields, STATUS_ID N/S/P/D.
 * Which one a portal uses is configured or detected once.
 */
import type { Invoice, InvoiceCrm } from '../../kernel/ports';
import { type BitrixClient, BitrixError } from './client';
import { type FieldDescription, type ResolvedFields, resolveFieldNames } from './invoice-fields';

type Raw = Record<string, unknown>;
type Kind = 'smart' | 'legacy';

const SMART = 31;
const SMART_SELECT = [
  'id',
  'title',
  'accountNumber',
  'opportunity',
  'currencyId',
  'stageId',
  'categoryId',
  'parentId2',
  'companyId',
  'contactId',
  'assignedById',
];
/** crm.invoice.fields names the currency CURRENCY; the list example selects CURRENCY_ID: ask for both. */
const LEGACY_SELECT = [
  'ID',
  'ACCOUNT_NUMBER',
  'ORDER_TOPIC',
  'PRICE',
  'CURRENCY',
  'CURRENCY_ID',
  'STATUS_ID',
  'UF_DEAL_ID',
  'UF_COMPANY_ID',
  'UF_CONTACT_ID',
  'RESPONSIBLE_ID',
];
const LEGACY_PAID = 'P';
const LEGACY_NEW = 'N';
const LEGACY_CLOSED = ['P', 'D'];
const DEFAULT_LIMIT = 200;
/** How a portal without new invoices refuses crm.item.list for 31 (crm-item-list.md, universal/invoice.md). */
const NO_SMART = ['NOT_FOUND', 'ERROR_NOT_FOUND', 'ENTITY_TYPE_NOT_SUPPORTED', 'ERROR_METHOD_NOT_FOUND'];
const SEARCH_MAX = 200;

const idOrNull = (v: unknown): number | null => {
  const n = Number(v);
  return v === null || v === undefined || v === '' || !Number.isFinite(n) || n <= 0 ? null : n;
};
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const isObj = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
/** crm.item.* answers "not found" with NOT_FOUND; legacy crm.* with an empty code (the client names it ERROR_NOT_FOUND). */
const isNotFound = (e: unknown) => e instanceof BitrixError && (e.code === 'NOT_FOUND' || e.code === 'ERROR_NOT_FOUND');

interface StageInfo {
  /** The first stage by SORT: the only one in which an invoice may still be corrected. */
  first: string | null;
  success: string[];
  failure: string[];
}

export class BitrixInvoices implements InvoiceCrm {
  private kind: Promise<{ kind: Kind; why: string }> | null = null;
  private readonly stages = new Map<number, Promise<StageInfo>>();
  private categories: Promise<number[]> | null = null;
  private readonly fieldKeys = new Map<Kind, Promise<ResolvedFields>>();

  constructor(
    private readonly client: BitrixClient,
    private readonly opts: {
      kind?: Kind | 'auto' /** Fields read into Invoice.fields (payments.requiredInvoiceFields). */;
      fields?: string[];
    } = {},
  ) {}

  private get extraFields(): string[] {
    return this.opts.fields ?? [];
  }

  /**
   * The required fields (opts.fields) as this kind's rows carry them, and those the portal does not
   * have (invoice-fields.ts). Asked once per kind; a failed call decides nothing and is asked again.
   */
  requiredFields(kind: Kind): Promise<ResolvedFields> {
    if (this.extraFields.length === 0) return Promise.resolve({ keys: new Map(), unknown: [], custom: [] });
    let p = this.fieldKeys.get(kind);
    if (!p) {
      p = (
        kind === 'smart'
          ? this.client
              .call<{ fields?: Record<string, FieldDescription> }>('crm.item.fields', { entityTypeId: SMART })
              .then((r) => (isObj(r) && isObj(r.fields) ? (r.fields as Record<string, FieldDescription>) : {}))
          : this.client
              .call<Record<string, FieldDescription>>('crm.invoice.fields', {})
              .then((r) => (isObj(r) ? (r as Record<string, FieldDescription>) : {}))
      )
        .then((described) => resolveFieldNames(this.extraFields, described))
        .catch((e: unknown) => {
          this.fieldKeys.delete(kind);
          throw e;
        });
      this.fieldKeys.set(kind, p);
    }
    return p;
  }

  invoiceKind(): Promise<Kind> {
    return this.invoiceKindWithReason().then((r) => r.kind);
  }

  /** The kind in use and why (doctor prints it). */
  invoiceKindWithReason(): Promise<{ kind: Kind; why: string }> {
    const configured = this.opts.kind ?? 'auto';
    if (configured !== 'auto') return Promise.resolve({ kind: configured, why: 'set in rules (payments.invoiceKind)' });
    this.kind ??= this.detect().catch((e: unknown) => {
      this.kind = null; // a network failure decides nothing: ask again next time
      throw e;
    });
    return this.kind;
  }

  /**
   * Where the portal's invoices actually are. crm.item.list for type 31 answers on almost every
   * portal, also where invoices are still the old kind (universal/invoice.md), so that it answers
   * proves nothing: the newest invoice of each kind decides. A portal without type 31 answers
   * crm.item.list with 400 NOT_FOUND "SPA not found" (crm-item-list.md).
   */
  private async detect(): Promise<{ kind: Kind; why: string }> {
    let smart: { at: number } | null | 'none' = null;
    try {
      const r = await this.client.call<{ items?: Array<Record<string, unknown>> }>('crm.item.list', {
        entityTypeId: SMART,
        select: ['id', 'createdTime'],
        order: { id: 'DESC' },
        start: -1,
      });
      const first = r?.items?.[0];
      smart = first ? { at: Date.parse(String(first.createdTime ?? '')) || 0 } : null;
    } catch (e) {
      // Rights, limits and network failures are not an answer: only "no such type / method" is.
      if (!(e instanceof BitrixError && NO_SMART.includes(e.code))) throw e;
      smart = 'none';
    }
    if (smart === 'none') return { kind: 'legacy', why: 'the portal has no smart invoices (crm.item type 31)' };
    let legacy: { at: number } | null = null;
    try {
      const rows = await this.client.call<Array<Record<string, unknown>>>('crm.invoice.list', {
        select: ['ID', 'DATE_INSERT'],
        order: { ID: 'DESC' },
        start: -1,
      });
      const first = Array.isArray(rows) ? rows[0] : undefined;
      legacy = first ? { at: Date.parse(String(first.DATE_INSERT ?? '')) || 0 } : null;
    } catch (e) {
      if (!(e instanceof BitrixError && NO_SMART.includes(e.code))) throw e;
    }
    if (smart && !legacy) return { kind: 'smart', why: 'invoices are smart invoices (crm.item type 31); no old ones' };
    if (legacy && !smart)
      return { kind: 'legacy', why: 'invoices are the old kind (crm.invoice); there are no smart invoices' };
    if (smart && legacy)
      return smart.at >= legacy.at
        ? { kind: 'smart', why: 'both kinds exist; the newest invoice is a smart invoice' }
        : { kind: 'legacy', why: 'both kinds exist; the newest invoice is an old one (crm.invoice)' };
    return { kind: 'smart', why: 'no invoices yet; smart invoices are available (crm.item type 31)' };
  }

  async searchInvoicesByNumber(fragment: string): Promise<Invoice[]> {
    const f = fragment.trim();
    if (!f) return [];
    if ((await this.invoiceKind()) === 'smart') return this.smartList({ '%accountNumber': f }, SEARCH_MAX);
    return this.legacyList({ '%ACCOUNT_NUMBER': f }, SEARCH_MAX);
  }

  async listUnpaidInvoices(opts: { companyIds?: number[]; dealIds?: number[]; limit?: number }): Promise<Invoice[]> {
    const limit = opts.limit ?? DEFAULT_LIMIT;
    const companyIds = opts.companyIds ? [...new Set(opts.companyIds)] : undefined;
    const dealIds = opts.dealIds ? [...new Set(opts.dealIds)] : undefined;
    if ((companyIds && companyIds.length === 0) || (dealIds && dealIds.length === 0) || limit <= 0) return [];
    if ((await this.invoiceKind()) === 'smart') {
      const closed: string[] = [];
      for (const cat of await this.smartCategories()) {
        const s = await this.stagesOf(cat);
        closed.push(...s.success, ...s.failure);
      }
      const filter: Raw = {};
      if (closed.length) filter['!@stageId'] = closed;
      if (companyIds) filter['@companyId'] = companyIds;
      // A smart invoice's deal is its parent of type 2 (crm.item.list: parentId2).
      if (dealIds) filter['@parentId2'] = dealIds;
      return this.smartList(filter, limit);
    }
    const filter: Raw = { '!STATUS_ID': LEGACY_CLOSED };
    // Legacy list filters read an array value as IN.
    if (companyIds) filter.UF_COMPANY_ID = companyIds;
    if (dealIds) filter.UF_DEAL_ID = dealIds;
    return this.legacyList(filter, limit);
  }

  async findCompaniesByInn(inn: string): Promise<number[]> {
    const q = inn.trim();
    if (!q) return [];
    const rows = await this.client.listAll<Raw>('crm.requisite.list', {
      filter: { RQ_INN: q, ENTITY_TYPE_ID: 4 },
      select: ['ID', 'ENTITY_ID'],
    });
    return [...new Set(rows.map((r) => idOrNull(r.ENTITY_ID)).filter((n): n is number => n !== null))];
  }

  async findCompaniesByTitle(fragment: string): Promise<Array<{ id: number; title: string }>> {
    const q = fragment.trim();
    if (!q) return [];
    // `%` is LIKE, a substring anywhere (crm/companies/crm-company-list.md); the docs do not say it
    // ignores case, so the fragment is asked as written («СтройД», inner capitals kept), in lower case,
    // capitalised and in capitals («ЭЛЕКСИС ООО»).
    const lower = q.toLowerCase();
    const forms = [...new Set([q, lower, lower.charAt(0).toUpperCase() + lower.slice(1), q.toUpperCase()])];
    const out = new Map<number, string>();
    for (const form of forms) {
      const rows = await this.client.listAll<Raw>(
        'crm.company.list',
        { filter: { '%TITLE': form }, select: ['ID', 'TITLE'] },
        { maxItems: 50 },
      );
      for (const r of rows) {
        const id = idOrNull(r.ID);
        if (id !== null) out.set(id, str(r.TITLE));
      }
    }
    return [...out].map(([id, title]) => ({ id, title }));
  }

  async companyInn(companyId: number): Promise<string | null> {
    const rows = await this.client.listAll<Raw>(
      'crm.requisite.list',
      { filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: companyId }, select: ['ID', 'RQ_INN'] },
      { maxItems: 50 },
    );
    return rows.map((r) => str(r.RQ_INN).trim()).find(Boolean) ?? null;
  }

  async getInvoice(kind: Kind, id: number): Promise<Invoice | null> {
    const raw = await this.fetchRaw(kind, id);
    if (!raw) return null;
    const [inv] = await this.toInvoices(kind, [raw]);
    return inv ?? null;
  }

  async markInvoicePaid(kind: Kind, id: number): Promise<void> {
    const raw = await this.fetchRaw(kind, id);
    if (!raw) throw new Error(`${kind} invoice ${id} not found`);
    if (kind === 'legacy') {
      if (str(raw.STATUS_ID) === LEGACY_PAID) return;
      // PAY_VOUCHER_* are optional (crm.invoice.fields: "provided if the invoice is paid"); the date is what the form shows.
      await this.client.call('crm.invoice.update', {
        id,
        fields: { STATUS_ID: LEGACY_PAID, PAY_VOUCHER_DATE: new Date().toISOString().slice(0, 10) },
      });
      return;
    }
    const stages = await this.stagesOf(Number(raw.categoryId ?? 0));
    if (stages.success.includes(str(raw.stageId))) return;
    const paid = stages.success[0];
    if (!paid) throw new Error(`smart invoice category ${str(raw.categoryId)} has no success stage`);
    await this.client.call('crm.item.update', { entityTypeId: SMART, id, fields: { stageId: paid } });
  }

  // ---- reading --------------------------------------------------------------------------------

  private async fetchRaw(kind: Kind, id: number): Promise<Raw | null> {
    if (!(id > 0)) return null;
    try {
      if (kind === 'smart') {
        const r = await this.client.call<{ item?: Raw }>('crm.item.get', { entityTypeId: SMART, id });
        return isObj(r) && isObj(r.item) ? r.item : null;
      }
      const r = await this.client.call<Raw>('crm.invoice.get', { id });
      return isObj(r) ? r : null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  private async smartList(filter: Raw, max: number): Promise<Invoice[]> {
    const { keys } = await this.requiredFields('smart');
    const rows = await this.client.listAll<Raw>(
      'crm.item.list',
      {
        entityTypeId: SMART,
        filter,
        select: [...SMART_SELECT, ...keys.values()],
        order: { id: 'DESC' },
      },
      { maxItems: max },
    );
    return this.toInvoices('smart', rows);
  }

  private async legacyList(filter: Raw, max: number): Promise<Invoice[]> {
    const { keys } = await this.requiredFields('legacy');
    const rows = await this.client.listAll<Raw>(
      'crm.invoice.list',
      { filter, select: [...LEGACY_SELECT, ...keys.values()], order: { ID: 'DESC' } },
      { maxItems: max },
    );
    return this.toInvoices('legacy', rows);
  }

  private async smartCategories(): Promise<number[]> {
    this.categories ??= this.client
      .listAll<{ id: number | string }>('crm.category.list', { entityTypeId: SMART })
      .then((rows) => rows.map((c) => Number(c.id)))
      .catch((e: unknown) => {
        this.categories = null;
        throw e;
      });
    return this.categories;
  }

  /** Stage semantics of one smart-invoice category, read once. */
  private stagesOf(categoryId: number): Promise<StageInfo> {
    let p = this.stages.get(categoryId);
    if (!p) {
      p = this.client
        .listAll<Raw>('crm.status.list', {
          filter: { ENTITY_ID: `SMART_INVOICE_STAGE_${categoryId}` },
          order: { SORT: 'ASC' },
        })
        .then((rows) => {
          const sorted = [...rows].sort((a, b) => Number(a.SORT ?? 0) - Number(b.SORT ?? 0));
          return {
            first: sorted[0] ? str(sorted[0].STATUS_ID) : null,
            success: sorted.filter((r) => r.SEMANTICS === 'S').map((r) => str(r.STATUS_ID)),
            failure: sorted.filter((r) => r.SEMANTICS === 'F').map((r) => str(r.STATUS_ID)),
          };
        })
        .catch((e: unknown) => {
          this.stages.delete(categoryId);
          throw e;
        });
      this.stages.set(categoryId, p);
    }
    return p;
  }

  private async toInvoices(kind: Kind, rows: Raw[]): Promise<Invoice[]> {
    let out: Invoice[];
    if (kind === 'smart') {
      const cats = [...new Set(rows.map((r) => Number(r.categoryId ?? 0)))];
      const info = new Map<number, StageInfo>();
      for (const c of cats) info.set(c, await this.stagesOf(c));
      out = rows.map((r) => {
        const stages = info.get(Number(r.categoryId ?? 0));
        if (stages === undefined) throw new Error('bitrix: stages of an invoice category were not fetched'); // every row's category is in cats
        return smartInvoice(r, stages);
      });
    } else out = rows.map(legacyInvoice);
    if (this.extraFields.length) {
      // A field the portal does not have is left out: it cannot be filled, so it is never «не заполнено»
      // (the start-up check and doctor name it as a mistake in the rules).
      const { keys } = await this.requiredFields(kind);
      out.forEach((inv, i) => {
        const row = rows[i] ?? {};
        inv.fields = Object.fromEntries([...keys].map(([name, key]) => [name, fieldText(row[key])]));
      });
    }
    await this.fillCompanyTitles(out);
    return out;
  }

  /** One extra batch of crm.company.get for the distinct companies of a result. */
  private async fillCompanyTitles(invoices: Invoice[]): Promise<void> {
    const ids = [...new Set(invoices.map((i) => i.companyId).filter((n): n is number => n !== null))];
    if (ids.length === 0) return;
    const res = await this.client.batch(
      Object.fromEntries(ids.map((id) => [`c${id}`, { method: 'crm.company.get', params: { id } }])),
    );
    for (const inv of invoices) {
      const c = inv.companyId === null ? undefined : res.result[`c${inv.companyId}`];
      inv.companyTitle = isObj(c) && str(c.TITLE) ? str(c.TITLE) : null;
    }
  }
}

function smartInvoice(r: Raw, stages: StageInfo): Invoice {
  const stageId = str(r.stageId);
  return {
    kind: 'smart',
    id: Number(r.id),
    number: str(r.accountNumber),
    title: str(r.title),
    amount: Number(r.opportunity ?? 0) || 0,
    currency: str(r.currencyId) || 'RUB',
    stageId,
    paid: stages.success.includes(stageId),
    isNew: stages.first !== null ? stageId === stages.first : stageId.endsWith(':N'),
    dealId: idOrNull(r.parentId2),
    companyId: idOrNull(r.companyId),
    contactId: idOrNull(r.contactId),
    companyTitle: null,
    responsibleId: Number(r.assignedById ?? 0) || 0,
  };
}

function legacyInvoice(r: Raw): Invoice {
  const stageId = str(r.STATUS_ID);
  return {
    kind: 'legacy',
    id: Number(r.ID),
    number: str(r.ACCOUNT_NUMBER),
    title: str(r.ORDER_TOPIC),
    amount: Number(r.PRICE ?? 0) || 0,
    currency: str(r.CURRENCY ?? r.CURRENCY_ID) || 'RUB',
    stageId,
    paid: stageId === LEGACY_PAID,
    isNew: stageId === LEGACY_NEW,
    dealId: idOrNull(r.UF_DEAL_ID),
    companyId: idOrNull(r.UF_COMPANY_ID),
    contactId: idOrNull(r.UF_CONTACT_ID),
    companyTitle: null,
    responsibleId: Number(r.RESPONSIBLE_ID ?? 0) || 0,
  };
}

/** A field's value as text for "is it filled": lists joined, empty and "0" ids count as empty. */
function fieldText(v: unknown): string {
  if (Array.isArray(v)) return v.map(fieldText).filter(Boolean).join(', ');
  if (v === null || v === undefined || v === false || v === 0 || v === '0') return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v).trim();
}
