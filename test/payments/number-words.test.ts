import numberToWordsRu from 'number-to-words-ru';
import { describe, expect, it } from 'vitest';
import { findWordSums } from '../../src/payments/number-words';
import { normalise } from '../../src/payments/parse';

const valuesIn = (text: string): number[] => findWordSums(normalise(text)).map((w) => w.value);

/** number-to-words-ru spells a whole number of rubles the way payment orders do. */
function spell(n: number): string {
  return numberToWordsRu.convert(n, {
    showNumberParts: { fractional: false },
    showCurrency: { integer: false, fractional: false },
  });
}

describe('sums in words', () => {
  it.each<[string, number[]]>([
    ['восемь тысяч пятьсот', [8500]],
    ['сто двадцать тысяч', [120000]],
    ['Сорок восемь тысяч пятьсот рублей 00 копеек', [48500]],
    ['двенадцать тысяч триста сорок пять рублей 67 копеек', [12345.67]],
    ['полтора миллиона', [1500000]],
    ['полторы тысячи', [1500]],
    ['восемь с половиной тысяч', [8500]],
    ['два миллиона триста тысяч', [2300000]],
    ['тысяча двести', [1200]],
    ['одна тысяча сто один', [1101]],
    ['девятьсот девяносто девять тысяч девятьсот девяносто девять', [999999]],
    ['(сорок восемь тысяч пятьсот) руб. 00 коп.', [48500]],
    ['полтора ляма', [1500000]],
    ['пол-ляма', [500000]],
    ['пол ляма', [500000]],
    ['полляма', [500000]],
    ['лям ровно', [1000000]],
    ['два лимона', [2000000]],
    ['пол тысячи', [500]],
  ])('when «%s» is written, then it reads %j', (text, want) => {
    expect(valuesIn(text)).toEqual(want);
  });

  it.each<[string, string]>([
    ['a count of invoices', 'оплатили два счета'],
    ['a small number', 'через три дня'],
    ['«тысячи» alone', 'тысячи клиентов'],
    ['no number at all', 'Элексис оплатил счет'],
  ])('when the text has %s, then there is no sum', (_n, text) => {
    expect(valuesIn(text)).toEqual([]);
  });

  it('when the grammar breaks, then the run breaks and no big wrong number is made', () => {
    expect(valuesIn('пятьсот пятьсот')).toEqual([500, 500]);
    expect(valuesIn('сто тысяч тысяч')).toEqual([100000]);
  });

  it('when 2,000 numbers are spelled by number-to-words-ru, then each reads back exactly', () => {
    let seed = 15;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const bad: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const n = 100 + (next() % 99_999_900);
      const words = spell(n);
      const got = valuesIn(words);
      if (got.length !== 1 || got[0] !== n) bad.push(`${n} «${words}» → ${JSON.stringify(got)}`);
    }
    expect(bad).toEqual([]);
  });
});
