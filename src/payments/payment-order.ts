/**
 * A payment order (платёжное поручение, form 0401060) pasted as text — printed from the bank's
 * client or copied from a PDF — read as one credit: its sum, the payer's INN and the purpose.
 *
 * Pure. The printed form writes each field's name under its value («ИНН 7411033887 … Сумма
 * 212000-00 / ООО "…" Сч. № … / Плательщик / … / Назначение платежа»); a copy may write it before
 * («Плательщик: ООО …, ИНН …»). The form's own words («Списано со сч. плат.», «Поступ. в банк плат.»)
 * are no part of the payment's purpose and are not read.
 */
import { exchangeSum } from './exchange-1c';
import type { Incoming } from './incoming';

const RE_TITLE = /^\s*плат[её]жное\s+поручение(?![\p{L}])/iu;
/** A field's name on a line of its own (the printed form) or before its value («Плательщик: …»). */
const RE_FIELD =
  /^\s*(плательщик|банк\s+плательщика|получатель|банк\s+получателя|назначение\s+платежа)\s*(?::\s*(.*?))?\s*$/iu;
const RE_SUM =
  /(?<![\p{L}])сумма(?!\s+прописью)\s*:?\s*(\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,-]\d{2})?|\d+(?:[.,-]\d{2})?)(?![\d])/iu;
const RE_INN = /(?<![\p{L}])инн\s*:?\s*(\d{12}|\d{10})(?!\d)/iu;

/** The order's credit, or null when the text is no payment order with a purpose and a sum. */
export function readPaymentOrder(text: string): Incoming[] | null {
  const lines = text.split(/\r?\n/);
  // The title among the first lines («Платёжка от Ладьи:» may stand above it).
  const first = lines.findIndex((l, i) => i < 4 && RE_TITLE.test(l));
  if (first < 0) return null;
  const fields = new Map<string, string>();
  let block: string[] = [];
  for (const line of lines.slice(first + 1)) {
    const m = RE_FIELD.exec(line);
    if (!m) {
      block.push(line);
      continue;
    }
    const name = (m[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
    // Written after its name, or, on the printed form, the lines above the name since the last one.
    if (!fields.has(name)) fields.set(name, m[2] !== undefined ? m[2] : block.join('\n'));
    block = [];
  }
  const purpose = fields.get('назначение платежа')?.trim();
  const sum = RE_SUM.exec(text);
  if (!purpose || !sum) return null;
  const payer = fields.get('плательщик') ?? '';
  return [
    {
      amount: exchangeSum(sum[1]?.replace(/\u00a0/g, ' ')),
      inn: RE_INN.exec(payer)?.[1] ?? null,
      payer: null,
      purpose,
    },
  ];
}
