/**
 * Chat habits of a payment chat that carry no payment word (issue 15 item 5, round 12): an invoice
 * acknowledged by «есть», «упали», a ✅ or an emoji; a sum «от» a customer; the invoice written
 * after the sum at the end of the line; a count times a sum («3×46 200», «2 по 30к») and the result
 * after «=»; invoices shortened to their last digits («6880, 81 и 82»); a sum corrected by naming
 * the wrong one after it («27 400, не 24 700»); a claim passed on; money we paid a carrier. Pure:
 * works on the parser's masked text and tokens (positions aligned with the message).
 */
import { endsAt, matchEndingAt, type Text, type Token } from './grammar';
import { isNeighbour, rangeAfter } from './lists';

/** A plain 3-7-digit number that is no sum, and none written as money. */
const PLAIN = String.raw`\d{3,7}(?![\d.,]|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))`;

/** A bare number token: not money-shaped, 3-7 digits. */
export function isBareNumber(a: Token, s: string): boolean {
  return !a.money && /^\d{3,7}$/.test(s.slice(a.start, a.end).trim());
}

const asInvoice = (a: Token, s: string): Token => ({
  kind: 'invoice',
  start: a.start,
  end: a.end,
  invoice: s.slice(a.start, a.end).trim(),
});

/**
 * Numbers that are no invoice of ours: a trip's «рейс № 9381», and a carrier's or supplier's own
 * invoice «по его счёту 9432» (money we paid on it, not money that came).
 */
export function maskChatDocuments(t: Text): void {
  t.mask(new RegExp(String.raw`(?<![\p{L}])рейс\p{L}*\s*(?:№\s*)?${PLAIN}`, 'gu'));
  // A request's or an order's number from a website or a CRM: «заявка с сайта 2417», «заказ с сайта
  // № 1182», «заявка в CRM 5531» — no invoice of ours.
  t.mask(
    new RegExp(
      String.raw`(?<![\p{L}])(?:заявк|заказ)\p{L}*\s+(?:с|на|из|в|через)\s+(?:сайт\p{L}*|crm|срм|битрикс\p{L}*|авито|почт\p{L}*)\s*(?:№\s*)?${PLAIN}`,
      'gu',
    ),
  );
  // A trip's rate, «ставка 92 000», is a price agreed, no money paid.
  t.mask(
    /(?<![\p{L}])ставк\p{L}*\s*[-:]?\s*\d{1,3}(?:[ ]\d{3})*(?:[.,]\d{1,2})?(?:\s?(?:тыс\p{L}*\.?|т\.?р\.?|к|руб\p{L}*\.?|р\.?|₽)(?![\p{L}]))?/gu,
  );
  t.mask(new RegExp(String.raw`(?<![\p{L}])(?:по\s+)?(?:его|ее)\s+сч\p{L}*\.?\s*(?:№\s*)?${PLAIN}`, 'gu'));
}

/** Emoji of good news a director puts after an invoice: ✅ ✔️ 👍 🔥 🙏 💪 🎉 🚀 💰 🤝. */
const GOOD = '✅✔☑👍🔥🙏💪🎉🚀💰🤝\uFE0F';
/** Words that acknowledge money without a payment verb: «4512 есть», «9412 упали», «9433 наконец-то». */
const ACK_WORD =
  '(?:есть|тоже|наконец(?:[- ]?то)?|упал[аио]?|капнул[аио]?|пришл[аио]|пришел|поступил[аио]?|зашл[аио]|зашел|закрыт[аоы]?)';
const RE_ACK_AFTER = new RegExp(
  String.raw`^[ \t]*(?:[-:][ \t]*)?(?:${ACK_WORD}(?![\p{L}])[ \t!.]*|[${GOOD}][ \t]*)+(?=$|\n|[,;])`,
  'u',
);
/** Words before an acknowledged number that make it something else: «на складе 2450 есть», «по 4512 есть?». */
const RE_NOT_A_NAME =
  /^(?:по|на|в|во|за|у|с|со|от|к|до|из|не|нет|ещ[её]|сч\p{L}*|заявк\p{L}*|рейс\p{L}*|ттн|вопрос\p{L}*|склад\p{L}*|остат\p{L}*|штук\p{L}*|шт)$/u;

/**
 * «6874 есть», «9412 упали 🔥», «уралхим 9433 наконец то 🙏», «6890 6891 6895 есть», «✅6830»: bare
 * numbers opening their line or clause (after a customer's name at most) and acknowledged right
 * after, or ticked before. `crossed`: the numbers a ❌ marks unpaid — no sum either.
 */
export function acknowledged(amounts: Token[], s: string): { acked: Token[]; crossed: Token[] } {
  const acked: Token[] = [];
  const crossed: Token[] = [];
  for (const [k, a] of amounts.entries()) {
    // A round «4000 ✅» is a sum ticked, no invoice.
    if (!isBareNumber(a, s) || (a.value ?? 0) % 100 === 0) continue;
    // Read back from the number (grammar.ts endsAt): testing the text before each number is quadratic in a long list.
    if (endsAt(/[✅✔☑]\uFE0F?[ \t]*$/u, s, a.start)) {
      acked.push(a);
      continue;
    }
    if (endsAt(/❌[ \t]*$/u, s, a.start)) {
      crossed.push(a);
      continue;
    }
    if (!RE_ACK_AFTER.test(s.slice(a.end))) continue;
    // The list this number closes: «6890 6891 6895 есть», «4410, 4411 есть».
    const list = [a];
    for (let j = k - 1; j >= 0; j--) {
      const prev = amounts[j] as Token;
      const head = list[0] as Token;
      if (!isBareNumber(prev, s) || !/^[ \t]*(?:,|и)?[ \t]*$/u.test(s.slice(prev.end, head.start))) break;
      list.unshift(prev);
    }
    const first = list[0] as Token;
    const from = Math.max(...['\n', ',', ';', ':'].map((c) => s.lastIndexOf(c, first.start - 1))) + 1;
    const lead = s.slice(from, first.start);
    // A customer's name at most, up to three words: «уралхим 9433 наконец то».
    if (!/^[ \t]*(?:[\p{L}][\p{L}-]*[ \t]+){0,3}$/u.test(lead)) continue;
    if (
      lead
        .trim()
        .split(/\s+/)
        .some((w) => RE_NOT_A_NAME.test(w))
    )
      continue;
    for (const x of list) if (!acked.includes(x)) acked.push(x);
  }
  return { acked, crossed };
}

/** «от Екб до Перми», «от двери до двери»: a route. */
const RE_ROUTE = /(?<![\p{L}])от\s+[\p{L}"-]+(?:\s+[\p{L}"-]+)?\s+до(?![\p{L}])/u;

/**
 * «+ 86к от уралхим», «48,6 тр от тюмени»: a money-shaped sum «от» someone (not «от прайса», not
 * «счёт на 48 000 от …»), or a line opening with «+» and a sum, is money that came in.
 */
export function sumFromSomeone(amounts: Token[], s: string): boolean {
  return amounts.some((a) => {
    if (!a.money) return false;
    const before = s.slice(Math.max(0, a.start - 30), a.start);
    if (/(?:^|\n)[ \t]*\+[ \t]*$/u.test(before)) return true;
    if (/(?<![\p{L}])(?:на|сумм\p{L}*|скидк\p{L}*|цен\p{L}*|кп|сч\p{L}*|долг\p{L}*|ставк\p{L}*)\s*$/u.test(before))
      return false;
    const after = s.slice(a.end);
    // «90 000 от Екб до Перми», «от двери до двери»: a route priced, no payer.
    if (RE_ROUTE.test(after.slice(0, 40))) return false;
    return /^\s+от\s+(?!нас|себя|прайс|цен|стоимост|сумм|ставк|суммы)[\p{L}"]/u.test(after);
  });
}

/** «+98 400 самфреш 2377»: a line opened by a signed sum, then the payer's name (up to three words). */
const RE_SIGNED_SUM_NAME =
  /^[ \t]*\+[ \t]?\d[\d \u00a0.,]*(?:[ \t]?(?:к|тыс\.?|т\.?р\.?|тыр|руб\.?|р\.?|₽))?[ \t]+(?:[\p{L}][\p{L}-]*[ \t]+){1,3}$/u;

/**
 * «48,6 тр от тюмени, 9448», «1.850.000 от ЮГРЫ 🚀 9463», «точно 92 118,40 — 6823», «это всё 9407»,
 * «2 по 30к от ветлугина, 9398 и 9399»: with no invoice found, the bare numbers closing a line (or a remark in words
 * after a comma) after a money-shaped sum on it name the invoices.
 */
export function invoicesAfterSum(amounts: Token[], s: string): Token[] {
  for (const [k, a] of amounts.entries()) {
    if (!isBareNumber(a, s)) continue;
    const lineStart = s.lastIndexOf('\n', a.start - 1) + 1;
    if (!amounts.some((m) => m.money && m.start >= lineStart && m.end <= a.start)) continue;
    // «90 000 от Екб до Перми, 5530»: a route priced, the number may be anything.
    if (RE_ROUTE.test(s.slice(lineStart, a.start))) continue;
    if (
      !new RegExp(String.raw`(?:[,;-]|(?<![\p{L}])это(?:\s+вс[её])?|[${GOOD}])\s*$`, 'u').test(
        s.slice(lineStart, a.start),
      ) &&
      !(a.start - lineStart < 80 && RE_SIGNED_SUM_NAME.test(s.slice(lineStart, a.start)))
    )
      continue;
    const list = [a];
    for (let j = k + 1; j < amounts.length; j++) {
      const cur = amounts[j] as Token;
      const prev = list[list.length - 1] as Token;
      const id = (x: Token): string => s.slice(x.start, x.end).trim();
      if (
        !isBareNumber(cur, s) ||
        !/^\s*(?:,|и)\s*$/u.test(s.slice(prev.end, cur.start)) ||
        !isNeighbour(id(a), id(cur))
      )
        break;
      list.push(cur);
    }
    const last = list[list.length - 1] as Token;
    // The line ends there, or a remark in words follows after a comma: «полляма от Ромба пришло, 163, аванс за …».
    if (!new RegExp(String.raw`^(?:[ \t.!)${GOOD}]*(?:\n|$)|[ \t]*,[ \t]*\p{L})`, 'u').test(s.slice(last.end)))
      continue;
    return list.map((x) => asInvoice(x, s));
  }
  return [];
}

/**
 * «3×46 200», «2 по 30к»: a small count right before a sum multiplies it (the count is no sum). A
 * sum after «=» is the result of what its line says before it («3 рейса × 41 500 = 124 500», «1 420
 * км по 62 р = 88 040»): the figures before it on the line go.
 */
export function countsAndResults(amounts: Token[], s: string): Token[] {
  const out = amounts.map((a) => {
    if (!a.money) return a;
    const m =
      matchEndingAt(/(?<![\p{L}\d.,~])(\d{1,2})[ \t]*[×xх*][ \t]*$/u, s, a.start) ??
      matchEndingAt(/(?<![\p{L}\d.,~])([2-9])[ \t]+по[ \t]+$/u, s, a.start);
    const n = Number(m?.[1]);
    if (!m || !(n >= 2)) return a;
    return { ...a, value: Math.round((a.value ?? 0) * n * 100) / 100 };
  });
  const drop = new Set<Token>();
  for (const r of out) {
    if (!r.money || !endsAt(/=[ \t]*$/u, s, r.start)) continue;
    // From the clause's start: «по 7732 пришло: 2 рейса × 35 000 = 70 000» keeps the invoice.
    const from = clauseStart(s, r.start);
    // A product only: «9420 (6 200) + 9421 (3 800) = 10 000» is a breakdown the parser pairs itself.
    const expr = s.slice(from, r.start);
    // (the masks may have blanked the unit price right before «=»: «1 420 км по 62 р = …»)
    if (!/[×xх*]|(?<![\p{L}])по(?![\p{L}])|~[ \t]*=[ \t]*$/u.test(expr) || expr.includes('+')) continue;
    // The figures of the product go; a bare number that may be the invoice stays («по 1180 = 41 700»).
    for (const a of out) if (a !== r && a.start >= from && a.end <= r.start && !isBareNumber(a, s)) drop.add(a);
  }
  return out.filter((a) => !drop.has(a));
}

/** Where the clause holding `at` starts: after the last line break, or «,» «:» «;» before a blank. */
function clauseStart(s: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    const c = s[i];
    if (c === '\n' || ((c === ',' || c === ':' || c === ';') && /\s/u.test(s[i + 1] ?? ''))) return i + 1;
  }
  return 0;
}

/**
 * «6880, 81 и 82», «оплатили 5120, 21, 22»: after a plain invoice of four digits or more, two-digit
 * tails counting up from its own last two digits are the next invoices of the same hundred. A series' invoice
 * («2611-033 и 034», «З26-0061, 0062», «КЛ-11-118 и 19») is shortened to its number's last group, whole or its tail.
 */
export function shortenedTails(invoices: Token[], s: string): Token[] {
  const out: Token[] = [];
  const tail =
    /^(?:[ \t]*,[ \t]*|[ \t]+и[ \t]+)(\d{2,4})(?![\d]|[.,]\d|[ ]\d{3}|[ \t]*(?:тыс|т\.?р|к|руб|р\.|₽|%|млн|лям|шт|т|кг)(?![\p{L}]))/u;
  for (const inv of invoices) {
    const id = inv.invoice ?? '';
    // The number's last group, after a series' letters, year or month («2611-», «З26-», «КЛ-11-»).
    const group = /^\d{4,7}$/.test(id) ? id : (/^[\p{L}\d-]*[-/](\d{3,7})$/u.exec(id)?.[1] ?? '');
    if (!group) continue;
    const series = id.length > group.length;
    let pos = inv.end;
    const found: Token[] = [];
    for (let m = tail.exec(s.slice(pos)); m; m = tail.exec(s.slice(pos))) {
      // «124680 и 681»: a six-digit invoice shortened to its last three digits; «4410, 11» to two.
      const digits = (m[1] ?? '').length;
      const whole = series && digits === group.length;
      if (!whole && (digits > 3 || group.length - digits < (series ? 1 : digits === 3 ? 3 : 2))) break;
      const prev = Number((found[found.length - 1]?.invoice ?? id).slice(-digits));
      const n = Number(m[1]);
      if (n <= prev || n - prev > 3) break;
      const end = pos + m[0].length;
      found.push({ kind: 'invoice', start: end - digits, end, invoice: id.slice(0, -digits) + m[1] });
      pos = end;
    }
    // The list ends there: a dash, a comma, the line's end, or the word saying they are paid («… и 015 оплачены»).
    if (found.length && /^[ \t]*(?:[-:,.]|\n|$|(?:оплач|оплат|пришл|поступ|закрыт)\p{L}*)/u.test(s.slice(pos)))
      out.push(...found);
  }
  return out;
}

/**
 * «27 400, не 24 700 как я утром написал»: the sum named after «, не» is the wrong one; «38 750,
 * правильно 38 570» — the one before «правильно» is; «выше писал 48 400 — неправильно» — the one
 * called wrong is.
 */
export function correctedSums(amounts: Token[], s: string): Token[] {
  const drop = new Set<Token>();
  for (const [k, b] of amounts.entries()) {
    const a = amounts
      .slice(0, k)
      .reverse()
      .find((x) => x.money);
    // «44 800, выше писал 48 400 — неправильно»: a sum said to be wrong right after it is none.
    if (b.money && /^[ \t]*[-—:,]?[ \t]*(?:неправильн|неверн|ошибочн|не\s+т(?:а|у)\s+сумм)\p{L}*/u.test(s.slice(b.end)))
      if (amounts.some((x) => x !== b && x.money)) drop.add(b);
    if (!b.money || !a) continue;
    const before = s.slice(a.end, b.start);
    if (/^[ \t]*,[ \t]*не[ \t]+$/u.test(before) && !/^\s*,?\s*а(?![\p{L}])/u.test(s.slice(b.end))) drop.add(b);
    if (/,[ \t]*(?:правильно|правильная\s+сумма|верно|вернее|на\s+самом\s+деле)[ \t:-]*$/u.test(before)) drop.add(a);
  }
  return amounts.filter((a) => !drop.has(a));
}

/**
 * «Пышма-метиз пишут что оплатили 9403, проверьте», «ИП Мельникова пишет что оплатила МД-91158», «Атриум
 * пишет "остаток по 10-144 оплатили вчера"», a customer's letter forwarded asking us to confirm: a claim
 * passed on, no payment until one of ours says the money is there.
 */
/**
 * «Переслано от Ирина (Ромб):\nДобрый день! Оплатили счёт 512 …», «Пересылаю от бухгалтера Ромба: «Оплатили счета …»»: a
 * customer's own words forwarded — a greeting or an opening quote, then «(мы) оплатили / оплату провели» in the first
 * person, plural or singular («Перевёл 15 000 за …, проверьте»: a private customer writes for himself). Not a colleague's word forwarded («Переслано от Ольга:\nРомб оплатил 512») nor a bank's notice
 * («Пересылаю из Т-Бизнеса: «Поступление …»»).
 */
const RE_FORWARDED_CUSTOMER_CLAIM =
  /(?<![\p{L}])(?:переслано|пересылаю)\s+от\s[^\n"]{1,80}[:\n]\s*(?:"\s*)?(?:(?:добрый\s+(?:день|вечер)|доброе\s+утро|здравствуйте)[\s!,.]*)?(?<=["!]\s*|[!,.]\s+)(?:мы\s+|я\s+)?(?:(?:о|про)платил[иа]?|оплату\s+(?:провел[иа]?|произвел[иа]?)|перев[её]л[иа]?|перечислил[иа]?|отправил[иа]?)(?![\p{L}])/u;

export function claimPassedOn(norm: string): boolean {
  return (
    /(?<![\p{L}])(?:пишут|пишет|написал[аи]?|говорят|сообщают|сообщает|утверждают|утверждает)\s*[,:]?\s*(?:что\s+|["«„]\s*)(?:[\p{L}\d-]+\s+){0,3}(?:(?:о|за|пере)?плат|перев[её]л|перечислил|отправил)\p{L}*/u.test(
      norm,
    ) ||
    /(?<![\p{L}])переслано\s+от[\s\S]*(?:просим|прошу)\s+(?:подтвердить|подтверждени)/u.test(norm) ||
    RE_FORWARDED_CUSTOMER_CLAIM.test(norm)
  );
}

/**
 * «перевозчику шамсутдинову скинули 64к»: a carrier, supplier or subcontractor named in the dative
 * before the verb is whom we paid — unless the message also says money came in.
 */
export function paidToCarrier(norm: string): boolean {
  return (
    /(?<![\p{L}])(?:перевозчик|подрядчик|субподрядчик|поставщик)(?:у|ам)\s+(?:[\p{L}-]+\s+){0,2}(?:скинул|отдал|перевел|перечислил|оплатил|заплатил|отправил)\p{L}*/u.test(
      norm,
    ) && !/(?<![\p{L}])(?:пришл\p{L}*|пришел|поступил\p{L}*|упал\p{L}*|зачислен\p{L}*)(?![\p{L}])/u.test(norm)
  );
}

/** «закрыли 6866-6869», «оплатили 4520-4522»: a range after a payment word, every invoice in it. */
export function rangeAfterPaid(amounts: Token[], s: string): Token[] {
  for (const a of amounts) {
    if (!isBareNumber(a, s)) continue;
    if (
      !/(?<![\p{L}])(?:закрыл\p{L}*|закрыт\p{L}*|оплатил\p{L}*|оплачен\p{L}*)\s*(?:сч\p{L}*\.?\s*)?$/u.test(
        s.slice(0, a.start),
      )
    )
      continue;
    const rest = rangeAfter(a, s);
    if (rest.length) return [asInvoice(a, s), ...rest];
  }
  return [];
}

/**
 * «магнит 9401 и 9409, лента 6897, пятёрочка 6899 — всё по полной»: with no sum written, a bare
 * number after a customer's name opening a comma's part, as long as a named invoice, is one too.
 */
export function namedCustomerInvoices(amounts: Token[], invoices: Token[], s: string): Token[] {
  if (invoices.length === 0 || amounts.some((a) => a.money)) return [];
  const lengths = new Set(invoices.map((i) => (i.invoice ?? '').length));
  return amounts
    .filter(
      (a) =>
        isBareNumber(a, s) &&
        lengths.has(a.end - a.start) &&
        /[\n,;:][ \t]*[\p{L}][\p{L}-]*[ \t]+$/u.test(s.slice(0, a.start)) &&
        !RE_NOT_A_NAME.test(/([\p{L}-]+)[ \t]+$/u.exec(s.slice(0, a.start))?.[1] ?? '') &&
        !/(?:плат|плач|пришл|пришел|поступ|зачисл|перев|упал)\p{L}*[ \t]+$/u.test(s.slice(0, a.start)),
    )
    .map((a) => asInvoice(a, s));
}

/** «7 тыс. 240 руб. 60 коп.»: the kopecks said after the roubles belong to the same sum. */
export function withKopecks(amounts: Token[], s: string): Token[] {
  const out: Token[] = [];
  let skipUntil = -1;
  for (const a of amounts) {
    if (a.start < skipUntil) continue;
    const m = a.money ? /^[ \t]*(?:руб\p{L}*\.?|р\.)[ \t]*(\d{1,2})[ \t]*коп/u.exec(s.slice(a.end)) : null;
    if (m && !/коп/u.test(s.slice(a.start, a.end))) {
      skipUntil = a.end + m[0].length;
      out.push({ ...a, end: skipUntil, value: Math.round(((a.value ?? 0) + Number(m[1]) / 100) * 100) / 100 });
    } else out.push(a);
  }
  return out;
}

/** «6852.....48 600»: dot leaders between an invoice and its sum, blanked (same length). */
export function blankDotLeaders(norm: string): string {
  return norm.replace(/(?<=\d)\.{3,}(?=[ \t]*\d)/g, (d) => ' '.repeat(d.length));
}

/** A figure alone on its line under a rule («———», «=====»): the total of the list above. */
export function totalUnderRule(a: Token, s: string): boolean {
  const lineStart = s.lastIndexOf('\n', a.start - 1) + 1;
  const next = s.indexOf('\n', a.end);
  if (s.slice(lineStart, a.start).trim() || s.slice(a.end, next < 0 ? s.length : next).trim()) return false;
  const prevStart = s.lastIndexOf('\n', lineStart - 2) + 1;
  return /^[ \t]*[-=_]{3,}[ \t]*$/u.test(s.slice(prevStart, lineStart - 1));
}

/**
 * A part said after the money in chat: «рефснаб 9392 пришло, 1/3» (a fraction after the arrival
 * word and a comma), «капнуло 12к, ещё 30 висит» (the rest still owed).
 */
export function partSaidAfter(text: string): boolean {
  const fraction =
    /(?:оплач\p{L}*|(?:о|за|пере)плат\p{L}*|пришл\p{L}*|пришел|поступил\p{L}*|упал\p{L}*)\s*,\s*([1-9])\/([2-9])(?![\d/.])/u.exec(
      text,
    );
  if (fraction && Number(fraction[1]) < Number(fraction[2])) return true;
  // With its sum: «1618 ещё висит» says another invoice is unpaid, no part of this one.
  return /(?<![\p{L}])(?:ещ[её]|остал\p{L}*|остаток)\s+\d{1,3}(?:[ ]\d{3})*(?:[.,]\d+)?(?:\s?(?:к|тыс\p{L}*\.?|т\.?р\.?)(?![\p{L}]))?\s+вис(?:ит|ят)(?![\p{L}])/u.test(
    text,
  );
}

/** «…, вторую после сверки»: a clause about the second (third, last) one, promised, leaves this a part. */
export const RE_NEXT_ONE = /^\s*(?:а\s+)?(?:втор|трет|четверт|последн)\p{L}*(?![\p{L}])/u;

/**
 * «за неделю пришло 2 348 000», «за месяц поступило 5,4 млн»: a period's summary, no announcement
 * (not when it names the invoice: «по 5520 за неделю пришло 40 000»).
 */
export function periodSummary(norm: string): boolean {
  return (
    /(?<![\p{L}])за\s+(?:эт\p{L}*\s+|прошл\p{L}*\s+|вс\p{L}*\s+)?(?:недел|месяц|квартал|год)\p{L}*\s+(?:пришл|поступил|зачислен|оплатил)\p{L}*/u.test(
      norm,
    ) && !/(?<![\p{L}])(?:по|сч\p{L}*\.?)\s*(?:№\s*)?\d{3,}/u.test(norm)
  );
}

/**
 * «все закрыли 👍», «всё по полной», «всё полностью» closing a list of customers and sums (or
 * invoices): everything named is paid. Needs something named; «все закрыли смену» names nothing.
 */
export const RE_ALL_PAID =
  /(?<![\p{L}])(?:вс[её]\s+(?:закрыл[аи]?|закрыт[оы]?|по\s+полной|полностью)|закрыл[аи]?\s+вс[её])(?![\p{L}])(?=[\s!.👍✅🔥🙏]*$)/u;

/**
 * A push with the sign and the sum on one line and the sender on the next: «Перевод по СБП +7 500 ₽
 * ⏎ от Алексей Петрович Л.» — money in, whatever the message says it was for.
 */
export const RE_SIGNED_THEN_FROM =
  /(?<![\d\p{L}])\+\s?(?:\d{1,3}(?:[ ]\d{3})+|\d{1,9})(?:[.,]\d{1,2})?\s?(?:₽|руб\p{L}*\.?|р\.?|rub)(?![\p{L}])[^\n]{0,40}\n\s*от\s+\p{L}/u;

/**
 * «Исполнено п/п № 918 на 64 000,00 руб. Получатель: ИП …», «платёж исполнен …, получатель …»: our
 * own payment order carried out — money out.
 */
export function ownOrderExecuted(norm: string): boolean {
  return (
    /(?<![\p{L}])(?:исполнен\p{L}*\s+(?:п\/п|плат[её]ж\p{L}*|платежн\p{L}*\s+поручени\p{L}*)|(?:п\/п|плат[её]ж\p{L}*)(?:\s+№?\s*\d+)?\s+исполнен\p{L}*)/u.test(
      norm,
    ) && /(?<![\p{L}])получател\p{L}*\s*:?\s+\S/u.test(norm)
  );
}

/** «удержали 4 500 штраф»: the fine the customer withheld from its payment, no fine of ours. */
export function fineWithheld(before: string): boolean {
  return /(?<![\p{L}])удержа\p{L}*\s+(?:\d{1,3}(?:[ ]\d{3})*(?:[.,]\d{1,2})?(?:\s?(?:руб\p{L}*\.?|р\.?|₽|к)(?![\p{L}]))?\s+)?$/u.test(
    before,
  );
}
