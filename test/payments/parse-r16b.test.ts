/**
 * Issue 15, item 5, round 16b: sums, corrections, what is a payment and what is a part — tuned by kind on blind
 * sets 52–55, plus three dangerous reads from earlier rounds (dotted article codes added into the sum, a
 * corrected invoice kept beside the wrong one, insurers' payouts taken for customers'). Every example is made up.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('when an article or catalogue code is written with dots («801.314.014», «H1SEM.204.012») then it is never added into the sum', () => {
  table([
    ['Стоматология Дента оплатили 21 300 по счету 4417 за боры Komet 868.204.016', paid(['4417'], 21300)],
    ['Оплата по сч 3390 за фрезы KF12.104.023, 9 850 руб', paid(['3390'], 9850)],
    ['Пришло 14 600 по 2281, артикул 5.204.118 х 4 шт', paid(['2281'], 14600)],
    ['по 6120 оплатили 6 400, кат. № 12.305.110 на складе', paid(['6120'], 6400)],
  ]);
});

describe('when a dotted thousands sum stands alone or with roubles then it is still the sum', () => {
  table([
    ['Вектор-Строй — 7741 — 2.315.400', paid(['7741'], 2315400)],
    ['оплатили 5530, 1.120.000 руб', paid(['5530'], 1120000)],
  ]);
});

describe('when the writer corrects the invoice in its own shape («СТ-3842, ой нет, СТ-3843», «точнее 641») then only the corrected one is paid', () => {
  table([
    ['пришла оплата по счету ГР-2210, ой нет, ГР-2211, 36 000', paid(['ГР-2211'], 36000)],
    ['Оплатили 1182, точнее 1128, сумма 14 500', paid(['1128'], 14500)],
    ['7304 оплачен 22 100, ой нет не 7304 а 7340', paid(['7340'], 22100)],
    ['по 915 пришло 8 000, вернее 9 000', paid(['915'], 9000)],
  ]);
});

describe('when a sum is called wrong right after it («выше писал 36 200 — неправильно») then the other sum counts', () => {
  table([
    ['Ромашка: 812 оплатили 26 300, выше писал 36 200 — неправильно', paid(['812'], 26300)],
    ['по 4410 пришло 17 500, утром писал 15 700 неверно', paid(['4410'], 17500)],
  ]);
});

describe('when an insurer pays out (страховой случай, по убытку, по полису) then it is no customer payment, unless it pays our invoice', () => {
  table([
    ['Ренессанс Страхование перечислили 64 000 компенсация по страховому случаю', notPaid],
    ['ВТБ: зачисление 41 700 ₽, АО СОГАЗ, выплата по убытку № 2205/26/КАСКО', notPaid],
    ['Согласие перевели компенсацию по полису ОСАГО 58 000', notPaid],
    [
      'Поступление 31 000,00 от СПАО Ингосстрах, оплата счета 6604 за ремонт бампера по убытку 812-33',
      paid(['6604'], 31000),
    ],
  ]);
});

describe('when the bank pays interest or cashback then it is no customer payment', () => {
  table([
    ['Проценты по депозиту 7 340,00 зачислены', notPaid],
    ['Капитализация процентов по вкладу 1 208,15 RUB', notPaid],
    ['Точка: зачисление 1 840,00 ₽ — кэшбэк за октябрь по бизнес-карте', notPaid],
  ]);
});

describe('when «Дебет»/«Кредит» hold the accounts and the sum stands in its own column then the account is no sum', () => {
  table([
    [
      'Дата\tДебет\tКредит\tСумма в валюте счета\tКонтрагент\tИНН\tНазначение\n11.11.2026\t\t40702810900000004455\t86 400,00\tООО ВЕКТОР\t7736207543\tОплата по счету 2290 за монтаж',
      paid(['2290'], 86400, '7736207543'),
    ],
  ]);
});

describe('when a headerless row puts the sum in the debit or the credit place («дата;сумма;;» / «дата;;сумма;») then the empty side tells the direction', () => {
  table([
    [
      '04.04.2026;;96 500,00;ООО "ВЕКТОР";7736207543;Оплата по счету 3412 за плитку',
      paid(['3412'], 96500, '7736207543'),
    ],
    ['04.04.2026;1 150 000,00;;ООО "ПОСТАВКА-ОПТ";7736207543;Оплата по счету 9921 за товар', notPaid],
    [
      '06.04.2026\t00000311\t\t48 000,00\tООО "ВЕКТОР"\t7736207543\tОплата по счету 3417',
      paid(['3417'], 48000, '7736207543'),
    ],
  ]);
});

describe('when one column says «Приход/Расход» then only its «Приход» rows are counted', () => {
  table([
    [
      'Дата;Сумма;Приход/Расход;Корреспондент;ИНН;Назначение\n02.02.2026;12 000,00;Расход;ООО "ПОСТАВКА-ОПТ";7736207543;Оплата по счету 5512 за материалы\n02.02.2026;3 900,00;Приход;ООО ВЕКТОР;7707083893;Оплата по счету 2215',
      paid(['2215'], 3900, '7707083893'),
    ],
  ]);
});

describe('when a headerless CSV row writes «Кредит,8450.00» then that is the sum, not a number in the payer’s name', () => {
  table([
    [
      '14.05.2026,Кредит,21300.00,ООО АВТОБАЗА 318,7736207543,Оплата счета 6607 за шины',
      paid(['6607'], 21300, '7736207543'),
    ],
    ['14.05.2026,Дебет,21300.00,ООО ПОСТАВКА 12,7736207543,Оплата счета 991 за шины', notPaid],
  ]);
});

describe('when a push gives the balance in English («Balance RUB 1,204,330.10») then it is not added', () => {
  table([
    [
      'Sber Business: Incoming payment RUB 58,300.00 from VEKTOR LLC. Purpose: Оплата по счету 7712. Balance RUB 1,204,330.10',
      paid(['7712'], 58300),
    ],
    [
      'Alfa: Incoming payment RUB 9,900.00 from IP SEDOV. Purpose: оплата по счету 341. Available balance RUB 88,120.45',
      paid(['341'], 9900),
    ],
  ]);
});

describe('when a size with a fraction follows the sum («0,5 мм», «2,5 кг») then it is no kopecks', () => {
  table([
    ['по 3318 оплатили 52 тыр за профлист 0,45 мм', paid(['3318'], 52000)],
    ['Оплатили 617 — 31 000 за лист 0,7 мм, 40 листов', paid(['617'], 31000)],
  ]);
});

describe('when a conversion is told («$800 по курсу 96,50 — 77 200 руб») then the roubles are the sum and the rate and the foreign sum are neither sum nor invoice', () => {
  table([
    ['по 2291 пришло 1 500 USD по курсу 91,20 — 136 800 руб', paid(['2291'], 136800)],
    ['оплатили 615: 300 $ по курсу ЦБ 94,10 = 28 230', paid(['615'], 28230)],
    ['по 881 пришло $500 по курсу 92,50 — 46 250 руб. Ой, курс 92,05, значит 46 025', paid(['881'], 46025)],
  ]);
});

describe('when a tyre size is written («205/55 R16», «315/80R22.5», «12.00R20») then it is no invoice', () => {
  table([
    ['за комплект 205/55 R16 + балансировка, 733 — 18 400 картой', paid(['733'], 18400)],
    ['оплатили 1204 — 96 000 за шины 315/80R22.5, 4 шт', paid(['1204'], 96000)],
  ]);
});

describe('when the writer asks whose money came («чьё?», «кто знает чьи?») then the payment from that INN stands', () => {
  table([
    ['Оплата от ИНН 7736207543 пришла, счет не указали. чья?', paid([], null, '7736207543')],
    ['Пришли деньги от ИНН 7707083893 без назначения, кто знает чьи?', paid([], null, '7707083893')],
  ]);
});

describe('when a remark on the work done or the pick-up follows the invoice and sum then it is still an announcement', () => {
  table([
    ['Автопарк 12 по 648 — 54 200, шиномонтаж 9 машин, спасибо Олегу', paid(['648'], 54200)],
    ['от ИП Сомов 18 тыс 300 р по счету 2217, машина под загрузку завтра в 10', paid(['2217'], 18300)],
  ]);
});

describe('when a leasing company pays our invoice for its lessee («Альфа-Лизинг перечислил за …», «дог лизинга …») then it is a payment', () => {
  table([
    ['Альфа-Лизинг перечислил за ООО Вектор по счету 3391 — 1 450 000', paid(['3391'], 1450000)],
    ['СтройЛизинг перечислили за Ромашку по 5528 — 980 000, дог лизинга ЛК-118/26', paid(['5528'], 980000)],
  ]);
});

describe('when a transliterated SMS says «zadatok», «rassrochka platezh 3 iz 12», «chast 1 iz 2» then the payment is a part', () => {
  table([
    ['Tinkoff: Popolnenie 8 000 RUB, SBP ot Oleg K. Soobshchenie: zadatok za dver', paid([], 8000, null, true)],
    [
      'Alfa-Business: Credited 15 000.00 RUB. Payer: IP Sedov O.O. Details: oplata po schetu 2218 rassrochka platezh 3 iz 12',
      paid(['2218'], 15000, null, true),
    ],
    ['Popolnenie 20 000 RUB, oplata po schetu 774 chast 1 iz 2', paid(['774'], 20000, null, true)],
  ]);
});
