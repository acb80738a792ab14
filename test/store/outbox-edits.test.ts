/**
 * Edits of one message in a burst (a digest growing by a thousand alerts after a restart, issue 17):
 * each edit carries the whole message, so the ones still waiting before it are done at once.
 */
import { describe, expect, it } from 'vitest';
import { openDb, migrate } from '../../src/store/db';
import { OutboxStore } from '../../src/store/outbox';
import { ManualClock } from '../../src/kernel/clock';
import { editSent } from '../../src/kernel/delivery';
import type { DeskContext } from '../../src/kernel/context';

describe('edits of one message in a burst', () => {
  it('when a message is edited 1,000 times before the sender drains, then one edit of it waits — the newest — and re-deciding an old edit adds nothing', () => {
    const db = openDb(':memory:');
    migrate(db);
    const outbox = new OutboxStore(db);
    const clock = new ManualClock('2026-11-30T10:00:00Z');
    const ctx = { outbox, clock } as unknown as DeskContext;
    outbox.enqueue('bundle:1:5:tg', { channel: 'telegram', op: 'send', target: '5005', payload: { text: 'v0' } }, 0);
    outbox.enqueue('other:tg', { channel: 'telegram', op: 'send', target: '5005', payload: { text: 'x' } }, 0);
    editSent(ctx, 'other:tg', 'r1', { text: 'other edit' });
    for (let r = 1; r <= 1000; r++) editSent(ctx, 'bundle:1:5:tg', `r${r}`, { text: `v${r}` });
    editSent(ctx, 'bundle:1:5:tg', 'r3', { text: 'v3 again' }); // the same decision again: a no-op
    const pending = db
      .prepare(`SELECT idem_key AS key, payload FROM outbox WHERE op = 'edit' AND status = 'pending' ORDER BY id`)
      .all() as Array<{ key: string; payload: string }>;
    expect(pending.map((r) => r.key)).toEqual(['edit:other:tg:r1', 'edit:bundle:1:5:tg:r1000']);
    expect(JSON.parse(pending[1]?.payload ?? '{}').text).toBe('v1000');
    db.close();
  });

  it('when an older edit is already being delivered, then it is left to finish and the new one waits after it', () => {
    const db = openDb(':memory:');
    migrate(db);
    const outbox = new OutboxStore(db);
    const ctx = { outbox, clock: new ManualClock(0) } as unknown as DeskContext;
    outbox.enqueue('m:tg', { channel: 'telegram', op: 'send', target: '1', payload: { text: 'v0' } }, 0);
    editSent(ctx, 'm:tg', 'r1', { text: 'v1' });
    const first = outbox.byKey('edit:m:tg:r1');
    if (!first) throw new Error('no edit');
    db.prepare('UPDATE outbox SET started_at = 1 WHERE idem_key = ?').run('edit:m:tg:r1');
    editSent(ctx, 'm:tg', 'r2', { text: 'v2' });
    const pending = db
      .prepare(`SELECT idem_key AS key FROM outbox WHERE op = 'edit' AND status = 'pending' ORDER BY id`)
      .all() as Array<{ key: string }>;
    expect(pending.map((r) => r.key)).toEqual(['edit:m:tg:r1', 'edit:m:tg:r2']);
    db.close();
  });
});
