import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, waitFor } from '../simulator/harness';
import { companyRules, PEOPLE } from '../simulator/portal-fixture';
import { loadRulesForDoctor, runDoctor } from '../src/doctor';
import { parseEnv, parseRules } from '../src/config';
import { kvKey } from '../src/kernel/keys';
import { doctorReport, harnessEnv, withRulesFile } from './support/doctor-run';
import { Gate } from './support/gate';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.stop();
});

const doctor = (rules = companyRules(), over: Record<string, string | undefined> = {}) =>
  doctorReport(harnessEnv(h, over), parseRules(rules));

describe('doctor', () => {
  it('when the setup is right, then it lists pipelines with stage ids and the people without Telegram', async () => {
    const { code, out } = await doctor();
    expect(code).toBe(0);
    expect(out).toMatch(/\[0\] ЖБИ {2}← watched/);
    expect(out).toMatch(/PREPARATION\s+Назначен ответственный {2}← assigned/);
    expect(out).toMatch(/C5:WON\s+Сделка успешна \(won\)/);
    expect(out).toMatch(/People without a linked Telegram account \(1\)[\s\S]*9 {2}Кузнецова Мария/);
    expect(out).toContain('pushed to POST /bitrix/events');
    expect(out).toContain('invoices: smart invoices (crm.item, entityTypeId 31) — detected');
    expect(out).toContain('payments.telegramChatId is not set');
    expect(out).toContain('All checks passed.');
  });

  it('when the rules name a stage the portal does not have, then it says which', async () => {
    const { code, out } = await doctor(
      companyRules({
        pipelines: [
          { categoryId: 0, assignedStages: ['ASSIGNED'] },
          { categoryId: 9, assignedStages: ['X'] },
        ],
      }),
    );
    expect(code).toBe(1);
    expect(out).toContain('stage ASSIGNED is not in pipeline 0');
    expect(out).toContain('pipeline 9 does not exist on the portal');
  });

  it('when the webhook lacks scopes, then each missing one is named with what it is for and how to add it', async () => {
    h.sim.setScopes(['crm', 'user', 'department']);
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(out).toContain(
      'the inbound webhook lacks the scope "im" (for the /code notification (im.notify.personal.add)) — add it',
    );
    expect(out).not.toContain('All checks passed');
  });

  it('when neither Telegram nor the chat bot is configured, then that is an error, not "All checks passed"', async () => {
    const { code, out } = await doctor(companyRules(), { TELEGRAM_BOT_TOKEN: undefined });
    expect(code).toBe(1);
    expect(out).toMatch(/✘ no messenger is configured: nobody can receive a card — set TELEGRAM_BOT_TOKEN/);
    expect(out).not.toContain('All checks passed');
  });

  it('when a department head is not an active user, then the department is named and, per manager, who hears level 1 and level 2', async () => {
    h.sim.setUserActive(PEOPLE.head.id, false);
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(out).toContain('department «Отдел продаж» (3): its head Смирнова Ольга is not an active user');
    // The bot climbs to the parent department's head: the director hears level 1 for the sales team now.
    expect(out).toContain('Гракун Екатерина: level 1 → Петров Андрей; level 2 → Петров Андрей');
    expect(out).toContain('Кузнецова Мария: level 1 → Петров Андрей; level 2 → Петров Андрей');
  });

  it('when the portal’s invoices are the old kind but the rules say smart, then doctor says so and how to fix it', async () => {
    h.sim.addInvoice({ kind: 'legacy', number: '2018/943', amount: 1000, responsibleId: PEOPLE.grakun.id });
    const auto = await doctor();
    expect(auto.out).toContain(
      'invoices: legacy invoices (crm.invoice) — detected: invoices are the old kind (crm.invoice); there are no smart invoices',
    );
    const wrong = await doctor(companyRules({ payments: { invoiceKind: 'smart' } }));
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('set payments.invoiceKind: legacy (or auto)');
  });

  it('when the sweep found deals but no outbound-webhook event ever came, then the missing outbound webhook is named', async () => {
    h.sim.setEventHandler(null); // nobody set up the outbound webhook
    await h.app.reconcile(); // the first sweep takes what waits; later ones record what changed
    await h.sim.createDeal({ TITLE: 'Без события', ASSIGNED_BY_ID: String(PEOPLE.grakun.id), STAGE_ID: 'PREPARATION' });
    await h.app.reconcile();
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(out).toMatch(/no outbound-webhook event has ever arrived, though the sweep found \d+ deal change/);
  });
});

describe('doctor and a rules file it cannot load', () => {
  it('when the rules file is broken, then doctor names its problems and still lists the pipelines and stage ids to fix it with', async () => {
    // The first setup: the admin has not yet chosen the stages, which is what doctor is asked to print.
    await withRulesFile('pipelines:\n  - categoryId: 0\n    assignedStages: []\n', async (path) => {
      const { rules, problems } = loadRulesForDoctor(path);
      // Every problem of the file at once: the default chain's "directors" level with none listed too.
      expect(problems).toEqual([
        expect.stringMatching(/^rules\.pipelines\.0\.assignedStages: list at least one stage id/),
        'rules.people.directors: an escalation level notifies "directors" but none are listed; add their Bitrix24 user ids',
      ]);
      const env = harnessEnv(h, { BITRIX_APP_TOKEN: undefined, RULES_PATH: path });
      const { code, out } = await doctorReport(env, rules, problems);
      expect(code).toBe(1);
      expect(out).toMatch(/✘ rules\.pipelines\.0\.assignedStages: list at least one stage id/);
      expect(out).toContain(`the rules file ${path} is checked with the defaults until these are fixed`);
      expect(out).toMatch(/\[0\] ЖБИ\n/);
      expect(out).toMatch(/PREPARATION\s+Назначен ответственный/);
      expect(out).not.toContain('All checks passed');
    });
  });

  it('when the working calendar is broken (zone Moscow), then doctor prints ✘ naming the field, not ✔ working hours', async () => {
    const yaml = 'pipelines: [{categoryId: 0, assignedStages: [PREPARATION]}]\nworkingHours: {zone: Moscow}\n';
    await withRulesFile(yaml, async (path) => {
      const { rules, problems } = loadRulesForDoctor(path);
      const env = parseEnv({ TELEGRAM_API_ROOT: h.tg.config.apiURL, DATABASE_PATH: h.dbPath, RULES_PATH: path });
      const { code, out } = await doctorReport(env, rules, problems);
      expect(code).toBe(1);
      expect(out).toContain('✘ rules.workingHours.zone: zone "Moscow" is not a known IANA time zone');
      expect(out).not.toContain('✔ working hours');
    });
  });

  it('when the chat bot is configured but no webhook URL, then the scope hint lists imbot; without a token no "Telegram polling"', async () => {
    const env = parseEnv({ BITRIX_BOT_ID: '7', BITRIX_BOT_TOKEN: 'abcdefabcdefabcdef', DATABASE_PATH: h.dbPath });
    const { out } = await doctorReport(env, parseRules(companyRules()));
    expect(out).toMatch(/BITRIX_WEBHOOK_URL is not set — .*scopes crm, user, department, im, imbot\b/);
    expect(out).not.toContain('Telegram polling');
    expect(out).toMatch(/^Mode: .*; Telegram off \(no TELEGRAM_BOT_TOKEN\)$/m);
  });

  it('when the rules name people instead of ids, then doctor lists the people with their Bitrix24 ids', async () => {
    const yaml = 'pipelines: [{categoryId: 0, assignedStages: [PREPARATION]}]\npeople: {directors: [Петров]}\n';
    await withRulesFile(yaml, async (path) => {
      const { rules, problems } = loadRulesForDoctor(path);
      const env = harnessEnv(h, { BITRIX_APP_TOKEN: undefined, RULES_PATH: path });
      const { out } = await doctorReport(env, rules, problems);
      expect(out).toContain('✘ rules.people.directors.0: "Петров" is not a Bitrix24 user id');
      expect(out).toMatch(/People and their Bitrix24 user ids[^\n]*\n(?:\s+\d+ {2}.*\n)*\s+9 {2}Кузнецова Мария/);
    });
  });

  it('when the rules file is missing, then doctor says how to make one and checks the rest', async () => {
    const { rules, problems } = loadRulesForDoctor('/nonexistent/rules.yaml');
    expect(problems).toEqual([expect.stringContaining('copy rules.example.yaml to /nonexistent/rules.yaml')]);
    expect(rules.pipelines).toEqual([]);
  });
});

describe('doctor and the Telegram «Оплата» group', () => {
  it('when privacy mode is on and the bot is a plain member of «Оплата», then doctor says it cannot read the director and how to fix it', async () => {
    // A Bot API stand-in for the two calls the emulator lacks: getMe with privacy on, getChatMember as a member.
    const api = createServer((req, res) => {
      req.resume();
      const result = req.url?.endsWith('/getMe')
        ? {
            id: 42,
            is_bot: true,
            first_name: 'Отдел продаж',
            username: 'sales_bot',
            can_read_all_group_messages: false,
          }
        : { status: 'member', user: { id: 42, is_bot: true, first_name: 'Отдел продаж' } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    try {
      const { code, out } = await doctor(companyRules({ payments: { telegramChatId: -100500 } }), {
        TELEGRAM_API_ROOT: `http://127.0.0.1:${(api.address() as { port: number }).port}`,
      });
      expect(code).toBe(1);
      expect(out).toContain(
        "✘ privacy mode is on and the bot is not an admin of the payment chat: it cannot see the director's messages — turn privacy off in @BotFather (/setprivacy) or make the bot an admin",
      );
    } finally {
      await new Promise<void>((r) => api.close(() => r()));
    }
  });
});

describe('doctor and a payment chat that became a supergroup', () => {
  it('when the bot follows the supergroup «Оплата» became, then doctor names the new id and the rule to change', async () => {
    h.app.ctx.kv.set(kvKey.paymentChatMoved, JSON.stringify({ from: '-100500', to: '-1009876' }));
    const { out } = await doctor(companyRules({ payments: { telegramChatId: -100500 } }));
    expect(out).toContain('payment chat -100500 became the supergroup -1009876');
    expect(out).toContain('set payments.telegramChatId: -1009876');
  });
});

describe('doctor with the Bitrix24 chat bot', () => {
  it('when BITRIX_BOT_TOKEN is not the bot’s own token, then doctor says so in one line', async () => {
    await h.stop();
    h = await Harness.start({ chatBot: true });
    const bot = h.chatBot!;
    const good = await doctor(companyRules(), { BITRIX_BOT_ID: String(bot.id), BITRIX_BOT_TOKEN: bot.token });
    expect(good.out).toContain(`chat bot ${bot.id} (supervisor, events by fetch)`);
    const { code, out } = await doctor(companyRules(), {
      BITRIX_BOT_ID: String(bot.id),
      BITRIX_BOT_TOKEN: 'not-the-bot-token-123',
    });
    expect(code).toBe(1);
    expect(out).toContain(`✘ chat bot ${bot.id}: BITRIX_BOT_TOKEN is not this bot's token`);
  });
});

describe('doctor and a portal or Telegram that takes the connection and never answers', () => {
  it('when both hang, then each check gives up after the timeout, the line names what hung, and doctor finishes', async () => {
    const gate = await Gate.closed(() => h.sim.portalUrl);
    await gate.hang();
    // The fake clock of the checks' deadlines: each passes only when the test moves it.
    const deadlines: Array<() => void> = [];
    const passTime = () => {
      for (const d of deadlines.splice(0)) d();
    };
    const lines: string[] = [];
    try {
      const run = runDoctor(
        harnessEnv(h, { BITRIX_WEBHOOK_URL: `${gate.url}/rest/1/hung/`, TELEGRAM_API_ROOT: gate.url }),
        parseRules(companyRules()),
        (l) => lines.push(l),
        [],
        { checkTimeoutMs: 7_000, after: () => new Promise<void>((resolve) => deadlines.push(resolve)) },
      );
      await waitFor(() => gate.requests.some((r) => r.includes('/profile.json')), 'the portal asked');
      passTime();
      await waitFor(() => gate.requests.some((r) => r.includes('/getMe')), 'Telegram asked');
      passTime();
      const code = await run;
      const out = lines.join('\n');
      expect(code).toBe(1);
      expect(out).toContain(
        `✘ the portal ${gate.url} took the connection but did not answer «profile» (reaching the portal) within 7 s`,
      );
      expect(out).toContain('the other portal checks are skipped');
      expect(out).toContain(
        `✘ Telegram at ${gate.url} took the connection but did not answer «getMe» (reaching the bot) within 7 s`,
      );
      expect(out).toContain('npm run cli -- doctor --timeout 60');
      expect(out).not.toContain('hung/');
    } finally {
      await gate.close();
    }
  });

  it('when a big portal answers page after page for longer than the timeout in all, then no check is called hung', async () => {
    // 130 more people: user.get answers in three pages of 50 (common/paging: `next`).
    for (let i = 0; i < 130; i++)
      h.sim.addUser({ id: 1000 + i, name: 'Сотрудник', lastName: `№${i}`, departmentIds: [3] });
    // A deadline passes once two more portal calls have come after it was set: the first of them was
    // answered meanwhile (pages are asked one after another), so time passed and the portal spoke.
    const deadlines: Array<{ base: number; pass: () => void }> = [];
    const lines: string[] = [];
    let finished = false;
    const run = runDoctor(harnessEnv(h), parseRules(companyRules()), (l) => lines.push(l), [], {
      checkTimeoutMs: 7_000,
      after: () => new Promise<void>((pass) => deadlines.push({ base: h.sim.calls.length, pass })),
    }).finally(() => {
      finished = true;
    });
    let passed = 0;
    while (!finished) {
      await waitFor(
        () => finished || deadlines.some((d) => h.sim.calls.length >= d.base + 2),
        'a deadline to pass or the doctor to finish',
      );
      for (const d of deadlines.splice(0)) {
        if (h.sim.calls.length >= d.base + 2) {
          passed++;
          d.pass();
        } else deadlines.push(d);
      }
    }
    const out = lines.join('\n');
    expect(h.sim.calls.filter((c) => c.method === 'user.get').length).toBeGreaterThanOrEqual(3);
    expect(passed).toBeGreaterThan(0);
    expect(out).not.toContain('did not answer');
    expect(await run).toBe(0);
  });
});
