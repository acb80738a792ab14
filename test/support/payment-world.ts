/**
 * The payment-chat tests' world: a harness whose «Оплата» is a given Telegram chat, one pipeline with
 * a paid stage, a paying company (ЭЛЕКСИС, its INN), and deals with invoices the director announces.
 */
import iconv from 'iconv-lite';
import { type BotMessage, Harness, PEOPLE } from '../../simulator/harness';
import { companyRules, sampleDeal, STAGES } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { statementFile, type StatementDoc } from './statement-file';

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

/** The label of a payment prompt's confirm button. */
export const YES = '✅ Да, оплачен';
/** Clock steps for `h.advance` and `h.clock.advance`, in ms. */
export const SECOND = 1000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The payment prompts («💳 …») Telegram chat `tg` holds, oldest first, each as it reads now. */
export const promptsTo = (h: Harness, tg: number): BotMessage[] =>
  h.messagesTo(tg).filter((m) => m.text.startsWith('💳'));
/** The prompts' reminders («⏰ …») Telegram chat `tg` holds, oldest first. */
export const remindersTo = (h: Harness, tg: number): BotMessage[] =>
  h.messagesTo(tg).filter((m) => m.text.startsWith('⏰'));
/** Message `messageId` of Telegram chat `tg` as it reads now (after the bot's edits); throws if there is none. */
export function messageNow(h: Harness, tg: number, messageId: number): BotMessage {
  const m = h.messagesTo(tg).find((x) => x.messageId === messageId);
  if (!m) throw new Error(`messageNow: chat ${tg} has no message ${messageId}`);
  return m;
}
/** The texts of a message's buttons, in order. */
export const labels = (m: { buttons: Array<{ text: string }> }): string[] => m.buttons.map((b) => b.text);
/** A 1C statement of `docs` as an accountant pastes it as text: the file decoded from windows-1251, its CRLFs as LF. */
export const pasted = (docs: StatementDoc[]): string =>
  iconv.decode(statementFile(docs), 'win1251').replace(/\r\n/g, '\n');
/** The texts Telegram chat `tg` holds, oldest first, their no-break spaces (in sums) as plain ones. */
export const textsIn = (h: Harness, tg: number): string[] =>
  h.messagesTo(tg).map((m) => m.text.replace(/[\u00a0\u202f]/g, ' '));
/** The director writes `text` in group `chat` in reply to message `messageId`; the new message's id. */
export const directorReplies = (h: Harness, chat: number, messageId: number, text: string): Promise<number> =>
  h.postRaw(PEOPLE.director.telegram, chat, {
    text,
    reply_to_message: { message_id: messageId, date: 0, chat: { id: chat, type: 'group' } },
  });
