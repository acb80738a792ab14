/**
 * Spelling the payment parser forgives before it reads a message: the Latin forms of bank SMS
 * and pushes («VTB: Postuplenie 5 200.00 RUB. Schet *2345», «Incoming transfer … from …») and
 * one-letter typos in the payment words («1702 оплочен 6 300», «опалчено», «Поступлние»).
 *
 * Pure. Both steps only replace whole words, so the rest of the message (names, numbers) stays
 * as written.
 */
import levenshtein from 'damerau-levenshtein';
import { restoreLookalikes } from './lookalikes';

// ---------------------------------------------------------------------------------------------
// Latin → Russian: the words banks write in transliterated SMS (Сбер, ВТБ, Альфа, Т-Банк, Точка…)
// and in English pushes. Only known words are replaced; a name like «OOO STROYMAX» keeps its
// letters («ООО STROYMAX»).
// ---------------------------------------------------------------------------------------------

/** Phrases first (longest wins), then single words; keys are lower case. */
const LATIN_PHRASES: Array<[RegExp, string]> = [
  [/\b(?:incoming|inbound)\s+(?:transfer|payment)\b/giu, 'входящий перевод'],
  [/\b(?:payment|transfer|money)\s+received\b/giu, 'поступила оплата'],
  [/\bv?kh?odyas?h?ch?iy\s+perevod\b/giu, 'входящий перевод'],
  // «Incoming payment … is on hold pending compliance check (115-FZ)»: held, not credited.
  [/\b(?:is\s+)?(?:on\s+hold|suspended)\b/giu, 'приостановлен'],
];

const LATIN_WORDS: Record<string, string> = {
  // money arrived
  postuplenie: 'поступление',
  postupil: 'поступил',
  postupila: 'поступила',
  postupilo: 'поступило',
  postupili: 'поступили',
  zachislenie: 'зачисление',
  zachisleno: 'зачислено',
  zachislen: 'зачислен',
  zachislena: 'зачислена',
  postupl: 'поступл', // «postupl. 98000.00 RUB», as «Поступл.»
  zachisl: 'зачисл',
  popolnenie: 'пополнение',
  popolneno: 'пополнено',
  popolnen: 'пополнен',
  popolnena: 'пополнена',
  poluchen: 'получен',
  polucheno: 'получено',
  poluchena: 'получена',
  zachisleny: 'зачислены',
  postupleniye: 'поступление',
  perevod: 'перевод',
  vkhodyashchiy: 'входящий',
  vhodyashchiy: 'входящий',
  vkhodyaschiy: 'входящий',
  vhodyashiy: 'входящий',
  soobshchenie: 'сообщение',
  soobschenie: 'сообщение',
  soobshenie: 'сообщение',
  kommentariy: 'комментарий',
  kommentarii: 'комментарий',
  prishlo: 'пришло',
  prishla: 'пришла',
  prishel: 'пришел',
  oplata: 'оплата',
  oplaty: 'оплаты',
  oplatu: 'оплату',
  oplachen: 'оплачен',
  oplacheno: 'оплачено',
  oplachena: 'оплачена',
  oplatil: 'оплатил',
  oplatili: 'оплатили',
  platezh: 'платеж',
  platej: 'платеж',
  platyozh: 'платеж',
  avans: 'аванс',
  predoplata: 'предоплата',
  chastichnaya: 'частичная',
  chastichno: 'частично',
  doplata: 'доплата',
  doplatu: 'доплату',
  // a part paid: «zadatok za shiny», «rassrochka platezh 4 iz 10», «chast 1 iz 2», «vtoroy transh»
  zadatok: 'задаток',
  zadatka: 'задатка',
  rassrochka: 'рассрочка',
  rassrochku: 'рассрочку',
  rassrochke: 'рассрочке',
  installment: 'рассрочка',
  chast: 'часть',
  chasti: 'части',
  transh: 'транш',
  polovina: 'половина',
  ostatka: 'остатка',
  iz: 'из',
  advance: 'аванс',
  prepayment: 'предоплата',
  prepaid: 'предоплата',
  partial: 'частичная',
  partially: 'частично',
  credited: 'зачислено',
  credit: 'зачисление',
  deposit: 'пополнение',
  replenishment: 'пополнение',
  topup: 'пополнение',
  received: 'поступило',
  payment: 'оплата',
  // money that left, or did not move
  spisanie: 'списание',
  spisano: 'списано',
  pokupka: 'покупка',
  snyatie: 'снятие',
  vydacha: 'выдача',
  vozvrat: 'возврат',
  vozvrashchen: 'возвращен',
  vozvrashen: 'возвращен',
  vozvrashcheno: 'возвращено',
  vozvrasheno: 'возвращено',
  nachisleny: 'начислены',
  nachisleno: 'начислено',
  protsenty: 'проценты',
  procenty: 'проценты',
  otmena: 'отмена',
  otkaz: 'отказ',
  otkloneno: 'отклонено',
  otklonena: 'отклонена',
  otklonen: 'отклонен',
  purchase: 'покупка',
  withdrawal: 'снятие',
  debit: 'списание',
  debited: 'списано',
  declined: 'отклонено',
  rejected: 'отклонено',
  cancelled: 'отменено',
  canceled: 'отменено',
  refund: 'возврат',
  // the rest of an SMS
  schet: 'счет',
  schyot: 'счет',
  schot: 'счет',
  scheta: 'счета',
  schetu: 'счету',
  schyotu: 'счету',
  schetam: 'счетам', // «Oplata po schetam 4471, 4472»
  schetov: 'счетов',
  sch: 'сч',
  invoice: 'счет',
  invoices: 'счета',
  inv: 'сч', // «Ref: inv. 4832, 4833»
  opl: 'опл', // VTB's «Opl. sch. 8441 ot 02.12.26»
  // A director typing English in the chat: «яхонт paid 8347 full, 112к».
  paid: 'оплачен',
  full: 'полностью',
  fully: 'полностью',
  vychetom: 'вычетом', // «opl. sch. 4679 za vychetom peni 2150.00» («dogovoru», «sobstvennyh», «kredit»: below)
  peni: 'пени',
  account: 'счет',
  acc: 'счет',
  karta: 'карта',
  karty: 'карты',
  kartu: 'карту',
  card: 'карта',
  ostatok: 'остаток',
  ost: 'ост',
  balans: 'баланс',
  bal: 'баланс',
  balance: 'баланс',
  dostupno: 'доступно',
  dost: 'дост',
  available: 'доступно',
  summa: 'сумма',
  summu: 'сумму',
  amount: 'сумма',
  naznachenie: 'назначение',
  nazn: 'назн',
  purpose: 'назначение',
  dogovor: 'договор',
  dogovoru: 'договору',
  // money that is no customer's: our own funds, a bank loan
  sobstvennyh: 'собственных',
  sobstvennykh: 'собственных',
  sobstvennyx: 'собственных',
  sredstv: 'средств',
  sredstva: 'средства',
  mezhdu: 'между',
  schetami: 'счетами',
  kredit: 'кредит',
  kreditnye: 'кредитные',
  kreditnyh: 'кредитных',
  kreditnykh: 'кредитных',
  kreditnomu: 'кредитному',
  kreditnogo: 'кредитного',
  ot: 'от',
  otpravitel: 'отправитель',
  platelshchik: 'плательщик',
  platelschik: 'плательщик',
  from: 'от',
  po: 'по',
  na: 'на',
  za: 'за',
  for: 'за',
  ooo: 'ООО',
  ip: 'ИП',
  ao: 'АО',
  inn: 'ИНН',
  tin: 'ИНН',
  kpp: 'КПП',
  vat: 'НДС',
  nds: 'НДС',
};

/** A Latin message is read this way only if it has one of these: «ot», «po» alone prove nothing. */
const LATIN_TRIGGERS = new Set([
  ...Object.keys(LATIN_WORDS).filter((w) => w.length >= 5 && !['from', 'amount', 'purpose'].includes(w)),
  'paid', // short, but never anything but a payment
]);

function withCase(model: string, word: string): string {
  if (model.length > 1 && /^[\p{Lu}\s]+$/u.test(model)) return word.toUpperCase();
  if (/^\p{Lu}/u.test(model)) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

/**
 * A bank push's signed sum in roubles, «+25 000.00 RUB», «+76,800.00 RUB» (English thousands): the
 * message is a bank's, however short.
 */
const RE_SIGNED_RUB = /(?<![\w])\+\s?\d{1,3}(?:[ \u00a0\u202f,]?\d{3})*(?:[.,]\d{1,2})?\s?(?:RUB|RUR)(?![A-Za-z])/i;

/**
 * An account number cut with an ellipsis («40702810…7093», «40702810...7093»; six digits or more
 * before it, so «6292...6295» stays two invoices; five when they open a balance account, «40702...4418»,
 * «30101…») written the way the parser already reads an account tail («40702810*7093», «40702810***7093»),
 * and an English SMS's «acc 2286» (an account's last four digits, not «account» the invoice) as «acc*2286»:
 * same length, so positions in the text do not move.
 */
export function markAccountTails(text: string): string {
  return text
    .replace(/(?<=\d{6}|(?<!\d)(?:40|42|30)\d{3})(?:…|\.{2,3})(?=\d{4}(?!\d))/gu, (m) => '*'.repeat(m.length))
    .replace(/(?<![\p{L}])(acc\.?) (?=\d{4}(?![\d.,]|[ ]\d{3}(?!\d)))/giu, '$1*');
}

/**
 * Everything the parser forgives before it reads a message, in order: account tails cut with an
 * ellipsis, OCR look-alikes, Latin bank words, typos in the payment words.
 */
export function respell(text: string, isWord?: (w: string) => boolean): string {
  return correctTypos(
    latinToRussian(restoreLookalikes(markAccountTails(expandBankShortWords(dictatedPunctuation(text))))),
    isWord,
  );
}

/**
 * Voice dictation's punctuation said as words: «… кательной запятая счёт 317-й …», «… по 26/0530 точка
 * спасибо» → «кательной, счёт», «26/0530. спасибо». Lower case between words only; not the bank «Точка»
 * («через точку», «в точка банке», «Точка: +3 000 ₽»).
 */
export function dictatedPunctuation(text: string): string {
  return text.replace(
    /(?<=[\p{L}\d)])(?=[ ]+(?:запятая|точка))(?<!(?<![\p{L}])(?:банк\p{L}*|через|в|на|из|с|от|по|приложени\p{L}*))[ ]+(запятая|точка)(?=[ ]+[\p{Ll}\d]|[ ]*$)/gmu,
    (_m, word: string) => (word === 'запятая' ? ',' : '.'),
  );
}

/**
 * A bank SMS's short words for money in, before a sum or a payment word: «Вх. платёж 12 000,00 р.»,
 * «Пост. 12 000,00 р.», «Зач. 12 000,00 RUB» → «Входящий», «Поступление», «Зачисление».
 */
export function expandBankShortWords(text: string): string {
  const SUM = String.raw`\s?\+?\d[\d \u00a0]{0,12}(?:[.,]\d{1,2})?\s?(?:₽|р\.|руб|rub|rur)`;
  return text
    .replace(/(?<![\p{L}])(В)х\.(?=\s*(?:плат[её]ж|перевод))/giu, (_m, v: string) => `${v}ходящий`)
    .replace(new RegExp(String.raw`(?<![\p{L}])(П)ост\.(?=${SUM})`, 'giu'), (_m, p: string) => `${p}оступление`)
    .replace(new RegExp(String.raw`(?<![\p{L}])(З)ач\.(?=${SUM})`, 'giu'), (_m, z: string) => `${z}ачисление`);
}

/** Latin bank words replaced by their Russian ones; text without them is returned unchanged. */
export function latinToRussian(text: string): string {
  const latin = text.match(/[A-Za-z]+/g);
  if (!latin) return text;
  const triggered =
    latin.some((w) => LATIN_TRIGGERS.has(w.toLowerCase())) ||
    LATIN_PHRASES.some(([re]) => new RegExp(re).test(text)) ||
    RE_SIGNED_RUB.test(text);
  if (!triggered) return text;
  // «4,500 RUB», «1,250,000 RUB»: English thousands, written with commas, before the currency.
  let out = text.replace(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?=\s?(?:rub|rur|₽)(?![A-Za-z]))/giu, (m) =>
    m.replace(/,/g, ' '),
  );
  for (const [re, ru] of LATIN_PHRASES) out = out.replace(re, (m) => withCase(m, ru));
  // Not a series glued to its number by a hyphen: «INV-2026-104» is the invoice as written, not «сч-2026-104».
  return out.replace(/(?<![A-Za-z\p{L}])[A-Za-z]+(?![A-Za-z\p{L}]|-\d)/gu, (w) => {
    const ru = LATIN_WORDS[w.toLowerCase()];
    return ru ? withCase(w, ru) : w;
  });
}

// ---------------------------------------------------------------------------------------------
// Typos in the payment words: one edit (a letter wrong, missing, extra, or two swapped) away
// from a known word; two for long words. Words that are themselves another form of the verb —
// future and imperative («оплатит», «оплатите», «поступит», «пришлю») — are never "corrected".
// ---------------------------------------------------------------------------------------------

const KNOWN = [
  'оплачен',
  'оплачено',
  'оплачена',
  'оплачены',
  'оплатил',
  'оплатила',
  'оплатили',
  'проплатили',
  'проплачено',
  'доплатили',
  'оплата',
  'оплату',
  'оплаты',
  'поступление',
  'поступила',
  'поступило',
  'поступили',
  'зачислено',
  'зачисление',
  'пополнение',
  'предоплата',
  'частичная',
  'частично',
];
const KNOWN_SET = new Set(KNOWN);

/** Endings of the future, the imperative, the infinitive and the first person: never typos. */
const VERB_FORMS = /(?:ю|ют|ят|ут|ит|ите|ть|ться|тся|им|ем|ешь|ете|ишь)$/u;
/** Real words one letter away from a payment word that mean something else. */
const NOT_TYPOS = new Set([
  'плата',
  'платы',
  'плату',
  'платой',
  'заплата',
  'облачено',
  'облачен',
  'оплате', // «к оплате», «об оплате»: the word itself, not «оплата» misspelt
  // «начислены проценты» is the bank's interest, not «зачислены».
  'начислен',
  'начислена',
  'начислено',
  'начислены',
  'начисление',
  'начисления',
]);

function fold(w: string): string {
  return w.toLowerCase().replace(/ё/g, 'е');
}

/**
 * The known payment word `word` is a typo of, or null. `isWord` tells the words the caller
 * already reads as they are («доплата» is one letter from «оплата» and means something else).
 */
export function typoOf(word: string, isWord: (w: string) => boolean = () => false): string | null {
  const w = fold(word);
  if (w.length < 5 || KNOWN_SET.has(w) || NOT_TYPOS.has(w) || VERB_FORMS.test(w) || isWord(w)) return null;
  let best: string | null = null;
  let bestSteps = Infinity;
  for (const k of KNOWN) {
    if (Math.abs(k.length - w.length) > 2) continue;
    const allowed = w.length >= 9 && k.length >= 9 ? 2 : 1;
    const { steps } = levenshtein(w, k);
    if (steps <= allowed && steps < bestSteps) {
      best = k;
      bestSteps = steps;
    }
  }
  return best;
}

/** Misspelt payment words replaced by the known word («1702 оплочен» → «1702 оплачен»). */
export function correctTypos(text: string, isWord?: (w: string) => boolean): string {
  return text.replace(/(?<![\p{L}\d])[\p{L}]{5,}(?![\p{L}\d])/gu, (w) => {
    const k = typoOf(w, isWord);
    return k ? withCase(w, k) : w;
  });
}
