/**
 * What a bank's credit says beyond the words of chat (round 12b, sets 28–33): money that arrives
 * but only settles card sales or a marketplace's sales (the customer's payment was counted when
 * the customer paid), and words that look like a refund but are not one — a retention the
 * customer releases («Возврат гарантийного удержания … счет 2327»), a payment sent again «после
 * возврата», an advance «под банковскую гарантию возврата аванса». Pure.
 */
import type { Span } from './grammar';

/**
 * An acquirer's or a marketplace's settlement: «Зачисление по интернет-эквайрингу», «средств по операциям
 * эквайринга», «Возмещение по
 * реестру за 19.03.2026», «Перечисление средств по операциям с использованием карт», «Выплата по
 * договору ИР-123456/21 за период 16.03–22.03», «согласно отчету агента» (or «о реализации»), «по реестру за 22.03
 * (ЮKassa), за вычетом вознаграждения». The customers' card payments inside it pay no invoice named
 * here; a factor's remainder «за вычетом вознаграждения фактора» is a customer's invoice paid.
 */
const RE_SETTLEMENT = new RegExp(
  [
    String.raw`(?:зачислени|поступлени|возмещени|перечислени|перевод|расч[е]т|выплат)\p{L}*\s+(?:[^\s]+\s+){0,4}?(?:по\s+)?(?:интернет-?\s?)?эквайринг`,
    // «(Зачисление) средств по операциям эквайринга» — a statement row may keep its operation word apart.
    String.raw`операци\p{L}*\s+(?:интернет-?\s?)?эквайринг`,
    String.raw`возмещени\p{L}*\s+(?:\p{L}+\s+){0,2}?по\s+реестр`,
    String.raw`по\s+реестр\p{L}*\s+(?:\p{L}+\s+)?за\s+\d`,
    String.raw`по\s+операци\p{L}*\s+(?:с\s+|по\s+)?(?:использовани\p{L}*\s+)?(?:банковск\p{L}*\s+|платежн\p{L}*\s+)?карт`,
    String.raw`отч[е]т\p{L}*\s+агента|агентск\p{L}*\s+отч[е]т`,
    // A marketplace's (a commission agent's) «согласно отчету о реализации № … за период …».
    String.raw`отч[е]т\p{L}*\s+(?:комиссионер\p{L}*\s+)?о\s+реализаци\p{L}*`,
    String.raw`(?:выплат\p{L}*|(?:перечислени|перевод)\p{L}*\s+(?:денежн\p{L}*\s+)?средств\p{L}*)\s+по\s+договор\p{L}*(?:\s+\S+){0,3}?\s+за\s+период`,
    // Wildberries' «Выплата по Договору оферты о реализации товара на сайте …, отчет № 412983016 за период …».
    String.raw`договор\p{L}*\s+оферт\p{L}*\s+о\s+реализаци`,
    String.raw`отч[е]т\p{L}*\s+(?:№|n)\s*\d+(?:\s+от\s+[\d.]+)?\s+за\s+период`,
    String.raw`за\s+вычетом\s+(?:агентск\p{L}*\s+)?вознаграждени\p{L}*(?![\p{L}])(?!\s+фактор)`,
  ]
    .map((p) => `(?<![\\p{L}])(?:${p})`)
    .join('|'),
  'u',
);

/** `norm`: lower case, «ё» folded. */
export function isSettlement(norm: string): boolean {
  return RE_SETTLEMENT.test(norm);
}

/**
 * Refund-looking words that are no refund: the customer releasing a guarantee retention it held
 * back («Возврат (суммы) гарантийного удержания», «нам вернули гарантийное (удержание)», «вернули гарантийку», «за вычетом
 * гарантийного удержания 5 %», and its «гарантийный срок истек»), a payment sent again «после возврата», an advance against «банковской
 * гарантии возврата аванса», a penalty netted off «за минусом неустойки … по претензии № 17» (the claim is
 * the customer's reason to pay short, not a claim paid). Not «вернули Стройсервису гарантийное удержание»
 * (ours, paid out).
 */
const RE_NOT_A_REFUND =
  /(?<![\p{L}])(?:(?:(?:возврат|возвращ)\p{L}*|вернул\p{L}*)\s+(?:(?:нам|сумм\p{L}*)\s+)?(?:гарантийн\p{L}*(?:\s+удержани\p{L}*)?|гарантийк\p{L}*)|гарантийн\p{L}*\s+удержани\p{L}*|гарантийн\p{L}*\s+срок\p{L}*\s+(?:истек|истёк|законч|прош[её]л)\p{L}*|после\s+возврат\p{L}*|гаранти\p{L}*\s+возврат\p{L}*\s+(?:аванс|предоплат)\p{L}*|(?:за\s+минусом|за\s+вычетом|удержан\p{L}*|минус)\s+(?:пени|неустойк\p{L}*|штраф\p{L}*)[^;\n]{0,60}?претензи\p{L}*)/gu;

/** The spans of `norm` where a refund word is no refund (see RE_NOT_A_REFUND). */
export function notRefundSpans(norm: string): Span[] {
  return [...norm.matchAll(RE_NOT_A_REFUND)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Whether a veto word at `at` lies inside one of `spans`. */
export function inside(spans: Span[], at: number): boolean {
  return spans.some((s) => at >= s.start && at < s.end);
}

/**
 * «Доплата по сч. 9829 по факту замены узла», «доплата (перевес 112 кг по факту взвешивания)»: what
 * the top-up is for, measured after the fact — no payment terms for the future. «доплата по факту
 * поставки» (on delivery, to come) stays terms.
 */
const RE_TOPUP_REASON =
  /(?<![\p{L}])доплат\p{L}*(?:[^.;!?\n]|\.(?=\S)){0,80}?(?<![\p{L}])по\s+факту\s+(?!(?:поставк|отгрузк|доставк|выполнени|при[её]мк|получени|приход|оказани|подписани)\p{L}*)\p{L}/u;

/** `clause` (normalised) gives the reason for a top-up «по факту …», not a term of payment. */
export function topUpReason(clause: string): boolean {
  return RE_TOPUP_REASON.test(clause);
}

/**
 * A bank paying for its borrower's purchase from us (round 13b, set 40): «Перечисление … по кредитному
 * договору № 2985114507 клиента Мальцев Д.И. за товар по счету ТМ-26/0741», «по кредитному договору … за
 * Гайнуллину О.Р. по счету …», «клиента Лаптев С.Н. (рассрочка) за оборудование», «Перечисление кредитных средств по
 * договору … за Ивановой А.П., счет 00952» (the loan's money naming our invoice). The loan is the
 * customer's, the money pays our invoice: not our loan (incoming.ts RE_NOT_CUSTOMER_MONEY).
 */
const RE_CUSTOMER_CREDIT =
  /кредитн\p{L}*\s+договор\p{L}*(?=[^;\n]{0,80}?(?<![\p{L}])(?:клиент\p{L}*|заемщик\p{L}*|заёмщик\p{L}*|покупател\p{L}*|за\s+(?:товар|оборудовани)\p{L}*|по\s+сч))|кредитн\p{L}*\s+средств\p{L}*(?=[^;\n]{0,120}?(?<![\p{L}])сч(?:[е]т\p{L}*)?\.?\s*(?:№\s*)?\d)/gu;

/**
 * «Оплата по счету РД-000859 … за счет кредитных средств АО "Россельхозбанк" по кредитному договору № …»: the payer
 * pays our invoice with its own loan — the loan's words are the payer's, no loan of ours.
 */
const RE_INVOICE_PAID_ON_LOAN =
  /(?<![\p{L}])оплат\p{L}*\s+(?:по\s+)?сч(?:[е]т\p{L}*)?\.?\s*(?:№\s*)?[\p{L}\d][^;\n]{0,200}?(?<![\p{L}])за\s+сч[е]т\s+кредитн\p{L}*\s+средств/u;
const RE_LOAN_WORDS = /кредитн\p{L}*\s+(?:средств|договор|лини)\p{L}*/gu;

/**
 * `norm` (lower case) with a bank's payment for its borrower's purchase blanked (see RE_CUSTOMER_CREDIT), and the loan's
 * words of an invoice paid on the payer's loan (RE_INVOICE_PAID_ON_LOAN).
 */
export function withoutCustomerCredit(norm: string): string {
  const blanked = norm.replace(RE_CUSTOMER_CREDIT, (m) => ' '.repeat(m.length));
  return RE_INVOICE_PAID_ON_LOAN.test(blanked) ? blanked.replace(RE_LOAN_WORDS, (m) => ' '.repeat(m.length)) : blanked;
}
