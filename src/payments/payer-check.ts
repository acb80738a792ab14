/**
 * Who paid, against whose invoice it is: «Сбербанк ИНН 7707083893 оплатил счёт 2018/943» for an invoice
 * of ЭЛЕКСИС ООО. Third parties do pay for customers (leasing, factoring, a director paying personally),
 * so this is no refusal: the prompt says plainly that the payer differs, and its «Да» names it. Pure:
 * the desk reads the companies carrying the INN and the invoice company's INN from the CRM.
 */
import { sameCompanyName } from './company-names';

/** A payer or a company, as far as it is known: a name, an INN, or both. */
export interface PartyRef {
  name: string | null;
  inn: string | null;
}

/** The payer a message names, and the invoice's company it is not. */
export interface PayerDiffers {
  payer: PartyRef;
  company: PartyRef;
}

/**
 * Whether the payer a message names is not the invoice's company: by INN when the message gives one (the
 * invoice's company is not among `innCompanies`, the companies whose requisites carry it) and the INN tells
 * (the company has one, or another company carries it), else by name (sameCompanyName). Null when they are the same, when the message names no payer, or when the invoice
 * has no company to compare with (it is a person's).
 */
export function payerDiffers(
  payer: PartyRef,
  invoice: { companyId: number | null; companyTitle: string | null },
  innCompanies: number[],
  companyInn: string | null,
): PayerDiffers | null {
  if (invoice.companyId === null) return null;
  const company = { name: invoice.companyTitle, inn: companyInn };
  if (payer.inn) {
    if (innCompanies.includes(invoice.companyId) || payer.inn === companyInn) return null;
    // The invoice's company has no INN in Bitrix24 and no company carries this one: only the names can tell.
    if (companyInn !== null || innCompanies.length > 0) return { payer, company };
  }
  if (!payer.name || !invoice.companyTitle) return null;
  return sameCompanyName(payer.name, invoice.companyTitle) ? null : { payer, company };
}
