/**
 * A small building-materials trader, the company of the rulebook: used by the end-to-end tests,
 * the benchmark and the offline demo.
 */
import type { BitrixSimulator } from './bitrix-portal';
import type { RulesInput } from '../src/config';

/** Their profiles give a gender (PERSONAL_GENDER), so the texts say «взяла Гракун Е.», «Иванов П. взял». */
export const PEOPLE = {
  director: { id: 1, name: 'Андрей', lastName: 'Петров', gender: 'M', telegram: 5001 },
  head: { id: 5, name: 'Ольга', lastName: 'Смирнова', gender: 'F', telegram: 5005 },
  grakun: { id: 7, name: 'Екатерина', lastName: 'Гракун', gender: 'F', telegram: 5007 },
  ivanov: { id: 8, name: 'Пётр', lastName: 'Иванов', gender: 'M', telegram: 5008 },
  operator: { id: 9, name: 'Мария', lastName: 'Кузнецова', gender: 'F', telegram: 5009 },
} as const;

export const STAGES = {
  incoming: 'NEW',
  assigned: 'PREPARATION',
  agreeing: 'PREPAYMENT_INVOICE',
  priced: 'EXECUTING',
  invoiced: 'FINAL_INVOICE',
  paid: 'UC_PAID',
  won: 'WON',
  lost: 'LOSE',
} as const;

export function seedPortal(sim: BitrixSimulator): void {
  sim.addDepartment({ id: 1, name: 'Компания', headId: PEOPLE.director.id });
  sim.addDepartment({ id: 3, name: 'Отдел продаж', parentId: 1, headId: PEOPLE.head.id });
  sim.addDepartment({ id: 4, name: 'Колл-центр', parentId: 1 });
  sim.addUser({ ...PEOPLE.director, departmentIds: [1], workPhone: '+7 812 000-00-01' });
  sim.addUser({ ...PEOPLE.head, departmentIds: [3] });
  sim.addUser({ ...PEOPLE.grakun, departmentIds: [3], mobilePhone: '+7 921 111-22-33' });
  sim.addUser({ ...PEOPLE.ivanov, departmentIds: [3], mobilePhone: '+7 921 444-55-66' });
  sim.addUser({ ...PEOPLE.operator, departmentIds: [4] });
  sim.addCategory({
    id: 0,
    name: 'ЖБИ',
    stages: [
      { id: STAGES.incoming, name: 'Входящая заявка' },
      { id: STAGES.assigned, name: 'Назначен ответственный' },
      { id: STAGES.agreeing, name: 'Согласование с клиентом' },
      { id: STAGES.priced, name: 'Озвучена цена' },
      { id: STAGES.invoiced, name: 'Счет выставлен' },
      { id: STAGES.paid, name: 'Счет оплачен' },
      { id: STAGES.won, name: 'Завершить сделку', semantics: 'S' },
      { id: STAGES.lost, name: 'Сделка проиграна', semantics: 'F' },
    ],
  });
  sim.addCategory({
    id: 5,
    name: 'Нерудные материалы',
    stages: [
      { id: 'C5:NEW', name: 'Входящая заявка' },
      { id: 'C5:PREPARATION', name: 'Назначен ответственный' },
      { id: 'C5:EXECUTING', name: 'В работе' },
      { id: 'C5:WON', name: 'Сделка успешна', semantics: 'S' },
      { id: 'C5:LOSE', name: 'Сделка проиграна', semantics: 'F' },
    ],
  });
}

/** The rules an admin of that company would write (timeouts as in the rulebook: 10 minutes). */
export function companyRules(over: Partial<RulesInput> = {}): RulesInput {
  return {
    portal: { addressField: 'UF_CRM_DELIVERY_ADDRESS' },
    workingHours: {
      zone: 'Europe/Moscow',
      days: [1, 2, 3, 4, 5],
      start: '09:00',
      end: '18:00',
      holidays: ['2026-12-31', '2027-01-01'],
    },
    pipelines: [
      { categoryId: 0, assignedStages: [STAGES.assigned], claimedStage: STAGES.agreeing },
      { categoryId: 5, assignedStages: ['C5:PREPARATION'] },
    ],
    claim: { timeout: '10m' },
    escalation: {
      levels: [
        { after: '10m', notify: 'department_head' },
        { after: '20m', notify: 'directors' },
      ],
    },
    people: {
      directors: [PEOPLE.director.id],
      admins: [PEOPLE.director.id],
      links: [PEOPLE.director, PEOPLE.head, PEOPLE.grakun, PEOPLE.ivanov].map((p) => ({
        bitrixUserId: p.id,
        telegramUserId: p.telegram,
      })),
    },
    reconcile: { interval: '60s', initialLookback: '0s', overlap: '120s' },
    outbox: { retryBase: '200ms' },
    bitrix: { retryBase: '20ms', maxRetries: 3, requestsPerSecond: 100, burst: 100 },
    telegram: { perChatPerSecond: 20, perChatBurst: 20 },
    // Off unless a test is about them: they add messages (nudges, summaries) other tests do not expect.
    contact: { enabled: false },
    reports: { dailyAt: null, weeklyAt: null },
    ...over,
  };
}

/** A typical incoming deal from the rulebook's example lead. */
export function sampleDeal(n: number, managerId: number = PEOPLE.grakun.id) {
  return {
    TITLE: `Заявка #${n}: кольца КС-10-1`,
    CATEGORY_ID: '0',
    STAGE_ID: STAGES.assigned,
    ASSIGNED_BY_ID: String(managerId),
    OPPORTUNITY: '48500.00',
    CURRENCY_ID: 'RUB',
    COMMENTS: 'КС-10-1 кольцо колодезное стеновое 2 шт\nФБС 9-6-6 1 шт',
    UF_CRM_DELIVERY_ADDRESS: 'Ленобласть, Всеволожск, ул. Заводская 5',
  };
}
