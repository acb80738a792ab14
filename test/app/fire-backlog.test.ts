import { describe, expect, it } from 'vitest';
import { fireBacklog } from '../../src/app/loops';

/** A scheduler that has `due` timers and fires at most 100 a call, as fireDueTimers does. */
function scheduler(due: number) {
  const calls: number[] = [];
  let left = due;
  const fireDue = async () => {
    const n = Math.min(100, left);
    left -= n;
    calls.push(n);
    return n;
  };
  return { fireDue, calls };
}

describe('a deadline pass over a backlog', () => {
  it('when 1,037 timers are due at once, then one pass fires them all, chunk after chunk, starting the send pass as it goes', async () => {
    const s = scheduler(1037);
    let sends = 0;
    const fired = await fireBacklog(
      s.fireDue,
      () => false,
      () => sends++,
    );
    expect(fired).toBe(1037);
    expect(s.calls).toEqual([...Array(10).fill(100), 37, 0]);
    expect(sends).toBe(11);
  });

  it('when more are due than a pass may fire, then it stops at the bound (the next tick goes on); when stopped, it fires nothing more', async () => {
    const s = scheduler(100_000);
    expect(
      await fireBacklog(
        s.fireDue,
        () => false,
        () => {},
        500,
      ),
    ).toBe(500);
    let stop = false;
    const t = scheduler(1000);
    const fired = await fireBacklog(
      async () => {
        stop = true; // stopping while the first chunk fires
        return t.fireDue();
      },
      () => stop,
      () => {},
    );
    expect(fired).toBe(100);
  });
});
