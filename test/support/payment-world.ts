/**
 * The payment-chat tests' world: a harness whose «Оплата» is a given Telegram chat, one pipeline with
 * a paid stage, a paying company (ЭЛЕКСИС, its INN), and deals with invoices the director announces.
 */
import { Harness, PEOPLE } from '../../simulator/harness';
import { companyRules, sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

type StartOptions = NonNullable<Parameters<typeof Harness.start>[0]>;
type Rules = NonNullable<StartOptions['rules']>;

/**
 * Starts the harness with «Оплата» = `chat` (a reminder after 2 h) and the paying company. `rules`
 * adds to (or replaces) the world's sections of the rules, e.g. `people` without someone's link.
 */
export async function startPaymentWorld(
  chat: number,
  extra: Omit<StartOptions, 'rules'> = {},
  rules: Rules = {},
): Promise<{ h: Harness; company: number }> {
  const h = await Harness.start({
    ...extra,
    rules: {
      payments: { telegramChatId: chat, remindAfter: '2h' },
      pipelines: [
        { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
      ],
      ...rules,
    },
  });
  return { h, company: h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' }) };
}

/**
 * Starts the harness with the Bitrix24 chat bot and «Оплата» as a Bitrix24 group chat (the director
 * and the head of sales; the bot added once registered), and the paying company.
 */
export async function startBitrixPaymentWorld(): Promise<{ h: Harness; payChat: string; company: number }> {
  let payChat = '';
  const rules = companyRules({
    pipelines: [
      { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing, paidStage: STAGES.paid },
    ],
  });
  const h = await Harness.start({
    chatBot: true,
    rules,
    seed: (sim) => {
      payChat = `chat${sim.createGroupChat({ title: 'Оплата', ownerId: PEOPLE.director.id, members: [PEOPLE.director.id, PEOPLE.head.id] })}`;
      rules.payments = { bitrixChatId: payChat };
    },
  });
  const bot = h.chatBot;
  if (!bot) throw new Error('startBitrixPaymentWorld: the harness has no chat bot');
  await h.sim.addBotToChat(Number(payChat.slice(4)), bot.id, PEOPLE.director.id);
  await h.sim.whenEventsDelivered();
  await settle(h.app);
  return { h, payChat, company: h.sim.addCompany({ title: 'ЭЛЕКСИС ООО', inn: '7806210729' }) };
}

/** A deal at «invoiced» with one invoice (smart unless `kind`) of `amount` (roubles unless `currency`), its manager responsible. */
export async function dealWithInvoice(
  h: Harness,
  company: number,
  number: string,
  amount: number,
  opts: { managerId?: number; currency?: string; kind?: 'smart' | 'legacy' } = {},
): Promise<{ dealId: number; invoiceId: number }> {
  const managerId = opts.managerId ?? PEOPLE.grakun.id;
  const dealId = await h.sim.createDeal(
    { ...sampleDeal(1, managerId), STAGE_ID: STAGES.invoiced, COMPANY_ID: String(company) },
    { emit: false },
  );
  const invoiceId = h.sim.addInvoice({
    kind: opts.kind ?? 'smart',
    number,
    amount,
    dealId,
    companyId: company,
    responsibleId: managerId,
    ...(opts.currency ? { currency: opts.currency } : {}),
  });
  return { dealId, invoiceId };
}
