/**
 * The payment desk under restarts and a slow portal (issue 15, found by a fresh QA user): a 1C
 * statement's documents survive a restart mid-file and the file still gets its one summary; each
 * document is read once even while the loop retries unread notices; and a slow payment read never
 * holds a new deal's card (the 10-minute claim clock).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, type Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { dealWithInvoice, startPaymentWorld } from '../support/payment-world';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { captureLog } from '../support/log';
import { statementFile, type StatementDoc } from '../support/statement-file';

const CHAT = -100661;
let h: Harness;
let company: number;

async function start(extra: Parameters<typeof startPaymentWorld>[1] = {}) {
  ({ h, company } = await startPaymentWorld(CHAT, extra));
}

afterEach(async () => {
  await h?.stop();
});

const invoice = (number: string, amount: number, managerId: number = PEOPLE.grakun.id) =>
  dealWithInvoice(h, company, number, amount, { managerId });

const pay = (n: number, sum: string, number: string): StatementDoc => ({
  n,
  sum,
  inn: '7806210729',
  payer: 'ООО "ЭЛЕКСИС"',
  purpose: `Оплата по счету № ${number} за ЖБИ`,
});

/** Posts a file into «Оплата» as the director without waiting for the bot (a race is being staged). */
async function postFileNoWait(bytes: Buffer): Promise<void> {
  const client = h.tg.getClient(BOT_TOKEN, {
    userId: PEOPLE.director.telegram,
    chatId: CHAT,
    firstName: 'Директор',
    type: 'group',
    chatTitle: 'Оплата',
  });
  const message = client.makeMessage('', { document: h.tgFiles.offer('kl_to_1c.txt', bytes) } as never) as Record<
    string,
    unknown
  >;
  delete message.text;
  await client.sendMessage(message as never);
}

const chatTexts = () => h.messagesTo(CHAT).map((m) => m.text);
const promptsTo = (tg: number) => h.messagesTo(tg).filter((m) => m.text.startsWith('💳'));

describe('a 1C statement and a restart', () => {
  it('when the bot restarts while the first of three documents is read, then the rest are read after the restart and the file gets one summary', async () => {
    const { lines, log } = captureLog();
    await start({ log });
    await invoice('2018/941', 1000);
    await invoice('2018/942', 2000);
    await invoice('2018/943', 3000);
    // The portal's invoice list is known (read once); the next read is the search for a number.
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/100 на 100');
    const before = chatTexts().length;
    const search = h.sim.hold('crm.item.list');
    await postFileNoWait(
      statementFile([pay(1, '1000.00', '2018/941'), pay(2, '2000.00', '2018/942'), pay(3, '3000.00', '2018/943')]),
    );
    await waitFor(() => search.reached >= 1, 'the first document to be read');
    const restarting = h.restart();
    // The old process is shutting down (it waits for the read in flight and starts no other).
    await waitFor(() => lines.some((l) => String(l.msg).startsWith('payment desk stopping')), 'the shutdown');
    search.release();
    await restarting;
    await settle(h.app);

    expect(
      promptsTo(PEOPLE.grakun.telegram)
        .map((p) => p.text.match(/2018\/94\d/)?.[0])
        .sort(),
    ).toEqual(['2018/941', '2018/942', '2018/943']);
    const replies = chatTexts().slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/Выписка: 3 входящих/);
    expect(replies[0]).toMatch(/совпадает: 3/);
    // Documents 2 and 3 were left to the next process, not read by the stopping one.
    const stopping = lines.findIndex((l) => String(l.msg).startsWith('payment desk stopping'));
    expect(lines.slice(stopping).some((l) => l.msg === 'statement file read')).toBe(true);
  });

  it('when the bot restarts mid-statement, then the summary made of stored readings keeps each question with its own buttons', async () => {
    const { lines, log } = captureLog();
    await start({ log });
    await invoice('2018/943', 4000);
    await invoice('2019/943', 4000, PEOPLE.ivanov.id);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/100 на 100');
    const before = h.messagesTo(CHAT).length;
    const search = h.sim.hold('crm.item.list');
    await postFileNoWait(statementFile([pay(11, '4000.00', '943'), pay(12, '1.00', '943')]));
    await waitFor(() => search.reached >= 1, 'the first document to be read');
    const restarting = h.restart();
    await waitFor(() => lines.some((l) => String(l.msg).startsWith('payment desk stopping')), 'the shutdown');
    search.release();
    await restarting;
    await settle(h.app);

    // Document 11 was read by the old process (its reading stored), 12 by the new one: one summary.
    const replies = h.messagesTo(CHAT).slice(before);
    expect(replies).toHaveLength(1);
    const summary = replies[0]!;
    expect(summary.text.split('\n')[0]).toMatch(/^📄 Выписка: 2 входящих/);
    expect(summary.text.split('\n').filter((l) => l.includes('подходят несколько'))).toEqual([
      'Платёж № 11, 4\u00a0000\u00a0₽, ООО "ЭЛЕКСИС": под «943» подходят несколько счетов — какой оплачен?',
      'Платёж № 12, 1\u00a0₽, ООО "ЭЛЕКСИС": под «943» подходят несколько счетов — какой оплачен?',
    ]);
    expect(summary.buttons.map((b) => b.text)).toEqual([
      '№ 11 → 2018/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
      '№ 11 → 2019/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
      '№ 12 → 2018/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
      '№ 12 → 2019/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)',
    ]);
    // A pick from the stored reading still works: the 1 ₽ payment's prompt says the sums differ.
    await h.press(PEOPLE.director.telegram, summary, '№ 12 → 2018/943 — 4\u00a0000\u00a0₽ (ЭЛЕКСИС ООО)');
    const prompts = promptsTo(PEOPLE.grakun.telegram);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.text).toContain('Суммы не совпадают');
  });

  it('when the bot is restarted after a statement was summed up, then nothing is read or answered again', async () => {
    await start();
    await invoice('2018/943', 3000);
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer('kl_to_1c.txt', statementFile([pay(1, '3000.00', '2018/943')])),
    });
    expect(chatTexts()).toHaveLength(1);
    await h.restart();
    await settle(h.app);
    expect(chatTexts()).toHaveLength(1);
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
  });
});

describe('a slow portal and the payment reads', () => {
  it('when a statement is read while the loop retries unread notices, then each document is read once and only the summary answers', async () => {
    await start();
    await invoice('2018/943', 4000);
    await invoice('2018/944', 5000, PEOPLE.ivanov.id);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/100 на 100');
    const before = chatTexts().length;
    const search = h.sim.hold('crm.item.list');
    await postFileNoWait(statementFile([pay(1, '4000.00', '2018/943'), pay(2, '5000.00', '2018/944')]));
    await waitFor(() => search.reached >= 1, 'the file to read the portal');
    // The loop's pass meanwhile (production ticks every second): the second document is the file's.
    const searchesBefore = search.reached;
    await h.app.tick();
    expect(search.reached).toBe(searchesBefore);
    search.release();
    await settle(h.app);
    const replies = chatTexts().slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/Выписка: 2 входящих/);
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(promptsTo(PEOPLE.ivanov.telegram)).toHaveLength(1);
  });

  it('when a payment read waits for the portal, then a new deal card still goes out in the same pass', async () => {
    await start();
    await invoice('2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/100 на 100');
    const search = h.sim.hold('crm.item.list');
    await h.post(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await waitFor(() => search.reached >= 1, 'the payment read to be in flight');
    await h.sim.createDeal(sampleDeal(7, PEOPLE.ivanov.id));
    await h.sim.whenEventsDelivered();
    // The pass returns (it does not wait for the held read) having sent the card.
    await h.app.tick();
    expect(h.messagesTo(PEOPLE.ivanov.telegram).some((m) => m.text.includes('Новая сделка'))).toBe(true);
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(0);
    search.release();
    await settle(h.app);
    expect(promptsTo(PEOPLE.grakun.telegram)).toHaveLength(1);
  });

  it('when the loops tick by themselves and a payment read waits for the portal, then a new deal card goes out', async () => {
    await start({ autoTick: true });
    await invoice('2018/943', 4000);
    const search = h.sim.hold('crm.item.list');
    await h.post(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await waitFor(() => search.reached >= 1, 'the payment read to be in flight');
    await h.sim.createDeal(sampleDeal(7, PEOPLE.ivanov.id));
    await waitFor(
      () => h.messagesTo(PEOPLE.ivanov.telegram).some((m) => m.text.includes('Новая сделка')),
      'the new deal card while the payment read is held',
      8000,
    );
    expect(search.reached).toBeGreaterThanOrEqual(1);
    search.release();
    await waitFor(() => promptsTo(PEOPLE.grakun.telegram).length === 1, 'the payment prompt after the portal answers');
  });
});
