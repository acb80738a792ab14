import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type LabelledMessage, SCORED_FIELDS, type ScoredField, scoreParser } from '../../src/payments/accuracy';
import { parsePaymentNotice } from '../../src/payments/parse';

function load(name: string): LabelledMessage[] {
  const path = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledMessage);
}

const FIELDS = SCORED_FIELDS;
type Scores = Record<ScoredField | 'exact', number>;

/**
 * Share of rows where each field matches exactly, and of rows right on every field at once
 * («exact»); prints one line and lists the misses. Print only the figures:
 * `npx vitest run test/payments/parse.test.ts -t corpus` (per kind: `npm run bench:parser`).
 */
function score(name: string, rows: LabelledMessage[]): Scores {
  const a = scoreParser(rows, parsePaymentNotice);
  const share = (n: number) => n / Math.max(a.messages, 1);
  const acc = { ...Object.fromEntries(FIELDS.map((f) => [f, share(a.fields[f])])), exact: share(a.exact) } as Scores;
  console.log(
    `${name} (${rows.length} messages): ${[...FIELDS, 'exact' as const].map((f) => `${f === 'exact' ? 'all fields exact' : f} ${(acc[f] * 100).toFixed(1)}%`).join(', ')}`,
  );
  const misses = a.misses.flatMap((m) =>
    m.fields.map(
      (f) => `  ${f.field}: ${JSON.stringify(m.text)} got ${JSON.stringify(f.got)}, want ${JSON.stringify(f.want)}`,
    ),
  );
  if (misses.length) console.log(misses.join('\n'));
  return acc;
}

describe('payment-message corpus', () => {
  it('when the hand-written corpus the parser is tuned on is parsed, then every message is right on every field', () => {
    const acc = score('corpus', load('payment-messages.jsonl'));
    expect(acc.isPayment).toBeGreaterThanOrEqual(0.97);
    expect(acc.invoices).toBeGreaterThanOrEqual(0.95);
    expect(acc.amount).toBeGreaterThanOrEqual(0.95);
    expect(acc.exact).toBe(1);
  });

  it('when the held-out messages of issue 15 (bank, SMS, statement, 1C; written after the parser changed) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-2', load('payment-messages.heldout-2.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written by a blind author during round 5 (set 8, never tuned on before its first run) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-8', load('payment-messages.heldout-8.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the round-10b bank probes (statement lines, 1C blocks, SMS and pushes of shapes new to the fixtures; 91.1 %, 93.6 %, 86.4 %, 100 %, 66.7 %, 100 %, 83.3 % and 100 % at their first runs, labelled before the parser ran on them) are parsed, then every message is right on every field', () => {
    for (const set of [
      'probes-10b',
      'probes-10b-b',
      'probes-10b-c',
      'probes-10b-d',
      'probes-10b-e',
      'probes-10b-f',
      'probes-10b-g',
      'probes-10b-h',
    ]) {
      const acc = score(set, load(`payment-messages.${set}.jsonl`));
      expect(acc.exact).toBe(1);
    }
  });

  it('when the held-out messages written by an independent blind author (set 10: chat, bank pushes, SMS, statement lines, 1C blocks; first run 70 % all-fields-exact) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-10', load('payment-messages.heldout-10.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when tuning set c1 (round 10, a blind author: heating equipment and installation; 120 chat, 30 pushes; 85.3 % all-fields-exact at its first run on d2b2977, then tuned on) is parsed, then every message is right on every field', () => {
    const acc = score('tune-c1', load('payment-messages.tune-c1.jsonl'));
    expect(acc.exact).toBe(1);
  });

  it('when tuning set c2 (round 10, a blind author: plastic packaging maker; 120 chat, 30 pushes; 76.0 % all-fields-exact at its first run on d2b2977, then tuned on) is parsed, then each field is ≥ 99 % and all-fields-exact ≥ 99 % (one chat message names no payment word: «ммк наконец 🙏 403 200 по договору поставки 27/26»)', () => {
    const acc = score('tune-c2', load('payment-messages.tune-c2.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.99);
  });

  it('when tuning set c3 (round 10, a blind author: cable wholesale; 60 statement lines, 50 1C blocks, 40 SMS; all-fields-exact at its first, never-seen runs 89.3 % on aa16237 and 88.7 % on 3be70c1 (round 10b), then tuned on by both) is parsed, then every message is right on every field', () => {
    const acc = score('tune-c3', load('payment-messages.tune-c3.jsonl'));
    expect(acc.exact).toBe(1);
  });

  it('when tuning set c4 (round 12, a blind author: freight forwarding, Екатеринбург; 120 chat, 30 pushes; 71.3 % all-fields-exact at its first run on c5ac207, then tuned on) is parsed, then all-fields-exact is ≥ 98 % (three chat messages left: «магнит закрылся» with nothing else, a question-word address «кто грузит пермь:» before the payment, a story whose third invoice was paid days earlier)', () => {
    const acc = score('tune-c4', load('payment-messages.tune-c4.jsonl'));
    expect(acc.exact).toBeGreaterThanOrEqual(0.98);
  });

  it('when held-out set 22 (a tenth blind author: timber and roofing, Ярославль; never-seen runs 92 % all-fields-exact on the round-11 parser dc1b299, 87 % on the round-10 one bb11e57; tuned in round 12) is parsed, then all-fields-exact stays at least 99 % (one website order names its invoice only as «счет к заказу 4768»)', () => {
    const acc = score('heldout-22', load('payment-messages.heldout-22.jsonl'));
    expect(acc.exact).toBeGreaterThanOrEqual(0.99);
  });

  it('when held-out set 23 (an eleventh blind author: packaging print, Москва; never-seen runs 89 % all-fields-exact on the round-11 parser dc1b299, 86 % on the round-10 one bb11e57; tuned in round 12) is parsed, then every message is right on every field', () => {
    const acc = score('heldout-23', load('payment-messages.heldout-23.jsonl'));
    expect(acc.exact).toBe(1);
  });

  // Sets 24–59: thirty-six blind authors of rounds 12–16, each scored once never-seen (the first figure),
  // then tuned on by cause — 24–33 in rounds 12 and 12b, 34–36 in round 13 (`parse-r13.test.ts`), 40 in round 13b
  // (`parse-r13b.test.ts`), 37–39 and 41 in round 14 (`parse-r14.test.ts`; before it 91/86/89/93; set 36 line 78,
  // an acquiring settlement, relabelled a non-payment by the round-12b convention), 42–47 in round 15
  // (`parse-r15.test.ts`), 48 and 50 in round 15b (`parse-r15b.test.ts`: invoice numbers of any series' shape), 49
  // and 51 in round 16a (`parse-r16a.test.ts`: series of the year and month, «З26-», stages «/2»), 52–55 in round
  // 16b (`parse-r16b.test.ts`: sums, corrections, payments and parts; round 15 + 15b read 89/94/90/97) —
  // each first figure on the round-14 parser; README, "Where it stands". Sets 56–59 (round-16 authors) were first
  // scored on the round-15b parser (after their «остаток» labels were put back to the corpus rule, HELD-OUT-LABELLING.md
  // «Round 16 relabel») and tuned on in round 16c (`parse-r16c.test.ts`); 60–65 (round 16) in round 16d
  // (`parse-r16d.test.ts`), 66–70 (round 17, first scored on f7878bf) in round 17a (`parse-r17a.test.ts`), 71–75 (round 17, first scored on
  // cc7ef85) in round 17b (`parse-r17b.test.ts`), 76–80 (round 17, first scored on f390ce4) in round 17c
  // (`parse-r17c.test.ts`), 81–85 (round 17, first scored on 7100915) in round 17d (`parse-r17d.test.ts`), 86–90 (round
  // 17, first scored on f714d89) in round 17e (`parse-r17e.test.ts`), 91–95 (round 17, first scored on af57b23) in
  // round 17f (`parse-r17f.test.ts`), 96–100 (round 17, first scored on d0d4bee) in round 17g (`parse-r17g.test.ts`;
  // the two rounds ran side by side and were merged). The floor is
  // what they read now; none of them measures never-seen text any more.
  it.each<[number, string, number, number, number]>([
    [24, 'timber, insulation and roofing, Архангельск, «СК00-002154» and «1471/Н»; c5ac207', 84, 12, 0.97],
    [25, 'event-equipment rental, an ИП in Казань, site orders that are no invoices; c5ac207', 91, 12, 0.94],
    [26, 'agricultural machinery repair and parts, Краснодар, «Р-5064»; c5ac207', 87, 12, 0.96],
    [27, 'laboratory supplies to state clinics through the УФК, Новосибирск; c5ac207', 93, 12, 0.97],
    [28, 'heating and ventilation, Самара, retention and КС-2 stages; ebe938e', 78, 12, 0.98],
    [29, 'frozen fish wholesale, Владивосток, factoring and containers; ebe938e', 90, 12, 0.98],
    [30, 'office furniture, Москва, six-digit invoices, marketplace and acquiring settlements; ebe938e', 85, 12, 0.97],
    [31, 'a coffee roaster, Калининград, «26-0412» shortened to «0412»/«412»; ebe938e', 88, 12, 0.95],
    [32, 'a cleaning ИП, Тюмень, voice dictation, private payers by card, СБП and cash; ebe938e', 88, 12, 0.94],
    [33, 'a cable wholesaler, Ростов, «ЭК-304748», letters of credit, factoring, «лям 245»; ebe938e', 83, 12, 0.98],
    [34, 'an iron foundry, Пермь, «145/26» invoices, bills of exchange and offsets; c429122', 88, 13, 1.0],
    [35, 'LED screens, Санкт-Петербург, «МС-51234», agencies paying for their clients; c429122', 93, 13, 1.0],
    [36, 'bottled water delivery, Воронеж, «ЧВ-4512», couriers’ cash and bottle counts; c429122', 84, 13, 0.93],
    [40, 'a heating contractor, Екатеринбург, «26/0455», пени, consumer credit (round 13b); round 12b', 65, 13, 0.99],
    [
      37,
      'a printing house, Новосибирск, «СП-14262» and bare «14385», website orders «#A-48213»; round 12b',
      90,
      14,
      0.95,
    ],
    [
      38,
      'a car-parts ИП, Казань, «Р-7214»/«7214/Р», part numbers, factoring and leasing payers; round 12b',
      83,
      14,
      0.96,
    ],
    [
      39,
      'a caterer, Самара, «В-2026-0472»/«ВК-501», deposits, per-guest prices, treasury stages; round 12b',
      89,
      14,
      0.93,
    ],
    [
      41,
      'seeds and fertiliser, Краснодар, «А-26017», farms by tonne and hectare, barter and subsidies; round 12b',
      93,
      14,
      0.96,
    ],
    [42, 'a carrier and warehouse, Воронеж, «52385» and «ТЭ-0533», insurers, ТТН; round 14', 90, 15, 0.98],
    [43, 'an IT integrator, Нижний Новгород, «7315/Л», «ИТ-7391», licences per workplace; round 14', 94, 15, 0.97],
    [44, 'a dental wholesaler, Нижний Новгород, «МД-91158», article numbers, state clinics; round 14', 96, 15, 0.98],
    [45, 'an electrical wholesaler, Нижний Новгород, «64171», voice dictation; round 14', 98, 15, 1.0],
    [
      46,
      'a cleaning company, Екатеринбург, month-first «11-089»/«КЛ-11-129», schools by treasury; round 14',
      76,
      15,
      1.0,
    ],
    [47, 'a machinery rental, Кстово, «3824»/«СТ-3843», shifts and machine-hours; round 14', 94, 15, 0.99],
    [
      48,
      'security systems, Нижний Новгород, «ПР/0871», «ТО/0112», «ПР/0933/26», Latin «PR/0925»; round 14',
      57,
      15,
      0.97,
    ],
    [50, 'a vet pharmacy and feed distributor, Омск, «ОВ00001196», «ВА-0318», «1219/26»; round 14', 64, 15, 0.98],
    [49, 'a corporate travel agency, Москва, «БТ-2611-131», bare «2611-033», stages «/1»; round 14', 76, 16, 0.99],
    [
      51,
      'a window maker, Волгоград, «З26-0047», «У26-1184», «З26-0142/2», contracts «ДП-26/14»; round 14',
      52,
      16,
      0.99,
    ],
    [52, 'tyres, fitting and retreading, Тюмень, «ТЦ1-00458», «ОПТ-089/26», tyre sizes; round 14', 66, 16, 0.98],
    [53, 'metal roofing, Красноярск, «ЕП00-004412»/«ЕП-4442»/«4412», dealers «Д-614/26»; round 14', 94, 16, 0.98],
    [
      54,
      'IT outsourcing and licences, Санкт-Петербург, «ФТ00-000731», «АБ-2612/014», USD at a rate; round 14',
      89,
      16,
      0.92,
    ],
    [55, 'dental equipment, Уфа, «БД00-001247»/«1247», «СО-0412», instalments, leasing payers; round 14', 95, 16, 1.0],
    [56, 'building materials, Ростов, «01851» and «ДС00-000178»/«ДС-183», cement classes; round 15b', 93, 16, 1.0],
    [57, 'a freight forwarder, Екатеринбург, «ИК-3417»/«ИК00-000416», insurers, customs; round 15b', 90, 16, 0.98],
    [
      58,
      'a HoReCa distributor, Казань, «КГ00-004812» typed «4812», «ИП00-000457», milk by fat; round 15b',
      95,
      16,
      0.98,
    ],
    [59, 'IT subscriptions, Санкт-Петербург, «ЛС00-001412» printed «1412», currency sales; round 15b', 91, 16, 1.0],
    [
      60,
      'made-to-order kitchens and furniture, Пенза, 1C:УНФ «1172», ranges «1217–1219»; round 16 (16d)',
      92,
      16,
      0.93,
    ],
    [
      61,
      'a private medical centre, Челябинск, «ЗД-1030/2026», insurers paying by ДМС letters; round 16 (16d)',
      94,
      16,
      0.98,
    ],
    [62, 'pumps and spare parts, Самара, «ВП-1951», part numbers and tranches; round 16 (16d)', 94, 16, 0.97],
    [63, 'an advertising and printing agency, Краснодар, Контур.Эльба «259», «266-268»; round 16 (16d)', 96, 16, 0.98],
    [
      64,
      'tyres and auto parts, Новосибирск, «СШ00-4140», «АКТЛ-207», leasing payers, corrections; round 16 (16d)',
      85,
      16,
      0.95,
    ],
    [65, 'geotechnical surveys, Тюмень, «ТГ-566–ТГ-568», factoring, guarantee retention; round 16 (16d)', 91, 16, 0.93],
    [
      66,
      'a food wholesaler, МойСклад «00417» and 1C «ЮП00-000131», goods with their percent; round 17 (17a)',
      95,
      17,
      1.0,
    ],
    [
      67,
      'an IT integrator, Контур.Эльба and Битрикс24 «КИ-2026-0398», budget customers via УФК; round 17 (17a)',
      95,
      17,
      1.0,
    ],
    [68, 'a furniture maker on 1C:УНФ «ЕК00-000431», customers typing «№ 523»; round 17 (17a)', 99, 17, 1.0],
    [
      69,
      'a freight company, a monthly 1C series «ОК12-000009» typed «ОК12-21», currency sales; round 17 (17a)',
      93,
      17,
      1.0,
    ],
    [70, 'a medical supplier, «МТ-1187» and invoices under a contract «31/2»; round 17 (17a)', 86, 17, 0.99],
    [
      71,
      'auto parts, Воронеж, Битрикс24 «СЧ-2026/0223», service stations «СТО …» as payers; round 17 (17b)',
      91,
      17,
      0.98,
    ],
    [72, 'an event agency, Москва, bare «121», 1C bank documents «ЛЕ00-000318»; round 17 (17b)', 94, 17, 0.95],
    [73, 'agricultural machinery, Ростов-на-Дону, 1C:УТ «РД-000731», payers on credit; round 17 (17b)', 94, 17, 0.98],
    [
      74,
      'a printing house, Нижний Новгород, «1605» and «1609/1», lists after «по счетам»; round 17 (17b)',
      95,
      17,
      1.0,
    ],
    [75, 'building materials, Уфа, bare «574», ЕНП and sums «-00»; round 17 (17b)', 95, 17, 0.99],
    [76, 'a CCTV installer, Самара, Битрикс24 «С-1234», dictated voice notes; round 17 (17c)', 92, 17, 0.95],
    [77, 'HVAC wholesale, Красноярск, 1C:КА «КР00-001234», letters of credit, factoring; round 17 (17c)', 95, 17, 0.99],
    [78, 'a travel agency, Калининград, «Т-0456», euros and refunds; round 17 (17c)', 90, 17, 0.94],
    [79, 'a training centre, Пермь, «ПК-26/118», budget payers through УФК; round 17 (17c)', 94, 17, 0.95],
    [80, 'fuel wholesale, Омск, 1C:УТ «ИГ00-001617» printed «ИГ-1617», slang sums; round 17 (17c)', 97, 17, 1.0],
    [81, 'electrical wholesale, Челябинск, 1C:УТ «ЧЭ-004512» printed «4512»; round 17 (17d)', 96, 17, 0.98],
    [
      82,
      'a cleaning company, Москва, Битрикс24 numerator «УС-11/2026-014» (prefix, month/year, number); round 17 (17d)',
      29,
      17,
      0.93,
    ],
    [83, 'PVC windows, Казань, МойСклад «00866», instalments paid out by banks; round 17 (17d)', 90, 17, 0.93],
    [84, 'a software studio, Новосибирск, «СЧ-118» and English «INV-2026-104»; round 17 (17d)', 86, 17, 0.93],
    [85, 'a meat plant, Брянск, 1C «БМ-2026-00345» written «345», retail chains; round 17 (17d)', 90, 17, 0.91],
    [
      86,
      'a pharmaceutical distributor, Ярославль, «ЯФ-2026/11-0045», hospitals through УФК; round 17 (17e)',
      74,
      17,
      0.94,
    ],
    [
      87,
      'a car service, Тула, «СЧ№ 4512/Т», work orders «ЗН-…» that are no invoices, insurers; round 17 (17e)',
      76,
      17,
      0.87,
    ],
    [88, 'a construction subcontractor, Сочи, «24-11/2026» and «112/СЧ», КС-2/КС-3; round 17 (17e)', 40, 17, 0.96],
    [89, 'a photo studio, Иркутск, «Счет № 2026-0312», small private payments; round 17 (17e)', 94, 17, 0.94],
    [90, 'a seeds wholesaler, Воронеж, «В/Н-1123» typed «ВН1124», offsets; round 17 (17e)', 85, 17, 0.96],
    [91, 'a plumbing shop chain, Тверь, 1C «ТВ-00456/25» and plain «456», acquiring; round 17 (17f)', 94, 17, 0.94],
    [92, 'a marketing agency, СПб, Битрикс24 «MK-2026-11/07», retainers, ad budgets; round 17 (17f)', 64, 17, 0.89],
    [
      93,
      'a sawmill, Архангельск, «АЛ/26-0098», buyers paying through correspondent accounts; round 17 (17f)',
      72,
      17,
      0.97,
    ],
    [
      94,
      'a private kindergarten, Краснодар, parents naming a child and a month, «Д-118»; round 17 (17f)',
      94,
      17,
      0.94,
    ],
    [
      95,
      'an equipment repair firm, Магнитогорск, «РМ-2611-07», supplier portals, penalties; round 17 (17f)',
      83,
      17,
      0.83,
    ],
    [
      96,
      'an auto-parts wholesaler, Новосибирск, «УТ-001234» typed «1234» or «УТ1234», bonus offsets; round 17 (17g)',
      92,
      17,
      0.95,
    ],
    [
      97,
      'a ready-mix concrete plant, Казань, «БЕТ-26/1187» typed «1187-Б», «УСЛ-26/0415» as «415-У»; round 17 (17g)',
      77,
      17,
      0.97,
    ],
    [98, 'IT outsourcing and licences, Екатеринбург, treasury and VAT-free licences; round 17 (17g)', 98, 17, 0.98],
    [
      99,
      'freight forwarding, Ростов-на-Дону, «ТЭ-1124» typed «1124/ТЭ», penalties withheld; round 17 (17g)',
      82,
      17,
      0.89,
    ],
    [100, 'dental supplies, Нижний Новгород, re-issued «1187/1», voice dictation; round 17 (17g)', 94, 17, 0.95],
  ])(
    'when held-out set %i (%s: %i of 100 right on every field at its never-seen run; tuned in round %i) is parsed, then all-fields-exact stays at least %s',
    (n, _, _firstRun, _round, floor) => {
      const acc = score(`heldout-${n}`, load(`payment-messages.heldout-${n}.jsonl`));
      expect(acc.exact).toBeGreaterThanOrEqual(floor);
    },
  );

  it('when held-out set 18 (a sixth blind author: furniture boards and joinery, Набережные Челны; 87 % all-fields-exact at its one never-seen run, on bb11e57 after round 10; tuned in round 11) is parsed, then all-fields-exact stays at least 100 %', () => {
    const acc = score('heldout-18', load('payment-messages.heldout-18.jsonl'));
    expect(acc.exact).toBeGreaterThanOrEqual(1.0);
  });

  it('when held-out set 19 (a seventh blind author: auto parts wholesale, an ИП dictating by voice; 86 % all-fields-exact at its one never-seen run, on bb11e57 after round 10; tuned in round 11) is parsed, then all-fields-exact stays at least 98 %', () => {
    const acc = score('heldout-19', load('payment-messages.heldout-19.jsonl'));
    expect(acc.exact).toBeGreaterThanOrEqual(0.98);
  });

  it('when held-out set 20 (an eighth blind author: seeds and fertilisers for farms, Краснодар; 80 % all-fields-exact at its one never-seen run, on bb11e57 after round 10; tuned in rounds 11 and 12) is parsed, then every message is right on every field', () => {
    const acc = score('heldout-20', load('payment-messages.heldout-20.jsonl'));
    expect(acc.exact).toBe(1);
  });

  it('when held-out set 21 (a ninth blind author: medical equipment, treasury-paid hospitals; 87 % all-fields-exact at its one never-seen run, on bb11e57 after round 10; tuned in round 11) is parsed, then all-fields-exact stays at least 100 %', () => {
    const acc = score('heldout-21', load('payment-messages.heldout-21.jsonl'));
    expect(acc.exact).toBeGreaterThanOrEqual(1.0);
  });

  it('when the held-out messages of a fifth independent blind author (set 16: freight and warehouse services; 95 % all-fields-exact at its first run after round 8, unchanged by round 9; tuned in round 10) are parsed, then every message is right on every field', () => {
    const acc = score('heldout-16', load('payment-messages.heldout-16.jsonl'));
    expect(acc.exact).toBe(1);
  });

  it('when the held-out messages of a fifth independent blind author (set 17: same plan as set 16; 93 % all-fields-exact at its first run after round 8; tuned in round 10) are parsed, then every message is right on every field', () => {
    const acc = score('heldout-17', load('payment-messages.heldout-17.jsonl'));
    expect(acc.exact).toBe(1);
  });

  it('when the held-out messages of a fourth independent blind author (set 14: HVAC distributor, service on site; 98 % all-fields-exact at its first run after round 8, now tuned on in round 9) are parsed, then each field and all-fields-exact are ≥ 95 %', () => {
    const acc = score('heldout-14', load('payment-messages.heldout-14.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.95);
  });

  it('when the held-out messages of a fourth independent blind author (set 15: same plan as set 14; 95 % all-fields-exact at its first run after round 8, now tuned on in round 9) are parsed, then each field and all-fields-exact are ≥ 95 %', () => {
    const acc = score('heldout-15', load('payment-messages.heldout-15.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.95);
  });

  it('when the held-out messages written by a third independent blind author (set 12: building materials and equipment rental; first run after round 7 94 % all-fields-exact) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-12', load('payment-messages.heldout-12.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written by a third independent blind author (set 13: same plan as set 12; first run after round 7 94 % all-fields-exact) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-13', load('payment-messages.heldout-13.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written by a blind author during round 5 (set 9, first run after round 6 83 % all-fields-exact) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-9', load('payment-messages.heldout-9.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written by an independent blind author (set 11: chat, bank pushes, SMS, statement lines, 1C blocks; first run after round 6 91 % all-fields-exact) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-11', load('payment-messages.heldout-11.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written after the last round-4 parser change (set 7, never tuned on) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-7', load('payment-messages.heldout-7.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written after the last round-3 parser change (set 6, never tuned on) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-6', load('payment-messages.heldout-6.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written after the last round-2 parser change (set 5, never tuned on) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-5', load('payment-messages.heldout-5.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written after the round-2 parser changes (set 4, never tuned on) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-4', load('payment-messages.heldout-4.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the held-out messages written after the last parser change (set 3, never tuned on) are parsed, then each field and all-fields-exact are ≥ 90%', () => {
    const acc = score('heldout-3', load('payment-messages.heldout-3.jsonl'));
    for (const f of [...FIELDS, 'exact'] as const) expect(acc[f]).toBeGreaterThanOrEqual(0.9);
  });

  it('when the 30 held-out messages (never tuned on) are parsed, then isPayment, invoices and amount are ≥ 90%', () => {
    const acc = score('holdout', load('payment-messages.holdout.jsonl'));
    expect(acc.isPayment).toBeGreaterThanOrEqual(0.9);
    expect(acc.invoices).toBeGreaterThanOrEqual(0.9);
    expect(acc.amount).toBeGreaterThanOrEqual(0.9);
  });
});

const amountOf = (text: string): number | null => parsePaymentNotice(text).amount;
const invoicesOf = (text: string): string[] => parsePaymentNotice(text).invoices;

describe('amount forms', () => {
  it.each([
    ['when the sum has a space thousands separator, then it is read whole', 'Оплачен сч 10 на 4 000', 4000],
    ['when the sum has kopecks after a comma, then they are decimals', 'Оплачен сч 943, 4000,00', 4000],
    ['when kopecks are written with a dash, then they are decimals', 'Оплачен сч 943 — 99 999-99', 99999.99],
    ['when a dot separates thousands, then it is not a decimal point', 'Оплачен сч 943 — 8.500', 8500],
    ['when the sum says «т.р.», then it is thousands', 'сч 943 оплачен 4 т.р.', 4000],
    ['when the sum says «тыс. руб», then it is thousands', 'сч 943 оплачен 4 тыс. руб', 4000],
    ['when the sum says «15 тыс», then it is thousands', 'сч 943 оплачен 15 тыс', 15000],
    ['when the sum says «1,25 млн», then it is millions with a decimal comma', 'сч 943 оплачен 1,25 млн', 1250000],
    [
      'when rubles and kopecks are written as words, then kopecks are decimals',
      'сч 943 оплачен 12 345 руб. 67 коп.',
      12345.67,
    ],
    [
      'when zero kopecks are spelled out, then the sum is whole rubles',
      'сч 943 оплачен 128 450 рублей 00 копеек',
      128450,
    ],
    ['when «р» is glued to the number, then it is rubles', 'сч 943 оплачен 4000р', 4000],
    ['when the ruble sign follows, then it is rubles', 'сч 943 оплачен 4 000 ₽', 4000],
    ['when RUB follows, then it is rubles', 'Поступление 4 000,00 RUB по счету 943', 4000],
    ['when «7к» is written, then it is thousands', 'Оплачен сч 943 7к', 7000],
  ])('%s', (_name, text, want) => {
    expect(amountOf(text)).toBe(want);
  });

  it('when several invoices each have a sum, then the amount is their sum and items pair them', () => {
    const n = parsePaymentNotice('Оплаты за сегодня:\n1) сч 943 — 4000\n2) сч 944 — 2500');
    expect(n.amount).toBe(6500);
    expect(n.items).toEqual([
      { invoice: '943', amount: 4000 },
      { invoice: '944', amount: 2500 },
    ]);
  });

  it('when one invoice is paid, then the single item carries the total', () => {
    expect(parsePaymentNotice('Элексис оплатил 2018/943 4000').items).toEqual([{ invoice: '2018/943', amount: 4000 }]);
  });

  it('when several invoices share one sum, then the items have no per-invoice amount', () => {
    const n = parsePaymentNotice('Оплачены счета 1130, 1131 и 1132, всего 48 000');
    expect(n.amount).toBe(48000);
    expect(n.items.map((i) => i.amount)).toEqual([null, null, null]);
  });
});

describe('amount traps', () => {
  it('when VAT is mentioned with its sum, then VAT is not the amount', () => {
    expect(amountOf('Оплачен сч 1272, сумма 4 000 руб., в т.ч. НДС 610-17')).toBe(4000);
  });
  it('when a VAT rate is given, then it is neither an amount nor a partial payment', () => {
    const n = parsePaymentNotice('Оплачен счет 1286, НДС 20%, всего 12 000');
    expect(n.amount).toBe(12000);
    expect(n.partial).toBe(false);
  });
  it('when «50 000 из 120 000» is written, then the amount is 50 000 and it is partial', () => {
    const n = parsePaymentNotice('Частичная оплата по сч 1200 — 50 000 из 120 000');
    expect(n.amount).toBe(50000);
    expect(n.partial).toBe(true);
  });
  it('when quantities are listed, then «15 шт», «3 т», «20 м3» are not sums', () => {
    expect(amountOf('Оплачен счет 1276 за ФБС 12-5-3 15 шт, 48 600 руб')).toBe(48600);
    expect(amountOf('Пришла оплата 21 000 руб, щебень 3 т, счет 1282')).toBe(21000);
    expect(amountOf('оплата по сч 1288: 9 000 руб (щебень 20 м3, доставка)')).toBe(9000);
  });
  it('when only a percentage is given, then there is no amount and it is partial', () => {
    const n = parsePaymentNotice('Пришла предоплата 50% по сч 1206');
    expect(n.amount).toBeNull();
    expect(n.partial).toBe(true);
    expect(n.missing).toEqual(['amount']);
  });
  it('when a phone number is in the message, then it is not a sum', () => {
    expect(amountOf('Элексис оплатил 2018/943 4000, звонить Роману +7 (921) 848-53-83')).toBe(4000);
  });
});

describe('invoice traps', () => {
  it('when «№» and spaces are written, then they are removed', () => {
    expect(invoicesOf('Счет № 2018 / 943 оплачен, 4 000')).toEqual(['2018/943']);
  });
  it.each([
    ['«сч.»', 'оплачен сч. 943 — 4000', ['943']],
    ['«счёт»', 'Счёт 943 оплачен 4000', ['943']],
    ['«N»', 'оплачен счет N 943, 4000', ['943']],
    ['«No»', 'оплачен счет No 943, 4000', ['943']],
    ['«#»', 'оплачен счет #943 — 4000', ['943']],
    ['a bare «№»', 'Элексис оплатил № 943 на 4 000', ['943']],
  ])('when the invoice is written with %s, then it is found', (_n, text, want) => {
    expect(invoicesOf(text)).toEqual(want);
  });
  it('when a deal title like «01/12.05 КС, ФБС» is present, then it is not an invoice', () => {
    expect(invoicesOf('Оплатили по сделке 01/12.05 КС, ФБС счет 2018/943 4 000')).toEqual(['2018/943']);
  });
  it('when a payment order is referenced, then «п/п 512» and «платежка №77» are not invoices', () => {
    expect(invoicesOf('оплачен сч 1278 п/п 512 от 20.05, 7 800')).toEqual(['1278']);
    expect(invoicesOf('Оплатили платежкой №77 счет 1280 на 3 300 руб')).toEqual(['1280']);
  });
  it('when dates are present, then 12.05.2024 and 12/05 are not invoices', () => {
    expect(invoicesOf('Элексис оплатил счет 2018/943 от 12.05.2024, 4000 руб')).toEqual(['2018/943']);
    expect(invoicesOf('Оплачен сч 1270 от 12/05, 6 200')).toEqual(['1270']);
  });
  it('when a count of invoices is given, then «2 счета» is not an invoice', () => {
    expect(invoicesOf('Оплатили 2 счета: 1274 и 1275, всего 9 400 р')).toEqual(['1274', '1275']);
  });
  it('when a phone number is present, then it is not an invoice', () => {
    expect(invoicesOf('Элексис оплачено сч 943 4000 р звоните Роману 89218485383')).toEqual(['943']);
  });
  it('when INN, KPP and a 20-digit account are present, then none of them is an invoice', () => {
    const n = parsePaymentNotice(
      'ООО Вектор ИНН 7805128736 КПП 780501001 р/с 40702810900000012345 оплатил счет 1284 — 16 000',
    );
    expect(n.invoices).toEqual(['1284']);
    expect(n.inn).toBe('7805128736');
    expect(n.amount).toBe(16000);
  });
  it('when invoices are listed one per line, then all are found in order', () => {
    expect(invoicesOf('Оплата:\n943 — 4 000\n944 — 2 500\n945 — 1 200')).toEqual(['943', '944', '945']);
  });
  it('when one invoice of several is still awaited, then only the paid ones are returned', () => {
    const n = parsePaymentNotice('Оплатили сч 1185 - 4000, сч 1186 - 6000, сч 1187 пока нет');
    expect(n.invoices).toEqual(['1185', '1186']);
    expect(n.amount).toBe(10000);
  });
});

describe('isPayment', () => {
  it.each([
    'Элексис оплатил',
    'пришла оплата по счету 955 от Ромашки 23 400',
    'Упала оплата 2018/960 — 8.500',
    'Поступили деньги от ИП Соколов по счету 970, 15 тыс',
    'Поступление 4 000,00 RUB от ООО "ЭЛЕКСИС" ИНН 7806210729. Назначение: Оплата по счету № 943 от 12.05.2024',
  ])('when money arrived («%s»), then it is a payment', (text) => {
    expect(parsePaymentNotice(text).isPayment).toBe(true);
  });

  it.each([
    ['a meeting notice', 'Совещание в 15:00 в переговорной'],
    ['a question', 'Элексис оплатили?'],
    ['a question about the future', 'Когда оплатят счет 943?'],
    ['an expectation', 'ждём оплату по счёту 2018/943 от Элексиса'],
    ['a future payment', 'Оплатят в понедельник, счет 1230'],
    ['a promise', 'Элексис обещали оплатить 4000 завтра'],
    ['a reminder to managers', 'Менеджерам: проверьте неоплаченные счета до конца недели'],
    ['a refund', 'Возврат 4 000 руб Элексис по счету 943'],
    ['money sent back', 'Вернули деньги СтройМаксу по сч 951, 12 500'],
    ['an issued invoice', 'Выставили счет 1232 на 18 000 для Ромашки'],
    ['a negation', 'Счет 1234 не оплачен'],
    ['«оплаты нет»', 'по счету 1236 оплаты нет'],
    ['an outgoing bank line', 'Списание 4 000,00 RUB в пользу ООО "ЭЛЕКСИС". Назначение: Оплата по счету 943'],
    ['chatter', 'Всем доброе утро! Отличная работа на прошлой неделе'],
  ])('when the message is %s, then it is not a payment and every field is empty', (_n, text) => {
    expect(parsePaymentNotice(text)).toEqual({
      isPayment: false,
      invoices: [],
      amount: null,
      inn: null,
      payer: null,
      partial: false,
      items: [],
    });
  });
});

describe('payer, INN, missing', () => {
  it('when the company is written «ЭЛЕКСИС ООО», then the payer is as written', () => {
    expect(parsePaymentNotice('ЭЛЕКСИС ООО оплатил счет 2018 / 943 на 4 000 руб').payer).toBe('ЭЛЕКСИС ООО');
  });
  it('when a 12-digit INN is given, then it is returned', () => {
    expect(
      parsePaymentNotice('Поступление 3 500,00 RUB от ИП Кузнецов ИНН 470398765426 Назначение: Оплата по счету № 1040')
        .inn,
    ).toBe('470398765426');
  });
  it('when a payment names no invoice, then missing lists it', () => {
    expect(parsePaymentNotice('Пришло 15 000 от Элексис').missing).toEqual(['invoice']);
  });
  it('when a payment has both invoice and amount, then there is no missing field', () => {
    expect(parsePaymentNotice('Оплатили 2018/943 Элексис 4000').missing).toBeUndefined();
  });
});

describe('long runs of blanks', () => {
  it.each([
    ['spaces', ' '],
    ['line breaks', '\n'],
    ['tabs', '\t'],
  ])(
    'when %s pad a message 10,000 times over, then it reads as with one on every scored field (no pattern tries the run at every position)',
    (_name, blank) => {
      for (const [head, tail] of [
        ['Оплачен счет ТД-00045', 'на 4 000'],
        ['СберБизнес 2258:', 'поступление 5 000 ₽ по счету 943'],
        ['оплатили 943 на 4000, ой,', 'нет, 3 500'],
        // A digit before the run: «2й платеж» read the spaces two ways (a quarter of a second at 10,000).
        ['оплачен счет 943 на 5 000, по графику 2', 'й платеж'],
      ] as const) {
        const padded = parsePaymentNotice(`${head}${blank.repeat(10_000)}${tail}`);
        const single = parsePaymentNotice(`${head}${blank}${tail}`);
        for (const f of FIELDS) expect(padded[f]).toEqual(single[f]);
      }
    },
  );
});
