import { describe, expect, it } from 'vitest';
import { restoreLookalikes as fixOcr } from '../../src/payments/lookalikes';
import { correctTypos, latinToRussian, markAccountTails, typoOf } from '../../src/payments/spelling';

describe('typos in payment words', () => {
  it.each([
    ['оплочен', 'оплачен'],
    ['аплачено', 'оплачено'],
    ['опалчено', 'оплачено'],
    ['Поступлние', 'поступление'],
    ['зачилсение', 'зачисление'],
  ])('when «%s» is written, then it is read as «%s»', (typo, word) => {
    expect(typoOf(typo)).toBe(word);
  });
  it('when a letter is lost in «оплатили», then it is read as the verb', () => {
    expect(typoOf('оплатли')).toMatch(/^оплатил/);
  });
  it.each(['оплатит', 'оплатите', 'оплатим', 'поступит', 'пришлю', 'плата', 'облачено', 'бетон', 'Элексис'])(
    'when «%s» is written, then it is left as it is',
    (word) => {
      expect(typoOf(word)).toBeNull();
    },
  );
  it('when a word is known to the caller, then it is not a typo of a neighbour', () => {
    expect(typoOf('доплата')).toBe('оплата');
    expect(typoOf('доплата', (w) => w === 'доплата')).toBeNull();
  });
  it('when a message is corrected, then only the misspelt word changes and its capital stays', () => {
    expect(correctTypos('Оплочен сч 1702 Элексис 6 300')).toBe('Оплачен сч 1702 Элексис 6 300');
  });
});

describe('Latin bank SMS', () => {
  it('when a transliterated SMS comes, then its bank words become Russian and names keep their letters', () => {
    expect(latinToRussian('VTB: Postuplenie 5 200.00 RUB ot OOO STROYMAX. Schet *2345')).toBe(
      'VTB: Поступление 5 200.00 RUB от ООО STROYMAX. Счет *2345',
    );
  });
  it('when an English push comes, then «Incoming transfer … from» is read', () => {
    expect(latinToRussian('Incoming transfer 5 200 RUB from IVANOV')).toBe('Входящий перевод 5 200 RUB от IVANOV');
  });
  it('when a Russian message has only short Latin words, then it is left as it is', () => {
    expect(latinToRussian('оплачен сч 943, po ot 4000 rub')).toBe('оплачен сч 943, po ot 4000 rub');
  });
});

describe('account tails and OCR', () => {
  it('when an account is cut with «…» or «...», then it reads as an account tail of the same length', () => {
    expect(markAccountTails('на р/с 40702810…7093 и 40702810...7093')).toBe('на р/с 40702810*7093 и 40702810***7093');
  });
  it('when two invoice numbers stand either side of «...», then they are left alone', () => {
    expect(markAccountTails('счета 6292...6295 оплачены')).toBe('счета 6292...6295 оплачены');
  });
  it('when a screen was read by OCR, then look-alikes become what a person reads', () => {
    expect(fixOcr('ПОСТУПЛEНИЕ 1З 5OO,OO ₽, 3 8 4 0 0,00, 0плата по счету N° 6215')).toBe(
      'ПОСТУПЛЕНИЕ 13 500,00 ₽, 38400,00, оплата по счету № 6215',
    );
  });
  it('when names are Latin or codes mix letters and digits, then OCR fixing leaves them', () => {
    expect(fixOcr('ООО STROYMAX, бетон B25 F200, ТД-00145, Ozon Банк')).toBe(
      'ООО STROYMAX, бетон B25 F200, ТД-00145, Ozon Банк',
    );
  });
});
