/** `npm run cli -- <command>`: migrate, doctor, demo, parse-payment. */
import { ConfigError, loadRulesFile, parseEnv } from './config';
import { openDb, migrate } from './store/db';

const USAGE = `usage: npm run cli -- <command>
  migrate                 apply database migrations (DATABASE_PATH)
  doctor                  check configuration, Bitrix24 and Telegram; list pipelines and stage ids
  demo                    run the offline demo (portal simulator + Telegram emulator)
  parse-payment [--jsonl] read a payment message (or JSON lines from stdin) and print what the bot understood`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
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
      const { runDoctor } = await import('./doctor');
      return runDoctor(env, loadRulesFile(env.RULES_PATH), (l) => console.log(l));
    }
    case 'demo': {
      const { runDemo } = await import('./demo');
      return runDemo(process.stdout);
    }
    case 'parse-payment': {
      const { runParsePayment } = await import('./payments/parse-cli');
      return runParsePayment(rest, process.stdin, process.stdout);
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
