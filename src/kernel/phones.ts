/**
 * Phone numbers in the forms the bot compares and shows them in. Pure: no I/O. Parsing is
 * libphonenumber-js's (Google's libphonenumber metadata), never our own digit gluing: an extension
 * («доб. 123») or a second number in the same field is not more digits of the first.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Numbers written without a country code are read as Russian ones (8 921 …, (812) …). */
const DEFAULT_COUNTRY: CountryCode = 'RU';

/** What one phone field holds: the number to tap, and whatever else is in it, as text. */
export interface PhoneField {
  /** E.164 ("+78121234567"): what Telegram turns into a tap-to-call link. Null: no number found. */
  main: string | null;
  /** The main number's extension ("123"), shown as text. */
  extension: string | null;
  /** Further numbers in the field, E.164, shown as text. */
  others: string[];
}

/** «+7 (812) 123-45-67 доб. 123», «8 921 848-53-83, 8 812 555-12-12» → the main number, its extension, the rest. */
export function readPhoneField(raw: string): PhoneField {
  const found = findPhoneNumbersInText(raw, DEFAULT_COUNTRY);
  const [first, ...rest] = found;
  if (!first) return { main: null, extension: null, others: [] };
  // libphonenumber reads «…-83, 8 (812) …» as extension 8 of the first number: an "extension" whose
  // digits are where the next number begins is that number's trunk prefix, not an extension.
  const next = rest[0];
  const glued =
    next !== undefined &&
    (first.number.ext === '8' || first.number.ext === '7') &&
    /^[\s(]*$/.test(raw.slice(first.endsAt, next.startsAt));
  const ext = glued ? null : (first.number.ext ?? russianExtension(raw.slice(first.endsAt)));
  return {
    main: first.number.number,
    extension: ext ?? null,
    others: rest.map((f) => f.number.number),
  };
}

/** «(доб.123)», «вн. 55» right after the number: the Russian words the library's metadata lacks. */
function russianExtension(after: string): string | null {
  return /^\s*[,(]?\s*(?:доб|добавочный|вн|внутр)\.?\s*(\d{1,7})/i.exec(after)?.[1] ?? null;
}

/**
 * "+7 (921) 111-22-33", "8 921 1112233" → "79211112233": one form to compare phones in (linking a
 * person by the number they share). An extension or a second number is not part of it.
 */
export function phoneDigits(raw: string): string {
  const first = findPhoneNumbersInText(raw, DEFAULT_COUNTRY)[0]?.number.number;
  const parsed = first ?? parsePhoneNumberFromString(raw, DEFAULT_COUNTRY)?.number;
  if (parsed) return parsed.slice(1);
  return raw.replace(/\D/g, '');
}

/** "8 (921) 848-53-83" → "+79218485383" (the main number of the field); the text as written when none is found. */
export function normalisePhone(raw: string): string {
  return readPhoneField(raw).main ?? raw.trim();
}
