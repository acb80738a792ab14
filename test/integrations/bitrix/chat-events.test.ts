import { describe, expect, it } from 'vitest';
import { readChatEvent } from '../../../src/integrations/bitrix/chat-events';

const TOKEN = '51856fefc120afa4b628cc82d3935cce';
const BOT = 1001;
/** As http_build_query posts it (events.md, "Webhook Notification Structure"): every scalar a string. */
const message = (over: Record<string, string> = {}) => ({
  event: 'ONIMBOTV2MESSAGEADD',
  'data[bot][id]': String(BOT),
  'data[bot][code]': 'sales_desk_bot',
  'data[bot][auth][application_token]': 'not-the-one-to-check',
  'data[message][id]': '789',
  'data[message][chatId]': '5',
  'data[message][authorId]': '1',
  'data[message][text]': 'Оплачен счёт 2018/943 на 150 000 руб.',
  'data[chat][id]': '5',
  'data[chat][dialogId]': 'chat5',
  'data[user][id]': '1',
  'data[user][name]': 'Иван Директоров',
  'data[user][bot]': '0',
  ts: '1772093963',
  'auth[domain]': 'yourco.bitrix24.ru',
  'auth[application_token]': TOKEN,
  ...over,
});
const press = (over: Record<string, string> = {}) =>
  message({
    event: 'ONIMBOTV2COMMANDADD',
    'data[command][id]': '42',
    'data[command][command]': '/act',
    'data[command][params]': 'claim:17',
    'data[command][context]': 'keyboard',
    'data[chat][dialogId]': '7',
    'data[user][id]': '7',
    ...over,
  });

describe('readChatEvent', () => {
  it('when a group message arrives with the top-level token, then it yields who wrote what where', () => {
    const v = readChatEvent(message(), TOKEN, BOT);
    expect(v).toEqual({
      ok: true,
      event: 'ONIMBOTV2MESSAGEADD',
      dedupKey: 'ONIMBOTV2MESSAGEADD:789',
      entityId: 789,
      chat: {
        kind: 'message',
        messageId: '789',
        dialogId: 'chat5',
        user: { id: 1, name: 'Иван Директоров' },
        text: 'Оплачен счёт 2018/943 на 150 000 руб.',
      },
    });
  });

  it('when the message holds BB codes, [br] and entities (message-formatting.md), then the text is what the writer sees', () => {
    const v = readChatEvent(
      message({
        'data[message][text]':
          '[b]Оплачен[/b] счёт [url=https://yourco.bitrix24.ru/crm/type/31/details/77/]№ 77[/url][br]на 15&nbsp;000 руб. [user=7]Иван[/user] [timestamp=1772093963 format=SHORT_TIME_FORMAT]',
      }),
      TOKEN,
      BOT,
    );
    expect(v.ok && v.chat?.kind === 'message' && v.chat.text).toBe('Оплачен счёт № 77\nна 15\u00a0000 руб. Иван');
  });

  it('when the message quotes another (>> lines, a full quote between dash lines), then the quote reads as «> » lines', () => {
    const full = [
      '------------------------------------------------------',
      'Иван Директоров [30.11.2026 10:32]',
      'Кто оплатил 2018/943?',
      '------------------------------------------------------',
      'ВекторСнаб, 27 350 руб',
    ].join('\n');
    const read = (text: string) => {
      const v = readChatEvent(message({ 'data[message][text]': text }), TOKEN, BOT);
      return v.ok && v.chat?.kind === 'message' ? v.chat.text : null;
    };
    expect(read(full)).toBe('> Кто оплатил 2018/943?\nВекторСнаб, 27 350 руб');
    expect(read('>>по 943 пришло?\nда, 4 000')).toBe('> по 943 пришло?\nда, 4 000');
    // One dash line is a separator someone typed, not a quote.
    expect(read('Оплатили 943\n-----\n4 000')).toBe('Оплатили 943\n-----\n4 000');
  });

  it('when a keyboard button is pressed, then the command, its params and the presser are read', () => {
    const v = readChatEvent(press(), TOKEN, BOT);
    expect(v.ok && v.chat).toEqual({
      kind: 'command',
      messageId: '789',
      dialogId: '7',
      user: { id: 7, name: 'Иван Директоров' },
      command: 'act',
      params: 'claim:17',
      viaButton: true,
    });
  });

  it('when the same press is delivered twice, then both get one dedup key; a press a second later gets another', () => {
    const a = readChatEvent(press(), TOKEN, BOT);
    const b = readChatEvent(press(), TOKEN, BOT);
    const c = readChatEvent(press({ ts: '1772093964' }), TOKEN, BOT);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.dedupKey).toBe(b.dedupKey);
    expect(c.dedupKey).not.toBe(a.dedupKey);
  });

  it('when only data[bot][auth] carries the right token, then the event is rejected (401)', () => {
    const v = readChatEvent(
      message({ 'auth[application_token]': 'forged-token-123', 'data[bot][auth][application_token]': TOKEN }),
      TOKEN,
      BOT,
    );
    expect(v).toMatchObject({ ok: false, status: 401 });
  });

  it('when the event is for another bot of the portal, then it is refused (403)', () => {
    expect(readChatEvent(message({ 'data[bot][id]': '1002' }), TOKEN, BOT)).toMatchObject({ ok: false, status: 403 });
  });

  it('when the bot’s own edit comes back, then it is answered as ignored, not acted on', () => {
    const v = readChatEvent(
      message({ event: 'ONIMBOTV2MESSAGEUPDATE', 'data[user][id]': String(BOT), 'data[user][bot]': '1' }),
      TOKEN,
      BOT,
    );
    expect(v).toMatchObject({ ok: true, chat: null, ignored: expect.stringContaining('own') });
  });

  it('when an edit changes the text, then it is a new event; the same edit twice is one', () => {
    const e1 = readChatEvent(
      message({ event: 'ONIMBOTV2MESSAGEUPDATE', 'data[message][text]': 'Оплачен 2018/943 — 100 000' }),
      TOKEN,
      BOT,
    );
    const e2 = readChatEvent(
      message({ event: 'ONIMBOTV2MESSAGEUPDATE', 'data[message][text]': 'Оплачен 2018/943 — 150 000' }),
      TOKEN,
      BOT,
    );
    const e3 = readChatEvent(
      message({ event: 'ONIMBOTV2MESSAGEUPDATE', 'data[message][text]': 'Оплачен 2018/943 — 150 000' }),
      TOKEN,
      BOT,
    );
    if (!e1.ok || !e2.ok || !e3.ok) throw new Error('expected all three to be read');
    expect(e1.dedupKey).not.toBe(e2.dedupKey);
    expect(e2.dedupKey).toBe(e3.dedupKey);
    expect(e1.chat).toMatchObject({ kind: 'edit' });
  });

  it.each([
    [{ event: 'ONCRMDEALADD' }, 'event must be one of'],
    [{ 'data[message][id]': '0' }, 'positive id'],
    [{ 'data[chat][dialogId]': 'chat5; DROP' }, 'dialogId'],
    [{ 'data[user][id]': '' }, 'data[user][id]'],
    [{ ts: 'yesterday' }, 'ts must be'],
    [{ event: 'ONIMBOTV2COMMANDADD', 'data[command][command]': '/../etc' }, 'command name'],
  ])('when the body has %o, then it is rejected with a reason (400)', (over, reason) => {
    const v = readChatEvent(message(over as Record<string, string>), TOKEN, BOT);
    expect(v).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining(reason) });
  });

  it('when the body is not an object, then it is rejected before anything else', () => {
    expect(readChatEvent('event=x', TOKEN, BOT)).toMatchObject({ ok: false, status: 400 });
  });
});
