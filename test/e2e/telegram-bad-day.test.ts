/**
 * Telegram on a bad day, through the strict proxy (simulator/telegram-proxy.ts): the transport
 * never stalls, never dies, never drops a reply.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { faults } from '../../simulator/telegram-proxy';
import { captureLog } from '../support/log';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const NEWBIE = { id: 20, telegram: 7020 };
const cardsTo = (telegramId: number) =>
  h!.messagesTo(telegramId).filter((m) => m.buttons.some((b) => b.callback_data?.startsWith('claim:')));

describe('polling survives 409 and 401', () => {
  it('when getUpdates answers 409 Conflict (a second instance), then polling goes on with back-off and the admin is told once', async () => {
    // conflictAfter 0: told at the first 409 of a streak (the default waits for the conflict to persist, below).
    h = await Harness.start({ rules: { telegram: { conflictAfter: 0 } } });
    h.telegramProxy.inject({ method: 'getUpdates', times: 2, fault: faults.conflict() });
    await waitFor(() => h!.telegramProxy.refusals.filter((r) => r.code === 409).length === 2, 'two conflicts');
    // Still polling: a command sent now is read and answered.
    await h.sendCommand(PEOPLE.ivanov.telegram, '/start');
    // Another streak later (the other instance started again): polling goes on, the admin is not told again.
    h.telegramProxy.inject({ method: 'getUpdates', fault: faults.conflict() });
    await waitFor(() => h!.telegramProxy.refusals.filter((r) => r.code === 409).length === 3, 'the third conflict');
    await h.sendCommand(PEOPLE.ivanov.telegram, '/where');
    await settle(h.app);
    const notices = h.messagesTo(PEOPLE.director.telegram).filter((m) => /другой экземпляр/.test(m.text));
    expect(notices).toHaveLength(1);
    expect(h.app.health().ok).toBe(true);
  });

  it("when a single 409 comes (a deploy's old instance stopping), then it is logged and polling goes on, and nobody is told", async () => {
    const { lines, log } = captureLog();
    h = await Harness.start({ log });
    h.telegramProxy.inject({ method: 'getUpdates', times: 1, fault: faults.conflict() });
    await waitFor(() => h!.telegramProxy.refusals.some((r) => r.code === 409), 'the conflict');
    await h.sendCommand(PEOPLE.ivanov.telegram, '/start');
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.director.telegram).filter((m) => /другой экземпляр/.test(m.text))).toHaveLength(0);
    expect(lines.filter((l) => l.level === 40 && /another instance is polling/.test(String(l.msg)))).toHaveLength(1);
  });

  it('when 409s keep coming for telegram.conflictAfter, then the admin is told once, and every 409 is logged', async () => {
    const { lines, log } = captureLog();
    h = await Harness.start({ log });
    const conflicts = () => h!.telegramProxy.refusals.filter((r) => r.code === 409).length;
    h.telegramProxy.inject({ method: 'getUpdates', times: Number.POSITIVE_INFINITY, fault: faults.conflict() });
    await waitFor(() => conflicts() === 1, 'the first conflict');
    h.clock.advance(30_000);
    await waitFor(() => conflicts() === 2, 'the second conflict, 30 s on');
    await settle(h.app);
    const told = () => h!.messagesTo(PEOPLE.director.telegram).filter((m) => /другой экземпляр/.test(m.text));
    expect(told()).toHaveLength(0);
    h.clock.advance(30_000); // a minute of conflicts: the default telegram.conflictAfter
    await waitFor(() => conflicts() === 3, 'the third conflict, a minute after the first');
    h.telegramProxy.clear();
    // The bot counts the third 409 when its poll's answer is handled, which may come after a settle: each try
    // lets the bot send what it queued meanwhile.
    await waitFor(async () => {
      await settle(h!.app);
      return told().length === 1;
    }, 'the admin to be told');
    await h.sendCommand(PEOPLE.ivanov.telegram, '/start');
    await settle(h.app);
    expect(told()).toHaveLength(1);
    expect(lines.filter((l) => l.level === 40 && /another instance is polling/.test(String(l.msg)))).toHaveLength(3);
  });

  it('when the token is revoked (401), then Telegram stops with one clear log line, /healthz is 503, and the rest goes on', async () => {
    const { lines, log } = captureLog();
    h = await Harness.start({ log, chatBot: true, rules: { messengers: { default: 'both' } } });
    h.telegramProxy.inject({ fault: faults.unauthorized(), times: Number.POSITIVE_INFINITY });
    await waitFor(() => h!.app.health().details.telegram === 'unauthorized', 'the bot to notice the revoked token');
    expect((await fetch(`${h.botUrl}/healthz`)).status).toBe(503);
    expect(lines.filter((l) => /token/i.test(String(l.msg)) && l.level === 50)).toHaveLength(1);
    // The CRM and the Bitrix24 messenger go on; the Telegram copy waits instead of failing for good.
    await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await h.app.tick();
    expect(h.b24MessagesTo(PEOPLE.grakun.id).some((m) => m.text.includes('Новая сделка'))).toBe(true);
    const tg = h.app.db
      .prepare(`SELECT status FROM outbox WHERE channel = 'telegram' AND target = ?`)
      .all(String(PEOPLE.grakun.telegram)) as Array<{ status: string }>;
    expect(tg.map((r) => r.status)).toEqual(['pending']);
  });
});

describe('a call that never answers', () => {
  it('when sends to one chat hang, then the other chats get their cards and /healthz reports the stuck lane', async () => {
    h = await Harness.start({ autoTick: true, rules: { telegram: { callTimeout: '2s' } } });
    h.telegramProxy.inject({
      method: 'sendMessage',
      chatId: PEOPLE.grakun.telegram,
      times: Number.POSITIVE_INFINITY,
      fault: faults.hang(),
    });
    await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await waitFor(() => h!.telegramProxy.callsOf('sendMessage') >= 1, 'the hung send');
    await h.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id));
    await waitFor(() => cardsTo(PEOPLE.ivanov.telegram).length === 1, 'the other chat to get its card');
    await waitFor(async () => (await fetch(`${h!.botUrl}/healthz`)).status === 503, '/healthz to report it');
    const health = (await (await fetch(`${h.botUrl}/healthz`)).json()) as { stuckLanes: string[] };
    expect(health.stuckLanes).toEqual([`telegram:${PEOPLE.grakun.telegram}`]);
    h.telegramProxy.clear();
    await waitFor(() => cardsTo(PEOPLE.grakun.telegram).length === 1, 'the hung chat to get its card once it answers');
  });
});

describe('replies go through the outbox', () => {
  it('when the reply to /start gets 429 and the reply to a shared contact a reset, then both still arrive', async () => {
    h = await Harness.start();
    h.sim.addUser({
      id: NEWBIE.id,
      name: 'Анна',
      lastName: 'Новикова',
      departmentIds: [3],
      mobilePhone: '89217776655',
    });
    h.telegramProxy.inject({ method: 'sendMessage', chatId: NEWBIE.telegram, fault: faults.tooMany(1) });
    await h.sendCommand(NEWBIE.telegram, '/start');
    expect(h.messagesTo(NEWBIE.telegram).at(-1)?.text).toContain('Поделиться номером');
    h.telegramProxy.inject({ method: 'sendMessage', chatId: NEWBIE.telegram, fault: faults.resetAfter() });
    await h.shareContact(NEWBIE.telegram, '+79217776655');
    // Telegram had sent it when the answer was lost: sent again after the back-off, it may come twice
    // (Telegram has no idempotency key); it is never lost.
    const greetings = h.messagesTo(NEWBIE.telegram).filter((m) => m.text.includes('Здравствуйте, Анна Новикова!'));
    expect(greetings.length).toBeGreaterThanOrEqual(1);
  });
});

describe('429 is a wait, not a failure', () => {
  it('when a card meets more 429s than maxAttempts, then it is still delivered, once', async () => {
    h = await Harness.start({ rules: { outbox: { maxAttempts: 2, retryBase: '1s' } } });
    h.telegramProxy.inject({ method: 'sendMessage', times: 3, fault: faults.tooMany(1) });
    await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await settle(h.app);
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(h.app.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`).get()).toEqual({ n: 0 });
  });
});

describe('long lists', () => {
  it('when /people lists 260 users, then every one of them reaches the admin (no message over Telegram’s limit)', async () => {
    h = await Harness.start();
    for (let i = 0; i < 260; i++)
      h.sim.addUser({
        id: 300 + i,
        name: `Сотрудница${i}`,
        lastName: `Длиннофамильная-Сотрудникова${i}`,
        departmentIds: [3],
      });
    await h.sendCommand(PEOPLE.director.telegram, '/people');
    await settle(h.app);
    const all = h
      .messagesTo(PEOPLE.director.telegram)
      .map((m) => m.text)
      .join('\n');
    for (let i = 0; i < 260; i++) expect(all).toContain(`${300 + i} · Длиннофамильная-Сотрудникова${i} Сотрудница${i}`);
    expect(h.telegramProxy.strictRefusals()).toEqual([]);
  });
});

describe('a reset before the request was sent', () => {
  it('when the kept-alive connection is found closed, then the card is sent again at once, not after the back-off', async () => {
    h = await Harness.start({ rules: { outbox: { maxAttempts: 12, retryBase: '60s' } } });
    await h.sim.createDeal(sampleDeal(1, PEOPLE.ivanov.id));
    await settle(h.app); // a send made: its connection is kept alive for the next one
    h.telegramProxy.inject({ method: 'sendMessage', fault: faults.resetBefore() });
    await h.sim.createDeal(sampleDeal(2, PEOPLE.grakun.id));
    await h.app.tick(); // one pass: with a 60 s back-off, only an at-once retry gets the card out in it
    expect(h.telegramProxy.refusals).toEqual([]);
    expect(h.telegramProxy.callsOf('sendMessage')).toBe(3); // Иванов's card, the reset one, the one sent again
    expect(cardsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
  });
});

describe('a group upgraded to a supergroup', () => {
  it('when Telegram answers 400 with migrate_to_chat_id, then the message goes to the new chat and the log names it', async () => {
    const { lines, log } = captureLog();
    h = await Harness.start({ log });
    h.telegramProxy.inject({
      method: 'sendMessage',
      chatId: PEOPLE.grakun.telegram,
      fault: faults.migrated(-1009876),
    });
    await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await settle(h.app);
    expect(h.messagesTo(-1009876).filter((m) => m.text.includes('Новая сделка'))).toHaveLength(1);
    expect(lines.some((l) => l.to === -1009876 && /supergroup/.test(String(l.msg)))).toBe(true);
    expect(h.app.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`).get()).toEqual({ n: 0 });
  });
});

describe('a person who blocked the bot', () => {
  it('when Telegram answers 403, then that card fails for good with the reason kept and the other chats go on', async () => {
    h = await Harness.start();
    h.telegramProxy.inject({ method: 'sendMessage', chatId: PEOPLE.grakun.telegram, fault: faults.blocked() });
    await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await h.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id));
    await settle(h.app);
    expect(cardsTo(PEOPLE.ivanov.telegram)).toHaveLength(1);
    expect(
      h.app.db
        .prepare(`SELECT status, last_error AS error FROM outbox WHERE target = ?`)
        .get(String(PEOPLE.grakun.telegram)),
    ).toEqual({ status: 'failed', error: 'Forbidden: bot was blocked by the user' });
  });
});
