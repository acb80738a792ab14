/**
 * /people tells how a rules link (people.links) went (fixer desk30): the person's own /forget is not an admin's
 * /unlink — the list said «снята командой /unlink» for both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The director's /people, its «Без Telegram» part. */
async function unlinkedList(harness: Harness): Promise<string> {
  await harness.sendCommand(PEOPLE.director.telegram, '/people');
  const list = harness.messagesTo(PEOPLE.director.telegram).at(-1)?.text ?? '';
  return list.slice(list.indexOf('Без Telegram'));
}

describe('/people after a rules link was removed', () => {
  it('when the person wrote /forget themselves, then /people says so (after a restart too), not that an admin used /unlink', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.ivanov.telegram, '/forget');
    for (const when of ['now', 'after a restart']) {
      const list = await unlinkedList(h);
      const line = list.split('\n').find((l) => l.startsWith(`${PEOPLE.ivanov.id} · Иванов`)) ?? '';
      expect(line, when).toContain('привязка из people.links снята: сотрудник сам отвязался командой /forget');
      expect(line, when).not.toContain('/unlink');
      await h.restart();
    }
  });

  it('when an admin unlinked the person, then /people still names /unlink — also after an earlier /forget of the same account', async () => {
    h = await Harness.start();
    await h.sendCommand(PEOPLE.grakun.telegram, '/forget');
    await h.sendCommand(PEOPLE.grakun.telegram, '/start');
    await h.shareContact(PEOPLE.grakun.telegram, '+79211112233');
    expect(h.app.ctx.reach.telegramOf(PEOPLE.grakun.id)).toBe(String(PEOPLE.grakun.telegram));
    await h.sendCommand(PEOPLE.director.telegram, `/unlink ${PEOPLE.grakun.id}`);
    const line = (await unlinkedList(h)).split('\n').find((l) => l.startsWith(`${PEOPLE.grakun.id} · Гракун`)) ?? '';
    expect(line).toContain('привязка из people.links снята командой /unlink');
    expect(line).not.toContain('/forget');
  });
});
