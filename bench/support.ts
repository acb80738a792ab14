/**
 * Small helpers shared by the benchmarks (not a benchmark itself): flags, percentiles, the
 * production rules, a business clock that follows real time, and a hook on cards arriving in the
 * Telegram emulator.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RulesInput } from '../src/config';
import { createLogger, type Logger } from '../src/kernel/log';
import type { ManualClock } from '../src/kernel/clock';
import { Harness, type HarnessOptions } from '../simulator/harness';
import { companyRules } from '../simulator/portal-fixture';
import { LongPollProxy } from './telegram-longpoll';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `--name value` from the command line, or the default. `--name` alone (a switch) reads as 'true'. */
export function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? 'true' : v;
}

export const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
export const secs = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '—');
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

/** A sales department of `n` managers (Bitrix24 ids 100…, Telegram ids 9100…), all in «Отдел продаж». */
export const makeManagers = (n: number) => Array.from({ length: n }, (_, i) => ({ id: 100 + i, telegram: 9100 + i }));

/**
 * The company's rules with the PRODUCTION defaults of src/config.ts for everything that paces or
 * retries (the sweep, Bitrix24 pacing and retries, the outbox, Telegram pacing): companyRules()
 * speeds those up for tests, so they are handed back to the schema's defaults here.
 */
export function productionRules(
  managers: Array<{ id: number; telegram: number }>,
  over: Partial<RulesInput> = {},
): Partial<RulesInput> {
  const base = companyRules();
  return {
    reconcile: undefined,
    bitrix: undefined,
    outbox: undefined,
    telegram: undefined,
    people: {
      ...base.people,
      links: [
        ...(base.people?.links ?? []),
        ...managers.map((m) => ({ bitrixUserId: m.id, telegramUserId: m.telegram })),
      ],
    },
    ...over,
  };
}

/** One line naming the pacing/retry values in force (read back from the running bot). */
export function rulesInForce(h: Harness): string {
  const r = h.app.ctx.rules;
  return (
    `sweep every ${r.reconcile.interval / 1000} s (overlap ${r.reconcile.overlap / 1000} s) | Bitrix24 client ${r.bitrix.requestsPerSecond} req/s, burst ${r.bitrix.burst}, ` +
    `${r.bitrix.maxRetries} retries from ${r.bitrix.retryBase} ms | event/outbox retry from ${r.outbox.retryBase} ms (×2, ≤300 s) | ` +
    `Telegram ${r.telegram.perChatPerSecond}/s per chat (burst ${r.telegram.perChatBurst}), ${r.telegram.globalPerSecond}/s overall`
  );
}

/** Harness.start with Telegram's getUpdates made a real long poll (see telegram-longpoll.ts); stop() stops both. */
export async function startHarness(
  opts: HarnessOptions,
): Promise<{ h: Harness; stop: () => Promise<void>; telegramFrontErrors: () => number }> {
  let proxy: LongPollProxy | null = null;
  const h = await Harness.start({
    ...opts,
    telegramApiRoot: async (url) => {
      proxy ??= await LongPollProxy.start(url);
      return proxy.url;
    },
  });
  return {
    h,
    telegramFrontErrors: () => proxy?.upstreamErrors ?? 0,
    stop: async () => {
      await h.stop();
      await proxy?.stop();
    },
  };
}

/** Which code was measured: the commit, and whether src/ or migrations/ differ from it (others edit them). */
export function codeVersion(): string {
  if (process.env.BENCH_CODE) return process.env.BENCH_CODE; // a copy of the tree without .git says what it is
  try {
    const git = (...a: string[]) =>
      execFileSync('git', a, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'migrations').split('\n').filter(Boolean).length;
    const diff = dirty
      ? createHash('sha1')
          .update(git('diff', 'HEAD', '--', 'src', 'migrations'))
          .digest('hex')
          .slice(0, 8)
      : '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ` + ${dirty} uncommitted file(s) in src/ or migrations/ (diff ${diff})` : ' (clean)'}`;
  } catch {
    return 'unknown (no git)';
  }
}

/** Adds the managers to the simulated portal and makes the bot's directory know them, as a running bot would. */
export async function warmUp(h: Harness, managers: Array<{ id: number }>): Promise<void> {
  for (const m of managers) h.sim.addUser({ id: m.id, name: 'Менеджер', lastName: `№${m.id}`, departmentIds: [3] });
  h.app.ctx.directory.invalidate();
  await h.app.reconcile();
}

/**
 * Makes the harness's ManualClock (the bot's business clock, and the portal's record clock) move
 * with real time from where it stands, so DATE_MODIFY, event `ts` and the sweep's cursor are what a
 * real portal and bot would see. Returns a stop function.
 */
export function followRealTime(clock: ManualClock): () => void {
  const origin = clock.now().getTime() - Date.now();
  const t = setInterval(() => clock.set(Date.now() + origin), 50);
  return () => clearInterval(t);
}

/**
 * Every new-deal card («🆕 … Заявка #n: …») as it lands in the emulator: n → arrival times (ms).
 * Hooked on the emulator's own event, so no polling delay is added to the latency.
 */
export function watchCards(tg: Harness['tg']): { arrivals: Map<number, number[]>; stop: () => void } {
  const arrivals = new Map<number, number[]>();
  const onAdded = () => {
    const u = tg.storage.botMessages.at(-1);
    const text = String(u?.message.text ?? '');
    const m = /Заявка #(\d+):/.exec(text);
    if (u && m && text.startsWith('🆕')) arrivals.set(Number(m[1]), [...(arrivals.get(Number(m[1])) ?? []), u.time]);
  };
  tg.on('AddedBotMessage', onAdded);
  return { arrivals, stop: () => tg.off('AddedBotMessage', onAdded) };
}

/**
 * A logger at level warn that counts its lines by message (numbers masked) instead of printing
 * them: the benchmarks report what the bot complained about.
 */
export function countingLogger(): { log: Logger; counts: Map<string, number>; summary: () => string } {
  const counts = new Map<string, number>();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        try {
          const o = JSON.parse(line) as { level: number; msg?: string; err?: unknown };
          const key =
            `${o.level >= 50 ? 'error' : 'warn'}: ${o.msg ?? ''}${o.err ? ` — ${String(o.err).slice(0, 90)}` : ''}`.replace(
              /\d+/g,
              '#',
            );
          counts.set(key, (counts.get(key) ?? 0) + 1);
        } catch {
          /* not a log line */
        }
      }
      done();
    },
  });
  const summary = () => (counts.size ? [...counts].map(([k, n]) => `${n} × ${k}`).join('; ') : 'none');
  return { log: createLogger({ level: 'warn', destination: sink }), counts, summary };
}

/** Polls a condition; unlike the harness's waitFor it does not throw: it says whether it held. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await sleep(everyMs);
  }
}
