import { describe, expect, it } from 'vitest';
import { clockTime, duration, money, shortName, esc } from '../../src/texts';

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
    const lines = [
      replies.alreadyClaimed(name),
      replies.reassigned(name),
      timeline.escalated(1, `Иванов П., ${name}`, 600),
      timeline.reassigned('Иванов П.', name, name),
      people.awayTimeline('Иванов П.', '27.11', name),
      people.deactivatedTimeline('Иванов П.', name),
    ];
    for (const line of lines) expect(line, line).not.toMatch(/\.\.$/);
    expect(replies.alreadyClaimed(name)).toBe('Сделку уже взял(а) Гракун Е.');
    expect(replies.alreadyClaimed('Гракун')).toBe('Сделку уже взял(а) Гракун.');
  });
});
