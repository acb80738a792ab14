/**
 * Words about a named person agree with their gender (Bitrix24's PERSONAL_GENDER): «взял» for a man,
 * «взяла» for a woman, and the form that fits both — «взял(а)» — when the portal does not say
 * (an empty gender, someone the bot does not know: «сотрудник #12»).
 */
import { describe, expect, it } from 'vitest';
import {
  followUpTimeline,
  outcome,
  paymentConfirmedThenEdited,
  paymentPromptMoved,
  paymentReplies,
  people,
  replies,
  reports,
  surveyIgnored,
  timeline,
  type FollowUpView,
  type Named,
  type PromptView,
} from '../../src/texts';

const man: Named = { name: 'Иванов П.', gender: 'M' };
const woman: Named = { name: 'Гракун Е.', gender: 'F' };
const unknown: Named = { name: 'сотрудник #12' };

/** One text said of a man, a woman, and someone whose gender is not known. */
const said = (text: (who: Named) => string) => [text(man), text(woman), text(unknown)];

const prompt = (announcer: Named): PromptView => ({
  announcer,
  number: '2018/943',
  company: null,
  paid: 4000,
  invoiceAmount: 4000,
  currency: 'RUB',
  verdict: 'match',
  dealLink: null,
  stageName: 'Счет оплачен',
});

const followUp: FollowUpView = {
  clientName: 'Сидоров',
  phone: null,
  company: null,
  dealTitle: 'Кольца',
  comment: '',
  amount: 0,
  currency: 'RUB',
  wonAt: null,
  zone: 'Europe/Moscow',
  link: 'https://example.bitrix24.ru/crm/deal/details/1/',
};

describe('texts agree with the gender of the person they name', () => {
  it('when a deal was already claimed, then the toast says «взял», «взяла», or «взял(а)»', () => {
    expect(said((w) => replies.alreadyClaimed(w))).toEqual([
      'Сделку уже взял Иванов П.',
      'Сделку уже взяла Гракун Е.',
      'Сделку уже взял(а) сотрудник #12.',
    ]);
  });

  it('when someone else’s deal is pressed, then «может только он», «она», or «он(а)»', () => {
    expect(said((w) => replies.notYours(w))).toEqual([
      'Ответственный за эту сделку — Иванов П.: взять её может только он.',
      'Ответственный за эту сделку — Гракун Е.: взять её может только она.',
      'Ответственный за эту сделку — сотрудник #12: взять её может только он(а).',
    ]);
  });

  it('when the timeline records a claim, a re-assignment and a snooze, then each verb agrees with who did it', () => {
    expect(said((w) => timeline.claimed(w, 120, 'в Telegram'))).toEqual([
      'Бот: сделку взял в работу Иванов П. за 2 мин после назначения (в Telegram).',
      'Бот: сделку взяла в работу Гракун Е. за 2 мин после назначения (в Telegram).',
      'Бот: сделку взял(а) в работу сотрудник #12 за 2 мин после назначения (в Telegram).',
    ]);
    expect(said((w) => timeline.reassigned('Петров А.', 'Смирнова О.', w))).toEqual([
      'Бот: Иванов П. переназначил сделку: Петров А. → Смирнова О.',
      'Бот: Гракун Е. переназначила сделку: Петров А. → Смирнова О.',
      'Бот: сотрудник #12 переназначил(а) сделку: Петров А. → Смирнова О.',
    ]);
    expect(said((w) => timeline.snoozed(w, 15))).toEqual([
      'Бот: Иванов П. отложил оповещение о невзятой сделке на 15 мин.',
      'Бот: Гракун Е. отложила оповещение о невзятой сделке на 15 мин.',
      'Бот: сотрудник #12 отложил(а) оповещение о невзятой сделке на 15 мин.',
    ]);
  });

  it('when a colleague moved the deal in Bitrix24, then the card and the timeline say «перенёс» / «передвинул» in their gender', () => {
    const note = (by: Named) => ({ by, pipelineName: 'Нерудные материалы', managerName: 'Петров А.' });
    expect(said((w) => outcome.closed('moved-pipeline', note(w)))).toEqual([
      '↪️ Иванов П. перенёс сделку в направление «Нерудные материалы» — это не взятие в работу',
      '↪️ Гракун Е. перенесла сделку в направление «Нерудные материалы» — это не взятие в работу',
      '↪️ сотрудник #12 перенёс(ла) сделку в направление «Нерудные материалы» — это не взятие в работу',
    ]);
    expect(said((w) => outcome.closed('moved-by-other', note(w)))).toEqual([
      'ℹ️ Иванов П. передвинул сделку дальше в Битрикс24 — это не взятие в работу менеджером',
      'ℹ️ Гракун Е. передвинула сделку дальше в Битрикс24 — это не взятие в работу менеджером',
      'ℹ️ сотрудник #12 передвинул(а) сделку дальше в Битрикс24 — это не взятие в работу менеджером',
    ]);
    expect(said((w) => timeline.movedNotClaimed('moved-pipeline', note(w)))).toEqual([
      'Бот: Иванов П. перенёс сделку в направление «Нерудные материалы»; назначение закрыто без взятия в работу (ответственный — Петров А.).',
      'Бот: Гракун Е. перенесла сделку в направление «Нерудные материалы»; назначение закрыто без взятия в работу (ответственный — Петров А.).',
      'Бот: сотрудник #12 перенёс(ла) сделку в направление «Нерудные материалы»; назначение закрыто без взятия в работу (ответственный — Петров А.).',
    ]);
    expect(said((w) => timeline.movedNotClaimed('moved-by-other', note(w)))).toEqual([
      'Бот: Иванов П. передвинул сделку дальше — это не взятие в работу ответственным (Петров А.); напоминания о ней остановлены.',
      'Бот: Гракун Е. передвинула сделку дальше — это не взятие в работу ответственным (Петров А.); напоминания о ней остановлены.',
      'Бот: сотрудник #12 передвинул(а) сделку дальше — это не взятие в работу ответственным (Петров А.); напоминания о ней остановлены.',
    ]);
  });

  it('when the mover is not known, then «кто-то в Битрикс24» takes the masculine, as «кто-то» does in Russian', () => {
    expect(outcome.closed('moved-by-other')).toBe(
      'ℹ️ кто-то в Битрикс24 передвинул сделку дальше в Битрикс24 — это не взятие в работу менеджером',
    );
  });

  it('when an invoice has another manager now, then the request went «ему» or «ей», and «он» or «она» confirms', () => {
    expect(said((w) => paymentPromptMoved(prompt(man), w).text)).toEqual([
      '↪️ Счёт № 2018/943 теперь ведёт Иванов П. (изменено в Битрикс24) — запрос об оплате передан ему.',
      '↪️ Счёт № 2018/943 теперь ведёт Гракун Е. (изменено в Битрикс24) — запрос об оплате передан ей.',
      '↪️ Счёт № 2018/943 теперь ведёт сотрудник #12 (изменено в Битрикс24) — запрос об оплате передан ему/ей.',
    ]);
    expect(said((w) => paymentReplies.reassigned(w, 'Петров А.'))).toEqual([
      'Счёт в Битрикс24 теперь ведёт Иванов П. (не Петров А.) — запрос передан ему, оплату подтвердит он.',
      'Счёт в Битрикс24 теперь ведёт Гракун Е. (не Петров А.) — запрос передан ей, оплату подтвердит она.',
      'Счёт в Битрикс24 теперь ведёт сотрудник #12 (не Петров А.) — запрос передан ему/ей, оплату подтвердит он(а).',
    ]);
    expect(said((w) => paymentReplies.notYours(w))).toEqual([
      'Этот счёт ведёт Иванов П. — подтвердить может только он.',
      'Этот счёт ведёт Гракун Е. — подтвердить может только она.',
      'Этот счёт ведёт сотрудник #12 — подтвердить может только он(а).',
    ]);
  });

  it('when the announcer edited a confirmed payment away, then «изменил», «изменила», or «изменил(а)»', () => {
    expect(said((w) => paymentConfirmedThenEdited(prompt(w)).text.split('\n')[0]!)).toEqual([
      '↩️ Иванов П. изменил сообщение об оплате — счёт № 2018/943 в нём больше не упоминается.',
      '↩️ Гракун Е. изменила сообщение об оплате — счёт № 2018/943 в нём больше не упоминается.',
      '↩️ сотрудник #12 изменил(а) сообщение об оплате — счёт № 2018/943 в нём больше не упоминается.',
    ]);
  });

  it('when a follow-up is done or ignored, then «позвонил», «отправил», «не отправил» agree with the manager', () => {
    expect(said((w) => followUpTimeline.called(w, null))).toEqual([
      'Бот: Иванов П. позвонил клиенту после сделки.',
      'Бот: Гракун Е. позвонила клиенту после сделки.',
      'Бот: сотрудник #12 позвонил(а) клиенту после сделки.',
    ]);
    expect(said((w) => followUpTimeline.surveySent(w))).toEqual([
      'Бот: Иванов П. отправил клиенту анкету обратной связи.',
      'Бот: Гракун Е. отправила клиенту анкету обратной связи.',
      'Бот: сотрудник #12 отправил(а) клиенту анкету обратной связи.',
    ]);
    expect(said((w) => surveyIgnored(followUp, w, 3).text.split(' анкету')[0]!)).toEqual([
      '⚠️ Иванов П. не отправил',
      '⚠️ Гракун Е. не отправила',
      '⚠️ сотрудник #12 не отправил(а)',
    ]);
  });

  it('when a manager was dismissed in Bitrix24, then «уволен», «уволена», or «уволен(а)»', () => {
    expect(said((w) => people.dismissedCardReason(w))).toEqual([
      'ℹ️ Иванов П. больше не работает (уволен в Битрикс24) — сделка передана вам сразу.',
      'ℹ️ Гракун Е. больше не работает (уволена в Битрикс24) — сделка передана вам сразу.',
      'ℹ️ сотрудник #12 больше не работает (уволен(а) в Битрикс24) — сделка передана вам сразу.',
    ]);
    expect(said((w) => people.dismissedTimeline(w, 'Смирнова О.'))).toEqual([
      'Бот: Иванов П. уволен в Битрикс24; новая сделка сразу передана: Смирнова О.',
      'Бот: Гракун Е. уволена в Битрикс24; новая сделка сразу передана: Смирнова О.',
      'Бот: сотрудник #12 уволен(а) в Битрикс24; новая сделка сразу передана: Смирнова О.',
    ]);
    expect(said((w) => people.deactivatedTimeline(w, 'Смирнова О.'))).toEqual([
      'Бот: Иванов П. уволен в Битрикс24; запросы переданы: Смирнова О.',
      'Бот: Гракун Е. уволена в Битрикс24; запросы переданы: Смирнова О.',
      'Бот: сотрудник #12 уволен(а) в Битрикс24; запросы переданы: Смирнова О.',
    ]);
  });

  it('when someone not marked away types /back, then the reply needs no gender (not «отмечены как отсутствующий»)', () => {
    expect(people.notAway).toBe('Отметки об отсутствии у вас и так нет.');
  });

  it('when a manager claimed but did not contact the client, then the head reads «взял … не связался» in their gender', () => {
    const url = 'https://example.bitrix24.ru/crm/deal/details/1/';
    expect(said((w) => reports.contactAlert(w, 'Кольца', url, 20).text)).toEqual([
      `📵 Иванов П. взял сделку «<a href="${url}">Кольца</a>», но за 20 мин с клиентом не связался.`,
      `📵 Гракун Е. взяла сделку «<a href="${url}">Кольца</a>», но за 20 мин с клиентом не связалась.`,
      `📵 сотрудник #12 взял(а) сделку «<a href="${url}">Кольца</a>», но за 20 мин с клиентом не связался(ась).`,
    ]);
  });

  it('when the manager is nudged to contact the client, then the card names what was taken («Вы взяли сделку «…»», not a bare title)', () => {
    const url = 'https://example.bitrix24.ru/crm/deal/details/1/';
    expect(reports.contactNudge('Заявка #101', url, 20).text).toMatch(
      /^📞 Вы взяли сделку «<a href="[^"]+">Заявка #101<\/a>»/,
    );
  });
});
