import { describe, expect, it } from 'vitest';
import { disjoint } from '../../src/kernel/desk';
import { buttons, decodeButton } from '../../src/kernel/buttons';

describe('handler tables have one owner per key', () => {
  it('when two desks handle the same key, then it does not compile and throws at composition', () => {
    const deals = { claim: () => 'deals' };
    const payments = { claim: () => 'payments' };
    // @ts-expect-error two desks own "claim": the compiler refuses the merge
    expect(() => disjoint(deals, payments)).toThrow('two desks handle "claim"');
    expect(Object.keys(disjoint(deals, { payYes: () => 'payments' }))).toEqual(['claim', 'payYes']);
  });
});

describe('button codecs', () => {
  const codecs = Object.entries(buttons);

  it('when verbs are listed, then each is unique and has no separator in it', () => {
    const verbs = codecs.map(([, c]) => c.verb);
    expect(new Set(verbs).size).toBe(verbs.length);
    for (const v of verbs) expect(v).not.toContain(':');
  });

  it('when every argument is as long as it may be, then the data fits Telegram’s 64 bytes and decodes to itself', () => {
    // core.telegram.org/bots/api#inlinekeyboardbutton: callback_data is 1-64 bytes.
    const longest: Record<string, string | number> = {
      assignmentId: 999_999_999_999,
      userId: 999_999_999_999,
      promptId: 999_999_999_999,
      choiceId: 999_999_999_999,
      followUpId: 999_999_999_999,
      index: 99,
      days: 90,
      choice: 'telegram',
      period: 'month',
      level: 99,
      minutes: 60,
      bundleId: 999_999_999_999,
      page: 999_999_999_999,
    };
    for (const [name, c] of codecs) {
      const data = (c.encode as (a: Record<string, string | number>) => string)(longest);
      expect(Buffer.byteLength(data), data).toBeLessThanOrEqual(64);
      expect(decodeButton(data)?.button, data).toBe(name);
    }
  });
});
