/**
 * Reads an outbound-webhook event from Bitrix24 (form-encoded, PHP-style keys such as
 * `data[FIELDS][ID]` and `auth[application_token]`). Only the id comes with it: the record is fetched.
 */
import { inboundKey } from '../../kernel/keys';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const DEAL_EVENTS = ['ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE'] as const;
export type DealEventName = (typeof DEAL_EVENTS)[number];

export type EventVerdict =
  | { ok: true; event: DealEventName; dealId: number; ts: string; dedupKey: string }
  | { ok: false; status: 400 | 401; reason: string };

const shape = z.object({
  event: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(DEAL_EVENTS, { message: `event must be one of ${DEAL_EVENTS.join(', ')}` })),
  id: z
    .string()
    .regex(/^[1-9]\d{0,11}$/, 'data[FIELDS][ID] must be a deal id')
    .transform(Number),
  ts: z.string({ message: 'ts is missing' }).regex(/^\d{1,13}$/, 'ts must be a unix timestamp'),
  token: z.string().min(1, 'auth[application_token] is missing'),
});

/** Accepts both flat PHP-style keys (form bodies) and nested objects (JSON bodies). */
function pick(body: Record<string, unknown>, path: string[]): unknown {
  const flat =
    path[0] +
    path
      .slice(1)
      .map((p) => `[${p}]`)
      .join('');
  if (flat in body) return body[flat];
  let cur: unknown = body;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** A scalar of the event as text: form bodies carry strings, JSON bodies numbers and booleans too. */
export function pickText(body: Record<string, unknown>, path: string[]): string | undefined {
  const v = pick(body, path);
  return typeof v === 'string'
    ? v
    : typeof v === 'number'
      ? String(v)
      : typeof v === 'boolean'
        ? v
          ? '1'
          : '0'
        : undefined;
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function readDealEvent(body: unknown, applicationToken: string): EventVerdict {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, status: 400, reason: 'expected a form-encoded Bitrix24 event body' };
  const b = body as Record<string, unknown>;
  const token = pickText(b, ['auth', 'application_token']);
  // Authenticate before validating the rest: an unauthenticated caller learns nothing about our schema.
  if (!token || !sameSecret(token, applicationToken))
    return { ok: false, status: 401, reason: 'wrong or missing auth[application_token]' };
  const parsed = shape.safeParse({
    event: pickText(b, ['event']),
    id: pickText(b, ['data', 'FIELDS', 'ID']),
    ts: pickText(b, ['ts']),
    token,
  });
  if (!parsed.success) return { ok: false, status: 400, reason: parsed.error.issues.map((i) => i.message).join('; ') };
  const { event, id, ts } = parsed.data;
  // Bitrix24 sends no event id: (event, deal, ts) is the closest thing to one.
  return { ok: true, event, dealId: id, ts, dedupKey: inboundKey.crmEvent(event, id, ts) };
}
