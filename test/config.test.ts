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
