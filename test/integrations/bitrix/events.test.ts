import { describe, expect, it } from 'vitest';
import { readDealEvent } from '../../../src/integrations/bitrix/events';

const TOKEN = '51856fefc120afa4b628cc82d3935cce';
const flat = (over: Record<string, string> = {}) => ({
  event: 'ONCRMDEALADD',
  event_handler_id: '185',
  'data[FIELDS][ID]': '6641',
  ts: '1735374081',
  'auth[application_token]': TOKEN,
  ...over,
});

describe('readDealEvent', () => {
  it('when a form-encoded event has the right token, then it yields the deal id and a dedup key', () => {
    expect(readDealEvent(flat(), TOKEN)).toEqual({
      ok: true,
      event: 'ONCRMDEALADD',
      dealId: 6641,
      ts: '1735374081',
      dedupKey: 'ONCRMDEALADD:6641:1735374081',
    });
  });

  it('when the body is nested JSON, then it is read the same way', () => {
    const v = readDealEvent(
      { event: 'onCrmDealUpdate', data: { FIELDS: { ID: 5 } }, ts: 1, auth: { application_token: TOKEN } },
      TOKEN,
    );
    expect(v).toMatchObject({ ok: true, event: 'ONCRMDEALUPDATE', dealId: 5 });
  });

  it('when the token is wrong or missing, then 401 comes before any other check', () => {
    expect(readDealEvent(flat({ 'auth[application_token]': 'x' }), TOKEN)).toMatchObject({ ok: false, status: 401 });
    expect(readDealEvent({ event: 'garbage' }, TOKEN)).toMatchObject({ ok: false, status: 401 });
  });

  it('when fields are malformed, then 400 says which', () => {
    expect(readDealEvent(flat({ 'data[FIELDS][ID]': '' }), TOKEN)).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringContaining('data[FIELDS][ID]'),
    });
    expect(readDealEvent(flat({ event: 'ONCRMLEADADD' }), TOKEN)).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringContaining('event must be'),
    });
    const { ts: _ts, ...noTs } = flat();
    expect(readDealEvent(noTs, TOKEN)).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining('ts') });
    expect(readDealEvent('text', TOKEN)).toMatchObject({ ok: false, status: 400 });
  });
});
