/**
 * Issue 13, item 4: a claim in Bitrix24 is the responsible manager moving the deal on within its
 * pipeline (MOVED_BY_ID / MODIFY_BY_ID, crm-deal-fields.md). Someone else's move — into another
 * pipeline, or on within it — is not the manager's claim; a pipeline change restarts the assignment
 * and says so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

const MIN = 60_000;
let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.stop();
});

const toGrakun = () => h.messagesTo(PEOPLE.grakun.telegram);
const comments = (dealId: number) => h.sim.timelineComments('deal', dealId).map((c) => c.comment);

async function newDeal(): Promise<number> {
  const id = await h.sim.createDeal(sampleDeal(1));
  await settle(h.app);
  expect(toGrakun().filter((m) => m.text.startsWith('🆕 Новая сделка'))).toHaveLength(1);
  return id;
}

describe('item 4: moves in the CRM by someone else are not the manager’s claim', () => {
  it('when the head moves an unclaimed deal into another watched pipeline, then it is not a claim: the card and the timeline say it was moved, and the assignment restarts there with its escalation', async () => {
    const id = await newDeal();
    await h.advance(2 * MIN);
    await h.sim.updateDeal(id, { CATEGORY_ID: '5', STAGE_ID: 'C5:PREPARATION' }, { by: PEOPLE.head.id });
    await settle(h.app);

    const texts = toGrakun().map((m) => m.text);
    expect(texts.join('\n')).not.toContain('Взята в работу');
    expect(texts[0]).toContain(
      'Смирнова О. перенесла сделку в направление «Нерудные материалы» — это не взятие в работу',
    );
    // The restarted assignment: a new card in the new pipeline, its own 10 minutes.
    expect(texts[1]).toMatch(/^🆕 Новая сделка/);
    expect(texts[1]).toContain('Нерудные материалы');
    expect(texts[1]).toContain('Взять до 10:12');
    expect(comments(id).join('\n')).not.toContain('Бот: сделку взял');
    expect(comments(id)).toContainEqual(
      expect.stringContaining('Смирнова О. перенесла сделку в направление «Нерудные материалы»'),
    );
    expect(h.app.metrics.claims.get({ via: 'crm' })).toBe(0);

    // Escalation did not stop: ten minutes after the move the head hears of it.
    await h.advance(10 * MIN);
    expect(h.messagesTo(PEOPLE.head.telegram).some((m) => m.text.includes('Сделку не взяли'))).toBe(true);
  });

  it('when the head moves an unclaimed deal on within its pipeline, then it is not the manager’s claim and the card says who moved it', async () => {
    const id = await newDeal();
    await h.sim.updateDeal(id, { STAGE_ID: STAGES.agreeing }, { by: PEOPLE.head.id });
    await settle(h.app);
    const card = toGrakun()[0]!;
    expect(card.text).toContain(
      'Смирнова О. передвинула сделку дальше в Битрикс24 — это не взятие в работу менеджером',
    );
    expect(comments(id).join('\n')).not.toContain('Бот: сделку взял');
    expect(h.app.metrics.claims.get({ via: 'crm' })).toBe(0);
  });

  it('when the colleague who moved the deal has no gender in the profile, then the card keeps the form that fits both', async () => {
    // PERSONAL_GENDER "" (common/users/profile.md: not specified): neither «передвинул» nor «передвинула» is known.
    h.sim.addUser({ id: 21, name: 'Саша', lastName: 'Новых', departmentIds: [3] });
    const id = await newDeal();
    await h.sim.updateDeal(id, { STAGE_ID: STAGES.agreeing }, { by: 21 });
    await settle(h.app);
    expect(toGrakun()[0]!.text).toContain('Новых С. передвинул(а) сделку дальше в Битрикс24');
    expect(comments(id)).toContainEqual(expect.stringContaining('Бот: Новых С. передвинул(а) сделку дальше'));
  });

  it('when someone moves an unclaimed deal into another pipeline’s working stage, then it is closed as moved, not claimed', async () => {
    const id = await newDeal();
    await h.sim.updateDeal(id, { CATEGORY_ID: '5', STAGE_ID: 'C5:EXECUTING' }, { by: PEOPLE.director.id });
    await settle(h.app);
    expect(toGrakun()[0]!.text).toContain('Петров А. перенёс сделку в направление «Нерудные материалы»');
    expect(toGrakun()).toHaveLength(1);
    expect(h.app.metrics.claims.get({ via: 'crm' })).toBe(0);
  });

  it('when the manager moves their own deal on within the pipeline, then it is their claim in Bitrix24', async () => {
    const id = await newDeal();
    await h.advance(3 * MIN);
    await h.sim.updateDeal(id, { STAGE_ID: STAGES.agreeing }, { by: PEOPLE.grakun.id });
    await settle(h.app);
    expect(toGrakun()[0]!.text).toContain('Взята в работу за 3 мин — Гракун Е. (в Битрикс24)');
    expect(h.app.metrics.claims.get({ via: 'crm' })).toBe(1);
  });
});
