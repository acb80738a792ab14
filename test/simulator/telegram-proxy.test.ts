/** The strict proxy is a claim about Telegram: its refusals are checked here, without the emulator. */
import { afterEach, describe, expect, it } from 'vitest';
import { faults, parseTelegramHtml, StrictTelegramProxy } from '../../simulator/telegram-proxy';

let proxy: StrictTelegramProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

async function call(method: string, payload: unknown) {
  if (!proxy) throw new Error('no proxy');
  const res = await fetch(`${proxy.url}/bot1:x/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Telegram HTML parse mode', () => {
  it('when text has the documented tags and entities, then it parses to the visible text', () => {
    expect(parseTelegramHtml('<b>Иванов</b> &lt;3 &amp; <a href="https://x">ссылка</a> &#128512;')).toEqual({
      text: 'Иванов <3 & ссылка 😀',
    });
  });
  it('when a tag is unknown or unclosed, or a < or & is bare, then it cannot be parsed', () => {
    for (const bad of ['<p>x</p>', '<b>x', 'a < b', 'A & B', '&nbsp;', '<b>x</i>'])
      expect(parseTelegramHtml(bad), bad).toHaveProperty('error', expect.stringContaining("can't parse entities"));
  });
});

describe('the strict proxy', () => {
  it("when a message breaks Telegram's limits, then it answers as the Bot API does", async () => {
    proxy = await StrictTelegramProxy.start('http://127.0.0.1:9');
    const send = (over: Record<string, unknown>) =>
      call('sendMessage', { chat_id: 1, text: 'ok', parse_mode: 'HTML', ...over });
    expect((await send({ text: 'я'.repeat(4097) })).body).toMatchObject({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    // 4,096 is counted after entity parsing: markup around it does not count.
    expect((await send({ text: `<b>${'я'.repeat(4096)}</b>`, chat_id: 1 })).status).toBe(502); // passed the checks; no upstream here
    expect((await send({ text: '<b>x' })).body.description).toMatch(/^Bad Request: can't parse entities/);
    expect((await send({ text: 'x\ud800' })).body.description).toBe('Bad Request: strings must be encoded in UTF-8');
    expect(
      (await send({ reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'ы'.repeat(33) }]] } })).body
        .description,
    ).toBe('Bad Request: BUTTON_DATA_INVALID');
    const button = (i: number) => ({ text: String(i), callback_data: `b:${i}` });
    const rows = (n: number, perRow: number) =>
      Array.from({ length: Math.ceil(n / perRow) }, (_, r) =>
        Array.from({ length: Math.min(perRow, n - r * perRow) }, (_, i) => button(r * perRow + i)),
      );
    const tooLong = 'Bad Request: reply markup is too long';
    expect((await send({ reply_markup: { inline_keyboard: rows(101, 3) } })).body.description).toBe(tooLong);
    expect((await send({ reply_markup: { inline_keyboard: rows(9, 9) } })).body.description).toBe(tooLong);
    expect((await send({ reply_markup: { inline_keyboard: rows(100, 8) } })).status).toBe(502); // passed the checks
  });

  it('when a fault is injected, then the next matching call gets it, with its parameters', async () => {
    proxy = await StrictTelegramProxy.start('http://127.0.0.1:9');
    proxy.inject({ method: 'sendMessage', chatId: 5, fault: faults.tooMany(7) });
    expect((await call('sendMessage', { chat_id: 5, text: 'x' })).body).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    expect((await call('sendMessage', { chat_id: 5, text: 'x' })).status).toBe(502); // used up: passed on
  });
});
