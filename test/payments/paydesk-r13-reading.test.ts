/** reading.ts: a bare number read as a sum or a number (money from an INN alone: parse-r14.test.ts). */
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../src/kernel/ports';
import { bareNumber, numberReadAsSum, readBareNumber } from '../../src/payments/reading';

const inv = (number: string, amount: number): Invoice => ({
  kind: 'smart',
  id: amount,
  number,
  title: '',
  amount,
  currency: 'RUB',
  stageId: 'N',
  paid: false,
  isNew: true,
  dealId: 1,
  companyId: 1,
  contactId: null,
  companyTitle: 'ЭЛЕКСИС ООО',
  responsibleId: 1,
});

describe('readBareNumber', () => {
  it('reads the number as the sum only when no open invoice has it and exactly one payer invoice has that sum', () => {
    expect(readBareNumber(4000, null, [inv('2018/943', 4000), inv('2018/944', 5000)])).toMatchObject({
      kind: 'sum',
      invoice: { number: '2018/943' },
    });
    expect(readBareNumber(4000, inv('4000', 9000), [inv('2018/944', 5000)])).toEqual({ kind: 'number' });
    expect(readBareNumber(4000, inv('4000', 9000), [inv('2018/943', 4000)]).kind).toBe('ask');
    expect(readBareNumber(4000, null, [inv('2018/943', 4000), inv('2018/945', 4000)]).kind).toBe('ask');
    expect(readBareNumber(4000, null, []).kind).toBe('ask');
  });
  it('takes a number with no separator as bare', () => {
    expect(bareNumber('4000')).toBe(4000);
    expect(bareNumber('2018/943')).toBeNull();
  });
});

describe('numberReadAsSum', () => {
  it('names the bare number a prompt took for its sum', () => {
    expect(numberReadAsSum('ЭЛЕКСИС оплатил 4000', 4000, '2018/943')).toBe('4000');
    expect(numberReadAsSum('ЭЛЕКСИС оплатил 2018/943 на 4000', 4000, '2018/943')).toBeNull();
  });
});
