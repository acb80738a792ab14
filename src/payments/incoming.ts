/**
 * Credits to our account read from structured text — the documents of a 1C exchange block
 * (exchange-1c.ts) and the rows of a pasted bank statement (statement-rows.ts) — turned into one
 * payment notice: the sums of the credits that are customer payments added up, the invoices of
 * their purposes, the first payer's INN.
 *
 * Pure. A purpose is formal text («Оплата по счету 6358 по договору № 14-П от …, в т.ч. НДС …»):
 * before the chat parser reads it, the numbers of other documents are taken out (of any text, see
 * `dropOtherDocumentNumbers`), and the invoice lists it writes the formal way («по сч. 6362, 6363 и
 * ТД-00150», «по счетам №№ 5184, 5185», «по счету НИ00-000341», «по счету-договору № 7129») are
 * read here.
 */
import { isSettlement, withoutCustomerCredit } from './bank-credit';
import { NOT_PAYMENT, type PaymentNotice } from './notice';

/** One credit to our account. */
export interface Incoming {
  /** The credited sum, or null when the source does not say. */
  amount: number | null;
  /** The payer's INN (never ours, never one named inside the purpose for a third party). */
  inn: string | null;
  payer: string | null;
  /** The payment's purpose as written («Назначение платежа»). */
  purpose: string;
  /** A document the bank booked from one of its own accounts (interest, fees, corrections). */
  bankOwn?: boolean;
}

/** How the chat parser reads a purpose; null when a veto word says it is no payment (a refund…). */
export type PurposeReader = (purpose: string) => { invoices: string[]; partial: boolean } | null;

function fold(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е');
}

/**
 * Money that arrives but is not a customer paying us: the bank's interest, cashback, a loan, our own
 * funds moved from another account, a social-fund reimbursement; or a payment that came back
 * («возвращён отправителю», «возвращено банком»).
 */
const RE_NOT_CUSTOMER_MONEY = new RegExp(
  [
    String.raw`(?:выплат|начислен|капитализац|уплат)\p{L}*\s+(?:\p{L}+\s+)?процент`,
    String.raw`процент\p{L}*\s+(?:на|по|за)\s+(?:\p{L}+\s+)?(?:остат|неснижаем|депозит|вклад|размещени)`,
    // An English push: «Interest credited +3,418.62 ₽ … Interest on balance for November».
    // (respelling reads «credited» as «зачислено»).
    String.raw`(?<![\p{L}])interest\s+(?:credited|зачислен|paid|оплачен|выплачен|accrued|начислен|on\s+(?:the\s+)?(?:balance|deposit))`,
    // Our own funds moved in, not a customer's «за счет собственных средств».
    String.raw`(?:перевод|перечислени|пополнени)\p{L}*\s+(?:\p{L}+\s+)?собственн\p{L}*\s+(?:денежн\p{L}*\s+)?средств`,
    String.raw`между\s+(?:сво\p{L}*\s+|собственн\p{L}*\s+)?сч[е]тами`,
    'кэшб[эе]к|кешб[эе]к|cashback',
    String.raw`(?:выдач|предоставлени|зачислени)\p{L}*\s+(?:\p{L}+\s+)?кредит(?:а|ных\s+средств)(?![\p{L}])`,
    // «Зачислен кредит 3 000 000 ₽ по договору № КЛ-…»: the bank's loan, not «Кредит» as a column.
    String.raw`(?<![\p{L}])(?:зачислен|выдан|предоставлен|получен)\p{L}*\s+кредит(?![\p{L}-])`,
    // «РСХБ выдал кредит на пополнение оборотки 10 млн»: the bank lending, in the chat's past tense.
    String.raw`(?<![\p{L}])(?:выдал|предоставил|одобрил|дал|взял)[аи]?\s+(?:нам\s+)?кредит(?![\p{L}-])`,
    // The bank's loan told in chat as money that came: «кредит от сбера пришёл», «пришёл кредит 2 ляма»,
    // «транш по кредиту поступил» (not a column «Кредит» with a sum after it, nor a bank named so: «615 000
    // на Кубань Кредит упало», «через Хоум Кредит пришло»).
    String.raw`(?<!(?:на|в|с|через|из)\s+\p{L}+\s+)(?<![\p{L}])кредит(?:\s+от\s+\p{L}+)?\s+(?:пришл|пришел|поступ|упал|зачисл|прилетел)\p{L}*`,
    String.raw`(?<![\p{L}])(?:пришел|пришл\p{L}*|поступил\p{L}*|упал\p{L}*|прилетел\p{L}*)\s+кредит(?![\p{L}-])`,
    String.raw`транш\p{L}*\s+по\s+кредит`,
    // «Итого за первую половину декабря поступило 7 412 300»: a period's summary, no one payment.
    String.raw`(?<![\p{L}])(?:итого|всего)\s+за\s+(?:\p{L}+\s+){0,2}?(?:половин|недел|месяц|квартал|полугоди|декад|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\p{L}*`,
    // «Зачислены кредитные средства … по кредитному договору», «транш по кредитной линии».
    String.raw`кредитн\p{L}*\s+(?:средств|договор|лини)\p{L}*`,
    // The bank's fee for keeping the account: «Комиссия за ведение счета за декабрь», «плата за обслуживание счета».
    String.raw`(?:комисси|плат)\p{L}*\s+(?:банка\s+)?за\s+(?:ведение|обслуживани|расч[е]тно|рко)\p{L}*`,
    // «Зачисление 1 200 000,00 ₽ — кредит по договору № КЛ-0214»: the loan named after the sum.
    String.raw`(?<![\p{L}])кредит\s+по\s+(?:кредитн\p{L}*\s+)?договор\p{L}*`,
    String.raw`(?<![\p{L}])(?:займ\p{L}*|заем)(?![\p{L}])`,
    // A bank's advert: «Кредит на пополнение оборотных средств до 30 млн ₽», «овердрафт до 5 млн ₽ за 1 день» — a limit
    // offered, «до» before the sum, no money of anyone's.
    String.raw`(?<![\p{L}])(?:кредит|овердрафт|кредитн\p{L}*\s+лини|лимит)\p{L}*(?:\s+[^\s.;!?]+){0,6}?\s+до\s+\d[\d\s,.]*\s*(?:млн|млрд|тыс|₽|руб)`,
    // «Возмещение расходов на выплату пособий …» from the social fund.
    String.raw`возмещени\p{L}*\s+(?:\p{L}+\s+){0,3}?(?:фсс|сфр|осфр|социальн|пособи)`,
    // Money returned, not goods («поддоны возвращены»): a payment word before it in the same clause, or
    // whom it went back to.
    String.raw`(?:плат[е]ж|перевод|поступлени|зачислени|оплат|деньг|средств|сумм)\p{L}*(?:[^.;,\n]|,(?=\d)){0,80}?(?<![\p{L}])возвращен[оаы]?(?![\p{L}])`,
    String.raw`(?<![\p{L}])возвращен[оаы]?\s+(?:отправител|плательщик|банк|по\s+(?:п\/п|платеж)|в\s+связи|ошибочн)`,
  ].join('|'),
  'u',
);

/**
/**
 * An insurer's payout: «Страховое возмещение по полису КАСКО», «страховая выплата по убытку …», «компенсация по
 * страховому случаю», «выплата по убытку № 771-…» (an insurer's claim number); a «возмещение (46 200) по убытку»
 * names the loss an insurer settles, though it does not say «страховое».
 */
const RE_INSURANCE_PAYOUT =
  /страхов\p{L}*\s+(?:возмещени|выплат|компенсац|случа)|(?:возмещени|выплат|компенсац)\p{L}*\s+(?:по\s+)?страхов|(?:возмещени|выплат|компенсац)\p{L}*\s+по\s+(?:убытк|полис|осаго|каско)|(?<![\p{L}])по\s+убытк\p{L}*\s+(?:№|n\s|\d)|возмещени\p{L}*\s+(?:[\d\s.,]+(?:руб\p{L}*\.?|р\.?|₽)?\s+)?по\s+(?:страхов\p{L}*\s+)?убытк/u;
/**
 * «Страховое возмещение по убытку № …, оплата счета Р-5078 за ремонт», «… по счёту 4530/Т пришло»: the insurer pays
 * our invoice for its insured (a repair, a replacement) — a customer's payment, made by a third party. Any invoice
 * word naming a number says so, with «оплата» or without; not a bank account («на счёт 4070…», «в счёт …», a bank
 * SMS's «СЧЁТ7731», the word glued to the account's tail).
 */
const RE_PAYS_INVOICE =
  /(?<![\p{L}])оплат\p{L}*\s+(?:по\s+)?сч(?:[е]т\p{L}*)?\.?\s*(?:№\s*)?[\p{L}\d]|(?<![\p{L}])(?<!(?<![\p{L}])(?:на|в|во|с|со)\s{1,3})сч(?:[её]т(?:а|у|ом|ам|ах|е)?)?(?=[.\s№])\.?\s{0,3}(?:№\s{0,3})?\d/u;

/**
 * An insurer paying our invoice for its insured («страховое возмещение по ОСАГО, … по счёту 4530/Т»): the policy named
 * there («КАСКО», «ОСАГО») is the insured's, not our own insurance. Input: any text; folded here.
 */
export function insurerPaysInvoice(text: string): boolean {
  const f = fold(text);
  return RE_INSURANCE_PAYOUT.test(f) && RE_PAYS_INVOICE.test(f);
}

export function isNotCustomerPayment(text: string): boolean {
  const f = fold(text);
  return (
    RE_NOT_CUSTOMER_MONEY.test(withoutCustomerCredit(f)) ||
    isSettlement(f) ||
    (RE_INSURANCE_PAYOUT.test(f) && !RE_PAYS_INVOICE.test(f))
  );
}

/** Documents a purpose cites by number that are not invoices: «по договору поставки № 14-П». */
const DOC_NOUNS = [
  'договор\\p{L}*',
  'дог\\.', // «дог. факторинга № РФ-118/25»
  'контракт\\p{L}*',
  'письм\\p{L}*',
  'спецификаци\\p{L}*',
  'приложени\\p{L}*',
  'соглашени\\p{L}*',
  'заказ\\p{L}*',
  'заявк\\p{L}*',
  'акт(?:а|у|ом)?',
  'упд',
  'т?тн', // a consignment note: «ТН № 311», «ТТН № 52»
  'гаранти\\p{L}*', // «банковской гарантии возврата аванса № БГ-26/0931»
  'аккредитив\\p{L}*', // «Исполнение аккредитива № LC-0377/26»
  'l\\/c', // «L/C No. 0412-26/LC execution»
  'накладн\\p{L}*',
  'реестр\\p{L}*',
  'распоряжени\\p{L}*',
  'поручени\\p{L}*',
  'требовани\\p{L}*',
  'доверенност\\p{L}*',
  'пропуск\\p{L}*',
  'пко',
  'рко',
  'кассов\\p{L}*\\s+ордер\\p{L}*',
  'ордер\\p{L}*',
  'приходник\\p{L}*', // the cash order, said short
  'квитанци\\p{L}*',
  'чек(?:а|у|ом)?',
  'п\\/п',
  'с\\/ф',
  'сч[её]т\\p{L}*-фактур\\p{L}*',
];
/**
 * «по договору поставки № 14-П», «по договору поставки и монтажа № ДМ-25/04», «по письму № 214», «к договору
 * № 9», «договору купли-продажи № ДКП-2026/0418» (a hyphenated word naming the contract's kind); not «по договору и счету № 12»,
 * nor «по счету-договору № 7129» (an invoice that serves as the contract).
 */
const RE_OTHER_DOC_NUMBER = new RegExp(
  String.raw`((?<![\p{L}-])(?:${DOC_NOUNS.join('|')})(?:\s+(?!сч|и\s+(?:сч|№))[\p{L}.]+(?:-[\p{L}.]+)?){0,3}?\s*)(?:№|no\.|N|#)\s*[\p{L}\d]+(?:[/\-.][\p{L}\d]+)*`,
  'giu',
);

/**
 * A VAT invoice written short, its number with or without «№»: «по сч/ф № 4110», «сч.ф. 4111»,
 * «с-ф 4112», «СФ № 4117» — the supplier's tax document, not the invoice paid.
 */
const RE_VAT_INVOICE_NUMBER =
  /((?<![\p{L}])(?:сч\.?\s?\/\s?ф|сч?\.?-ф|сч?\.\s?ф|сф(?=\s*№))\.?\s*)(?:№|N|#)?\s*\d[\d/-]*(?![\p{L}\d])/giu;
/** «просят счет-фактуру на 4149 переделать», «счёт-фактура 7863»: the VAT invoice written out in full. */
const RE_VAT_INVOICE_FULL =
  /((?<![\p{L}])сч[её]т\p{L}*-фактур\p{L}*\s+(?:(?:на|по)\s+)?)(?:№\s*)?\d{3,7}(?![\p{L}\d.,]|[ ]\d{3}(?!\d)|\s*(?:руб|р|₽|тыс|к)(?![\p{L}]))/giu;

/**
 * A customer's order, its number bare or after «№»: «по заказу 10533 с сайта», «с сайта заказ 10482
 * оплатили», «заказ с сайта shop.ru №2024-1187», «заказ 7306» — an order (a web shop's, often), never
 * the invoice paid. A sum right after it («заказ 10 000 руб») stays.
 */
const RE_ORDER_NUMBER =
  /((?<![\p{L}-])заказ\p{L}*(?:\s+(?:с|на|из)\s+(?:сайт\p{L}*|интернет-магазин\p{L}*|маркетплейс\p{L}*))?(?:\s+[\p{L}\d-]+(?:\.[\p{L}\d-]+)+)?\s*(?:(?:№|N|#)\s*)?)\d+(?:[/-]\d+)*(?![\p{L}\d.,]|[ ]\d{3}(?!\d)|\s*(?:руб|р|₽|тыс|т\.?р|к)(?![\p{L}]))/giu;

/** A number cut off where a truncated SMS or push (or a line of it) ends: «Назначение: Оплата по счету 19…». */
const RE_CUT_NUMBER = /(?<![\d.,])\d+(?=(?:…|\.{3,})[ \t]*$)/mu;

/** The text as the chat parser should read it: other documents' numbers are gone. */
export function dropOtherDocumentNumbers(text: string): string {
  return text
    .replace(RE_OTHER_DOC_NUMBER, (_m, head: string) => head)
    .replace(RE_ORDER_NUMBER, (_m, head: string) => head)
    .replace(RE_VAT_INVOICE_NUMBER, (_m, head: string) => head)
    .replace(RE_VAT_INVOICE_FULL, (_m, head: string) => head)
    .replace(RE_CUT_NUMBER, '');
}

/**
 * A quantity in a formal purpose — a number right before a unit of length, count or weight: «(2
 * бухты по 100м)», «3 катушки по 200 м», «10 шт», «150 пог. м». Never an invoice («по 305»).
 */
const RE_QUANTITY =
  /(?<![\p{L}\d.,/-])\d+(?:[.,]\d+)?(?=\s?(?:м|мм|см|км|м2|м²|м3|м³|п\.\s?м|пог\.\s?м|шт|кг|тн|бухт\p{L}*|катушк\p{L}*|барабан\p{L}*|рулон\p{L}*|компл\p{L}*|упак\p{L}*|пар\p{L}*|лист\p{L}*|мешк\p{L}*|мешок|поддон\p{L}*|паллет\p{L}*)(?:\.(?![\p{L}])|(?![\p{L}\d.])))/giu;

/**
 * A count, what is counted, then the price of one: «40 банок по 2300», «3 рейса по 18 500». The
 * price is no invoice («по 2300»). Not «2 счетов по 4410».
 */
const RE_UNIT_PRICE =
  /((?<![\p{L}\d.,/-])\d+(?:[.,]\d+)?\s?(?!сч)\p{L}{2,12}\.?\s+по\s+)(\d{1,3}(?:[ ]\d{3})+|\d+)(?:[.,]\d{1,2})?(?![\p{L}\d])/giu;

function dropQuantities(purpose: string): string {
  return purpose
    .replace(RE_UNIT_PRICE, (m, head: string) => head + ' '.repeat(m.length - head.length))
    .replace(RE_QUANTITY, (m) => ' '.repeat(m.length));
}

/** «4356,4357,4358» in a purpose: a list, written without its spaces (never kopecks: three digits and more). */
function spaceGluedLists(purpose: string): string {
  return purpose.replace(/(?<![\d.])(\d{3,9}),(?=\d{3,9}(?!\d))/gu, '$1, ');
}

/** An invoice number a formal purpose lists: «6362», «ТД-00150», «НИ00-000341», «А-34/2026», «2026/0618». */
// Not kopecks after it («4315,43»); a comma and three or more digits go on with a list («4315,4316»).
const ITEM = String.raw`(?:\p{L}{1,4}\d{0,4}-\d{1,9}(?:\/\d{2,4})?|\p{L}{1,4}\d{0,2}\/\d{3,10}(?:[-/]\d{2,4})?|(?<![\p{L}])\p{L}{2,4}\d{3,10}(?:[-/]\d{2,4})?|20\d{2}\s*\/\s*\d{1,7}|\d{1,9})(?![\p{L}\d/\-]|[.,]\d{1,2}(?!\d))`;
const NO = String.raw`(?:(?:№|N|#)\s*){0,2}`;
/**
 * «по сч. № 6362, 6363 и ТД-00150», «по счетам №№ 5184, 5185», «по счету-договору № 7129»: the
 * keyword, then items joined by «,», «;» or «и». Not «на расчетный счет …».
 */
const RE_LIST = new RegExp(
  String.raw`(?<![\p{L}])(?<!(?:расч[е]тн\p{L}*|лицев\p{L}*|банковск\p{L}*|текущ\p{L}*|валютн\p{L}*|на)\s+)(?:сч[е]т(?:а|у|ом|(ам|ов|ах)|е)?|сч)(-(?:договор|оферт)\p{L}*)?\.?(?:\s+на\s+оплату)?\s*(${NO})(${ITEM}(?:(?:\s*[,;]\s*|\s+и\s+)${NO}${ITEM})*)`,
  'giu',
);

/**
 * The invoice numbers of the purpose's invoice lists the chat parser may miss: lettered and
 * 1C-coded ones («ТД-00150», «НИ00-000341»), and every one after «№№» or a «счёт-договор».
 */
export function listedInvoices(purpose: string): string[] {
  const out: string[] = [];
  const text = fold(purpose);
  for (const m of text.matchAll(RE_LIST)) {
    // After «№№», a «счёт-договор», or a plural «по счетам» every item is an invoice.
    const all = Boolean(m[1]) || Boolean(m[2]) || /№\s*№/u.test(m[3] ?? '');
    for (const item of (m[4] ?? '').matchAll(new RegExp(ITEM, 'gu'))) {
      const id = item[0].replace(/\s/g, '').toUpperCase();
      if ((all || /\p{L}/u.test(id)) && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

/** The chat parser's invoices with the listed ones it missed, each in its place in the purpose. */
function mergeInvoices(purpose: string, read: string[], listed: string[]): string[] {
  const text = purpose.toUpperCase().replace(/\s+\/\s+/g, '/');
  const out = [...read];
  for (const id of listed) {
    if (out.includes(id)) continue;
    const at = text.indexOf(id);
    const before = out.findIndex((x) => text.indexOf(x) > at);
    if (before < 0) out.push(id);
    else out.splice(before, 0, id);
  }
  return out;
}

/**
 * «счет оплачен полностью», «закрыт полностью», «полностью оплачен», «оплачен в полном объеме»,
 * «счет закрыт».
 */
const RE_PAID_IN_FULL =
  /(?<![\p{L}])(?:(?:оплачен|закрыт|погашен)\p{L}*\s+полност\p{L}*|полност\p{L}*\s+(?:оплачен|закрыт|погашен)\p{L}*)|оплачен\p{L}*\s+в\s+полном\s+объ[е]ме|сч[е]т\p{L}*\s+(?:\d[\d/-]*\s+)?закрыт/u;

/**
 * Two or more payments in one statement on the same invoices, one of them saying the invoice is now
 * paid in full («часть 1», «часть 2, счет оплачен полностью»): together they pay it whole. (One
 * payment alone that closes it — «Оплата остатка …, счет оплачен полностью» — stays partial.)
 */
function closedTogether(ids: string[], payments: Array<{ ids: string[]; closes: boolean }>): boolean {
  if (ids.length === 0) return false;
  const same = payments.filter((p) => ids.every((id) => p.ids.includes(id)));
  return same.length >= 2 && same.some((p) => p.closes);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * The notice for a list of credits: each customer payment's invoices (from its purpose) and sum;
 * the INN and payer of the first. Credits that are not customer money, whose purpose the reader
 * vetoes, or that the bank booked from its own account without naming an invoice, are skipped.
 */
export function readIncoming(credits: Incoming[], read: PurposeReader): PaymentNotice {
  const invoices: string[] = [];
  const items: PaymentNotice['items'] = [];
  let amount: number | null = null;
  let inn: string | null = null;
  let payer: string | null = null;
  /** Each customer payment's invoices, whether it reads as partial and whether it says the invoice is closed. */
  const payments: Array<{ ids: string[]; partial: boolean; closes: boolean }> = [];
  let any = false;
  for (const credit of credits) {
    const purpose = spaceGluedLists(dropQuantities(dropOtherDocumentNumbers(credit.purpose)));
    if (isNotCustomerPayment(purpose)) continue;
    const reading = read(purpose);
    if (!reading) continue;
    const ids = mergeInvoices(purpose, reading.invoices, listedInvoices(purpose));
    if (credit.bankOwn && ids.length === 0) continue;
    any = true;
    for (const id of ids) if (!invoices.includes(id)) invoices.push(id);
    for (const id of ids) items.push({ invoice: id, amount: ids.length === 1 ? credit.amount : null });
    if (credit.amount !== null) amount = round2((amount ?? 0) + credit.amount);
    inn ??= credit.inn;
    payer ??= credit.payer;
    payments.push({ ids, partial: reading.partial, closes: RE_PAID_IN_FULL.test(fold(purpose)) });
  }
  if (!any) return { ...NOT_PAYMENT, items: [] };
  // «… 6545 (часть 1)» and «… 6545 (часть 2), счет оплачен полностью»: two payments of one invoice, one
  // closing it, are the whole invoice paid in this message.
  const partial = payments.some((p) => p.partial && !closedTogether(p.ids, payments));
  const notice: PaymentNotice = { isPayment: true, invoices, amount, inn, payer, partial, items };
  const missing: Array<'invoice' | 'amount'> = [];
  if (invoices.length === 0) missing.push('invoice');
  if (amount === null) missing.push('amount');
  if (missing.length) notice.missing = missing;
  return notice;
}
