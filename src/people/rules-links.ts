/**
 * The rules file's people.links applied at start (and by the doctor). A line never takes over a
 * link a person made themselves in the bot (/start with their phone or a code: proven by the
 * account's holder): the same Telegram account linked to someone else, or this person linked to
 * another account. Taking it over would send one person's prompts — «✅ Да, оплачен» included — to
 * another's phone; so the line is refused, logged as an error and shown to the admins instead.
 * An admin's /unlink of a line (kv linkOverridden) keeps winning over the line, as before. A link the
 * rules made whose line is gone (or changed, or refused) is removed: the file is the truth for the
 * links it makes — else an account struck from the file for being someone else's kept getting prompts.
 */
import type { KvStore } from '../store/db';
import type { DeskContext } from '../kernel/context';
import { sendToPerson, personName } from '../kernel/delivery';
import { kvKey, messageKey } from '../kernel/keys';
import { ops } from '../texts';
import { errorMessage } from '../kernel/errors';
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

/** A link the rules made at an earlier start whose line is no longer in the file. */
export interface DroppedLink {
  bitrixUserId: number;
  telegram: string;
}

/** What the rules' lines would do to the links now: read only, nothing written (the doctor shows it). */
export function planRulesLinks(
  store: PeopleStore,
  kv: KvStore,
  links: ReadonlyArray<RulesLink>,
): { lines: RulesLinkOutcome[]; dropped: DroppedLink[] } {
  const lines = links.map((link, index): RulesLinkOutcome => {
    const tg = String(link.telegramUserId);
    if (kv.get(kvKey.linkOverridden(link.bitrixUserId)) === tg) return { kind: 'unlinked', index, link };
    const self = store.selfLinkAgainst(link.bitrixUserId, tg);
    return self ? { kind: 'selfLinked', index, link, self } : { kind: 'applied', index, link };
  });
  const kept = new Set(
    lines.flatMap((o) => (o.kind === 'applied' ? [`${o.link.bitrixUserId}:${o.link.telegramUserId}`] : [])),
  );
  return { lines, dropped: store.configLinks().filter((l) => !kept.has(`${l.bitrixUserId}:${l.telegram}`)) };
}

/**
 * Applies each line that neither an admin's /unlink nor a person's own link stands against, and
 * removes the rules' earlier links no applied line names (planRulesLinks, then written). `now` is
 * epoch ms (the link's time). Throws only what the database throws; run it in one transaction.
 */
export function applyRulesLinks(
  store: PeopleStore,
  kv: KvStore,
  links: ReadonlyArray<RulesLink>,
  now: number,
): { lines: RulesLinkOutcome[]; dropped: DroppedLink[] } {
  const plan = planRulesLinks(store, kv, links);
  for (const o of plan.lines)
    if (o.kind === 'applied') store.link(o.link.bitrixUserId, String(o.link.telegramUserId), 'config', now);
  for (const l of plan.dropped) store.dropConfigLink(l.bitrixUserId, l.telegram);
  return plan;
}

/**
 * Each refused line: an error log line now (ids only: the directory is not loaded yet), and the
 * admins (directors when none) told once per line at the directory's first load, with names. Each
 * dropped link: a warning log line.
 */
export function reportRulesLinks(ctx: DeskContext, result: ReturnType<typeof applyRulesLinks>): void {
  for (const d of result.dropped)
    ctx.log.warn(
      { personId: d.bitrixUserId, telegram: d.telegram },
      'a link the rules made earlier is no longer in people.links: removed (the person can link again with /start)',
    );
  const refused = result.lines.flatMap((o) => (o.kind === 'selfLinked' ? [o] : []));
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
  // The directory is read lazily (a deal, a command): read it now, so the admins hear of it at start.
  void ctx.directory
    .fresh()
    .catch((e: unknown) =>
      ctx.log.warn(
        { err: errorMessage(e) },
        'could not read the portal’s people; the admins are told at its first read',
      ),
    );
}
