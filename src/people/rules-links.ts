/**
 * The rules file's people.links applied at start (and by the doctor). A line never takes over a
 * link a person made themselves in the bot (/start with their phone or a code: proven by the
 * account's holder): the same Telegram account linked to someone else, or this person linked to
 * another account. Taking it over would send one person's prompts — «✅ Да, оплачен» included — to
 * another's phone; so the line is refused, logged as an error and shown to the admins instead.
 * An admin's /unlink of a line (kv linkOverridden) keeps winning over the line, as before.
 */
import type { KvStore } from '../store/db';
import type { DeskContext } from '../kernel/context';
import { sendToPerson, personName } from '../kernel/delivery';
import { kvKey, messageKey } from '../kernel/keys';
import { ops } from '../texts';
import type { PeopleStore } from './store';

export interface RulesLink {
  bitrixUserId: number;
  telegramUserId: number;
}

/** What became of one people.links line: `index` is its place in the list (rules.people.links.<index>). */
export type RulesLinkOutcome =
  | { kind: 'applied'; index: number; link: RulesLink }
  | { kind: 'unlinked'; index: number; link: RulesLink }
  | { kind: 'selfLinked'; index: number; link: RulesLink; self: { bitrixUserId: number; telegram: string } };

/**
 * Applies each line that neither an admin's /unlink nor a person's own link stands against.
 * `now` is epoch ms (the link's time). Writes to the store; throws only what the database throws.
 */
export function applyRulesLinks(
  store: PeopleStore,
  kv: KvStore,
  links: ReadonlyArray<RulesLink>,
  now: number,
): RulesLinkOutcome[] {
  return links.map((link, index): RulesLinkOutcome => {
    const tg = String(link.telegramUserId);
    if (kv.get(kvKey.linkOverridden(link.bitrixUserId)) === tg) return { kind: 'unlinked', index, link };
    const self = store.selfLinkAgainst(link.bitrixUserId, tg);
    if (self) return { kind: 'selfLinked', index, link, self };
    store.link(link.bitrixUserId, tg, 'config', now);
    return { kind: 'applied', index, link };
  });
}

/**
 * Each refused line: an error log line now (ids only: the directory is not loaded yet), and the
 * admins (directors when none) told once per line at the directory's first load, with names.
 */
export function tellRefusedLinks(
  ctx: DeskContext,
  refused: ReadonlyArray<RulesLinkOutcome & { kind: 'selfLinked' }>,
): void {
  if (refused.length === 0) return;
  for (const r of refused)
    ctx.log.error(
      { line: `rules.people.links.${r.index}`, ...r.link, selfLinked: r.self },
      'a people.links line would take over a link a person made in the bot: not applied until the rules are fixed',
    );
  let told = false;
  ctx.events.on('directoryLoaded', () => {
    if (told) return;
    told = true;
    const { admins, directors } = ctx.rules.people;
    ctx.tx(() => {
      for (const r of refused) {
        const text = ops.rulesLinkRefused({
          line: `people.links.${r.index}`,
          ruled: `${personName(ctx, r.link.bitrixUserId)} (${r.link.bitrixUserId})`,
          telegram: String(r.link.telegramUserId),
          self: `${personName(ctx, r.self.bitrixUserId)} (${r.self.bitrixUserId})`,
          selfTelegram: r.self.telegram,
        });
        for (const id of admins.length ? admins : directors)
          sendToPerson(ctx, id, messageKey.rulesLinkRefused(r.link.bitrixUserId, r.link.telegramUserId, id), { text });
      }
    });
  });
}
