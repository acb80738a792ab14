import { describe, expect, it } from 'vitest';
import {
  alertDigest,
  clockTime,
  duration,
  esc,
  money,
  pingList,
  replies,
  shortName,
  type BundleLine,
} from '../../src/texts';
import { decodeButton } from '../../src/kernel/buttons';
import type { OutMessage } from '../../src/kernel/ports';
import { parseTelegramHtml } from '../../simulator/telegram-proxy';

describe('texts', () => {
  it('when money is shown, then thousands are grouped and kopecks kept only when present', () => {
    expect(money(4000)).toBe('4\u00a0000\u00a0₽');
    expect(money(12345.67)).toBe('12\u00a0345,67\u00a0₽');
    expect(money(100, 'USD')).toBe('100\u00a0USD');
  });
  it('when a duration is shown, then it is in minutes and hours', () => {
    expect([duration(20), duration(180), duration(3900), duration(7200)]).toEqual([
      'меньше минуты',
      '3 мин',
      '1 ч 5 мин',
      '2 ч',
    ]);
  });
  it('when a time is on another day, then the weekday is shown', () => {
    const now = Date.parse('2026-11-23T23:40:00+03:00');
    expect(clockTime(Date.parse('2026-11-23T23:50:00+03:00'), 'Europe/Moscow', now)).toBe('23:50');
    expect(clockTime(Date.parse('2026-11-24T09:10:00+03:00'), 'Europe/Moscow', now)).toBe('вт 09:10');
    expect(clockTime(Date.parse('2026-12-24T09:10:00+03:00'), 'Europe/Moscow', now)).toBe('24.12 09:10');
  });
  it('when a colleague is named, then surname and initial', () => {
    expect(shortName({ name: 'Екатерина', lastName: 'Гракун' })).toBe('Гракун Е.');
    expect(shortName(undefined, 42)).toBe('сотрудник #42');
  });
  it('when user text contains HTML, then it is escaped', () => expect(esc('<b>&')).toBe('&lt;b&gt;&amp;'));
});

describe('a sentence that ends with a shortened name', () => {
  it('when a toast or a timeline line ends with «Гракун Е.», then there is one period, not two', async () => {
    const { replies, timeline, people } = await import('../../src/texts');
    const name = shortName({ name: 'Екатерина', lastName: 'Гракун' });
    const she = { name, gender: 'F' } as const;
    const lines = [
      replies.alreadyClaimed(she),
      replies.reassigned(name),
      timeline.escalated(1, `Иванов П., ${name}`, 600),
      timeline.reassigned('Иванов П.', name, she),
      people.awayTimeline('Иванов П.', '27.11', name),
      people.deactivatedTimeline({ name: 'Иванов П.' }, name),
    ];
    for (const line of lines) expect(line, line).not.toMatch(/\.\.$/);
    expect(replies.alreadyClaimed(she)).toBe('Сделку уже взяла Гракун Е.');
    expect(replies.alreadyClaimed({ name: 'Гракун' })).toBe('Сделку уже взял(а) Гракун.');
  });
});

describe('a page of a digest or a manager’s list within Telegram’s limits (issue 17)', () => {
  const line = (n: number, over: Partial<BundleLine> = {}): BundleLine => ({
    assignmentId: 999_999_000 + n,
    level: 2,
    title: `Заявка #${n}`,
    link: `https://example.bitrix24.ru/crm/deal/details/${n}/`,
    managerName: 'Гракун Е.',
    waitedSeconds: 3600,
    outcome: null,
    ...over,
  });
  const page = { bundleId: 999_999_999_999, page: 66, pages: 67 };
  const checkTelegram = (m: OutMessage) => {
    const parsed = parseTelegramHtml(m.text);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.text.length).toBeLessThanOrEqual(4096);
    const all = (m.buttons ?? []).flat();
    expect(all.length).toBeLessThanOrEqual(100);
    for (const row of m.buttons ?? []) expect(row.length).toBeLessThanOrEqual(8);
    for (const b of all)
      if ('action' in b) {
        expect(Buffer.byteLength(b.action, 'utf8')).toBeLessThanOrEqual(64);
        expect(decodeButton(b.action)).not.toBeNull();
      }
  };

  it('when 25 deals (the largest page) have ordinary data, then every line keeps its link and the page fits', () => {
    const lines = Array.from({ length: 25 }, (_, i) => line(i + 1651));
    lines[0] = line(1651, { link: 'https://example.bitrix24.ru/crm/deal/details/1651/?a="b"&c=<d>' });
    for (const m of [
      alertDigest({ waiting: 1000, total: 1000, first: 1651, lines, page }),
      pingList({ waiting: 1000, total: 1000, first: 1651, lines, page }),
    ]) {
      checkTelegram(m);
      expect(m.text.match(/<a href=/g)).toHaveLength(25);
      expect(m.text).toContain('Стр. 67/67');
      expect(m.buttons?.at(-1)?.map((b) => b.text)).toEqual(['◀', '67/67', '▶']);
    }
  });

  it('when titles, names and links are huge and full of markup, then the page still fits one message, escaped, with every deal’s buttons', () => {
    const evil = '<b>&amp;[URL=x]🇷🇺👨‍👩‍👧‍👦'.repeat(400);
    const lines = Array.from({ length: 25 }, (_, i) =>
      line(i + 1, { title: evil, managerName: evil, link: `https://x.ru/${'a'.repeat(3000)}"><b>` }),
    );
    for (const m of [
      alertDigest({ waiting: 25, total: 25, first: 1, lines, page: { bundleId: 1, page: 0, pages: 1 } }),
      pingList({ waiting: 25, total: 25, first: 1, lines, page: { bundleId: 1, page: 0, pages: 1 } }),
    ]) {
      checkTelegram(m);
      expect(m.text).not.toContain('<b>&amp;');
      expect(m.text.split('\n')).toHaveLength(27);
      expect((m.buttons ?? []).length).toBe(25); // one page: no page row
    }
    const zalgo = `З${'\u0301'.repeat(5000)}`;
    const absurd = Array.from({ length: 25 }, (_, i) => line(i + 1, { title: zalgo, managerName: zalgo }));
    checkTelegram(alertDigest({ waiting: 25, total: 25, first: 1, lines: absurd, page }));
  });

  it('when nothing waits any more, then the digest says so and has no buttons', () => {
    expect(alertDigest({ waiting: 0, total: 200, first: 1, lines: [], page })).toEqual({
      text: '✅ Все сделки разобраны (200)',
      buttons: [],
    });
  });
});

describe('toasts of the alert desk', () => {
  it('when a name ends with an initial, then the sentence has one full stop; a claimed deal’s toast fits every button (remind, snooze, re-assign)', () => {
    expect(replies.notYourList('Иванов П.')).toBe('Листать список может только тот, кому он пришёл: Иванов П.');
    expect(replies.notYourList('Гракун')).toBe('Листать список может только тот, кому он пришёл: Гракун.');
    expect(replies.alreadyHandled).not.toMatch(/переназнач/);
  });
});
