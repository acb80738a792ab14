/**
 * Money we paid to someone, named in the dative right after the verb: «оплатили Коломенскому
 * кирпичному заводу счёт 6663», «Перевели Газпромнефти за топливо 96 500», «Перечислили Лукойлу
 * 45 000». A customer paying us is the subject before the verb («Коломенский завод оплатил …») or
 * follows it in the nominative («Оплатило Управление строительства …»), never a dative. Pure; reads
 * the text as written, since a name is told by its capital letter.
 */

/** A verb of paying or sending money, in the past tense, and the word after it. */
const RE_VERB_THEN =
  /(?<![\p{L}])(?:(?:о|за|пере|до)?плат|перев[её]л|перечислил|отправил)\p{L}*\s+([\p{L}-]+)(\s+[\p{L}-]+)?(\s+[\p{L}-]+)?/giu;

/** Who is paid, in the dative: «заводу», «карьеру», «компании», «ТК». */
const RE_PAYEE_NOUN =
  /^(?:(?:завод|комбинат|карьер|перевозчик|подрядчик|субподрядчик|экспедитор|предприяти|хозяйств|(?:тур)?оператор|агент|арендодател|исполнител)[уюи]|(?:компани|организаци)и|фирме|тк)$/iu;
/** An adjective in the dative: «Коломенскому», «транспортной». */
const RE_DATIVE_ADJ = /^[\p{L}-]+(?:ому|ему|ой)$/iu;
/**
 * A name (capitalised, not an acronym) ending as a dative does; not a nominative «Управление». Its parts after a hyphen
 * may be capitalised too: «Юнит-Шине», «Авто-Снабу».
 */
const RE_DATIVE_NAME = /^\p{Lu}(?:\p{Ll}|-\p{Lu}?)*\p{Ll}[уюеи]$/u;

/**
 * «Нефтебазе оплатили 2,4 ляма за дизель», «Лукойлу перевели 300к»: a name in the dative opening the message, then a
 * verb in the plural with no subject — we paid them; a customer is named in the nominative («Нефтебаза оплатила»).
 * Seven letters or more: a short surname that does not decline («Ланге оплатили 5398») is the customer.
 */
const RE_DATIVE_FIRST =
  /^\s*\p{Lu}[\p{Ll}-]{4,}(?:[бвгдзклмнпрстхцчшщ]е|[бвгдзклмнпрстхцчшщ]у|ию)\s+(?:уже\s+)?(?:(?:о|за|пере|до)?платили|перевели|перечислили|отправили|скинули|закинули)(?![\p{L}])/u;

/** The message says we paid someone, named in the dative after the verb (or opening it, see RE_DATIVE_FIRST). */
export function paidToSomeone(text: string): boolean {
  if (RE_DATIVE_FIRST.test(text)) return true;
  for (const m of text.matchAll(RE_VERB_THEN)) {
    // «клиент перевёл Рустаму на карту 12к»: the customer paying one of ours is money to us.
    // «клиентка с Ленина 5 перевела Марине …»: the customer may be named with where it is from;
    // «частник с Академического (генуборка после ремонта) … перевел Ирине на карту», «физик … перевёл
    // Денису на карту»: a private person is a customer too, a note in brackets aside.
    if (
      /(?<![\p{L}])(?:клиент|заказчик|покупател|частник|частниц|физик|физлиц|физ\.\s*лиц)\p{L}*(?:\s+[^\s.,;!?]+){0,6}\s+$/iu.test(
        text.slice(Math.max(0, m.index - 100), m.index).replace(/\([^()\n]*\)/gu, ' '),
      )
    )
      continue;
    if (namedPayerToOurCard(text, m)) continue;
    const ws = [m[1], m[2], m[3]].filter((w): w is string => Boolean(w)).map((w) => w.trim());
    const [first = ''] = ws;
    // «оплатили Коломенскому кирпичному заводу», «Заплатили транспортной компании».
    const adjs = ws.findIndex((w) => !RE_DATIVE_ADJ.test(w));
    if (adjs >= 0 && RE_PAYEE_NOUN.test(ws[adjs] ?? '')) return true;
    // «оплатили Сосновскому карьеру»-like: an «-ому/-ему» adjective before another word (not «по-новому»).
    if (/^[\p{L}]+(?:ому|ему)$/iu.test(first) && ws.length > 1) return true;
    // Not «оплатила Куршскую косу», «оплатил Новую Ригу»: «-ую/-юю» is an adjective in the accusative, what was paid for.
    if (RE_DATIVE_NAME.test(first) && !/(?:ие|[ую]ю)$/u.test(first)) return true;
  }
  return false;
}

/**
 * «это не нам заплатили», «оплатили не нам», «платёж не нам», «деньги не наши», «это не наш платёж»: the money
 * went to someone else — no payment of ours (the announcer taking one back, withdrawal.ts). `text` lower case.
 */
const RE_NOT_TO_US =
  /(?<![\p{L}])(?:не\s+нам\s+(?:(?:о|за|пере|про)?плат\p{L}*|перев[её]л\p{L}*|перечисл\p{L}*|пришл\p{L}*|приш[её]л)|(?:(?:о|за|пере|про)?плат\p{L}*|перев[её]л\p{L}*|перечисл\p{L}*|деньги|плат[её]ж\p{L}*|оплат[аы])\s+(?:был[аио]?\s+)?не\s+(?:нам|наш[аиеы]?)|(?:это\s+)?не\s+наш(?:и|а)?\s+(?:плат[её]ж|деньги|оплата|перевод))(?![\p{L}])/u;

/** Whether the text says the money was not paid to us (see RE_NOT_TO_US). */
export function paidNotToUs(text: string): boolean {
  return RE_NOT_TO_US.test(text.toLowerCase());
}

/**
 * «Мкртчян перевёл Сергею на карту 18 700 …, счет 1892», «ИП Белоусова перевела Марине на карту 18 500»: a
 * payer named right before a verb in the singular, one of ours in the dative and «на карту» after — a customer
 * paying to a manager's card, as «клиент перевёл Рустаму на карту» is; not «перевели Ивану на карту» (ours).
 */
function namedPayerToOurCard(text: string, m: RegExpMatchArray): boolean {
  const at = m.index ?? 0;
  const verb = /^\S+/u.exec(m[0])?.[0] ?? '';
  if (!/^(?:перев[её]л|перечислил|скинул|закинул)а?$/iu.test(verb)) return false;
  const before = text.slice(Math.max(0, at - 40), at);
  const named = /(?:(?<![\p{L}])(?:ип|ооо)\s+)?\p{Lu}[\p{Ll}-]+(?:\s+\p{Lu}\.(?:\s?\p{Lu}\.)?)?\s+$/u.test(before);
  return (
    named &&
    RE_DATIVE_NAME.test(m[1] ?? '') &&
    /^\s*на\s+карт/iu.test(text.slice(at + m[0].length - (m[2] ?? '').length - (m[3] ?? '').length))
  );
}
