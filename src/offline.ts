/**
 * `npm start` / `npm run demo` without a portal: the offline demo. It runs on the portal simulator
 * (simulator/) and the Telegram emulator (telegram-test-api, a dev dependency); the production image
 * (`npm ci --omit=dev`, no simulator/) has neither, so there it says in one line what to set instead.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NO_CREDENTIALS =
  'No credentials: set BITRIX_WEBHOOK_URL and TELEGRAM_BOT_TOKEN (or BITRIX_BOT_ID and BITRIX_BOT_TOKEN) to run the bot; the offline demo needs the dev dependencies (npm ci without --omit=dev).';

const SIMULATOR_DIR = fileURLToPath(new URL('../simulator/', import.meta.url));

/**
 * Runs the demo; if its dev-only modules are not installed, writes `unavailable` to `err` and returns 2.
 * `banner`: the first line of `out` once the demo does run (why it runs instead of the bot).
 */
export async function runOfflineDemo(
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  unavailable = NO_CREDENTIALS,
  banner?: string,
): Promise<number> {
  let demo: typeof import('./demo');
  try {
    demo = await import('./demo');
  } catch (e) {
    if (!isMissingDevModule(e)) throw e;
    err.write(`${unavailable}\n`);
    return 2;
  }
  if (banner) out.write(`${banner}\n`);
  return demo.runDemo(out);
}

/** A module the demo alone needs is not installed: a dev dependency, or the simulator/ folder. Anything else is a bug. */
export function isMissingDevModule(e: unknown): boolean {
  if ((e as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') return false;
  const message = String((e as Error).message);
  const pkg = /Cannot find package '([^']+)'/.exec(message)?.[1];
  if (pkg) return Object.hasOwn(devDependencies(), pkg);
  const file = /Cannot find module '([^']+)'/.exec(message)?.[1];
  return file?.startsWith(SIMULATOR_DIR) === true;
}

function devDependencies(): Record<string, string> {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      devDependencies?: Record<string, string>;
    };
    return pkg.devDependencies ?? {};
  } catch {
    return {};
  }
}
