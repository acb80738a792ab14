import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Secrets never reach a log line: tokens live in env and in Bitrix event bodies
 * (auth.*), and webhook URLs carry the token in their path.
 */
const REDACT = [
  '*.token',
  '*.botToken',
  '*.webhookUrl',
  '*.application_token',
  '*.applicationToken',
  'auth',
  '*.auth',
  'body.auth',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'headers["x-telegram-bot-api-secret-token"]',
];

export function createLogger(
  opts: { level?: string; pretty?: boolean; destination?: NodeJS.WritableStream } = {},
): Logger {
  return pino(
    {
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT, censor: '[secret]' },
      base: undefined,
    },
    (opts.destination as pino.DestinationStream | undefined) ?? pino.destination(2),
  );
}
