/**
 * `npm run sandbox` (simulator/sandbox.ts): the portal simulator and the Telegram emulator for trying
 * the real process — the env file it prints reaches both, and its commands play the people.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../simulator/harness';

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Starts `npm run sandbox` as a child and waits for its command list; `out()` is all it has printed so far. */
async function startSandbox(): Promise<{ proc: ChildProcess; out: () => string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'simulator/sandbox.ts'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child = proc;
  let printed = '';
  const take = (d: Buffer) => {
    printed += d.toString('utf8');
  };
  proc.stdout?.on('data', take);
  proc.stderr?.on('data', take);
  await waitFor(() => /quit {2,}/.test(printed), 'the sandbox to print its commands', 60_000);
  return { proc, out: () => printed };
}

describe('npm run sandbox', () => {
  it('when started, then it prints an env file for npm start whose portal and Telegram answer, takes a deal command, and quits', async () => {
    const { proc, out } = await startSandbox();
    const envFile = /ENV_FILE=(\S+) npm start/.exec(out())?.[1];
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
    await waitFor(() => /deal \d+ created/.test(out()), 'the deal command');
    proc.stdin?.write('quit\n');
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(0);
    rmSync(dirname(envFile!), { recursive: true, force: true });
  }, 60_000);

  it('when the tester edits, posts a photo, a document and a forward, injects 429, adds an invoice, then the bot gets them as Telegram sends them, and show prints edits and toasts', async () => {
    const { proc, out } = await startSandbox();
    const envFile = /ENV_FILE=(\S+) npm start/.exec(out())?.[1] ?? '';
    const env = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const api = `${env.TELEGRAM_API_ROOT}/bot${env.TELEGRAM_BOT_TOKEN}`;
    const call = async (method: string, payload: unknown = {}) =>
      (await (
        await fetch(`${api}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        })
      ).json()) as Json;
    /** The test plays the bot: polls with an offset, as grammY does, so every update comes once. */
    let offset = 0;
    const got: Json[] = [];
    const poll = async () => {
      const r = await call('getUpdates', { offset });
      for (const u of r.result ?? []) {
        got.push(u);
        offset = u.update_id + 1;
      }
    };
    const command = async (line: string, printed: RegExp) => {
      const at = out().length;
      proc.stdin?.write(`${line}\n`);
      await waitFor(() => printed.test(out().slice(at)), line);
      return out().slice(at);
    };
    const idOf = (said: string) => Number(/message #(\d+)/.exec(said)?.[1]);

    const paid = idOf(await command('pay оплачен счет 943 на 4000', /message #\d+/));
    await command(`edit ${paid} оплачен счет 943 на 5000`, /edited/);
    const photo = idOf(await command('photo pay скрин платёжки', /message #\d+/));
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-doc-'));
    const statement = '1CClientBankExchange\nВерсияФормата=1.03\nКонецФайла\n';
    writeFileSync(join(dir, 'kl_to_1c.txt'), statement);
    await command(`doc pay ${join(dir, 'kl_to_1c.txt')} выписка`, /message #\d+: kl_to_1c\.txt/);
    await command(`fwd pay ${paid}`, /forwarded/);
    await waitFor(async () => {
      await poll();
      return got.length >= 5;
    }, 'the five updates');
    const [message, edited, withPhoto, withDoc, forwarded] = got;
    expect(message?.message).toMatchObject({ message_id: paid, text: 'оплачен счет 943 на 4000' });
    expect(edited?.edited_message).toMatchObject({ message_id: paid, text: 'оплачен счет 943 на 5000' });
    expect(edited?.edited_message.edit_date).toEqual(expect.any(Number));
    expect(withPhoto?.message).toMatchObject({ message_id: photo, caption: 'скрин платёжки' });
    expect(withPhoto?.message.photo).toHaveLength(2);
    expect(withPhoto?.message.text).toBeUndefined();
    expect(withDoc?.message).toMatchObject({ caption: 'выписка', document: { file_name: 'kl_to_1c.txt' } });
    const file = await call('getFile', { file_id: withDoc?.message.document.file_id });
    const bytes = await (
      await fetch(`${env.TELEGRAM_API_ROOT}/file/bot${env.TELEGRAM_BOT_TOKEN}/${file.result.file_path}`)
    ).text();
    expect(bytes).toBe(statement);
    expect(forwarded?.message).toMatchObject({
      text: 'оплачен счет 943 на 4000',
      forward_origin: { type: 'user', sender_user: { id: message?.message.from.id } },
    });
    // Nothing more comes, and nothing comes twice.
    await poll();
    expect(got).toHaveLength(5);

    await command('fault 429 1 7', /429 retry_after=7/);
    const chat = Number(message?.message.chat.id);
    const limited = await call('sendMessage', { chat_id: chat, text: 'карточка' });
    expect(limited).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 7 } });
    const sent = await call('sendMessage', {
      chat_id: chat,
      text: '<b>Счёт</b> 943',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: '✅ Верно', callback_data: 'ok:1' }]] },
    });
    expect(sent.ok).toBe(true);
    await call('editMessageText', { chat_id: chat, message_id: sent.result.message_id, text: 'Счёт 943 оплачен' });
    await call('answerCallbackQuery', { callback_query_id: '1', text: 'Уже отмечено', show_alert: true });
    const shown = await command('show', /alert/);
    expect(shown).toContain(`→ «Оплата» #${sent.result.message_id}: Счёт 943 [1 ✅ Верно]`);
    expect(shown).toContain(`✎ «Оплата» #${sent.result.message_id} edited: Счёт 943 оплачен`);
    expect(shown).toContain('⚠ alert to the tap: Уже отмечено');
    expect(await command('show', /nothing new/)).toContain('(nothing new)');

    const added = await command('invoice 2500', /invoice \S+ for 2500/);
    const deal = Number(/added to deal (\d+)/.exec(added)?.[1]);
    const invoices = (await (
      await fetch(`${env.BITRIX_WEBHOOK_URL}crm.item.list.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entityTypeId: 31, filter: { parentId2: deal } }),
      })
    ).json()) as Json;
    expect(invoices.result.items.map((i: Json) => i.opportunity).sort()).toEqual([2500, 4000]);

    proc.stdin?.write('quit\n');
    expect(await new Promise<number | null>((resolve) => proc.once('exit', resolve))).toBe(0);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(envFile), { recursive: true, force: true });
  }, 90_000);
});

/** Wire answers in assertions: read field by field, so `any` is the honest type. */
// biome-ignore lint/suspicious/noExplicitAny: the test reads untyped JSON answers field by field
type Json = Record<string, any>;
