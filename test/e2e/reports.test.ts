import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { companyRules, sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { runReportCli } from '../../src/app/report-cli';
import { parseEnv, parseRules } from '../../src/config';
import { settle } from '../../simulator/settle';
import type { RulesInput } from '../../src/config';

const MIN = 60_000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let h: Harness;

async function start(rules: Partial<RulesInput> = {}, start?: string) {
  h = await Harness.start({
    rules: { contact: { enabled: true, timeout: '15m', supervisorAfter: '30m' }, ...rules },
    ...(start ? { start } : {}),
  });
}

async function newDeal(
  n: number,
  managerId: number = PEOPLE.grakun.id,
): Promise<{ dealId: number; contactId: number }> {
  const contactId = h.sim.addContact({ name: 'Сергей', lastName: 'Орлов', phone: '8 (921) 848-53-83' });
  const dealId = await h.sim.createDeal({ ...sampleDeal(n, managerId), CONTACT_ID: String(contactId) });
  await settle(h.app);
  return { dealId, contactId };
}

const cardOf = (telegramId: number, dealTitle: string) => {
  const c = h
    .messagesTo(telegramId)
    .find((m) => m.text.includes(dealTitle) && m.buttons.some((b) => b.callback_data?.startsWith('claim:')));
  if (!c) throw new Error(`no card for ${dealTitle}`);
  return c;
};
const nudges = (telegramId: number) =>
  h.messagesTo(telegramId).filter((m) => /Свяжитесь с клиентом|с клиентом не связал/.test(m.text));

describe('speed to lead', () => {
  afterEach(async () => {
    await h.stop();
  });

  it('when a claimed deal sees no contact, then the manager is nudged at 15 working minutes, the head at 30, each once', async () => {
    await start();
    await newDeal(1);
    await h.advance(2 * MIN);
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, 'Заявка #1'), '✅ Беру в работу');
    await h.advance(15 * MIN - 1000);
    expect(nudges(PEOPLE.grakun.telegram)).toHaveLength(0);
    await h.advance(1000);
    expect(nudges(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(nudges(PEOPLE.grakun.telegram)[0]?.text).toContain('Свяжитесь с клиентом');
    expect(nudges(PEOPLE.head.telegram)).toHaveLength(0);
    await h.advance(15 * MIN);
    expect(nudges(PEOPLE.head.telegram)).toHaveLength(1);
    expect(nudges(PEOPLE.head.telegram)[0]?.text).toContain('Гракун Е.');
    await h.advance(120 * MIN);
    expect(nudges(PEOPLE.grakun.telegram)).toHaveLength(1);
    expect(nudges(PEOPLE.head.telegram)).toHaveLength(1);
  });

  it('when the manager calls the client from Bitrix24, then the sweep records the contact and nobody is nudged', async () => {
    await start();
    const { contactId } = await newDeal(2);
    await h.advance(1 * MIN);
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, 'Заявка #2'), '✅ Беру в работу');
    await h.advance(5 * MIN);
    h.sim.recordContact({
      ownerTypeId: 3,
      ownerId: contactId,
      kind: 'call',
      direction: 'out',
      responsibleId: PEOPLE.grakun.id,
    });
    await h.advance(2 * MIN);
    await h.app.reconcile();
    await settle(h.app);
    await h.advance(60 * MIN);
    expect(nudges(PEOPLE.grakun.telegram)).toHaveLength(0);
    expect(nudges(PEOPLE.head.telegram)).toHaveLength(0);
    const r = h.app.reports.build(
      { kind: 'all' },
      Date.parse('2026-11-23T00:00:00+03:00'),
      Date.parse('2026-11-24T00:00:00+03:00'),
      't',
      false,
    );
    expect(r.report.managers[0]).toMatchObject({ managerId: PEOPLE.grakun.id, claimMedian: 1, contactMedian: 6 });
  });

  it('when the contact is in the portal at the nudge time but the sweep has not seen it, then the check reads it and does not nudge', async () => {
    await start();
    const { dealId } = await newDeal(3);
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, 'Заявка #3'), '✅ Беру в работу');
    await h.advance(10 * MIN);
    h.sim.recordContact({
      ownerTypeId: 2,
      ownerId: dealId,
      kind: 'email',
      direction: 'out',
      responsibleId: PEOPLE.grakun.id,
    });
    await h.advance(60 * MIN);
    expect(nudges(PEOPLE.grakun.telegram)).toHaveLength(0);
    expect(nudges(PEOPLE.head.telegram)).toHaveLength(0);
  });

  it('when the director asks /stats, then the text counts a Bitrix24 claim like a button claim, a re-assigned deal once per manager, and a PNG chart follows', async () => {
    await start();
    await newDeal(4);
    const { dealId: d5 } = await newDeal(5);
    await h.advance(4 * MIN);
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, 'Заявка #4'), '✅ Беру в работу');
    const five = await h.sim.createDeal({ ...sampleDeal(6, PEOPLE.grakun.id) });
    await settle(h.app);
    // Deal 5 claimed in Bitrix24 after the same 4 minutes; deal 6 taken from Гракун to Иванов, then back.
    await h.sim.updateDeal(d5, { STAGE_ID: STAGES.agreeing });
    await settle(h.app);
    await h.sim.updateDeal(five, { ASSIGNED_BY_ID: String(PEOPLE.ivanov.id) });
    await settle(h.app);
    await h.advance(MIN);
    await h.sim.updateDeal(five, { ASSIGNED_BY_ID: String(PEOPLE.grakun.id) });
    await settle(h.app);

    await h.sendCommand(PEOPLE.director.telegram, '/stats');
    await settle(h.app);
    const report = h.messagesTo(PEOPLE.director.telegram).find((m) => m.text.includes('Скорость реакции'));
    expect(report?.text).toContain('все отделы');
    expect(report?.text).toMatch(/Гракун Е\. — 3 сд\.; взятие в работу 4 мин \/ 4 мин/);
    expect(report?.text).toMatch(/Иванов П\. — 1 сд\..*получено переназначением 1; передано другим 1/);
    expect(report?.buttons.map((b) => b.text)).toEqual(['Сегодня', 'Неделя', 'Месяц', 'CSV за месяц']);
    const photo = h.tgFiles.files.find(
      (f) => f.chatId === String(PEOPLE.director.telegram) && f.method === 'sendPhoto',
    );
    expect(photo?.bytes.subarray(0, 8).equals(PNG)).toBe(true);

    // The CSV button sends a document with the same figures.
    await h.press(PEOPLE.director.telegram, report!, 'CSV за месяц');
    await settle(h.app);
    const csv = h.tgFiles.files.find((f) => f.method === 'sendDocument');
    expect(csv?.name).toBe('speed-to-lead.csv');
    expect(csv?.bytes.toString('utf8')).toContain(`manager,${PEOPLE.grakun.id},Гракун Е.,Отдел продаж,3,2,4,4`);
  });

  it('when a manager who heads nobody asks /stats, then they are told it is for heads and directors', async () => {
    await start();
    await h.sendCommand(PEOPLE.grakun.telegram, '/stats');
    expect(h.messagesTo(PEOPLE.grakun.telegram).at(-1)?.text).toContain(
      'руководители отделов, директор и администраторы',
    );
  });

  it('when the day ends, then the director and the head get the daily summary at the set time on a working day only', async () => {
    await start({ reports: { dailyAt: '18:30', weeklyAt: null } }, '2026-11-27T10:00:00+03:00'); // a Friday
    await newDeal(7);
    await h.advance(3 * MIN);
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, 'Заявка #7'), '✅ Беру в работу');
    const summaries = (id: number) => h.messagesTo(id).filter((m) => m.text.includes('Итоги дня'));
    await h.advance(8 * 60 * MIN + 26 * MIN); // 18:29
    expect(summaries(PEOPLE.director.telegram)).toHaveLength(0);
    await h.advance(MIN);
    expect(summaries(PEOPLE.director.telegram)).toHaveLength(1);
    expect(summaries(PEOPLE.director.telegram)[0]?.text).toContain('Итоги дня — 27.11.2026');
    expect(summaries(PEOPLE.head.telegram)).toHaveLength(1);
    expect(summaries(PEOPLE.head.telegram)[0]?.text).toContain('Отдел продаж');
    expect(h.tgFiles.files.filter((f) => f.method === 'sendPhoto')).toHaveLength(2);
    // Saturday and Sunday: nothing; Monday 18:30: the next one.
    await h.advance(2 * 24 * 60 * MIN);
    expect(summaries(PEOPLE.director.telegram)).toHaveLength(1);
    await h.advance(24 * 60 * MIN);
    expect(summaries(PEOPLE.director.telegram)).toHaveLength(2);
  });
});

describe('npm run cli -- report', () => {
  afterEach(async () => {
    await h.stop();
  });

  it('when run over a period, then it prints the figures and writes the CSV and a PNG chart', async () => {
    await start();
    await newDeal(8);
    await h.advance(6 * MIN);
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, 'Заявка #8'), '✅ Беру в работу');
    const dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
    const lines: string[] = [];
    const code = await runReportCli(
      ['--from', '2026-11-01', '--to', '2026-11-30', '--csv', join(dir, 'out.csv'), '--png', join(dir, 'out.png')],
      parseEnv({
        BITRIX_WEBHOOK_URL: h.sim.webhookUrl,
        BITRIX_APP_TOKEN: h.sim.applicationToken,
        DATABASE_PATH: h.dbPath,
      }),
      parseRules(companyRules()),
      { write: (s: string) => lines.push(s) },
      h.clock,
    );
    expect(code).toBe(0);
    const text = lines.join('');
    expect(text).toContain('Скорость реакции — 01.11.2026–30.11.2026');
    expect(text).toContain('Гракун Е. — 1 сд.; взятие в работу 6 мин / 6 мин');
    expect(text).toContain(`Заявка #8: кольца КС-10-1 (${h.sim.portalUrl}/crm/deal/details/`);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain(
      `manager,${PEOPLE.grakun.id},Гракун Е.,Отдел продаж,1,1,6,6`,
    );
    expect(readFileSync(join(dir, 'out.png')).subarray(0, 8).equals(PNG)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('when no portal is configured, then the report is made from the database with people by id; with no database it says where it looked', async () => {
    await start();
    await newDeal(9);
    await h.advance(3 * MIN);
    await h.press(PEOPLE.grakun.telegram, cardOf(PEOPLE.grakun.telegram, 'Заявка #9'), '✅ Беру в работу');
    const lines: string[] = [];
    const code = await runReportCli(
      ['--from', '2026-11-01', '--to', '2026-11-30'],
      parseEnv({ DATABASE_PATH: h.dbPath }),
      parseRules(companyRules()),
      { write: (s: string) => lines.push(s) },
      h.clock,
    );
    expect(code).toBe(0);
    expect(lines.join('')).toContain('BITRIX_WEBHOOK_URL is not set: people are shown by id');
    expect(lines.join('')).toContain('1 сд.; взятие в работу 3 мин');
    const missing = join(tmpdir(), `no-such-${Date.now()}`, 'bot.sqlite');
    await expect(
      runReportCli(
        ['--from', '2026-11-01', '--to', '2026-11-30'],
        parseEnv({ DATABASE_PATH: missing }),
        parseRules(companyRules()),
        { write: () => undefined },
        h.clock,
      ),
    ).rejects.toThrow(`no database at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('when a date is not a date, then it says how to write it', async () => {
    await start();
    await expect(
      runReportCli(
        ['--from', '1.11.2026', '--to', '2026-11-30'],
        parseEnv({
          BITRIX_WEBHOOK_URL: h.sim.webhookUrl,
          BITRIX_APP_TOKEN: h.sim.applicationToken,
          DATABASE_PATH: h.dbPath,
        }),
        parseRules(companyRules()),
        { write: () => undefined },
        h.clock,
      ),
    ).rejects.toThrow('--from: write the date as YYYY-MM-DD');
  });
});

describe('reports in the Bitrix24 messenger', () => {
  afterEach(async () => {
    await h.stop();
  });

  it('when the director gets messages in both messengers, then the summary and its chart (imbot.v2.File.upload) reach Bitrix24 too', async () => {
    h = await Harness.start({
      chatBot: true,
      start: '2026-11-27T10:00:00+03:00',
      rules: { messengers: { default: 'both' }, reports: { dailyAt: '18:30', weeklyAt: null } },
    });
    await newDeal(9);
    await h.advance(8 * 60 * MIN + 30 * MIN);
    const inB24 = h.sim.botMessages(String(PEOPLE.director.id));
    expect(inB24.find((m) => m.text.includes('Итоги дня — 27.11.2026'))?.text).toContain('Гракун Е. — 1 сд.');
    const file = inB24.find((m) => m.file);
    expect(file?.file?.name).toBe('speed-to-lead.png');
    expect(file?.text).toBe('Итоги дня — 27.11.2026');
    expect(h.tgFiles.files.some((f) => f.chatId === String(PEOPLE.director.telegram))).toBe(true);
  });

  it('when the director types /stats to the bot in Bitrix24, then the report comes there as text and the chart as a file', async () => {
    h = await Harness.start({ chatBot: true, rules: { messengers: { default: 'bitrix24' } } });
    await newDeal(10);
    await h.advance(3 * MIN);
    await h.b24Say(PEOPLE.director.id, 'bot', '/stats');
    const dialog = h.sim.botMessages(String(PEOPLE.director.id));
    expect(dialog.find((m) => !m.file && m.text.includes('Скорость реакции — сегодня'))?.text).toContain('[b]');
    expect(dialog.find((m) => m.file)?.file?.name).toBe('speed-to-lead.png');
  });
});
