import { afterEach, describe, expect, it } from 'vitest';
import { BitrixClient } from '../../../src/integrations/bitrix/client';
import { BitrixInvoices } from '../../../src/integrations/bitrix/invoices';
import { BitrixSimulator, type SimulatorOptions } from '../../../simulator/bitrix-portal';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A portal with two client companies (one with an INN) and invoices of one kind in several states. */
async function portal(kind: 'smart' | 'legacy', opts: SimulatorOptions = {}) {
  const sim = await BitrixSimulator.start({ rateLimit: false, ...opts });
  cleanup.push(() => sim.stop());
  const romashka = sim.addCompany({ title: 'ООО «Ромашка»', inn: '7701234567' });
  const vasilek = sim.addCompany({ title: 'АО «Василёк»' });
  const ids = {
    newOne: sim.addInvoice({
      kind,
      number: '2018/943',
      amount: 15000,
      dealId: 7,
      companyId: romashka,
      contactId: 3,
      responsibleId: 5,
    }),
    sent: sim.addInvoice({
      kind,
      number: '2018/944',
      title: 'Монтаж',
      amount: 2500.5,
      companyId: romashka,
      responsibleId: 6,
      status: 'sent',
    }),
    paid: sim.addInvoice({
      kind,
      number: '2018/945',
      amount: 100,
      companyId: romashka,
      responsibleId: 5,
      status: 'paid',
    }),
    other: sim.addInvoice({ kind, number: '2019/1943', amount: 700, companyId: vasilek, responsibleId: 5 }),
    noCompany: sim.addInvoice({ kind, number: '2019/12', amount: 50, contactId: 3, responsibleId: 5 }),
  };
  const client = new BitrixClient({ webhookUrl: sim.webhookUrl, requestsPerSecond: 1000, burst: 1000, maxRetries: 0 });
  return { sim, client, invoices: new BitrixInvoices(client, { kind }), romashka, vasilek, ids };
}

const methods = (sim: BitrixSimulator) => sim.calls.map((c) => c.method);

for (const kind of ['smart', 'legacy'] as const) {
  describe(`BitrixInvoices (${kind})`, () => {
    it('when searching by a number fragment, then every invoice containing it comes back mapped, newest first, with its company title', async () => {
      const { invoices, romashka, vasilek, ids } = await portal(kind);
      const found = await invoices.searchInvoicesByNumber('943');
      expect(found.map((i) => i.id)).toEqual([ids.other, ids.newOne]);
      expect(found[1]).toEqual({
        kind,
        id: ids.newOne,
        number: '2018/943',
        title: 'Счёт №2018/943',
        amount: 15000,
        currency: 'RUB',
        stageId: kind === 'smart' ? 'DT31_3:N' : 'N',
        paid: false,
        isNew: true,
        dealId: 7,
        companyId: romashka,
        contactId: 3,
        companyTitle: 'ООО «Ромашка»',
        responsibleId: 5,
      });
      expect(found[0]).toMatchObject({ companyId: vasilek, companyTitle: 'АО «Василёк»', dealId: null });
      expect(await invoices.searchInvoicesByNumber('nope')).toEqual([]);
      expect(await invoices.searchInvoicesByNumber('  ')).toEqual([]);
    });

    it('when unpaid invoices are listed for the companies of an INN, then paid ones are left out and titles come in one batch', async () => {
      const { sim, invoices, romashka, ids } = await portal(kind);
      expect(await invoices.findCompaniesByInn('7701234567')).toEqual([romashka]);
      expect(await invoices.findCompaniesByInn('0000000000')).toEqual([]);
      sim.resetCalls();
      const unpaid = await invoices.listUnpaidInvoices({ companyIds: [romashka] });
      expect(unpaid.map((i) => [i.id, i.paid, i.isNew])).toEqual([
        [ids.sent, false, false],
        [ids.newOne, false, true],
      ]);
      expect(unpaid[0]).toMatchObject({
        title: 'Монтаж',
        amount: 2500.5,
        responsibleId: 6,
        companyTitle: 'ООО «Ромашка»',
      });
      expect(methods(sim).filter((m) => m === 'batch')).toHaveLength(1);
      expect(await invoices.listUnpaidInvoices({ companyIds: [] })).toEqual([]);
    });

    it('when unpaid invoices are listed without companies, then all unpaid ones come newest first up to the limit', async () => {
      const { sim, invoices, ids } = await portal(kind);
      expect((await invoices.listUnpaidInvoices({})).map((i) => i.id)).toEqual([
        ids.noCompany,
        ids.other,
        ids.sent,
        ids.newOne,
      ]);
      const two = await invoices.listUnpaidInvoices({ limit: 2 });
      expect(two.map((i) => i.id)).toEqual([ids.noCompany, ids.other]);
      // A result with no company makes no batch.
      sim.resetCalls();
      const [only] = await invoices.searchInvoicesByNumber('2019/12');
      expect(only).toMatchObject({ companyId: null, companyTitle: null, contactId: 3 });
      expect(methods(sim)).not.toContain('batch');
    });

    it('when an invoice does not exist, then getInvoice answers null', async () => {
      const { invoices, ids } = await portal(kind);
      expect(await invoices.getInvoice(kind, 999)).toBeNull();
      expect(await invoices.getInvoice(kind, ids.paid)).toMatchObject({
        id: ids.paid,
        paid: true,
        isNew: false,
        number: '2018/945',
      });
    });

    it('when an invoice is marked paid, then it moves to the paid stage, and a second call writes nothing', async () => {
      const { sim, invoices, ids } = await portal(kind);
      await invoices.markInvoicePaid(kind, ids.sent);
      if (kind === 'smart')
        expect(sim.invoice('smart', ids.sent)).toMatchObject({ stageId: 'DT31_3:P', previousStageId: 'DT31_3:S' });
      else
        expect(sim.invoice('legacy', ids.sent)).toMatchObject({
          STATUS_ID: 'P',
          PAYED: 'Y',
          PAY_VOUCHER_DATE: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
        });
      expect(await invoices.getInvoice(kind, ids.sent)).toMatchObject({
        paid: true,
        stageId: kind === 'smart' ? 'DT31_3:P' : 'P',
      });

      sim.resetCalls();
      await invoices.markInvoicePaid(kind, ids.sent);
      await invoices.markInvoicePaid(kind, ids.paid);
      expect(methods(sim)).toEqual(
        kind === 'smart' ? ['crm.item.get', 'crm.item.get'] : ['crm.invoice.get', 'crm.invoice.get'],
      );
      expect(sim.eventsPosted).toEqual([]);
      await expect(invoices.markInvoicePaid(kind, 999)).rejects.toThrow(/not found/);
    });
  });
}

describe('BitrixInvoices: detection', () => {
  it('when the portal has smart invoices, then auto picks smart once and caches it', async () => {
    const { sim, client } = await portal('smart');
    const auto = new BitrixInvoices(client);
    sim.resetCalls();
    expect(await auto.invoiceKind()).toBe('smart');
    expect(await auto.invoiceKind()).toBe('smart');
    expect(methods(sim)).toEqual(['crm.item.list', 'crm.invoice.list']); // where the invoices are, asked once
    expect((await auto.searchInvoicesByNumber('2018/94')).map((i) => i.kind)).toEqual(['smart', 'smart', 'smart']);
  });

  it('when the portal runs without smart invoices, then auto picks legacy and works over crm.invoice.*', async () => {
    const { sim, client, ids } = await portal('legacy', { smartInvoices: false });
    const auto = new BitrixInvoices(client, { kind: 'auto' });
    expect(await auto.invoiceKind()).toBe('legacy');
    const unpaid = await auto.listUnpaidInvoices({});
    expect(unpaid.map((i) => [i.kind, i.id])).toEqual([
      ['legacy', ids.noCompany],
      ['legacy', ids.other],
      ['legacy', ids.sent],
      ['legacy', ids.newOne],
    ]);
    expect(methods(sim).filter((m) => m === 'crm.item.list')).toHaveLength(1);
  });

  it('when the smart stages are read, then the paid stage comes from the portal and stage lists are fetched once per category', async () => {
    const { sim, invoices, ids } = await portal('smart');
    await invoices.listUnpaidInvoices({});
    await invoices.searchInvoicesByNumber('2018');
    await invoices.markInvoicePaid('smart', ids.newOne);
    expect(methods(sim).filter((m) => m === 'crm.status.list')).toHaveLength(1);
    expect(methods(sim).filter((m) => m === 'crm.category.list')).toHaveLength(1);
    expect(sim.invoice('smart', ids.newOne)).toMatchObject({ stageId: 'DT31_3:P' });
  });
});
