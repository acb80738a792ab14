/**
 * Round 13b, tuned on set 40 (a heating contractor, Екатеринбург: chat by voice, bank pushes, SMS,
 * statement lines, 1C) by cause. Each kind is written here again in other trades and other words, and
 * was seen failing before its fix.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('kind: the year first, cut to two digits — «26/0455» (a 1C series without its letters)', () => {
  table([
    ['по 26/0594 Кочнев доплатил 8 600', paid(['26/0594'], 8600, null, true)],
    ['эльмаш 26/0455 оплатили', paid(['26/0455'], null)],
    ['пришло 45 000 по 25/1187 от ИП Сорокин', paid(['25/1187'], 45000)],
    ['Стройресурс оплатил 24/312, 18 500', paid(['24/312'], 18500)],
    ['оплачен счет 26/0733 на 12 400 руб', paid(['26/0733'], 12400)],
  ]);
  // Guards: a contract's number, a share.
  table([
    ['договор 24/312 оплатили 50 000', paid([], 50000)],
    ['по договору 14/26-Ч пришло 50 000', paid([], 50000)],
    ['оплата 15 000 за 3/4 объема', paid([], 15000)],
  ]);
});

describe('kind: a penalty the customer pays us («пени», «неустойка» on our claim) — a payment, by direction', () => {
  table([
    [
      'Дата;Приход;Контрагент;ИНН;Назначение\n12.05.2026;4 210,00;ООО "ЛОГИСТ-ПЛЮС";7701234565;Оплата неустойки по претензии № 14 от 02.04.2026 за просрочку оплаты',
      paid([], 4210, '7701234565'),
    ],
    [
      'Сбербанк Бизнес. Поступление 55 600,00 ₽ от ООО «Вектор». Назначение: Оплата по счету 4471 за поставку щебня (52 000,00) и пени по претензии № 3 (3 600,00)',
      paid(['4471'], 55600),
    ],
    ['Агрохолдинг Заря наконец неустойку перечислили 14 200 по нашей претензии', paid([], 14200)],
    ['кафе Лето пени заплатили 2 350, сам счёт 7781 пока не оплачен', paid([], 2350)],
  ]);
  // Guards: we paid the penalty, or a claim came to us.
  table([
    ['заплатили пени ярхимсервису 4 800 за просрочку поставки', notPaid],
    ['мы пени заплатили 3 100 Техноресурсу по их претензии', notPaid],
    ['оплатили неустойку Стройторгу 9 000 по претензии', notPaid],
    ['ммк прислали претензию на 12 000 пени по 4418', notPaid],
  ]);
});
