/**
 * Webhook mode: how the bot learns its own application token. A webhook-authorised bot with its
 * own botToken has its own synthetic APPLICATION_TOKEN (chat-bots-v2/imbot.v2/bots/bot-update.md,
 * "Managing Event Subscriptions"), re-bound on every token rotation (change-log.md BOT-NEW-0501-2);
 * no method returns it. events/safe-event-handlers.md gives the procedure: verify the access token
 * that came with an event by calling the portal with it, then store the event's application_token
 * and compare every later event against it.
 *
 * The verification call goes to OUR portal (the origin of BITRIX_WEBHOOK_URL), never to the
 * client_endpoint the event names, and must return our bot in the owner's (extended) format
 * (bot-get.md): only the application that owns the bot gets that.
 */
import { pickText } from './events';

export type Verification = { ok: true; token: string } | { ok: false; reason: string };

export async function verifyChatBotEvent(
  portalUrl: string,
  body: unknown,
  botId: number,
  opts: { timeoutMs: number },
): Promise<Verification> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, reason: 'expected a form-encoded Bitrix24 event body' };
  const b = body as Record<string, unknown>;
  const token = pickText(b, ['auth', 'application_token']);
  const accessToken = pickText(b, ['data', 'bot', 'auth', 'access_token']);
  if (!token) return { ok: false, reason: 'no auth[application_token]' };
  if (pickText(b, ['data', 'bot', 'id']) !== String(botId))
    return { ok: false, reason: `data[bot][id] is not this bot (${botId})` };
  if (!accessToken) return { ok: false, reason: 'no data[bot][auth][access_token] to verify the event with' };
  let res: Response;
  try {
    res = await fetch(`${portalUrl}/rest/imbot.v2.Bot.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ botId, auth: accessToken }),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch {
    return { ok: false, reason: 'the portal could not be asked to verify the event' };
  }
  let answer: unknown;
  try {
    answer = await res.json();
  } catch {
    answer = null;
  }
  const bot = (answer as { result?: { bot?: Record<string, unknown> } } | null)?.result?.bot;
  if (!res.ok || !bot) {
    const code = (answer as { error?: unknown } | null)?.error;
    return { ok: false, reason: `the portal did not confirm the event's access token (${String(code ?? res.status)})` };
  }
  if (Number(bot.id) !== botId || bot.eventMode === undefined)
    return { ok: false, reason: 'the event’s access token does not belong to the application that owns this bot' };
  return { ok: true, token };
}
