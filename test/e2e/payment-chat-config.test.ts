/**
 * A «Оплата» chat the rules name but no front can read: said at start, not left to a silent chat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../../simulator/harness';
import { captureLog } from '../support/log';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('the «Оплата» chat in the rules', () => {
  it('when payments.bitrixChatId is set without the Bitrix24 chat bot, then the start says that chat is not read', async () => {
    const { lines, log } = captureLog();
    h = await Harness.start({ log, rules: { payments: { bitrixChatId: 'chat42' } } });
    const warned = lines.filter((l) => l.level === 40 && String(l.msg).startsWith('payments.bitrixChatId is set'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ bitrixChatId: 'chat42' });
    expect(String(warned[0]?.msg)).toContain('bitrix-bot register');
  });

  it('when the chat bot is configured, then nothing is said about it', async () => {
    const { lines, log } = captureLog();
    h = await Harness.start({ log, chatBot: true, rules: { payments: { bitrixChatId: 'chat42' } } });
    expect(lines.some((l) => String(l.msg).startsWith('payments.bitrixChatId is set'))).toBe(false);
  });
});
