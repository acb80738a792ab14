import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadRulesFile, parseDuration, parseEnv, parseRules } from '../src/config';
import { companyRules } from '../simulator/portal-fixture';

const problems = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('when the company rules are valid, then durations become milliseconds and defaults fill the rest', () => {
    const r = parseRules(companyRules());
    expect(r.claim.timeout).toBe(600_000);
    expect(r.escalation.levels.map((l) => l.after)).toEqual([600_000, 1_200_000]);
    expect(r.workingHours.zone).toBe('Europe/Moscow');
  });

  it('when no escalation is configured, then the default chain is head at the timeout and directors at twice it', () => {
    const r = parseRules({ ...companyRules(), escalation: undefined, claim: { timeout: 90 } });
    expect(r.escalation.levels.map((l) => [l.after, l.notify])).toEqual([
      [90_000, 'department_head'],
      [180_000, 'directors'],
    ]);
  });

  it.each([
    ['10m', 600_000],
    ['90s', 90_000],
    [45, 45_000],
    ['2h', 7_200_000],
    ['500ms', 500],
  ])('when a duration is %s, then it is %i ms', (v, ms) => expect(parseDuration(v)).toBe(ms));

  it('when payments.pasteLateTail is not given, then a cut paste takes its tail for an hour; seconds are accepted', () => {
    expect(parseRules(companyRules()).payments.pasteLateTail).toBe(3_600_000);
    expect(parseRules({ ...companyRules(), payments: { pasteLateTail: 30 } }).payments.pasteLateTail).toBe(30_000);
    expect(problems(() => parseRules({ ...companyRules(), payments: { pasteLateTail: '500ms' } }))).toEqual([
      expect.stringMatching(/^rules\.payments\.pasteLateTail: write a time from 1 second to 1 day/),
    ]);
  });

  it('when payments.pasteJoinWait is not given, then a split paste waits 20 s; seconds are accepted, half a second is not', () => {
    expect(parseRules(companyRules()).payments.pasteJoinWait).toBe(20_000);
    expect(parseRules({ ...companyRules(), payments: { pasteJoinWait: 5 } }).payments.pasteJoinWait).toBe(5_000);
    expect(problems(() => parseRules({ ...companyRules(), payments: { pasteJoinWait: '500ms' } }))).toEqual([
      expect.stringMatching(/^rules\.payments\.pasteJoinWait: write a wait from 1 second to 10 minutes/),
    ]);
  });

  it('when a field is wrong, then the message names the field and the fix', () => {
    expect(
      problems(() => parseRules({ ...companyRules(), pipelines: [{ categoryId: 0, assignedStages: [] }] })),
    ).toEqual([expect.stringMatching(/^rules\.pipelines\.0\.assignedStages: list at least one stage id.*doctor/)]);
    expect(problems(() => parseRules({ ...companyRules(), claim: { timeout: 'ten minutes' } }))).toEqual([
      expect.stringMatching(/^rules\.claim\.timeout: "ten minutes" is not a duration/),
    ]);
    expect(problems(() => parseRules({ ...companyRules(), workingHours: { start: '9am' } }))).toEqual([
      expect.stringMatching(/^rules\.workingHours\.start: write the time as "HH:mm"/),
    ]);
  });

  it('when the working calendar cannot work (no IANA zone, end before start), then each problem names its field', () => {
    expect(problems(() => parseRules({ ...companyRules(), workingHours: { zone: 'Moscow' } }))).toEqual([
      'rules.workingHours.zone: zone "Moscow" is not a known IANA time zone; write e.g. "Europe/Moscow"',
    ]);
    expect(problems(() => parseRules({ ...companyRules(), workingHours: { start: '09:00', end: '08:00' } }))).toEqual([
      expect.stringMatching(/^rules\.workingHours\.end: end 08:00 is not after start 09:00/),
    ]);
    // A date both holiday and working day does not stop the bot (the holiday wins, as the calendar says).
    expect(
      parseRules({ ...companyRules(), workingHours: { holidays: ['2026-12-31'], workdays: ['2026-12-31'] } })
        .workingHours.holidays,
    ).toEqual(['2026-12-31']);
  });

  it('when escalation levels are out of order or name no directors, then it says so', () => {
    const p = problems(() =>
      parseRules({
        ...companyRules(),
        people: { directors: [] },
        escalation: {
          levels: [
            { after: '20m', notify: 'directors' },
            { after: '10m', notify: 'department_head' },
          ],
        },
      }),
    );
    expect(p).toEqual([
      expect.stringContaining('rules.escalation.levels.1.after'),
      expect.stringContaining('rules.people.directors'),
    ]);
  });

  it('when env values are malformed, then each names the variable', () => {
    expect(
      problems(() =>
        parseEnv({ BITRIX_WEBHOOK_URL: 'https://x.bitrix24.ru/api', TELEGRAM_BOT_TOKEN: 'nope', PORT: 'eighty' }),
      ),
    ).toEqual([
      expect.stringMatching(/^env BITRIX_WEBHOOK_URL: expected the inbound webhook URL/),
      expect.stringMatching(/^env TELEGRAM_BOT_TOKEN: expected a token from @BotFather/),
      expect.stringMatching(/^env PORT/),
    ]);
    // No outbound webhook (no public URL): allowed — the sweep is then the event source (README step 2).
    expect(parseEnv({ BITRIX_WEBHOOK_URL: 'https://x.bitrix24.ru/rest/1/abc/' }).BITRIX_APP_TOKEN).toBeUndefined();
  });

  it('when a plain env value is malformed, then the message says what was given and what to write, in our words', () => {
    expect(
      problems(() => parseEnv({ PORT: 'abc', TELEGRAM_MODE: 'hook', LOG_LEVEL: 'verbose', SHADOW: 'yes' })),
    ).toEqual([
      'env TELEGRAM_MODE: "hook" is not a mode; write polling or webhook',
      'env SHADOW: "yes" is not a switch; write 1 or 0 (true or false)',
      'env PORT: "abc" is not a port; write a number from 0 to 65535, e.g. 8080',
      'env LOG_LEVEL: "verbose" is not a log level; write one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(problems(() => parseEnv({ PORT: '70000' }))).toEqual([
      'env PORT: "70000" is not a port; write a number from 0 to 65535, e.g. 8080',
    ]);
    expect(problems(() => parseEnv({ BITRIX_BOT_ID: '-3', BITRIX_BOT_TOKEN: 'abcdefghijklmnop' }))).toEqual([
      'env BITRIX_BOT_ID: "-3" is not a bot id; write the number `npm run cli -- bitrix-bot register` printed',
    ]);
  });

  it('when a secret is malformed, then the message does not echo the secret', () => {
    const p = problems(() => parseEnv({ TELEGRAM_BOT_TOKEN: 'supersecretvalue' }));
    expect(p.join('\n')).not.toContain('supersecretvalue');
  });

  it('when a rules field is misspelt, then it is named with the nearest known one instead of being ignored', () => {
    expect(problems(() => parseRules({ claim: { timout: '5m' }, escalaton: {} }))).toEqual([
      expect.stringMatching(/^rules\.claim\.timout: unknown field \(did you mean timeout\?\)/),
      expect.stringMatching(/^rules\.escalaton: unknown field \(did you mean escalation\?\)/),
    ]);
  });

  it('when notify is misspelt (director), then the message lists what is allowed', () => {
    const base = companyRules();
    expect(
      problems(() => parseRules({ ...base, escalation: { levels: [{ after: '10m', notify: 'director' }] } })),
    ).toEqual([
      'rules.escalation.levels.0.notify: "director" is not allowed; write department_head, directors, or a list of Bitrix24 user ids, e.g. [12, 34]',
    ]);
  });

  it('when people are named instead of their ids, then it asks for Bitrix24 user ids and says doctor lists them', () => {
    expect(problems(() => parseRules({ ...companyRules(), people: { directors: ['Петров'] } }))).toEqual([
      'rules.people.directors.0: "Петров" is not a Bitrix24 user id; write the number (`npm run cli -- doctor` lists people with their ids)',
    ]);
  });

  it("when telegramChatId is the group's @name, then it says the numeric id is wanted and how to learn it", () => {
    expect(problems(() => parseRules({ ...companyRules(), payments: { telegramChatId: '@oplata' } }))).toEqual([
      expect.stringMatching(
        /^rules\.payments\.telegramChatId: "@oplata" is not a chat id; write the group's numeric id \(negative, -100….*web\.telegram\.org/,
      ),
    ]);
  });

  it('when the rules file is empty or RULES_PATH is a folder, then it says so (not "expected object", not EISDIR)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    try {
      writeFileSync(join(dir, 'rules.yaml'), '# nothing yet\n');
      expect(problems(() => loadRulesFile(join(dir, 'rules.yaml')))).toEqual([
        `rules file ${join(dir, 'rules.yaml')}: the rules file is empty: copy rules.example.yaml`,
      ]);
      expect(problems(() => loadRulesFile(dir))).toEqual([
        `env RULES_PATH: ${dir} is a folder; point it at the rules file, e.g. ${join(dir, 'rules.yaml')}`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when one Telegram account or one person is linked twice in people.links, then the second use is refused naming the first', () => {
    const links = (...pairs: Array<[number, number]>) => ({
      ...companyRules(),
      people: { directors: [1], links: pairs.map(([b, t]) => ({ bitrixUserId: b, telegramUserId: t })) },
    });
    // A copy-paste typo: Иванов (8) gets Гракун's Telegram; her prompts («Да, оплачен») would go to his invoices.
    expect(problems(() => parseRules(links([7, 5007], [8, 5007])))).toEqual([
      "rules.people.links.1.telegramUserId: Telegram account 5007 is already linked to Bitrix24 user 7 (rules.people.links.0) — one Telegram account is one person: put user 8's own Telegram id (the bot tells each person theirs on /start)",
    ]);
    expect(problems(() => parseRules(links([7, 5007], [9, 5009], [7, 5008])))).toEqual([
      'rules.people.links.2.bitrixUserId: Bitrix24 user 7 is already linked to Telegram account 5007 (rules.people.links.0) — a person has one Telegram account here: keep one link',
    ]);
    expect(problems(() => parseRules(links([7, 5007], [7, 5007])))).toEqual([
      'rules.people.links.1: the same link as rules.people.links.0; remove one',
    ]);
    expect(parseRules(links([7, 5007], [8, 5008])).people.links).toHaveLength(2);
  });

  it('when a value is of the wrong kind (directors: 1, days: [..., 8]), then it names the value given and shows what to write', () => {
    const base = companyRules();
    expect(
      problems(() =>
        parseRules({
          ...base,
          workingHours: { days: [1, 2, 3, 4, 8] },
          people: { directors: 1, admins: '1, 7' },
          pipelines: [{ categoryId: 0, assignedStages: 'PREPARATION' }],
          followUp: { enabled: 'yes' },
        }),
      ),
    ).toEqual([
      'rules.workingHours.days.4: working days are numbered 1 (Monday) to 7 (Sunday); 8 is not a day — e.g. [1, 2, 3, 4, 5] for Monday to Friday',
      'rules.pipelines.0.assignedStages: "PREPARATION" is not a list; write it in brackets, e.g. ["PREPARATION"]',
      'rules.people.directors: 1 is not a list; write it in brackets, e.g. [1]',
      'rules.people.admins: "1, 7" is not a list; write it in brackets, e.g. [1, 7]',
      'rules.followUp.enabled: "yes" is not true or false; write true or false',
    ]);
  });

  it('when a list is written as text (days: "1-5"), then the list suggested is one the schema takes', () => {
    const base = companyRules();
    const at = (field: string, v: unknown): Record<string, unknown> => {
      const rules = structuredClone(base) as Record<string, unknown>;
      const keys = field.split('.');
      let node = rules;
      for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
      node[keys.at(-1)!] = v;
      return rules;
    };
    const wrong: Array<[string, string]> = [
      ['workingHours.days', '1-5'],
      ['workingHours.days', 'пн-пт'],
      ['workingHours.days', '1,2,3'],
      ['people.directors', 'Петров'],
      ['people.admins', '1, 7'],
      ['pipelines.0.assignedStages', 'PREPARATION'],
    ];
    const suggested: string[] = [];
    for (const [field, value] of wrong) {
      const [problem] = problems(() => parseRules(at(field, value)));
      const said = `rules.${field}: ${JSON.stringify(value)} is not a list; write it in brackets, e.g. `;
      expect(problem?.startsWith(said), `${field}: ${value} → ${problem}`).toBe(true);
      const example = problem!.slice(said.length);
      suggested.push(example);
      // What the message says to write, written: the rules load.
      expect(() => parseRules(at(field, JSON.parse(example))), `${field}: ${example}`).not.toThrow();
    }
    expect(suggested).toEqual(['[1, 2, 3, 4, 5]', '[1, 2]', '[1, 2, 3]', '[1, 2]', '[1, 7]', '["PREPARATION"]']);
  });

  it('when the time zone is wrong along with other fields, then every problem is named at once', () => {
    const p = problems(() =>
      parseRules({
        ...companyRules(),
        workingHours: { zone: 'Moscow' },
        claim: { timeout: '10 минут' },
        people: { directors: 1 },
      }),
    );
    expect(p).toEqual([
      'rules.workingHours.zone: zone "Moscow" is not a known IANA time zone; write e.g. "Europe/Moscow"',
      'rules.claim.timeout: "10 минут" is not a duration; write e.g. 90 (seconds), "90s", "10m", "2h"',
      'rules.people.directors: 1 is not a list; write it in brackets, e.g. [1]',
    ]);
    // A field the schema refused is not said again by the calendar check.
    expect(problems(() => parseRules({ ...companyRules(), workingHours: { days: [0], start: '9:00' } }))).toEqual([
      expect.stringMatching(/^rules\.workingHours\.days\.0: .*; 0 is not a day/),
      'rules.workingHours.start: write the time as "HH:mm", e.g. "09:00"',
    ]);
  });

  it('when rules.example.yaml is copied, then it loads and every pipeline has its paidStage (README: give each pipeline one)', () => {
    const rules = loadRulesFile(join(__dirname, '..', 'rules.example.yaml'));
    expect(rules.pipelines.length).toBeGreaterThan(0);
    for (const p of rules.pipelines) expect(p.paidStage, `pipeline ${p.categoryId}`).toMatch(/\S/);
  });

  it('when a token has spaces or quotes around it, then it says so without echoing it', () => {
    for (const bad of [' 123456:ABC-def_1 ', '"123456:ABC-def_1"', "'123456:ABC-def_1'"]) {
      const p = problems(() => parseEnv({ TELEGRAM_BOT_TOKEN: bad }));
      expect(p).toEqual(['env TELEGRAM_BOT_TOKEN: remove the spaces/quotes around the token']);
      expect(p.join()).not.toContain('ABC-def');
    }
    expect(problems(() => parseEnv({ BITRIX_BOT_ID: '7', BITRIX_BOT_TOKEN: '"abcdefabcdefabcdef"' }))).toEqual([
      'env BITRIX_BOT_TOKEN: remove the spaces/quotes around the token',
    ]);
  });
});
