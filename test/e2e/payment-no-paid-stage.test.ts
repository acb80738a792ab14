/** A pipeline whose rules name no paid stage: the prompt does not promise to move the deal. */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { STAGES } from '../../simulator/portal-fixture';
import { dealWithInvoice, messageNow, promptsTo, startPaymentWorld, YES } from '../support/payment-world';

const CHAT = -100782;
let h: Harness;

afterEach(async () => {
  await h.stop();
});

describe('no paid stage in the rules', () => {
  it('when the deal’s pipeline has no paidStage, then the prompt says the deal will not be moved, and it is not', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(
      CHAT,
      {},
      { pipelines: [{ categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing }] },
    ));
    const { dealId, invoiceId } = await dealWithInvoice(h, company, '2018/943', 4000);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 ЭЛЕКСИС ООО 4000');
    const prompt = promptsTo(h, PEOPLE.grakun.telegram)[0]!;
    expect(prompt.text).not.toContain('перевести сделку');
    expect(prompt.text).toContain(
      'Отметить счёт оплаченным? Сделку бот не переведёт: в правилах для её воронки не указана стадия оплаты.',
    );
    await h.press(PEOPLE.grakun.telegram, prompt, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
    expect(h.sim.deal(dealId)?.STAGE_ID).toBe(STAGES.invoiced);
    expect(messageNow(h, PEOPLE.grakun.telegram, prompt.messageId).text).toContain('отмечен оплаченным — Гракун Е.');
  });
});
