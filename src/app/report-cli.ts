/**
 * `npm run cli -- report --from 2026-11-01 --to 2026-11-30 [--csv out.csv] [--png out.png]`: the
 * director's view (everyone) of a period from the bot's database, as text on stdout, the figures as
 * CSV and the chart as PNG. Dates are whole days in the company's zone, both ends included. Names
 * come from the portal when it answers; without it, people are shown by id.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { ConfigError, type Env, type Rules } from '../config';
import type { Clock } from '../kernel/clock';
import { createLogger } from '../kernel/log';
import { errorMessage } from '../kernel/errors';
import * as t from '../texts';
import { App } from './app';

interface Out {
  write(s: string): unknown;
}

/** A portal address that is never called (no BITRIX_WEBHOOK_URL): the report then names people by id. */
const OFFLINE_PORTAL = 'http://127.0.0.1:9/rest/0/offline-report/';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The report's message as plain text for a terminal: tags dropped, entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<a href="([^"]*)">([^<]*)<\/a>/g, '$2 ($1)')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export async function runReportCli(args: string[], env: Env, rules: Rules, out: Out, clock: Clock): Promise<number> {
  const zone = rules.workingHours.zone;
  const day = (name: string) => {
    const v = option(args, name);
    const d = v ? DateTime.fromISO(v, { zone }) : null;
    if (!v || !d?.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(v))
      throw new ConfigError([`--${name}: write the date as YYYY-MM-DD, e.g. --${name} 2026-11-01`]);
    return d;
  };
  const from = day('from').startOf('day');
  const to = day('to').endOf('day');
  if (to < from) throw new ConfigError(['--to: the period ends before it starts']);
  // The report reads the bot's database; without one there is nothing to report (and none is made).
  if (env.DATABASE_PATH !== ':memory:' && !existsSync(env.DATABASE_PATH))
    throw new ConfigError([
      `env DATABASE_PATH: no database at ${env.DATABASE_PATH} — run the report where the bot runs, or point DATABASE_PATH at its file`,
    ]);
  const log = createLogger({ level: 'silent' });
  // Names come from the portal when it is configured and answers at once; the report never waits on it.
  const offline = !env.BITRIX_WEBHOOK_URL;
  const app = new App({
    env: offline ? { ...env, BITRIX_WEBHOOK_URL: OFFLINE_PORTAL } : env,
    rules: { ...rules, bitrix: { ...rules.bitrix, maxRetries: 0 } },
    clock,
    log,
    autoTick: false,
  });
  try {
    if (offline) out.write('(BITRIX_WEBHOOK_URL is not set: people are shown by id)\n');
    else
      await app.ctx.directory.fresh().catch((e: unknown) => {
        out.write(`(the portal did not answer: ${errorMessage(e)}; people are shown by id)\n`);
      });
    const title = t.reports.rangeTitle(`${from.toFormat('dd.MM.yyyy')}–${to.toFormat('dd.MM.yyyy')}`);
    const built = app.reports.build({ kind: 'all' }, from.toMillis(), to.toMillis() + 1, title, false);
    out.write(`${plainText(built.message.text)}\n`);
    const csv = option(args, 'csv');
    if (csv) {
      writeFileSync(csv, app.reports.csvFile(built).bytes);
      out.write(`CSV: ${csv}\n`);
    }
    const png = option(args, 'png');
    if (png) {
      writeFileSync(png, built.png);
      out.write(`PNG: ${png}\n`);
    }
    return 0;
  } finally {
    await app.stop();
  }
}
