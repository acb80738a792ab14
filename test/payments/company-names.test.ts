import { describe, expect, it } from 'vitest';
import { nameStem, sameCompanyName } from '../../src/payments/company-names';

describe('a company as a message names it and as the CRM titles it', () => {
  it('when the name is declined, quoted, or its legal form dropped or moved, then it is the same company', () => {
    expect(sameCompanyName('Элексиса', 'ЭЛЕКСИС ООО')).toBe(true);
    expect(sameCompanyName('ООО «Элексис»', 'ЭЛЕКСИС ООО')).toBe(true);
    expect(sameCompanyName('Элексисом', 'ЭЛЕКСИС ООО')).toBe(true);
    expect(sameCompanyName('Ромашки', 'ООО «Ромашка»')).toBe(true);
    expect(sameCompanyName('Иванов', 'ИП Иванов Пётр Сергеевич')).toBe(true);
  });

  it('when the names differ, or one only begins like the other, then they are not', () => {
    expect(sameCompanyName('Сбербанк', 'ЭЛЕКСИС ООО')).toBe(false);
    expect(sameCompanyName('Элексиса', 'Элекс-Строй ООО')).toBe(false);
    expect(sameCompanyName('Ива', 'Иванов ИП')).toBe(false);
    expect(sameCompanyName('ООО', 'ООО Ромашка')).toBe(false);
  });

  it('when a payer is looked up in the CRM, then by its longest word without a case ending', () => {
    expect(nameStem('Элексиса')).toBe('Элекси');
    expect(nameStem('ООО «Элексис»')).toBe('Элекс');
    expect(nameStem('ИП Ян')).toBeNull();
    // As written: a title with inner capitals is found only by them (the portal's LIKE is not assumed to ignore case).
    expect(nameStem('СтройДом')).toBe('СтройД');
    expect(nameStem('от МеталлПрофи')).toBe('МеталлПро');
  });
});
