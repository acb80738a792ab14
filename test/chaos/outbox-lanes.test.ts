/**
 * Promise 1 (issue #7), the double send the full crash storm turned up once deadlines got a pass of
 * their own: two drains run at once, and each chat (lane) must be worked by one of them at a time —
 * else both take the same pending row and Telegram gets the message twice. Staged exactly with a
 * messenger whose sends are held and let go by the test: the real OutboxSender on a real (in-memory)
 * store, no timing luck.
 */
import { describe, expect, it } from 'vitest';
import { openDb, migrate } from '../../src/store/db';
import { OutboxStore } from '../../src/store/outbox';
import { OutboxSender } from '../../src/app/outbox-sender';
import { Metrics } from '../../src/kernel/metrics';
import { createLogger } from '../../src/kernel/log';
import type { Crm, Messenger, OutMessage, SentMessage } from '../../src/kernel/ports';

/** Sends to a chat listed in `slow` wait until the test lets them go; the rest answer at once. */
class HeldMessenger implements Messenger {
  readonly channel = 'telegram' as const;
  readonly sent: Array<{ chat: string; text: string }> = [];
  readonly slow = new Set<string>();
  private waiting: Array<() => void> = [];
  private n = 0;
  get held(): number {
    return this.waiting.length;
  }
  async send(chat: string, msg: OutMessage): Promise<SentMessage> {
    if (this.slow.has(chat)) await new Promise<void>((r) => this.waiting.push(r));
    this.sent.push({ chat, text: msg.text });
    return { messageId: String(++this.n) };
  }
  async edit(): Promise<void> {}
  /** Lets the oldest held send answer. */
  releaseFirst(): void {
    this.waiting.shift()?.();
  }
  release(): void {
    for (const r of this.waiting.splice(0)) r();
  }
}

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setImmediate(r));
  if (!cond()) throw new Error(`never happened: ${what}`);
};

describe('chaos: two drains at once', () => {
  it('when a drain finishes while another works on a chat it had before, then a third drain does not send that chat’s pending message again', async () => {
    const db = openDb(':memory:');
    migrate(db);
    const outbox = new OutboxStore(db);
    const tg = new HeldMessenger();
    const sender = new OutboxSender(
      outbox,
      { telegram: tg },
      {} as Crm,
      { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 1000, maxAttempts: 5, retryBaseMs: 100 },
      createLogger({ level: 'silent' }),
      new Metrics(),
    );
    const send = (key: string, chat: string, text: string) =>
      outbox.enqueue(key, { channel: 'telegram', op: 'send', target: chat, payload: { text } }, Date.now());

    // Drain A: chat A goes at once, chat B hangs.
    send('a1', 'A', 'first to A');
    send('b1', 'B', 'first to B');
    tg.slow.add('B');
    const drainA = sender.drain();
    const sentRow = (key: string) => outbox.byKey(key)?.status === 'sent';
    await until(() => sentRow('a1') && tg.held === 1, 'A sent and recorded, B held');
    await new Promise((r) => setImmediate(r)); // drain A's worker has let go of chat A
    // Drain B (e.g. the deadlines' own pass): a new message to A, and this send hangs too.
    tg.slow.add('A');
    send('a2', 'A', 'second to A');
    const drainB = sender.drain();
    await until(() => tg.held === 2, 'the second message to A on its way');
    // Chat B's send comes back: drain A ends (and lets go of its lanes) while drain B is still on chat A.
    tg.releaseFirst();
    await drainA;
    // Drain C: chat A's message is still on its way in drain B — it must not be sent again.
    let cDone = false;
    const drainC = sender.drain().finally(() => (cDone = true));
    await until(() => cDone || tg.held === 2, 'drain C to finish or to send');
    const resentWhileInFlight = tg.held === 2;
    tg.release();
    await Promise.all([drainB, drainC]);
    const copies = tg.sent.filter((m) => m.text === 'second to A').length;
    console.log(
      `outbox lanes: 'second to A' sent ${copies} time(s); sends ${JSON.stringify(tg.sent.map((m) => m.text))}`,
    );
    expect(resentWhileInFlight, 'drain C sent a message drain B was still sending').toBe(false);
    expect(copies).toBe(1);
    expect(outbox.pendingCount()).toBe(0);
    db.close();
  });
});
