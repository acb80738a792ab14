/**
 * Foreign currency sold for roubles: a foreign customer pays in USD/EUR/CNY, the bank sells it and credits
 * roubles («Т-Банк продал по 87,90 — на рублевый зашло 276 885», «Зачисление рублей от продажи 2500.00 USD
 * по курсу 88.0212»). The paid sum is the roubles that came; the currency figures and the rate are not.
 * Pure.
 */
import { AMOUNT, type Text } from './grammar';

/** Roubles named in the message: a ₽ sign, «руб», RUB, «в рублях», «рублевый (счёт)», «рублей от продажи». */
const RE_ROUBLES = /₽|(?<![\p{L}])(?:руб\p{L}*|rub|rur|рубл\p{L}*)(?![\p{L}])/u;
/** A currency that is not the rouble, after its figure or before it. */
const FOREIGN = String.raw`(?:\$|€|¥|usd|eur|cny|aed|kzt|долл\p{L}*|евро|юан\p{L}*|дирхам\p{L}*|тенге)(?![\p{L}])`;
/**
 * «3 150 $», «2 000 из 4 500 USD», «3 150,00 USD», «1840.00 EUR»: the figures in a foreign currency. Not the tail of
 * an invoice paid in it: «оплатили ОК12-000009 юанями».
 */
const RE_FOREIGN_SUM = new RegExp(
  String.raw`(?<![\d.,]|[\p{L}\d]-)${AMOUNT}(?:\s*из\s*${AMOUNT})?\s*${FOREIGN}|(?<![\p{L}])(?:\$|usd|eur)\s?${AMOUNT}`,
  'gu',
);
/** «по курсу 87,90», «курс 92.3480», «продал по 87,90, …»: the exchange rate (a decimal of two or three digits). */
const RE_RATE =
  /(?<![\p{L}])(?:курс\p{L}*|продал\p{L}*)(?:\s+(?:цб|банка|\p{L}+))?\s*[:=]?\s*(?:по\s+)?\d{1,3}[.,]\d{1,4}(?!\d|[.,]\d)/gu;

/**
 * Masks the foreign-currency figures and the exchange rate of a message that also names roubles (the sum
 * credited); one naming no roubles keeps them, its sum is the currency one. Source of the shape: how banks
 * print a currency sale's rouble credit (Т-Банк/Точка «Зачисление … от продажи валюты»).
 */
export function maskForeignCurrency(t: Text): void {
  if (!RE_ROUBLES.test(t.s) || !new RegExp(FOREIGN, 'u').test(t.s)) return;
  t.mask(RE_FOREIGN_SUM);
  t.mask(RE_RATE);
}

/** «продажи 1840.00 EUR», «от продажи валюты», «рублевой выручки от продажи»: a currency sale's credit. */
const RE_SALE_PURPOSE =
  /(?<![\p{L}])продаж\p{L}*\s+(?:валют\p{L}*|[\d\s.,]+\s*(?:usd|eur|cny|aed|долл\p{L}*|евро|юан\p{L}*))/iu;

/**
 * A currency sale's rouble credit: the purpose says so, or the payer's account is a currency account
 * (20 digits, its 6th–8th the currency's code, not 810/643: «40702978…» EUR, «40702840…» USD — the
 * company's own transit account, Bank of Russia Regulation 809-П chart of accounts). The money is a
 * foreign customer's, sold for us: no own transfer, and the counterparty printed (ourselves) is no payer.
 */
export function isCurrencySale(purpose: string, payerAccount = ''): boolean {
  const account = payerAccount.trim();
  const foreignAccount = /^\d{20}$/.test(account) && !/^(?:810|643)$/.test(account.slice(5, 8));
  return RE_SALE_PURPOSE.test(purpose) || (foreignAccount && /продаж/iu.test(purpose));
}
