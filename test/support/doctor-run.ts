/**
 * Running doctor (src/doctor.ts) in a test: against a harness's portal, Telegram and database, with
 * its printed report kept as text.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_TOKEN, type Harness } from '../../simulator/harness';
import { type Env, parseEnv, type Rules } from '../../src/config';
import { runDoctor } from '../../src/doctor';

/**
 * The env of a bot run against `h`: its portal's inbound webhook and app token, the Telegram bot token
 * and API root, its database. `over` sets a variable, or drops it when undefined. Throws ConfigError
 * as parseEnv does.
 */
export function harnessEnv(h: Harness, over: Record<string, string | undefined> = {}): Env {
  return parseEnv({
    BITRIX_WEBHOOK_URL: h.sim.webhookUrl,
    BITRIX_APP_TOKEN: h.sim.applicationToken,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: h.tg.config.apiURL,
    DATABASE_PATH: h.dbPath,
    ...over,
  });
}

/** Doctor run with `env` and `rules` (and the problems met loading the rules file): its exit code, and its lines joined by \n. */
export async function doctorReport(
  env: Env,
  rules: Rules,
  rulesProblems: string[] = [],
): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runDoctor(env, rules, (l) => lines.push(l), rulesProblems);
  return { code, out: lines.join('\n') };
}

/** Runs `use` with the path of a new rules file holding `yaml`, in a folder of its own removed afterwards. */
export async function withRulesFile<T>(yaml: string, use: (path: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-rules-'));
  try {
    const path = join(dir, 'rules.yaml');
    writeFileSync(path, yaml);
    return await use(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
