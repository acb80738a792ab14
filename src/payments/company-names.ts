/**
 * A company as a message names it and as the CRM titles it: «от Элексиса», «ООО «Элексис»» and
 * «ЭЛЕКСИС ООО» are one company; «Сбербанк» is another. Chat text declines names and drops or moves the
 * legal form, so names are compared word by word on their stems. Pure.
 */

/** Legal forms, which a message adds, drops or moves («ООО «Элексис»» ↔ «ЭЛЕКСИС ООО»). */
const RE_LEGAL = /(?<![\p{L}])(?:ооо|оао|зао|пао|нао|ао|ип|тоо|чп|llc|ltd)(?![\p{L}])/giu;

/** The words of a company's name as written (its capitals kept), without quotes, punctuation and the legal form. */
function writtenWords(name: string): string[] {
  return name
    .replace(/ё/g, 'е')
    .replace(/Ё/g, 'Е')
    .replace(RE_LEGAL, ' ')
    .split(/[^\p{L}\d]+/u)
    .filter((w) => w.length >= 2);
}

/** The words of a company's name, lower case, without quotes, punctuation and the legal form. */
export function nameWords(name: string): string[] {
  return writtenWords(name).map((w) => w.toLowerCase());
}

/**
 * Whether two words are one word in different cases: «элексиса», «элексисом» ↔ «элексис», «ромашки» ↔
 * «ромашка». The shorter is the longer's start but for its last letter (a changed vowel), at least four
 * letters long, and the longer adds an ending of two letters at most (three to a word of eight or more:
 * «-ами»): «элексиса» is no case of «элекс», nor «ива» a stem of «иванов».
 */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let k = 0;
  while (k < short.length && short[k] === long[k]) k++;
  const ending = long.length - k;
  return k >= 4 && k >= short.length - 1 && ending <= (short.length >= 8 ? 3 : 2);
}

/**
 * Whether a payer named in a message (`named`) is the company titled `title` in the CRM: every word of
 * one name is a word of the other, in any case («Элексиса» ↔ «ЭЛЕКСИС ООО»; «Иванов» ↔ «ИП Иванов Пётр
 * Сергеевич»). A name with no word left (only a legal form) is no company.
 */
export function sameCompanyName(named: string, title: string): boolean {
  const a = nameWords(named);
  const b = nameWords(title);
  if (!a.length || !b.length) return false;
  const within = (xs: string[], ys: string[]) => xs.every((x) => ys.some((y) => sameWord(x, y)));
  return within(a, b) || within(b, a);
}

/**
 * What to look a named payer up by in the CRM's titles (a substring, LIKE «%…%»): its longest word
 * without a case ending, its capitals as written («Элексиса» → «Элекси», «СтройДом» → «СтройД»), so «ЭЛЕКСИС
 * ООО» is found from «от Элексиса» and «СтройДом ООО» from «СтройДом» (the search asks other case forms too).
 * Null when the name has no word of four letters or more (too short to search the whole CRM by).
 */
export function nameStem(named: string): string | null {
  const longest = writtenWords(named).sort((x, y) => y.length - x.length)[0];
  if (!longest || longest.length < 4) return null;
  return longest.slice(0, Math.max(4, longest.length - 2));
}

/**
 * What to look a named payer up by, in turn (the next when the one before finds none): its stem (nameStem), then four
 * lower-case letters after its first — «электроснабмонтаж» → «лект», found in «ЭлектроСнабМонтаж», whose inner capitals
 * no case form of the stem has (the portal's LIKE is not assumed to ignore case). Empty when there is no stem.
 */
export function nameFragments(named: string): string[] {
  const stem = nameStem(named);
  if (stem === null) return [];
  const inner = stem.slice(1, 5).toLowerCase();
  return stem.length > 5 && inner.length === 4 ? [stem, inner] : [stem];
}
