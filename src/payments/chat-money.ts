/**
 * Money talk in chat that is no customer's payment, and one of ours vouching for a payment: a bank's
 * loan or overdraft come in («кредит в сбере одобрили, 3 ляма пришли», «одобрили овер, зачислили 5
 * лямов»), our refund asked for («верни Петровой 3 500 переплату»), a customer's screenshot of its
 * order not yet checked («скинули скрин из сбербизнеса, платёжка … «исполнено»»); and «Марина сказала
 * пришло», a colleague's word that the money is here. Pure functions of the normalised text.
 */

/** A loan or an overdraft the bank approved (not «кредит пока не одобрили»). */
const RE_LOAN_APPROVED =
  /(?<![\p{L}])(?:(?:кредит|овер\p{L}*|кредитн\p{L}*\s+лини\p{L}*)\s+(?:[\p{L}-]+\s+){0,3}?(?<!не\s)одобр\p{L}*|(?<!не\s)одобр\p{L}*\s+(?:[\p{L}-]+\s+){0,2}?(?:кредит|овер)\p{L}*)/u;

/** «верни Петровой 3 500 переплату», «верните клиенту деньги»: our refund asked for, with money in it. */
const RE_REFUND_ASKED = /(?<![\p{L}])верни(?:те)?(?![\p{L}])/u;
const RE_MONEY_WORDS =
  /(?<![\p{L}])(?:переплат\p{L}*|излишн\p{L}*|деньг\p{L}*|денег|предоплат\p{L}*|аванс\p{L}*)(?![\p{L}])|\d\s?(?:₽|руб|р\.|к(?![\p{L}])|тыс)|\d{1,3}[ ]\d{3}(?!\d)/u;

/** A customer's screenshot of its payment order: «скинули скрин платёжки», «прислали скриншот». */
const RE_SCREENSHOT = /(?<![\p{L}])(?:скинул|прислал|отправил|переслал)\p{L}*\s+(?:[\p{L}-]+\s+){0,2}?скрин\p{L}*/u;

/** «Марина сказала пришло», «бухгалтерия говорит поступили»: one of ours says the money is here. */
export const RE_SAID_CAME =
  /(?<![\p{L}])(?:сказал\p{L}*|говорит)\s*,?\s*(?:что\s+)?(?:вс[её]\s+|уже\s+)?(?:пришл\p{L}*|пришел|поступил\p{L}*|упал\p{L}*|зачислен\p{L}*)(?![\p{L}])/u;

/**
 * A bank's one-time code: «код 583127 для подтверждения платежа 312 000,00 RUB … Никому не сообщайте»,
 * «Пароль: 4471. Подтвердите перевод 12 000 р» — a payment of ours not yet made, no money in.
 */
const RE_ONE_TIME_CODE =
  /(?<![\p{L}])(?:(?:код|пароль|code)\s*[:-]?\s*\d{4,8}(?!\d)(?=[\s\S]*(?:подтвер\p{L}*|никому|не\s+сообщайте|do\s+not\s+share))|код\s+подтверждени\p{L}*\s*[:-]?\s*\d{4,8}(?!\d))/u;

/**
 * A marketplace's payout told in chat («Ozon перечислил выплату 184 300 за ноябрь», «пришла выплата от
 * ВБ за неделю 96 000»): the customers' money for goods sold there, minus the marketplace's fee,
 * settled against its report — no invoice of ours paid (round 13; the bank-text convention of round
 * 12b, `bank-credit.ts`; «ВБ пришло 71 200, отчет № 39911872» too). «Ozon оплатил счет 4410» is Ozon as a customer, and still a payment.
 */
const RE_MARKETPLACE =
  /(?<![\p{L}])(?:ozon|озон\p{L}*|wildberries|вайлдберриз|wb|вб|яндекс[ .-]?маркет\p{L}*|мегамаркет\p{L}*)(?![\p{L}])/u;
const RE_PAYOUT =
  /(?<![\p{L}])(?:выплат\p{L}*|отч[е]т\p{L}*\s+(?:агента|о\s+реализаци\p{L}*|№)|за\s+(?:недел\p{L}*|период))(?![\p{L}])/u;
/** «сч 4410», «№ 4410» — not the report's «отчет № 39911872». */
const RE_OUR_INVOICE = /(?<![\p{L}])(?:сч\p{L}*\.?\s*(?:№\s*)?[\p{L}\d]|№(?<!отч[её]т\p{L}{0,3}\s{0,3}№)\s*\d)/u;

/** The text is a loan, an overdraft, our refund, an unchecked screenshot, a bank's code or a marketplace's payout — no payment to prompt. */
export function notCustomerMoneyInChat(norm: string): boolean {
  if (RE_ONE_TIME_CODE.test(norm)) return true;
  if (RE_LOAN_APPROVED.test(norm)) return true;
  if (RE_MARKETPLACE.test(norm) && RE_PAYOUT.test(norm) && !RE_OUR_INVOICE.test(norm)) return true;
  if (RE_REFUND_ASKED.test(norm) && RE_MONEY_WORDS.test(norm)) return true;
  return RE_SCREENSHOT.test(norm) && !RE_SAID_CAME.test(norm);
}

/** Where a clause about another invoice may start: a full stop, «;», a new line, «, а», dictated «точка». */
const RE_CLAUSE_START = /[.;\n]|,\s*(?:а|но)\s|\sточка\s/gu;
/** An invoice-shaped bare number (not a sum: no thousands group, no «тыс»/«руб» after it). */
const RE_BARE_NUMBER = /(?<![\d.,/-])\d{3,7}(?![\d.,/-]|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))/gu;
/** Words that say what was paid or came in. */
const RE_PAID_BEFORE =
  /(?<![\p{L}])(?:(?:о|про|до|за)?плат(?:ил|ила|или|ило)|оплачен\p{L}*|пришл\p{L}*|пришел|поступил\p{L}*|закинул\p{L}*|перевел\p{L}*|перечислил\p{L}*|упал\p{L}*)(?![\p{L}])/u;

/**
 * «стройбаза оплатила 4410 на 52 000, а 4411 пока нет говорят после сверки», «… оплатили 2210 и 2212.
 * 2211 они отказались»: a veto word (hearsay, a refusal, a re-issue) at `at` in a later clause that
 * names an invoice of its own, after a clause that paid other invoices — it speaks of that one only.
 */
export function vetoOfAnotherInvoice(norm: string, at: number): boolean {
  // The few hundred characters before the word: a message's clauses, not all of a long text per word.
  const head = norm.slice(Math.max(0, at - 400), at);
  let cut = -1;
  for (const m of head.matchAll(RE_CLAUSE_START)) cut = m.index;
  if (cut < 0) return false;
  const own = [...head.slice(cut).matchAll(RE_BARE_NUMBER)].map((m) => m[0]);
  if (own.length === 0) return false;
  const earlier = head.slice(0, cut);
  const paidOnes = [...earlier.matchAll(RE_BARE_NUMBER)].map((m) => m[0]);
  return RE_PAID_BEFORE.test(earlier) && paidOnes.some((n) => !own.includes(n));
}

/** A line of a list taken out of the count: «(в выписке задвоился, не считаем)», «дубль, не учитываем». */
const RE_NOT_COUNTED =
  /(?<![\p{L}])(?:не\s+(?:считаем|учитываем|считать|учитывать)|задвоил\p{L}*|дубл(?:ь|ем|ирован\p{L}*))(?![\p{L}])/u;

/**
 * The spans of the lines a list takes out of its count («ИП Гусейнов — сч. 9826 — 12 500 (в выписке
 * задвоился, не считаем)»); none when the text has fewer than two lines — a list needs the others.
 */
export function uncountedLines(s: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let start = 0;
  let lines = 0;
  for (const line of s.split('\n')) {
    if (line.trim()) lines++;
    if (RE_NOT_COUNTED.test(line)) spans.push({ start, end: start + line.length });
    start += line.length + 1;
  }
  return lines >= 2 ? spans : [];
}

/**
 * «миллион двести сорок тысяч минус гарантийные пять процентов»: a share said in words taken off —
 * what came is a part, as «минус 5%» written in figures is.
 */
export const RE_WORD_PERCENT_OFF =
  /(?<![\p{L}])(?:минус|за\s+вычетом)\s+(?:[\p{L}-]+\s+){0,2}?(?:одн\p{L}*|два|двух|три|тр[её]х|четыр\p{L}*|пят\p{L}*|шест\p{L}*|сем\p{L}*|восем\p{L}*|девят\p{L}*|десят\p{L}*|пятнадцат\p{L}*|двадцат\p{L}*|тридцат\p{L}*)\s+процент\p{L}*/u;

/**
 * «Остальные ТСЖ пока молчат», «остальные клиенты ещё нет»: the other customers or invoices, not the
 * rest of this one's money («остальные 40 после нового года», «остальное в пятницу» are the rest).
 */
export const RE_OTHER_ITEMS = /^\s*(?:а\s+)?остальны[ех]\s+(?![\d~]|тыс|руб|деньг|денег|сумм|оплат|част|половин)\p{L}/u;
