/**
 * A bank SMS or push closing with the account's balance from a bank the bank-first shapes do not
 * know («Кубань Кредит: 16.10 поступил платеж 43 780,50 руб. …, назн: опл.сч.3908. Остаток
 * 1 918 202,73», «Левобережный: …», «Ак Барс 09:14 …»): its last sentence «Остаток N» with kopecks,
 * after the bank's arrival word and at least as large as every other sum of the text, is the
 * balance — not a rest still owed («оплатили 9 500, остаток 3 000 в пятницу»). Pure.
 */
import { AMOUNT, NUM_START, parseAmount, type Span } from './grammar';

const RE_CLOSING = new RegExp(
  String.raw`(?:^|[.!\n]\s*)(остаток(?:\s+(?:на\s+сч[е]те|средств))?\s*[:=]?\s*${NUM_START}(${AMOUNT}))\s*\.?\s*$`,
  'u',
);
/** The arrival as a bank writes it: «поступил платеж», «зачисление», «Поступление», «Входящий перевод». */
const RE_BANK_ARRIVAL =
  /(?<![\p{L}])(?:поступ(?:ил|ило|ила|лени)\p{L}*|зачисл(?:ен|ени)\p{L}*|входящ\p{L}*)(?![\p{L}])/u;
const RE_KOPECKS = /[.,]\d{2}(?:\s*(?:₽|руб\p{L}*\.?|р\.?|rub|rur))?$/u;
const RE_SUM = new RegExp(`${NUM_START}(${AMOUNT})`, 'gu');

/** The closing balance's span in `s` (normalised, lower case), or null. */
export function closingBalance(s: string): Span | null {
  const m = RE_CLOSING.exec(s);
  const raw = (m?.[2] ?? '').trimEnd();
  if (!m || !RE_KOPECKS.test(raw)) return null;
  const start = m.index + m[0].indexOf(m[1] ?? '');
  if (!RE_BANK_ARRIVAL.test(s.slice(0, start))) return null;
  const balance = parseAmount(raw)?.value ?? 0;
  const others = [...s.slice(0, start).matchAll(RE_SUM)]
    .map((x) => parseAmount((x[1] ?? '').trimEnd()))
    .filter((a) => a?.money)
    .map((a) => a?.value ?? 0);
  if (!others.length || others.some((v) => v > balance)) return null;
  return { start, end: start + (m[1] ?? '').trimEnd().length };
}
