/**
 * An in-memory Bitrix24 portal over real HTTP on 127.0.0.1, speaking the wire format of the REST
 * docs (bitrix24/b24restdocs): the envelope, legacy crm.* error shapes, list paging, `batch` with
 * `$result[…]` references, the leaky-bucket rate limit and outbound events of an outgoing webhook,
 * plus the Chatbots 2.0 platform (imbot.v2.*, ONIMBOTV2* webhook events) with people writing in chats.
 * Used by tests, the benchmark and the offline demo.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

/** A deal as crm.deal.get returns it: every value a string (or null), as on a real portal. */
export interface DealFields {
  ID: string;
  TITLE: string;
  TYPE_ID: string;
  CATEGORY_ID: string;
  STAGE_ID: string;
  STAGE_SEMANTIC_ID: string;
  ASSIGNED_BY_ID: string;
  CONTACT_ID: string | null;
  COMPANY_ID: string | null;
  OPPORTUNITY: string;
  CURRENCY_ID: string;
  COMMENTS: string | null;
  OPENED: string;
  CLOSED: string;
  BEGINDATE: string;
  CLOSEDATE: string | null;
  DATE_CREATE: string;
  DATE_MODIFY: string;
  [userField: `UF_${string}`]: string | null;
}

export interface SimulatorOptions {
  /** The webhook's user. Default 1. */
  userId?: number;
  /** The webhook secret. Default random. */
  token?: string;
  /** What the outgoing webhook puts in auth[application_token]. Default random. */
  applicationToken?: string;
  /** Leaky bucket like limits.md (50 / 2 per s on non-Enterprise plans). Measured in real time. */
  rateLimit?: { capacity: number; drainPerSecond: number } | false;
  /** The portal's clock for record timestamps (DATE_CREATE, DATE_MODIFY, server.time, event ts). */
  now?: () => Date;
  /** Offset of the portal's date strings. Default '+03:00'. */
  timeZoneOffset?: string;
  /**
   * New-type invoices (crm.item with entityTypeId 31). Default true. When false the portal answers
   * crm.item.* for them like one without smart invoices: 400 NOT_FOUND "SPA not found" (crm-item-list.md).
   */
  smartInvoices?: boolean;
  /**
   * When a supervisor or personal bot edits its own message (imbot.v2.Chat.Message.update), the
   * portal tells it ONIMBOTV2MESSAGEUPDATE like for anyone's edit in its chat. Default true.
   */
  echoBotEdits?: boolean;
  /**
   * The scopes the inbound webhook was given (local-integrations/local-webhooks.md); a method
   * outside them answers 403 insufficient_scope (_includes/system-errors.md). Default: every
   * scope the bot can use.
   */
  scopes?: string[];
  /**
   * Deal user fields of type `address` (crm-userfield-types.md: "Google Maps address"). Their value is
   * one line holding the address with its LATITUDE, LONGITUDE and LOC_ADDR_ID
   * (crm/data-types.md#crm_user_field_address); undocumented: assumed the line is
   * `<address>|<latitude>;<longitude>|<LOC_ADDR_ID>`, as Bitrix24's own address field keeps it. A plain
   * text written to such a field is stored that way. Default none: every UF_ is a string field.
   */
  addressUserFields?: string[];
  /**
   * Whether a deal moved into another pipeline also fires ONCRMDEALUPDATE. on-crm-deal-move-to-category.md
   * gives the move its own event, ONCRMDEALMOVETOCATEGORY, which "you can only subscribe to … from the
   * application" (not an outbound webhook); on-crm-deal-update.md does not say a move is an update.
   * Default true (an update); false: the outbound webhook hears nothing of the move.
   */
  categoryMoveIsUpdate?: boolean;
}

/** Every scope the bot can use; `scope` lists the webhook's (api-reference/common/scope.md). */
export const ALL_SCOPES = ['crm', 'user', 'user_basic', 'user_brief', 'department', 'imbot', 'im'] as const;

/**
 * The scope a method needs (scopes/permissions.md; each method page's "Scope:" line). null = none
 * (server.time, profile, scope, methods, batch itself — its commands are checked one by one).
 */
export function scopeOf(method: string): string | null {
  const m = method.toLowerCase();
  if (m === 'batch' || m === 'server.time' || m === 'profile' || m === 'scope' || m === 'methods') return null;
  if (m.startsWith('crm.')) return 'crm';
  if (m.startsWith('user.')) return 'user';
  if (m.startsWith('department.')) return 'department';
  if (m.startsWith('imbot.')) return 'imbot';
  if (m.startsWith('im.')) return 'im';
  return null;
}

/** An invoice fixture; `kind` picks the API it lives behind (crm.item 31 or legacy crm.invoice). */
/** The currencies of the simulated portal (crm.currency.list on a Russian portal: the rouble base and the usual ones). */
const PORTAL_CURRENCIES = ['RUB', 'USD', 'EUR', 'CNY', 'KZT', 'BYN'];

export interface InvoiceFixture {
  kind: 'smart' | 'legacy';
  number: string;
  title?: string;
  amount: number;
  dealId?: number;
  companyId?: number;
  contactId?: number;
  responsibleId: number;
  status?: 'new' | 'paid' | 'sent';
  /** Custom fields by their original names (UF_CRM_…); smart invoices keep them as crm.item names them (ufCrm_…). */
  fields?: Record<string, string>;
  /** The invoice's currency (crm_currency id); roubles unless given. */
  currency?: string;
}

export type Row = Record<string, unknown>;
/**
 * QUERY_LIMIT_EXCEEDED: 503 (limits.md). RATE_LIMIT_429: the chat-bot platform's rate limit
 * (chat-bots-v2/index.md#limits: "HTTP 429 — use exponential backoff"; undocumented: assumed the
 * body is `QUERY_LIMIT_EXCEEDED`). OPERATION_TIME_LIMIT: 429 with that code (limits.md).
 */
type Fault = 'QUERY_LIMIT_EXCEEDED' | 'RATE_LIMIT_429' | 'OPERATION_TIME_LIMIT' | 'INTERNAL' | 'NETWORK';
type Reply = { result: unknown; next?: number; total?: number };
type DealEvent = 'ONCRMDEALADD' | 'ONCRMDEALUPDATE' | 'ONCRMDEALDELETE';
interface Stage {
  id: string;
  name: string;
  semantics: 'S' | 'F' | null;
}
interface Category {
  id: number;
  name: string;
  sort: number;
  stages: Stage[];
}

const PAGE = 50;
/** Smart invoices (universal/invoice.md): entityTypeId 31, one category here, stages DT31_{cat}:X. */
const SMART_INVOICE = 31;
const SMART_INVOICE_CATEGORY = 3;
const SMART_INVOICE_STAGES: Stage[] = [
  { id: `DT31_${SMART_INVOICE_CATEGORY}:N`, name: 'Новый', semantics: null },
  { id: `DT31_${SMART_INVOICE_CATEGORY}:S`, name: 'Отправлен', semantics: null },
  { id: `DT31_${SMART_INVOICE_CATEGORY}:P`, name: 'Оплачен', semantics: 'S' },
  { id: `DT31_${SMART_INVOICE_CATEGORY}:D`, name: 'Отклонён', semantics: 'F' },
];
/** Legacy INVOICE_STATUS (crm.invoice.fields STATUS_ID): N new, S sent, P paid, D rejected. */
const LEGACY_INVOICE_STATUSES: Stage[] = [
  { id: 'N', name: 'Новый', semantics: null },
  { id: 'S', name: 'Отправлен', semantics: null },
  { id: 'P', name: 'Оплачен', semantics: 'S' },
  { id: 'D', name: 'Отклонён', semantics: 'F' },
];
/** What crm.item.list accepts in filter and order for invoices (the fields addInvoice stores). */
const ITEM_FIELDS = new Set(
  'id xmlId title accountNumber entityTypeId categoryId stageId previousStageId opportunity isManualOpportunity taxValue currencyId companyId contactId contactIds mycompanyId parentId2 assignedById createdBy updatedBy movedBy createdTime updatedTime movedTime begindate closedate opened'.split(
    ' ',
  ),
);
/**
 * The name crm.item.* answers a custom field by (useOriginalUfNames N, the default), crm/universal/index.md
 * "Field Naming Conventions": after UF_CRM_ and the object's own part, only digits or only letters →
 * regular conversion (blocks in camelCase, the underscore kept only between two numeric blocks:
 * UF_CRM_3_DIGIT → ufCrm3Digit, UF_CRM_3_1747309727 → ufCrm3_1747309727); letters and digits mixed, or
 * no object part (UF_CRM_1747309879 → ufCrm_1747309879) → simplified, only the prefix changes
 * (UF_CRM_3_DIGIT10 → ufCrm_3_DIGIT10). Undocumented: assumed the smart invoice's own part is
 * SMART_INVOICE as the SPA number is for an SPA (real portals answer UF_CRM_SMART_INVOICE_1669960460
 * as ufCrmSmartInvoice1669960460), and that a name with no object part is always simplified (the
 * table's only such example is). The clash rule (a taken name stays UPPER_CASE) is not modelled.
 */
export const ufItemName = (original: string): string => {
  const m = /^UF_CRM_(\d+|SMART_INVOICE)_([A-Z0-9_]+)$/.exec(original);
  const tail = m?.[2] ?? '';
  if (!m || !/^(\d+(_\d+)*|[A-Z]+(_[A-Z]+)*)$/.test(tail)) return original.replace(/^UF_CRM_/, 'ufCrm_');
  const blocks = [...(m[1] ?? '').split('_'), ...tail.split('_')];
  return blocks.reduce(
    (out, b, i) =>
      /^\d+$/.test(b)
        ? `${out}${i > 0 && /^\d+$/.test(blocks[i - 1] ?? '') ? '_' : ''}${b}`
        : `${out}${b.charAt(0)}${b.slice(1).toLowerCase()}`,
    'ufCrm',
  );
};
/** camelCase → UPPER_CASE for crm.item.fields' upperName of a system field (parentId2 → PARENT_ID2). */
const upperName = (camel: string) => camel.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
const INVOICE_STATUS_CODE = { new: 'N', sent: 'S', paid: 'P' } as const;
/** crm.activity.todo.* owners (data-types.md#object_type): 2 deal, 3 contact, 4 company. */
const OWNER_TYPES = { deal: 2, contact: 3, company: 4 } as const;

/** Refusals of the whole portal, any method (_includes/system-errors.md: status, code, message). */
const SYSTEM_REFUSALS = {
  'no-rest-plan': {
    status: 403,
    error: 'ACCESS_DENIED',
    description: 'REST API is available only on commercial plans',
  },
  'overload-block': { status: 503, error: 'OVERLOAD_LIMIT', description: 'REST API is blocked due to overload' },
  'portal-closed': { status: 500, error: 'PORTAL_DELETED', description: 'Portal was deleted' },
} as const;
export type SystemRefusal = keyof typeof SYSTEM_REFUSALS;

const BATCH_MAX = 50;
const EVENT_TIMEOUT_MS = 10_000;

/** An answer other than 200, with the legacy crm.* shape (error may be empty, see crm-deal-get.md). */
class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}
const notFound = () => new RestError(400, '', 'Not found');

// ---------------------------------------------------------------------------------------------
// Wire helpers

/** PHP parse_str: `filter[>DATE_MODIFY]=x&select[0]=ID` → { filter: { '>DATE_MODIFY': 'x' }, select: ['ID'] }. */
export function parsePhpQuery(qs: string): Row {
  const root: Row = {};
  for (const part of qs.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    const m = /^([^[\]]+)((?:\[[^\]]*\])*)/.exec(key);
    if (!m) continue;
    const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]!)];
    let node = root;
    path.forEach((seg, i) => {
      const k = seg === '' ? String(Object.keys(node).length) : seg;
      if (i === path.length - 1) node[k] = value;
      else {
        node[k] = isObj(node[k]) ? node[k] : {};
        node = node[k] as Row;
      }
    });
  }
  return listify(root) as Row;
}
function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
/** PHP has one array type: objects keyed 0..n-1 are lists. */
function listify(v: unknown): unknown {
  if (!isObj(v)) return v;
  const keys = Object.keys(v);
  const out = Object.fromEntries(keys.map((k) => [k, listify(v[k])]));
  return keys.length > 0 && keys.every((k, i) => k === String(i)) ? keys.map((k) => out[k]) : out;
}
const isObj = (v: unknown): v is Row => v !== null && typeof v === 'object' && !Array.isArray(v);
/** PHP serialises an empty array as `[]`, even where it is a map when filled. */
const phpMap = (o: Row): Row | [] => (Object.keys(o).length ? o : []);
const toList = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : isObj(v) ? Object.values(v) : v === undefined || v === null || v === '' ? [] : [v];
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const int = (v: unknown): number => {
  const n = Number(v);
  return Number.isInteger(n) ? n : NaN;
};
const truthy = (v: unknown) => v === true || v === 1 || /^(y|true|1)$/i.test(str(v));

// ---------------------------------------------------------------------------------------------
// List machinery shared by every *.list / *.get method: filter operators, order, select, paging

const DATE_FIELD = /^(DATE_|BEGINDATE|CLOSEDATE|CREATED|MOVED_TIME|DEADLINE$|START_TIME$|END_TIME$|LAST_UPDATED$)/i;
const NUMERIC = /^-?\d+(\.\d+)?$/;

function compare(a: unknown, b: unknown, field: string): number {
  if (DATE_FIELD.test(field)) {
    const x = Date.parse(str(a));
    const y = Date.parse(str(b));
    if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  }
  const sa = str(a);
  const sb = str(b);
  if (NUMERIC.test(sa) && NUMERIC.test(sb)) return Number(sa) - Number(sb);
  return sa.toLowerCase() < sb.toLowerCase() ? -1 : sa.toLowerCase() > sb.toLowerCase() ? 1 : 0;
}

function equals(have: unknown, want: unknown, field: string): boolean {
  if (Array.isArray(have)) return have.some((h) => equals(h, want, field)); // UF_DEPARTMENT: [1, 3]
  if (typeof have === 'boolean') return have === truthy(want); // user.get ACTIVE
  return compare(have, want, field) === 0;
}

const LIKE = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('%')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'su',
  );

/** Filter keys carry the operator as a prefix (crm-deal-list.md): `>=DATE_MODIFY`, `@ID`, `!STAGE_ID`… */
function matches(row: Row, filter: Row): boolean {
  return Object.entries(filter).every(([key, want]) => {
    const m = /^(!@|!=|!%|>=|<=|=%|%=|>|<|@|!|=|%)?(.+)$/.exec(key)!;
    const op = m[1] ?? '';
    const field = m[2]!;
    const have = field in row ? row[field] : row[field.toUpperCase()];
    const list = () => (Array.isArray(want) || isObj(want) ? toList(want) : str(want).split(','));
    const inList = () => list().some((w) => equals(have, w, field));
    const eq = () => (Array.isArray(want) || isObj(want) ? inList() : equals(have, want, field));
    switch (op) {
      case '':
      case '=':
        return eq();
      case '!':
      case '!=':
        return !eq();
      case '@':
        return inList();
      case '!@':
        return !inList();
      case '>':
        return have != null && have !== '' && compare(have, want, field) > 0;
      case '>=':
        return have != null && have !== '' && compare(have, want, field) >= 0;
      case '<':
        return have != null && have !== '' && compare(have, want, field) < 0;
      case '<=':
        return have != null && have !== '' && compare(have, want, field) <= 0;
      // `%`/`=%`/`%=` are LIKE (crm/deals/crm-deal-list.md, «Filter»); the page does not say LIKE ignores case.
      // undocumented: assumed case-sensitive, the stricter reading — a client must ask each form it wants.
      case '%':
        return str(have).includes(str(want));
      case '!%':
        return !str(have).includes(str(want));
      default: // =% and %=: the caller writes the % signs
        return LIKE(str(want)).test(str(have));
    }
  });
}

function sortRows(rows: Row[], order: unknown): Row[] {
  const keys = Object.entries(isObj(order) ? order : {}).map(
    ([f, d]) => [f, str(d).toUpperCase() === 'DESC' ? -1 : 1] as const,
  );
  return [...rows].sort((a, b) => {
    for (const [f, dir] of keys) {
      const c = compare(a[f], b[f], f);
      if (c) return c * dir;
    }
    return compare(a.ID ?? a.id, b.ID ?? b.id, 'ID');
  });
}

/** `*` = standard fields, `UF_*` = user fields, multifields (PHONE…) only by name; ID always comes. */
function project(row: Row, select: unknown, multi: string[] = []): Row {
  const names = toList(select).map(str);
  const want = names.length ? names : ['*', 'UF_*'];
  const out: Row = { ID: row.ID };
  for (const [k, v] of Object.entries(row)) {
    const uf = k.startsWith('UF_');
    if (want.includes(k) || (want.includes('*') && !uf && !multi.includes(k)) || (want.includes('UF_*') && uf))
      out[k] = v;
  }
  return out;
}

/** Pages of 50. `start=-1` skips counting, as huge-data.md describes: total 0 and no `next`. */
function paginate(rows: Row[], startParam: unknown): Reply {
  const start = int(startParam ?? 0);
  if (start === -1) return { result: rows.slice(0, PAGE), total: 0 };
  const from = Number.isInteger(start) && start > 0 ? start : 0;
  const next = from + PAGE < rows.length ? from + PAGE : undefined;
  return { result: rows.slice(from, from + PAGE), total: rows.length, ...(next === undefined ? {} : { next }) };
}

function list(all: Iterable<Row>, p: Row, opts: { filter?: Row; order?: unknown; multi?: string[] } = {}): Reply {
  const filter = opts.filter ?? (isObj(p.filter) ? p.filter : {});
  const rows = sortRows(
    [...all].filter((r) => matches(r, filter)),
    opts.order ?? p.order,
  );
  const page = paginate(rows, p.start ?? p.START);
  return { ...page, result: (page.result as Row[]).map((r) => project(r, p.select, opts.multi)) };
}

/** Batch `$result[key][FIELD]` references, resolved in parsed values like CRestUtil::processBatchElement. */
function resolveRefs(v: unknown, acc: Record<string, Row>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, acc));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x, acc)]));
  if (typeof v !== 'string' || !v.includes('$')) return v;
  const re = /\$(result|next|total|time|error)((?:\[[^\]]+\])+)/gi;
  const pick = (kind: string, path: string): unknown => {
    let r: unknown = acc[kind.toLowerCase()];
    for (const [, seg] of path.matchAll(/\[([^\]]+)\]/g)) {
      const next = Array.isArray(r) ? r[Number(seg)] : isObj(r) ? r[seg!] : undefined;
      if (next === undefined) break;
      r = next;
    }
    return r;
  };
  const whole = new RegExp(`^${re.source}$`, 'i').exec(v);
  if (whole) return pick(whole[1]!, whole[2]!);
  return v.replace(re, (_, kind: string, path: string) => str(pick(kind, path)));
}

function formatDate(d: Date, offset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset) ?? ['', '+', '00', '00'];
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return `${new Date(d.getTime() + minutes * 60_000).toISOString().slice(0, 19)}${offset}`;
}

// ---------------------------------------------------------------------------------------------
// Chatbots 2.0 (api-reference/chat-bots/chat-bots-v2): types, limits, the webhook wire format

export type BotType = 'bot' | 'supervisor' | 'personal' | 'openline' | 'network';
type BotEvent = 'ONIMBOTV2MESSAGEADD' | 'ONIMBOTV2MESSAGEUPDATE' | 'ONIMBOTV2COMMANDADD' | 'ONIMBOTV2JOINCHAT';

/** A button of a message's current keyboard; NEWLINE markers are folded into `row` (0-based). */
export interface KeyboardButtonView {
  TEXT: string;
  COMMAND?: string;
  COMMAND_PARAMS?: string;
  LINK?: string;
  ACTION?: string;
  ACTION_VALUE?: string;
  BLOCK?: string;
  DISABLED?: string;
  /** Pressed while it had BLOCK 'Y' (the portal's client greys it out). */
  blocked: boolean;
  row: number;
}

/** A message as it stands now. dialogId is the bot's view: the user's id for a private dialog, else 'chat<N>'. */
export interface ChatMessageView {
  id: number;
  chatId: number;
  dialogId: string;
  /** 0 for a system message (chat-message-update.md), e.g. a bot answering a command in a chat it is not in. */
  authorId: number;
  text: string;
  keyboard: KeyboardButtonView[];
  replyId: number | null;
  edits: number;
  system: boolean;
  /** The file posted with the message (imbot.v2.File.upload), if any. */
  file?: { name: string; size: number };
}

export interface RegisteredCommand {
  id: number;
  botId: number;
  command: string;
  title: string;
  params: string;
  common: boolean;
  hidden: boolean;
}

export interface RegisteredBot {
  id: number;
  code: string;
  type: BotType;
  eventMode: 'fetch' | 'webhook';
  webhookUrl: string;
  name: string;
}

interface ImBot {
  id: number;
  code: string;
  token: string;
  type: BotType;
  eventMode: 'fetch' | 'webhook';
  webhookUrl: string;
  name: string;
  lastName: string;
  workPosition: string;
  color: string;
  gender: string;
  isHidden: boolean;
  isReactionsEnabled: boolean;
  isSupportOpenline: boolean;
  backgroundId: string | null;
  /** data[bot][auth]: the bot's own tokens, not the request's auth[application_token] (events.md#webhook-payload). */
  accessToken: string;
  /**
   * The bot's own synthetic APPLICATION_TOKEN (bot-update.md: "Webhook-authorized bots with their
   * own botToken … each of them has its own synthetic APPLICATION_TOKEN"): the top-level
   * auth[application_token] of its webhook events. A new one with every botToken rotation.
   */
  appToken: string;
  /** Fetch mode (event-get.md): events waiting for imbot.v2.Event.get, oldest first. */
  queue: Array<{ eventId: number; type: string; date: string; data: Row }>;
}
interface ImCommand {
  id: number;
  botId: number;
  /** As registered, without the leading '/'. */
  name: string;
  title: Record<string, string>;
  params: Record<string, string>;
  common: boolean;
  hidden: boolean;
  extranetSupport: boolean;
}
interface ImChat {
  id: number;
  kind: 'private' | 'chat';
  title: string;
  owner: number;
  members: Set<number>;
  color: string;
  /** Private dialogs: the person talking to the bot (the bot's dialogId). */
  partnerId: number | null;
}
interface ImMessage {
  id: number;
  chatId: number;
  authorId: number;
  /** The bot that sent it, also when it went out as a system message (authorId 0). */
  senderBotId: number | null;
  text: string;
  date: string;
  system: boolean;
  replyId: number | null;
  /** Buttons as the bot sent them, NEWLINE markers included; null = no keyboard. */
  keyboard: Row[] | null;
  keyboardBotId: number | null;
  /** Indexes (among action buttons) of BLOCK 'Y' buttons already pressed. */
  blocked: Set<number>;
  edits: number;
  /** A file posted with it (imbot.v2.File.upload): its name and bytes. */
  file?: { name: string; bytes: Buffer };
}

/** bot-register.md BOT_INVALID_TYPE lists these; network and openline behave like bot (index.md#bot-types). */
const BOT_TYPES: readonly BotType[] = ['bot', 'network', 'openline', 'supervisor', 'personal'];
/** index.md#bot-types: these see every message of their chats; the others only mentions and private dialogs. */
const SEES_ALL: ReadonlySet<BotType> = new Set<BotType>(['supervisor', 'personal']);
const BOT_BACKGROUNDS = new Set('azure mint steel slate teal cornflower sky peach frost'.split(' '));
/** Bots are users; their ids come after the people's (a real portal shares one sequence). */
const FIRST_BOT_ID = 1000;
/** index.md#limits: 100 bots per application (BOT_LIMIT_EXCEEDED). */
const BOTS_PER_APP = 100;
/** change-log.md BOT-BC-0506-1: Bot.register refuses tokens over 40 characters from 06.08.2026. */
const BOT_TOKEN_MAX = 40;
const BOT_TOKEN_LIMIT_FROM = Date.parse('2026-08-06T00:00:00Z');
/** entities.md#message: longer texts are cut and get ' (...)'. */
const MESSAGE_MAX = 20_000;
const PORTAL_LANGUAGE = 'ru';
const CHAT_COLORS = ['#ab7761', '#df532d', '#4ba984', '#3e99ce', '#8474c8'];
/** The "Possible Error Codes" tables answer 400 or 403; these are the refusals of access. */
const FORBIDDEN_CODES = new Set([
  'BOT_OWNERSHIP_ERROR',
  'ACCESS_DENIED',
  'MESSAGE_ACCESS_DENIED',
  'BOT_TYPE_NOT_ALLOWED',
]);
const botError = (code: string, description: string) =>
  new RestError(FORBIDDEN_CODES.has(code) ? 403 : 400, code, description);

/**
 * Methods that change the portal: `*.add/update/delete/set/send/register/…` and the to-do ones.
 * Reads (get, list, fields, Event.get, scope…) are not.
 */
export function isWrite(method: string): boolean {
  const m = method.toLowerCase();
  if (m === 'imbot.v2.event.get') return false;
  return (
    /\.(add|update|delete|set|send|register|unregister|answer|read|leave|updatedeadline|updatecolor|updatedescription|updateresponsibleuser|complete|upload)$/.test(
      m,
    ) || /\.(reaction|manager|user)\.(add|delete)$/.test(m)
  );
}

/** PHP urlencode (RFC 1738): like encodeURIComponent, but also !'()*~ escaped and spaces as '+'. */
const phpUrlencode = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');

/**
 * PHP http_build_query as the portal's event sender uses it (events.md, "Data Types in Webhook
 * Mode"): nested keys as `a[b][0]`, every scalar a string, true/false → "1"/"0", null → "".
 * Empty arrays and objects leave no key at all, as in PHP.
 */
export function httpBuildQuery(data: Row): string {
  const out: string[] = [];
  const walk = (key: string, v: unknown): void => {
    if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(`${key}[${i}]`, x);
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(`${key}[${k}]`, x);
    else out.push(`${phpUrlencode(key)}=${phpUrlencode(typeof v === 'boolean' ? (v ? '1' : '0') : str(v))}`);
  };
  for (const [k, v] of Object.entries(data)) walk(k, v);
  return out.join('&');
}

/**
 * A keyboard as message-keyboards.md accepts it: a JSON string, `{BOT_ID, BUTTONS}`, or a bare list
 * of buttons. 'N' or an empty value means none. Buttons without TEXT and an action are dropped.
 */
function parseKeyboard(raw: unknown): { buttons: Row[]; botId: number | null } | null {
  let v = raw;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!s || s.toUpperCase() === 'N') return null;
    try {
      v = JSON.parse(s);
    } catch {
      return null;
    }
  }
  if (!isObj(v) && !Array.isArray(v)) return null;
  const root: Row = isObj(v) && 'BUTTONS' in v ? v : { BUTTONS: v };
  const buttons: Row[] = [];
  for (const b of toList(root.BUTTONS)) {
    if (!isObj(b)) continue;
    const button: Row = {};
    for (const [k, x] of Object.entries(b))
      if (x !== null && x !== undefined && typeof x !== 'object')
        button[k] = typeof x === 'boolean' ? (x ? 'Y' : 'N') : String(x);
    if (button.TYPE === 'NEWLINE') buttons.push({ TYPE: 'NEWLINE' });
    else if (button.TEXT && (button.LINK || button.COMMAND || button.ACTION || button.APP_ID)) buttons.push(button);
  }
  if (!buttons.some((b) => b.TYPE !== 'NEWLINE')) return null;
  return { buttons, botId: int(root.BOT_ID) > 0 ? int(root.BOT_ID) : null };
}

/** Command.register takes title and params as {langCode: text}; a bare string is taken as the portal's language. */
function langMap(v: unknown): Record<string, string> {
  if (typeof v === 'string') return v.trim() ? { [PORTAL_LANGUAGE]: v } : {};
  if (!isObj(v)) return {};
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => str(x).trim())
      .map(([k, x]) => [k.toLowerCase(), str(x)]),
  );
}
/** command-list.md: "in the current Bitrix24 language with fallback to the default language". */
const localized = (m: Record<string, string>) => m[PORTAL_LANGUAGE] ?? m.en ?? Object.values(m)[0] ?? '';

const httpUrl = (s: string) => {
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
};

// ---------------------------------------------------------------------------------------------

export class BitrixSimulator {
  readonly webhookUrl: string;
  readonly portalUrl: string;
  readonly applicationToken: string;
  /** Every REST request received; a batch is one request. status 0 = answer withheld (NETWORK fault). */
  calls: Array<{ method: string; at: number; status: number }> = [];
  /**
   * Outbound posts actually made; status 0 = the handler did not answer. CRM events carry the
   * record id; bot events (ONIMBOTV2*) carry botId and the message id (the chat id for JOINCHAT).
   */
  eventsPosted: Array<{ event: string; id: number; status: number; botId?: number }> = [];
  /** Fetch-mode bot events handed out by imbot.v2.Event.get (each once per ask that returned it). */
  eventsFetched: Array<{ event: string; eventId: number; botId: number }> = [];

  private readonly userId: number;
  private readonly token: string;
  private readonly memberId = randomBytes(16).toString('hex');
  private readonly now: () => Date;
  private readonly tz: string;
  private readonly bucket: { level: number; last: number; capacity: number; drainPerMs: number } | null;
  private faults: Array<{ method: string; left: number; kind: Fault }> = [];
  /** The webhook's user may not modify smart invoices (denyItemUpdates), deals (denyDealUpdates). */
  private itemUpdatesDenied = false;
  private dealUpdatesDenied = false;
  private holds = new Map<string, { gate: Promise<void>; reached: number }>();
  private handler: { url: string; id: number } | null = null;
  private handlerIds = 0;
  private dropping = 0;
  /** Deal id → how many more reads (crm.deal.get, a crm.deal.list it would be in) miss it (hideNextDeal). */
  private unreadable = new Map<number, number>();
  private hidingNext = 0;
  private duplicating = 0;
  private outbound: Promise<void> = Promise.resolve();
  /** Events a REST call caused; they are queued once its answer is sent. */
  private pendingEvents: Array<() => void> = [];

  private deals = new Map<number, Row>();
  private contacts = new Map<number, Row>();
  private companies = new Map<number, Row>();
  private requisites: Row[] = [];
  private users = new Map<number, Row>();
  private departments = new Map<number, Row>();
  private categories = new Map<number, Category>();
  private comments: Row[] = [];
  /** crm.item rows of entityTypeId 31, camelCase with numbers (crm-item-get.md). */
  private smartInvoices = new Map<number, Row>();
  /** crm.invoice rows, UPPER_CASE with string values (crm-invoice-fields.md). */
  private legacyInvoices = new Map<number, Row>();
  /** Custom fields of invoices by their original names (UF_CRM_…), per kind: what *.fields lists. */
  private invoiceUserFields = { smart: new Set<string>(), legacy: new Set<string>() };
  /** crm.activity rows, UPPER_CASE strings as crm.activity.get returns them; only CRM_TODO ones are made here. */
  private activityRows = new Map<number, Row>();
  private readonly smartInvoicesOn: boolean;
  private readonly echoBotEdits: boolean;
  private scopes: Set<string>;
  /** Methods blocked by the operating-time limit (limits.md), lower-case → until (epoch ms). */
  private operatingBlocks = new Map<string, number>();
  /** Calls of write methods, for tests that must prove nothing was written. */
  private writeGuard: ((method: string) => void) | null = null;
  private seq = {
    deal: 0,
    contact: 0,
    company: 0,
    comment: 0,
    multifield: 0,
    smartInvoice: 0,
    legacyInvoice: 0,
    activity: 0,
  };

  private constructor(
    private readonly server: Server,
    port: number,
    opts: SimulatorOptions,
  ) {
    this.userId = opts.userId ?? 1;
    this.token = opts.token ?? randomBytes(8).toString('hex');
    this.applicationToken = opts.applicationToken ?? randomBytes(16).toString('hex');
    this.now = opts.now ?? (() => new Date());
    this.tz = opts.timeZoneOffset ?? '+03:00';
    this.smartInvoicesOn = opts.smartInvoices ?? true;
    this.echoBotEdits = opts.echoBotEdits ?? true;
    this.scopes = new Set(opts.scopes ?? ALL_SCOPES);
    this.addressFields = new Set(opts.addressUserFields ?? []);
    this.categoryMoveIsUpdate = opts.categoryMoveIsUpdate ?? true;
    const rl = opts.rateLimit === undefined ? { capacity: 50, drainPerSecond: 2 } : opts.rateLimit;
    this.bucket = rl
      ? { level: 0, last: performance.now(), capacity: rl.capacity, drainPerMs: rl.drainPerSecond / 1000 }
      : null;
    this.portalUrl = `http://127.0.0.1:${port}`;
    this.webhookUrl = `${this.portalUrl}/rest/${this.userId}/${this.token}/`;
    // Every portal has the general pipeline (category 0) with the stock stages; addCategory(0) replaces it.
    this.addCategory({
      id: 0,
      name: 'Общая',
      stages: [
        { id: 'NEW', name: 'Новая' },
        { id: 'PREPARATION', name: 'Подготовка документов' },
        { id: 'PREPAYMENT_INVOICE', name: 'Счёт на предоплату' },
        { id: 'EXECUTING', name: 'В работе' },
        { id: 'FINAL_INVOICE', name: 'Финальный счёт' },
        { id: 'WON', name: 'Сделка успешна', semantics: 'S' },
        { id: 'LOSE', name: 'Сделка провалена', semantics: 'F' },
      ],
    });
  }

  static async start(opts: SimulatorOptions = {}): Promise<BitrixSimulator> {
    let sim: BitrixSimulator | undefined;
    const server = createServer((req, res) => void sim!.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    sim = new BitrixSimulator(server, (server.address() as { port: number }).port, opts);
    return sim;
  }

  async stop(): Promise<void> {
    await this.whenEventsDelivered();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- fixtures ---------------------------------------------------------------------------

  addUser(u: {
    id: number;
    name: string;
    lastName: string;
    departmentIds: number[];
    active?: boolean;
    workPhone?: string;
    mobilePhone?: string;
    email?: string;
    /** PERSONAL_GENDER: `M` or `F`; none set is "" (common/users/profile.md). */
    gender?: 'M' | 'F';
  }): void {
    if (this.imBots.has(u.id) || this.formerBots.has(u.id))
      throw new Error(`simulator: user id ${u.id} belongs to a bot`);
    this.users.set(u.id, {
      ID: String(u.id),
      ACTIVE: u.active ?? true,
      NAME: u.name,
      LAST_NAME: u.lastName,
      SECOND_NAME: '',
      EMAIL: u.email ?? '',
      WORK_PHONE: u.workPhone ?? '',
      PERSONAL_MOBILE: u.mobilePhone ?? '',
      // user/user-get.md lists it in every user; "" when the profile does not say (common/users/profile.md).
      PERSONAL_GENDER: u.gender ?? '',
      WORK_POSITION: '',
      UF_DEPARTMENT: [...u.departmentIds],
      USER_TYPE: 'employee',
    });
  }

  /** An admin deactivates (fires) or re-activates a user. */
  setUserActive(id: number, active: boolean): void {
    const u = this.users.get(id);
    if (!u) throw new Error(`no user ${id}`);
    u.ACTIVE = active;
  }

  /** Personal notifications sent to a user (im.notify.personal.add), oldest first. */
  notifications(userId: number): string[] {
    return this.sentNotifications.filter((n) => n.userId === userId).map((n) => n.message);
  }
  private sentNotifications: Array<{ userId: number; message: string }> = [];

  addDepartment(d: { id: number; name: string; parentId?: number; headId?: number }): void {
    const row: Row = { ID: String(d.id), NAME: d.name, SORT: 500 };
    if (d.parentId !== undefined) row.PARENT = String(d.parentId);
    if (d.headId !== undefined) row.UF_HEAD = String(d.headId);
    this.departments.set(d.id, row);
  }

  /** Stage ids as the portal makes them: 'NEW' in category 0, 'C5:NEW' elsewhere. */
  addCategory(c: {
    id: number;
    name: string;
    stages: Array<{ id: string; name: string; semantics?: 'S' | 'F' | null }>;
  }): void {
    const sort = this.categories.get(c.id)?.sort ?? (this.categories.size + 1) * 100;
    this.categories.set(c.id, {
      id: c.id,
      name: c.name,
      sort,
      stages: c.stages.map((s) => ({ id: s.id, name: s.name, semantics: s.semantics ?? null })),
    });
  }

  addContact(c: { id?: number; name: string; lastName?: string; phone?: string; companyId?: number }): number {
    const id = c.id ?? ++this.seq.contact;
    this.seq.contact = Math.max(this.seq.contact, id);
    const at = this.stamp();
    const row: Row = {
      ID: String(id),
      NAME: c.name,
      LAST_NAME: c.lastName ?? '',
      SECOND_NAME: '',
      COMPANY_ID: c.companyId ? String(c.companyId) : null,
      ASSIGNED_BY_ID: String(this.userId),
      HAS_PHONE: c.phone ? 'Y' : 'N',
      DATE_CREATE: at,
      DATE_MODIFY: at,
    };
    if (c.phone)
      row.PHONE = [{ ID: String(++this.seq.multifield), VALUE_TYPE: 'WORK', VALUE: c.phone, TYPE_ID: 'PHONE' }];
    this.contacts.set(id, row);
    return id;
  }

  /** INN lives in the company's requisite (crm.requisite.list RQ_INN), as on a real portal. */
  addCompany(c: { id?: number; title: string; inn?: string }): number {
    const id = c.id ?? ++this.seq.company;
    this.seq.company = Math.max(this.seq.company, id);
    const at = this.stamp();
    this.companies.set(id, {
      ID: String(id),
      TITLE: c.title,
      COMPANY_TYPE: 'CUSTOMER',
      HAS_PHONE: 'N',
      ASSIGNED_BY_ID: String(this.userId),
      DATE_CREATE: at,
      DATE_MODIFY: at,
    });
    if (c.inn)
      this.requisites.push({
        ID: String(this.requisites.length + 1),
        ENTITY_TYPE_ID: '4',
        ENTITY_ID: String(id),
        PRESET_ID: '1',
        NAME: c.title,
        RQ_INN: c.inn,
      });
    return id;
  }

  /** Creates a deal as a user in the portal would; posts ONCRMDEALADD and waits for the handler's answer. */
  async createDeal(fields: Partial<DealFields>, opts: { emit?: boolean } = {}): Promise<number> {
    const id = this.insertDeal(fields, true);
    if (this.hidingNext > 0) this.unreadable.set(id, this.hidingNext);
    this.hidingNext = 0;
    if (opts.emit !== false) await this.emit('ONCRMDEALADD', id);
    return id;
  }

  /**
   * A user changes a deal in the portal. `by`: who (MODIFY_BY_ID, and MOVED_BY_ID when the stage
   * changes — crm-deal-fields.md); default the deal's responsible after the change, i.e. a manager
   * moving their own deal on.
   */
  async updateDeal(id: number, fields: Partial<DealFields>, opts: { emit?: boolean; by?: number } = {}): Promise<void> {
    const before = this.deals.get(id);
    if (!before) throw new Error(`simulator: no deal ${id}`);
    const categoryBefore = before.CATEGORY_ID;
    this.writeDeal(id, fields, true, false, opts.by);
    const moved = this.deals.get(id)?.CATEGORY_ID !== categoryBefore;
    if (opts.emit !== false && (this.categoryMoveIsUpdate || !moved)) await this.emit('ONCRMDEALUPDATE', id);
  }

  async deleteDeal(id: number, opts: { emit?: boolean } = {}): Promise<void> {
    if (!this.deals.delete(id)) throw new Error(`simulator: no deal ${id}`);
    if (opts.emit !== false) await this.emit('ONCRMDEALDELETE', id);
  }

  deal(id: number): DealFields | undefined {
    const d = this.deals.get(id);
    return d ? ({ ...d } as unknown as DealFields) : undefined;
  }

  /**
   * A custom field of invoices (crm-invoice-user-field-add.md / crm.userfield.add): listed by
   * crm.item.fields or crm.invoice.fields from now on, empty on every invoice until written.
   */
  addInvoiceField(kind: 'smart' | 'legacy', original: string): void {
    this.invoiceUserFields[kind].add(original);
  }

  /** An invoice as its API stores it; returns its id (ids are per kind, like on a portal). */
  addInvoice(inv: InvoiceFixture): number {
    const at = this.stamp();
    for (const k of Object.keys(inv.fields ?? {})) this.addInvoiceField(inv.kind, k);
    const code = INVOICE_STATUS_CODE[inv.status ?? 'new'];
    if (inv.kind === 'smart') {
      const id = ++this.seq.smartInvoice;
      this.smartInvoices.set(id, {
        id,
        xmlId: null,
        title: inv.title ?? `Счёт №${inv.number}`,
        accountNumber: inv.number,
        entityTypeId: SMART_INVOICE,
        categoryId: SMART_INVOICE_CATEGORY,
        stageId: `DT31_${SMART_INVOICE_CATEGORY}:${code}`,
        previousStageId: '',
        opportunity: inv.amount,
        isManualOpportunity: 'N',
        taxValue: 0,
        currencyId: inv.currency ?? 'RUB',
        companyId: inv.companyId ?? 0,
        contactId: inv.contactId ?? 0,
        contactIds: inv.contactId ? [inv.contactId] : [],
        mycompanyId: 0,
        parentId2: inv.dealId ?? 0,
        assignedById: inv.responsibleId,
        createdBy: this.userId,
        updatedBy: this.userId,
        movedBy: this.userId,
        createdTime: at,
        updatedTime: at,
        movedTime: at,
        begindate: `${at.slice(0, 10)}T00:00:00${this.tz}`,
        closedate: null,
        opened: 'Y',
        ...Object.fromEntries(Object.entries(inv.fields ?? {}).map(([k, v]) => [ufItemName(k), v])),
      });
      return id;
    }
    const id = ++this.seq.legacyInvoice;
    this.legacyInvoices.set(id, {
      ID: String(id),
      ACCOUNT_NUMBER: inv.number,
      ORDER_TOPIC: inv.title ?? `Счёт №${inv.number}`,
      PRICE: inv.amount.toFixed(2),
      CURRENCY: 'RUB',
      STATUS_ID: code,
      PAYED: code === 'P' ? 'Y' : 'N',
      PERSON_TYPE_ID: inv.companyId ? '1' : '2',
      PAY_SYSTEM_ID: '1',
      UF_DEAL_ID: String(inv.dealId ?? 0),
      UF_COMPANY_ID: String(inv.companyId ?? 0),
      UF_CONTACT_ID: String(inv.contactId ?? 0),
      UF_MYCOMPANY_ID: '0',
      RESPONSIBLE_ID: String(inv.responsibleId),
      CREATED_BY: String(this.userId),
      DATE_INSERT: at,
      DATE_UPDATE: at,
      DATE_STATUS: at,
      DATE_BILL: at.slice(0, 10),
      DATE_PAY_BEFORE: null,
      DATE_PAYED: code === 'P' ? at : null,
      PAY_VOUCHER_NUM: null,
      PAY_VOUCHER_DATE: null,
      DATE_MARKED: null,
      REASON_MARKED: null,
      COMMENTS: null,
      USER_DESCRIPTION: null,
      ...(inv.fields ?? {}),
    });
    return id;
  }

  /** The stored invoice in its API's shape (smart: camelCase, legacy: UPPER_CASE strings). */
  invoice(kind: 'smart' | 'legacy', id: number): Row | undefined {
    const row = (kind === 'smart' ? this.smartInvoices : this.legacyInvoices).get(id);
    return row ? structuredClone(row) : undefined;
  }

  /** A stage's name as the portal shows it (a deal pipeline's or the smart invoices'), for narration; undefined if unknown. */
  stageName(stageId: string): string | undefined {
    const stages = [...[...this.categories.values()].flatMap((c) => c.stages), ...SMART_INVOICE_STAGES];
    return stages.find((s) => s.id === stageId)?.name;
  }

  timelineComments(
    entityType: 'deal' | 'contact',
    entityId: number,
  ): Array<{ id: number; comment: string; authorId: number; created: string }> {
    return this.comments
      .filter((c) => c.ENTITY_TYPE === entityType && c.ENTITY_ID === String(entityId))
      .map((c) => ({
        id: Number(c.ID),
        comment: str(c.COMMENT),
        authorId: Number(c.AUTHOR_ID),
        created: str(c.CREATED),
      }));
  }

  /** Activities of one CRM object as crm.activity.get returns them (ownerTypeId 2 deal, 3 contact, 4 company). */
  activities(ownerTypeId: number, ownerId: number): Row[] {
    return [...this.activityRows.values()]
      .filter((a) => a.OWNER_TYPE_ID === String(ownerTypeId) && a.OWNER_ID === String(ownerId))
      .map((a) => structuredClone(a));
  }

  /**
   * A manager calls or writes the client from Bitrix24 (telephony, mail, Open Lines): the portal
   * records an activity on the deal (or its contact/company). Fields as crm-activity-fields.md lists
   * them; enums from crm/data-types.md#activity-enums: TYPE_ID 2 call, 4 e-mail, 6 provider-managed;
   * DIRECTION 1 incoming, 2 outgoing. PROVIDER_ID: undocumented values, assumed VOXIMPLANT_CALL for a
   * call, CRM_EMAIL for an e-mail, IMOPENLINES_SESSION for an Open Lines chat (what real portals show).
   * No event is sent here: the bot's sweep polls crm.activity.list.
   */
  recordContact(c: {
    ownerTypeId: 2 | 3 | 4;
    ownerId: number;
    kind: 'call' | 'email' | 'chat';
    direction: 'in' | 'out';
    responsibleId: number;
    completed?: boolean;
  }): number {
    const id = ++this.seq.activity;
    const at = this.stamp();
    const [typeId, provider] =
      c.kind === 'call'
        ? ['2', 'VOXIMPLANT_CALL']
        : c.kind === 'email'
          ? ['4', 'CRM_EMAIL']
          : ['6', 'IMOPENLINES_SESSION'];
    this.activityRows.set(id, {
      ID: String(id),
      OWNER_ID: String(c.ownerId),
      OWNER_TYPE_ID: String(c.ownerTypeId),
      TYPE_ID: typeId,
      PROVIDER_ID: provider,
      PROVIDER_TYPE_ID: c.kind.toUpperCase(),
      SUBJECT: c.kind === 'call' ? 'Исходящий звонок' : c.kind === 'email' ? 'Письмо' : 'Открытая линия',
      CREATED: at,
      LAST_UPDATED: at,
      START_TIME: at,
      END_TIME: at,
      DEADLINE: at,
      COMPLETED: c.completed === false ? 'N' : 'Y',
      STATUS: c.completed === false ? '1' : '2',
      RESPONSIBLE_ID: String(c.responsibleId),
      AUTHOR_ID: String(c.responsibleId),
      EDITOR_ID: String(c.responsibleId),
      DIRECTION: c.direction === 'out' ? '2' : '1',
      DESCRIPTION: '',
      DESCRIPTION_TYPE: '1',
      PRIORITY: '2',
    });
    return id;
  }

  /** A manager ticks the to-do off in the Bitrix24 UI (no event). */
  completeActivity(id: number): void {
    this.setActivity(this.fixtureActivity(id), { completed: true });
  }

  /** A manager drags the to-do to another time in the Bitrix24 UI (no event). */
  moveActivity(id: number, deadlineIso: string): void {
    const deadline = this.parseDate(deadlineIso);
    if (!deadline) throw new Error(`simulator: bad deadline ${deadlineIso}`);
    this.setActivity(this.fixtureActivity(id), { deadline });
  }

  /** A manager deletes the to-do in the Bitrix24 UI: crm.activity.get then answers "not found". */
  deleteActivity(id: number): void {
    if (!this.activityRows.delete(id)) throw new Error(`simulator: no activity ${id}`);
  }

  private fixtureActivity(id: number): Row {
    const row = this.activityRows.get(id);
    if (!row) throw new Error(`simulator: no activity ${id}`);
    return row;
  }

  // ---- fault injection, observation, events --------------------------------------------------

  /**
   * The next `count` requests to `method` ('*' = any) fail: 503 QUERY_LIMIT_EXCEEDED or 500 before
   * anything is done; NETWORK carries the call out and then drops the connection without an answer
   * (the case where a client cannot know whether it happened). Matches the HTTP method, so a
   * command inside a batch is reached with failNext('batch', …).
   */
  failNext(method: string, count: number, kind: Fault): void {
    this.faults.push({ method: method.toLowerCase(), left: count, kind });
  }

  /**
   * The webhook's user loses (or gets back) the right to modify smart invoices: crm.item.update then
   * answers 400 ACCESS_DENIED "Access denied" (crm/universal/crm-item-update.md, "Possible error
   * codes": the user has no permission to modify items of this entityTypeId). Reading still works.
   */
  denyItemUpdates(denied: boolean): void {
    this.itemUpdatesDenied = denied;
  }

  /**
   * The webhook's user loses (or gets back) the right to edit deals: crm.deal.update then answers 400
   * with an empty code and «Access denied» (crm/deals/crm-deal-update.md, "Possible error codes").
   */
  denyDealUpdates(denied: boolean): void {
    this.dealUpdatesDenied = denied;
  }

  /**
   * A test fault, not the portal's behaviour: calls to `method` (the HTTP method; not inside a batch)
   * wait until `release()` before they are answered — a slow portal, held still so a test can act
   * while the bot is reading. `reached` counts the calls that arrived at the gate.
   */
  hold(method: string): { readonly reached: number; release: () => void } {
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const entry = { gate, reached: 0 };
    const key = method.toLowerCase();
    this.holds.set(key, entry);
    return {
      get reached() {
        return entry.reached;
      },
      release: () => {
        this.holds.delete(key);
        release();
      },
    };
  }

  resetCalls(): void {
    this.calls = [];
  }

  /**
   * limits.md "Operating time limit": calls to `method` (also inside a batch) answer 429
   * OPERATION_TIME_LIMIT for `seconds`; other methods keep working.
   */
  blockMethod(method: string, seconds: number): void {
    this.operatingBlocks.set(method.toLowerCase(), Date.now() + seconds * 1000);
  }

  /** The webhook's scopes from now on (the admin edited the inbound webhook). */
  setScopes(scopes: string[]): void {
    this.scopes = new Set(scopes);
  }

  /**
   * Calls `onWrite` for every call of a method that changes the portal (also inside a batch):
   * shadow-mode tests make it fail the test.
   */
  guardWrites(onWrite: ((method: string) => void) | null): void {
    this.writeGuard = onWrite;
  }

  setEventHandler(url: string | null): void {
    this.handler = url ? { url, id: ++this.handlerIds } : null;
  }

  /**
   * A test fault, undocumented: assumed — the next deal created answers crm.deal.get with "not found"
   * for its first `reads` reads, as a portal whose read replica is behind its event queue would (the
   * event arrives before the deal can be read). A crm.deal.list it would be in reads the same replica:
   * the deal is missing from it, and that list counts as one of the reads.
   */
  hideNextDeal(reads: number): void {
    this.hidingNext = reads;
  }

  /** The next n outbound events are lost, and, as on a real portal, never sent again. */
  dropEvents(n: number): void {
    this.dropping += n;
  }

  /** Resolves once no outbound event is queued or in flight. */
  async whenEventsDelivered(): Promise<void> {
    for (let seen = this.outbound; ; seen = this.outbound) {
      await seen;
      if (seen === this.outbound) return;
    }
  }

  /**
   * A test fault, not the portal's behaviour: the next n outbound posts (CRM or webhook-mode bot
   * events) arrive twice with the same body, as through a retrying proxy or a handler bound twice.
   * The portal itself never re-sends (events/index.md: "No retries"), and fetch-mode events are
   * confirmed by offset (event-get.md). A dropped event does not use one up.
   */
  duplicateNextEvents(n: number): void {
    this.duplicating += n;
  }

  /** Queues the POST an outgoing webhook makes (events/index.md); posts go out one at a time, in order. */
  private emit(event: DealEvent, id: number): Promise<void> {
    const handler = this.handler;
    const body = handler
      ? new URLSearchParams({
          event,
          event_handler_id: String(handler.id),
          'data[FIELDS][ID]': String(id),
          ts: String(Math.floor(this.now().getTime() / 1000)),
          'auth[domain]': new URL(this.portalUrl).host,
          'auth[client_endpoint]': `${this.portalUrl}/rest/`,
          'auth[server_endpoint]': 'https://oauth.bitrix.info/rest/',
          'auth[member_id]': this.memberId,
          'auth[application_token]': this.applicationToken,
        }).toString()
      : '';
    return this.post(handler?.url ?? null, body, { event, id });
  }

  /** The outbound queue shared by CRM and bot events: one post at a time, in order; drops and duplicates apply. */
  private post(url: string | null, body: string, record: { event: string; id: number; botId?: number }): Promise<void> {
    const dropped = this.dropping > 0;
    if (dropped) this.dropping--;
    let copies = 1;
    if (url && !dropped && this.duplicating > 0) {
      this.duplicating--;
      copies = 2;
    }
    const send = async () => {
      if (dropped || !url) return;
      for (let i = 0; i < copies; i++) {
        let status = 0;
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
            signal: AbortSignal.timeout(EVENT_TIMEOUT_MS),
          });
          status = res.status;
          await res.arrayBuffer();
        } catch {
          status = 0; // the portal does not retry
        }
        this.eventsPosted.push({ ...record, status });
      }
    };
    const p = this.outbound.then(send);
    this.outbound = p.catch(() => undefined);
    return p;
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.serve(req, res);
    } catch (e) {
      // A bug in the simulator should fail the test that hit it, not crash the worker.
      if (!res.headersSent) this.send(res, 500, { error: 'SIMULATOR_ERROR', error_description: (e as Error).message });
      else res.destroy();
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', this.portalUrl);
    // An OAuth call (settings/oauth/index.md): /rest/<method> with `auth` = an access token. Only the
    // bots' own tokens (events.md#bot-format: data[bot][auth]) exist here, scope imbot.
    const oauth = /^\/rest\/([^/]+?)(?:\.json)?\/?$/.exec(url.pathname);
    if (oauth) return this.serveOAuth(req, res, decode(oauth[1]!).toLowerCase(), url, chunks, started);
    const m = /^\/rest\/([^/]+)\/([^/]+)\/([^/]+?)(?:\.json)?\/?$/.exec(url.pathname);
    if (!m) return this.send(res, 404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
    const method = decode(m[3]!).toLowerCase();
    const call = { method, at: started, status: 0 };
    this.calls.push(call);
    const answer = (status: number, body: unknown) => {
      call.status = status;
      this.send(res, status, body);
    };
    // _includes/system-errors.md: a wrong webhook code is 401 NO_AUTH_FOUND; a webhook whose user
    // lacks the rights (here: deactivated) is 403 INVALID_CREDENTIALS.
    if (m[1] !== String(this.userId) || m[2] !== this.token)
      return answer(401, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
    if (this.users.get(this.userId)?.ACTIVE === false)
      return answer(403, { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' });
    // _includes/system-errors.md: a refusal of the whole portal, whatever the method (setSystemRefusal).
    if (this.systemRefusal) {
      const r = SYSTEM_REFUSALS[this.systemRefusal];
      return answer(r.status, { error: r.error, error_description: r.description });
    }
    const hold = this.holds.get(method);
    if (hold) {
      hold.reached++;
      await hold.gate;
    }
    const fault = this.takeFault(method);
    if (fault === 'QUERY_LIMIT_EXCEEDED')
      return answer(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    if (fault === 'RATE_LIMIT_429')
      return answer(429, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    if (fault === 'OPERATION_TIME_LIMIT') this.blockMethod(method, 60);
    const blockedUntil = this.operatingBlocks.get(method);
    if (blockedUntil !== undefined && blockedUntil > Date.now())
      // limits.md: 429 OPERATION_TIME_LIMIT; the answer's time carries when the oldest basket resets.
      return answer(429, {
        error: 'OPERATION_TIME_LIMIT',
        error_description: 'Method is blocked due to operation time limit.',
        time: { ...this.time(started), operating_reset_at: Math.ceil(blockedUntil / 1000) },
      });
    const scope = scopeOf(method);
    if (scope && !this.scopes.has(scope))
      return answer(403, {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the webhook token',
      });
    if (fault === 'INTERNAL')
      return answer(500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    if (!this.admit()) return answer(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });

    let status = 200;
    let body: Row;
    try {
      const params = {
        ...parsePhpQuery(url.search.slice(1)),
        ...this.parseBody(req, Buffer.concat(chunks).toString('utf8')),
      };
      body = { ...this.dispatch(method, params), time: this.time(started) };
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      status = e.status;
      body = { error: e.code, error_description: e.description };
    }
    if (fault === 'NETWORK')
      req.socket.destroy(); // carried out, but the answer is lost
    else answer(status, body);
    // Events leave after the answer, like the portal's event queue: the reply never waits for them.
    for (const queue of this.pendingEvents.splice(0)) queue();
  }

  private serveOAuth(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    chunks: Buffer[],
    started: number,
  ): void {
    const call = { method, at: started, status: 0 };
    this.calls.push(call);
    const answer = (status: number, body: unknown) => {
      call.status = status;
      this.send(res, status, body);
    };
    let params: Row;
    try {
      params = {
        ...parsePhpQuery(url.search.slice(1)),
        ...this.parseBody(req, Buffer.concat(chunks).toString('utf8')),
      };
    } catch (e) {
      answer(400, { error: 'INVALID_REQUEST', error_description: (e as Error).message });
      return;
    }
    const bot = [...this.imBots.values()].find((b) => b.accessToken === str(params.auth));
    // _includes/system-errors.md: 401 NO_AUTH_FOUND for an unknown access token.
    if (!str(params.auth) || !bot) {
      answer(401, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
      return;
    }
    if (scopeOf(method) !== 'imbot') {
      answer(403, {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the webhook token',
      });
      return;
    }
    try {
      // event-get.md, bot-get.md: "botToken … not needed for OAuth" — the application is the token's.
      const body = { ...this.dispatch(method, { ...params, botToken: bot.token }), time: this.time(started) };
      answer(200, body);
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      answer(e.status, { error: e.code, error_description: e.description });
    }
  }

  private parseBody(req: IncomingMessage, text: string): Row {
    if (!text.trim()) return {};
    const type = req.headers['content-type'] ?? '';
    if (type.includes('json')) {
      try {
        const v: unknown = JSON.parse(text);
        return isObj(v) ? v : {};
      } catch {
        throw new RestError(400, 'INVALID_REQUEST', 'Invalid JSON');
      }
    }
    return parsePhpQuery(text);
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  private takeFault(method: string): Fault | null {
    const f = this.faults.find((x) => x.left > 0 && (x.method === '*' || x.method === method));
    if (!f) return null;
    f.left--;
    this.faults = this.faults.filter((x) => x.left > 0);
    return f.kind;
  }

  /** The leaky bucket of limits.md, on real time: refused requests do not fill it. */
  private admit(): boolean {
    const b = this.bucket;
    if (!b) return true;
    const t = performance.now();
    b.level = Math.max(0, b.level - (t - b.last) * b.drainPerMs);
    b.last = t;
    if (b.level + 1 > b.capacity) return false;
    b.level += 1;
    return true;
  }

  private time(startedMs: number): Row {
    const finished = Date.now();
    return {
      start: startedMs / 1000,
      finish: finished / 1000,
      duration: (finished - startedMs) / 1000,
      processing: (finished - startedMs) / 1000,
      date_start: formatDate(new Date(startedMs), this.tz),
      date_finish: formatDate(new Date(finished), this.tz),
      operating_reset_at: Math.floor(startedMs / 1000) + 600,
      operating: 0,
    };
  }

  private stamp(at: Date = this.now()): string {
    return formatDate(at, this.tz);
  }

  // ---- REST methods -------------------------------------------------------------------------

  private dispatch(method: string, p: Row): Reply {
    const handler = this.methods[method] ?? this.botMethods[method];
    if (!handler) throw new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    if (this.writeGuard && isWrite(method)) this.writeGuard(method);
    return handler(p);
  }

  private readonly methods: Record<string, (p: Row) => Reply> = {
    // settings/how-to-call-rest-api/batch.md
    batch: (p) => this.batch(p),
    // common/system/server-time.md
    'server.time': () => ({ result: this.stamp() }),
    // common/users/profile.md
    profile: () => {
      const u = this.users.get(this.userId);
      return {
        result: {
          ID: String(this.userId),
          ADMIN: true,
          NAME: str(u?.NAME),
          LAST_NAME: str(u?.LAST_NAME),
          PERSONAL_GENDER: str(u?.PERSONAL_GENDER),
          TIME_ZONE: '',
        },
      };
    },
    // common/scope.md: the webhook's scopes.
    scope: () => ({ result: [...this.scopes] }),

    // crm/deals/crm-deal-get.md
    'crm.deal.get': (p) => {
      const id = int(p.id ?? p.ID);
      const hidden = this.unreadable.get(id) ?? 0;
      if (hidden > 0) {
        this.unreadable.set(id, hidden - 1);
        throw notFound();
      }
      return { result: { ...this.mustGet(this.deals, p) } };
    },
    // crm/deals/crm-deal-list.md
    'crm.deal.list': (p) => {
      // crm-deal-list.md filters date fields by `datetime` values (data-types.md): checked as strictly.
      for (const [key, v] of Object.entries(isObj(p.filter) ? p.filter : {}))
        if (/DATE_(MODIFY|CREATE)$/.test(key) && !/^\d{4}-\d\d-\d\d$/.test(str(v)) && this.parseDate(v) === null)
          throw new RestError(
            400,
            'INVALID_ARG_VALUE',
            `Invalid value for filter field ${key}: expected YYYY-MM-DDThh:mm:ss±hh:mm`,
          );
      // hideNextDeal: a lagging replica misses the deal in lists too (each such list is one read).
      const filter = isObj(p.filter) ? p.filter : {};
      const visible = [...this.deals.values()].filter((row) => {
        const id = Number(row.ID);
        const hidden = this.unreadable.get(id) ?? 0;
        if (hidden <= 0 || !matches(row, filter)) return true;
        this.unreadable.set(id, hidden - 1);
        return false;
      });
      return list(visible, p);
    },
    // crm/deals/crm-deal-add.md (the outbound webhook then posts ONCRMDEALADD: events/index.md)
    'crm.deal.add': (p) => {
      const id = this.insertDeal(isObj(p.fields) ? p.fields : {}, false);
      this.pendingEvents.push(() => void this.emit('ONCRMDEALADD', id));
      return { result: id };
    },
    // crm/deals/crm-deal-update.md (then ONCRMDEALUPDATE)
    'crm.deal.update': (p) => {
      const row = this.mustGet(this.deals, p);
      // crm-deal-update.md, "Possible error codes": an empty code, «Access denied» — no right to edit deals.
      if (this.dealUpdatesDenied) throw new RestError(400, '', 'Access denied');
      this.writeDeal(Number(row.ID), isObj(p.fields) ? p.fields : {}, false);
      this.pendingEvents.push(() => void this.emit('ONCRMDEALUPDATE', Number(row.ID)));
      return { result: true };
    },
    // crm/deals/crm-deal-delete.md (then ONCRMDEALDELETE)
    'crm.deal.delete': (p) => {
      const id = Number(this.mustGet(this.deals, p).ID);
      this.deals.delete(id);
      this.pendingEvents.push(() => void this.emit('ONCRMDEALDELETE', id));
      return { result: true };
    },
    // crm/contacts/crm-contact-get.md
    'crm.contact.get': (p) => ({ result: { ...this.mustGet(this.contacts, p) } }),
    // crm/contacts/crm-contact-list.md
    'crm.contact.list': (p) => list(this.contacts.values(), p, { multi: ['PHONE', 'EMAIL'] }),
    // crm/companies/crm-company-get.md
    'crm.company.get': (p) => ({ result: { ...this.mustGet(this.companies, p) } }),
    // crm/companies/crm-company-list.md
    'crm.company.list': (p) => list(this.companies.values(), p, { multi: ['PHONE', 'EMAIL'] }),
    // crm/requisites/universal/crm-requisite-list.md
    'crm.requisite.list': (p) => list(this.requisites, p),

    // Universal methods (crm-item-*.md), new invoices only: answers are wrapped in {items} / {item}.
    'crm.item.list': (p) => {
      this.smartInvoiceType(p);
      const filter = isObj(p.filter) ? p.filter : {};
      for (const key of Object.keys(filter)) this.itemField(key, 'filter');
      const order = isObj(p.order) ? p.order : {};
      for (const [key, dir] of Object.entries(order)) {
        this.itemField(key, 'order');
        if (!/^(asc|desc)$/i.test(str(dir)))
          throw new RestError(
            400,
            'INVALID_ARG_VALUE',
            `Invalid order: allowed sort directions are ASC, DESC. But got '${str(dir)}' for field '${key}'`,
          );
      }
      const rows = sortRows(
        [...this.smartInvoices.values()].filter((r) => matches(r, filter)),
        order,
      );
      const page = paginate(rows, p.start);
      const names = toList(p.select).map(str);
      const all = names.length === 0 || names.includes('*');
      const items = (page.result as Row[]).map((r) =>
        all
          ? structuredClone(r)
          : Object.fromEntries(Object.entries(r).filter(([k]) => k === 'id' || names.includes(k))),
      );
      return { ...page, result: { items } };
    },
    // crm/universal/crm-item-fields.md: {fields: {name: {…, title, upperName}}}, custom ones isDynamic.
    'crm.item.fields': (p) => {
      this.smartInvoiceType(p);
      const describe = (type: string, title: string, upper: string, dynamic: boolean) => ({
        type,
        isRequired: false,
        isReadOnly: false,
        isImmutable: false,
        isMultiple: false,
        isDynamic: dynamic,
        title,
        upperName: upper,
      });
      const fields: Row = {};
      for (const k of ITEM_FIELDS) fields[k] = describe('string', k, upperName(k), false);
      for (const uf of this.invoiceUserFields.smart) fields[ufItemName(uf)] = describe('string', uf, uf, true);
      return { result: { fields } };
    },
    // crm/universal/crm-item-get.md
    'crm.item.get': (p) => {
      this.smartInvoiceType(p);
      return { result: { item: structuredClone(this.mustGetItem(p)) } };
    },
    // crm/universal/crm-item-add.md (b24restdocs api-reference/crm/universal/crm-item-add.md), new invoices
    // (entityTypeId 31) only, as the rest of crm.item here. `fields` is required; the Invoice tab's fields
    // are taken (title, xmlId, assignedById, opened, begindate, closedate, companyId, contactId, contactIds,
    // observers, stageId, sourceId, currencyId, isManualOpportunity, opportunity, taxValue, mycompanyId,
    // parentId… — parentId2 is the deal, universal/invoice.md — and ufCrm… custom fields); "An incorrect
    // field in fields will be ignored" — accountNumber is none of them, so the portal numbers the invoice
    // (assumed: its default numbering, by id). Defaults as the page gives them: the first stage, the
    // default currency, the caller as responsible, opened Y, begindate today, closedate + 7 days, title
    // «Счёт #id» ({entityTypeName} #{id}). Values are checked: a stage or currency the portal does not
    // have, or a sum that is no number, is 400 CRM_FIELD_ERROR_VALUE_NOT_VALID 'Invalid value for field
    // "…"' ("Possible error codes"); a deal (parentId2) that does not exist likewise (assumed).
    'crm.item.add': (p) => {
      this.smartInvoiceType(p);
      if (!isObj(p.fields)) throw new RestError(400, 'INVALID_ARG_VALUE', 'Required parameter "fields" is not set');
      const f = p.fields;
      const invalid = (title: string) =>
        new RestError(400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', `Invalid value for field "${title}"`);
      const stageId = 'stageId' in f ? str(f.stageId) : SMART_INVOICE_STAGES[0]!.id;
      if (!SMART_INVOICE_STAGES.some((s) => s.id === stageId)) throw invalid('Стадия');
      const currencyId = 'currencyId' in f ? str(f.currencyId).toUpperCase() : 'RUB';
      if (!PORTAL_CURRENCIES.includes(currencyId)) throw invalid('Валюта');
      const money = (k: string, title: string): number => {
        if (!(k in f) || f[k] === null || f[k] === '') return 0;
        const n = Number(f[k]);
        if (!Number.isFinite(n)) throw invalid(title);
        return n;
      };
      const opportunity = money('opportunity', 'Сумма');
      const taxValue = money('taxValue', 'Сумма налога');
      const dealId = int(f.parentId2);
      if (dealId > 0 && !this.deals.has(dealId)) throw invalid('Сделка');
      const id = ++this.seq.smartInvoice;
      const at = this.stamp();
      const day = (offsetDays: number) =>
        `${this.stamp(new Date(this.now().getTime() + offsetDays * 86_400_000)).slice(0, 10)}T00:00:00${this.tz}`;
      const contactIds = Array.isArray(f.contactIds) ? f.contactIds.map(int).filter((n) => n > 0) : [];
      const contactId = int(f.contactId) || contactIds[0] || 0;
      const known = new Set([...this.invoiceUserFields.smart].map(ufItemName));
      const row: Row = {
        id,
        xmlId: 'xmlId' in f ? str(f.xmlId) : null,
        title: str(f.title) || `Счёт #${id}`,
        accountNumber: String(id),
        entityTypeId: SMART_INVOICE,
        categoryId: SMART_INVOICE_CATEGORY,
        stageId,
        previousStageId: '',
        opportunity,
        isManualOpportunity: str(f.isManualOpportunity) === 'Y' ? 'Y' : 'N',
        taxValue,
        currencyId,
        companyId: int(f.companyId),
        contactId,
        contactIds: contactIds.length ? contactIds : contactId ? [contactId] : [],
        mycompanyId: int(f.mycompanyId),
        parentId2: dealId,
        assignedById: int(f.assignedById) > 0 ? int(f.assignedById) : this.userId,
        createdBy: this.userId,
        updatedBy: this.userId,
        movedBy: this.userId,
        createdTime: at,
        updatedTime: at,
        movedTime: at,
        begindate: 'begindate' in f && str(f.begindate) ? str(f.begindate) : day(0),
        closedate: 'closedate' in f && str(f.closedate) ? str(f.closedate) : day(7),
        opened: str(f.opened) === 'N' ? 'N' : 'Y',
        ...Object.fromEntries([...known].map((k) => [k, k in f && f[k] !== null ? str(f[k]) : null])),
      };
      this.smartInvoices.set(id, row);
      return { result: { item: structuredClone(row) } };
    },
    // crm/universal/crm-item-update.md
    'crm.item.update': (p) => {
      this.smartInvoiceType(p);
      const row = this.mustGetItem(p);
      // crm-item-update.md, "Possible error codes": 400 ACCESS_DENIED when the user may not modify the type.
      if (this.itemUpdatesDenied) throw new RestError(400, 'ACCESS_DENIED', 'Access denied');
      const f = isObj(p.fields) ? p.fields : {};
      if ('stageId' in f && str(f.stageId) !== row.stageId) {
        const stage = SMART_INVOICE_STAGES.find((s) => s.id === str(f.stageId));
        if (!stage) throw new RestError(400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', 'Invalid value for field "Стадия"');
        row.previousStageId = row.stageId;
        row.stageId = stage.id;
        row.movedTime = this.stamp();
        row.movedBy = this.userId;
      }
      if ('title' in f) row.title = str(f.title);
      // crm-item-update.md: currencyId is a writable field (crm_currency, the portal's currencies,
      // crm/currency/crm-currency-list.md); it was dropped here, so an invoice in dollars could not
      // be staged. A currency the portal does not have is refused (undocumented: assumed, like a stage).
      if ('currencyId' in f) {
        const currency = str(f.currencyId).toUpperCase();
        if (!PORTAL_CURRENCIES.includes(currency))
          throw new RestError(400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', 'Invalid value for field "Валюта"');
        row.currencyId = currency;
      }
      if ('assignedById' in f && int(f.assignedById) > 0) row.assignedById = int(f.assignedById);
      // A manager correcting the sum of an invoice that is still «Новый».
      if ('opportunity' in f && Number.isFinite(Number(f.opportunity))) row.opportunity = Number(f.opportunity);
      // Custom fields, by their crm.item names (crm-item-update.md: ufCrm… in camelCase); a name that
      // is no field of the invoice is not stored (undocumented: assumed ignored, as unknown keys are).
      const known = new Set([...this.invoiceUserFields.smart].map(ufItemName));
      for (const [k, v] of Object.entries(f)) if (known.has(k)) row[k] = v === null ? null : str(v);
      row.updatedTime = this.stamp();
      row.updatedBy = this.userId;
      return { result: { item: structuredClone(row) } };
    },

    // Legacy invoices (outdated/invoice/*): UPPER_CASE strings, not-found with an empty error code.
    'crm.invoice.list': (p) => list(this.legacyInvoices.values(), p),
    // crm/outdated/invoice/crm-invoice-fields.md: every field by its UPPER_CASE name, custom ones too.
    'crm.invoice.fields': () => {
      const sample = this.legacyInvoices.values().next().value ?? {};
      const names = new Set([
        'ID',
        'ACCOUNT_NUMBER',
        'ORDER_TOPIC',
        'PRICE',
        'CURRENCY',
        'STATUS_ID',
        ...Object.keys(sample),
      ]);
      for (const uf of this.invoiceUserFields.legacy) names.add(uf);
      const fields: Row = {};
      for (const n of names)
        fields[n] = { type: 'string', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false };
      return { result: fields };
    },
    // crm/outdated/invoice/crm-invoice-get.md
    'crm.invoice.get': (p) => ({ result: { ...this.mustGet(this.legacyInvoices, p) } }),
    // crm/outdated/invoice/crm-invoice-update.md
    'crm.invoice.update': (p) => {
      const row = this.mustGet(this.legacyInvoices, p);
      const f = isObj(p.fields) ? p.fields : {};
      const at = this.stamp();
      if ('STATUS_ID' in f && str(f.STATUS_ID) !== row.STATUS_ID) {
        const status = LEGACY_INVOICE_STATUSES.find((s) => s.id === str(f.STATUS_ID));
        if (!status) throw new RestError(400, '', 'Invalid STATUS_ID');
        row.STATUS_ID = status.id;
        row.DATE_STATUS = at;
        row.EMP_STATUS_ID = String(this.userId);
        row.PAYED = status.semantics === 'S' ? 'Y' : 'N';
        row.DATE_PAYED = status.semantics === 'S' ? at : null;
        if (status.semantics === 'S') row.EMP_PAYED_ID = String(this.userId);
        row.DATE_MARKED = status.semantics === 'F' ? at : null;
      }
      for (const k of [
        'PAY_VOUCHER_NUM',
        'PAY_VOUCHER_DATE',
        'REASON_MARKED',
        'ORDER_TOPIC',
        'RESPONSIBLE_ID',
        'COMMENTS',
        'USER_DESCRIPTION',
        // Custom fields (crm-invoice-user-field-add.md: always UF_CRM_…).
        ...Object.keys(f).filter((k) => k.startsWith('UF_CRM_')),
      ])
        if (k in f) row[k] = f[k] === null || f[k] === undefined ? null : str(f[k]);
      row.DATE_UPDATE = at;
      // No deal event: invoices have their own (ONCRMINVOICEUPDATE), which this portal does not post.
      return { result: true };
    },

    // crm/universal/category/crm-category-list.md
    'crm.category.list': (p) => {
      if (int(p.entityTypeId) === SMART_INVOICE) {
        const categories = this.smartInvoicesOn
          ? [{ id: SMART_INVOICE_CATEGORY, name: 'Счета', sort: 500, entityTypeId: SMART_INVOICE, isDefault: 'Y' }]
          : [];
        return { result: { categories }, total: categories.length };
      }
      const cats = int(p.entityTypeId) === 2 ? [...this.categories.values()].sort((a, b) => a.sort - b.sort) : [];
      const categories = cats.map((c) =>
        c.id === 0
          ? { id: 0, name: c.name, sort: c.sort, entityTypeId: 2, isDefault: 'Y' }
          : { id: c.id, name: c.name, sort: c.sort, entityTypeId: 2, isDefault: 'N', originId: '', originatorId: '' },
      );
      // crm-category-list.md: "returns a single page (max 50 records)"; `start` pages on.
      const page = paginate(categories, p.start);
      return { ...page, result: { categories: page.result } };
    },
    // Legacy: lists the extra pipelines only; the general one is not a "deal category" there.
    'crm.dealcategory.list': (p) =>
      list(
        [...this.categories.values()]
          .filter((c) => c.id !== 0)
          .map((c) => ({
            ID: String(c.id),
            CREATED_DATE: this.stamp(),
            NAME: c.name,
            IS_LOCKED: 'N',
            SORT: String(c.sort),
          })),
        p,
      ),
    // crm/status/crm-status-list.md
    'crm.status.list': (p) => {
      const rows = this.stageRows().filter((r) => matches(r, isObj(p.filter) ? p.filter : {}));
      const sorted = sortRows(rows, isObj(p.order) ? p.order : { SORT: 'ASC' });
      // crm-status-list.md: "returns a single page (max 50 records)".
      return paginate(sorted, p.start);
    },

    // user/user-get.md
    'user.get': (p) => {
      const known = new Set(['sort', 'order', 'select', 'start', 'filter', 'admin_mode', 'image_resize', 'auth']);
      const loose = Object.fromEntries(Object.entries(p).filter(([k]) => !known.has(k.toLowerCase())));
      const filter = { ...loose, ...(isObj(p.FILTER) ? p.FILTER : isObj(p.filter) ? p.filter : {}) };
      return list(this.users.values(), p, { filter, order: this.legacyOrder(p) });
    },
    // chats/notifications/im-notify-personal-add.md
    'im.notify.personal.add': (p) => {
      const userId = int(p.USER_ID);
      const message = str(p.MESSAGE).trim();
      if (!this.users.has(userId)) throw new RestError(400, 'USER_ID_EMPTY', 'User ID can`t be empty');
      if (!message) throw new RestError(400, 'MESSAGE_EMPTY', 'Message can`t be empty');
      this.sentNotifications.push({ userId, message });
      return { result: this.sentNotifications.length };
    },
    // departments/department-get.md
    'department.get': (p) => {
      const filter = Object.fromEntries(
        Object.entries(p).filter(([k]) => ['ID', 'NAME', 'SORT', 'PARENT', 'UF_HEAD'].includes(k)),
      );
      return list(this.departments.values(), p, { filter, order: this.legacyOrder(p) });
    },

    // crm/timeline/comments/crm-timeline-comment-add.md
    'crm.timeline.comment.add': (p) => {
      const f = isObj(p.fields) ? p.fields : {};
      const type = str(f.ENTITY_TYPE).toLowerCase();
      const entityId = int(f.ENTITY_ID);
      if (!type || !(entityId > 0))
        throw new RestError(400, '100', 'Required fields are not provided: ENTITY_ID, ENTITY_TYPE');
      const owners: Record<string, Map<number, Row>> = {
        deal: this.deals,
        contact: this.contacts,
        company: this.companies,
      };
      if (!owners[type]?.has(entityId)) throw new RestError(400, 'OWNER_NOT_FOUND', 'Owner of the item not found');
      if (!str(f.COMMENT).trim()) throw new RestError(400, 'INVALID_ARG_VALUE', 'Empty comment');
      const id = ++this.seq.comment;
      this.comments.push({
        ID: String(id),
        ENTITY_ID: String(entityId),
        ENTITY_TYPE: type,
        CREATED: this.stamp(),
        COMMENT: str(f.COMMENT),
        AUTHOR_ID: String(int(f.AUTHOR_ID) > 0 ? int(f.AUTHOR_ID) : this.userId),
        FILES: {},
      });
      return { result: id };
    },
    // Universal to-do (timeline/activities/todo/*): camelCase params, answers {id}; errors carry real codes.
    'crm.activity.todo.add': (p) => {
      this.required(p, ['ownerTypeId', 'ownerId', 'deadline']);
      const owner = this.activityOwner(p);
      const deadline = this.parseDate(p.deadline);
      if (!deadline) throw new RestError(400, 'WRONG_DATETIME_FORMAT', 'Wrong datetime format');
      const id = ++this.seq.activity;
      const at = this.stamp();
      const responsible = int(p.responsibleId) > 0 ? int(p.responsibleId) : this.userId;
      this.activityRows.set(id, {
        ID: String(id),
        OWNER_ID: String(owner.id),
        OWNER_TYPE_ID: String(owner.typeId),
        TYPE_ID: '6',
        PROVIDER_ID: 'CRM_TODO',
        PROVIDER_TYPE_ID: 'TODO',
        PROVIDER_GROUP_ID: null,
        ASSOCIATED_ENTITY_ID: '0',
        SUBJECT: str(p.title),
        CREATED: at,
        LAST_UPDATED: at,
        START_TIME: deadline,
        END_TIME: deadline,
        DEADLINE: deadline,
        COMPLETED: 'N',
        STATUS: '1',
        RESPONSIBLE_ID: String(responsible),
        PRIORITY: '2',
        NOTIFY_TYPE: '0',
        NOTIFY_VALUE: '0',
        DESCRIPTION: str(p.description),
        DESCRIPTION_TYPE: '1',
        DIRECTION: '0',
        LOCATION: '',
        SETTINGS: [],
        ORIGINATOR_ID: null,
        ORIGIN_ID: null,
        AUTHOR_ID: String(this.userId),
        EDITOR_ID: String(this.userId),
        PROVIDER_PARAMS: [],
        PROVIDER_DATA: null,
        RESULT_MARK: '0',
        RESULT_VALUE: null,
        RESULT_SUM: null,
        RESULT_CURRENCY_ID: null,
        RESULT_STATUS: '0',
        RESULT_STREAM: '0',
        RESULT_SOURCE_ID: null,
        AUTOCOMPLETE_RULE: '0',
      });
      return { result: { id } };
    },
    // Method names are case-insensitive on the portal; dispatch looks them up lower-cased.
    'crm.activity.todo.updatedeadline': (p) => {
      this.required(p, ['id', 'ownerTypeId', 'ownerId', 'value']);
      const owner = this.activityOwner(p);
      const row = this.activityRows.get(int(p.id));
      if (
        row?.PROVIDER_ID !== 'CRM_TODO' ||
        row.OWNER_TYPE_ID !== String(owner.typeId) ||
        row.OWNER_ID !== String(owner.id)
      )
        throw new RestError(400, 'NOT_FOUND', 'Not found.');
      if (row.COMPLETED === 'Y')
        throw new RestError(400, 'CAN_NOT_UPDATE_COMPLETED_TODO', 'Completed activity cannot be modified');
      const deadline = this.parseDate(p.value);
      if (!deadline) throw new RestError(400, 'WRONG_DATETIME_FORMAT', 'Wrong datetime format');
      this.setActivity(row, { deadline });
      return { result: { id: Number(row.ID) } };
    },
    // Legacy crm.activity.* (activity-base/*): UPPER_CASE strings, errors with an empty code.
    'crm.activity.get': (p) => ({ result: structuredClone(this.mustGetActivity(p)) }),
    // crm/timeline/activities/activity-base/crm-activity-list.md
    // Its date fields are `datetime` (crm-activity-fields.md, data-types.md: YYYY-MM-DDThh:mm:ss±hh:mm):
    // a filter value in another form is refused, as crm.deal.list's (never more lenient than the docs;
    // undocumented: assumed refused rather than read some other way).
    'crm.activity.list': (p) => {
      for (const [key, v] of Object.entries(isObj(p.filter) ? p.filter : {}))
        if (
          /(^|[^A-Z_])(LAST_UPDATED|CREATED|DEADLINE|START_TIME|END_TIME)$/.test(key) &&
          !/^\d{4}-\d\d-\d\d$/.test(str(v)) &&
          this.parseDate(v) === null
        )
          throw new RestError(
            400,
            'INVALID_ARG_VALUE',
            `Invalid value for filter field ${key}: expected YYYY-MM-DDThh:mm:ss±hh:mm`,
          );
      return list(this.activityRows.values(), p, { order: isObj(p.order) ? p.order : { START_TIME: 'ASC' } });
    },
    // crm-activity-update.md (DEPRECATED, development halted, still answered): the only documented completion of a to-do.
    'crm.activity.update': (p) => {
      const row = this.mustGetActivity(p);
      const f = isObj(p.fields) ? p.fields : {};
      if ('SUBJECT' in f && !str(f.SUBJECT).trim())
        throw new RestError(400, '', 'The field SUBJECT is not defined or empty.');
      if ('RESPONSIBLE_ID' in f && !(int(f.RESPONSIBLE_ID) > 0))
        throw new RestError(400, '', 'The field RESPONSIBLE_ID is not defined or invalid.');
      const when = f.DEADLINE ?? f.END_TIME ?? f.START_TIME;
      const deadline = when === undefined ? undefined : this.parseDate(when);
      if (deadline === null) throw new RestError(400, '', 'The field DEADLINE is invalid.');
      if ('SUBJECT' in f) row.SUBJECT = str(f.SUBJECT);
      if ('DESCRIPTION' in f) row.DESCRIPTION = str(f.DESCRIPTION);
      if ('RESPONSIBLE_ID' in f) row.RESPONSIBLE_ID = String(int(f.RESPONSIBLE_ID));
      this.setActivity(row, {
        ...(deadline ? { deadline } : {}),
        ...('COMPLETED' in f ? { completed: truthy(f.COMPLETED) } : {}),
      });
      return { result: true };
    },

    // crm/timeline/comments/crm-timeline-comment-list.md
    'crm.timeline.comment.list': (p) => {
      const f = isObj(p.filter) ? p.filter : {};
      if (f.ENTITY_ID === undefined || f.ENTITY_TYPE === undefined)
        throw new RestError(400, '', 'ENTITY_ID and ENTITY_TYPE are required in filter');
      return list(this.comments, p);
    },
  };

  /** user.get and department.get take `sort` + `order` strings instead of an order object. */
  private legacyOrder(p: Row): Row {
    if (isObj(p.order)) return p.order;
    return { [str(p.sort) || 'ID']: str(p.order) || 'ASC' };
  }

  /** Only entityTypeId 31 is modelled; anything else, or 31 on a portal without it, is "SPA not found". */
  private smartInvoiceType(p: Row): void {
    if (int(p.entityTypeId ?? p.ENTITY_TYPE_ID) !== SMART_INVOICE || !this.smartInvoicesOn)
      throw new RestError(400, 'NOT_FOUND', 'SPA not found');
  }

  private itemField(key: string, where: 'filter' | 'order'): void {
    const field = /^(!@|!=|!%|>=|<=|=%|%=|>|<|@|!|=|%)?(.+)$/.exec(key)![2]!;
    if (!ITEM_FIELDS.has(field))
      throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid ${where}: field '${field}' is not allowed in ${where}`);
  }

  /** crm-item-get.md: a missing item is 400 NOT_FOUND (a real code, unlike the legacy methods). */
  private mustGetItem(p: Row): Row {
    const id = int(p.id);
    const row = id > 0 ? this.smartInvoices.get(id) : undefined;
    if (!row) throw new RestError(400, 'NOT_FOUND', 'Element not found');
    return row;
  }

  /** D7 controllers (crm.activity.todo.*) refuse a missing parameter with code 100. */
  private required(p: Row, names: string[]): void {
    const missing = names.find((n) => p[n] === undefined || p[n] === null || p[n] === '');
    if (missing) throw new RestError(400, '100', `Could not find value for parameter {${missing}}`);
  }

  /** The deal, contact or company a to-do hangs on; anything else is OWNER_NOT_FOUND (crm-activity-todo-add.md). */
  private activityOwner(p: Row): { typeId: number; id: number } {
    const typeId = int(p.ownerTypeId);
    const id = int(p.ownerId);
    const tables: Record<number, Map<number, Row>> = {
      [OWNER_TYPES.deal]: this.deals,
      [OWNER_TYPES.contact]: this.contacts,
      [OWNER_TYPES.company]: this.companies,
    };
    if (!tables[typeId]?.has(id)) throw new RestError(400, 'OWNER_NOT_FOUND', 'Owner of the entity not found');
    return { typeId, id };
  }

  private mustGetActivity(p: Row): Row {
    const id = int(p.id ?? p.ID);
    if (!(id > 0)) throw new RestError(400, '', 'ID is not defined or invalid.');
    const row = this.activityRows.get(id);
    if (!row) throw new RestError(400, '', 'Activity is not found.');
    return row;
  }

  /** A to-do's deadline is its START_TIME and END_TIME too; completing sets STATUS 2 (crm_enum_activitystatus). */
  private setActivity(row: Row, change: { deadline?: string; completed?: boolean }): void {
    if (change.deadline !== undefined) row.DEADLINE = row.START_TIME = row.END_TIME = change.deadline;
    if (change.completed !== undefined) {
      row.COMPLETED = change.completed ? 'Y' : 'N';
      row.STATUS = change.completed ? '2' : '1';
    }
    row.LAST_UPDATED = this.stamp();
    row.EDITOR_ID = String(this.userId);
  }

  /**
   * A date-time as data-types.md documents it, `YYYY-MM-DDThh:mm:ss±hh:mm`, or without the offset
   * (portal time, as the to-do pages' examples write it). Never more lenient than the docs:
   * fractions of a second and `Z` are refused (undocumented: assumed the portal rejects them).
   */
  private parseDate(v: unknown): string | null {
    const s = str(v).trim();
    const local = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(s);
    if (!local && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(s)) return null;
    const ms = Date.parse(local ? `${s}${this.tz}` : s);
    return Number.isFinite(ms) ? this.stamp(new Date(ms)) : null;
  }

  private mustGet(table: Map<number, Row>, p: Row): Row {
    const id = int(p.id ?? p.ID);
    if (!(id > 0)) throw new RestError(400, '', 'ID is not defined or invalid.');
    const row = table.get(id);
    if (!row) throw notFound();
    return row;
  }

  /** crm.status.list rows (crm-status-list.md): DEAL_STAGE, DEAL_STAGE_5…, SMART_INVOICE_STAGE_3, INVOICE_STATUS. */
  private stageRows(): Row[] {
    const rows: Row[] = [];
    let id = 100;
    const push = (entityId: string, stages: Stage[], categoryId: string | null) =>
      stages.forEach((s, i) => {
        const color = s.semantics === 'S' ? '#7BD500' : s.semantics === 'F' ? '#FF5752' : '#39A8EF';
        rows.push({
          ID: String(++id),
          ENTITY_ID: entityId,
          STATUS_ID: s.id,
          NAME: s.name,
          NAME_INIT: s.name,
          SORT: String((i + 1) * 10),
          SYSTEM: i === 0 || s.semantics ? 'Y' : 'N',
          CATEGORY_ID: categoryId,
          COLOR: color,
          SEMANTICS: s.semantics,
          EXTRA: {
            SEMANTICS: s.semantics === 'S' ? 'success' : s.semantics === 'F' ? 'failure' : 'process',
            COLOR: color,
          },
        });
      });
    for (const c of this.categories.values())
      push(c.id === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${c.id}`, c.stages, c.id === 0 ? null : String(c.id));
    if (this.smartInvoicesOn)
      push(`SMART_INVOICE_STAGE_${SMART_INVOICE_CATEGORY}`, SMART_INVOICE_STAGES, String(SMART_INVOICE_CATEGORY));
    push('INVOICE_STATUS', LEGACY_INVOICE_STATUSES, null);
    return rows;
  }

  private batch(p: Row): Reply {
    const halt = truthy(p.halt ?? p.HALT);
    const cmd = p.cmd ?? p.CMD;
    const entries: Array<[string, unknown]> = Array.isArray(cmd)
      ? cmd.map((c, i) => [String(i), c])
      : Object.entries(isObj(cmd) ? cmd : {});
    const acc: Record<string, Row> = { result: {}, error: {}, total: {}, next: {}, time: {} };
    let n = 0;
    for (const [key, line] of entries) {
      const started = Date.now();
      try {
        if (++n > BATCH_MAX) throw new RestError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
        const text = str(line);
        const q = text.indexOf('?');
        const method = (q < 0 ? text : text.slice(0, q)).toLowerCase();
        if (method === 'batch')
          throw new RestError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage');
        const params = resolveRefs(q < 0 ? {} : parsePhpQuery(text.slice(q + 1)), acc) as Row;
        const blocked = this.operatingBlocks.get(method);
        // limits.md: the block is per method, inside a batch too.
        if (blocked !== undefined && blocked > Date.now())
          throw new RestError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.');
        const scope = scopeOf(method);
        if (scope && !this.scopes.has(scope))
          // batch.md shows insufficient_scope per command in result_error.
          throw new RestError(
            403,
            'insufficient_scope',
            'The request requires higher privileges than provided by the webhook token',
          );
        const reply = this.dispatch(method, params);
        acc.result![key] = reply.result;
        if (reply.total !== undefined) acc.total![key] = reply.total;
        if (reply.next !== undefined) acc.next![key] = reply.next;
        acc.time![key] = this.time(started);
      } catch (e) {
        if (!(e instanceof RestError)) throw e;
        acc.error![key] = { error: e.code, error_description: e.description };
        if (halt) break;
      }
    }
    return {
      result: {
        result: phpMap(acc.result!),
        result_error: phpMap(acc.error!),
        result_total: phpMap(acc.total!),
        result_next: phpMap(acc.next!),
        result_time: phpMap(acc.time!),
      },
    };
  }

  // ---- deals ----------------------------------------------------------------------------------

  private insertDeal(fields: object, fixture: boolean): number {
    const id = ++this.seq.deal;
    const at = this.stamp();
    this.deals.set(id, {
      ID: String(id),
      TITLE: '',
      TYPE_ID: 'SALE',
      CATEGORY_ID: '0',
      STAGE_ID: '',
      STAGE_SEMANTIC_ID: 'P',
      ASSIGNED_BY_ID: String(this.userId),
      CREATED_BY_ID: String(this.userId),
      MODIFY_BY_ID: String(this.userId),
      CONTACT_ID: null,
      COMPANY_ID: null,
      OPPORTUNITY: '0.00',
      CURRENCY_ID: 'RUB',
      COMMENTS: null,
      OPENED: 'Y',
      CLOSED: 'N',
      BEGINDATE: `${at.slice(0, 10)}T00:00:00${this.tz}`,
      CLOSEDATE: null,
      DATE_CREATE: at,
      DATE_MODIFY: at,
    });
    this.writeDeal(id, fields, fixture, true);
    return id;
  }

  /** Applies writable fields; derived ones (semantics, CLOSED, CLOSEDATE, DATE_MODIFY) follow like on the portal. */
  private writeDeal(id: number, fields: object, fixture: boolean, creating = false, by?: number): void {
    const row = this.deals.get(id)!;
    const stageBefore = row.STAGE_ID;
    const writable = [
      'TITLE',
      'TYPE_ID',
      'CATEGORY_ID',
      'STAGE_ID',
      'ASSIGNED_BY_ID',
      'CONTACT_ID',
      'COMPANY_ID',
      'OPPORTUNITY',
      'CURRENCY_ID',
      'COMMENTS',
      'BEGINDATE',
      'CLOSEDATE',
      'SOURCE_ID',
    ];
    // Tests may backdate a record; REST clients cannot write these.
    if (fixture) writable.push('DATE_CREATE', 'DATE_MODIFY');
    const categoryBefore = row.CATEGORY_ID;
    const closedBefore = row.CLOSED === 'Y';
    for (const [k, v] of Object.entries(fields)) {
      if (!writable.includes(k) && !k.startsWith('UF_')) continue;
      row[k] = v === null || v === undefined ? null : k === 'OPPORTUNITY' ? Number(v).toFixed(2) : String(v);
      // An address field (addressUserFields) keeps its coordinates and location id in the same line.
      if (this.addressFields.has(k) && typeof row[k] === 'string' && row[k] !== '' && !str(row[k]).includes('|'))
        row[k] = `${str(row[k])}|59.939095;30.315868|${8842193 + id}`;
    }
    const category = this.categories.get(int(row.CATEGORY_ID)) ?? this.categories.get(0)!;
    const stage = category.stages.find((s) => s.id === row.STAGE_ID);
    if (!stage || (row.CATEGORY_ID !== categoryBefore && !('STAGE_ID' in fields)))
      row.STAGE_ID = category.stages[0]?.id ?? (category.id ? `C${category.id}:NEW` : 'NEW');
    const semantics = category.stages.find((s) => s.id === row.STAGE_ID)?.semantics ?? null;
    row.STAGE_SEMANTIC_ID = semantics ?? 'P';
    row.CLOSED = semantics ? 'Y' : 'N';
    // On closing (won or lost) the portal dates the close unless the caller set CLOSEDATE itself.
    if (semantics && !closedBefore && !('CLOSEDATE' in fields))
      row.CLOSEDATE = `${this.stamp().slice(0, 10)}T00:00:00${this.tz}`;
    if (!creating && !(fixture && 'DATE_MODIFY' in fields)) row.DATE_MODIFY = this.stamp();
    // crm-deal-fields.md: MODIFY_BY_ID (read-only) is who changed the deal; MOVED_BY_ID and MOVED_TIME
    // who moved its stage and when. A REST call is the webhook's user; a fixture change a person's.
    const who = String(fixture ? (by ?? row.ASSIGNED_BY_ID ?? this.userId) : this.userId);
    row.MODIFY_BY_ID = who;
    if (creating || row.STAGE_ID !== stageBefore) {
      row.MOVED_BY_ID = who;
      row.MOVED_TIME = this.stamp();
    }
  }

  // =============================================================================================
  // Chatbots 2.0: imbot.v2.* methods, people writing in chats, ONIMBOTV2* webhook events.
  // Docs: api-reference/chat-bots/chat-bots-v2/ (index.md, entities.md, imbot.v2/{bots,commands,
  // messages,events}/*.md). Bots are users with their own ids (1000+), not listed by user.get
  // (user-get.md: "all users except for: bots, …"). Events go only to bots in webhook mode; fetch
  // mode (imbot.v2.Event.get) is not modelled.

  /** A refusal of every call (setSystemRefusal); null: none. */
  private systemRefusal: SystemRefusal | null = null;

  /**
   * The portal refuses every call as _includes/system-errors.md lists it, or stops (null): its plan
   * has no REST API, support blocked REST for overload, or its public part is closed.
   */
  setSystemRefusal(r: SystemRefusal | null): void {
    this.systemRefusal = r;
  }

  /** SimulatorOptions.categoryMoveIsUpdate. */
  private readonly categoryMoveIsUpdate: boolean;
  /** Deal user fields of type `address` (SimulatorOptions.addressUserFields). */
  private readonly addressFields: Set<string>;
  private imBots = new Map<number, ImBot>();
  /** Unregistered bots, still the authors of what they wrote. */
  private formerBots = new Map<number, ImBot>();
  private botCommands = new Map<number, ImCommand>();
  private imChats = new Map<number, ImChat>();
  /** `${userId}:${botId}` → chat id of their private dialog. */
  private privateChats = new Map<string, number>();
  private imMessages = new Map<number, ImMessage>();
  /** `${botId}:${messageId}:${commandId}` of each command call sent to a bot: what Command.answer may answer. */
  private commandCalls = new Set<string>();
  private imSeq = { bot: FIRST_BOT_ID - 1, command: 0, chat: 0, message: 0, event: 1000 };

  // ---- test-side API: people in the messenger ---------------------------------------------------

  /** The bots registered now, as the bot under test left them with imbot.v2.Bot.register/update. */
  bots(): RegisteredBot[] {
    return [...this.imBots.values()].map((b) => ({
      id: b.id,
      code: b.code,
      type: b.type,
      eventMode: b.eventMode,
      webhookUrl: b.webhookUrl,
      name: b.name,
    }));
  }

  /** A bot's synthetic APPLICATION_TOKEN (what its webhook events carry), for tests. */
  botApplicationToken(botId: number): string {
    const bot = this.imBots.get(botId);
    if (!bot) throw new Error(`simulator: no bot ${botId}`);
    return bot.appToken;
  }

  /** Fetch-mode events not yet confirmed by Event.get's offset. */
  pendingBotEvents(botId: number): number {
    return this.imBots.get(botId)?.queue.length ?? 0;
  }

  /** A bot's registered commands, as imbot.v2.Command.list shows them ('/help', title in the portal's language). */
  commands(botId: number): RegisteredCommand[] {
    return [...this.botCommands.values()]
      .filter((c) => c.botId === botId)
      .map((c) => ({
        id: c.id,
        botId,
        command: `/${c.name}`,
        title: localized(c.title),
        params: localized(c.params),
        common: c.common,
        hidden: c.hidden,
      }));
  }

  /** A person creates a group chat with colleagues (no bot yet); its dialogId is `chat<id>`. */
  createGroupChat(c: { title: string; ownerId: number; members: number[] }): number {
    const members = new Set([c.ownerId, ...c.members]);
    for (const id of members) if (!this.users.has(id)) throw new Error(`simulator: no user ${id}`);
    const id = ++this.imSeq.chat;
    this.imChats.set(id, {
      id,
      kind: 'chat',
      title: c.title,
      owner: c.ownerId,
      members,
      color: CHAT_COLORS[id % CHAT_COLORS.length]!,
      partnerId: null,
    });
    return id;
  }

  /** A member adds the bot to a group chat; the bot gets ONIMBOTV2JOINCHAT. Resolves once it was answered. */
  async addBotToChat(chatId: number, botId: number, byUserId: number): Promise<void> {
    const chat = this.imChats.get(chatId);
    if (chat?.kind !== 'chat') throw new Error(`simulator: no group chat ${chatId}`);
    const bot = this.imBots.get(botId);
    if (!bot) throw new Error(`simulator: no bot ${botId}`);
    this.person(byUserId);
    if (!chat.members.has(byUserId)) throw new Error(`simulator: user ${byUserId} is not in chat${chatId}`);
    if (chat.members.has(botId)) return;
    chat.members.add(botId);
    const data = {
      dialogId: `chat${chat.id}`,
      chat: this.chatObject(chat),
      user: this.imUser(byUserId),
      language: PORTAL_LANGUAGE,
    };
    await this.botEvent(bot, 'ONIMBOTV2JOINCHAT', data, chat.id, byUserId);
  }

  /**
   * A person writes. dialogId is theirs: a bot's id for the private dialog with it, or `chat<N>`.
   * Each bot that sees the message gets ONIMBOTV2MESSAGEADD, or ONIMBOTV2COMMANDADD when the text
   * starts with one of its commands. Resolves with the message id once the events were answered.
   */
  async userSays(userId: number, dialogId: string, text: string): Promise<number> {
    this.person(userId);
    const chat = this.dialogOfPerson(userId, dialogId);
    const msg = this.storeMessage(chat, { authorId: userId, text });
    const sends: Array<Promise<void>> = [];
    for (const { bot, call } of this.audience(chat, msg.text, true)) {
      const base = {
        message: this.messageObject(msg),
        chat: this.chatObject(chat),
        user: this.imUser(userId),
        language: PORTAL_LANGUAGE,
      };
      if (!call) {
        sends.push(this.botEvent(bot, 'ONIMBOTV2MESSAGEADD', base, msg.id, userId));
        continue;
      }
      this.commandCalls.add(`${bot.id}:${msg.id}:${call.command.id}`);
      const command = {
        id: call.command.id,
        command: `/${call.command.name}`,
        params: call.params,
        context: 'textarea',
      };
      sends.push(this.botEvent(bot, 'ONIMBOTV2COMMANDADD', { command, ...base }, msg.id, userId));
    }
    await Promise.all(sends);
    return msg.id;
  }

  /** A person edits their message; the bots that see it get ONIMBOTV2MESSAGEUPDATE. */
  async userEdits(userId: number, messageId: number, text: string): Promise<void> {
    this.person(userId);
    const msg = this.imMessages.get(messageId);
    if (!msg || msg.authorId !== userId) throw new Error(`simulator: message ${messageId} is not user ${userId}'s`);
    msg.text = this.clip(text);
    msg.edits++;
    const chat = this.imChats.get(msg.chatId)!;
    const sends = this.audience(chat, msg.text, false).map(({ bot }) =>
      this.botEvent(
        bot,
        'ONIMBOTV2MESSAGEUPDATE',
        {
          message: this.messageObject(msg),
          chat: this.chatObject(chat),
          user: this.imUser(userId),
          language: PORTAL_LANGUAGE,
        },
        msg.id,
        userId,
      ),
    );
    await Promise.all(sends);
  }

  /**
   * A person presses a keyboard button of a message they can see: `which` is the index among the
   * action buttons (as in botMessages()[i].keyboard) or the button's TEXT. A COMMAND button sends
   * ONIMBOTV2COMMANDADD (context 'keyboard') to the keyboard's BOT_ID, else the message's bot.
   * Returns false, sending nothing, when the button is blocked (BLOCK 'Y', pressed before) or
   * DISABLED, or its command is not registered. Throws on test bugs (no such button, no COMMAND).
   */
  async pressButton(userId: number, messageId: number, which: number | string): Promise<boolean> {
    this.person(userId);
    const msg = this.imMessages.get(messageId);
    if (!msg) throw new Error(`simulator: no message ${messageId}`);
    const chat = this.imChats.get(msg.chatId)!;
    if (!chat.members.has(userId)) throw new Error(`simulator: user ${userId} cannot see message ${messageId}`);
    const buttons = this.keyboardView(msg);
    const index = typeof which === 'number' ? which : buttons.findIndex((b) => b.TEXT === which);
    const button = buttons[index];
    if (!button) throw new Error(`simulator: message ${messageId} has no button ${JSON.stringify(which)}`);
    if (!button.COMMAND) throw new Error(`simulator: button ${JSON.stringify(button.TEXT)} has no COMMAND`);
    if (button.blocked || button.DISABLED === 'Y') return false;
    if (button.BLOCK === 'Y') msg.blocked.add(index);
    // chats/messages/im-message-command.md: a press is im.message.command with the keyboard's BOT_ID
    // (required; BOT_ID_ERROR without it): a keyboard sent or updated without BOT_ID reaches no bot.
    const bot = this.imBots.get(msg.keyboardBotId ?? 0);
    const name = button.COMMAND.replace(/^\//, '').toLowerCase();
    const command =
      bot && [...this.botCommands.values()].find((c) => c.botId === bot.id && c.name.toLowerCase() === name);
    if (!bot || !command) return false;
    this.commandCalls.add(`${bot.id}:${msg.id}:${command.id}`);
    const data = {
      command: {
        id: command.id,
        command: `/${command.name}`,
        params: button.COMMAND_PARAMS ?? '',
        context: 'keyboard',
      },
      message: this.messageObject(msg),
      chat: this.chatObject(chat),
      user: this.imUser(userId),
      language: PORTAL_LANGUAGE,
    };
    await this.botEvent(bot, 'ONIMBOTV2COMMANDADD', data, msg.id, userId);
    return true;
  }

  /** What bots have written, as it stands now, oldest first; dialogId as the bot sees it ('7' or 'chat3'). */
  botMessages(dialogId?: string): ChatMessageView[] {
    return [...this.imMessages.values()]
      .filter((m) => m.senderBotId !== null)
      .map((m) => this.messageView(m))
      .filter((m) => dialogId === undefined || m.dialogId === dialogId);
  }

  /**
   * Every message of a dialog, people's and bots': 'chat<N>' (any chat id, also a private dialog's),
   * or a user's or a bot's id for all private dialogs that id takes part in.
   */
  chatMessages(dialogId: string): ChatMessageView[] {
    const g = /^chat(\d+)$/.exec(dialogId);
    const party = /^\d+$/.test(dialogId) ? Number(dialogId) : null;
    return [...this.imMessages.values()]
      .filter((m) => {
        const chat = this.imChats.get(m.chatId)!;
        return g ? chat.id === Number(g[1]) : party !== null && chat.kind === 'private' && chat.members.has(party);
      })
      .map((m) => this.messageView(m));
  }

  // ---- imbot.v2 REST methods ----------------------------------------------------------------

  private readonly botMethods: Record<string, (p: Row) => Reply> = {
    // bot-register.md: idempotent per code and application; with webhook auth the application is the botToken.
    'imbot.v2.bot.register': (p) => {
      const f = isObj(p.fields) ? p.fields : {};
      const token = str(f.botToken ?? p.botToken);
      if (!token.trim()) throw botError('BOT_TOKEN_NOT_SPECIFIED', 'Bot token is not specified');
      if (token.length > BOT_TOKEN_MAX && this.now().getTime() >= BOT_TOKEN_LIMIT_FROM)
        throw botError('BOT_TOKEN_INVALID_LENGTH', 'Bot token must not be longer than 40 characters');
      const code = str(f.code).trim();
      if (!code) throw botError('BOT_CODE_REQUIRED', 'Bot code is required');
      const props = isObj(f.properties) ? f.properties : {};
      if (!str(props.name).trim()) throw botError('BOT_PROPERTIES_REQUIRED', 'Bot properties are required');
      const type = this.botType(f.type ?? 'bot');
      const eventMode = this.eventMode(f.eventMode ?? 'fetch');
      const webhookUrl = str(f.webhookUrl).trim();
      if (eventMode === 'webhook' && !webhookUrl) throw botError('BOT_WEBHOOK_URL_REQUIRED', 'Webhook URL is required');
      if (webhookUrl && !httpUrl(webhookUrl)) throw botError('BOT_INVALID_CALLBACK', 'Invalid callback URL');
      const existing = [...this.imBots.values()].find((b) => b.code === code);
      if (existing) {
        if (existing.token !== token) throw botError('BOT_CODE_ALREADY_TAKEN', 'Bot code is already taken');
        return { result: { bot: this.botObject(existing, true), users: [this.imUser(existing.id)] } };
      }
      if ([...this.imBots.values()].filter((b) => b.token === token).length >= BOTS_PER_APP)
        throw botError('BOT_LIMIT_EXCEEDED', 'Bot limit exceeded');
      const id = Math.max(this.imSeq.bot, ...this.users.keys()) + 1;
      this.imSeq.bot = id;
      const bot: ImBot = {
        id,
        code,
        token,
        type,
        eventMode,
        webhookUrl,
        name: str(props.name),
        lastName: str(props.lastName),
        workPosition: str(props.workPosition),
        color: str(props.color) || '#df532d',
        gender: /^[MF]$/.test(str(props.gender)) ? str(props.gender) : '',
        isHidden: truthy(f.isHidden),
        isReactionsEnabled: f.isReactionsEnabled === undefined ? true : truthy(f.isReactionsEnabled),
        isSupportOpenline: truthy(f.isSupportOpenline),
        backgroundId: BOT_BACKGROUNDS.has(str(f.backgroundId)) ? str(f.backgroundId) : null,
        accessToken: randomBytes(24).toString('hex'),
        appToken: randomBytes(16).toString('hex'),
        queue: [],
      };
      this.imBots.set(id, bot);
      return { result: { bot: this.botObject(bot, true), users: [this.imUser(id)] } };
    },
    // event-get.md: confirms events below `offset`, returns up to `limit` (1–1000, default 100) after.
    'imbot.v2.event.get': (p) => {
      const bot = this.authBot(p);
      if (truthy(p.withUserEvents) && !this.scopes.has('im')) throw botError('SCOPE_ERROR', 'Scope error');
      const offset = p.offset === undefined || str(p.offset) === '' ? null : int(p.offset);
      if (offset !== null) bot.queue = bot.queue.filter((e) => e.eventId >= offset);
      const limit = Math.min(1000, Math.max(1, int(p.limit) > 0 ? int(p.limit) : 100));
      const events = bot.queue.slice(0, limit);
      for (const e of events) this.eventsFetched.push({ event: e.type, eventId: e.eventId, botId: bot.id });
      const last = events.at(-1);
      return {
        result: {
          events: structuredClone(events),
          // undocumented: assumed nextOffset stays at the given offset (or 0) when nothing is waiting.
          nextOffset: last ? last.eventId + 1 : (offset ?? 0),
          hasMore: bot.queue.length > events.length,
        },
      };
    },
    // bot-get.md: by botId or code; another application's bot comes in the brief format.
    'imbot.v2.bot.get': (p) => {
      const token = str(p.botToken);
      if (!token.trim()) throw botError('BOT_TOKEN_NOT_SPECIFIED', 'Bot token is not specified');
      const hasId = str(p.botId) !== '';
      if (!hasId && !str(p.code)) throw botError('PARAMS_REQUIRED', 'Required parameters are missing');
      const bot = hasId ? this.imBots.get(int(p.botId)) : [...this.imBots.values()].find((b) => b.code === str(p.code));
      if (!bot) throw botError('BOT_NOT_FOUND', 'Bot not found');
      return { result: { bot: this.botObject(bot, bot.token === token), users: [this.imUser(bot.id)] } };
    },
    // bot-list.md: the application's bots (those of this botToken); never fails otherwise.
    'imbot.v2.bot.list': (p) => {
      const token = str(p.botToken);
      if (!token.trim()) throw botError('BOT_TOKEN_NOT_SPECIFIED', 'Bot token is not specified');
      const type = isObj(p.filter) && p.filter.type !== undefined ? str(p.filter.type) : null;
      const mine = [...this.imBots.values()].filter((b) => b.token === token && (type === null || b.type === type));
      const limit = int(p.limit) > 0 ? int(p.limit) : 50;
      const offset = Math.max(int(p.offset) || 0, 0); // int() of a missing value is NaN
      const page = mine.slice(offset, offset + limit);
      return {
        result: {
          bots: page.map((b) => this.botObject(b, true)),
          users: page.map((b) => this.imUser(b.id)),
          hasNextPage: offset + limit < mine.length,
        },
      };
    },
    // bot-update.md: checked first, then applied; fields.botToken rotates the token (the old one stops working).
    'imbot.v2.bot.update': (p) => {
      const bot = this.authBot(p);
      const f = isObj(p.fields) ? p.fields : {};
      const eventMode = f.eventMode === undefined ? bot.eventMode : this.eventMode(f.eventMode);
      const type = f.type === undefined ? bot.type : this.botType(f.type);
      const webhookUrl = f.webhookUrl === undefined ? bot.webhookUrl : str(f.webhookUrl).trim();
      if ((webhookUrl && !httpUrl(webhookUrl)) || (eventMode === 'webhook' && !webhookUrl))
        throw botError('BOT_INVALID_CALLBACK', 'Invalid callback URL');
      const newToken = str(f.botToken).trim() ? str(f.botToken) : null;
      if (newToken !== null && newToken.length > BOT_TOKEN_MAX)
        throw botError('BOT_TOKEN_INVALID_LENGTH', 'Bot token must not be longer than 40 characters');
      if (newToken !== null && [...this.imBots.values()].some((b) => b.id !== bot.id && b.token === newToken))
        throw botError('BOT_TOKEN_ROTATION_FAILED', 'Bot token rotation failed');
      const props = isObj(f.properties) ? f.properties : {};
      if (str(props.name).trim()) bot.name = str(props.name);
      if ('lastName' in props) bot.lastName = str(props.lastName);
      if ('workPosition' in props) bot.workPosition = str(props.workPosition);
      if (str(props.color)) bot.color = str(props.color);
      if (/^[MF]$/.test(str(props.gender))) bot.gender = str(props.gender);
      if ('isHidden' in f) bot.isHidden = truthy(f.isHidden);
      if ('isReactionsEnabled' in f) bot.isReactionsEnabled = truthy(f.isReactionsEnabled);
      if ('isSupportOpenline' in f) bot.isSupportOpenline = truthy(f.isSupportOpenline);
      if ('backgroundId' in f) bot.backgroundId = BOT_BACKGROUNDS.has(str(f.backgroundId)) ? str(f.backgroundId) : null;
      Object.assign(bot, { eventMode, type, webhookUrl, token: newToken ?? bot.token });
      // change-log.md BOT-NEW-0501-2: after a rotation the subscriptions are re-bound to a new APPLICATION_TOKEN.
      if (newToken !== null) bot.appToken = randomBytes(16).toString('hex');
      // events.md "Automatic Subscription Management": switching to fetch drops the webhook subscription.
      if (eventMode !== 'fetch') bot.queue = [];
      return { result: { bot: this.botObject(bot, true), users: [this.imUser(bot.id)] } };
    },
    // bot-unregister.md: subscriptions go with it, so no event follows; its commands and memberships too.
    'imbot.v2.bot.unregister': (p) => {
      const bot = this.authBot(p);
      this.imBots.delete(bot.id);
      this.formerBots.set(bot.id, bot);
      for (const c of [...this.botCommands.values()]) if (c.botId === bot.id) this.botCommands.delete(c.id);
      for (const chat of this.imChats.values()) if (chat.kind === 'chat') chat.members.delete(bot.id);
      return { result: { result: true } };
    },

    // command-register.md: idempotent per bot and command; the pre-2026-03-30 flat format still works (change-log.md).
    'imbot.v2.command.register': (p) => {
      const bot = this.authBot(p);
      const f = isObj(p.fields) ? p.fields : p;
      if (f.command === undefined || f.command === null || (typeof f.command === 'string' && !f.command.trim()))
        throw botError('COMMAND_REQUIRED', 'Command is required');
      if (typeof f.command !== 'string') throw botError('COMMAND_NAME_INVALID', 'Command name is invalid');
      const name = f.command.trim();
      const hidden = truthy(f.hidden);
      const title = langMap(f.title);
      if (!hidden && !Object.keys(title).length) throw botError('COMMAND_TITLE_REQUIRED', 'Command title is required');
      const existing = [...this.botCommands.values()].find(
        (c) => c.botId === bot.id && c.name.toLowerCase() === name.toLowerCase(),
      );
      if (existing) return { result: { command: this.commandObject(existing) } };
      const command: ImCommand = {
        id: ++this.imSeq.command,
        botId: bot.id,
        name,
        title,
        params: langMap(f.params),
        common: truthy(f.common),
        hidden,
        extranetSupport: truthy(f.extranetSupport),
      };
      this.botCommands.set(command.id, command);
      return { result: { command: this.commandObject(command) } };
    },
    // chat-bots/chat-bots-v2/imbot.v2/commands/command-list.md
    'imbot.v2.command.list': (p) => {
      const bot = this.authBot(p);
      const commands = [...this.botCommands.values()]
        .filter((c) => c.botId === bot.id)
        .map((c) => ({
          ...this.commandObject(c),
          title: localized(c.title),
          params: localized(c.params),
          category: `${bot.name} ${bot.lastName}`.trim(),
          context: '',
        }));
      return { result: { commands } };
    },
    // chat-bots/chat-bots-v2/imbot.v2/commands/command-unregister.md
    'imbot.v2.command.unregister': (p) => {
      const bot = this.authBot(p);
      const command = this.botCommands.get(int(p.commandId));
      if (!command || command.botId !== bot.id) throw botError('COMMAND_NOT_FOUND', 'Command not found');
      this.botCommands.delete(command.id);
      return { result: { result: true } };
    },
    // command-answer.md: only for a command call the bot received (messageId + commandId), in that dialog;
    // a bot that is not in the chat answers with a system message.
    'imbot.v2.command.answer': (p) => {
      const bot = this.authBot(p);
      const msg = this.imMessages.get(int(p.messageId));
      const chat = msg ? this.imChats.get(msg.chatId) : undefined;
      const called = this.commandCalls.has(`${bot.id}:${int(p.messageId)}:${int(p.commandId)}`);
      if (!called || !chat || this.dialogIdOf(chat) !== str(p.dialogId))
        throw botError('COMMAND_ANSWER_FAILED', 'Command answer failed');
      const f = isObj(p.fields) ? p.fields : {};
      try {
        this.botWrites(bot, chat, f, !chat.members.has(bot.id));
      } catch (e) {
        if (e instanceof RestError) throw botError('COMMAND_ANSWER_FAILED', 'Command answer failed');
        throw e;
      }
      return { result: { result: true } };
    },

    // chat-message-send.md: a private dialog with an active person ('7'), or a group chat the bot is in ('chat3').
    'imbot.v2.chat.message.send': (p) => {
      const bot = this.authBot(p);
      const chat = this.dialogOfBot(bot, str(p.dialogId));
      const msg = this.botWrites(bot, chat, isObj(p.fields) ? p.fields : {}, false);
      return { result: { id: msg.id, uuidMap: {} } };
    },
    // files/file-upload.md: name + base64 content (no data: prefix), ≤ 100 MB; posts a message with
    // the file in the dialog and answers {file, messageId, chatId, dialogId}. Errors as the page lists.
    'imbot.v2.file.upload': (p) => {
      const bot = this.authBot(p);
      const chat = this.dialogOfBot(bot, str(p.dialogId));
      const f = isObj(p.fields) ? p.fields : {};
      const name = str(f.name).trim();
      const content = str(f.content).trim();
      if (!name || !content) throw botError('FILE_EMPTY', 'File name or content is empty');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(content) || content.length % 4 !== 0)
        throw botError('FILE_INVALID_CONTENT', 'Invalid base64 content');
      const bytes = Buffer.from(content, 'base64');
      if (bytes.length > 100 * 1024 * 1024) throw botError('FILE_TOO_LARGE', 'File is too large');
      const msg = this.storeMessage(chat, { authorId: bot.id, senderBotId: bot.id, text: this.clip(str(f.message)) });
      msg.file = { name, bytes };
      const fileId = ++this.imSeq.message;
      const dot = name.lastIndexOf('.');
      return {
        result: {
          file: {
            id: fileId,
            chatId: chat.id,
            name,
            extension: dot > 0 ? name.slice(dot + 1) : '',
            size: bytes.length,
          },
          messageId: msg.id,
          chatId: chat.id,
          dialogId: str(p.dialogId),
        },
      };
    },
    // chat-message-update.md: own, non-system messages only; keyboard 'N' (or empty) removes it.
    'imbot.v2.chat.message.update': (p) => {
      const bot = this.authBot(p);
      const msg = this.imMessages.get(int(p.messageId));
      if (!msg || msg.system || msg.authorId !== bot.id) throw botError('ACCESS_DENIED', 'Access denied');
      const f = isObj(p.fields) ? p.fields : {};
      if ('message' in f) msg.text = this.clip(str(f.message));
      if ('keyboard' in f) {
        const kb = parseKeyboard(f.keyboard);
        msg.keyboard = kb?.buttons ?? null;
        msg.keyboardBotId = kb?.botId ?? null;
        msg.blocked.clear();
      }
      msg.edits++;
      if (this.echoBotEdits && SEES_ALL.has(bot.type)) {
        const chat = this.imChats.get(msg.chatId)!;
        const data = {
          message: this.messageObject(msg),
          chat: this.chatObject(chat),
          user: this.imUser(bot.id),
          language: PORTAL_LANGUAGE,
        };
        this.pendingEvents.push(() => void this.botEvent(bot, 'ONIMBOTV2MESSAGEUPDATE', data, msg.id, this.userId));
      }
      return { result: { result: true } };
    },
    // chat-message-get.md: supervisor and personal bots only; missing / foreign messages as in chat-message-get-context.md.
    'imbot.v2.chat.message.get': (p) => {
      const bot = this.authBot(p);
      if (!SEES_ALL.has(bot.type)) throw botError('BOT_TYPE_NOT_ALLOWED', 'Bot type not allowed');
      const msg = this.imMessages.get(int(p.messageId));
      if (!msg) throw botError('MESSAGE_NOT_FOUND', 'Message not found');
      if (!this.imChats.get(msg.chatId)!.members.has(bot.id))
        throw botError('MESSAGE_ACCESS_DENIED', 'Message access denied');
      return { result: { message: this.messageObject(msg), user: msg.authorId ? this.imUser(msg.authorId) : null } };
    },
  };

  /** The checks every imbot.v2 method makes first (change-log.md BOT-NEW-0408-1). */
  private authBot(p: Row): ImBot {
    if (!str(p.botToken).trim()) throw botError('BOT_TOKEN_NOT_SPECIFIED', 'Bot token is not specified');
    if (str(p.botId) === '') throw botError('BOT_ID_REQUIRED', 'Bot ID is required');
    const bot = this.imBots.get(int(p.botId));
    if (!bot) throw botError('BOT_NOT_FOUND', 'Bot not found');
    if (bot.token !== str(p.botToken))
      throw botError('BOT_OWNERSHIP_ERROR', 'Bot is registered by another application');
    return bot;
  }

  private botType(v: unknown): BotType {
    const type = BOT_TYPES.find((t) => t === str(v).toLowerCase());
    if (!type) throw botError('BOT_INVALID_TYPE', 'Invalid bot type');
    return type;
  }

  private eventMode(v: unknown): 'fetch' | 'webhook' {
    const mode = str(v).toLowerCase();
    if (mode !== 'fetch' && mode !== 'webhook') throw botError('BOT_INVALID_EVENT_MODE', 'Invalid event mode');
    return mode;
  }

  /** A message from the bot (Chat.Message.send, Command.answer); EMPTY_MESSAGE without text or attach. */
  private botWrites(bot: ImBot, chat: ImChat, f: Row, forceSystem: boolean): ImMessage {
    const text = this.clip(str(f.message));
    if (!text.trim() && !toList(f.attach).length) throw botError('EMPTY_MESSAGE', 'Message is empty');
    const system = forceSystem || truthy(f.system);
    const kb = f.keyboard === undefined ? null : parseKeyboard(f.keyboard);
    const replyId = int(f.replyId) > 0 ? int(f.replyId) : null;
    return this.storeMessage(chat, {
      authorId: system ? 0 : bot.id,
      senderBotId: bot.id,
      text,
      system,
      replyId,
      keyboard: kb?.buttons ?? null,
      keyboardBotId: kb?.botId ?? null,
    });
  }

  private storeMessage(chat: ImChat, m: Partial<ImMessage> & { authorId: number; text: string }): ImMessage {
    const msg: ImMessage = {
      senderBotId: null,
      system: false,
      replyId: null,
      keyboard: null,
      keyboardBotId: null,
      ...m,
      id: ++this.imSeq.message,
      chatId: chat.id,
      text: this.clip(m.text),
      date: this.stamp(),
      blocked: new Set(),
      edits: 0,
    };
    this.imMessages.set(msg.id, msg);
    return msg;
  }

  private clip(text: string): string {
    return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX)} (...)` : text;
  }

  /** A fixture's person: must exist and be active (a fired employee cannot write). */
  private person(userId: number): Row {
    const u = this.users.get(userId);
    if (!u) throw new Error(`simulator: no user ${userId}`);
    if (u.ACTIVE !== true) throw new Error(`simulator: user ${userId} is deactivated`);
    return u;
  }

  /** index.md#dialog-id from a person's side: a bot's id, or chat<N> they are in. */
  private dialogOfPerson(userId: number, dialogId: string): ImChat {
    const g = /^chat(\d+)$/.exec(dialogId);
    if (g) {
      const chat = this.imChats.get(Number(g[1]));
      if (chat?.kind !== 'chat' || !chat.members.has(userId))
        throw new Error(`simulator: user ${userId} is not in ${dialogId}`);
      return chat;
    }
    const bot = /^\d+$/.test(dialogId) ? this.imBots.get(Number(dialogId)) : undefined;
    if (!bot) throw new Error(`simulator: ${dialogId} is no bot (dialogs between people are not modelled)`);
    return this.privateChat(userId, bot.id);
  }

  /** index.md#dialog-id from the bot's side: a person's id (the dialog is made on first use), or chat<N> it is in. */
  private dialogOfBot(bot: ImBot, dialogId: string): ImChat {
    const g = /^chat(\d+)$/.exec(dialogId);
    if (g) {
      const chat = this.imChats.get(Number(g[1]));
      if (chat && chat.kind === 'chat' && chat.members.has(bot.id)) return chat;
    } else if (/^\d+$/.test(dialogId) && this.users.get(Number(dialogId))?.ACTIVE === true)
      return this.privateChat(Number(dialogId), bot.id);
    throw botError('ACCESS_DENIED', 'Access denied');
  }

  private privateChat(userId: number, botId: number): ImChat {
    const key = `${userId}:${botId}`;
    let id = this.privateChats.get(key);
    if (id === undefined) {
      id = ++this.imSeq.chat;
      this.privateChats.set(key, id);
      // events.md ONIMBOTV2CONTEXTGET: a private chat's owner is the bot, its name empty.
      this.imChats.set(id, {
        id,
        kind: 'private',
        title: '',
        owner: botId,
        members: new Set([userId, botId]),
        color: CHAT_COLORS[id % CHAT_COLORS.length]!,
        partnerId: userId,
      });
    }
    return this.imChats.get(id)!;
  }

  /** The dialog as a bot sees it: the counterpart's id in a private dialog (index.md#dialog-id). */
  private dialogIdOf(chat: ImChat): string {
    return chat.kind === 'private' ? String(chat.partnerId) : `chat${chat.id}`;
  }

  /**
   * Who gets what for a person's message (index.md#bot-types, commands/index.md#scope): a bot with a
   * matching command gets COMMANDADD where it is a member (or anywhere for a common command); else
   * members see it in private dialogs, always when supervisor/personal, and when mentioned [USER=id].
   */
  private audience(
    chat: ImChat,
    text: string,
    commands: boolean,
  ): Array<{ bot: ImBot; call?: { command: ImCommand; params: string } }> {
    const slash = commands ? /^\s*\/(\S+)(?:\s+([\s\S]*))?$/.exec(text) : null;
    const mentioned = new Set([...text.matchAll(/\[USER=(\d+)\]/gi)].map((x) => Number(x[1])));
    const out: Array<{ bot: ImBot; call?: { command: ImCommand; params: string } }> = [];
    for (const bot of [...this.imBots.values()].sort((a, b) => a.id - b.id)) {
      const member = chat.members.has(bot.id);
      // Undocumented: assumed the command is matched as registered, case and all (imbot.v2/commands/index.md
      // says only "enter `/command` in the chat input field"); «/PAYMENTS» then comes as a plain message.
      const command = slash
        ? [...this.botCommands.values()].find((c) => c.botId === bot.id && c.name === slash[1])
        : undefined;
      if (command && (member || command.common)) out.push({ bot, call: { command, params: (slash![2] ?? '').trim() } });
      else if (member && (chat.kind === 'private' || SEES_ALL.has(bot.type) || mentioned.has(bot.id)))
        out.push({ bot });
    }
    return out;
  }

  /**
   * Posts an ONIMBOTV2* event to a webhook-mode bot through the shared outbound queue, in the shape
   * of events.md#webhook-payload: data[bot] = {id, code, auth} (the bot's tokens), the request's
   * own auth at the top level.
   */
  private botEvent(bot: ImBot, event: BotEvent, data: Row, recordId: number, actingUserId: number): Promise<void> {
    if (bot.eventMode === 'fetch') {
      // event-get.md: queued for Event.get; data[bot] is the full bot object, types as documented.
      bot.queue.push({
        eventId: ++this.imSeq.event,
        type: event,
        date: this.stamp(),
        data: structuredClone({ bot: this.botObject(bot, true), ...data }),
      });
      return Promise.resolve();
    }
    if (!bot.webhookUrl) return Promise.resolve();
    const ts = Math.floor(this.now().getTime() / 1000);
    const domain = new URL(this.portalUrl).host;
    const endpoints = {
      server_endpoint: 'https://oauth.bitrix.info/rest/',
      client_endpoint: `${this.portalUrl}/rest/`,
    };
    const auth = {
      access_token: bot.accessToken,
      expires: ts + 3600,
      expires_in: 3600,
      scope: 'imbot',
      domain,
      ...endpoints,
      status: 'L',
      member_id: this.memberId,
      user_id: actingUserId,
      application_token: bot.appToken,
    };
    const body = httpBuildQuery({
      event,
      data: { bot: { id: bot.id, code: bot.code, auth }, ...data },
      ts,
      // The top-level token is the bot's own synthetic one (bot-update.md), never the CRM webhook's.
      auth: { domain, ...endpoints, member_id: this.memberId, application_token: bot.appToken },
    });
    return this.post(bot.webhookUrl, body, { event, id: recordId, botId: bot.id });
  }

  /** entities.md#bot: the brief format, or the extended one for the owner. */
  private botObject(bot: ImBot, extended: boolean): Row {
    const brief = {
      id: bot.id,
      code: bot.code,
      type: bot.type,
      isHidden: bot.isHidden,
      isSupportOpenline: bot.isSupportOpenline,
      isReactionsEnabled: bot.isReactionsEnabled,
      backgroundId: bot.backgroundId,
      language: PORTAL_LANGUAGE,
    };
    if (!extended) return brief;
    const chats = [...this.imChats.values()].filter((c) => c.members.has(bot.id));
    const people = new Set(chats.flatMap((c) => [...c.members].filter((id) => this.users.has(id))));
    return {
      ...brief,
      moduleId: 'rest',
      eventMode: bot.eventMode,
      countMessage: [...this.imMessages.values()].filter((m) => m.senderBotId === bot.id).length,
      countCommand: [...this.botCommands.values()].filter((c) => c.botId === bot.id).length,
      countChat: chats.length,
      countUser: people.size,
    };
  }

  /** entities.md#user, with the fields the event examples carry. A bot is a user with bot: true. */
  private imUser(id: number): Row {
    const bot = this.imBots.get(id) ?? this.formerBots.get(id);
    const common = {
      color: '#df532d',
      avatar: '',
      birthday: '',
      connector: false,
      status: 'online',
      idle: false,
      lastActivityDate: this.stamp(),
      absent: false,
    };
    if (bot) {
      const full = `${bot.name} ${bot.lastName}`.trim();
      return {
        id,
        active: this.imBots.has(id),
        name: full,
        firstName: bot.name,
        lastName: bot.lastName,
        workPosition: bot.workPosition,
        ...common,
        color: bot.color,
        gender: bot.gender,
        extranet: false,
        bot: true,
        externalAuthId: 'bot',
        departments: [],
        phones: false,
        type: 'bot',
      };
    }
    const u = this.users.get(id) ?? {};
    const phones: Row = {};
    if (str(u.WORK_PHONE)) phones.workPhone = str(u.WORK_PHONE);
    if (str(u.PERSONAL_MOBILE)) phones.personalMobile = str(u.PERSONAL_MOBILE);
    return {
      id,
      active: u.ACTIVE === true,
      name: `${str(u.NAME)} ${str(u.LAST_NAME)}`.trim(),
      firstName: str(u.NAME),
      lastName: str(u.LAST_NAME),
      workPosition: str(u.WORK_POSITION),
      ...common,
      gender: '',
      extranet: u.USER_TYPE === 'extranet',
      bot: false,
      externalAuthId: 'default',
      departments: toList(u.UF_DEPARTMENT).map(Number),
      phones: Object.keys(phones).length ? phones : false,
      type: str(u.USER_TYPE) || 'employee',
    };
  }

  /** entities.md#chat as events carry it (events.md examples): no role or muteList; dialogId from the bot's side. */
  private chatObject(chat: ImChat): Row {
    return {
      id: chat.id,
      dialogId: this.dialogIdOf(chat),
      type: chat.kind === 'private' ? 'private' : 'chat',
      name: chat.title,
      entityType: '',
      owner: chat.owner,
      avatar: '',
      color: chat.color,
    };
  }

  /** entities.md#message. params carry the keyboard (KEYBOARD) and the edit mark (IS_EDITED) when there are any. */
  private messageObject(m: ImMessage): Row {
    const params: Row = {};
    if (m.keyboard) params.KEYBOARD = m.keyboard.map((b) => ({ ...b }));
    if (m.edits) params.IS_EDITED = 'Y';
    return {
      id: m.id,
      chatId: m.chatId,
      authorId: m.authorId,
      date: m.date,
      text: m.text,
      isSystem: m.system,
      uuid: '',
      forward: null,
      params,
      viewedByOthers: false,
    };
  }

  private commandObject(c: ImCommand): Row {
    return {
      id: c.id,
      botId: c.botId,
      command: `/${c.name}`,
      common: c.common,
      hidden: c.hidden,
      extranetSupport: c.extranetSupport,
    };
  }

  private keyboardView(m: ImMessage): KeyboardButtonView[] {
    const out: KeyboardButtonView[] = [];
    let row = 0;
    for (const b of m.keyboard ?? []) {
      if (b.TYPE === 'NEWLINE') {
        row++;
        continue;
      }
      const view: KeyboardButtonView = { TEXT: str(b.TEXT), blocked: m.blocked.has(out.length), row };
      for (const k of ['COMMAND', 'COMMAND_PARAMS', 'LINK', 'ACTION', 'ACTION_VALUE', 'BLOCK', 'DISABLED'] as const)
        if (b[k] !== undefined) view[k] = str(b[k]);
      out.push(view);
    }
    return out;
  }

  private messageView(m: ImMessage): ChatMessageView {
    const chat = this.imChats.get(m.chatId)!;
    return {
      id: m.id,
      chatId: m.chatId,
      dialogId: this.dialogIdOf(chat),
      authorId: m.authorId,
      text: m.text,
      keyboard: this.keyboardView(m),
      replyId: m.replyId,
      edits: m.edits,
      system: m.system,
      ...(m.file ? { file: { name: m.file.name, size: m.file.bytes.length } } : {}),
    };
  }
}
