/**
 * The alert desk at its limits (issue 17): the dead-webhook alarm, /healthz and /metrics showing
 * the last event, bundled alerts, snooze and pause, retention.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '../../src/store/outbox';
import { AlertBundleStore } from '../../src/deals/store';
import { Harness, PEOPLE, waitFor, type BotMessage } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

const MIN = 60_000;
let h: Harness | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A minute later, a sweep (the watch judges the previous sweep's findings at the next one). */
async function sweepAfterAMinute(hh: Harness): Promise<void> {
  hh.clock.advance(MIN);
  await hh.app.reconcile();
}

const webhookAlarms = (hh: Harness) =>
  hh.messagesTo(PEOPLE.director.telegram).filter((m) => m.text.includes('Исходящий вебхук'));

describe('dead-webhook alarm', () => {
  it('when three deals change without their events within a working hour, then the admins are told once, and again only after events came back and stopped anew', async () => {
    h = await Harness.start();
    await h.app.reconcile(); // the first sweep sets the cursor
    await h.sim.createDeal(sampleDeal(1), { emit: true });
    await settle(h.app);
    for (const n of [2, 3]) await h.sim.createDeal(sampleDeal(n), { emit: false });
    await sweepAfterAMinute(h); // finds 2 and 3 without events: candidates
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(0);
    await sweepAfterAMinute(h); // judged: 2 missed — below 3
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(0);
    await h.sim.createDeal(sampleDeal(4), { emit: false });
    await sweepAfterAMinute(h);
    await sweepAfterAMinute(h); // the third missed deal within the hour
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(1);
    expect(webhookAlarms(h)[0]?.text).toContain('ONCRMDEALADD');
    // More missed deals: told once, not again.
    for (const n of [5, 6, 7]) await h.sim.createDeal(sampleDeal(n), { emit: false });
    await sweepAfterAMinute(h);
    await sweepAfterAMinute(h);
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(1);
    // Events come again (the admin fixed it), then stop again: a new alarm.
    await h.sim.createDeal(sampleDeal(8), { emit: true });
    await settle(h.app);
    await sweepAfterAMinute(h);
    for (const n of [9, 10, 11]) await h.sim.createDeal(sampleDeal(n), { emit: false });
    await sweepAfterAMinute(h);
    await sweepAfterAMinute(h);
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(2);
  });

  it('when events arrive a moment after the sweep listed their deals, then nothing is counted as missed', async () => {
    h = await Harness.start();
    await h.app.reconcile();
    await h.sim.createDeal(sampleDeal(9));
    await settle(h.app);
    for (const n of [1, 2, 3, 4]) {
      // The sweep lists the deal before its event is posted.
      const id = await h.sim.createDeal(sampleDeal(n), { emit: false });
      h.clock.advance(MIN);
      await h.app.reconcile();
      await h.sim.updateDeal(id, { COMMENTS: 'позже' });
      await settle(h.app);
    }
    await sweepAfterAMinute(h);
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(0);
  });

  it('when no event came for the silence period while the sweep finds a changed deal, then the admins are told', async () => {
    h = await Harness.start({ rules: { webhookWatch: { missed: 10, silence: '30m' } } });
    await h.app.reconcile();
    await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    h.clock.advance(31 * MIN);
    await h.app.reconcile();
    await h.sim.createDeal(sampleDeal(2), { emit: false });
    await sweepAfterAMinute(h);
    await sweepAfterAMinute(h);
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(1);
    expect(webhookAlarms(h)[0]?.text).toContain('Последнее событие пришло в 10:00');
  });

  it('when deals were created while the bot was down (killed, restarted), then the sweep finding them is no alarm; deals missed after the restart still are', async () => {
    h = await Harness.start();
    await h.app.reconcile();
    await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    h.clock.advance(MIN);
    await h.app.reconcile();
    // kill -9: nobody listens; the portal's events for the deals made meanwhile are lost for good.
    await h.app.stop();
    for (const n of [2, 3, 4]) {
      h.clock.advance(MIN);
      await h.sim.createDeal(sampleDeal(n), { emit: false });
    }
    h.clock.advance(MIN);
    await h.restart();
    await sweepAfterAMinute(h); // finds 2, 3 and 4 — made while the bot was down
    await sweepAfterAMinute(h);
    await sweepAfterAMinute(h);
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(0);
    // The watch still works in this run: three deals changed without events after the restart.
    for (const n of [5, 6, 7]) await h.sim.createDeal(sampleDeal(n), { emit: false });
    await sweepAfterAMinute(h);
    await sweepAfterAMinute(h);
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(1);
  });

  it('when the outbound webhook never delivered an event (pull mode), then the sweep finding every deal is no alarm', async () => {
    h = await Harness.start();
    await h.app.reconcile();
    for (const n of [1, 2, 3, 4]) await h.sim.createDeal(sampleDeal(n), { emit: false });
    await sweepAfterAMinute(h);
    await sweepAfterAMinute(h);
    await settle(h.app);
    expect(webhookAlarms(h)).toHaveLength(0);
  });

  it('when an event was received, then /healthz and /metrics show its time; the metrics are prom-client’s with the old names', async () => {
    h = await Harness.start();
    const before = (await (await fetch(`${h.botUrl}/healthz`)).json()) as { lastEventAt: string | null };
    expect(before.lastEventAt).toBeNull();
    await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    const health = (await (await fetch(`${h.botUrl}/healthz`)).json()) as { lastEventAt: string | null };
    expect(health.lastEventAt).toBe(h.clock.now().toISOString());
    const res = await fetch(`${h.botUrl}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const metrics = await res.text();
    expect(metrics).toContain(`bot_last_event_received_timestamp_seconds ${h.clock.now().getTime() / 1000}`);
    expect(metrics).toMatch(/bot_events_received_total\{event="ONCRMDEALADD"\} 1/);
    expect(metrics).toMatch(/bot_cards_sent_total 1/);
    expect(metrics).toMatch(/bot_claim_latency_seconds_bucket\{le="60"\} 0/);
    // What prom-client brings: process, memory, event-loop lag.
    expect(metrics).toContain('process_resident_memory_bytes');
    expect(metrics).toContain('nodejs_eventloop_lag_seconds');
    expect(metrics).toContain('nodejs_heap_size_used_bytes');
  });
});

describe('retention', () => {
  it('when rows are older than the retention period, then delivered outbox rows, processed events and fired timers go, and the ledger, pending work and to-dos stay', async () => {
    h = await Harness.start({ rules: { retention: { period: '90d' } } });
    await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    await h.advance(10 * MIN); // level 1 fires: alerts, ping, timeline comment
    expect(h.messagesTo(PEOPLE.head.telegram)).toHaveLength(1);
    // A to-do created long ago (its activity id is needed to move it months later).
    const side = new Database(h.dbPath);
    const store = new OutboxStore(side);
    const t0 = h.clock.now().getTime();
    store.enqueue(
      'todo:999',
      {
        op: 'todo.add',
        channel: 'crm',
        target: '1',
        payload: {
          ownerTypeId: 3,
          ownerId: 1,
          deadline: new Date(t0).toISOString(),
          title: 'x',
          description: 'x',
          responsibleId: 7,
        },
      },
      t0,
    );
    side.prepare("UPDATE outbox SET status = 'sent', result = '{\"activityId\":5}' WHERE idem_key = 'todo:999'").run();
    const count = (sql: string) => (side.prepare(sql).get() as { n: number }).n;
    const oldOutbox = count(`SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND op != 'todo.add'`);
    const oldEvents = count('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NOT NULL');
    const oldTimers = count(`SELECT count(*) AS n FROM timers WHERE status != 'pending'`);
    expect(oldOutbox).toBeGreaterThan(3);
    expect(oldEvents).toBeGreaterThan(0);
    expect(oldTimers).toBeGreaterThan(0);
    // Two old alert digests: one whose deal was handled long ago (its assignment gone from the
    // waiting ones), one still holding deal 1's waiting assignment — only the first may go.
    const bundles = new AlertBundleStore(side);
    const waiting = count(`SELECT id AS n FROM assignments WHERE status = 'pending'`);
    const handled = bundles.create(PEOPLE.head.id, t0, 'digest');
    bundles.addItem(handled, 424_242, 1, t0);
    const stillWaiting = bundles.create(PEOPLE.head.id, t0, 'digest');
    bundles.addItem(stillWaiting, waiting, 1, t0);

    h.clock.advance(89 * 86_400_000);
    expect(await h.app.prune(true)).toEqual({
      outbox: 0,
      inbound: 0,
      timers: 0,
      bundles: 0,
      paymentCovers: 0,
      paymentPastes: 0,
      paymentStamps: 0,
    });
    h.clock.advance(2 * 86_400_000);
    await h.sim.createDeal(sampleDeal(2)); // new work: its rows are young, its timers pending
    await settle(h.app);
    const pendingTimers = count(`SELECT count(*) AS n FROM timers WHERE status = 'pending'`);
    const pruned = await h.app.prune(true);
    expect(pruned).toEqual({
      outbox: oldOutbox,
      inbound: oldEvents,
      timers: oldTimers,
      bundles: 1,
      paymentCovers: 0,
      paymentPastes: 0,
      paymentStamps: 0,
    });
    expect(bundles.get(handled)).toBeNull();
    expect(count(`SELECT count(*) AS n FROM alert_bundle_items WHERE bundle_id = ${handled}`)).toBe(0);
    expect(bundles.counts(stillWaiting)).toEqual({ total: 1, waiting: 1 });
    expect(count(`SELECT count(*) AS n FROM outbox WHERE idem_key = 'todo:999'`)).toBe(1);
    expect(count(`SELECT count(*) AS n FROM timers WHERE status = 'pending'`)).toBe(pendingTimers);
    expect(count('SELECT count(*) AS n FROM report_assignments')).toBe(2);
    expect(count('SELECT count(*) AS n FROM assignments')).toBe(2);
    // Once a day unless forced.
    expect(await h.app.prune()).toBeNull();
    side.close();
  });
});

describe('snooze and pause', () => {
  const alertsTo = (hh: Harness, telegramId: number) =>
    hh.messagesTo(telegramId).filter((m) => /Сделку (не взяли|так и не взяли)/.test(m.text));
  const lastText = (hh: Harness, telegramId: number) => hh.messagesTo(telegramId).at(-1)?.text ?? '';

  it('when the head snoozes an alert for 15 minutes, then the next level waits, the head is alerted again after 15 minutes, and the timeline says who snoozed', async () => {
    h = await Harness.start();
    const dealId = await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    await h.advance(10 * MIN);
    const [alert] = alertsTo(h, PEOPLE.head.telegram);
    expect(alert?.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['⏸ Отложить 15 мин', '⏸ 1 ч']));
    if (!alert) throw new Error('no alert');
    await h.press(PEOPLE.head.telegram, alert, '⏸ Отложить 15 мин');
    await settle(h.app);
    expect(h.sim.timelineComments('deal', dealId).map((c) => c.comment)).toContain(
      'Бот: Смирнова О. отложила оповещение о невзятой сделке на 15 мин.',
    );
    await h.advance(10 * MIN); // 20 min: level 2 was due now, snoozed to 25
    expect(alertsTo(h, PEOPLE.director.telegram)).toHaveLength(0);
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(1);
    await h.advance(5 * MIN); // 25 min: the head again, and the directors' level
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(2);
    expect(alertsTo(h, PEOPLE.director.telegram)).toHaveLength(1);
  });

  it('when the head snoozes the same alert twice (15 minutes, then 1 hour), then the second replaces the first: one alert comes back, after the hour', async () => {
    h = await Harness.start();
    await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    await h.advance(10 * MIN);
    const [alert] = alertsTo(h, PEOPLE.head.telegram);
    if (!alert) throw new Error('no alert');
    await h.press(PEOPLE.head.telegram, alert, '⏸ Отложить 15 мин');
    await h.advance(MIN);
    await h.press(PEOPLE.head.telegram, alert, '⏸ 1 ч');
    await settle(h.app);
    await h.advance(20 * MIN); // past the first snooze's end: it was replaced
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(1);
    await h.advance(45 * MIN); // past the hour
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(2);
    await h.advance(30 * MIN);
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(2);
  });

  it('when two pipelines are paused to the same moment and one is resumed, then only that pipeline’s held alerts are released (and counted)', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.director.telegram, '/pause 1h 0');
    await h.sendCommand(PEOPLE.director.telegram, '/pause 1h 5');
    await h.sim.createDeal(sampleDeal(1));
    await h.sim.createDeal({ ...sampleDeal(2), CATEGORY_ID: '5', STAGE_ID: 'C5:PREPARATION' });
    await settle(h.app);
    await h.advance(15 * MIN);
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(0);
    await h.sendCommand(PEOPLE.director.telegram, '/resume 0');
    expect(lastText(h, PEOPLE.director.telegram)).toContain('Отложенных за паузу: 1 ');
    await settle(h.app);
    expect(
      alertsTo(h, PEOPLE.head.telegram)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('Заявка #1:');
    expect(
      alertsTo(h, PEOPLE.head.telegram)
        .map((m) => m.text)
        .join('\n'),
    ).not.toContain('Заявка #2:');
  });

  it('when the company and a pipeline are paused to the same moment and the company resumes, then the pipeline’s alerts stay held and are not counted', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.director.telegram, '/pause 1h');
    await h.sendCommand(PEOPLE.director.telegram, '/pause 1h 5');
    await h.sim.createDeal(sampleDeal(1));
    await h.sim.createDeal({ ...sampleDeal(2), CATEGORY_ID: '5', STAGE_ID: 'C5:PREPARATION' });
    await settle(h.app);
    await h.advance(15 * MIN);
    await h.sendCommand(PEOPLE.director.telegram, '/resume');
    expect(lastText(h, PEOPLE.director.telegram)).toContain('Отложенных за паузу: 1 ');
    await settle(h.app);
    const seen = (hh: Harness) =>
      alertsTo(hh, PEOPLE.head.telegram)
        .map((m) => m.text)
        .join('\n');
    expect(seen(h)).toContain('Заявка #1:');
    expect(seen(h)).not.toContain('Заявка #2:');
    await h.sendCommand(PEOPLE.director.telegram, '/resume 5');
    expect(lastText(h, PEOPLE.director.telegram)).toContain('Отложенных за паузу: 1 ');
    await settle(h.app);
    expect(seen(h)).toContain('Заявка #2:');
  });

  it('when someone who was not alerted presses «Отложить», then nothing is snoozed', async () => {
    h = await Harness.start();
    await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    await h.advance(10 * MIN);
    const [alert] = alertsTo(h, PEOPLE.head.telegram);
    if (!alert) throw new Error('no alert');
    await h.press(PEOPLE.ivanov.telegram, alert, '⏸ Отложить 15 мин');
    await h.advance(10 * MIN);
    expect(alertsTo(h, PEOPLE.director.telegram)).toHaveLength(1);
  });

  it('when an admin pauses the company for 2 hours, then no alert comes during it, the bot says when it resumes, and the held alerts come at its end', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.director.telegram, '/pause 2h');
    expect(lastText(h, PEOPLE.director.telegram)).toContain('приостановлены (вся компания) до 12:00');
    await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    await h.advance(30 * MIN);
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(0);
    expect(alertsTo(h, PEOPLE.director.telegram)).toHaveLength(0);
    await h.restart(); // the hold is in the timer rows
    await h.advance(89 * MIN);
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(0);
    await h.advance(1 * MIN); // 12:00
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(1);
    expect(alertsTo(h, PEOPLE.director.telegram)).toHaveLength(1);
  });

  it('when an admin resumes early, then the held alerts go at once; a pause of one pipeline leaves the others alone', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.director.telegram, '/pause 2h 0');
    expect(lastText(h, PEOPLE.director.telegram)).toContain('приостановлены (направление');
    await h.sim.createDeal(sampleDeal(1)); // pipeline 0: held
    await h.sim.createDeal({ ...sampleDeal(2), CATEGORY_ID: '5', STAGE_ID: 'C5:PREPARATION' }); // pipeline 5: not
    await settle(h.app);
    await h.advance(10 * MIN);
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(1);
    await h.sendCommand(PEOPLE.director.telegram, '/resume 0');
    expect(lastText(h, PEOPLE.director.telegram)).toContain('Отложенных за паузу: 1');
    await settle(h.app);
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(2);
  });

  it('when someone who is not an admin sends /pause, then it is refused and nothing pauses', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.head.telegram, '/pause 2h');
    expect(lastText(h, PEOPLE.head.telegram)).toContain('только администраторы');
    await h.sendCommand(PEOPLE.director.telegram, '/pause soon');
    expect(lastText(h, PEOPLE.director.telegram)).toContain('Например: /pause 2h');
    await h.sim.createDeal(sampleDeal(1));
    await settle(h.app);
    await h.advance(10 * MIN);
    expect(alertsTo(h, PEOPLE.head.telegram)).toHaveLength(1);
  });
});

/** «Стр. 2/14» of a paged message: [page, pages] (1-based), or null. */
const pageOf = (m: BotMessage | undefined): [number, number] | null => {
  const r = /Стр\. (\d+)\/(\d+)/.exec(m?.text ?? '');
  return r ? [Number(r[1]), Number(r[2])] : null;
};

/** The person's one paged message (the last one with a page counter), as it looks now. */
const pagedTo = (hh: Harness, telegramId: number): BotMessage | undefined =>
  [...hh.messagesTo(telegramId)].reverse().find((m) => pageOf(m) !== null || m.text.startsWith('✅ Все'));

/** Every page of the person's paged message, pressing «▶» from the one shown (each press edits it in place). */
async function everyPage(hh: Harness, telegramId: number): Promise<BotMessage[]> {
  const first = pagedTo(hh, telegramId);
  if (!first) throw new Error('no paged message');
  const pages = [first];
  const count = pageOf(first)?.[1] ?? 1;
  for (let i = 1; i < count; i++) {
    const shown = pages.at(-1);
    if (!shown) break;
    await hh.press(telegramId, shown, '▶');
    const now = hh.messagesTo(telegramId).find((m) => m.messageId === first.messageId);
    if (!now) throw new Error('the paged message is gone');
    pages.push(now);
  }
  return pages;
}

/** The bot is down while `ms` pass, then starts on the same database. */
async function downFor(hh: Harness, ms: number): Promise<void> {
  await hh.app.stop();
  hh.clock.advance(ms);
  await hh.boot();
  await settle(hh.app);
}

const headChat = (hh: Harness) => hh.messagesTo(PEOPLE.head.telegram);

describe('bundled alerts', () => {
  it('when 30 deals of one department go unclaimed at once, then the head has all 30 in at most 3 messages (one digest of 2 pages), each deal with its buttons, and it is edited as deals are claimed', async () => {
    h = await Harness.start();
    const ids: number[] = [];
    for (let n = 1; n <= 30; n++)
      ids.push(await h.sim.createDeal(sampleDeal(n, n % 2 ? PEOPLE.grakun.id : PEOPLE.ivanov.id)));
    await settle(h.app);
    expect(headChat(h)).toHaveLength(0);
    await h.advance(10 * MIN);
    const messages = headChat(h);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages.length).toBeLessThanOrEqual(3);
    const pages = await everyPage(h, PEOPLE.head.telegram);
    const all = pages.map((m) => m.text).join('\n');
    for (let n = 1; n <= 30; n++) expect(all).toContain(`Заявка #${n}:`);
    expect(all).toContain('Гракун Е., ждёт 10 мин');
    expect(all).toContain('Иванов П., ждёт 10 мин');
    expect(pages.flatMap((m) => m.buttons).filter((b) => b.text.includes('🔔 Напомнить'))).toHaveLength(30);

    // Grakun claims deal 1 from the card: the digest's count falls and deal 1 leaves its pages, with its buttons.
    const card = h
      .messagesTo(PEOPLE.grakun.telegram)
      .find((m) => m.text.includes('Заявка #1:') && m.buttons.some((b) => b.text === '✅ Беру в работу'));
    if (!card) throw new Error('no card for deal 1');
    await h.press(PEOPLE.grakun.telegram, card, '✅ Беру в работу');
    await settle(h.app);
    expect(headChat(h)).toHaveLength(messages.length);
    expect(headChat(h)[0]?.text).toContain('Не взяты в работу: 29 из 30');
    const after = await everyPage(h, PEOPLE.head.telegram);
    expect(after.map((m) => m.text).join('\n')).not.toContain('Заявка #1:');
    expect(after.flatMap((m) => m.buttons).filter((b) => b.text.includes('🔔 Напомнить'))).toHaveLength(29);
  });

  it('when the head presses a deal’s button in the list, then it acts on that deal', async () => {
    h = await Harness.start();
    for (let n = 1; n <= 5; n++) await h.sim.createDeal(sampleDeal(n, PEOPLE.ivanov.id));
    await settle(h.app);
    await h.advance(10 * MIN);
    const [list] = headChat(h);
    if (!list) throw new Error('no list');
    expect(headChat(h)).toHaveLength(1);
    const before = h.messagesTo(PEOPLE.ivanov.telegram).length;
    await h.press(PEOPLE.head.telegram, list, '3 🔔 Напомнить');
    await settle(h.app);
    const nudges = h.messagesTo(PEOPLE.ivanov.telegram).slice(before);
    expect(nudges).toHaveLength(1);
    expect(nudges[0]?.text).toContain('Смирнова О. напоминает');
    expect(nudges[0]?.text).toContain('Заявка #3:');
  });

  it('when only two deals fall due together, then each gets its own alert as before', async () => {
    h = await Harness.start();
    await h.sim.createDeal(sampleDeal(1));
    await h.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id));
    await settle(h.app);
    await h.advance(10 * MIN);
    const alerts = headChat(h);
    expect(alerts).toHaveLength(2);
    expect(alerts.every((m) => m.text.startsWith('⚠️ Сделку не взяли в работу'))).toBe(true);
  });
});

describe('a backlog after a restart: one digest, paged', () => {
  it('when the bot comes back to 200 overdue escalations of one department, then the head gets ONE message — how many wait, the oldest first, a page of deals with their buttons — and «▶» pages through all 200', async () => {
    h = await Harness.start();
    for (let n = 1; n <= 200; n++) await h.sim.createDeal(sampleDeal(n, n % 2 ? PEOPLE.grakun.id : PEOPLE.ivanov.id));
    await settle(h.app);
    await downFor(h, 12 * MIN);
    const chat = headChat(h);
    expect(chat).toHaveLength(1); // not ⌈200/15⌉ = 14 lists
    // The digest and the two lists of pings were drawn once each after the burst, not once per alert
    // that joined them (199 + 2 × 99 edits before the redraw timer).
    const edits = h.app.db.prepare(`SELECT count(*) AS n FROM outbox WHERE op = 'edit'`).get() as { n: number };
    expect(edits.n).toBeLessThanOrEqual(3);
    const digest = chat[0];
    expect(digest?.text).toContain('Не взяты в работу: 200 из 200');
    expect(pageOf(digest)).toEqual([1, 14]);
    const text = digest?.text ?? '';
    expect(text.indexOf('Заявка #1:')).toBeGreaterThan(0);
    expect(text.indexOf('Заявка #1:')).toBeLessThan(text.indexOf('Заявка #2:')); // the oldest first
    expect(digest?.buttons.filter((b) => b.text.includes('🔔 Напомнить'))).toHaveLength(15);
    expect(digest?.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['◀', '1/14', '▶']));
    const pages = await everyPage(h, PEOPLE.head.telegram);
    expect(pages.map(pageOf)).toEqual(Array.from({ length: 14 }, (_, i) => [i + 1, 14]));
    const seen = new Set(pages.flatMap((m) => [...m.text.matchAll(/Заявка #(\d+):/g)].map((r) => Number(r[1]))));
    expect(seen.size).toBe(200);
    expect(headChat(h)).toHaveLength(1);
    // Each manager had 100 pings due at once: one list each, not 100 messages.
    for (const manager of [PEOPLE.grakun, PEOPLE.ivanov]) {
      const since = h.messagesTo(manager.telegram).filter((m) => !m.text.startsWith('🆕 Новая сделка'));
      expect(since).toHaveLength(1);
      expect(since[0]?.text).toContain('Ждут, пока вы возьмёте их в работу: 100');
    }
  });

  it('when the head presses the page already shown («1/3»), then nothing is edited (Telegram refuses an unchanged text); a deal titled only with spaces is listed by its number', async () => {
    h = await Harness.start({ rules: { alerts: { bundleSize: 5 } } });
    const blank = await h.sim.createDeal({ ...sampleDeal(1, PEOPLE.ivanov.id), TITLE: '   ' });
    for (let n = 2; n <= 12; n++) await h.sim.createDeal(sampleDeal(n, PEOPLE.ivanov.id));
    await settle(h.app);
    await downFor(h, 10 * MIN);
    const first = pagedTo(h, PEOPLE.head.telegram);
    if (!first) throw new Error('no digest');
    expect(first.text).toContain(`Сделка #${blank}`);
    const db = h.app.db;
    const edits = () => (db.prepare(`SELECT count(*) AS n FROM outbox WHERE op = 'edit'`).get() as { n: number }).n;
    const before = edits();
    await h.press(PEOPLE.head.telegram, first, '1/3');
    await settle(h.app);
    expect(edits()).toBe(before);
    expect(pageOf(pagedTo(h, PEOPLE.head.telegram))).toEqual([1, 3]);
  });

  it('when the head pages on and presses a deal’s button there, then it acts on that deal; someone else’s page press is refused; the page survives a restart; a claim lowers the count', async () => {
    h = await Harness.start({ rules: { alerts: { bundleSize: 5 } } });
    for (let n = 1; n <= 12; n++) await h.sim.createDeal(sampleDeal(n, PEOPLE.ivanov.id));
    await settle(h.app);
    await downFor(h, 10 * MIN);
    expect(headChat(h)).toHaveLength(1);
    const first = pagedTo(h, PEOPLE.head.telegram);
    if (!first) throw new Error('no digest');
    expect(first.text).toContain('Не взяты в работу: 12 из 12');
    expect(pageOf(first)).toEqual([1, 3]);
    await h.press(PEOPLE.head.telegram, first, '▶');
    const second = pagedTo(h, PEOPLE.head.telegram);
    if (!second) throw new Error('no digest');
    expect(pageOf(second)).toEqual([2, 3]);
    expect(second.text).toContain('6. <a href=');
    expect(second.text).toContain('Заявка #6:');
    expect(second.text).not.toContain('Заявка #1:');

    const before = h.messagesTo(PEOPLE.ivanov.telegram).length;
    await h.press(PEOPLE.head.telegram, second, '7 🔔 Напомнить');
    const nudges = h.messagesTo(PEOPLE.ivanov.telegram).slice(before);
    expect(nudges).toHaveLength(1);
    expect(nudges[0]?.text).toContain('Смирнова О. напоминает');
    expect(nudges[0]?.text).toContain('Заявка #7:');

    // The director is not whom the digest was sent to: a toast, and the page stays.
    const next = second.buttons.find((b) => b.text === '▶')?.callback_data;
    if (!next) throw new Error('no ▶');
    const toasts = h.telegramProxy.toasts.length;
    await h.pressData(PEOPLE.director.telegram, second.messageId, next);
    await waitFor(() => h?.telegramProxy.toasts.length !== toasts, 'the toast');
    expect(h.telegramProxy.toasts.at(-1)).toMatchObject({ showAlert: true });
    expect(h.telegramProxy.toasts.at(-1)?.text).toContain('Листать список может только');
    expect(pageOf(pagedTo(h, PEOPLE.head.telegram))).toEqual([2, 3]);

    await h.restart();
    const card = h
      .messagesTo(PEOPLE.ivanov.telegram)
      .find((m) => m.text.includes('Заявка #6:') && m.buttons.some((b) => b.text === '✅ Беру в работу'));
    if (!card) throw new Error('no card for deal 6');
    await h.press(PEOPLE.ivanov.telegram, card, '✅ Беру в работу');
    const edited = pagedTo(h, PEOPLE.head.telegram);
    expect(edited?.text).toContain('Не взяты в работу: 11 из 12');
    expect(pageOf(edited)).toEqual([2, 3]); // still the page the head was on
    expect(edited?.text).not.toContain('Заявка #6:');
    expect(edited?.text).toContain('Заявка #7:');
    expect(headChat(h)).toHaveLength(1);
  });

  it('when a manager has 25 deals falling due at once, then they get ONE message listing them with «✅ Беру» for each (paged), not 25 pings; its buttons claim, and when every deal is handled both lists say so', async () => {
    h = await Harness.start();
    for (let n = 1; n <= 25; n++) await h.sim.createDeal(sampleDeal(n, PEOPLE.ivanov.id));
    await settle(h.app);
    const cards = h.messagesTo(PEOPLE.ivanov.telegram).length;
    expect(cards).toBe(25);
    await h.advance(10 * MIN);
    const pings = h.messagesTo(PEOPLE.ivanov.telegram).slice(cards);
    expect(pings).toHaveLength(1);
    const list = pings[0];
    if (!list) throw new Error('no list');
    expect(list.text).toContain('Ждут, пока вы возьмёте их в работу: 25');
    expect(pageOf(list)).toEqual([1, 2]);
    expect(list.buttons.filter((b) => /^✅ \d+\. Беру$/.test(b.text))).toHaveLength(15);
    await h.press(PEOPLE.ivanov.telegram, list, '✅ 3. Беру');
    expect(pagedTo(h, PEOPLE.ivanov.telegram)?.text).toContain('Ждут, пока вы возьмёте их в работу: 24');
    expect(pagedTo(h, PEOPLE.head.telegram)?.text).toContain('Не взяты в работу: 24 из 25');
    // The head cannot take the manager's deals from their list (the claim codec checks who presses).
    // Ivanov takes the rest from the list, page by page.
    for (let i = 0; i < 24; i++) {
      const shown = pagedTo(h, PEOPLE.ivanov.telegram);
      if (!shown) throw new Error('no list');
      await h.press(PEOPLE.ivanov.telegram, shown, /^✅ \d+\. Беру$/);
    }
    const done = pagedTo(h, PEOPLE.ivanov.telegram);
    expect(done?.text).toContain('✅ Все сделки из списка разобраны (25)');
    expect(done?.buttons).toEqual([]);
    const digest = pagedTo(h, PEOPLE.head.telegram);
    expect(digest?.text).toContain('✅ Все сделки разобраны (25)');
    expect(digest?.buttons).toEqual([]);
    expect(h.messagesTo(PEOPLE.ivanov.telegram)).toHaveLength(26);
  });
});

describe('a card overtakes its manager’s pings', () => {
  it('when 25 of a manager’s deals fall due together and a new deal comes for them, then the new card is in the next drain ahead of the manager’s ping backlog', async () => {
    // One ping per deal (no list of pings): the backlog of single messages in one chat is what this is about.
    h = await Harness.start({ rules: { alerts: { pingsAbove: 1_000_000 } } });
    for (let n = 1; n <= 25; n++) await h.sim.createDeal(sampleDeal(n, PEOPLE.ivanov.id));
    await settle(h.app);
    const cardsBefore = h.messagesTo(PEOPLE.ivanov.telegram).length;
    expect(cardsBefore).toBe(25);
    // The 25 deals fall due (25 pings to Иванов) and a new deal comes in the same pass.
    h.clock.advance(10 * MIN);
    await h.sim.createDeal(sampleDeal(26, PEOPLE.ivanov.id));
    const side = new Database(h.dbPath);
    try {
      const lane = () =>
        side
          .prepare(`SELECT idem_key AS key, status FROM outbox WHERE target = ? ORDER BY id`)
          .all(String(PEOPLE.ivanov.telegram)) as Array<{ key: string; status: string }>;
      const cards = () => lane().filter((r) => r.key.startsWith('card:'));
      // One pass at a time until the new deal's card is decided (a condition, not a sleep).
      for (let i = 0; i < 20 && cards().length < 26; i++) await h.app.tick();
      const rows = lane();
      const newCard = cards().at(-1);
      expect(cards()).toHaveLength(26);
      const pingsPending = rows.filter((r) => r.key.startsWith('ping:') && r.status === 'pending');
      expect(pingsPending.length).toBeGreaterThanOrEqual(10); // the backlog Telegram's per-chat pace holds
      if (newCard?.status !== 'sent') {
        const next = new OutboxStore(side)
          .due(Date.now() + MIN, 200, 20)
          .filter((r) => r.target === String(PEOPLE.ivanov.telegram));
        expect(next[0]?.idemKey).toBe(newCard?.key);
      }
    } finally {
      side.close();
    }
  });
});
