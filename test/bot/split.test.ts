import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMIT, splitText } from '../../src/kernel/delivery';
import { esc, money, paymentsToday } from '../../src/texts';
import { parseTelegramHtml } from '../../simulator/telegram-proxy';

describe('a reply too long for one message', () => {
  it('when /payments lists 96 invoices (about 5,700 characters), then it goes as messages within the limit, each valid HTML, nothing lost', () => {
    const lines = Array.from(
      { length: 96 },
      (_, i) =>
        `${String(9 + Math.floor(i / 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} сч. ${esc(`2018/${900 + i}<b>`)} — ${money(4000 + i * 1234.5)} → Длиннофамильная-Сотрудникова Е.: ⏳ ждёт менеджера`,
    );
    const text = paymentsToday(lines).text;
    expect(text.length).toBeGreaterThan(MESSAGE_LIMIT);
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(parseTelegramHtml(p)).not.toHaveProperty('error');
    }
    expect(parts.join('\n')).toBe(text);
  });

  it('when one line alone is longer than the limit, then it is cut at a space outside a tag or an entity', () => {
    const word = 'слово&amp;<b>ещё</b> ';
    const text = word.repeat(Math.ceil((2.5 * MESSAGE_LIMIT) / word.length));
    const parts = splitText(text);
    expect(parts.length).toBe(3);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(parseTelegramHtml(p)).not.toHaveProperty('error');
    }
  });

  it('when a text fits, then it is one message as it is', () => {
    expect(splitText('<b>Оплаты</b>\nодна')).toEqual(['<b>Оплаты</b>\nодна']);
  });
});
