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
const RE_SCREENSHOT =
  /(?<![\p{L}])(?:скинул|прислал|отправил|переслал)\p{L}*\s+(?:[\p{L}-]+\s+){0,2}?скрин\p{L}*/u;

/** «Марина сказала пришло», «бухгалтерия говорит поступили»: one of ours says the money is here. */
export const RE_SAID_CAME =
  /(?<![\p{L}])(?:сказал\p{L}*|говорит)\s*,?\s*(?:что\s+)?(?:вс[её]\s+|уже\s+)?(?:пришл\p{L}*|пришел|поступил\p{L}*|упал\p{L}*|зачислен\p{L}*)(?![\p{L}])/u;

/** The text is a loan, an overdraft, our refund or an unchecked screenshot — no payment to prompt. */
export function notCustomerMoneyInChat(norm: string): boolean {
  if (RE_LOAN_APPROVED.test(norm)) return true;
  if (RE_REFUND_ASKED.test(norm) && RE_MONEY_WORDS.test(norm)) return true;
  return RE_SCREENSHOT.test(norm) && !RE_SAID_CAME.test(norm);
}
