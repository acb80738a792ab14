/**
 * The invoice an invoice word names, whatever its shape. A company's numbering is its own (Битрикс24's numerator
 * builds a number from any prefix, date parts and a counter: dev.1c-bitrix.ru/api_d7/bitrix/documentgenerator/numerator.php),
 * so the shapes the parser knows (grammar.ts `LETTER_INVOICE`, `INVOICE_NUM`) can never be all of them. The word
 * before the number says what it is: «по счету № ОП-2026/014-К», «сч. 26-ВК-0045», «invoice #A-7734/B».
 * Pure.
 */
import { CONTRACT_LINKED, INVOICE_NUM, LETTER_INVOICE, type Span, UNIT_AFTER } from './grammar';

/**
 * An invoice word: «счёт/счета/счету/счетам…», «сч.», «сч-т», «счёт-оферта», «invoice», «inv» (normalised text: «ё»
 * is «е»). Not after «на», «в», «с» (a bank account: «на счет 4070…», «в счет оплаты») nor a kind of account
 * («лицевой счет», ACCOUNT_KIND), not «счет-фактура».
 */
const WORD = String.raw`(?:сч[её]т(?:а|у|ом|ам|ов|ах|е)?(?:-оферт\p{L}*)?|сч-т|сч|invoices?|inv)`;
/**
 * A kind of bank account before the word: «лицевой счет 21176Ц04410» (a treasury personal account, its letter among
 * the digits), «расчетный / корреспондентский / текущий / валютный / транзитный счет …» — an account, not an invoice.
 */
const ACCOUNT_KIND = String.raw`(?<![\p{L}])(?:лицев|расч[её]тн|корреспондентск|банковск|текущ|валютн|транзитн|депозитн|ссудн|карточн|казначейск|бюджетн|накопительн|специальн|открыт)\p{L}{0,4}`;
/** A number of any shape: letters and digits joined by «-», «/», «.» or «_», 2 to 40 characters. */
const TOKEN = String.raw`[\p{L}\d](?:[\p{L}\d]|[-/._](?=[\p{L}\d])){1,39}`;
const RE_OBJECT = new RegExp(
  String.raw`(?<![\p{L}])(?<!(?<![\p{L}])(?:на|в|во|с|со)\s{1,3})(?<!${ACCOUNT_KIND}\s{1,3})${WORD}(?![\p{L}/-])(?=[.:\s№#])\.?:?\s{0,3}(?:(?:№№?|#|n)\s{0,3}\.?\s{0,3})?(${TOKEN})(?![\p{L}\d*•·]|[-/.,]\d)`,
  'gu',
);
/** A list after it: «, X», «; X», « и X». */
const RE_NEXT = new RegExp(
  String.raw`(?:\s{0,3}[,;]\s{0,3}|\s{1,3}и\s{1,3})(?:(?:№|#)\s{0,3})?(${TOKEN})(?![\p{L}\d*•·]|[-/.,]\d)`,
  'uy',
);
/** What the known shapes read whole: left to them. */
const RE_KNOWN = new RegExp(`^(?:${LETTER_INVOICE}|${CONTRACT_LINKED}|${INVOICE_NUM})$`, 'u');
/**
 * A date: «12.05», «12/05/2026», «2026-11-28», «11.2026». One separator throughout: a date is written with one, so
 * «24-11/2026» after an invoice word is a number (a day-month-year series), not a date.
 */
const RE_DATE = /^(?:\d{1,2}([./-])\d{1,2}(?:\1\d{2,4})?|\d{4}([./-])\d{1,2}(?:\2\d{1,2})?|\d{1,2}[./]\d{4})$/u;
/**
 * Digits and hyphens only (a range «6334-6336», read by parse.ts as every invoice in it) or an ordinal («317-й»):
 * left to the known shapes.
 */
const RE_PLAIN = /^\d+(?:-\d+)*(?:-(?:й|я|е|го|му|м|х|ой|ый|ий))?$/u;
/** A range of one series glued by its dash («Т-0531-Т-0533», «В/Н-1210-В/Н-1214»): parse.ts reads every invoice in it. */
const RE_GLUED_RANGE = /^(\p{L}{1,4}\d{0,2}-|\p{L}\/\p{L}-)\d{1,7}-\1\d{1,7}$/u;
/** A sum or a count: «12.000», «1.500,5», «12000р», «5тыс», «10шт», «20%». */
const RE_SUM = new RegExp(String.raw`^\d[\d.,]*(?:${UNIT_AFTER}|usd|eur|k)?$`, 'u');

/**
 * A series with its year, then its month, then the counter («КТ-2026/09-0113»: Битрикс24's numerator template
 * {PREFIX}-{YEAR}/{MONTH}-{NUMBER}, dev.1c-bitrix.ru/api_d7/bitrix/documentgenerator/numerator.php): no other
 * document or sum is written so, so it is an invoice wherever it stands, with or without an invoice word.
 */
const RE_SERIES_YEAR_MONTH = /(?<![\p{L}\d/-])\p{L}{1,4}-20\d\d\/(?:0[1-9]|1[0-2])-\d{3,6}(?![\p{L}\d]|[-/.,]\d)/gu;
/**
 * A counter, then its month and year, joined by two different marks («07-11/2026», {NUMBER}-{MONTH}/{YEAR}): a date
 * is written with one mark throughout, so this is an invoice wherever it stands — but after «от» it is the date the
 * writer typed loosely.
 */
const RE_COUNTER_MONTH_YEAR =
  /(?<![\p{L}\d/.-])(?<!(?<![\p{L}])от\s{1,3})\d{1,3}-(?:0[1-9]|1[0-2])\/20\d\d(?![\p{L}\d]|[-/.,]\d)/gu;
/** A number with «СЧ» after it («112/СЧ», «133 / СЧ»): the letters say invoice, as the word before it would. */
const RE_INVOICE_SUFFIX = /(?<![\p{L}\d/.-])\d{2,7}\s?\/\s?сч(?![\p{L}\d])/gu;
/**
 * A series written with a slash between its two letters, glued to its number by a hyphen («В/Н-1123»). Not «п/п» (a
 * payment order), «р/с», «л/с», «к/с» (accounts), «б/н» (no number).
 */
const RE_SLASHED_SERIES =
  /(?<![\p{L}\d/–-])(?!(?:п\/п|р\/с|л\/с|к\/с|б\/н)-)\p{L}\/\p{L}-\d{3,7}(?![\p{L}\d]|[-–/.,]\d|[-–]\p{L})/gu;
/**
 * A series with its year in it, then the counter: «MK-2026-12/05» ({PREFIX}-{YEAR}-{MONTH}/{NUMBER}), «АЛ/26-0098»
 * ({PREFIX}/{YY}-{NUMBER}, the counter zero-padded: «С-21-1000» is a product's code), the marks any of «-» and «/» (Битрикс24's numerator and 1C print a series, a year, a month
 * and a counter in whatever order and with whatever marks a company sets). A date, a sum or a count is never written
 * after letters so, so it is an invoice wherever it stands — unless a word before it names another document
 * (`RE_OTHER_DOCUMENT`: «по договору ДП-2025-04/17», «контракт ЭК/25-0007», «заявка на портале ЗП-26-018842») or it is a standard («ГОСТ-…», «ТУ-…»).
 */
const RE_SERIES_WITH_YEAR =
  /(?<![\p{L}\d/.-])(?!(?:гост|ту|снип|ост|тр|сп)[-/])\p{L}{1,4}[-/](?:20\d\d[-/](?:0[1-9]|1[0-2])[-/]\d{2,6}|2\d[-/]0\d{2,5})(?![\p{L}\d]|[-/.,]\d)/gu;
/** A word naming another document right before a number («договор № », «контракт », «акт », «УПД »). */
const RE_OTHER_DOCUMENT =
  /(?<![\p{L}])(?:договор|дог|контракт|акт|упд|накладн|спецификаци|заказ|заявк|поступлени|списани|пп|п\/п|платежк|дт|гтд|убыт|полис|претензи)\p{L}{0,4}\.?(?:\s{1,3}(?!сч)\p{L}{1,12}){0,2}\s{0,3}(?:(?:№|#|no?)\s{0,3})?$/u;
/** Shapes a word before may name as another document. */
const NAMED_OTHERWISE = new Set([RE_SERIES_WITH_YEAR]);
/**
 * A series, its two-digit year and a counter of four digits or more («БТН-26/1187», «УС-25/0415»: Битрикс24's and 1C's
 * {PREFIX}-{YY}/{NUMBER}): no date, sum or product code is written so, so it is an invoice wherever it stands — not
 * another document's number («договор ДП-26/1234»); after an invoice word it is read there, with the list after it.
 */
const RE_SERIES_YEAR_COUNTER = /(?<![\p{L}\d/.-])\p{L}{2,4}-2\d\/\d{4,6}(?![\p{L}\d]|[-/.,]\d)/gu;
/** Shapes that say invoice wherever they stand. */
const SHAPED = [
  RE_SERIES_YEAR_MONTH,
  RE_COUNTER_MONTH_YEAR,
  RE_INVOICE_SUFFIX,
  RE_SLASHED_SERIES,
  RE_SERIES_WITH_YEAR,
  RE_SERIES_YEAR_COUNTER,
];
/**
 * A number with its series' capital letters after it («1187-Б», «412-У», «1165/ТЭ», found on the text as written): a
 * company's short form of its invoice, the letters saying which series — an invoice wherever it stands. Cyrillic
 * capitals only («5-ти», «2-х», «100-летие» are words; «100-W» a model); not a unit or a law in capitals («220-В»,
 * «500-ГБ», «223-ФЗ»), not another document's number («договор 145-ДП», «заявка 366-К»), not one an invoice word
 * names (read there, with the list after it) nor one taken back («не 4538-Т, а 4539-Т»: corrections.ts).
 */
const RE_CAPITAL_SUFFIX = /(?<![\p{L}\d/.,-])\d{3,7}[-/]([А-ЯЁ]{1,3})(?![\p{L}\d]|[-/.,]\d)/gu;
const RE_NOT_SERIES_CAPS = /^(?:В|ВТ|КВТ|КВ|КВА|А|ГБ|МБ|ТБ|ГЦ|КГ|ШТ|РУБ|МЛ|ММ|СМ|КМ|СЧ|ФЗ|ФКЗ|КЗ)$/u;
/** Another document's word right before its number: «договор», «заявка», «полис», «ТТН», «п/п» … */
const DOCUMENT = String.raw`(?:договор|дог|контракт|заявк|акт|упд|накладн|ттн|тн|рейс|претензи|уведомлени|доверенност|спецификаци|пп|п\/п|платежк|заказ|паспорт|лицензи|сертификат|полис|убыт|дел|лот|брон|гаранти|бг|извещени|процедур)`;
const RE_NOT_SUFFIXED_AFTER = new RegExp(
  String.raw`(?<![\p{L}])(?:${DOCUMENT}|не|${WORD})\p{L}*\.?\s{0,3}(?:(?:№№?|#)\s{0,3})?$`,
  'u',
);

/** One invoice an invoice word names: where it stands and how it is written. */
export interface InvoiceObject extends Span {
  id: string;
}

/**
 * The invoices named right after an invoice word (and the list after them) that no known shape reads whole: each
 * holds a digit and is not a date, a sum or a count; and every number whose shape alone says invoice (`SHAPED`). Input: the normalised text (lower case); spans index it.
 */
export function invoiceObjects(norm: string, written = ''): InvoiceObject[] {
  const out: InvoiceObject[] = [];
  RE_OBJECT.lastIndex = 0;
  const odd = (id: string): boolean =>
    /\d/.test(id) &&
    !RE_KNOWN.test(id) &&
    !RE_PLAIN.test(id) &&
    !RE_GLUED_RANGE.test(id) &&
    !RE_DATE.test(id) &&
    !RE_SUM.test(id);
  for (let m = RE_OBJECT.exec(norm); m; m = RE_OBJECT.exec(norm)) {
    const id = m[1] ?? '';
    // A known shape with letters («по счетам 811/Д, 812/Д»): read there, but its list goes on here, item by item.
    const lettered = RE_KNOWN.test(id) && /\p{L}/u.test(id);
    if (!odd(id) && !lettered) continue;
    const end = m.index + m[0].length;
    if (!lettered) out.push({ start: end - id.length, end, id });
    // «по счетам ВК/11/2026-01, ВК/11/2026-02»: the list goes on while its items have the same shape.
    const shape = id.replace(/\d+/g, '9');
    RE_NEXT.lastIndex = end;
    for (let n = RE_NEXT.exec(norm); n; n = RE_NEXT.exec(norm)) {
      const item = n[1] ?? '';
      if (item.replace(/\d+/g, '9') !== shape) break;
      const itemEnd = n.index + n[0].length;
      out.push({ start: itemEnd - item.length, end: itemEnd, id: item });
      RE_OBJECT.lastIndex = itemEnd;
      RE_NEXT.lastIndex = itemEnd;
    }
  }
  // Read whole, so no later step takes «2026/09» out of it for an invoice of its own.
  for (const re of SHAPED)
    for (const m of norm.matchAll(re)) {
      const end = m.index + m[0].length;
      if (NAMED_OTHERWISE.has(re) && RE_OTHER_DOCUMENT.test(norm.slice(Math.max(0, m.index - 30), m.index))) continue;
      if (re === RE_SERIES_YEAR_COUNTER && RE_NOT_SUFFIXED_AFTER.test(norm.slice(Math.max(0, m.index - 40), m.index)))
        continue;
      if (out.some((o) => o.start < end && m.index < o.end)) continue;
      out.push({ start: m.index, end, id: m[0].replace(/\s/g, '') });
      // «ТМ-26/0733, 0734»: a list goes on with the counters alone, as many digits as the head's (three or more).
      const counter = /\d+$/u.exec(m[0])?.[0].length ?? 0;
      RE_NEXT.lastIndex = end;
      for (let n = RE_NEXT.exec(norm); n && NAMED_OTHERWISE.has(re); n = RE_NEXT.exec(norm)) {
        const item = n[1] ?? '';
        const itemEnd = n.index + n[0].length;
        // «MK-2026-12/04, 64 500»: two digits, or a thousands group after it, is a sum.
        if (
          !/^\d+$/u.test(item) ||
          item.length !== counter ||
          counter < 3 ||
          /^ \d{3}(?!\d)/u.test(norm.slice(itemEnd))
        )
          break;
        out.push({ start: itemEnd - item.length, end: itemEnd, id: item });
        RE_NEXT.lastIndex = itemEnd;
      }
    }
  // The text as written keeps the capitals (the same length: spans index both).
  if (written.length === norm.length)
    for (const m of written.matchAll(RE_CAPITAL_SUFFIX)) {
      const end = m.index + m[0].length;
      if (
        RE_NOT_SERIES_CAPS.test(m[1] ?? '') ||
        RE_NOT_SUFFIXED_AFTER.test(norm.slice(Math.max(0, m.index - 40), m.index))
      )
        continue;
      if (!out.some((o) => o.start < end && m.index < o.end)) out.push({ start: m.index, end, id: m[0] });
    }
  return withRanges(
    out.sort((a, b) => a.start - b.start),
    norm,
  );
}

/**
 * «MK-2026-12/24 – MK-2026-12/26», «с АЛ/26-0140 по АЛ/26-0142»: two invoices of one series joined by a dash, or by
 * «с … по», are every invoice between them (up to 20, padded as written), the ones between on the range's span.
 */
function withRanges(found: InvoiceObject[], norm: string): InvoiceObject[] {
  const out: InvoiceObject[] = [];
  for (let k = 0; k < found.length; k++) {
    const a = found[k] as InvoiceObject;
    out.push(a);
    const b = found[k + 1];
    const [ha, hb] = [/^(.*\p{L}.*?)(\d+)$/u.exec(a.id), b && /^(.*\p{L}.*?)(\d+)$/u.exec(b.id)];
    if (!b || !ha || !hb || ha[1] !== hb[1] || ha[2]?.length !== hb[2]?.length) continue;
    const between = norm.slice(a.end, b.start);
    const spoken =
      /^\s{1,3}по\s{1,3}$/u.test(between) &&
      /(?<![\p{L}])с\s{1,3}$/u.test(norm.slice(Math.max(0, a.start - 4), a.start));
    if (!/^\s{0,3}[-–—]\s{0,3}$/u.test(between) && !spoken) continue;
    const [from, to] = [Number(ha[2]), Number(hb[2])];
    if (!(to > from) || to - from > 20) continue;
    for (let n = from + 1; n < to; n++)
      out.push({ start: a.start, end: b.end, id: `${ha[1]}${String(n).padStart(ha[2]?.length ?? 0, '0')}` });
  }
  return out;
}
