/**
 * The offline demo: the built-in portal simulator, the Telegram emulator and the real bot, on
 * loopback, with a hand-moved clock so "10 minutes" take no time. It plays a morning of the
 * rulebook's sales department and prints what each person saw.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeButton } from './kernel/buttons';
import { timerKey } from './kernel/keys';
import { DateTime } from 'luxon';
import { Harness, PEOPLE } from '../simulator/harness';
import { sampleDeal, STAGES } from '../simulator/portal-fixture';
import { settle } from '../simulator/settle';

const ZONE = 'Europe/Moscow';
/** A manager who has no Telegram: everything reaches her in the Bitrix24 messenger. */
const SOKOLOVA = { id: 10, name: 'Анна', lastName: 'Соколова', gender: 'F' } as const;
const WHO: Array<{ name: string; telegram: number }> = [
  { name: 'Гракун Е. (менеджер, Telegram)', telegram: PEOPLE.grakun.telegram },
  { name: 'Иванов П. (менеджер)', telegram: PEOPLE.ivanov.telegram },
  { name: 'Смирнова О. (руководитель отдела)', telegram: PEOPLE.head.telegram },
  { name: 'Петров А. (директор)', telegram: PEOPLE.director.telegram },
];

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/\[\/?(b|i|s|url)(=[^\]]*)?\]/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export async function runDemo(out: NodeJS.WritableStream): Promise<number> {
  const write = (s = '') => out.write(`${s}\n`);
  let payChat = '';
  const rules = {
    payments: {} as { bitrixChatId?: string },
    // Time to first contact is measured; the demo's morning ends before any nudge would be due.
    contact: { enabled: true },
    followUp: {
      callAfter: '30d',
      callAt: '11:00',
      morningAt: '09:30',
      surveyUrl: 'https://forms.example.ru/anketa?deal={dealId}',
    },
    pipelines: [
      { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
      { categoryId: 5, assignedStages: ['C5:PREPARATION'] },
    ],
  };
  const h = await Harness.start({
    start: '2026-11-23T09:00:00+03:00',
    // The portal's real limits (an Enterprise plan: a bucket of 250 drained at 5/s); the bot paces itself below them.
    simulator: { rateLimit: { capacity: 250, drainPerSecond: 5 } },
    chatBot: true,
    rules,
    seed: (sim) => {
      sim.addUser({ ...SOKOLOVA, departmentIds: [3] });
      // «Оплата» is a Bitrix24 group chat, as in the rulebook.
      payChat = `chat${sim.createGroupChat({ title: 'Оплата', ownerId: PEOPLE.director.id, members: [PEOPLE.director.id, PEOPLE.head.id] })}`;
      rules.payments = { bitrixChatId: payChat };
    },
  });
  const chatBot = h.chatBot;
  if (!chatBot) throw new Error('demo: the harness was started with chatBot: true but has no chat bot');
  await h.sim.addBotToChat(Number(payChat.slice(4)), chatBot.id, PEOPLE.director.id);
  const B24: Array<{ name: string; dialog: string }> = [
    { name: 'чат «Оплата» в Битрикс24', dialog: payChat },
    { name: 'Соколова А. (менеджер, чат Битрикс24)', dialog: String(SOKOLOVA.id) },
  ];
  const seen = new Map<string, string>();
  const at = () => DateTime.fromJSDate(h.clock.now(), { zone: ZONE }).setLocale('ru').toFormat('ccc HH:mm');
  const print = (key: string, who: string, text: string, buttons: string[]) => {
    const shown = `${text}|${buttons.join(',')}`;
    if (seen.get(key) === shown) return;
    const before = seen.get(key);
    const edited = before !== undefined;
    seen.set(key, shown);
    // An edit names the message it changed: a card and a ping of one deal are edited together.
    const was = plain(before ?? '').split('\n')[0] ?? '';
    write(
      edited
        ? `  ✎ ${who}: изменено, было «${was.length > 40 ? `${was.slice(0, 40).trimEnd()}…` : was}»:`
        : `  → ${who}:`,
    );
    // A new card is shown whole; alerts, pings and edits by their headline and the deal.
    const lines = plain(text).split('\n');
    for (const line of edited
      ? lines.slice(0, 1)
      : /^(🆕|💳|📝|📞 Пора)/u.test(lines[0] ?? '')
        ? lines
        : lines.slice(0, 2))
      write(`      ${line}`);
    if (buttons.length && !edited) write(`      ${buttons.map((b) => `[${b}]`).join(' ')}`);
  };
  const show = () => {
    for (const p of WHO)
      for (const m of h.messagesTo(p.telegram))
        print(
          `tg:${m.messageId}`,
          p.name,
          m.text,
          m.buttons.map((b) => b.text),
        );
    for (const p of B24) for (const m of h.b24MessagesTo(p.dialog)) print(`b24:${m.id}`, p.name, m.text, m.buttons);
  };
  const scene = (title: string) => write(`\n[${at()}] ${title}`);
  const cardOf = (telegram: number, dealTitle: string) => {
    const m = h
      .messagesTo(telegram)
      .filter(
        (x) =>
          x.text.includes(dealTitle) && x.buttons.some((b) => decodeButton(b.callback_data ?? '')?.button === 'claim'),
      )
      .at(-1);
    if (!m) throw new Error(`demo: no card for ${dealTitle}`);
    return m;
  };
  const last = <T>(xs: T[], what: string): T => {
    const x = xs.at(-1);
    if (x === undefined) throw new Error(`demo: no ${what}`);
    return x;
  };

  try {
    write('Демо: бот отдела продаж на Битрикс24 (симулятор портала и Telegram, время ускорено)');
    await h.app.reconcile();

    h.clock.advance(2 * 60_000);
    scene('Оператор назначил «Заявку #101» на Гракун Е.');
    const d1 = await h.sim.createDeal({
      ...sampleDeal(101),
      CONTACT_ID: String(h.sim.addContact({ name: 'Сергей', lastName: 'Орлов', phone: '+7 921 848-53-83' })),
    });
    await settle(h.app);
    show();
    await h.advance(60_000);
    scene('Гракун Е. нажала «Беру в работу»');
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, '#101'), '✅ Беру в работу');
    show();

    await h.advance(2 * 60_000);
    scene('Оператор назначил «Заявку #102» на Иванова П. — он занят и не отвечает');
    await h.sim.createDeal({
      ...sampleDeal(102, PEOPLE.ivanov.id),
      CONTACT_ID: String(h.sim.addContact({ name: 'ООО «СтройДом»', phone: '8 (812) 555-12-12' })),
    });
    await settle(h.app);
    show();
    await h.advance(10 * 60_000);
    scene('10 минут прошло — бот поднимает тревогу');
    show();
    scene('Смирнова О. переназначает сделку на Гракун Е.');
    const alert = last(h.messagesTo(PEOPLE.head.telegram), 'alert for the head');
    await h.press(PEOPLE.head.telegram, alert, '🔁 Переназначить');
    show(); // the picker before what the pick does
    const picker = last(h.messagesTo(PEOPLE.head.telegram), 'reassign picker for the head');
    await h.press(PEOPLE.head.telegram, picker, /Гракун/);
    show();
    await h.advance(2 * 60_000);
    scene('Гракун Е. берёт «Заявку #102» в работу');
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, '#102'), '✅ Беру в работу');
    show();

    await h.advance(3 * 60_000);
    scene('«Заявка #103» для Гракун Е.; она сразу звонит клиенту и двигает сделку в Битрикс24');
    const d3 = await h.sim.createDeal(sampleDeal(103));
    await settle(h.app);
    show();
    await h.advance(3 * 60_000);
    // The call she makes from Bitrix24 is the deal's first contact (the second clock of the reports).
    h.sim.recordContact({
      ownerTypeId: 2,
      ownerId: d3,
      kind: 'call',
      direction: 'out',
      responsibleId: PEOPLE.grakun.id,
    });
    await h.advance(60_000);
    await h.sim.updateDeal(d3, { STAGE_ID: STAGES.agreeing });
    await settle(h.app);
    show();

    await h.advance(60_000);
    scene('«Заявка #104» создана, но событие Битрикс24 потерялось по дороге');
    h.sim.dropEvents(1);
    await h.sim.createDeal(sampleDeal(104, PEOPLE.ivanov.id));
    await settle(h.app);
    write('  (никто ничего не получил)');
    await h.advance(60_000);
    await h.app.reconcile();
    await settle(h.app);
    scene('Сверка с порталом (раз в минуту) нашла «Заявку #104»');
    show();
    await h.press(PEOPLE.ivanov.telegram, cardOf(PEOPLE.ivanov.telegram, '#104'), '✅ Беру в работу');
    show();

    await h.advance(30 * 60_000);
    const company = h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
    await h.sim.updateDeal(d1, { STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) }, { emit: false });
    const invoice = h.sim.addInvoice({
      kind: 'smart',
      number: '2018/943',
      amount: 4000,
      dealId: d1,
      companyId: company,
      responsibleId: PEOPLE.grakun.id,
    });
    const payment = 'Оплачен счет № 2018 / 943 ЭЛЕКСИС ООО ИНН 7806210729 — 4 000 руб';
    scene(`Директор пишет в чат «Оплата» в Битрикс24: «${payment}»`);
    await h.b24Say(PEOPLE.director.id, payChat, payment);
    show();
    await h.advance(2 * 60_000);
    scene('Гракун Е. подтверждает одним нажатием');
    await h.press(
      PEOPLE.grakun.telegram,
      last(h.messagesTo(PEOPLE.grakun.telegram), 'payment prompt'),
      '✅ Да, оплачен',
    );
    show();
    const stage = (id: unknown) => `«${h.sim.stageName(String(id)) ?? String(id)}»`;
    write(
      `  (в Битрикс24: счёт 2018/943 — стадия ${stage(h.sim.invoice('smart', invoice)?.stageId)}, сделка «Заявка #101» — на стадии ${stage(h.sim.deal(d1)?.STAGE_ID)})`,
    );
    scene('Директор пишет: «Элексис оплатил сч 944 — 3500» — такого счёта нет');
    await h.b24Say(PEOPLE.director.id, payChat, 'Элексис оплатил сч 944 — 3500');
    show();

    await h.advance(5 * 60_000);
    scene('«Заявка #106» для Соколовой А. — у неё нет Telegram, карточка приходит в чат Битрикс24');
    await h.sim.createDeal(sampleDeal(106, SOKOLOVA.id));
    await h.sim.whenEventsDelivered();
    await settle(h.app);
    show();
    await h.advance(2 * 60_000);
    scene('Соколова А. нажала «Беру в работу» в Битрикс24');
    const b24Card = last(
      h.b24MessagesTo(SOKOLOVA.id).filter((m) => m.buttons.includes('✅ Беру в работу')),
      'Bitrix24 card for Sokolova',
    );
    await h.b24Press(SOKOLOVA.id, b24Card, '✅ Беру в работу');
    show();

    await h.advance(15 * 60_000);
    scene('Соколова А. не связалась с клиентом за 15 рабочих минут — бот напоминает ей');
    show();
    await h.advance(15 * 60_000);
    scene('Прошло 30 минут, контакта нет — бот говорит руководителю');
    show();

    // The evening passes with nothing due; the timers of the day were fired above, in their time.
    h.clock.set('2026-11-23T23:40:00+03:00');
    scene('Заявка #105 пришла ночью, в 23:40 — срок считается с 9:00 рабочего дня');
    await h.sim.createDeal(sampleDeal(105, PEOPLE.ivanov.id));
    await settle(h.app);
    show();
    await h.advance(9 * 3_600_000);
    scene('Ночью никого не будили; утром, ещё до 9:00, Иванов П. берёт сделку');
    show();
    await h.press(PEOPLE.ivanov.telegram, cardOf(PEOPLE.ivanov.telegram, '#105'), '✅ Беру в работу');
    show();

    await h.advance(2 * 3_600_000);
    scene('Гракун Е. закрыла «Заявку #101» как успешную — первая сделка клиента');
    await h.sim.updateDeal(d1, { STAGE_ID: STAGES.won });
    await settle(h.app);
    show();
    const survey = last(h.messagesTo(PEOPLE.grakun.telegram), 'survey ping');
    await h.press(PEOPLE.grakun.telegram, survey, '✅ Отправила');
    show();
    const todo = h.sim.activities(3, Number(h.sim.deal(d1)?.CONTACT_ID)).at(-1);
    const due = DateTime.fromISO(String(todo?.DEADLINE), { zone: ZONE }).toFormat('dd.MM.yyyy HH:mm');
    write(`  (в Битрикс24 у контакта дело «${String(todo?.SUBJECT)}» на ${due})`);

    await h.advance(Date.parse('2026-12-24T11:00:00+03:00') - h.clock.now().getTime());
    scene('Через месяц: утренний список в 9:30 и напоминание о звонке в 11:00');
    show();
    await h.press(
      PEOPLE.grakun.telegram,
      last(
        h.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('📞')),
        'call reminder',
      ),
      '📞 Позвонила',
    );
    show();

    write('\nВ ленте сделки «Заявка #101» в Битрикс24:');
    for (const c of h.sim.timelineComments('deal', d1)) write(`  • ${c.comment}`);
    const owner = Number(h.sim.deal(d1 + 1)?.ASSIGNED_BY_ID);
    const ownerName = Object.values(PEOPLE).find((p) => p.id === owner);
    write(
      `\n«Заявка #102» — ответственный: ${ownerName ? `${ownerName.lastName} ${ownerName.name.slice(0, 1)}.` : `пользователь ${owner}.`}`,
    );

    // The director's daily summary of the demo's day, as the scheduled timer (rules.reports.dailyAt)
    // sends it: the same timer row, fired now rather than on the evening of 23.11 (the demo has moved
    // a month on since).
    const day = '2026-11-23';
    h.app.ctx.timers.schedule(
      {
        kind: 'report',
        key: timerKey.report('daily', day),
        dueAt: h.clock.now().getTime(),
        payload: { kind: 'daily', date: day },
      },
      h.clock.now().getTime(),
    );
    await settle(h.app);
    const summary = last(
      h.messagesTo(PEOPLE.director.telegram).filter((m) => m.text.includes('Итоги дня')),
      "director's daily summary",
    );
    write('\nИтоги дня 23.11 — директору Петрову А. в Telegram:');
    for (const line of plain(summary.text).split('\n')) write(`  ${line}`);
    const chart = h.tgFiles.files
      .filter((f) => f.chatId === String(PEOPLE.director.telegram) && f.method === 'sendPhoto')
      .at(-1);
    if (!chart) throw new Error("demo: no chart with the director's summary");
    const dir = join(tmpdir(), 'b24-sales-bot-demo');
    mkdirSync(dir, { recursive: true });
    const png = join(dir, `director-daily-${day}.png`);
    writeFileSync(png, chart.bytes);
    write(`  (с ним график «${chart.caption}»: ${png})`);
    write('Демо завершено.');
    return 0;
  } finally {
    await h.stop();
  }
}
