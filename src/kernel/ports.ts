/**
 * The ports the features talk to. Adapters (Bitrix24 REST, grammY) implement them at the edge;
 * features never build an HTTP request or a Telegram payload themselves.
 */

/** A deal as the bot needs it, in our own names (the adapter maps Bitrix24's UPPER_CASE fields). */
export interface DealSnapshot {
  id: number;
  title: string;
  categoryId: number;
  stageId: string;
  assignedById: number;
  contactId: number | null;
  companyId: number | null;
  amount: number;
  currency: string;
  comment: string;
  address: string | null;
  dateModify: string | null;
  /**
   * Who last moved the deal's stage (MOVED_BY_ID, else MODIFY_BY_ID: crm-deal-fields.md); null or
   * absent when the portal does not say. A claim in the CRM is the responsible moving it on.
   */
  movedById?: number | null;
}

/** What a card needs to be re-drawn later (claim, re-assignment) without asking the CRM again. */
export interface StoredDeal {
  deal: DealSnapshot;
  client: Client | null;
}

export interface Client {
  name: string | null;
  /** The number to tap (E.164). */
  phone: string | null;
  /** The phone field's extension and further numbers, shown as text (kernel/phones.ts). */
  phoneExtension?: string | null;
  otherPhones?: string[];
  company: string | null;
}

/**
 * A person's gender as Bitrix24 keeps it (user.get's PERSONAL_GENDER, user/user-get.md): `M` male,
 * `F` female (common/users/profile.md; "" when not specified — then the Person has none).
 */
export type Gender = 'M' | 'F';

export interface Person {
  id: number;
  name: string;
  lastName: string;
  active: boolean;
  departmentIds: number[];
  /** Absent when the profile does not say: texts then keep the form that fits both («взял(а)»). */
  gender?: Gender;
  /** Work and mobile phones as digits ("79211112233"); kept in memory only, for linking. */
  phones?: string[];
  email?: string;
}

export interface Department {
  id: number;
  name: string;
  parentId: number | null;
  headId: number | null;
}

export interface Stage {
  id: string;
  name: string;
  semantics: 'S' | 'F' | null;
}

export interface Pipeline {
  id: number;
  name: string;
  stages: Stage[];
}

/** Four commands per deal in a batch of at most 50. */
export const DETAILED_BATCH = 12;

export interface DealsWithDetails {
  deals: Map<number, DealSnapshot>;
  /** By deal id. */
  clients: Map<number, Client>;
  /** By user id. */
  people: Map<number, Person | null>;
}

export interface Crm {
  readonly portalUrl: string;
  /**
   * Resolves once a request could go out without waiting for the portal's pace (takes no slot): the
   * events' read is built after it, so events that arrive meanwhile go in the same read.
   */
  whenReady?(): Promise<void>;
  /** Many deals in few calls (batch). A missing id is absent from the map (deleted). */
  getDeals(ids: number[]): Promise<Map<number, DealSnapshot>>;
  /**
   * Up to DETAILED_BATCH deals with their clients and assignees in one request (batch with
   * `$result` references). A deal's client is there only when it was read whole; an assignee only
   * when user.get answered (null: the portal has no such user).
   */
  getDealsWithDetails(ids: number[]): Promise<DealsWithDetails>;
  /** Deals changed at or after `since`, oldest first: the reconciliation sweep. `maxItems`: stop there. */
  listDealsChangedSince(since: Date, opts?: { maxItems?: number }): Promise<DealSnapshot[]>;
  getClients(deals: DealSnapshot[]): Promise<Map<number, Client>>;
  /** Clients of deals and people read afresh (user.get by ID; null: no such user) in few batches. */
  getClientsAndPeople(
    deals: DealSnapshot[],
    userIds: number[],
  ): Promise<{ clients: Map<number, Client>; people: Map<number, Person | null> }>;
  listPipelines(): Promise<Pipeline[]>;
  listPeople(): Promise<Person[]>;
  /** One person read afresh (user.get by ID, dismissed ones included); null when the portal has none. */
  readPerson(id: number): Promise<Person | null>;
  listDepartments(): Promise<Department[]>;
  /**
   * `mayExist`: an earlier attempt may have been carried out (the bot died before recording it): look
   * first. `written`: how many comments with these very words the bot already knows it wrote there.
   */
  addDealComment(dealId: number, text: string, opts?: { mayExist?: boolean; written?: () => number }): Promise<void>;
  /** A comment in a contact's (or company's) timeline. */
  addComment(
    entity: 'deal' | 'contact' | 'company',
    id: number,
    text: string,
    opts?: { mayExist?: boolean; written?: () => number },
  ): Promise<void>;
  /** Won deals of this contact or company other than `excludeDealId`: "is this the client's first deal?" */
  countWonDeals(q: { contactId: number | null; companyId: number | null; excludeDealId: number }): Promise<number>;
  /** A universal to-do (crm.activity.todo.add) on a CRM object; ownerTypeId 3 = contact, 4 = company, 2 = deal. */
  addTodo(t: {
    ownerTypeId: number;
    ownerId: number;
    deadline: Date;
    title: string;
    description: string;
    responsibleId: number;
  }): Promise<number>;
  getActivity(id: number): Promise<{ completed: boolean; deadline: Date | null } | null>;
  moveTodo(id: number, ownerTypeId: number, ownerId: number, deadline: Date): Promise<void>;
  completeActivity(id: number): Promise<void>;
  updateDeal(dealId: number, fields: { stageId?: string; assignedById?: number }): Promise<void>;
  /** A personal notification in Bitrix24 (im.notify.personal.add): how a one-time link code reaches a person. */
  notifyUser(userId: number, text: string): Promise<void>;
  /** A cheap authenticated call for `doctor`. */
  ping(): Promise<{ userId: number | null }>;
  /**
   * Activities (calls, e-mails, Open Lines chats, to-dos) on these CRM objects created or changed at
   * or after `since`: what the first-contact clock reads (crm.activity.list, one batch).
   */
  listActivitiesSince(owners: ActivityOwner[], since: Date): Promise<ActivityRecord[]>;
}

/** A CRM object an activity hangs on: 2 deal, 3 contact, 4 company (crm/data-types.md#object_type). */
export interface ActivityOwner {
  ownerTypeId: number;
  ownerId: number;
}

/** A CRM activity as the first-contact clock needs it (crm-activity-fields.md). */
export interface ActivityRecord extends ActivityOwner {
  id: number;
  /** crm_enum_activitytype: 1 meeting, 2 call, 3 task, 4 e-mail, 6 provider-managed (to-do, Open Lines…). */
  typeId: number;
  /** crm_enum_activitydirection: 1 incoming, 2 outgoing, 0 not defined. */
  direction: number;
  completed: boolean;
  providerId: string;
  responsibleId: number;
  created: Date;
  lastUpdated: Date;
}

/** What the bot shows: text in a small HTML subset (<b>, <i>, <a>) plus buttons. */
export interface OutMessage {
  text: string;
  buttons?: Button[][];
  /** Answer in the thread of this message (the director's payment message). */
  replyTo?: string;
  /**
   * The forum topic to post in (Telegram `message_thread_id`; ignored by the Bitrix24 messenger): the
   * topic of the message answered, when the chat is a forum supergroup.
   */
  threadId?: string;
  /** A one-button reply keyboard asking for the person's own phone (Telegram's "share contact"). */
  requestContact?: string;
  /** Take such a reply keyboard away again. */
  removeKeyboard?: boolean;
  /** Not kept once delivered: the answer to /forget leaves no row behind (the chat's history was just deleted). */
  forgetOnceSent?: boolean;
}
export type Button = { text: string; action: string } | { text: string; url: string };

export interface SentMessage {
  messageId: string;
}

/**
 * A CRM call that failed: `code` is the portal's error code (QUERY_LIMIT_EXCEEDED, NOT_FOUND…) or
 * the adapter's (NETWORK, TIMEOUT, HTTP_<status>); `status` the HTTP status, 0 when no answer came,
 * 200 for one command's error inside a batch whose call succeeded.
 */
export class CrmError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A send that may succeed later (429, 5xx, network) vs one that never will (blocked, chat not found). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
    /**
     * `wait`: the messenger said "not now" (a 429, a revoked token): the row waits and the attempt
     * does not count toward giving up. `timedOut`: the call got no answer within the call timeout.
     * `forbidden`: the recipient takes no message from the bot (Telegram's 403: "bot was blocked by
     * the user", "user is deactivated", core.telegram.org/bots/api#making-requests) — permanent.
     */
    readonly how: { wait?: boolean; timedOut?: boolean; forbidden?: boolean } = {},
  ) {
    super(message);
  }
}

/** The messengers the bot lives in: Telegram, and the Bitrix24 messenger (its chat-bot platform). */
export type Channel = 'telegram' | 'b24chat';

export interface Messenger {
  readonly channel: Channel;
  send(chatId: string, msg: OutMessage): Promise<SentMessage>;
  edit(chatId: string, messageId: string, msg: OutMessage): Promise<void>;
  /** A file with a caption (a report's chart, its CSV): a photo when `photo`, else a document. */
  sendFile?(chatId: string, file: OutFile): Promise<SentMessage>;
}

/** A file the bot sends: its name, bytes and a plain-text caption. */
export interface OutFile {
  name: string;
  bytes: Uint8Array;
  caption: string;
  photo: boolean;
}

/** Who pressed a button or wrote a message, in the messenger's own terms. */
/** A file someone posted in a chat (Telegram: a document); its bytes are fetched only when a desk asks. */
export interface InboundFile {
  /** The messenger's id of the file (Telegram: file_id, for getFile). */
  id: string;
  name: string | null;
  size: number | null;
  mime: string | null;
}

/** A file larger than the bytes a desk asked for at most (ChatFiles.download's `maxBytes`). */
export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/** The bytes of files people post in chats (Telegram: getFile + the file URL). */
export interface ChatFiles {
  /** Rejects when the messenger cannot give files, the file is gone, or it is larger than `maxBytes`. */
  download(channel: Channel, fileId: string, maxBytes: number): Promise<Buffer>;
}

export interface Actor {
  channel: Channel;
  /** Telegram user id, or the Bitrix24 user id (which is the identity there: no linking needed). */
  address: string;
  chatId: string;
  displayName: string;
}

/** The answer shown to whoever pressed a button (a toast, or an alert when `alert`). */
export interface ActionReply {
  text: string;
  alert?: boolean;
  /** The edited card already says it: a messenger without toasts (Bitrix24) need not post it. */
  quiet?: boolean;
}

/** An invoice as the payment desk sees it: smart invoices (crm.item, entityTypeId 31) and legacy ones (crm.invoice) alike. */
export interface Invoice {
  kind: 'smart' | 'legacy';
  id: number;
  /** The account number as the portal shows it, e.g. "2018/943". */
  number: string;
  title: string;
  amount: number;
  currency: string;
  stageId: string;
  /** Success semantics (smart: the stage with SEMANTICS S; legacy: STATUS_ID "P"). */
  paid: boolean;
  /** Still in the first stage («Новый»): the only state in which it may be corrected. */
  isNew: boolean;
  dealId: number | null;
  companyId: number | null;
  contactId: number | null;
  companyTitle: string | null;
  responsibleId: number;
  /** The values of the fields the rules require (payments.requiredInvoiceFields), by the rule's name; '' when empty. */
  fields?: Record<string, string>;
}

/**
 * What a confirmed payment's CRM write did to its deal (app/outbox-sender.ts tells payments/desk.ts):
 * moved to the paid stage; left because another invoice of it is unpaid (by number); left because it
 * is closed or further on already (`stageName`: where it is); left because the rules' stage is not in
 * its pipeline; the move refused for good; or nothing to move (no deal, no paid stage in the rules).
 */
export type DealMove =
  | { kind: 'moved' }
  | { kind: 'unpaid'; unpaid: string[] }
  | { kind: 'kept'; stageName: string }
  | { kind: 'missing'; stageId: string; pipelineName: string }
  /** The invoice is paid, but the portal refused the deal's move for good (crm.deal.update). */
  | { kind: 'failed'; why: CrmRefusal }
  | { kind: 'none' };

/**
 * Why the portal would not take a confirmed payment's write, for good (payments/crm-write.ts sorts an
 * error into one): `denied` — the webhook's user may not change the record (crm.item.update's 400
 * ACCESS_DENIED, crm/universal/crm-item-update.md); `plan` — the portal's plan forbids it
 * (UPDATE_DYNAMIC_ITEM_RESTRICTED); `rejected` — another refusal of the request's content (4xx);
 * `missing` — the invoice is gone; `unanswered` — 5xx or no answer until the outbox gave up.
 */
export type CrmRefusal = 'denied' | 'plan' | 'rejected' | 'missing' | 'unanswered';

export interface InvoiceCrm {
  /** Which invoice API the portal uses: configured, or detected once. */
  invoiceKind(): Promise<'smart' | 'legacy'>;
  /** Invoices whose account number contains `fragment` (the caller decides exact vs suffix). */
  searchInvoicesByNumber(fragment: string): Promise<Invoice[]>;
  /**
   * Unpaid invoices (not paid, not rejected) of these companies and/or deals (or all unpaid ones,
   * newest first, when none given; at most `limit`).
   */
  listUnpaidInvoices(opts: { companyIds?: number[]; dealIds?: number[]; limit?: number }): Promise<Invoice[]>;
  /** Company ids whose requisites carry this INN. */
  findCompaniesByInn(inn: string): Promise<number[]>;
  /**
   * Companies whose title contains `fragment` (crm.company.list `%TITLE`), at most 50: the caller
   * decides which are the name a message gave.
   */
  findCompaniesByTitle(fragment: string): Promise<Array<{ id: number; title: string }>>;
  /** The INN of a company's first requisite carrying one (crm.requisite.list RQ_INN); null when none does. */
  companyInn(companyId: number): Promise<string | null>;
  getInvoice(kind: 'smart' | 'legacy', id: number): Promise<Invoice | null>;
  /** Moves the invoice to its paid stage (resolved from the portal, never hard-coded). Idempotent. */
  markInvoicePaid(kind: 'smart' | 'legacy', id: number): Promise<void>;
}
