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
  DealMove,
  InboundFile,
  Invoice,
  InvoiceCrm,
  OutMessage,
} from '../kernel/ports';
import { DeliveryError, FileTooLarge } from '../kernel/ports';
import type { DeskContext } from '../kernel/context';
import type { ButtonHandlers, Command, CommandHandler, InboundText } from '../kernel/desk';
import {
  addComment,
  dealLink,
  deliveryTargets,
  editEverywhere,
  editSent,
  namedPerson,
  personName,
  personOf,
  type ReplyLine,
  sendLines,
  sendToChat,
  sendToPerson,
  sentAnywhere,
} from '../kernel/delivery';
import { buttons } from '../kernel/buttons';
import {
  chatKey,
  commentKey,
  crmKey,
  kvKey,
  messageKey,
  messageKeyOfCopy,
  paymentPromptOfKey,
  timerKey,
} from '../kernel/keys';
import { backoff, policies } from '../kernel/retry';
import { errorMessage } from '../kernel/errors';
import type { TimerHandlers, TimerOf } from '../store/timers';
import { parsePaymentNotice, type PaymentNotice } from './parse';
import {
  judge,
  matchByAmount,
  matchByNumber,
  namesInvoice,
  normaliseNumber,
  paidFor,
  sameMoney,
  type NumberMatch,
} from './match';
import type {
  HandedOver,
  NoticeRow,
  Outcome,
  PaymentStore,
  PromptRow,
  StatementReading,
  StatementRow,
  UnpromptedDocumentRow,
  UnpromptedRow,
} from './store';
import {
  documentFingerprint,
  documentQuote,
  documentSum,
  documentText,
  noticeCurrency,
  pastedDocumentFingerprint,
  pastedStatement,
  pastedStatementCut,
  type Statement,
  STATEMENT_MAX_BYTES,
} from './statement';
import { type ExchangeDocument, readExchangeDocuments } from './exchange-1c';
import { inMessageOrder, joinFragments, nextPasteStep, pasteShape } from './paste';
import { readStatementFile } from './statement-file';
import { type Part, partIdentity, partsLine, settle, stillUnpaid } from './settlement';
import {
  bareNumber,
  innMistake,
  invoiceInSum,
  lastNumberIsSum,
  numberReadAsSum,
  openInvoiceInSum,
  readBareNumber,
  sumSplits,
} from './reading';
import { numbersAsked } from './replies';
import { crmRefusalOf } from './crm-write';
import {
  callsOffAlone,
  readDoubt,
  readInvoiceSwap,
  readWithdrawal,
  withdrawable,
  withInvoiceSwapped,
} from './withdrawal';
import { type Caveat, feeKept, invoicesDenied, moneyElsewhere, unreadClause } from './caveats';
import { otherSumNamed } from './other-sums';
import { type PayerDiffers, payerDiffers } from './payer-check';
import { nameFragments, sameCompanyName } from './company-names';
import { lowercasePayerWord } from './payer';
import { readSharedSum, type SharedSum } from './shared-sum';
import { emptyRequiredFields } from './required-fields';

const chatOf = (n: NoticeRow) => ({ channel: n.channel, id: n.chatId });
/** The payment chat a message came in, and its forum topic (Telegram) when it was written in one. */
type ChatHere = { channel: Channel; id: string; threadId?: string };
/** An answer to the notice's message: in reply to it, in its forum topic when it was written in one. */
const inReplyTo = (n: NoticeRow): { replyTo: string; threadId?: string } => ({
  replyTo: statementMessageOf(n.messageId),
  ...(n.threadId ? { threadId: n.threadId } : {}),
});
/** What the deal's timeline quotes: a chat message as written, a 1C document as one readable line. */
const quoteOf = (text: string) => documentQuote(text) ?? text;
/**
 * The announcement's currency: a 1C document's is its credited account's (digits 6–8; roubles when
 * the account is not named), a message's what it says.
 */
const currencyOf = (n: NoticeRow) => noticeCurrency(n.text);

type Target = { written: string | null; match: NumberMatch; paid: number | null };

/** The account number's last segment: what a LIKE search on the portal can use for both "943" and "2018/943". */
/** Why an edited announcement can no longer be read: its invoice number gone, its sum, or both. */
type Unclear = 'unclear' | 'unclearNumber' | 'unclearSum';
const unclearOf = (x: PaymentNotice): Unclear => {
  const noNumber = x.invoices.length === 0;
  const noSum = x.amount === null && x.items.every((i) => i.amount === null);
  return noNumber && !noSum ? 'unclearNumber' : noSum && !noNumber ? 'unclearSum' : 'unclear';
};

const searchFragment = (written: string) =>
  written
    .replace(/\s/g, '')
    .split(/[/\\-]/)
    .filter(Boolean)
    .at(-1) ?? written;
const HOUR_MS = 3_600_000;
/** An invoice's key among the invoices a notice found: its kind and id. */
const invoiceKey = (inv: Pick<Invoice, 'kind' | 'id'>) => `${inv.kind}:${inv.id}`;
/** A shared sum as the texts show it: money formatted. */
const sharedView = (s: SharedSum): t.SharedSumView => ({
  total: t.money(s.total, s.currency),
  numbers: s.numbers,
  invoicesTotal: t.money(s.invoicesTotal, s.currency),
  missing: s.missing,
  agrees: s.agrees,
});
/**
 * The announcement a message of the bot's in «Оплата» answered, by the message's key: a notice's chat
 * line (chatKey.paymentReply, a part of it too), a statement's summary (chatKey.paymentStatement); null
 * for any other message, or none.
 */
function answeredBy(
  key: string | null,
): { kind: 'notice'; noticeId: number } | { kind: 'message'; messageId: string } | null {
  const reply = key === null ? null : /^paychat:(\d+):v\d+(?::part\d+)?$/.exec(key);
  if (reply) return { kind: 'notice', noticeId: Number(reply[1]) };
  const summary = key === null ? null : /^paychat:statement:[^:]+:([^:]+?)(?::part\d+)?$/.exec(key);
  return summary?.[1] ? { kind: 'message', messageId: summary[1] } : null;
}
/**
 * How far back a withdrawal naming an invoice looks for its announcement: a month. An older one is no
 * slip of the day but bookkeeping for Bitrix24 itself (and a «943» of another year must not be hit).
 */
const WITHDRAWAL_LOOKS_BACK = 30 * 24 * HOUR_MS;

/** How a notice (or one document of a statement) turned out: its lines, a question's buttons with its line. */
type Reading = StatementReading;
/** A statement's documents are notices of their own: the file's message id, `#`, the document's place. */
const statementDocumentId = (messageId: string, n: number) => `${messageId}#${n}`;
/** How many times a statement file's download waits for the messenger's «not now» before the director is asked to post it again. */
const STATEMENT_DOWNLOAD_WAITS = 10;
/** The chat message a notice answers (a statement document answers the file's message). */
const statementMessageOf = (messageId: string) => messageId.split('#')[0] ?? messageId;
/** The payment order's own number (1C `Номер`) of a statement document, else its place in the file; null for a chat message. */
const statementDocumentNumber = (n: Pick<NoticeRow, 'messageId' | 'text'>): string | null => {
  if (!n.messageId.includes('#')) return null;
  return readExchangeDocuments(n.text)?.[0]?.get('Номер')?.trim() || (n.messageId.split('#')[1] ?? null);
};
/**
 * Where a chat message that sent no prompt stands, for /payments: still being read, a question about
 * an invoice, a payment answered in the chat with no prompt (unknown number, a sum or a number asked);
 * null for chatter that names no invoice.
 */
function unpromptedState(r: UnpromptedRow): keyof typeof t.unpromptedStatus | null {
  if (!r.read) return 'reading';
  const notice = parsePaymentNotice(r.text);
  if (notice.isPayment) return 'answered';
  return r.text.includes('?') && numbersAsked(r.text).length > 0 ? 'question' : null;
}

/**
 * Whether an edited message still names invoice `number` — as unpaid («943 ещё не оплачен»), since the
 * edit no longer pays it: its withdrawal says the message no longer says it is paid, not that it is gone.
 */
const stillNamed = (text: string, number: string): boolean => numbersAsked(text).some((x) => namesInvoice(x, number));

/**
 * A /payments line for a statement's document that sent no prompt, or null when its money is listed
 * elsewhere: a document seen in an earlier file, or merged into a prompt waiting already.
 */
function unpromptedDocumentLine(r: UnpromptedDocumentRow, time: string): string | null {
  const outcomes = r.outcomes ?? [];
  if (outcomes.includes('seen') || outcomes.includes('waiting')) return null;
  const notice = parsePaymentNotice(r.text);
  const doc = {
    number: statementDocumentNumber({ messageId: r.messageId, text: r.text }),
    amount: notice.amount,
    payer: readExchangeDocuments(r.text)?.[0]?.get('Плательщик1')?.trim() || notice.payer,
  };
  return t.paymentsTodayDocument(
    time,
    doc,
    r.cut
      ? { kind: 'cut' }
      : !r.read
        ? { kind: 'reading' }
        : outcomes.includes('notFound')
          ? { kind: 'notFound', invoices: notice.invoices }
          : { kind: 'answered' },
  );
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const notLinked: ActionReply = { text: t.replies.notLinked, alert: true };

/**
 * Who stands in for a person (the people desk answers): their deputy if present, else up their
 * supervisors, then the directors — skipping anyone away or deactivated. Null when nobody is there.
 */
export interface StandIns {
  standIn(personId: number): number | null;
  /** The person's absence (/away), null when not away (people/access.ts). */
  absence(personId: number): { until: number; standIn: number | null } | null;
}

/** Who gets an invoice's prompt: its manager, or a stand-in and why (`nobody`: no one the bot reaches can). */
type Receiver = { id: number; handedOver: HandedOver | null; nobody?: true };

export class PaymentDesk {
  /** The prompt's buttons (managers) and the pick among several invoices (the announcer). */
  readonly buttons: Pick<ButtonHandlers, 'payYes' | 'payNo' | 'payNoSure' | 'payBack' | 'payRecheck' | 'payPick'> = {
    payYes: (personId, press) => this.answer(personId, press.promptId, 'yes'),
    payNo: (personId, press) => this.answer(personId, press.promptId, 'no'),
    payNoSure: (personId, press) => this.answer(personId, press.promptId, 'noSure'),
    payBack: (personId, press) => this.answer(personId, press.promptId, 'back'),
    payRecheck: (personId, press) => this.answer(personId, press.promptId, 'recheck'),
    payPick: (personId, press) => (personId === null ? notLinked : this.pick(personId, press.choiceId, press.index)),
  };

  /** Edits of «Не мой?» asked and taken back: with the clock, a version no earlier edit has. */
  private rejectAsks = 0;

  readonly timers: Pick<TimerHandlers, 'pay-remind' | 'paste-join' | 'statement-download'> = {
    'pay-remind': (timer) => this.remind(timer),
    'paste-join': async (timer) => this.readPaste(timer.payload.pasteId, 'waited', timer.id),
    'statement-download': async (timer) => {
      const p = timer.payload;
      if (!this.ctx.tx(() => this.ctx.timers.markFired(timer.id, this.ctx.clock.now().getTime()))) return;
      const chat: ChatHere = { channel: p.channel, id: p.chatId, ...(p.threadId ? { threadId: p.threadId } : {}) };
      await this.readStatementFile(chat, p.author, p.messageId, p.file, p.quiet, p.attempt);
    },
  };

  /**
   * /payments is answered wherever it is typed (the «Оплата» chat too), to those allowed to see it.
   * /chatid (Telegram) answers in the chat it is typed in: the chat's id and whether it is the
   * «Оплата» of the rules — what an admin setting the bot up needs for payments.telegramChatId.
   */
  readonly commands: Pick<Record<Command, CommandHandler>, 'payments' | 'chatid'> = {
    payments: (actor, _args, privateChat) => this.todayList(actor, privateChat),
    chatid: (actor, _args, privateChat) => this.chatIdOf(actor, privateChat),
  };

  constructor(
    private readonly ctx: DeskContext,
    private readonly store: PaymentStore,
    private readonly invoices: InvoiceCrm,
    private readonly crm: Crm,
    private readonly files: ChatFiles,
    private readonly standIns: StandIns,
  ) {
    ctx.events.on('personDeparted', ({ personId, toId }) => this.movePending(personId, toId));
  }

  /** Whether a message to the person reaches them anywhere (active, and linked or in the Bitrix24 chat bot). */
  private reachable(personId: number): boolean {
    return deliveryTargets(this.ctx, personId).length > 0;
  }

  /**
   * Who gets a prompt for `managerId`'s invoice: the manager when a message reaches them; else the
   * first of their stand-ins (StandIns: deputy, supervisors, directors) that one reaches — where a
   * deactivated manager's deals go (deals/lifecycle.ts) — with why. Nobody reachable: the manager,
   * marked `nobody` (the prompt waits recorded; the chat is told to confirm by hand).
   */
  private receiverOf(managerId: number, blocked = false): Receiver {
    // Away (/away): the prompt goes where the manager's new deals go, as a manager no message reaches.
    const away = this.standIns.absence(managerId) !== null;
    if (!blocked && !away && this.reachable(managerId)) return { id: managerId, handedOver: null };
    const why: HandedOver['why'] = blocked
      ? 'blocked'
      : this.ctx.directory.person(managerId)?.active === false
        ? 'dismissed'
        : away
          ? 'away'
          : 'unreachable';
    const seen = new Set<number>([managerId]);
    for (let cur = this.standIns.standIn(managerId); cur !== null && !seen.has(cur); cur = this.standIns.standIn(cur)) {
      if (this.reachable(cur)) return { id: cur, handedOver: { from: managerId, why } };
      seen.add(cur);
    }
    const director = this.ctx.rules.people.directors.find((d) => !seen.has(d) && this.reachable(d));
    if (director !== undefined) return { id: director, handedOver: { from: managerId, why } };
    return { id: managerId, handedOver: { from: managerId, why }, nobody: true };
  }

  /** How the chat names who took a prompt for `from`: their deputy, supervisor, a director — or just by name. */
  private standInRole(from: number, to: number): t.StandInRole {
    if (this.ctx.rules.people.deputies.some((d) => d.userId === from && d.deputyId === to)) return 'deputy';
    if (this.ctx.directory.supervisorOf(from) === to) return 'supervisor';
    return this.ctx.rules.people.directors.includes(to) ? 'director' : null;
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
  async onMessage(actor: Actor, m: InboundText): Promise<void> {
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
      // A bank statement from someone else (an accountant, a manager) is not read either — but they
      // are told whose statements are, or the file waits for nothing.
      if (m.file && !m.edited)
        await this.statementFromOther({ channel: actor.channel, id: chatId }, m.messageId, m.file, m.threadId);
      return;
    }
    if (m.stamp !== undefined && !this.takenVersion(actor, author, m.messageId, m.stamp)) return;
    const fileToo = m.file && !m.edited ? m.file : undefined;
    const here: ChatHere = { channel: actor.channel, id: chatId, ...(m.threadId ? { threadId: m.threadId } : {}) };
    // A photo with no caption (a screenshot of the payment order): nothing to read — said, with what to write.
    if (m.photo && !m.edited && !fileToo && !m.text.trim()) return this.photoWithoutCaption(here, author, m);
    // A statement pasted in several messages (the messenger split a long text): held until it is whole.
    if (this.takenByPaste({ channel: actor.channel, id: chatId }, author, m, fileToo !== undefined)) return;
    // A file whose caption is not a payment: a bank statement, or something to answer politely.
    if (fileToo && !parsePaymentNotice(m.text).isPayment) {
      // A file of an album whose caption was read (three PDFs under one «Оплачен счёт …»): the director
      // did say it in the caption — the file is read if it is a statement, else not answered.
      const albumRead = m.album !== undefined && this.ctx.kv.get(kvKey.paymentAlbumRead(chatId, m.album)) !== undefined;
      return this.readStatementFile(here, author, m.messageId, fileToo, albumRead);
    }
    // A statement pasted as text (several 1C documents, or a whole exchange file): read as a file is,
    // each document a payment of its own — not one notice adding their sums up. The Bitrix24
    // messenger has no file path, so pasting is its only way.
    const pasted = fileToo ? null : pastedStatement(m.text);
    // An edit of a statement pasted as text is read again, document by document, as an edit of a
    // chat announcement is (a file's caption edited is not: the file did not change).
    if (m.edited && !fileToo) {
      const st = this.store.statementAt({ channel: actor.channel, id: chatId }, m.messageId);
      if (st && st.fileName === null) {
        // Edited into plain text (no 1C document left in it): the text is read, not taken for empty.
        if (pasteShape(m.text) === null)
          return this.statementBecameText({ channel: actor.channel, id: chatId }, author, st, m.text);
        // A fragment of a paste whose fragments were pruned (read long ago) holds only part of the
        // documents: the ones it does not hold are not taken for removed.
        const shape = pasteShape(m.text);
        const fragment = shape !== null && shape !== 'complete';
        return this.rereadStatement({ channel: actor.channel, id: chatId }, author, [st], m.text, fragment);
      }
    }
    if (pasted) return this.recordStatement(here, author, m.messageId, null, pasted);
    // «Отмена! счёт 943 не оплачен, ошибся», or «отмена» in reply to the announcement: a payment taken back.
    // «ой, не 8805, а 943» after the announcement: the announcement read again with the number put right.
    if (!m.edited && !fileToo && (await this.invoiceSwap(here, author, m))) return;
    if (!m.edited && !fileToo && (await this.withdrawal(here, author, m))) return;

    const now = this.ctx.clock.now().getTime();
    // One 1C document pasted alone is an announcement, with the document's identity: the same payment
    // in a statement file later is named as seen before.
    const recorded = this.ctx.tx(() =>
      this.store.recordMessage(
        { channel: actor.channel, id: actor.chatId },
        m.messageId,
        author,
        m.text,
        now,
        pastedDocumentFingerprint(m.text),
        m.threadId ?? null,
      ),
    );
    if (!recorded) return; // the same text again: a duplicate delivery
    // Recorded in the chat's order (the transport sequences a chat's updates); read outside that order,
    // so an edit is recorded while its original is still being read — and the original's read then
    // finds itself stale and changes nothing. The loop's retry (retryUnread) skips a notice whose read is in flight and never waits for it.
    void this.readInOrder(recorded.id);
    // A file under a payment caption (a screenshot, the order's PDF — or a statement with a note on
    // top): the caption is read above, and a statement in the file is read too; anything else in it
    // is not answered (the caption was). Its documents meet the caption's prompt as one payment.
    if (fileToo && m.album !== undefined) {
      const album = m.album;
      this.ctx.tx(() => this.ctx.kv.set(kvKey.paymentAlbumRead(chatId, album), String(now)));
    }
    if (fileToo) await this.readStatementFile(here, author, m.messageId, fileToo, true);
  }

  /**
   * A photo with no caption from an announcer: the bot reads no picture, so the thread hears to put the
   * invoice number and the sum in the caption (once per album; none when the album's caption was read).
   */
  private photoWithoutCaption(here: ChatHere, author: number, m: InboundText): void {
    const where = { channel: here.channel, chatId: here.id, messageId: m.messageId, author, album: m.album ?? null };
    if (m.album !== undefined && this.ctx.kv.get(kvKey.paymentAlbumRead(here.id, m.album)) !== undefined) {
      this.ctx.log.info(
        where,
        "photo without a caption in the payment chat: its album's caption was read; nothing to add",
      );
      return;
    }
    this.ctx.log.info(where, 'photo without a caption in the payment chat: nothing to read; told what to write');
    this.ctx.tx(() =>
      sendToChat(
        this.ctx,
        { channel: here.channel, id: here.id },
        chatKey.paymentPhotoHint(here.id, m.album ?? m.messageId),
        {
          text: t.paymentChat.photoWithoutCaption,
          replyTo: m.messageId,
          ...(here.threadId ? { threadId: here.threadId } : {}),
        },
      ),
    );
  }

  /**
   * Whether this version of a message is the newest taken (logged when not): an original delivered
   * again after its edit (a webhook retried, polling after a restart), or an older edit after a newer,
   * must not bring back what the director corrected — a stale sum one tap from «paid».
   */
  private takenVersion(actor: Actor, author: number, messageId: string, stamp: number): boolean {
    const now = this.ctx.clock.now().getTime();
    const taken = this.ctx.tx(() =>
      this.store.takeMessageVersion({ channel: actor.channel, id: actor.chatId }, messageId, stamp, now),
    );
    if (!taken)
      this.ctx.log.info(
        { channel: actor.channel, chatId: actor.chatId, messageId, author, stamp },
        'payment chat message ignored: an older version delivered again after a newer one (changes nothing)',
      );
    return taken;
  }

  /**
   * A statement pasted as text longer than one message comes as several (a Telegram client cuts it
   * every 4,096 characters, a field's value too, and sends the pieces one right after another). An
   * announcer's message is held while the statement in it is visibly unfinished, joined by the same
   * author's next messages in this chat that continue it (in the order of their ids), and read whole
   * once it is — or as it came once payments.pasteJoinWait passes (the `paste-join` timer), or once the
   * author writes something that does not continue it. Held in the database: a restart loses nothing.
   * True when the message was taken (held, joined, or a duplicate); false: read it as any message.
   * Synchronous from the read of the held paste to its write: the wait's timer cannot slip between.
   */
  private takenByPaste(
    chat: { channel: Channel; id: string },
    author: number,
    m: { messageId: string; text: string; edited: boolean },
    file: boolean,
  ): boolean {
    const where = { channel: chat.channel, chatId: chat.id, messageId: m.messageId, author };
    const of = this.store.pasteOfMessage(chat, m.messageId);
    if (of && !m.edited) {
      this.ctx.log.info(
        { ...where, pasteId: of.id },
        'pasted fragment ignored: it is held already (a duplicate delivery)',
      );
      return true;
    }
    if (of) {
      this.ctx.tx(() => this.store.updatePastePart(chat, m.messageId, m.text));
      if (of.status === 'waiting')
        this.ctx.log.info({ ...where, pasteId: of.id }, 'held pasted fragment edited: its new text is what joins');
      else {
        // Read already: the paste, its fragments joined as they are now, is read again as an edited statement.
        const p = this.store.paste(of.id);
        const parts = inMessageOrder(p?.parts ?? []);
        const statements = parts.flatMap((x) => this.store.statementAt(chat, x.messageId) ?? []);
        this.ctx.log.info(
          { ...where, pasteId: of.id, statements: statements.length },
          'edit of a pasted fragment: its paste, read already, is read again as an edited statement',
        );
        if (statements.length) this.rereadStatement(chat, author, statements, joinFragments(parts.map((x) => x.text)));
      }
      return true;
    }
    if (m.edited) return false;
    const now = this.ctx.clock.now().getTime();
    const wait = this.rules.pasteJoinWait;
    const held = this.store.waitingPaste(chat, author);
    if (!held && !file && this.lateTail(chat, author, m, now, wait)) return true;
    const step = nextPasteStep(held?.parts ?? null, { messageId: m.messageId, text: m.text, file }, now, wait);
    const hold = (dueAt: number): true => {
      const pasteId = this.ctx.tx(() => {
        const id = this.store.startPaste(chat, author, { messageId: m.messageId, text: m.text }, now);
        this.schedulePasteJoin(id, 1, dueAt, now);
        return id;
      });
      this.ctx.log.info(
        { ...where, pasteId, waitMs: wait, shape: pasteShape(m.text) },
        'pasted statement held: it looks unfinished (the messenger may have split it); waiting for the rest',
      );
      return true;
    };
    switch (step.kind) {
      case 'read':
        return false;
      case 'hold':
        return hold(step.dueAt);
      case 'join': {
        if (!held) return false;
        this.ctx.tx(() => {
          this.store.addPastePart(held.id, chat, { messageId: m.messageId, text: m.text }, now);
          this.ctx.timers.cancelByPrefix(timerKey.pasteJoinsOf(held.id));
          this.schedulePasteJoin(held.id, held.parts.length + 1, step.dueAt, now);
        });
        this.ctx.log.info(
          { ...where, pasteId: held.id, parts: held.parts.length + 1, waitMs: wait },
          'pasted fragment joined its paste; still unfinished, waiting for the rest',
        );
        return true;
      }
      case 'complete':
        if (!held) return false;
        this.ctx.tx(() => this.store.addPastePart(held.id, chat, { messageId: m.messageId, text: m.text }, now));
        this.readPaste(held.id, 'whole');
        return true;
      case 'interrupt':
        if (held) {
          this.ctx.log.info(
            { ...where, pasteId: held.id },
            'held paste interrupted: its author wrote something that does not continue it; reading it as it came',
          );
          this.readPaste(held.id, 'interrupted');
        }
        return step.after.kind === 'hold' ? hold(step.after.dueAt) : false;
    }
  }

  /** The `paste-join` timer after a paste's `part`-th fragment: what came is read at `dueAt` (ms) unless the rest joins first. */
  private schedulePasteJoin(pasteId: number, part: number, dueAt: number, now: number): void {
    this.ctx.timers.schedule(
      { kind: 'paste-join', key: timerKey.pasteJoin(pasteId, part), dueAt, payload: { pasteId } },
      now,
    );
  }

  /**
   * The tail of a paste read as cut, come after payments.pasteJoinWait (a slow client, a bad
   * network): the author's last paste in this chat, read as cut within the last payments.pasteLateTail, that
   * this message continues. It joins what came before and the paste is read again once whole (or
   * once the wait passes again) — only the documents not read the first time (fingerprints), the cut
   * one among them, answering this message. True when the message was taken.
   */
  private lateTail(
    chat: { channel: Channel; id: string },
    author: number,
    m: { messageId: string; text: string },
    now: number,
    wait: number,
  ): boolean {
    const cut = this.store.lastCutPaste(chat, author);
    if (!cut || cut.closedAt === null || now - cut.closedAt > this.rules.pasteLateTail) return false;
    const step = nextPasteStep(cut.parts, { messageId: m.messageId, text: m.text, file: false }, now, wait);
    if (step.kind !== 'join' && step.kind !== 'complete') return false;
    const taken = this.ctx.tx(() => {
      if (!this.store.reopenPaste(cut.id)) return false;
      this.store.addPastePart(cut.id, chat, { messageId: m.messageId, text: m.text }, now);
      if (step.kind === 'join') this.schedulePasteJoin(cut.id, cut.parts.length + 1, step.dueAt, now);
      return true;
    });
    if (!taken) return false;
    this.ctx.log.info(
      { channel: chat.channel, chatId: chat.id, messageId: m.messageId, author, pasteId: cut.id, step: step.kind },
      'late tail of a paste read as cut: joined to what came before; its documents not read yet are read with it',
    );
    if (step.kind === 'complete') this.readPaste(cut.id, 'whole');
    return true;
  }

  /**
   * A held paste is read (once: the first of its last fragment, its wait's timer, an interruption):
   * its fragments joined in the order of their ids, as a statement pasted in one message would be —
   * answering its first message. Read as it came (`waited`, `interrupted`), the thread is told where it
   * looked cut, so the director can send that payment again or the file.
   */
  private readPaste(pasteId: number, why: 'whole' | 'waited' | 'interrupted', timerId?: number): void {
    const now = this.ctx.clock.now().getTime();
    const read = this.ctx.tx(() => {
      if (timerId !== undefined && !this.ctx.timers.markFired(timerId, now)) return null;
      if (!this.store.closePaste(pasteId, why === 'whole' ? 'whole' : 'cut', now)) return null;
      this.ctx.timers.cancelByPrefix(timerKey.pasteJoinsOf(pasteId));
      const p = this.store.paste(pasteId);
      const parts = inMessageOrder(p?.parts ?? []);
      // A late tail read again: what was read before answers no more; the first fragment not read does.
      const readBefore = this.store.pasteReadParts(pasteId);
      const first = parts.find((x) => !readBefore.includes(x.messageId));
      if (!p || !first) return null;
      const chat = { channel: p.channel, id: p.chatId };
      this.store.markPasteRead(
        pasteId,
        parts.map((x) => x.messageId),
      );
      const text = joinFragments(parts.map((x) => x.text));
      const shape = pasteShape(text);
      const cutHere = why !== 'whole' && shape !== null && shape !== 'complete';
      // One document pasted alone and cut (no statement around it): not read as an announcement —
      // its sum or purpose may be cut — until its tail comes (lateTail) or it is sent again.
      const soleCut = cutHere && shape.kind === 'document' && pastedStatement(text) === null ? shape : null;
      if (cutHere)
        sendToChat(this.ctx, chat, chatKey.paymentPasteCut(chat.id, first.messageId), {
          text: soleCut ? t.paymentChat.documentPasteCut(soleCut) : t.paymentChat.pasteCut(shape),
          replyTo: first.messageId,
        });
      const where = {
        chatId: chat.id,
        messageId: first.messageId,
        pasteId,
        parts: parts.length,
        readBefore: readBefore.length,
        why,
        cut: shape,
      };
      // The documents read from this paste before (its tail came late) are not read twice.
      const before = this.store.fingerprintsOf(chat, readBefore);
      const unread = (s: Statement): Statement => ({
        ...s,
        incoming: s.incoming.filter((d) => !before.has(documentFingerprint(d))),
      });
      // A document cut in the middle is not read as a payment: the summary says what it is.
      const open =
        why !== 'whole' && shape !== null && shape !== 'complete' && shape.kind === 'document' ? shape : null;
      const split = open ? pastedStatementCut(text) : null;
      const whole = split ? split.statement : pastedStatement(text);
      if (whole) {
        const st = unread(whole);
        const cutDoc = split && open ? { text: split.cut, where: open } : null;
        return {
          where,
          statement: this.recordStatementRows(chat, p.authorId, first.messageId, null, st, cutDoc),
          st,
          notice: null,
        };
      }
      if (soleCut) return { where, statement: null, st: null, notice: null };
      const fingerprint = pastedDocumentFingerprint(text);
      if (fingerprint !== null && before.has(fingerprint)) return { where, statement: null, st: null, notice: null };
      const notice = this.store.recordMessage(
        chat,
        first.messageId,
        p.authorId,
        text,
        now,
        pastedDocumentFingerprint(text),
      );
      return { where, statement: null, st: null, notice };
    });
    if (!read) {
      this.ctx.log.info({ pasteId, why }, 'paste not read again: it was read already');
      return;
    }
    this.ctx.log.info(
      read.where,
      why === 'whole'
        ? 'pasted statement joined from its fragments; reading it'
        : 'pasted statement read as it came: its end never came (the wait passed, or its author wrote something else)',
    );
    if (read.st) this.statementRecorded(read.where, null, read.st, read.statement);
    else if (read.notice) void this.readInOrder(read.notice.id);
  }

  /**
   * An admin posted anonymously: nobody can be named as the announcer, so nothing is acted on. The
   * chat is told how to post so it is read (once an hour at most, and only for what reads as a
   * payment or is a file — a bank statement is read only from a known announcer); every such message is logged.
   */
  async onAnonymous(
    actor: Actor,
    m: { messageId: string; text: string; file?: InboundFile; threadId?: string; asChannel?: string },
  ): Promise<void> {
    const chatId = this.paymentChat(actor.channel);
    const asChannel = m.asChannel !== undefined;
    if (actor.chatId !== chatId) {
      this.ctx.log.info(
        { channel: actor.channel, chatId: actor.chatId, messageId: m.messageId },
        'anonymous admin message ignored: not the payment chat',
      );
      return;
    }
    const payment = parsePaymentNotice(m.text).isPayment || m.file !== undefined;
    this.ctx.log.warn(
      {
        channel: actor.channel,
        chatId,
        messageId: m.messageId,
        payment,
        file: m.file?.name ?? null,
        ...(asChannel ? { senderChannel: m.asChannel } : {}),
      },
      asChannel
        ? 'message posted as a channel in the payment chat not read: its author cannot be known'
        : 'anonymous admin message in the payment chat not read: its author cannot be known',
    );
    if (!payment) return;
    const now = this.ctx.clock.now().getTime();
    this.ctx.tx(() => {
      const warned = kvKey.paymentAnonymousWarned(chatId, asChannel);
      const last = Number(this.ctx.kv.get(warned) ?? 0);
      if (now - last < HOUR_MS) return;
      this.ctx.kv.set(warned, String(now));
      sendToChat(this.ctx, { channel: actor.channel, id: chatId }, chatKey.paymentAnonymous(chatId, m.messageId), {
        text: asChannel ? t.paymentChat.asChannel(m.asChannel ?? '') : t.paymentChat.anonymous,
        replyTo: m.messageId,
        ...(m.threadId ? { threadId: m.threadId } : {}),
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
    return this.track(
      id,
      (this.reads.get(id) ?? Promise.resolve()).then(() => this.readNotice(id)),
    );
  }

  /** Registers a notice's read in flight (readNotice never rejects: a failure is recorded for a retry). */
  private track(id: number, next: Promise<void>): Promise<void> {
    this.reads.set(id, next);
    void next.finally(() => {
      if (this.reads.get(id) === next) this.reads.delete(id);
    });
    return next;
  }

  private readonly reads = new Map<number, Promise<void>>();
  /** The loop's retry of unread notices, running beside the loop (see retryUnread). */
  private retrying: Promise<void> | null = null;
  /** Set at shutdown: a statement's documents not started yet are left, recorded, to the next start. */
  private stopping = false;

  /** Taps answered whose decision (the invoice read from the portal) is still in flight. */
  private readonly taps = new Set<Promise<void>>();

  /** Resolves when no read of a notice, and no tap's decision, is in flight. */
  async idle(): Promise<void> {
    while (this.reads.size || this.retrying || this.taps.size)
      await Promise.all([...this.reads.values(), this.retrying, ...this.taps]);
  }

  /** Waits for reads (and taps' decisions) in flight; true when there were any (settle passes again after them). */
  async readsIdle(): Promise<boolean> {
    if (!this.reads.size && !this.retrying && !this.taps.size) return false;
    await this.idle();
    return true;
  }

  /**
   * Shutdown: waits for the reads in flight (their effects are one transaction each), starts no
   * more. A statement's documents not read yet stay recorded; the next start's loop reads them.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ctx.log.info({ readsInFlight: this.reads.size }, 'payment desk stopping: waiting for the reads in flight');
    await this.idle();
  }

  /**
   * Notices recorded but not read (the portal was down when the director wrote, or a restart came
   * mid-statement): read them, with a back-off, oldest first. Called on every pass of the loop, it
   * only starts the reads: a pass must never wait for the portal's invoices, or a slow read would
   * hold the deal cards behind it (the 10-minute claim clock). A read in flight (a new message's, a
   * statement's document queued by its file) is not repeated: one reading per notice.
   */
  async retryUnread(nowReal = Date.now()): Promise<number> {
    if (this.retrying || this.stopping) return 0;
    const ids = this.store.unreadDue(nowReal, 10).filter((id) => !this.reads.has(id));
    if (!ids.length) return 0;
    this.retrying = (async () => {
      for (const id of ids) await this.readInOrder(id);
    })().finally(() => {
      this.retrying = null;
    });
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
        this.ctx.tx(() => {
          this.store.readFailed(id, err, Date.now() + delay);
          // A statement's document tried once counts as «read later» in the file's summary.
          const st = this.openStatementOf(id);
          if (st) this.summarizeIfDone(st.id);
        });
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
    const released = this.ctx.tx(() => {
      if (this.store.notice(n.id).version !== n.version) {
        this.ctx.log.info(
          { noticeId: n.id, version: n.version },
          'payment message was edited while it was read; this version changes nothing',
        );
        return [];
      }
      const before = this.store.openPromptsOf(n.id);
      effects();
      return this.releaseCovered(n, before);
    });
    this.readDocuments(released);
  }

  /**
   * A bank document merged into this notice's prompt (samePayment: «уже ждёт подтверждения», no
   * prompt of its own) keeps its own claim: once this version withdrew that prompt, or changed the
   * sum it asks about, the document is read again and prompted on its own — the bank's record of
   * money that came is never lost with the chat's words. The documents to read (after the
   * transaction); call inside it, with the notice's open prompts as they were before this version.
   */
  private releaseCovered(n: NoticeRow, before: PromptRow[]): number[] {
    const out: number[] = [];
    const now = this.ctx.clock.now().getTime();
    for (const was of before) {
      const key = kvKey.paymentCoveredBy(was.id);
      const fingerprint = this.ctx.kv.get(key);
      if (!fingerprint) continue;
      const p = this.store.prompt(was.id);
      const same =
        p !== undefined &&
        (p.status === 'pending' || p.status === 'recorded') &&
        p.paidAmount !== null &&
        was.paidAmount !== null &&
        sameMoney(p.paidAmount, was.paidAmount) &&
        p.paidCurrency === was.paidCurrency;
      if (same) continue;
      this.ctx.kv.delete(key);
      const doc = this.store.firstDocument(fingerprint);
      if (!doc || doc.id === n.id) continue;
      const version = this.store.readAgain(doc.id, now);
      const row = this.store.notice(doc.id);
      sendToChat(this.ctx, chatOf(row), chatKey.paymentDocumentReleased(doc.id, version), {
        text: t.paymentChat.documentReleased(statementDocumentNumber(row)),
        replyTo: statementMessageOf(row.messageId),
        ...(row.threadId ? { threadId: row.threadId } : {}),
      });
      this.ctx.log.info(
        { noticeId: n.id, version: n.version, promptId: was.id, documentNoticeId: doc.id, documentVersion: version },
        'the prompt a bank document was merged into was withdrawn or changed by an edit; the document is read again on its own',
      );
      out.push(doc.id);
    }
    return out;
  }

  /**
   * Reads one version of a notice: matches, prompts, and answers in the chat — or, for a document of
   * a statement file whose summary is not sent yet, keeps its reading for that one summary (sent in
   * the same transaction once every document of the file was tried).
   */
  private async process(n: NoticeRow): Promise<void> {
    const chat = chatOf(n);
    // «Оплата от ИНН …» is a payment with the payer's INN and nothing else: the open invoices answer it.
    let notice = await this.noticeOf(n);
    // An edit that lost the invoice an earlier version named into its sum («943 4000» → «943 400», read
    // as 943 400 ₽): that invoice, the rest its sum — said in the thread, so the other reading is seen.
    let splitNote: string | null = null;
    if (notice.isPayment && notice.invoices.length === 0 && notice.amount !== null && !notice.payer && !notice.inn) {
      const earlier = [...this.store.openPromptsOf(n.id), ...this.store.confirmedPromptsOf(n.id)];
      const edited =
        n.version > 1
          ? invoiceInSum(
              n.text,
              notice.amount,
              earlier.map((p) => p.invoiceNumber),
            )
          : null;
      // «оплачен 950 450» in any version: an open invoice numbered 950, paid at most in full by 450, is read so.
      const split = edited ?? (await this.openInvoiceInSum(n.text, notice.amount));
      if (split) {
        this.ctx.log.info(
          { noticeId: n.id, version: n.version, written: split.written, sum: split.sum, readAsSum: notice.amount },
          edited
            ? 'edited payment message: a sum starting with the invoice the earlier version named is read as that invoice and the rest as the sum'
            : "payment message: a sum starting with an open invoice's number is read as that invoice and the rest as the sum",
        );
        splitNote = (edited ? t.paymentChat.readAsInvoiceAndSum : t.paymentChat.readAsOpenInvoiceAndSum)(
          split.written,
          t.money(split.sum),
          t.money(notice.amount),
        );
        const { missing: _, ...rest } = notice;
        notice = {
          ...rest,
          invoices: [split.written],
          amount: split.sum,
          items: [{ invoice: split.written, amount: split.sum }],
        };
      }
    }
    const replyKey = chatKey.paymentReply(n.id, n.version);
    const replyTo = statementMessageOf(n.messageId);
    /** The notice is read: it answers in the chat, or adds its reading to its file's summary. */
    const done = (r: Reading, answer: boolean) => {
      this.store.markRead(n.id, n.version);
      const st = this.openStatementOf(n.id);
      if (st) {
        this.store.setReading(n.id, r);
        this.summarizeIfDone(st.id);
      } else if (answer)
        // Long answers (a message naming a hundred invoices) go in as many messages as needed.
        sendLines(this.ctx, chat, replyKey, r.lines, replyTo, n.threadId ?? undefined);
    };
    /**
     * A question instead of prompts (no number, or no sum). After an edit that removed them, the
     * earlier version's open prompts are withdrawn and the thread hears which were confirmed already.
     */
    const ask = (text: string): void =>
      this.effectsOf(n, () => {
        // What the version lost is what the manager and the timeline hear: the number, the sum, or both.
        const why = unclearOf(notice);
        this.withdrawExcept(n, [], why);
        const lines: ReplyLine[] = [{ text }, ...this.confirmedDropped(n, [], why)];
        done({ lines, outcomes: ['other'] }, true);
      });

    // An INN no one can have («ИНН 7707083894», nine digits): said so, not searched for and «not found». A
    // message complete without it (an invoice and its sum) is read as well, the INN's line added.
    const innWrong = statementDocumentNumber(n) === null ? innMistake(n.text) : null;
    const complete =
      notice.isPayment &&
      notice.invoices.length > 0 &&
      (notice.amount !== null || notice.items.some((i) => i.amount !== null));
    if (innWrong) {
      this.ctx.log.info(
        { noticeId: n.id, kind: innWrong.kind, complete },
        'payment message names an impossible INN; told so',
      );
      if (!complete) return ask(t.paymentChat.innMistake(innWrong));
    }
    // «оплачен 8801 на 12 500, но это ошибка, не проводите» (an edit that added «не проводите»): no payment.
    const itself = notice.isPayment && statementDocumentNumber(n) === null ? readWithdrawal(n.text, false) : null;
    if (!notice.isPayment || itself?.itself) {
      // An edit that turned a payment into something else (or removed the text) withdraws its open
      // prompts, and says so of any a manager confirmed already.
      this.effectsOf(n, () => {
        const dropped: ReplyLine[] = itself ? [{ text: t.paymentChat.takenBackItself(itself.invoices) }] : [];
        if (n.version > 1) {
          this.withdrawExcept(n, []);
          dropped.push(...this.confirmedDropped(n, []));
        }
        // Quiet unless an edit dropped an invoice already confirmed: that the chat must hear.
        done({ lines: dropped, outcomes: ['other'] }, dropped.length > 0);
      });
      return;
    }
    // «не по 8801», «не за 8801, а за доставку»: the money is not for that invoice — no prompt for it.
    const chatText = statementDocumentNumber(n) === null;
    const denied = chatText ? invoicesDenied(n.text, notice.invoices) : [];
    if (denied.length) {
      this.ctx.log.info(
        { noticeId: n.id, version: n.version, denied },
        'payment message says the money is not for an invoice it names; no prompt for that invoice',
      );
      const invoices = notice.invoices.filter((i) => !denied.includes(i));
      if (!invoices.length) return ask(t.paymentChat.notForInvoice(denied));
      notice = { ...notice, invoices, items: notice.items.filter((i) => !denied.includes(i.invoice)) };
    }
    // «оплачено 12 500 за вычетом комиссии 150»: the money that came is the figure written, the fee never added.
    const fee = chatText && notice.invoices.length === 1 ? feeKept(n.text, notice.invoices) : null;
    if (fee && fee.paid !== null && notice.amount !== fee.paid) {
      this.ctx.log.info(
        { noticeId: n.id, readAs: notice.amount, paid: fee.paid, fee: fee.fee },
        'payment message names a bank fee kept: the sum paid is the figure written, not with the fee',
      );
      const paid = fee.paid;
      notice = { ...notice, amount: paid, items: notice.items.map((i) => ({ ...i, amount: paid })) };
    }
    const caveat = chatText ? this.caveatOf(n.text, notice, fee?.fee ?? null) : null;
    if (notice.invoices.length === 0 && !notice.inn && !notice.payer) return ask(await this.withoutNumber(notice));
    let readAs: string | null = null;
    if (notice.amount === null && notice.items.every((i) => i.amount === null)) {
      // Read with the portal: a bare number may be the sum, the payer's open invoices say what is missing.
      const read = await this.withoutSum(notice, n.text);
      if (typeof read === 'string') return ask(read);
      ({ notice, note: readAs } = read);
    }

    const targets = await this.resolve(notice);
    const found = targets.flatMap((x) => (x.match.kind === 'found' ? [x.match.invoice] : []));
    const dealIds = [...new Set(found.flatMap((i) => (i.dealId ? [i.dealId] : [])))];
    const deals = await this.crm.getDeals(dealIds);
    const dealInvoices = await this.dealInvoices(dealIds);
    const payers = await this.payersOf(notice, found);
    // One sum for several invoices: compared with their total, each invoice paid its own sum when they agree.
    const shared = readSharedSum(notice, found, currencyOf(n));
    await this.ctx.directory.fresh();

    const reading: Reading = {
      lines: [
        ...(innWrong ? [{ text: t.paymentChat.innMistake(innWrong) }] : []),
        ...(readAs ? [{ text: readAs }] : []),
        ...(splitNote ? [{ text: splitNote }] : []),
        ...(shared ? [{ text: t.paymentChat.sharedSum(sharedView(shared.shared)) }] : []),
      ],
      outcomes: [],
    };
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
              : t.paymentChat.notFoundByPayer({ name: notice.payer, inn: notice.inn }),
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
          const routed = this.route(
            n,
            match.invoice,
            shared ? shared.paidOf(match.invoice) : target.paid,
            notice.partial,
            deal?.categoryId,
            stillUnpaid(
              dealInvoices.filter((i) => i.dealId === match.invoice.dealId),
              match.invoice,
            ),
            {
              payerDiffers: payers.get(invoiceKey(match.invoice)) ?? null,
              sharedSum: shared?.shared ?? null,
              caveat,
            },
          );
          if (routed.promptId) kept.push(routed.promptId);
          lines.push({ text: routed.line });
          outcomes.push(routed.outcome);
        }
      }
      // An edit that dropped an invoice: its prompt's withdrawal is said, not left to guess from the lines above.
      for (const p of this.withdrawExcept(n, kept))
        lines.push({
          text: t.paymentChat.withdrawnByEdit(
            p.invoiceNumber,
            this.holderOf(p),
            p.status === 'recorded',
            stillNamed(n.text, p.invoiceNumber),
          ),
        });
      lines.push(...this.confirmedDropped(n, kept));
      done(reading, true);
    });
  }

  /**
   * A 1C statement file posted by an announcer: each incoming payment document becomes a notice of
   * its own (recorded first, like any message) and goes through the same matching; one reply sums
   * the file up. A file that is not a statement gets a polite answer.
   */
  private async readStatementFile(
    chat: ChatHere,
    author: number,
    messageId: string,
    file: InboundFile,
    /** Under a payment caption: a file that is no statement is only logged, not answered. */
    quietUnlessStatement = false,
    /** How many downloads the messenger deferred already (a 429's retry_after). */
    deferred = 0,
  ): Promise<void> {
    const answer = (text: string): void => {
      if (quietUnlessStatement) return;
      this.ctx.tx(() =>
        sendLines(this.ctx, chat, chatKey.paymentStatement(chat.id, messageId), [{ text }], messageId, chat.threadId),
      );
    };
    const where = { chatId: chat.id, messageId, file: file.name };
    if ((file.size ?? 0) > STATEMENT_MAX_BYTES) {
      this.ctx.log.info(where, 'file in the payment chat not read: too large for a statement');
      return answer(t.paymentChat.statementTooLarge(file.name ?? ''));
    }
    let bytes: Buffer;
    try {
      bytes = await this.files.download(chat.channel, file.id, STATEMENT_MAX_BYTES);
    } catch (e) {
      // «Not now» (a 429 whose retry_after is longer than the transport waits): the file is downloaded
      // again then, by a durable timer — no person is asked to post it again.
      const wait = e instanceof DeliveryError && e.how.wait && !e.permanent ? (e.retryAfterMs ?? 1000) : null;
      if (wait !== null && deferred < STATEMENT_DOWNLOAD_WAITS) {
        const now = this.ctx.clock.now().getTime();
        this.ctx.tx(() =>
          this.ctx.timers.schedule(
            {
              kind: 'statement-download',
              key: timerKey.statementDownload(chat.id, messageId, deferred + 1),
              dueAt: now + wait,
              payload: {
                channel: chat.channel,
                chatId: chat.id,
                ...(chat.threadId ? { threadId: chat.threadId } : {}),
                messageId,
                author,
                file: { id: file.id, name: file.name, size: file.size, mime: file.mime },
                quiet: quietUnlessStatement,
                attempt: deferred + 1,
              },
            },
            now,
          ),
        );
        this.ctx.log.warn(
          { ...where, err: errorMessage(e), retryInMs: wait, attempt: deferred + 1 },
          'file in the payment chat not downloaded yet: the messenger said wait; downloading it again then',
        );
        return;
      }
      // Its size unknown until downloaded (the update gave no file_size): too large is said as such.
      if (e instanceof FileTooLarge) {
        this.ctx.log.info(where, 'file in the payment chat not read: too large for a statement');
        return answer(t.paymentChat.statementTooLarge(file.name ?? ''));
      }
      this.ctx.log.warn({ ...where, err: errorMessage(e) }, 'file in the payment chat could not be downloaded');
      return answer(t.paymentChat.statementUnreadable);
    }
    const read = readStatementFile(bytes);
    if (!read) {
      this.ctx.log.info(where, 'file in the payment chat is not a 1C statement');
      return answer(t.paymentChat.notStatement(file.name ?? ''));
    }
    if (read.cut) {
      // Said even under a payment caption: it is a statement, and a part of it is missing.
      this.ctx.log.warn({ ...where, cut: read.cut }, 'statement file is cut short; its cut document is not read');
      this.ctx.tx(() =>
        sendToChat(this.ctx, chat, chatKey.paymentPasteCut(chat.id, messageId), {
          text: t.paymentChat.fileCut(file.name ?? '', read.cut ?? { kind: 'file' }),
          replyTo: messageId,
          ...(chat.threadId ? { threadId: chat.threadId } : {}),
        }),
      );
    }
    this.recordStatement(chat, author, messageId, file.name ?? null, read.statement);
  }

  /**
   * A file a non-announcer posted in «Оплата»: when it is a 1C statement, the thread hears (once, in
   * reply) whose statements are read; any other file stays unanswered. Never read as payments.
   */
  private async statementFromOther(
    chat: { channel: Channel; id: string },
    messageId: string,
    file: InboundFile,
    threadId: string | undefined,
  ): Promise<void> {
    if ((file.size ?? 0) > STATEMENT_MAX_BYTES) return;
    const bytes = await this.files.download(chat.channel, file.id, STATEMENT_MAX_BYTES).catch((e: unknown) => {
      this.ctx.log.info(
        { chatId: chat.id, messageId, file: file.name, err: errorMessage(e) },
        "a non-announcer's file in the payment chat not downloaded; not checked for a statement",
      );
      return null;
    });
    if (!bytes || !readStatementFile(bytes)) return;
    this.ctx.log.info(
      { chatId: chat.id, messageId, file: file.name },
      'a 1C statement from someone not among payments.announcers: not read, the thread is told whose are',
    );
    await this.ctx.directory.fresh();
    const names = this.announcers().map((id) => personName(this.ctx, id));
    this.ctx.tx(() =>
      sendToChat(this.ctx, chat, chatKey.paymentStatement(chat.id, messageId), {
        text: t.paymentChat.statementNotFromAnnouncer(names),
        replyTo: messageId,
        ...(threadId ? { threadId } : {}),
      }),
    );
  }

  /**
   * A statement (a file's, or one pasted as text): every document is recorded, with the statement,
   * in one transaction before any is read — a restart (or a crash) mid-statement resumes the rest,
   * and its one summary still comes — then read one after another.
   */
  private recordStatement(
    chat: ChatHere,
    author: number,
    messageId: string,
    /** The file's name; null for a statement pasted as text. */
    fileName: string | null,
    st: Statement,
  ): void {
    const recorded = this.ctx.tx(() => this.recordStatementRows(chat, author, messageId, fileName, st));
    this.statementRecorded({ chatId: chat.id, messageId, file: fileName }, fileName, st, recorded);
  }

  /**
   * An edit of a statement pasted as text (one message, or the fragments of a paste): each document
   * is read again as an edit of a chat announcement is. A document is the one of the same 1C number
   * and date; one whose text changed is a new version of its notice (its prompt redrawn, withdrawn or
   * made anew by the ordinary rules, the thread answered), one gone is a version with no payment
   * (its open prompt withdrawn, a confirmed one said in the thread and to its manager), one new is
   * read as an announcement answered in the statement's thread. A document still cut is not read.
   */
  private rereadStatement(
    chat: { channel: Channel; id: string },
    author: number,
    statements: StatementRow[],
    shown: string,
    /** The text holds only some of the documents (a fragment): none is taken for removed. */
    fragment = false,
  ): void {
    const answer = statements[0];
    if (!answer) return;
    const split = pastedStatementCut(shown);
    const incoming = (split ? split.statement : pastedStatement(shown))?.incoming ?? [];
    const keyOf = (doc: ExchangeDocument) => `${doc.get('Номер')?.trim() ?? ''}|${doc.get('Дата')?.trim() ?? ''}`;
    const now = this.ctx.clock.now().getTime();
    const ids = this.ctx.tx(() => {
      const all = statements.flatMap((st) => this.store.statementNotices(st));
      // A document named as cut (never read) is no document to match: the text now read is.
      const old = all.filter((n) => !n.fingerprint?.startsWith('cut|'));
      const byKey = new Map<string, (typeof old)[number]>();
      for (const n of old) {
        const doc = readExchangeDocuments(n.text)?.[0];
        if (doc && !byKey.has(keyOf(doc))) byKey.set(keyOf(doc), n);
      }
      const places = all.map((n) => Number(n.messageId.split('#')[1] ?? 0)).filter((x) => Number.isFinite(x));
      let next = Math.max(0, ...places);
      const used = new Set<number>();
      const changed: number[] = [];
      for (const doc of incoming) {
        const n = byKey.get(keyOf(doc));
        const messageId = n && !used.has(n.id) ? n.messageId : statementDocumentId(answer.messageId, ++next);
        if (n) used.add(n.id);
        const r = this.store.recordMessage(chat, messageId, author, documentText(doc), now, documentFingerprint(doc));
        if (r) changed.push(r.id);
      }
      // Gone from the statement: a version with no payment (read first, so a document renumbered
      // meets no prompt of its old self).
      const gone: number[] = [];
      for (const n of fragment ? [] : old.filter((x) => !used.has(x.id))) {
        const r = this.store.recordMessage(chat, n.messageId, author, '', now, null);
        if (r) gone.push(r.id);
      }
      // Edited into plain text before (its own announcement read) and back into a statement: that
      // announcement is a version with no payment now; the documents speak again.
      if (this.store.noticeAt(chat, answer.messageId)) {
        const r = this.store.recordMessage(chat, answer.messageId, author, '', now, null);
        if (r) gone.push(r.id);
      }
      return [...gone, ...changed];
    });
    this.ctx.log.info(
      { chatId: chat.id, messageId: answer.messageId, incoming: incoming.length, reread: ids.length },
      'pasted statement edited: its changed documents are read again',
    );
    this.readDocuments(ids);
  }

  /**
   * A statement pasted as text, edited into plain text (an announcement, or anything else): the new
   * text is read and the difference acted on. A document whose invoice the text still names with the
   * same sum stays as it was (its prompt untouched); any other is gone (its open prompt withdrawn, a
   * confirmed one said in the thread). What the text announces beyond the documents kept (another
   * sum, another invoice, a payer's INN) is read as the message's own announcement, answered in its
   * thread; a payment a kept document still prompts is named there as waiting, not prompted twice.
   */
  private statementBecameText(
    chat: { channel: Channel; id: string },
    author: number,
    st: StatementRow,
    text: string,
  ): void {
    const notice = parsePaymentNotice(text);
    const named = (written: string) =>
      notice.invoices.find((x) => {
        const a = normaliseNumber(x);
        const b = normaliseNumber(written);
        const [long, short] = a.length >= b.length ? [a, b] : [b, a];
        return long === short || (long.endsWith(short) && /[/\-._]/.test(long.charAt(long.length - short.length - 1)));
      });
    const now = this.ctx.clock.now().getTime();
    const ids = this.ctx.tx(() => {
      const docs = this.store.statementNotices(st).filter((n) => n.text !== '' && !n.fingerprint?.startsWith('cut|'));
      const covered = new Set<string>();
      const gone: number[] = [];
      for (const d of docs) {
        const doc = parsePaymentNotice(d.text);
        const mine = doc.invoices.map((w) => named(w));
        const kept =
          notice.isPayment &&
          doc.amount !== null &&
          mine.length > 0 &&
          mine.every((w) => {
            if (w === undefined) return false;
            const paid = paidFor(w, notice.items, notice.amount, notice.invoices.length);
            return paid !== null && (doc.amount === null || doc.invoices.length > 1 || sameMoney(paid, doc.amount));
          });
        if (kept) {
          for (const w of mine) if (w !== undefined) covered.add(w);
          continue;
        }
        const r = this.store.recordMessage(chat, d.messageId, author, '', now, null);
        if (r) gone.push(r.id);
      }
      // The message's own announcement: what the kept documents do not cover (or, covered, nothing —
      // an earlier plain version of it, if any, is then a version with no payment).
      const beyond = notice.isPayment && (notice.invoices.length === 0 || notice.invoices.some((w) => !covered.has(w)));
      const own = this.store.noticeAt(chat, st.messageId);
      const r =
        beyond || own ? this.store.recordMessage(chat, st.messageId, author, beyond ? text : '', now, null) : null;
      return { gone, own: r ? [r.id] : [], kept: covered.size };
    });
    this.ctx.log.info(
      { chatId: chat.id, messageId: st.messageId, gone: ids.gone.length, kept: ids.kept, read: ids.own.length },
      'pasted statement edited into plain text: its documents it no longer names are withdrawn, the rest of the text is read',
    );
    // The documents gone first, so a payment renamed meets no prompt of its old self.
    this.readDocuments([...ids.gone, ...ids.own]);
  }

  /** recordStatement's rows, inside the caller's transaction; null when the message is recorded already. */
  private recordStatementRows(
    chat: ChatHere,
    author: number,
    messageId: string,
    fileName: string | null,
    st: Statement,
    /** A pasted document the messenger cut (its end never came): named in the summary, not read. */
    cut: { text: string; where: { number: string | null; date: string | null; place: number } } | null = null,
  ): { statementId: number; noticeIds: number[] } | null {
    const zone = this.ctx.rules.workingHours.zone;
    const cutRow = cut && {
      messageId: statementDocumentId(messageId, st.incoming.length + 1),
      text: cut.text,
      // Not a document's identity (it never came whole): the whole one, later, is not «seen before».
      fingerprint: `cut|${chat.id}|${messageId}|${cut.where.place}`,
      seen: { lines: [{ text: t.paymentChat.documentCut(cut.where) }], outcomes: ['other' as const] },
    };
    const r = this.store.recordStatement(
      {
        channel: chat.channel,
        chatId: chat.id,
        messageId,
        fileName,
        outgoing: st.outgoing,
        threadId: chat.threadId ?? null,
      },
      author,
      [
        ...st.incoming.map((doc, i) => {
          const fingerprint = documentFingerprint(doc);
          const seen = this.store.documentSeen(fingerprint);
          return {
            messageId: statementDocumentId(messageId, i + 1),
            text: documentText(doc),
            fingerprint,
            seen: seen
              ? {
                  lines: [
                    {
                      text: t.paymentChat.documentSeen(
                        doc.get('Номер') ?? '',
                        doc.get('Дата') ?? '',
                        documentSum(doc),
                        DateTime.fromMillis(seen.receivedAt, { zone }).toFormat('dd.MM HH:mm'),
                        seen.inStatement,
                      ),
                    },
                  ],
                  outcomes: ['seen' as const],
                }
              : null,
          };
        }),
        ...(cutRow ? [cutRow] : []),
      ],
      this.ctx.clock.now().getTime(),
    );
    // Nothing to read (no incoming documents, or all seen before): the summary goes now.
    if (r && r.noticeIds.length === 0) this.summarizeIfDone(r.statementId);
    return r;
  }

  /** After a statement's rows were written: logged, and its documents read (or why not). */
  private statementRecorded(
    where: Record<string, unknown>,
    fileName: string | null,
    st: Statement,
    recorded: { statementId: number; noticeIds: number[] } | null,
  ): void {
    if (!recorded) {
      this.ctx.log.info(
        where,
        'statement ignored: this message is recorded already (a duplicate delivery, or an edit of a pasted statement: not read again)',
      );
      return;
    }
    this.ctx.log.info(
      { ...where, incoming: st.incoming.length, toRead: recorded.noticeIds.length, outgoing: st.outgoing },
      fileName === null ? 'statement pasted as text recorded' : 'statement file recorded',
    );
    this.readDocuments(recorded.noticeIds);
  }

  /**
   * A statement's documents, one after another, outside the chat's update (the Telegram handler
   * returns once they are recorded). Each is registered as a read in flight at once, so the loop's
   * retry never reads one of them a second time meanwhile.
   */
  private readDocuments(ids: number[]): void {
    let previous: Promise<unknown> = Promise.resolve();
    for (const id of ids) {
      const next = Promise.all([this.reads.get(id), previous]).then(() =>
        this.stopping ? undefined : this.readNotice(id),
      );
      this.track(id, next);
      previous = next;
    }
  }

  /** The statement file a notice is a document of, while its summary is not sent. */
  private openStatementOf(noticeId: number): StatementRow | undefined {
    const st = this.store.statementOf(noticeId);
    return st && st.summarizedAt === null ? st : undefined;
  }

  /**
   * Sends a statement's one summary once each of its documents was tried (call inside a
   * transaction): read ones with what they found, failed ones as «read later» (the loop reads them
   * and answers for each alone).
   */
  private summarizeIfDone(statementId: number): void {
    const st = this.store.statement(statementId);
    if (!st || st.summarizedAt !== null) return;
    const docs = this.store.statementDocuments(statementId);
    if (docs.some((d) => !d.tried)) return;
    const counts = { matched: 0, differs: 0, partial: 0, notFound: 0, other: 0, later: 0, seen: 0, waiting: 0 };
    const lines: ReplyLine[] = [];
    for (const d of docs) {
      if (!d.read || !d.reading) {
        counts.later++;
        continue;
      }
      for (const o of d.reading.outcomes) counts[o]++;
      lines.push(...d.reading.lines);
    }
    if (!this.store.markSummarized(st.id, this.ctx.clock.now().getTime())) return;
    this.ctx.log.info(
      {
        chatId: st.chatId,
        messageId: st.messageId,
        file: st.fileName,
        incoming: st.incoming,
        outgoing: st.outgoing,
        ...counts,
      },
      'statement file read',
    );
    // The count lines first, then each document's lines (a question with its own buttons): in several
    // messages when they do not fit one.
    const head = t.paymentChat
      .statementSummary(st.incoming, counts, [], st.outgoing)
      .split('\n')
      .map((text): ReplyLine => ({ text }));
    sendLines(
      this.ctx,
      { channel: st.channel, id: st.chatId },
      chatKey.paymentStatement(st.chatId, st.messageId),
      [...head, ...lines],
      st.messageId,
      st.threadId ?? undefined,
    );
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
    const unpaid = await this.payerUnpaid(notice);
    return [{ written: null, match: matchByAmount(notice.amount, unpaid), paid: notice.amount }];
  }

  /**
   * For each invoice found (by kind:id), the payer the notice names when it is not the invoice's company
   * (payer-check.ts): by the INN's companies, else by name. The company's own INN is read only for an
   * invoice whose payer differs (the prompt names both). Empty when the notice names no payer.
   */
  private async payersOf(notice: PaymentNotice, found: Invoice[]): Promise<Map<string, PayerDiffers>> {
    const out = new Map<string, PayerDiffers>();
    if (!notice.inn && !notice.payer) return out;
    const payer = { name: notice.payer, inn: notice.inn };
    const innCompanies = notice.inn ? await this.invoices.findCompaniesByInn(notice.inn) : [];
    for (const inv of found) {
      if (!payerDiffers(payer, inv, innCompanies, null) || inv.companyId === null) continue;
      const differs = payerDiffers(payer, inv, innCompanies, await this.invoices.companyInn(inv.companyId));
      if (differs) out.set(invoiceKey(inv), differs);
    }
    return out;
  }

  /**
   * The open invoices of the payer a notice names: by its INN's companies, else by the companies its name
   * is («Пришло 4000 от Элексиса» → ЭЛЕКСИС ООО: looked up by the name's stem, company-names.ts).
   */
  private async payerUnpaid(notice: PaymentNotice): Promise<Invoice[]> {
    const byInn = notice.inn ? await this.invoices.findCompaniesByInn(notice.inn) : [];
    const companies = byInn.length || !notice.payer ? byInn : await this.companiesNamed(notice.payer);
    return companies.length ? this.invoices.listUnpaidInvoices({ companyIds: companies }) : [];
  }

  /**
   * A notice as read (parse.ts), its payer written in lower case («электроснабмонтаж перевели 45 000 по 8810») taken
   * for the CRM's company of that name, if there is one (a common word before «перевели» names none): its title.
   */
  private async noticeOf(n: NoticeRow): Promise<PaymentNotice> {
    const notice = parsePaymentNotice(n.text);
    const lower =
      notice.isPayment && !notice.payer && !notice.inn && statementDocumentNumber(n) === null
        ? lowercasePayerWord(n.text)
        : null;
    const [company] = lower === null ? [] : await this.companiesTitled(lower);
    return company ? { ...notice, payer: company.title } : notice;
  }

  /** The CRM's companies a payer's name is, in any case and legal form («от Элексиса» ↔ «ЭЛЕКСИС ООО»). */
  private async companiesNamed(name: string): Promise<number[]> {
    return (await this.companiesTitled(name)).map((c) => c.id);
  }

  /**
   * The CRM's companies a payer's name is, with their titles: looked up by each fragment of the name in turn
   * (nameFragments: «электроснабмонтаж» finds «ЭлектроСнабМонтаж» by «лект»), kept when the names agree.
   */
  private async companiesTitled(name: string): Promise<Array<{ id: number; title: string }>> {
    let found: Array<{ id: number; title: string }> = [];
    const asked: string[] = [];
    for (const fragment of nameFragments(name)) {
      asked.push(fragment);
      found = (await this.invoices.findCompaniesByTitle(fragment)).filter((c) => sameCompanyName(name, c.title));
      if (found.length) break;
    }
    this.ctx.log.info(
      { payer: name, fragments: asked, companies: found.map((c) => c.id) },
      found.length
        ? 'payer named without an INN: found by name'
        : 'payer named without an INN: no company of that name',
    );
    return found;
  }

  /**
   * A payment message with no sum, read with the portal (reading.ts): «ЭЛЕКСИС оплатил 4000» is the
   * sum of ЭЛЕКСИС's only open invoice of 4 000 when no open invoice is numbered 4000 (the notice read
   * so, and a line saying how); a payer named with no number and no sum is asked with its open
   * invoices named. Else the question to ask — never silence.
   */
  private async withoutSum(
    notice: PaymentNotice,
    text: string,
  ): Promise<string | { notice: PaymentNotice; note: string }> {
    const written = notice.invoices.length === 1 ? (notice.invoices[0] ?? '') : null;
    const payer = notice.payer || notice.inn ? { name: notice.payer, inn: notice.inn } : null;
    const value = written === null ? null : bareNumber(written);
    if (written !== null && value !== null && payer) {
      const match = matchByNumber(written, await this.invoices.searchInvoicesByNumber(searchFragment(written)));
      const byNumber = match.kind === 'found' && !match.invoice.paid ? match.invoice : null;
      const r = readBareNumber(value, byNumber, await this.payerUnpaid(notice));
      if (r.kind === 'sum')
        return {
          notice: { ...notice, invoices: [], items: [], amount: value },
          note: t.paymentChat.readAsSum(
            written,
            payer,
            r.invoice.number,
            t.money(r.invoice.amount, r.invoice.currency),
          ),
        };
      if (r.kind === 'ask')
        return t.paymentChat.numberOrSum(
          written,
          payer,
          r.byNumber?.number ?? null,
          r.bySum.map((i) => `${i.number} на ${t.money(i.amount, i.currency)}`),
        );
    }
    // «оплачен 1205 1500»: two bare numbers read as invoices; when the portal has the first and not the last, the
    // last is the sum.
    if (notice.invoices.length >= 2) {
      const found: Array<Invoice | null> = [];
      for (const w of notice.invoices) {
        const match = matchByNumber(w, await this.invoices.searchInvoicesByNumber(searchFragment(w)));
        found.push(match.kind === 'found' ? match.invoice : null);
      }
      const sum = lastNumberIsSum(text, notice.invoices, found);
      const last = notice.invoices.at(-1) ?? '';
      if (sum !== null) {
        const invoices = notice.invoices.slice(0, -1);
        this.ctx.log.info(
          { invoices, written: last, sum },
          'payment message with no sum: its last number names no invoice and is read as the sum',
        );
        return {
          notice: {
            ...notice,
            invoices,
            amount: sum,
            items: invoices.map((invoice) => ({ invoice, amount: invoices.length === 1 ? sum : null })),
          },
          note: t.paymentChat.readLastAsSum(last, invoices, t.money(sum)),
        };
      }
    }
    if (notice.invoices.length === 0 && payer) {
      const open = (await this.payerUnpaid(notice)).sort((a, b) =>
        a.number.localeCompare(b.number, 'ru', { numeric: true }),
      );
      return t.paymentChat.askForPayer(
        payer,
        open.map((i) => `${i.number} на ${t.money(i.amount, i.currency)}`),
      );
    }
    // «оплата 4000» with no payer: no invoice numbered so is not asked its sum — the number may be the
    // sum; open invoices of that sum are named (the newest unpaid ones, listUnpaidInvoices' limit).
    if (written !== null && !payer) {
      const match = matchByNumber(written, await this.invoices.searchInvoicesByNumber(searchFragment(written)));
      if (match.kind === 'none') {
        const bySum =
          value === null ? [] : (await this.invoices.listUnpaidInvoices({})).filter((i) => sameMoney(i.amount, value));
        this.ctx.log.info(
          { written, bySum: bySum.map((i) => i.number) },
          'payment message names no sum and an invoice number no invoice has; told so',
        );
        return t.paymentChat.noInvoiceNumbered(
          written,
          value === null ? null : t.money(value),
          bySum.map((i) => ({ number: i.number, amount: t.money(i.amount, i.currency) })),
        );
      }
    }
    return notice.invoices.length ? t.paymentChat.askAmount(notice.invoices.join(', ')) : t.paymentChat.askNumber;
  }

  /**
   * «оплачен 950 450» read as one sum: the split of it (reading.ts sumSplits) whose number the portal has as an open
   * invoice, unless an open invoice is of the whole sum. Null when none fits.
   */
  private async openInvoiceInSum(text: string, amount: number): Promise<{ written: string; sum: number } | null> {
    const splits = sumSplits(text, amount).filter((x) => x.written.length >= 3);
    if (!splits.length) return null;
    const found = [];
    for (const x of splits) {
      const match = matchByNumber(x.written, await this.invoices.searchInvoicesByNumber(searchFragment(x.written)));
      found.push({ ...x, invoice: match.kind === 'found' ? match.invoice : null });
    }
    if (!found.some((x) => x.invoice)) return null;
    const wholeIsOpen = (await this.invoices.listUnpaidInvoices({})).some((i) => sameMoney(i.amount, amount));
    return openInvoiceInSum(found, wholeIsOpen);
  }

  /**
   * The question for a payment message with no number and no payer: with a sum («оплата 4 000», «пришло 4000»),
   * the open invoices of that sum are named (the newest unpaid ones, listUnpaidInvoices' limit), as for «оплата
   * 4000» whose number no invoice has; else the number is asked.
   */
  private async withoutNumber(notice: PaymentNotice): Promise<string> {
    const sum = notice.amount;
    if (sum === null) return t.paymentChat.askNumber;
    const bySum = (await this.invoices.listUnpaidInvoices({}))
      .filter((i) => sameMoney(i.amount, sum))
      .sort((a, b) => a.number.localeCompare(b.number, 'ru', { numeric: true }));
    this.ctx.log.info(
      { sum, bySum: bySum.map((i) => i.number) },
      'payment message names a sum and no invoice; the open invoices of that sum are named',
    );
    return t.paymentChat.sumWithoutNumber(
      t.money(sum),
      String(sum).replace('.', ','),
      bySum.map((i) => i.number),
    );
  }

  /**
   * Whether a bank document is the payment another prompt for its invoice is already about: two
   * different documents (their fingerprints differ) are two payments, whatever their sums; a chat
   * announcement is one payment, so the first document that meets it is that payment and any later
   * one is another (the first is recorded: kv payments.covered-by). A chat message meeting any other
   * prompt: the same payment announced again. An announcement's prompt settled longer ago than the
   * retention period covers no document any more (its row is pruned then, app/retention.ts): a
   * document meeting it is another payment.
   */
  private samePayment(notice: NoticeRow, other: PromptRow): boolean {
    if (notice.fingerprint === null) return true;
    const theirs = this.store.notice(other.noticeId).fingerprint;
    if (theirs !== null) return theirs === notice.fingerprint;
    const key = kvKey.paymentCoveredBy(other.id);
    const covered = this.ctx.kv.get(key);
    if (covered !== undefined && covered !== null) return covered === notice.fingerprint;
    const settledBefore = this.ctx.clock.now().getTime() - this.ctx.rules.retention.period;
    if (other.status !== 'pending' && (other.decidedAt ?? other.createdAt) < settledBefore) return false;
    this.ctx.kv.set(key, notice.fingerprint);
    return true;
  }

  /**
   * What a chat announcement says beside «paid» that a one-tap «Да» would ignore (caveats.ts): a bank fee kept
   * (`fee`, roubles), money that went elsewhere, or a «не»/«но» clause its reading did not use. Null when none.
   */
  private caveatOf(text: string, notice: PaymentNotice, fee: number | null): Caveat | null {
    if (fee !== null) return { kind: 'fee', fee };
    const elsewhere = moneyElsewhere(text);
    if (elsewhere) return { kind: 'elsewhere', said: elsewhere };
    // «…на 4000 (…там было 3500)», «не 3500, а 4000»: a money prompt never rests on one reading of such a message.
    const other = otherSumNamed(text, [notice.amount, ...notice.items.map((i) => i.amount)], notice.invoices);
    if (other) return { kind: 'otherSum', said: other };
    const used = [
      ...notice.invoices,
      ...[notice.amount, ...notice.items.map((i) => i.amount)].flatMap((a) => (a === null ? [] : [String(a)])),
    ];
    const said = unreadClause(text, used);
    return said ? { kind: 'unread', said } : null;
  }

  /** Creates (or, after an edit, updates) the prompt for one invoice; returns the line for the chat. */
  private route(
    notice: NoticeRow,
    inv: Invoice,
    paid: number | null,
    partialSaid: boolean,
    categoryId: number | undefined,
    /** The deal's other invoices still unpaid, by number: the deal moves only once they are paid too. */
    unpaidBeside: string[],
    /** What the announcement says beside the sum: a payer who is not the invoice's company, one sum for several invoices. */
    said: { payerDiffers: PayerDiffers | null; sharedSum: SharedSum | null; caveat?: Caveat | null } = {
      payerDiffers: null,
      sharedSum: null,
    },
  ): { line: string; promptId?: number; outcome: Outcome } {
    const paidCurrency = currencyOf(notice);
    // A fee the bank kept: what came is the invoice's sum (no caveat), or it is not — then the prompt asks, never
    // records a part short by the fee. «Не всё» said of a sum that is the invoice's: no one-tap «Да».
    let caveat = said.caveat ?? null;
    let partial = partialSaid;
    const fullSum = paid !== null && paidCurrency === inv.currency && sameMoney(paid, inv.amount);
    if (caveat?.kind === 'fee') {
      if (fullSum) caveat = null;
      else partial = false;
    } else if (partial && fullSum) caveat = { kind: 'notAll' };
    let verdict = judge(inv, paid, partial, paidCurrency);
    const existing = this.store.promptFor(notice.id, inv.kind, inv.id);
    // A part of an invoice paid since (or the payment that paid it), its message edited: still a part.
    if (verdict === 'already-paid' && (existing?.status === 'recorded' || existing?.status === 'confirmed'))
      return this.paidPartEdited(notice, inv, existing, paid, paidCurrency);
    if (verdict === 'already-paid') return { line: t.paymentChat.alreadyPaid(inv.number), outcome: 'other' };
    const missingFields = this.missingOf(inv);
    // A manager no message reaches (deactivated, or linked nowhere) does not get the prompt: a stand-in does.
    const receiver: Receiver = existing
      ? { id: existing.managerId, handedOver: existing.handedOver }
      : this.receiverOf(inv.responsibleId);
    const managerName = personName(this.ctx, receiver.id);
    // The same invoice announced again (another message, a re-posted statement): one live «Да» per
    // invoice. Confirmed already by another prompt, or waiting at one for the same sum: said so, and
    // no second prompt — a second «Да» would write a second comment and chat line.
    let other = existing ? undefined : this.store.otherPromptForInvoice(notice.id, inv.kind, inv.id);
    // Confirmed, and its write landed (or none was needed), yet the portal as read for this announcement
    // shows the invoice unpaid (`already-paid` returned above): someone put it back in Bitrix24 (the advice
    // for a mistaken confirmation). That confirmation no longer stands: asked again, and said so. A write
    // still queued is the bot's own «paid» on its way: the confirmation counts.
    const putBack = other?.status === 'confirmed' && other.crmWrite !== 'pending' ? other : undefined;
    if (putBack)
      this.ctx.log.info(
        { invoice: inv.number, confirmedBy: putBack.id, stageId: inv.stageId },
        'invoice confirmed before is unpaid in the portal now (put back): prompted again',
      );
    // Asked again already (announced once more since it was put back): that prompt is the one to weigh.
    if (putBack)
      other = this.store
        .openPromptsForInvoice(inv.kind, inv.id)
        .find((o) => o.noticeId !== notice.id && o.id > putBack.id);
    if (!putBack && other?.status === 'confirmed' && this.samePayment(notice, other))
      return {
        line: t.paymentChat.alreadyConfirmed(inv.number, personName(this.ctx, other.managerId)),
        outcome: 'other',
      };
    if (
      other?.status === 'pending' &&
      paid !== null &&
      other.paidAmount !== null &&
      sameMoney(other.paidAmount, paid) &&
      other.paidCurrency === paidCurrency &&
      this.samePayment(notice, other)
    )
      return {
        line: t.paymentChat.alreadyPending(inv.number, personName(this.ctx, other.managerId)),
        promptId: other.id,
        outcome: 'waiting',
      };
    // Waiting at another prompt for another sum, or as another payment order: a second prompt — a
    // second payment is possible — but both it and the chat say the invoice has one open already, so
    // the manager can tell a second payment from the same one announced again. Confirming one closes
    // the other (closeOthersOf): the invoice is paid once its sum is confirmed by one prompt.
    const openBefore = !existing && other?.status === 'pending' ? other : undefined;
    // Partial payments add up (settlement.ts): this payment with the invoice's parts recorded before.
    const found = this.partsFor(notice, inv, paid, existing);
    if (found === 'same') return { line: t.paymentChat.partRecorded(inv.number), outcome: 'other' };
    const settled = settle(inv, found.parts, paid, partial, paidCurrency);
    verdict = settled.verdict === 'already-paid' ? verdict : settled.verdict;
    // What is left, as the chat line says it. An earlier part edited: it is said once the edit is
    // written (below), from the stored parts as the cards show them (settledOf) — a later payment that
    // made the invoice whole is a part again only after it is judged again (resettle).
    const doubt = found.doubt;
    const lineOf = (remaining: string | null): string => {
      let line =
        verdict === 'match'
          ? missingFields.length
            ? t.paymentChat.routedIncomplete(managerName, inv.number, missingFields)
            : t.paymentChat.routed(managerName, inv.number)
          : verdict === 'partial'
            ? t.paymentChat.partial(managerName, inv.number, remaining)
            : paid === null
              ? // No sum of its own: one sum for several invoices that is not their total, or none at all.
                t.paymentChat.noSumOfItsOwn(
                  managerName,
                  inv.number,
                  t.money(inv.amount, inv.currency),
                  said.sharedSum !== null,
                )
              : t.paymentChat.mismatch(
                  managerName,
                  inv.number,
                  t.money(paid, inv.currency),
                  t.money(inv.amount, inv.currency),
                );
      if (caveat && verdict === 'match') line = `${line} ${t.paymentChat.caveatNote}`;
      // 4 000 roubles for an invoice of 4 000 dollars: the currencies differ, whatever the numbers.
      if (paidCurrency !== inv.currency && paid !== null)
        line = t.paymentChat.currencyDiffers(
          managerName,
          inv.number,
          t.money(paid, paidCurrency),
          t.money(inv.amount, inv.currency),
        );
      else if (settled.earlier.length && verdict !== 'partial' && settled.total !== null && !missingFields.length)
        line = t.paymentChat.settledLine(
          managerName,
          inv.number,
          t.money(settled.total, inv.currency),
          verdict === 'match',
        );
      // The same sum as a part recorded another day, nothing to tell them apart: counted, and its
      // manager asked whether it is a second payment (a «Не мой / ошибка» takes it back out).
      if (doubt && !openBefore)
        line = `${line}. ${t.paymentChat.samePartAsked(
          inv.number,
          t.money(doubt.paidAmount ?? 0, doubt.paidCurrency),
          this.shortDay(this.store.notice(doubt.noticeId).receivedAt),
          managerName,
        )}`;
      if (putBack)
        line = `${line}. ${t.paymentChat.putBack(
          inv.number,
          this.shortDay(putBack.decidedAt ?? putBack.createdAt),
          personName(this.ctx, putBack.managerId),
        )}`;
      if (openBefore && verdict !== 'partial')
        line = `${line}. ${t.paymentChat.openBefore(
          inv.number,
          personName(this.ctx, openBefore.managerId),
          openBefore.paidAmount === null ? null : t.money(openBefore.paidAmount, openBefore.paidCurrency),
        )}`;
      // Where the prompt went instead, and why, above the line: the chat must not read «→ Гракун Е.» and wait.
      const handed = receiver.handedOver;
      if (handed) {
        const from = namedPerson(this.ctx, handed.from);
        line = receiver.nobody
          ? `${t.paymentChat.nobodyToHand(from, handed.why, inv.number)}\n${line}`
          : `${t.paymentChat.handedTo(from, handed.why, inv.number, this.standInRole(handed.from, receiver.id), managerName)}\n${line}`;
      }
      return line;
    };
    const line = lineOf(
      this.moneyOrNull(
        existing && settled.remaining !== null
          ? this.leftAfter(settled.remaining, { ...existing, currency: inv.currency })
          : settled.remaining,
        inv.currency,
      ),
    );
    const outcome: Outcome = verdict === 'match' ? 'matched' : verdict === 'partial' ? 'partial' : 'differs';
    const now = this.ctx.clock.now().getTime();
    const status = verdict === 'partial' ? 'recorded' : 'pending';
    if (existing) {
      const unchanged =
        existing.verdict === verdict &&
        existing.paidAmount === paid &&
        existing.paidCurrency === paidCurrency &&
        existing.currency === inv.currency &&
        existing.status !== 'withdrawn' &&
        sameList(existing.missingFields, missingFields) &&
        JSON.stringify(existing.payerDiffers) === JSON.stringify(said.payerDiffers) &&
        JSON.stringify(existing.sharedSum) === JSON.stringify(said.sharedSum) &&
        JSON.stringify(existing.caveat) === JSON.stringify(caveat);
      if (unchanged || !['pending', 'withdrawn', 'recorded'].includes(existing.status))
        return { line, promptId: existing.id, outcome };
      this.store.setPayerAndShare(existing.id, said.payerDiffers, said.sharedSum);
      this.store.setCaveat(existing.id, caveat);
      this.store.revise(existing.id, {
        verdict,
        paidAmount: paid,
        invoiceAmount: inv.amount,
        status,
        missingFields,
        currency: inv.currency,
        paidCurrency,
      });
      const partEdited =
        existing.status === 'recorded' &&
        (paid === null ||
          existing.paidAmount === null ||
          !sameMoney(paid, existing.paidAmount) ||
          paidCurrency !== existing.paidCurrency);
      if (partEdited) this.partChanged(existing, paid, t.paymentTimeline.partWhy.edited, notice);
      else if (existing.status === 'recorded' || status === 'recorded') this.resettle(inv.kind, inv.id, existing.id);
      // Drawn after the later prompts were judged again: what is left counts them as they are now.
      this.reshowPrompt(existing.id);
      // Brought back by an edit (withdrawn when its sum or number was removed, or a partial payment
      // now whole): open again, it gets the reminder schedule a fresh prompt has — its first reminder
      // was cancelled with the withdrawal (or never set), and a cancelled key is never set again.
      if (status === 'pending' && existing.status !== 'pending') {
        const row = this.promptNow(existing.id);
        this.cancelReminders(existing.id);
        this.scheduleReminder(
          existing.id,
          timerKey.paymentReminderReopened(existing.id, row.revision),
          now,
          row.revision,
        );
      }
      const left = this.settledOf(this.promptNow(existing.id), notice.receivedAt)?.remaining ?? null;
      return { line: verdict === 'partial' ? lineOf(left) : line, promptId: existing.id, outcome };
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
        currency: inv.currency,
        dealId: inv.dealId,
        paidStage,
        stageName,
        company: inv.companyTitle,
        managerId: receiver.id,
        responsibleId: inv.responsibleId,
        paidAmount: paid,
        paidCurrency,
        verdict,
        status,
        missingFields,
        // Or the confirmed prompt put back since (named by the prompt while this one waits).
        openBefore: openBefore && verdict !== 'partial' ? openBefore.id : (doubt?.id ?? putBack?.id ?? null),
        handedOver: receiver.nobody ? null : receiver.handedOver,
        unpaidBeside,
        payerDiffers: said.payerDiffers,
        sharedSum: said.sharedSum,
        caveat,
      },
      now,
    );
    if (caveat)
      this.ctx.log.info(
        { promptId: id, invoice: inv.number, verdict, caveat },
        verdict === 'match'
          ? 'payment prompt without the one-tap «Да»: the message says something beside «paid» the reading cannot weigh'
          : 'payment prompt names what the message says beside «paid»',
      );
    if (receiver.handedOver)
      this.ctx.log.warn(
        {
          promptId: id,
          invoice: inv.number,
          responsibleId: inv.responsibleId,
          to: receiver.nobody ? null : receiver.id,
          why: receiver.handedOver.why,
        },
        receiver.nobody
          ? 'payment prompt reaches nobody: neither the invoice’s manager nor any stand-in can be reached; the chat is told to confirm by hand'
          : 'payment prompt handed to a stand-in: the invoice’s manager cannot be reached',
      );
    const row = this.promptNow(id);
    sendToPerson(this.ctx, receiver.id, messageKey.paymentPrompt(id), this.promptMessage(row));
    if (verdict === 'partial' && inv.dealId)
      addComment(
        this.ctx,
        commentKey.paymentPartial(id),
        'deal',
        inv.dealId,
        t.paymentTimeline.partial(
          inv.number,
          t.money(paid ?? 0, paidCurrency),
          t.money(inv.amount, inv.currency),
          quoteOf(notice.text),
        ),
      );
    if (verdict !== 'partial') this.scheduleReminder(id, timerKey.paymentReminder(id), now);
    return { line, promptId: id, outcome };
  }

  /**
   * The message of a part (or of the payment a manager confirmed) of an invoice paid since, edited: the
   * prompt keeps its status with the new sum, the timeline says what changed, and when the parts no
   * longer add up to the invoice its manager and the chat are told (partChanged) — the invoice stays
   * paid. Call inside a transaction.
   */
  private paidPartEdited(
    notice: NoticeRow,
    inv: Invoice,
    existing: PromptRow,
    paid: number | null,
    paidCurrency: string,
  ): { line: string; promptId: number; outcome: Outcome } {
    const kept = { line: t.paymentChat.alreadyPaid(inv.number), promptId: existing.id, outcome: 'other' as const };
    if (
      paid === null ||
      (existing.paidAmount !== null && sameMoney(existing.paidAmount, paid) && existing.paidCurrency === paidCurrency)
    )
      return kept;
    this.store.revise(existing.id, { ...existing, paidAmount: paid, paidCurrency });
    if (existing.status === 'recorded') this.reshowPrompt(existing.id);
    this.partChanged(existing, paid, t.paymentTimeline.partWhy.edited, notice);
    this.ctx.log.info(
      { promptId: existing.id, invoiceId: inv.id, from: existing.paidAmount, to: paid, status: existing.status },
      'a payment of a paid invoice edited: recorded with its new sum',
    );
    return kept;
  }

  /**
   * The reminder of an unanswered prompt, `remindAfter` working time from `now`. Call inside a
   * transaction. `reopenedAt`: the revision an edit brought the prompt back at — its reminder goes out
   * as a message of its own when the first one was sent already.
   */
  private scheduleReminder(promptId: number, key: string, now: number, reopenedAt?: number): void {
    const due = addWorkingTime(new Date(now), this.rules.remindAfter, this.ctx.rules.workingHours).getTime();
    const payload = reopenedAt === undefined ? { promptId } : { promptId, reopenedAt };
    this.ctx.timers.schedule({ kind: 'pay-remind', key, dueAt: due, payload }, now);
  }

  /** Cancels a prompt's pending reminder, the first one or one scheduled after a move. */
  private cancelReminders(promptId: number): void {
    this.ctx.timers.cancel(timerKey.paymentReminder(promptId));
    this.ctx.timers.cancelByPrefix(timerKey.paymentRemindersAfterMove(promptId));
  }

  /** Whether the prompt went to its current manager as a handed-over copy (it moved to them). */
  private movedTo(p: PromptRow): boolean {
    return sentAnywhere(this.ctx, messageKey.paymentPromptHandedOver(p.id, p.managerId));
  }

  /**
   * An announcer takes a payment back (withdrawal.ts): in reply to the announcement, or naming the
   * invoice. The open prompts are withdrawn (every copy says who withdrew it, no buttons left; a part
   * recorded is taken out of the invoice's parts); one a manager confirmed stays paid in the CRM — a
   * person's tap paid it, undoing is checked against the bank — but the thread, that manager and the
   * deal's timeline hear it. The thread is answered with what was withdrawn, or what was looked for.
   * False when the message withdraws nothing (it is read as any message).
   */
  private async withdrawal(
    here: ChatHere,
    author: number,
    m: { messageId: string; text: string; replyTo?: string },
  ): Promise<boolean> {
    const chat = { channel: here.channel, id: here.id };
    const quoted = m.replyTo === undefined ? null : this.quotedAnnouncement(chat, m.replyTo);
    // «ошибся» alone is a call-off only right after an announcement of one open prompt (below).
    const alone = quoted === null && callsOffAlone(m.text);
    const w = readWithdrawal(m.text, quoted !== null) ?? (alone ? { invoices: [] } : null);
    if (!w) return this.withdrawalDoubt(here, author, m);
    // What is withdrawn is what the announcement's read made: a read in flight ends first.
    await Promise.all(quoted ? quoted.notices.map((q) => this.reads.get(q.id)) : this.reads.values());
    const by = namedPerson(this.ctx, author);
    const now = this.ctx.clock.now().getTime();
    // «ложная тревога», «отбой» with no number and no reply: the announcer's last payment message, if recent.
    const last = quoted === null && !w.invoices.length ? this.lastAnnouncedOpen(chat, author, now) : [];
    if (alone && !last.length && !readWithdrawal(m.text, false)) return this.withdrawalDoubt(here, author, m);
    this.ctx.tx(() => {
      const lines: ReplyLine[] = [];
      let prompts: Array<PromptRow & { decidedBy: number | null }> = last.length === 1 ? last : [];
      if (last.length > 1)
        lines.push({
          text: t.paymentChat.withdrawalDoubt(
            [...new Set(last.map((p) => p.invoiceNumber))],
            [...new Set(last.map((p) => personName(this.ctx, p.managerId)))],
          ),
        });
      if (quoted) {
        const ids = quoted.notices.map((q) => q.id);
        const since = Math.min(...quoted.notices.map((q) => q.receivedAt));
        prompts = this.store.promptsAnnouncedIn(chat, since).filter((p) => ids.includes(p.noticeId));
        if (w.invoices.length)
          prompts = prompts.filter((p) => w.invoices.some((x) => namesInvoice(x, p.invoiceNumber)));
        // A message recorded and not read yet (the portal was down) is never read now: nothing goes out.
        // (A statement's documents are left to its one summary.)
        const n = quoted.statement ? undefined : this.store.notice(ids[0] ?? 0);
        if (n && !prompts.length && n.processedVersion < n.version) {
          this.store.markRead(n.id, n.version);
          lines.push({ text: t.paymentChat.withdrawnUnread });
        }
      } else if (w.invoices.length)
        prompts = withdrawable(this.store.promptsAnnouncedIn(chat, now - WITHDRAWAL_LOOKS_BACK), w.invoices);
      for (const p of prompts) {
        if (p.status === 'confirmed') {
          const managerId = p.decidedBy ?? p.managerId;
          lines.push({ text: t.paymentChat.withdrawnConfirmed(p.invoiceNumber, namedPerson(this.ctx, managerId)) });
          sendToPerson(
            this.ctx,
            managerId,
            messageKey.paymentWithdrawnConfirmed(p.id),
            t.paymentWithdrawnAfterConfirm(this.view(p), by),
          );
          if (p.dealId)
            addComment(
              this.ctx,
              commentKey.paymentWithdrawnConfirmed(p.id),
              'deal',
              p.dealId,
              t.paymentTimeline.withdrawnConfirmed(p.invoiceNumber, by.name),
            );
          continue;
        }
        this.store.withdraw(p.id);
        this.cancelReminders(p.id);
        this.editCopies(p, `r${p.revision + 1}`, t.paymentPromptDone(this.view(p), 'retracted', by.name));
        if (p.status === 'recorded')
          this.partChanged(p, null, t.paymentTimeline.partWhy.retracted(by.name), this.store.notice(p.noticeId));
        lines.push({
          text: t.paymentChat.withdrawn(p.invoiceNumber, this.holderOf(p), p.status === 'recorded'),
        });
      }
      // Those that named a withdrawn prompt as still waiting («уже открыт другой запрос») no longer do.
      const gone = prompts.filter((p) => p.status !== 'confirmed').map((p) => p.id);
      for (const id of gone)
        for (const o of this.store.openPromptsAfter(id).filter((x) => !gone.includes(x.id)))
          this.editCopies(o, `r${o.revision}-b${id}`, this.promptMessage(o), t.paymentReminder(this.view(o), o.id));
      if (!lines.length && w.itself) lines.push({ text: t.paymentChat.takenBackItself(w.invoices) });
      if (!lines.length)
        lines.push({
          text: t.paymentChat.withdrawalFoundNothing(
            w.invoices.length ? { numbers: w.invoices } : quoted ? { reply: true } : { nothing: true },
          ),
        });
      this.ctx.log.info(
        {
          chatId: here.id,
          messageId: m.messageId,
          author,
          replyTo: m.replyTo ?? null,
          invoices: w.invoices,
          withdrawn: prompts.filter((p) => p.status !== 'confirmed').map((p) => p.id),
          confirmedAlready: prompts.filter((p) => p.status === 'confirmed').map((p) => p.id),
        },
        prompts.length
          ? 'payment withdrawn by an announcer: open prompts withdrawn, confirmed ones told (the CRM write stands)'
          : 'payment withdrawal matched no announced payment; told so',
      );
      sendLines(this.ctx, chat, chatKey.paymentWithdrawal(here.id, m.messageId), lines, m.messageId, here.threadId);
    });
    return true;
  }

  /**
   * The open prompts (pending, a part recorded) of `author`'s last payment message in the chat — the newest of his
   * notices that made a prompt — when it came within payments.callOffWindow; empty otherwise.
   */
  private lastAnnouncedOpen(
    chat: { channel: Channel; id: string },
    author: number,
    now: number,
  ): Array<PromptRow & { decidedBy: number | null }> {
    const his = this.store
      .promptsAnnouncedIn(chat, now - this.rules.callOffWindow)
      .filter((p) => this.store.notice(p.noticeId).authorId === author);
    const newest = Math.max(...his.map((p) => p.noticeId));
    return his.filter((p) => p.noticeId === newest && (p.status === 'pending' || p.status === 'recorded'));
  }

  /**
   * «ой, не 8805, а 943», «8805 — ошибка, правильно 943», «вместо 8805 — 943» (withdrawal.ts readInvoiceSwap), sent
   * on its own or in reply to the announcement, when 8805 names an open prompt of that announcer's (the quoted
   * announcement's, else his newest): the announcement gets a new version with 943 in 8805's place and is read
   * again, as his edit would be — 8805's prompt withdrawn (its manager told), 943 prompted with the announcement's
   * sum, or said not found. The thread hears the correction was taken. False when nothing matched (read as usual).
   */
  private async invoiceSwap(
    here: ChatHere,
    author: number,
    m: { messageId: string; text: string; replyTo?: string },
  ): Promise<boolean> {
    const swap = readInvoiceSwap(m.text);
    if (!swap) return false;
    const chat = { channel: here.channel, id: here.id };
    const quoted = m.replyTo === undefined ? null : this.quotedAnnouncement(chat, m.replyTo);
    if (quoted?.statement) return false;
    await Promise.all(quoted ? quoted.notices.map((q) => this.reads.get(q.id)) : this.reads.values());
    const now = this.ctx.clock.now().getTime();
    const p = this.store
      .promptsAnnouncedIn(chat, now - WITHDRAWAL_LOOKS_BACK)
      .find(
        (x) =>
          (x.status === 'pending' || x.status === 'recorded') &&
          namesInvoice(swap.wrong, x.invoiceNumber) &&
          (quoted
            ? quoted.notices.some((q) => q.id === x.noticeId)
            : this.store.notice(x.noticeId).authorId === author),
      );
    const n = p && this.store.notice(p.noticeId);
    // A bank document is the bank's words, not the announcer's to correct; an unread version is read first.
    const text =
      n && n.fingerprint === null && n.processedVersion >= n.version ? withInvoiceSwapped(n.text, swap) : null;
    if (!n || text === null) {
      if (p)
        this.ctx.log.info(
          { chatId: here.id, messageId: m.messageId, author, noticeId: p.noticeId, wrong: swap.wrong },
          'invoice correction names a prompt whose announcement cannot be corrected (a bank document, unread, or the number not found in it); read as any message',
        );
      return false;
    }
    const recorded = this.ctx.tx(() => {
      const r = this.store.recordMessage(chat, n.messageId, n.authorId, text, now, null, n.threadId);
      this.ctx.log.info(
        {
          chatId: here.id,
          messageId: m.messageId,
          author,
          noticeId: n.id,
          version: r?.version ?? null,
          wrong: swap.wrong,
          right: swap.right,
        },
        'invoice number corrected in a message of its own; the announcement is read again with it, as an edit',
      );
      sendLines(
        this.ctx,
        chat,
        chatKey.paymentWithdrawal(here.id, m.messageId),
        [{ text: t.paymentChat.invoiceSwapped(swap.wrong, swap.right) }],
        m.messageId,
        here.threadId,
      );
      return r;
    });
    if (recorded) await this.readInOrder(recorded.id);
    return true;
  }

  /**
   * A message that may take a payment back without saying so plainly («943 не оплачен», «по 943
   * ошибка», «стоп, 943» — withdrawal.ts readDoubt) and names an invoice whose prompt is still open:
   * the announcer is asked whether to withdraw it, and how («отмена 943»), instead of silence while a
   * «Да» stays live. Nothing is withdrawn. False when it names no open prompt (read as any message).
   */
  private async withdrawalDoubt(
    here: ChatHere,
    author: number,
    m: { messageId: string; text: string },
  ): Promise<boolean> {
    const doubt = readDoubt(m.text);
    if (!doubt) return false;
    await Promise.all(this.reads.values());
    const chat = { channel: here.channel, id: here.id };
    const now = this.ctx.clock.now().getTime();
    const open = withdrawable(this.store.promptsAnnouncedIn(chat, now - WITHDRAWAL_LOOKS_BACK), doubt.invoices).filter(
      (p) => p.status === 'pending' || p.status === 'recorded',
    );
    if (!open.length) return false;
    const invoices = [...new Set(open.map((p) => p.invoiceNumber))];
    this.ctx.tx(() => {
      this.ctx.log.info(
        { chatId: here.id, messageId: m.messageId, author, invoices, prompts: open.map((p) => p.id) },
        'payment chat message may withdraw a payment but does not say so plainly; the announcer is asked',
      );
      sendLines(
        this.ctx,
        chat,
        chatKey.paymentWithdrawal(here.id, m.messageId),
        [
          {
            text: t.paymentChat.withdrawalDoubt(invoices, [
              ...new Set(open.map((p) => personName(this.ctx, p.managerId))),
            ]),
          },
        ],
        m.messageId,
        here.threadId,
      );
    });
    return true;
  }

  /**
   * The announcement a chat message is: its notice, or a statement's documents (a file, a paste); null for
   * none. A reply to the bot's answer in the thread (its chat line, a statement's summary) is a reply to
   * the announcement it answered.
   */
  private quotedAnnouncement(
    chat: { channel: Channel; id: string },
    quotedId: string,
  ): { notices: NoticeRow[]; statement: boolean } | null {
    const answered = answeredBy(this.ctx.outbox.keyOfSent(chat.channel, chat.id, quotedId));
    const answeredNotice = answered?.kind === 'notice' ? this.store.findNotice(answered.noticeId) : undefined;
    const messageId = answeredNotice
      ? statementMessageOf(answeredNotice.messageId)
      : answered?.kind === 'message'
        ? answered.messageId
        : quotedId;
    const one = this.store.noticeAt(chat, messageId);
    if (one) return { notices: [one], statement: false };
    const st = this.store.statementAt(chat, messageId);
    const docs = st ? this.store.statementNotices(st).map((d) => this.store.notice(d.id)) : [];
    return docs.length ? { notices: docs, statement: true } : null;
  }

  /** Who a prompt is for, as a withdrawal names them: the invoice's responsible, and the stand-in who has it. */
  private holderOf(p: PromptRow): t.PromptHolder {
    const from = p.handedOver?.from;
    return from !== undefined && from !== p.managerId
      ? { responsible: personName(this.ctx, from), standIn: personName(this.ctx, p.managerId) }
      : { responsible: personName(this.ctx, p.managerId), standIn: null };
  }

  /**
   * The notice's open prompts but `keep` are withdrawn: the edited message no longer names their
   * invoice (`withdrawn`) or names it only as unpaid («943 ещё не оплачен»: `notPaid`), or no longer says
   * which invoice or how much (`unclear`). Returns the prompts withdrawn (as they were).
   */
  private withdrawExcept(n: NoticeRow, keep: number[], why: 'withdrawn' | Unclear = 'withdrawn'): PromptRow[] {
    const gone = this.store.openPromptsOf(n.id).filter((x) => !keep.includes(x.id));
    for (const p of gone) {
      const said = why === 'withdrawn' && stillNamed(n.text, p.invoiceNumber) ? 'notPaid' : why;
      this.store.withdraw(p.id);
      this.cancelReminders(p.id);
      this.editCopies(p, `r${p.revision + 1}`, t.paymentPromptDone(this.view(p), said, ''));
      if (p.status === 'recorded') this.partChanged(p, null, t.paymentTimeline.partWhy[said], this.store.notice(n.id));
    }
    return gone;
  }

  /**
   * Invoices a manager confirmed by an earlier version of the notice that this version no longer
   * names (or, `unclear`, that can no longer be read: its number or sum removed): the CRM write
   * stands (a person confirmed it), but the manager who confirmed is told, the lines returned tell
   * the chat, and the log says so.
   */
  private confirmedDropped(n: NoticeRow, keep: number[], why: 'dropped' | Unclear = 'dropped'): ReplyLine[] {
    const lines: ReplyLine[] = [];
    for (const p of this.store.confirmedPromptsOf(n.id).filter((x) => !keep.includes(x.id))) {
      lines.push({ text: t.paymentChat.confirmedByOldVersion(p.invoiceNumber) });
      if (p.decidedBy !== null)
        sendToPerson(
          this.ctx,
          p.decidedBy,
          messageKey.paymentConfirmedThenEdited(p.id, n.version),
          t.paymentConfirmedThenEdited(
            this.view(p),
            why === 'dropped'
              ? stillNamed(n.text, p.invoiceNumber) && 'notPaid'
              : why === 'unclearNumber'
                ? 'number'
                : why === 'unclearSum'
                  ? 'sum'
                  : true,
          ),
        );
      this.ctx.log.warn(
        { noticeId: n.id, version: n.version, promptId: p.id, invoice: p.invoiceNumber, confirmedBy: p.decidedBy },
        why !== 'dropped'
          ? 'payment message edited after a confirm can no longer be read (its number or sum removed); the CRM write stands, the chat and the manager are told'
          : 'payment message edited after a confirm no longer names the confirmed invoice; the CRM write stands, the chat and the manager are told',
      );
    }
    return lines;
  }

  /** Step 57: labels of the required invoice fields (payments.requiredInvoiceFields) that are empty. */
  private missingOf(inv: Invoice): string[] {
    return emptyRequiredFields(this.rules.requiredInvoiceFields, inv.fields);
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
    // Once the prompt moved to someone else (a manager who left, the invoice re-assigned), its first
    // copy belongs to who had it before: it keeps saying where it went, and only the prompt's end
    // (no buttons) reaches it — never a live «Да» its reader may not press.
    // The same for the first reminder: the reminder of whoever has the prompt now is a copy of its own.
    const moved = this.movedTo(p);
    if (!moved || !msg.buttons?.length) {
      editEverywhere(this.ctx, messageKey.paymentPrompt(p.id), version, msg);
      editEverywhere(this.ctx, messageKey.paymentReminder(p.id), version, reminder);
      for (const r of p.remindersAgain)
        editEverywhere(this.ctx, messageKey.paymentReminderAgain(p.id, r), version, reminder);
    }
    editEverywhere(this.ctx, messageKey.paymentPromptHandedOver(p.id, p.managerId), version, msg);
    editEverywhere(this.ctx, messageKey.paymentReminderTo(p.id, p.managerId), version, reminder);
  }

  private view(p: PromptRow): t.PromptView {
    const n = this.store.notice(p.noticeId);
    // The prompt for the same invoice still waiting when this one was made: named while it still waits.
    const before = p.openBefore === null ? undefined : this.store.prompt(p.openBefore);
    const zone = this.ctx.rules.workingHours.zone;
    // Or a part of the same sum recorded another day, that this payment may repeat: named while it counts.
    const earlier =
      before?.status === 'pending' || before?.status === 'recorded'
        ? {
            paid: before.paidAmount === null ? null : t.money(before.paidAmount, before.paidCurrency),
            when: DateTime.fromMillis(before.createdAt, { zone }).toFormat('dd.MM HH:mm'),
            quote: quoteOf(this.store.notice(before.noticeId).text),
            part: before.status === 'recorded',
          }
        : null;
    // Or the confirmation put back to unpaid in Bitrix24 since (route): this prompt asks again.
    const putBack =
      before?.status === 'confirmed' && p.status === 'pending'
        ? {
            by: personName(this.ctx, before.managerId),
            day: DateTime.fromMillis(before.decidedAt ?? before.createdAt, { zone }).toFormat('dd.MM'),
          }
        : null;
    return {
      earlier,
      putBack,
      announcer: namedPerson(this.ctx, n.authorId),
      number: p.invoiceNumber,
      company: p.company,
      paid: p.paidAmount,
      invoiceAmount: p.invoiceAmount,
      currency: p.currency,
      paidCurrency: p.paidCurrency,
      verdict: p.verdict,
      missing: p.missingFields,
      dealLink: p.dealId ? dealLink(this.ctx, p.dealId) : null,
      stageName: p.stageName ?? t.fallback.paidStage,
      // A deal to move and no stage to move it to: the prompt must not promise the move.
      noPaidStage: p.dealId !== null && p.paidStage === null,
      settled: this.settledOf(p, n.receivedAt),
      readAsSum: numberReadAsSum(n.text, p.paidAmount, p.invoiceNumber),
      handedOver: p.handedOver && { from: namedPerson(this.ctx, p.handedOver.from), why: p.handedOver.why },
      unpaidBeside: p.unpaidBeside,
      payerDiffers: p.payerDiffers,
      shared: p.sharedSum && sharedView(p.sharedSum),
      caveat: p.caveat,
    };
  }

  private promptMessage(p: PromptRow): OutMessage {
    return t.paymentPrompt(this.view(p), p.id);
  }

  /** A manager's answer to a prompt: yes, no, or «check again» after the invoice was corrected. */
  private async answer(
    personId: number | null,
    promptId: number,
    verb: 'yes' | 'no' | 'noSure' | 'back' | 'recheck',
  ): Promise<ActionReply> {
    if (personId === null) return notLinked;
    const p = this.store.prompt(promptId);
    if (!p) return { text: t.replies.unknown };
    if (p.managerId !== personId)
      return { text: t.paymentReplies.notYours(namedPerson(this.ctx, p.managerId)), alert: true };
    if (verb === 'no' || verb === 'back') return this.askReject(p, verb);
    if (verb === 'noSure') return this.reject(p, personId);
    if (p.status !== 'pending') return { text: t.paymentReplies.notOpen };
    // The invoice is read from the portal next, and a slow portal would keep the phone spinning past
    // Telegram's limit (a late answer is refused: "query is too old"): the tap is answered now, the
    // card shows what came of it, and what it cannot show (a refusal) comes as a message.
    const at = this.ctx.clock.now().getTime();
    const decided = this.decide(personId, promptId, verb)
      .catch((e: unknown): ActionReply => {
        this.ctx.log.error({ promptId, verb, err: errorMessage(e) }, 'payment prompt: the tap could not be decided');
        // Said as a message of its own, after the toast: it names the invoice and the button to press again.
        return { text: t.paymentReplies.tapFailed(p.invoiceNumber, verb), alert: true };
      })
      .then((reply) => {
        if (reply.alert)
          this.ctx.tx(() =>
            sendToPerson(this.ctx, personId, messageKey.paymentTapAnswer(promptId, personId, at), { text: reply.text }),
          );
      });
    this.taps.add(decided);
    void decided.finally(() => this.taps.delete(decided));
    return { text: verb === 'yes' ? t.paymentReplies.checkingToConfirm : t.paymentReplies.checking, quiet: true };
  }

  /** The tap's decision, once answered (answer): against the invoice as the portal has it now. */
  private async decide(personId: number, promptId: number, verb: 'yes' | 'recheck'): Promise<ActionReply> {
    const p = this.store.prompt(promptId);
    if (p?.status !== 'pending') return { text: t.paymentReplies.notOpen };
    // Always against the invoice as it is now: it may have been corrected or paid meanwhile.
    const inv = await this.invoices.getInvoice(p.invoiceKind, p.invoiceId);
    if (!inv) return { text: t.paymentReplies.notOpen };
    // The deal moves only once all its open invoices are paid: the sender decides when it writes; this
    // is for the words (which invoice is still unpaid). Not read while an edit waits to be read (the tap
    // is answered so at once), and a portal that cannot answer holds no confirmation back.
    const unpaid = await this.unpaidBeside(verb, p, inv);
    // And against the prompt and the message as they are now (no await from here to the decision):
    // an edit may have changed the sum while the invoice was read, or be recorded and not read yet.
    const now = this.store.prompt(promptId);
    if (now?.status !== 'pending') return { text: t.paymentReplies.notOpen };
    const n = this.store.notice(now.noticeId);
    if (n.processedVersion < n.version) return { text: t.paymentReplies.noticeChanging, alert: true };
    // The invoice was given to another manager in the CRM since the prompt: theirs to confirm now.
    // (A prompt handed over because its manager left stays with who took it: the CRM did not change.)
    if (now.responsibleId !== null && inv.responsibleId !== now.responsibleId && inv.responsibleId !== now.managerId)
      return this.reassign(now, inv.responsibleId);
    if (verb === 'recheck') return this.recheck(now, inv);
    return this.confirm(now, inv, personId, unpaid);
  }

  private confirm(p: PromptRow, inv: Invoice, by: number, unpaid: string[] = []): ActionReply {
    const n = this.store.notice(p.noticeId);
    return this.ctx.tx((): ActionReply => {
      const now = this.ctx.clock.now().getTime();
      const missing = this.missingOf(inv);
      // A copy drawn before its caveat was set (an edit added one): nothing paid until the manager checked.
      if (p.caveat && p.verdict === 'match') {
        this.reshowPrompt(p.id);
        return { text: t.paymentReplies.caveatFirst, alert: true };
      }
      if (
        p.verdict !== 'match' ||
        p.paidAmount === null ||
        !sameMoney(inv.amount, this.paidTotal(p)) ||
        inv.currency !== p.paidCurrency
      ) {
        // The prompt shows the difference already unless the invoice changed since it was drawn.
        if (p.verdict !== 'mismatch' || !sameMoney(p.invoiceAmount, inv.amount) || p.currency !== inv.currency) {
          this.store.rejudge(p.id, 'mismatch', inv.amount, missing, inv.currency);
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
      if (!this.store.confirm(p.id, by, now, !inv.paid)) return { text: t.paymentReplies.notOpen };
      this.cancelReminders(p.id);
      this.closeOthersOf(p, by);
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
              promptId: p.id,
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
          t.paymentTimeline.confirmed(
            p.invoiceNumber,
            t.money(p.paidAmount, p.paidCurrency),
            byName,
            quoteOf(n.text),
            this.settledOf(p, n.receivedAt, true)?.parts ?? null,
          ) + t.paymentTimeline.dealStays(unpaid),
        );
      this.editCopies(p, 'done', t.paymentPromptDone(this.view(p), inv.paid ? 'already' : 'confirmed', byName));
      // Marked only once the write is done (dealWritten edits this line): until then, being marked.
      const said = inv.paid ? t.paymentChat.confirmed : t.paymentChat.confirming;
      sendToChat(this.ctx, chatOf(n), chatKey.paymentConfirmed(p.id), {
        text: said(p.invoiceNumber, byName) + t.esc(t.paymentTimeline.dealStays(unpaid)),
        ...inReplyTo(n),
      });
      return {
        text: unpaid.length ? t.paymentReplies.confirmedDealStays(unpaid) : t.paymentReplies.confirmed,
        quiet: true,
      };
    });
  }

  /**
   * «✖ Не мой / ошибка» asks first (`no`): every copy of the prompt shows the question with «Да, не мой»
   * and «Назад», no «Да, оплачен» beside them; `back` draws the prompt as it is again. Nothing changes
   * meanwhile: the prompt stays open, its reminders due.
   */
  private askReject(p: PromptRow, verb: 'no' | 'back'): ActionReply {
    return this.ctx.tx((): ActionReply => {
      const row = this.promptNow(p.id);
      if (row.status !== 'pending' && row.status !== 'recorded') return { text: t.paymentReplies.notOpen };
      // Asked and taken back any number of times: each edit a version of its own.
      const version = `r${row.revision}-${verb}${this.ctx.clock.now().getTime()}-${++this.rejectAsks}`;
      if (verb === 'no') {
        this.editCopies(row, version, t.paymentRejectAsk(this.promptMessage(row), row.id));
        return { text: t.paymentReplies.rejectAsked, quiet: true };
      }
      this.editCopies(
        row,
        version,
        this.promptMessage(row),
        row.status === 'pending' ? t.paymentReminder(this.view(row), row.id) : undefined,
      );
      return { text: t.paymentReplies.back, quiet: true };
    });
  }

  private reject(p: PromptRow, by: number): ActionReply {
    const n = this.store.notice(p.noticeId);
    return this.ctx.tx((): ActionReply => {
      if (!this.store.reject(p.id, by, this.ctx.clock.now().getTime())) return { text: t.paymentReplies.notOpen };
      this.cancelReminders(p.id);
      const byName = personName(this.ctx, by);
      if (p.status === 'recorded') this.partChanged(p, null, t.paymentTimeline.partWhy.rejected(byName), n);
      this.editCopies(p, 'done', t.paymentPromptDone(this.view(p), 'rejected', byName));
      // Those that named it as still waiting no longer do.
      for (const o of this.store.openPromptsAfter(p.id))
        this.editCopies(o, `r${o.revision}-b${p.id}`, this.promptMessage(o), t.paymentReminder(this.view(o), o.id));
      sendToChat(this.ctx, chatOf(n), chatKey.paymentRejected(p.id), {
        text: t.paymentChat.rejected(p.invoiceNumber, byName),
        ...inReplyTo(n),
      });
      return { text: t.paymentReplies.rejected, quiet: true };
    });
  }

  /**
   * The other open prompts for an invoice just confirmed (it was announced twice): closed, their «Да»
   * gone, so no second tap writes a second comment and chat line. Call inside the transaction.
   */
  private closeOthersOf(p: PromptRow, by: number): void {
    for (const o of this.store.openPromptsForInvoice(p.invoiceKind, p.invoiceId).filter((x) => x.id !== p.id)) {
      this.store.withdraw(o.id);
      this.cancelReminders(o.id);
      this.editCopies(o, 'done', t.paymentPromptDone(this.view(o), 'already', personName(this.ctx, by)));
    }
  }

  /**
   * The invoice's responsible changed in the CRM after the prompt was sent: the prompt moves to the
   * new responsible (who gets it anew), the old one's copy says so, and the tap pays nothing.
   */
  private reassign(p: PromptRow, toId: number): ActionReply {
    const fromName = personName(this.ctx, p.managerId);
    const to = namedPerson(this.ctx, toId);
    this.ctx.tx(() => {
      // The press re-read the invoice outside this transaction: act only on the prompt as it still is.
      const now = this.store.prompt(p.id);
      if (now?.status !== 'pending' || now.managerId !== p.managerId) return;
      this.editCopies(now, `moved${toId}`, t.paymentPromptMoved(this.view(now), to));
      this.store.reassign(p.id, toId);
      const row = this.promptNow(p.id);
      sendToPerson(this.ctx, toId, messageKey.paymentPromptHandedOver(p.id, toId), this.promptMessage(row));
      // Theirs anew, reminder too: the schedule a fresh prompt has (the first reminder may be what moved it).
      this.cancelReminders(p.id);
      this.scheduleReminder(
        p.id,
        timerKey.paymentReminderAfterMove(p.id, row.revision),
        this.ctx.clock.now().getTime(),
      );
      this.ctx.log.info(
        { promptId: p.id, invoiceId: p.invoiceId, from: p.managerId, to: toId },
        'payment prompt moved: the invoice was re-assigned in the CRM',
      );
    });
    return { text: t.paymentReplies.reassigned(to, fromName), alert: true };
  }

  private recheck(p: PromptRow, inv: Invoice): ActionReply {
    const verdict = settle(inv, this.partsOf(p), p.paidAmount, false, p.paidCurrency).verdict;
    // «Проверил — оплата верна» on a prompt with a caveat: its manager checked — the «Да» shows now.
    if (p.caveat && verdict === 'match' && !this.missingOf(inv).length) {
      this.ctx.tx(() => {
        this.ctx.log.info(
          { promptId: p.id, caveat: p.caveat },
          'payment prompt caveat checked by its manager: «Да» shown',
        );
        this.store.setCaveat(p.id, null);
        this.store.rejudge(p.id, 'match', inv.amount, []);
        this.reshowPrompt(p.id);
      });
      return { text: t.paymentReplies.caveatChecked, quiet: true };
    }
    if (verdict !== 'match')
      return {
        text:
          inv.currency !== p.paidCurrency && p.paidAmount !== null
            ? t.paymentReplies.currencyDiffers(t.money(p.paidAmount, p.paidCurrency), t.money(inv.amount, inv.currency))
            : p.paidAmount === null
              ? t.paymentReplies.noSumToCheck(p.sharedSum !== null)
              : t.paymentReplies.stillDiffers(
                  t.money(this.paidTotal(p), p.paidCurrency),
                  t.money(inv.amount, inv.currency),
                ),
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
    const notice = await this.noticeOf(n);
    const deals = inv.dealId ? await this.crm.getDeals([inv.dealId]) : new Map();
    const dealInvoices = await this.dealInvoices(inv.dealId ? [inv.dealId] : []);
    const payers = await this.payersOf(notice, [inv]);
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
        stillUnpaid(dealInvoices, inv),
        { payerDiffers: payers.get(invoiceKey(inv)) ?? null, sharedSum: null },
      );
      sendToChat(this.ctx, chatOf(n), chatKey.paymentPicked(choice.id), {
        text: `${t.paymentChat.picked(inv.number)}\n${routed.line}`,
        ...inReplyTo(n),
      });
    });
    return { text: t.paymentReplies.picked };
  }

  /**
   * A manager deactivated in Bitrix24: their open prompts go to `toId` (their supervisor) — or, when
   * no message reaches them, to the first stand-in one does — who gets each prompt anew, saying why.
   */
  private movePending(fromId: number, toId: number): void {
    const standIn = this.reachable(toId) ? null : this.receiverOf(fromId);
    const to = standIn && !standIn.nobody ? standIn.id : toId;
    for (const p of this.store.pendingPromptsOf(fromId)) {
      this.store.handOver(p.id, to, { from: fromId, why: 'dismissed' });
      const row = this.promptNow(p.id);
      sendToPerson(this.ctx, to, messageKey.paymentPromptHandedOver(p.id, to), this.promptMessage(row));
    }
  }

  /** The once-only reminder to a manager who has not answered. */
  private async remind(timer: TimerOf<'pay-remind'>): Promise<void> {
    // The invoice may have been given to someone else in the CRM since the prompt: the reminder is
    // theirs — the prompt moves to them (they get it anew) instead of reminding who had it. Its
    // required fields may have been filled meanwhile: the reminder says what is still empty, not what
    // was. A portal that cannot answer now does not hold the reminder back.
    const before = this.store.prompt(timer.payload.promptId);
    let filled: { invoiceAmount: number; missing: string[] } | null = null;
    if (before?.status === 'pending' && (before.responsibleId !== null || before.missingFields.length)) {
      const inv = await this.invoices.getInvoice(before.invoiceKind, before.invoiceId).catch((e: unknown) => {
        this.ctx.log.warn({ promptId: before.id, err: errorMessage(e) }, 'payment reminder: invoice not re-read');
        return null;
      });
      if (
        inv &&
        before.responsibleId !== null &&
        inv.responsibleId !== before.responsibleId &&
        inv.responsibleId !== before.managerId
      ) {
        if (this.ctx.tx(() => this.ctx.timers.markFired(timer.id, this.ctx.clock.now().getTime())))
          this.reassign(before, inv.responsibleId);
        return;
      }
      // Only the fields: a changed sum or currency is for «Проверить снова» and the manager's eyes.
      if (
        inv &&
        before.verdict === 'match' &&
        sameMoney(before.invoiceAmount, inv.amount) &&
        before.currency === inv.currency
      )
        filled = { invoiceAmount: inv.amount, missing: this.missingOf(inv) };
    }
    this.ctx.tx(() => {
      if (!this.ctx.timers.markFired(timer.id, this.ctx.clock.now().getTime())) return;
      let p = this.store.prompt(timer.payload.promptId);
      if (p?.status !== 'pending') return;
      if (filled && p.verdict === 'match' && !sameList(p.missingFields, filled.missing)) {
        this.store.rejudge(p.id, 'match', filled.invoiceAmount, filled.missing);
        this.reshowPrompt(p.id);
        p = this.promptNow(p.id);
      }
      const moved = this.movedTo(p);
      let key = moved ? messageKey.paymentReminderTo(p.id, p.managerId) : messageKey.paymentReminder(p.id);
      // Brought back by an edit after its first «⏰» went out (that one was redrawn live): a reminder
      // of its own, as any open prompt gets — the first one's key would send nothing.
      const again = timer.payload.reopenedAt;
      if (!moved && again !== undefined && sentAnywhere(this.ctx, key)) {
        this.store.addReminderAgain(p.id, again);
        key = messageKey.paymentReminderAgain(p.id, again);
      }
      sendToPerson(this.ctx, p.managerId, key, t.paymentReminder(this.view(p), p.id));
    });
  }

  /**
   * /chatid: the chat's own id (nothing else: no token, no rules beyond the chat's role) — and, in
   * the supergroup a group became, that id is the new one the rules need. Anyone in the chat may ask:
   * a group's id is shown by any Telegram client too. Only in Telegram (Bitrix24 chats are named
   * chat<N> in the portal's own address bar).
   */
  private chatIdOf(actor: Actor, privateChat: boolean): OutMessage | null {
    if (actor.channel !== 'telegram') return null;
    this.ctx.log.info({ chatId: actor.chatId, from: actor.address, privateChat }, '/chatid answered');
    if (privateChat) return { text: t.paymentChat.chatIdPrivate(actor.chatId) };
    const configured = this.rules.telegramChatId === undefined ? null : String(this.rules.telegramChatId);
    const moved = this.movedChat();
    const role =
      configured === null
        ? ({ kind: 'unset' } as const)
        : actor.chatId === configured
          ? ({ kind: 'payment' } as const)
          : moved?.to === actor.chatId
            ? ({ kind: 'moved', from: moved.from } as const)
            : ({ kind: 'other', payment: moved?.to ?? configured } as const);
    return { text: t.paymentChat.chatId(actor.chatId, role) };
  }

  /**
   * /payments for announcers, directors and admins: today's announcements and where each stands — in
   * the «Оплата» chat or in private only. Typed in another group (a sales team's), it would show that
   * group the day's money: it says where it works instead.
   */
  private todayList(actor: Actor, privateChat: boolean): OutMessage | null {
    const personId = personOf(this.ctx, actor);
    const p = this.ctx.rules.people;
    if (personId === null || ![...this.announcers(), ...p.directors, ...p.admins].includes(personId)) return null;
    if (!privateChat && actor.chatId !== this.paymentChat(actor.channel)) {
      this.ctx.log.info(
        { channel: actor.channel, chatId: actor.chatId, personId },
        '/payments in a group other than «Оплата»: list not shown there; told where it works',
      );
      return { text: t.paymentChat.listElsewhere };
    }
    const zone = this.ctx.rules.workingHours.zone;
    const start = DateTime.fromJSDate(this.ctx.clock.now(), { zone }).startOf('day').toMillis();
    const moved = this.movedChat();
    const time = (at: number) => DateTime.fromMillis(at, { zone }).toFormat('HH:mm');
    const prompted = this.store.announcedSince(start).map((r) => ({
      at: r.receivedAt,
      line: t.paymentsTodayLine({
        time: time(r.receivedAt),
        invoiceNumber: r.invoiceNumber,
        paid: r.paidAmount,
        managerName: personName(this.ctx, r.managerId),
        // Confirmed is «✅ отмечен» only once the portal took the write.
        status:
          r.status !== 'confirmed' || r.crmWrite === null || r.crmWrite === 'done'
            ? r.status
            : r.crmWrite === 'pending'
              ? 'marking'
              : 'unwritten',
      }),
    }));
    // A message that sent no prompt is in the list too, with why: «Оплатили 943 на 4000?» asks and
    // announces nothing, an unknown number was answered in the chat. Chatter naming no number is not.
    const unprompted = this.store.unpromptedSince(start).flatMap((r) => {
      const state = unpromptedState(r);
      return state ? [{ at: r.receivedAt, line: t.paymentsTodayUnprompted(time(r.receivedAt), r.text, state) }] : [];
    });
    // A statement's documents no invoice took are money nobody matched: the director must see them.
    const documents = this.store.unpromptedDocumentsSince(start).flatMap((r) => {
      const line = unpromptedDocumentLine(r, time(r.receivedAt));
      return line ? [{ at: r.receivedAt, line }] : [];
    });
    return t.paymentsToday(
      [...prompted, ...unprompted, ...documents].sort((a, b) => a.at - b.at).map((x) => x.line),
      moved ? t.paymentChat.movedLine(moved.from, moved.to) : undefined,
    );
  }

  // ---- partial payments that add up (settlement.ts) ------------------------------------------

  /**
   * The parts of `inv` recorded before this payment (its earlier partial payments, from SQLite), or
   * `same` when this payment is one of them announced again (partIdentity, samePayment). `doubt`: the
   * earlier part of the same sum this one may repeat, when nothing tells them apart (the manager is asked).
   */
  private partsFor(
    notice: NoticeRow,
    inv: Invoice,
    paid: number | null,
    existing: PromptRow | undefined,
  ): { parts: Part[]; doubt: PromptRow | null } | 'same' {
    const rows = this.store
      .recordedPartsOf(inv.kind, inv.id, existing?.id ?? null)
      .filter((r) => r.noticeId !== notice.id);
    let doubt: PromptRow | null = null;
    if (!existing)
      for (const r of rows) {
        const theirs = this.store.notice(r.noticeId);
        const seen = partIdentity(
          { text: notice.text, amount: paid, fingerprint: notice.fingerprint, day: this.dayOf(notice.receivedAt) },
          { text: theirs.text, amount: r.paidAmount, fingerprint: theirs.fingerprint, day: this.dayOf(r.at) },
          () => this.samePayment(notice, r),
        );
        if (seen === 'same') return 'same';
        if (seen === 'unsure') doubt ??= r;
      }
    const parts = rows.flatMap((r) =>
      r.paidAmount === null ? [] : [{ amount: r.paidAmount, currency: r.paidCurrency, at: r.at }],
    );
    return { parts, doubt };
  }

  /** «27.11» of a moment in ms, in the company's zone. */
  private shortDay(at: number): string {
    return DateTime.fromMillis(at, { zone: this.ctx.rules.workingHours.zone }).toFormat('dd.MM');
  }

  /** The day (ISO, the company's zone) of a moment in ms. */
  private dayOf(at: number): string {
    return DateTime.fromMillis(at, { zone: this.ctx.rules.workingHours.zone }).toISODate() ?? '';
  }

  /**
   * The open invoices of these deals (one read), so a prompt can say which of them the deal's move
   * waits for. A portal that cannot answer now holds no prompt back: none are named (logged).
   */
  private async dealInvoices(dealIds: number[]): Promise<Invoice[]> {
    if (!dealIds.length) return [];
    return this.invoices.listUnpaidInvoices({ dealIds }).catch((e: unknown) => {
      this.ctx.log.warn(
        { dealIds, err: errorMessage(e) },
        'payment prompt: the deal’s other invoices not read; the prompt names none',
      );
      return [];
    });
  }

  /**
   * The CRM write of a confirmed payment is done (app/outbox-sender.ts): every copy of the prompt says
   * what was done — the invoice paid, the deal moved or not and why — and a deal left where it is gets
   * a timeline line saying so (a move shows in the portal's own history). The deal's other open
   * prompts no longer wait for this invoice. Keyed effects: told twice (a crash before the row was
   * marked done), nothing is repeated.
   */
  dealWritten(promptId: number, move: DealMove): void {
    this.ctx.tx(() => {
      const p = this.store.prompt(promptId);
      if (p?.status !== 'confirmed') return;
      this.store.settleCrmWrite(promptId, null);
      // Only the prompt's manager confirms it (answer): they are who confirmed.
      const byName = personName(this.ctx, p.managerId);
      this.editCopies(p, 'written', t.paymentPromptDone(this.view(p), 'confirmed', byName, move));
      // The thread's line said it was being marked: now it is.
      const n = this.store.notice(p.noticeId);
      editSent(this.ctx, chatKey.paymentConfirmed(p.id), 'written', {
        text:
          t.paymentChat.confirmed(p.invoiceNumber, byName) +
          t.esc(t.paymentTimeline.dealStays(move.kind === 'unpaid' ? move.unpaid : [])),
        ...(n.threadId ? { threadId: n.threadId } : {}),
      });
      if (p.dealId && (move.kind === 'kept' || move.kind === 'missing'))
        addComment(
          this.ctx,
          commentKey.paymentStageKept(p.id),
          'deal',
          p.dealId,
          t.paymentTimeline.stageKept(p.invoiceNumber, move),
        );
      // A deal the portal would not move: someone must move it by hand, and for rights or the plan the
      // cause meets every payment after — the admins (directors when none) hear it, not only the manager.
      if (move.kind === 'failed') {
        const { admins, directors } = this.ctx.rules.people;
        const link = p.dealId ? dealLink(this.ctx, p.dealId) : null;
        const stage = this.view(p).stageName;
        for (const id of admins.length ? admins : directors)
          sendToPerson(
            this.ctx,
            id,
            messageKey.paymentDealMoveFailed(p.id, id),
            t.paymentDealMoveFailed(p.invoiceNumber, stage, move.why, link),
          );
      }
      for (const o of p.dealId ? this.store.openPromptsOfDeal(p.dealId) : [])
        if (o.unpaidBeside.includes(p.invoiceNumber)) {
          this.store.setUnpaidBeside(
            o.id,
            o.unpaidBeside.filter((x) => x !== p.invoiceNumber),
          );
          this.reshowPrompt(o.id);
        }
      this.ctx.log.info(
        { promptId, dealId: p.dealId, invoice: p.invoiceNumber, move: move.kind },
        'confirmed payment written to the CRM; its prompt says what was done to the deal',
      );
    });
  }

  /**
   * The outbox gave a confirmed payment's CRM write up (app/outbox-sender.ts), `e` its last error: the
   * invoice is not paid in the portal. Every copy of the prompt says so and why, the thread's line
   * no longer says it is being marked and one line says it was not, the admins (directors when none)
   * are told, and the prompt no longer counts as paid (/payments; a new announcement prompts again).
   * Once: told again (a crash before the row was failed, a retry failing again) it does nothing.
   */
  writeGivenUp(promptId: number, e: unknown): void {
    const why = crmRefusalOf(e);
    this.ctx.tx(() => {
      const p = this.store.prompt(promptId);
      if (p?.status !== 'confirmed' || !this.store.settleCrmWrite(promptId, why)) return;
      const n = this.store.notice(p.noticeId);
      const byName = personName(this.ctx, p.managerId);
      this.editCopies(p, 'unwritten', t.paymentPromptDone(this.view(p), 'confirmed', byName, undefined, why));
      editSent(this.ctx, chatKey.paymentConfirmed(p.id), 'unwritten', {
        text: t.paymentChat.confirmedUnwritten(p.invoiceNumber, byName),
      });
      sendToChat(this.ctx, chatOf(n), chatKey.paymentWriteFailed(p.id), {
        text: t.paymentChat.writeFailed(p.invoiceNumber, why),
        ...inReplyTo(n),
      });
      const { admins, directors } = this.ctx.rules.people;
      const link = p.dealId ? dealLink(this.ctx, p.dealId) : null;
      for (const id of admins.length ? admins : directors)
        sendToPerson(
          this.ctx,
          id,
          messageKey.paymentWriteFailed(p.id, id),
          t.paymentWriteFailed(p.invoiceNumber, namedPerson(this.ctx, p.managerId), why, link),
        );
      this.ctx.log.error(
        { promptId, invoiceId: p.invoiceId, invoice: p.invoiceNumber, dealId: p.dealId, why, err: errorMessage(e) },
        'confirmed payment not written to the CRM: the outbox gave up; the card, the chat and the admins are told',
      );
    });
  }

  /**
   * Telegram refused a prompt or its reminder for good with 403: whoever has the prompt blocked the
   * bot. Unless another messenger of theirs got it, the prompt goes to the first stand-in a message
   * reaches (deputy, supervisor, director — as for a manager no message reaches), who gets it anew;
   * the thread, which read «→ Гракун Е.», hears who has it now and why. Other messages: the outbox's
   * error log says it.
   */
  sendForbidden(outboxKey: string, channel: Channel, target: string, why: string): void {
    const key = messageKeyOfCopy(outboxKey);
    const promptId = key ? paymentPromptOfKey(key) : null;
    if (promptId === null) return;
    this.ctx.tx(() => {
      const p = this.store.prompt(promptId);
      if (p?.status !== 'pending') return; // decided or withdrawn meanwhile: nothing waits on them
      const holder = p.managerId;
      const copies = deliveryTargets(this.ctx, holder);
      const refused = (c: { channel: Channel; target: string }) => c.channel === channel && c.target === target;
      if (!copies.some(refused)) return; // the prompt has moved on since this copy was queued
      const log = { promptId, invoice: p.invoiceNumber, personId: holder, channel, err: why };
      if (copies.some((c) => !refused(c))) {
        this.ctx.log.warn(
          log,
          'payment prompt refused by Telegram (bot blocked); the other messenger’s copy reaches them',
        );
        return;
      }
      const receiver = this.receiverOf(holder, true);
      const n = this.store.notice(p.noticeId);
      const from = namedPerson(this.ctx, holder);
      if (receiver.nobody) {
        sendToChat(this.ctx, chatOf(n), chatKey.paymentForbidden(p.id, holder), {
          text: t.paymentChat.nobodyToHand(from, 'blocked', p.invoiceNumber),
          ...inReplyTo(n),
        });
        this.ctx.log.error(
          log,
          'payment prompt refused by Telegram (bot blocked) and no stand-in can be reached; the chat is told to confirm by hand',
        );
        return;
      }
      this.store.handOver(p.id, receiver.id, { from: holder, why: 'blocked' });
      sendToPerson(
        this.ctx,
        receiver.id,
        messageKey.paymentPromptHandedOver(p.id, receiver.id),
        this.promptMessage(this.promptNow(p.id)),
      );
      sendToChat(this.ctx, chatOf(n), chatKey.paymentForbidden(p.id, holder), {
        text: t.paymentChat.handedTo(
          from,
          'blocked',
          p.invoiceNumber,
          this.standInRole(holder, receiver.id),
          personName(this.ctx, receiver.id),
        ),
        ...inReplyTo(n),
      });
      this.ctx.log.warn(
        { ...log, to: receiver.id },
        'payment prompt refused by Telegram (bot blocked): handed to a stand-in, the chat is told',
      );
    });
  }

  /** The deal's other open invoices, by number, when a «Да» may pay this one. */
  private async unpaidBeside(verb: string, p: PromptRow, inv: Invoice): Promise<string[]> {
    const n = this.store.notice(p.noticeId);
    if (verb !== 'yes' || !inv.dealId || n.processedVersion < n.version) return [];
    const open = await this.invoices.listUnpaidInvoices({ dealIds: [inv.dealId] }).catch((e: unknown) => {
      this.ctx.log.warn(
        { promptId: p.id, err: errorMessage(e) },
        'payment confirm: the deal’s other invoices not read',
      );
      return [];
    });
    return stillUnpaid(open, inv);
  }

  /** The parts of a prompt's invoice recorded before it. */
  private partsOf(p: PromptRow): Array<Part & { noticeId: number }> {
    return this.store
      .recordedPartsOf(p.invoiceKind, p.invoiceId, p.id)
      .filter((r) => r.noticeId !== p.noticeId && r.paidAmount !== null)
      .map((r) => ({ amount: r.paidAmount ?? 0, currency: r.paidCurrency, at: r.at, noticeId: r.noticeId }));
  }

  /** What the invoice has been paid with this prompt's payment: its earlier parts and this one. */
  private paidTotal(p: PromptRow): number {
    const s = settle(
      { amount: p.invoiceAmount, currency: p.currency, paid: false },
      this.partsOf(p),
      p.paidAmount,
      false,
      p.paidCurrency,
    );
    return s.total ?? Number.NaN;
  }

  private moneyOrNull(amount: number | null, currency: string): string | null {
    return amount === null ? null : t.money(amount, currency);
  }

  /**
   * How a prompt's payment adds up with the parts before it, as the prompt shows it. What is left
   * counts the parts recorded after it too (an earlier part edited). `dated`: every part by its day
   * («01.12», never «сегодня»), for the timeline, which is read later.
   */
  private settledOf(p: PromptRow, receivedAt: number, dated = false): t.PromptView['settled'] {
    if (p.paidAmount === null) return undefined;
    const invoice = { amount: p.invoiceAmount, currency: p.currency, paid: false };
    const s = settle(invoice, this.partsOf(p), p.paidAmount, p.verdict === 'partial', p.paidCurrency);
    if (s.total === null) return undefined;
    const zone = this.ctx.rules.workingHours.zone;
    const today = DateTime.fromJSDate(this.ctx.clock.now(), { zone }).toISODate();
    const when = (at: number) => {
      const d = DateTime.fromMillis(at, { zone });
      return !dated && d.toISODate() === today ? 'сегодня' : d.toFormat('dd.MM');
    };
    const shown = [...s.earlier, { amount: p.paidAmount, currency: p.paidCurrency, at: receivedAt }];
    const remaining = s.remaining === null ? null : this.leftAfter(s.remaining, p);
    return {
      parts: s.earlier.length
        ? partsLine(
            shown.map((x) => ({ money: t.money(x.amount, x.currency), when: when(x.at) })),
            t.money(s.total, p.currency),
          )
        : null,
      remaining: this.moneyOrNull(remaining, p.currency),
      over: this.moneyOrNull(s.over, p.currency),
    };
  }

  /**
   * What is left of `remaining` (roubles, the invoice's currency) once the payments of the invoice after
   * prompt `p` — parts recorded, and a payment its manager confirmed — are counted too; null when nothing is.
   */
  private leftAfter(
    remaining: number,
    p: Pick<PromptRow, 'id' | 'invoiceKind' | 'invoiceId' | 'currency'>,
  ): number | null {
    const later = [
      ...this.store.recordedPartsOf(p.invoiceKind, p.invoiceId, null),
      ...this.store.confirmedPromptsOfInvoice(p.invoiceKind, p.invoiceId),
    ]
      .filter((r) => r.id > p.id && r.paidAmount !== null && r.paidCurrency === p.currency)
      .reduce((sum, r) => sum + (r.paidAmount ?? 0), 0);
    const left = Math.round((remaining - later) * 100) / 100;
    return left > 0 ? left : null;
  }

  /**
   * A recorded part changed: edited to `now` (roubles), or taken back (`now` null). The deal's timeline
   * is corrected, the invoice's open prompts after it are judged again, and a confirmed payment it was
   * counted in that no longer adds up is said to its manager and the chat (paidDisagrees). Call inside a
   * transaction, after the store was written.
   */
  private partChanged(p: PromptRow, now: number | null, why: string, answer: NoticeRow): void {
    const row = this.promptNow(p.id);
    if (p.dealId && p.paidAmount !== null)
      addComment(
        this.ctx,
        commentKey.paymentPartChanged(p.id, row.revision),
        'deal',
        p.dealId,
        t.paymentTimeline.partChanged(
          p.status === 'recorded',
          p.invoiceNumber,
          t.money(p.paidAmount, p.paidCurrency),
          now === null ? null : t.money(now, row.paidCurrency),
          why,
        ),
      );
    this.resettle(p.invoiceKind, p.invoiceId, p.id);
    this.paidDisagrees(p.invoiceKind, p.invoiceId, p.id, answer);
  }

  /**
   * The invoice's confirmed payments (from prompt `fromId` on) whose parts, as they are now, no longer
   * add up to the invoice. The invoice stays paid in the CRM — a manager's tap paid it, and undoing a
   * payment is a money decision to check against the bank, not the chat's edit — but the manager who
   * confirmed is told with the way back, the chat and the deal's timeline hear it; once per total.
   */
  private paidDisagrees(kind: Invoice['kind'], invoiceId: number, fromId: number, answer: NoticeRow): void {
    for (const c of this.store.confirmedPromptsOfInvoice(kind, invoiceId).filter((x) => x.id >= fromId)) {
      const total = this.paidTotal(c);
      if (Number.isNaN(total) || (sameMoney(total, c.invoiceAmount) && c.paidCurrency === c.currency)) continue;
      const kopecks = Math.round(total * 100);
      const diff = t.paidDiff(total, c.invoiceAmount, c.currency);
      const n = this.store.notice(c.noticeId);
      const parts =
        this.settledOf(c, n.receivedAt, true)?.parts ??
        (c.paidAmount === null ? '—' : t.money(c.paidAmount, c.paidCurrency));
      const managerId = c.decidedBy ?? c.managerId;
      sendToPerson(
        this.ctx,
        managerId,
        messageKey.paymentPaidDisagrees(c.id, kopecks),
        t.paymentPaidDisagrees({ ...this.view(c), announcer: namedPerson(this.ctx, answer.authorId) }, parts, diff),
      );
      sendToChat(this.ctx, chatOf(answer), chatKey.paymentPaidDisagrees(c.id, kopecks), {
        text: t.paymentChat.paidDisagrees(c.invoiceNumber, parts, diff, personName(this.ctx, managerId)),
        replyTo: statementMessageOf(answer.messageId),
      });
      if (c.dealId)
        addComment(
          this.ctx,
          commentKey.paymentPaidDisagrees(c.id, kopecks),
          'deal',
          c.dealId,
          t.paymentTimeline.paidDisagrees(c.invoiceNumber, parts, diff),
        );
      this.ctx.log.warn(
        { promptId: c.id, invoiceId, invoice: c.invoiceNumber, total, invoiceAmount: c.invoiceAmount, managerId },
        'a part of a paid invoice changed: its parts no longer add up to it; the CRM status stands, the manager and the chat are told',
      );
    }
  }

  /**
   * A part of an invoice changed (an edit, a withdrawal, a «Не мой»): the invoice's open prompts after
   * it are judged again with the parts as they are now — a «Да» only while the parts add up. Call
   * inside a transaction.
   */
  private resettle(kind: Invoice['kind'], invoiceId: number, afterId: number): void {
    for (const p of this.store.laterOpenPromptsOfInvoice(kind, invoiceId, afterId)) {
      const partial = parsePaymentNotice(this.store.notice(p.noticeId).text).partial;
      const invoice = { amount: p.invoiceAmount, currency: p.currency, paid: false };
      const s = settle(invoice, this.partsOf(p), p.paidAmount, partial, p.paidCurrency);
      const verdict = s.verdict === 'already-paid' ? p.verdict : s.verdict;
      const status = verdict === 'partial' ? 'recorded' : 'pending';
      this.store.revise(p.id, { ...p, verdict, status });
      this.reshowPrompt(p.id);
      if (status !== 'pending') this.cancelReminders(p.id);
      else if (p.status !== 'pending') {
        const row = this.promptNow(p.id);
        this.cancelReminders(p.id);
        this.scheduleReminder(
          p.id,
          timerKey.paymentReminderReopened(p.id, row.revision),
          this.ctx.clock.now().getTime(),
        );
      }
      this.ctx.log.info(
        { promptId: p.id, invoiceId, from: `${p.status}/${p.verdict}`, to: `${status}/${verdict}` },
        'payment prompt judged again: an earlier part of its invoice changed',
      );
    }
  }
}
