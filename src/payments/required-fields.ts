/**
 * Step 57 of the rulebook: the invoice is corrected (supplier, carrier…) before it is marked paid.
 * Which of the rules' required fields an invoice leaves empty. Pure.
 */

/**
 * A value that says nothing: empty, spaces, or only dashes, dots and underscores («-», «—», «...»,
 * «_»), which people type into a field the form will not leave blank.
 */
export function isBlankFieldValue(value: string): boolean {
  return /^[\s\p{Pd}._·…]*$/u.test(value);
}

/**
 * The labels of the required fields the invoice leaves empty, in the rules' order. `fields`:
 * the invoice's values by the rule's field name (Invoice.fields); a field missing from it is one
 * the portal does not have (a mistake in the rules, named at start and by doctor), not an empty
 * one: no manager can fill it, so it never holds a payment back.
 */
export function emptyRequiredFields(
  required: ReadonlyArray<{ field: string; label: string }>,
  fields: Readonly<Record<string, string>> | undefined,
): string[] {
  return required
    .filter((f) => fields !== undefined && f.field in fields && isBlankFieldValue(fields[f.field] ?? ''))
    .map((f) => f.label);
}
