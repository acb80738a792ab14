/**
 * An announcer taking a payment back: «Отмена! счёт 943 не оплачен, ошибся», «по 943 не пришло, я
 * ошибся», or «отмена» written in reply to the announcement. The parser reads such a text as no payment
 * (its cancel and negation words veto one); this module says whether it withdraws one, and which
 * invoices it names. Pure: the desk finds the prompts and withdraws them.
 */
import { namesInvoice, normaliseNumber } from './match';
import { type PaymentNotice, parsePaymentNotice } from './parse';
import { paidNotToUs } from './recipient';
import { numbersAsked } from './replies';

/** What a withdrawal names: invoice numbers as written (none: «отмена» alone, in reply to the announcement). */
export interface Withdrawal {
  invoices: string[];
  /** The message announces the payment and takes it back itself («оплачен 8801 на 12 500, но это ошибка, не проводите»). */
  itself?: true;
}

/**
 * «Отмена», «отменяю», «отбой», «аннулирую», «аннулируйте», «снимите», «не считать», «не учитывайте», «не
 * подтверждайте», «платёж отозван», «ложная тревога», «ошибочка вышла»: the announcer calls it off (not «счёт
 * отменён», «счёт аннулирован»: the invoice's fate; not «ошибка вышла в сумме»: a sum to correct).
 */
const RE_CANCEL =
  /(?<![\p{L}])(?:отмен(?:а|у|яю|яем|ите|ить)|отбой|аннулир(?:ую|уем|уйте|уй|овать)|снима(?:ю|ем)|снимите|не\s+(?:за)?(?:считать|считайте|считаем|учитывать|учитывайте|учитываем)|не\s+подтвер(?:ждайте|ждай|ждать|ждаем|дите|ди)|(?:плат[её]ж|оплат[ау]|перевод)\s+(?:был\s+)?отозва\p{L}*|отозвал[аи]?\s+(?:плат[её]ж|оплат[ау]|перевод)|забудьте|игнорируйте|ложн\p{L}+\s+тревог\p{L}*|(?:ошиб(?:ка|очка)\s+(?:вышла|произошла|получилась)|(?:вышла|произошла|получилась)\s+ошиб(?:ка|очка))(?![^.!?\n]*сумм))(?![\p{L}])/u;
/**
 * The payment failed or went back, said as a fact: «оплата не прошла», «платёж по 4020 не прошёл», «4009 платёж
 * вернулся банком», «деньги вернулись», «банк вернул платёж», «платёж отклонён»: nothing to confirm.
 */
const RE_FAILED =
  /(?<![\p{L}])(?:(?:оплат[аы]|плат[её]ж\p{L}*|перевод\p{L}*|деньги|средства)\s+(?:по\s+(?:сч\p{L}*\.?\s*)?(?:№\s*)?[\p{L}\d/-]+\s+)?(?:так\s+и\s+)?(?:не\s+прош(?:ла|[её]л|ло|ли)|вернул(?:ся|ась|ись|ось)|отклон[её]н\p{L}*|отклонил\p{L}*|сорвал(?:ся|ась|ось))|(?:не\s+прош(?:ла|[её]л|ло|ли)|вернул(?:ся|ась|ись|ось)|отклон[её]н\p{L}*)\s+(?:оплат[аы]|плат[её]ж\p{L}*|перевод\p{L}*|деньги)|банк\p{L}*\s+(?:вернул|отклонил|развернул)\p{L}*)(?![\p{L}])/u;
/**
 * «ошибся», «ошиблась», «по ошибке», «ошибочно», «ошибочка», «перепутал», «поторопился», «погорячился», «не то»:
 * the announcement was a mistake.
 */
const RE_MISTAKE =
  /(?<![\p{L}])(?:ошиб(?:ся|лась|лись|ка|ку|очно|очка|очку)|по\s+ошибке|перепутал\p{L}*|поторопил\p{L}*|погорячил\p{L}*|не\s+т(?:о|от|а|у)(?![\p{L}]))(?![\p{L}])/u;
/**
 * «не оплачен», «не пришло», «не поступили», «не зачислено», «не было оплаты», «денег нет», «оплаты нет»,
 * «деньги вернулись», «возврат»: no money came after all (or it went back).
 */
const RE_NO_MONEY =
  /(?<![\p{L}])(?:не\s+(?:был[аио]?\s+)?(?:оплач\p{L}*|оплат\p{L}*|пришл\p{L}*|приш[её]л|поступ\p{L}*|зачисл\p{L}*|плат\p{L}*)|(?:денег|оплаты|платежа|поступления)\s+(?:так\s+и\s+)?нет|нет\s+(?:ни\s+)?(?:денег|оплаты|платежа|поступления)|деньги\s+(?:вернул\p{L}*|ушли\s+обратно)|вернули\s+деньги|возврат\p{L}*)/u;
/**
 * «не проводите», «не отмечайте», «не ставьте оплату», «шучу», «шутка», «хотя нет»: said in the announcement itself,
 * what it says is not to be acted on.
 */
const RE_TAKE_BACK =
  /(?<![\p{L}])(?:не\s+(?:проводи(?:те|ть)?|проводим|отмеча(?:йте|й|ть|ем)|ставь(?:те)?\s+оплач\p{L}*|закрыва(?:йте|й|ть))|шучу|шутка|хотя\s+нет)(?![\p{L}])/u;
/** «удали», «уберите», «сотри»: said under the announcement, it is to go — a call-off in a reply only. */
const RE_REMOVE = /(?<![\p{L}])(?:удали|убери|сотри)(?:те)?(?![\p{L}])/u;
/** «Стоп», «стоп-стоп»: the announcer halts — a call-off when it says no money came or owns a mistake. */
const RE_HALT = /(?<![\p{L}])стоп(?![\p{L}])/u;

/**
 * Whether an announcer's message withdraws an announced payment, and the invoices it names. A message
 * of its own must say so plainly: a cancel word («отмена», «не считать», «платёж отозван», «ложная тревога»), the
 * payment failed («оплата не прошла», «платёж вернулся банком»), it was not to us («это не нам заплатили»), or a mistake
 * owned together with «no money came» («по 943 не пришло, я ошибся», «по 943 ошибка, денег нет»), or a
 * halt with either («Стоп, 943 не оплачен»); «943 не оплачен» alone may be news of another invoice
 * (readDoubt). A reply to the announcement (`inReplyToAnnouncement`) needs only one of them — a mistake
 * owned without numbers («ошибся», «погорячился», «не то»), or «удали» — what it is about is the quoted message.
 * A text that reads as a payment («6133 не оплачен, я ошибся — оплачен 6108») is a correction, not a
 * withdrawal: null.
 */
export function readWithdrawal(text: string, inReplyToAnnouncement: boolean): Withdrawal | null {
  const s = text.toLowerCase().replace(/ё/g, 'е');
  const cancel = RE_CANCEL.test(s) || RE_FAILED.test(s) || paidNotToUs(s);
  const mistake = RE_MISTAKE.test(s);
  const noMoney = RE_NO_MONEY.test(s);
  const halt = RE_HALT.test(s);
  // In a reply a mistake owned with numbers («ошибка в сумме, не 4000 а 3500») corrects the sum: the
  // author edits the announcement for that; it is not taken back.
  const says =
    cancel ||
    (mistake && noMoney) ||
    (halt && (mistake || noMoney)) ||
    (inReplyToAnnouncement && (noMoney || RE_REMOVE.test(s) || (mistake && !/\d/.test(s))));
  const notice = parsePaymentNotice(text);
  if (notice.isPayment) return takesItselfBack(text, s, notice) ? { invoices: notice.invoices, itself: true } : null;
  if (!says) return null;
  return { invoices: numbersAsked(text) };
}

/**
 * An announcement of one invoice that takes itself back: a cancel word, the payment failed, «не проводите»,
 * «шучу» — and no other number beside its invoice and sum (not «отмена 943, оплачен 944», a correction). `s`:
 * the text lower-cased, «ё» as «е».
 */
function takesItselfBack(text: string, s: string, notice: PaymentNotice): boolean {
  if (notice.invoices.length !== 1) return false;
  if (!(RE_CANCEL.test(s) || RE_FAILED.test(s) || RE_TAKE_BACK.test(s) || paidNotToUs(s))) return false;
  // «…, не считать предыдущее», «отмените прошлое»: another message is called off, this one stands.
  if (/(?<![\p{L}])(?:предыдущ|прошл|прежн|стар|первое|выше)\p{L}*/u.test(s)) return false;
  const sum = notice.amount === null ? '' : String(notice.amount);
  return numbersAsked(text).every(
    (x) => notice.invoices.some((i) => namesInvoice(x, i)) || sum.includes(x.replace(/\D/g, '')),
  );
}

/**
 * A message that may take a payment back but does not say so plainly («943 не оплачен», «по 943
 * ошибка», «стоп, 943»): the invoices it names, for the desk to ask the announcer when one of them has
 * an open prompt — rather than stay silent on a «Да» that may be wrong. Null when it names none, says
 * nothing of the kind, or reads as a payment (never a doubt on an announcement).
 */
export function readDoubt(text: string): Withdrawal | null {
  const s = text.toLowerCase().replace(/ё/g, 'е');
  if (![RE_CANCEL, RE_FAILED, RE_MISTAKE, RE_NO_MONEY, RE_HALT].some((re) => re.test(s)) && !paidNotToUs(s))
    return null;
  const invoices = numbersAsked(text);
  if (!invoices.length || parsePaymentNotice(text).isPayment) return null;
  return { invoices };
}

/** A prompt as a withdrawal weighs it: its invoice, by kind, id and number. */
interface Announced {
  id: number;
  invoiceKind: string;
  invoiceId: number;
  invoiceNumber: string;
}

/**
 * The prompts a withdrawal naming `written` takes back, from `announced` (newest first): for each number
 * written, the invoice it names that was announced last — its number exactly when one is, else by its
 * tail («943» ↔ «2018/943») — and every prompt of that invoice. A number naming none adds nothing.
 */
export function withdrawable<P extends Announced>(announced: P[], written: string[]): P[] {
  const out = new Map<number, P>();
  for (const x of written) {
    const named = announced.filter((p) => namesInvoice(x, p.invoiceNumber));
    const exact = named.filter((p) => normaliseNumber(p.invoiceNumber) === normaliseNumber(x));
    const newest = (exact.length ? exact : named)[0];
    if (!newest) continue;
    for (const p of named)
      if (p.invoiceKind === newest.invoiceKind && p.invoiceId === newest.invoiceId) out.set(p.id, p);
  }
  return [...out.values()];
}

/** An invoice number as a follow-up writes it: «943», «2018/943», «КР-403», «№ 943», «сч. 943». */
const SWAP_NUMBER = String.raw`(?:сч\p{L}*\.?\s*)?(?:№\s*)?((?:\p{L}{1,4}\d{0,2}-)?\d{3,}(?:\/\d{2,4})?)`;
/** After a number: not a sum («не 4000 ₽, а 3500 ₽»), not part of a longer one. */
const SWAP_END = String.raw`(?![\d/-]|[.,]\d|\s*(?:руб|р\.|₽|тыс|т\.?р|к(?![\p{L}])))`;
/**
 * The ways a follow-up puts one invoice number in another's place, group 1 or `wrong` the number taken back:
 * «не 8805, а 943», «ошибся, не 8805 а 943», «не 8805 — 943»; «8805 — ошибка, правильно 943», «8805 неверно, верный
 * 943», «8805 ошибочно, надо 943»; «вместо 8805 — 943», «вместо 8805 надо 943»; «943 вместо 8805».
 */
const RE_SWAPS: Array<{ re: RegExp; wrong: 1 | 2 }> = [
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])не\s+${SWAP_NUMBER}${SWAP_END}\s*[,;]?\s*(?:а|[—–-])\s*${SWAP_NUMBER}${SWAP_END}`,
      'u',
    ),
    wrong: 1,
  },
  {
    re: new RegExp(
      String.raw`${SWAP_NUMBER}${SWAP_END}\s*[—–:-]?\s*(?:это\s+)?(?:ошибк[аи]|ошибочн\p{L}*|неверн\p{L}*|неправильн\p{L}*|не\s+тот)[\s,.;:!—–-]*(?:правильн\p{L}*|верн\p{L}*|надо|нужно|должен\s+быть|на\s+самом\s+деле)\s*[:—–-]?\s*${SWAP_NUMBER}${SWAP_END}`,
      'u',
    ),
    wrong: 1,
  },
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])вместо\s+${SWAP_NUMBER}${SWAP_END}\s*[,:—–-]*\s*(?:(?:надо|нужно|правильно|должен\s+быть)\s*[:—–-]?\s*)?${SWAP_NUMBER}${SWAP_END}`,
      'u',
    ),
    wrong: 1,
  },
  { re: new RegExp(String.raw`${SWAP_NUMBER}${SWAP_END}\s+вместо\s+${SWAP_NUMBER}${SWAP_END}`, 'u'), wrong: 2 },
];

/** A follow-up putting invoice `right` in the place of `wrong`, both as written. */
export interface InvoiceSwap {
  wrong: string;
  right: string;
}

/**
 * A message of its own that corrects an invoice number of an earlier announcement and says nothing else
 * («ой, не 8805, а 943», «8805 — ошибка, правильно 943», «вместо 8805 — 943»): the number taken back and the
 * one put instead, upper-cased. Null when it names any other number (a sum: «не 8805, а 943 на 4 000» is an
 * announcement of its own, read as one) or no such shape. Whether `wrong` names an open prompt is the desk's.
 */
export function readInvoiceSwap(text: string): InvoiceSwap | null {
  const s = text.toLowerCase().replace(/ё/g, 'е');
  for (const { re, wrong } of RE_SWAPS) {
    const m = re.exec(s);
    if (!m) continue;
    const x = (m[wrong] ?? '').toUpperCase();
    const y = (m[wrong === 1 ? 2 : 1] ?? '').toUpperCase();
    if (!x || !y || normaliseNumber(x) === normaliseNumber(y)) return null;
    const others = numbersAsked(text).filter((n) => n !== x && n !== y);
    // Only the two numbers, and none of them money: a sum written means a payment of its own.
    return others.length === 0 && !/\d[\d\s]*(?:₽|руб|р\.|тыс)/u.test(s) ? { wrong: x, right: y } : null;
  }
  return null;
}

/**
 * «ложная тревога», «отбой», «ошибся», «отмена», «не то» written alone (a few words, no number): the announcer calls
 * off what was just announced without naming it — the desk takes his last announcement when it is unambiguous.
 */
export function callsOffAlone(text: string): boolean {
  const s = text.toLowerCase().replace(/ё/g, 'е').trim();
  if (/\d/.test(s) || s.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length > 4) return false;
  return RE_CANCEL.test(s) || RE_MISTAKE.test(s);
}

/**
 * The announcement's text with `swap.right` written where it named `swap.wrong` (every such number: «2018/8805» too
 * for «не 8805, а 943»), as the announcer would have edited it; null when it names no such number.
 */
export function withInvoiceSwapped(announcement: string, swap: InvoiceSwap): string | null {
  let changed = false;
  const out = announcement.replace(
    /(?<![\p{L}\d.,/-])(\p{L}{1,4}\d{0,2}-\d{1,7}(?:\/\d{2,4})?|\d+(?:\/\d+)?)(?![\d/-]|[.,]\d)/gu,
    (token) => {
      if (!namesInvoice(swap.wrong, token)) return token;
      changed = true;
      return swap.right;
    },
  );
  return changed ? out : null;
}
