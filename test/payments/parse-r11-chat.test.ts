/**
 * Issue 15, item 5, round 11: the kinds of chat and bank-push text that sets 18–21 showed the parser
 * misreading. Each kind has several examples of our own; every example checks all five scored fields.
 */
import { describe, expect, it } from 'vitest';
import { fields, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('a bare number beside a money-shaped sum is not added to it', () => {
  table([
    ['Альфа: Входящий перевод СБП\n2 150 ₽ от Марина К.\nСообщение: заказ 88412 доставка', paid([], 2150)],
    ['Зачисление 48 000,00 ₽ от ООО «Вега», л/с 30771 по сч. 7712', paid(['7712'], 48000)],
    ['+15 300 ₽ от ИП Лосев, договор поставки 5521, сч 7713', paid(['7713'], 15300)],
    ['Поступление 9 900 ₽ от ООО Ромашка, заявка 40418, счет 7714', paid(['7714'], 9900)],
  ]);
  it('still adds what the text adds («5 000 + 700»)', () => {
    expect(fields('по 7715 пришло 5 000 + 700').amount).toBe(5700);
  });
});

describe('a price per unit after a quantity is not the sum paid, in chat too', () => {
  table([
    ['Вектор оплатил 7720 — 125 400, это щебень 30 т по 4 180', paid(['7720'], 125400)],
    ['пришло 55 200 по 7721 (сетка 12 шт по 4 600)', paid(['7721'], 55200)],
    ['по 7722 пришло 90 000, семена 50 п.е. по 1 800', paid(['7722'], 90000)],
    ['Оплатили 7723: цемент 20 т х 7 450 = 149 000', paid(['7723'], 149000)],
    ['7724 оплачен, 64 000, им хватит на 1 200 га', paid(['7724'], 64000)],
  ]);
});

describe('an invoice numbered with its month after a slash is read as written', () => {
  table([
    ['сч 7730/11 оплатили 12 400', paid(['7730/11'], 12400)],
    ['Счёт № 7731/03 от 02.03 ООО Луч оплачен 8 100,00', paid(['7731/03'], 8100)],
    ['ВТБ: Входящий платёж\n+ 5 600,00 ₽\nООО «Сигма»\nСчёт № 7732/12, картриджи', paid(['7732/12'], 5600)],
    ['Поступление 3 300 ₽ от ИП Котов, оплата 7733/09', paid(['7733/09'], 3300)],
  ]);
});

describe('«осталось ещё N» is what is still owed, not money in', () => {
  table([
    ['по 7740 пришло 20 000, осталось еще 30 000', paid(['7740'], 20000, null, true)],
    ['7741 — 15 000, осталось ещё доплатить 5 000', paid(['7741'], 15000, null, true)],
    ['пришла вторая часть по счету 7742 — 40 000, осталось ещё 10 000', paid(['7742'], 40000, null, true)],
  ]);
});

describe('«сказал» about the rest, or our own «я … сказал», takes nothing back', () => {
  table([
    ['Сидоров 7750 — 40 тыс, сказал остальные 20 в понедельник', paid(['7750'], 40000, null, true)],
    ['по 7751 пришло 90 000, говорят остаток после Нового года', paid(['7751'], 90000, null, true)],
    ['7752 оплачен, 18 500. Грузить можно, я Ивану на складе сказал', paid(['7752'], 18500)],
    ['пришло 25 000 по 7753, я кладовщику уже сказала', paid(['7753'], 25000)],
  ]);
  it('a payment someone only says was made is still no payment', () => {
    expect(fields('Вектор сказал, что оплатил 7754 — 12 000').isPayment).toBe(false);
  });
});

describe('asking to close the invoice or ship after the money came takes nothing back', () => {
  table([
    ['пришло по счету 7760 сорок две тысячи рублей можно закрывать', paid(['7760'], 42000)],
    ['Поступление по счету 7761 — 15 400 руб. Прошу закрыть счёт.', paid(['7761'], 15400)],
    ['по двум счетам пришло: 7762 — 3 000 руб. и 7763 — 4 500 руб. Прошу отгрузить.', paid(['7762', '7763'], 7500)],
    ['7764 оплачен, 9 900, закрывать можно', paid(['7764'], 9900)],
  ]);
  it('a request to pay is still no payment', () => {
    expect(fields('Прошу оплатить счет 7765 на 12 000').isPayment).toBe(false);
  });
});

describe('a number after a lower-case name, right before «оплатили N», is the name’s', () => {
  table([
    ['такси 555 оплатили 7770 — 12 тыр', paid(['7770'], 12000)],
    ['автосервис 124 закинули 7771 и 7772 итого 18 300', paid(['7771', '7772'], 18300)],
    ['кафе 101 перевели 7773, 4 500 р', paid(['7773'], 4500)],
  ]);
  it('a number alone before the verb is still the invoice', () => {
    expect(fields('вектор 7774 оплатили 6 000').invoices).toEqual(['7774']);
  });
});

const NONE: Want = { isPayment: false, invoices: [], amount: null, inn: null, partial: false };

describe('money that is no customer’s payment: a loan, a barter, a period’s summary', () => {
  table([
    ['Сбер выдал кредит 5 млн, сегодня пришло на счет', NONE],
    ['кредит 2 000 000 зашёл на р/с, это не оплата', NONE],
    ['По 7780 рассчитались щебнем на 120 000, денег по нему не будет', NONE],
    ['7781 закрыли взаимозачётом 45 000, деньги по этому счёту не придут', NONE],
    ['Итого за ноябрь поступило 3 450 000 рублей, спасибо всем', NONE],
    ['Всего за неделю пришло 812 000, из них по безналу 700 000', NONE],
    ['Итого за вторую половину ноября поступило 2 100 000 рублей', NONE],
  ]);
  it('«итого» of the payment itself stays a payment', () => {
    expect(fields('по 7782 и 7783 пришло, итого 14 000').amount).toBe(14000);
  });
});

describe('an order’s number is neither the invoice nor a sum', () => {
  table([
    ['с сайта заказ 55120 оплатили по сбп 2 900 р, самовывоз', paid([], 2900)],
    ['Поступление по СБП 1 250 ₽\nОльга П.\nзаказ с сайта shop-mebel.ru №2026-0412', paid([], 1250)],
    ['заказ 55121 оплачен картой, 3 400, счет 7790', paid(['7790'], 3400)],
    ['Входящий перевод СБП\n4 100 ₽ от Ильдар Р.\nСообщение: заказу 55122 доставка', paid([], 4100)],
  ]);
});

describe('a sum right after «заказ» stays a sum', () => {
  table([['Вектор оплатил заказ 15 000 по счету 7791', paid(['7791'], 15000)]]);
});

describe('«по N = sum»: a bare number after «по» before «=» names the invoice', () => {
  table([
    ['предоплата 50% по 7800 = 20 000', paid(['7800'], 20000, null, true)],
    ['Вектор по 7801 = 13 250', paid(['7801'], 13250)],
  ]);
  it('a price per piece before «=» is still a factor', () => {
    expect(fields('оплатили 7802: 2 шт по 3 500 = 7 000').amount).toBe(7000);
  });
});

describe('«отправил вам N ₽» is money sent to us', () => {
  table([
    ['Точка\nИП ГАЛИЕВ РУСТАМ ИЛЬДАРОВИЧ отправил вам 3 150 ₽\n«Оплата сч 7810 фильтры»', paid(['7810'], 3150)],
    ['ООО «Вега» отправила вам 12 000 ₽ по счету 7811', paid(['7811'], 12000)],
    ['Марат К. отправил нам 2 700 ₽, сообщение: 7812', paid(['7812'], 2700)],
  ]);
  it('money we sent is still no payment', () => {
    expect(fields('Отправили Вектору 5 000 по их счету 7813').isPayment).toBe(false);
  });
});

describe('a price per unit said in words is not the sum paid', () => {
  table([
    ['оплатили по счету 7820 сто двадцать тысяч это щебень тридцать тонн по четыре тысячи', paid(['7820'], 120000)],
    ['пришло по 7821 девяносто тысяч рублей, двадцать мешков по четыре тысячи пятьсот', paid(['7821'], 90000)],
  ]);
});

describe('a 1C number with digits in its prefix («ЮА00-004130») is an invoice', () => {
  table([
    ['КР00-001245 оплачен полностью, Агроторг, 96 000', paid(['КР00-001245'], 96000)],
    ['оплатили ЮГ01-000517, 14 300', paid(['ЮГ01-000517'], 14300)],
    ['по ТД00-000812 пришло 52 000', paid(['ТД00-000812'], 52000)],
  ]);
});

describe('a number after a named payer and before a part word («пол суммы») is the invoice', () => {
  table([
    ['ИП Ковалёв 7830 пол суммы — 45 000', paid(['7830'], 45000, null, true)],
    ['ООО Заря 7831 половина — 60 000', paid(['7831'], 60000, null, true)],
    ['ИП Гл КФХ Сомов 7832 аванс — 30 000', paid(['7832'], 30000, null, true)],
  ]);
  it('a name’s own number before a verb stays the name’s', () => {
    expect(fields('ООО Стройка 2000 рассчитались по счету 7833, 15 000').invoices).toEqual(['7833']);
  });
});

describe('a 1C number padded to eight digits («УТ-00002548») is an invoice', () => {
  table([
    ['Вектор по УТ-00007840 — 18 200', paid(['УТ-00007840'], 18200)],
    ['оплатили БП-00007841, 9 600', paid(['БП-00007841'], 9600)],
    ['ТД-00007842 оплачен, 41 000', paid(['ТД-00007842'], 41000)],
  ]);
});

describe('«на счёт N» with a short number after the sum is the invoice, not a bank account', () => {
  table([
    ['оплатили онлайн картой, 12 400 на счёт 7850, доставка завтра', paid(['7850'], 12400)],
    ['Вега перевела 6 000 на счет 7851', paid(['7851'], 6000)],
  ]);
  it('a bank account with its masked digits is still an account', () => {
    expect(fields('Поступление 12 600.00 RUR на счет 40702***4412 от ООО Луч').invoices).toEqual([]);
  });
});

describe('the number of a VAT invoice («счёт-фактуру на 7861») is neither the invoice nor a sum', () => {
  table([
    ['Вега оплатила 7860 всю сумму, но просят счет-фактуру на 7861 переделать', paid(['7860'], null)],
    ['7862 оплачен, 15 000, счёт-фактура 7863 ушла почтой', paid(['7862'], 15000)],
  ]);
});

describe('«оплотили N» (the typo the paid verb already reads) names the invoice when no sum is written', () => {
  table([
    ['оплотили 7870', paid(['7870'], null)],
    ['Вега оплотила 7871 всю сумму', paid(['7871'], null)],
  ]);
});

describe('a reply quoted with the reply arrow («↩️ Имя: …?») answers its question', () => {
  table([
    ['↩️ Ольга: по 7880 пришло?\nда пришло 14 тыр', paid(['7880'], 14000)],
    ['↩ Марат: 7881 оплатили?\nда, 9 500', paid(['7881'], 9500)],
  ]);
  it('a «нет» under it is still no payment', () => {
    expect(fields('↩️ Ольга: по 7882 пришло?\nнет пока').isPayment).toBe(false);
  });
});
