/**
 * What an announcement says beside «paid» that a one-tap «Да» would ignore: «не по 8801», «не всё, 12 500 из
 * 16 500», «деньги на другом юрлице», «на карту директора», «за вычетом комиссии 150», or a «не»/«но» clause the
 * reading did not use. The desk keeps the prompt but without the one-tap «Да» (the manager checks first), or — for
 * an invoice the message says it is not for — sends none. Pure: texts in, findings out.
 */
import type { Caveat } from '../texts';
import { namesInvoice } from './match';

// The kinds live with their Russian wording (texts.ts may import no feature).
export type { Caveat };

const NUMBER = String.raw`(?:[\p{L}]{1,4}-)?\d[\d/-]*`;
/** «не по 8801», «не за счёт 8801», «не в счёт № 8801», «не к 8801»: the money is not for that invoice. */
const RE_NOT_FOR = new RegExp(
  String.raw`(?<![\p{L}])не\s+(?:по|за|в\s+сч[её]т|к|на)\s+(?:сч\p{L}*\.?\s*)?(?:№\s*)?(${NUMBER})`,
  'giu',
);

/** The invoices of `invoices` (as the reading wrote them) that the text says the money is not for. */
export function invoicesDenied(text: string, invoices: string[]): string[] {
  const denied = [...text.matchAll(RE_NOT_FOR)].map((m) => m[1] ?? '');
  return invoices.filter((i) => denied.some((d) => namesInvoice(d, i)));
}

/**
 * «на другом юрлице», «на другую фирму», «на счёт ИП …», «на карту директора», «на личную карту»: the money did
 * not reach the company's account. The words as written, or null.
 */
const RE_ELSEWHERE =
  /(?<![\p{L}])(?:на\s+(?:друг\p{L}*|не\s+наш\p{L}*|не\s+т(?:о|от|у|ом)|ч?уж\p{L}*)\s+(?:юр\.?\s*лиц\p{L}*|юрлиц\p{L}*|фирм\p{L}*|компани\p{L}*|ооо|ип|сч[её]т\p{L}*|р\/с|расч\p{L}*)|на\s+(?:(?:личн\p{L}*|сво\p{L}*|его|её|ее)\s+)?(?:карт\p{L}*|карточк\p{L}*)(?:\s+(?:директор\p{L}*|сотрудник\p{L}*|физ\p{L}*|бухгалтер\p{L}*))?|на\s+сч[её]т\s+ип(?![\p{L}])|налич\p{L}*\s+директор\p{L}*)/iu;

export function moneyElsewhere(text: string): string | null {
  return RE_ELSEWHERE.exec(text)?.[0] ?? null;
}

/** «за вычетом комиссии 150», «за минусом комиссии банка 150», «банк удержал комиссию 150», «комиссия 150 удержана». */
const AMOUNT = String.raw`(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?`;
const RE_FEE = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:за\s+(?:вычетом|минусом)|минус|удержал\p{L}*|удержан\p{L}*)\s+(?:банк\p{L}*\s+)?комисси\p{L}*(?:\s+банка)?\s*[:-]?\s*${AMOUNT}|комисси\p{L}*(?:\s+банка)?\s*[:-]?\s*${AMOUNT}\s*(?:руб\p{L}*\.?|р\.?|₽)?\s*(?:удержа|вычл|списа)\p{L}*)`,
  'iu',
);

const moneyValue = (whole: string, cents: string | undefined) =>
  Number(whole.replace(/[ \u00a0\u202f]/g, '')) + (cents ? Number(cents.padEnd(2, '0')) / 100 : 0);

/**
 * The fee the bank kept, as the message says it («за вычетом комиссии 150»), and the money that came as the
 * director wrote it: the largest other figure of the text (not an invoice's number, not the fee), since he names
 * what reached the account and the commission kept — the two are never added. Null without a fee.
 */
export function feeKept(text: string, invoices: string[]): { fee: number; paid: number | null } | null {
  const m = RE_FEE.exec(text);
  if (!m) return null;
  const fee = m[1] !== undefined ? moneyValue(m[1], m[2]) : moneyValue(m[3] ?? '0', m[4]);
  const figures = [...text.matchAll(new RegExp(String.raw`(?<![\d/\p{L}-])${AMOUNT}(?![\d/-])`, 'gu'))]
    .filter((x) => x.index !== undefined && (x.index < m.index || x.index >= m.index + m[0].length))
    .filter((x) => !invoices.some((i) => namesInvoice(x[0], i)))
    .map((x) => moneyValue(x[1] ?? '0', x[2]));
  const paid = figures.length ? Math.max(...figures) : null;
  return { fee, paid };
}

/**
 * A clause with «не»/«нет»/«ни», or one opening with «но», «однако», «хотя», «только»: said of the payment, and
 * not accounted for by the reading — unless it names a number the reading did not use (a correction, «не 4000, а
 * 3500»; another invoice, «6263 — пока нет»), or is a bank's stock phrase («НДС не облагается»). A quoted line
 * («> …») is someone else's. The clause as written, or null.
 */
export function unreadClause(text: string, used: string[]): string | null {
  const own = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('>'))
    .join('\n');
  // «ой нет, 4765», «не, 63 412 точно», «перепутал»: a correction, which the reading makes.
  if (RE_CORRECTION.test(own.toLowerCase())) return null;
  const clauses = own.split(/[,.;!?\n(]+|(?=(?<![\p{L}])(?:но|однако|хотя)(?![\p{L}]))/u);
  const unused = (c: string) =>
    [...c.matchAll(/\d[\d\s]*\d|\d/gu)]
      .map((x) => x[0].replace(/\s/g, ''))
      .some((x) => !used.some((u) => u.replace(/\s/g, '') === x));
  let aboutOther = false;
  for (const raw of clauses) {
    const c = raw.trim();
    const s = c.toLowerCase().replace(/ё/g, 'е');
    // «52288 это Шоу Техник, они ещё не платили»: said of the number named just before, not of this payment.
    const other = aboutOther;
    aboutOther = unused(c);
    if (!/(?<![\p{L}])(?:не|нет|ни|но|однако|хотя)(?![\p{L}])/u.test(s) || other || aboutOther) continue;
    if (RE_STOCK.test(s)) continue;
    return c;
  }
  return null;
}

/** Correction words: the parser reads the corrected number or sum. */
const RE_CORRECTION =
  /(?<![\p{L}])(?:ой|перепутал\p{L}*|путаю|опечат\p{L}*|вру|сорри|сорян|пардон|правильно|точнее|не\s+туда)(?![\p{L}])|^\s*(?:не|нет|а\s+не|а\s+нет)\s*[,.—-]/mu;
/**
 * Negations that say nothing of the payment: a bank's «НДС не облагается», «не пугайтесь», «не дергайте их», «чтобы
 * не искать», «ничего не должны», «счёт не указала», «ошибки нет», «не вернулся».
 */
const RE_STOCK =
  /ндс|облага|без\s+налог|не\s+(?:забуд|помн|знаю|вижу|срочно|пуга|пута|дерга|иска|волну|спеш|торопи|звон|беспоко|пережива|указа|выставля|стали)|ничего\s+(?:себе|не\s+должн)|ошиб\p{L}*\s+(?:в\s+\p{L}+\s+)?нет|не\s+вернул/u;
