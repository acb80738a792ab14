/** Every Russian string the users see lives here. Texts are short: they are read on a phone. */
import { DateTime } from 'luxon';
import type { Client, CrmRefusal, DealMove, DealSnapshot, Button, Gender, OutMessage } from './kernel/ports';
import { buttons } from './kernel/buttons';
import { cutText, MESSAGE_LIMIT } from './kernel/text';

/**
 * How much of each free-text field a message shows, in graphemes: a 5,000-character address must
 * not make the card (and every alert that repeats it) longer than a message may be.
 */
export const FIELD_CAPS = {
  title: 200,
  name: 150,
  company: 150,
  comment: 600,
  shortComment: 300,
  address: 300,
  pipeline: 100,
  phone: 60,
} as const;

/** A user-supplied field, cut by graphemes to its cap, then escaped for HTML. */
const field = (s: string, cap: keyof typeof FIELD_CAPS): string => esc(cutText(s, FIELD_CAPS[cap]));

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function money(amount: number, currency = 'RUB'): string {
  const sign = currency === 'RUB' ? '₽' : currency;
  const [int, frac] = amount.toFixed(2).split('.') as [string, string];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${grouped}${frac === '00' ? '' : `,${frac}`}\u00a0${sign}`;
}

export function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  if (m < 1) return 'меньше минуты';
  if (m < 60) return `${m} мин`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? `${h} ч ${rest} мин` : `${h} ч`;
}

/** "за 3 мин", or "меньше чем за минуту". */
export function within(seconds: number): string {
  return seconds < 60 ? 'меньше чем за минуту' : `за ${duration(seconds)}`;
}

const WEEKDAYS = ['', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];

/** "10:34" today, "пн 09:10" another day within a week, else "12.01 09:10". */
export function clockTime(at: number, zone: string, now: number): string {
  const t = DateTime.fromMillis(at, { zone });
  const n = DateTime.fromMillis(now, { zone });
  if (t.hasSame(n, 'day')) return t.toFormat('HH:mm');
  if (Math.abs(t.diff(n, 'days').days) < 6) return `${WEEKDAYS[t.weekday]} ${t.toFormat('HH:mm')}`;
  return t.toFormat('dd.MM HH:mm');
}

/** "Гракун Е." — how colleagues are named in short. */
/** Ends a sentence: one period, even when it ends with an initial («… Гракун Е.», not «Е..»). */
export const sentence = (s: string): string => (s.endsWith('.') ? s : `${s}.`);

export function shortName(p: { name: string; lastName: string } | undefined, fallbackId?: number): string {
  if (!p) return fallbackId ? `сотрудник #${fallbackId}` : 'сотрудник';
  const initial = p.name ? ` ${p.name[0]}.` : '';
  return p.lastName ? `${p.lastName}${initial}` : p.name;
}

/** Someone a text names («Гракун Е.») with the gender the words about them agree with, when known. */
export interface Named {
  name: string;
  gender?: Gender;
}

/**
 * The word that agrees with who a text is about — a verb in the past, a participle, a pronoun: the
 * masculine or the feminine form by their gender in Bitrix24, else the form that fits both
 * («взял(а)»): the profile does not say, or the bot does not know them («сотрудник #12»).
 */
export function agree(who: Named, masculine: string, feminine: string, either: string): string {
  return who.gender === 'M' ? masculine : who.gender === 'F' ? feminine : either;
}

export interface CardView {
  deal: DealSnapshot;
  client: Client | null;
  pipelineName: string;
  stageName: string;
  link: string;
  zone: string;
  now: number;
  dueAt: number;
  /** The deal came outside working hours: the deadline is after opening. */
  offHours: boolean;
  managerName: string;
}

function dealLines(v: Omit<CardView, 'dueAt' | 'offHours'>): string[] {
  const d = v.deal;
  const lines = [
    `<b>${field(d.title.trim() || `Сделка #${d.id}`, 'title')}</b>`,
    `Направление: ${field(v.pipelineName, 'pipeline')} · ${field(v.stageName, 'pipeline')}`,
  ];
  const who = [
    v.client?.name ? cutText(v.client.name, FIELD_CAPS.name) : null,
    v.client?.company ? cutText(v.client.company, FIELD_CAPS.company) : null,
  ]
    .filter(Boolean)
    .join(', ');
  if (who) lines.push(`👤 ${esc(who)}`);
  // A bare international number is what Telegram turns into a tap-to-call link.
  if (v.client?.phone) lines.push(`📞 ${field(v.client.phone, 'phone')}${phoneExtras(v.client)}`);
  if (d.comment.trim()) lines.push(`💬 ${field(d.comment.trim(), 'comment')}`);
  if (d.address) lines.push(`📍 ${field(d.address, 'address')}`);
  if (d.amount > 0) lines.push(`💰 ${money(d.amount, d.currency)}`);
  return lines;
}

/** After the tap-to-call number, as text: its extension and any further number of the field. */
function phoneExtras(c: Client): string {
  const extras = [
    ...(c.phoneExtension ? [`доб. ${c.phoneExtension}`] : []),
    ...(c.otherPhones ?? []).map((n) => `ещё ${n}`),
  ];
  return extras.length ? ` (${field(extras.join(', '), 'title')})` : '';
}

const openButton = (link: string): Button => ({ text: '🔗 Открыть в Битрикс24', url: link });

export function dealCard(v: CardView, assignmentId: number): OutMessage {
  const due = clockTime(v.dueAt, v.zone, v.now);
  const deadline = v.offHours ? `⏱ Взять до ${due} (пришла в нерабочее время)` : `⏱ Взять до ${due}`;
  return {
    text: ['🆕 Новая сделка', ...dealLines(v), '', deadline].join('\n'),
    buttons: [[{ text: '✅ Беру в работу', action: buttons.claim.encode({ assignmentId }) }], [openButton(v.link)]],
  };
}

/** Where a claim was made, for the card (the same card may be open in both messengers). */
const claimedHow = {
  telegram: ', через Telegram',
  b24chat: ', через чат Битрикс24',
  crm: ' (в Битрикс24)',
} as const;
/** …and for the deal's timeline. */
export const claimVia = { telegram: 'в Telegram', b24chat: 'в чате Битрикс24', crm: 'в Битрикс24' } as const;

export function dealCardClaimed(
  v: CardView,
  claim: { seconds: number; byName: string; via: keyof typeof claimedHow },
): OutMessage {
  const how = claimedHow[claim.via];
  return {
    text: [`✅ Взята в работу ${within(claim.seconds)} — ${esc(claim.byName)}${how}`, ...dealLines(v)].join('\n'),
    buttons: [[openButton(v.link)]],
  };
}

/** How an assignment ended without a claim or a re-assignment. */
export type EndedWhy = 'deleted' | 'lost' | 'unwatched' | 'moved-pipeline' | 'moved-by-other';
/** Who moved the deal in the CRM (not its manager), where to, and whose assignment it ended. */
export interface MovedNote {
  by: Named;
  pipelineName: string;
  managerName: string;
}

function movedHead(why: 'moved-pipeline' | 'moved-by-other', m: MovedNote | undefined): string {
  const by = m?.by ?? fallback.someone;
  return why === 'moved-pipeline'
    ? `↪️ ${esc(by.name)} ${agree(by, 'перенёс', 'перенесла', 'перенёс(ла)')} сделку в направление «${esc(m?.pipelineName ?? '')}» — это не взятие в работу`
    : `ℹ️ ${esc(by.name)} ${agree(by, 'передвинул', 'передвинула', 'передвинул(а)')} сделку дальше в Битрикс24 — это не взятие в работу менеджером`;
}

export function dealCardGone(
  v: CardView,
  why: 'reassigned' | EndedWhy,
  toName?: string,
  moved?: MovedNote,
): OutMessage {
  const head =
    why === 'moved-pipeline' || why === 'moved-by-other'
      ? movedHead(why, moved)
      : {
          reassigned: `↪️ Сделка передана: ${esc(toName ?? 'другому менеджеру')}`,
          deleted: '🗑 Сделка удалена в Битрикс24',
          lost: '✖️ Сделка закрыта как проигранная',
          unwatched: 'ℹ️ Сделка ушла в другое направление',
        }[why];
  return { text: [head, ...dealLines(v)].join('\n'), buttons: why === 'deleted' ? [] : [[openButton(v.link)]] };
}

export function managerPing(v: CardView, assignmentId: number, waitedSeconds: number): OutMessage {
  return {
    text: [
      `⏰ Сделка ждёт уже ${duration(waitedSeconds)}. Возьмите её в работу — руководитель уже в курсе.`,
      ...dealLines(v),
    ].join('\n'),
    buttons: [[{ text: '✅ Беру в работу', action: buttons.claim.encode({ assignmentId }) }], [openButton(v.link)]],
  };
}

export function managerNudge(v: CardView, assignmentId: number, fromName: string): OutMessage {
  return {
    text: [`🔔 ${esc(fromName)} напоминает: возьмите сделку в работу.`, ...dealLines(v)].join('\n'),
    buttons: [[{ text: '✅ Беру в работу', action: buttons.claim.encode({ assignmentId }) }], [openButton(v.link)]],
  };
}

export function supervisorAlert(v: CardView, assignmentId: number, waitedSeconds: number, level: number): OutMessage {
  const head =
    level > 1
      ? `🚨 Сделку так и не взяли — ${esc(v.managerName)}, ждёт ${duration(waitedSeconds)}`
      : `⚠️ Сделку не взяли в работу — ${esc(v.managerName)}, ждёт ${duration(waitedSeconds)}`;
  return {
    text: [head, ...dealLines(v)].join('\n'),
    buttons: [
      [
        { text: '🔔 Напомнить менеджеру', action: buttons.remind.encode({ assignmentId }) },
        { text: '🔁 Переназначить', action: buttons.reassign.encode({ assignmentId }) },
      ],
      [
        { text: '⏸ Отложить 15 мин', action: buttons.snooze.encode({ assignmentId, level, minutes: 15 }) },
        { text: '⏸ 1 ч', action: buttons.snooze.encode({ assignmentId, level, minutes: 60 }) },
      ],
      [openButton(v.link)],
    ],
  };
}

/** One deal in a list of alerts (issue 17): waiting, or what became of it. */
export interface BundleLine {
  assignmentId: number;
  level: number;
  title: string;
  link: string;
  managerName: string;
  waitedSeconds: number;
  /** null: still waiting; else the outcome line (t.outcome.*). */
  outcome: string | null;
}

/** Titles in a list are cut so that 20 deals and their buttons fit one Telegram message (4,096). */
const LIST_TITLE = 60;
/** The same cut as cutText (by graphemes, «…» counted); it stops at the cut, so a 10,000-character title costs no more than a short one. */
const cut = cutText;

/** A waiting deal's buttons in a list or a digest (numbered as its line): nudge, re-assign, snooze. */
function alertRow(n: number, l: BundleLine): Button[] {
  return [
    { text: `${n} 🔔 Напомнить`, action: buttons.remind.encode({ assignmentId: l.assignmentId }) },
    { text: `${n} 🔁`, action: buttons.reassign.encode({ assignmentId: l.assignmentId }) },
    {
      text: `${n} ⏸ 15 мин`,
      action: buttons.snooze.encode({ assignmentId: l.assignmentId, level: l.level, minutes: 15 }),
    },
  ];
}

/** Many waiting alerts as one message: each deal with its manager and how long it waits, a row of buttons per waiting deal. */
export function alertBundle(lines: BundleLine[]): OutMessage {
  const waiting = lines.filter((l) => l.outcome === null);
  const head =
    waiting.length === 0
      ? `✅ Все сделки из списка разобраны (${lines.length})`
      : `🚨 Не взяты в работу: ${waiting.length} из ${lines.length}`;
  const body = lines.map((l, i) => {
    const title = `<a href="${esc(l.link)}">${esc(cut(l.title, LIST_TITLE))}</a>`;
    return l.outcome === null
      ? `${i + 1}. ${l.level > 1 ? '‼️ ' : ''}${title} — ${esc(l.managerName)}, ждёт ${duration(l.waitedSeconds)}`
      : `${i + 1}. ${title} — ${l.outcome}`;
  });
  return {
    text: [head, ...body].join('\n'),
    buttons: lines.flatMap((l, i) => (l.outcome !== null ? [] : [alertRow(i + 1, l)])),
  };
}

/** Which page of a paged message (a digest, a manager's list) is shown: 0-based, of how many. */
export interface PageOf {
  bundleId: number;
  page: number;
  pages: number;
}

/** A page of a digest or a manager's list: how many wait of how many, the page's deals (`first`: the first one's number, 1-based). */
export interface PagedList {
  waiting: number;
  total: number;
  first: number;
  lines: BundleLine[];
  page: PageOf;
}

/** «◀ 2/67 ▶»: edits the message in place to show another page (round the end); none for one page. */
function pageRow(p: PageOf): Button[][] {
  if (p.pages <= 1) return [];
  const at = (page: number) => buttons.listPage.encode({ bundleId: p.bundleId, page });
  return [
    [
      { text: '◀', action: at((p.page + p.pages - 1) % p.pages) },
      { text: `${p.page + 1}/${p.pages}`, action: at(p.page) },
      { text: '▶', action: at((p.page + 1) % p.pages) },
    ],
  ];
}

/**
 * The lines of a page, within one message: as they are if they fit; else titles and names cut short
 * and shown without links; else (only absurd data gets here: a grapheme is not bounded in length)
 * without the user's text at all. The head carries no user data, so it always fits.
 */
function fitPage(head: string[], variants: Array<[full: string, compact: string, bare: string]>): string {
  for (const pick of [0, 1, 2] as const) {
    const text = [...head, ...variants.map((v) => v[pick])].join('\n');
    if (text.length <= MESSAGE_LIMIT || pick === 2) return text;
  }
  return head.join('\n');
}

/** A deal of a page: the same line in three sizes (fitPage). */
function pageLine(n: number, l: BundleLine, tail: (manager: string) => string): [string, string, string] {
  const mark = l.level > 1 ? '‼️ ' : '';
  return [
    `${n}. ${mark}<a href="${esc(l.link).replace(/"/g, '&quot;')}">${esc(cut(l.title, LIST_TITLE))}</a> — ${tail(esc(l.managerName))}`,
    `${n}. ${mark}${esc(cut(l.title, 24))} — ${tail(esc(cut(l.managerName, 24)))}`,
    `${n}. ${mark}${tail('')}`.replace(/ — $/, ''),
  ];
}

/**
 * A backlog of alerts for one person as ONE message (issue 17: an alert storm grouped the way
 * PagerDuty and Grafana OnCall group one): how many deals wait, the longest-waiting first, a page of
 * them with the same buttons per deal as a list, and «◀ 1/67 ▶». `first` is the number of the
 * page's first deal (1-based). When nothing waits any more, it says so.
 */
export function alertDigest(d: PagedList): OutMessage {
  if (d.waiting === 0) return { text: `✅ Все сделки разобраны (${d.total})`, buttons: [] };
  const head = [
    `🚨 Не взяты в работу: ${d.waiting} из ${d.total} — сначала самые давние`,
    `Стр. ${d.page.page + 1}/${d.page.pages}`,
  ];
  const text = fitPage(
    head,
    d.lines.map((l, i) =>
      pageLine(d.first + i, l, (manager) => `${manager ? `${manager}, ` : ''}ждёт ${duration(l.waitedSeconds)}`),
    ),
  );
  return {
    text,
    buttons: [...d.lines.map((l, i) => alertRow(d.first + i, l)), ...pageRow(d.page)],
  };
}

/**
 * A manager's waiting deals as ONE message instead of a ping apiece (many fell due at once): the
 * longest-waiting first, «✅ Беру» for each, paged like a digest; edited as they are taken.
 */
export function pingList(d: PagedList): OutMessage {
  if (d.waiting === 0) return { text: `✅ Все сделки из списка разобраны (${d.total})`, buttons: [] };
  const head = [
    `⏰ Ждут, пока вы возьмёте их в работу: ${d.waiting} — руководитель уже в курсе. Сначала самые давние.`,
    `Стр. ${d.page.page + 1}/${d.page.pages}`,
  ];
  const text = fitPage(
    head,
    d.lines.map((l, i) => pageLine(d.first + i, l, () => `ждёт ${duration(l.waitedSeconds)}`)),
  );
  return {
    text,
    buttons: [
      ...d.lines.map((l, i) => [
        { text: `✅ ${d.first + i}. Беру`, action: buttons.claim.encode({ assignmentId: l.assignmentId }) },
      ]),
      ...pageRow(d.page),
    ],
  };
}

export function alertResolved(v: CardView, outcome: string): OutMessage {
  return { text: [outcome, ...dealLines(v)].join('\n'), buttons: [[openButton(v.link)]] };
}

/** Who moved a deal when the portal does not say: «кто-то» takes the masculine («кто-то передвинул»). */
const someone: Named = { name: 'кто-то в Битрикс24', gender: 'M' };

/** Stand-ins when a name is not known. */
export const fallback = {
  otherManager: 'другой менеджер',
  inBitrix: 'в Битрикс24',
  someone,
  paidStage: 'Счет оплачен',
  dealTitle: (id: number) => `Сделка #${id}`,
};

export const outcome = {
  claimed: (byName: string, seconds: number) => `✅ Взята в работу — ${esc(byName)}, ${within(seconds)}`,
  reassigned: (toName: string, byName: string) => `🔁 Переназначена: ${esc(toName)} (${esc(byName)})`,
  /** In a list of alerts (the list does not keep to whom or why). */
  handedOver: '🔁 Переназначена',
  gone: '✖️ Уже неактуальна',
  closed: (why: EndedWhy, moved?: MovedNote) =>
    why === 'moved-pipeline' || why === 'moved-by-other'
      ? movedHead(why, moved)
      : { deleted: '🗑 Сделка удалена', lost: '✖️ Сделка проиграна', unwatched: 'ℹ️ Сделка ушла в другое направление' }[
          why
        ],
};

export function pickColleague(
  v: CardView,
  assignmentId: number,
  colleagues: Array<{ id: number; name: string }>,
): OutMessage {
  if (colleagues.length === 0)
    return {
      text: 'В отделе менеджера нет других активных сотрудников. Переназначьте сделку в Битрикс24.',
      buttons: [[openButton(v.link)]],
    };
  return {
    text: `Кому передать «${esc(v.deal.title)}»?`,
    buttons: colleagues.map((c) => [
      { text: c.name, action: buttons.reassignTo.encode({ assignmentId, userId: c.id }) },
    ]),
  };
}

export const replies = {
  claimed: '✅ Сделка ваша. Удачи!',
  alreadyClaimed: (by: Named) => sentence(`Сделку уже ${agree(by, 'взял', 'взяла', 'взял(а)')} ${by.name}`),
  notYours: (manager: Named) =>
    `Ответственный за эту сделку — ${manager.name}: взять её может только ${agree(manager, 'он', 'она', 'он(а)')}.`,
  notLinked: 'Ваш Telegram не привязан к сотруднику Битрикс24. Нажмите /start и передайте свой ID администратору.',
  reassignedAway: 'Сделка уже передана другому менеджеру.',
  alreadyPassed: (toName: string) => sentence(`Сделка уже передана: ${toName}`),
  closed: 'Сделка уже неактуальна.',
  unknown: 'Эта кнопка устарела.',
  notAllowed: 'Это могут сделать только руководитель, которому пришло оповещение, или директор.',
  reminded: 'Напоминание отправлено менеджеру.',
  remindedRecently: 'Напоминание уже отправлено минуту назад.',
  pickSent: 'Выберите сотрудника в сообщении ниже.',
  reassigned: (toName: string) => sentence(`Сделка передана: ${toName}`),
  alreadyHandled: 'Сделка уже в работе — ничего делать не нужно.',
  failed: 'Не получилось, попробуйте ещё раз через минуту.',
  snoozed: (until: string) => `Отложено: напомню в ${until}.`,
  /** A page button of someone else's digest or list (only its recipient pages it). */
  notYourList: (ownerName: string) => sentence(`Листать список может только тот, кому он пришёл: ${ownerName}`),
  page: (page: number, pages: number) => `Стр. ${page}/${pages}`,
};

/** /pause and /resume (admins): escalations held for a while (issue 17). */
export const pause = {
  company: 'вся компания',
  pipeline: (name: string) => `направление «${esc(name)}»`,
  paused: (scope: string, until: string) =>
    `⏸ Оповещения о невзятых сделках приостановлены (${scope}) до ${until}. Тогда они возобновятся сами; раньше — /resume.`,
  resumed: (scope: string, held: number) =>
    `▶️ Оповещения возобновлены (${scope}).${held ? ` Отложенных за паузу: ${held} — отправляю.` : ''}`,
  notPaused: (scope: string) => `Оповещения не были на паузе (${scope}).`,
  notAllowed: 'Ставить оповещения на паузу могут только администраторы бота.',
  usage: (pipelines: number[]) =>
    `Например: /pause 2h — пауза для всей компании на 2 часа; /pause 90m ${pipelines[0] ?? 0} — для одного направления (номера: ${pipelines.join(', ')}). Не больше 7 дней. /resume — снять паузу.`,
};

/** The line written into the deal's timeline in Bitrix24. */
export const timeline = {
  claimed: (by: Named, seconds: number, via: string) =>
    `Бот: сделку ${agree(by, 'взял', 'взяла', 'взял(а)')} в работу ${by.name} ${within(seconds)} после назначения (${via}).`,
  /**
   * `seconds`: the level's configured time (rules.escalation.levels[].after), never the time elapsed — two
   * escalations of one deal read word for word the same. Under a minute (rules allow seconds) in seconds.
   */
  escalated: (level: number, toNames: string, seconds: number) =>
    sentence(
      `Бот: сделка не взята в работу за ${seconds < 60 ? `${Math.max(1, Math.round(seconds))} с` : duration(seconds)} — уровень ${level}, оповещены: ${toNames}`,
    ),
  reassigned: (fromName: string, toName: string, by: Named) =>
    sentence(
      `Бот: ${by.name} ${agree(by, 'переназначил', 'переназначила', 'переназначил(а)')} сделку: ${fromName} → ${toName}`,
    ),
  movedNotClaimed: (why: 'moved-pipeline' | 'moved-by-other', m: MovedNote) =>
    why === 'moved-pipeline'
      ? `Бот: ${m.by.name} ${agree(m.by, 'перенёс', 'перенесла', 'перенёс(ла)')} сделку в направление «${m.pipelineName}»; назначение закрыто без взятия в работу (ответственный — ${m.managerName}).`
      : `Бот: ${m.by.name} ${agree(m.by, 'передвинул', 'передвинула', 'передвинул(а)')} сделку дальше — это не взятие в работу ответственным (${m.managerName}); напоминания о ней остановлены.`,
  snoozed: (by: Named, minutes: number) =>
    sentence(
      `Бот: ${by.name} ${agree(by, 'отложил', 'отложила', 'отложил(а)')} оповещение о невзятой сделке на ${duration(minutes * 60)}`,
    ),
};

/** The payment desk («Оплата» chat → prompts for managers). */
export interface PromptView {
  announcer: Named;
  number: string;
  company: string | null;
  paid: number | null;
  invoiceAmount: number;
  /** The invoice's currency. */
  currency: string;
  /** The announcement's currency (the invoice's when not given). */
  paidCurrency?: string;
  verdict: 'match' | 'mismatch' | 'partial';
  /** Step 57: required invoice fields still empty — no «Да» until they are filled. */
  missing?: string[];
  dealLink: string | null;
  stageName: string;
  /** The deal's pipeline has no paid stage in the rules (pipelines[].paidStage): a «Да» does not move the deal. */
  noPaidStage?: boolean;
  /**
   * Another prompt for the same invoice still waiting when this one was made (another message or
   * payment order): its sum, when, and the message (quoted as text) — a second payment, or the same
   * one announced again?
   */
  earlier?: { paid: string | null; when: string; quote: string; part?: boolean } | null;
  /**
   * The invoice was confirmed paid by an earlier prompt (by whom, on which day) and then put back to
   * unpaid in Bitrix24: this prompt asks again, and says so.
   */
  putBack?: { by: string; day: string } | null;
  /**
   * How this payment adds up with the invoice's earlier parts (settlement.ts): `parts` «5 000 ₽ 12.10 +
   * 5 000 ₽ сегодня = 10 000 ₽» when there were earlier parts, what is left to pay, what is paid over.
   */
  settled?: { parts: string | null; remaining: string | null; over: string | null };
  /** «4000» of «ЭЛЕКСИС оплатил 4000», read as the sum of this invoice (no open invoice has that number). */
  readAsSum?: string | null;
  /**
   * The deal's other invoices still unpaid (by number) when the prompt was drawn: the deal moves only
   * once they are paid too (app/outbox-sender.ts), so the prompt does not promise the move now.
   */
  unpaidBeside?: string[];
  /** The prompt is with a stand-in: whose it was, and why they cannot have it (payments/store.ts HandedOver). */
  handedOver?: { from: Named; why: HandedOverWhy } | null;
  /** The payer the announcement names is not the invoice's company (payments/payer-check.ts): both. */
  payerDiffers?: {
    payer: { name: string | null; inn: string | null };
    company: { name: string | null; inn: string | null };
  } | null;
  /** One sum announced for several invoices, this one among them. */
  shared?: SharedSumView | null;
  /** What the announcement says beside «paid» that keeps the one-tap «Да» back (payments/caveats.ts). */
  caveat?: Caveat | null;
}

/** Why a prompt whose sums agree is no one tap from paid (stored with the prompt, worded by texts.ts). */
export type Caveat =
  /** The message says not all was paid («не всё», «X из Y»), yet the sum is the invoice's. */
  | { kind: 'notAll' }
  /** The money went elsewhere: another legal entity, the director's or a personal card. `said`: the words. */
  | { kind: 'elsewhere'; said: string }
  /** The bank kept a fee: what came (`paid`) plus the fee is the invoice's sum, what came alone is not. */
  | { kind: 'fee'; fee: number }
  /** A negation or a «но» clause the reading did not account for. `said`: that clause, as written. */
  | { kind: 'unread'; said: string }
  /** Another sum named beside the one read: written before, corrected, expected or invoiced. `said`: its words. */
  | { kind: 'otherSum'; said: string };

/** «⚠️ В сообщении сказано, что оплачено не всё», …: what a caveat is, in the prompt's words (user text escaped). */
export function caveatLine(c: Caveat, invoiceAmount: string, paidCurrency: string): string {
  switch (c.kind) {
    case 'notAll':
      return '⚠️ В сообщении сказано, что оплачено не всё, а сумма совпадает со счётом.';
    case 'elsewhere':
      return `⚠️ В сообщении: «${esc(c.said)}» — деньги, похоже, пришли не на счёт компании.`;
    case 'fee':
      return `⚠️ Банк удержал комиссию ${money(c.fee, paidCurrency)}: с ней выходит сумма счёта ${invoiceAmount}, без неё — нет. Решите, закрывает ли это счёт.`;
    case 'unread':
      return `⚠️ В сообщении есть оговорка, которую бот не разобрал: «${esc(c.said)}».`;
    case 'otherSum':
      return `⚠️ В сообщении названа и другая сумма: «${esc(c.said)}» — сверьте с банком, какая пришла.`;
  }
}

/** The button of a prompt with a caveat: its manager checked, the «Да» may show. */
export const CHECKED = '🔎 Проверил — оплата верна';

/** One sum announced for several invoices (payments/shared-sum.ts), money formatted. */
export interface SharedSumView {
  total: string;
  /** The invoices found, by number. */
  numbers: string[];
  /** Their total. */
  invoicesTotal: string;
  /** Invoices named and not found. */
  missing: number;
  /** The sum is their total. */
  agrees: boolean;
}

/** A payer or a company by what is known of it: «Сбербанк (ИНН 7707083893)», «ИНН 7707083893», «ЭЛЕКСИС ООО». */
const party = (p: { name: string | null; inn: string | null }) =>
  p.name ? `${esc(p.name)}${p.inn ? ` (ИНН ${esc(p.inn)})` : ''}` : p.inn ? `ИНН ${esc(p.inn)}` : '—';

/** «счета 2018/943, 2018/944» (after «за»), «счетов 2018/943, 2018/944» (after «сумма»). */
const invoiceList = (numbers: string[], genitive = false) =>
  `${genitive ? 'счетов' : 'счета'} ${numbers.map(esc).join(', ')}`;

/** Why a prompt is not with its invoice's manager: deactivated in Bitrix24, or reachable on no messenger. */
export type HandedOverWhy = 'dismissed' | 'unreachable' | 'blocked' | 'away';

/** «Иванов П. деактивирован в Битрикс24», «Гракун Е. не подключена к боту» — the words agree with who. */
const cannotGet = (who: Named, why: HandedOverWhy) =>
  why === 'dismissed'
    ? `${esc(who.name)} ${agree(who, 'деактивирован', 'деактивирована', 'деактивирован(а)')} в Битрикс24`
    : why === 'blocked'
      ? `${esc(who.name)} не получает сообщения бота (бот заблокирован в Telegram)`
      : why === 'away'
        ? `${esc(who.name)} ${agree(who, 'отсутствует', 'отсутствует', 'отсутствует')} (ответственный за счёт)`
        : `${esc(who.name)} ${agree(who, 'не подключён', 'не подключена', 'не подключён(а)')} к боту`;

/** Who took a prompt for its manager, in the dative («передал руководителю»): by what the directory and the rules say. */
export type StandInRole = 'supervisor' | 'deputy' | 'director' | null;

/** Who a prompt is for: the invoice's responsible, and who stands in for them and has the prompt (null: they do). */
export interface PromptHolder {
  responsible: string;
  standIn: string | null;
}
/** «ответственный — Гракун Е.», «ответственный — Гракун Е., замещает Смирнова О.». */
const holder = (who: PromptHolder) =>
  `ответственный — ${esc(who.responsible)}${who.standIn ? `, замещает ${esc(who.standIn)}` : ''}`;
const standInDative = { supervisor: 'руководителю', deputy: 'заместителю', director: 'директору' } as const;

/**
 * A sum that differs: either side may be wrong. The message is its author's to correct (the bot reads
 * the edit); the invoice is corrected only when it is the wrong one, and only while it is «Новый».
 */
const checkBoth = (announcer: Named) =>
  `Проверьте обе суммы. Если ошибка в сообщении об оплате — его исправит автор, ${esc(announcer.name)} (бот перечитает его сам). Если неверен счёт — исправьте его в Битрикс24, пока он «Новый», и нажмите «Проверить снова».`;

export function paymentPrompt(v: PromptView, promptId: number): OutMessage {
  const who = v.company ? ` (${esc(v.company)})` : '';
  const paidCurrency = v.paidCurrency ?? v.currency;
  const paid = v.paid === null ? 'сумма не указана' : money(v.paid, paidCurrency);
  // One sum for several invoices: the head names it and the invoices, not this invoice's share.
  const paidHead = v.shared ? `общая сумма ${v.shared.total} за ${invoiceList(v.shared.numbers)}` : paid;
  const payer = v.payerDiffers
    ? `\n⚠️ ${sentence(`Платит не компания из счёта: плательщик — ${party(v.payerDiffers.payer)}, в счёте — ${party(v.payerDiffers.company)}`)} Так бывает (лизинг, факторинг, оплата за клиента); подтвердите, только если это оплата именно этого счёта.`
    : '';
  const earlier = v.earlier?.part
    ? `\n⚠️ По этому счёту уже записана оплата той же суммы: ${v.earlier.paid ?? 'сумма не указана'}, ${esc(v.earlier.when)} — «${field(v.earlier.quote, 'shortComment')}». Это вторая оплата или та же ещё раз? Сверьте с банком: если та же — нажмите «✖ Не мой / ошибка», и она не будет учтена.`
    : v.earlier
      ? `\n⚠️ По этому счёту уже открыт другой запрос: ${v.earlier.paid ?? 'сумма не указана'}, ${esc(v.earlier.when)} — «${field(v.earlier.quote, 'shortComment')}». Это вторая оплата или та же ещё раз? Если та же, подтвердите только один запрос — другой закроется сам.`
      : '';
  const putBack = v.putBack
    ? `\n↩️ Оплату этого счёта уже подтверждали: ${esc(v.putBack.by)}, ${esc(v.putBack.day)} — потом в Битрикс24 счёт вернули в неоплаченные. Подтвердите эту оплату, если деньги пришли.`
    : '';
  const readAsSum = v.readAsSum
    ? `\n(«${esc(v.readAsSum)}» в сообщении прочитал как сумму: открытого счёта с таким номером нет.)`
    : '';
  const handed = v.handedOver
    ? `\nℹ️ ${cannotGet(v.handedOver.from, v.handedOver.why)} — подтверждение передано вам.`
    : '';
  const head = `💳 ${esc(v.announcer.name)}: оплачен счёт № ${esc(v.number)}${who} — ${paidHead}.${handed}${readAsSum}${payer}${earlier}${putBack}`;
  const yes = v.payerDiffers ? '✅ Да, оплачен (плательщик другой)' : '✅ Да, оплачен';
  const sumAgrees = v.shared
    ? `Сумма ${invoiceList(v.shared.numbers, true)}: ${v.shared.invoicesTotal} — совпадает с общей суммой; этот счёт — ${money(v.invoiceAmount, v.currency)}.`
    : v.payerDiffers
      ? `Сумма оплаты совпадает с суммой счёта (${money(v.invoiceAmount, v.currency)}), плательщик — другой.`
      : `Сумма счёта ${money(v.invoiceAmount, v.currency)} — совпадает.`;
  const link: Button[][] = v.dealLink ? [[{ text: '🔗 Открыть сделку', url: v.dealLink }]] : [];
  const no: Button = { text: '✖ Не мой / ошибка', action: buttons.payNo.encode({ promptId }) };
  if (v.verdict === 'match' && v.missing?.length)
    return {
      text: `${head}\nСумма счёта ${money(v.invoiceAmount, v.currency)} — совпадает, но в счёте не заполнено: ${v.missing.map(esc).join(', ')}.\nИсправьте счёт, пока он «Новый», и нажмите «Проверить снова».`,
      buttons: [[{ text: '🔄 Проверить снова', action: buttons.payRecheck.encode({ promptId }) }, no], ...link],
    };
  // A caveat the reading could not weigh: the sums agree, but no one-tap «Да» until the manager checked.
  if (v.verdict === 'match' && v.caveat)
    return {
      text: `${head}\n${caveatLine(v.caveat, money(v.invoiceAmount, v.currency), paidCurrency)}\nСумма счёта ${money(v.invoiceAmount, v.currency)} — совпадает, но одной кнопкой не отмечаю: сверьтесь с банком и с автором сообщения (${esc(v.announcer.name)}). Если оплата верна — нажмите «Проверил — оплата верна», и появится «Да».`,
      buttons: [[{ text: CHECKED, action: buttons.payRecheck.encode({ promptId }) }, no], ...link],
    };
  if (v.verdict === 'match')
    return {
      text: `${head}\n${v.settled?.parts ? `Оплаты по счёту: ${v.settled.parts} — совпадает с суммой счёта ${money(v.invoiceAmount, v.currency)}.` : sumAgrees}\n${
        v.noPaidStage
          ? 'Отметить счёт оплаченным? Сделку бот не переведёт: в правилах для её воронки не указана стадия оплаты.'
          : v.unpaidBeside?.length
            ? `Отметить счёт оплаченным? Сделка перейдёт в «${esc(v.stageName)}» после оплаты ${unpaidInvoices(v.unpaidBeside)}.`
            : `Отметить счёт оплаченным и перевести сделку в «${esc(v.stageName)}»?`
      }`,
      buttons: [[{ text: yes, action: buttons.payYes.encode({ promptId }) }, no], ...link],
    };
  if (v.verdict === 'partial')
    return {
      text: `${head}\nЭто частичная оплата: ${paid} из ${money(v.invoiceAmount, v.currency)}.${v.settled?.parts ? `\nОплачено: ${v.settled.parts} из ${money(v.invoiceAmount, v.currency)}.` : ''}${v.settled?.remaining ? ` Осталось ${v.settled.remaining}.` : ''} Статус счёта не меняю — оплата записана в сделку.`,
      buttons: [[no], ...link],
    };
  if (paidCurrency !== v.currency && v.paid !== null)
    return {
      text: `${head}\n⚠️ Валюты не совпадают: оплата ${paid}, а счёт выставлен на ${money(v.invoiceAmount, v.currency)}.\nОтметить оплаченным одной кнопкой нельзя: проверьте валюту оплаты и счёта в Битрикс24 и нажмите «Проверить снова».`,
      buttons: [[{ text: '🔄 Проверить снова', action: buttons.payRecheck.encode({ promptId }) }, no], ...link],
    };
  return {
    text: `${head}\n${v.caveat ? `${caveatLine(v.caveat, money(v.invoiceAmount, v.currency), paidCurrency)}\n` : ''}${
      v.settled?.parts
        ? `⚠️ Оплат больше суммы счёта: ${v.settled.parts} ≠ счёт ${money(v.invoiceAmount, v.currency)}`
        : v.shared
          ? `⚠️ ${sharedDiffers(v.shared)}`
          : v.paid === null
            ? `⚠️ Сумма оплаты не указана — сверить со счётом на ${money(v.invoiceAmount, v.currency)} не с чем`
            : `⚠️ Суммы не совпадают: оплата ${paid} ≠ счёт ${money(v.invoiceAmount, v.currency)}`
    }${v.settled?.over ? ` (переплата ${v.settled.over})` : ''}${v.settled?.remaining ? ` (не хватает ${v.settled.remaining})` : ''}.\n${checkBoth(v.announcer)}`,
    buttons: [[{ text: '🔄 Проверить снова', action: buttons.payRecheck.encode({ promptId }) }, no], ...link],
  };
}

/** Why one sum for several invoices is no one tap from paid: some were not found, or the totals differ. */
const sharedDiffers = (s: SharedSumView) =>
  s.missing
    ? `Общая сумма ${s.total}, но не все счета нашёл — сверить её не с чем`
    : `Общая сумма ${s.total} не совпадает с суммой ${invoiceList(s.numbers, true)}: ${s.invoicesTotal}`;

/** How many invoice numbers a line names before it counts the rest: a phone's line, a toast's 200 characters. */
const LISTED = 5;

/**
 * «2018/961, 2018/962» — or, past LISTED, the first ones and «и ещё 55»: a deal with sixty unpaid
 * invoices must not make the line a screen long (or a toast over Telegram's 200). Items as given (escape them first for HTML).
 */
export const someOf = (items: string[], shown = LISTED): string =>
  items.length > shown ? `${items.slice(0, shown).join(', ')} и ещё ${items.length - shown}` : items.join(', ');

/** «не оплачен счёт № 2018/961», «не оплачены счета № 2018/961, 2018/962»: the deal's invoices still unpaid. Items as given. */
const notPaidYet = (numbers: string[]) =>
  numbers.length === 1 ? `не оплачен счёт № ${numbers[0]}` : `не оплачены счета № ${someOf(numbers)}`;

/** «счёта № 2018/961», «счетов № 2018/961, 2018/962» (after «после оплаты»). */
const unpaidInvoices = (numbers: string[]) =>
  `${numbers.length === 1 ? 'счёта' : 'счетов'} № ${someOf(numbers.map(esc))}`;

/** What the write did to the deal, one line under a confirmed prompt (empty: nothing to say). */
function dealMoveLine(m: DealMove, stageName: string): string {
  switch (m.kind) {
    case 'moved':
      return `Сделка переведена в «${esc(stageName)}».`;
    case 'unpaid':
      return `Сделка остаётся на своём этапе: по ней ещё ${notPaidYet(m.unpaid.map(esc))}.`;
    case 'kept':
      return `Сделка уже в «${esc(m.stageName)}» — стадию не меняю.`;
    case 'missing':
      return `Сделку не перевожу: в правилах бота указана стадия ${esc(m.stageId)}, которой нет в её воронке, — администратору сообщил.`;
    case 'failed':
      return `Сделку перевести не удалось: ${crmRefusal(m.why, 'deal')}. Переведите её в «${esc(stageName)}» вручную.`;
    case 'none':
      return '';
  }
}

/** Why the portal would not change an invoice (or a deal), in plain words (after «Битрикс24:»). */
export function crmRefusal(why: CrmRefusal, of: 'invoice' | 'deal' = 'invoice'): string {
  const deal = of === 'deal';
  return {
    denied: `у пользователя, от имени которого работает бот, нет прав менять ${deal ? 'сделки' : 'счета'}`,
    plan: `тариф Битрикс24 не позволяет менять ${deal ? 'сделки' : 'счета'}`,
    rejected: `Битрикс24 отклонил изменение ${deal ? 'сделки' : 'счёта'}`,
    missing: deal ? 'сделка не найдена — возможно, её удалили' : 'счёт не найден — возможно, его удалили',
    unanswered: 'Битрикс24 не отвечал (ошибка сервера), попытки исчерпаны',
  }[why];
}

/**
 * A prompt answered. A confirmation is shown twice: at the tap (`move` not given) as what is being
 * done — the CRM write goes out after the tap, through the outbox — and once the write is done, as
 * what was done to the invoice and the deal; or, when the outbox gave the write up (`unwritten`),
 * that the invoice is not marked, and why.
 */
/**
 * «✖ Не мой / ошибка» pressed: the prompt asks to confirm before it closes and «Оплата» hears it — a
 * tap beside «Да» may be a slip, and a closed prompt has no way back. No «Да» beside this question.
 */
export function paymentRejectAsk(prompt: OutMessage, promptId: number): OutMessage {
  return {
    text: `${prompt.text}\n\n❓ Точно не ваш счёт или ошибка? Запрос закроется, а в «Оплата» я напишу, что счёт не ваш или в сообщении ошибка.`,
    buttons: [
      [
        { text: '✖ Да, не мой / ошибка', action: buttons.payNoSure.encode({ promptId }) },
        { text: '↩️ Назад', action: buttons.payBack.encode({ promptId }) },
      ],
    ],
  };
}

export function paymentPromptDone(
  v: PromptView,
  outcome:
    | 'confirmed'
    | 'rejected'
    | 'withdrawn'
    | 'notPaid'
    | 'unclear'
    | 'unclearNumber'
    | 'unclearSum'
    | 'already'
    | 'retracted',
  byName: string,
  move?: DealMove,
  unwritten?: CrmRefusal,
): OutMessage {
  const written = move ? dealMoveLine(move, v.stageName) : '';
  const confirmedNow = `✅ Оплата счёта № ${esc(v.number)} подтверждена — ${esc(byName)}`;
  const line = {
    confirmed: move
      ? `✅ Счёт № ${esc(v.number)} отмечен оплаченным — ${esc(byName)}${written ? `\n${written}` : ''}`
      : unwritten
        ? `${confirmedNow}\n⚠️ Но не удалось отметить счёт № ${esc(v.number)} оплаченным в Битрикс24: ${crmRefusal(unwritten)}.\nОтметьте его вручную или попросите объявить оплату ещё раз — придёт новый запрос.`
        : `${confirmedNow}\n⏳ Отмечаю счёт оплаченным в Битрикс24…`,
    rejected: `✖ Отклонено: не мой счёт / ошибка — ${esc(byName)}`,
    // Whoever announced it (a director, an accountant among payments.announcers): the line below names them.
    withdrawn: `↩️ Сообщение об оплате изменено — этот счёт в нём больше не упоминается`,
    // Edited to name the invoice as unpaid («943 ещё не оплачен»): it is mentioned, only no longer as paid.
    notPaid: `↩️ Сообщение об оплате изменено — в нём больше не сказано, что этот счёт оплачен`,
    unclear: `↩️ Сообщение об оплате изменено — в нём больше нет ни номера счёта, ни суммы, запрос снят`,
    unclearNumber: `↩️ Сообщение об оплате изменено — в нём больше нет номера счёта, запрос снят`,
    unclearSum: `↩️ Сообщение об оплате изменено — в нём больше нет суммы, запрос снят`,
    already: `✅ Счёт № ${esc(v.number)} уже был оплачен`,
    // Taken back in «Оплата» by an announcer (`byName`): «Отмена! счёт 943 не оплачен, ошибся».
    retracted: `↩️ Оплата счёта № ${esc(v.number)} отменена в «Оплата» — ${esc(byName)}; запрос снят`,
  }[outcome];
  // Paid in parts: the parts and the total, not the last part's sum alone.
  const paid =
    outcome !== 'withdrawn' && outcome !== 'notPaid' && !outcome.startsWith('unclear') && v.settled?.parts
      ? v.settled.parts
      : v.paid === null
        ? ''
        : money(v.paid, v.paidCurrency ?? v.currency);
  return {
    text: `${line}\n${esc(v.announcer.name)}: ${v.company ? `${esc(v.company)}, ` : ''}${paid}`,
    buttons: [],
  };
}

/** The old manager's copy of a prompt whose invoice was re-assigned in the CRM. */
export function paymentPromptMoved(v: PromptView, to: Named): OutMessage {
  return {
    text: `↪️ Счёт № ${esc(v.number)} теперь ведёт ${esc(to.name)} (изменено в Битрикс24) — запрос об оплате передан ${agree(to, 'ему', 'ей', 'ему/ей')}.`,
    buttons: [],
  };
}

/** Russian plural forms (Intl.PluralRules 'ru': one / few / many). */
const ruPlural = new Intl.PluralRules('ru');
function plural(n: number, one: string, few: string, many: string): string {
  const form = ruPlural.select(n);
  return form === 'one' ? one : form === 'few' ? few : many;
}

/** Who paid, as a message names them: a name (a company, «Иванов П.») or only an INN. */
export interface PayerRef {
  name: string | null;
  inn: string | null;
}

/**
 * The payer after «у», «от» or a noun: «плательщика «ЭЛЕКСИС ООО»», «плательщика с ИНН 7806210729».
 * The word «плательщика» takes the case and the name stays as written, so a name is never put in a
 * case it cannot take («у Иванов П.»). Escaped for HTML.
 */
function payerOf(p: PayerRef): string {
  if (!p.name) return `плательщика с ИНН ${esc(p.inn ?? '?')}`;
  return /[«"„“]/u.test(p.name) ? `плательщика ${esc(p.name)}` : `плательщика «${esc(p.name)}»`;
}

export const paymentChat = {
  routed: (managerName: string, number: string) => `→ ${esc(managerName)}, счёт ${esc(number)}`,
  /** Above the routed line: the invoice's manager cannot get the prompt, so a stand-in has it. */
  handedTo: (from: Named, why: HandedOverWhy, number: string, role: StandInRole, to: string) =>
    `${cannotGet(from, why)} — счёт ${esc(number)} передал${role ? ` ${standInDative[role]}` : ''}: ${esc(to)}`,
  /** Nobody the bot reaches can take the prompt: the chat hears it, so the payment is confirmed by hand. */
  nobodyToHand: (from: Named, why: HandedOverWhy, number: string) =>
    `${cannotGet(from, why)}, а руководителя и директора бот тоже не может известить — счёт ${esc(number)} отметьте оплаченным в Битрикс24 вручную`,
  routedIncomplete: (managerName: string, number: string, missing: string[]) =>
    `→ ${esc(managerName)}, счёт ${esc(number)}: сумма совпадает, в счёте не заполнено: ${missing.map(esc).join(', ')}`,
  partial: (managerName: string, number: string, remaining?: string | null) =>
    `→ ${esc(managerName)}, счёт ${esc(number)} (частичная оплата, записал${remaining ? `; осталось ${remaining}` : ''})`,
  /** A payment that, with the parts recorded before, pays the invoice whole (or over it). */
  settledLine: (managerName: string, number: string, parts: string, matches: boolean) =>
    `→ ${esc(managerName)}, счёт ${esc(number)}: ${matches ? `вместе с прежними оплатами ${parts} — совпадает` : `вместе с прежними оплатами ${parts} — больше суммы счёта`}`,
  /** A paid invoice whose parts no longer add up to it, after an edit: the manager is asked to check. */
  paidDisagrees: (number: string, parts: string, diff: string, managerName: string) =>
    `⚠️ Счёт ${esc(number)} уже отмечен оплаченным, но оплаты по нему теперь ${parts} — ${diff}. Статус не меняю; попросил ${esc(managerName)} сверить с банком.`,
  /** The same part of an invoice announced again: recorded once. */
  partRecorded: (number: string) =>
    `Счёт ${esc(number)}: эта частичная оплата уже записана, второй раз не считаю. Если это ещё один платёж — напишите, например, «доплатили 5000 по счёту ${esc(number)}».`,
  /** A part of the same sum recorded another day, nothing to tell them apart: counted, its manager asked. */
  samePartAsked: (number: string, paid: string, day: string, managerName: string) =>
    `По счёту ${esc(number)} ${esc(day)} уже записана оплата ${paid} — считаю эту второй оплатой и спросил ответственного (${esc(managerName)}), не та ли это же ещё раз`,
  mismatch: (managerName: string, number: string, paid: string, total: string) =>
    `→ ${esc(managerName)}, счёт ${esc(number)}: сумма не совпадает (${paid} ≠ ${total})`,
  /** A payment with no sum for this invoice: one sum for several that is not their total (`shared`), or none. */
  noSumOfItsOwn: (managerName: string, number: string, invoiceAmount: string, shared: boolean) =>
    shared
      ? `→ ${esc(managerName)}, счёт ${esc(number)} на ${invoiceAmount}: общая сумма не сходится — одной кнопкой не отметить`
      : `→ ${esc(managerName)}, счёт ${esc(number)}: сумма оплаты не указана (счёт на ${invoiceAmount})`,
  /** One sum for several invoices, above their lines: whether it is their total. */
  sharedSum: (s: SharedSumView) =>
    s.agrees
      ? `Общая сумма ${s.total} = сумма ${invoiceList(s.numbers, true)} (${s.invoicesTotal}) — совпадает.`
      : `⚠️ ${sharedDiffers(s)}. Проверьте суммы; если ошибка в сообщении — исправьте его, я перечитаю.`,
  alreadyPaid: (number: string) => `Счёт ${esc(number)} уже отмечен оплаченным.`,
  alreadyConfirmed: (number: string, managerName: string) =>
    `Счёт ${esc(number)}: оплата уже подтверждена (${esc(managerName)}), повторно не запрашиваю.`,
  /** Confirmed by an earlier prompt, then put back to unpaid in Bitrix24: asked again (after the routed line). */
  putBack: (number: string, day: string, managerName: string) =>
    `Счёт ${esc(number)} уже подтверждали ${esc(day)} (${esc(managerName)}), потом в Битрикс24 счёт вернули в неоплаченные — спрашиваю снова`,
  alreadyPending: (number: string, managerName: string) =>
    `Счёт ${esc(number)}: эта оплата уже ждёт подтверждения (ответственный — ${esc(managerName)}), второй запрос не отправляю.`,
  /** The invoice has a prompt waiting already (another sum, or another payment order): a second one is sent, and said so. */
  openBefore: (number: string, managerName: string, paid: string | null) =>
    `По счёту ${esc(number)} уже открыт другой запрос${paid ? ` (${paid})` : ''} (ответственный — ${esc(managerName)}). Отправил второй с пометкой: если это та же оплата, подтвердить нужно только один`,
  currencyDiffers: (managerName: string, number: string, paid: string, total: string) =>
    `→ ${esc(managerName)}, счёт ${esc(number)}: валюта не совпадает (${paid} — счёт на ${total})`,
  notFound: (number: string) => `Не нашёл счёт ${esc(number)} — проверьте номер.`,
  notFoundByPayer: (payer: PayerRef) =>
    `Не нашёл неоплаченный счёт ${payerOf(payer)} на эту сумму — напишите номер счёта, пожалуйста.`,
  ambiguous: (written: string, payment?: string) =>
    `${payment ? `${esc(payment)}: под` : 'Под'} «${esc(written)}» подходят несколько счетов — какой оплачен?`,
  /** A statement's payment, so a question (and its buttons) says which one it is about: «п/п № 700, 4 000 ₽». */
  statementPayment: (docNumber: string, amount: string | null, payer: string | null) =>
    [`Платёж № ${docNumber}`, amount, payer].filter(Boolean).join(', '),
  /** A button of a choice: the invoice, and (in a statement) the payment it is for. */
  choiceButton: (docNumber: string | null, invoice: string, amount: string, company: string | null) =>
    `${docNumber ? `№ ${docNumber} → ` : ''}${invoice} — ${amount}${company ? ` (${company})` : ''}`,
  /** An edit dropped an invoice a manager had confirmed: the CRM write stands, people are told. */
  confirmedByOldVersion: (number: string) =>
    `Счёт ${esc(number)} уже отмечен оплаченным по прежней версии сообщения — если это ошибка, верните статус в Bitrix24.`,
  /** An INN no one can have: what is wrong with it, politely. */
  innMistake: (m: { written: string; kind: 'length' | 'checksum' }) =>
    m.kind === 'checksum'
      ? `ИНН ${esc(m.written)} — не сходится контрольная цифра, проверьте, пожалуйста.`
      : `ИНН ${esc(m.written)} — ${m.written.length} ${plural(m.written.length, 'цифра', 'цифры', 'цифр')}, а в ИНН их 10 (организация) или 12 (ИП, физлицо). Проверьте, пожалуйста.`,
  /** /payments typed in a group that is not «Оплата»: the day's money is not for everyone there. */
  listElsewhere: '/payments показывает оплаты только в чате «Оплата» или в личном чате со мной.',
  askNumber:
    'Не понял, какой счёт оплачен. Напишите, пожалуйста, номер счёта (например, 2018/943) или ИНН плательщика.',
  /** An announcer's withdrawal took back an open prompt (`part`: a partial payment recorded). */
  withdrawn: (number: string, who: PromptHolder, part: boolean) =>
    `↩️ Счёт ${esc(number)}: ${part ? 'частичная оплата снята' : 'запрос снят'} (${holder(who)}).`,
  /**
   * An edit (or a correction sent after it, «не 8805, а 943») no longer names the invoice: its open prompt is
   * withdrawn. `unpaidNow`: the edit still names it, as unpaid («943 ещё не оплачен») — not «больше не в сообщении».
   */
  withdrawnByEdit: (number: string, who: PromptHolder, part: boolean, unpaidNow = false) =>
    unpaidNow
      ? `↩️ Счёт ${esc(number)}: в исправленном сообщении больше не сказано, что он оплачен, — ${part ? 'частичная оплата снята' : 'запрос снят'} (${holder(who)}).`
      : `↩️ Счёт ${esc(number)} больше не в сообщении — ${part ? 'частичная оплата снята' : 'запрос снят'} (${holder(who)}).`,
  /** «ой, не 8805, а 943» sent on its own: taken as an edit of the announcement, answered under it. */
  invoiceSwapped: (wrong: string, right: string) =>
    `Понял: вместо счёта ${esc(wrong)} — ${esc(right)}. Читаю сообщение об оплате с этим номером — ответ под ним.`,
  /** …and found the payment confirmed already: the invoice stays paid in Bitrix24, said plainly. */
  withdrawnConfirmed: (number: string, by: Named) =>
    // Told is who confirmed (a stand-in may have): «ей сообщил», not «ответственному».
    `⚠️ ${sentence(`Счёт ${esc(number)} уже отмечен оплаченным — ${agree(by, 'подтвердил', 'подтвердила', 'подтвердил(а)')} ${esc(by.name)}`)} В Битрикс24 он останется оплаченным, пока отметку не снимут вручную; ${agree(by, 'ему', 'ей', 'ему/ей')} сообщил.`,
  /** The announcement replied to was not read yet: its prompts will not go out. */
  withdrawnUnread: 'Оплату из этого сообщения не рассылаю — отменено.',
  /** A message that may take a payment back, not plainly: asked, with the words that would. */
  withdrawalDoubt: (numbers: string[], managers: string[]) => {
    const one = numbers.length === 1;
    const which = numbers.map(esc).join(', ');
    return `${one ? 'Счёт' : 'Счета'} ${which} ${one ? 'ждёт' : 'ждут'} подтверждения оплаты (${managers.map(esc).join(', ')}). Отменить ${one ? 'эту оплату' : 'эти оплаты'}? Если да, напишите «отмена ${esc(numbers[0] ?? '')}»${one ? '' : ' (и так по каждому)'} или ответьте «отмена» на сообщение об оплате. Если оплата в силе — ничего делать не нужно.`;
  },
  /** After «→ Гракун Е., счёт 8801»: the prompt went without the one-tap «Да». */
  caveatNote: '— без кнопки «Да»: в сообщении оговорка, ответственный сначала проверит оплату',
  /** An announcement that takes itself back («…, но это ошибка, не проводите»): no prompt goes out. */
  takenBackItself: (numbers: string[]) =>
    `Понял: оплату по ${numbers.length === 1 ? 'счёту' : 'счетам'} ${numbers.map(esc).join(', ')} в этом же сообщении отменили — запрос не отправляю.`,
  /** «не по 8801», «не за 8801, а за доставку»: the money is not for the invoice named. */
  notForInvoice: (numbers: string[]) =>
    `Понял: это оплата не по ${numbers.length === 1 ? 'счёту' : 'счетам'} ${numbers.map(esc).join(', ')} — запрос не отправляю. Если она по другому счёту, напишите его номер.`,
  /** A withdrawal that matched nothing: what it looked for. */
  withdrawalFoundNothing: (looked: { numbers: string[] } | { reply: true } | { nothing: true }) =>
    'numbers' in looked
      ? `Не нашёл объявленной за последние 30 дней оплаты по ${looked.numbers.length === 1 ? 'счёту' : 'счетам'} ${looked.numbers.map(esc).join(', ')} — отменять нечего.`
      : 'reply' in looked
        ? 'По этому сообщению запросов не отправлял — отменять нечего.'
        : 'Не понял, какую оплату отменить. Ответьте «отмена» на сообщение об оплате или напишите номер счёта, например: «Отмена: счёт 2018/943 не оплачен».',
  /** «ЭЛЕКСИС оплатил 4000» read as the sum: how it was read, so a wrong reading is seen at once. */
  readAsSum: (written: string, payer: PayerRef, invoice: string, amount: string) =>
    `«${esc(written)}» прочитал как сумму: счёта № ${esc(written)} среди открытых нет, а у ${payerOf(payer)} один открытый счёт на эту сумму — ${esc(invoice)} на ${amount}.`,
  /** An edit's «943 400» read as invoice 943 and 400 ₽ (the earlier version named 943): how, and the other reading. */
  readAsInvoiceAndSum: (written: string, sum: string, whole: string) =>
    `«${esc(written)} ${sum.replace(/\s*₽$/u, '')}» прочитал как счёт ${esc(written)} на ${sum} — этот счёт был в прежней версии сообщения. Если ${whole} — это сумма, напишите номер счёта.`,
  /** A fresh message's «950 450» read as invoice 950 and 450 ₽ (an open invoice has that number): how, and the other reading. */
  readAsOpenInvoiceAndSum: (written: string, sum: string, whole: string) =>
    `«${esc(written)} ${sum.replace(/\s*₽$/u, '')}» прочитал как счёт ${esc(written)} на ${sum} — такой счёт открыт в Битрикс24. Если ${whole} — это сумма, напишите номер счёта.`,
  /** «оплачен 1205 1500»: the last number read as the sum (no invoice has it), and the other reading. */
  readLastAsSum: (written: string, invoices: string[], sum: string) =>
    `«${esc(written)}» прочитал как сумму ${sum} по ${invoices.length === 1 ? 'счёту' : 'счетам'} ${invoices.map(esc).join(', ')}: счёта № ${esc(written)} не нашёл. Если это номер счёта — напишите сумму.`,
  /** A bare number that reads both ways (or neither): both readings named. */
  numberOrSum: (written: string, payer: PayerRef, byNumber: string | null, bySum: string[]) =>
    `«${esc(written)}» — это номер счёта или сумма? ${
      byNumber ? `Есть открытый счёт № ${esc(byNumber)}` : `Открытого счёта № ${esc(written)} не нашёл`
    }; ${
      bySum.length === 0
        ? `открытого счёта ${payerOf(payer)} на ${esc(written)} ₽ тоже нет`
        : bySum.length === 1
          ? `у ${payerOf(payer)} есть открытый счёт ${esc(bySum[0] ?? '')}`
          : `у ${payerOf(payer)} несколько открытых счетов на эту сумму: ${someOf(bySum.map(esc))}`
    }. Напишите, пожалуйста, номер счёта и сумму, например: «Оплачен счёт 2018/943 на 4000».`,
  /** A payer named with no invoice number and no sum: its open invoices, and what is missing. */
  askForPayer: (payer: PayerRef, open: string[]) =>
    open.length === 0
      ? `Не нашёл открытых счетов ${payerOf(payer)}. Напишите, пожалуйста, номер счёта и сумму, например: «Оплачен счёт 2018/943 на 4000».`
      : open.length === 1
        ? `Какая сумма пришла от ${payerOf(payer)}? Открытый счёт у него один — ${esc(open[0] ?? '')}. Напишите сумму, например: «Оплачен счёт ${esc((open[0] ?? '').split(' ')[0] ?? '')} на 4000» — без суммы не могу сверить со счётом.`
        : `У ${payerOf(payer)} ${open.length} ${plural(open.length, 'открытый счёт', 'открытых счёта', 'открытых счетов')}${open.length <= 5 ? `: ${open.map(esc).join(', ')}` : ''}. Какой оплачен и на какую сумму? Напишите номер счёта и сумму, например: «Оплачен счёт 2018/943 на 4000».`,
  /**
   * «оплата 4000»: no invoice has that number (and no sum was written). `asSum` the number read as a sum
   * (a bare number), `bySum` the open invoices of that sum: offered, the way to write it shown.
   */
  noInvoiceNumbered: (written: string, asSum: string | null, bySum: Array<{ number: string; amount: string }>) => {
    const example = `«Оплачен счёт ${esc(bySum[0]?.number ?? '2018/943')} на ${asSum ? esc(written) : '4000'}»`;
    if (asSum && bySum.length)
      return `Счёта № ${esc(written)} не нашёл. Если ${asSum} — это сумма, то на неё ${
        bySum.length === 1
          ? `открыт счёт ${esc(bySum[0]?.number ?? '')}`
          : `открыты счета ${someOf(bySum.map((i) => esc(i.number)))}`
      }. Напишите номер счёта и сумму, например: ${example}.`;
    return `Счёта № ${esc(written)} не нашёл${asSum ? `, открытого счёта на ${asSum} тоже нет` : ''}. Напишите, пожалуйста, номер счёта и сумму, например: ${example}.`;
  },
  /**
   * «оплата 4 000», «пришло 4000», «4000 руб»: a sum and no number. `bySum` the open invoices of that sum (none:
   * the number is asked plainly); `written` the sum as the example writes it («4000»).
   */
  sumWithoutNumber: (sum: string, written: string, bySum: string[]) =>
    bySum.length
      ? `Номера счёта не вижу. На ${sum} ${
          bySum.length === 1 ? `открыт счёт ${esc(bySum[0] ?? '')}` : `открыты счета ${someOf(bySum.map(esc))}`
        }. Напишите номер счёта и сумму, например: «Оплачен счёт ${esc(bySum[0] ?? '')} на ${esc(written)}».`
      : `Не понял, какой счёт оплачен: открытого счёта на ${sum} нет. Напишите, пожалуйста, номер счёта (например, 2018/943) или ИНН плательщика.`,
  askAmount: (numbers: string) => `Какая сумма пришла по счёту ${esc(numbers)}? Без суммы не могу сверить со счётом.`,
  /** At the tap: the CRM write goes out after it (the outbox); the line is edited once it is done. */
  confirming: (number: string, byName: string) =>
    `⏳ Оплата счёта ${esc(number)} подтверждена (${esc(byName)}) — отмечаю счёт оплаченным в Битрикс24…`,
  confirmed: (number: string, byName: string) => `✅ Счёт ${esc(number)} отмечен оплаченным (${esc(byName)}).`,
  /** The tap's line once the outbox gave the write up: it no longer says the invoice is being marked. */
  confirmedUnwritten: (number: string, byName: string) =>
    `⚠️ Оплата счёта ${esc(number)} подтверждена (${esc(byName)}), но в Битрикс24 счёт оплаченным не отмечен.`,
  /** The one new line in the thread when the outbox gave the write up. */
  writeFailed: (number: string, why: CrmRefusal) =>
    `⚠️ Счёт ${esc(number)} не удалось отметить оплаченным в Битрикс24: ${crmRefusal(why)}. Отметьте его вручную или объявите оплату ещё раз.`,
  rejected: (number: string, byName: string) =>
    `✖ ${esc(byName)}: счёт ${esc(number)} — не мой / ошибка. Проверьте, пожалуйста.`,
  picked: (number: string) => `Выбран счёт ${esc(number)}.`,
  /** A photo with no caption: a picture is not read (a screenshot of the order), the caption is. */
  photoWithoutCaption:
    'Фото без подписи не читаю — по картинке оплату не сверить. Напишите номер счёта и сумму в подписи к фото или сообщением, например: «Оплачен счёт 2018/943 на 4000».',
  notStatement: (name: string) =>
    `Файл${name ? ` «${esc(name)}»` : ''} не похож на выписку из банка в формате 1С (1CClientBankExchange), поэтому я его не читаю. Чтобы отметить оплату, напишите номер счёта и сумму текстом или в подписи к файлу, например: «Оплачен счёт 2018/943 на 4000».`,
  /**
   * A statement file cut short (a broken download or export): what came whole is read, a document cut
   * in the middle is not (its sum or purpose may be cut), and the director is asked for the file again.
   */
  fileCut: (
    name: string,
    where: { kind: 'document'; number: string | null; date: string | null; place: number } | { kind: 'file' },
  ) =>
    where.kind === 'file'
      ? `Файл${name ? ` «${esc(name)}»` : ''} оборван: в нём нет конца выписки (строки «КонецФайла»). Прочитал то, что в нём есть. Если платежей было больше, выгрузите выписку из банка ещё раз и пришлите файл.`
      : `Файл${name ? ` «${esc(name)}»` : ''} оборван на ${
          where.number
            ? `п/п № ${esc(where.number)}${where.date ? ` от ${esc(where.date)}` : ''}`
            : `${where.place}-м документе`
        }: этот платёж я не читал (сумма или назначение могли оборваться), а всё, что после него, не пришло. Остальное прочитал. Выгрузите выписку из банка ещё раз и пришлите файл.`,
  /** A 1C statement posted by someone who does not announce payments (payments.announcers): not read. */
  statementNotFromAnnouncer: (names: string[]) =>
    // The names in brackets: a name may end in an initial's full stop («Петров А.»).
    `Выписки из банка я читаю только от тех, кто объявляет оплаты${
      names.length ? ` (${names.map(esc).join(', ')})` : ''
    }, эту не читаю — пусть кто-то из них отправит файл сюда.`,
  /** A file over the statement limit (STATEMENT_MAX_BYTES): not read, and said why. */
  statementTooLarge: (name: string) =>
    `Файл${name ? ` «${esc(name)}»` : ''} больше 2 МБ — для выписки это слишком много, я его не читаю. Если это выписка, выгрузите, пожалуйста, период покороче.`,
  statementUnreadable:
    'Не получилось скачать файл из Telegram. Отправьте его, пожалуйста, ещё раз или напишите номер счёта и сумму текстом.',
  statementSummary: (
    incoming: number,
    c: {
      matched: number;
      differs: number;
      partial: number;
      notFound: number;
      other: number;
      later: number;
      seen: number;
      waiting: number;
    },
    lines: string[],
    /** Documents skipped: money that left our account, or moved between our own accounts. */
    outgoing = 0,
  ) =>
    [
      `📄 Выписка: ${incoming} ${plural(incoming, 'входящий платёж', 'входящих платежа', 'входящих платежей')}${
        outgoing ? ` (исходящие и переводы между своими счетами пропущены: ${outgoing})` : ''
      }.`,
      `совпадает: ${c.matched} · сумма не совпадает: ${c.differs} · не найден: ${c.notFound}` +
        (c.waiting ? ` · уже ждут подтверждения: ${c.waiting}` : '') +
        (c.partial ? ` · частично: ${c.partial}` : '') +
        (c.other ? ` · другое: ${c.other}` : '') +
        (c.later ? ` · прочитаю позже (портал не ответил): ${c.later}` : '') +
        (c.seen ? ` · уже были в прежних выписках: ${c.seen}` : ''),
      ...lines,
    ].join('\n'),
  /**
   * A statement's document the messenger cut (its end never came): not read as a payment — its sum
   * may be cut too — until the rest of the paste comes.
   */
  documentCut: (where: { number: string | null; date: string | null; place: number }) =>
    `${
      where.number
        ? `п/п № ${esc(where.number)}${where.date ? ` от ${esc(where.date)}` : ''}`
        : `${where.place}-й документ`
    } — оборван на середине, как платёж не прочитан: пришлите остаток выписки (прочитаю этот платёж вместе с ним) или этот платёж ещё раз.`,
  /**
   * A statement's document that was merged into a chat announcement's prompt, that prompt since
   * withdrawn or changed by an edit: the bank's payment is asked about on its own.
   */
  documentReleased: (number: string | null) =>
    `${number ? `п/п № ${esc(number)}` : 'Платёж'} из выписки: сообщение, с которым я объединил этот платёж, изменилось — запрашиваю платёж по выписке отдельно.`,
  /** A 1C document already read from an earlier file (or pasted alone as a message): said so, not prompted again. */
  documentSeen: (number: string, date: string, sum: string, when: string, inStatement = true) =>
    `п/п № ${esc(number)} от ${esc(date)} на ${esc(sum)} — уже был ${inStatement ? 'в выписке' : 'в сообщении'} ${esc(when)}, повторно не запрашиваю.`,
  /**
   * A statement pasted in several messages whose end never came (or that the author broke off): what
   * came is read, and the thread hears where it stopped, so the missing part can be sent again.
   */
  pasteCut: (
    where: { kind: 'document'; number: string | null; date: string | null; place: number } | { kind: 'file' },
  ) =>
    where.kind === 'file'
      ? 'Похоже, выписка оборвалась: в тексте нет её конца (строки «КонецФайла»). Прочитал то, что пришло. Если в ней были ещё платежи, пришлите, пожалуйста, остаток или выписку файлом.'
      : `Похоже, выписка оборвалась на ${
          where.number
            ? `п/п № ${esc(where.number)}${where.date ? ` от ${esc(where.date)}` : ''}`
            : `${where.place}-м документе`
        }: его конец (и всё, что после него) не пришёл. Прочитал то, что пришло. Пришлите, пожалуйста, этот платёж ещё раз или всю выписку файлом.`,
  /** /chatid in a group: its id, and whether it is the «Оплата» of the rules. */
  chatId: (
    id: string,
    role:
      | { kind: 'unset' }
      | { kind: 'payment' }
      | { kind: 'moved'; from: string }
      | { kind: 'other'; payment: string },
  ) =>
    [
      `id этого чата: <code>${esc(id)}</code>`,
      {
        unset: `Чат «Оплата» в правилах ещё не задан. Если оплаты объявляют здесь, поставьте payments.telegramChatId: ${esc(id)}.`,
        payment: 'Это чат «Оплата» из правил (payments.telegramChatId) — бот читает оплаты здесь.',
        moved: `Это чат «Оплата»: группа стала супергруппой, и id сменился (был ${role.kind === 'moved' ? esc(role.from) : ''}). Бот уже читает её по новому id; поставьте payments.telegramChatId: ${esc(id)} в правилах.`,
        other: `Это не чат «Оплата»: в правилах payments.telegramChatId — ${role.kind === 'other' ? esc(role.payment) : ''}. Оплаты здесь бот не читает.`,
      }[role.kind],
    ].join('\n'),
  /** /chatid in the private chat with the bot: no group here. */
  chatIdPrivate: (id: string) =>
    `Это личный чат с ботом (его id: <code>${esc(id)}</code>). Чтобы узнать id группы, отправьте /chatid в самой группе; если у бота включён режим приватности — /chatid@имя_бота.`,
  /** One 1C document pasted alone whose end never came: not read as a payment until the rest comes. */
  documentPasteCut: (where: { number: string | null; date: string | null }) =>
    `Похоже, платёжка ${
      where.number ? `п/п № ${esc(where.number)}${where.date ? ` от ${esc(where.date)}` : ''} ` : ''
    }оборвалась: её конец не пришёл, поэтому как платёж я её не читал (сумма или назначение могли оборваться). Пришлите, пожалуйста, остаток — прочитаю вместе с началом — или этот платёж ещё раз целиком.`,
  anonymous:
    'Это сообщение отправлено анонимно (от имени группы) — бот не знает, кто его написал, и не может по нему отметить оплату. Отключите «Оставаться анонимным» в правах администратора и напишите сообщение ещё раз.',
  /** A post sent «as a channel» (`title` the channel's): nobody to name, so nothing to mark paid. */
  asChannel: (title: string) =>
    `Это сообщение отправлено от имени канала${title ? ` «${esc(title)}»` : ''} — бот не знает, кто его написал, и не может по нему отметить оплату. Нажмите на аватар у поля ввода, выберите себя и напишите сообщение ещё раз.`,
  moved: (to: string) =>
    `⚠️ Группа «Оплата» в Telegram стала супергруппой, её новый id — ${esc(to)}. Бот читает её по новому id; поставьте payments.telegramChatId: ${esc(to)} в правилах.`,
  movedLine: (from: string, to: string) => `Чат «Оплата»: ${esc(to)} (был ${esc(from)} — группа стала супергруппой).`,
};

export const paymentReplies = {
  /**
   * At the tap the CRM write has not gone out yet (the outbox sends it): the toast says what is being
   * done, and the card, edited once the write is done, says what was done to the deal.
   */
  /** The toast of «Да», at once: the invoice is read from the portal after it; the card follows. */
  checkingToConfirm: 'Принято, проверяю счёт в Битрикс24 — результат будет в карточке.',
  /** The toast of «Проверить снова», at once. */
  checking: 'Проверяю счёт в Битрикс24…',
  confirmed: 'Принято: отмечаю счёт оплаченным в Битрикс24 — что стало со сделкой, допишу в карточке.',
  confirmedDealStays: (unpaid: string[]) =>
    `Принято: отмечаю счёт оплаченным. Сделку не перевожу — по ней ещё ${notPaidYet(unpaid)}.`,
  rejected: 'Понял, директору сообщил.',
  rejectAsked: 'Подтвердите кнопкой под запросом — или нажмите «Назад».',
  back: 'Запрос снова открыт.',
  notYours: (manager: Named) =>
    `Этот счёт ведёт ${manager.name} — подтвердить может только ${agree(manager, 'он', 'она', 'он(а)')}.`,
  notOpen: 'Этот запрос уже закрыт.',
  stillDiffers: (paid: string, total: string) => `Суммы всё ещё не совпадают: ${paid} ≠ ${total}.`,
  /** «Проверить снова» on a payment with no sum of its own: nothing to compare until the message says it. */
  noSumToCheck: (shared: boolean) =>
    shared
      ? 'Общая сумма по-прежнему не совпадает с суммой счетов. Если ошибка в сообщении, его исправит автор.'
      : 'В сообщении об оплате нет суммы — сверить не с чем. Сумму добавит автор, исправив сообщение.',
  currencyDiffers: (paid: string, total: string) =>
    `Валюты не совпадают: оплата ${paid}, счёт на ${total}. Одной кнопкой не отметить.`,
  reassigned: (to: Named, fromName: string) =>
    `Счёт в Битрикс24 теперь ведёт ${to.name} (не ${fromName}) — запрос передан ${agree(to, 'ему', 'ей', 'ему/ей')}, оплату подтвердит ${agree(to, 'он', 'она', 'он(а)')}.`,
  nowMatches: 'Теперь суммы совпадают — можно подтвердить.',
  /** A prompt with a caveat, its manager says he checked: the «Да» is there now. */
  caveatChecked: 'Понял, проверено — теперь можно подтвердить оплату.',
  /** «Да» pressed on a prompt with a caveat (an old copy): not paid, check first. */
  caveatFirst: 'В сообщении об оплате есть оговорка — сначала проверьте оплату и нажмите «Проверил — оплата верна».',
  mismatchNow: 'Сумма счёта изменилась и больше не совпадает с оплатой — проверьте.',
  onlyAnnouncer: 'Выбрать счёт может только тот, кто объявил оплату.',
  picked: 'Счёт выбран.',
  fieldsMissing: (labels: string[]) =>
    `В счёте не заполнено: ${labels.join(', ')}. Заполните и нажмите «Проверить снова».`,
  noticeChanging:
    'Сообщение об оплате только что изменили — бот его перечитывает. Запрос обновится, посмотрите ещё раз.',
  /** A tap that could not be decided (the portal refused or did not answer: its limit, an outage): nothing changed. */
  tapFailed: (number: string, verb: 'yes' | 'recheck') =>
    `Счёт № ${esc(number)}: не получилось проверить его в Битрикс24 — портал не ответил. Ничего не изменилось, запрос открыт: нажмите «${verb === 'yes' ? '✅ Да, оплачен' : '🔄 Проверить снова'}» ещё раз через минуту.`,
};

export const paymentTimeline = {
  /** Appended to a confirmation: the deal is not moved while another of its invoices is unpaid. */
  dealStays: (unpaid: string[]) =>
    unpaid.length ? ` Сделка остаётся на своём этапе: по ней ещё ${notPaidYet(unpaid)}.` : '',
  /** `parts`: «5 000 ₽ 30.11 + 5 000 ₽ 01.12 = 10 000 ₽» when the invoice was paid in parts, else null. */
  confirmed: (number: string, amount: string, byName: string, quote: string, parts: string | null = null) =>
    parts
      ? `Бот: оплата счёта № ${number} подтверждена (${byName}): ${parts}. Последняя оплата — сообщение в «Оплата»: «${quote}»`
      : `Бот: оплата счёта № ${number} на ${amount} подтверждена (${byName}). Сообщение в «Оплата»: «${quote}»`,
  /** A part edited in «Оплата» (`now`), or taken back (`now` null: the message no longer names it, or a «Не мой»). */
  partChanged: (part: boolean, number: string, was: string, now: string | null, why: string) =>
    now === null
      ? `Бот: ${part ? 'частичная оплата' : 'оплата'} по счёту № ${number} на ${was} снята: ${why}.`
      : `Бот: ${part ? 'частичная оплата' : 'оплата'} по счёту № ${number} изменена: было ${was}, стало ${now} (${why}).`,
  /** Why a part changed, for partChanged. */
  partWhy: {
    edited: 'сообщение в «Оплата» изменено',
    withdrawn: 'сообщение в «Оплата» изменено, счёт в нём больше не упоминается',
    notPaid: 'сообщение в «Оплата» изменено, в нём больше не сказано, что счёт оплачен',
    unclear: 'в сообщении в «Оплата» больше нет ни номера счёта, ни суммы',
    unclearNumber: 'в сообщении в «Оплата» больше нет номера счёта',
    unclearSum: 'в сообщении в «Оплата» больше нет суммы',
    rejected: (byName: string) => `${byName}: не мой счёт / ошибка`,
    retracted: (byName: string) => `отменена в «Оплата» (${byName})`,
  },
  /** A confirmed payment withdrawn in «Оплата»: the invoice stays paid; the status is a person's to change. */
  withdrawnConfirmed: (number: string, byName: string) =>
    `Бот: оплату счёта № ${number} отменили в «Оплата» (${byName}), но она уже подтверждена — счёт остаётся оплаченным, статус бот не менял.`,
  /** A paid invoice whose parts no longer add up to it: the status stays, the manager checks. */
  paidDisagrees: (number: string, parts: string, diff: string) =>
    `Бот: счёт № ${number} отмечен оплаченным, но после изменения оплат по нему ${parts} — ${diff}. Статус счёта бот не менял; менеджеру сообщено.`,
  partial: (number: string, amount: string, total: string, quote: string) =>
    `Бот: частичная оплата по счёту № ${number}: ${amount} из ${total}. Сообщение в «Оплата»: «${quote}»`,
  /** After the write: the invoice is paid, the deal was not moved, and why (the portal's own history shows a move). */
  stageKept: (number: string, m: Extract<DealMove, { kind: 'kept' | 'missing' }>) =>
    m.kind === 'kept'
      ? `Бот: счёт № ${number} отмечен оплаченным; сделка уже в «${m.stageName}» — стадию не меняю.`
      : `Бот: счёт № ${number} отмечен оплаченным; стадию сделки не меняю — в правилах бота указана стадия ${m.stageId}, которой нет в воронке «${m.pipelineName}».`,
};

/** «не хватает 2 000 ₽ до 10 000 ₽» / «переплата 1 000 ₽»: how a total paid differs from the invoice. */
export function paidDiff(total: number, invoice: number, currency: string): string {
  const d = Math.round((invoice - total) * 100) / 100;
  return d > 0 ? `не хватает ${money(d, currency)} до ${money(invoice, currency)}` : `переплата ${money(-d, currency)}`;
}

/**
 * To the manager who confirmed an invoice whose parts, after an edit in «Оплата», no longer add up to
 * it: the invoice stays paid in Bitrix24 (their tap did it; the bot does not undo it), and the way back is theirs.
 */
export function paymentPaidDisagrees(v: PromptView, parts: string, diff: string): OutMessage {
  return {
    text: `⚠️ Счёт № ${esc(v.number)} уже отмечен оплаченным, но ${esc(v.announcer.name)} ${agree(v.announcer, 'изменил', 'изменила', 'изменил(а)')} сообщение об оплате: оплаты по счёту теперь ${parts} — ${diff}.
Снять отметку об оплате? Сверьте с банком; если оплачено не всё — верните счёт в Битрикс24 из «Оплачен» (бот сам статус не снимает). Если всё верно — ничего делать не нужно.`,
    buttons: v.dealLink ? [[{ text: '🔗 Открыть сделку', url: v.dealLink }]] : [],
  };
}

/**
 * To the manager who confirmed a payment its announcer (`by`) then withdrew in «Оплата»: the invoice
 * stays paid in Bitrix24 (the bot does not undo a person's tap), and the way back is theirs.
 */
export function paymentWithdrawnAfterConfirm(v: PromptView, by: Named): OutMessage {
  const paid = v.paid === null ? '' : ` (${money(v.paid, v.paidCurrency ?? v.currency)})`;
  return {
    text: `↩️ ${esc(by.name)} ${agree(by, 'отменил', 'отменила', 'отменил(а)')} оплату счёта № ${esc(v.number)}${paid}, а она уже подтверждена: в Битрикс24 счёт отмечен оплаченным и таким останется — бот сам отметку не снимает.
Сверьте с банком; если денег нет — верните счёт из «Оплачен» в Битрикс24.`,
    buttons: v.dealLink ? [[{ text: '🔗 Открыть сделку', url: v.dealLink }]] : [],
  };
}

/**
 * To the manager who confirmed an invoice the announcer's edited message no longer names (`unclear`
 * false), or can no longer be read: what it lost — its invoice number, its sum, or both (`true`).
 */
export function paymentConfirmedThenEdited(
  v: PromptView,
  unclear: boolean | 'number' | 'sum' | 'notPaid' = false,
): OutMessage {
  const change =
    unclear === 'notPaid'
      ? `в нём больше не сказано, что счёт № ${esc(v.number)} оплачен`
      : unclear === 'number'
        ? 'в нём больше нет номера счёта'
        : unclear === 'sum'
          ? 'в нём больше нет суммы'
          : unclear
            ? 'в нём больше нет ни номера счёта, ни суммы'
            : `счёт № ${esc(v.number)} в нём больше не упоминается`;
  return {
    text: `↩️ ${esc(v.announcer.name)} ${agree(v.announcer, 'изменил', 'изменила', 'изменил(а)')} сообщение об оплате — ${change}.\n${paymentChat.confirmedByOldVersion(v.number)}`,
    buttons: v.dealLink ? [[{ text: '🔗 Открыть сделку', url: v.dealLink }]] : [],
  };
}

export function paymentReminder(v: PromptView, promptId: number): OutMessage {
  const p = paymentPrompt(v, promptId);
  // What is to be done: a differing sum has nothing to confirm yet — it is to be checked.
  const what =
    v.verdict !== 'match'
      ? (v.paidCurrency ?? v.currency) !== v.currency && v.paid !== null
        ? 'валюты оплаты и счёта не совпадают — проверьте их.'
        : v.shared
          ? 'общая сумма оплаты не совпадает с суммой счетов — проверьте суммы.'
          : v.paid === null
            ? 'в сообщении об оплате не указана сумма — сверить не с чем.'
            : 'суммы оплаты и счёта не совпадают — проверьте сумму.'
      : v.missing?.length
        ? 'заполните счёт и нажмите «Проверить снова».'
        : 'подтвердите оплату.';
  return { ...p, text: `⏰ Напоминание: ${what}\n${p.text}` };
}

export function paymentsToday(lines: string[], chatLine?: string): OutMessage {
  const list = lines.length ? `<b>Оплаты за сегодня</b>\n${lines.join('\n')}` : 'Сегодня оплат в чате ещё не было.';
  return { text: chatLine ? `${list}\n\n${chatLine}` : list };
}

/** To the admins (directors when none), once: a confirmed payment the portal would not write. */
export function paymentWriteFailed(number: string, by: Named, why: CrmRefusal, dealUrl: string | null): OutMessage {
  return {
    text: `⚠️ Не удалось отметить счёт № ${esc(number)} оплаченным в Битрикс24: ${crmRefusal(why)}. Оплату ${agree(by, 'подтвердил', 'подтвердила', 'подтвердил(а)')} ${esc(by.name)}; счёт и сделку отметьте вручную или, исправив причину, попросите объявить оплату ещё раз.`,
    buttons: dealUrl ? [[{ text: '🔗 Открыть сделку', url: dealUrl }]] : [],
  };
}

/**
 * To the admins: an invoice was marked paid but the portal refused for good to move its deal
 * (crm.deal.update), so someone must move it by hand — and, for rights or the plan, fix the cause
 * before the next payment meets it.
 */
export function paymentDealMoveFailed(
  number: string,
  stageName: string,
  why: CrmRefusal,
  dealUrl: string | null,
): OutMessage {
  return {
    text: `⚠️ Счёт № ${esc(number)} отмечен оплаченным, но сделку перевести в «${esc(stageName)}» не удалось: ${crmRefusal(why, 'deal')}. Переведите её вручную${why === 'denied' || why === 'plan' ? '; пока причина не устранена, так будет с каждой оплатой' : ''}.`,
    buttons: dealUrl ? [[{ text: '🔗 Открыть сделку', url: dealUrl }]] : [],
  };
}

export const paymentStatus = {
  pending: '⏳ ждёт менеджера',
  /** Confirmed; the CRM write not done yet. */
  marking: '⏳ отмечаю в Битрикс24',
  /** Confirmed; the outbox gave the CRM write up: not paid in the portal. */
  unwritten: '⚠️ не отмечен в Битрикс24',
  confirmed: '✅ отмечен',
  rejected: '✖ отклонён',
  recorded: '◐ частично',
  withdrawn: '↩️ снят',
} as const;

/** After the deal: follow-up calls, the feedback survey, the failure analysis, the morning list. */
export interface FollowUpView {
  clientName: string | null;
  phone: string | null;
  company: string | null;
  dealTitle: string;
  comment: string;
  amount: number;
  currency: string;
  wonAt: number | null;
  zone: string;
  link: string;
}

const client = (v: FollowUpView) =>
  [
    v.clientName ? cutText(v.clientName, FIELD_CAPS.name) : null,
    v.company ? cutText(v.company, FIELD_CAPS.company) : null,
  ]
    .filter(Boolean)
    .join(', ') || 'клиент';
const day = (at: number, zone: string) => DateTime.fromMillis(at, { zone }).toFormat('dd.MM.yyyy');

/**
 * The first-person buttons a manager presses («📞 Позвонила») agree with the manager's gender in
 * Bitrix24; «Позвонил(а)» when the profile does not say.
 */
export const doneButtons = {
  called: (m: Named) => `📞 ${agree(m, 'Позвонил', 'Позвонила', 'Позвонил(а)')}`,
  surveySent: (m: Named) => `✅ ${agree(m, 'Отправил', 'Отправила', 'Отправил(а)')}`,
  failureAnalysed: (m: Named) => `✅ ${agree(m, 'Заполнил', 'Заполнила', 'Заполнил(а)')}`,
};

export function followUpCard(v: FollowUpView, id: number, manager: Named): OutMessage {
  const lines = [`📞 Пора позвонить: ${esc(client(v))}`];
  if (v.phone) lines.push(`📞 ${field(v.phone, 'phone')}`);
  lines.push(
    `🛒 ${field(v.dealTitle, 'title')}${v.amount > 0 ? ` — ${money(v.amount, v.currency)}` : ''}${v.wonAt ? `, закрыта ${day(v.wonAt, v.zone)}` : ''}`,
  );
  if (v.comment.trim()) lines.push(`💬 ${field(v.comment.trim(), 'shortComment')}`);
  lines.push('Спросите, не нужно ли ещё, или просто напомните о нас.');
  return {
    text: lines.join('\n'),
    buttons: [
      [{ text: doneButtons.called(manager), action: buttons.called.encode({ followUpId: id }) }],
      [
        { text: '⏰ Завтра', action: buttons.tomorrow.encode({ followUpId: id }) },
        { text: '⏰ Через неделю', action: buttons.inAWeek.encode({ followUpId: id }) },
      ],
      [{ text: '🚫 Не нужно', action: buttons.skip.encode({ followUpId: id }) }],
      [{ text: '🔗 Открыть сделку', url: v.link }],
    ],
  };
}

export function followUpNext(v: FollowUpView, id: number): OutMessage {
  return {
    text: `✅ Звонок отмечен: ${esc(client(v))}.\nКогда позвонить снова? Заметку о разговоре можно прислать следующим сообщением — добавлю в карточку контакта.`,
    buttons: [
      [
        { text: 'Через месяц', action: buttons.nextCall.encode({ followUpId: id, days: 30 }) },
        { text: 'Через 3 месяца', action: buttons.nextCall.encode({ followUpId: id, days: 90 }) },
      ],
      [{ text: 'Не нужно', action: buttons.nextCall.encode({ followUpId: id, days: 0 }) }],
    ],
  };
}

export const followUpDone = {
  snoozed: (v: FollowUpView, at: number) => ({
    text: `⏰ Перенёс звонок на ${day(at, v.zone)}: ${esc(client(v))}`,
    buttons: [],
  }),
  skipped: (v: FollowUpView) => ({ text: `🚫 Звонок не нужен — отметил: ${esc(client(v))}`, buttons: [] }),
  next: (v: FollowUpView, at: number | null) => ({
    text: at
      ? `📅 Следующий звонок ${day(at, v.zone)}: ${esc(client(v))}`
      : `✅ Звонок отмечен, больше не напоминаю: ${esc(client(v))}`,
    buttons: [],
  }),
  alreadyCalled: (v: FollowUpView) => ({ text: `✅ Звонок уже отмечен в Битрикс24: ${esc(client(v))}`, buttons: [] }),
  surveySent: (v: FollowUpView) => ({ text: `✅ Анкета отправлена: ${esc(client(v))}`, buttons: [] }),
  surveyRefused: (v: FollowUpView) => ({ text: `🚫 Клиент отказался от анкеты: ${esc(client(v))}`, buttons: [] }),
  failureDone: (v: FollowUpView) => ({
    text: `✅ Анализ причины провала заполнен: ${field(v.dealTitle, 'title')}`,
    buttons: [],
  }),
};

export function surveyCard(v: FollowUpView, id: number, url: string, repeat: number, manager: Named): OutMessage {
  const head =
    repeat > 0
      ? `🔁 Напоминание (${repeat}): отправьте анкету обратной связи`
      : '📝 Первая сделка клиента закрыта — отправьте анкету обратной связи';
  const lines = [
    head,
    `👤 ${esc(client(v))}${v.phone ? ` · ${field(v.phone, 'phone')}` : ''}`,
    `🛒 ${field(v.dealTitle, 'title')}`,
  ];
  if (url) lines.push(`🔗 Анкета: ${esc(url)}`);
  return {
    text: lines.join('\n'),
    buttons: [
      [
        { text: doneButtons.surveySent(manager), action: buttons.surveySent.encode({ followUpId: id }) },
        { text: '🚫 Клиент отказался', action: buttons.surveyRefused.encode({ followUpId: id }) },
      ],
      [{ text: '🔗 Открыть сделку', url: v.link }],
    ],
  };
}

export function surveyIgnored(v: FollowUpView, manager: Named, times: number): OutMessage {
  return {
    text: `⚠️ ${esc(manager.name)} не ${agree(manager, 'отправил', 'отправила', 'отправил(а)')} анкету обратной связи после первой сделки клиента (${times} напоминания): ${esc(client(v))}, «${field(v.dealTitle, 'title')}»`,
    buttons: [[{ text: '🔗 Открыть сделку', url: v.link }]],
  };
}

export function failureAnalysisCard(v: FollowUpView, id: number, manager: Named): OutMessage {
  return {
    text: `✖️ Сделка проиграна: «${field(v.dealTitle, 'title')}» (${esc(client(v))}).\nЗаполните «Анализ причины провала» — это поможет не терять следующих клиентов.`,
    buttons: [
      [{ text: doneButtons.failureAnalysed(manager), action: buttons.failureAnalysed.encode({ followUpId: id }) }],
      [{ text: '🔗 Открыть сделку', url: v.link }],
    ],
  };
}

/** The morning list's numbered buttons, one row per item. */
export const morningButtons = {
  called: (n: number, m: Named) => `${n} · ${doneButtons.called(m)}`,
  tomorrow: (n: number) => `${n} · ⏰ Завтра`,
  surveySent: (n: number) => `${n} · ✅ Анкета отправлена`,
  failureAnalysed: (n: number) => `${n} · ✅ Анализ заполнен`,
};

/** A line of /payments: when, which invoice, how much, whose, where it stands. */
export function paymentsTodayLine(r: {
  time: string;
  invoiceNumber: string;
  paid: number | null;
  managerName: string;
  status: keyof typeof paymentStatus;
}): string {
  return `${r.time} сч. ${esc(r.invoiceNumber)} — ${r.paid === null ? '?' : money(r.paid)} → ${esc(r.managerName)}: ${paymentStatus[r.status]}`;
}

/** Where a message of the payment chat that sent no prompt stands (/payments). */
export const unpromptedStatus = {
  reading: '⏳ читаю (портал не ответил)',
  question: '❓ вопрос — запрос менеджеру не отправлен',
  answered: '💬 запроса нет — ответил в чате',
} as const;

/** A line of /payments for such a message: when, the message's start, where it stands. */
export function paymentsTodayUnprompted(time: string, text: string, status: keyof typeof unpromptedStatus): string {
  const quote = cutText(text.replace(/\s+/g, ' ').trim(), 60);
  return `${time} «${esc(quote)}»: ${unpromptedStatus[status]}`;
}

/**
 * A line of /payments for a statement's document that sent no prompt: the payment order, its sum and
 * payer (as the bank wrote them), and where it stands — above all money no invoice took.
 */
export function paymentsTodayDocument(
  time: string,
  doc: { number: string | null; amount: number | null; payer: string | null },
  status: { kind: 'notFound'; invoices: string[] } | { kind: 'cut' } | { kind: keyof typeof unpromptedStatus },
): string {
  const what = [
    `п/п${doc.number ? ` № ${esc(doc.number)}` : ''}`,
    // A cut document's sum may be cut too: not shown.
    status.kind === 'cut'
      ? null
      : [doc.amount === null ? null : money(doc.amount), doc.payer ? esc(doc.payer) : null]
          .filter(Boolean)
          .join(', ') || null,
  ]
    .filter(Boolean)
    .join(' — ');
  const where =
    status.kind === 'notFound'
      ? `❔ ${
          status.invoices.length === 0
            ? 'счёт не найден'
            : status.invoices.length === 1
              ? `счёт ${esc(status.invoices[0] ?? '')} не найден`
              : `счета ${status.invoices.map(esc).join(', ')} не найдены`
        } — запроса нет`
      : status.kind === 'cut'
        ? '✂️ оборван в сообщении — как платёж не прочитан'
        : unpromptedStatus[status.kind];
  return `${time} ${what}: ${where}`;
}

export function morningList(items: Array<{ line: string; buttons: Button[] }>, overdue: number): OutMessage {
  const head = `☀️ Доброе утро! На сегодня: ${items.length}${overdue ? ` (просрочено: ${overdue})` : ''}`;
  return {
    text: [head, ...items.map((i, n) => `${n + 1}. ${i.line}`)].join('\n'),
    buttons: items.map((i) => i.buttons),
  };
}

export const followUpLine = {
  call: (v: FollowUpView, overdue: boolean) =>
    `${overdue ? '⚠️ ' : ''}📞 позвонить: ${esc(client(v))}${v.phone ? ` ${field(v.phone, 'phone')}` : ''}`,
  survey: (v: FollowUpView, overdue: boolean) => `${overdue ? '⚠️ ' : ''}📝 анкета: ${esc(client(v))}`,
  failure: (v: FollowUpView, overdue: boolean) =>
    `${overdue ? '⚠️ ' : ''}✖️ анализ провала: ${field(v.dealTitle, 'title')}`,
};

export const followUpReplies = {
  notYours: 'Это напоминание другого менеджера.',
  notOpen: 'Это напоминание уже закрыто.',
  done: 'Готово.',
  noteSaved: 'Заметку добавил в карточку контакта.',
};

export const followUpTimeline = {
  todoTitle: (client: string) => `Повторный звонок клиенту: ${client}`,
  todoDescription: (dealTitle: string) =>
    `Напомнить о нас или узнать о следующей потребности (после сделки «${dealTitle}»).`,
  called: (by: Named, note: string | null) =>
    `Бот: ${by.name} ${agree(by, 'позвонил', 'позвонила', 'позвонил(а)')} клиенту после сделки.${note ? ` Заметка: ${note}` : ''}`,
  surveySent: (by: Named) =>
    `Бот: ${by.name} ${agree(by, 'отправил', 'отправила', 'отправил(а)')} клиенту анкету обратной связи.`,
  surveyRefused: (name: string) => `Бот: клиент отказался от анкеты обратной связи (${name}).`,
  surveyIgnored: (name: string, times: number) =>
    `Бот: анкета обратной связи не отправлена после ${times} напоминаний (${name}); сообщено руководителю.`,
};

/** People and access: linking, roles, absences. */
export const roleNames = {
  director: 'директор',
  admin: 'администратор',
  accountant: 'бухгалтерия',
  supervisor: 'руководитель отдела',
  manager: 'менеджер',
} as const;

/** Where a person's cards go (/where). */
export const delivery = {
  names: { telegram: 'в Telegram', b24chat: 'в чат Битрикс24', both: 'и в Telegram, и в чат Битрикс24' } as const,
  now: (where: string) => `Сейчас карточки и напоминания приходят ${where}. Куда присылать?`,
  nowhere: 'Сейчас карточки вам не приходят: подключите Telegram (/start в Telegram) или выберите чат Битрикс24.',
  buttons: { telegram: 'Telegram', b24chat: 'Чат Битрикс24', both: 'Оба' } as const,
  onlyTelegram: 'Бот пока работает только в Telegram: чат-бот Битрикс24 не подключён администратором.',
  saved: (where: string) => `Готово: карточки и напоминания будут приходить ${where}.`,
  fallback: (where: string) =>
    `Telegram у вас не подключён (напишите боту /start в Telegram), поэтому пока они приходят ${where}.`,
};

const dismissed = (who: Named) => agree(who, 'уволен', 'уволена', 'уволен(а)');

export const people = {
  askContact:
    'Здравствуйте! Я бот отдела продаж. Чтобы узнать вас, нажмите «📱 Поделиться номером» — сверю его с Битрикс24.',
  shareButton: '📱 Поделиться номером',
  linked: (name: string, role: string) =>
    `Здравствуйте, ${esc(name)}! Вы — ${esc(role)}. Сюда будут приходить сделки и напоминания.`,
  notYourContact: 'Это не ваш номер. Нажмите «📱 Поделиться номером» — Telegram пришлёт ваш собственный.',
  noMatch:
    'Не нашёл этот номер у сотрудников в Битрикс24. Напишите /code и вашу фамилию или e-mail — пришлю код в Битрикс24.',
  manyMatches:
    'Этот номер записан у нескольких сотрудников. Напишите /code и вашу фамилию или e-mail — пришлю код в Битрикс24.',
  codeUsage: 'Напишите /code и вашу фамилию или рабочий e-mail, например: /code Гракун',
  codeNobody: 'Не нашёл такого сотрудника в Битрикс24 (или их несколько). Уточните: e-mail надёжнее фамилии.',
  codeSent: 'Отправил код в уведомления Битрикс24. Пришлите его сюда — он действует 15 минут.',
  codeNotice: (code: string) =>
    `Код для привязки Telegram к боту отдела продаж: ${code}. Если вы его не запрашивали — ничего не делайте.`,
  codeWrong: 'Код не подошёл. Проверьте уведомление в Битрикс24.',
  codeExpired: 'Код устарел или попытки кончились. Запросите новый: /code и фамилия.',
  adminOnly: 'Эта команда — только для администратора.',
  peopleList: (linked: string[], unlinked: string[]) =>
    [
      `<b>Привязаны (${linked.length})</b>`,
      ...linked,
      '',
      `<b>Без Telegram (${unlinked.length})</b>`,
      ...(unlinked.length ? unlinked : ['—']),
    ].join('\n'),
  unlinkUsage: 'Напишите /unlink и ID сотрудника в Битрикс24, например: /unlink 7',
  unlinked: (name: string) => sentence(`Отвязал: ${esc(name)}`),
  /** /unlink of a person the rules file links too: the unlink wins, and how to remove the rule. */
  unlinkedOverRules: (name: string) =>
    `${sentence(`Отвязал: ${esc(name)}`)} В файле правил (people.links) эта привязка тоже есть — отвязка сильнее правила и сохранится после перезапуска. Чтобы убрать её совсем, удалите строку из people.links.`,
  /** A /people line: the rules link this person, an admin's /unlink overrides it. */
  linkOverridden: ' — привязка из people.links снята командой /unlink',
  /** A /people line: the rules link this person, who unlinked themselves with /forget. */
  linkForgotten: ' — привязка из people.links снята: сотрудник сам отвязался командой /forget',
  /** /unlink freed a Telegram account or a person a people.links line names: the line applies now. */
  rulesLinkApplied: (name: string, telegram: string) =>
    `Строка из people.links применена: ${esc(name)} — Telegram ${esc(telegram)}.`,
  notLinkedPerson: 'Этот сотрудник не привязан.',
  forgotten: 'Готово: привязка и история сообщений бота удалены. Чтобы снова получать сделки, нажмите /start.',
  awayUsage: 'Напишите /away и дату возвращения (например, /away 05.12) или число дней (/away 3).',
  away: (until: string, who: string) =>
    `Отметил: вас нет до ${until} включительно. ${sentence(`Новые сделки пойдут: ${esc(who)}`)} Вернётесь раньше — /back.`,
  back: 'С возвращением! Новые сделки снова приходят вам.',
  notAway: 'Отметки об отсутствии у вас и так нет.',
  awayCardReason: (who: string, until: string) => `ℹ️ ${esc(who)} отсутствует до ${until} — сделка передана вам.`,
  awayTimeline: (who: string, until: string, to: string) =>
    sentence(`Бот: ${who} отсутствует до ${until}; новая сделка передана: ${to}`),
  dismissedCardReason: (who: Named) =>
    `ℹ️ ${esc(who.name)} больше не работает (${dismissed(who)} в Битрикс24) — сделка передана вам сразу.`,
  dismissedTimeline: (who: Named, to: string) =>
    sentence(`Бот: ${who.name} ${dismissed(who)} в Битрикс24; новая сделка сразу передана: ${to}`),
  deactivatedTimeline: (who: Named, to: string) =>
    sentence(`Бот: ${who.name} ${dismissed(who)} в Битрикс24; запросы переданы: ${to}`),
};

/** What the bot tells the admin about itself. */
export const ops = {
  /** The portal answers 401/403 to the webhook: writes are held until the admin fixes it. */
  portalNeedsAdmin: (v: {
    status: number;
    code: string;
    since: string;
    scope: boolean;
    /** A refusal of the whole portal (_includes/system-errors.md): its plan, support's block, closed. */
    portal?: 'plan' | 'blocked' | 'closed';
  }) =>
    `⚠️ Битрикс24 отвечает ${v.status} ${esc(v.code)} с ${esc(v.since)}. Ничего не потеряно: изменения сделок и сообщения в чате Битрикс24 ждут и уйдут по порядку, как только портал снова примет вебхук.\n${
      v.portal === 'plan'
        ? 'Портал говорит, что REST API доступен только на коммерческих тарифах: проверьте тариф Битрикс24 (не закончилась ли оплата или пробный период).'
        : v.portal === 'blocked'
          ? 'Портал говорит, что REST API заблокирован из-за перегрузки: это ручная блокировка, снять её может техподдержка Битрикс24.'
          : v.portal === 'closed'
            ? 'Портал говорит, что его публичная часть закрыта: в коробочной версии это настройка главного модуля («Временное закрытие публичной части сайта»).'
            : v.scope
              ? 'Проверьте права входящего вебхука (Разработчикам → Другое → Входящий вебхук): не хватает доступа к методу; npm run cli -- doctor назовёт его.'
              : 'Проверьте входящий вебхук (Разработчикам → Другое → Входящий вебхук): не удалён ли он, не сменился ли его код в BITRIX_WEBHOOK_URL, активен ли пользователь, от имени которого он создан.'
    }`,
  /**
   * At start (app/required-fields-check.ts): payments.requiredInvoiceFields names a field the
   * portal's invoices do not have. `fields`: the invoices' custom fields, '' when none.
   */
  /**
   * At start: a people.links line would take over a link a person made in the bot themselves; the
   * line is not applied (people/rules-links.ts).
   */
  rulesLinkRefused: (v: { line: string; ruled: string; telegram: string; self: string; selfTelegram: string }) =>
    `⚠️ Строку правил ${esc(v.line)} (${esc(v.ruled)} → Telegram ${esc(v.telegram)}) бот не применил: ${esc(v.self)} сам привязал в боте Telegram ${esc(v.selfTelegram)}. Иначе сделки и подтверждения оплат одного человека уходили бы на телефон другого. Проверьте, чей это Telegram (бот называет каждому его ID по /start), и исправьте строку или отвяжите сотрудника командой /unlink. Проверить правила: npm run cli -- doctor.`,
  invoiceFieldUnknown: (v: { field: string; label: string; fields: string }) =>
    `⚠️ В правилах (payments.requiredInvoiceFields) указано поле ${esc(v.field)} («${esc(v.label)}»), а в счетах Битрикс24 такого поля нет. Пока правило не исправят, бот его не проверяет. ${v.fields ? `Пользовательские поля счетов: ${esc(v.fields)}.` : 'Пользовательских полей у счетов нет.'} Проверить правила: npm run cli -- doctor.`,
  /** A stage the rules name that the deal's pipeline does not have (app/stage-guard.ts): the deal stays where it is. */
  stageNotInPipeline: (v: { dealId: number; field: string; stageId: string; pipeline: string; stages: string }) =>
    `⚠️ В правилах (${esc(v.field)}) указана стадия ${esc(v.stageId)}, которой нет в воронке «${esc(v.pipeline)}». Сделку #${v.dealId} бот оставил на её стадии и так будет делать, пока правило не исправят. Стадии этой воронки: ${esc(v.stages)}. npm run cli -- doctor покажет их с названиями.`,
  /** At start: a stage the rules name that its pipeline lacks — no deal is moved to it until the rules are fixed. */
  stageNotInPipelineAtStart: (v: { field: string; stageId: string; pipeline: string; stages: string }) =>
    `⚠️ В правилах (${esc(v.field)}) указана стадия ${esc(v.stageId)}, которой нет в воронке «${esc(v.pipeline)}». Пока правило не исправят, бот не будет переводить в неё сделки (иначе Битрикс24 вернул бы их в первую стадию). Стадии этой воронки: ${esc(v.stages)}. npm run cli -- doctor покажет их с названиями.`,
  /**
   * Telegram or the portal not reachable at all beyond the grace (app/outages.ts): about Telegram in the
   * Bitrix24 messenger, about the portal in Telegram. `at`: the API root or the portal's address; `error`: the network's words.
   */
  unreachable: (v: { service: 'telegram' | 'portal'; since: string; at: string; error: string }) =>
    v.service === 'telegram'
      ? `⚠️ Telegram недоступен с ${esc(v.since)}: бот не может соединиться с ${esc(v.at)} (${esc(v.error)}). Сделки, эскалации и чат Битрикс24 работают; сообщения в Telegram ждут и уйдут по порядку, как только связь вернётся. Проверьте, открыт ли серверу бота доступ к Telegram (файрвол, прокси, TELEGRAM_API_ROOT).`
      : `⚠️ Битрикс24 недоступен с ${esc(v.since)}: бот не может соединиться с ${esc(v.at)} (${esc(v.error)}). Ничего не потеряно: изменения сделок и сообщения в чате Битрикс24 ждут и уйдут по порядку, а новые сделки бот найдёт при сверке, как только портал ответит. Проверьте адрес портала в BITRIX_WEBHOOK_URL и доступ к нему с сервера бота; npm run cli -- doctor.`,
  unreachableBack: (v: { service: 'telegram' | 'portal'; since: string }) =>
    v.service === 'telegram'
      ? `✅ Telegram снова доступен (сбой с ${esc(v.since)}). Отложенные сообщения отправляю по порядку.`
      : `✅ Битрикс24 снова отвечает (сбой с ${esc(v.since)}). Отложенное отправляю по порядку.`,
  portalBack: (v: { since: string }) =>
    `✅ Битрикс24 снова принимает вебхук (сбой с ${esc(v.since)}). Отложенное отправляю по порядку.`,
  /** The dead-webhook alarm (deals/webhook-watch.ts); local-integrations/local-webhooks.md says where the outbound webhook lives. */
  webhookBroken: (p: { missed: number; lastEvent: string }) =>
    [
      '⚠️ Исходящий вебхук Битрикс24, похоже, не работает: сделки меняются, а события о них не приходят. Бот находит их при сверке, но с опозданием до минуты и больше.',
      `Последнее событие пришло в ${p.lastEvent}.`,
      p.missed > 0 ? `Сделок без события за последний час: ${p.missed}.` : '',
      'Проверьте в Битрикс24: Разработчикам → Другое → Исходящий вебхук — адрес обработчика (…/bitrix/events), события ONCRMDEALADD и ONCRMDEALUPDATE, токен (BITRIX_APP_TOKEN). Затем: npm run cli -- doctor.',
    ]
      .filter(Boolean)
      .join('\n'),
  telegramConflict:
    '⚠️ Telegram: с этим токеном бота работает другой экземпляр (второй запуск или проверка на чужом компьютере). Бот продолжает получать сообщения, но часть их может уйти второму экземпляру — остановите его.',
};

/** Shadow mode (going live): what the bot would have done, told to the admin only. */
export type ShadowKind = 'card' | 'escalation' | 'prompt' | 'unmatched' | 'message';

/** What a message is, by the heads this module writes (cards, alerts, prompts, «Оплата» answers). */
export function shadowKindOf(text: string): ShadowKind {
  if (text.startsWith('🆕 Новая сделка')) return 'card';
  if (
    text.startsWith('⚠️ Сделку не взяли') ||
    text.startsWith('🚨 Сделку так и не взяли') ||
    text.startsWith('🚨 Не взяты в работу')
  )
    return 'escalation';
  if (text.startsWith('💳 ')) return 'prompt';
  if (text.startsWith('Не нашёл') || text.startsWith('Не понял, какой счёт')) return 'unmatched';
  return 'message';
}

const plainHead = (html: string) =>
  cutText(
    (html.split('\n')[0] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
    90,
  );

export const shadow = {
  /** Who an address is, for the shadow report. */
  label: {
    user: (id: number) => `пользователь ${id}`,
    b24chat: (address: string) => `чат ${address}`,
    telegramChat: (address: string) => `чат Telegram ${address}`,
  },
  /** The CRM writes shadow mode records instead of making. */
  write: {
    dealComment: (dealId: number, text: string) => `комментарий в сделку #${dealId}: «${text.slice(0, 80)}»`,
    comment: (entity: string, id: number, text: string) => `комментарий (${entity} #${id}): «${text.slice(0, 80)}»`,
    todo: (title: string, ownerTypeId: number, ownerId: number) => `дело «${title}» (${ownerTypeId}/${ownerId})`,
    moveTodo: (id: number) => `перенос дела #${id}`,
    completeActivity: (id: number) => `дело #${id} выполнено`,
    updateDeal: (dealId: number, f: { stageId?: string; assignedById?: number }) =>
      `сделка #${dealId}: ${[f.stageId ? `стадия ${f.stageId}` : '', f.assignedById ? `ответственный ${f.assignedById}` : ''].filter(Boolean).join(', ')}`,
    notifyUser: (userId: number) => `уведомление пользователю ${userId}`,
    invoicePaid: (kind: string, id: number) => `счёт ${kind} #${id} оплачен`,
  },
  started: (admins: string) =>
    `🕶 Теневой режим: читаю портал и события, но никому, кроме ${esc(admins)}, не пишу и в CRM ничего не меняю. Здесь — что я сделал бы.`,
  wouldSend: (kind: ShadowKind, to: string, text: string, dealId: number | null) =>
    `${
      {
        card: `отправил бы карточку сделки${dealId ? ` #${dealId}` : ''}`,
        escalation: `эскалировал бы${dealId ? ` сделку #${dealId}` : ''}`,
        prompt: 'попросил бы подтвердить оплату',
        unmatched: 'ответил бы в «Оплате», что не нашёл счёт',
        message: 'написал бы',
      }[kind]
    } → ${esc(to)}: «${esc(plainHead(text))}»`,
  wouldEdit: (to: string, text: string) => `обновил бы сообщение → ${esc(to)}: «${esc(plainHead(text))}»`,
  wouldSendFile: (to: string, name: string) => `отправил бы файл «${esc(name)}» → ${esc(to)}`,
  wouldWrite: (what: string) => `записал бы в Битрикс24: ${esc(what)}`,
  report: (lines: string[], more: number) =>
    [`🕶 Теневой режим:`, ...lines.map((l) => `• ${l}`), ...(more ? [`…и ещё ${more}`] : [])].join('\n'),
  summary: (s: {
    deals: number;
    cards: number;
    escalations: number;
    prompts: number;
    unmatched: number;
    crmWrites: number;
  }) =>
    `🕶 Теневой режим, итог за час: сделок увидел ${s.deals}, карточек отправил бы ${s.cards}, эскалаций ${s.escalations}, запросов подтверждения оплаты ${s.prompts}, неразобранных сообщений об оплате ${s.unmatched}, записей в CRM ${s.crmWrites}.`,
};

// ───────────────────────── reports (speed to lead) ─────────────────────────

/** Working minutes as a report shows them: "—", "меньше минуты" (as a person writes it), "7 мин", "1 ч 05 мин". */
export function minutes(v: number | null): string {
  if (v === null) return '—';
  if (v < 1) return 'меньше минуты';
  const m = Math.round(v);
  if (m < 60) return `${m} мин`;
  return `${Math.floor(m / 60)} ч ${String(m % 60).padStart(2, '0')} мин`;
}
/** Working minutes after «за»: "за 7 мин", "меньше чем за минуту" (not «за меньше минуты»), "за —". */
function withinMinutes(v: number | null): string {
  return v !== null && v < 1 ? 'меньше чем за минуту' : `за ${minutes(v)}`;
}
const share = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

export interface ReportManagerLine {
  name: string;
  received: number;
  claimMedian: number | null;
  claimP90: number | null;
  contactMedian: number | null;
  contactP90: number | null;
  claimedWithinShare: number | null;
  escalations: number;
  reassignments: number;
  takenAway: number;
}
export interface ReportView {
  title: string;
  scope: string;
  withinMinutes: number;
  received: number;
  claimedWithinShare: number | null;
  claimMedian: number | null;
  contactMedian: number | null;
  outOfHours: number;
  managers: ReportManagerLine[];
  more: number;
  departments: Array<{
    name: string;
    received: number;
    claimMedian: number | null;
    contactMedian: number | null;
    claimedWithinShare: number | null;
    escalations: number;
  }>;
  payments: { confirmed: number; median: number | null };
  longest: Array<{ title: string; url: string; managerName: string; minutes: number; claimed: boolean }>;
  contactClock: boolean;
}

export const reports = {
  periods: { day: 'сегодня', week: 'неделя', month: 'месяц' } as const,
  title: (period: string, dates: string) => `Скорость реакции — ${period}, ${dates}`,
  rangeTitle: (dates: string) => `Скорость реакции — ${dates}`,
  dailyTitle: (dates: string) => `Итоги дня — ${dates}`,
  weeklyTitle: (dates: string) => `Итоги недели — ${dates}`,
  scopeAll: 'все отделы',
  scopeDepartment: (names: string) => names || 'ваш отдел',
  notAllowed: 'Отчёты видят руководители отделов, директор и администраторы.',
  onTheWay: 'Готовлю отчёт…',
  csvCaption: (title: string) => `CSV: ${title}`,
  chartCaption: (title: string) => title,
  chart: {
    subtitle: (withinMinutes: number) => `медиана по менеджерам, рабочие минуты; линия — ${withinMinutes} мин`,
    claim: 'Взятие в работу',
    contact: 'Первый контакт',
    line: (withinMinutes: number) => `${withinMinutes} мин`,
    axis: 'рабочие минуты',
    empty: 'за период сделок не было',
  },
  contactNudge: (title: string, url: string, waited: number) => ({
    text: `📞 Вы взяли сделку «<a href="${esc(url)}">${esc(title)}</a>» ${minutes(waited)} назад, но звонка, письма или ответа клиенту ещё нет. Свяжитесь с клиентом.`,
  }),
  contactAlert: (manager: Named, title: string, url: string, waited: number) => ({
    text: `📵 ${esc(manager.name)} ${agree(manager, 'взял', 'взяла', 'взял(а)')} сделку «<a href="${esc(url)}">${esc(title)}</a>», но ${withinMinutes(waited)} с клиентом не ${agree(manager, 'связался', 'связалась', 'связался(ась)')}.`,
  }),
};

/** The report as a message: totals, per manager, per department, payments, the longest waits; with period buttons. */
export function reportMessage(v: ReportView, withButtons: boolean): OutMessage {
  const lines = [`📊 <b>${esc(v.title)}</b>`, `<i>${esc(v.scope)}</i>`];
  if (v.received === 0) lines.push('За период новых сделок не было.');
  else {
    lines.push(
      `Сделок: ${v.received} · взяли за ${v.withinMinutes} мин: ${share(v.claimedWithinShare)} · вне рабочего времени: ${v.outOfHours}`,
      `Взяли в работу: медиана ${minutes(v.claimMedian)}${v.contactClock ? ` · первый контакт: медиана ${minutes(v.contactMedian)}` : ''}`,
      '',
      '<b>Менеджеры</b> (медиана / p90, рабочие минуты)',
    );
    for (const m of v.managers)
      lines.push(
        // Two durations under «(медиана / p90, рабочие минуты)»: «взятие в работу 3 мин / 7 мин», «меньше минуты / 2 мин».
        `${esc(m.name)} — ${m.received} сд.; взятие в работу ${minutes(m.claimMedian)} / ${minutes(m.claimP90)}` +
          (v.contactClock ? `; контакт ${minutes(m.contactMedian)} / ${minutes(m.contactP90)}` : '') +
          `; ≤${v.withinMinutes} мин ${share(m.claimedWithinShare)}; эскалаций ${m.escalations}; получено переназначением ${m.reassignments}; передано другим ${m.takenAway}`,
      );
    if (v.more > 0) lines.push(`…и ещё ${v.more} — в CSV`);
    if (v.departments.length > 1) {
      lines.push('', '<b>Отделы</b>');
      for (const d of v.departments)
        lines.push(
          `${esc(d.name)} — ${d.received} сд.; взяли ${withinMinutes(d.claimMedian)}` +
            (v.contactClock ? `; контакт ${minutes(d.contactMedian)}` : '') +
            `; ≤${v.withinMinutes} мин ${share(d.claimedWithinShare)}; эскалаций ${d.escalations}`,
        );
    }
  }
  lines.push(
    '',
    `💳 Оплат подтверждено: ${v.payments.confirmed}` +
      (v.payments.confirmed ? ` · от объявления до подтверждения: медиана ${minutes(v.payments.median)}` : ''),
  );
  if (v.longest.length) {
    lines.push('', '⏳ <b>Дольше всего ждали</b>');
    for (const [i, w] of v.longest.entries())
      lines.push(
        `${i + 1}. <a href="${esc(w.url)}">${esc(w.title)}</a> — ${esc(w.managerName)}, ${minutes(w.minutes)}${w.claimed ? '' : ' (не взята)'}`,
      );
  }
  const msg: OutMessage = { text: lines.join('\n') };
  if (withButtons)
    msg.buttons = [
      [
        { text: 'Сегодня', action: buttons.stats.encode({ period: 'day' }) },
        { text: 'Неделя', action: buttons.stats.encode({ period: 'week' }) },
        { text: 'Месяц', action: buttons.stats.encode({ period: 'month' }) },
      ],
      [{ text: 'CSV за месяц', action: buttons.statsCsv.encode({ period: 'month' }) }],
    ];
  return msg;
}

/** /help, and what the bot answers instead of silence in a private chat (app/router.ts). */
export const help = {
  intro:
    'Я бот отдела продаж. Присылаю менеджеру новую сделку из Битрикс24 с кнопкой «✅ Беру в работу», напоминаю руководителю о сделках, которые не взяли вовремя, и прошу менеджера подтвердить оплату, о которой написали в чате «Оплата».',
  stranger: 'Чтобы получать сделки, привяжите этот аккаунт к сотруднику Битрикс24: /start.',
  manager: [
    '/where — куда присылать карточки: Telegram, Битрикс24 или оба',
    '/away 05.12 или /away 3 — отсутствую (новые сделки пойдут замещающему); /back — снова на работе',
  ],
  telegramOnly: '/forget — отвязать этот Telegram',
  head: '/stats — скорость взятия сделок (week, month или csv)',
  payments: '/payments — оплаты за сегодня',
  paymentsChat: 'Оплаты пишите в чат «Оплата»: там бот их читает и спрашивает менеджеров.',
  admin: [
    '/people — кто подключён; /unlink ID — отвязать сотрудника',
    '/pause 2h — пауза оповещений; /resume — снять паузу',
  ],
  commandsTitle: 'Ваши команды:',
  unknownCommand: (cmd: string) => `Не знаю команды ${esc(cmd)}. /help — что я умею и ваши команды.`,
  notForYou: (cmd: string) => `Команда /${esc(cmd)} вам недоступна. /help — ваши команды.`,
  freeText: 'Здесь я отвечаю на кнопки и команды, а текст сообщений не читаю. /help — что я умею и ваши команды.',
  paymentHere: 'Оплаты пишите в чат «Оплата»: здесь бот их не читает, а там спросит ответственных менеджеров.',
};
