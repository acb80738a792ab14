/**
 * `npm run sandbox`: the portal simulator and the Telegram emulator on loopback, for trying the real
 * bot process (`npm start`, system clock) before going live. It writes an env file and a rules file
 * (the demo company: its people, pipelines, one open invoice 2018/943 for 4 000 ₽ and the «Оплата»
 * chat) and prints the one command to start the bot against them; then it reads commands on stdin
 * that play the people: a new deal, a message, a tap — and shows what the bot sent them.
 * As test/e2e/crash.test.ts starts them; Telegram's real limits are kept by the strict proxy.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as telegramTestApi from 'telegram-test-api';
import type { TelegramServer as TelegramServerType } from 'telegram-test-api/lib/telegramServer';
import { BitrixSimulator } from './bitrix-portal';
import { companyRules, PEOPLE, sampleDeal, seedPortal, STAGES } from './portal-fixture';
import { BOT_TOKEN, freePort } from './harness';
import { StrictTelegramProxy } from './telegram-proxy';
import { TelegramFileFront } from './telegram-files';

type TelegramServerCtor = typeof TelegramServerType;
const interop = telegramTestApi as unknown as { default: TelegramServerCtor | { default: TelegramServerCtor } };
const TelegramServer: TelegramServerCtor = 'default' in interop.default ? interop.default.default : interop.default;

/** The «Оплата» group in the emulator. */
const PAY_CHAT = -100779;
const WHO: Record<string, { id: number; telegram: number }> = {
  director: PEOPLE.director,
  head: PEOPLE.head,
  grakun: PEOPLE.grakun,
  ivanov: PEOPLE.ivanov,
};

const HELP = `Commands (people: director, head, grakun, ivanov):
  deal [grakun|ivanov]      a new deal in «Назначен ответственный» (the portal posts ONCRMDEALADD)
  say <who> <text>          <who> writes to the bot in a private chat (/start, /where, /payments…)
  pay <text>                the director writes in «Оплата», e.g.: pay оплачен счет 943 на 4000
  tap <who> <msg id> <n>    <who> presses button n (from 1) under the bot's message <msg id>
  show                      what the bot sent since the last show (message ids, buttons)
  quit                      stop the simulator and the emulator (stop the bot first: Ctrl-C)`;

async function main(): Promise<void> {
  const sim = await BitrixSimulator.start({});
  seedPortal(sim);
  const company = sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
  const invoiced = await sim.createDeal(
    { ...sampleDeal(900), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
    { emit: false },
  );
  sim.addInvoice({
    kind: 'smart',
    number: '2018/943',
    amount: 4000,
    dealId: invoiced,
    companyId: company,
    responsibleId: PEOPLE.grakun.id,
  });
  const tg = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 24 * 3600 });
  await tg.start();
  // The bot as the administrator of «Оплата», as README tells to set it up: doctor asks getChatMember.
  const front = await TelegramFileFront.start(tg.config.apiURL, { member: 'administrator' });
  const api = await StrictTelegramProxy.start(front.url);

  const dir = mkdtempSync(join(tmpdir(), 'b24bot-sandbox-'));
  const port = await freePort();
  sim.setEventHandler(`http://127.0.0.1:${port}/bitrix/events`);
  const rulesPath = join(dir, 'rules.json');
  // Minutes instead of the rulebook's 10 and 20, around the clock: an escalation is seen in a short try.
  const rules = companyRules({
    workingHours: { aroundTheClock: true } as never,
    claim: { timeout: '2m' },
    escalation: {
      levels: [
        { after: '2m', notify: 'department_head' },
        { after: '4m', notify: 'directors' },
      ],
    },
    reconcile: { interval: '30s', initialLookback: '0s', overlap: '60s' },
    payments: { telegramChatId: PAY_CHAT } as never,
    pipelines: [
      { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
      { categoryId: 5, assignedStages: ['C5:PREPARATION'] },
    ],
  });
  writeFileSync(rulesPath, JSON.stringify(rules, null, 2));
  const env = {
    BITRIX_WEBHOOK_URL: sim.webhookUrl,
    BITRIX_APP_TOKEN: sim.applicationToken,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: api.url,
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    RULES_PATH: rulesPath,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  const envPath = join(dir, 'sandbox.env');
  writeFileSync(
    envPath,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  const out = (s = '') => process.stdout.write(`${s}\n`);
  out(`Sandbox: the portal simulator at ${sim.portalUrl}, the Telegram emulator at ${api.url} (loopback only).`);
  out(`Rules: ${rulesPath}`);
  out(`Env (${envPath}):`);
  for (const [k, v] of Object.entries(env)) out(`  ${k}=${v}`);
  out('');
  out('Start the real bot against them in another terminal, in this folder:');
  out(`  ENV_FILE=${envPath} npm start`);
  out(`Then: npm run cli -- doctor (same ENV_FILE), /healthz at http://127.0.0.1:${port}/healthz.`);
  out('');
  out(HELP);

  let shown = 0;
  const show = () => {
    const all = tg.storage.botMessages;
    for (const u of all.slice(shown)) {
      const chat = Number(u.message.chat_id);
      const name =
        chat === PAY_CHAT ? '«Оплата»' : (Object.entries(WHO).find(([, p]) => p.telegram === chat)?.[0] ?? chat);
      const markup = u.message.reply_markup as
        | { inline_keyboard?: Array<Array<{ text: string }>> }
        | string
        | undefined;
      const kb = typeof markup === 'string' ? (JSON.parse(markup) as typeof markup & object) : markup;
      const buttons = (kb?.inline_keyboard ?? []).flat().map((b, i) => `[${i + 1} ${b.text}]`);
      out(`→ ${name} #${u.messageId}: ${String(u.message.text).replace(/<[^>]+>/g, '')} ${buttons.join(' ')}`);
    }
    if (all.length === shown) out('(nothing new)');
    shown = all.length;
  };
  const client = (who: { telegram: number }, chatId: number) =>
    tg.getClient(BOT_TOKEN, {
      userId: who.telegram,
      chatId,
      firstName: `user${who.telegram}`,
      type: chatId < 0 ? 'group' : 'private',
      chatTitle: 'Оплата',
    });
  let deals = 0;
  const run = async (line: string) => {
    const [cmd = '', ...rest] = line.trim().split(/\s+/);
    const who = WHO[rest[0] ?? ''];
    if (cmd === 'deal') {
      const id = await sim.createDeal(sampleDeal(++deals, (WHO[rest[0] ?? 'grakun'] ?? PEOPLE.grakun).id));
      out(`deal ${id} created`);
    } else if (cmd === 'say' && who && rest.length > 1) {
      const c = client(who, who.telegram);
      const text = rest.slice(1).join(' ');
      // A command carries Telegram's bot_command entity, as a real client sends it (the bot reads commands by it).
      if (text.startsWith('/')) await c.sendCommand(c.makeCommand(text));
      else await c.sendMessage(c.makeMessage(text));
    } else if (cmd === 'pay' && rest.length) {
      const c = client(PEOPLE.director, PAY_CHAT);
      await c.sendMessage(c.makeMessage(rest.join(' ')));
    } else if (cmd === 'tap' && who && rest.length === 3) {
      const message = tg.storage.botMessages.find((u) => u.messageId === Number(rest[1]));
      const markup = message?.message.reply_markup as
        | { inline_keyboard?: Array<Array<{ callback_data?: string }>> }
        | string
        | undefined;
      const kb = typeof markup === 'string' ? (JSON.parse(markup) as typeof markup & object) : markup;
      const data = (kb?.inline_keyboard ?? []).flat()[Number(rest[2]) - 1]?.callback_data;
      if (!data) return out('no such message or button (see show)');
      const c = client(who, who.telegram);
      await c.sendCallback(c.makeCallbackQuery(data, { message: { message_id: Number(rest[1]) } }));
    } else if (cmd === 'show') show();
    else if (cmd === 'quit') {
      await api.stop();
      await front.stop();
      await tg.stop();
      await sim.stop();
      process.exit(0);
    } else if (cmd) out(HELP);
  };
  // Without a terminal (started in the background) stdin ends at once: the servers stay up until SIGINT/SIGTERM.
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => void run(line).catch((e: unknown) => out(`error: ${(e as Error).message}`)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void run('quit'));
}

main().catch((e: unknown) => {
  process.stderr.write(`sandbox: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
