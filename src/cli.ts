/**
 * `npm run cli -- <command>`: migrate, doctor, demo, report, parse-payment, bitrix-bot register.
 * The commands that read the environment read `.env` (or ENV_FILE) too; the real environment wins.
 */
import { ConfigError, loadEnvFile, loadRulesFile, parseEnv } from './config';
import { openDb, migrate } from './store/db';

const USAGE = `usage: npm run cli -- <command>
  migrate                 apply database migrations (DATABASE_PATH)
  doctor [--timeout S]    check configuration, Bitrix24 and Telegram; list pipelines and stage ids
                          (each check gives up after S seconds, default 10, and says which hung)
  demo                    run the offline demo (portal simulator + Telegram emulator)
  report --from YYYY-MM-DD --to YYYY-MM-DD [--csv out.csv] [--png out.png]
                          speed-to-lead figures of a period (everyone): text, CSV, chart
  parse-payment [--jsonl] read a payment message (or JSON lines from stdin) and print what the bot understood
  shadow                  run the bot read-only: the admins hear what it would have done (same as SHADOW=1 npm start)
  bitrix-bot register     put the chat bot into the Bitrix24 messenger (imbot.v2; events fetched by default, PUBLIC_URL only for webhook mode), or update it`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // .env (or ENV_FILE) under the real environment, for the commands that read the environment.
  if (command && ['migrate', 'doctor', 'report', 'shadow', 'bitrix-bot'].includes(command)) loadEnvFile();
  switch (command) {
    case 'migrate': {
      const env = parseEnv(process.env);
      const db = openDb(env.DATABASE_PATH);
      const applied = migrate(db);
      db.close();
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    case 'doctor': {
      const env = parseEnv(process.env);
      const { DEFAULT_CHECK_TIMEOUT_S, loadRulesForDoctor, runDoctor } = await import('./doctor');
      const at = rest.indexOf('--timeout');
      const seconds = at < 0 ? DEFAULT_CHECK_TIMEOUT_S : Number(rest[at + 1]);
      if (!Number.isFinite(seconds) || seconds <= 0 || rest.length !== (at < 0 ? 0 : 2)) {
        console.error(`doctor: --timeout takes the seconds each check may wait, e.g. --timeout 30\n${USAGE}`);
        return 2;
      }
      const { rules, problems } = loadRulesForDoctor(env.RULES_PATH);
      return runDoctor(env, rules, (l) => console.log(l), problems, { checkTimeoutMs: seconds * 1000 });
    }
    case 'demo': {
      const { runOfflineDemo } = await import('./offline');
      return runOfflineDemo(
        process.stdout,
        process.stderr,
        'The offline demo needs the dev dependencies (npm ci without --omit=dev) and the simulator/ folder.',
      );
    }
    case 'report': {
      const env = parseEnv(process.env);
      const { runReportCli } = await import('./app/report-cli');
      const { systemClock } = await import('./kernel/clock');
      return runReportCli(rest, env, loadRulesFile(env.RULES_PATH), process.stdout, systemClock);
    }
    case 'parse-payment': {
      const { runParsePayment } = await import('./payments/parse-cli');
      return runParsePayment(rest, process.stdin, process.stdout);
    }
    case 'shadow': {
      // The whole bot, reading only; see app/shadow.ts. main.ts runs until SIGTERM/SIGINT and exits itself.
      if (!process.env.BITRIX_WEBHOOK_URL) {
        console.error(
          'shadow mode watches a real portal: set BITRIX_WEBHOOK_URL (and TELEGRAM_BOT_TOKEN for the admins’ reports)',
        );
        return 2;
      }
      process.env.SHADOW = '1';
      await import('./main');
      return new Promise<number>(() => undefined);
    }
    case 'bitrix-bot': {
      if (rest[0] !== 'register') {
        console.error(USAGE);
        return 2;
      }
      const env = parseEnv(process.env);
      if (!env.BITRIX_WEBHOOK_URL) throw new ConfigError(['env BITRIX_WEBHOOK_URL: needed to register the chat bot']);
      const mode = env.BITRIX_BOT_EVENT_MODE;
      if (mode === 'webhook' && !env.PUBLIC_URL)
        throw new ConfigError([
          "env PUBLIC_URL: in webhook mode the address Bitrix24 sends the bot's events to (POST <PUBLIC_URL>/bitrix/bot); or use the default BITRIX_BOT_EVENT_MODE=fetch",
        ]);
      const { BitrixClient } = await import('./integrations/bitrix/client');
      const { setupChatBot } = await import('./integrations/bitrix/chat-bot-setup');
      const r = await setupChatBot(new BitrixClient({ webhookUrl: env.BITRIX_WEBHOOK_URL }), {
        eventMode: mode,
        publicUrl: env.PUBLIC_URL,
        botId: env.BITRIX_BOT_ID,
        botToken: env.BITRIX_BOT_TOKEN,
      });
      console.log(
        `${r.created ? 'registered' : 'updated'} the chat bot ${r.botId} (type supervisor, event mode ${r.eventMode})`,
      );
      console.log(
        r.eventMode === 'fetch'
          ? 'events: the bot fetches them itself with imbot.v2.Event.get and its own token — no public URL, no inbound token'
          : `events: posted to ${r.webhookUrl}; the bot learns its own application token from the first event it verifies with the portal (BITRIX_BOT_APP_TOKEN pins it; never the CRM webhook's token)`,
      );
      if (r.commandsAdded.length) console.log(`commands added: ${r.commandsAdded.map((c) => `/${c}`).join(', ')}`);
      if (!env.BITRIX_BOT_TOKEN)
        console.log(
          `put these into the bot's environment (the token is shown once):\nBITRIX_BOT_ID=${r.botId}\nBITRIX_BOT_TOKEN=${r.botToken}${mode === 'webhook' ? '\nBITRIX_BOT_EVENT_MODE=webhook' : ''}`,
        );
      console.log('then add the bot to the «Оплата» chat and set payments.bitrixChatId in the rules file');
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(e instanceof ConfigError ? `${e.message}\n` : `error: ${(e as Error).message}\n`);
    process.exit(e instanceof ConfigError ? 2 : 1);
  },
);
