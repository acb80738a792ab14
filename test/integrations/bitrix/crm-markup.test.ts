/**
 * User data the bot writes into the CRM — a message quoted in a timeline comment, a client's name in
 * a to-do — stays text: no BB code of it opens (message-formatting.md lists the codes; the comment
 * and to-do pages are silent, so we assume they render like the messenger).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BitrixSimulator } from '../../../simulator/bitrix-portal';
import { PEOPLE, seedPortal } from '../../../simulator/portal-fixture';
import { BitrixClient } from '../../../src/integrations/bitrix/client';
import { BitrixCrm } from '../../../src/integrations/bitrix/crm';

let sim: BitrixSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
});

/** A BB tag that would open: `[` straight before a tag name (or `/`), or `>>` opening a line. */
const OPENS =
  /\[\/?(?:b|i|u|s|url|user|chat|send|put|call|img|icon|disk|code|size|color|context|timestamp)\b|(^|\n)\s*>>/i;
const hostile =
  'Оплачен счет 943 [URL=https://evil.example/pay]подробнее[/URL] [B]срочно[/B] [USER=1]Петров[/USER] [send=/pause 7d]ок[/send]\n>>цитата';

async function crm() {
  sim = await BitrixSimulator.start({ rateLimit: false });
  seedPortal(sim);
  const client = new BitrixClient({ webhookUrl: sim.webhookUrl, requestsPerSecond: 1000, burst: 1000, maxRetries: 0 });
  return { s: sim, crm: new BitrixCrm(client, { zone: 'Europe/Moscow' }) };
}

describe('user data written into the CRM', () => {
  it('when a timeline comment quotes BB codes, then none of them opens and every word is still there', async () => {
    const { s, crm: c } = await crm();
    const dealId = await s.createDeal({ TITLE: 'Бетон', ASSIGNED_BY_ID: String(PEOPLE.grakun.id) }, { emit: false });
    await c.addDealComment(dealId, `Бот: оплата подтверждена. Сообщение в «Оплата»: «${hostile}»`);
    const [comment] = s.timelineComments('deal', dealId).map((x) => x.comment);
    expect(comment).not.toMatch(OPENS);
    expect(comment?.replace(/\u200b/g, '')).toContain(hostile);
  });

  it('when the same comment may already be there (a retry after a crash), then the escaped text is what is looked for: one comment', async () => {
    const { s, crm: c } = await crm();
    const dealId = await s.createDeal({ TITLE: 'Бетон', ASSIGNED_BY_ID: String(PEOPLE.grakun.id) }, { emit: false });
    await c.addDealComment(dealId, hostile);
    await c.addDealComment(dealId, hostile, { mayExist: true });
    expect(s.timelineComments('deal', dealId)).toHaveLength(1);
  });

  it('when a to-do names a client with BB codes, then its title and description stay text', async () => {
    const { s, crm: c } = await crm();
    const dealId = await s.createDeal({ TITLE: 'Бетон', ASSIGNED_BY_ID: String(PEOPLE.grakun.id) }, { emit: false });
    await c.addTodo({
      ownerTypeId: 2,
      ownerId: dealId,
      deadline: new Date('2026-12-01T08:00:00Z'),
      title: 'Позвонить [b]ООО Рога[/b]',
      description: hostile,
      responsibleId: PEOPLE.grakun.id,
    });
    const [todo] = s.activities(2, dealId);
    expect(String(todo?.SUBJECT)).not.toMatch(OPENS);
    expect(String(todo?.DESCRIPTION)).not.toMatch(OPENS);
    expect(String(todo?.DESCRIPTION).replace(/\u200b/g, '')).toBe(hostile);
  });
});
