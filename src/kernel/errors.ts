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

/**
 * Error codes of a portal that needs its admin, not a wrong request (_includes/system-errors.md):
 * the webhook's code is wrong or gone (401 NO_AUTH_FOUND; OAuth: expired_token, invalid_token), its
 * user lost the rights (403 INVALID_CREDENTIALS), or it lacks the method's scope (403
 * insufficient_scope). Writes that meet them are held, never failed for good.
 */
export const ADMIN_ERROR_CODES: ReadonlySet<string> = new Set([
  'NO_AUTH_FOUND',
  'expired_token',
  'invalid_token',
  'INVALID_CREDENTIALS',
  'insufficient_scope',
  // 503: "a manual individual block; please contact Bitrix24 technical support to lift it".
  'OVERLOAD_LIMIT',
  // 500: "The public part of the site is closed" (on-premise: an option of the main module).
  'PORTAL_DELETED',
]);

/**
 * 403 ACCESS_DENIED is two things in the docs: a method's own "Access denied" (the webhook's user may
 * not touch this record — the request is wrong for good) and the system error "REST API is available
 * only on commercial plans" (_includes/system-errors.md: the portal's plan ended — every call is
 * refused until someone pays; the admin must act). Only its documented message tells them apart.
 */
const REST_NOT_ON_PLAN = /only on commercial plans/i;

/** Whether a portal's answer (code and description) is one the admin must fix (ADMIN_ERROR_CODES, the plan). */
export function isAdminRefusal(code: string, description = ''): boolean {
  return ADMIN_ERROR_CODES.has(code) || (code === 'ACCESS_DENIED' && REST_NOT_ON_PLAN.test(description));
}

/** Whether an error (a CrmError or anything carrying `code`/`status`) means "the admin must act". */
export function needsAdmin(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, status, description } = e as { code?: unknown; status?: unknown; description?: unknown };
  return (
    (typeof code === 'string' && isAdminRefusal(code, typeof description === 'string' ? description : '')) ||
    (status === 401 && typeof code === 'string')
  );
}

/**
 * OPERATION_TIME_LIMIT (limits.md): the method is blocked until this time (epoch ms), other methods
 * work. Null for any other error. The REST client puts the time on its error as `retryAt`.
 */
export function blockedUntil(e: unknown): number | null {
  if (typeof e !== 'object' || e === null) return null;
  const { code, retryAt } = e as { code?: unknown; retryAt?: unknown };
  return code === 'OPERATION_TIME_LIMIT' && typeof retryAt === 'number' ? retryAt : null;
}
