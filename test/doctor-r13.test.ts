import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../simulator/harness';
import { companyRules, PEOPLE, STAGES } from '../simulator/portal-fixture';
import { loadRulesForDoctor } from '../src/doctor';
import { parseRules, type RulesInput } from '../src/config';
import { doctorReport, harnessEnv, withRulesFile } from './support/doctor-run';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.stop();
});

const doctor = (rules: RulesInput = companyRules(), parsed = parseRules(rules), rulesProblems: string[] = []) =>
  doctorReport(harnessEnv(h), parsed, rulesProblems);

describe('doctor (round 13)', () => {
  it('when claimedStage or paidStage is mistyped, then each is named by field with the valid ids', async () => {
    const { code, out } = await doctor(
      companyRules({
        pipelines: [
          {
            categoryId: 0,
            assignedStages: [STAGES.assigned],
            claimedStage: 'PREPAYMENT_INVOCE',
            paidStage: 'UC_PAYED',
          },
        ],
      }),
    );
    expect(code).toBe(1);
    expect(out).toMatch(
      /✘ rules\.pipelines\[0\]\.claimedStage: stage PREPAYMENT_INVOCE is not in pipeline 0 .*PREPAYMENT_INVOICE/,
    );
    expect(out).toMatch(/✘ rules\.pipelines\[0\]\.paidStage: stage UC_PAYED is not in pipeline 0 .*UC_PAID/);
    expect(out).not.toContain('All checks passed');
  });

  it('when the stage ids are right, then the paid stage is marked in the list', async () => {
    const { code, out } = await doctor(
      companyRules({
        pipelines: [
          { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
        ],
      }),
    );
    expect(out).toMatch(/UC_PAID\s+.*← on payment/);
    expect(code).toBe(0);
  });

  it('when the rules name a user who does not exist (directors: [99]), then doctor names the field and lists the ids', async () => {
    const base = companyRules();
    const { code, out } = await doctor(companyRules({ people: { ...base.people, directors: [99] } }));
    expect(code).toBe(1);
    expect(out).toContain('✘ rules.people.directors: user 99 does not exist on the portal');
    expect(out).toMatch(/7 {2}Гракун Екатерина/);
  });

  it('when a link names no user, then doctor says so', async () => {
    const base = companyRules();
    const { code, out } = await doctor(
      companyRules({
        people: {
          ...base.people,
          links: [...(base.people?.links ?? []), { bitrixUserId: 77, telegramUserId: 7777 }],
        },
      }),
    );
    expect(code).toBe(1);
    expect(out).toContain('✘ Telegram account 7777 is linked to user 77, who does not exist on the portal');
    expect(out).toContain('✘ rules.people.links bitrixUserId: user 77 does not exist on the portal');
  });

  it('when two Bitrix24 users are linked to one Telegram id, then the rules are refused at the second link, and doctor lists the people by id', async () => {
    const yaml = [
      'pipelines:',
      '  - categoryId: 0',
      '    assignedStages: [PREPARATION]',
      'people:',
      '  directors: [1]',
      '  links:',
      `    - { bitrixUserId: ${PEOPLE.grakun.id}, telegramUserId: ${PEOPLE.grakun.telegram} }`,
      `    - { bitrixUserId: ${PEOPLE.operator.id}, telegramUserId: ${PEOPLE.grakun.telegram} }`,
      '',
    ].join('\n');
    await withRulesFile(yaml, async (path) => {
      const { rules, problems } = loadRulesForDoctor(path);
      expect(problems).toEqual([
        `rules.people.links.1.telegramUserId: Telegram account ${PEOPLE.grakun.telegram} is already linked to Bitrix24 user ${PEOPLE.grakun.id} (rules.people.links.0) — one Telegram account is one person: put user ${PEOPLE.operator.id}'s own Telegram id (the bot tells each person theirs on /start)`,
      ]);
      const { code, out } = await doctor(companyRules(), rules, problems);
      expect(code).toBe(1);
      expect(out).toContain('✘ rules.people.links.1.telegramUserId: Telegram account 5007 is already linked');
      expect(out).toMatch(/7 {2}Гракун Екатерина/);
      expect(out).not.toContain('All checks passed');
    });
  });

  it('when the rules name a Bitrix24 «Оплата» chat but the chat bot is not configured, then doctor says that chat is not read', async () => {
    const { code, out } = await doctor(companyRules({ payments: { bitrixChatId: 'chat42' } }));
    expect(code).toBe(1);
    expect(out).toContain(
      '✘ payments.bitrixChatId chat42 is set, but without the chat bot nobody reads that «Оплата» chat — run `npm run cli -- bitrix-bot register` and set BITRIX_BOT_ID and BITRIX_BOT_TOKEN, or remove payments.bitrixChatId (the «Оплата» group in Telegram is payments.telegramChatId)',
    );
    expect(out).not.toContain('All checks passed');
  });

  it('when escalation level 1 comes before claim.timeout, then doctor says the head would be alerted before the deadline the card shows', async () => {
    const { code, out } = await doctor(
      companyRules({ escalation: { levels: [{ after: '5m', notify: 'department_head' }] } }),
    );
    expect(code).toBe(1);
    expect(out).toContain('✘ rules.escalation.levels[0].after (300s) is earlier than claim.timeout (600s)');
  });

  it('when the rules file is invalid (days: [0, …]), then the problem says how days are numbered and the defaults bring no escalation error of their own', async () => {
    const yaml =
      // people.directors is given: without it the default chain's "directors" level is refused too, now in the same run.
      'pipelines:\n  - categoryId: 0\n    assignedStages: [PREPARATION]\nworkingHours:\n  days: [0, 1, 2, 3, 4]\npeople:\n  directors: [1]\n';
    await withRulesFile(yaml, async (path) => {
      const { rules, problems } = loadRulesForDoctor(path);
      expect(problems.join('\n')).toContain('working days are numbered 1 (Monday) to 7 (Sunday); 0 is not a day');
      const { code, out } = await doctor(companyRules(), rules, problems);
      expect(code).toBe(1);
      expect(out).not.toContain('reaches nobody');
      expect(out.match(/✘/g)).toHaveLength(1);
    });
  });
});
