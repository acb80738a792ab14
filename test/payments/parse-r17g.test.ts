/**
 * Issue 15, item 5, round 17g: general rules only, each for a kind of message seen in never-seen sets 96–100. Every
 * series and sum below is made up, none is copied from a set.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid } from '../support/parser-kinds';

function table(cases: Array<[string, ReturnType<typeof paid>]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when a number carries its series in capitals after it («2405-К», «377/ПР»), then it is the invoice wherever it stands', () => {
  table([
    ['Вектор оплатил 2405-К, 18 300', paid(['2405-К'], 18300)],
    ['Гранит-М 3310-Ж + 512-С итого 44 120,50 оплачены', paid(['3310-Ж', '512-С'], 44120.5)],
    ['Доплата по 2417-К пришла 1 900 — это за разгрузку', paid(['2417-К'], 1900, null, true)],
    ['ИП Садыков закинул 27к по 6021/ПР, полностью', paid(['6021/ПР'], 27000)],
    [
      'Ладога закрыла 4410/МТ, 4412/МТ и 4415/МТ одной платёжкой — итого 96 000',
      paid(['4410/МТ', '4412/МТ', '4415/МТ'], 96000),
    ],
    ['Стройкомплект оплатил 7702-Д, 12 тыщи 300', paid(['7702-Д'], 12300)],
  ]);
});

describe('when capitals after a number are a unit or another document («220-В», «договор 118-ДП»), then they name no invoice', () => {
  table([
    ['Оплатили счет 4471, 15 600 — за стабилизатор на 220-В', paid(['4471'], 15600)],
    ['Оплата по счету 5120 по договору 118-ДП, 64 000', paid(['5120'], 64000)],
    ['Оплата по сч. 3388 в рамках 223-ФЗ, 91 000', paid(['3388'], 91000)],
    ['Ошибся: Вега оплатила не 2205-К, а 2206-К, сумма та же — 14 800', paid(['2206-К'], 14800)],
    ['Оплата по счетам 5511/Р и 5514, 72 000', paid(['5511/Р', '5514'], 72000)],
  ]);
});

describe('when nothing says paid, then a suffixed number alone is no payment', () => {
  table([['Рамиль, выстави Кедру счет на 2 куба, как 6102-К в прошлый раз', notPaid]]);
});

describe('when the customer nets off a bonus, a premium or goods sent back, then the invoice is paid whole with the money that came', () => {
  table([
    [
      'Ока-Трейд: 4471 и 4472 на общую сумму 61 800 ₽, бонус за февраль 3 000 зачли в 4472',
      paid(['4471', '4472'], 61800),
    ],
    ['Оплата по сч. 8812 с учетом бонуса за квартал 2 500 руб., пришло 47 300', paid(['8812'], 47300)],
    ['Поступило 93 700 по счету 6610 за минусом бонуса 1 300 руб.', paid(['6610'], 93700)],
    ['Пришло 21 450 по счету 3307 за вычетом возврата брака 1 050', paid(['3307'], 21450)],
  ]);
});

describe('when a penalty is held back, then what came is still a part (the corpus rule)', () => {
  table([['Пришло 52 000 по счету 7731 за вычетом пени 1 400', paid(['7731'], 52000, null, true)]]);
});

describe('when the money is a condition, a claim refused or a bank code, then it is no payment', () => {
  table([
    ['Ирина, фильтров на складе нет, до оплаты 7730 ничего не отгружаем', notPaid],
    ['Волна пишут, что оплатили 3316 на 22 000, но в банке пусто. Не подтверждаем', notPaid],
    [
      'Код подтверждения платежа: 770415. Сумма 54 300,00 RUB, получатель ООО ТЕХНОПАРК. Никому не сообщайте код',
      notPaid,
    ],
  ]);
});

describe('when one of ours confirms a claim, then it is paid', () => {
  table([['Волна пишут, что оплатили 3316 на 22 000, проверила — в выписке есть', paid(['3316'], 22000)]]);
});

describe('when a series carries its two-digit year and a counter («ЛИТ-26/3316»), then it is an invoice by its shape alone', () => {
  table([
    ['ОПЛАТА: ЛИТ-26/3316 — ИП Карпов — 40 800 ₽', paid(['ЛИТ-26/3316'], 40800)],
    ['Кедр: ЛИТ-26/2195 и УСЛ-26/0715 одной платежкой 213 600', paid(['ЛИТ-26/2195', 'УСЛ-26/0715'], 213600)],
    ['Оплатили по счету 6120 по договору ДП-26/1234, 58 000', paid(['6120'], 58000)],
    ['Клиент оплатил счет 6530 — 40 000 руб, груз застрахован по полису 7712-КТ', paid(['6530'], 40000)],
  ]);
});
