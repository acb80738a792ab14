import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo';

describe('the offline demo (`npm start` without credentials)', () => {
  it('when it plays the morning, then it ends 0 and shows both messengers and the Bitrix24 payment chat', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    expect(await runDemo(out)).toBe(0);
    expect(text).toContain('→ Соколова А. (менеджер, чат Битрикс24):');
    expect(text).toContain('Взята в работу за 2 мин — Соколова А., через чат Битрикс24');
    expect(text).toMatch(/→ чат «Оплата» в Битрикс24:\n\s+→ Гракун Е., счёт 2018\/943/);
    expect(text).toContain('✅ Счёт 2018/943 отмечен оплаченным (Гракун Е.).');
    expect(text).not.toMatch(/\[\/?b\]/);
    expect(text).toContain('Итоги дня 23.11 — директору Петрову А. в Telegram:');
    expect(text).toMatch(/Сделок: 6 · взяли за 10 мин: \d+% · вне рабочего времени: 1/);
    const png = /график «Итоги дня — 23\.11\.2026»: (\S+\.png)\)/.exec(text)?.[1];
    expect(png && readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(text).toContain('Демо завершено.');
  });
});
