import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { dealWithInvoice as addDealWithInvoice, startPaymentWorld } from '../support/payment-world';
import { settle } from '../../simulator/settle';
import { buttons, decodeButton } from '../../src/kernel/buttons';

const CHAT = -100778;
let h: Harness;
let company: number;

const dealWithInvoice = (number: string, amount: number) => addDealWithInvoice(h, company, number, amount);

/** Everything the manager was ever shown: text and buttons of each send and edit. */
const shownToManager = () =>
  h.telegramProxy.shown.filter((s) => s.chatId === String(PEOPLE.grakun.telegram)).map((s) => s.content);
const prompts = () => h.messagesTo(PEOPLE.grakun.telegram).filter((m) => m.text.startsWith('💳'));

/** The prompt id behind a prompt message (from any of its buttons). */
function promptIdOf(data: string | undefined): number {
  const p = data ? decodeButton(data) : null;
  if (!p || !('promptId' in p)) throw new Error(`not a prompt button: ${data}`);
  return p.promptId;
}

describe('an edit racing its own original in «Оплата»', () => {
  beforeEach(async () => {
    ({ h, company } = await startPaymentWorld(CHAT));
  });
  afterEach(async () => {
    await h.stop();
  });

  it('when the sum is edited while the bot still reads the portal, then the stale original shows no "matches" and no tap pays', async () => {
    const { invoiceId } = await dealWithInvoice('2018/943', 4000);
    // The bot has read the portal once (which invoices it has is known): the next read is a search.
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/100 на 100');
    const search = h.sim.hold('crm.item.list');
    const messageId = await h.post(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await waitFor(() => search.reached >= 1, 'the bot to be reading the portal');
    let editHandled = false;
    const editing = h
      .edit(PEOPLE.director.telegram, CHAT, messageId, 'Оплачен счет 2018/943 на 3500', false)
      .then(() => {
        editHandled = true;
      });
    // The edit is in (recorded), or — without order — it is reading the portal too.
    await waitFor(() => editHandled || search.reached >= 2, 'the edit to arrive');
    search.release();
    await editing;
    await settle(h.app);

    expect(shownToManager().some((c) => c.includes('— совпадает'))).toBe(false);
    expect(shownToManager().some((c) => c.includes('Да, оплачен'))).toBe(false);
    const all = prompts();
    expect(all).toHaveLength(1);
    expect(all[0]!.text).toMatch(/3\s500/);
    expect(all[0]!.buttons.map((b) => b.text)).not.toContain('✅ Да, оплачен');

    // A «Да» forged for this prompt (an old keyboard, a second copy) does not pay the stale sum either.
    const promptId = promptIdOf(all[0]!.buttons.find((b) => b.callback_data)?.callback_data);
    await h.pressData(PEOPLE.grakun.telegram, all[0]!.messageId, buttons.payYes.encode({ promptId }));
    expect(h.sim.invoice('smart', invoiceId)?.stageId).not.toBe('DT31_3:P');
  });

  it('when «Да» is tapped and the sum is edited while the bot re-reads the invoice, then the tap does not pay the stale sum', async () => {
    const { invoiceId } = await dealWithInvoice('2018/943', 4000);
    const messageId = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const prompt = prompts().at(-1)!;
    const yes = prompt.buttons.find((b) => b.text === '✅ Да, оплачен')?.callback_data;
    expect(yes).toBeDefined();

    const get = h.sim.hold('crm.item.get');
    const answered = h.answered;
    await h.tap(PEOPLE.grakun.telegram, prompt.messageId, yes!);
    await waitFor(() => get.reached >= 1, 'the bot to re-read the invoice');
    await h.edit(PEOPLE.director.telegram, CHAT, messageId, 'Оплачен счет 2018/943 на 3500', false);
    // Not settle: it waits for the tap's decision too, which waits for the held read.
    await waitFor(async () => {
      await h.app.tick();
      return (
        prompts()
          .at(-1)!
          .text.match(/3\s500/) !== null
      );
    }, 'the prompt to show the edited sum');
    get.release();
    await waitFor(() => h.answered > answered, 'the bot to answer the tap');
    await settle(h.app);

    expect(h.sim.invoice('smart', invoiceId)?.stageId).not.toBe('DT31_3:P');
    expect(prompts().at(-1)!.text).toMatch(/3\s500/);
  });

  it('when «Да» is tapped after an edit was recorded but before it was read, then the tap waits for the edit', async () => {
    const { invoiceId } = await dealWithInvoice('2018/943', 4000);
    const messageId = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    const prompt = prompts().at(-1)!;
    const yes = prompt.buttons.find((b) => b.text === '✅ Да, оплачен')?.callback_data;
    expect(yes).toBeDefined();

    const search = h.sim.hold('crm.item.list');
    await h.edit(PEOPLE.director.telegram, CHAT, messageId, 'Оплачен счет 2018/943 на 3500', false);
    await waitFor(() => search.reached >= 1, 'the bot to be reading the edit');
    await h.pressData(PEOPLE.grakun.telegram, prompt.messageId, yes!, false);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).not.toBe('DT31_3:P');
    search.release();
    await settle(h.app);
    expect(h.sim.invoice('smart', invoiceId)?.stageId).not.toBe('DT31_3:P');
    expect(prompts().at(-1)!.text).toMatch(/3\s500/);
  });
});
