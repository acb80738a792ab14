/**
 * Shadow mode for going live (`npm run cli -- shadow`, or SHADOW=1 npm start): the whole desk runs
 * on live events and the sweep, reading the portal, but nothing is written to the portal and
 * nobody except the admins (rules.people.admins) is messaged. Instead the admins are told what the
 * bot would have done, and get an hourly summary.
 *
 * Three walls: the messengers and the CRM/invoice ports the outbox delivers through are wrapped
 * here (writes recorded, not made), and the REST client itself refuses every write method
 * (BitrixClient readOnly) in case anything slipped past the ports. Only the reports go out, straight
 * through the real messengers to the admins. A person who writes to the bot in Telegram still gets
 * grammY's direct reply to their command (they asked); nothing else reaches them.
 */
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/log';
import type { Channel, Crm, InvoiceCrm, Messenger, OutFile, OutMessage, SentMessage } from '../kernel/ports';
import { errorMessage } from '../kernel/errors';
import { shadow as texts, shadowKindOf, type ShadowKind } from '../texts';

const HOUR = 3_600_000;
/** Lines per report message: one message per pass at most, the rest in the next. */
const REPORT_LINES = 25;

interface Counts {
  deals: Set<number>;
  cards: number;
  escalations: number;
  prompts: number;
  unmatched: number;
  crmWrites: number;
}

const fresh = (): Counts => ({
  deals: new Set(),
  cards: 0,
  escalations: 0,
  prompts: 0,
  unmatched: 0,
  crmWrites: 0,
});

export interface ShadowDeps {
  clock: Clock;
  log: Logger;
  admins: number[];
  /** The admin's address in a messenger (Telegram chat id, Bitrix24 dialog id), if they can be reached there. */
  adminAddress(channel: Channel, adminId: number): string | null;
  /** Who a messenger address is, for the report ("Гракун Е."). */
  labelOf(channel: Channel, address: string): string;
  adminNames(): string;
}

export class Shadow {
  private pending: string[] = [];
  private counts = fresh();
  private lastSummaryAt: number;
  private seq = 0;
  private announced = false;
  private real: Partial<Record<Channel, Messenger>> = {};

  constructor(private readonly deps: ShadowDeps) {
    this.lastSummaryAt = deps.clock.now().getTime();
  }

  /** A deal the desk saw (domain event dealChanged). */
  sawDeal(dealId: number): void {
    this.counts.deals.add(dealId);
  }

  private note(line: string): void {
    this.pending.push(line);
    this.deps.log.info({ shadow: line }, 'shadow: would have');
  }

  /**
   * The messenger as the outbox sees it: nothing it sends reaches anyone — an admin who is also a
   * recipient (a director hearing escalations) is reported to like everyone else, so no live
   * button of a shadow message exists anywhere.
   */
  messenger(real: Messenger): Messenger {
    this.real[real.channel] = real;
    const self = this;
    return {
      channel: real.channel,
      async send(chatId: string, msg: OutMessage): Promise<SentMessage> {
        const kind = shadowKindOf(msg.text);
        self.count(kind);
        self.note(texts.wouldSend(kind, self.deps.labelOf(real.channel, chatId), msg.text, dealIdOf(msg)));
        return { messageId: `shadow-${++self.seq}` };
      },
      async edit(chatId: string, _messageId: string, msg: OutMessage): Promise<void> {
        self.note(texts.wouldEdit(self.deps.labelOf(real.channel, chatId), msg.text));
      },
      async sendFile(chatId: string, file: OutFile): Promise<SentMessage> {
        self.note(texts.wouldSendFile(self.deps.labelOf(real.channel, chatId), file.name));
        return { messageId: `shadow-${++self.seq}` };
      },
    };
  }

  private count(kind: ShadowKind): void {
    if (kind === 'card') this.counts.cards++;
    else if (kind === 'escalation') this.counts.escalations++;
    else if (kind === 'prompt') this.counts.prompts++;
    else if (kind === 'unmatched') this.counts.unmatched++;
  }

  private wrote(what: string): void {
    this.counts.crmWrites++;
    this.note(texts.wouldWrite(what));
  }

  /** The CRM port with every write recorded instead of made; reads go to the portal. */
  crm(real: Crm): Crm {
    let fakeId = 0;
    return {
      portalUrl: real.portalUrl,
      whenReady: async () => real.whenReady?.(),
      getDeals: (ids) => real.getDeals(ids),
      getDealsWithDetails: (ids) => real.getDealsWithDetails(ids),
      listDealsChangedSince: (since, o) => real.listDealsChangedSince(since, o),
      getClients: (deals) => real.getClients(deals),
      getClientsAndPeople: (deals, userIds) => real.getClientsAndPeople(deals, userIds),
      listPipelines: () => real.listPipelines(),
      listPeople: () => real.listPeople(),
      readPerson: (id) => real.readPerson(id),
      listDepartments: () => real.listDepartments(),
      countWonDeals: (q) => real.countWonDeals(q),
      listActivitiesSince: (owners, since) => real.listActivitiesSince(owners, since),
      getActivity: (id) => (id >= SHADOW_ID_BASE ? Promise.resolve(null) : real.getActivity(id)),
      ping: () => real.ping(),
      addDealComment: async (dealId, text) => this.wrote(texts.write.dealComment(dealId, text)),
      addComment: async (entity, id, text) => this.wrote(texts.write.comment(entity, id, text)),
      addTodo: async (t) => {
        this.wrote(texts.write.todo(t.title, t.ownerTypeId, t.ownerId));
        return SHADOW_ID_BASE + ++fakeId;
      },
      moveTodo: async (id) => this.wrote(texts.write.moveTodo(id)),
      completeActivity: async (id) => this.wrote(texts.write.completeActivity(id)),
      updateDeal: async (dealId, f) => this.wrote(texts.write.updateDeal(dealId, f)),
      notifyUser: async (userId) => this.wrote(texts.write.notifyUser(userId)),
    };
  }

  /** The invoice port: marking paid is recorded, the rest reads. */
  invoices(real: InvoiceCrm): InvoiceCrm {
    return {
      invoiceKind: () => real.invoiceKind(),
      searchInvoicesByNumber: (f) => real.searchInvoicesByNumber(f),
      listUnpaidInvoices: (o) => real.listUnpaidInvoices(o),
      findCompaniesByInn: (inn) => real.findCompaniesByInn(inn),
      findCompaniesByTitle: (f) => real.findCompaniesByTitle(f),
      companyInn: (id) => real.companyInn(id),
      getInvoice: (k, id) => real.getInvoice(k, id),
      markInvoicePaid: async (kind, id) => this.wrote(texts.write.invoicePaid(kind, id)),
    };
  }

  /** Tells the admins what piled up, and once an hour the summary. Returns how many messages went out. */
  async report(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const out: string[] = [];
    if (!this.announced) out.push(texts.started(this.deps.adminNames()));
    if (this.pending.length) {
      const lines = this.pending.slice(0, REPORT_LINES);
      out.push(texts.report(lines, Math.max(0, this.pending.length - lines.length)));
    }
    const summaryDue = now - this.lastSummaryAt >= HOUR;
    if (summaryDue)
      out.push(
        texts.summary({
          deals: this.counts.deals.size,
          cards: this.counts.cards,
          escalations: this.counts.escalations,
          prompts: this.counts.prompts,
          unmatched: this.counts.unmatched,
          crmWrites: this.counts.crmWrites,
        }),
      );
    if (!out.length) return 0;
    let sent = 0;
    try {
      for (const text of out) sent += await this.toAdmins(text);
    } catch (e) {
      this.deps.log.warn({ err: errorMessage(e) }, 'shadow report not delivered; next pass tries again');
      return sent;
    }
    this.announced = true;
    this.pending = this.pending.slice(REPORT_LINES);
    if (summaryDue) {
      this.counts = fresh();
      this.lastSummaryAt = now;
    }
    return sent;
  }

  /**
   * Reports go by Telegram only: a message in the Bitrix24 messenger is a write to the portal
   * (imbot.v2.Chat.Message.send), which shadow mode never makes. Admins without a linked Telegram
   * read the same lines in the log ("shadow: would have").
   */
  private async toAdmins(text: string): Promise<number> {
    const telegram = this.real.telegram;
    let n = 0;
    for (const id of this.deps.admins) {
      const address = telegram ? this.deps.adminAddress('telegram', id) : null;
      if (!telegram || !address) continue;
      await telegram.send(address, { text });
      n++;
    }
    return n;
  }
}

/** Ids the shadow CRM hands out for to-dos it did not create: never a real activity's. */
const SHADOW_ID_BASE = 2_000_000_000;

function dealIdOf(msg: OutMessage): number | null {
  for (const row of msg.buttons ?? [])
    for (const b of row) {
      const m = 'url' in b ? /\/deal\/details\/(\d+)/.exec(b.url) : null;
      if (m) return Number(m[1]);
    }
  return null;
}
