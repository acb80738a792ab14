/**
 * Shadow mode for going live (SHADOW=1 / `npm run cli -- shadow`): the desk runs on live events,
 * the sweep and the chat bot's fetched events, but the portal is only read and nobody except the
 * admin is messaged; the admin hears what the bot would have done and an hourly summary.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { companyRules, sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { App } from '../../src/app/app';
import { parseEnv, parseRules } from '../../src/config';
import { createLogger } from '../../src/kernel/log';

const MIN = 60_000;
let h: Harness;
let writes: string[];

describe('shadow mode', () => {
  beforeEach(async () => {
    h = await Harness.start({
      chatBot: true,
      env: { SHADOW: '1' },
      rules: companyRules({ payments: { telegramChatId: -100500 } }),
    });
    writes = [];
    // Every write method of the portal fails the test if it is called from here on.
    h.sim.guardWrites((method) => writes.push(method));
  });
  afterEach(async () => {
    await h.stop();
  });

  it('when deals arrive, fall due and the «Оплата» chat speaks, then nothing is written to the portal, only the admin hears anything, and the hour ends with a summary', async () => {
    const contact = h.sim.addContact({ name: 'Сергей', lastName: 'Орлов', phone: '8 (921) 848-53-83' });
    const dealId = await h.sim.createDeal({ ...sampleDeal(1, PEOPLE.grakun.id), CONTACT_ID: String(contact) });
    await settle(h.app);
    await h.advance(10 * MIN); // level 1: the head of sales
    await h.advance(10 * MIN); // level 2: the directors
    await h.say(PEOPLE.director.telegram, -100500, 'Оплачен счёт 9999/1 на 10 000 руб.');
    await h.b24Say(PEOPLE.ivanov.id, 'bot', '/where');
    await settle(h.app);

    expect(writes).toEqual([]);
    // Nobody but the admin (the director) got a Telegram message or a Bitrix24 one.
    for (const p of [PEOPLE.grakun, PEOPLE.head, PEOPLE.ivanov]) expect(h.messagesTo(p.telegram)).toEqual([]);
    expect(h.sim.botMessages().filter((m) => m.dialogId !== String(PEOPLE.director.id))).toEqual([]);
    const told = h
      .messagesTo(PEOPLE.director.telegram)
      .map((m) => m.text)
      .join('\n');
    expect(told).toContain('Теневой режим');
    expect(told).toContain(`отправил бы карточку сделки #${dealId} → Гракун Е.`);
    expect(told).toContain(`эскалировал бы сделку #${dealId} → Смирнова О.`);
    expect(told).toContain(`эскалировал бы сделку #${dealId} → Петров А.`);
    expect(told).toMatch(/ответил бы в «Оплате», что не нашёл счёт → чат Telegram -100500/);

    await h.advance(60 * MIN);
    const summary = h
      .messagesTo(PEOPLE.director.telegram)
      .map((m) => m.text)
      .find((t) => t.includes('итог за час'));
    expect(summary).toMatch(/сделок увидел 1, карточек отправил бы 1, эскалаций 2/);
    expect(summary).toMatch(/неразобранных сообщений об оплате 1/);
    expect(writes).toEqual([]);
  });

  it('when anything tries a write method in shadow mode, then the REST client refuses it before a request, also inside a batch', async () => {
    await expect(h.app.bitrix.call('crm.deal.update', { id: 1, fields: { TITLE: 'x' } })).rejects.toMatchObject({
      code: 'SHADOW_READ_ONLY',
    });
    await expect(
      h.app.bitrix.batch({ u: { method: 'crm.timeline.comment.add', params: { fields: {} } } }),
    ).rejects.toMatchObject({ code: 'SHADOW_READ_ONLY' });
    expect(writes).toEqual([]);
    expect(h.sim.calls.filter((c) => c.method === 'crm.deal.update' || c.method === 'batch')).toEqual([]);
  });

  it('when the live bot is started on the database of a shadow run, then it refuses with one line naming the fix', async () => {
    const env = parseEnv({
      BITRIX_WEBHOOK_URL: h.sim.webhookUrl,
      BITRIX_APP_TOKEN: h.sim.applicationToken,
      DATABASE_PATH: h.dbPath,
    });
    expect(
      () =>
        new App({
          env,
          rules: parseRules(companyRules()),
          clock: h.clock,
          log: createLogger({ level: 'silent' }),
          autoTick: false,
        }),
    ).toThrow(`the database ${h.dbPath} belongs to a shadow run: give the live run its own DATABASE_PATH`);
  });
});
