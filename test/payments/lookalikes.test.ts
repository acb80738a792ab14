import { describe, expect, it } from 'vitest';
import { restoreLookalikes } from '../../src/payments/lookalikes';

describe('restoreLookalikes (OCR’d text)', () => {
  it.each<[string, string]>([
    ['ПОСТУПЛEНИЕ', 'ПОСТУПЛЕНИЕ'], // a Latin E in a Russian word
    ['ООО «КРОНВЕРК-CТРОЙ»', 'ООО «КРОНВЕРК-СТРОЙ»'],
    ['0плата по счету', 'оплата по счету'],
    ['П0СТУПЛЕНИЕ', 'ПОСТУПЛЕНИЕ'],
    ['1З 5OO,OO RUB', '13 500,00 RUB'],
    ['3 8 4 0 0,00 ₽', '38400,00 ₽'],
    ['Поступление 3 OOO ₽', 'Поступление 3 000 ₽'],
    ['N° 6215', '№ 6215'],
  ])('when «%s», then it reads «%s»', (text, want) => {
    expect(restoreLookalikes(text)).toBe(want);
  });

  it.each<string>([
    'OOO STROYMAX оплатил', // a Latin name stays Latin
    'ООО «ЛайфTech»', // Latin meant: «h» has no Cyrillic twin
    'НИ00-000341', // digits closing a 1C prefix
    '3шт поддонов, 5т щебня',
    'счет 6215 о поставке',
    'тел. 8 921 553-62-71',
    '1 250 000,00',
  ])('when «%s» has no look-alikes to put back, then it is unchanged', (text) => {
    expect(restoreLookalikes(text)).toBe(text);
  });
});
