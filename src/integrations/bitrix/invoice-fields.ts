/**
 * Which key an invoice answers a required field by (payments.requiredInvoiceFields). The bot does not
 * guess the camelCase form of a custom field: crm.item.* answers UF_CRM_SMART_INVOICE_1669960460 as
 * ufCrmSmartInvoice1669960460 and UF_CRM_3_DIGIT10 as ufCrm_3_DIGIT10 (crm/universal/index.md, "Field
 * Naming Conventions", two conversions and a clash rule). It asks the portal instead: crm.item.fields
 * lists each field under the key crm.item.get/list use, with its UPPER_CASE name in `upperName`
 * (crm-item-fields.md); crm.invoice.fields lists legacy fields by their UPPER_CASE names
 * (crm-invoice-fields.md). A name the portal does not list is unknown: a mistake in the rules.
 */

/** One field as *.fields describes it; legacy descriptions have no upperName (the key is it). */
export type FieldDescription = { upperName?: unknown };

export interface ResolvedFields {
  /** Rule's field name → the key the invoice's rows carry it under. */
  keys: Map<string, string>;
  /** Rule's field names the portal does not have, in the rules' order. */
  unknown: string[];
  /** The portal's custom invoice fields (UF_…), by their UPPER_CASE names: what could be meant. */
  custom: string[];
}

/**
 * The rules' field names matched with a *.fields answer: a name is found as the key itself
 * (ufCrmSmartInvoice1669960460 written as the API answers it) or as a field's UPPER_CASE name,
 * in any case (UF_CRM_SMART_INVOICE_1669960460 as Bitrix24's settings show it). Pure.
 */
export function resolveFieldNames(wanted: string[], described: Record<string, FieldDescription>): ResolvedFields {
  const byUpper = new Map<string, string>();
  const custom: string[] = [];
  for (const [key, d] of Object.entries(described)) {
    const upper = typeof d?.upperName === 'string' && d.upperName ? d.upperName.toUpperCase() : key.toUpperCase();
    byUpper.set(key.toUpperCase(), key);
    byUpper.set(upper, key);
    if (upper.startsWith('UF_')) custom.push(upper);
  }
  const keys = new Map<string, string>();
  const unknown: string[] = [];
  for (const name of wanted) {
    const key = name in described ? name : byUpper.get(name.toUpperCase());
    if (key === undefined) unknown.push(name);
    else keys.set(name, key);
  }
  return { keys, unknown, custom };
}
