/**
 * Sums written in Russian words: «восемь тысяч пятьсот», «сто двадцать тысяч», «полтора миллиона»,
 * «Сорок восемь тысяч пятьсот рублей 00 копеек» (the way a payment order spells the sum out).
 *
 * Our own code, not a library: npm has Russian number→words packages (number-to-words-ru, used by
 * the tests to check this module both ways) but no kept words→number parser for Russian; the
 * grammar is small and closed (units, teens, tens, hundreds, thousand, million, «полтора»).
 *
 * Pure. Works on text already lower-cased with «ё» folded (see normalise in parse.ts) and returns
 * spans in that text, so the caller can mask them.
 */

const UNITS: Record<string, number> = {
  ноль: 0,
  один: 1,
  одна: 1,
  одну: 1,
  одно: 1,
  два: 2,
  две: 2,
  три: 3,
  четыре: 4,
  пять: 5,
  шесть: 6,
  семь: 7,
  восемь: 8,
  девять: 9,
  десять: 10,
  одиннадцать: 11,
  двенадцать: 12,
  тринадцать: 13,
  четырнадцать: 14,
  пятнадцать: 15,
  шестнадцать: 16,
  семнадцать: 17,
  восемнадцать: 18,
  девятнадцать: 19,
  двадцать: 20,
  тридцать: 30,
  сорок: 40,
  пятьдесят: 50,
  шестьдесят: 60,
  семьдесят: 70,
  восемьдесят: 80,
  девяносто: 90,
  сто: 100,
  двести: 200,
  триста: 300,
  четыреста: 400,
  пятьсот: 500,
  шестьсот: 600,
  семьсот: 700,
  восемьсот: 800,
  девятьсот: 900,
  полтора: 1.5,
  полторы: 1.5,
  пол: 0.5, // «пол-ляма», «пол тысячи»: only before a scale
};

const SCALES: Array<[RegExp, number]> = [
  // The spoken forms too: «сто двадцать тыщ», «сорок косарей», «два лимона» (slang).
  [/^(?:тысяч[аиу]?|тыс\.?|тыщ\p{L}*|косар\p{L}*)$/u, 1_000],
  [/^(?:миллион(?:а|ов)?|млн\.?|лям(?:а|ов)?|лимон(?:а|ов)?)$/u, 1_000_000],
];
/** One word for half a scale: «полляма», «поллимона», «полмиллиона». */
const HALF_SCALE = /^пол(ляма|лимона|миллиона|тысячи)$/;

/**
 * Round sums said as a noun: «скинул двадцатку» is 20 000 roubles, «трёшку», «пятёрку» 3 000 and
 * 5 000, «полтинник» 50 000. Only the ones the chat uses for thousands; «пятихатка» is left out,
 * its scale is unclear.
 */
const ROUND_NOUNS: Array<[RegExp, number]> = [
  [/^тр[её]шк[аиуе]$/, 3_000], // «оплатили трёшку»
  [/^пят[её]рк[аиуе]$/, 5_000], // «закинула пятёрку по 7616»
  [/^десятк[аиуе]$/, 10_000],
  [/^двадцатк[аиуе]$/, 20_000],
  [/^тридцатк[аиуе]$/, 30_000],
  [/^сотк[аиуе]$/, 100_000], // «сотка от таватуя упала»: in a payment chat a hundred thousand, never a hundred roubles
  // «скинули полтинник по 1320», «закинул полтос»: as «сотка», in a payment chat half of it — 50 000, never 50 roubles.
  [/^(?:полтинник|полтос|полтишок)[аиуе]?$/, 50_000],
];

/** The rank of a word inside one group of three digits: hundreds 3, tens 2, teens/units 1. */
function rank(v: number): number {
  if (v >= 100) return 3;
  if (v >= 20) return 2;
  return 1;
}

export interface WordSum {
  start: number;
  end: number;
  value: number;
}

const WORD = /[\p{L}]+\.?/gu;
/** What may follow the number words and still belong to the sum: «рублей 00 копеек», «руб. 50 коп.». */
const TAIL = /^(?:\s*\)?\s*(?:рубл\p{L}*|руб\.?|р\.)(?:\s*(\d{1,2})\s*коп\p{L}*\.?)?)/u;

/** «пятьдесят копеек», «двадцать пять коп.» said after the roubles: the kopecks (1–99) and the length read. */
function wordKopecks(rest: string): { value: number; length: number } | null {
  const m = /^\s+((?:[\p{L}]+\s+){1,2}?)коп\p{L}*\.?/u.exec(rest);
  const words = m?.[1] ?? '';
  const run = m ? findWordSums(words, 1)[0] : undefined;
  if (!m || !run || run.start !== 0 || run.end !== words.trimEnd().length || run.value >= 100) return null;
  return { value: run.value, length: m[0].length };
}

/**
 * Every run of number words worth at least `min` (default 100: «два счета», «три дня» are not
 * sums). A run breaks where the grammar breaks («пятьсот восемь тысяч сто» is one run; «пять пять»
 * is two), so a malformed run never becomes one wrong big number.
 */
export function findWordSums(s: string, min = 100): WordSum[] {
  const out: WordSum[] = [];
  const tokens: Array<{ start: number; end: number; word: string }> = [];
  for (let m = WORD.exec(s); m; m = WORD.exec(s))
    tokens.push({ start: m.index, end: m.index + m[0].length, word: m[0] });

  let i = 0;
  while (i < tokens.length) {
    const run = readRun(tokens, i, s);
    if (!run) {
      i++;
      continue;
    }
    // «2 ляма», «5 тыс»: a scale word right after digits is theirs (the digits' grammar reads it).
    const afterDigits =
      SCALES.some(([re]) => re.test(tokens[i]?.word ?? '')) &&
      (/\d/.test(s[run.start - 1] ?? '') ||
        (/[ \t]/.test(s[run.start - 1] ?? '') && /\d/.test(s[run.start - 2] ?? '')));
    if (run.value >= min && !afterDigits) {
      let end = run.end;
      let value = run.value;
      const thousands = millionsTail(s, s.slice(run.start, end), end); // «лям 245»
      if (thousands) {
        end = thousands.end;
        value += thousands.value;
      }
      const tail = TAIL.exec(s.slice(end));
      if (tail) {
        end += tail[0].length;
        if (tail[1]) value += Number(tail[1]) / 100;
        else {
          const kopecks = wordKopecks(s.slice(end)); // «… четыреста рублей пятьдесят копеек»
          end += kopecks?.length ?? 0;
          value += (kopecks?.value ?? 0) / 100;
        }
      }
      out.push({ start: run.start, end, value: Math.round(value * 100) / 100 });
    }
    i = run.next;
  }
  return out;
}

/**
 * «2 лям 160», «лям 245», «3 млн 400»: two or three digits right after the millions' word are its
 * thousands, the way «71 тыс 300» has its hundreds after the thousands (not «1 млн 200 тыс», whose
 * thousands say so themselves, nor «лям 5 счетов»). `raw`: the sum read so far, ending in its scale.
 * The value returned is in roubles, to add.
 */
export function millionsTail(s: string, raw: string, end: number): { end: number; value: number } | null {
  if (!/(?<![\p{L}])(?:млн\.?|миллион\p{L}*|лям\p{L}*|лимон\p{L}*)\s*$/u.test(raw)) return null;
  const m =
    /^[ \t]?(\d{2,3})(?![\d.,]|[ \t]*(?:%|(?:тыс|тыщ|т\.?р|к|т|тн|тонн|шт|кг|г|км|м|л|сч|счет|сч[её]т|раз|дн|мес|год|лет|шт)\p{L}*(?![\p{L}])))/u.exec(
      s.slice(end),
    );
  if (!m?.[1]) return null;
  return { end: end + m[0].length, value: Number(m[1]) * 1000 };
}

function readRun(
  tokens: Array<{ start: number; end: number; word: string }>,
  from: number,
  s: string,
): { start: number; end: number; value: number; next: number } | null {
  let total = 0;
  let group = 0;
  let lastRank = 4; // a new group may start with any rank
  let lastScale = Infinity;
  let i = from;
  let end = -1;
  let half = false; // «полтора» takes a scale and nothing else
  let slang = false; // the last scale was «лям»/«лимон»
  for (; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok) break;
    if (end >= 0 && !/^[\s-]*$/.test(s.slice(end, tok.start))) break; // words must be adjacent
    const w = tok.word;
    // «восемь с половиной тысяч»: half a unit more, then only a scale may follow.
    if (w === 'с' && tokens[i + 1]?.word === 'половиной' && group > 0 && !half && end >= 0) {
      group += 0.5;
      half = true;
      lastRank = 0;
      end = tokens[i + 1]?.end ?? end;
      i++;
      continue;
    }
    const round = ROUND_NOUNS.find(([re]) => re.test(w))?.[1];
    if (round !== undefined) {
      if (end >= 0) break; // a noun sum stands alone
      return { start: tok.start, end: tok.end, value: round, next: i + 1 };
    }
    const halfScale = HALF_SCALE.exec(w)?.[1];
    const unit = halfScale ? 0.5 : (UNITS[w] ?? UNITS[w.replace(/\.$/, '')]);
    const scale = SCALES.find(([re]) => re.test(halfScale ?? w))?.[1];
    if (halfScale && scale !== undefined) {
      if (group !== 0 || half || scale >= lastScale) break;
      total += 0.5 * scale;
      lastRank = 4;
      lastScale = scale;
      end = tok.end;
      continue;
    }
    if (unit !== undefined) {
      if (half) break;
      if (unit === 1.5 || unit === 0.5) {
        if (group !== 0) break;
        half = true;
        group = unit;
        lastRank = 0;
        end = tok.end;
        continue;
      }
      const r = rank(unit);
      // «четыре пятьсот», «сорок две восемьсот»: dictated with «тысяч» dropped — a first group under a
      // hundred right before a hundreds word is the thousands.
      if (r === 3 && lastScale === Infinity && total === 0 && group >= 1 && group < 100 && Number.isInteger(group)) {
        total = group * 1_000;
        group = unit;
        lastRank = 3;
        lastScale = 1_000;
        end = tok.end;
        continue;
      }
      if (r >= lastRank) break; // «пять пять», «двадцать сто»
      if (r === 1 && unit >= 10 && lastRank <= 2) break; // «двадцать двенадцать»
      group += unit;
      lastRank = unit >= 10 && unit < 20 ? 0 : r; // after a teen nothing else in the group
      end = tok.end;
      continue;
    }
    if (scale !== undefined) {
      if (scale >= lastScale) break;
      if (end < 0 && !/^(?:тысяч[ау]|миллион|лям|лимон)$/.test(w)) break; // «тысячи клиентов», a lone «тыс»
      total += (group === 0 ? 1 : group) * scale;
      slang = /^(?:лям|лимон)/u.test(w);
      group = 0;
      half = false;
      lastRank = 4;
      lastScale = scale;
      end = tok.end;
      continue;
    }
    break;
  }
  if (end < 0) return null;
  const first = tokens[from];
  if (!first) return null;
  // «лям сорок», «два ляма двести»: after the slang millions the number said is its thousands
  // (a payment order spells «один миллион сорок рублей» out in full, so only the slang reads so).
  if (slang && lastScale === 1_000_000 && group > 0 && group < 1000 && Number.isInteger(group)) group *= 1000;
  return { start: first.start, end, value: total + group, next: Math.max(i, from + 1) };
}
