/**
 * REST calls per chunk of events (issue 17): the portal allows 2 requests a second, so a pass that
 * reads a chunk's deals and then, in further calls, their clients and assignees waits a pacing slot
 * for each. One `batch` reads them all: the dependent commands take the deal's fields with
 * `$result[…]` (settings/how-to-call-rest-api/batch.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE } from '../../simulator/harness';
import { sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('REST calls per chunk of events', () => {
  it('when a few new deals with contacts and companies come for two managers, then their deals, clients and assignees are read in one request, and each card shows the client', async () => {
    h = await Harness.start();
    const sim = h.sim;
    // A first deal loads the directory (people, departments, pipelines) as any first pass does.
    await sim.createDeal(sampleDeal(9));
    await settle(h.app);
    const before = sim.calls.length;
    const company = sim.addCompany({ title: 'ЭЛЕКСИС ООО' });
    for (let n = 1; n <= 4; n++) {
      const contact = sim.addContact({
        name: `Клиент${n}`,
        lastName: 'Петров',
        phone: `+7 921 000-00-0${n}`,
        companyId: company,
      });
      await sim.createDeal({
        ...sampleDeal(n, n % 2 ? PEOPLE.grakun.id : PEOPLE.ivanov.id),
        CONTACT_ID: String(contact),
        COMPANY_ID: String(company),
      });
    }
    await settle(h.app); // one pass: the four events are one chunk
    const reads = sim.calls.slice(before).filter((c) => c.method !== 'crm.timeline.comment.add');
    expect(reads.map((c) => c.method)).toEqual(['batch']);
    for (const [p, n] of [
      [PEOPLE.grakun, 1],
      [PEOPLE.ivanov, 2],
    ] as const) {
      const card = h.messagesTo(p.telegram).find((m) => m.text.includes(`Заявка #${n}:`));
      expect(card?.text).toContain(`Клиент${n} Петров`);
      expect(card?.text).toContain('ЭЛЕКСИС ООО');
    }
  });

  it('when twenty new deals of two managers come at once, then the deals are one request and their clients and assignees one more, with no user.get apiece', async () => {
    h = await Harness.start();
    const sim = h.sim;
    await sim.createDeal(sampleDeal(99));
    await settle(h.app);
    const before = sim.calls.length;
    for (let n = 1; n <= 20; n++) {
      const contact = sim.addContact({ name: `Клиент${n}`, lastName: 'Петров', phone: '+7 921 000-00-01' });
      await sim.createDeal({
        ...sampleDeal(n, n % 2 ? PEOPLE.grakun.id : PEOPLE.ivanov.id),
        CONTACT_ID: String(contact),
      });
    }
    await settle(h.app);
    const reads = sim.calls.slice(before).filter((c) => c.method !== 'crm.timeline.comment.add');
    expect(reads.map((c) => c.method)).toEqual(['batch', 'batch']);
    expect(h.messagesTo(PEOPLE.ivanov.telegram).find((m) => m.text.includes('Заявка #20:'))?.text).toContain(
      'Клиент20 Петров',
    );
  });

  it('when fifty new deals of two managers come at once, then their deals are one request and their clients and assignees one more', async () => {
    h = await Harness.start();
    const sim = h.sim;
    await sim.createDeal(sampleDeal(99));
    await settle(h.app);
    const before = sim.calls.length;
    const company = sim.addCompany({ title: 'ЭЛЕКСИС ООО' });
    for (let n = 1; n <= 50; n++) {
      const contact = sim.addContact({ name: `Клиент${n}`, lastName: 'Петров', phone: '+7 921 000-00-01' });
      await sim.createDeal({
        ...sampleDeal(n, n % 2 ? PEOPLE.grakun.id : PEOPLE.ivanov.id),
        CONTACT_ID: String(contact),
        ...(n % 10 === 0 ? { COMPANY_ID: String(company) } : {}),
      });
    }
    await settle(h.app); // one pass: the fifty events are one chunk
    const reads = sim.calls.slice(before).filter((c) => c.method !== 'crm.timeline.comment.add');
    expect(reads.map((c) => c.method)).toEqual(['batch', 'batch']);
    const cards = [PEOPLE.grakun, PEOPLE.ivanov].flatMap((p) =>
      (h?.messagesTo(p.telegram) ?? []).filter((m) => /Заявка #\d+:/.test(m.text)),
    );
    const numbers = new Set(cards.map((m) => Number(/Заявка #(\d+):/.exec(m.text)?.[1])));
    expect([...numbers].filter((n) => n >= 1 && n <= 50)).toHaveLength(50);
    for (const n of [7, 50]) {
      const card = cards.find((m) => m.text.includes(`Заявка #${n}:`));
      expect(card?.text).toContain(`Клиент${n} Петров`);
      expect(card?.text).toContain('+79210000001'); // PHONE, a multiple field, comes only when selected
      if (n === 50) expect(card?.text).toContain('ЭЛЕКСИС ООО');
    }
  });

  it('when one of many new deals names a contact the portal does not have, then that deal still gets its card with what was read, and the others their clients', async () => {
    h = await Harness.start();
    const sim = h.sim;
    await sim.createDeal(sampleDeal(99));
    await settle(h.app);
    for (let n = 1; n <= 20; n++) {
      const contact = n === 5 ? 987_654 : sim.addContact({ name: `Клиент${n}`, lastName: 'Петров' });
      await sim.createDeal({ ...sampleDeal(n, PEOPLE.ivanov.id), CONTACT_ID: String(contact) });
    }
    await settle(h.app);
    const cards = h.messagesTo(PEOPLE.ivanov.telegram);
    expect(cards.find((m) => m.text.includes('Заявка #5:'))?.text).not.toContain('Клиент');
    expect(cards.find((m) => m.text.includes('Заявка #6:'))?.text).toContain('Клиент6 Петров');
    expect(h.app.db.prepare('SELECT count(*) AS n FROM inbound_events WHERE processed_at IS NULL').get()).toEqual({
      n: 0,
    });
  });
});

describe('the sweep’s paging is bounded', () => {
  it('when 120 deals changed without events, then a sweep lists at most maxPages pages and the next sweeps read on from the last deal listed until every card is out', async () => {
    h = await Harness.start({ rules: { reconcile: { maxPages: 1 } } });
    const sim = h.sim;
    await h.app.reconcile(); // the first sweep sets the cursor (never bounded)
    for (let n = 1; n <= 120; n++) {
      h.clock.advance(1000); // one a second: DATE_MODIFY moves on
      await sim.createDeal(sampleDeal(n, n % 2 ? PEOPLE.grakun.id : PEOPLE.ivanov.id), { emit: false });
    }
    const lists = () => sim.calls.filter((c) => c.method === 'crm.deal.list').length;
    const cards = () =>
      [PEOPLE.grakun, PEOPLE.ivanov]
        .flatMap((p) => h?.messagesTo(p.telegram) ?? [])
        .filter((m) => m.text.includes('Заявка #'));
    const perSweep: number[] = [];
    for (let i = 0; i < 4; i++) {
      h.clock.advance(60_000);
      const before = lists();
      await h.app.reconcile();
      perSweep.push(lists() - before);
      await settle(h.app);
    }
    expect(perSweep).toEqual([1, 1, 1, 1]);
    const titles = new Set(cards().map((m) => /Заявка #(\d+):/.exec(m.text)?.[1]));
    expect(titles.size).toBe(120);
  });
});
