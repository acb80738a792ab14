/**
 * `npm start`: with credentials, the real bot; with none, the offline demo against the built-in
 * portal simulator and Telegram emulator.
 */
import { ConfigError, isOffline, loadEnvFile, loadRulesFile, parseEnv } from './config';
import { createLogger } from './kernel/log';
import { systemClock } from './kernel/clock';
import { App } from './app/app';
import { NO_CREDENTIALS, runOfflineDemo } from './offline';

async function main(): Promise<number> {
  const envFile = loadEnvFile();
  const env = parseEnv(process.env);
  if (isOffline(env))
    // The demo's first line says why it runs, so nobody takes it for the live bot (it ends 0 like a good run).
    return runOfflineDemo(
      process.stdout,
      process.stderr,
      NO_CREDENTIALS,
      `Offline demo: no BITRIX_WEBHOOK_URL and no TELEGRAM_BOT_TOKEN in the environment or in ${envFile ?? `${process.cwd()}/.env (there is no such file)`} — this is NOT the live bot; set them to run it (README, "Running it for real").`,
    );
  if (!env.BITRIX_WEBHOOK_URL)
    throw new ConfigError([
      'env BITRIX_WEBHOOK_URL: required when TELEGRAM_BOT_TOKEN is set (the bot reads deals from the portal)',
    ]);
  if (!env.TELEGRAM_BOT_TOKEN && !env.BITRIX_BOT_ID)
    throw new ConfigError([
      'env TELEGRAM_BOT_TOKEN: the bot needs a messenger — a Telegram token from @BotFather, or the Bitrix24 chat bot (BITRIX_BOT_ID and BITRIX_BOT_TOKEN from `npm run cli -- bitrix-bot register`)',
    ]);
  const rules = loadRulesFile(env.RULES_PATH);
  const log = createLogger({ level: env.LOG_LEVEL });
  const app = new App({ env, rules, clock: systemClock, log });
  const address = await app.listen();
  await app.start();
  log.info(
    {
      address,
      telegram: env.TELEGRAM_BOT_TOKEN ? env.TELEGRAM_MODE : 'off',
      bitrixChatBot: env.BITRIX_BOT_ID ?? 'off',
      events: env.BITRIX_APP_TOKEN ? 'push + sweep' : 'sweep only',
      shadow: env.SHADOW,
    },
    'bot started',
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await app.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`fatal: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
