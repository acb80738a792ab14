/** Phone numbers in the forms the bot compares and shows them in. Pure: no I/O. */

/** "+7 (921) 111-22-33", "8 921 1112233" → "79211112233": one form to compare phones in. */
export function phoneDigits(raw: string): string {
  const d = raw.replace(/\D/g, '');
  if (d.length === 11 && d.startsWith('8')) return `7${d.slice(1)}`;
  if (d.length === 10) return `7${d}`;
  return d;
}

/** "8 (921) 848-53-83" → "+79218485383": the form Telegram turns into a tap-to-call link. */
export function normalisePhone(raw: string): string {
  const d = phoneDigits(raw);
  if (d.length === 11 && d.startsWith('7')) return `+${d}`;
  return raw.trim().startsWith('+') ? `+${d}` : raw.trim();
}
