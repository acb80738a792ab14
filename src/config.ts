import { readFileSync, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv as parseDotEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import levenshtein from 'damerau-levenshtein';
import { validateCalendar } from './kernel/working-hours';

/** "10m", "90s", "2h", "1d", "500ms" or a bare number of seconds → milliseconds. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') return v * 1000;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(v);
  if (!m) throw new Error(`not a duration: "${v}"`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(n * mult);
}

/** A value from the rules file as the admin wrote it: text quoted, a number as is. */
function show(v: unknown): string {
  const text = typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const duration = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration; write e.g. 90 (seconds), "90s", "10m", "2h"` });
    return z.NEVER;
  }
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write the time as "HH:mm", e.g. "09:00"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as "YYYY-MM-DD"');
/** A people field holding a name ("Петров") or a quoted id: ids are what the portal knows. */
const userId = z
  .number({
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a Bitrix24 user id; write the number (\`npm run cli -- doctor\` lists people with their ids)`,
  })
  .int()
  .positive();

/**
 * Working days are ISO weekday numbers; 0 (Sunday in some calendars) and 8 are not. The message
 * names the value given: `days: [1, 2, 3, 4, 8]` is answered about 8, not about 0.
 */
const dayError = (iss: { input?: unknown }) =>
  `working days are numbered 1 (Monday) to 7 (Sunday); ${show(iss.input)} is not a day — e.g. [1, 2, 3, 4, 5] for Monday to Friday`;

const workingHoursFields = {
  zone: z.string().default('Europe/Moscow'),
  days: z
    .array(
      z.number({ error: dayError }).int({ error: dayError }).min(1, { error: dayError }).max(7, { error: dayError }),
    )
    .min(1)
    .default([1, 2, 3, 4, 5]),
  start: hhmm.default('09:00'),
  end: hhmm.default('18:00'),
  holidays: z.array(isoDate).default([]),
  workdays: z.array(isoDate).default([]),
  aroundTheClock: z.boolean().default(false),
};
type WorkingHoursField = keyof typeof workingHoursFields;

const workingHours = z
  .object(workingHoursFields)
  // What the calendar would throw at the first use (a zone luxon does not know, end before start), in
  // its own words under the field — with the file's other mistakes, not after they are fixed; a field
  // the schema already refused is not said twice. A date both holiday and workday is refused too (the
  // holiday would win unseen).
  .superRefine((wh, ctx) => {
    for (const p of validateCalendar(wh)) {
      const field = /^(zone|days|start|end|holidays|workdays|aroundTheClock)\b/.exec(p)?.[1] as
        | WorkingHoursField
        | undefined;
      if (field && workingHoursFields[field].safeParse(wh[field]).success)
        ctx.addIssue({ code: 'custom', message: p, path: [field] });
    }
  });

const pipeline = z.object({
  categoryId: z.number().int().nonnegative(),
  /** Stage ids that mean "assigned to a manager, waiting to be taken into work". */
  assignedStages: z
    .array(z.string().min(1))
    .min(1, 'list at least one stage id, e.g. ["PREPARATION"]; `npm run cli -- doctor` prints them'),
  /** Optional stage the bot moves the deal to when the manager claims it. */
  claimedStage: z.string().min(1).optional(),
  /** Stage «Счет оплачен»: where the deal goes when its manager confirms a payment. */
  paidStage: z.string().min(1).optional(),
});

const payments = z.object({
  /** The «Оплата» group in Telegram: its numeric id (negative; -100… for a supergroup), never its @name. */
  telegramChatId: z
    .number({
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not a chat id; write the group's numeric id (negative, -100…, e.g. -1001234567890), not its name — open the group in https://web.telegram.org/a/: the address ends in it`,
    })
    .int()
    .optional(),
  /** The «Оплата» group chat in Bitrix24: its id (42 or "chat42"; the bot must be a member). */
  bitrixChatId: z
    .union([z.number().int().positive(), z.string().regex(/^(chat)?\d+$/, 'write the chat id as 42 or "chat42"')])
    .transform((v) => `chat${String(v).replace(/^chat/, '')}`)
    .optional(),
  /** Bitrix24 user ids whose messages there count; the directors when empty. */
  announcers: z.array(userId).default([]),
  invoiceKind: z.enum(['auto', 'smart', 'legacy']).default('auto'),
  /** A manager who has not answered a prompt is reminded once after this much working time. */
  remindAfter: duration.default(7_200_000),
  /**
   * A 1C statement pasted as text longer than one message comes split (a Telegram client cuts a text
   * at 4,096 characters and sends the pieces one right after another; a long paste in the Bitrix24
   * messenger may be split too). A message whose statement is visibly unfinished (a document without
   * «КонецДокумента», a file without «КонецФайла») is held until the same author's next message in
   * the chat continues it, or this much time (clock time, not working time) passes since its last
   * fragment; then what came is read, and the thread is told where it was cut. A statement complete
   * in one message is read at once. Seconds are enough: the pieces come within a second or two.
   */
  pasteJoinWait: duration
    .refine((ms) => ms >= 1000 && ms <= 600_000, 'write a wait from 1 second to 10 minutes, e.g. "20s"')
    .default(20_000),
  /**
   * «ложная тревога», «отбой», «ошибся» written alone (no number, not a reply) takes back the announcer's last payment
   * message when it came within this much time (clock time) and left exactly one prompt open; with more it asks which.
   */
  callOffWindow: duration
    .refine((ms) => ms >= 10_000 && ms <= 3_600_000, 'write a time from 10 seconds to 1 hour, e.g. "5m"')
    .default(300_000),
  /**
   * A paste read as cut (its rest did not come within pasteJoinWait) still takes its tail this long
   * after that reading (clock time): the same author's next message continuing it reopens the paste,
   * and the documents not read yet are read then (a slow client, a bad network).
   */
  pasteLateTail: duration
    .refine((ms) => ms >= 1000 && ms <= 86_400_000, 'write a time from 1 second to 1 day, e.g. "1h"')
    .default(3_600_000),
  /**
   * Step 57: invoice fields that must be filled before «Да, оплачен» is offered (e.g. supplier and
   * carrier). `field` as the portal names it: a custom field UF_CRM_… as Bitrix24's settings show it
   * (UF_CRM_SMART_INVOICE_1669960460), or the key crm.item answers it by (ufCrmSmartInvoice1669960460),
   * or a system field of the invoice API; the portal's crm.item.fields / crm.invoice.fields says which
   * key that is (integrations/bitrix/invoice-fields.ts). A name it does not have is named at start and
   * by doctor and not checked. `label` is what the manager reads.
   */
  requiredInvoiceFields: z
    .array(
      z.object({
        field: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a field name such as UF_CRM_1690000001'),
        label: z.string().min(1),
      }),
    )
    .default([]),
});

const escalationLevel = z.object({
  after: duration,
  /** Who is alerted: the head of the manager's department, the configured directors, or listed users. */
  notify: z.union([z.literal('department_head'), z.literal('directors'), z.array(userId).min(1)], {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not allowed; write department_head, directors, or a list of Bitrix24 user ids, e.g. [12, 34]`,
  }),
  pingManager: z.boolean().default(true),
});

const followUp = z.object({
  enabled: z.boolean().default(true),
  /** Delay from the won deal to the follow-up call; a day or more lands on a working day at `callAt`. */
  callAfter: duration.default(30 * 86_400_000),
  callAt: hhmm.default('11:00'),
  /** Per-pipeline delays, e.g. concrete rings are re-ordered sooner than crushed stone. */
  pipelines: z.array(z.object({ categoryId: z.number().int().nonnegative(), callAfter: duration })).default([]),
  /** Feedback survey link; {dealId}, {contactId} and {companyId} are filled in. */
  surveyUrl: z.string().default(''),
  /** How many working days an unanswered survey reminder is repeated before the supervisor hears of it. */
  surveyRepeats: z.number().int().min(0).max(30).default(3),
  /** The morning list of the day's calls and surveys, at this time on working days. */
  morningList: z.boolean().default(true),
  morningAt: hhmm.default('09:30'),
  /** Remind to fill «Анализ причины провала» the next working day after a lost deal. */
  failureAnalysis: z.boolean().default(false),
});

/** The first-contact clock (issue 16): claimed but nobody called, wrote or replied. */
const contact = z.object({
  /**
   * Off on a portal with neither telephony nor mail nor Open Lines in the CRM: there no contact is
   * ever recorded as an activity, so every deal would nudge. A rule, not a guess: detecting it would
   * need scopes (telephony, mail) the bot's webhook is not asked for, and Open Lines alone may count.
   */
  enabled: z.boolean().default(true),
  /** Working time after the claim without a contact: the manager is nudged. */
  timeout: duration.default(15 * 60_000),
  /** Working time after the claim without a contact: the supervisor hears of it. */
  supervisorAfter: duration.default(30 * 60_000),
  /** How far back the sweep keeps asking the portal about contact for open assignments. */
  lookback: duration.default(2 * 86_400_000),
  /** How often one assignment's activities are read again by the sweep. */
  pollEvery: duration.default(60_000),
});

/** Speed-to-lead reports for department heads and directors (issue 16). */
const reports = z.object({
  /** The daily summary on working days at this time; null: none. */
  dailyAt: hhmm.nullable().default('18:30'),
  /** The weekly summary on this ISO weekday (1 = Monday … 7 = Sunday), or the next working day, at `weeklyAt`. */
  weeklyDay: z.number().int().min(1).max(7).default(5),
  weeklyAt: hhmm.nullable().default('18:00'),
  /** The "claimed within" line on the chart and in the share. */
  within: duration.default(600_000),
});

/**
 * people.links that use a Telegram account or a Bitrix24 user a second time, each at the second use.
 * One Telegram account is one person: the bot knows who pressed a button by the account alone, so a
 * copy-paste typo would hand one person's prompts (a payment's «Да, оплачен») to the other, and the
 * last link would silently win at every start (people/store.ts link moves an account). One person has
 * one Telegram account here too: a second link would drop the first one unseen.
 */
function repeatedLinks(
  links: ReadonlyArray<{ bitrixUserId: number; telegramUserId: number }>,
): Array<{ message: string; path: Array<string | number> }> {
  const found: Array<{ message: string; path: Array<string | number> }> = [];
  const byTelegram = new Map<number, number>();
  const byPerson = new Map<number, number>();
  links.forEach((l, i) => {
    const sameTelegram = byTelegram.get(l.telegramUserId);
    const samePerson = byPerson.get(l.bitrixUserId);
    const first = sameTelegram !== undefined ? links[sameTelegram] : undefined;
    if (sameTelegram !== undefined && sameTelegram === samePerson)
      found.push({ message: `the same link as rules.people.links.${sameTelegram}; remove one`, path: [i] });
    else if (first)
      found.push({
        message: `Telegram account ${l.telegramUserId} is already linked to Bitrix24 user ${first.bitrixUserId} (rules.people.links.${sameTelegram}) — one Telegram account is one person: put user ${l.bitrixUserId}'s own Telegram id (the bot tells each person theirs on /start)`,
        path: [i, 'telegramUserId'],
      });
    else if (samePerson !== undefined)
      found.push({
        message: `Bitrix24 user ${l.bitrixUserId} is already linked to Telegram account ${links[samePerson]?.telegramUserId} (rules.people.links.${samePerson}) — a person has one Telegram account here: keep one link`,
        path: [i, 'bitrixUserId'],
      });
    if (sameTelegram === undefined) byTelegram.set(l.telegramUserId, i);
    if (samePerson === undefined) byPerson.set(l.bitrixUserId, i);
  });
  return found;
}

export const rulesSchema = z.object({
  portal: z
    .object({
      /** Public address of the portal for deal links; defaults to the webhook URL's origin. */
      url: z.string().url().optional(),
      /** Deal field holding the delivery address (a UF_CRM_* code), if the portal has one. */
      addressField: z.string().optional(),
    })
    .default({}),
  workingHours: workingHours.default(workingHours.parse({})),
  pipelines: z
    .array(pipeline)
    .min(1, 'configure at least one pipeline (categoryId + assignedStages)')
    .superRefine((list, ctx) => {
      const seen = new Set<number>();
      list.forEach((p, i) => {
        if (seen.has(p.categoryId))
          ctx.addIssue({
            code: 'custom',
            message: `pipeline ${p.categoryId} is listed twice`,
            path: [i, 'categoryId'],
          });
        seen.add(p.categoryId);
      });
    }),
  claim: z
    .object({
      timeout: duration.default(600_000),
    })
    .default({ timeout: 600_000 }),
  escalation: z
    .object({
      levels: z
        .array(escalationLevel)
        .superRefine((levels, ctx) => {
          levels.forEach((l, i) => {
            const before = levels[i - 1]; // undefined for the first level only
            if (before && l.after <= before.after)
              ctx.addIssue({
                code: 'custom',
                message: 'each level must come later than the one before',
                path: [i, 'after'],
              });
          });
        })
        .optional(),
    })
    .default({}),
  people: z
    .object({
      directors: z.array(userId).default([]),
      admins: z.array(userId).default([]),
      accountants: z.array(userId).default([]),
      /** Who takes new deals while a manager is away; without one, the manager's supervisor. */
      deputies: z.array(z.object({ userId, deputyId: userId })).default([]),
      links: z
        .array(z.object({ bitrixUserId: userId, telegramUserId: z.number().int().positive() }))
        .superRefine((links, ctx) => {
          for (const p of repeatedLinks(links)) ctx.addIssue({ code: 'custom', ...p });
        })
        .default([]),
    })
    .default({ directors: [], admins: [], accountants: [], deputies: [], links: [] }),
  payments: payments.default(payments.parse({})),
  followUp: followUp.default(followUp.parse({})),
  contact: contact.default(contact.parse({})),
  reports: reports.default(reports.parse({})),
  reconcile: z
    .object({
      interval: duration.default(60_000),
      /** On the very first start, how far back to look for deals already waiting. */
      initialLookback: duration.default(3_600_000),
      /** Overlap between sweeps so clock skew between us and the portal cannot hide a change. */
      overlap: duration.default(120_000),
      /**
       * Pages of `crm.deal.list` (50 deals each) one sweep reads at most (issue 17): the listing shares
       * the portal's 2 requests/s with the reads that make cards. A longer window is read on at the next
       * sweep, from the last deal listed. The very first sweep is never bounded.
       */
      maxPages: z.number().int().positive().default(10),
    })
    .default({ interval: 60_000, initialLookback: 3_600_000, overlap: 120_000, maxPages: 10 }),
  messengers: z
    .object({
      /**
       * Where cards and prompts go unless a person chooses with /where: "auto" = Telegram when the
       * person linked it, else the Bitrix24 messenger; or "telegram", "bitrix24", "both".
       */
      default: z
        .enum(['auto', 'telegram', 'bitrix24', 'both'])
        .transform((v) => (v === 'bitrix24' ? ('b24chat' as const) : v))
        .default('auto'),
    })
    .default({ default: 'auto' }),
  telegram: z
    .object({
      /** Telegram allows about 1 message/s per chat; a short burst is tolerated. */
      perChatPerSecond: z.number().positive().default(1),
      perChatBurst: z.number().int().positive().default(5),
      globalPerSecond: z.number().positive().default(30),
      /** One Bot API call (a send, an edit) gets this long to answer; then it counts as failed and is retried. */
      callTimeout: duration.default(10_000),
      /**
       * 409 Conflict on getUpdates (another instance polls with this token) that keeps coming this
       * long is told to the admins, once; a shorter one (a deploy's old instance stopping) is only
       * logged. 0: told at the first.
       */
      conflictAfter: duration.default(60_000),
      /**
       * Telegram not reachable at all (refused, unknown host, blocked) for this long: /healthz is 503 and
       * the admins are told in the Bitrix24 messenger (app/outages.ts). Shown in /healthz at once.
       */
      unreachableAfter: duration.default(60_000),
    })
    .default({
      perChatPerSecond: 1,
      perChatBurst: 5,
      globalPerSecond: 30,
      callTimeout: 10_000,
      conflictAfter: 60_000,
      unreachableAfter: 60_000,
    }),
  bitrix: z
    .object({
      /** Bitrix24 drains its bucket at 2 requests/s (5 on Enterprise): stay at or under it. */
      requestsPerSecond: z.number().positive().default(2),
      burst: z.number().int().positive().default(10),
      maxRetries: z.number().int().nonnegative().default(5),
      retryBase: duration.default(500),
      /** Per REST request, reading the answer included; the portal's own limit is 60 s (limits.md). */
      timeout: duration.default(60_000),
      /**
       * Chat-bot events in fetch mode (imbot.v2.Event.get): how often to ask when there were none.
       * chat-bots-v2/index.md#polling recommends 5–30 s; with `hasMore` the next ask follows at once.
       */
      chatPollInterval: duration.default(5_000),
      /**
       * The portal refuses the webhook (401/403: expired, deleted, no rights, no scope): held writes
       * and messages try again this often until the admin fixes it. Nothing is given up meanwhile.
       */
      adminRetry: duration.default(30_000),
      /**
       * The portal not reachable at all (refused, unknown host, no answer within `timeout`) for this
       * long: /healthz is 503 and the admins are told in Telegram (app/outages.ts). Shown in /healthz at once.
       */
      unreachableAfter: duration.default(60_000),
    })
    .default({
      requestsPerSecond: 2,
      burst: 10,
      maxRetries: 5,
      retryBase: 500,
      timeout: 60_000,
      chatPollInterval: 5_000,
      adminRetry: 30_000,
      unreachableAfter: 60_000,
    }),
  /**
   * The alert desk at its limits (issue 17): many alerts for one chat become one list; the
   * outbound webhook is watched; old rows are pruned.
   */
  alerts: z
    .object({
      /** More alerts than this waiting for one person at once are sent as one list (Telegram: ~1 message/s per chat, 20/min in groups). */
      bundleAbove: z.number().int().nonnegative().default(2),
      /** Deals in one list message (its text and buttons must fit one Telegram message). */
      bundleSize: z.number().int().positive().max(25).default(15),
      /**
       * A list still this young takes further alerts (edited in) instead of a new message. More alerts
       * due at once than `bundleSize` are ONE digest, paged `bundleSize` deals at a time (deals/bundles.ts).
       */
      bundleWindow: duration.default(10 * 60_000),
      /** More pings than this due at once for one manager are ONE list of their waiting deals (paged like a digest). */
      pingsAbove: z.number().int().nonnegative().default(3),
    })
    .default({ bundleAbove: 2, bundleSize: 15, bundleWindow: 10 * 60_000, pingsAbove: 3 }),
  webhookWatch: z
    .object({
      /** Deals the sweep found changed without their event, within `within` of working time → the admins are told. */
      missed: z.number().int().positive().default(3),
      within: duration.default(3_600_000),
      /** No event at all for this much working time while the sweep finds changes → the admins are told. */
      silence: duration.default(30 * 60_000),
    })
    .default({ missed: 3, within: 3_600_000, silence: 30 * 60_000 }),
  retention: z
    .object({
      /** Sent outbox rows, processed events and fired or cancelled timers older than this are deleted (the reports' ledger is kept). */
      period: duration.default(90 * 86_400_000),
      /** How often the pruning runs (it deletes in chunks so the loop never waits long). */
      every: duration.default(86_400_000),
    })
    .default({ period: 90 * 86_400_000, every: 86_400_000 }),
  outbox: z
    .object({
      maxAttempts: z.number().int().positive().default(12),
      retryBase: duration.default(2000),
    })
    .default({ maxAttempts: 12, retryBase: 2000 }),
});

export type RulesInput = z.input<typeof rulesSchema>;
export type Rules = z.output<typeof rulesSchema> & {
  escalation: { levels: Array<z.output<typeof escalationLevel>> };
};

/**
 * A plain env value (never a secret: those are not echoed) that failed: what was given, then what
 * to write — in our words, not the schema library's ("expected number, received NaN").
 */
const given = (what: string, write: string) => (iss: { input?: unknown }) =>
  `"${String(iss.input)}" is not ${what}; ${write}`;
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, {
    error: given(what, `write ${values.length === 2 ? values.join(' or ') : `one of ${values.join(', ')}`}`),
  });
/** A whole number from the env's text, `min`…`max`; "8080", not "8080.5" nor "80 80". */
const wholeNumber = (min: number, max: number, what: string, write: string) =>
  z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, { error: given(what, write) })
    .transform(Number);

const envSchema = z.object({
  BITRIX_WEBHOOK_URL: z
    .string()
    .regex(
      /^https?:\/\/[^/]+\/rest\/\d+\/[^/]+\/?$/,
      'expected the inbound webhook URL, like https://yourco.bitrix24.ru/rest/1/abc123xyz/',
    )
    .optional(),
  BITRIX_APP_TOKEN: z.string().min(8, 'paste the application token the outbound webhook shows').optional(),
  /** The Bitrix24 chat bot (imbot.v2), after `npm run cli -- bitrix-bot register`. */
  BITRIX_BOT_ID: wholeNumber(
    1,
    Number.MAX_SAFE_INTEGER,
    'a bot id',
    'write the number `npm run cli -- bitrix-bot register` printed',
  ).optional(),
  BITRIX_BOT_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,40}$/, 'use 16–40 characters of A-Z, a-z, 0-9, _ and - (imbot.v2 allows at most 40)')
    .optional(),
  /**
   * fetch (default): the bot pulls its events (imbot.v2.Event.get) — no public URL, no inbound
   * token. webhook: the portal posts them to PUBLIC_URL/bitrix/bot.
   */
  BITRIX_BOT_EVENT_MODE: oneOf(['fetch', 'webhook'], 'an event mode').default('fetch'),
  /**
   * Webhook mode: the bot's OWN application token (each webhook-authorised bot has its own,
   * bot-update.md), to pin it. Without it the bot learns it from the first event it can verify
   * with the portal (safe-event-handlers.md). Never the CRM outbound webhook's token.
   */
  BITRIX_BOT_APP_TOKEN: z.string().min(8, 'paste the application_token the bot events carry').optional(),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'expected a token from @BotFather, like 123456:ABC-DEF…')
    .optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_MODE: oneOf(['polling', 'webhook'], 'a mode').default('polling'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'use 16–256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  PUBLIC_URL: z.string().url().optional(),
  /** Shadow mode for going live: reads only, tells the admins what it would have done (app/shadow.ts). */
  SHADOW: z
    .enum(['0', '1', 'true', 'false'], { error: given('a switch', 'write 1 or 0 (true or false)') })
    .transform((v) => v === '1' || v === 'true')
    .default(false),
  DATABASE_PATH: z.string().default('./data/bot.sqlite'),
  PORT: wholeNumber(0, 65535, 'a port', 'write a number from 0 to 65535, e.g. 8080').default(8080),
  HOST: z.string().default('0.0.0.0'),
  RULES_PATH: z.string().default('./rules.yaml'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'a log level').default('info'),
});
export type Env = z.output<typeof envSchema>;

export interface Config {
  env: Env;
  rules: Rules;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function describe(prefix: string, issues: z.core.$ZodIssue[]): string[] {
  return issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    return `${path}: ${i.message}`;
  });
}

/** Default escalation chain when the rules file gives none: claim timeout → department head; 20 min → directors. */
function withDefaults(r: z.output<typeof rulesSchema>): Rules {
  const levels = r.escalation.levels ?? [
    { after: r.claim.timeout, notify: 'department_head' as const, pingManager: true },
    { after: 2 * r.claim.timeout, notify: 'directors' as const, pingManager: true },
  ];
  return { ...r, escalation: { levels } };
}

/** The object schema inside optional/default/nullable/pipe wrappers, or the element of an array. */
function inner(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
  if (def.innerType) return inner(def.innerType);
  if (def.type === 'pipe' && def.in) return inner(def.in);
  return schema;
}

/**
 * Fields the rules schema does not know, each with the nearest known name: a misspelt field
 * (`timout`) would otherwise be dropped silently and its default used.
 */
function unknownFields(schema: z.ZodType, raw: unknown, path: string): string[] {
  const s = inner(schema);
  if (s instanceof z.ZodArray && Array.isArray(raw))
    return raw.flatMap((x, i) => unknownFields(s.element as z.ZodType, x, `${path}.${i}`));
  if (!(s instanceof z.ZodObject) || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const shape = s.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  return Object.entries(raw).flatMap(([k, v]) => {
    const field = shape[k];
    if (field) return unknownFields(field, v, `${path}.${k}`);
    const near = known
      .map((n) => ({ n, d: levenshtein(k.toLowerCase(), n.toLowerCase()).steps }))
      .sort((a, b) => a.d - b.d)[0];
    const hint = near && near.d <= Math.max(2, Math.floor(k.length / 3)) ? ` (did you mean ${near.n}?)` : '';
    return [`${path}.${k}: unknown field${hint}; known here: ${known.join(', ')}`];
  });
}

/**
 * A list to write instead of `v` (a number or a text where a list belongs) that `field` accepts, as
 * YAML and JSON write it: `v`'s own items (split at commas, a range «1-5» spelt out, digits as
 * numbers), else the same items as text, else [1, 2]. Undefined when the field takes none of them;
 * without `field`, the first. (`days: "1-5"` once got «e.g. ["1-5"]», which days refuses.)
 */
function listExample(v: unknown, field: z.core.$ZodType | undefined): string | undefined {
  const parts = typeof v === 'number' ? [String(v)] : typeof v === 'string' ? v.split(',') : [];
  const items = parts
    .map((x) => x.trim())
    .filter(Boolean)
    .flatMap((x): Array<number | string> => {
      const range = /^(\d{1,3})\s*[-–—]\s*(\d{1,3})$/.exec(x);
      const [from, to] = [Number(range?.[1]), Number(range?.[2])];
      if (range && from < to) return Array.from({ length: to - from + 1 }, (_, i) => from + i);
      return /^-?\d+$/.test(x) ? [Number(x)] : [x];
    });
  const candidates = [items, items.map(String), [1, 2]].filter((c) => c.length > 0);
  const fits = field ? candidates.find((c) => z.safeParse(field, c).success) : candidates[0];
  return fits && `[${fits.map((x) => JSON.stringify(x)).join(', ')}]`;
}

/**
 * What zod says about a value of the wrong kind or size, in our words with the value given and what
 * to write (`directors: 1` → «1 is not a list; write it in brackets, e.g. [1]»); undefined: the
 * schema's own message. Fields with a message of their own (user ids, chat ids, durations) keep it.
 */
function ourWords(iss: z.core.$ZodRawIssue): string | undefined {
  const v = iss.input;
  if (iss.code === 'invalid_type') {
    if (v === undefined) return 'missing; add it';
    if (iss.expected === 'array') {
      const example = listExample(v, iss.schema);
      return `${show(v)} is not a list; write it in brackets${example ? `, e.g. ${example}` : ' (a list)'}`;
    }
    if (iss.expected === 'number') return `${show(v)} is not a number`;
    if (iss.expected === 'int') return `${show(v)} is not a whole number`;
    if (iss.expected === 'boolean') return `${show(v)} is not true or false; write true or false`;
    if (iss.expected === 'string') return `${show(v)} is not text; write it in quotes, e.g. "${String(v)}"`;
    if (iss.expected === 'object')
      return `${show(v)} is not a section; write its fields on the lines under it, indented`;
  }
  if (iss.code === 'too_small' && iss.origin === 'array') return `the list is empty; list at least ${iss.minimum}`;
  if (iss.code === 'too_small' && iss.origin === 'number')
    return `${show(v)} is too small; write ${iss.inclusive ? 'at least' : 'more than'} ${iss.minimum}`;
  if (iss.code === 'too_big' && iss.origin === 'number')
    return `${show(v)} is too big; write ${iss.inclusive ? 'at most' : 'less than'} ${iss.maximum}`;
  return undefined;
}

/**
 * The rules file's content (parsed YAML/JSON) → Rules with every default filled.
 * @throws ConfigError naming every problem at once, each as `rules.<field path>: what is wrong and
 * what to write` — a misspelt field alone first (its value would be dropped, so what else is
 * reported may mislead).
 */
export function parseRules(raw: unknown): Rules {
  const unknown = unknownFields(rulesSchema, raw, 'rules');
  if (unknown.length) throw new ConfigError(unknown);
  const res = rulesSchema.safeParse(raw, { error: ourWords });
  const problems = res.success ? [] : describe('rules', res.error.issues);
  if (alertsNoDirectors(raw))
    problems.push(
      'rules.people.directors: an escalation level notifies "directors" but none are listed; add their Bitrix24 user ids',
    );
  if (!res.success || problems.length) throw new ConfigError(problems);
  return withDefaults(res.data);
}

/**
 * An escalation level (the default chain's second included) notifies "directors" while
 * people.directors is empty — read from the file as written, so it is said with the file's other
 * problems; false while people.directors is itself wrong (that is said instead).
 */
function alertsNoDirectors(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = (raw ?? {}) as { escalation?: { levels?: unknown }; people?: { directors?: unknown } };
  const levels = r.escalation?.levels;
  const notifiesDirectors = Array.isArray(levels)
    ? levels.some((l) => (l as { notify?: unknown } | null)?.notify === 'directors')
    : levels === undefined;
  const directors = z.array(userId).default([]).safeParse(r.people?.directors);
  return notifiesDirectors && directors.success && directors.data.length === 0;
}

/** Secrets pasted with the spaces or quotes around them (a `docker --env-file` keeps quotes): said apart, never echoed. */
const TOKENS = [
  'TELEGRAM_BOT_TOKEN',
  'BITRIX_BOT_TOKEN',
  'BITRIX_APP_TOKEN',
  'BITRIX_BOT_APP_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
];

export function parseEnv(raw: Record<string, string | undefined>): Env {
  const wrapped = TOKENS.filter((k) => /^\s|\s$|^["'`]|["'`]$/.test(raw[k] ?? ''));
  if (wrapped.length) throw new ConfigError(wrapped.map((k) => `env ${k}: remove the spaces/quotes around the token`));
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const res = envSchema.safeParse(cleaned);
  if (!res.success) throw new ConfigError(describe('env', res.error.issues).map((p) => p.replace(/^env\./, 'env ')));
  const env = res.data;
  if (env.TELEGRAM_MODE === 'webhook' && (!env.TELEGRAM_WEBHOOK_SECRET || !env.PUBLIC_URL))
    throw new ConfigError([
      'env TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET and PUBLIC_URL (or use TELEGRAM_MODE=polling)',
    ]);
  if ((env.BITRIX_BOT_ID === undefined) !== (env.BITRIX_BOT_TOKEN === undefined))
    throw new ConfigError([
      `env ${env.BITRIX_BOT_ID === undefined ? 'BITRIX_BOT_ID' : 'BITRIX_BOT_TOKEN'}: the Bitrix24 chat bot needs both BITRIX_BOT_ID and BITRIX_BOT_TOKEN (see \`npm run cli -- bitrix-bot register\`)`,
    ]);
  if (env.BITRIX_BOT_APP_TOKEN && env.BITRIX_APP_TOKEN && env.BITRIX_BOT_APP_TOKEN === env.BITRIX_APP_TOKEN)
    throw new ConfigError([
      'env BITRIX_BOT_APP_TOKEN: this is the CRM outbound webhook’s token; the chat bot has a token of its own (leave it unset to learn it, or use BITRIX_BOT_EVENT_MODE=fetch)',
    ]);
  if (env.BITRIX_BOT_EVENT_MODE === 'webhook' && env.BITRIX_BOT_ID && !env.PUBLIC_URL)
    throw new ConfigError(['env BITRIX_BOT_EVENT_MODE=webhook needs PUBLIC_URL (or use the default fetch mode)']);
  return env;
}

export function loadRulesFile(path: string): Rules {
  if (!existsSync(path))
    throw new ConfigError([`rules file ${path} not found: copy rules.example.yaml to ${path} or set RULES_PATH`]);
  if (statSync(path).isDirectory())
    throw new ConfigError([
      `env RULES_PATH: ${path} is a folder; point it at the rules file, e.g. ${resolve(path, 'rules.yaml')}`,
    ]);
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError([
      `rules file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`,
    ]);
  }
  if (raw === null || raw === undefined || (typeof raw === 'string' && !raw.trim()))
    throw new ConfigError([`rules file ${path}: the rules file is empty: copy rules.example.yaml`]);
  return parseRules(raw);
}

/**
 * Every default and no pipeline: what `doctor` checks the portal and Telegram with while the rules
 * file cannot be loaded, so the stage ids it prints can be used to fix that file.
 */
export function defaultRules(): Rules {
  return withDefaults(rulesSchema.extend({ pipelines: z.array(pipeline).default([]) }).parse({}));
}

/**
 * README step 4: `cp .env.example .env`. Reads `ENV_FILE` (default `.env` in the working directory)
 * into `env` — a variable already in the real environment is never overridden, even if empty (as
 * `docker run --env-file` and dotenv do). A missing default `.env` is fine; a missing or unreadable
 * `ENV_FILE` the admin named is a ConfigError. Node's own parser (util.parseEnv): `#` comments,
 * quotes, `export` are as in dotenv. Not process.loadEnvFile: whether it overrides has changed
 * between Node versions, so what is kept is decided here.
 * @returns the file read, or null when there was none
 */
export function loadEnvFile(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): string | null {
  const named = env.ENV_FILE;
  const path = resolve(cwd, named || '.env');
  let text: string;
  try {
    if (statSync(path).isDirectory())
      throw new ConfigError([
        `env ENV_FILE: ${named || '.env'} is a folder; name the file with the variables, e.g. ENV_FILE=.env`,
      ]);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if ((e as { code?: string }).code === 'ENOENT' && !named) return null;
    throw new ConfigError([
      (e as { code?: string }).code === 'ENOENT'
        ? `env ENV_FILE: ${named} not found (looked for ${path}); unset ENV_FILE to read .env of the working directory`
        : `env ENV_FILE: cannot read ${path}: ${(e as Error).message}`,
    ]);
  }
  for (const [k, v] of Object.entries(parseDotEnv(text))) if (env[k] === undefined && v !== undefined) env[k] = v;
  return path;
}

/** Offline mode: neither the portal nor Telegram is configured → run the built-in demo. */
export function isOffline(env: Env): boolean {
  return !env.BITRIX_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN;
}
