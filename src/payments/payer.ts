/**
 * The payer of a payment message, cut from the original text as written: a labelled «Плательщик:»,
 * a legal form before or after the name («ООО «Кирпичный двор»», «ЭЛЕКСИС ООО»), «от Ромашки», or a
 * capitalised word in the clause that says money came. Pure.
 */
import { sameCompanyName } from './company-names';
import { MASK, MONTHS, NOT_A_NAME, normalise, RE_ARRIVAL, RE_PAID } from './vocabulary';

/** A clause of the message (see parse.ts `splitClauses`): negated clauses name no payer. */
export interface PayerClause {
  start: number;
  end: number;
  text: string;
  negative: boolean;
}
const LEGAL = 'ООО|ОАО|ЗАО|ПАО|АО|ИП|ТД|ТОО|НПО|ГК|ЧП';

function isNameWord(w: string): boolean {
  return (
    /^[\p{L}][\p{L}-]*$/u.test(w) &&
    !NOT_A_NAME.has(normalise(w)) &&
    !RE_PAID.test(normalise(w)) &&
    !RE_ARRIVAL.test(normalise(w))
  );
}

/** A forward's header line («Переслано от Бухгалтерия:», «Forwarded from …»): who forwarded it, not who paid. */
const RE_FORWARD_HEADER = /^[ \t]*(?:переслано\s+от|пересланное\s+сообщение|forwarded\s+(?:from|message))[^\n]*/giu;
/** «деньги у Иванова», «наличные у водителя»: who holds the money, right before the name — not who paid. */
const RE_HOLDER_BEFORE = /(?<![\p{L}])у\s+$/u;
/**
 * «Повторная оплата: счёт 943…», «Срочный платёж», «Повторно оплатили 943»: a capitalised adjective before the payment
 * word, or an adverb in «-но» before the verb, says how the money came — no payer. Group 1: the word after it.
 */
const RE_HOW_PAID_AFTER = /^[ \t]+([\p{L}]+)/u;
const RE_PAYMENT_NOUN = /^(?:оплат(?:а|ы|у|ой|е)$|плат[её]ж|перевод|поступлени|транш|взнос|перечислени)/u;
function saysHowPaid(word: string, after: string): boolean {
  const next = normalise(RE_HOW_PAID_AFTER.exec(after)?.[1] ?? '');
  const w = normalise(word);
  if (/(?:ая|ое|ый|ий|ой|ые)$/u.test(w) && RE_PAYMENT_NOUN.test(next)) return true;
  return w.length >= 6 && w.endsWith('но') && RE_PAID.test(next);
}
/** «Ответственный Гракун», «менеджер: Петрова»: one of ours by role, right before the name — not who paid. */
const RE_STAFF_ROLE = /(?<![\p{L}])(?:ответственн\p{L}*|менеджер\p{L}*|исполнител\p{L}*)[ \t]*[:\-–—]?[ \t]*$/iu;

/**
 * The payer of a message: as written (payerAsWritten), then put right by the writer in the same message — «ТехноСтрой
 * оплатили 8804 … ой нет, не ТехноСтрой, БетонПром»: the correction's payer wins, as a number put in another's place
 * does (corrections.ts).
 */
export function extractPayer(
  text: string,
  maskedText: string,
  clauses: PayerClause[],
  firstInvoice: { end: number } | undefined,
): string | null {
  const payer = payerAsWritten(text, maskedText, clauses, firstInvoice);
  return payer === null ? null : (payerPutInstead(text, payer) ?? payer);
}

/**
 * Words that stand before «перевели» and are no company: when, how, who of ours (NOT_A_NAME has the rest). A word
 * that passes is only looked up — a payer only when the CRM has a company of that name.
 */
const NOT_A_SUBJECT = new Set(
  (
    'уже тоже также наконец только сейчас давно недавно утром вечером днем ночью сразу опять снова вот ' +
    'они мы вы нам им все всё заказчик заказчики клиенты покупатель покупатели контрагент бухгалтерия бухгалтер ' +
    'банк ребята частично полностью наверное вроде кажется точно'
  ).split(' '),
);

/**
 * «электроснабмонтаж перевели 45 000 по 8810»: a lower-case word right before the word that says money came — the
 * payer as a hurried writer types it (the capitalised ones are read by extractPayer). Vocabulary, months and words
 * under four letters are none. Only a word to look up: the desk takes it for the payer when the CRM has a company
 * of that name, so a common word there names nobody. Null when there is none.
 */
export function lowercasePayerWord(text: string): string | null {
  for (const m of text.matchAll(/(?<![\p{L}\d-])(\p{Ll}[\p{L}-]{3,})(?=[ \t]+([\p{L}]+))/gu)) {
    const [, word = '', next = ''] = m;
    if (!(RE_PAID.test(normalise(next)) || RE_ARRIVAL.test(normalise(next)))) continue;
    const w = normalise(word);
    if (!isNameWord(word) || NOT_A_SUBJECT.has(w) || new RegExp(`^(?:${MONTHS})`, 'u').test(w)) continue;
    return word;
  }
  return null;
}

/** A company name as a correction writes it: «ТехноСтрой», «Техностроя», «ООО «БетонПром»», «"БетонПром"». */
const CORRECTED_NAME = String.raw`(?:(?:${LEGAL})\s+)?(?:«[^»
]+»|"[^"
]+"|[\p{L}][\p{L}-]*)`;
/** «не X, Y», «не X, а Y», «не X — Y», «не от X — от Y»: group 1 the payer taken back, group 2 the one put instead. */
const RE_PAYER_SWAP = new RegExp(
  String.raw`(?<![\p{L}])не\s+(?:от\s+)?(${CORRECTED_NAME})\s*(?:,\s*а|,|[—–-]|\s+а)\s*(?:от\s+)?(${CORRECTED_NAME})`,
  'gu',
);

/**
 * The payer the message puts in the place of `payer`: «не ТехноСтрой, БетонПром», «не ТехноСтрой, а ООО «БетонПром»»,
 * «не от Техностроя — от БетонПрома» — the name taken back is `payer` (in any case form), the one put instead a name
 * (a capital, quotes or a legal form; not vocabulary). Null when the message puts none there.
 */
export function payerPutInstead(text: string, payer: string): string | null {
  let out: string | null = null;
  for (const m of text.matchAll(RE_PAYER_SWAP)) {
    const [, wrong = '', right = ''] = m;
    const bare = right.replace(new RegExp(String.raw`^(?:${LEGAL})\s+`, 'u'), '');
    const named = /^[«"]/u.test(bare) || (/^\p{Lu}/u.test(bare) && isNameWord(bare)) || bare !== right;
    if (named && !sameCompanyName(right, wrong) && sameCompanyName(wrong, out ?? payer)) out = right.trim();
  }
  return out;
}

function payerAsWritten(
  text: string,
  maskedText: string,
  clauses: PayerClause[],
  firstInvoice: { end: number } | undefined,
): string | null {
  const blank = (s: string): string => s.replace(RE_FORWARD_HEADER, (h) => ' '.repeat(h.length));
  const original = blank(text);
  const masked = blank(maskedText);
  const trimName = (v: string): string | null => {
    const r = v
      .replace(/(?<!\p{Lu})[\s,.:;–—-]+$/u, '')
      .replace(/[\s,:;–—-]+$/u, '')
      .replace(/^[\s,.:;–—-]+/u, '')
      .trim();
    return r.length >= 2 ? r : null;
  };
  // «Плательщик: ГРАНИТ-СТРОЙ ООО, ИНН …»
  const labelled =
    /(?:плательщик|отправитель|контрагент)\s*[:-]?\s*([^,\n;]+?)(?=\s*(?:,|;|\n|\.\s|\s+инн|\s+кпп|\s+р\/с|$))/iu.exec(
      original,
    );
  if (labelled?.[1]) return trimName(labelled[1]);

  // «ООО «Кирпичный двор»», «ООО "ЭЛЕКСИС"», «ИП Кузнецов А.В.», «ООО Вектор», «ИП Ромашкин Павел Андреевич»
  const prefixed = new RegExp(
    `(?<![\\p{L}])(?:${LEGAL})\\s+(?:«[^»]+»|"[^"]+"|(?:[\\p{L}][\\p{L}\\-]*)(?:\\s+\\p{Lu}\\.\\s?\\p{Lu}\\.|(?:\\s+[\\p{L}][\\p{L}\\-]*){0,2}))`,
    'u',
  ).exec(original);
  if (prefixed) {
    const [form, ...rest] = prefixed[0].split(/\s+/);
    const name = prefixed[0].slice((form ?? '').length).trim();
    if (/^[«"]/.test(name)) return `${form} ${name}`;
    const keep: string[] = [];
    for (const w of rest) {
      if (!(/^\p{Lu}\.\s?\p{Lu}\.?$/u.test(w) || isNameWord(w))) break;
      if (keep.length > 0 && !/^\p{Lu}/u.test(w) && !/^\p{Lu}/u.test(keep[0] ?? '')) break;
      keep.push(w);
    }
    if (keep.length) return trimName(`${form} ${keep.join(' ')}`);
  }
  // «ЭЛЕКСИС ООО», «Кирпичный двор ООО», «"ЭЛЕКСИС" ООО»
  const suffixed = new RegExp(`((?:[«"]?[\\p{L}][\\p{L}\\-]*[»"]?\\s+){1,3})(${LEGAL})(?![\\p{L}])`, 'u').exec(
    original,
  );
  if (suffixed?.[1]) {
    const ws = suffixed[1].trim().split(/\s+/);
    const keep: string[] = [];
    for (let i = ws.length - 1; i >= 0; i--) {
      const w = ws[i] ?? '';
      if (!isNameWord(w.replace(/[«»"]/g, ''))) break;
      keep.unshift(w);
    }
    if (keep.length) return `${keep.join(' ')} ${suffixed[2] ?? ''}`;
  }
  // «от Ромашки», «от Монолит»
  const from = /(?<![\p{L}])от\s+([\p{L}][\p{L}-]*)/giu;
  for (let m = from.exec(original); m; m = from.exec(original)) {
    const w = m[1] ?? '';
    if (
      isNameWord(w) &&
      !masked.slice(m.index, m.index + m[0].length).includes(MASK) &&
      !new RegExp(`^(?:${MONTHS})`, 'iu').test(w)
    )
      return w;
  }
  // A capitalised word that is not vocabulary, preferably in the clause that says «оплатил»:
  // «Элексис оплатили», «… 1075 — Дорстрой — …». Not codes like «ФБС», not words in brackets.
  const candidates: Array<{ name: string; pos: number }> = [];
  const cap = /(?<![\p{L}(])(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)?)/gu;
  for (let m = cap.exec(original); m; m = cap.exec(original)) {
    const ws = (m[1] ?? '').split(/\s+/).filter((w) => isNameWord(w) && !/^\p{Lu}{2,4}$/u.test(w) && !w.endsWith('-'));
    const role = RE_STAFF_ROLE.test(
      original.slice(Math.max(0, m.index - 20), m.index + (m[1] ?? '').indexOf(ws[0] ?? '')),
    );
    const first = m[1] ?? '';
    if (
      ws[0] &&
      ws[0].length >= 3 &&
      !role &&
      !(ws[0] === first.split(/\s+/)[0] && saysHowPaid(ws[0], original.slice(m.index + ws[0].length))) &&
      !RE_HOLDER_BEFORE.test(original.slice(Math.max(0, m.index - 4), m.index))
    )
      candidates.push({ name: ws.join(' '), pos: m.index });
  }
  const paidClauses = clauses.filter((c) => !c.negative && (RE_PAID.test(c.text) || RE_ARRIVAL.test(c.text)));
  const inPaid = candidates.find((c) => paidClauses.some((cl) => c.pos >= cl.start && c.pos < cl.end));
  const best =
    inPaid ?? candidates.find((c) => clauses.some((cl) => !cl.negative && c.pos >= cl.start && c.pos < cl.end));
  if (best) return best.name;
  // Lower-case messages: the words right after the invoice number («сч 943 элексис 4000»).
  if (firstInvoice) {
    const after = /^\s*(?:[-,]\s*)?((?:[\p{L}][\p{L}-]*\s*){1,2})/u.exec(masked.slice(firstInvoice.end));
    if (after?.[1]) {
      const ws = after[1].trim().split(/\s+/);
      const keep: string[] = [];
      for (const w of ws) {
        if (!isNameWord(w) || w.length < 3) break;
        keep.push(w);
      }
      if (keep.length) {
        const from2 = firstInvoice.end + (after[0].length - after[1].length);
        return original.slice(from2, from2 + keep.join(' ').length);
      }
    }
  }
  return null;
}
