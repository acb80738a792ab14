import { describe, expect, it } from 'vitest';
import { reportMessage, type ReportView } from '../../src/texts';
import { chartPng, chartSvg } from '../../src/reports/chart';

const view: ReportView = {
  title: 'Скорость реакции — сегодня, 30.11.2026',
  scope: 'Отдел <продаж> & Co',
  withinMinutes: 10,
  received: 2,
  claimedWithinShare: 1,
  claimMedian: 0.5,
  contactMedian: 0.2,
  outOfHours: 0,
  managers: [
    {
      name: '<b>Иванов</b>',
      received: 2,
      claimMedian: 0.5,
      claimP90: 0.9,
      contactMedian: 0.2,
      contactP90: 0.4,
      claimedWithinShare: 1,
      escalations: 0,
      reassignments: 0,
      takenAway: 0,
    },
  ],
  more: 0,
  departments: [],
  payments: { confirmed: 0, median: null },
  longest: [
    {
      title: 'A <script>',
      url: 'https://b24.example/crm/deal/details/1/',
      managerName: 'И',
      minutes: 0.5,
      claimed: true,
    },
  ],
  contactClock: true,
};

describe('the report message', () => {
  it('when times are under a minute and names carry markup, then the text holds only the tags Telegram allows', () => {
    const { text } = reportMessage(view, true);
    const tags = text.match(/<[^>]*>/g) ?? [];
    for (const tag of tags) expect(tag).toMatch(/^<\/?(b|i|a)( href="[^"]*")?>$/);
    // Every "<" opens one of those tags: none is left over from data or from "<1 min".
    expect(text.split('<').length - 1).toBe(tags.length);
    expect(text).toContain('&lt;b&gt;Иванов&lt;/b&gt;');
  });
});

describe('the report message in Russian', () => {
  it('when a median is under a minute, then it reads «меньше чем за минуту» and «меньше минуты», never «за меньше» or «меньше 1 мин»', () => {
    const { text } = reportMessage(
      {
        ...view,
        departments: [
          { name: 'Продажи', received: 2, claimMedian: 0.5, contactMedian: 0.2, claimedWithinShare: 1, escalations: 0 },
          { name: 'Опт', received: 1, claimMedian: 7, contactMedian: null, claimedWithinShare: 1, escalations: 0 },
        ],
      },
      false,
    );
    expect(text).not.toContain('за меньше');
    expect(text).not.toContain('меньше 1 мин');
    // The manager's median and p90 under the header «(медиана / p90, рабочие минуты)»: two durations alike.
    expect(text).toContain('&lt;b&gt;Иванов&lt;/b&gt; — 2 сд.; взятие в работу меньше минуты / меньше минуты');
    expect(text).not.toContain('меньше чем за минуту / меньше минуты');
    expect(text).toContain('Продажи — 2 сд.; взяли меньше чем за минуту');
    expect(text).toContain('Опт — 1 сд.; взяли за 7 мин');
  });
});

describe('the chart', () => {
  const texts = {
    title: 'Итоги дня',
    subtitle: 'медиана',
    claim: 'Взятие в работу',
    contact: 'Первый контакт',
    line: '10 мин',
    axis: 'минуты',
    empty: 'нет сделок',
  };

  it('when drawn, then the SVG carries the Cyrillic labels and the 10-minute line, and the PNG is a PNG', () => {
    const bars = [
      { label: 'Гракун Е.', claim: 4, contact: 12 },
      { label: 'Щербакова А.', claim: 14, contact: null },
    ];
    const svg = chartSvg(bars, texts);
    for (const s of ['Гракун Е.', 'Щербакова А.', 'Взятие в работу', 'Первый контакт', '10 мин'])
      expect(svg).toContain(s);
    const png = chartPng(bars, texts);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(900); // IHDR width
  });

  it('when a median is a fraction of a minute, then its label has the Russian decimal comma («0,5», not «0.5»)', () => {
    const svg = chartSvg([{ label: 'Гракун Е.', claim: 0.5, contact: 2.25 }], texts, 1);
    const labels = [...svg.matchAll(/>([^<>]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toContain('0,5');
    expect(labels).toContain('2,3');
    expect(labels.filter((l) => /\d\.\d/.test(l ?? ''))).toEqual([]);
  });

  it('when the contact clock is off, then there is no contact series', () => {
    const svg = chartSvg([{ label: 'Гракун Е.', claim: 4, contact: null }], { ...texts, contact: null });
    expect(svg).not.toContain('Первый контакт');
  });
});
