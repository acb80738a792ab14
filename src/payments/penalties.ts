/**
 * A penalty paid to us, not by us (round 13b, set 40): a customer paying пени or неустойка on our claim
 * («Оплата пени по претензии № 3», «… по счету 26/0748 … и пени по претензии № 7» in a credit to our
 * account; «УК Уютный дом наконец пени заплатили 8 316,40 по претензии» in chat). The words that veto our
 * own penalty («заплатили пени ярхимсервису 4 800», «прислали претензию на 12 000 пени») are decided by
 * direction: money in to us, the penalty named before the verb that paid it, or a payer named before the verb
 * and no payee after the penalty — with no «мы» paying. Pure.
 */

/** The veto words this module decides on: a claim, a penalty paid. */
const RE_PENALTY_VETO = /^(?:претензи|(?:за|у|о)плат\p{L}*\s+(?:пени|неустойк))/u;

/** «пени заплатили», «неустойку по договору перечислили», «пени пришли»: the penalty, then who paid it. */
const RE_PENALTY_THEN_PAID =
  /(?<![\p{L}])(?:пени|неустойк\p{L}*)\s+(?:[^\s.,;!?]+\s+){0,3}?(?:за|о|пере|у)?(?:платил|перечислил|перев[её]л|пришл|поступил)\p{L}*(?![\p{L}])/u;
/**
 * «УК заплатила пени 3 400», «арендатор наконец перечислил неустойку»: someone named, then the verb, then the
 * penalty. Group 1 the word before the verb (the payer, unless it is «мы» or a word of time), group 2 the word
 * after the penalty (a payee: «в бюджет», «поставщику», «налоговой»).
 */
const RE_WHO_PAID_PENALTY =
  /(?<![\p{L}])([\p{L}-]+)\s+(?:(?:наконец|уже|вс[её]-?таки|сегодня|вчера)\s+)?(?:за|о|пере|у)?(?:платил|перечислил|перев[её]л)\p{L}*\s+(?:нам\s+)?(?:пени|неустойк\p{L}*)(?:\s+([\p{L}]+))?/u;
/** Not a payer before the verb: ourselves, or a word of time or of joining. */
const NOT_A_PAYER =
  /^(?:мы|я|нами|вы|они|и|а|но|уже|наконец|тоже|также|потом|тогда|вчера|сегодня|ещ[её]|опять|снова|случайно)$/u;
/** A payee after the penalty: «в бюджет», or a word in the dative («поставщику», «налоговой», «им»). */
const RE_PAYEE = /^(?:в|во|им|ему|ей|\p{L}{3,}(?:у|ю|ам|ям|ой|ей))$/u;

/** We paid: «мы», or a dative payee right after a verb («заплатили пени ярхимсервису»). */
const RE_WE_PAID = /(?<![\p{L}])(?:мы|нами|наш[аи]?\s+пени)(?![\p{L}])/u;

/**
 * Whether the veto word `word` (a match of the global veto list) speaks of a penalty paid to us: the
 * text is a credit to our account (`incoming`), or a chat line where the payer's penalty came.
 */
export function penaltyPaidToUs(word: string, norm: string, incoming: boolean): boolean {
  if (!RE_PENALTY_VETO.test(word)) return false;
  if (incoming || (RE_PENALTY_THEN_PAID.test(norm) && !RE_WE_PAID.test(norm))) return true;
  const who = RE_WHO_PAID_PENALTY.exec(norm);
  return Boolean(who && !NOT_A_PAYER.test(who[1] ?? '') && !RE_PAYEE.test(who[2] ?? '') && !RE_WE_PAID.test(norm));
}
