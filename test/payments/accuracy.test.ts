import { describe, expect, it } from 'vitest';
import { addAccuracy, scoreParser, type LabelledMessage } from '../../src/payments/accuracy';

const none = { isPayment: false, invoices: [], amount: null, inn: null, partial: false };
const paid = { isPayment: true, invoices: ['943'], amount: 4000, inn: null, partial: false };

describe('scoreParser', () => {
  it('when one field of one message is wrong, then that message is not exact, the field and its kind count it, and the miss names it', () => {
    const rows: LabelledMessage[] = [
      { text: 'оплачен 943 на 4000', kind: 'chat', expect: paid },
      { text: 'привет', kind: 'chat', expect: none },
      { text: 'оплачен 943 на 5000', kind: 'sms', expect: { ...paid, amount: 5000 } },
    ];
    const a = scoreParser(rows, (text) => (text.startsWith('оплачен') ? paid : none));
    expect(a).toMatchObject({
      messages: 3,
      exact: 2,
      fields: { isPayment: 3, invoices: 3, amount: 2, inn: 3, partial: 3 },
      kinds: { chat: [2, 2], sms: [0, 1] },
    });
    expect(a.misses).toEqual([
      { line: 3, kind: 'sms', text: 'оплачен 943 на 5000', fields: [{ field: 'amount', got: 4000, want: 5000 }] },
    ]);
  });

  it('when invoices come in another order, then it is a miss (the order is part of the answer), and two sets add up', () => {
    const row: LabelledMessage = { text: 'x', expect: { ...paid, invoices: ['1', '2'] } };
    const a = scoreParser([row], () => ({ ...paid, invoices: ['2', '1'] }));
    expect(a.exact).toBe(0);
    const b = scoreParser([row], () => ({ ...paid, invoices: ['1', '2'] }));
    expect(addAccuracy(a, b)).toMatchObject({ messages: 2, exact: 1, kinds: { unlabelled: [1, 2] } });
  });
});
