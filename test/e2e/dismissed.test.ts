/**
 * Issue 13, item 3: a deal assigned to a manager the portal reports dismissed (ACTIVE false), while
 * the bot's directory (cached for an hour) still knows them as active.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { companyRules, sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const MIN = 60_000;

describe('item 3: dismissed managers', () => {
  it('when a deal is assigned to a manager dismissed after the directory was loaded, then they get nothing, the supervisor gets the deal at once with the reason, and the CRM and the timeline say so', async () => {
    h = await Harness.start();
    await h.sim.createDeal(sampleDeal(1, PEOPLE.ivanov.id)); // the directory is loaded and cached
    await settle(h.app);
    const before = h.messagesTo(PEOPLE.grakun.telegram).length;

    h.sim.setUserActive(PEOPLE.grakun.id, false);
    const id = await h.sim.createDeal(sampleDeal(2, PEOPLE.grakun.id));
    await settle(h.app);

    // Not a word to the dismissed person: no client, no phone, no address.
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(before);
    const card = h.messagesTo(PEOPLE.head.telegram).find((m) => m.text.includes('Новая сделка'));
    expect(card?.text).toContain('Гракун Е. больше не работает (уволена в Битрикс24) — сделка передана вам сразу.');
    expect(card?.text).toContain('Заявка #2');
    expect(h.sim.deal(id)?.ASSIGNED_BY_ID).toBe(String(PEOPLE.head.id));
    expect(h.sim.timelineComments('deal', id).map((c) => c.comment)).toContainEqual(
      expect.stringContaining('Гракун Е. уволена в Битрикс24; новая сделка сразу передана: Смирнова О.'),
    );
    // Unlinked at once: nothing else reaches them either.
    expect(h.app.db.prepare('SELECT count(*) AS n FROM links WHERE bitrix_user_id = ?').get(PEOPLE.grakun.id)).toEqual({
      n: 0,
    });

    // No alert about Гракун "not claiming": the clock runs for the head's own assignment.
    await h.advance(10 * MIN);
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(before);
    for (const m of [...h.messagesTo(PEOPLE.head.telegram), ...h.messagesTo(PEOPLE.director.telegram)])
      expect(m.text).not.toMatch(/не взяли[^\n]*Гракун/);
  });

  it('when the dismissed manager has a deputy, then the deputy gets the deal', async () => {
    h = await Harness.start({
      rules: companyRules({
        people: {
          directors: [PEOPLE.director.id],
          admins: [PEOPLE.director.id],
          deputies: [{ userId: PEOPLE.grakun.id, deputyId: PEOPLE.ivanov.id }],
          links: [PEOPLE.director, PEOPLE.head, PEOPLE.grakun, PEOPLE.ivanov].map((p) => ({
            bitrixUserId: p.id,
            telegramUserId: p.telegram,
          })),
        },
      }),
    });
    await h.sim.createDeal(sampleDeal(1, PEOPLE.ivanov.id));
    await settle(h.app);
    h.sim.setUserActive(PEOPLE.grakun.id, false);
    const id = await h.sim.createDeal(sampleDeal(2, PEOPLE.grakun.id));
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(0);
    expect(h.messagesTo(PEOPLE.ivanov.telegram).some((m) => m.text.includes('Гракун Е. больше не работает'))).toBe(
      true,
    );
    expect(h.sim.deal(id)?.ASSIGNED_BY_ID).toBe(String(PEOPLE.ivanov.id));
  });

  it('when a deal for a manager dismissed meanwhile comes among many (a chunk read with one user.get for all its assignees), then they get nothing and the supervisor gets it', async () => {
    h = await Harness.start();
    await h.sim.createDeal(sampleDeal(1, PEOPLE.ivanov.id));
    await settle(h.app);
    const before = h.messagesTo(PEOPLE.grakun.telegram).length;
    h.sim.setUserActive(PEOPLE.grakun.id, false);
    let dismissedDeal = 0;
    for (let n = 2; n <= 21; n++) {
      const id = await h.sim.createDeal(sampleDeal(n, n === 11 ? PEOPLE.grakun.id : PEOPLE.ivanov.id));
      if (n === 11) dismissedDeal = id;
    }
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(before);
    const card = h.messagesTo(PEOPLE.head.telegram).find((m) => m.text.includes('Заявка #11:'));
    expect(card?.text).toContain('Гракун Е. больше не работает');
    expect(h.sim.deal(dismissedDeal)?.ASSIGNED_BY_ID).toBe(String(PEOPLE.head.id));
    expect(
      h.messagesTo(PEOPLE.ivanov.telegram).filter((m) => /Заявка #\d+:/.test(m.text)).length,
    ).toBeGreaterThanOrEqual(19);
  });
});
