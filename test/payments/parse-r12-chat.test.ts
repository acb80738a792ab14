/**
 * Issue 15, item 5, round 12: the kinds of chat text that tuning set c4 (a freight forwarder's chat)
 * showed the parser misreading. Each kind has several examples of our own, not copies of the set's
 * text; every example checks all five scored fields.
 */
import { describe, expect, it } from 'vitest';
import { fields, notPaid, paid, type Want } from '../support/parser-kinds';

function table(cases: Array<[string, Want]>): void {
  for (const [text, want] of cases)
    it(`reads «${text.replace(/\n/g, ' ⏎ ')}»`, () => {
      expect(fields(text)).toEqual(want);
    });
}

describe('an invoice acknowledged with no payment word («4512 есть», «упали», ✅, «тоже»)', () => {
  table([
    ['5531 есть', paid(['5531'], null)],
    ['3318 упали 👍', paid(['3318'], null)],
    ['сибирь-агро 7721 наконец-то 🙏', paid(['7721'], null)],
    ['4410, 4411 есть, по 4412 пока тихо', paid(['4410', '4411'], null)],
    ['✅2201\n✅2202\n❌2203', paid(['2201', '2202'], null)],
    ['7715 тоже', paid(['7715'], null)],
    ['вектор 3345 пришло, 1/2', paid(['3345'], null, null, true)],
    ['5531 есть?', notPaid],
    ['есть вопрос по 5531, позвоните', notPaid],
  ]);
});

describe('a sum «от» a customer, with no payment word, is money that came', () => {
  table([
    ['+ 64к от сибмета', paid([], 64000)],
    ['37,5 тр от вектора, 5520', paid(['5520'], 37500)],
    ['2.400.000 от ромашки 🚀 4471', paid(['4471'], 2400000)],
    ['Вектор 56 тыс с копейками, точно 56 012,40 — 3371', paid(['3371'], 56012.4)],
    ['скидка 5 000 от прайса для луча', notPaid],
    ['КП на 120 000 от конкурента, цена ниже нашей', notPaid],
    ['предложили 90 000 от двери до двери', notPaid],
    ['90 000 от Екб до Перми, 5530', notPaid],
    ['обещают 50к от вектора в пятницу', notPaid],
    ['ждём 120к от вектора', notPaid],
  ]);
});

describe('a count times a sum, and the result after «=»', () => {
  table([
    ['ромашка 4401 4402 4403 — 3×12 500', paid(['4401', '4402', '4403'], 37500)],
    ['2 по 40к от луча, 5561 и 5562', paid(['5561', '5562'], 80000)],
    ['вектор 7731 пришло, 1 250 км по 48 р = 60 000', paid(['7731'], 60000)],
    ['по 7732 пришло: 2 рейса × 35 000 = 70 000', paid(['7732'], 70000)],
  ]);
});

describe('«4410, 11 и 12»: invoices shortened to their last digits', () => {
  table([
    ['4410, 11 и 12 — луч, 30 000 одной платежкой', paid(['4410', '4411', '4412'], 30000)],
    ['оплатили 5120, 21, 22 — 45 000', paid(['5120', '5121', '5122'], 45000)],
    ['по 4410 пришло 11 000', paid(['4410'], 11000)],
  ]);
});

describe('a sum corrected by naming the wrong one after it, or «правильно …»', () => {
  table([
    ['по 5570 пришло 31 200, не 32 100 как я писал', paid(['5570'], 31200)],
    ['вчера писал 5571 — 12 900, правильно 12 090', paid(['5571'], 12090)],
  ]);
});

describe('a claim passed on, and a carrier paid «по его счёту», are not ours', () => {
  table([
    ['Вектор пишут что оплатили 5580, проверьте', notPaid],
    ['перевозчику скинули 40к по его счету 5590', notPaid],
    ['пришло от луча 48 000 по 5591, 30 сразу ушло перевозчику по его счету 5592', paid(['5591'], 48000)],
  ]);
});

describe('a рейс, a заявка or a ТТН number is no invoice', () => {
  table([
    ['упало 20 000 от луча за 5593 (рейс № 5594 от 10.11)', paid(['5593'], 20000)],
    ['по заявке 5595 оплатили 12 000', paid([], 12000)],
    ['по ттн 5596 пришло 7 300', paid([], 7300)],
  ]);
});

describe('sums in words and slang', () => {
  table([
    ['пришло 5 тыс. 120 руб. 40 коп. по сч 5597', paid(['5597'], 5120.4)],
    ['сотка от вектора упала, это 5630', paid(['5630'], 100000)],
    ['по 5604 капнуло 15к, ещё 20 висит', paid(['5604'], 15000, null, true)],
  ]);
});

describe('a list with dot leaders and its total under a rule', () => {
  table([
    ['5601.....12 000\n5602.....8 500\n———\n20 500', paid(['5601', '5602'], 20500)],
    ['4420....5 000\n4421....7 000', paid(['4420', '4421'], 12000)],
  ]);
});

describe('the rest after unloading, and «по факту» meaning «in fact»', () => {
  table([
    ['вектор закинул 40 000 по 5605, остальное 15к после разгрузки', paid(['5605'], 40000, null, true)],
    ['по 5606 по факту 3 машины, оплатили только две — 60 000, третью после сверки', paid(['5606'], 60000, null, true)],
  ]);
});

describe('«пополам» over two invoices splits the money, it is no part', () => {
  table([
    ['от луча 100 к по 5607 и 5608 пополам', paid(['5607', '5608'], 100000)],
    ['по 5609 пришла половина, 20 000', paid(['5609'], 20000, null, true)],
  ]);
});

describe('a range closed by the money', () => {
  table([['Луч перевел 120 000, закрыли 5610-5613', paid(['5610', '5611', '5612', '5613'], 120000)]]);
});

describe('several customers, invoices only', () => {
  table([
    [
      'сегодня: луч 5620 и 5621, вектор 4430, ромашка 3347 — всё оплачено полностью',
      paid(['5620', '5621', '4430', '3347'], null),
    ],
  ]);
});

describe('cash taken by our driver', () => {
  table([
    ['водитель взял с получателя 9 800 налом по 5603, расписку сфоткал', paid(['5603'], 9800)],
    ['экспедитор взял с клиента 9 800 налом по 5603', paid(['5603'], 9800)],
  ]);
});

describe('a period summary is no payment, though it says «пришло»', () => {
  table([
    ['за неделю пришло 1 870 000, хорошо', notPaid],
    ['за месяц поступило 5,4 млн 👍', notPaid],
    ['по 5520 за неделю пришло 40 000', paid(['5520'], 40000)],
  ]);
});

describe('a rate for a trip to come («ставка 92 000») is no money paid', () => {
  table([
    ['Счёт 5641 за простой 7 000 оплатили. По заявке 5642 ставка 80 000, загрузка 27-го', paid(['5641'], 7000)],
    ['сибмет оплатил 5643 — 45 000, на следующий рейс ставка 47 000', paid(['5643'], 45000)],
  ]);
});

describe('a fine withheld beside the money is a deduction, not our fine', () => {
  table([
    ['сибмет 5650 — удержали 3 000 штраф за простой, пришло 57 000', paid(['5650'], 57000, null, true)],
    ['заплатили штраф ГИБДД 5 000', notPaid],
  ]);
});

describe('«все закрыли», «всё по полной» after the customers and sums', () => {
  table([
    ['вектор 2,5 ляма за ноябрь, все закрыли 👍', paid([], 2500000)],
    ['луч 5661 и 5662, вектор 4471 — всё по полной', paid(['5661', '5662', '4471'], null)],
    ['все закрыли смену, машины на базе', notPaid],
  ]);
});

describe('a signed push with its sender on the next line', () => {
  table([
    [
      'Альфа-Бизнес\nВходящий перевод +12 300 ₽\nот Иван Сергеевич К.\nСообщение: за доставку холодильника, счет 5670',
      paid(['5670'], 12300),
    ],
    ['Перевод по СБП +4 100 ₽\nот Ольга Викторовна Н.\nСообщение: за доставку шкафа, сч 5671', paid(['5671'], 4100)],
  ]);
});

describe('our own payment order executed is money out', () => {
  table([
    [
      'Точка: Исполнено п/п № 455 на 38 000,00 руб. Получатель: ООО Логистик. Назначение: Оплата по счету 5680 за перевозку',
      notPaid,
    ],
    ['Банк: платёж исполнен, 12 500 руб., получатель ИП Сомов, назначение: оплата по счету 5681', notPaid],
  ]);
});

describe('«не приходил» negates like «не пришёл»; a reply correcting the quoted invoice names the paid one', () => {
  table([
    ['5701 ещё не приходил, пришёл 5710 от луча, 18 300', paid(['5710'], 18300)],
    ['по 5702 деньги не приходили', notPaid],
    ['> 5703 есть\nнет, 5703 не приходил, это пришёл 5730 от вектора, 9 900,00', paid(['5730'], 9900)],
  ]);
});
