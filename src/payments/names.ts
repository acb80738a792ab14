/**
 * Numbers that are part of a company's name: «ООО «Новые Окна 2000»», «Техно 3000 оплатили счет
 * 6541, 88 900 руб.». They are neither a sum nor an invoice (a customer named with a number had it
 * added to the sum paid). Pure: spans of the text, which the masks blank out.
 */
import { type Span, SUM_FOLLOWS, type Token } from './grammar';
import { NOT_A_NAME, normalise, RE_ARRIVAL, RE_PAID } from './vocabulary';

const LEGAL = '(?:ооо|оао|зао|пао|ао|ип|тд|тк|гк|нпо|нпп|пк)';

/** «счет 6541», «№ 6541», «по 6541», «оплатили 6541», «по счету ПЛ-02245»: an invoice named. */
const RE_INVOICE_NAMED =
  /(?<![\p{L}])(?:сч\p{L}*\.?|по|оплат\p{L}*|оплачен\p{L}*|опл\.?|рассчитал\p{L}*)\s*(?:сч\p{L}*\.?\s*)?(?:№\s*)?(?:\p{L}{1,4}-)?\d{3,}|№\s*\d{3,}/gu;

const RE_PART_AFTER = /^[ ]+(?:пол(?:\s+|-)?(?:сумм|сч[её]т)|половин|аванс|предоплат|доплат|остат|частичн)/u;

function isNameWord(w: string): boolean {
  const n = normalise(w);
  return w.length >= 3 && !NOT_A_NAME.has(n) && !RE_PAID.test(n) && !RE_ARRIVAL.test(n) && !/^сч/u.test(n);
}

/**
 * The digits of a company's name. `norm` is the normalised text (quotes folded to «"»), `raw` the
 * text as written, of the same length (its capitals tell a name); `money` says whether a
 * money-shaped sum stands outside a span.
 *
 * - Inside the quotes after a legal form: «ООО «Мир 3000»», «от ООО "Век 21"» — always.
 * - Unquoted, a bare number of up to four digits right after a capitalised name word and before a
 *   lower-case word («Стройка 2000 рассчитались …»), when the message names its invoice elsewhere
 *   and either a legal form opens the name or a money-shaped sum is written elsewhere. «Элексис 2401
 *   оплатил 4 000» (nothing else is the invoice) and «Вектор 4000 оплатил по счету 6120» (no other
 *   sum) keep their number.
 */
export function nameNumberSpans(norm: string, raw: string, money: (skip: Span) => boolean): Span[] {
  const out: Span[] = [];
  // The quotes on the legal form's own line: in «от ВЕГА ООО⏎«Оплата по счету 446»» (a push printing the form last) the
  // next line's quotes hold the purpose.
  const quoted = new RegExp(String.raw`(?<![\p{L}])${LEGAL}[ \t]*"([^"\n]{1,60})"`, 'gu');
  // «от «Окна 2000»», «Фирма «Трио 3»»: a name in quotes without its legal form — a capitalised word
  // first, no payment or invoice word inside («"Оплата по счету 6490"» is a statement's purpose cell).
  const named = /"(\p{L}[^"\n\d]{0,40}\d[^"\n]{0,20})"/gu;
  const digitsOf = (inner: string, at: number): void => {
    for (const d of inner.matchAll(/\d+/g)) out.push({ start: at + d.index, end: at + d.index + d[0].length });
  };
  for (let m = quoted.exec(norm); m; m = quoted.exec(norm)) {
    const inner = m[1] ?? '';
    digitsOf(inner, m.index + m[0].length - 1 - inner.length);
  }
  if (raw.length !== norm.length) return out;
  // A capital first (a name, not the payer's comment «за 5113», «остаток за монтаж 1769»).
  for (let m = named.exec(norm); m; m = named.exec(norm)) {
    const inner = m[1] ?? '';
    if (!/^\p{Lu}/u.test(raw.slice(m.index + 1))) continue;
    if (/сч|№|оплат|плат[её]ж|аванс|доплат|остат|договор|заказ|(?<![\p{L}])(?:за|по|для)(?![\p{L}])/u.test(inner))
      continue;
    digitsOf(inner, m.index + 1);
  }
  // «ТД 100 Дверей оплатил 8015»: a legal form, then the number opening the name.
  // Digits first, then the look back (only where a digit stands).
  const opening = /(?=\d)(?<=(?<![\p{L}])(?:ООО|ОАО|ЗАО|ПАО|АО|ИП|ТД|ТК|ГК|НПО|НПП|ПК)[ ]+)\d{1,4}(?=[ ]+\p{Lu})/gu;
  for (let m = opening.exec(raw); m; m = opening.exec(raw)) out.push({ start: m.index, end: m.index + m[0].length });
  // Digits first, then the look back (only where a digit stands): «Окна 2000» before «оплатили».
  // After a legal form the name may end the sentence: «от ООО МОНТАЖ-ЛАЙН 2000. Доступно …».
  const bare =
    /(?=\d)(?<=(?<![\p{L}])(\p{Lu}[\p{L}-]*)[ ])(\d{1,4})(?![\d/-]|[.,]\d)(?=([ ]+\p{Ll})|[.,;](?:\s|$)|$)/gu;
  const legalBefore = new RegExp(String.raw`(?<![\p{L}])${LEGAL}\s+(?:[\p{L}-]+\s+){0,3}$`, 'u');
  for (let m = bare.exec(raw); m; m = bare.exec(raw)) {
    const span = { start: m.index, end: m.index + (m[2] ?? '').length };
    if (!isNameWord(m[1] ?? '') || SUM_FOLLOWS.test(norm.slice(span.end))) continue;
    if (out.some((o) => o.start === span.start)) continue;
    // Not a sum after the payment word: «Элексис 7159 оплатил 4500р» names 7159 only.
    const elsewhere = [...norm.matchAll(RE_INVOICE_NAMED)].some(
      (i) =>
        (i.index + i[0].length <= span.start || i.index >= span.end) &&
        !SUM_FOLLOWS.test(norm.slice(i.index + i[0].length)),
    );
    const legal = legalBefore.test(norm.slice(Math.max(0, span.start - 80), span.start));
    if (!m[3] && !legal) continue;
    // «ИП Пономаренко 4139 пол суммы — 210 000»: what part of the invoice was paid follows its number
    // (not «Стейдж-Сервис 360 доплатили по 52231»: the invoice is named after the verb).
    if (RE_PART_AFTER.test(norm.slice(span.end, span.end + 20)) && !elsewhere) continue;
    if (legal ? elsewhere || money(span) : elsewhere && money(span)) out.push(span);
  }
  // «такси 777 оплатили 2477 — 31 тыр», «Дизель сервис 102 закинули 2458 и 2460»: a lower-case name
  // word too, when the number paid for follows the payment word right away and a sum is written elsewhere.
  const beforeVerb =
    /(?=\d)(?<=(?<![\p{L}])(\p{L}[\p{L}-]*)[ ])(\d{1,4})(?=[ ]+(\p{L}+)[ ]+(?:№\s*)?\d{3,7}(?!\d|[.,]\d|[ ]\d{3}(?!\d)|\s*(?:руб|р|₽|тыс|т\.?р|тыр|к)(?![\p{L}])))/gu;
  for (let m = beforeVerb.exec(norm); m; m = beforeVerb.exec(norm)) {
    const span = { start: m.index, end: m.index + (m[2] ?? '').length };
    const verb = m[3] ?? '';
    if (
      !isNameWord(m[1] ?? '') ||
      !(RE_PAID.test(verb) || RE_ARRIVAL.test(verb) || /^(?:закинул|перев[её]л)/u.test(verb))
    )
      continue;
    if (!out.some((o) => o.start === span.start) && money(span)) out.push(span);
  }
  return out;
}

/**
 * «4641 агро 2000 — 9 990»: once the message has its invoice, a bare number right after a name word
 * (not a payment word, a preposition or «счет») and before a dash and a money-shaped sum is part of
 * the name, not a second sum. `s` is the masked text the tokens were read from.
 */
export function dropNameNumbers(amounts: Token[], invoices: Token[], s: string): Token[] {
  if (invoices.length === 0) return amounts;
  return amounts.filter((a, k) => {
    const next = amounts[k + 1];
    if (a.money || !next?.money || !/^\s*[-:]\s*$/.test(s.slice(a.end, next.start))) return true;
    const word = /(?<![\p{L}])(\p{L}+)[ \t]+$/u.exec(s.slice(Math.max(0, a.start - 40), a.start))?.[1] ?? '';
    return !isNameWord(word);
  });
}
