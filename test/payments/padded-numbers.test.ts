/**
 * A portal whose invoice numbers are padded to a fixed width — 1C's «КГ00-004812», a Bitrix24 number
 * template's «СЧ-00045» — while the director types «4812» or «КГ-4812», as the printed invoice and
 * habit have it. The number found must be that invoice, never one whose digits merely end alike.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { dealWithInvoice, labels, promptsTo, startPaymentWorld, YES } from '../support/payment-world';

const CHAT = -100931;
let h: Harness;
let company: number;

afterEach(async () => {
  await h?.stop();
});

const say = (text: string) => h.say(PEOPLE.director.telegram, CHAT, text);
const prompts = () => promptsTo(h, PEOPLE.grakun.telegram);

describe('invoice numbers padded by the portal', () => {
  it('when «оплачен 4812 на 12 500» names «КГ00-004812», then its manager is prompted with one-tap «Да» and the tap marks it paid', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    const { invoiceId } = await dealWithInvoice(h, company, 'КГ00-004812', 12500);
    await dealWithInvoice(h, company, 'КГ00-014812', 900);
    await say('оплачен 4812 на 12 500');
    const p = prompts().at(-1)!;
    expect(p.text).toContain('КГ00-004812');
    expect(p.text).not.toContain('КГ00-014812');
    expect(labels(p)).toContain(YES);
    await h.press(PEOPLE.grakun.telegram, p, YES);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).toBe('DT31_3:P');
  });

  it('when the series is typed without its zeros («КГ-4812»), then the same invoice is meant', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, 'КГ00-004812', 12500);
    await say('Оплачен счет КГ-4812 на 12500');
    expect(prompts().at(-1)!.text).toContain('КГ00-004812');
  });

  it('when only the last digits are typed («812»), then no padded invoice is taken for it and the chat is told', async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, 'КГ00-004812', 12500);
    await say('Оплачен счет 812 на 12500');
    expect(prompts()).toHaveLength(0);
    expect(h.messagesTo(CHAT).map((m) => m.text)).toEqual(['Не нашёл счёт 812 — проверьте номер.']);
  });
});
