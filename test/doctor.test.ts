import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, BOT_TOKEN } from '../simulator/harness';
import { companyRules } from '../simulator/portal-fixture';
import { runDoctor } from '../src/doctor';
import { parseEnv, parseRules } from '../src/config';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.stop();
});

const doctor = async (rules = companyRules()) => {
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

describe('doctor', () => {
  it('when the setup is right, then it lists pipelines with stage ids and the people without Telegram', async () => {
    const { code, out } = await doctor();
    expect(code).toBe(0);
    expect(out).toMatch(/\[0\] ЖБИ {2}← watched/);
    expect(out).toMatch(/PREPARATION\s+Назначен ответственный {2}← assigned/);
    expect(out).toMatch(/C5:WON\s+Сделка успешна \(won\)/);
    expect(out).toMatch(/People without a linked Telegram account \(1\)[\s\S]*9 {2}Кузнецова Мария/);
    expect(out).toContain('pushed to POST /bitrix/events');
    expect(out).toContain('invoices: smart invoices (crm.item, entityTypeId 31) — detected');
    expect(out).toContain('payments.telegramChatId is not set');
    expect(out).toContain('All checks passed.');
  });

  it('when the rules name a stage the portal does not have, then it says which', async () => {
    const { code, out } = await doctor(
      companyRules({
        pipelines: [
          { categoryId: 0, assignedStages: ['ASSIGNED'] },
          { categoryId: 9, assignedStages: ['X'] },
        ],
      }),
    );
    expect(code).toBe(1);
    expect(out).toContain('stage ASSIGNED is not in pipeline 0');
    expect(out).toContain('pipeline 9 does not exist on the portal');
  });
});
