/**
 * The filler of bench/capacity.ts (not a benchmark on its own): a store as months of use leave it,
 * written through the store classes of src/store — each deal with its ONCRMDEALADD event, assignment
 * and card (a real dealCard text); the claimed ones also with the claim edit, timeline comment, stage
 * move, echo event and their two escalation timers cancelled; the unclaimed ones (the portal's deals
 * 1…pending) with two pending escalation timers due 1 h – 3 days ahead. 1,000 deals per transaction.
 */
import Database from 'better-sqlite3';
import { openDb, migrate, kvSet } from '../src/store/db';
import { DealStore, AssignmentStore } from '../src/deals/store';
import { TimerStore } from '../src/store/timers';
import { OutboxStore } from '../src/store/outbox';
import { InboundStore } from '../src/store/inbound';
import { dealCard } from '../src/texts';
import { sampleDeal } from '../simulator/portal-fixture';

/** The store after months of use, written through the store classes. Returns row counts. */
export function fill(
  path: string,
  o: { deals: number; pending: number; managers: Array<{ id: number; telegram: number }> },
): Record<string, number> {
  const DEALS = o.deals;
  const PENDING = o.pending;
  const managerOf = (i: number) => o.managers[i % o.managers.length]!.id;
  const db = openDb(path);
  migrate(db);
  const deals = new DealStore(db);
  const assignments = new AssignmentStore(db);
  const timers = new TimerStore(db);
  const outbox = new OutboxStore(db);
  const inbound = new InboundStore(db);
  const now = Date.now();
  const one = (i: number) => {
    const pending = i < PENDING;
    const id = pending ? i + 1 : 1_000_000 + i; // the unclaimed ones are the portal's deals 1…PENDING
    const managerId = managerOf(i);
    const telegram = String(o.managers[i % o.managers.length]!.telegram);
    const assignedAt = pending ? now - 300_000 : now - (DEALS - i) * 90_000; // history: a deal every 1.5 min
    const s = sampleDeal(i, managerId);
    const deal = {
      id,
      title: s.TITLE,
      categoryId: 0,
      stageId: pending
        ? 'PREPARATION'
        : (['PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON', 'LOSE'] as const)[i % 5]!,
      assignedById: managerId,
      contactId: 500_000 + i,
      companyId: null,
      amount: 48_500 + (i % 97) * 1000,
      currency: 'RUB',
      comment: s.COMMENTS,
      address: s.UF_CRM_DELIVERY_ADDRESS,
      dateModify: new Date(assignedAt).toISOString(),
    };
    const stored = {
      deal,
      client: {
        name: `Иван Клиентов-${i}`,
        phone: `+7921${String(1_000_000 + (i % 9_000_000)).slice(-7)}`,
        company: i % 3 ? null : `ООО «Стройресурс-${i}»`,
      },
    };
    deals.save(stored, assignedAt);
    inbound.record(
      {
        source: 'crm',
        dedupKey: `ONCRMDEALADD:${id}:${Math.floor(assignedAt / 1000)}`,
        event: 'ONCRMDEALADD',
        entityId: id,
      },
      assignedAt,
    );
    const dueAt = assignedAt + 600_000;
    const a = assignments.create({ dealId: id, managerId, assignedAt, dueAt });
    const view = {
      deal,
      client: stored.client,
      pipelineName: 'ЖБИ',
      stageName: 'Назначен ответственный',
      link: `https://yourco.bitrix24.ru/crm/deal/details/${id}/`,
      zone: 'Europe/Moscow',
      now: assignedAt,
      dueAt,
      offHours: false,
      managerName: `Менеджер №${managerId}`,
    };
    const card = dealCard(view, a);
    const key = `card:${a}:${managerId}:tg`;
    outbox.enqueue(
      key,
      { channel: 'telegram', op: 'send', target: telegram, payload: { text: card.text, buttons: card.buttons } },
      assignedAt,
    );
    assignments.addCard({ assignmentId: a, role: 'card', personId: managerId, outboxKey: key });
    if (pending) {
      const due = now + 3_600_000 + i * Math.floor((3 * 86_400_000) / Math.max(1, PENDING));
      timers.schedule(
        { kind: 'escalate', key: `escalate:${a}:1`, dueAt: due, payload: { assignmentId: a, level: 1 } },
        assignedAt,
      );
      timers.schedule(
        { kind: 'escalate', key: `escalate:${a}:2`, dueAt: due + 600_000, payload: { assignmentId: a, level: 2 } },
        assignedAt,
      );
      return;
    }
    timers.schedule(
      { kind: 'escalate', key: `escalate:${a}:1`, dueAt, payload: { assignmentId: a, level: 1 } },
      assignedAt,
    );
    timers.schedule(
      { kind: 'escalate', key: `escalate:${a}:2`, dueAt: dueAt + 600_000, payload: { assignmentId: a, level: 2 } },
      assignedAt,
    );
    const claimedAt = assignedAt + 120_000;
    assignments.claim(a, { by: managerId, at: claimedAt, via: 'telegram', seconds: 120 });
    timers.cancelByPrefix(`escalate:${a}:`);
    outbox.enqueue(
      `edit:${key}:claimed`,
      {
        channel: 'telegram',
        op: 'edit',
        target: telegram,
        payload: {
          ref: key,
          text: card.text.replace('🆕 Новая сделка', '✅ Взята в работу за 2 мин — Менеджер'),
          buttons: [],
        },
      },
      claimedAt,
    );
    outbox.enqueue(
      `tl:claim:${a}`,
      {
        channel: 'crm',
        op: 'comment',
        target: String(id),
        payload: {
          entity: 'deal',
          id,
          text: `Бот: сделку взял(а) в работу Менеджер №${managerId} за 2 мин после назначения (в Telegram).`,
        },
      },
      claimedAt,
    );
    outbox.enqueue(
      `move:claim:${a}`,
      {
        channel: 'crm',
        op: 'deal.update',
        target: String(id),
        payload: { dealId: id, fields: { stageId: 'PREPAYMENT_INVOICE' } },
      },
      claimedAt,
    );
    inbound.record(
      {
        source: 'crm',
        dedupKey: `ONCRMDEALUPDATE:${id}:${Math.floor(claimedAt / 1000) + 1}`,
        event: 'ONCRMDEALUPDATE',
        entityId: id,
      },
      claimedAt + 1000,
    );
  };
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) one(i);
    // What the sender and the inbox would have marked meanwhile.
    db.prepare(
      `UPDATE outbox SET status = 'sent', attempts = 1, sent_at = created_at + 800, result = json_object('messageId', CAST(id AS TEXT)) WHERE status = 'pending'`,
    ).run();
    db.prepare('UPDATE inbound_events SET processed_at = received_at + 500 WHERE processed_at IS NULL').run();
  });
  for (let i = 0; i < DEALS; i += 1000) chunk(i, Math.min(DEALS, i + 1000));
  kvSet(db, 'reconcile.cursor', String(now)); // a bot that has been running: not a first start
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const rows = {
    deals: count('SELECT count(*) AS n FROM deals'),
    assignments: count('SELECT count(*) AS n FROM assignments'),
    pendingAssignments: count(`SELECT count(*) AS n FROM assignments WHERE status = 'pending'`),
    timersPending: count(`SELECT count(*) AS n FROM timers WHERE status = 'pending'`),
    timersCancelled: count(`SELECT count(*) AS n FROM timers WHERE status = 'cancelled'`),
    outbox: count('SELECT count(*) AS n FROM outbox'),
    inboundEvents: count('SELECT count(*) AS n FROM inbound_events'),
    cards: count('SELECT count(*) AS n FROM cards'),
  };
  db.close();
  return rows;
}

/** `count` level-1 escalations fall due 1–60 min ago (the bot was down meanwhile). */
export function makeOverdue(path: string, count: number): void {
  const db = new Database(path);
  const now = Date.now();
  db.prepare(
    `UPDATE timers SET due_at = ? - (id % 3600) * 1000 - 60000
     WHERE id IN (SELECT id FROM timers WHERE status = 'pending' AND key LIKE 'escalate:%:1' ORDER BY id LIMIT ?)`,
  ).run(now, count);
  db.close();
}
