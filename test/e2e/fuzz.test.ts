/**
 * Bad input, bounded: random and mutated Bitrix24 event bodies, wrong content types, oversized
 * bodies and bad tokens at the HTTP endpoint; random and foreign button data; random text to the
 * parser. Every request gets a 2xx/4xx with a reason, nothing unauthenticated acts, the bot stays up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { parsePaymentNotice } from '../../src/payments/parse';
import { settle } from '../../simulator/settle';

/** mulberry32: a seeded generator, so a failure replays. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261123);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0x500))).join('');

let h: Harness;
let dealId: number;
beforeAll(async () => {
  h = await Harness.start();
  dealId = await h.sim.createDeal(sampleDeal(1), { emit: false });
});
afterAll(async () => {
  await h.stop();
});

function validEvent(token: string): Record<string, string> {
  return {
    event: 'ONCRMDEALADD',
    event_handler_id: '1',
    'data[FIELDS][ID]': String(dealId),
    ts: String(1_764_000_000 + Math.floor(rand() * 1000)),
    'auth[application_token]': token,
  };
}

function mutate(body: Record<string, string>): Record<string, string> {
  const out = { ...body };
  const keys = Object.keys(out);
  switch (Math.floor(rand() * 6)) {
    case 0:
      delete out[pick(keys)];
      break;
    case 1:
      out[pick(keys)] = junk(Math.floor(rand() * 40));
      break;
    case 2:
      out[junk(5)] = junk(10);
      break;
    case 3:
      out['data[FIELDS][ID]'] = pick(['-1', '0', '1e9', '99999999999999', 'NaN', '', ' 1', '1;DROP TABLE deals']);
      break;
    case 4:
      out.event = pick(['ONCRMLEADADD', 'oncrmdealadd ', '', 'ONCRMDEALUPDATE\n', junk(12)]);
      break;
    default:
      out['auth[application_token]'] = pick(['', junk(32), out['auth[application_token]']!.slice(1)]);
  }
  return out;
}

describe('fuzz', () => {
  it('when 1,500 malformed, mutated or forged requests hit the event endpoint, then each gets a 2xx/4xx with a reason and none acts', async () => {
    const token = h.sim.applicationToken;
    const statuses = new Map<number, number>();
    let accepted = 0;
    const types = [
      'application/x-www-form-urlencoded',
      'application/json',
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      '',
    ];
    for (let i = 0; i < 1500; i++) {
      const kind = i % 5;
      let body: string;
      let type = 'application/x-www-form-urlencoded';
      if (kind === 0) body = new URLSearchParams(mutate(validEvent(token))).toString();
      else if (kind === 1) body = new URLSearchParams(mutate(validEvent(junk(32)))).toString();
      else if (kind === 2) {
        type = pick(types);
        body = rand() < 0.5 ? junk(Math.floor(rand() * 300)) : JSON.stringify(mutate(validEvent(token)));
      } else if (kind === 3)
        body = 'x='.padEnd(70_000 + Math.floor(rand() * 10_000), 'a'); // over the 64 KiB limit
      else body = new URLSearchParams(validEvent(pick(['', 'wrong', token.toUpperCase()]))).toString();
      const res = await fetch(`${h.botUrl}/bitrix/events`, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body,
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `input #${i}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `input #${i}`).toBeLessThan(500);
      const reply = (await res.json()) as { error?: string; status?: string };
      if (res.status >= 400) expect(reply.error, `input #${i}`).toBeTruthy();
      else accepted++;
    }
    // Only mutations that kept the event valid and authenticated could be accepted.
    await settle(h.app);
    const cards = h.messagesTo(PEOPLE.grakun.telegram).length;
    expect(cards).toBeLessThanOrEqual(1);
    expect(h.app.metrics.eventsReceived.get({ event: 'ONCRMDEALADD' })).toBe(
      accepted - h.app.metrics.eventsDeduplicated.get(),
    );
    expect((await fetch(`${h.botUrl}/healthz`)).status).toBe(200);
    console.log(`fuzz: 1500 requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, accepted ${accepted}`);
  });

  it('when random or foreign button data is pressed, then it is refused and changes nothing', async () => {
    const id = await h.sim.createDeal(sampleDeal(2, PEOPLE.ivanov.id));
    await settle(h.app);
    const card = h.messagesTo(PEOPLE.ivanov.telegram).at(-1)!;
    const data = [
      ...card.buttons.flatMap((b) => (b.callback_data ? [b.callback_data] : [])),
      'claim:999999',
      'reassign-to:1:7',
      'pay-yes:1',
      'fu-called:1',
      'fa-done:1',
      'remind:1',
      junk(20),
      '',
    ];
    for (let i = 0; i < 60; i++)
      await h.pressData(
        pick([PEOPLE.grakun.telegram, PEOPLE.director.telegram, 4242, 5555]),
        card.messageId,
        pick(data).slice(0, 64),
      );
    expect(h.app.ctx.assignments.latestForDeal(id)?.status).toBe('pending');
    expect(h.sim.deal(id)?.ASSIGNED_BY_ID).toBe(String(PEOPLE.ivanov.id));
    expect((await fetch(`${h.botUrl}/healthz`)).status).toBe(200);
  });

  it('when the parser gets 5,000 random texts, then it never throws and answers the contract shape', () => {
    const words = [
      'оплачен',
      'счет',
      '№',
      '2018/943',
      'сч.',
      '4 000',
      'руб',
      'ИНН',
      '7806210729',
      'из',
      'ждём',
      'возврат',
      'НДС',
      'т.р.',
      'млн',
      '/',
      '-',
      ',',
      '\n',
      'коп',
    ];
    for (let i = 0; i < 5000; i++) {
      const text =
        i % 2
          ? junk(Math.floor(rand() * 200))
          : Array.from({ length: Math.floor(rand() * 15) }, () => pick(words)).join(' ');
      const n = parsePaymentNotice(text);
      expect(typeof n.isPayment).toBe('boolean');
      expect(Array.isArray(n.invoices)).toBe(true);
      expect(n.amount === null || Number.isFinite(n.amount)).toBe(true);
      expect(n.inn === null || /^\d{10}(\d{2})?$/.test(n.inn)).toBe(true);
    }
  });
});
