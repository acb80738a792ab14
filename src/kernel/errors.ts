/** Whatever was thrown, as an Error: `throw 'x'` and rejected non-errors get a readable message. */
export function coerceError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (typeof e === 'string') return new Error(e);
  try {
    return new Error(JSON.stringify(e));
  } catch {
    return new Error(String(e));
  }
}

/** The message of whatever was thrown. */
export const errorMessage = (e: unknown): string => coerceError(e).message;
