/**
 * Reads a message from the «Оплата» chat (the director announcing who paid what) and says
 * whether it announces money that arrived, which invoices, how much, from whom.
 *
 * Pure: no I/O, no clock. The steps, in order:
 *   normalise → split into clauses → classify → mask what is not an invoice or a sum
 *   → extract invoices → extract amounts → pair amounts with invoices → payer / INN.
 *
 * Masking replaces text with '~' of the same length, so every position stays aligned with the
 * original message (the payer is cut from the original, as written) and a masked date or phone
 * can never glue two numbers into one "1 250 000".
 */

import { incomingCredits, ownAccount, readExchangeDocuments } from './exchange-1c';
import { dropOtherDocumentNumbers, isNotCustomerPayment, type PurposeReader, readIncoming } from './incoming';
import { NOT_PAYMENT, type PaymentNotice } from './notice';
import { findWordSums } from './number-words';
import { respell } from './spelling';
import { readStatementRows } from './statement-rows';

export type { PaymentNotice } from './notice';

// ---------------------------------------------------------------------------------------------
// Vocabularies (regex fragments, matched on lower-cased text with «ё» folded to «е").
// ---------------------------------------------------------------------------------------------

/** Alone enough to call it a payment: "Элексис оплатил". */
const PAID_VERBS = [
  'оплачен[оаы]?',
  '(?:о|про|до|за|рас)?пл[ао]тил(?:а|и|о|ся|ись)?', // оплатил, проплатили, доплатили, «оплотили»
  'рассчитал(?:ся|ась|ись)',
  'опл\\.?', // the director's shorthand: «опл. 2140 — 4 000»
];

/** Money-arrived words that need an invoice or a sum next to them ("Пришло 15 000"). */
const ARRIVAL_WORDS = [
  'пришл[аои]',
  'пришел',
  'поступил[аои]?',
  'поступлени[еяю]',
  'зачислен[оаы]?',
  'зачислени[еяю]',
  'зачислил[аи]?',
  'пополнени[еяю]', // bank pushes: «Пополнение 9 900 ₽, Карта *7788»
  'пополнен[оаы]?',
  'входящ\\p{L}*\\s+перевод\\p{L}*',
  'перевод\\p{L}*(?:\\s+\\S+){0,3}?\\s+от', // «перевод 7 000р от …»
  'получен\\p{L}*\\s+перевод\\p{L}*',
  'приход',
  'входящ\\p{L}*\\s+плат\\p{L}*',
  'упал[аои]?',
  'перев[её]л[аи]?',
  'перечислил[аи]?',
  'закинул[аи]?', // slang: «закинули по сч 943 40 косарей»
  'внес(?:ли|ла)?',
  'получил[иа]?',
  'оплат[аы]', // "Оплата по счету 981 — 17 850", "Оплаты за сегодня:"
  'доплат[аы]',
  'прошла',
  'аванс\\p{L}*',
  'предоплат\\p{L}*',
];

/**
 * Any of these anywhere kills the whole message: refunds, outgoing money, declined or reversed
 * operations, issued-not-paid, hearsay. Unless it is only what the paid service was about:
 * «за 3 часа аренды крана», «за поверку», «услуги аренды» in a message that names an invoice or
 * says money arrived (see `vetoed`).
 */
const GLOBAL_NEGATIVE = [
  'возврат\\p{L}*',
  'вернул\\p{L}*',
  'вернуть',
  'верн[её]м',
  'списани\\p{L}*',
  'списан[оаы]?',
  'покупк\\p{L}*', // a card purchase push: «Покупка 1 200 ₽ …»
  'исходящ\\p{L}*',
  'снятие',
  'выдача',
  'в пользу',
  'поставщик\\p{L}*',
  'аренд\\p{L}*',
  '(?<!без\\s)налог\\p{L}*(?!\\s+не\\s+облага)', // not «Без налога (НДС)», the 1C purpose line
  'зарплат\\p{L}*',
  // Our own running costs: «Заплатили за электричество 12 000», «оплатил коммуналку».
  'электричеств\\p{L}*',
  'электроэнерги\\p{L}*',
  'коммунал\\p{L}*',
  'интернет\\p{L}*',
  'бензин\\p{L}*',
  'топлив\\p{L}*',
  'штраф\\p{L}*',
  'лизинг\\p{L}*',
  // Declined, cancelled, reversed: «Отклонено: оплата 5 000 ₽», «Операция не выполнена», «Сторно».
  'отклонен\\p{L}*',
  'отказ\\p{L}*',
  'не\\s+(?:выполнен|исполнен|проведен|зачислен|удал)\\p{L}*',
  'неуспешн\\p{L}*',
  'недостаточно\\s+средств',
  'сторн\\p{L}*',
  'отозван\\p{L}*',
  'ошибк\\p{L}*\\s+(?:операци|платеж|перевод|зачислени)\\p{L}*',
  'заблокирован\\p{L}*',
  'приостановлен\\p{L}*',
  // Issued, not paid: «Счет 1554 выставлен» (not «оплачен выставленный счет»).
  'выставил\\p{L}*',
  'выставлен[оаы]?',
  'выставит\\p{L}*',
  'выставьте',
  'аннулир\\p{L}*',
  'отмен\\p{L}*',
  'говорит',
  'говорят',
  'сказал\\p{L}*',
  'утвержда\\p{L}*',
  'якобы',
  // Asked to check, not checked: «проверьте», «проверю» (not «проверила в банке»).
  'провер(?:ьте|ь|ю|им|ить|ят|ит|яем|яю|яет|яйте|ка|ке|ку|ки)',
  'спрашива\\p{L}*',
  'гарантийн\\p{L}*',
  'отправ(?!ител)\\p{L}*',
  '(?<!сч\\p{L}*\\s)на оплату', // not «по счету на оплату № 943»
  'оплатите',
  'вы\\s+(?:перевели|оплатили|отправили|заплатили)', // the bank telling us what we sent
];

/**
 * These make only their own clause a non-announcement, so "сч 1185 — 4000, сч 1187 пока нет"
 * keeps 1185 and drops 1187.
 */
const CLAUSE_NEGATIVE = [
  'не\\s+(?:оплач|оплат|проплат|прош|пришл|пришел|поступ|вид|виж|был|получ|зачисл|упал)\\p{L}*',
  'неоплач\\p{L}*',
  'нет',
  'жд[её]м',
  'ждут',
  'ждать',
  'ожида\\p{L}*',
  'обещ\\p{L}*',
  '(?:о|за)платят',
  '(?:о|за)платит',
  '(?:о|за)платить',
  'внесут',
  'перечислят',
  'переведут',
  'переведет',
  'будет',
  'будут',
  'перен[её]с\\p{L}*',
  'сдвинул\\p{L}*',
  'отлож\\p{L}*',
  'через\\s+(?:\\d|~|недел|месяц)',
  'скоро',
  'позже',
  'если',
  'когда',
  'где',
  'кто',
  'сколько',
  'ли',
  'срок\\p{L}*\\s+оплат\\p{L}*',
  'до конца',
  'можно',
  'хоч\\p{L}*',
  'хотят',
  'долж\\p{L}*',
  'прошу',
  'просьба',
  'просит',
  'напомина\\p{L}*',
  'при получении',
  // Money that will arrive: «Поступит 8 000 завтра», «придут в понедельник».
  'поступ(?:ит|ят)',
  'прид(?:ет|ут)',
  'зачисл(?:ят|ит|ится|ятся)',
  'пришл(?:ет|ют)',
  // Not there yet: «Платёж в обработке», «обрабатывается банком».
  'в\\s+обработке',
  'на\\s+обработке',
  'обрабатыва\\p{L}*',
  'задерж\\p{L}*',
  // Promised in the first person: «оплачу завтра», «переведу в понедельник».
  '(?:о|за|до)плачу',
  '(?:о|за|до)платим',
  'переведу',
  'переведем',
  'перечислю',
  'перечислим',
  'внесу',
];

/** Partial payment wording; percentages below 100 count too (see classify). */
const PARTIAL_WORDS = [
  'частичн\\p{L}*',
  'частями',
  'не\\s+полност\\p{L}*',
  'не\\s+вс[яеё]',
  'не\\s+весь',
  'аванс\\p{L}*',
  'предоплат\\p{L}*',
  'половин\\p{L}*',
  'част[ьи]',
  'доплат\\p{L}*',
  'остат\\p{L}*',
  'осталось',
  'остальн\\p{L}*',
  'транш\\p{L}*',
  'перв\\p{L}*\\s+(?:платеж|взнос|транш)\\p{L}*', // «первый платёж по счету …»
];

/** Words that never are a payer's name (used when guessing the payer from capitalised words). */
const NOT_A_NAME = new Set(
  (
    'оплата оплаты оплату оплатой оплачен оплачено оплачена оплачены оплатил оплатила оплатили оплатило ' +
    'проплатили доплатили оплотили пришла пришло пришли пришел поступила поступило поступили поступление ' +
    'зачислено зачисление приход входящий платеж платёж выписка назначение платежа счет счёт счета счету ' +
    'счетам сч сумма сумму итого всего руб рублей коп копеек от по на за из и в с к для сегодня вчера ' +
    'коллеги спасибо ура аванс предоплата частичная частично полностью отгружайте отгружаем менеджеру ' +
    'менеджерам клиент клиентом клиента сделка сделке заявке договору инн кпп ндс без ооо ао зао оао пао ип тд ' +
    'деньги денег упала упали перевел перевели рассчитался внес получили оплатил плательщик отправитель ' +
    'звоните звонить позвоните телефон бухгалтера доставка доставку половину остаток пока еще ещё ' +
    'прошла прошли опл rub сумму уточню скажу потом щебень бетон доставка отгрузка отгрузку завтра сегодня восемь тысяч тысячи'
  ).split(' '),
);

const MONTHS = 'январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр';

// ---------------------------------------------------------------------------------------------
// Number grammar shared by the masks and the amount extractor.
// ---------------------------------------------------------------------------------------------

/** "128 450", "8.500" (thousands dot), "4000". */
const NUM_CORE = String.raw`\d{1,3}(?:[ ]\d{3}(?!\d))+|\d{1,3}(?:\.\d{3}(?!\d))+|\d{1,3}(?:,\d{3})+(?=\.\d{2}(?!\d))|\d+`;
/** ",50" ".50" "-00" (the «4000-00» way of writing kopecks), "1,25" before «млн». */
const NUM_DEC = String.raw`(?:[,.]\d{1,2}(?!\d)|-\d{2}(?!\d))?`;
/** Thousands, slang included: «15 тыс», «4 т.р.», «25 тыр», «12 тыщи», «40 косарей», «7к». */
const NUM_MULT = String.raw`(?:[ ]?(?:тыс(?:яч\p{L}*)?\.?|т\.?[ ]?р\.?|тыр\.?|тыщ\p{L}*|косар\p{L}*|к|млн\.?|миллион\p{L}*)(?![\p{L}]))?`;
const NUM_CUR = String.raw`(?:[ ]?(?:руб(?:л\p{L}*)?\.?|р\.?|₽|rub|rur)(?![\p{L}]))?`;
const NUM_KOP = String.raw`(?:[ ]?\d{1,2}[ ]?коп\p{L}*\.?)?`;
const AMOUNT = `(?:${NUM_CORE})${NUM_DEC}${NUM_MULT}${NUM_CUR}${NUM_KOP}`;
/** Start of a number that is not glued to a letter, digit or another number's separator. */
const NUM_START = String.raw`(?<![\p{L}\d.,/~\-])`;

/**
 * An invoice number: "2018/943" (year / number), "2026-0457" and "24-117" (two parts joined by a
 * hyphen: the second zero-padded or short, so «943-4000» is not joined into one number and
 * «2114-2116» a range; «25-4616»: a one- or two-digit prefix joins any number), or plain digits.
 */
const INVOICE_NUM = String.raw`(?:20\d{2}[ ]*\/[ ]*\d{1,7}|\d{1,9}-(?:0\d{0,8}|\d{1,3})(?![\d\-])|\d{1,2}-[1-9]\d{2,6}(?![\d\-])|0\d{1,11}(?:-\d{1,9})?|\d{1,9})(?![\d/])`;
const NO_SIGN = String.raw`(?:№|#|(?<![\p{L}])no?(?![\p{L}]))`;
/** An invoice number with a letter prefix: «ТД-00045», «СЧ-330», «А-17/2026», «БТ-1201». */
const LETTER_INVOICE = String.raw`\p{L}{1,4}-\d{1,7}(?:-\d{1,7})?(?:\/\d{2,4})?(?![\d/\-]|\.\d)`;
/** Text that ends right before an invoice number: «счет », «сч. № », «№ ». */
const RE_BEFORE_INVOICE = new RegExp(
  String.raw`(?:(?<![\p{L}])(?:сч[е]т(?:а|у|ом|ам|ов|ах|е)?|сч)\.?[\s:.]*(?:${NO_SIGN}\s*\.?\s*)?|(?:№|#)\s*|\p{L}{1,4}-\d{1,7}(?:-\d{1,7})?(?:\/\d{2,4})?\s*(?:,|;|и)\s*)$`,
  'u',
);
/** «на расчетный счет», «на расч. счет», «на наш счет»: the bank account, not an invoice. */
const ACCOUNT_BEFORE = String.raw`(?<!(?<![\p{L}])(?:на|в)\s+(?:(?:(?:расч[е]тн|банковск|лицев|валютн|текущ|наш|ваш|карточн|специальн)\p{L}*)|расч\.|р\.)?\s*)`;

const MASK = '~';

/** Right after a number: it goes on as a sum («15 000», «15,5», «15 тыс», «15 руб»). */
const SUM_FOLLOWS =
  /^(?:[ ]\d{3}(?!\d)|[,.]\d|[ ]?(?:тыс|т\.?[ ]?р|тыр|тыщ\p{L}*|косар\p{L}*|к|млн|миллион|руб|р\.?|₽|rub)(?![\p{L}]))/u;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function words(list: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}])(?:${list.join('|')})(?![\\p{L}])`, 'iu');
}

const RE_PAID = words(PAID_VERBS);
const RE_ARRIVAL = words(ARRIVAL_WORDS);
const RE_GLOBAL_NEG = words(GLOBAL_NEGATIVE);
const RE_CLAUSE_NEG = words(CLAUSE_NEGATIVE);
const RE_PARTIAL = words(PARTIAL_WORDS);

interface Span {
  start: number;
  end: number;
}

interface Token extends Span {
  kind: 'invoice' | 'amount' | 'total';
  invoice?: string;
  value?: number;
  /** Written like money (currency, multiplier, kopecks, thousands groups), not a bare integer. */
  money?: boolean;
}

/** Work state: the normalised text, progressively masked. */
class Text {
  constructor(public s: string) {}

  /** Replace every match by '~'s (same length); `keep` may veto a match or record it. */
  mask(re: RegExp, keep?: (m: RegExpExecArray) => boolean | undefined): void {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    let out = '';
    let last = 0;
    for (let m = g.exec(this.s); m; m = g.exec(this.s)) {
      if (m[0].length === 0) {
        g.lastIndex++;
        continue;
      }
      if (keep && keep(m) === false) continue;
      out += this.s.slice(last, m.index) + MASK.repeat(m[0].length);
      last = m.index + m[0].length;
    }
    this.s = out + this.s.slice(last);
  }

  maskSpan(sp: Span): void {
    this.s = this.s.slice(0, sp.start) + MASK.repeat(sp.end - sp.start) + this.s.slice(sp.end);
  }
}

// ---------------------------------------------------------------------------------------------
// Step 1: normalise (length-preserving, so positions map back to the original text)
// ---------------------------------------------------------------------------------------------

export function normalise(text: string): string {
  const lower = text.toLowerCase();
  const base = lower.length === text.length ? lower : text; // exotic case-folding: keep the case
  return base
    .replace(/ё/g, 'е')
    .replace(/[\u00a0\u2007\u202f\u2009\t]/g, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/(?<=\d)['’`](?=\d{3}(?!\d))/g, ' ') // «5’200», «1'250'000»
    .replace(/[«»„“”]/g, '"');
}

// ---------------------------------------------------------------------------------------------
// Step 2: clauses. Negations and future tense are scoped to their clause.
// ---------------------------------------------------------------------------------------------

interface Clause extends Span {
  text: string;
  negative: boolean;
}

function splitClauses(s: string): Clause[] {
  const clauses: Clause[] = [];
  // A period ends a clause unless it closes an abbreviation («сч. 943», «руб. 67 коп.»).
  const boundary = /\n|;|!+|\?+|,(?=\s)|(?<![^\p{L}](?:сч|руб|р|коп|тыс|г|ч|т|млн|n|no))\.(?=\s)|\s(?:а|но)(?=\s)/gu;
  let start = 0;
  const push = (end: number): void => {
    const text = s.slice(start, end);
    if (text.trim()) clauses.push({ start, end, text, negative: RE_CLAUSE_NEG.test(text) || text.includes('?') });
    start = end;
  };
  for (let m = boundary.exec(s); m; m = boundary.exec(s)) push(m.index + m[0].length);
  push(s.length);
  return clauses;
}

// ---------------------------------------------------------------------------------------------
// Step 3: mask what looks like a number but is not an invoice nor a sum paid now.
// ---------------------------------------------------------------------------------------------

interface Masked {
  text: Text;
  inns: string[];
  percents: number[];
  /** "50 000 из 120 000": the "из" part was seen (a partial payment). */
  outOf: boolean;
  /** «остаток 5 000» after a payment: what is still owed (a partial payment). */
  owed: boolean;
  /** A bank's balance line («Баланс: …», «Остаток: …»): its words say nothing about this payment. */
  quiet: Span[];
}

/** A push or SMS that starts with the bank's name: «Модульбанк: …», «СберБизнес: …», «VTB: …». */
const RE_BANK_FIRST =
  /^\s*(?:[\p{L}-]*(?:банк|бизнес|bank)\p{L}*|сбер|втб|точка|альфа|тинькофф|райффайзен|открытие|псб|уралсиб|sber|vtb|alfa|tinkoff|tochka)(?![\p{L}])[^\n:]{0,20}:/u;

const RE_DATE_FIELD = /^\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:19|20)\d{2}-\d{2}-\d{2})\s*$/;

/**
 * Statement lines («Дата;Номер;Сумма;Плательщик;ИНН;Назначение», tab- or «|»-separated): the
 * document-number column is not a sum. It is the column the header calls «Номер»/«№»/«Документ»,
 * or, without a header, a bare integer right after the date.
 */
function maskStatementNumbers(t: Text, raw: string): void {
  if (raw.length !== t.s.length) return;
  let header: string[] | null = null;
  let offset = 0;
  for (const line of raw.toLowerCase().split('\n')) {
    const sep = [';', '\t', '|'].map((c) => ({ c, n: line.split(c).length - 1 })).sort((a, b) => b.n - a.n)[0];
    if (sep && sep.n >= 3) {
      const cols = line.split(sep.c);
      if (!/\d/.test(line) && cols.some((f) => /дата|сумма|назначение|плательщик/u.test(f)))
        header = cols.map((f) => f.trim());
      else {
        let pos = offset;
        cols.forEach((f, i) => {
          const name = header?.[i] ?? '';
          const bare = /^\s*(?:п\/п\s*)?\d{1,7}\s*$/u.test(f);
          const afterDate = i > 0 && RE_DATE_FIELD.test(cols[i - 1] ?? '');
          if (bare && (/номер|№|док|п\/п/u.test(name) || (!header && afterDate)))
            t.maskSpan({ start: pos, end: pos + f.length });
          pos += f.length + 1;
        });
      }
    }
    offset += line.length + 1;
  }
}

function maskNoise(norm: string, raw: string): Masked {
  const t = new Text(norm);
  const inns: string[] = [];
  const percents: number[] = [];
  const quiet: Span[] = [];
  let outOf = false;
  let owed = false;
  const D = String.raw`(?<![\d])`;
  const ND = String.raw`(?![\d])`;

  // Bank pushes and SMS: the account or card tail («на счет *2345», «СЧЁТ2345», «Карта *7788»,
  // «MIR-4412», «VISA1234») and the balance after the payment («Баланс: 152 340.17р»,
  // «Доступно 61 250,40 ₽», «Остаток: …», «Ост. …») are neither the sum nor an invoice.
  const smsLike = !RE_PAID.test(norm) || /\d{1,2}:\d{2}|(?<![\p{L}])(?:баланс|доступно|остаток|ост\.)/u.test(norm);
  t.mask(/\d{0,16}[*•]{1,6}\s?\d{2,6}(?!\d)/g); // «*2345», «**4412», «40702810*1234»
  t.mask(/(?<![\d])\d{4}(?:[ -]\d{4}){3}(?![\d])/g); // a whole card number «4276 3800 1234 5678»
  t.mask(
    /(?<![\p{L}])(?:сч[е]т|visa|mir|мир|ecmc|mc|maestro|master\p{L}*|card|карт[аыу])(?:\d{4}|[\s-]\d{4})(?!\d)/gu,
    // «счет 1234» is an invoice; only «СЧЁТ2345» is an account — unless a paid verb and no SMS
    // time or balance says it is the director's «счет3373 оплачен 6 600».
    (m) => !/^сч[е]т[\s-]/.test(m[0]) && !(/^сч[е]т\d/.test(m[0]) && !smsLike),
  );
  const bankish =
    /[*•]\s?\d{2,6}|(?<![\p{L}])(?:rub|rur|карт[аы])(?![\p{L}])/u.test(norm) ||
    (smsLike && /сч[е]т\d{4}/.test(norm)) ||
    RE_BANK_FIRST.test(norm);
  maskStatementNumbers(t, raw); // on the text as written: normalising turned its tabs into spaces
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:баланс\p{L}*|доступно|доступн\p{L}*\s+остат\p{L}*|ост\.|остаток\s+на\s+(?:сч[е]т\p{L}*|карт\p{L}*)|остаток(?:\s+по\s+(?:сч[е]ту|карте))?(?=\s*~*\s*:)${bankish ? '|остаток' : ''})(?:\s*~+)?\s*[:=]?\s*${NUM_START}${AMOUNT}`,
      'gu',
    ),
    (m) => {
      quiet.push({ start: m.index, end: m.index + m[0].length });
    },
  );

  // Phones: "8 921 848-53-83", "+7 (921) 848-53-83", "89218485383", "325-96-46".
  t.mask(new RegExp(String.raw`${D}(?:\+7|8)[ (\-]*\d{3}[ )\-]*\d{3}[ \-]*\d{2}[ \-]*\d{2}${ND}`, 'g'));
  t.mask(new RegExp(String.raw`${D}\d{3}-\d{2}-\d{2}${ND}`, 'g'));

  // Documents that carry numbers but are not invoices: deals «01/12.05 КС», applications,
  // payment orders «п/п 512», «платежка №77», contracts «№ 15/24», VAT invoices «счет-фактура 556».
  const N = String.raw`\s*(?:№|#|no?(?![\p{L}]))?\s*`;
  t.mask(new RegExp(String.raw`(?<![\p{L}])сделк\p{L}*${N}[^\s,;)]+`, 'gu'));
  t.mask(new RegExp(String.raw`(?<![\p{L}])заявк\p{L}*${N}\d+`, 'gu'));
  // Unless it names how the money came and the sum follows: «одной платёжкой 104 000 руб»,
  // «платёжным поручением 48 500 ₽», «п/п 12 000 руб» (a document number is never money-shaped).
  const instrumentSum = (m: RegExpExecArray): boolean =>
    /[№#]|no?\s*\d+$/.test(m[0]) || !SUM_FOLLOWS.test(t.s.slice(m.index + m[0].length));
  t.mask(new RegExp(String.raw`(?<![\p{L}])п\/п${N}\d+`, 'gu'), instrumentSum);
  // Statement lines: «Документ: 1523», «док. 845», «Номер документа 15234», «№ п/п 12».
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:документ\p{L}*|док\.|номер\s+документа|№\s*док\p{L}*\.?)\s*[:=]?${N}\d+`,
      'gu',
    ),
  );
  t.mask(/(?<![\p{L}])плат[её]ж\p{L}*(?:\s+поручени\p{L}*)?\s*(?:№|#|no?(?![\p{L}]))\s*\d+/gu);
  t.mask(new RegExp(String.raw`(?<![\p{L}])(?:платежк\p{L}*|поручени\p{L}*)${N}\d+`, 'gu'), instrumentSum);
  t.mask(new RegExp(String.raw`(?<![\p{L}])договор\p{L}*${N}\d[\d/\-]*`, 'gu'));
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:сч[её]т\p{L}*-фактур\p{L}*|с\/ф|упд|акт(?:а|у|ом)?|накладн\p{L}*|ттн)${N}\d+`,
      'gu',
    ),
  );
  // INN: labelled first, then a bare 10/12-digit number (10 digits starting with 9 is a mobile).
  t.mask(
    new RegExp(String.raw`(?<![\p{L}])инн(?:\s*\/\s*кпп)?\s*:?\s*(\d{12}|\d{10})(?:\s*\/\s*\d{9})?${ND}`, 'gu'),
    (m) => {
      if (m[1]) inns.push(m[1]);
    },
  );
  t.mask(/(?<![\p{L}])(?:кпп|бик|огрнип|огрн|окпо)\s*:?\s*\d+/gu);
  t.mask(
    /(?<![\p{L}])(?:р\/с|р\.\s?с\.|к\/с|л\/с|расч[её]тн\p{L}*\s+сч[её]т\p{L}*|корр?\.?\s*сч[её]т\p{L}*)\s*:?\s*\d{9,}/gu,
  );

  t.mask(/\d{13,}/g); // bank accounts (20 digits), cards
  t.mask(new RegExp(String.raw`${D}(\d{12}|\d{10}|\d{11}|\d{9})${ND}`, 'g'), (m) => {
    const d = m[1] ?? '';
    if (d.startsWith('00')) return false; // a 1C number «00000002150», never an INN or an account
    if (d.length === 12 || (d.length === 10 && !d.startsWith('9'))) inns.push(d);
  });

  // Dates and times: 12.05.2024, 12/05, 12.05, 23 мая, 9:00, «2024 г.».
  t.mask(new RegExp(String.raw`${D}\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:\s*г\.?(?![\p{L}]))?${ND}`, 'gu'));
  t.mask(new RegExp(String.raw`${D}\d{1,2}:\d{2}${ND}`, 'g'));
  // With hyphens: «28-11-2026», «2026-11-28», and a span of years «2026-2027» (not «счета 2026-2027»).
  t.mask(new RegExp(String.raw`${D}(?:\d{1,2}-\d{1,2}-(?:19|20)\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?![\d\-])`, 'g'));
  t.mask(new RegExp(String.raw`${D}((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})(?![\d\-])`, 'g'), (m) => {
    const span = Number(m[2]) - Number(m[1]);
    return span > 0 && span <= 10 && !RE_BEFORE_INVOICE.test(t.s.slice(0, m.index));
  });
  t.mask(new RegExp(String.raw`${D}\d{1,2}\s+(?:${MONTHS})\p{L}*`, 'gu'));
  // «за ноябрь 2026», «декабрь 2026 г.»: the year after a month.
  t.mask(new RegExp(String.raw`(?<![\p{L}])(?:${MONTHS})\p{L}*\s+(?:19|20)\d{2}(?:\s*г(?:\.|од\p{L}*)?)?${ND}`, 'gu'));
  t.mask(new RegExp(String.raw`${D}(?:19|20)\d{2}\s*(?:г\.|год\p{L}*)`, 'gu'));
  t.mask(/(?<![\d/.,])(\d{1,2})[./](\d{1,2})(?![\d/]|[.,]\d)/g, (m) => {
    const day = Number(m[1]);
    const month = Number(m[2]);
    return day >= 1 && day <= 31 && month >= 1 && month <= 12;
  });

  // Product codes: «ФБС 12-5-3», «КС-10-9».
  t.mask(new RegExp(String.raw`${D}\d{1,3}(?:-\d{1,3}){2,}${ND}`, 'g'));
  // Not an invoice number with letters after «счет»/«№» («счет ТД-00045», «№ А-17/2026») or «СЧ-330».
  t.mask(/(?<![\p{L}])\p{L}{1,5}-\d+(?:[-.]\d+)*/gu, (m) => {
    if (!new RegExp(`^${LETTER_INVOICE}`, 'u').test(t.s.slice(m.index))) return true;
    return !(/^сч-/.test(m[0]) || RE_BEFORE_INVOICE.test(t.s.slice(0, m.index)));
  });

  // Counts of invoices: «2 счета», «по 2 счетам».
  t.mask(new RegExp(String.raw`${D}\d{1,2}(?=\s+(?:сч[её]т(?:а|ам|ов|ах)|сч\.?)(?![\p{L}]))`, 'gu'));
  // List markers: "1) ", "2. ", "- " at the start of a line.
  t.mask(/^[ \t]*(?:\d{1,2}[.)]|[-•*])(?=[ \t])/gm);

  // VAT is never the paid sum: «в т.ч. НДС 20% 666-67», «НДС (20%) 2083,33 руб.», «НДС не облагается».
  // «без НДС 25000» / «с НДС 25000» are the sum itself.
  t.mask(
    new RegExp(
      String.raw`(?<!(?:без|с)\s)(?<![\p{L}])ндс\s*(?:\(?\s*\d{1,2}(?:[.,]\d+)?\s*%\s*\)?)?(?:\s*[-:=]?\s*(?:в размере|составляет|сумма)?\s*${NUM_START}${AMOUNT})?`,
      'gu',
    ),
  );
  // Parts of the sum: «в т.ч. доставка 800», «из них доставка 500 руб».
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:в\s*т\.?\s*ч\.?|в том числе|из них|включая)\s*(?:[\p{L}.]+\s*){0,3}?[-:]?\s*${NUM_START}${AMOUNT}`,
      'gu',
    ),
  );
  // The invoice total in «50 000 из 120 000».
  t.mask(new RegExp(String.raw`(?<![\p{L}])из\s+${NUM_START}${AMOUNT}`, 'gu'), () => {
    outOf = true;
  });
  // What is still owed: «остаток 5 000». Not the remainder just paid: «доплатили остаток 1 500».
  t.mask(
    new RegExp(
      String.raw`(?<!(?:${PAID_VERBS.join('|')}|доплат\p{L}*|внес\p{L}*|перевел\p{L}*|пришел|пришл\p{L}*|поступил\p{L}*)\s+)(?<![\p{L}])(?:остат\p{L}*|осталось(?:\s+до?платить)?|долг\p{L}*)\s*[-:]?\s*${NUM_START}${AMOUNT}`,
      'gu',
    ),
    () => {
      owed = true;
    },
  );
  // Percentages («предоплата 30%», «100%»).
  t.mask(new RegExp(String.raw`${D}(\d{1,3}(?:[.,]\d+)?)\s*%`, 'g'), (m) => {
    percents.push(Number((m[1] ?? '').replace(',', '.')));
  });
  // Quantities: «15 шт», «3 т», «20 м3», «5 поддонов», «10 дней».
  t.mask(
    new RegExp(
      // Units as whole words, so «частично», «частями», «минус», «месте» are never eaten as units.
      String.raw`${D}\d+(?:[.,]\d+)?\s*(?:шт\.?|штук\p{L}*|т(?!\.?\s?р)|тн|тонн\p{L}*|кг|м3|м2|м³|м²|куб(?:а|ов|ы|ометр\p{L}*)?|поддон\p{L}*|паллет\p{L}*|мешк\p{L}*|мешок|рейс(?:а|ов)?|машин[аы]?|ед\.?|дн(?:я|ей)|день|ч\.|час(?:а|ов)?|мин\.|минут[аы]?|мес\.|месяц(?:а|ев)?|недел[ьюи]|лет|год(?:а|у)?)(?![\p{L}\d])`,
      'gu',
    ),
  );
  return { text: t, inns, percents, outOf, owed, quiet };
}

// ---------------------------------------------------------------------------------------------
// Step 4: invoices written as invoices: «сч 943», «счет № 2018 / 943», «№ 943», «2018/943».
// ---------------------------------------------------------------------------------------------

function cleanInvoice(raw: string): string {
  const id = raw.replace(/[\s№#]/g, '');
  return /\p{L}/u.test(id) ? id.toUpperCase() : id; // «тд-00045» is the 1C number «ТД-00045»
}

/** Two invoice numbers close enough to be one list («1185, 1186»), unlike «943, 4000». */
function isNeighbour(a: string, b: string): boolean {
  const prefix = (x: string): string => /^\p{L}+-/u.exec(x.trim())?.[0] ?? '';
  if (prefix(a) || prefix(b)) {
    // «ТД-00051, ТД-00052»: the same letters, close numbers.
    const num = (x: string): string => /\d+/.exec(x.trim().slice(prefix(x).length))?.[0] ?? '';
    return prefix(a) === prefix(b) && Math.abs(Number(num(a)) - Number(num(b))) < 1000;
  }
  const tail = (x: string): string => x.replace(/\s/g, '').split(/[/-]/).pop() ?? '';
  const x = tail(a);
  const y = tail(b);
  return x.length === y.length && Math.abs(Number(x) - Number(y)) < 1000;
}

function extractMarkedInvoices(t: Text): Token[] {
  const found: Token[] = [];
  const take = (start: number, end: number, raw: string): void => {
    found.push({ kind: 'invoice', start, end, invoice: cleanInvoice(raw) });
  };

  // «сч»-keyword followed by one number or a list. Not «на счет 12 000» (a bank account),
  // not «счет-фактура» (masked already), not «счет на 45 000» (no number right after).
  const kw = new RegExp(
    String.raw`(?<![\p{L}])${ACCOUNT_BEFORE}(сч[е]т(?:а|у|ом|ам|ов|ах|е)?|сч)(?![\p{L}\-])\.?(?:\s+на\s+оплату)?[\s:.]*(?:${NO_SIGN}\s*\.?\s*)?(${LETTER_INVOICE}|${INVOICE_NUM})`,
    'gu',
  );
  const s = t.s;
  for (let m = kw.exec(s); m; m = kw.exec(s)) {
    const word = m[1] ?? '';
    const num = m[2] ?? '';
    const numStart = m.index + m[0].length - num.length;
    take(numStart, m.index + m[0].length, num);
    // A list: «счета 1160 1161 1162», «сч 1185, 1186», «счетам № 1150 и № 1151». A comma or a
    // space only continues it with a neighbouring number, so «сч 943, 4000» keeps 4000 a sum.
    const plural = /^сч[е]т(?:а|ам|ов|ах)$/.test(word);
    let pos = m.index + m[0].length;
    // A range «счетов 2114-2116»: every number in it (all on the range's span).
    const range = plural ? /^\s*-\s*(\d{1,9})(?![\d/])/.exec(s.slice(pos)) : null;
    const [from, to] = [Number(num), Number(range?.[1])];
    if (range?.[1] && range[1].length === num.length && to > from && to - from <= 20) {
      found.pop();
      const end = pos + range[0].length;
      for (let k = from; k <= to; k++) take(numStart, end, String(k));
      pos = end;
    }
    // An item's own sum in brackets may sit between items: «счета 2110 (4 000), 2111 (6 000)».
    const next = new RegExp(
      String.raw`((?:\s*\([^()\n]{1,25}\))?)(\s*[,;]\s*|\s+и\s+|\s+)(?:${NO_SIGN}\s*)?(${LETTER_INVOICE}|${INVOICE_NUM})`,
      'uy',
    );
    for (;;) {
      next.lastIndex = pos;
      const n = next.exec(s);
      if (!n) break;
      if (n[1] && !/\d/.test(n[1])) break;
      const joint = (n[2] ?? '').trim();
      const item = n[3] ?? '';
      const end = n.index + n[0].length;
      if (item.length < 2 || SUM_FOLLOWS.test(s.slice(end))) break; // «счетам: 1190 и 1191, 15 000 руб»
      const near = isNeighbour(num, item);
      if (joint === '' && !(plural && near)) break;
      if ((joint === ',' || joint === ';') && !near) break;
      take(end - item.length, end, item);
      pos = end;
    }
    kw.lastIndex = pos;
  }
  for (const tok of found) t.maskSpan(tok);

  // «СЧ-330»: the keyword glued to the number is part of the number.
  const glued = /(?<![\p{L}])сч-\d{1,7}(?:\/\d{2,4})?(?![\d/-])/gu;
  for (let m = glued.exec(t.s); m; m = glued.exec(t.s)) take(m.index, m.index + m[0].length, m[0]);
  for (const tok of found) t.maskSpan(tok);

  // «оплатили3372 на 4500», «опл3403»: a payment word glued to a plain number names the invoice.
  if (found.length === 0) {
    const gluedPay =
      /(?<![\p{L}])(?:оплат\p{L}*|оплачен\p{L}*|опл)(\d{3,7})(?![\d.,]|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))/gu;
    for (let m = gluedPay.exec(t.s); m; m = gluedPay.exec(t.s)) {
      const num = m[1] ?? '';
      take(m.index + m[0].length - num.length, m.index + m[0].length, num);
    }
    for (const tok of found) t.maskSpan(tok);
  }

  // «№ 943» without a keyword (document numbers were masked before).
  // When the message names an invoice with «счет», a «№» before it is another document's
  // (a statement line: «15.11.2026 №845 ИП Громов … Оплата по счету 2018/1120»).
  const firstKeyword = found[0]?.start ?? Infinity;
  const no = new RegExp(String.raw`${NO_SIGN}\s*\.?\s*(${LETTER_INVOICE}|${INVOICE_NUM})`, 'gu');
  for (let m = no.exec(t.s); m; m = no.exec(t.s)) {
    const num = m[1] ?? '';
    if (m.index < firstKeyword && found.length > 0) continue;
    take(m.index + m[0].length - num.length, m.index + m[0].length, num);
  }
  // «2018/943» anywhere: the year/number shape is an invoice by itself.
  const yearNum = /(?<![\d/.,~])20\d{2}[ ]*\/[ ]*\d{1,7}(?![\d/])/g;
  for (let m = yearNum.exec(t.s); m; m = yearNum.exec(t.s)) take(m.index, m.index + m[0].length, m[0]);
  // «2026-0457»: a year, a hyphen and a zero-padded number is an invoice by itself too.
  const yearDash = /(?<![\p{L}\d/.,~-])20\d{2}-0\d{2,5}(?![\d/-])/gu;
  for (let m = yearDash.exec(t.s); m; m = yearDash.exec(t.s)) take(m.index, m.index + m[0].length, m[0]);
  for (const tok of found) t.maskSpan(tok);
  return found.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Step 5: amounts
// ---------------------------------------------------------------------------------------------

/** Value of one AMOUNT match, or null if it is not money-shaped enough to be a sum. */
export function parseAmount(raw: string): { value: number; money: boolean } | null {
  const m = new RegExp(`^(${NUM_CORE})(${NUM_DEC})(${NUM_MULT})(${NUM_CUR})(${NUM_KOP})$`, 'u').exec(raw);
  if (!m) return null;
  const core = m[1] ?? '';
  const dec = m[2] ?? '';
  const mult = (m[3] ?? '').trim();
  const cur = (m[4] ?? '').trim();
  const kop = (m[5] ?? '').trim();
  let value = Number(core.replace(/[ .,]/g, ''));
  if (dec) value += Number(`0.${dec.slice(1)}`);
  if (mult) value *= /^(?:млн|миллион)/.test(mult) ? 1_000_000 : 1_000;
  if (kop) value += Number(/\d+/.exec(kop)?.[0] ?? '0') / 100;
  value = Math.round(value * 100) / 100;
  const money = Boolean(dec || mult || cur || kop || /[ .,]/.test(core));
  if (value <= 0) return null;
  if (!money && value < 100) return null; // «1)», «2 счета», «в 9»: small bare integers are not sums
  return { value, money };
}

function extractTotals(t: Text): Token[] {
  const out: Token[] = [];
  const re = new RegExp(
    String.raw`(?<![\p{L}])(?:итого|итог|всего|общ\p{L}*\s+сумм\p{L}*|в сумме)\s*[-:]?\s*(?:на\s+)?(?:сумму\s+)?${NUM_START}(${AMOUNT})`,
    'gu',
  );
  t.mask(re, (m) => {
    const raw = m[1] ?? '';
    const a = parseAmount(raw);
    if (!a) return false;
    const start = m.index + m[0].length - raw.length;
    out.push({ kind: 'total', start, end: start + raw.length, value: a.value, money: true });
  });
  return out;
}

function extractAmounts(t: Text): Token[] {
  const out: Token[] = [];
  const re = new RegExp(`${NUM_START}${AMOUNT}`, 'gu');
  for (let m = re.exec(t.s); m; m = re.exec(t.s)) {
    const a = parseAmount(m[0].trimEnd());
    if (a) out.push({ kind: 'amount', start: m.index, end: m.index + m[0].length, value: a.value, money: a.money });
  }
  return out;
}

/** «оплата», «оплачен», «оплатили»: the words after which a bare number names the invoice. */
const RE_PAY_WORD = /(?<![\p{L}])(?:оплат\p{L}*|оплачен\p{L}*|(?:про|до|за)плат\p{L}*|опл)(?![\p{L}])/u;

/**
 * Invoices written as bare numbers («оплатили 1300 Монолит 4000», «943 — 4 000», «оплатили 325 и
 * 326, всего 52 300», «Пришло 12 000 по 1060», «943 оплачен»). A bare integer is a non-money
 * 3-7-digit number. In each line (or «;» part) the first bare integer, with the neighbouring bare
 * integers listed after it («325 и 326», «1401, 1402, 1403»), is the invoice list when a sum
 * follows it or a total is given, or when it follows «по»; a bare integer right after «по» is an
 * invoice anywhere. With a payment word and no money-shaped sum anywhere, every bare integer is an
 * invoice («оплата 1051»): a sum is almost never written as a bare «1051» with nothing else.
 */
function pickBareInvoices(
  amounts: Token[],
  totals: Token[],
  s: string,
  haveMarked: boolean,
  payWord: boolean,
): { invoices: Token[]; amounts: Token[] } {
  const invoices: Token[] = [];
  const isBare = (a: Token): boolean => !a.money && /^\d{3,7}$/.test(s.slice(a.start, a.end).trim());
  const asInvoice = (a: Token): Token => ({
    kind: 'invoice',
    start: a.start,
    end: a.end,
    invoice: s.slice(a.start, a.end).trim(),
  });
  const afterPo = (a: Token): boolean =>
    /(?<![\p{L}])(?:по|за)\s*(?:(?:№|#|no?(?![\p{L}]))\s*)?$/u.test(s.slice(0, a.start));

  // «… по 1060» anywhere.
  for (const a of amounts) if (isBare(a) && afterPo(a)) invoices.push(asInvoice(a));
  // «перевел по 3220 ₽ 6 400»: a plain number with only a currency sign after «по», and a
  // money-shaped sum right after it — the sign belongs to the sum, the number is the invoice.
  for (const [k, a] of amounts.entries()) {
    const next = amounts[k + 1];
    const raw = s.slice(a.start, a.end).trim();
    const m = /^(\d{3,7})\s*(?:₽|р\.?|руб\.?)$/u.exec(raw);
    if (!m?.[1] || !afterPo(a) || !next?.money || !/^\s*$/.test(s.slice(a.end, next.start))) continue;
    invoices.push({ kind: 'invoice', start: a.start, end: a.start + m[1].length, invoice: m[1] });
  }

  if (!haveMarked) {
    const segments: Span[] = [];
    const seg = /[^\n;]+/g;
    for (let m = seg.exec(s); m; m = seg.exec(s)) segments.push({ start: m.index, end: m.index + m[0].length });
    for (const sp of segments) {
      const inSeg = amounts.filter(
        (a) => a.start >= sp.start && a.end <= sp.end && !invoices.some((i) => i.start === a.start),
      );
      const first = inSeg[0];
      if (!first || !isBare(first)) continue;
      const list = [first];
      for (let k = 1; k < inSeg.length; k++) {
        const prev = list[list.length - 1] as Token;
        const cur = inSeg[k] as Token;
        const joint = s.slice(prev.end, cur.start);
        if (!isBare(cur) || !/^\s*(?:,|;|и|\s)\s*(?:(?:№|#)\s*)?$/u.test(joint)) break;
        if (!isNeighbour(s.slice(prev.start, prev.end).trim(), s.slice(cur.start, cur.end).trim())) break;
        list.push(cur);
      }
      const sumAfter = inSeg.length > list.length || totals.length > 0;
      if (!(sumAfter || afterPo(first) || (list.length > 1 && payWord))) continue;
      invoices.push(...list.map(asInvoice));
      // Alternating «1407 на 3 т.р. и 1408 на 5 т.р.»: a bare number between two sums is an invoice;
      // so is one close to the first invoice after a comma or a name, before its own sum
      // («Элексис (2406) 4000, Монолит (2407) 6000»).
      const head = s.slice(first.start, first.end).trim();
      for (let k = list.length + 1; k + 1 < inSeg.length; k++) {
        const [prev, cur, nxt] = [inSeg[k - 1], inSeg[k], inSeg[k + 1]] as [Token, Token, Token];
        const likeFirst =
          isBare(cur) &&
          isNeighbour(head, s.slice(cur.start, cur.end).trim()) &&
          /[,;(\p{L}]/u.test(s.slice(prev.end, cur.start));
        if ((prev.money && isBare(cur) && nxt.money) || likeFirst) {
          invoices.push(asInvoice(cur));
          k++;
        }
      }
    }
  }

  // «Сообщение: оплата 1563» beside a money-shaped sum: the bare number right after the payment
  // word is the invoice.
  if (!haveMarked && invoices.length === 0 && amounts.some((a) => a.money))
    for (const a of amounts)
      if (isBare(a) && /(?<![\p{L}])(?:оплат\p{L}*|оплачен\p{L}*)\s*(?:(?:№|#)\s*)?$/u.test(s.slice(0, a.start)))
        invoices.push(asInvoice(a));

  // «943 оплачен», «оплата 1051»: no money-shaped sum anywhere, a payment word, bare numbers only.
  const rest = amounts.filter((a) => !invoices.some((i) => i.start === a.start));
  if (!haveMarked && invoices.length === 0 && payWord && totals.length === 0 && rest.length > 0 && rest.every(isBare))
    invoices.push(...rest.map(asInvoice));

  return { invoices, amounts: amounts.filter((a) => !invoices.some((i) => i.start === a.start)) };
}

/**
 * Statement lines carry the payment order's number beside the sum («14.11.2026 | 377 | ООО … |
 * 48 500,00 | Оплата по счету 943»): when a sum is written like money, a bare integer under 1 000
 * next to it is a document number, not a second sum.
 */
function dropDocumentNumbers(amounts: Token[], s: string): Token[] {
  if (!amounts.some((a) => a.money)) return amounts;
  // «4 000 бетон + 500 доставка»: a summand is money whatever its size.
  const summand = (a: Token): boolean => /\+\s*$/.test(s.slice(0, a.start)) || /^\s*\+/.test(s.slice(a.end));
  return amounts.filter((a) => a.money || (a.value ?? 0) >= 1000 || summand(a));
}

/** Sums in words («восемь тысяч пятьсот»), unless the same value is already written in digits. */
function extractWordSums(t: Text, totals: Token[], quiet: Span[]): Token[] {
  const out: Token[] = [];
  for (const w of findWordSums(t.s)) {
    out.push({ kind: 'amount', start: w.start, end: w.end, value: w.value, money: true });
    t.maskSpan(w);
    quiet.push(w); // «с половиной», «полтора» say nothing about a partial payment
  }
  // «Итого: сорок восемь тысяч» is the total.
  for (const w of out) {
    if (/(?<![\p{L}])(?:итого|всего|на сумму|в сумме)\s*:?\s*$/u.test(t.s.slice(0, w.start)) && totals.length === 0)
      totals.push({ ...w, kind: 'total' });
  }
  return out.filter((w) => !totals.some((x) => x.start === w.start));
}

/** The text with the given spans (positions in the whole message) blanked out. */
function blank(text: string, offset: number, spans: Span[]): string {
  let out = text;
  for (const sp of spans) {
    const a = Math.max(0, sp.start - offset);
    const b = Math.min(text.length, sp.end - offset);
    if (a < b) out = out.slice(0, a) + ' '.repeat(b - a) + out.slice(b);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Step 6: pair amounts with invoices
// ---------------------------------------------------------------------------------------------

function lineOf(s: string, pos: number): number {
  let n = 0;
  for (let i = 0; i < pos; i++) if (s[i] === '\n') n++;
  return n;
}

/** Per-invoice amounts when the message pairs them, else null. */
function pairItems(invoices: Token[], amounts: Token[], s: string): Array<number | null> | null {
  if (invoices.length < 2 || amounts.length === 0) return null;
  // One invoice per line: each line's sums belong to its invoice.
  const invLines = invoices.map((i) => lineOf(s, i.start));
  if (new Set(invLines).size === invoices.length) {
    const perLine = invLines.map((ln) => amounts.filter((a) => lineOf(s, a.start) === ln));
    if (perLine.every((l) => l.length >= 1) && amounts.every((a) => invLines.includes(lineOf(s, a.start))))
      return perLine.map((l) => round2(l.reduce((x, a) => x + (a.value ?? 0), 0)));
  }
  // Alternating: «сч 1145 (4 000) и сч 1146 (6 000)».
  if (amounts.every((a) => a.start > (invoices[0]?.start ?? 0))) {
    const groups = invoices.map((inv, k) => {
      const nextStart = invoices[k + 1]?.start ?? Infinity;
      return amounts.filter((a) => a.start > inv.start && a.start < nextStart);
    });
    if (groups.every((g) => g.length === 1)) return groups.map((g) => g[0]?.value ?? null);
    // All invoices first, then as many sums in the same order: «2018/1350, 2018/1351 … 20 000 и 15 000».
    const lastInv = invoices[invoices.length - 1]?.start ?? 0;
    if (amounts.length === invoices.length && amounts.every((a) => a.start > lastInv))
      return amounts.map((a) => a.value ?? null);
  }
  return null;
}

/** The words after which a sum is the money that came in («оплатили 10 000», «пришло 20 000»). */
const RE_PAID_NOW = new RegExp(`${RE_PAID.source}|${RE_ARRIVAL.source}`, 'iu');

/**
 * «Счет 2101 на 20 000, оплатили 10 000»: the sum right after «счет N на» is the invoice's, when
 * a payment word and another sum follow it. The paid sum is the amount; less than the invoice's
 * is a partial payment.
 */
function dropInvoiceTotal(
  invoices: Token[],
  amounts: Token[],
  s: string,
  norm: string,
): { amounts: Token[]; partial: boolean } {
  const inv = invoices[0];
  const [named, ...rest] = amounts;
  if (invoices.length !== 1 || !inv || !named || !rest.length) return { amounts, partial: false };
  if (!/^\s*(?:от\s*~+\s*)?(?:г\.\s*)?на\s+(?:сумму\s+)?$/u.test(s.slice(inv.end, named.start)))
    return { amounts, partial: false };
  const paidSum = rest.find((a) => a.money && RE_PAID_NOW.test(norm.slice(named.end, a.start)));
  if (!paidSum) return { amounts, partial: false };
  return { amounts: [paidSum], partial: (paidSum.value ?? 0) < (named.value ?? 0) };
}

/** «Оплачены сч. 2112 и 2113 по 5 000»: one sum after «по», for each of the invoices. */
function eachPaid(invoices: Token[], amounts: Token[], totals: Token[], s: string): Array<number | null> | null {
  const [one] = amounts;
  const last = invoices[invoices.length - 1];
  if (invoices.length < 2 || amounts.length !== 1 || totals.length || !one || !last || one.start < last.end)
    return null;
  if (!/(?<![\p{L}])по\s*$/u.test(s.slice(0, one.start))) return null;
  return invoices.map(() => one.value ?? null);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Step 7: payer (as written in the original text)
// ---------------------------------------------------------------------------------------------

const LEGAL = 'ООО|ОАО|ЗАО|ПАО|АО|ИП|ТД|ТОО|НПО|ГК|ЧП';

function isNameWord(w: string): boolean {
  return (
    /^[\p{L}][\p{L}-]*$/u.test(w) &&
    !NOT_A_NAME.has(normalise(w)) &&
    !RE_PAID.test(normalise(w)) &&
    !RE_ARRIVAL.test(normalise(w))
  );
}

function extractPayer(
  original: string,
  masked: string,
  clauses: Clause[],
  firstInvoice: Token | undefined,
): string | null {
  const trimName = (v: string): string | null => {
    const r = v
      .replace(/(?<!\p{Lu})[\s,.:;–—-]+$/u, '')
      .replace(/[\s,:;–—-]+$/u, '')
      .replace(/^[\s,.:;–—-]+/u, '')
      .trim();
    return r.length >= 2 ? r : null;
  };
  // «Плательщик: ГРАНИТ-СТРОЙ ООО, ИНН …»
  const labelled =
    /(?:плательщик|отправитель|контрагент)\s*[:-]?\s*([^,\n;]+?)(?=\s*(?:,|;|\n|\.\s|\s+инн|\s+кпп|\s+р\/с|$))/iu.exec(
      original,
    );
  if (labelled?.[1]) return trimName(labelled[1]);

  // «ООО «Кирпичный двор»», «ООО "ЭЛЕКСИС"», «ИП Кузнецов А.В.», «ООО Вектор», «ИП Ромашкин Павел Андреевич»
  const prefixed = new RegExp(
    `(?<![\\p{L}])(?:${LEGAL})\\s+(?:«[^»]+»|"[^"]+"|(?:[\\p{L}][\\p{L}\\-]*)(?:\\s+\\p{Lu}\\.\\s?\\p{Lu}\\.|(?:\\s+[\\p{L}][\\p{L}\\-]*){0,2}))`,
    'u',
  ).exec(original);
  if (prefixed) {
    const [form, ...rest] = prefixed[0].split(/\s+/);
    const name = prefixed[0].slice((form ?? '').length).trim();
    if (/^[«"]/.test(name)) return `${form} ${name}`;
    const keep: string[] = [];
    for (const w of rest) {
      if (!(/^\p{Lu}\.\s?\p{Lu}\.?$/u.test(w) || isNameWord(w))) break;
      if (keep.length > 0 && !/^\p{Lu}/u.test(w) && !/^\p{Lu}/u.test(keep[0] ?? '')) break;
      keep.push(w);
    }
    if (keep.length) return trimName(`${form} ${keep.join(' ')}`);
  }
  // «ЭЛЕКСИС ООО», «Кирпичный двор ООО», «"ЭЛЕКСИС" ООО»
  const suffixed = new RegExp(`((?:[«"]?[\\p{L}][\\p{L}\\-]*[»"]?\\s+){1,3})(${LEGAL})(?![\\p{L}])`, 'u').exec(
    original,
  );
  if (suffixed?.[1]) {
    const ws = suffixed[1].trim().split(/\s+/);
    const keep: string[] = [];
    for (let i = ws.length - 1; i >= 0; i--) {
      const w = ws[i] ?? '';
      if (!isNameWord(w.replace(/[«»"]/g, ''))) break;
      keep.unshift(w);
    }
    if (keep.length) return `${keep.join(' ')} ${suffixed[2] ?? ''}`;
  }
  // «от Ромашки», «от Монолит»
  const from = /(?<![\p{L}])от\s+([\p{L}][\p{L}-]*)/giu;
  for (let m = from.exec(original); m; m = from.exec(original)) {
    const w = m[1] ?? '';
    if (
      isNameWord(w) &&
      !masked.slice(m.index, m.index + m[0].length).includes(MASK) &&
      !new RegExp(`^(?:${MONTHS})`, 'iu').test(w)
    )
      return w;
  }
  // A capitalised word that is not vocabulary, preferably in the clause that says «оплатил»:
  // «Элексис оплатили», «… 1075 — Дорстрой — …». Not codes like «ФБС», not words in brackets.
  const candidates: Array<{ name: string; pos: number }> = [];
  const cap = /(?<![\p{L}(])(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)?)/gu;
  for (let m = cap.exec(original); m; m = cap.exec(original)) {
    const ws = (m[1] ?? '').split(/\s+/).filter((w) => isNameWord(w) && !/^\p{Lu}{2,4}$/u.test(w) && !w.endsWith('-'));
    if (ws[0] && ws[0].length >= 3) candidates.push({ name: ws.join(' '), pos: m.index });
  }
  const paidClauses = clauses.filter((c) => !c.negative && (RE_PAID.test(c.text) || RE_ARRIVAL.test(c.text)));
  const inPaid = candidates.find((c) => paidClauses.some((cl) => c.pos >= cl.start && c.pos < cl.end));
  const best =
    inPaid ?? candidates.find((c) => clauses.some((cl) => !cl.negative && c.pos >= cl.start && c.pos < cl.end));
  if (best) return best.name;
  // Lower-case messages: the words right after the invoice number («сч 943 элексис 4000»).
  if (firstInvoice) {
    const after = /^\s*[-,]?\s*((?:[\p{L}][\p{L}-]*\s*){1,2})/u.exec(masked.slice(firstInvoice.end));
    if (after?.[1]) {
      const ws = after[1].trim().split(/\s+/);
      const keep: string[] = [];
      for (const w of ws) {
        if (!isNameWord(w) || w.length < 3) break;
        keep.push(w);
      }
      if (keep.length) {
        const from2 = firstInvoice.end + (after[0].length - after[1].length);
        return original.slice(from2, from2 + keep.join(' ').length);
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------------

function inSpans(tok: Span, spans: Span[]): boolean {
  return spans.some((sp) => tok.start >= sp.start && tok.start < sp.end);
}

export function parsePaymentNotice(text: string): PaymentNotice {
  const docs = readExchangeDocuments(text);
  if (docs) return readIncoming(incomingCredits(docs, ownAccount(text)), readPurpose);
  const rows = readStatementRows(text);
  return rows ? readIncoming(rows, readPurpose) : parseFreeText(text);
}

/**
 * A payment purpose (a 1C document's `НазначениеПлатежа=`, a statement row's «Назначение») read as
 * chat text after «Оплачено.»: its invoices and «partial»; null when a veto word says it is a refund,
 * an outgoing payment and the like.
 */
const readPurpose: PurposeReader = (purpose) =>
  vetoed(normalise(purpose)) ? null : parseFreeText(`Оплачено. ${purpose}`);

/**
 * A bank push for money we spent: «Оплата 3 450 ₽, Яндекс Такси. Карта *7788», «ВТБ: Оплата услуг
 * 1 500 ₽ МТС. Баланс 8 000 ₽» — a payment word first, then the sum, and the card or the balance.
 */
const RE_SPENT_PUSH = /^\s*(?:[\p{L}\d -]{1,20}:\s*)?(?:оплата|покупка)(?:\s+услуг\p{L}*)?\s+\d/u;
const RE_BANK_TAIL = /карт\p{L}*\s*[*•]|(?<![\p{L}])(?:баланс|доступно|остаток)(?![\p{L}])/u;

/**
 * Words of other business (deliveries, orders, documents, discounts): with no payment word, an
 * invoice number and a sum beside them are not an announcement («Доставка по 2601 — 3 500»).
 */
const RE_OTHER_BUSINESS =
  /(?<![\p{L}])(?:доставк\p{L}*|отгру[зж]\p{L}*|заказ\p{L}*|акт\p{L}*|сверк\p{L}*|скидк\p{L}*|водител\p{L}*|машин\p{L}*|рейс\p{L}*|курс\p{L}*|план\p{L}*|смет\p{L}*|цен[аыуе]|стоимост\p{L}*|прайс\p{L}*|кп|предложени\p{L}*|нуж[ен]\p{L}*|надо|согласова\p{L}*|понрав\p{L}*)(?![\p{L}])/u;

/** A word the parser already reads as it is (not a typo of another). */
function isVocabulary(w: string): boolean {
  return [RE_PAID, RE_ARRIVAL, RE_PARTIAL, RE_GLOBAL_NEG, RE_CLAUSE_NEG].some((re) => re.test(w));
}

/** The message names an invoice: «сч 943», «счет № 12», «№ 943», «2018/943». */
const RE_NAMES_INVOICE = /(?<![\p{L}])(?:сч(?:ет\p{L}*)?\.?\s*(?:№\s*)?[\p{L}\d]|№\s*\d)|20\d{2}\s*\/\s*\d/u;
/** Right before a veto word: it is what the service paid for («за 3 часа аренды», «услуги аренды»). */
const RE_SUBJECT_BEFORE = /(?<![\p{L}])(?:за|для|услуг\p{L}*|договор\p{L}*|работ\p{L}*)\s+(?:[^\s,.;:!?()]+\s+){0,3}$/u;

/**
 * «Оплатили 3212 за ремонт …, 8 800»: a paid verb, a bare number (not money-shaped) right after
 * it and a money-shaped sum later — the bare number names the invoice. «Оплатили 5000 за аренду»
 * (no sum after) stays ambiguous and is not exempted.
 */
const RE_BARE_INVOICE_THEN_SUM = new RegExp(
  String.raw`(?:${RE_PAID.source})\s+(?:№\s*)?\d{3,7}(?![\d.,]|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))[^\n]*?\d{1,3}(?:[ ]\d{3})+(?!\d)`,
  'iu',
);

/**
 * A veto word that is not only the subject of the service paid for. The exemption needs the
 * message to name an invoice or say money arrived: «Оплатили за аренду офиса 80 000» is still
 * rent we paid.
 */
function vetoed(norm: string): boolean {
  const g = new RegExp(RE_GLOBAL_NEG.source, 'giu');
  const ours = RE_NAMES_INVOICE.test(norm) || RE_ARRIVAL.test(norm) || RE_BARE_INVOICE_THEN_SUM.test(norm);
  for (let m = g.exec(norm); m; m = g.exec(norm)) {
    if (ours && RE_SUBJECT_BEFORE.test(norm.slice(Math.max(0, m.index - 60), m.index))) continue;
    return true;
  }
  return false;
}

function parseFreeText(raw: string): PaymentNotice {
  const text = respell(dropOtherDocumentNumbers(raw), isVocabulary);
  const norm = normalise(text);
  if (vetoed(norm) || isNotCustomerPayment(norm)) return { ...NOT_PAYMENT, items: [] };
  if (RE_SPENT_PUSH.test(norm) && RE_BANK_TAIL.test(norm) && !/(?<![\p{L}])(?:от|сч\p{L}*)(?![\p{L}])/u.test(norm))
    return { ...NOT_PAYMENT, items: [] };

  const clauses = splitClauses(norm);
  const negative = clauses.filter((c) => c.negative);
  const positive = clauses.filter((c) => !c.negative);

  const { text: t, inns, percents, outOf, owed, quiet } = maskNoise(norm, text);
  let invoices = extractMarkedInvoices(t);
  const totals = extractTotals(t);
  const wordTotals = extractWordSums(t, totals, quiet);
  let amounts = [...extractAmounts(t), ...wordTotals].sort((a, b) => a.start - b.start);

  const hasPaidVerb = positive.some((c) => RE_PAID.test(c.text));
  const hasArrival = positive.some((c) => RE_ARRIVAL.test(c.text));
  {
    // Without a payment word too: «Элексис 2401 — 4000» in the payment chat is an announcement.
    const bare = pickBareInvoices(amounts, totals, t.s, invoices.length > 0, RE_PAY_WORD.test(norm));
    invoices = [...invoices, ...bare.invoices].sort((a, b) => a.start - b.start);
    amounts = bare.amounts;
  }
  amounts = dropDocumentNumbers(amounts, t.s);

  // Whatever sits in a negative clause («сч 1187 пока нет») is not paid now.
  const keep = (tok: Token): boolean => !inSpans(tok, negative);
  const liveInvoices = invoices.filter(keep);
  const keptAmounts = amounts.filter(keep);
  const liveTotals = totals.filter(keep);
  const hasSomething = liveInvoices.length > 0 || keptAmounts.length > 0 || liveTotals.length > 0;

  // A bare «Элексис 2018/943 4000» in the payment chat is an announcement too, if nothing
  // in it says otherwise.
  const bareAnnouncement =
    negative.length === 0 &&
    liveInvoices.length > 0 &&
    (keptAmounts.length > 0 || liveTotals.length > 0) &&
    !RE_OTHER_BUSINESS.test(norm);
  const isPayment = hasPaidVerb || (hasArrival && hasSomething) || bareAnnouncement;
  if (!isPayment) return { ...NOT_PAYMENT, items: [] };

  const invoiceIds = [...new Set(liveInvoices.map((i) => i.invoice ?? ''))].filter(Boolean);
  const firstOf = invoiceIds.map((id) => liveInvoices.find((i) => i.invoice === id) as Token);

  const named = dropInvoiceTotal(firstOf, keptAmounts, t.s, norm);
  const liveAmounts = named.amounts;
  const each = eachPaid(firstOf, liveAmounts, liveTotals, t.s);
  const paired = each ?? pairItems(firstOf, liveAmounts, t.s);
  let amount: number | null;
  let items: PaymentNotice['items'];
  if (paired) {
    items = invoiceIds.map((invoice, k) => ({ invoice, amount: paired[k] ?? null }));
    amount = liveTotals[0]?.value ?? round2(paired.reduce<number>((x, v) => x + (v ?? 0), 0));
  } else {
    // Bank statements repeat the sum («Поступление 56 000,00 … Сумма 56000-00»): count each value once.
    const distinct = [...new Set(liveAmounts.map((a) => a.value ?? 0))];
    const sum = round2(distinct.reduce((x, v) => x + v, 0));
    // «8 000 (5 000 + 3 000)»: one value is the sum of the others, its breakdown.
    const whole = distinct.length > 2 ? distinct.find((v) => round2(sum - v) === v) : undefined;
    amount = liveTotals[0]?.value ?? whole ?? (distinct.length ? sum : null);
    items = invoiceIds.map((invoice) => ({ invoice, amount: invoiceIds.length === 1 ? amount : null }));
  }

  // «предоплата 100%», «100% аванс»: all of it, paid ahead — not a part.
  const liveText = positive
    .map((c) => blank(c.text, c.start, quiet))
    .join(' ')
    .replace(
      /(?<![\p{L}])(?:(?:аванс|предоплат)\p{L}*\s*(?:в\s+размере\s*)?100\s*%|100\s*%\s*(?:аванс|предоплат)\p{L}*)/gu,
      ' ',
    );
  const partial = outOf || owed || named.partial || RE_PARTIAL.test(liveText) || percents.some((p) => p > 0 && p < 100);

  const notice: PaymentNotice = {
    isPayment: true,
    invoices: invoiceIds,
    amount,
    inn: inns[0] ?? null,
    payer: extractPayer(text, t.s, clauses, firstOf[0]),
    partial,
    items,
  };
  const missing: Array<'invoice' | 'amount'> = [];
  if (invoiceIds.length === 0) missing.push('invoice');
  if (amount === null) missing.push('amount');
  if (missing.length) notice.missing = missing;
  return notice;
}
