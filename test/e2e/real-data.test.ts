/**
 * Issue 13, items 5–8: real people's data in a card — phones with extensions and second numbers,
 * COMMENTS with `<`, `>`, entities and BB codes, user data that looks like Bitrix24 markup, emoji
 * and fields far longer than a message. Over real HTTP: the simulator, the strict Telegram proxy
 * (UTF-8 and 4,096 checked as Telegram does) and the simulated Bitrix24 messenger.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, type BotMessage } from '../../simulator/harness';
import { companyRules, sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { cutText } from '../../src/kernel/text';
import { splitText } from '../../src/kernel/delivery';
import { phoneDigits, readPhoneField } from '../../src/kernel/phones';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const cardOf = (telegramId: number): BotMessage | undefined =>
  h.messagesTo(telegramId).find((m) => m.text.startsWith('🆕 Новая сделка'));

async function dealWith(
  contact: { name: string; phone?: string },
  extra: Record<string, string> = {},
): Promise<number> {
  const c = h.sim.addContact({ name: contact.name, phone: contact.phone });
  const id = await h.sim.createDeal({ ...sampleDeal(1), CONTACT_ID: String(c), ...extra });
  await h.sim.whenEventsDelivered();
  await settle(h.app);
  return id;
}

/** A lone UTF-16 surrogate: what real Telegram refuses as invalid UTF-8. */
const loneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('item 5: phones (libphonenumber-js)', () => {
  it('when a phone has an extension, then tap-to-call gets the main number and the extension is shown as text', async () => {
    h = await Harness.start();
    await dealWith({ name: 'Сергей', phone: '+7 (812) 123-45-67 доб. 123' });
    const card = cardOf(PEOPLE.grakun.telegram);
    expect(card?.text).toContain('📞 +78121234567 (доб. 123)');
    expect(card?.text).not.toContain('78121234567123');
  });

  it('when one field holds two numbers, then the first is the tap-to-call one and the second is shown apart', async () => {
    h = await Harness.start();
    await dealWith({ name: 'Сергей', phone: '8 921 848-53-83, 8 (812) 555-12-12' });
    const card = cardOf(PEOPLE.grakun.telegram);
    expect(card?.text).toContain('📞 +79218485383 (ещё +78125551212)');
    expect(card?.text).not.toMatch(/\d{13,}/);
  });

  it('when a person shares their number, then linking compares it with the same normaliser (extension and a second number ignored)', () => {
    expect(phoneDigits('+7 (921) 111-22-33 доб. 5')).toBe('79211112233');
    expect(phoneDigits('8 921 111-22-33, 8 812 000-00-01')).toBe('79211112233');
    expect(phoneDigits('79211112233')).toBe('79211112233');
    expect(readPhoneField('звонить после 18')).toEqual({ main: null, extension: null, others: [] });
  });
});

describe('item 6: COMMENTS as plain text', () => {
  it('when COMMENTS hold `<` and `>` as text, entities and BB codes, then the card keeps every word and shows no markup', async () => {
    h = await Harness.start();
    await dealWith(
      { name: 'Сергей', phone: '+7 921 848-53-83' },
      {
        COMMENTS:
          'Глубина <1,5 м, вес >2 т. Кольцо &quot;КС&quot;&nbsp;2 шт, [B]срочно[/B], [URL=https://maps.example/1]схема[/URL], размер [3x4] м',
      },
    );
    const card = cardOf(PEOPLE.grakun.telegram);
    // Telegram's HTML: `&lt;` is the `<` the manager reads.
    expect(card?.text).toContain(
      '💬 Глубина &lt;1,5 м, вес &gt;2 т. Кольцо "КС"\u00a02 шт, срочно, схема, размер [3x4] м',
    );
  });
});

describe('item 7: user data never becomes BB-code markup in the Bitrix24 messenger', () => {
  it('when a client’s name and a comment hold [URL=…], [USER=1], [SEND=/act …], >> and ------, then the card in Bitrix24 carries none of them as markup', async () => {
    h = await Harness.start({
      chatBot: true,
      rules: companyRules({ messengers: { default: 'bitrix24' } }),
    });
    await dealWith(
      { name: '[URL=https://evil.example]Сергей[/URL] [USER=1]Директор[/USER]' },
      { COMMENTS: '&#91;SEND=/act claim:1&#93;Взять[/SEND]\n>>цитата\n------\n[put=/away 3]x[/put]' },
    );
    const card = h.b24MessagesTo(PEOPLE.grakun.id).find((m) => m.text.includes('Новая сделка'));
    expect(card).toBeDefined();
    // The user's part of the card: below our own bold title and the pipeline line.
    const text = (card?.text ?? '').split('\n').slice(3).join('\n');
    // Every tag of message-formatting.md that acts or formats, none can open.
    expect(text).not.toMatch(
      /\[(url|user|send|put|call|chat|context|img|icon|disk|timestamp|b|i|u|s|size|color|code|br)\b[^\]]*\]/i,
    );
    expect(text).not.toMatch(/(^|\n)\s*>>/);
    expect(text).not.toMatch(/-{4,}/);
    // …while people still read what was typed (the zero-width spaces are invisible).
    expect(text.replaceAll('\u200b', '')).toContain('[URL=https://evil.example]Сергей[/URL] [USER=1]Директор[/USER]');
    expect(text.replaceAll('\u200b', '')).toContain('[SEND=/act claim:1]Взять[/SEND]');
    // Our own markup still works: the title is bold, the keyboard is ours only.
    expect(card?.text).toMatch(/^🆕 Новая сделка\n\[b\]/);
    expect(card?.buttons).toEqual(['✅ Беру в работу', '🔗 Открыть в Битрикс24']);
  });
});

describe('item 8: text cut by what a person sees; every field capped; too long is re-rendered, never dropped', () => {
  it('when text is cut, then never inside an emoji or a surrogate pair', () => {
    const s = `${'а'.repeat(598)}👍🏽 и ещё`;
    const cut = cutText(s, 600);
    expect(loneSurrogate(cut)).toBe(false);
    expect(cut.endsWith('…')).toBe(true);
    const flags = `a${'🇷🇺'.repeat(3000)}`;
    for (const part of splitText(flags, 4096)) expect(loneSurrogate(part)).toBe(false);
  });

  it('when a comment of emoji crosses the cap, then the card still reaches Telegram (no lone surrogate)', async () => {
    h = await Harness.start();
    await dealWith({ name: 'Сергей', phone: '+7 921 848-53-83' }, { COMMENTS: `${'x'.repeat(599)}😀😀😀` });
    const card = cardOf(PEOPLE.grakun.telegram);
    expect(card).toBeDefined();
    expect(loneSurrogate(card?.text ?? '')).toBe(false);
  });

  it('when title, client, company and address are 5,000 characters each, then the card and the alerts still arrive, each field cut', async () => {
    h = await Harness.start();
    const long = (w: string) => `${w} `.repeat(5000).slice(0, 5000);
    const company = h.sim.addCompany({ title: long('ООО') });
    const c = h.sim.addContact({ name: long('Сергей'), phone: '+7 921 848-53-83' });
    await h.sim.createDeal({
      ...sampleDeal(1),
      TITLE: long('Заявка'),
      CONTACT_ID: String(c),
      COMPANY_ID: String(company),
      COMMENTS: long('кольцо'),
      UF_CRM_DELIVERY_ADDRESS: long('Всеволожск'),
    });
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    const card = cardOf(PEOPLE.grakun.telegram);
    expect(card).toBeDefined();
    expect(card!.text.length).toBeLessThan(4096);
    expect(card!.text).toMatch(/📍 (Всеволожск ){10,}.*…/);
    // Ten minutes unclaimed: the supervisor's alert repeats the deal, and arrives too.
    await h.advance(10 * 60_000);
    const alert = h.messagesTo(PEOPLE.head.telegram).find((m) => m.text.includes('Сделку не взяли'));
    expect(alert).toBeDefined();
  });

  it('when Telegram still refuses a card as too long, then it is re-rendered shorter and sent, not dropped', async () => {
    h = await Harness.start({ expectTelegramRefusals: true });
    h.telegramProxy.inject({
      method: 'sendMessage',
      chatId: PEOPLE.grakun.telegram,
      fault: { kind: 'error', code: 400, description: 'Bad Request: message is too long' },
    });
    await dealWith({ name: 'Сергей', phone: '+7 921 848-53-83' }, { COMMENTS: 'кольцо '.repeat(80) });
    const card = cardOf(PEOPLE.grakun.telegram);
    expect(card).toBeDefined();
    expect(card?.text).toContain('⏱ Взять до');
    expect(card?.buttons.map((b) => b.text)).toContain('✅ Беру в работу');
    expect(h.app.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`).get()).toEqual({ n: 0 });
  });
});
