/**
 * Issue 15, item 5, round 16c: kinds met in blind sets 56–59 (a building-materials seller, a freight
 * forwarder, a HoReCa distributor, an IT-subscription seller with foreign customers). Every example is
 * made up here — other series, other sums, other companies — so a rule that fixes only a set's line fails.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function expectAll(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases) expect(fields(text), text).toEqual(want);
}

/** A 1C payment order (СекцияДокумент … КонецДокумента) with the given fields after the common ones. */
function onecDocument(fieldsText: Record<string, string>): string {
  const lines = ['СекцияДокумент=Платежное поручение', 'Номер=311', 'Дата=02.12.2026'];
  for (const [k, v] of Object.entries(fieldsText)) lines.push(`${k}=${v}`);
  lines.push('КонецДокумента');
  return lines.join('\n');
}

describe('round 16c kinds', () => {
  it('when a message names one invoice of a series, then its siblings joined by «и», «/» or a date are invoices too', () => {
    expectAll([
      ['Вектор оплатили РМ-5120 на 31 тыс и РМ-5121 на 12 400', paid(['РМ-5120', 'РМ-5121'], 43400)],
      ['РМ-5130 / РМ-5131 / РМ-5132 — Глобус закрыли, 96 000', paid(['РМ-5130', 'РМ-5131', 'РМ-5132'], 96000)],
      [
        'Поступление 54 000 ₽ от ООО «ОМЕГА». Назначение: Оплата по счетам РМ-5140 от 28.11.2026, РМ-5141 от 28.11.2026',
        paid(['РМ-5140', 'РМ-5141'], 54000),
      ],
    ]);
  });

  it('when foreign currency is sold for roubles, then the roubles are the sum and our own transit account is no payer', () => {
    expectAll([
      [
        'Nordic Apps оплатили invoice 2210: 1 200 $, банк продал по 91,40 — на рублевый зашло 109 680',
        paid(['2210'], 109680),
      ],
      [
        'Westline частично по счету 2214: 500 из 2 000 EUR, в рублях зачислено 49 875,50',
        paid(['2214'], 49875.5, null, true),
      ],
      [
        'Т-Бизнес: зачисление от продажи валюты\n+96 330,00 ₽ на счёт *5521\n1 050,00 USD по курсу 91,74 · Nordic Apps LLC, invoice 2217',
        paid(['2217'], 96330),
      ],
    ]);
    const own = '7802114478';
    const transit = onecDocument({
      Сумма: '138510.00',
      ПлательщикСчет: '40702978400000012345',
      ПлательщикИНН: own,
      Плательщик1: 'ООО "СЕВЕР СОФТ"',
      ПолучательСчет: '40702810400000054321',
      ПолучательИНН: own,
      Получатель1: 'ООО "СЕВЕР СОФТ"',
      ДатаПоступило: '02.12.2026',
      НазначениеПлатежа:
        'Зачисление рублевой выручки от продажи 1500.00 EUR по курсу 92.3400. Baltic Games OU, invoice 2231',
    });
    expect(fields(transit)).toEqual(paid(['2231'], 138510));
    const row = [
      'Дата операции;Номер документа;Тип операции;Сумма;Валюта;Контрагент;ИНН контрагента;Счет контрагента;Назначение платежа',
      `01.12.2026;000041;Приход;182400.00;RUB;ООО "СЕВЕР СОФТ";${own};40702840500000012346;Зачисление рублей от продажи 2000.00 USD по курсу 91.2000. Nordic Apps LLC, invoice 2233`,
    ].join('\n');
    expect(fields(row)).toEqual(paid(['2233'], 182400));
  });

  it('when a percent is what a product contains (milk 3,2% 1 л, butter 72,5% — 40 кг), then the payment is not partial', () => {
    expectAll([
      ['Кафе Луна оплатило 7712, 64 300 (кефир 2,5% 0,9 л — 200 шт, сметана 20% — 30 кг)', paid(['7712'], 64300)],
      [
        'Поступление 18 450 ₽. Назначение: Оплата по счету 7715 за продукты (молоко 3,2% 1 л - 150 шт, масло 72,5% 0,18 кг - 60 шт)',
        paid(['7715'], 18450),
      ],
      ['Кафе Луна предоплата 30% по 7716, 12 000', paid(['7716'], 12000, null, true)],
    ]);
  });

  it('when a purpose names goods by size in mm or a cement class, then those figures are never added into the sum', () => {
    expectAll([
      ['ВТБ: зачисление 41 200,00 ₽. Оплата по счету 0733 за лист оцинкованный 0,55 мм', paid(['0733'], 41200)],
      [
        'Центр-инвест Бизнес: поступление 96 000,00 RUB на р/с ...5521. Назначение: Оплата по сч. 0734 от 28.11.26 за цемент ЦЕМ I 52,5Н',
        paid(['0734'], 96000),
      ],
      ['Поступление 64 000,00 RUB. Назначение: Оплата по сч. 0735 за цемент ЦЕМ II 32,5Б, 12 т', paid(['0735'], 64000)],
    ]);
  });

  it('when a named customer transfers to one of our managers’ card, then it is a customer payment, not ours', () => {
    expectAll([
      ['Гаспарян перевёл Олегу на карту 9 400 за плитку, счет 3318', paid(['3318'], 9400)],
      ['ИП Лосева перевела Ирине на карту 6 200, сч 3319', paid(['3319'], 6200)],
      ['перевели Андрею на карту 5 000 за разгрузку', notPaid],
    ]);
  });

  it('when money is an insurer’s loss payout or a marketplace’s payout, then it is no payment', () => {
    expectAll([
      ['Северный щит перечислил возмещение 31 800 по убытку (бой плитки при перевозке)', notPaid],
      ['ВБ сегодня 58 700 пришло, отчет № 38812004, не отмечаем', notPaid],
    ]);
    const payout = onecDocument({
      Сумма: '71200.00',
      ПлательщикСчет: '40702810400000197645',
      ПлательщикИНН: '9714053621',
      Плательщик1: 'ООО "РВБ"',
      ПолучательСчет: '40702810900000011111',
      ПолучательИНН: '6164012345',
      ДатаПоступило: '01.12.2026',
      НазначениеПлатежа:
        'Выплата по Договору оферты о реализации товара на сайте WILDBERRIES № 5512003 от 01.02.2026, отчет № 38812004 за период 10.11.2026-16.11.2026. Без НДС',
    });
    expect(fields(payout)).toEqual(notPaid);
  });

  it('when a bank push is interest in English or «Списали … →», then it is no payment', () => {
    expectAll([
      ['T-Business\nInterest credited +1,204.10 ₽\nAccount *5521 · Interest on balance for November', notPaid],
      ['Точка\nСписали 23 900 ₽ → ООО «КАНЦ-ОПТ»\nОплата по счету № 4-0071 от 28.11.2026 за бумагу', notPaid],
    ]);
  });

  it('when a 1C payment order goes to the Treasury with a budget code, then it is ours going out', () => {
    const customs = onecDocument({
      Сумма: '154300.00',
      ПлательщикСчет: '40702810200000033333',
      ПлательщикИНН: '6671112223',
      Плательщик1: 'ООО "ЛОГИСТ-УРАЛ"',
      ПолучательСчет: '03100643000000019500',
      ПолучательИНН: '7730176610',
      Получатель1: 'Межрегиональное операционное УФК (ФТС России)',
      ПоказательКБК: '15311009000010000180',
      НазначениеПлатежа: 'Авансовые платежи для уплаты таможенных платежей. НДС не облагается',
    });
    expect(fields(customs)).toEqual(notPaid);
  });

  it('when a schedule says «1-го платежа» it is partial, and when «Окончательная оплата (N%)» it is not', () => {
    expectAll([
      [
        'Поступление 150 000 ₽. Назначение: Оплата 1-го платежа по счету 6120 (этап 1)',
        paid(['6120'], 150000, null, true),
      ],
      [
        'Поступление 60 000 ₽. Назначение: Окончательная оплата (60%) по счету 6121 за внедрение',
        paid(['6121'], 60000),
      ],
    ]);
  });

  it('when a Latin bank text writes «po schetam» or a 1C number «KD00-001234», then the invoices are read', () => {
    expectAll([
      [
        'Credit 88,000.00 RUB to account *2210. Payer: OOO TEHSNAB. Purpose: Oplata po schetam 02311, 02312 ot 01.12.2026',
        paid(['02311', '02312'], 88000),
      ],
      [
        'Bank: zachislenie 12 400,00 RUB, plat. OOO LUNA, naznach.: opl. sch. KD00-001234',
        paid(['KD00-001234'], 12400),
      ],
    ]);
  });

  it('when a share word stands between the verb and a lettered invoice, or «из 1С» before it, then it still names the invoice', () => {
    expectAll([
      ['Ромашка оплатили половину РМ-218, 84 000', paid(['РМ-218'], 84000, null, true)],
      ['Вега оплатили перевозку по счету из 1С РМ00-000512, 46 250', paid(['РМ00-000512'], 46250)],
    ]);
  });

  it('when someone «прислал» a sum, then money came; a document «прислали» is not', () => {
    expectAll([
      ['Гамма (ИНН 6670221486) прислала 41 000 без номера счета, кто вел?', paid([], 41000, '6670221486')],
      ['прислали платёжку на 40 000, денег пока нет', notPaid],
    ]);
  });
});
