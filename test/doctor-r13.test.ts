import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, BOT_TOKEN } from '../simulator/harness';
import { companyRules, STAGES } from '../simulator/portal-fixture';
import { runDoctor } from '../src/doctor';
import { parseEnv, parseRules, type RulesInput } from '../src/config';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.stop();
});

const doctor = async (rules: RulesInput = companyRules()) => {
  const lines: string[] = [];
  const env = parseEnv({
    BITRIX_WEBHOOK_URL: h.sim.webhookUrl,
    BITRIX_APP_TOKEN: h.sim.applicationToken,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: h.tg.config.apiURL,
    DATABASE_PATH: h.dbPath,
  });
  const code = await runDoctor(env, parseRules(rules), (l) => lines.push(l));
  return { code, out: lines.join('\n') };
};

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
});
