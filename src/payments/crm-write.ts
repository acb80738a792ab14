/**
 * Why the portal would not take a confirmed payment's write (the invoice marked paid, the deal
 * moved), as a kind the texts can say in plain Russian (texts.ts `crmRefusal`). Pure: the error in,
 * the kind out.
 */
import { CrmError, type CrmRefusal } from '../kernel/ports';

/** The kind of refusal (kernel/ports.ts CrmRefusal) an error of a CRM write given up by the outbox is. */
export function crmRefusalOf(e: unknown): CrmRefusal {
  if (!(e instanceof CrmError)) return /not found/i.test(String((e as Error)?.message ?? e)) ? 'missing' : 'unanswered';
  if (e.code === 'ACCESS_DENIED' || e.code === 'allowed_only_intranet_user') return 'denied';
  // The legacy crm.* methods answer with an empty code (the client's HTTP_400) and the words
  // (crm-deal-update.md: «Access denied»).
  const description = (e as { description?: unknown }).description;
  if (/^access denied$/i.test((typeof description === 'string' ? description : e.message).trim())) return 'denied';
  if (e.code === 'UPDATE_DYNAMIC_ITEM_RESTRICTED') return 'plan';
  if (e.code === 'NOT_FOUND') return 'missing';
  if (e.status >= 400 && e.status < 500) return 'rejected';
  return 'unanswered';
}
