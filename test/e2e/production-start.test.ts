import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMissingDevModule, NO_CREDENTIALS } from '../../src/offline';

const dir = mkdtempSync(join(tmpdir(), 'b24bot-prod-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start` as the production image runs it (`node --import tsx src/main.ts`), with `missing` not installed. */
function startWithout(missing: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: join(dir, 'bot.sqlite'), MISSING_MODULES: missing };
  for (const key of Object.keys(env)) if (/^(BITRIX_|TELEGRAM_)|^NODE_OPTIONS$/.test(key)) delete env[key];
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './test/support/missing-modules.mjs', 'src/main.ts'],
    { env, encoding: 'utf8', timeout: 60_000 },
  );
}

describe('a start without credentials in the production image (`npm ci --omit=dev`)', () => {
  it.each([
    ['the dev dependency telegram-test-api is', 'telegram-test-api'],
    ['the simulator/ folder (not copied into the image) is', 'simulator/'],
  ])('when %s missing, then it prints one line saying what to set and exits 2', (_, missing) => {
    const r = startWithout(missing);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${NO_CREDENTIALS}\n`);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('BITRIX_WEBHOOK_URL');
    expect(r.stderr).toContain('TELEGRAM_BOT_TOKEN');
    expect(r.stderr).not.toMatch(/Error:|\n\s+at /);
  });

  it('when some other module is missing, then that is not mistaken for the missing demo', () => {
    const missing = (message: string) => Object.assign(new Error(message), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(isMissingDevModule(missing("Cannot find package 'telegram-test-api' imported from /app/x.ts"))).toBe(true);
    expect(isMissingDevModule(missing("Cannot find package 'luxon' imported from /app/src/demo.ts"))).toBe(false);
    expect(isMissingDevModule(missing("Cannot find module '/app/src/nope' imported from /app/src/demo.ts"))).toBe(
      false,
    );
    expect(isMissingDevModule(new Error("Cannot find package 'telegram-test-api'"))).toBe(false);
    expect(isMissingDevModule(new TypeError('x is not a function'))).toBe(false);
  });
});
