/**
 * Text that went through OCR (a screenshot of a bank app pasted into the chat) comes back with
 * look-alike characters: Latin letters inside Russian words («ПОСТУПЛEНИЕ» with a Latin E,
 * «CТРОЙ»), a zero for the letter О («0плата»), letters inside sums («1З 5OO,OO», «8O 25O,OO»),
 * a sum's digits spread out by spaces («3 8 4 0 0,00») and «N°» for «№». The parser reads words
 * and numbers by their letters, so the look-alikes are put back before it reads anything.
 *
 * Which characters look alike is Unicode's confusables table (UTS #39), through `unhomoglyph`:
 * two characters are look-alikes when they map to the same base ("skeleton"). We only choose
 * WHERE a look-alike is put back, so a real Latin name or a real number is never touched:
 *   - inside a word that has Cyrillic letters, a Latin letter becomes its Cyrillic twin;
 *   - a zero opening a Cyrillic word, or a digit between Cyrillic letters, becomes its letter;
 *   - inside a number, the letters OCR confuses with digits (О/O, З, l/I) become digits.
 *
 * Pure.
 */
import unhomoglyph from 'unhomoglyph';

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /[A-Za-z]/;

/** One character's skeleton, the base form all its look-alikes share. */
function skeleton(c: string): string {
  return unhomoglyph(c);
}

/** Every Cyrillic letter by its skeleton, when that skeleton is one character (А→A, З→3, б→6). */
const CYRILLIC_BY_SKELETON = new Map<string, string>();
for (const c of 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя') {
  const sk = skeleton(c);
  if (sk !== c && !CYRILLIC_BY_SKELETON.has(sk)) CYRILLIC_BY_SKELETON.set(sk, c);
}
/** Every digit by its skeleton (0→O, 1→l, 3→3). */
const DIGIT_BY_SKELETON = new Map<string, string>();
for (const d of '0123456789') DIGIT_BY_SKELETON.set(skeleton(d), d);

/**
 * The letters OCR puts for digits in a sum. Only these: others with a digit's skeleton are real
 * letters in house numbers and codes («1б» is a house, not 16).
 */
const DIGIT_LOOKALIKES = 'OОoоЗlI';

function asCyrillic(c: string): string {
  return CYRILLIC_BY_SKELETON.get(skeleton(c)) ?? c;
}

function asDigit(c: string): string {
  if (!DIGIT_LOOKALIKES.includes(c)) return c;
  return DIGIT_BY_SKELETON.get(skeleton(c)) ?? c;
}

/** A word with Cyrillic letters: its Latin look-alikes and its letter-like digits put back. */
function fixWord(word: string): string {
  if (!CYRILLIC.test(word)) return word;
  const chars = [...word];
  // «ЛайфTech»: a Latin letter with no Cyrillic twin means the Latin is meant; the word stays.
  if (chars.some((c) => LATIN.test(c) && asCyrillic(c) === c)) return word;
  const letters = chars.filter((c) => /\p{L}/u.test(c)).length;
  return chars
    .map((c, k) => {
      if (LATIN.test(c)) return asCyrillic(c);
      if (!/\d/.test(c) || letters < 3) return c; // «3шт», «5т»: a number glued to its unit
      const prev = chars[k - 1] ?? '';
      const next = chars[k + 1] ?? '';
      // «п0ступление»: a digit between letters. «0плата»: a leading zero (no number starts
      // with 0 and goes on as a word). Not «НИ00-000341» (digits closing a 1C prefix).
      const between = CYRILLIC.test(prev) && CYRILLIC.test(next);
      const leadingZero = k === 0 && c === '0' && CYRILLIC.test(next);
      if (!between && !leadingZero) return c;
      // The letter takes the case of the letter after it: «0плата» → «оплата», «П0СТ» → «ПОСТ».
      const letter = asCyrillic(c);
      return /\p{Ll}/u.test(next) ? letter.toLowerCase() : letter;
    })
    .join('');
}

/** A number-like run: digits and digit look-alikes, groups joined by a space, a comma or a dot. */
const NUMBER_RUN = new RegExp(
  String.raw`(?<![\p{L}\d])[\d${DIGIT_LOOKALIKES}]+(?:[ .,][\d${DIGIT_LOOKALIKES}]+)*(?![\p{L}\d])`,
  'gu',
);

/**
 * «1З 5OO,OO» → «13 500,00». Each space-separated group must hold a real digit («по 6215 о …»
 * keeps its «о»), except a round «ООО,ОО» group after one that does; the kopecks after a comma
 * may be look-alikes only («5OO,OO»).
 */
function fixNumber(run: string, offset: number, whole: string): string {
  if (![...run].some((c) => DIGIT_LOOKALIKES.includes(c))) return run;
  // «З26-0047», «О25-114/2»: one letter, then the year's digits and a hyphen or slash with more digits, is an
  // invoice series (orders «З», installation «У»), not an OCR'd «326-0047» — OCR spoils sums, and a sum goes on
  // after «-» only with its two kopecks («З50-00»).
  if (SERIES_LETTER_FIRST.test(run) && SERIES_NUMBER_AFTER.test(whole.slice(offset + run.length))) return run;
  const groups = run.split(' ');
  // «15 ООО,ОО», «3 ООО ₽»: a thousands group of round letters with its kopecks or a currency
  // after it is a number's group too (not «6215 ООО «Кедр»»).
  const currencyAfter = RE_CURRENCY_AFTER.test(whole.slice(offset + run.length));
  const numeric = (g: string, k: number): boolean =>
    /\d/.test(g) || (k > 0 && (/^[OОoо]{3}[.,][OОoо\d]{2}$/u.test(g) || (currencyAfter && /^[OОoо]{3}$/u.test(g))));
  if (!groups.every(numeric)) {
    // Keep the groups up to the first one without a digit; the rest is words («6215 о»).
    const cut = groups.findIndex((g, k) => !numeric(g, k));
    return [...groups.slice(0, cut).map(fixGroup), ...groups.slice(cut)].join(' ');
  }
  return groups.map(fixGroup).join(' ');
}

/** A series' one letter (a look-alike of a digit) and its year or number digits: «З26», «О25». */
const SERIES_LETTER_FIRST = new RegExp(String.raw`^[${DIGIT_LOOKALIKES}]\d{1,4}$`, 'u');
/** The series' number after it: «-0047», «/0112», «-1184/2»; not a sum's kopecks «-00». */
const SERIES_NUMBER_AFTER = /^[-/]\d(?!\d(?!\d))/u;

const RE_CURRENCY_AFTER = /^\s?(?:₽|руб|rub|rur|р\.)(?![\p{L}])/iu;

function fixGroup(g: string): string {
  return [...g].map(asDigit).join('');
}

/** «3 8 4 0 0,00», «2 7 6 0 0-00», «1 2 5 0 0 ₽»: four or more single digits spaced out, then kopecks or a currency. */
const SPREAD_DIGITS = /(?<![\p{L}\d.,])\d(?: \d){3,}(?=[.,-]\d{2}(?!\d)|\s?(?:₽|руб|р\.|rub)(?![\p{L}]))/giu;

/**
 * Every Latin letter that has a Cyrillic twin, as that twin: «CT-3843» → «СТ-3843», «KG-7» → «КG-7»
 * (G has none). For comparing invoice numbers typed on either keyboard; not for reading text.
 */
export function latinAsCyrillic(s: string): string {
  return s.replace(/[A-Za-z]/g, asCyrillic);
}

/** The message with its look-alikes put back (see the module comment). */
export function restoreLookalikes(text: string): string {
  if (!/[A-Za-z\d]/.test(text) && !text.includes('°')) return text;
  return text
    .replace(/N[°º]/g, '№')
    .replace(/[\p{L}\d]+/gu, fixWord)
    .replace(NUMBER_RUN, fixNumber)
    .replace(SPREAD_DIGITS, (m) => m.replace(/ /g, ''));
}
