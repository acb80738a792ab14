/**
 * The escalation line in the deal's timeline (fixer desk30): it names the configured claim timeout, never the
 * time elapsed — «не взята в работу за меньше минуты» is no Russian, and two escalations of one deal must read
 * word for word the same (the chaos suite's comment lookup rests on it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

const SECOND = 1000;
const MIN = 60 * SECOND;
let h: Harness;

afterEach(async () => {
  await h?.stop();
});

const escalations = (dealId: number) =>
  h.sim
    .timelineComments('deal', dealId)
    .map((c) => c.comment)
    .filter((c) => c.startsWith('Бот: сделка не взята в работу'));

describe('the escalation line in the timeline', () => {
  it('when the claim timeout is under a minute, then the line says it in seconds — the configured 30 s, not the 45 s that passed', async () => {
    h = await Harness.start({
      rules: { claim: { timeout: '30s' }, escalation: { levels: [{ after: '30s', notify: 'department_head' }] } },
    });
    const dealId = await h.sim.createDeal(sampleDeal(1, PEOPLE.grakun.id));
    await settle(h.app);
    // The level fires late (a busy bot, a restart): the line still names the timeout, not the wait.
    await h.advance(45 * SECOND);
    expect(escalations(dealId)).toEqual(['Бот: сделка не взята в работу за 30 с — уровень 1, оповещены: Смирнова О.']);
  });

  it('when the levels are in minutes, then each line names its own level’s time', async () => {
    h = await Harness.start();
    const dealId = await h.sim.createDeal(sampleDeal(2, PEOPLE.grakun.id));
    await settle(h.app);
    await h.advance(25 * MIN);
    const lines = escalations(dealId);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Бот: сделка не взята в работу за 10 мин — уровень 1, оповещены: Смирнова О\.$/u);
    expect(lines[1]).toMatch(/^Бот: сделка не взята в работу за 20 мин — уровень 2, оповещены: /u);
  });
});
