/**
 * Chat where one person asks or passes a customer's claim on and one of ours answers that the money
 * came: «> Стройлес говорит оплатили 4410\nДа, вижу в Сбере, 18 250», «Сергей: клиент говорит что
 * оплатил …\nОльга: пришло 22 400», «…по 4471 что-нибудь было?\n— да, 150 000 упало». The claim or
 * the question names the invoice; the answer says the money is here. Pure: this module only splits
 * the text and tells whether the answer confirms; parse.ts reads them (as it reads replies.ts's).
 */
import type { Reply } from './replies';
import { normalise } from './vocabulary';

/** «> …» lines opening the message, then the answer. */
const RE_QUOTE_LINES = /^((?:[ \t]*>[^\n]*(?:\n|$))+)([\s\S]*)$/u;

/**
 * A customer's word passed on, or its paper shown: «Вектор говорит оплатили 4410», «пишут что
 * перевели», «скинули скрин платежки по 6610», «платёжку отправили по 5521».
 */
const RE_CLAIM =
  /(?<![\p{L}])(?:говор\p{L}*|пиш(?:ет|ут)|написал\p{L}*|сообщ\p{L}*|утвержда\p{L}*|скрин\p{L}*|платежк\p{L}*|платёжк\p{L}*|п\/п)(?![\p{L}])/u;

/**
 * A line that opens one person's message in a copied dialogue: «Сергей: …», «[09:12] Игорь Петров: …»,
 * «Бухгалтерия Ирина: …» (up to four words before the colon, the first capitalised).
 */
const RE_SPEAKER =
  /^[ \t]*(?:\[\d{1,2}:\d{2}(?::\d{2})?\][ \t]*)?\p{Lu}[\p{L}.-]*(?:[ \t]+[\p{L}.-]+){0,3}[ \t]*:[ \t]+(?=\S)/gmu;

/**
 * A message forwarded with its header («Переслано от Юлия Кротова:», «Пересланное сообщение»,
 * «Forwarded from …»), then, after a blank line, one of ours answering it.
 */
const RE_FORWARDED =
  /^[ \t]*(?:переслано\s+от|пересланное\s+сообщение|forwarded\s+(?:from|message))[^\n]*\n([\s\S]*)\n[ \t]*\n([\s\S]*\S[\s\S]*)$/iu;

/** An answer line opened by a dash under a question: «— да, сегодня 150 000 упало на втб». */
// `[^\n?]`: from each «?» only to the next one, so a line of many «?» is read once, not once per «?».
const RE_DASH_ANSWER = /\?[^\n?]*\n[ \t]*[—–-][ \t]*(?=\S)/u;

/** Money come in, said by one who sees the account: «пришло», «упало», «поступили», «зашли», «вижу». */
const RE_CAME =
  /(?<![\p{L}])(?:пришл[аои]|пришел|пришёл|поступил[аои]?|упал[аои]?|зашл[аои]|зашел|зашёл|прилетел[аои]?|капнул[аои]?|зачислен[оаы]?|вижу|видим)(?![\p{L}])/u;
/** Anything in the answer that says no or not yet. */
const RE_NOT_YET = /(?<![\p{L}])(?:не|нет|пока|ещ[её]|ничего|пусто|тишина|никто)(?![\p{L}])/u;
/** The question or the claim is about money. */
const RE_MONEY_TOPIC =
  /(?<![\p{L}])(?:(?:о|за|пере|про|до)?плат\p{L}*|оплач\p{L}*|деньг\p{L}*|денег|перев[её]л\p{L}*|перечисл\p{L}*|был[аои]?)(?![\p{L}])/u;
/** A money-shaped sum: «22 400», «12 600,00», «150 000», «46к», «23 тыр». */
const RE_SUM =
  /(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d{1,2})?(?!\d)|(?<![\d.,])\d+(?:[.,]\d{1,2})?\s*(?:₽|руб\p{L}*|р\.|к|тыс\p{L}*|тр|т\.р\.?|тыр)(?![\p{L}])/u;

/**
 * A claim quoted with «>» (no question, so replies.ts leaves it), a message forwarded and answered
 * after a blank line, a dialogue copied with its speakers' names, or a question with a dashed answer under it: the last message is the answer, all before it
 * the quote. Null for any other text.
 */
export function splitDialogue(text: string): Reply | null {
  const quoted = RE_QUOTE_LINES.exec(text);
  if (quoted) {
    const quote = (quoted[1] ?? '').replace(/^[ \t]*>[ \t]?/gmu, '');
    const reply = (quoted[2] ?? '').trim();
    return reply && RE_CLAIM.test(normalise(quote)) ? { quote, reply } : null;
  }
  const forwarded = RE_FORWARDED.exec(text);
  if (forwarded) return { quote: forwarded[1] ?? '', reply: (forwarded[2] ?? '').trim() };
  const dash = RE_DASH_ANSWER.exec(text);
  if (dash) {
    const at = dash.index + dash[0].length;
    const cut = text.lastIndexOf('\n', at - 1);
    return { quote: text.slice(0, cut), reply: text.slice(at).trim() };
  }
  const heads = [...text.matchAll(RE_SPEAKER)];
  if (heads.length < 2 || (heads[0]?.index ?? 1) !== 0) return null;
  const bodies = heads.map((h, k) => text.slice(h.index + h[0].length, heads[k + 1]?.index ?? text.length).trim());
  const reply = bodies[bodies.length - 1] ?? '';
  return reply ? { quote: bodies.slice(0, -1).join('\n'), reply } : null;
}

/**
 * The answer says the money came («пришло 22 400», «да, вижу в Альфе, 36 912,40», «пришли вчера,
 * полностью»), with no «не»/«пока» in its first line — about money: the question or claim speaks of
 * paying, or the answer names a sum («да, машина пришла» to «отгрузили?» is no payment).
 */
export function confirmsArrival({ quote, reply }: Reply): boolean {
  const first = normalise(reply.split('\n')[0] ?? '');
  if (!RE_CAME.test(first) || RE_NOT_YET.test(first)) return false;
  return RE_MONEY_TOPIC.test(normalise(quote)) || RE_SUM.test(first);
}
