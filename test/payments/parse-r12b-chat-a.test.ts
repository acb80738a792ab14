/**
 * Issue 15, item 5, round 12b (chat A): the kinds of chat text held-out sets 24–30 showed the parser
 * misreading. Each kind has examples of our own (other companies, other banks), not copies of the
 * sets' text; every example checks all five scored fields. Guards keep what must stay as it is.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('a quoted claim of payment (no question mark) confirmed by the reply under it', () => {
  table([
    ['> Стройлес говорит оплатили 4410 ещё во вторник\nДа, вижу в Сбере от 12.05, 18 250,50', paid(['4410'], 18250.5)],
    ['> клиент говорит что перевёл 7712\nпришло, 64 000', paid(['7712'], 64000)],
    ['> Вектор пишут что оплатили 3305 вчера, платежку прислали\nвижу, 120 000 на Точке 👍', paid(['3305'], 120000)],
    ['> Ромашка говорят платёжку отправили по 5521\nпришла, 41 000 в ВТБ', paid(['5521'], 41000)],
    ['> Альфа-Строй скинули скрин платежки по 6610…\nда, упало утром, 96 000 ровно', paid(['6610'], 96000)],
    // guards: the reply does not confirm
    ['> клиент говорит что оплатил 7712\nпока не вижу', notPaid],
    ['> Вектор пишут что оплатили 3305\nпроверю завтра', notPaid],
    ['> клиент говорит что оплатил 7712\nнет ничего', notPaid],
  ]);
});

describe('a dialogue copied with the speakers’ names: a claim or a question, then one of ours says it came', () => {
  table([
    [
      'Сергей: клиент говорит что оплатил\nОльга: какой клиент?\nСергей: Техномаш, 5530\nОльга: пришло 22 400',
      paid(['5530'], 22400),
    ],
    [
      '[09:12] Игорь Петров: Гранит говорит что оплатил 7719 вчера\n[09:40] Бухгалтерия Ирина: пришло 12 600,00',
      paid(['7719'], 12600),
    ],
    ['Ирина, по 4471 от Бетонстроя что-нибудь было?\n— да, сегодня 150 000 упало на Альфу', paid(['4471'], 150000)],
    [
      'Иван ОП, [12.04.2026 10:02]\nЕлена, Уралтрубы по 3318 оплатили? им отгрузка завтра\n\nЕлена Бух, [12.04.2026 10:30]\nпришли утром, полностью',
      paid(['3318'], null),
    ],
    // guards
    ['[09:12] Игорь: Гранит говорит что оплатил 7719\n[09:40] Ирина: пока не пришло', notPaid],
    ['Ирина, по 4471 что-нибудь было?\n— нет, пока пусто', notPaid],
  ]);
});

describe('one of ours saying the money came, after the customer’s paper', () => {
  table([
    ['Техстрой прислали п/п 512 на 84 000 по 6621. Ольга сказала пришло — отгружаем', paid(['6621'], 84000)],
    // guards: the customer's own word or a screenshot not yet checked
    ['Техстрой скинули скрин платежки по 6621 на 84 000 «исполнено». Ольга, у нас видно?', notPaid],
    ['клиент сказал что оплатил 6621, проверьте', notPaid],
  ]);
});

describe('cash handed over by a manager or an engineer', () => {
  table([
    ['за монтаж по 5512 отдал налом 18 тыс, завтра сдам в кассу', paid(['5512'], 18000)],
    ['Петров отдал наличкой 9 400 по Т-2210, ПКО 17 выписал', paid(['Т-2210'], 9400)],
    // guard: our cash going out
    ['отдал налом 5 000 грузчикам', notPaid],
  ]);
});

describe('a bank loan or an overdraft coming in is no customer money', () => {
  table([
    ['кредит в ВТБ одобрили, 2 ляма пришли сегодня', notPaid],
    ['Точка одобрила овердрафт, зачислили 800 тыс на расчетный', notPaid],
    ['кредит в альфе одобрили, пришли 5 лямов. по 4420 стройлес пока тишина', notPaid],
    // guard: a customer paying beside the talk of a loan
    ['по 4420 пришло 120 000, кредит пока не одобрили', paid(['4420'], 120000)],
  ]);
});

describe('our refund to a customer asked for («верни», «вернуть переплату»)', () => {
  table([
    ['Оля верни Петрову 2 000 переплату по 3311 на карту', notPaid],
    ['надо вернуть ИП Соколову 4 500 излишне оплаченных по 7710', notPaid],
  ]);
});

describe('a veto word in a clause about another invoice leaves the paid one', () => {
  table([
    ['стройбаза оплатила 4410 на 52 000, а 4411 пока нет говорят после сверки', paid(['4410'], 52000)],
    ['техмаш 5510 и 5512 оплатили 88 000. 5511 они отказались, перевыставлять не надо', paid(['5510', '5512'], 88000)],
    // guards: the whole message is hearsay or a refusal
    ['стройбаза говорят оплатили 4410 на 52 000', notPaid],
    ['по 4411 отказались платить, 52 000 не будет', notPaid],
  ]);
});

describe('a dictated message going on to another errand («и напомни …», «и скажи …»)', () => {
  table([
    [
      'привет альфастрой закинули по 6612 сто двадцать тысяч это аванс и напомни мне завтра про поставку',
      paid(['6612'], 120000, null, true),
    ],
    ['по 3307 пришло 45 тыс и скажи игорю пусть позвонит им завтра', paid(['3307'], 45000)],
    // guard: the errand alone
    ['напомни мне завтра про 3307, обещали 45 тыс', notPaid],
  ]);
});

describe('a six-digit invoice shortened to its last three digits («124680 и 681»)', () => {
  table([
    ['Техноофис закрыли 231540 и 541, одной суммой 98 000', paid(['231540', '231541'], 98000)],
    ['оплатили 310220, 221 и 222 — 45 000', paid(['310220', '310221', '310222'], 45000)],
    // guards: a five-digit number keeps its bare neighbour; a sum is no tail
    ['оплатили 4410 и 4412, 45 000', paid(['4410', '4412'], 45000)],
    ['по 231540 пришло 500 000 и 681 рубль', paid(['231540'], 500681)],
  ]);
});

describe('who paid, answered with a name in lower case and a slang sum', () => {
  table([
    ['В ответ на «кто закрыл 5521?»\nсидоренко с кирпичного, 48 тыр на альфу', paid(['5521'], 48000)],
    ['В ответ на «кто оплатил 3310?»\nпока никто, 48 тыр ждём', notPaid],
  ]);
});

describe('a plus joining two invoices paid by one order («3821 + Р-5046 одной платежкой»)', () => {
  table([
    ['агросервис 4410 + Т-2215 одной платежкой 96 тыс 300', paid(['4410', 'Т-2215'], 96300)],
    // guard: a plus adding a delivery is no invoice
    ['агросервис оплатил 4410 + доставка, 96 300', paid(['4410'], 96300)],
  ]);
});

describe('a signed sum, the payer’s name, then the invoice («+98 400 самфреш 2377»)', () => {
  table([
    ['+45 600 техноком 5521', paid(['5521'], 45600)],
    ['+120к стройторг урал 7710', paid(['7710'], 120000)],
    // guard: no sign, a name and a number is no announcement of its own
    ['45 600 техноком 5521 выставить', notPaid],
  ]);
});

describe('a list’s line taken out of the count («задвоился, не считаем»)', () => {
  table([
    [
      'Оплаты за 12.05:\nВектор — сч. 4410 — 52 000\nИП Орлов — сч. 4415 — 8 000 (дубль из банка, не считаем)\nЛуч — сч. 4418 — 16 500',
      paid(['4410', '4418'], 68500),
    ],
    ['Поступления:\nсч. 5510 — 30 000\nсч. 5512 — 12 000 (задвоилось в выписке)\nИтого 30 000', paid(['5510'], 30000)],
    // guard: a single line still reads as it is
    ['по 4410 пришло 52 000, в выписке задвоился платёж', paid(['4410'], 52000)],
  ]);
});

describe('a retention withheld or paid back («минус гарантийные пять процентов», «возврат гарантийного удержания»)', () => {
  table([
    [
      'стройтрест перечислили по счету 3310 два миллиона минус гарантийные пять процентов итого пришло миллион девятьсот тысяч',
      paid(['3310'], 1900000, null, true),
    ],
    [
      'пришёл возврат гарантийного удержания от Мостостроя — 5% по 3305, 42 000 руб.',
      paid(['3305'], 42000, null, true),
    ],
    // guards: a guarantee letter promises; a supplier's refund stays a refund
    ['прислали гарантийное письмо по 4410, оплата 52 000 в пятницу', notPaid],
    ['возврат переплаты от поставщика 12 000', notPaid],
  ]);
});

describe('«остальные клиенты пока молчат»: other customers, not the rest of this invoice', () => {
  table([
    ['по ЖСК «Заря» пришло 14 200 по счёту 6610. Остальные ЖСК пока молчат', paid(['6610'], 14200)],
    ['Вектор 5510 оплатил 30 000, остальные клиенты ещё нет', paid(['5510'], 30000)],
    // guards: the rest of this invoice's money
    ['Вектор 5510 оплатил 30 000, остальные 40 после нового года', paid(['5510'], 30000, null, true)],
    ['по 5510 пришло 30 000, остальное в пятницу', paid(['5510'], 30000, null, true)],
  ]);
});

describe('«54 тыс 380.»: the hundreds after «тыс» at a sentence’s end', () => {
  table([
    ['счет 7710 оплачен, 61 тыс 250. отгружаем в понедельник', paid(['7710'], 61250)],
    ['по 5510 пришло 12 тыс 400, остальное в пятницу', paid(['5510'], 12400, null, true)],
    // guard: a price per tonne after it is no part of the sum
    ['по 5510 пришло 54 тыс 3 т щебня', paid(['5510'], 54000)],
  ]);
});
