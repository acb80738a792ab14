/**
 * The payment parser's time stays about linear in a message's length (`npm run bench:parser-speed`
 * measures it). No clock here: the helpers that replaced per-token rescans give the same answers as
 * the rescans did, and the text the parser's regexes are started over grows with the text, not with
 * its square.
 */
import { describe, expect, it } from 'vitest';
import { endsAt, linesAround, matchEndingAt, overlapsAny, Text } from '../../src/payments/grammar';
import { isNeighbour, neighbourOfAny } from '../../src/payments/lists';
import { parsePaymentNotice } from '../../src/payments/parse';
import { pick, rng } from '../chaos/support/rng';

/** Texts of words, numbers, blanks and punctuation that the end-anchored patterns below care about. */
function texts(seed: number, count: number): string[] {
  const next = rng(seed);
  const pieces = ['по', 'за', 'это', 'его', '№', 'no', 'а', 'на', 'итого', 'в сумме', 'раза', '2', 'два', 'дважды'];
  const more = ['12', '4 000', '+', '=', ',', ';', '.', ':', '\n', ' ', '  ', '\t', '-', '•', '~', 'оплата', 'аванс'];
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 14) }, () => pick(next, next() < 0.5 ? pieces : more)).join(
      next() < 0.7 ? ' ' : '',
    ),
  );
}

describe('endsAt / matchEndingAt (a pattern ending in $ read back from a position)', () => {
  const patterns = [
    /(?<![\p{L}])(?:по|за|это(?:\s+(?:его|ее|их))?)\s*(?:(?:№|#|no?(?![\p{L}]))\s*)?$/u,
    /(?<![\p{L}])(?:а|на)\s*$/u,
    /(?:^|[\n,;.:])\s*$/u,
    /(?:^|\n)[ \t]*(?:[-•·*~]+[ \t]+)?$/u,
    /(?<![\p{L}])(?:итого|всего|на сумму|в сумме)\s*:?\s*$/u,
    /\+\s*$/,
    /=\s*$/,
  ];
  it('answers as the pattern does on the text before the position, at every position', () => {
    for (const s of texts(12, 300))
      for (const re of patterns)
        for (let end = 0; end <= s.length; end++) expect(endsAt(re, s, end)).toBe(re.test(s.slice(0, end)));
  });

  it('captures what exec captures («2 раза по», «дважды по»)', () => {
    const times = /(?<![\p{L}\d])(?:(\d{1,2}|два|две|три|четыре)\s+раз(?:а)?|(дважды|трижды))\s+по\s+$/u;
    const cases = [
      ...texts(13, 300),
      'оплатили 2 раза по ',
      'дважды по ',
      '12 раз по  ',
      '123 раза по ',
      'x2 раза по ',
    ];
    for (const s of cases)
      for (let end = 0; end <= s.length; end++) {
        const got = matchEndingAt(times, s, end);
        const want = times.exec(s.slice(0, end));
        expect(got === null).toBe(want === null);
        if (got && want) expect([got[1], got[2]]).toEqual([want[1], want[2]]);
      }
  });

  it('refuses a pattern that does not end in $', () => {
    expect(() => endsAt(/по\s+/u, 'по 5', 3)).toThrow(/does not end in \$/);
  });
});

describe('neighbourOfAny', () => {
  it('says what list.some(isNeighbour) says', () => {
    const next = rng(21);
    const number = (): string => {
      const n = String(Math.floor(next() * 10 ** (1 + Math.floor(next() * 6))));
      const k = next();
      if (k < 0.15) return `${pick(next, ['ТД', 'А', 'СЧ'])}-${n}`;
      if (k < 0.25) return `2026/${n}`;
      if (k < 0.3) return `${n}-${pick(next, ['00', '1', 'М'])}`;
      if (k < 0.35) return ` ${n} `;
      return n;
    };
    for (let round = 0; round < 200; round++) {
      const list = Array.from({ length: Math.floor(next() * 8) }, number);
      const near = neighbourOfAny(list);
      for (let q = 0; q < 30; q++) {
        const x = next() < 0.5 && list.length ? String(Number(pick(next, list).replace(/\D/g, '')) + 999) : number();
        expect(near(x)).toBe(list.some((y) => isNeighbour(y, x)));
      }
    }
  });
});

describe('Text.maskSpans', () => {
  it('masks as maskSpan one span after another does (overlapping, nested, empty spans)', () => {
    const next = rng(31);
    for (let round = 0; round < 300; round++) {
      const s = Array.from({ length: 1 + Math.floor(next() * 40) }, () => pick(next, ['a', '1', ' ', '\n'])).join('');
      const spans = Array.from({ length: Math.floor(next() * 6) }, () => {
        const start = Math.floor(next() * s.length);
        return { start, end: Math.min(s.length, start + Math.floor(next() * 8)) };
      });
      const one = new Text(s);
      for (const sp of spans) one.maskSpan(sp);
      const all = new Text(s);
      all.maskSpans(spans);
      expect(all.s).toBe(one.s);
    }
  });
});

describe('overlapsAny', () => {
  it('says what spans.some(overlap) says', () => {
    const next = rng(51);
    const span = () => {
      const start = Math.floor(next() * 60);
      return { start, end: start + Math.floor(next() * 6) };
    };
    for (let round = 0; round < 300; round++) {
      const spans = Array.from({ length: Math.floor(next() * 8) }, span);
      const overlaps = overlapsAny(spans);
      for (let q = 0; q < 20; q++) {
        const x = span();
        expect(overlaps(x)).toBe(spans.some((sp) => x.start < sp.end && x.end > sp.start));
      }
    }
  });
});

describe('linesAround', () => {
  it('finds the line start and the next break as lastIndexOf and indexOf do', () => {
    for (const s of ['', 'abc', '\n', '\nab\n\ncd\n', 'a\nb', '\n\n\n', ...texts(41, 50)]) {
      const lineOf = linesAround(s);
      for (let from = 0; from <= s.length; from++)
        for (let to = from; to <= s.length + 1; to++)
          expect(lineOf(from, to)).toEqual({ start: s.lastIndexOf('\n', from - 1) + 1, next: s.indexOf('\n', to) });
    }
  });
});

describe('the text the regexes start over grows linearly with the message', () => {
  /**
   * Characters the parser's regexes were run over: from where each search started to where it
   * matched, or to the end when it failed (one for a sticky or ^-anchored pattern, which is tried
   * at one place). `re.test(s.slice(0, token))` per token counts the text before every token.
   */
  function scanned(text: string): number {
    const exec = RegExp.prototype.exec;
    let chars = 0;
    RegExp.prototype.exec = function (this: RegExp, s: string) {
      const from = this.global || this.sticky ? this.lastIndex : 0;
      const m = exec.call(this, s);
      const anchored = this.sticky || (this.source.startsWith('^') && !this.multiline);
      chars += m ? m.index + m[0].length - from : anchored ? 1 : String(s).length - from;
      return m;
    };
    try {
      parsePaymentNotice(text);
    } finally {
      RegExp.prototype.exec = exec;
    }
    return chars;
  }
  const list = (n: number): string =>
    Array.from({ length: n }, (_, i) => `${i + 1}. счёт ${4100 + i} — ${(i * 1370) % 90000} 500 руб., оплачен`).join(
      '\n',
    );
  const groups = (n: number): string => '12 345 '.repeat(n);

  it.each<[string, (n: number) => string]>([
    ['a long list of paid invoices', list],
    ['one long line of digit groups', groups],
  ])('%s: four times the text, about four times the scanning', (_, make) => {
    const ratio = scanned(make(240)) / scanned(make(60));
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5.5); // quadratic would be about 16 (the rescans made it 9–12 here)
  });
});
