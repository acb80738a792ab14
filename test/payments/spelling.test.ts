import { describe, expect, it } from 'vitest';
import { correctTypos, latinToRussian, typoOf } from '../../src/payments/spelling';

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
