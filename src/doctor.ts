/**
 * `npm run cli -- doctor`: checks what an admin set up, says what is missing, and prints the
 * portal's pipelines and stage ids so the rules file can be filled without reading code.
 */
import { Bot } from 'grammy';
import type { Env, Rules } from './config';
import { BitrixClient } from './integrations/bitrix/client';
import { BitrixCrm } from './integrations/bitrix/crm';
import { BitrixInvoices } from './integrations/bitrix/invoices';
import { openDb, migrate } from './store/db';
import { PeopleStore } from './people/store';

type Out = (line: string) => void;

export async function runDoctor(env: Env, rules: Rules, print: Out): Promise<number> {
  let problems = 0;
  const ok = (s: string) => print(`  ✔ ${s}`);
  const bad = (s: string) => {
    problems++;
    print(`  ✘ ${s}`);
  };
  print('Configuration');
  ok(
    `rules: ${rules.pipelines.length} pipeline(s), claim timeout ${rules.claim.timeout / 1000}s, ${rules.escalation.levels.length} escalation level(s)`,
  );
  ok(
    `working hours: ${rules.workingHours.aroundTheClock ? 'around the clock' : `${rules.workingHours.start}–${rules.workingHours.end}, days ${rules.workingHours.days.join(',')}, ${rules.workingHours.zone}`}`,
  );
  print(
    `Mode: events ${env.BITRIX_APP_TOKEN ? 'pushed to POST /bitrix/events + reconciliation sweep' : 'pull only (reconciliation sweep)'} every ${rules.reconcile.interval / 1000}s; Telegram ${env.TELEGRAM_MODE}`,
  );

  print('Bitrix24');
  if (!env.BITRIX_WEBHOOK_URL) bad('BITRIX_WEBHOOK_URL is not set');
  else {
    const crm = new BitrixCrm(new BitrixClient({ webhookUrl: env.BITRIX_WEBHOOK_URL, maxRetries: 1 }), {
      addressField: rules.portal.addressField,
    });
    try {
      const me = await crm.ping();
      ok(`reached ${crm.portalUrl} as user ${me.userId ?? '?'}`);
      const pipelines = await crm.listPipelines();
      print('  Pipelines (put categoryId and stage ids into the rules file):');
      for (const p of pipelines) {
        const rule = rules.pipelines.find((r) => r.categoryId === p.id);
        print(`    [${p.id}] ${p.name}${rule ? '  ← watched' : ''}`);
        for (const s of p.stages) {
          const mark = rule?.assignedStages.includes(s.id)
            ? '  ← assigned'
            : rule?.claimedStage === s.id
              ? '  ← on claim'
              : '';
          print(
            `        ${s.id.padEnd(24)} ${s.name}${s.semantics === 'S' ? ' (won)' : s.semantics === 'F' ? ' (lost)' : ''}${mark}`,
          );
        }
      }
      for (const r of rules.pipelines) {
        const p = pipelines.find((x) => x.id === r.categoryId);
        if (!p) bad(`rules.pipelines: pipeline ${r.categoryId} does not exist on the portal`);
        else
          for (const s of [...r.assignedStages, ...(r.claimedStage ? [r.claimedStage] : [])])
            if (!p.stages.some((x) => x.id === s))
              bad(`rules.pipelines: stage ${s} is not in pipeline ${r.categoryId}`);
      }
      const kind = await new BitrixInvoices(new BitrixClient({ webhookUrl: env.BITRIX_WEBHOOK_URL, maxRetries: 1 }), {
        kind: rules.payments.invoiceKind,
      }).invoiceKind();
      ok(
        `invoices: ${kind === 'smart' ? 'smart invoices (crm.item, entityTypeId 31)' : 'legacy invoices (crm.invoice)'}${rules.payments.invoiceKind === 'auto' ? ' — detected' : ''}`,
      );
      for (const r of rules.pipelines.filter((x) => !x.paidStage))
        print(
          `  ! pipeline ${r.categoryId} has no paidStage: a confirmed payment marks the invoice but leaves the deal's stage alone`,
        );
      const people = (await crm.listPeople()).filter((p) => p.active);
      const db = openDb(env.DATABASE_PATH);
      migrate(db);
      const links = new PeopleStore(db);
      for (const l of rules.people.links) links.link(l.bitrixUserId, String(l.telegramUserId), 'config', Date.now());
      const linked = new Set(links.allLinks().map((l) => l.bitrixUserId));
      db.close();
      const unlinked = people.filter((p) => !linked.has(p.id));
      if (unlinked.length) {
        print(
          `  People without a linked Telegram account (${unlinked.length}): ${env.BITRIX_BOT_ID ? 'they get cards in the Bitrix24 messenger' : 'they will get no cards'}`,
        );
        for (const p of unlinked) print(`    ${p.id}  ${p.lastName} ${p.name}`);
      } else ok('every active user has a linked Telegram account');
    } catch (e) {
      bad(
        `cannot use the portal: ${(e as Error).message} — check the webhook URL and its scopes (crm, user, department)`,
      );
    }
  }

  print('Bitrix24 messenger');
  if (!env.BITRIX_BOT_ID || !env.BITRIX_BOT_TOKEN)
    print(
      '  ! the chat bot is not configured: cards go to Telegram only (`npm run cli -- bitrix-bot register` sets it up)',
    );
  else if (env.BITRIX_WEBHOOK_URL) {
    try {
      const client = new BitrixClient({ webhookUrl: env.BITRIX_WEBHOOK_URL, maxRetries: 1 });
      const r = await client.call<{ bot: { id: number; type: string; eventMode: string } }>('imbot.v2.Bot.get', {
        botId: env.BITRIX_BOT_ID,
        botToken: env.BITRIX_BOT_TOKEN,
      });
      ok(
        `chat bot ${r.bot.id} (${r.bot.type}, events by ${r.bot.eventMode}); people get cards there by default: ${rules.messengers.default}`,
      );
      if (r.bot.eventMode !== 'webhook')
        bad(
          'the chat bot does not push its events: run `npm run cli -- bitrix-bot register` again with PUBLIC_URL set',
        );
      if (r.bot.type !== 'supervisor' && r.bot.type !== 'personal')
        bad(
          `the chat bot is of type ${r.bot.type}: in group chats it hears only @mentions, so «Оплата» would go unread`,
        );
      if (!rules.payments.bitrixChatId)
        print('  ! payments.bitrixChatId is not set: the bot does not read a Bitrix24 «Оплата» chat');
      else ok(`payment chat ${rules.payments.bitrixChatId}: the director's messages there are read`);
    } catch (e) {
      bad(
        `chat bot ${env.BITRIX_BOT_ID}: ${(e as Error).message} — check BITRIX_BOT_ID/BITRIX_BOT_TOKEN and the webhook's imbot scope`,
      );
    }
  }

  print('Telegram');
  if (!env.TELEGRAM_BOT_TOKEN) print('  ! TELEGRAM_BOT_TOKEN is not set: the bot works in the Bitrix24 messenger only');
  else {
    try {
      const bot = new Bot(env.TELEGRAM_BOT_TOKEN, { client: { apiRoot: env.TELEGRAM_API_ROOT } });
      const me = await bot.api.getMe();
      ok(`bot @${me.username} reached`);
      const chat = rules.payments.telegramChatId;
      if (chat === undefined)
        print(
          '  ! payments.telegramChatId is not set: the payment desk is off (add the bot to «Оплата» and put the group id there)',
        );
      else {
        try {
          const member = await bot.api.getChatMember(chat, me.id);
          ok(`payment chat ${chat} reached; the bot is ${member.status}`);
          if (me.can_read_all_group_messages === false && member.status !== 'administrator')
            bad(
              "privacy mode is on and the bot is not an admin of the payment chat: it cannot see the director's messages — turn privacy off in @BotFather (/setprivacy) or make the bot an admin",
            );
        } catch (e) {
          bad(`payment chat ${chat}: ${(e as Error).message} — is the bot a member of «Оплата»?`);
        }
      }
    } catch (e) {
      bad(`cannot reach Telegram: ${(e as Error).message}`);
    }
  }
  print(problems ? `${problems} problem(s) found.` : 'All checks passed.');
  return problems ? 1 : 0;
}
