/**
 * A deduction or a netting said beside the money that came: «пришло 61 600, 18 400 зачли
 * поддонами», «удержали пени 2 150 пришло 105 850», «минус 3 120 пени … пришло 152 880», «зачёт
 * возвратной тары 14 000, перевели 226 000», «за вычетом пени 2150.00». The deducted figure is no
 * money paid; the money alone does not cover the invoice, so the payment is a part (not after an
 * agreed discount: «за вычетом скидки 500»). Pure.
 */
import { AMOUNT, NUM_START, parseAmount, type Span, type Text } from './grammar';

// «пришло 1 748 000, 92 тыс гарантийка до сдачи дома»: the retention held back, said as a noun (not «63 800
// гарантийка пришла», the retention released).
const DEDUCTED_AFTER = String.raw`(?:зачли|зачтен\p{L}*|зачитыва\p{L}*|удержал\p{L}*|удержан\p{L}*|вычл\p{L}*|гарантийк\p{L}*(?!\s+(?:пришл|поступ|вернул|упал|перевел|перечислил)))`;
const DEDUCTED_BEFORE = String.raw`(?:удержал\p{L}*|удержан\p{L}*|вычл\p{L}*|зачли|(?:за\s+)?минус(?:ом)?|за\s+вычетом|зач[е]т\p{L}*|с\s+уч[её]том(?=\s+(?:бонус|преми|скидк)))`;
/**
 * What the seller grants, not what the customer holds back: an agreed discount («за вычетом скидки 500»), a bonus or a
 * premium («с учетом бонуса за май 3 000», «за минусом ретро-бонуса», «премия за объём удержана»), defective goods sent
 * back («за вычетом возврата брака»: the invoice shrinks by them). Nothing is left owed: no part payment.
 */
const RE_GRANTED = /скидк|бонус|преми|возврат\p{L}*\s+(?:\p{L}+\s+)?брак/u;

// Not «счёт на 215 040 (уже за вычетом АК 15%)»: the invoice's sum already net of it, nothing paid short.
const RE_DEDUCTION_WORD =
  /(?<![\p{L}])(?<!уже\s+)(?:удержал\p{L}*|удержан\p{L}*|за\s+вычетом|за\s+минусом)(?![\p{L}])(?!\s+(?:скидк|бонус|преми|ретро|возврат\p{L}*\s+(?:\p{L}+\s+)?брак))/u;
/**
 * A card-acquiring payout («Зачисление по интернет-эквайрингу 31 845,60 ₽ …, удержана комиссия 823,40 ₽»):
 * the acquirer's fee comes out of the card sales it settles, no customer paid short — no part.
 */
const RE_ACQUIRING = /эквайринг|acquiring|по\s+операциям\s+(?:с\s+|по\s+)?(?:банковск\p{L}*\s+)?карт/u;
const RE_FEE = /(?<![\p{L}])комисси\p{L}*/u;

/**
 * Masks each deducted figure (money-shaped, when another money-shaped sum stands outside it) and
 * says whether one was found. `moneyOutside` tells whether a sum is written outside a span.
 */
export function maskDeductions(t: Text, moneyOutside: (skip: Span) => boolean): boolean {
  const spans: Span[] = [];
  let part = false;
  const acquiring = RE_ACQUIRING.test(t.s);
  const after = new RegExp(String.raw`${NUM_START}(${AMOUNT})\s*(?=${DEDUCTED_AFTER}(?![\p{L}]))`, 'gu');
  const before = new RegExp(
    // «за вычетом штрафа за срыв сроков 48 тыс», «за вычетом гарантийного удержания 5% (62 000,00)»: up
    // to five words, and the share in per cent with the figure in brackets after it.
    String.raw`(?<![\p{L}])${DEDUCTED_BEFORE}\s+(?:[\p{L}]+\s+){0,5}?(?:\d{1,2}(?:[.,]\d{1,2})?\s?%\s*)?\(?${NUM_START}(${AMOUNT})`,
    'gu',
  );
  for (const re of [after, before])
    for (let m = re.exec(t.s); m; m = re.exec(t.s)) {
      const raw = (m[1] ?? '').trimEnd();
      if (!parseAmount(raw)?.money) continue;
      // The figure opens the match of `after` and closes the match of `before`.
      const start = re === after ? m.index : m.index + m[0].length - (m[1] ?? '').length;
      const span = { start, end: start + raw.length };
      if (!moneyOutside(span)) continue;
      spans.push(span);
      // «за вычетом скидки 500»: an agreed discount leaves nothing owed; nor does an acquirer's fee.
      const fee = RE_FEE.test(m[0]) || RE_FEE.test(t.s.slice(Math.max(0, m.index - 30), m.index));
      // «бонус за март 5 000 зачли в 1256»: what was granted may be named before the figure held back.
      const granted = RE_GRANTED.test(m[0]) || RE_GRANTED.test(t.s.slice(Math.max(0, start - 30), start));
      if (!granted && !(acquiring && fee)) part = true;
    }
  t.maskSpans(spans);
  // «пришло 9 950, банк удержал 50 комиссии»: a deduction named without a sum to mask says the same.
  return (
    part || (spans.length === 0 && !acquiring && RE_DEDUCTION_WORD.test(t.s) && moneyOutside({ start: 0, end: 0 }))
  );
}
