/**
 * The payment desk: a message of the director in «Оплата» → the invoice(s) it names → a prompt to
 * each invoice's manager → one tap marks the invoice paid and moves the deal, only when the sums
 * agree. Transport-neutral: it sees an Actor and text, and answers through the outbox.
 */
import { DateTime } from 'luxon';
import { addWorkingTime } from '../kernel/working-hours';
import * as t from '../texts';
import type { ActionReply, Actor, Channel, Crm, Invoice, InvoiceCrm, OutMessage, Button } from '../kernel/ports';
import type { DeskContext } from '../kernel/context';
import { sendToPerson, sendToChat, editEverywhere, addDealComment, personOf } from '../kernel/context';
import { dealLink, personName } from '../deals/cards';
import { parsePaymentNotice, type PaymentNotice } from './parse';
import { judge, matchByAmount, matchByNumber, paidFor, sameMoney, type NumberMatch } from './match';
import type { TimerRow } from '../store/timers';

interface NoticeRow {
  id: number;
  channel: Channel;
  chat_id: string;
  message_id: string;
  author_id: number;
  text: string;
  version: number;
  received_at: number;
}

const chatOf = (n: NoticeRow) => ({ channel: n.channel, id: n.chat_id });

interface PromptRow {
  id: number;
  notice_id: number;
  invoice_kind: 'smart' | 'legacy';
  invoice_id: number;
  invoice_number: string;
  invoice_amount: number;
  deal_id: number | null;
  paid_stage: string | null;
  stage_name: string | null;
  company: string | null;
  manager_id: number;
  paid_amount: number | null;
  verdict: 'match' | 'mismatch' | 'partial';
  status: 'pending' | 'confirmed' | 'rejected' | 'recorded' | 'withdrawn';
  revision: number;
}

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

export class PaymentDesk {
  constructor(
    private readonly ctx: DeskContext,
    private readonly invoices: InvoiceCrm,
    private readonly crm: Crm,
  ) {}

  private get rules() {
    return this.ctx.rules.payments;
  }

  announcers(): number[] {
    return this.rules.announcers.length ? this.rules.announcers : this.ctx.rules.people.directors;
  }

  private notice(id: number): NoticeRow {
    return this.ctx.db.prepare('SELECT * FROM payment_notices WHERE id = ?').get(id) as NoticeRow;
  }

  private prompt(id: number): PromptRow | undefined {
    return this.ctx.db.prepare('SELECT * FROM payment_prompts WHERE id = ?').get(id) as PromptRow | undefined;
  }

  /** A message in a chat. Anything but an announcer's message in the payment chat is ignored. */
  async onMessage(actor: Actor, m: { messageId: string; text: string; edited: boolean }): Promise<void> {
    // The configured «Оплата» chat of that messenger only; other chats are not read.
    const chatId =
      actor.channel === 'telegram'
        ? this.rules.telegramChatId === undefined
          ? undefined
          : String(this.rules.telegramChatId)
        : this.rules.bitrixChatId;
    if (chatId === undefined || actor.chatId !== chatId) return;
    const author = personOf(this.ctx, actor);
    if (author === null || !this.announcers().includes(author)) return;

    const recorded = this.record({ channel: actor.channel, id: actor.chatId }, m.messageId, author, m.text);
    if (!recorded) return; // the same text again: a duplicate delivery
    await this.readNotice(recorded.id);
  }

  /**
   * Notices recorded but not read (the portal was down when the director wrote): read them again,
   * with a back-off. Called on every pass of the loop.
   */
  async retryUnread(nowReal = Date.now()): Promise<number> {
    const rows = this.ctx.db
      .prepare(
        'SELECT id FROM payment_notices WHERE processed_version < version AND next_attempt_at <= ? ORDER BY id LIMIT 10',
      )
      .all(nowReal) as Array<{ id: number }>;
    for (const r of rows) await this.readNotice(r.id);
    return rows.length;
  }

  private async readNotice(id: number): Promise<void> {
    const n = this.notice(id);
    try {
      await this.process(
        { id: n.id, version: n.version, text: n.text, authorId: n.author_id },
        chatOf(n),
        n.message_id,
      );
    } catch (e) {
      const delay = Math.min(
        this.ctx.rules.outbox.retryBase * 2 ** (n as NoticeRow & { attempts: number }).attempts,
        600_000,
      );
      this.ctx.db
        .prepare('UPDATE payment_notices SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?')
        .run(Date.now() + delay, (e as Error).message.slice(0, 500), id);
      this.ctx.metrics.callErrors.inc({ target: 'bitrix' });
      this.ctx.log.warn(
        { noticeId: id, err: (e as Error).message, retryInMs: delay },
        'payment message not read yet; will retry',
      );
    }
  }

  private async process(
    recorded: { id: number; version: number; text: string; authorId: number },
    chatId: { channel: Channel; id: string },
    messageId: string,
  ): Promise<void> {
    const done = () =>
      this.ctx.db
        .prepare(
          'UPDATE payment_notices SET processed_version = ?, last_error = NULL WHERE id = ? AND processed_version < ?',
        )
        .run(recorded.version, recorded.id, recorded.version);
    const notice = parsePaymentNotice(recorded.text);
    const replyKey = `paychat:${recorded.id}:v${recorded.version}`;
    const reply = (text: string, buttons?: Button[][]) =>
      this.ctx.db.transaction(() => {
        sendToChat(this.ctx, chatId, replyKey, { text, buttons, replyTo: messageId });
        done();
      })();

    if (!notice.isPayment) {
      // An edit that turned a payment into something else withdraws its open prompts.
      this.ctx.db.transaction(() => {
        if (recorded.version > 1) this.withdrawExcept(recorded.id, []);
        done();
      })();
      return;
    }
    if (notice.invoices.length === 0 && !notice.inn && !notice.payer) return void reply(t.paymentChat.askNumber);
    if (notice.amount === null && notice.items.every((i) => i.amount === null))
      return void reply(
        notice.invoices.length ? t.paymentChat.askAmount(notice.invoices.join(', ')) : t.paymentChat.askNumber,
      );

    const targets = await this.resolve(notice);
    const found = targets.flatMap((x) => (x.match.kind === 'found' ? [x.match.invoice] : []));
    const deals = await this.crm.getDeals([...new Set(found.flatMap((i) => (i.dealId ? [i.dealId] : [])))]);
    await this.ctx.directory.fresh();

    this.ctx.db.transaction(() => {
      const lines: string[] = [];
      const buttons: Button[][] = [];
      const kept: number[] = [];
      for (const target of targets) {
        const { match } = target;
        if (match.kind === 'none')
          lines.push(
            target.written
              ? t.paymentChat.notFound(target.written)
              : t.paymentChat.notFoundByPayer(notice.payer ?? notice.inn ?? ''),
          );
        else if (match.kind === 'ambiguous') {
          match.candidates.sort((a, b) => a.number.localeCompare(b.number, 'ru', { numeric: true }));
          const choiceId = this.offerChoice(recorded.id, target.written ?? '', match.candidates);
          lines.push(t.paymentChat.ambiguous(target.written ?? notice.payer ?? ''));
          match.candidates.slice(0, 8).forEach((c, i) =>
            buttons.push([
              {
                text: `${c.number} — ${t.money(c.amount, c.currency)}${c.companyTitle ? ` (${c.companyTitle})` : ''}`,
                action: `pay-pick:${choiceId}:${i}`,
              },
            ]),
          );
        } else {
          const deal = match.invoice.dealId ? deals.get(match.invoice.dealId) : undefined;
          const routed = this.route(recorded, match.invoice, target.paid, notice.partial, deal?.categoryId);
          if (routed.promptId) kept.push(routed.promptId);
          lines.push(routed.line);
        }
      }
      this.withdrawExcept(recorded.id, kept);
      sendToChat(this.ctx, chatId, replyKey, { text: lines.join('\n'), buttons, replyTo: messageId });
      done();
    })();
  }

  /** Stores the message; returns null when this exact text was already handled. */
  private record(
    chat: { channel: Channel; id: string },
    messageId: string,
    author: number,
    text: string,
  ): { id: number; version: number; text: string; authorId: number } | null {
    const now = this.ctx.clock.now().getTime();
    return this.ctx.db.transaction(() => {
      const existing = this.ctx.db
        .prepare(`SELECT id, text, version FROM payment_notices WHERE channel = ? AND chat_id = ? AND message_id = ?`)
        .get(chat.channel, chat.id, messageId) as { id: number; text: string; version: number } | undefined;
      if (existing?.text === text) return null;
      if (existing) {
        this.ctx.db
          .prepare('UPDATE payment_notices SET text = ?, version = version + 1, edited_at = ? WHERE id = ?')
          .run(text, now, existing.id);
        return { id: existing.id, version: existing.version + 1, text, authorId: author };
      }
      const id = Number(
        this.ctx.db
          .prepare(
            `INSERT INTO payment_notices (channel, chat_id, message_id, author_id, text, received_at) VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(chat.channel, chat.id, messageId, author, text, now).lastInsertRowid,
      );
      return { id, version: 1, text, authorId: author };
    })();
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

  private offerChoice(noticeId: number, written: string, candidates: Invoice[]): number {
    return Number(
      this.ctx.db
        .prepare('INSERT INTO payment_choices (notice_id, written, candidates, created_at) VALUES (?, ?, ?, ?)')
        .run(noticeId, written, JSON.stringify(candidates.slice(0, 8)), this.ctx.clock.now().getTime()).lastInsertRowid,
    );
  }

  /** Creates (or, after an edit, updates) the prompt for one invoice; returns the line for the chat. */
  private route(
    notice: { id: number; text: string; authorId: number },
    inv: Invoice,
    paid: number | null,
    partial: boolean,
    categoryId: number | undefined,
  ): { line: string; promptId?: number } {
    const verdict = judge(inv, paid, partial);
    if (verdict === 'already-paid') return { line: t.paymentChat.alreadyPaid(inv.number) };
    const managerName = personName(this.ctx, inv.responsibleId);
    const line =
      verdict === 'match'
        ? t.paymentChat.routed(managerName, inv.number)
        : verdict === 'partial'
          ? t.paymentChat.partial(managerName, inv.number)
          : t.paymentChat.mismatch(
              managerName,
              inv.number,
              paid === null ? '—' : t.money(paid, inv.currency),
              t.money(inv.amount, inv.currency),
            );
    const now = this.ctx.clock.now().getTime();
    const existing = this.ctx.db
      .prepare('SELECT * FROM payment_prompts WHERE notice_id = ? AND invoice_kind = ? AND invoice_id = ?')
      .get(notice.id, inv.kind, inv.id) as PromptRow | undefined;
    if (existing) {
      const unchanged =
        existing.verdict === verdict && existing.paid_amount === paid && existing.status !== 'withdrawn';
      if (unchanged || (existing.status !== 'pending' && existing.status !== 'withdrawn'))
        return { line, promptId: existing.id };
      this.ctx.db
        .prepare(
          `UPDATE payment_prompts SET verdict = ?, paid_amount = ?, invoice_amount = ?, status = ?, revision = revision + 1 WHERE id = ?`,
        )
        .run(verdict, paid, inv.amount, verdict === 'partial' ? 'recorded' : 'pending', existing.id);
      const row = this.prompt(existing.id)!;
      editEverywhere(this.ctx, `payprompt:${row.id}`, `r${row.revision}`, this.promptMessage(row));
      return { line, promptId: row.id };
    }
    const rule = this.ctx.rules.pipelines.find((p) => p.categoryId === categoryId);
    const paidStage = rule?.paidStage ?? null;
    const stageName =
      paidStage && categoryId !== undefined ? this.ctx.directory.stageName(categoryId, paidStage) : 'Счет оплачен';
    const id = Number(
      this.ctx.db
        .prepare(
          `INSERT INTO payment_prompts (notice_id, invoice_kind, invoice_id, invoice_number, invoice_amount, deal_id, paid_stage, stage_name, company, manager_id, paid_amount, verdict, status, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          notice.id,
          inv.kind,
          inv.id,
          inv.number,
          inv.amount,
          inv.dealId,
          paidStage,
          stageName,
          inv.companyTitle,
          inv.responsibleId,
          paid,
          verdict,
          verdict === 'partial' ? 'recorded' : 'pending',
          now,
        ).lastInsertRowid,
    );
    const row = this.prompt(id)!;
    sendToPerson(this.ctx, inv.responsibleId, `payprompt:${id}`, this.promptMessage(row));
    if (verdict === 'partial' && inv.dealId)
      addDealComment(
        this.ctx,
        `tl:paypartial:${id}`,
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
        { kind: 'pay-remind', key: `pay-remind:${id}`, dueAt: due, payload: { promptId: id } },
        now,
      );
    }
    return { line, promptId: id };
  }

  private withdrawExcept(noticeId: number, keep: number[]): void {
    const open = this.ctx.db
      .prepare(`SELECT * FROM payment_prompts WHERE notice_id = ? AND status IN ('pending', 'recorded')`)
      .all(noticeId) as PromptRow[];
    for (const p of open.filter((x) => !keep.includes(x.id))) {
      this.ctx.db
        .prepare(`UPDATE payment_prompts SET status = 'withdrawn', revision = revision + 1 WHERE id = ?`)
        .run(p.id);
      this.ctx.timers.cancelByPrefix(`pay-remind:${p.id}`);
      editEverywhere(
        this.ctx,
        `payprompt:${p.id}`,
        `r${p.revision + 1}`,
        t.paymentPromptDone(this.view(p), 'withdrawn', ''),
      );
    }
  }

  private view(p: PromptRow): t.PromptView {
    const n = this.notice(p.notice_id);
    return {
      announcer: personName(this.ctx, n.author_id),
      number: p.invoice_number,
      company: p.company,
      paid: p.paid_amount,
      invoiceAmount: p.invoice_amount,
      currency: 'RUB',
      verdict: p.verdict,
      dealLink: p.deal_id ? dealLink(this.ctx, p.deal_id) : null,
      stageName: p.stage_name ?? 'Счет оплачен',
    };
  }

  private promptMessage(p: PromptRow): OutMessage {
    return t.paymentPrompt(this.view(p), p.id);
  }

  /** Buttons of the payment desk; null when the data is not ours. */
  async onAction(personId: number | null, data: string): Promise<ActionReply | null> {
    const m = /^pay-(yes|no|recheck):(\d{1,12})$/.exec(data);
    const pick = /^pay-pick:(\d{1,12}):(\d{1,2})$/.exec(data);
    if (!m && !pick) return null;
    if (personId === null) return { text: t.replies.notLinked, alert: true };
    if (pick) return this.pick(personId, Number(pick[1]), Number(pick[2]));
    const p = this.prompt(Number(m![2]));
    if (!p) return { text: t.replies.unknown };
    if (p.manager_id !== personId)
      return { text: t.paymentReplies.notYours(personName(this.ctx, p.manager_id)), alert: true };
    if (m![1] === 'no') return this.reject(p, personId);
    if (p.status !== 'pending') return { text: t.paymentReplies.notOpen };
    // Always against the invoice as it is now: it may have been corrected or paid meanwhile.
    const inv = await this.invoices.getInvoice(p.invoice_kind, p.invoice_id);
    if (!inv) return { text: t.paymentReplies.notOpen };
    if (m![1] === 'recheck') return this.recheck(p, inv);
    return this.confirm(p, inv, personId);
  }

  private confirm(p: PromptRow, inv: Invoice, by: number): ActionReply {
    const n = this.notice(p.notice_id);
    return this.ctx.db.transaction((): ActionReply => {
      const now = this.ctx.clock.now().getTime();
      if (p.verdict !== 'match' || p.paid_amount === null || !sameMoney(inv.amount, p.paid_amount)) {
        this.ctx.db
          .prepare(
            `UPDATE payment_prompts SET verdict = 'mismatch', invoice_amount = ?, revision = revision + 1 WHERE id = ?`,
          )
          .run(inv.amount, p.id);
        const row = this.prompt(p.id)!;
        editEverywhere(this.ctx, `payprompt:${p.id}`, `r${row.revision}`, this.promptMessage(row));
        return { text: t.paymentReplies.mismatchNow, alert: true };
      }
      // The guard makes a double tap (or a second copy) a no-op.
      if (
        this.ctx.db
          .prepare(
            `UPDATE payment_prompts SET status = 'confirmed', decided_by = ?, decided_at = ?, revision = revision + 1 WHERE id = ? AND status = 'pending'`,
          )
          .run(by, now, p.id).changes !== 1
      )
        return { text: t.paymentReplies.notOpen };
      this.ctx.timers.cancelByPrefix(`pay-remind:${p.id}`);
      const byName = personName(this.ctx, by);
      if (!inv.paid)
        this.ctx.outbox.enqueue(
          `payconfirm:${p.id}`,
          {
            channel: 'bitrix',
            op: 'payment.confirm',
            target: String(p.deal_id ?? 0),
            payload: {
              kind: p.invoice_kind,
              invoiceId: p.invoice_id,
              dealId: p.deal_id,
              stageId: p.paid_stage ?? undefined,
            },
          },
          now,
        );
      if (p.deal_id)
        addDealComment(
          this.ctx,
          `tl:payconfirm:${p.id}`,
          p.deal_id,
          t.paymentTimeline.confirmed(p.invoice_number, t.money(p.paid_amount, 'RUB'), byName, n.text),
        );
      editEverywhere(
        this.ctx,
        `payprompt:${p.id}`,
        'done',
        t.paymentPromptDone(this.view(p), inv.paid ? 'already' : 'confirmed', byName),
      );
      sendToChat(this.ctx, chatOf(n), `paychat:confirmed:${p.id}`, {
        text: t.paymentChat.confirmed(p.invoice_number, byName),
        replyTo: n.message_id,
      });
      return { text: t.paymentReplies.confirmed, quiet: true };
    })();
  }

  private reject(p: PromptRow, by: number): ActionReply {
    const n = this.notice(p.notice_id);
    return this.ctx.db.transaction((): ActionReply => {
      if (
        this.ctx.db
          .prepare(
            `UPDATE payment_prompts SET status = 'rejected', decided_by = ?, decided_at = ?, revision = revision + 1 WHERE id = ? AND status IN ('pending', 'recorded')`,
          )
          .run(by, this.ctx.clock.now().getTime(), p.id).changes !== 1
      )
        return { text: t.paymentReplies.notOpen };
      this.ctx.timers.cancelByPrefix(`pay-remind:${p.id}`);
      const byName = personName(this.ctx, by);
      editEverywhere(this.ctx, `payprompt:${p.id}`, 'done', t.paymentPromptDone(this.view(p), 'rejected', byName));
      sendToChat(this.ctx, chatOf(n), `paychat:rejected:${p.id}`, {
        text: t.paymentChat.rejected(p.invoice_number, byName),
        replyTo: n.message_id,
      });
      return { text: t.paymentReplies.rejected, quiet: true };
    })();
  }

  private recheck(p: PromptRow, inv: Invoice): ActionReply {
    const verdict = judge(inv, p.paid_amount, false);
    if (verdict !== 'match')
      return {
        text: t.paymentReplies.stillDiffers(p.paid_amount === null ? '—' : t.money(p.paid_amount), t.money(inv.amount)),
        alert: true,
      };
    this.ctx.db.transaction(() => {
      this.ctx.db
        .prepare(
          `UPDATE payment_prompts SET verdict = 'match', invoice_amount = ?, revision = revision + 1 WHERE id = ?`,
        )
        .run(inv.amount, p.id);
      const row = this.prompt(p.id)!;
      editEverywhere(this.ctx, `payprompt:${p.id}`, `r${row.revision}`, this.promptMessage(row));
    })();
    return { text: t.paymentReplies.nowMatches, quiet: true };
  }

  private async pick(personId: number, choiceId: number, index: number): Promise<ActionReply> {
    const choice = this.ctx.db.prepare('SELECT * FROM payment_choices WHERE id = ?').get(choiceId) as
      | { id: number; notice_id: number; candidates: string; status: string }
      | undefined;
    if (!choice) return { text: t.replies.unknown };
    if (!this.announcers().includes(personId)) return { text: t.paymentReplies.onlyAnnouncer, alert: true };
    if (choice.status !== 'open') return { text: t.paymentReplies.notOpen };
    const c = (JSON.parse(choice.candidates) as Invoice[])[index];
    if (!c) return { text: t.replies.unknown };
    const inv = (await this.invoices.getInvoice(c.kind, c.id)) ?? c;
    const n = this.notice(choice.notice_id);
    const notice = parsePaymentNotice(n.text);
    const deals = inv.dealId ? await this.crm.getDeals([inv.dealId]) : new Map();
    await this.ctx.directory.fresh();
    this.ctx.db.transaction(() => {
      if (
        this.ctx.db
          .prepare(`UPDATE payment_choices SET status = 'picked' WHERE id = ? AND status = 'open'`)
          .run(choice.id).changes !== 1
      )
        return;
      const written = notice.invoices.length === 1 ? notice.invoices[0]! : null;
      const routed = this.route(
        { id: n.id, text: n.text, authorId: n.author_id },
        inv,
        paidFor(written, notice.items, notice.amount, Math.max(1, notice.invoices.length)),
        notice.partial,
        inv.dealId ? deals.get(inv.dealId)?.categoryId : undefined,
      );
      sendToChat(this.ctx, chatOf(n), `paychat:pick:${choice.id}`, {
        text: `${t.paymentChat.picked(inv.number)}\n${routed.line}`,
        replyTo: n.message_id,
      });
    })();
    return { text: t.paymentReplies.picked };
  }

  /** A manager who left: their open prompts go to `toId`, who gets each prompt anew. */
  movePending(fromId: number, toId: number): void {
    const open = this.ctx.db
      .prepare(`SELECT * FROM payment_prompts WHERE manager_id = ? AND status = 'pending'`)
      .all(fromId) as PromptRow[];
    for (const p of open) {
      this.ctx.db
        .prepare('UPDATE payment_prompts SET manager_id = ?, revision = revision + 1 WHERE id = ?')
        .run(toId, p.id);
      const row = this.prompt(p.id)!;
      sendToPerson(this.ctx, toId, `payprompt:${p.id}:to${toId}`, this.promptMessage(row));
    }
  }

  /** The once-only reminder to a manager who has not answered. */
  async remind(timer: TimerRow): Promise<void> {
    this.ctx.db.transaction(() => {
      if (!this.ctx.timers.markFired(timer.id, this.ctx.clock.now().getTime())) return;
      const p = this.prompt(Number(timer.payload.promptId));
      if (!p || p.status !== 'pending') return;
      sendToPerson(this.ctx, p.manager_id, `payremind:${p.id}`, t.paymentReminder(this.view(p), p.id));
    })();
  }

  /** /payments for announcers, directors and admins: today's announcements and where each stands. */
  todayList(personId: number | null): OutMessage | null {
    const p = this.ctx.rules.people;
    if (personId === null || ![...this.announcers(), ...p.directors, ...p.admins].includes(personId)) return null;
    const zone = this.ctx.rules.workingHours.zone;
    const start = DateTime.fromJSDate(this.ctx.clock.now(), { zone }).startOf('day').toMillis();
    const rows = this.ctx.db
      .prepare(
        `SELECT n.received_at, p.invoice_number, p.paid_amount, p.manager_id, p.status FROM payment_prompts p JOIN payment_notices n ON n.id = p.notice_id
         WHERE n.received_at >= ? ORDER BY n.received_at, p.id`,
      )
      .all(start) as Array<{
      received_at: number;
      invoice_number: string;
      paid_amount: number | null;
      manager_id: number;
      status: PromptRow['status'];
    }>;
    return t.paymentsToday(
      rows.map(
        (r) =>
          `${DateTime.fromMillis(r.received_at, { zone }).toFormat('HH:mm')} сч. ${t.esc(r.invoice_number)} — ${r.paid_amount === null ? '?' : t.money(r.paid_amount)} → ${t.esc(personName(this.ctx, r.manager_id))}: ${t.paymentStatus[r.status]}`,
      ),
    );
  }
}
