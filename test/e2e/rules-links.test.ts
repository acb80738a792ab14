/**
 * A people.links line in the rules never takes over a link a person made in the bot themselves
 * (src/people/rules-links.ts): else one person's cards and «✅ Да, оплачен» would reach another's phone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, PEOPLE, waitFor } from '../../simulator/harness';
import { companyRules, sampleDeal } from '../../simulator/portal-fixture';
import { settle } from '../../simulator/settle';
import { KvStore, migrate, openDb } from '../../src/store/db';
import { PeopleStore } from '../../src/people/store';
import { applyRulesLinks } from '../../src/people/rules-links';
import { parseRules } from '../../src/config';
import { doctorReport, harnessEnv, withRulesFile } from '../support/doctor-run';
import { loadRulesForDoctor } from '../../src/doctor';
import { kvKey } from '../../src/kernel/keys';

const base = companyRules();
const linksWithout = (id: number) => base.people!.links!.filter((l) => l.bitrixUserId !== id);
let h: Harness | null = null;
let dir = '';
afterEach(async () => {
  await h?.stop();
  h = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a rules line against a person’s own link', () => {
  it('when the rules give Иванов the Telegram account Гракун linked herself, then the line is refused at the next start, the admin is told, and Иванов’s deal does not reach Гракун’s phone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'b24bot-links-'));
    h = await Harness.start({
      dbDir: dir,
      rules: { people: { ...base.people, links: linksWithout(PEOPLE.grakun.id) } },
    });
    await h.shareContact(PEOPLE.grakun.telegram, '+79211112233');
    expect(h.app.ctx.reach.telegramOf(PEOPLE.grakun.id)).toBe(String(PEOPLE.grakun.telegram));
    await h.stop();

    // The admin's slip: Иванов's line carries Гракун's Telegram id.
    const links = [
      ...linksWithout(PEOPLE.grakun.id).filter((l) => l.bitrixUserId !== PEOPLE.ivanov.id),
      { bitrixUserId: PEOPLE.ivanov.id, telegramUserId: PEOPLE.grakun.telegram },
    ];
    h = await Harness.start({ dbDir: dir, rules: { people: { ...base.people, links } } });
    await settle(h.app);
    expect(h.app.ctx.reach.telegramOf(PEOPLE.grakun.id)).toBe(String(PEOPLE.grakun.telegram));
    // The rules no longer name Иванов's earlier account: that link went too (he can link again by /start).
    expect(h.app.ctx.reach.telegramOf(PEOPLE.ivanov.id)).toBeNull();
    // Told at start, with names (the directory is read for it), before any deal or command.
    await waitFor(async () => {
      await settle(h!.app); // the outbox row is sent by the next pass
      return h!.messagesTo(PEOPLE.director.telegram).some((m) => m.text.includes('не применил'));
    }, 'the admin told of the refused line');
    const told = h.messagesTo(PEOPLE.director.telegram).map((m) => m.text);
    expect(told.filter((t) => t.includes(`не применил`))).toHaveLength(1);
    expect(told.find((t) => t.includes('не применил'))).toContain(`people.links.${links.length - 1}`);
    expect(told.find((t) => t.includes('не применил'))).toContain('Гракун');
    const before = h.messagesTo(PEOPLE.grakun.telegram).length;
    await h.sim.createDeal(sampleDeal(1, PEOPLE.ivanov.id));
    await settle(h.app);
    expect(h.messagesTo(PEOPLE.grakun.telegram)).toHaveLength(before);
  });
});

describe('/unlink of the link that stood against a line', () => {
  it('when an admin unlinks the account that took a person’s line, then the line applies at once and the reply says so', async () => {
    dir = mkdtempSync(join(tmpdir(), 'b24bot-links-'));
    h = await Harness.start({
      dbDir: dir,
      rules: { people: { ...base.people, links: linksWithout(PEOPLE.grakun.id) } },
    });
    // Another account proves Гракун's number (a shared phone): it becomes Гракун's own link.
    await h.shareContact(6000, '+79211112233');
    expect(h.app.ctx.reach.telegramOf(PEOPLE.grakun.id)).toBe('6000');
    await h.stop();
    h = await Harness.start({ dbDir: dir });
    await settle(h.app);
    expect(h.app.ctx.reach.telegramOf(PEOPLE.grakun.id)).toBe('6000');
    await h.sendCommand(PEOPLE.director.telegram, `/unlink ${PEOPLE.grakun.id}`);
    const reply = h.messagesTo(PEOPLE.director.telegram).at(-1)?.text ?? '';
    expect(reply).toContain('Отвязал: Гракун Екатерина');
    expect(reply).toContain(`Строка из people.links применена: Гракун Екатерина — Telegram ${PEOPLE.grakun.telegram}`);
    expect(h.app.ctx.reach.telegramOf(PEOPLE.grakun.id)).toBe(String(PEOPLE.grakun.telegram));
  });
});

describe('the doctor beside a running bot', () => {
  it('when the rules file does not load, then doctor unlinks nobody (the defaults have no links) and says the links wait for the file', async () => {
    h = await Harness.start();
    const before = h.app.ctx.reach.telegramOf(PEOPLE.director.id);
    expect(before).toBe(String(PEOPLE.director.telegram));
    const { out } = await withRulesFile('claim:\n  timeout: "10 минут"\n', (path) => {
      const loaded = loadRulesForDoctor(path);
      expect(loaded.problems.join()).toContain('claim.timeout');
      return doctorReport(harnessEnv(h!), loaded.rules, loaded.problems);
    });
    expect(out).toContain('people.links are checked once the rules file loads');
    expect(out).not.toContain('unlinked');
    expect(h.app.ctx.reach.telegramOf(PEOPLE.director.id)).toBe(before);
  });

  it('when a line left the file, then doctor says the link goes at the next start, and leaves it until then', async () => {
    h = await Harness.start();
    const { out } = await doctorReport(
      harnessEnv(h),
      parseRules(companyRules({ people: { ...base.people, links: linksWithout(PEOPLE.ivanov.id) } })),
    );
    expect(out).toContain(`Telegram ${PEOPLE.ivanov.telegram} is linked to`);
    expect(out).toContain("unlinked at the bot's next start");
    expect(h.app.ctx.reach.telegramOf(PEOPLE.ivanov.id)).toBe(String(PEOPLE.ivanov.telegram));
  });
});

describe('applyRulesLinks', () => {
  const setup = () => {
    const db = openDb(':memory:');
    migrate(db);
    return { db, store: new PeopleStore(db), kv: new KvStore(db) };
  };

  it('when the rules link a person who linked another account herself, then her own link stays and the line is refused', () => {
    const { store, kv } = setup();
    store.link(7, '5007', 'self', 1);
    const out = applyRulesLinks(store, kv, [{ bitrixUserId: 7, telegramUserId: 5099 }], 2);
    expect(out.lines).toEqual([
      {
        kind: 'selfLinked',
        index: 0,
        link: { bitrixUserId: 7, telegramUserId: 5099 },
        self: { bitrixUserId: 7, telegram: '5007' },
      },
    ]);
    expect(store.telegramOf(7)).toBe('5007');
    expect(store.personOfTelegram('5099')).toBeNull();
  });

  it('when a line agrees with a person’s own link, or takes over a link the rules made earlier, then it is applied', () => {
    const { store, kv } = setup();
    store.link(7, '5007', 'self', 1);
    store.link(8, '5008', 'config', 1);
    const out = applyRulesLinks(
      store,
      kv,
      [
        { bitrixUserId: 7, telegramUserId: 5007 },
        { bitrixUserId: 9, telegramUserId: 5008 },
      ],
      2,
    );
    expect(out.lines.map((o) => o.kind)).toEqual(['applied', 'applied']);
    expect(store.telegramOf(7)).toBe('5007');
    expect(store.personOfTelegram('5008')).toBe(9);
  });

  it('when an admin unlinked the line’s very link, then it stays unlinked', () => {
    const { store, kv } = setup();
    kv.set(kvKey.linkOverridden(8), '5008');
    const out = applyRulesLinks(store, kv, [{ bitrixUserId: 8, telegramUserId: 5008 }], 2);
    expect(out.lines.map((o) => o.kind)).toEqual(['unlinked']);
    expect(store.telegramOf(8)).toBeNull();
  });

  it('when a line the rules had is gone from the file, then its link goes, and a link made in the bot stays', () => {
    const { store, kv } = setup();
    store.link(7, '5007', 'self', 1);
    store.link(8, '5008', 'config', 1);
    store.link(9, '5009', 'config', 1);
    const out = applyRulesLinks(store, kv, [{ bitrixUserId: 9, telegramUserId: 5009 }], 2);
    expect(out.dropped).toEqual([{ bitrixUserId: 8, telegram: '5008' }]);
    expect(store.telegramOf(8)).toBeNull();
    expect(store.telegramOf(7)).toBe('5007');
    expect(store.telegramOf(9)).toBe('5009');
  });
});
