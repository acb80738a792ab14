/**
 * Step 57's required invoice fields as real portals name them (fresh-25 H2, L8): a smart invoice's
 * custom field UF_CRM_SMART_INVOICE_<n> is answered by crm.item.* as ufCrmSmartInvoice<n>; a field
 * name the portal does not have is a mistake in the rules, named at start and by doctor, and never
 * holds a payment back as «не заполнено»; «-» in a field is no value.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { ufItemName } from '../../simulator/bitrix-portal';
import { companyRules, sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { parseRules } from '../../src/config';
import { resolveFieldNames } from '../../src/integrations/bitrix/invoice-fields';
import { emptyRequiredFields, isBlankFieldValue } from '../../src/payments/required-fields';
import { captureLog } from '../support/log';
import { doctorReport, harnessEnv } from '../support/doctor-run';

const CHAT = -100558;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function world(
  required: Array<{ field: string; label: string }>,
  invoice: { kind?: 'smart' | 'legacy'; fields?: Record<string, string> } = {},
  log?: ReturnType<typeof captureLog>['log'],
) {
  const started = await Harness.start({
    log,
    rules: {
      payments: { telegramChatId: CHAT, remindAfter: '2h', requiredInvoiceFields: required },
      pipelines: [{ categoryId: 0, assignedStages: [STAGES.assigned], paidStage: STAGES.paid }],
    },
  });
  h = started;
  const company = started.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' });
  const dealId = await started.sim.createDeal(
    { ...sampleDeal(1, PEOPLE.grakun.id), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
    { emit: false },
  );
  const id = started.sim.addInvoice({
    kind: invoice.kind ?? 'smart',
    number: '2018/943',
    amount: 4000,
    dealId,
    companyId: company,
    responsibleId: PEOPLE.grakun.id,
    ...(invoice.fields ? { fields: invoice.fields } : {}),
  });
  return { h: started, id };
}

const prompts = (hh: Harness) => hh.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('💳'));
const labels = (m: { buttons: Array<{ text: string }> } | undefined) => (m?.buttons ?? []).map((b) => b.text);

async function itemUpdate(hh: Harness, id: number, fields: Record<string, string>) {
  const res = await fetch(`${hh.sim.webhookUrl}crm.item.update.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entityTypeId: 31, id, fields }),
  });
  expect(res.status).toBe(200);
}

describe('the portal names custom fields of crm.item as crm/universal/index.md says', () => {
  it('when a name is converted, then the docs’ table holds, and a smart invoice’s own part reads like an SPA number', () => {
    expect(ufItemName('UF_CRM_3_DIGIT')).toBe('ufCrm3Digit');
    expect(ufItemName('UF_CRM_3_1747309727')).toBe('ufCrm3_1747309727');
    expect(ufItemName('UF_CRM_3_DIGIT10')).toBe('ufCrm_3_DIGIT10');
    expect(ufItemName('UF_CRM_3_DIGIT_10')).toBe('ufCrm_3_DIGIT_10');
    expect(ufItemName('UF_CRM_1747309879')).toBe('ufCrm_1747309879');
    expect(ufItemName('UF_CRM_10_5186744711')).toBe('ufCrm10_5186744711');
    expect(ufItemName('UF_CRM_SMART_INVOICE_1669960460')).toBe('ufCrmSmartInvoice1669960460');
  });

  it('when crm.item.fields is asked for invoices, then each custom field is listed under its crm.item key with its upperName', async () => {
    const { h: hh } = await world([]);
    hh.sim.addInvoiceField('smart', 'UF_CRM_SMART_INVOICE_1669960460');
    const res = await fetch(`${hh.sim.webhookUrl}crm.item.fields.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityTypeId: 31 }),
    });
    const body = (await res.json()) as {
      result: { fields: Record<string, { upperName: string; isDynamic: boolean }> };
    };
    expect(body.result.fields.ufCrmSmartInvoice1669960460).toMatchObject({
      upperName: 'UF_CRM_SMART_INVOICE_1669960460',
      isDynamic: true,
    });
    expect(body.result.fields.accountNumber?.upperName).toBe('ACCOUNT_NUMBER');
  });
});

describe('required field names are the portal’s (resolveFieldNames)', () => {
  it('when the rules write the UPPER_CASE name or the crm.item key, then both find the key; another name is unknown', () => {
    const described = {
      ufCrmSmartInvoice1669960460: { upperName: 'UF_CRM_SMART_INVOICE_1669960460' },
      accountNumber: { upperName: 'ACCOUNT_NUMBER' },
    };
    const r = resolveFieldNames(
      ['UF_CRM_SMART_INVOICE_1669960460', 'ufCrmSmartInvoice1669960460', 'UF_CRM_NO_SUCH_FIELD'],
      described,
    );
    expect(r.keys.get('UF_CRM_SMART_INVOICE_1669960460')).toBe('ufCrmSmartInvoice1669960460');
    expect(r.keys.get('ufCrmSmartInvoice1669960460')).toBe('ufCrmSmartInvoice1669960460');
    expect(r.unknown).toEqual(['UF_CRM_NO_SUCH_FIELD']);
    expect(r.custom).toEqual(['UF_CRM_SMART_INVOICE_1669960460']);
  });
});

describe('a field holding nothing but a dash is empty', () => {
  it.each(['', '   ', '-', ' — ', '–', '...', '_'])('when the value is %j, then it is blank', (v) => {
    expect(isBlankFieldValue(v)).toBe(true);
  });
  it.each(['ТК «Деловые линии»', '0-1', 'нет данных'])('when the value is %j, then it is a value', (v) => {
    expect(isBlankFieldValue(v)).toBe(false);
  });
  it('when a field is missing from the invoice’s values (the portal lacks it), then it is not reported empty', () => {
    const required = [
      { field: 'UF_CRM_CARRIER', label: 'Перевозчик' },
      { field: 'UF_CRM_NONE', label: 'Нет такого' },
    ];
    expect(emptyRequiredFields(required, { UF_CRM_CARRIER: '-' })).toEqual(['Перевозчик']);
  });
});

describe('step 57 on the portal', () => {
  it('when a smart invoice’s UF_CRM_SMART_INVOICE_… field is filled (crm.item answers it as ufCrmSmartInvoice…), then «Да» is offered', async () => {
    const { h: hh, id } = await world([{ field: 'UF_CRM_SMART_INVOICE_1669960460', label: 'Поставщик' }]);
    hh.sim.addInvoiceField('smart', 'UF_CRM_SMART_INVOICE_1669960460');
    await itemUpdate(hh, id, { ufCrmSmartInvoice1669960460: 'ООО Бетон' });
    await hh.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const p = prompts(hh).at(-1);
    expect(p?.text).not.toContain('не заполнено');
    expect(labels(p)).toContain('✅ Да, оплачен');
  });

  it('when the same field is empty, then the prompt names it and «Проверить снова» finds it once filled', async () => {
    const { h: hh, id } = await world([{ field: 'UF_CRM_SMART_INVOICE_1669960460', label: 'Поставщик' }]);
    hh.sim.addInvoiceField('smart', 'UF_CRM_SMART_INVOICE_1669960460');
    await hh.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    expect(prompts(hh).at(-1)?.text).toContain('Поставщик');
    await itemUpdate(hh, id, { ufCrmSmartInvoice1669960460: 'ООО Бетон' });
    await hh.press(PEOPLE.grakun.telegram, prompts(hh).at(-1)!, '🔄 Проверить снова');
    expect(labels(prompts(hh).at(-1))).toContain('✅ Да, оплачен');
  });

  it('when the field is filled in Bitrix24 after the prompt, then the ⏰ reminder re-reads it: no «не заполнено», one tap pays', async () => {
    const { h: hh, id } = await world([{ field: 'UF_CRM_CARRIER', label: 'Перевозчик' }]);
    hh.sim.addInvoiceField('smart', 'UF_CRM_CARRIER');
    await hh.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    expect(prompts(hh).at(-1)?.text).toContain('не заполнено: Перевозчик');
    await itemUpdate(hh, id, { ufCrm_CARRIER: 'ТК «Деловые линии»' });
    await hh.advance(3 * 3_600_000);
    const reminder = hh.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('⏰'));
    expect(reminder).toHaveLength(1);
    expect(reminder[0]?.text).not.toContain('Перевозчик');
    const p = prompts(hh).at(-1);
    expect(p?.text).not.toContain('не заполнено');
    expect(labels(p)).toContain('✅ Да, оплачен');
    await hh.press(PEOPLE.grakun.telegram, p!, '✅ Да, оплачен');
    expect(hh.sim.invoice('smart', id)?.stageId).toBe('DT31_3:P');
  });

  it('when the field is still empty at the reminder, then the reminder names it', async () => {
    const { h: hh } = await world([{ field: 'UF_CRM_CARRIER', label: 'Перевозчик' }]);
    hh.sim.addInvoiceField('smart', 'UF_CRM_CARRIER');
    await hh.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await hh.advance(3 * 3_600_000);
    const reminder = hh.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('⏰'));
    expect(reminder.map((m) => m.text)).toEqual([expect.stringContaining('Перевозчик')]);
  });

  it('when the field holds only «-», then the prompt says it is not filled (smart and legacy)', async () => {
    for (const kind of ['smart', 'legacy'] as const) {
      const { h: hh } = await world([{ field: 'UF_CRM_CARRIER', label: 'Перевозчик' }], {
        kind,
        fields: { UF_CRM_CARRIER: '-' },
      });
      await hh.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
      const p = prompts(hh).at(-1);
      expect(p?.text).toContain('Перевозчик');
      expect(labels(p)).not.toContain('✅ Да, оплачен');
      await hh.stop();
      h = undefined;
    }
  });

  it('when the rules name a field the invoices do not have, then it holds nothing back, is logged as an error and the admins hear it once', async () => {
    const { lines, log } = captureLog();
    const { h: hh } = await world(
      [
        { field: 'UF_CRM_NO_SUCH_FIELD', label: 'Перевозчик' },
        { field: 'UF_CRM_SUPPLIER', label: 'Поставщик' },
      ],
      { fields: { UF_CRM_SUPPLIER: 'ООО Бетон' } },
      log,
    );
    await hh.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const p = prompts(hh).at(-1);
    expect(p?.text).not.toContain('не заполнено');
    expect(labels(p)).toContain('✅ Да, оплачен');
    const errors = lines.filter((l) => Number(l.level) >= 50 && l.field === 'UF_CRM_NO_SUCH_FIELD');
    expect(errors).toHaveLength(1);
    await hh.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const told = hh
      .messagesTo(PEOPLE.director.telegram)
      .filter((m) => m.text.includes('payments.requiredInvoiceFields') && m.text.includes('UF_CRM_NO_SUCH_FIELD'));
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('Пользовательские поля счетов: UF_CRM_SUPPLIER');
  });

  it('when doctor runs with a field the invoices do not have, then it names it and what the invoices have', async () => {
    const { h: hh } = await world([], { fields: { UF_CRM_SUPPLIER: 'ООО Бетон' } });
    const rules = parseRules(
      companyRules({
        payments: {
          requiredInvoiceFields: [
            { field: 'UF_CRM_NO_SUCH_FIELD', label: 'Перевозчик' },
            { field: 'UF_CRM_SUPPLIER', label: 'Поставщик' },
          ],
        },
      }),
    );
    const { code, out } = await doctorReport(harnessEnv(hh), rules);
    expect(code).toBe(1);
    expect(out).toContain(
      'rules.payments.requiredInvoiceFields[0]: smart invoices (crm.item, entityTypeId 31) have no field UF_CRM_NO_SUCH_FIELD («Перевозчик»)',
    );
    expect(out).toContain("the invoices' custom fields: UF_CRM_SUPPLIER");
    expect(out).toContain('required invoice field UF_CRM_SUPPLIER («Поставщик») is read as ufCrm_SUPPLIER');
  });
});
