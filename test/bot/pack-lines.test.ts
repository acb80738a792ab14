import { describe, expect, it } from 'vitest';
import { htmlToBbCode } from '../../src/integrations/bitrix/chat-transport';
import { messageLimitOf, packLines } from '../../src/kernel/delivery';
import { B24_MESSAGE_LIMIT, KEYBOARD_LIMIT } from '../../src/kernel/text';

describe('packLines: a long answer in messages within the messenger’s limits', () => {
  it('packs lines within each messenger’s own limit, a line with its buttons, never over 100 buttons', () => {
    expect(messageLimitOf('telegram')).toBe(4096);
    expect(messageLimitOf('b24chat')).toBe(B24_MESSAGE_LIMIT);
    // 20,000 characters in Bitrix24 (messages/index.md#limits), after our HTML became BB codes.
    const nasty = { text: `Не нашёл счёт ${'[b]'.repeat(30)}----------- — проверьте номер.` };
    const parts = packLines(Array(400).fill(nasty), messageLimitOf('b24chat'));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(htmlToBbCode(p.text).length).toBeLessThanOrEqual(20_000);
    expect(parts.flatMap((p) => p.text.split('\n'))).toHaveLength(400);

    const question = (i: number) => ({
      text: `вопрос ${i}`,
      buttons: Array.from({ length: 8 }, (_, j) => [{ text: `${i}.${j}`, action: `a${i}.${j}` }]),
    });
    const packed = packLines([{ text: 'итог' }, ...Array.from({ length: 13 }, (_, i) => question(i))]);
    expect(packed).toHaveLength(2);
    for (const p of packed) {
      expect(p.buttons.flat().length).toBeLessThanOrEqual(KEYBOARD_LIMIT);
      // every button sits under its own question
      for (const b of p.buttons.flat()) expect(p.text).toContain(`вопрос ${b.text.split('.')[0]}`);
    }
    expect(packed[0]!.text.startsWith('итог\n')).toBe(true);
  });
});
