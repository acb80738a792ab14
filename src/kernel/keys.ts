/**
 * Every idempotency key of the outbox, every timer key and every kv key, built in one place.
 * Keys are stored: changing a format orphans rows already in a database, so a change here needs a
 * migration. Code never takes a key apart or builds one inline; a prefix (for cancelling a family)
 * comes from here too.
 */
import type { Channel } from './ports';

/** The suffix of each messenger's copy of a message sent to a person: one outbox row per copy. */
const COPY: Record<Channel, string> = { telegram: ':tg', b24chat: ':b24' };

/** A message sent to a person (before the per-messenger suffix) — what editing every copy needs. */
export type MessageKey = string & { readonly __message: unique symbol };
const message = (k: string) => k as MessageKey;

/** Messages to people, by what they are. */
export const messageKey = {
  dealCard: (assignmentId: number, managerId: number) => message(`card:${assignmentId}:${managerId}`),
  supervisorAlert: (assignmentId: number, level: number, personId: number, again?: number) =>
    message(`alert:${assignmentId}:${level}:${personId}${again === undefined ? '' : `:again${again}`}`),
  managerPing: (assignmentId: number, level: number, again?: number) =>
    message(`ping:${assignmentId}:${level}${again === undefined ? '' : `:again${again}`}`),
  /** One nudge a minute at most: the minute is part of the key. */
  managerNudge: (assignmentId: number, minute: number) => message(`nudge:${assignmentId}:${minute}`),
  colleaguePicker: (assignmentId: number, personId: number, at: number) =>
    message(`pick:${assignmentId}:${personId}:${at}`),
  paymentPrompt: (promptId: number) => message(`payprompt:${promptId}`),
  /** The same prompt sent anew to whoever took it over from a departed manager. */
  paymentPromptHandedOver: (promptId: number, toId: number) => message(`payprompt:${promptId}:to${toId}`),
  paymentReminder: (promptId: number) => message(`payremind:${promptId}`),
  /** The reminder of a prompt that moved to someone else (a departed manager, the invoice re-assigned): theirs. */
  paymentReminderTo: (promptId: number, toId: number) => message(`payremind:${promptId}:to${toId}`),
  /** The reminder of a prompt an edit brought back (at `revision`) after its first reminder went out. */
  paymentReminderAgain: (promptId: number, revision: number) => message(`payremind:${promptId}:v${revision}`),
  /** The confirming manager told that a version of the notice no longer names the invoice (once per version). */
  paymentConfirmedThenEdited: (promptId: number, noticeVersion: number) =>
    message(`payedited:${promptId}:v${noticeVersion}`),
  /** The confirming manager told that the invoice's parts no longer add up to it (once per total, in kopecks). */
  paymentPaidDisagrees: (promptId: number, totalKopecks: number) => message(`paydisagree:${promptId}:${totalKopecks}`),
  /** What a tap on a prompt came to, when its toast was already answered (`at`: the tap's time, ms). */
  paymentTapAnswer: (promptId: number, personId: number, at: number) => message(`paytap:${promptId}:${personId}:${at}`),
  /** An admin told that a confirmed payment's CRM write was given up (once per prompt). */
  paymentWriteFailed: (promptId: number, personId: number) => message(`paywrite-failed:${promptId}:${personId}`),
  paymentDealMoveFailed: (promptId: number, personId: number) => message(`paydeal-failed:${promptId}:${personId}`),
  /** To the manager who confirmed a payment its announcer then withdrew: the invoice stays paid. */
  paymentWithdrawnConfirmed: (promptId: number) => message(`paywithdrawn:${promptId}`),
  /** Follow-up cards: one per revision (repeats and snoozes send new ones). */
  followUpCard: (followUpId: number, revision: number) => message(`fucard:${followUpId}:r${revision}`),
  /** Stands for "no card was ever sent" (edits of it find nothing). */
  followUpCardNone: (followUpId: number) => message(`fucard:${followUpId}:none`),
  followUpNext: (followUpId: number) => message(`funext:${followUpId}`),
  followUpNoteSaved: (followUpId: number) => message(`note-saved:${followUpId}`),
  surveyIgnoredReport: (followUpId: number) => message(`fusurvey-report:${followUpId}`),
  morningList: (date: string, managerId: number) => message(`morning:${date}:${managerId}`),
  /** The admin told that another instance polls Telegram with this token: once per process start. */
  telegramConflict: (startedAt: number) => message(`tg-conflict:${startedAt}`),
  /** The admin told that «Оплата» has a new chat id (a group upgraded to a supergroup). */
  paymentChatMoved: (to: string, personId: number) => message(`paychat-moved:${to}:${personId}`),
  /** The admin told that the portal refuses the webhook (401/403): once per outage (`since`), and once when it is back. */
  portalNeedsAdmin: (since: number, personId: number) => message(`portal-admin:${since}:${personId}`),
  portalBack: (since: number, personId: number) => message(`portal-back:${since}:${personId}`),
  /** The admins told that Telegram or the portal cannot be reached (app/outages.ts): once per outage (`since`), and once when it answers. */
  unreachable: (service: string, since: number, personId: number) =>
    message(`unreachable:${service}:${since}:${personId}`),
  unreachableBack: (service: string, since: number, personId: number) =>
    message(`unreachable-back:${service}:${since}:${personId}`),
  /** The admins told at start that a people.links line stands against a person's own link (people/rules-links.ts). */
  rulesLinkRefused: (bitrixUserId: number, telegramUserId: number, personId: number) =>
    message(`rules-link-refused:${bitrixUserId}:${telegramUserId}:${personId}`),
  /** The admins told at start that payments.requiredInvoiceFields names a field invoices do not have. */
  unknownInvoiceField: (field: string, personId: number) => message(`invoice-field-unknown:${field}:${personId}`),
  /** The admins told that the rules name a stage the deal's pipeline does not have: once per pipeline and stage. */
  stageNotInPipeline: (categoryId: number, stageId: string, personId: number) =>
    message(`stage-missing:${categoryId}:${stageId}:${personId}`),
  /** The admins told that the outbound webhook looks broken (once per alarm, by its time). */
  webhookAlarm: (at: number, personId: number) => message(`webhook-alarm:${at}:${personId}`),
  /** One list of waiting alerts to a person (many deals in one message; edited as they are claimed). */
  alertBundle: (bundleId: number, personId: number) => message(`bundle:${bundleId}:${personId}`),
  /** One list of a manager's waiting deals instead of a ping apiece (a backlog fell due at once; paged, edited). */
  pingList: (bundleId: number, managerId: number) => message(`pings:${bundleId}:${managerId}`),
  /** "Claimed, but no contact yet": level 1 to the manager, level 2 to the supervisor. */
  contactNudge: (assignmentId: number, level: number, personId: number) =>
    message(`contact:${assignmentId}:${level}:${personId}`),
  /** A report asked for with /stats or a period button (`at`: when, so each ask gets its own). */
  statsReport: (personId: number, period: string, at: number) => message(`stats:${personId}:${period}:${at}`),
  /** The chart or CSV that goes with a report message. */
  statsFile: (report: MessageKey, what: 'png' | 'csv') => message(`${report}:${what}`),
  /** A scheduled summary (daily or weekly, by date) to one reader. */
  scheduledReport: (kind: 'daily' | 'weekly', date: string, personId: number) =>
    message(`report:${kind}:${date}:${personId}`),
} as const;

/** The outbox key of one messenger's copy of a message to a person. */
export const copyKey = (key: MessageKey, channel: Channel): string => `${key}${COPY[channel]}`;

/** Every copy's outbox key of a message to a person. */
export const allCopyKeys = (key: MessageKey): string[] => Object.values(COPY).map((suffix) => `${key}${suffix}`);

/** The payment prompt a prompt's or reminder's message key belongs to (payprompt:…, payremind:…); null for others. */
export function paymentPromptOfKey(key: MessageKey): number | null {
  const m = /^pay(?:prompt|remind):(\d+)(?::|$)/.exec(key);
  return m ? Number(m[1]) : null;
}

/** The message key of a copy's outbox key (null when it is not a copy). */
export function messageKeyOfCopy(outboxKey: string): MessageKey | null {
  for (const suffix of Object.values(COPY))
    if (outboxKey.endsWith(suffix)) return message(outboxKey.slice(0, -suffix.length));
  return null;
}

/** The range of outbox keys of every card of a follow-up, for "the latest card" look-ups. */
export const followUpCardRange = (followUpId: number) => ({
  from: `fucard:${followUpId}:`,
  to: `fucard:${followUpId};`,
});

/** Messages to a chat (a group such as «Оплата», or a Bitrix24 dialog), and edits. */
export const chatKey = {
  paymentReply: (noticeId: number, version: number) => `paychat:${noticeId}:v${version}`,
  paymentConfirmed: (promptId: number) => `paychat:confirmed:${promptId}`,
  paymentRejected: (promptId: number) => `paychat:rejected:${promptId}`,
  /** The one line in the thread when a confirmed payment's CRM write was given up. */
  paymentWriteFailed: (promptId: number) => `paychat:write-failed:${promptId}`,
  /** The thread told that a prompt's manager blocked the bot and who has it now (once per person). */
  paymentForbidden: (promptId: number, personId: number) => `paychat:forbidden:${promptId}:${personId}`,
  /** A paid invoice whose parts no longer add up to it (once per total, in kopecks). */
  paymentPaidDisagrees: (promptId: number, totalKopecks: number) => `paychat:disagree:${promptId}:${totalKopecks}`,
  paymentPicked: (choiceId: number) => `paychat:pick:${choiceId}`,
  /** The answer to an announcer's withdrawal of a payment (a message of its own, or a reply). */
  paymentWithdrawal: (chatId: string, messageId: string) => `paychat:withdrawal:${chatId}:${messageId}`,
  /** The hint under a photo without a caption in «Оплата» (once per album: `of` is the album, or the message). */
  paymentPhotoHint: (chatId: string, of: string) => `paychat:photo:${chatId}:${of}`,
  /** The one summary of a statement file posted in «Оплата» (or the polite "not a statement"). */
  paymentStatement: (chatId: string, messageId: string) => `paychat:statement:${chatId}:${messageId}`,
  /** A statement's document read again on its own (the prompt it was merged into changed): said in the statement's thread. */
  paymentDocumentReleased: (noticeId: number, version: number) => `paychat:released:${noticeId}:v${version}`,
  /** "Posted anonymously: not read" in «Оплата», in reply to that message. */
  paymentAnonymous: (chatId: string, messageId: string) => `paychat:anon:${chatId}:${messageId}`,
  /** A paste read as it came (its end never came): where it looked cut, answering its first message. */
  paymentPasteCut: (chatId: string, messageId: string) => `paychat:paste-cut:${chatId}:${messageId}`,
  /** The answer to a Bitrix24 chat-bot event, by its inbound row. */
  chatEventReply: (inboundId: number) => `b24reply:${inboundId}`,
  /** The answer to a Telegram update (a command, a contact, a text), by chat and update id. */
  telegramReply: (chatId: string, updateId: number) => `tgreply:${chatId}:${updateId}`,
  /** Part 2, 3, … of a reply too long for one message (part 1 has the reply's own key). */
  part: (key: string, n: number) => `${key}:part${n}`,
} as const;

/** An edit of a sent message: one per (message, version), so re-deciding the same edit is a no-op. */
export const editKey = (sentKey: string, version: string) => `edit:${sentKey}:${version}`;

/** Writes to the CRM. */
export const crmKey = {
  claimStage: (assignmentId: number) => `move:claim:${assignmentId}`,
  reassign: (newAssignmentId: number) => `assign:${newAssignmentId}`,
  absentReassign: (assignmentId: number) => `absent:${assignmentId}`,
  /** The deal of a dismissed (deactivated) assignee handed to the stand-in in the CRM. */
  dismissedReassign: (assignmentId: number) => `dismissed:${assignmentId}`,
  paymentConfirm: (promptId: number) => `payconfirm:${promptId}`,
  followUpTodo: (followUpId: number) => `todo:${followUpId}`,
  followUpTodoDone: (followUpId: number) => `todo-done:${followUpId}`,
  followUpTodoMove: (followUpId: number, revision: number) => `todo-move:${followUpId}:r${revision}`,
} as const;

/** Timeline comments (deal, contact or company). */
export const commentKey = {
  claimed: (assignmentId: number) => `tl:claim:${assignmentId}`,
  escalated: (assignmentId: number, level: number) => `tl:esc:${assignmentId}:${level}`,
  reassigned: (assignmentId: number) => `tl:reassign:${assignmentId}`,
  absent: (assignmentId: number) => `tl:absent:${assignmentId}`,
  dismissed: (assignmentId: number) => `tl:dismissed:${assignmentId}`,
  /** The assignment ended by someone else's move in the CRM (another pipeline, a colleague): not a claim. */
  moved: (assignmentId: number) => `tl:moved:${assignmentId}`,
  paymentPartial: (promptId: number) => `tl:paypartial:${promptId}`,
  paymentConfirmed: (promptId: number) => `tl:payconfirm:${promptId}`,
  /** After a confirmed payment's write: the invoice is paid and the deal was not moved (and why). */
  paymentStageKept: (promptId: number) => `tl:paystage:${promptId}`,
  /** A part edited or taken back (its prompt at `revision`). */
  paymentPartChanged: (promptId: number, revision: number) => `tl:paypart:${promptId}:r${revision}`,
  /** A paid invoice whose parts no longer add up to it (once per total, in kopecks). */
  paymentPaidDisagrees: (promptId: number, totalKopecks: number) => `tl:paydisagree:${promptId}:${totalKopecks}`,
  /** A confirmed payment its announcer withdrew: the invoice stays paid, the timeline says so. */
  paymentWithdrawnConfirmed: (promptId: number) => `tl:paywithdrawn:${promptId}`,
  survey: (followUpId: number) => `tl:survey:${followUpId}`,
  surveyIgnored: (followUpId: number) => `tl:survey-ignored:${followUpId}`,
  callNote: (followUpId: number) => `tl:call-note:${followUpId}`,
  snoozed: (assignmentId: number, at: number) => `tl:snooze:${assignmentId}:${at}`,
} as const;

/** Durable timers. A family prefix cancels every timer of one thing. */
export const timerKey = {
  escalation: (assignmentId: number, level: number) => `escalate:${assignmentId}:${level}`,
  escalationsOf: (assignmentId: number) => `escalate:${assignmentId}:`,
  /** A snoozed level alerting again (in the family of escalationsOf, so a claim cancels it too). */
  escalationAgain: (assignmentId: number, level: number, snoozedAt: number) =>
    `escalate:${assignmentId}:${level}:again${snoozedAt}`,
  /** Every re-alert of one level (a new snooze of it replaces the one pending). */
  escalationsAgainOf: (assignmentId: number, level: number) => `escalate:${assignmentId}:${level}:again`,
  paymentReminder: (promptId: number) => `pay-remind:${promptId}`,
  /** A prompt moved to a new responsible gets a fresh reminder: one key per revision it moved at. */
  paymentReminderAfterMove: (promptId: number, revision: number) => `pay-remind:${promptId}:r${revision}`,
  /**
   * A prompt an edit brought back (withdrawn, or a partial payment, open again) gets a fresh reminder:
   * one key per revision it reopened at (in paymentRemindersAfterMove's family: cancelled with it).
   */
  paymentReminderReopened: (promptId: number, revision: number) => `pay-remind:${promptId}:v${revision}`,
  /** Every reminder scheduled after a move or a reopening (paymentReminderAfterMove's family). */
  paymentRemindersAfterMove: (promptId: number) => `pay-remind:${promptId}:`,
  /** The wait for a held paste's next fragment, from its `parts`-th fragment (a new fragment waits anew). */
  pasteJoin: (pasteId: number, parts: number) => `paste-join:${pasteId}:${parts}`,
  /** The `attempt`-th deferred download of a statement file posted as message `messageId` (a 429's retry_after). */
  statementDownload: (chatId: string, messageId: string, attempt: number) =>
    `statement-download:${chatId}:${messageId}:${attempt}`,
  /** Every wait of one paste (pasteJoin's family). */
  pasteJoinsOf: (pasteId: number) => `paste-join:${pasteId}:`,
  followUp: (followUpId: number, revision: number) => `fu:${followUpId}:r${revision}`,
  followUpsOf: (followUpId: number) => `fu:${followUpId}:`,
  surveyCheck: (dealId: number) => `survey-check:${dealId}`,
  morningList: (date: string) => `morning:${date}`,
  contactCheck: (assignmentId: number, level: number) => `contact:${assignmentId}:${level}`,
  contactChecksOf: (assignmentId: number) => `contact:${assignmentId}:`,
  report: (kind: 'daily' | 'weekly', date: string) => `report:${kind}:${date}`,
  /** One redraw of a digest per clock second (ms → s) in which alerts joined it. */
  bundleRedraw: (bundleId: number, second: number) => `bundle-redraw:${bundleId}:${second}`,
} as const;

/** Small durable settings and cursors (the kv table). */
export const kvKey = {
  reconcileCursor: 'reconcile.cursor',
  healthProbe: 'health.probe',
  healthRoom: 'health.room',
  /** 'live' or 'shadow': which kind of run owns the database (a shadow run's records must never go live). */
  runMode: 'run.mode',
  /** imbot.v2.Event.get: the offset that confirms every event already recorded (event-get.md). */
  chatEventOffset: (botId: number) => `b24chat.offset:${botId}`,
  /** Webhook mode: the bot's own application token, learned from a verified event (safe-event-handlers.md). */
  chatBotAppToken: (botId: number) => `b24chat.app-token:${botId}`,
  /** «Оплата» in Telegram became a supergroup: {from, to} — the id followed instead of payments.telegramChatId. */
  paymentChatMoved: 'payments.telegram-chat-moved',
  /** When the payment chat was last told that an anonymous admin's message is not read (ms). */
  /** When the payment chat was last told how to post so it is read: per chat, and per kind (anonymous or as a channel). */
  paymentAnonymousWarned: (chatId: string, asChannel = false) =>
    `payments.anon-warned:${chatId}${asChannel ? ':channel' : ''}`,
  /** An album (Telegram media_group_id) in «Оплата» whose caption was read as a payment: its other files are not answered. */
  paymentAlbumRead: (chatId: string, group: string) => `payments.album-read:${chatId}:${group}`,
  /** Every paymentAlbumRead row (retention prunes those read before the period; the value is when, ms). */
  paymentAlbumReadAll: 'payments.album-read:',
  /** The bank document (its fingerprint) found to be the payment a chat announcement's prompt is for. */
  paymentCoveredBy: (promptId: number) => `payments.covered-by:${promptId}`,
  /** Every paymentCoveredBy row (retention prunes those of prompts settled long ago). */
  paymentCoveredByAll: 'payments.covered-by:',
  /**
   * The fragments (message ids, JSON) of a paste read so far: a paste read as cut whose tail comes
   * late is read again, and only what was not read before answers.
   */
  pasteRead: (pasteId: number) => `payments.paste-read:${pasteId}`,
  /** The follow-up whose call note this person's next private message is. */
  callNoteWait: (personId: number) => `note-wait:${personId}`,
  /**
   * An admin's /unlink of a person the rules link (people.links): the Telegram id unlinked. The rules'
   * link is not put back at the next start while it names that same account.
   */
  linkOverridden: (bitrixUserId: number) => `links.unlinked:${bitrixUserId}`,
  /**
   * Beside linkOverridden: the Telegram id the person unlinked themselves (/forget), not an admin (/unlink) —
   * what /people says of the link. An admin's /unlink removes it.
   */
  linkForgotten: (bitrixUserId: number) => `links.forgotten:${bitrixUserId}`,
  /** Since when the portal refuses the webhook (401/403), with the code: JSON; absent while it works. */
  portalNeedsAdmin: 'portal.needs-admin',
  /** Since when Telegram or the portal cannot be reached, the last error, whether the admins were told: JSON; absent while it answers. */
  outage: (service: string) => `outage:${service}`,
  /** The dead-webhook watch: when the sweep found deals changed without their event (JSON list of ms). */
  webhookMissed: 'webhook.missed',
  /** Deals the last sweep found changed without their event, judged at the next sweep (JSON). */
  webhookCandidates: 'webhook.candidates',
  /** When the admins were told the outbound webhook looks broken (cleared by the next event). */
  webhookAlarmedAt: 'webhook.alarmed-at',
  /** When old rows were last pruned. */
  retentionRunAt: 'retention.run-at',
  /** Escalations paused by an admin: JSON {until, categoryId|null, by} per scope. */
  escalationPause: (categoryId: number | null) => `pause:${categoryId ?? 'all'}`,
} as const;

/** Dedup keys of inbound rows the bot makes itself. */
export const inboundKey = {
  sweep: (dealId: number, dateModify: string | null) => `SWEEP:${dealId}:${dateModify ?? ''}`,
  /** A CRM event: Bitrix24 gives no event id, so (event, deal, ts) — ts has one-second resolution. */
  crmEvent: (event: string, dealId: number, ts: string) => `${event}:${dealId}:${ts}`,
  /** Chat-bot events: the parts that make one act unique (message id, edit text hash, press …). */
  chatEvent: (event: string, ...parts: Array<string | number>) => [event, ...parts].join(':'),
} as const;
