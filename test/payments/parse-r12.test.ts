/**
 * Issue 15, item 5, round 12: the causes behind the misses of sets 22–23, each a kind with several
 * examples of our own (none copied from the sets), each seen failing before its fix. Every example
 * checks all five scored fields at once.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('kind: «тишина», «глухо», «молчат» say an invoice in a list is still unpaid', () => {
  table([
    ['пришли: 5210 — 12 000, 5211 — 8 000. по 5212 тишина', paid(['5210', '5211'], 20000)],
    ['5220 оплачен 40 000, а по 5221 глухо', paid(['5220'], 40000)],
    ['Оплатили 5230 — 7 500; 5231 молчат', paid(['5230'], 7500)],
  ]);
  it('a list with nothing paid in it is no payment', () => {
    expect(fields('по 5240 тишина, по 5241 тоже глухо').isPayment).toBe(false);
  });
});

describe('kind: a total for a period named without «за» («итого первая неделя», «итоги ноября») is no announcement', () => {
  table([
    ['итого вторая неделя ноября: поступлений 2 140 000', notPaid],
    ['Итоги недели: Вега 5255 — 15 000, Луч 5256 — 7 000', paid(['5255', '5256'], 22000)],
    ['Итоги октября: пришло 12 300 000, спасибо всем', notPaid],
    ['итоги прошлого месяца по альфе: поступило 880 000', notPaid],
  ]);
  it('a total of the invoices paid today is still a payment', () => {
    expect(fields('оплачены 5250 и 5251, итого 30 000').amount).toBe(30000);
  });
});

describe('kind: a bank loan told in chat («кредит от сбера пришёл») is no customer payment', () => {
  table([
    ['кредит от сбера пришёл, 5 млн, на закупку', notPaid],
    ['пришёл кредит 2 ляма от альфы', notPaid],
    ['транш по кредиту поступил 1 500 000', notPaid],
  ]);
  it('a payment by a customer who names the bank is still a payment', () => {
    expect(fields('Вектор оплатил 5260 через сбер, 14 000')).toEqual(paid(['5260'], 14000));
  });
});

describe('kind: a closing word beside an invoice («закрыт», «прилетело») says it is paid', () => {
  table([
    ['5270 закрыт, 31 400 от Ромашки', paid(['5270'], 31400)],
    ['по 5271 прилетело 15к 🔥', paid(['5271'], 15000)],
    ['сч 5272 закрыли, остаток 8 000 прилетел', paid(['5272'], 8000, null, true)],
    ['Прилетели деньги по 5273 — 52 300', paid(['5273'], 52300)],
  ]);
  it('a closed deal that names no money is still no payment', () => {
    expect(fields('сделка по 5274 закрыта, документы подписаны').isPayment).toBe(false);
  });
});

describe('kind: English and Latin payment words in chat and pushes («paid», «full», «inv.», «Opl. sch.»)', () => {
  table([
    ['вега paid 5280, 64к', paid(['5280'], 64000)],
    ['5281 paid full 😎 18 200', paid(['5281'], 18200)],
    ['Alfa-Business: Credit RUB 12 500.00 from ROMASHKA LLC. Ref: inv. 5282', paid(['5282'], 12500)],
    ['Credit RUB 9 000.00, a/c *1111. Ref: inv. 5283, 5284', paid(['5283', '5284'], 9000)],
    ['VTB: +18,300.00 RUB to acc *1111 from VEGA OOO. Opl. sch. 5285 ot 01.12.26', paid(['5285'], 18300)],
  ]);
});

describe('kind: an SMS arrival cut short without its period («зачисл 5000р», «поступл 9000р»)', () => {
  table([
    ['Банк 03.12 10:01 зачисл 48000р *1111 ИП Котов Баланс 100500.00р', paid([], 48000)],
    ['поступл 9 000р *1111 ООО Луч. Ост 52 000р', paid([], 9000)],
  ]);
  it('a debit written short stays money out', () => {
    expect(fields('Банк 03.12 списан 48000р *1111 ООО Энергосбыт Баланс 100500.00р').isPayment).toBe(false);
  });
});

describe('kind: a transfer by СБП with its channel and sum between «перевод» and «от», the payer’s message naming the invoice and what for', () => {
  table([
    [
      'СЧЁТ1111 10:12 перевод по СБП 3 200р от Иван Петрович К. Сообщение: «5290 монтаж». Баланс: 90 000р',
      paid(['5290'], 3200),
    ],
    ['Альфа: перевод по СБП 2 300 ₽ от Олег П. Сообщение: «5291 доставка»', paid(['5291'], 2300)],
    ['перевод по СБП 1 500р от Анна К.', paid([], 1500)],
  ]);
});

describe('kind: a size or a quantity × unit price in a purpose is never added to the sum', () => {
  table([
    ['Зачисление 2 450 ₽ от ООО «Луч»: «оплата 5300 болты 6,3х40 (12 уп)»', paid(['5300'], 2450)],
    ['Поступление 7 200 ₽, оплата сч 5301 за пакеты 3000шт*2,4', paid(['5301'], 7200)],
    ['по 5302 пришло 4 500, это 150 шт х 30', paid(['5302'], 4500)],
  ]);
});

describe('kind: a fraction of the invoice («1/2», «1/3») paid is a part', () => {
  table([
    ['1/2 по 5310 упала, 60к', paid(['5310'], 60000, null, true)],
    ['по 5311 пришла 1/3, 40 000', paid(['5311'], 40000, null, true)],
  ]);
});

describe('kind: a delivery added up to a total («5320 + доставка 2 000 итого 42 000») is the payment’s sum', () => {
  table([
    ['5320 + доставка 2 000 итого 42 000 от Вега', paid(['5320'], 42000)],
    ['по 5321: товар 18 000 + доставка 1 500, итого 19 500 пришло', paid(['5321'], 19500)],
  ]);
  it('a delivery quoted with no total and no payment word is no announcement', () => {
    expect(fields('доставка по 5322 — 3 500').isPayment).toBe(false);
  });
});

describe('kind: «счёт N на X, … пришло Y» after a story that told another number first: Y is the sum paid, a part', () => {
  table([
    [
      'Рассказываю по Пекарне 1905: пакеты 200х300, тираж 5 000 шт. Счёт 5330 на 90 000, макет согласовывали неделю. Сегодня бухгалтер прислала платёжку — предоплата 30%, 27 000. Запускаю',
      paid(['5330'], 27000, null, true),
    ],
    ['Кафе 1990 — счёт 5331 на 80 000, оплатили 40 000', paid(['5331'], 40000, null, true)],
    ['Кофейня 1874 заказ 7 позиций, счет 5332 на 12 000, сегодня пришло 6 000', paid(['5332'], 6000, null, true)],
  ]);
});

describe('kind: a surname «Ли» (ИП Ли Виктория Сергеевна) is no question particle that takes the payment back', () => {
  table([
    [
      '"03.12.2026","14","5600.00","RUB","Пополнение","ИП Ли Анна Викторовна","771234567859","Оплата по счету № 5340 за коробки 200 шт. Без НДС"',
      paid(['5340'], 5600, '771234567859'),
    ],
    ['Поступление 12 000 ₽ от Ли Олег Сергеевич, оплата 5342', paid(['5342'], 12000)],
  ]);
  it('«пришло ли …» still asks', () => {
    expect(fields('пришло ли 5 000 по 5343').isPayment).toBe(false);
  });
});

describe('kind: a Moscow INN that starts with 9, in a cell of its own with valid check digits, is the payer’s', () => {
  table([
    [
      '"04.12.2026","15","30000.00","RUB","Пополнение","ООО ""ВЕГА""","9703123450","Частичная оплата по счету 5341 (30 000 из 90 000)"',
      paid(['5341'], 30000, '9703123450', true),
    ],
    ['04.12.2026;16;8000.00;ООО Луч;9711555550;Оплата по счету 5344', paid(['5344'], 8000, '9711555550')],
  ]);
  it('a mobile number in chat stays a phone', () => {
    expect(fields('по 5345 пришло 5 000, звоните 9161234567').inn).toBe(null);
  });
});

describe('kind: a remark naming the invoice, a blank line, then the pasted push; «по перевыставленному» names the invoice paid', () => {
  table([
    ['Луч, 5420\n\nСбер: Поступление 12 000 ₽ от ООО "ЛУЧ"', paid(['5420'], 12000)],
    [
      'это Вега по перевыставленному, 5422\n\nАльфа-Бизнес: +30 000,00 ₽ от ООО "ВЕГА" на счёт ••1111',
      paid(['5422'], 30000),
    ],
    ['Вега оплатила по перевыставленному 5423, 22 000', paid(['5423'], 22000)],
  ]);
  it('re-issuing an invoice is still no payment', () => {
    expect(fields('перевыставил 5424 вместо 5423, 22 000').isPayment).toBe(false);
  });
});

describe('kind: an invoice corrected with «ой нет» / «а нет, это …» while the wrong one is said to hang unpaid («… ещё висит»)', () => {
  table([
    ['Вега оплатила 5360, ой нет 5361, 5360 у них ещё висит. 12 000', paid(['5361'], 12000)],
    ['5362 Луч 40 тыс, а нет это 5363, 5362 ещё висит', paid(['5363'], 40000)],
    ['Вега оплатила 5364, а нет, 5365 — 9 000', paid(['5365'], 9000)],
  ]);
  it('«а нет денег» is no correction', () => {
    expect(fields('пришло 5 000 по 5366, а нет денег по 5367')).toEqual(paid(['5366'], 5000));
  });
});
