import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(REPO, 'node_modules/.bin/tsx');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'envfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `src/<script>` as `npm start` / `npm run cli` would, from `dir`, with only `env` (and PATH) in the real environment. */
function spawnTs(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [join(REPO, 'src', script), ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (e, out, err) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

/** A portal nobody answers (port 1 refuses at once): doctor gets past the configuration to the network. */
const DEAD_PORTAL = 'http://127.0.0.1:1/rest/1/abcdef123/';

describe('.env in the working directory', () => {
  it('when doctor runs with credentials in .env, then it reads them (BITRIX_WEBHOOK_URL is set, RULES_PATH is the one from .env)', async () => {
    writeFileSync(
      join(dir, '.env'),
      `# copied from .env.example\nBITRIX_WEBHOOK_URL=${DEAD_PORTAL}\nRULES_PATH=from-dotenv.yaml\nDATABASE_PATH=./data/bot.sqlite\nBITRIX_APP_TOKEN=\n`,
    );
    const { out } = await spawnTs('cli.ts', ['doctor']);
    expect(out).not.toContain('BITRIX_WEBHOOK_URL is not set');
    expect(out).toContain('rules file from-dotenv.yaml not found');
  });

  it('when a variable is set in the real environment too, then the real one wins', async () => {
    writeFileSync(join(dir, '.env'), `BITRIX_WEBHOOK_URL=${DEAD_PORTAL}\nRULES_PATH=from-dotenv.yaml\n`);
    writeFileSync(
      join(dir, 'real.yaml'),
      'pipelines: [{categoryId: 0, assignedStages: [NEW]}]\npeople: {directors: [1]}\n',
    );
    const { out } = await spawnTs('cli.ts', ['doctor'], { RULES_PATH: 'real.yaml' });
    expect(out).not.toContain('from-dotenv.yaml');
    expect(out).toContain('✔ rules: 1 pipeline(s)');
    expect(out).not.toContain('BITRIX_WEBHOOK_URL is not set');
  });

  it('when npm start has the portal in .env but no messenger, then it refuses in one line instead of running the demo', async () => {
    writeFileSync(join(dir, '.env'), `BITRIX_WEBHOOK_URL=${DEAD_PORTAL}\n`);
    const { code, out, err } = await spawnTs('main.ts', []);
    expect(code).toBe(2);
    expect(err).toContain('env TELEGRAM_BOT_TOKEN: the bot needs a messenger');
    expect(out).not.toMatch(/демо/i);
  });

  it('when there is no .env, then doctor runs as before (a missing .env is fine)', async () => {
    const { out } = await spawnTs('cli.ts', ['doctor']);
    expect(out).toContain('BITRIX_WEBHOOK_URL is not set');
  });

  it('when ENV_FILE names another file, then that one is read; when it names a missing one or a folder, then the start fails naming ENV_FILE', async () => {
    writeFileSync(join(dir, 'bot.env'), 'RULES_PATH=named.yaml\n');
    expect((await spawnTs('cli.ts', ['doctor'], { ENV_FILE: 'bot.env' })).out).toContain(
      'rules file named.yaml not found',
    );
    const missing = await spawnTs('cli.ts', ['doctor'], { ENV_FILE: 'nope.env' });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('env ENV_FILE: nope.env not found');
    mkdirSync(join(dir, 'folder'));
    const folder = await spawnTs('main.ts', [], { ENV_FILE: 'folder' });
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('env ENV_FILE: folder is a folder');
  });

  it('when npm start has no credentials anywhere, then its first line says why it runs the offline demo', async () => {
    const { out } = await spawnTs('main.ts', []);
    expect(out.split('\n')[0]).toMatch(
      /^Offline demo: no BITRIX_WEBHOOK_URL and no TELEGRAM_BOT_TOKEN in the environment or in .*\.env/,
    );
  }, 120_000);
});
