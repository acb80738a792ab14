/**
 * The payment desk: a message of the director in «Оплата» → the invoice(s) it names → a prompt to
 * each invoice's manager → one tap marks the invoice paid and moves the deal, only when the sums
 * agree. Transport-neutral: it sees an Actor and text, and answers through the outbox.
 */
import { DateTime } from 'luxon';
import { addWorkingTime } from '../kernel/working-hours';
import * as t from '../texts';
import type {
  ActionReply,
  Actor,
  Channel,
  ChatFiles,
  Crm,
  InboundFile,
  Invoice,
  InvoiceCrm,
  OutMessage,
} from '../kernel/ports';
import type { DeskContext } from '../kernel/context';
import type { ButtonHandlers, Command, CommandHandler } from '../kernel/desk';
import {
  addComment,
  dealLink,
  editEverywhere,
  personName,
  personOf,
  type ReplyLine,
  sendLines,
  sendToChat,
  sendToPerson,
} from '../kernel/delivery';
import { buttons } from '../kernel/buttons';
import { chatKey, commentKey, crmKey, kvKey, messageKey, timerKey } from '../kernel/keys';
import { backoff, policies } from '../kernel/retry';
import { errorMessage } from '../kernel/errors';
import type { TimerHandlers, TimerOf } from '../store/timers';
import { parsePaymentNotice, type PaymentNotice } from './parse';
import { judge, matchByAmount, matchByNumber, paidFor, sameMoney, type NumberMatch } from './match';
import type { NoticeRow, PaymentStore, PromptRow } from './store';
import { documentText, readStatement, STATEMENT_MAX_BYTES } from './statement';
import { readExchangeDocuments } from './exchange-1c';

const chatOf = (n: NoticeRow) => ({ channel: n.channel, id: n.chatId });

type Target = { written: string | null; match: NumberMatch; paid: number | null };

/** The account number's last segment: what a LIKE search on the portal can use for both "943" and "2018/943". */
const searchFragment = (written: string) =>
  written
    .replace(/\s/g, '')
    .split(/[/\\-]/)
    .filter(Boolean)
    .at(-1) ?? written;
const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/["«»'.,]/g, '')
    .replace(/\b(ооо|оао|зао|пао|ао|ип)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const HOUR_MS = 3_600_000;

/** How a notice (or one document of a statement) turned out, for the statement's summary. */
type Outcome = 'matched' | 'differs' | 'partial' | 'notFound' | 'other';
interface Reading {
  /** The lines for the chat, a question's buttons with its line. */
  lines: ReplyLine[];
  outcomes: Outcome[];
}
/** A statement's documents are notices of their own: the file's message id, `#`, the document's place. */
const statementDocumentId = (messageId: string, n: number) => `${messageId}#${n}`;
/** The chat message a notice answers (a statement document answers the file's message). */
const statementMessageOf = (messageId: string) => messageId.split('#')[0] ?? messageId;
/** The payment order's own number (1C `Номер`) of a statement document, else its place in the file; null for a chat message. */
const statementDocumentNumber = (n: NoticeRow): string | null => {
  if (!n.messageId.includes('#')) return null;
  return readExchangeDocuments(n.text)?.[0]?.get('Номер')?.trim() || (n.messageId.split('#')[1] ?? null);
};
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const notLinked: ActionReply = { text: t.replies.notLinked, alert: true };

export class PaymentDesk {
  /** The prompt's buttons (managers) and the pick among several invoices (the announcer). */
  readonly buttons: Pick<ButtonHandlers, 'payYes' | 'payNo' | 'payRecheck' | 'payPick'> = {
    payYes: (personId, press) => this.answer(personId, press.promptId, 'yes'),
    payNo: (personId, press) => this.answer(personId, press.promptId, 'no'),
    payRecheck: (personId, press) => this.answer(personId, press.promptId, 'recheck'),
    payPick: (personId, press) => (personId === null ? notLinked : this.pick(personId, press.choiceId, press.index)),
  };

  readonly timers: Pick<TimerHandlers, 'pay-remind'> = {
    'pay-remind': (timer) => this.remind(timer),
  };

  /** /payments is answered wherever it is typed (the «Оплата» chat too), to those allowed to see it. */
  readonly commands: Pick<Record<Command, CommandHandler>, 'payments'> = {
    payments: (actor) => this.todayList(personOf(this.ctx, actor)),
  };

  constructor(
    private readonly ctx: DeskContext,
    private readonly store: PaymentStore,
    private readonly invoices: InvoiceCrm,
    private readonly crm: Crm,
    private readonly files: ChatFiles,
  ) {
    ctx.events.on('personDeparted', ({ personId, toId }) => this.movePending(personId, toId));
  }

  private get rules() {
    return this.ctx.rules.payments;
  }

  announcers(): number[] {
    return this.rules.announcers.length ? this.rules.announcers : this.ctx.rules.people.directors;
  }

  /**
   * The «Оплата» chat of a messenger: the rules' id — or, in Telegram, the supergroup it became
   * (migrate_to_chat_id), which the bot follows until the rules name it.
   */
  paymentChat(channel: Channel): string | undefined {
    if (channel === 'b24chat') return this.rules.bitrixChatId;
    if (this.rules.telegramChatId === undefined) return undefined;
    const configured = String(this.rules.telegramChatId);
    return this.movedChat()?.to ?? configured;
  }

  /** The Telegram payment chat's move, while the rules still name the old id. */
  private movedChat(): { from: string; to: string } | null {
    const raw = this.ctx.kv.get(kvKey.paymentChatMoved);
    if (!raw || this.rules.telegramChatId === undefined) return null;
    const moved = JSON.parse(raw) as { from: string; to: string };
    return moved.from === String(this.rules.telegramChatId) ? moved : null;
  }

  /** A message in a chat. Anything but an announcer's message in the payment chat is ignored (and logged). */
  async onMessage(
    actor: Actor,
    m: { messageId: string; text: string; edited: boolean; file?: InboundFile },
  ): Promise<void> {
    // The «Оплата» chat of that messenger only; other chats are not read.
    const chatId = this.paymentChat(actor.channel);
    if (chatId === undefined || actor.chatId !== chatId) {
      this.ctx.log.info(
        { channel: actor.channel, chatId: actor.chatId, messageId: m.messageId, paymentChat: chatId ?? null },
        chatId === undefined
          ? 'message ignored: no payment chat is configured'
          : 'message ignored: not the payment chat',
      );
      return;
    }
    const author = personOf(this.ctx, actor);
    if (author === null || !this.announcers().includes(author)) {
      this.ctx.log.info(
        { channel: actor.channel, chatId: actor.chatId, messageId: m.messageId, author },
        'message in the payment chat ignored: the author is not an announcer',
      );
      return;
    }
    // A file whose caption is not a payment: a bank statement, or something to answer politely.
    if (m.file && !m.edited && !parsePaymentNotice(m.text).isPayment)
      return this.readStatementFile({ channel: actor.channel, id: chatId }, author, m.messageId, m.file);

    const now = this.ctx.clock.now().getTime();
    const recorded = this.ctx.tx(() =>
      this.store.recordMessage({ channel: actor.channel, id: actor.chatId }, m.messageId, author, m.text, now),
    );
    if (!recorded) return; // the same text again: a duplicate delivery
    // Recorded in the chat's order (the transport sequences a chat's updates); read outside that order,
    // so an edit is recorded while its original is still being read — and the original's read then
    // finds itself stale and changes nothing. The loop's pass (retryUnread) waits for the read.
    void this.readInOrder(recorded.id);
  }

  /**
   * An admin posted anonymously: nobody can be named as the announcer, so nothing is acted on. The
   * chat is told how to post so it is read (once an hour at most, and only for what reads as a
   * payment or is a file — a bank statement is read only from a known announcer); every such message is logged.
   */
  async onAnonymous(actor: Actor, m: { messageId: string; text: string; file?: InboundFile }): Promise<void> {
    const chatId = this.paymentChat(actor.channel);
    if (actor.chatId !== chatId) {
      this.ctx.log.info(
        { channel: actor.channel, chatId: actor.chatId, messageId: m.messageId },
        'anonymous admin message ignored: not the payment chat',
      );
      return;
    }
    const payment = parsePaymentNotice(m.text).isPayment || m.file !== undefined;
    this.ctx.log.warn(
      { channel: actor.channel, chatId, messageId: m.messageId, payment, file: m.file?.name ?? null },
      'anonymous admin message in the payment chat not read: its author cannot be known',
    );
    if (!payment) return;
    const now = this.ctx.clock.now().getTime();
    this.ctx.tx(() => {
      const last = Number(this.ctx.kv.get(kvKey.paymentAnonymousWarned(chatId)) ?? 0);
      if (now - last < HOUR_MS) return;
      this.ctx.kv.set(kvKey.paymentAnonymousWarned(chatId), String(now));
      sendToChat(this.ctx, { channel: actor.channel, id: chatId }, chatKey.paymentAnonymous(chatId, m.messageId), {
        text: t.paymentChat.anonymous,
        replyTo: m.messageId,
      });
    });
  }

  /**
   * A Telegram group became a supergroup (its service message, or a 400 for the old id): the payment
   * chat follows the new id, replies not sent yet go there, and the admins are told to update the rules.
   */
  onChatMoved(channel: Channel, from: string, to: string): void {
    if (channel !== 'telegram' || this.paymentChat('telegram') !== from) {
      this.ctx.log.info({ channel, from, to }, 'a chat moved to a new id; not the payment chat');
      return;
    }
    const admins = this.ctx.rules.people.admins.length ? this.ctx.rules.people.admins : this.ctx.rules.people.directors;
    const retargeted = this.ctx.tx(() => {
      this.ctx.kv.set(kvKey.paymentChatMoved, JSON.stringify({ from: String(this.rules.telegramChatId), to }));
      const n = this.ctx.outbox.retarget('telegram', from, to);
      for (const id of admins)
        sendToPerson(this.ctx, id, messageKey.paymentChatMoved(to, id), { text: t.paymentChat.moved(to) });
      return n;
    });
    this.ctx.log.warn(
      { from, to, retargeted },
      'the payment chat became a supergroup: following its new id; set payments.telegramChatId to it in the rules',
    );
  }

  /** One read of a notice at a time; a read queued behind another reads whatever version is newest then. */
  private readInOrder(id: number): Promise<void> {
    const next = (this.reads.get(id) ?? Promise.resolve()).then(() => this.readNotice(id));
    this.reads.set(id, next);
    void next.finally(() => {
      if (this.reads.get(id) === next) this.reads.delete(id);
    });
    return next;
  }

  private readonly reads = new Map<number, Promise<void>>();

  /** Resolves when no read of a notice is in flight (the app waits for it before it closes the store). */
  async idle(): Promise<void> {
    while (this.reads.size) await Promise.all([...this.reads.values()]);
  }

  /**
   * Notices recorded but not read (the portal was down when the director wrote, or a read is still in
   * flight): read them, with a back-off. Called on every pass of the loop.
   */
  async retryUnread(nowReal = Date.now()): Promise<number> {
    const ids = this.store.unreadDue(nowReal, 10);
    // A read in flight is waited for, not repeated: if it fails, its back-off decides the next try.
    for (const id of ids) await (this.reads.get(id) ?? this.readInOrder(id));
    return ids.length;
  }

  private async readNotice(id: number): Promise<void> {
    let n: NoticeRow | undefined;
    try {
      n = this.store.notice(id);
      if (n.processedVersion >= n.version) return; // read meanwhile (a read queued behind another)
      await this.process(n);
    } catch (e) {
      const delay = backoff(n?.attempts ?? 0, policies.paymentNotice(this.ctx.rules.outbox.retryBase));
      const err = errorMessage(e);
      try {
        this.store.readFailed(id, err, Date.now() + delay);
      } catch (e2) {
        this.ctx.log.error({ noticeId: id, err: errorMessage(e2) }, 'could not record a failed read');
        return;
      }
      this.ctx.metrics.callErrors.inc({ target: 'bitrix' });
      this.ctx.log.warn({ noticeId: id, err, retryInMs: delay }, 'payment message not read yet; will retry');
    }
  }

  /**
   * Runs the effects of reading version `n` in one transaction — only while `n` is still the message's
   * newest version. A stale version (the director edited the message while the portal was being read)
   * changes nothing: no reply, no prompt, no «read» mark; the newer version is read after it.
   */
  private effectsOf(n: NoticeRow, effects: () => void): void {
    this.ctx.tx(() => {
      if (this.store.notice(n.id).version !== n.version) {
        this.ctx.log.info(
          { noticeId: n.id, version: n.version },
          'payment message was edited while it was read; this version changes nothing',
        );
        return;
      }
      effects();
    });
  }

  /**
   * Reads one version of a notice: matches, prompts, and answers in the chat — or, `quiet` (a document
   * of a statement file), leaves the answer to the caller, who sums the whole file up in one reply.
   */
  private async process(n: NoticeRow, quiet = false): Promise<Reading> {
    const chat = chatOf(n);
    const done = () => this.store.markRead(n.id, n.version);
    const notice = parsePaymentNotice(n.text);
    const replyKey = chatKey.paymentReply(n.id, n.version);
    const replyTo = statementMessageOf(n.messageId);
    const reply = (text: string): Reading => {
      this.effectsOf(n, () => {
        if (!quiet) sendToChat(this.ctx, chat, replyKey, { text, replyTo });
        done();
      });
      return { lines: [{ text }], outcomes: ['other'] };
    };

    if (!notice.isPayment) {
      // An edit that turned a payment into something else (or removed the text) withdraws its open
      // prompts, and says so of any a manager confirmed already.
      this.effectsOf(n, () => {
        if (n.version > 1) {
          this.withdrawExcept(n.id, []);
          const dropped = this.confirmedDropped(n, []);
          if (dropped.length && !quiet) sendLines(this.ctx, chat, replyKey, dropped, replyTo);
        }
        done();
      });
      return { lines: [], outcomes: ['other'] };
    }
    if (notice.invoices.length === 0 && !notice.inn && !notice.payer) return reply(t.paymentChat.askNumber);
    if (notice.amount === null && notice.items.every((i) => i.amount === null))
      return reply(
        notice.invoices.length ? t.paymentChat.askAmount(notice.invoices.join(', ')) : t.paymentChat.askNumber,
      );

    const targets = await this.resolve(notice);
    const found = targets.flatMap((x) => (x.match.kind === 'found' ? [x.match.invoice] : []));
    const deals = await this.crm.getDeals([...new Set(found.flatMap((i) => (i.dealId ? [i.dealId] : [])))]);
    await this.ctx.directory.fresh();

    const reading: Reading = { lines: [], outcomes: [] };
    // In a statement several payments may ask the same question: each says which payment it is about.
    const docNumber = statementDocumentNumber(n);
    const payment =
      docNumber === null
        ? undefined
        : t.paymentChat.statementPayment(
            docNumber,
            notice.amount === null ? null : t.money(notice.amount),
            notice.payer ?? notice.inn,
          );
    this.effectsOf(n, () => {
      const { lines, outcomes } = reading;
      const kept: number[] = [];
      for (const target of targets) {
        const { match } = target;
        if (match.kind === 'none') {
          outcomes.push('notFound');
          lines.push({
            text: target.written
              ? t.paymentChat.notFound(target.written)
              : t.paymentChat.notFoundByPayer(notice.payer ?? notice.inn ?? ''),
          });
        } else if (match.kind === 'ambiguous') {
          outcomes.push('other');
          match.candidates.sort((a, b) => a.number.localeCompare(b.number, 'ru', { numeric: true }));
          const choiceId = this.store.offerChoice(
            n.id,
            target.written ?? '',
            match.candidates,
            this.ctx.clock.now().getTime(),
          );
          lines.push({
            text: t.paymentChat.ambiguous(target.written ?? notice.payer ?? '', payment),
            buttons: match.candidates.slice(0, 8).map((c, i) => [
              {
                text: t.paymentChat.choiceButton(docNumber, c.number, t.money(c.amount, c.currency), c.companyTitle),
                action: buttons.payPick.encode({ choiceId, index: i }),
              },
            ]),
          });
        } else {
          const deal = match.invoice.dealId ? deals.get(match.invoice.dealId) : undefined;
          const routed = this.route(n, match.invoice, target.paid, notice.partial, deal?.categoryId);
          if (routed.promptId) kept.push(routed.promptId);
          lines.push({ text: routed.line });
          outcomes.push(routed.outcome);
        }
      }
      this.withdrawExcept(n.id, kept);
      lines.push(...this.confirmedDropped(n, kept));
      // Long answers (a statement, a message naming a hundred invoices) go in as many messages as needed.
      if (!quiet) sendLines(this.ctx, chat, replyKey, lines, replyTo);
      done();
    });
    return reading;
  }

  /**
   * A 1C statement file posted by an announcer: each incoming payment document becomes a notice of
   * its own (recorded first, like any message) and goes through the same matching; one reply sums
   * the file up. A file that is not a statement gets a polite answer.
   */
  private async readStatementFile(
    chat: { channel: Channel; id: string },
    author: number,
    messageId: string,
    file: InboundFile,
  ): Promise<void> {
    const answer = (text: string, lines: ReplyLine[] = []): void => {
      // The count lines first, then a line per payment: in several messages when they do not fit one.
      const head = text.split('\n').map((line): ReplyLine => ({ text: line }));
      this.ctx.tx(() =>
        sendLines(this.ctx, chat, chatKey.paymentStatement(chat.id, messageId), [...head, ...lines], messageId),
      );
    };
    const where = { chatId: chat.id, messageId, file: file.name };
    if ((file.size ?? 0) > STATEMENT_MAX_BYTES) {
      this.ctx.log.info(where, 'file in the payment chat not read: too large for a statement');
      return answer(t.paymentChat.notStatement(file.name ?? ''));
    }
    let bytes: Buffer;
    try {
      bytes = await this.files.download(chat.channel, file.id, STATEMENT_MAX_BYTES);
    } catch (e) {
      this.ctx.log.warn({ ...where, err: errorMessage(e) }, 'file in the payment chat could not be downloaded');
      return answer(t.paymentChat.statementUnreadable);
    }
    const st = readStatement(bytes);
    if (!st) {
      this.ctx.log.info(where, 'file in the payment chat is not a 1C statement');
      return answer(t.paymentChat.notStatement(file.name ?? ''));
    }
    const counts = { matched: 0, differs: 0, partial: 0, notFound: 0, other: 0, later: 0 };
    const lines: ReplyLine[] = [];
    for (const [i, doc] of st.incoming.entries()) {
      const now = this.ctx.clock.now().getTime();
      const key = statementDocumentId(messageId, i + 1);
      const recorded = this.ctx.tx(() => this.store.recordMessage(chat, key, author, documentText(doc), now));
      if (!recorded) continue; // the same file again: a duplicate delivery
      const n = this.store.notice(recorded.id);
      try {
        const r = await this.process(n, true);
        for (const o of r.outcomes) counts[o]++;
        lines.push(...r.lines);
      } catch (e) {
        // The portal failed: the document is recorded, the loop reads it later and answers for it alone.
        this.store.readFailed(
          n.id,
          errorMessage(e),
          Date.now() + backoff(0, policies.paymentNotice(this.ctx.rules.outbox.retryBase)),
        );
        counts.later++;
      }
    }
    this.ctx.log.info(
      { ...where, incoming: st.incoming.length, outgoing: st.outgoing, ...counts },
      'statement file read',
    );
    answer(t.paymentChat.statementSummary(st.incoming.length, counts, []), lines);
  }

  private async resolve(notice: PaymentNotice): Promise<Target[]> {
    if (notice.invoices.length) {
      const out: Target[] = [];
      for (const written of notice.invoices) {
        const candidates = await this.invoices.searchInvoicesByNumber(searchFragment(written));
        out.push({
          written,
          match: matchByNumber(written, candidates),
          paid: paidFor(written, notice.items, notice.amount, notice.invoices.length),
        });
      }
      return out;
    }
    const companies = notice.inn ? await this.invoices.findCompaniesByInn(notice.inn) : [];
    let unpaid: Invoice[] = [];
    if (companies.length) unpaid = await this.invoices.listUnpaidInvoices({ companyIds: companies });
    else if (notice.payer) {
      const payer = fold(notice.payer);
      unpaid = (await this.invoices.listUnpaidInvoices({ limit: 200 })).filter(
        (i) =>
          i.companyTitle && payer && (fold(i.companyTitle).includes(payer) || payer.includes(fold(i.companyTitle))),
      );
    }
    return [{ written: null, match: matchByAmount(notice.amount, unpaid), paid: notice.amount }];
  }

  /** Creates (or, after an edit, updates) the prompt for one invoice; returns the line for the chat. */
  private route(
    notice: NoticeRow,
    inv: Invoice,
    paid: number | null,
    partial: boolean,
    categoryId: number | undefined,
  ): { line: string; promptId?: number; outcome: Outcome } {
    const verdict = judge(inv, paid, partial);
    if (verdict === 'already-paid') return { line: t.paymentChat.alreadyPaid(inv.number), outcome: 'other' };
    const managerName = personName(this.ctx, inv.responsibleId);
    const missingFields = this.missingOf(inv);
    const line =
      verdict === 'match'
        ? missingFields.length
          ? t.paymentChat.routedIncomplete(managerName, inv.number, missingFields)
          : t.paymentChat.routed(managerName, inv.number)
        : verdict === 'partial'
          ? t.paymentChat.partial(managerName, inv.number)
          : t.paymentChat.mismatch(
              managerName,
              inv.number,
              paid === null ? '—' : t.money(paid, inv.currency),
              t.money(inv.amount, inv.currency),
            );
    const outcome: Outcome = verdict === 'match' ? 'matched' : verdict === 'partial' ? 'partial' : 'differs';
    const now = this.ctx.clock.now().getTime();
    const status = verdict === 'partial' ? 'recorded' : 'pending';
    const existing = this.store.promptFor(notice.id, inv.kind, inv.id);
    if (existing) {
      const unchanged =
        existing.verdict === verdict &&
        existing.paidAmount === paid &&
        existing.status !== 'withdrawn' &&
        sameList(existing.missingFields, missingFields);
      if (unchanged || (existing.status !== 'pending' && existing.status !== 'withdrawn'))
        return { line, promptId: existing.id, outcome };
      this.store.revise(existing.id, { verdict, paidAmount: paid, invoiceAmount: inv.amount, status, missingFields });
      this.reshowPrompt(existing.id);
      return { line, promptId: existing.id, outcome };
    }
    const rule = this.ctx.rules.pipelines.find((p) => p.categoryId === categoryId);
    const paidStage = rule?.paidStage ?? null;
    const stageName =
      paidStage && categoryId !== undefined
        ? this.ctx.directory.stageName(categoryId, paidStage)
        : t.fallback.paidStage;
    const id = this.store.createPrompt(
      {
        noticeId: notice.id,
        invoiceKind: inv.kind,
        invoiceId: inv.id,
        invoiceNumber: inv.number,
        invoiceAmount: inv.amount,
        dealId: inv.dealId,
        paidStage,
        stageName,
        company: inv.companyTitle,
        managerId: inv.responsibleId,
        paidAmount: paid,
        verdict,
        status,
        missingFields,
      },
      now,
    );
    const row = this.promptNow(id);
    sendToPerson(this.ctx, inv.responsibleId, messageKey.paymentPrompt(id), this.promptMessage(row));
    if (verdict === 'partial' && inv.dealId)
      addComment(
        this.ctx,
        commentKey.paymentPartial(id),
        'deal',
        inv.dealId,
        t.paymentTimeline.partial(
          inv.number,
          t.money(paid ?? 0, inv.currency),
          t.money(inv.amount, inv.currency),
          notice.text,
        ),
      );
    if (verdict !== 'partial') {
      const due = addWorkingTime(new Date(now), this.rules.remindAfter, this.ctx.rules.workingHours).getTime();
      this.ctx.timers.schedule(
        { kind: 'pay-remind', key: timerKey.paymentReminder(id), dueAt: due, payload: { promptId: id } },
        now,
      );
    }
    return { line, promptId: id, outcome };
  }

  private withdrawExcept(noticeId: number, keep: number[]): void {
    for (const p of this.store.openPromptsOf(noticeId).filter((x) => !keep.includes(x.id))) {
      this.store.withdraw(p.id);
      this.ctx.timers.cancel(timerKey.paymentReminder(p.id));
      this.editCopies(p, `r${p.revision + 1}`, t.paymentPromptDone(this.view(p), 'withdrawn', ''));
    }
  }

  /**
   * Invoices a manager confirmed by an earlier version of the notice that this version no longer
   * names: the CRM write stands (a person confirmed it), but the manager who confirmed is told, the
   * lines returned tell the chat, and the log says so.
   */
  private confirmedDropped(n: NoticeRow, keep: number[]): ReplyLine[] {
    const lines: ReplyLine[] = [];
    for (const p of this.store.confirmedPromptsOf(n.id).filter((x) => !keep.includes(x.id))) {
      lines.push({ text: t.paymentChat.confirmedByOldVersion(p.invoiceNumber) });
      if (p.decidedBy !== null)
        sendToPerson(
          this.ctx,
          p.decidedBy,
          messageKey.paymentConfirmedThenEdited(p.id, n.version),
          t.paymentConfirmedThenEdited(this.view(p)),
        );
      this.ctx.log.warn(
        { noticeId: n.id, version: n.version, promptId: p.id, invoice: p.invoiceNumber, confirmedBy: p.decidedBy },
        'payment message edited after a confirm no longer names the confirmed invoice; the CRM write stands, the chat and the manager are told',
      );
    }
    return lines;
  }

  /** Step 57: labels of the required invoice fields (payments.requiredInvoiceFields) that are empty. */
  private missingOf(inv: Invoice): string[] {
    return this.rules.requiredInvoiceFields.filter((f) => !inv.fields?.[f.field]?.trim()).map((f) => f.label);
  }

  /** A prompt just written in this transaction: it is there. */
  private promptNow(id: number): PromptRow {
    const row = this.store.prompt(id);
    if (!row) throw new Error(`no payment prompt ${id}`);
    return row;
  }

  /** Edits every copy of a prompt to what it says at its current revision. */
  private reshowPrompt(id: number): void {
    const row = this.promptNow(id);
    this.editCopies(
      row,
      `r${row.revision}`,
      this.promptMessage(row),
      row.status === 'pending' ? t.paymentReminder(this.view(row), row.id) : undefined,
    );
  }

  /**
   * Every copy of a prompt shows `msg`: the prompt on each messenger, a copy handed over to whoever
   * has it now, and its reminder — which keeps its «⏰» head (`reminder`) while the prompt is open, so
   * no copy goes on offering a «Да» the prompt no longer has. A copy never sent is skipped.
   */
  private editCopies(p: PromptRow, version: string, msg: OutMessage, reminder: OutMessage = msg): void {
    editEverywhere(this.ctx, messageKey.paymentPrompt(p.id), version, msg);
    editEverywhere(this.ctx, messageKey.paymentPromptHandedOver(p.id, p.managerId), version, msg);
    editEverywhere(this.ctx, messageKey.paymentReminder(p.id), version, reminder);
  }

  private view(p: PromptRow): t.PromptView {
    const n = this.store.notice(p.noticeId);
    return {
      announcer: personName(this.ctx, n.authorId),
      number: p.invoiceNumber,
      company: p.company,
      paid: p.paidAmount,
      invoiceAmount: p.invoiceAmount,
      currency: 'RUB',
      verdict: p.verdict,
      missing: p.missingFields,
      dealLink: p.dealId ? dealLink(this.ctx, p.dealId) : null,
      stageName: p.stageName ?? t.fallback.paidStage,
    };
  }

  private promptMessage(p: PromptRow): OutMessage {
    return t.paymentPrompt(this.view(p), p.id);
  }

  /** A manager's answer to a prompt: yes, no, or «check again» after the invoice was corrected. */
  private async answer(
    personId: number | null,
    promptId: number,
    verb: 'yes' | 'no' | 'recheck',
  ): Promise<ActionReply> {
    if (personId === null) return notLinked;
    const p = this.store.prompt(promptId);
    if (!p) return { text: t.replies.unknown };
    if (p.managerId !== personId)
      return { text: t.paymentReplies.notYours(personName(this.ctx, p.managerId)), alert: true };
    if (verb === 'no') return this.reject(p, personId);
    if (p.status !== 'pending') return { text: t.paymentReplies.notOpen };
    // Always against the invoice as it is now: it may have been corrected or paid meanwhile.
    const inv = await this.invoices.getInvoice(p.invoiceKind, p.invoiceId);
    if (!inv) return { text: t.paymentReplies.notOpen };
    // And against the prompt and the message as they are now (no await from here to the decision):
    // an edit may have changed the sum while the invoice was read, or be recorded and not read yet.
    const now = this.store.prompt(promptId);
    if (now?.status !== 'pending') return { text: t.paymentReplies.notOpen };
    const n = this.store.notice(now.noticeId);
    if (n.processedVersion < n.version) return { text: t.paymentReplies.noticeChanging, alert: true };
    if (verb === 'recheck') return this.recheck(now, inv);
    return this.confirm(now, inv, personId);
  }

  private confirm(p: PromptRow, inv: Invoice, by: number): ActionReply {
    const n = this.store.notice(p.noticeId);
    return this.ctx.tx((): ActionReply => {
      const now = this.ctx.clock.now().getTime();
      const missing = this.missingOf(inv);
      if (p.verdict !== 'match' || p.paidAmount === null || !sameMoney(inv.amount, p.paidAmount)) {
        // The prompt shows the difference already unless the invoice changed since it was drawn.
        if (p.verdict !== 'mismatch' || !sameMoney(p.invoiceAmount, inv.amount)) {
          this.store.rejudge(p.id, 'mismatch', inv.amount, missing);
          this.reshowPrompt(p.id);
        }
        return { text: t.paymentReplies.mismatchNow, alert: true };
      }
      // Step 57: not paid before the invoice is corrected (its required fields filled).
      if (missing.length) {
        if (!sameList(p.missingFields, missing)) {
          this.store.rejudge(p.id, 'match', inv.amount, missing);
          this.reshowPrompt(p.id);
        }
        return { text: t.paymentReplies.fieldsMissing(missing), alert: true };
      }
      // The guard makes a double tap (or a second copy) a no-op.
      if (!this.store.confirm(p.id, by, now)) return { text: t.paymentReplies.notOpen };
      this.ctx.timers.cancel(timerKey.paymentReminder(p.id));
      this.ctx.events.emit('paymentConfirmed', {
        promptId: p.id,
        managerId: p.managerId,
        dealId: p.dealId,
        announcedAt: n.receivedAt,
        confirmedAt: now,
      });
      const byName = personName(this.ctx, by);
      if (!inv.paid)
        this.ctx.outbox.enqueue(
          crmKey.paymentConfirm(p.id),
          {
            channel: 'crm',
            op: 'payment.confirm',
            target: String(p.dealId ?? 0),
            payload: {
              kind: p.invoiceKind,
              invoiceId: p.invoiceId,
              dealId: p.dealId,
              stageId: p.paidStage ?? undefined,
            },
          },
          now,
        );
      if (p.dealId)
        addComment(
          this.ctx,
          commentKey.paymentConfirmed(p.id),
          'deal',
          p.dealId,
          t.paymentTimeline.confirmed(p.invoiceNumber, t.money(p.paidAmount, 'RUB'), byName, n.text),
        );
      this.editCopies(p, 'done', t.paymentPromptDone(this.view(p), inv.paid ? 'already' : 'confirmed', byName));
      sendToChat(this.ctx, chatOf(n), chatKey.paymentConfirmed(p.id), {
        text: t.paymentChat.confirmed(p.invoiceNumber, byName),
        replyTo: statementMessageOf(n.messageId),
      });
      return { text: t.paymentReplies.confirmed, quiet: true };
    });
  }

  private reject(p: PromptRow, by: number): ActionReply {
    const n = this.store.notice(p.noticeId);
    return this.ctx.tx((): ActionReply => {
      if (!this.store.reject(p.id, by, this.ctx.clock.now().getTime())) return { text: t.paymentReplies.notOpen };
      this.ctx.timers.cancel(timerKey.paymentReminder(p.id));
      const byName = personName(this.ctx, by);
      this.editCopies(p, 'done', t.paymentPromptDone(this.view(p), 'rejected', byName));
      sendToChat(this.ctx, chatOf(n), chatKey.paymentRejected(p.id), {
        text: t.paymentChat.rejected(p.invoiceNumber, byName),
        replyTo: statementMessageOf(n.messageId),
      });
      return { text: t.paymentReplies.rejected, quiet: true };
    });
  }

  private recheck(p: PromptRow, inv: Invoice): ActionReply {
    const verdict = judge(inv, p.paidAmount, false);
    if (verdict !== 'match')
      return {
        text: t.paymentReplies.stillDiffers(p.paidAmount === null ? '—' : t.money(p.paidAmount), t.money(inv.amount)),
        alert: true,
      };
    const missing = this.missingOf(inv);
    if (missing.length) {
      if (p.verdict !== 'match' || !sameList(p.missingFields, missing) || !sameMoney(p.invoiceAmount, inv.amount))
        this.ctx.tx(() => {
          this.store.rejudge(p.id, 'match', inv.amount, missing);
          this.reshowPrompt(p.id);
        });
      return { text: t.paymentReplies.fieldsMissing(missing), alert: true };
    }
    this.ctx.tx(() => {
      this.store.rejudge(p.id, 'match', inv.amount, []);
      this.reshowPrompt(p.id);
    });
    return { text: t.paymentReplies.nowMatches, quiet: true };
  }

  private async pick(personId: number, choiceId: number, index: number): Promise<ActionReply> {
    const choice = this.store.choice(choiceId);
    if (!choice) return { text: t.replies.unknown };
    if (!this.announcers().includes(personId)) return { text: t.paymentReplies.onlyAnnouncer, alert: true };
    if (choice.status !== 'open') return { text: t.paymentReplies.notOpen };
    const c = choice.candidates[index];
    if (!c) return { text: t.replies.unknown };
    const inv = (await this.invoices.getInvoice(c.kind, c.id)) ?? c;
    const n = this.store.notice(choice.noticeId);
    const notice = parsePaymentNotice(n.text);
    const deals = inv.dealId ? await this.crm.getDeals([inv.dealId]) : new Map();
    await this.ctx.directory.fresh();
    if (this.store.notice(n.id).version !== n.version) return { text: t.paymentReplies.noticeChanging, alert: true };
    this.ctx.tx(() => {
      if (!this.store.pickChoice(choice.id)) return;
      const written = notice.invoices.length === 1 ? (notice.invoices[0] ?? null) : null;
      const routed = this.route(
        n,
        inv,
        paidFor(written, notice.items, notice.amount, Math.max(1, notice.invoices.length)),
        notice.partial,
        inv.dealId ? deals.get(inv.dealId)?.categoryId : undefined,
      );
      sendToChat(this.ctx, chatOf(n), chatKey.paymentPicked(choice.id), {
        text: `${t.paymentChat.picked(inv.number)}\n${routed.line}`,
        replyTo: statementMessageOf(n.messageId),
      });
    });
    return { text: t.paymentReplies.picked };
  }

  /** A manager who left: their open prompts go to `toId`, who gets each prompt anew. */
  private movePending(fromId: number, toId: number): void {
    for (const p of this.store.pendingPromptsOf(fromId)) {
      this.store.handOver(p.id, toId);
      const row = this.promptNow(p.id);
      sendToPerson(this.ctx, toId, messageKey.paymentPromptHandedOver(p.id, toId), this.promptMessage(row));
    }
  }

  /** The once-only reminder to a manager who has not answered. */
  private async remind(timer: TimerOf<'pay-remind'>): Promise<void> {
    this.ctx.tx(() => {
      if (!this.ctx.timers.markFired(timer.id, this.ctx.clock.now().getTime())) return;
      const p = this.store.prompt(timer.payload.promptId);
      if (p?.status !== 'pending') return;
      sendToPerson(this.ctx, p.managerId, messageKey.paymentReminder(p.id), t.paymentReminder(this.view(p), p.id));
    });
  }

  /** /payments for announcers, directors and admins: today's announcements and where each stands. */
  private todayList(personId: number | null): OutMessage | null {
    const p = this.ctx.rules.people;
    if (personId === null || ![...this.announcers(), ...p.directors, ...p.admins].includes(personId)) return null;
    const zone = this.ctx.rules.workingHours.zone;
    const start = DateTime.fromJSDate(this.ctx.clock.now(), { zone }).startOf('day').toMillis();
    const moved = this.movedChat();
    return t.paymentsToday(
      this.store.announcedSince(start).map((r) =>
        t.paymentsTodayLine({
          time: DateTime.fromMillis(r.receivedAt, { zone }).toFormat('HH:mm'),
          invoiceNumber: r.invoiceNumber,
          paid: r.paidAmount,
          managerName: personName(this.ctx, r.managerId),
          status: r.status,
        }),
      ),
      moved ? t.paymentChat.movedLine(moved.from, moved.to) : undefined,
    );
  }
}
