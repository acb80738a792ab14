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
  /** The Bitrix24 chat bot's events (imbot.v2 webhook mode), when the bot is configured. */
  chatBot?: {
    applicationToken: string | null;
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

  app.post('/bitrix/bot', async (req, reply) => {
    const bot = deps.chatBot;
    if (!bot?.applicationToken)
      return reply
        .code(404)
        .send({ error: 'the Bitrix24 chat bot is not enabled: BITRIX_BOT_ID and BITRIX_BOT_TOKEN are not set' });
    const verdict = readChatEvent(req.body, bot.applicationToken, bot.botId);
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

  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(deps.metrics.render()));

  if (deps.telegramWebhook) app.post(deps.telegramWebhook.path, deps.telegramWebhook.handler as never);

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err: err.message }, 'request failed');
    return reply.code(status).send({ error: status === 500 ? 'internal error' : err.message });
  });
  return app;
}
