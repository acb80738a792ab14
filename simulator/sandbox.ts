/**
 * `npm run sandbox`: the portal simulator and the Telegram emulator on loopback, for trying the real
 * bot process (`npm start`, system clock) before going live. It writes an env file and a rules file
 * (the demo company: its people, pipelines, one open invoice 2018/943 for 4 000 ₽ and the «Оплата»
 * chat) and prints the one command to start the bot against them; then it reads commands on stdin
 * that play the people: a new deal, a message, a tap, an edit, a photo, a document, a forward, another
 * invoice, Telegram's 429/409 — and shows what they saw: the bot's messages, its edits, its toasts.
 * As test/e2e/crash.test.ts starts them; Telegram's real limits are kept by the strict proxy.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import * as telegramTestApi from 'telegram-test-api';
import type { TelegramServer as TelegramServerType } from 'telegram-test-api/lib/telegramServer';
import { BitrixSimulator } from './bitrix-portal';
import { companyRules, PEOPLE, sampleDeal, seedPortal, STAGES } from './portal-fixture';
import { BOT_TOKEN, freePort } from './harness';
import { faults, StrictTelegramProxy } from './telegram-proxy';
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

const HELP = `Commands (people: director, head, grakun, ivanov; <where>: pay = the director in «Оплата», or a person's private chat):
  deal [grakun|ivanov]      a new deal in «Назначен ответственный» (the portal posts ONCRMDEALADD)
  say <who> <text>          <who> writes to the bot in a private chat (/start, /where, /payments…)
  pay <text>                the director writes in «Оплата», e.g.: pay оплачен счет 943 на 4000
  tap <who> <msg id> <n>    <who> presses button n (from 1) under the bot's message <msg id>
  edit <msg id> <text>      the author edits their message <msg id> (an edited_message update)
  photo <where> [caption]   a photo (a payment order's screenshot) with a caption
  doc <where> <file> [caption]  a document: the file's bytes, fetched by the bot with getFile (a 1C statement)
  fwd <where> <msg id|text> a forwarded message: a copy of message <msg id>, or a text from a hidden sender
  invoice <sum> [deal id]   a new invoice on the portal (crm.item.add), for the deal (default: invoice 2018/943's)
  fault 429 <n> [secs] [method]  Telegram answers 429 retry_after=secs (5) to the next n calls of method (sendMessage)
  fault 409 <n>             Telegram answers 409 Conflict to the next n getUpdates (another instance polling)
  fault clear               no more injected faults
  show                      what the people saw since the last show: messages, edits, toasts, files
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

  const nameOf = (chatId: string | number | null): string => {
    if (chatId === null) return '?';
    if (Number(chatId) === PAY_CHAT) return '«Оплата»';
    return Object.entries(WHO).find(([, p]) => p.telegram === Number(chatId))?.[0] ?? String(chatId);
  };
  /** Who pressed each tap (callback_query id → person): a toast answers a tap, not a chat. */
  const tappers = new Map<string, string>();
  const emulator = tg as unknown as { callbackId: number; updateId: number };
  const indent = (text: string) => text.replace(/\n/g, '\n    ');
  let seen = 0;
  let filesSeen = 0;
  const show = () => {
    const events = api.screen.slice(seen);
    const files = front.files.slice(filesSeen);
    seen = api.screen.length;
    filesSeen = front.files.length;
    for (const e of events) {
      const buttons = e.buttons.map((b, i) => `[${i + 1} ${b}]`).join(' ');
      const where = `${nameOf(e.chatId)} #${e.messageId}`;
      if (e.kind === 'sent') out(`→ ${where}: ${indent(e.text)} ${buttons}`);
      else if (e.kind === 'edited') out(`✎ ${where} edited: ${indent(e.text)} ${buttons}`);
      else if (e.kind === 'buttons') out(`✎ ${where} buttons now: ${buttons || '(none)'}`);
      else
        out(
          `${e.showAlert ? '⚠ alert' : '💬 toast'} to ${tappers.get(e.callbackQueryId ?? '') ?? 'the tap'}: ${e.text || '(empty: the spinner stops)'}`,
        );
    }
    for (const f of files)
      out(
        `📎 ${nameOf(f.chatId)} #${f.messageId}: ${f.method === 'sendPhoto' ? 'photo' : 'document'} ${f.name} (${f.bytes.length} bytes)${f.caption ? ` — ${indent(f.caption)}` : ''}`,
      );
    if (events.length === 0 && files.length === 0) out('(nothing new)');
  };
  const client = (who: { telegram: number }, chatId: number) =>
    tg.getClient(BOT_TOKEN, {
      userId: who.telegram,
      chatId,
      firstName: `user${who.telegram}`,
      type: chatId < 0 ? 'group' : 'private',
      chatTitle: 'Оплата',
    });
  /** `pay`: the director in «Оплата»; a person: their private chat with the bot. */
  const place = (word: string | undefined) => {
    if (word === 'pay') return client(PEOPLE.director, PAY_CHAT);
    const who = WHO[word ?? ''];
    return who ? client(who, who.telegram) : null;
  };
  const lastUserMessage = () => (tg.storage.userMessages.at(-1) as unknown as { messageId: number }).messageId;
  /** Posts a message with fields of its own (no text unless given); its id. */
  const post = async (c: NonNullable<ReturnType<typeof place>>, fields: Record<string, unknown>) => {
    const message = c.makeMessage(typeof fields.text === 'string' ? fields.text : '', fields as never) as Record<
      string,
      unknown
    >;
    if (fields.text === undefined) delete message.text;
    await c.sendMessage(message as never);
    return lastUserMessage();
  };
  /** A user's message as Telegram delivered it (the emulator keeps the first version), or a bot message's text. */
  const findMessage = (id: number): { message: Record<string, unknown>; bot: boolean } | null => {
    const user = tg.storage.userMessages.find((u) => u.messageId === id && 'message' in u) as
      | { message: Record<string, unknown> }
      | undefined;
    if (user) return { message: user.message, bot: false };
    const bot = tg.storage.botMessages.find((u) => u.messageId === id);
    return bot ? { message: { text: String(bot.message.text ?? '') }, bot: true } : null;
  };
  /** Updates the emulator cannot make go through the strict proxy's queue, after the emulator's unread ones. */
  const deliver = (update: Record<string, unknown>) =>
    api.deliver([
      ...(tg.getUpdates(BOT_TOKEN) as unknown as Array<Record<string, unknown>>),
      { ...update, update_id: emulator.updateId++ },
    ]);
  const edits = new Map<number, number>();
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
      out(`(message #${lastUserMessage()})`);
    } else if (cmd === 'pay' && rest.length) {
      const c = client(PEOPLE.director, PAY_CHAT);
      await c.sendMessage(c.makeMessage(rest.join(' ')));
      out(`(message #${lastUserMessage()})`);
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
      tappers.set(String(emulator.callbackId), rest[0] ?? '?');
      await c.sendCallback(c.makeCallbackQuery(data, { message: { message_id: Number(rest[1]) } }));
    } else if (cmd === 'edit' && rest.length > 1) {
      // core.telegram.org/bots/api#update: edited_message, "new version of a message that is known to the bot";
      // the message as it was, with the new text (or caption) and edit_date (#message).
      const id = Number(rest[0]);
      const found = findMessage(id);
      if (!found || found.bot) return out('no such message of a person (see the ids say/pay/photo/doc/fwd print)');
      const { botToken: _token, ...message } = found.message;
      const text = rest.slice(1).join(' ');
      const at = Math.max(Math.floor(Date.now() / 1000), (edits.get(id) ?? 0) + 1);
      edits.set(id, at);
      deliver({
        edited_message: {
          ...message,
          message_id: id,
          edit_date: at,
          ...('caption' in message ? { caption: text } : { text }),
        },
      });
      out(`(message #${id} edited)`);
    } else if (cmd === 'photo' && place(rest[0])) {
      // A PhotoSize array, small to large (core.telegram.org/bots/api#photosize); the bytes stand in for a JPEG.
      const bytes = Buffer.from('\xff\xd8\xff\xe0 sandbox photo \xff\xd9', 'latin1');
      const small = front.offer('photo_s.jpg', bytes, 'image/jpeg');
      const large = front.offer('photo_l.jpg', bytes, 'image/jpeg');
      const size = (f: typeof small, w: number, h: number) => ({
        file_id: f.file_id,
        file_unique_id: f.file_unique_id,
        width: w,
        height: h,
        file_size: f.file_size,
      });
      const caption = rest.slice(1).join(' ');
      const id = await post(place(rest[0])!, {
        photo: [size(small, 90, 67), size(large, 1280, 960)],
        ...(caption ? { caption } : {}),
      });
      out(`(message #${id})`);
    } else if (cmd === 'doc' && place(rest[0]) && rest[1]) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(rest[1]);
      } catch (e) {
        return out(`cannot read ${rest[1]}: ${(e as Error).message}`);
      }
      const caption = rest.slice(2).join(' ');
      const document = front.offer(
        basename(rest[1]),
        bytes,
        /\.txt$/i.test(rest[1]) ? 'text/plain' : 'application/octet-stream',
      );
      const id = await post(place(rest[0])!, { document, ...(caption ? { caption } : {}) });
      out(`(message #${id}: ${document.file_name}, ${bytes.length} bytes)`);
    } else if (cmd === 'fwd' && place(rest[0]) && rest.length > 1) {
      // forward_origin (core.telegram.org/bots/api#messageorigin): the author of the copied message, or a
      // sender who hides their account (MessageOriginHiddenUser).
      const date = Math.floor(Date.now() / 1000);
      const found = rest.length === 2 && /^\d+$/.test(rest[1] ?? '') ? findMessage(Number(rest[1])) : null;
      let fields: Record<string, unknown>;
      if (found) {
        const m = found.message;
        const origin = found.bot
          ? {
              type: 'user',
              date,
              sender_user: { id: Number(BOT_TOKEN.split(':')[0]), is_bot: true, first_name: 'Bot' },
            }
          : { type: 'user', date: m.date ?? date, sender_user: m.from };
        fields = {
          forward_origin: origin,
          ...Object.fromEntries(
            ['text', 'entities', 'caption', 'photo', 'document'].filter((k) => k in m).map((k) => [k, m[k]]),
          ),
        };
      } else
        fields = {
          text: rest.slice(1).join(' '),
          forward_origin: { type: 'hidden_user', date, sender_user_name: 'Банк' },
        };
      const id = await post(place(rest[0])!, fields);
      out(`(message #${id}, forwarded)`);
    } else if (cmd === 'invoice' && Number(rest[0]) > 0) {
      const dealId = rest[1] ? Number(rest[1]) : invoiced;
      const deal = sim.deal(dealId);
      if (!deal) return out(`no deal ${rest[1]}`);
      const res = await fetch(`${sim.webhookUrl}crm.item.add.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          entityTypeId: 31,
          fields: {
            opportunity: Number(rest[0]),
            parentId2: dealId,
            companyId: Number(deal.COMPANY_ID ?? 0),
            assignedById: Number(deal.ASSIGNED_BY_ID ?? PEOPLE.grakun.id),
          },
        }),
      });
      const body = (await res.json()) as {
        result?: { item?: { id: number; accountNumber: string } };
        error_description?: string;
      };
      const item = body.result?.item;
      if (!item) return out(`the portal refused it: ${body.error_description ?? res.status}`);
      out(`invoice ${item.accountNumber} for ${rest[0]} ₽ added to deal ${dealId} (crm.item.add, id ${item.id})`);
    } else if (cmd === 'fault' && rest[0] === 'clear') {
      api.clear();
      out('no injected faults now');
    } else if (cmd === 'fault' && rest[0] === '429' && Number(rest[1]) > 0) {
      const secs = Number(rest[2] ?? 5) || 5;
      const method = rest[3] ?? 'sendMessage';
      api.inject({ method, times: Number(rest[1]), fault: faults.tooMany(secs) });
      out(`the next ${rest[1]} ${method} calls get 429 retry_after=${secs}`);
    } else if (cmd === 'fault' && rest[0] === '409' && Number(rest[1]) > 0) {
      api.inject({ method: 'getUpdates', times: Number(rest[1]), fault: faults.conflict() });
      out(`the next ${rest[1]} getUpdates calls get 409 Conflict`);
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
