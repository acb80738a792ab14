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

  it('when it plays the day, then it reads as the day would: names not ids, dates as people write them, nothing sent at night', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    expect(await runDemo(out)).toBe(0);
    expect(text).toMatch(/«Заявка #102» — ответственный: Гракун Е\.\n/);
    expect(text).not.toMatch(/ответственный: пользователь \d/);
    expect(text).toMatch(/дело «Повторный звонок клиенту: Сергей Орлов» на 24\.12\.2026 11:00\)/);
    expect(text).toContain('счёт 2018/943 — стадия «Оплачен», сделка «Заявка #101» — на стадии «Счет оплачен»');
    expect(text).not.toMatch(/[сС]делк[аиу] #\d/); // a title's number is no deal id
    // The scene at night shows the night's card and nothing else (a nudge due at 10:20 is sent at 10:20).
    const night = text.slice(text.indexOf('[пн 23:40]'), text.indexOf('[вт '));
    expect(night).toContain('🆕 Новая сделка');
    expect(night).not.toMatch(/📵|📞 Вы взяли/);
    expect(text).toMatch(/\[пн 10:\d\d\][^\n]*\n(?:.*\n)*?.*📵 Соколова А\./);
    // Her profile says F (PERSONAL_GENDER): the head reads «взяла … не связалась», not «взял(а) … связался(ась)».
    expect(text).toMatch(/📵 Соколова А\. взяла .*, но за .* с клиентом не связалась\./);
    // Each edit says which message changed: the card and the ping of one deal are two lines, not one repeated.
    const lines = text.split('\n');
    const edits = lines.filter((l) => /✎ .*: изменено, было/.test(l));
    expect(edits.length).toBeGreaterThan(3);
    for (const e of edits) expect(e).toMatch(/, было «[^»]+»:$/);
    lines.forEach((l, i) => {
      if (/✎ .*: изменено, было/.test(l) && lines[i + 2] === l) expect(lines[i + 3]).not.toBe(lines[i + 1]);
    });
  });
});
