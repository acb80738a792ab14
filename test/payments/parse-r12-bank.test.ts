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
