/**
 * Promise 4 (issue #7), beyond test/e2e/fuzz.test.ts: button data for other people's deals pressed by
 * every kind of wrong person (a colleague, another department's head, someone never alerted, a
 * stranger), random and near-valid button data, and near-miss secrets on both doors (the Bitrix24
 * event token, the Telegram webhook secret). Nothing may act: no CRM write, no new or edited message,
 * no new outbox row, no assignment or timer change — and every press gets an answer that says no.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { companyRules, sampleDeal } from '../../simulator/portal-fixture';
import { replies } from '../../src/texts';
import { FaultProxy } from './support/fault-proxy';
import { chaosSeed, FULL, pick, rng } from './support/rng';
import { settle } from '../../simulator/settle';

const rand = rng(chaosSeed(7_005));
const MIN = 60_000;
/** A second sales department: its head and manager must not touch the first one's deals, nor vice versa. */
const OTHER_HEAD = { id: 120, name: 'Игорь', lastName: 'Орлов', telegram: 7120 };
const OTHER_MANAGER = { id: 121, name: 'Анна', lastName: 'Лебедева', telegram: 7121 };
const STRANGER = 4242;
const linked = [PEOPLE.director, PEOPLE.head, PEOPLE.grakun, PEOPLE.ivanov, OTHER_HEAD, OTHER_MANAGER];

let h: Harness;
let proxy: FaultProxy;
/** Every answerCallbackQuery the bot made: the text a tapping user sees. */
const answers: string[] = [];
let inputs = 0;

const WRITE = /\.(add|update|delete|complete|updatedeadline)$|^im\.|^imbot\./i;
const writes = () => h.sim.calls.filter((c) => WRITE.test(c.method)).length;
const messages = () => h.tg.storage.botMessages.map((u) => JSON.stringify(u.message));
const count = (sql: string) => (h.app.db.prepare(sql).get() as { n: number }).n;
const snapshot = () => ({
  writes: writes(),
  messages: messages(),
  outbox: count('SELECT count(*) AS n FROM outbox'),
  assignments: JSON.stringify(
    h.app.db.prepare('SELECT id, deal_id, manager_id, status FROM assignments ORDER BY id').all(),
  ),
  timers: JSON.stringify(h.app.db.prepare('SELECT key, status, due_at FROM timers ORDER BY id').all()),
  deals: JSON.stringify([1, 2].map((id) => h.sim.deal(id)?.ASSIGNED_BY_ID)),
});

beforeAll(async () => {
  h = await Harness.start({
    telegramApiRoot: async (emulator) => {
      proxy = await FaultProxy.start(
        () => emulator,
        async (req, ctx) => {
          if (req.url.endsWith('/answerCallbackQuery'))
            answers.push(String((JSON.parse(req.body.toString() || '{}') as { text?: string }).text ?? ''));
          return ctx.forward();
        },
      );
      return proxy.url;
    },
    rules: {
      people: {
        ...companyRules().people,
        links: linked.map((p) => ({ bitrixUserId: p.id, telegramUserId: p.telegram })),
      },
    },
    seed: (sim) => {
      sim.addUser({ ...OTHER_HEAD, departmentIds: [20] });
      sim.addUser({ ...OTHER_MANAGER, departmentIds: [20] });
      sim.addDepartment({ id: 20, name: 'Отдел продаж 2', parentId: 1, headId: OTHER_HEAD.id });
    },
  });
});
afterAll(async () => {
  await h?.stop();
  await proxy?.stop();
  console.log(`bad input: ${inputs} inputs tried in total`);
});

describe('chaos: bad input', () => {
  it(
    'when other people press the buttons of a deal (or random and near-valid data), then nothing acts: no CRM write, no card edit, no new message',
    async () => {
      const x = await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
      const y = await h.sim.createDeal(sampleDeal(2, OTHER_MANAGER.id));
      await settle(h.app);
      await h.advance(10 * MIN); // both escalate: Смирнова is alerted about X, Орлов about Y
      const ax = h.app.ctx.assignments.latestForDeal(x)!.id;
      const ay = h.app.ctx.assignments.latestForDeal(y)!.id;
      const msg = (chat: number) => h.messagesTo(chat).at(-1)!.messageId;
      expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(1);
      expect(h.messagesTo(OTHER_HEAD.telegram)).toHaveLength(1);
      const before = snapshot();

      // Who may do what: only the manager claims; only alerted heads, the manager's head, directors and
      // admins remind or re-assign, and only to a colleague of the manager. Everyone below is wrong.
      const foreign: Array<[number, string, number]> = [];
      const deal = (aid: number, owner: number, wrong: number[], colleague: number, stranger: number) => {
        const card = msg(owner);
        for (const who of [...wrong, STRANGER]) {
          foreign.push(
            [who, `claim:${aid}`, card],
            [who, `remind:${aid}`, card],
            [who, `reassign:${aid}`, card],
            [who, `reassign-to:${aid}:${colleague}`, card],
          );
        }
        // Even a rightful supervisor cannot hand the deal to someone outside the manager's department.
        foreign.push(
          [PEOPLE.director.telegram, `reassign-to:${aid}:${stranger}`, card],
          [PEOPLE.director.telegram, `reassign-to:${aid}:999999`, card],
        );
      };
      deal(
        ax,
        PEOPLE.grakun.telegram,
        [PEOPLE.ivanov.telegram, OTHER_MANAGER.telegram, OTHER_HEAD.telegram],
        PEOPLE.ivanov.id,
        OTHER_MANAGER.id,
      );
      deal(
        ay,
        OTHER_MANAGER.telegram,
        [PEOPLE.grakun.telegram, PEOPLE.ivanov.telegram, PEOPLE.head.telegram],
        OTHER_HEAD.id,
        PEOPLE.ivanov.id,
      );
      // The manager's own claim is rightful, but not under someone else's assignment id.
      foreign.push(
        [PEOPLE.grakun.telegram, `claim:${ay}`, msg(PEOPLE.grakun.telegram)],
        [OTHER_MANAGER.telegram, `claim:${ax}`, msg(OTHER_MANAGER.telegram)],
      );
      // Other desks' buttons with made-up ids.
      for (const d of [
        'pay-yes:1',
        'pay-no:1',
        'pay-recheck:7',
        'pay-pick:1:0',
        'pay-pick:999:99',
        'fu-called:1',
        'fu-tomorrow:2',
        'fu-week:3',
        'fu-skip:1',
        'fu-sent:1',
        'fu-refused:1',
        'fu-next:1:30',
        'fa-done:1',
      ])
        foreign.push([
          pick(rand, [PEOPLE.ivanov.telegram, OTHER_HEAD.telegram, STRANGER]),
          d,
          msg(PEOPLE.grakun.telegram),
        ]);

      // Near-valid and random data, pressed by people who may not act on either deal.
      const near = (aid: number) => [
        `claim:${aid} `,
        ` claim:${aid}`,
        `claim:${aid}\n`,
        `CLAIM:${aid}`,
        `claim:+${aid}`,
        `claim:-${aid}`,
        `claim:${aid}.0`,
        `claim:${aid}e0`,
        `claim:0x${aid}`,
        `claim:${aid}:${aid}`,
        `claim::${aid}`,
        `claim:`,
        `claim:١٢`,
        `claim:${'9'.repeat(13)}`,
        `claim:${'9'.repeat(12)}`,
        `remind:${aid};reassign:${aid}`,
        `reassign-to:${aid}`,
        `reassign-to:${aid}:`,
        `reassign-to:${aid}:${PEOPLE.ivanov.id}:1`,
        `reassign-to::${PEOPLE.ivanov.id}`,
        `reassign-to:${aid}:-1`,
        `claim:${aid}\u0000`,
        `claim:${aid}%00`,
        `claim%3A${aid}`,
        `pay-yes:${aid}`,
        `fu-called:${aid}`,
      ];
      const randomData = () => {
        const alphabet = 'claimremindreassign-topayfuyesno:0123456789 \n\t%\\/"\'<>&;ёж😀';
        const n = 1 + Math.floor(rand() * 64);
        return (
          Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)])
            .join('')
            .slice(0, 64) || 'x'
        );
      };
      const wrongForBoth = [OTHER_MANAGER.telegram, OTHER_HEAD.telegram, STRANGER, 5555];
      const fuzz = FULL ? 800 : 120;
      const presses: Array<[number, string, number]> = [
        ...foreign,
        ...[...near(ax), ...near(ay)].map((d): [number, string, number] => [
          pick(rand, wrongForBoth),
          d,
          msg(PEOPLE.grakun.telegram),
        ]),
        ...Array.from({ length: fuzz }, (): [number, string, number] => [
          pick(rand, wrongForBoth),
          randomData(),
          pick(rand, [msg(PEOPLE.grakun.telegram), 1, 999_999]),
        ]),
      ];
      const answered = answers.length;
      for (const [who, data, messageId] of presses) await h.pressData(who, messageId, data);
      inputs += presses.length;
      await settle(h.app);
      // pressData waits for the bot's decision; its answerCallbackQuery may still be on the wire.
      await waitFor(() => answers.length - answered >= presses.length, 'every press answered at the proxy');

      const after = snapshot();
      expect(after.writes, 'CRM writes').toBe(before.writes);
      expect(after.messages, 'messages in Telegram (new or edited)').toEqual(before.messages);
      expect(after.outbox, 'outbox rows').toBe(before.outbox);
      expect(after.assignments).toBe(before.assignments);
      expect(after.timers).toBe(before.timers);
      expect(after.deals).toBe(before.deals);
      // Every press was answered, each time with a refusal (never one of the success replies).
      const got = answers.slice(answered);
      expect(got).toHaveLength(presses.length);
      const success = [
        replies.claimed,
        replies.reminded,
        replies.pickSent,
        replies.reassigned(''),
        replies.remindedRecently,
      ];
      for (const [i, a] of got.entries()) {
        expect(a, `answer to ${JSON.stringify(presses[i])}`).toBeTruthy();
        expect(
          success.some((s) => s && a.startsWith(s.slice(0, 12))),
          `answer to ${JSON.stringify(presses[i])}: ${a}`,
        ).toBe(false);
      }
      expect((await fetch(`${h.botUrl}/healthz`)).status).toBe(200);
      console.log(
        `bad input: ${presses.length} presses (${foreign.length} foreign, ${near(ax).length * 2} near-valid, ${fuzz} random); answers ${new Set(got).size} distinct refusals`,
      );

      // The rightful people still can: the refusals above were about the person, not a broken button.
      await h.pressData(PEOPLE.grakun.telegram, msg(PEOPLE.grakun.telegram), `claim:${ax}`);
      inputs++;
      expect(h.app.ctx.assignments.get(ax)!.status).toBe('claimed');
    },
    FULL ? 300_000 : 60_000,
  );

  it('when events come with near-miss application tokens, then each gets 401 and nothing is recorded', async () => {
    const token = h.sim.applicationToken;
    const id = await h.sim.createDeal(sampleDeal(3, PEOPLE.ivanov.id), { emit: false });
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
    const tokens = [
      ...Array.from({ length: token.length }, (_, i) => flip(token, i)),
      token.slice(0, -1),
      token.slice(1),
      `${token}x`,
      `x${token}`,
      ` ${token}`,
      `${token} `,
      `${token}\n`,
      token.toUpperCase(),
      encodeURIComponent(token).replace(/./, '%'),
      `${token.slice(0, 16)}`,
      '0'.repeat(token.length),
      '',
    ].filter((t) => t !== token);
    const body = (t: string, extra: Record<string, string> = {}) =>
      new URLSearchParams({
        event: 'ONCRMDEALADD',
        event_handler_id: '1',
        'data[FIELDS][ID]': String(id),
        ts: String(1_764_000_000 + inputs),
        'auth[application_token]': t,
        ...extra,
      }).toString();
    const variants: Array<{ body: string; type: string }> = [
      ...tokens.map((t) => ({ body: body(t), type: 'application/x-www-form-urlencoded' })),
      // The right token in the wrong place, or as a list, or next to a wrong one.
      { body: body('wrong', { 'auth[APPLICATION_TOKEN]': token }), type: 'application/x-www-form-urlencoded' },
      { body: body('wrong', { application_token: token }), type: 'application/x-www-form-urlencoded' },
      {
        body: `${body('wrong')}&auth[application_token][]=${encodeURIComponent(token)}`,
        type: 'application/x-www-form-urlencoded',
      },
      {
        body: JSON.stringify({
          event: 'ONCRMDEALADD',
          data: { FIELDS: { ID: String(id) } },
          ts: '1764000001',
          auth: { application_token: [token] },
        }),
        type: 'application/json',
      },
      {
        body: JSON.stringify({
          event: 'ONCRMDEALADD',
          data: { FIELDS: { ID: String(id) } },
          ts: '1764000001',
          auth: { application_token: { value: token } },
        }),
        type: 'application/json',
      },
    ];
    const inbound = () => count('SELECT count(*) AS n FROM inbound_events');
    const before = inbound();
    for (const v of variants) {
      const res = await fetch(`${h.botUrl}/bitrix/events`, {
        method: 'POST',
        headers: { 'content-type': v.type },
        body: v.body,
      });
      expect([400, 401], `${v.body.slice(0, 120)} → ${res.status}`).toContain(res.status);
      expect(((await res.json()) as { error?: string }).error).toBeTruthy();
    }
    inputs += variants.length;
    await settle(h.app);
    expect(inbound()).toBe(before);
    expect(h.messagesTo(PEOPLE.ivanov.telegram).filter((m) => m.text.includes('Заявка #3'))).toHaveLength(0);
    console.log(`bad input: ${variants.length} near-miss event tokens, all refused`);
  });

  it('when Telegram webhook updates come with near-miss secrets, then each gets 401 and none acts', async () => {
    const secret = 'webhook-secret-0123456789';
    const wh = await Harness.start({
      env: { TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: secret, PUBLIC_URL: 'http://127.0.0.1:1' },
    });
    try {
      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
      // (Surrounding blanks are not tried: HTTP strips them from header values before anyone sees them.)
      const secrets = [
        ...Array.from({ length: secret.length }, (_, i) => flip(secret, i)),
        secret.slice(0, -1),
        `${secret}0`,
        secret.toUpperCase(),
        `${secret},${secret}`,
        `${secret} x`,
        '',
      ];
      const update = (n: number) => ({
        update_id: n,
        callback_query: {
          id: String(n),
          chat_instance: '1',
          data: 'claim:1',
          from: { id: PEOPLE.grakun.telegram, is_bot: false, first_name: 'X' },
        },
      });
      for (const [i, s] of secrets.entries()) {
        const res = await fetch(`${wh.botUrl}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(s ? { 'x-telegram-bot-api-secret-token': s } : {}) },
          body: JSON.stringify(update(i + 1)),
        });
        expect(res.status, `secret ${JSON.stringify(s)}`).toBe(401);
      }
      inputs += secrets.length;
      expect(wh.answered).toBe(0);
      console.log(`bad input: ${secrets.length} near-miss webhook secrets, all refused`);
    } finally {
      await wh.stop();
    }
  });
});
