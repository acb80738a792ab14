/**
 * The real bot process (`src/main.ts`, system clock) against the simulator and the emulator,
 * killed with SIGKILL while a deadline is pending: the deadline still fires, once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as telegramTestApi from 'telegram-test-api';
import { BitrixSimulator } from '../../simulator/bitrix-portal';
import { seedPortal, companyRules, sampleDeal, PEOPLE } from '../../simulator/portal-fixture';
import { BOT_TOKEN, freePort, waitFor } from '../../simulator/harness';

type Server = InstanceType<typeof import('telegram-test-api/lib/telegramServer').TelegramServer>;
const interop = telegramTestApi as unknown as { default: unknown };
const TelegramServer = ((interop.default as { default?: unknown }).default ?? interop.default) as new (
  c: object,
) => Server;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('crash safety', () => {
  it('when the bot is killed with SIGKILL while a deadline is pending, then after restart it fires once', async () => {
    const sim = await BitrixSimulator.start({ rateLimit: false });
    cleanups.push(() => sim.stop());
    seedPortal(sim);
    const tg = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3600 });
    await tg.start();
    cleanups.push(() => tg.stop());
    const dir = mkdtempSync(join(tmpdir(), 'b24crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const rulesPath = join(dir, 'rules.json');
    const rules = companyRules({
      workingHours: { aroundTheClock: true },
      claim: { timeout: '3s' },
      escalation: {
        levels: [
          { after: '3s', notify: 'department_head' },
          { after: '6s', notify: 'directors' },
        ],
      },
      reconcile: { interval: '1s', initialLookback: '0s', overlap: '2s' },
    });
    writeFileSync(rulesPath, JSON.stringify(rules));
    const port = await freePort();
    const dbPath = join(dir, 'bot.sqlite');
    sim.setEventHandler(`http://127.0.0.1:${port}/bitrix/events`);

    let bot: ChildProcess | null = null;
    const startBot = async () => {
      bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: {
          PATH: process.env.PATH,
          BITRIX_WEBHOOK_URL: sim.webhookUrl,
          BITRIX_APP_TOKEN: sim.applicationToken,
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_API_ROOT: tg.config.apiURL,
          DATABASE_PATH: dbPath,
          RULES_PATH: rulesPath,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
        },
        stdio: 'ignore',
      });
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status === 200,
        'bot to be healthy',
        60_000,
      );
    };
    cleanups.push(() => bot?.kill('SIGKILL'));
    const to = (chat: number) =>
      tg.storage.botMessages
        .filter((u) => String(u.message.chat_id) === String(chat))
        .map((u) => String(u.message.text));

    await startBot();
    const assignedAt = Date.now();
    await sim.createDeal(sampleDeal(1));
    await waitFor(() => to(PEOPLE.grakun.telegram).length === 1, 'the card');
    // Killed after the card is recorded as sent. (Killed in the instant between Telegram accepting
    // a message and the bot recording it, the message is sent again once: delivery is at least once,
    // because the Bot API has no idempotency key to ask with.)
    const db = new Database(dbPath, { readonly: true });
    cleanups.push(() => db.close());
    const pending = () =>
      (
        db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND channel = 'telegram'`).get() as {
          n: number;
        }
      ).n;
    await waitFor(() => pending() === 0, 'the card recorded as sent');
    bot!.kill('SIGKILL');
    await new Promise((r) => bot!.once('exit', r));

    // Both escalation levels fall due while the bot is dead.
    await waitFor(() => Date.now() > assignedAt + 6_500, 'both deadlines to pass', 15_000);
    expect(to(PEOPLE.head.telegram)).toHaveLength(0);
    await startBot();
    await waitFor(
      () => to(PEOPLE.head.telegram).length === 1 && to(PEOPLE.director.telegram).length === 1,
      'overdue alerts after restart',
      30_000,
    );

    // Killed again once that is recorded: nothing is sent twice.
    await waitFor(() => pending() === 0, 'alerts recorded as sent');
    bot!.kill('SIGKILL');
    await new Promise((r) => bot!.once('exit', r));
    await startBot();
    await waitFor(
      () => (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n === 0,
      'outbox drained',
    );
    expect(to(PEOPLE.head.telegram)).toHaveLength(1);
    expect(to(PEOPLE.director.telegram)).toHaveLength(1);
    expect(to(PEOPLE.grakun.telegram).filter((t) => t.startsWith('🆕'))).toHaveLength(1);
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  }, 180_000);
});
