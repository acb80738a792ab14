/**
 * `npm run sandbox` (simulator/sandbox.ts): the portal simulator and the Telegram emulator for trying
 * the real process — the env file it prints reaches both, and its commands play the people.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../simulator/harness';

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

describe('npm run sandbox', () => {
  it('when started, then it prints an env file for npm start whose portal and Telegram answer, takes a deal command, and quits', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'simulator/sandbox.ts'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    proc.stderr?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    await waitFor(() => /quit {2,}/.test(out), 'the sandbox to print its commands', 30_000);
    const envFile = /ENV_FILE=(\S+) npm start/.exec(out)?.[1];
    expect(envFile).toBeDefined();
    const env = Object.fromEntries(
      readFileSync(envFile!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual(
      [
        'BITRIX_APP_TOKEN',
        'BITRIX_WEBHOOK_URL',
        'DATABASE_PATH',
        'HOST',
        'PORT',
        'RULES_PATH',
        'TELEGRAM_API_ROOT',
        'TELEGRAM_BOT_TOKEN',
      ].sort(),
    );
    expect(env.HOST).toBe('127.0.0.1');
    const profile = (await (await fetch(`${env.BITRIX_WEBHOOK_URL}profile.json`, { method: 'POST' })).json()) as {
      result?: { ID?: string };
    };
    expect(profile.result?.ID).toBeDefined();
    const me = (await (await fetch(`${env.TELEGRAM_API_ROOT}/bot${env.TELEGRAM_BOT_TOKEN}/getMe`)).json()) as {
      ok: boolean;
    };
    expect(me.ok).toBe(true);
    const member = (await (
      await fetch(`${env.TELEGRAM_API_ROOT}/bot${env.TELEGRAM_BOT_TOKEN}/getChatMember`, { method: 'POST' })
    ).json()) as { result?: { status?: string } };
    expect(member.result?.status).toBe('administrator');
    expect(JSON.parse(readFileSync(env.RULES_PATH!, 'utf8')).payments.telegramChatId).toBe(-100779);

    // A command typed with say reaches the bot as Telegram sends one: with its bot_command entity.
    proc.stdin?.write('say grakun /where\n');
    type Update = { message?: { text?: string; entities?: Array<{ type: string; offset: number; length: number }> } };
    let commands: Update[] = [];
    await waitFor(async () => {
      const r = (await (
        await fetch(`${env.TELEGRAM_API_ROOT}/bot${env.TELEGRAM_BOT_TOKEN}/getUpdates`, { method: 'POST' })
      ).json()) as { result?: Update[] };
      commands = (r.result ?? []).filter((u) => u.message?.text === '/where');
      return commands.length > 0;
    }, 'the say command to reach Telegram');
    expect(commands[0]?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);

    proc.stdin?.write('deal\n');
    await waitFor(() => /deal \d+ created/.test(out), 'the deal command');
    proc.stdin?.write('quit\n');
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(0);
    rmSync(dirname(envFile!), { recursive: true, force: true });
  }, 60_000);
});
