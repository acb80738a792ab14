/**
 * Inbound HTTP: Bitrix24 events, health, metrics and (optionally) the Telegram webhook.
 * An event is written to the store before the reply; if it cannot be written the reply is 503,
 * so Bitrix24 (or the reconciliation sweep) brings it again.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { Logger } from '../kernel/log';
import type { Metrics } from '../kernel/metrics';
import { readDealEvent } from '../integrations/bitrix/events';
import { readChatEvent, type ChatEvent } from '../integrations/bitrix/chat-events';

export interface HttpDeps {
  log: Logger;
  metrics: Metrics;
  applicationToken: string | null;
  /** Stores the event; returns false for a duplicate. Throws when the store is unwritable. */
  recordDealEvent(e: { event: string; dealId: number; dedupKey: string }): boolean;
  onEventRecorded(): void;
  /** The Bitrix24 chat bot's events (imbot.v2 webhook mode), when the bot is configured so. */
  chatBot?: {
    /** The bot's own application token, pinned or learned; null until learned. Never the CRM webhook's. */
    applicationToken(): string | null;
    /**
     * An event whose token is not the known one: verified with the portal (safe-event-handlers.md)
     * and, when it checks out, its token becomes the known one. Absent when the token is pinned.
     */
    learn?(body: unknown): Promise<{ ok: true; token: string } | { ok: false; reason: string }>;
    botId: number;
    /** Stores the event; false for a duplicate. Throws when the store is unwritable. */
    record(e: { event: string; dedupKey: string; entityId: number; chat: ChatEvent | null }): boolean;
  };
  health(): { ok: boolean; details: Record<string, unknown> };
  telegramWebhook?: { path: string; handler: (req: never, reply: never) => unknown };
}

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  // Per-request access lines (info) are noise at a few events a second; warnings and errors stay.
  const httpLog = deps.log.child({ part: 'http' });
  if (httpLog.levelVal < 40) httpLog.level = 'warn';
  const app = Fastify({ loggerInstance: httpLog as FastifyBaseLogger, bodyLimit: 64 * 1024 });
  /**
   * A chat-bot event carries a message of up to 20,000 characters (chat-bots-v2/index.md#limits),
   * form-encoded: a Cyrillic letter is 6 bytes (%D0%B0), an emoji 12, plus the other fields.
   */
  const chatBodyLimit = 512 * 1024;
  await app.register(formbody);

  app.post('/bitrix/events', async (req, reply) => {
    if (!deps.applicationToken)
      return reply.code(404).send({ error: 'events are not enabled: BITRIX_APP_TOKEN is not set' });
    const verdict = readDealEvent(req.body, deps.applicationToken);
    if (!verdict.ok) {
      deps.metrics.eventsRejected.inc({ reason: verdict.status === 401 ? 'auth' : 'malformed' });
      req.log.warn({ status: verdict.status, reason: verdict.reason, ip: req.ip }, 'bitrix event rejected');
      return reply.code(verdict.status).send({ error: verdict.reason });
    }
    let fresh: boolean;
    try {
      fresh = deps.recordDealEvent(verdict);
    } catch (e) {
      req.log.error({ err: (e as Error).message }, 'could not store bitrix event');
      return reply.code(503).send({ error: 'storage unavailable, event not accepted' });
    }
    if (!fresh) {
      deps.metrics.eventsDeduplicated.inc();
      return { status: 'duplicate' };
    }
    deps.metrics.eventsReceived.inc({ event: verdict.event });
    deps.onEventRecorded();
    return { status: 'accepted' };
  });

  app.post('/bitrix/bot', { bodyLimit: chatBodyLimit }, async (req, reply) => {
    const bot = deps.chatBot;
    if (!bot)
      return reply.code(404).send({
        error:
          'chat-bot events are not taken here: set BITRIX_BOT_ID, BITRIX_BOT_TOKEN and BITRIX_BOT_EVENT_MODE=webhook',
      });
    const known = bot.applicationToken();
    let verdict: ReturnType<typeof readChatEvent> = known
      ? readChatEvent(req.body, known, bot.botId)
      : { ok: false, status: 401, reason: 'the bot’s application token is not known yet' };
    if (!verdict.ok && verdict.status === 401 && bot.learn) {
      const learned = await bot.learn(req.body);
      verdict = learned.ok
        ? readChatEvent(req.body, learned.token, bot.botId)
        : { ok: false, status: 401, reason: `wrong or missing auth[application_token]: ${learned.reason}` };
    }
    if (!verdict.ok) {
      deps.metrics.eventsRejected.inc({ reason: verdict.status === 400 ? 'malformed' : 'auth' });
      req.log.warn({ status: verdict.status, reason: verdict.reason, ip: req.ip }, 'bitrix chat-bot event rejected');
      return reply.code(verdict.status).send({ error: verdict.reason });
    }
    // Our own messages and edits echo back to a supervisor bot: answered, never recorded or acted on.
    if (verdict.ignored) return { status: 'ignored', reason: verdict.ignored };
    let fresh: boolean;
    try {
      fresh = bot.record(verdict);
    } catch (e) {
      req.log.error({ err: (e as Error).message }, 'could not store bitrix chat-bot event');
      return reply.code(503).send({ error: 'storage unavailable, event not accepted' });
    }
    if (!fresh) {
      deps.metrics.eventsDeduplicated.inc();
      return { status: 'duplicate' };
    }
    deps.metrics.eventsReceived.inc({ event: verdict.event });
    deps.onEventRecorded();
    return { status: 'accepted' };
  });

  app.get('/healthz', async (_req, reply) => {
    const h = deps.health();
    return reply.code(h.ok ? 200 : 503).send({ status: h.ok ? 'ok' : 'unhealthy', ...h.details });
  });

  app.get('/metrics', async (_req, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.render()));

  if (deps.telegramWebhook) app.post(deps.telegramWebhook.path, deps.telegramWebhook.handler as never);

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err: err.message }, 'request failed');
    return reply.code(status).send({ error: status === 500 ? 'internal error' : err.message });
  });
  return app;
}
