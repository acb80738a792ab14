/**
 * A reply to a quoted question: «> по 6228 деньги пришли?\nда, пришли, 57 300», «В ответ на
 * «7132 оплатили?»\nда, 8 000». The question names the invoice, the reply says whether and how
 * much; neither alone is the announcement. Pure: this module only splits the message and turns
 * the question into the statement the reply confirms; parse.ts reads them.
 */
import { normalise, RE_PAID_NOW } from './vocabulary';

export interface Reply {
  /** The quoted message, as a statement: «по 6228 деньги пришли» (the question mark dropped). */
  quote: string;
  /** What the writer said under it. */
  reply: string;
}

/** «> …» lines opening the message (Telegram's and e-mail's quote). */
const RE_QUOTE_LINES = /^((?:[ \t]*>[^\n]*(?:\n|$))+)([\s\S]*)$/u;
/** «В ответ на «…»», «Ответ на сообщение «…»:» — the Bitrix24 and Telegram Desktop reply header. */
const RE_REPLY_HEADER = /^\s*(?:в\s+)?ответ\s+на(?:\s+сообщение)?\s*:?\s*[«"„“]([^\n]*)[»"“”]\s*:?\s*\n([\s\S]*)$/iu;

/** «↩️ Ленар: по 1220 пришло?\nда пришло 67 тыр»: a reply arrow, the quoted author, the quoted line. */
const RE_ARROW_QUOTE = /^\s*[↩↪]\uFE0F?[ \t]*(?:[^\n:?]{1,40}:[ \t]*)?([^\n]*)\n([\s\S]*)$/u;

/** «Переслано от …», «Пересланное сообщение», «Forwarded from …», «От: …» lines opening the message. */
const RE_FORWARD_HEADER =
  /^(?:\s*(?:переслано\s+от|пересланное\s+сообщение|forwarded\s+(?:from|message)|от:)[^\n]*\n)+/iu;

/** The question as the statement a «да» confirms: «деньги пришли?» → «деньги пришли». */
function asStatement(question: string): string {
  return question
    .replace(/[?]+/g, '.')
    .replace(/(?<![\p{L}])(?:ли|что|как|а)(?![\p{L}])/giu, ' ')
    .trim();
}

/** «Белоусов Андрей, [07.12.2026 10:32]»: the line Telegram Desktop puts above each copied message. */
const RE_DESKTOP_HEADER = /^[^\n[\]]{1,60},\s*\[\d{1,2}\.\d{1,2}\.\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\]\s*$/gmu;

/**
 * A Telegram Desktop copy of several messages: each under its «Имя, [дата время]» line. The last
 * one answers the one before it, as a reply answers its quote; null when fewer than two messages.
 */
function desktopCopy(text: string): { quote: string; reply: string } | null {
  const heads = [...text.matchAll(RE_DESKTOP_HEADER)];
  if (heads.length < 2) return null;
  const bodies = heads.map((h, k) => text.slice(h.index + h[0].length, heads[k + 1]?.index ?? text.length).trim());
  return { quote: bodies[bodies.length - 2] ?? '', reply: bodies[bodies.length - 1] ?? '' };
}

/**
 * «Директор, [05.12.2026 9:14]\n4577 ярхим\n\nДиректор, [05.12.2026 9:15]\n53 280 пришло»: a Telegram
 * Desktop copy of several messages that is no question and its answer reads as one text, its
 * messages one per line (the header lines dropped); null when the text is no such copy.
 */
export function desktopText(text: string): string | null {
  const heads = [...text.matchAll(RE_DESKTOP_HEADER)];
  if (heads.length < 2) return null;
  return heads
    .map((h, k) => text.slice(h.index + h[0].length, heads[k + 1]?.index ?? text.length).trim())
    .filter(Boolean)
    .join('\n');
}

/** The quoted question and the reply, or null when the message quotes no question or has nothing under it. */
export function splitReply(text: string): Reply | null {
  const copy = desktopCopy(text);
  if (copy)
    return copy.reply && copy.quote.includes('?') ? { quote: asStatement(copy.quote), reply: copy.reply } : null;
  // «Переслано от Ольга\n> 7222 оплачен?\nда»: a forwarded reply is still a reply.
  const body = text.replace(RE_FORWARD_HEADER, '');
  const lines = RE_QUOTE_LINES.exec(body);
  const header = lines ? null : RE_REPLY_HEADER.exec(body);
  const m = lines ?? header ?? RE_ARROW_QUOTE.exec(body);
  if (!m) return null;
  const quote = (m[1] ?? '').replace(/^[ \t]*>[ \t]?/gmu, '');
  const reply = (m[2] ?? '').trim();
  // Only a question is answered; a quoted bank push with «это по Белову, оплатили» under it is
  // read whole, as one message.
  if (!reply || !quote.includes('?')) return null;
  return { quote: asStatement(quote), reply };
}

/**
 * «да», «ага», «есть», «+», «верно», «подтверждаю» under a question about money («по 6228 деньги
 * пришли?», «7136 оплачен?»): the reply confirms the payment. A «да» to «7506 отгружать?» or
 * «скинуть счет 7505 клиенту?» confirms something else. A sum alone answers «сколько пришло?».
 */
export function confirmsPayment({ quote, reply }: Reply): boolean {
  const norm = normalise(quote);
  // «видела, 11 700 утром» to «8852 кто-нибудь видел оплату?»: seen is yes.
  const yes = /^\s*(?:да|ага|угу|yes|есть|верно|так\s+точно|подтверждаю|видел[аи]?|вижу|\+)(?![\p{L}])/iu.test(reply);
  // «Была, 28 600 зашли» to «по 8564 оплата была?»: the question's own «был» echoed is yes too.
  const echoed = /^\s*был[аои]?(?![\p{L}])/iu.test(reply) && /(?<![\p{L}])был[аои]?(?![\p{L}])/u.test(norm);
  if (yes || echoed)
    return RE_PAID_NOW.test(norm) || /(?<![\p{L}])(?:деньг|денег|(?:о|про|до)пла[тч]|платеж)/u.test(norm);
  // «В ответ на «Кто оплатил ПЛ-02240?»\nВекторСнаб, 27 350 руб»: naming who paid says it was paid;
  // so does a sum with no «не»/«нет» («это кафе Уют, 23 450,50 на Точку»).
  if (RE_WHO_PAID.test(norm) && (namesPayer(reply) || (RE_SUM_IN.test(reply) && !RE_DENIED.test(normalise(reply)))))
    return true;
  // «> по 8606 сколько пришло?\n26 400»: a sum alone answers how much came (not «сколько должны?»).
  return RE_SUM_ALONE.test(reply) && RE_PAID_NOW.test(norm);
}

/** «Кто оплатил …?», «кто закрыл …?», «кто перевёл по …?»: the question asks who paid. */
const RE_WHO_PAID =
  /(?<![\p{L}])кто\s+(?:\p{L}+\s+)?(?:(?:о|за|про)?платил|закрыл|перев[её]л|перечислил|рассчитал)\p{L}*/u;

/** A money-shaped sum in a reply: «23 450,50», «12 000», «8к», «9 800 ₽». */
const RE_SUM_IN =
  /(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d{1,2})?(?!\d)|(?<![\d.,])\d+(?:[.,]\d{1,2})?\s*(?:₽|руб\p{L}*|р\.|к|тыс\p{L}*|т\.?\s?р|тыр)(?![\p{L}])/u;
/** A reply that says no one paid: «пока никто», «не знаю», «нет». */
const RE_DENIED = /(?<![\p{L}])(?:не|нет|никто|ничего|пока)(?![\p{L}])/u;

/** Words that open a reply but name nobody: «Не знаю», «Никто пока», «Да вроде …». */
const RE_NO_NAME = /^(?:не|нет|никто|пока|да|вроде|кажется|может|хз|сам\p{L}*|я|мы|они|он|она|это|уже|ещ[её])$/u;

/**
 * A reply that is a payer's name, with the sum after it or not: «ВекторСнаб, 27 350 руб 50 коп»,
 * «ООО Вега — 9 800», «ИП Сидоров». A capitalised name of up to four words on the reply's only line.
 */
function namesPayer(reply: string): boolean {
  const m =
    /^\s*(?:(?:ООО|ОАО|ЗАО|ПАО|АО|ИП|ТД)\s+)?[«"]?(\p{Lu}[\p{L}-]*)(?:\s+\p{Lu}[\p{L}.-]*){0,3}[»"]?\s*(?:[,:—–-]\s*\d[^\n]*)?$/u.exec(
      reply.trim(),
    );
  return Boolean(m && !RE_NO_NAME.test(normalise(m[1] ?? '')));
}

/** A reply that is only a sum: «26 400», «26 400 ₽», «26,4к». */
const RE_SUM_ALONE =
  /^\s*\d{1,3}(?:[ \u00a0]?\d{3})*(?:[.,]\d{1,2})?\s*(?:₽|руб\p{L}*\.?|р\.?|к|т\.?\s?р\.?|тыс\p{L}*\.?)?\s*$/u;

/**
 * The invoice-shaped numbers of a question («7959 когда оплатят?», «а ТД-00145?»), for when the
 * question read as a statement names none (its future or question words make it no statement).
 * A sum («на 8 000», «12 тыс») is no invoice.
 */
export function numbersAsked(quote: string): string[] {
  const re =
    /(?<![\p{L}\d.,/-])(\p{L}{1,4}-\d{1,7}(?:\/\d{2,4})?|20\d{2}\/\d{1,7}|0\d{3,10}|\d{3,7})(?![\d,/-]|\.\d|[ ]\d{3}(?!\d)|\s*(?:руб|р\.?|₽|тыс|т\.?р|к)(?![\p{L}]))/gu;
  return [...new Set([...quote.matchAll(re)].map((m) => (m[1] ?? '').toUpperCase()))];
}
