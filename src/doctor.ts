/**
 * `npm run cli -- doctor`: checks what an admin set up, says what is missing, and prints the
 * portal's pipelines and stage ids so the rules file can be filled without reading code.
 */
import { Bot } from 'grammy';
import { ConfigError, defaultRules, loadRulesFile, type Env, type Rules } from './config';
import { BitrixClient } from './integrations/bitrix/client';
import { BitrixCrm } from './integrations/bitrix/crm';
import { BitrixInvoices } from './integrations/bitrix/invoices';
import { openDb, migrate, KvStore } from './store/db';
import { kvKey } from './kernel/keys';
import { PeopleStore } from './people/store';
import { planRulesLinks } from './people/rules-links';
import { InboundStore } from './store/inbound';
import { supervisorOf } from './kernel/directory';
import { stagesNotInPipelines } from './app/stage-guard';
import type { Department, Person } from './kernel/ports';

/**
 * The scopes each part needs (each method page's "Scope:" line): crm.* → crm, user.get → user,
 * department.get → department, imbot.v2.* → imbot, im.notify.personal.add (the /code fallback) → im.
 */
function neededScopes(env: Env): Array<{ scope: string; forWhat: string }> {
  return [
    { scope: 'crm', forWhat: 'deals, invoices, to-dos' },
    { scope: 'user', forWhat: 'the people (user.get)' },
    { scope: 'department', forWhat: 'departments and their heads (escalation)' },
    { scope: 'im', forWhat: 'the /code notification (im.notify.personal.add)' },
    ...(env.BITRIX_BOT_ID ? [{ scope: 'imbot', forWhat: 'the Bitrix24 chat bot (imbot.v2.*)' }] : []),
  ];
}

const fullName = (p: Person | undefined, id: number) => (p ? `${p.lastName} ${p.name}`.trim() : `user ${id}`);

/**
 * Per watched manager, who hears escalation levels 1 and 2, walking the company structure as the
 * bot does (kernel/directory.ts supervisorOf; deals/escalation.ts recipientsOf).
 */
function escalationMap(
  rules: Rules,
  people: Map<number, Person>,
  departments: Map<number, Department>,
): { lines: string[]; problems: string[] } {
  const lines: string[] = [];
  const problems: string[] = [];
  for (const d of departments.values())
    if (d.headId && people.get(d.headId)?.active !== true)
      problems.push(
        `department «${d.name}» (${d.id}): its head ${fullName(people.get(d.headId), d.headId)} is not an active user — set an active head in Company structure, or level-1 alerts go up the tree`,
      );
  const levelOf = (level: number, managerId: number): number[] => {
    const rule = rules.escalation.levels[level - 1];
    if (!rule) return [];
    const ids =
      rule.notify === 'department_head'
        ? (() => {
            const head = supervisorOf(managerId, people, departments);
            return head !== null ? [head] : rules.people.directors;
          })()
        : rule.notify === 'directors'
          ? rules.people.directors
          : rule.notify;
    return [...new Set(ids)].filter((id) => id !== managerId && people.get(id)?.active === true);
  };
  const managers = [...people.values()].filter((p) => p.active && !rules.people.directors.includes(p.id));
  for (const m of managers.sort((a, b) => a.lastName.localeCompare(b.lastName, 'ru'))) {
    const who = [1, 2].map((l) => levelOf(l, m.id).map((id) => fullName(people.get(id), id)));
    lines.push(
      `    ${fullName(m, m.id)}: level 1 → ${who[0]?.join(', ') || 'nobody'}; level 2 → ${who[1]?.join(', ') || 'nobody'}`,
    );
    if (rules.escalation.levels.length >= 1 && who[0]?.length === 0)
      problems.push(
        `escalation level 1 of ${fullName(m, m.id)} reaches nobody — give the department an active head or list rules.people.directors`,
      );
  }
  return { lines, problems };
}

/**
 * The rules file, or — when it cannot be loaded (missing, not YAML, a field wrong) — its problems
 * and the defaults: doctor is what the errors send the admin to, so it must get past them.
 * @throws what is not a ConfigError (a bug, not the admin's file).
 */
export function loadRulesForDoctor(path: string): { rules: Rules; problems: string[] } {
  try {
    return { rules: loadRulesFile(path), problems: [] };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { rules: defaultRules(), problems: e.problems };
  }
}

type Out = (line: string) => void;

/** How long one check may wait for the portal or Telegram by default (s): a healthy one answers in one or two. */
export const DEFAULT_CHECK_TIMEOUT_S = 10;

export interface DoctorOptions {
  /** Each check (one portal read, one Telegram call) gives up after this long (ms). Default DEFAULT_CHECK_TIMEOUT_S. */
  checkTimeoutMs?: number;
  /** Resolves `ms` later: real time by default; the tests' fake clock. */
  after?: (ms: number) => Promise<void>;
}

/** A check that got no answer within the doctor's timeout: the service took the connection and hangs. */
export class CheckHung extends Error {
  override readonly name = 'CheckHung';
  constructor(
    /** What was asked, e.g. «profile (reaching the portal)». */
    readonly check: string,
    readonly seconds: number,
  ) {
    super(`${check}: no answer within ${seconds} s`);
  }
}

const realAfter = (ms: number) =>
  new Promise<void>((resolve) => {
    // Unref'd: a check that answered must not keep the process waiting for its deadline.
    setTimeout(resolve, ms).unref();
  });

/**
 * Prints the checks line by line; 0 when all passed, 1 otherwise. `rulesProblems`: why the rules
 * file could not be loaded (loadRulesForDoctor) — then `rules` are the defaults. A portal or Telegram
 * that takes the connection and never answers costs `opts.checkTimeoutMs` per check, named in a ✘ line.
 */
export async function runDoctor(
  env: Env,
  rules: Rules,
  print: Out,
  rulesProblems: string[] = [],
  opts: DoctorOptions = {},
): Promise<number> {
  const timeoutMs = opts.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_S * 1000;
  // Each request is ended too, a second after its check gave up (so the ✘ line names the check, not
  // the client's own error): a hung one must not hold the process.
  const requestTimeoutMs = timeoutMs + 1000;
  const after = opts.after ?? realAfter;
  // A check hangs when no portal answer came for `timeoutMs`, not when it takes longer in all: a big
  // portal's user.get is tens of pages at 2 requests a second (each answer counts as progress).
  let answers = 0;
  const within = async <T>(check: string, work: Promise<T>): Promise<T> => {
    let done = false;
    const watchdog = async (): Promise<never> => {
      for (;;) {
        const seen = answers;
        await after(timeoutMs);
        if (done) return new Promise<never>(() => undefined);
        if (answers === seen) throw new CheckHung(check, timeoutMs / 1000);
      }
    };
    try {
      return await Promise.race([work, watchdog()]);
    } finally {
      done = true;
    }
  };
  const hung = (e: unknown, where: string) =>
    `${where} took the connection but did not answer ${(e as CheckHung).check} within ${(e as CheckHung).seconds} s (hung, or a proxy in front of it is) — \`npm run cli -- doctor --timeout 60\` waits longer`;
  let problems = 0;
  const ok = (s: string) => print(`  ✔ ${s}`);
  const bad = (s: string) => {
    problems++;
    print(`  ✘ ${s}`);
  };
  print('Configuration');
  for (const p of rulesProblems) bad(p);
  if (rulesProblems.length)
    print(`  ! the rules file ${env.RULES_PATH} is checked with the defaults until these are fixed`);
  else
    ok(
      `rules: ${rules.pipelines.length} pipeline(s), claim timeout ${rules.claim.timeout / 1000}s, ${rules.escalation.levels.length} escalation level(s)`,
    );
  if (!rulesProblems.length) {
    const first = rules.escalation.levels[0];
    if (first && first.after < rules.claim.timeout)
      bad(
        `rules.escalation.levels[0].after (${first.after / 1000}s) is earlier than claim.timeout (${rules.claim.timeout / 1000}s): the card says «взять до» the claim deadline, but the head is alerted before it — make level 1 at least claim.timeout`,
      );
  }
  const hours = rules.workingHours.aroundTheClock
    ? 'around the clock'
    : `${rules.workingHours.start}–${rules.workingHours.end}, days ${rules.workingHours.days.join(',')}, ${rules.workingHours.zone}`;
  // With a broken rules file these are the defaults, not what the file says: no ✔ for them.
  if (rulesProblems.length) print(`  ! working hours (the defaults meanwhile): ${hours}`);
  else ok(`working hours: ${hours}`);
  print(
    `Mode: events ${env.BITRIX_APP_TOKEN ? 'pushed to POST /bitrix/events + reconciliation sweep' : 'pull only (reconciliation sweep)'} every ${rules.reconcile.interval / 1000}s; Telegram ${env.TELEGRAM_BOT_TOKEN ? env.TELEGRAM_MODE : 'off (no TELEGRAM_BOT_TOKEN)'}`,
  );

  if (!env.TELEGRAM_BOT_TOKEN && !(env.BITRIX_BOT_ID && env.BITRIX_BOT_TOKEN))
    bad(
      'no messenger is configured: nobody can receive a card — set TELEGRAM_BOT_TOKEN, or run `npm run cli -- bitrix-bot register` and set BITRIX_BOT_ID and BITRIX_BOT_TOKEN',
    );

  print('Bitrix24');
  if (!env.BITRIX_WEBHOOK_URL)
    bad(
      `BITRIX_WEBHOOK_URL is not set — create an inbound webhook (Developer resources → Other → Inbound webhook, scopes ${neededScopes(
        env,
      )
        .map((n) => n.scope)
        .join(', ')}) and put its URL there`,
    );
  else {
    const webhookUrl = env.BITRIX_WEBHOOK_URL;
    const client = () =>
      new BitrixClient({
        webhookUrl,
        maxRetries: 1,
        timeoutMs: requestTimeoutMs,
        // Any answer is progress (an error too); an attempt that timed out (waitedMs) is not.
        onCall: (_method, _outcome, _code, _status, _description, waitedMs) => {
          if (waitedMs === undefined) answers++;
        },
      });
    const crm = new BitrixCrm(client(), { addressField: rules.portal.addressField });
    try {
      const me = await within('«profile» (reaching the portal)', crm.ping());
      ok(`reached ${crm.portalUrl} as user ${me.userId ?? '?'}`);
      // common/scope.md: the webhook's scopes; each missing one named with what it is for.
      const scopes = new Set(await within("«scope» (the webhook's scopes)", client().call<string[]>('scope')));
      const missing = neededScopes(env).filter((n) => !scopes.has(n.scope));
      for (const m of missing)
        bad(
          `the inbound webhook lacks the scope "${m.scope}" (for ${m.forWhat}) — add it in the webhook's settings (Developer resources → the inbound webhook → permissions) and save`,
        );
      if (!missing.length) ok(`webhook scopes: ${[...scopes].sort().join(', ')}`);
      if (missing.some((m) => m.scope === 'crm' || m.scope === 'user' || m.scope === 'department'))
        throw new Error('the webhook cannot read the CRM or the people without these scopes');
      const pipelines = await within('«crm.category.list», «crm.status.list» (the pipelines)', crm.listPipelines());
      print('  Pipelines (put categoryId and stage ids into the rules file):');
      for (const p of pipelines) {
        const rule = rules.pipelines.find((r) => r.categoryId === p.id);
        print(`    [${p.id}] ${p.name}${rule ? '  ← watched' : ''}`);
        for (const s of p.stages) {
          const mark = rule?.assignedStages.includes(s.id)
            ? '  ← assigned'
            : rule?.claimedStage === s.id
              ? '  ← on claim'
              : rule?.paidStage === s.id
                ? '  ← on payment'
                : '';
          print(
            `        ${s.id.padEnd(24)} ${s.name}${s.semantics === 'S' ? ' (won)' : s.semantics === 'F' ? ' (lost)' : ''}${mark}`,
          );
        }
      }
      for (const r of rules.pipelines)
        if (!pipelines.some((x) => x.id === r.categoryId))
          bad(`rules.pipelines: pipeline ${r.categoryId} does not exist on the portal`);
      // Every stage id the rules name: a typo in claimedStage or paidStage would move deals nowhere
      // (the bot says so at start too, app/stage-guard.ts).
      for (const m of stagesNotInPipelines(rules.pipelines, pipelines))
        bad(
          `rules.pipelines[${m.index}].${m.field}: stage ${m.stageId} is not in pipeline ${m.categoryId} «${m.pipeline.name}» — its stages: ${m.pipeline.stages.map((x) => x.id).join(', ')}`,
        );
      const invoices = new BitrixInvoices(client(), { kind: 'auto' });
      const found = await within(
        "the invoices' kind (crm.item.list, crm.invoice.list)",
        invoices.invoiceKindWithReason(),
      );
      const kind = rules.payments.invoiceKind === 'auto' ? found.kind : rules.payments.invoiceKind;
      const label = (k: string) =>
        k === 'smart' ? 'smart invoices (crm.item, entityTypeId 31)' : 'legacy invoices (crm.invoice)';
      ok(`invoices: ${label(kind)}${rules.payments.invoiceKind === 'auto' ? ` — detected: ${found.why}` : ''}`);
      if (
        rules.payments.invoiceKind !== 'auto' &&
        found.kind !== rules.payments.invoiceKind &&
        !/no invoices yet/.test(found.why)
      )
        bad(
          `rules say payments.invoiceKind: ${rules.payments.invoiceKind}, but ${found.why} — set payments.invoiceKind: ${found.kind} (or auto), or no invoice number will ever be found`,
        );
      // Step 57's fields by the names the portal gives them (crm.item.fields / crm.invoice.fields): a
      // name it does not have is never checked (the bot says so at start too, app/required-fields-check.ts).
      const required = rules.payments.requiredInvoiceFields;
      if (required.length) {
        const fields = await within(
          "the invoices' fields (crm.item.fields, crm.invoice.fields)",
          new BitrixInvoices(client(), { kind, fields: required.map((f) => f.field) }).requiredFields(kind),
        );
        for (const [i, f] of required.entries())
          if (fields.unknown.includes(f.field))
            bad(
              `rules.payments.requiredInvoiceFields[${i}]: ${label(kind)} have no field ${f.field} («${f.label}») — the bot does not check it; the invoices' custom fields: ${fields.custom.join(', ') || 'none'}`,
            );
          else ok(`required invoice field ${f.field} («${f.label}») is read as ${fields.keys.get(f.field)}`);
      }
      for (const r of rules.pipelines.filter((x) => !x.paidStage))
        print(
          `  ! pipeline ${r.categoryId} has no paidStage: a confirmed payment marks the invoice but leaves the deal's stage alone`,
        );
      const everyone = await within('«user.get» (the people)', crm.listPeople());
      const people = everyone.filter((p) => p.active);
      // Every person the rules name must be a user of the portal (directors: [99] alerts nobody).
      const byId = new Map(everyone.map((p) => [p.id, p]));
      const namedPeople: Array<[string, number]> = rulesProblems.length
        ? []
        : [
            ...rules.people.directors.map((id): [string, number] => ['people.directors', id]),
            ...rules.people.admins.map((id): [string, number] => ['people.admins', id]),
            ...rules.people.accountants.map((id): [string, number] => ['people.accountants', id]),
            ...rules.people.deputies.flatMap(
              (d): Array<[string, number]> => [
                ['people.deputies userId', d.userId],
                ['people.deputies deputyId', d.deputyId],
              ],
            ),
            ...rules.people.links.map((l): [string, number] => ['people.links bitrixUserId', l.bitrixUserId]),
            ...rules.payments.announcers.map((id): [string, number] => ['payments.announcers', id]),
            ...rules.escalation.levels.flatMap((l, i) =>
              Array.isArray(l.notify)
                ? l.notify.map((id): [string, number] => [`escalation.levels[${i}].notify`, id])
                : [],
            ),
          ];
      let unknownPeople = false;
      for (const [field, id] of namedPeople) {
        const p = byId.get(id);
        if (!p) {
          unknownPeople = true;
          bad(`rules.${field}: user ${id} does not exist on the portal — put the id of a Bitrix24 user (listed below)`);
        } else if (!p.active) print(`  ! rules.${field}: ${fullName(p, id)} (${id}) is deactivated in Bitrix24`);
      }
      // The rules name people where ids belong (directors: [Петров]), or link one Telegram account
      // to two of them (config.ts repeatedLinks names them by id): here are the ids with the names.
      if (
        unknownPeople ||
        rulesProblems.some((p) => p.includes('is not a Bitrix24 user id') || p.startsWith('rules.people.links'))
      ) {
        print('  People and their Bitrix24 user ids (for people.*, escalation notify, payments.announcers):');
        for (const p of [...people].sort((a, b) => a.id - b.id)) print(`    ${p.id}  ${p.lastName} ${p.name}`);
      }
      const esc = escalationMap(
        rules,
        new Map(everyone.map((p) => [p.id, p])),
        new Map((await within('«department.get» (the departments)', crm.listDepartments())).map((d) => [d.id, d])),
      );
      print('  Escalation (who hears level 1 and level 2, per manager):');
      for (const l of esc.lines) print(l);
      // With a broken rules file the map is of the defaults: its problems are not the admin's.
      if (rulesProblems.length) print('  ! (the escalation above is of the defaults until the rules file is fixed)');
      else for (const p of esc.problems) bad(p);
      const db = openDb(env.DATABASE_PATH);
      migrate(db);
      // events/index.md: an outbound webhook posts ONCRMDEAL*; if the sweep found deals but no event ever came, it is missing.
      const seen = new InboundStore(db).crmOrigins();
      if (seen.sweeps > 0 && seen.events === 0)
        bad(
          `no outbound-webhook event has ever arrived, though the sweep found ${seen.sweeps} deal change(s): new deals wait up to ${rules.reconcile.interval / 1000}s — create an outbound webhook for ONCRMDEALADD and ONCRMDEALUPDATE pointing at PUBLIC_URL/bitrix/events and put its token in BITRIX_APP_TOKEN`,
        );
      const links = new PeopleStore(db);
      const kv = new KvStore(db);
      // Read only: the doctor may run beside the bot on its database, and with a broken rules file the
      // defaults (no links) would unlink everyone the file links.
      const plan = rulesProblems.length ? null : planRulesLinks(links, kv, rules.people.links);
      if (!plan) print('  ! people.links are checked once the rules file loads');
      for (const d of plan?.dropped ?? [])
        print(
          `  ! Telegram ${d.telegram} is linked to ${fullName(byId.get(d.bitrixUserId), d.bitrixUserId)} (${d.bitrixUserId}) by a people.links line that is gone: unlinked at the bot's next start (they can link again with /start)`,
        );
      for (const o of plan?.lines ?? []) {
        const l = o.link;
        if (o.kind === 'unlinked')
          print(
            `  ! rules.people.links: the link of ${fullName(byId.get(l.bitrixUserId), l.bitrixUserId)} (${l.bitrixUserId}) to Telegram ${l.telegramUserId} was removed by an admin's /unlink, which wins over the rules — remove it from people.links`,
          );
        else if (o.kind === 'selfLinked')
          bad(
            `rules.people.links.${o.index}: ${fullName(byId.get(l.bitrixUserId), l.bitrixUserId)} (${l.bitrixUserId}) → Telegram ${l.telegramUserId} is not applied: ${fullName(byId.get(o.self.bitrixUserId), o.self.bitrixUserId)} (${o.self.bitrixUserId}) linked Telegram ${o.self.telegram} in the bot themselves, and a rules line never takes over a person's own link — fix the line (each person's Telegram id is told on /start) or /unlink ${o.self.bitrixUserId}`,
          );
      }
      // The links as the bot will have them at its next start (the plan applied), as the list of the unlinked says.
      const dropped = new Set((plan?.dropped ?? []).map((d) => `${d.bitrixUserId}:${d.telegram}`));
      const allLinks = [
        ...links.allLinks().filter((l) => !dropped.has(`${l.bitrixUserId}:${l.telegram}`)),
        ...(plan?.lines ?? []).flatMap((o) =>
          o.kind === 'applied' ? [{ bitrixUserId: o.link.bitrixUserId, telegram: String(o.link.telegramUserId) }] : [],
        ),
      ].filter((l, i, all) => all.findIndex((x) => x.bitrixUserId === l.bitrixUserId) === i);
      const linked = new Set(allLinks.map((l) => l.bitrixUserId));
      db.close();
      for (const l of allLinks)
        if (!byId.has(l.bitrixUserId))
          bad(
            `Telegram account ${l.telegram} is linked to user ${l.bitrixUserId}, who does not exist on the portal — remove the link (people.links in the rules, or /unlink ${l.bitrixUserId})`,
          );
      const unlinked = people.filter((p) => !linked.has(p.id));
      if (unlinked.length) {
        print(
          `  People without a linked Telegram account (${unlinked.length}): ${env.BITRIX_BOT_ID ? 'they get cards in the Bitrix24 messenger' : 'they will get no cards'}`,
        );
        for (const p of unlinked) print(`    ${p.id}  ${p.lastName} ${p.name}`);
      } else ok('every active user has a linked Telegram account');
    } catch (e) {
      if (e instanceof CheckHung) bad(`${hung(e, `the portal ${crm.portalUrl}`)}; the other portal checks are skipped`);
      else
        bad(
          `cannot use the portal: ${(e as Error).message} — check the webhook URL and its scopes (${neededScopes(env)
            .map((n) => n.scope)
            .join(', ')})`,
        );
    }
  }

  print('Bitrix24 messenger');
  if (!env.BITRIX_BOT_ID || !env.BITRIX_BOT_TOKEN) {
    print(
      env.TELEGRAM_BOT_TOKEN
        ? '  ! the chat bot is not configured: cards go to Telegram only (`npm run cli -- bitrix-bot register` sets it up)'
        : '  ! the chat bot is not configured (`npm run cli -- bitrix-bot register` sets it up)',
    );
    // Only the chat bot reads a Bitrix24 chat (imbot.v2 events): without it the rules' chat is ignored.
    if (rules.payments.bitrixChatId && !rulesProblems.length)
      bad(
        `payments.bitrixChatId ${rules.payments.bitrixChatId} is set, but without the chat bot nobody reads that «Оплата» chat — run \`npm run cli -- bitrix-bot register\` and set BITRIX_BOT_ID and BITRIX_BOT_TOKEN, or remove payments.bitrixChatId${rules.payments.telegramChatId === undefined ? ' (the «Оплата» group in Telegram is payments.telegramChatId)' : ''}`,
      );
  } else if (env.BITRIX_WEBHOOK_URL) {
    try {
      const client = new BitrixClient({
        webhookUrl: env.BITRIX_WEBHOOK_URL,
        maxRetries: 1,
        timeoutMs: requestTimeoutMs,
      });
      const r = await within(
        '«imbot.v2.Bot.get» (the chat bot)',
        client.call<{ bot: { id: number; type: string; eventMode?: string } }>('imbot.v2.Bot.get', {
          botId: env.BITRIX_BOT_ID,
          botToken: env.BITRIX_BOT_TOKEN,
        }),
      );
      // bot-get.md: only the owner (this botToken) sees the extended format with eventMode.
      if (r.bot.eventMode === undefined)
        throw Object.assign(new Error('BITRIX_BOT_TOKEN is not this bot’s token'), { code: 'BOT_OWNERSHIP_ERROR' });
      ok(
        `chat bot ${r.bot.id} (${r.bot.type}, events by ${r.bot.eventMode}); people get cards there by default: ${rules.messengers.default}`,
      );
      if (r.bot.eventMode !== env.BITRIX_BOT_EVENT_MODE)
        bad(
          `the chat bot is registered for ${r.bot.eventMode} mode but BITRIX_BOT_EVENT_MODE is ${env.BITRIX_BOT_EVENT_MODE} — run \`npm run cli -- bitrix-bot register\` again (it sets ${env.BITRIX_BOT_EVENT_MODE} mode)`,
        );
      if (env.BITRIX_BOT_EVENT_MODE === 'webhook')
        print(
          env.BITRIX_BOT_APP_TOKEN
            ? '  ✔ webhook mode: events are checked against BITRIX_BOT_APP_TOKEN (the bot’s own token)'
            : '  ! webhook mode: the bot learns its own application token from the first event it verifies with the portal (set BITRIX_BOT_APP_TOKEN to pin it)',
        );
      if (r.bot.type !== 'supervisor' && r.bot.type !== 'personal')
        bad(
          `the chat bot is of type ${r.bot.type}: in group chats it hears only @mentions, so «Оплата» would go unread`,
        );
      if (!rules.payments.bitrixChatId)
        print('  ! payments.bitrixChatId is not set: the bot does not read a Bitrix24 «Оплата» chat');
      else ok(`payment chat ${rules.payments.bitrixChatId}: the director's messages there are read`);
    } catch (e) {
      const code = (e as { code?: string }).code;
      bad(
        e instanceof CheckHung
          ? `chat bot ${env.BITRIX_BOT_ID}: ${hung(e, 'the portal')}`
          : code === 'BOT_OWNERSHIP_ERROR'
            ? `chat bot ${env.BITRIX_BOT_ID}: BITRIX_BOT_TOKEN is not this bot's token — put the token \`bitrix-bot register\` printed, or run it again`
            : code === 'BOT_NOT_FOUND'
              ? `chat bot ${env.BITRIX_BOT_ID}: no such bot on the portal — run \`npm run cli -- bitrix-bot register\` and put the id it prints in BITRIX_BOT_ID`
              : `chat bot ${env.BITRIX_BOT_ID}: ${(e as Error).message} — check BITRIX_BOT_ID/BITRIX_BOT_TOKEN and the webhook's imbot scope`,
      );
    }
  }

  print('Telegram');
  if (!env.TELEGRAM_BOT_TOKEN)
    print(
      env.BITRIX_BOT_ID
        ? '  ! TELEGRAM_BOT_TOKEN is not set: the bot works in the Bitrix24 messenger only'
        : '  ! TELEGRAM_BOT_TOKEN is not set (a token from @BotFather)',
    );
  else {
    try {
      // grammY's own timeout (ApiClientOptions.timeoutSeconds) ends the request.
      const bot = new Bot(env.TELEGRAM_BOT_TOKEN, {
        client: { apiRoot: env.TELEGRAM_API_ROOT, timeoutSeconds: Math.ceil(requestTimeoutMs / 1000) },
      });
      const me = await within('«getMe» (reaching the bot)', bot.api.getMe());
      ok(`bot @${me.username} reached`);
      let chat: number | undefined = rules.payments.telegramChatId;
      // «Оплата» became a supergroup (migrate_to_chat_id): the bot follows the new id until the rules name it.
      const moved = chat === undefined ? null : movedPaymentChat(env.DATABASE_PATH, chat);
      if (moved) {
        print(
          `  ! payment chat ${chat} became the supergroup ${moved}: the bot reads ${moved} — set payments.telegramChatId: ${moved} in the rules`,
        );
        chat = Number(moved);
      }
      if (chat === undefined)
        print(
          '  ! payments.telegramChatId is not set: the payment desk is off (add the bot to «Оплата» and put the group id there)',
        );
      else {
        try {
          const member = await within(
            `«getChatMember» (the bot in «Оплата» ${chat})`,
            bot.api.getChatMember(chat, me.id),
          );
          ok(`payment chat ${chat} reached; the bot is ${member.status}`);
          if (me.can_read_all_group_messages === false && member.status !== 'administrator')
            bad(
              "privacy mode is on and the bot is not an admin of the payment chat: it cannot see the director's messages — turn privacy off in @BotFather (/setprivacy) or make the bot an admin",
            );
        } catch (e) {
          bad(
            e instanceof CheckHung
              ? `payment chat ${chat}: ${hung(e, `Telegram at ${env.TELEGRAM_API_ROOT}`)}`
              : `payment chat ${chat}: Telegram refused to show the bot's membership (${telegramReason(e)}) — add the bot to «Оплата» and check the group id`,
          );
        }
      }
    } catch (e) {
      bad(
        e instanceof CheckHung
          ? hung(e, `Telegram at ${env.TELEGRAM_API_ROOT}`)
          : `cannot reach Telegram: ${(e as Error).message}`,
      );
    }
  }
  print(problems ? `${problems} problem(s) found.` : 'All checks passed.');
  return problems ? 1 : 0;
}

/** A Bot API refusal in a few words: its description, else its message (never "undefined: undefined"). */
function telegramReason(e: unknown): string {
  const d = (e as { description?: unknown } | null)?.description;
  if (typeof d === 'string' && d) return d;
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\s*\(undefined: undefined\)/, '') || 'no reason given';
}

/** The supergroup the configured payment chat became (kept by the bot in kv), or null. */
function movedPaymentChat(path: string, configured: number): string | null {
  const db = openDb(path);
  try {
    migrate(db);
    const raw = new KvStore(db).get(kvKey.paymentChatMoved);
    const moved = raw ? (JSON.parse(raw) as { from: string; to: string }) : null;
    return moved && moved.from === String(configured) ? moved.to : null;
  } finally {
    db.close();
  }
}
