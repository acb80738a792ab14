import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, migrate, type Db } from '../src/store/db';
import { TimerStore, type TimerHandlers, type TimerOf } from '../src/store/timers';
import { fireDueTimers } from '../src/kernel/scheduler';
import { timerKey } from '../src/kernel/keys';
import { createLogger } from '../src/kernel/log';

let dir: string;
let db: Db;
let timers: TimerStore;
const log = createLogger({ level: 'silent' });
/** The same handler for every timer kind (these tests are about firing, not about a kind). */
const every = (h: (t: TimerOf) => Promise<void>): TimerHandlers => ({
  escalate: h,
  'pay-remind': h,
  'paste-join': h,
  'statement-download': h,
  followup: h,
  'survey-check': h,
  morning: h,
  'contact-check': h,
  report: h,
  'bundle-redraw': h,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'b24sched-'));
  db = openDb(join(dir, 'bot.sqlite'));
  migrate(db);
  timers = new TimerStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('durable timers', () => {
  it('when a timer is scheduled twice under one key, then it fires once', async () => {
    timers.schedule({ kind: 'morning', key: 'k', dueAt: 1000, payload: { date: 'k' } }, 0);
    timers.schedule({ kind: 'morning', key: 'k', dueAt: 5000, payload: { date: 'k' } }, 0);
    const fired: string[] = [];
    const handler = async (t: { id: number; key: string }) => {
      if (timers.markFired(t.id, 2000)) fired.push(t.key);
    };
    expect(await fireDueTimers(timers, every(handler), 999, log)).toBe(0);
    await fireDueTimers(timers, every(handler), 1000, log);
    await fireDueTimers(timers, every(handler), 9000, log);
    expect(fired).toEqual(['k']);
  });

  it('when an effect fails, then the timer stays pending and is retried with a growing back-off', async () => {
    timers.schedule({ kind: 'morning', key: 'k', dueAt: 1000, payload: { date: 'k' } }, 0);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('portal down');
    };
    await fireDueTimers(timers, every(failing), 1000, log);
    expect(timers.get('k')).toEqual({ status: 'pending', dueAt: 2000 });
    await fireDueTimers(timers, every(failing), 1500, log); // backing off: not yet
    await fireDueTimers(timers, every(failing), 2000, log);
    expect(timers.get('k')).toEqual({ status: 'pending', dueAt: 4000 });
    expect(calls).toBe(2);
  });

  it('when the clock jumps back, then a fired timer does not fire again; forward, then everything due fires once', async () => {
    timers.schedule({ kind: 'morning', key: 'a', dueAt: 1000, payload: { date: 'a' } }, 0);
    timers.schedule({ kind: 'morning', key: 'b', dueAt: 3_600_000, payload: { date: 'b' } }, 0);
    const fired: string[] = [];
    const handler = async (t: { id: number; key: string }) => {
      if (timers.markFired(t.id, 0)) fired.push(t.key);
    };
    await fireDueTimers(timers, every(handler), 1000, log);
    await fireDueTimers(timers, every(handler), 400, log); // ten minutes back, say
    await fireDueTimers(timers, every(handler), 7_200_000, log); // an hour forward
    await fireDueTimers(timers, every(handler), 7_200_000, log);
    expect(fired).toEqual(['a', 'b']);
  });

  it('when one payment reminder is cancelled, then the reminders of prompts whose ids start with the same digits stay', () => {
    for (const id of [1, 10, 100])
      timers.schedule(
        { kind: 'pay-remind', key: timerKey.paymentReminder(id), dueAt: 1000, payload: { promptId: id } },
        0,
      );
    expect(timers.cancel(timerKey.paymentReminder(1))).toBe(true);
    expect(timers.get(timerKey.paymentReminder(1))?.status).toBe('cancelled');
    expect(timers.get(timerKey.paymentReminder(10))?.status).toBe('pending');
    expect(timers.get(timerKey.paymentReminder(100))?.status).toBe('pending');
  });
});
