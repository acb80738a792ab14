/**
 * A penalty paid to us, not by us (round 13b, set 40): a customer paying пени or неустойка on our claim
 * («Оплата пени по претензии № 3», «… по счету 26/0748 … и пени по претензии № 7» in a credit to our
 * account; «УК Уютный дом наконец пени заплатили 8 316,40 по претензии» in chat). The words that veto our
 * own penalty («заплатили пени ярхимсервису 4 800», «прислали претензию на 12 000 пени») are decided by
 * direction: money in to us, or the penalty named before the verb that paid it with no «мы» paying. Pure.
 */

/** The veto words this module decides on: a claim, a penalty paid. */
const RE_PENALTY_VETO = /^(?:претензи|(?:за|у|о)плат\p{L}*\s+(?:пени|неустойк))/u;

/** «пени заплатили», «неустойку по договору перечислили», «пени пришли»: the penalty, then who paid it. */
const RE_PENALTY_THEN_PAID =
  /(?<![\p{L}])(?:пени|неустойк\p{L}*)\s+(?:[^\s.,;!?]+\s+){0,3}?(?:за|о|пере|у)?(?:платил|перечислил|перев[её]л|пришл|поступил)\p{L}*(?![\p{L}])/u;
/** We paid: «мы», or a dative payee right after a verb («заплатили пени ярхимсервису»). */
const RE_WE_PAID = /(?<![\p{L}])(?:мы|нами|наш[аи]?\s+пени)(?![\p{L}])/u;

/**
 * Whether the veto word `word` (a match of the global veto list) speaks of a penalty paid to us: the
 * text is a credit to our account (`incoming`), or a chat line where the payer's penalty came.
 */
export function penaltyPaidToUs(word: string, norm: string, incoming: boolean): boolean {
  if (!RE_PENALTY_VETO.test(word)) return false;
  return incoming || (RE_PENALTY_THEN_PAID.test(norm) && !RE_WE_PAID.test(norm));
}
