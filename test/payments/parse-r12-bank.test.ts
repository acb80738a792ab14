/**
 * Issue 15, item 5, round 12: kinds of bank text — pushes, SMS, statement lines, 1C blocks — that
 * the never-seen sets 24–27 showed the parser misreading. Each kind has several examples of our
 * own (other banks, other companies' numbering), each seen failing before its fix; every example
 * checks all five scored fields at once.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

/** A 1C document without the file header, from its lines. */
const doc1c = (...lines: string[]): string =>
  ['СекцияДокумент=Платежное поручение', ...lines, 'КонецДокумента'].join('\n');

/** An incoming 1C document to our ООО «ВЕКТОР» (7712345674) from a payer, with this purpose. */
const incoming1c = (sum: string, payerInn: string, purpose: string): string =>
  doc1c(
    'Номер=204',
    'Дата=03.12.2026',
    `Сумма=${sum}`,
    'ПлательщикСчет=40702810500000012345',
    `ПлательщикИНН=${payerInn}`,
    'Плательщик1=ООО "ЛОТОС"',
    'ПолучательСчет=40702810900000054321',
    'ПолучательИНН=7712345674',
    'Получатель1=ООО "ВЕКТОР"',
    'ДатаПоступило=03.12.2026',
    `НазначениеПлатежа=${purpose}`,
  );

describe('kind: goods named «части» («запасные части», «ходовой части») are no part payment', () => {
  it.each<[string, Want]>([
    [
      'Поступление 84 000,00 ₽ от ООО «Автопарк». Оплата по счету 712 за запасные части к погрузчику, в т.ч. НДС 22% 15 147,54',
      paid(['712'], 84000),
    ],
    [
      '14.12.2026;Кредит;56 300,00;ООО «Трак-Сервис»;7705123459;Оплата по сч. 4410 за ремонт ходовой части тягача. Без НДС',
      paid(['4410'], 56300, '7705123459'),
    ],
    [
      incoming1c('91500.00', '7705123459', 'Оплата по счету 9931 от 02.12.2026 за сменные режущие части к дробилке. В т.ч. НДС 16500.00'),
      paid(['9931'], 91500, '7705123459'),
    ],
    ['Вектор оплатил счет 4521 за кованые части ограждения, 18 400', paid(['4521'], 18400)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));

  it.each<[string, Want]>([
    ['оплатили часть счета 4521, 5 000', paid(['4521'], 5000, null, true)],
    ['Поступление 10 000 ₽ от ООО «Лотос». Оплата первой части по счету 4522', paid(['4522'], 10000, null, true)],
    [
      incoming1c('30000.00', '7705123459', 'Оплата оставшейся части по счету 9932 от 02.12.2026. Без НДС'),
      paid(['9932'], 30000, '7705123459', true),
    ],
  ])('a part of the invoice still is %#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: an invoice with a letter after a slash («1476/Н», the branch’s series) is kept as written', () => {
  it.each<[string, Want]>([
    ['Т-Бизнес: +12 600 ₽ от ИП Лаптев А.В. «Оплата по счету 318/К за монтаж»', paid(['318/К'], 12600)],
    [
      'Дата;№ док.;Сумма;Плательщик;ИНН;Назначение\n02.12.2026;4411;27 000,00;ООО «Гранит»;7702345678;Оплата по сч № 2250/С от 28.11.2026. Без НДС',
      paid(['2250/С'], 27000, '7702345678'),
    ],
    [
      incoming1c('15400.00', '7705123459', 'Оплата счета 0415/М от 01.12.2026 за кирпич облицовочный. Без НДС'),
      paid(['0415/М'], 15400, '7705123459'),
    ],
    ['Гранит оплатил счет 2251/С — 27 000', paid(['2251/С'], 27000)],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});

describe('kind: a treasury personal account glued to its letter («(20526Ш01230) Оплата …») is no invoice, even without «л/с»', () => {
  it.each<[string, Want]>([
    [
      'Дата\tНомер\tПлательщик\tИНН\tСумма\tНазначение\n03.12.2026\t2290\tУФК по Омской области (БУЗ «ГП 4» 20526Ш01230)\t5503012347\t54 000,00\t(20526Ш01230) Оплата по контракту № 12/26 от 10.01.2026 за перчатки. Без НДС',
      paid([], 54000, '5503012347'),
    ],
    [
      incoming1c('120000.00', '2224011231', '(21176Ц04410) Оплата по контракту № 31/26-П от 20.11.2026 за расходные материалы. Без НДС'),
      paid([], 120000, '2224011231'),
    ],
    [
      '10.12.2026 | Приход | 18 200,00 | УФК по Томской области (МБДОУ № 12 20656A77120) | ИНН 7017012345 | Оплата по договору 14/26 за игрушки',
      paid([], 18200, '7017012345'),
    ],
  ])('%#', (text, want) => expect(fields(text)).toEqual(want));
});
