/**
 * Benchmark (figures, not a test): an escalation storm. N deals of one department go unclaimed at
 * once; when their first level falls due, how many messages does the head's chat get, and how long
 * after the due time has the head every one of the N deals in front of them?
 *
 * One bot per variant, each on its own loops (autoTick: a pass every second, as in production),
 * production pacing (Telegram 1 message/s per chat after a burst of 5, 30/s overall), against the
 * portal simulator and the Telegram emulator (behind bench/telegram-longpoll.ts). The deals are
 * created and their cards delivered first; then the business clock jumps 10 minutes (all level-1
 * timers due at that instant) and real time is measured from the jump until the head's chat shows
 * all N deals (as sent or as edited since; a deal counted in a digest — more than a list holds
 * became one paged message — counts as in front, its page a tap away). `naive` is the same bot
 * with bundling off (`alerts.bundleAbove` above N): one message per alert, as before issue 17.
 *
 *   npm run bench:storm                        # N = 30 and 200
 *   npm run bench:storm -- --deals 30,100
 */
import { sampleDeal, PEOPLE } from '../simulator/portal-fixture';
import {
  arg,
  secs,
  makeManagers,
  productionRules,
  startHarness,
  countingLogger,
  warmUp,
  until,
  codeVersion,
} from './support';

const SIZES = arg('deals', '30,200').split(',').map(Number);
const MAX_WAIT_S = Number(arg('max-wait', '600'));
const managers = makeManagers(10);

interface Result {
  messages: number;
  lastMs: number;
  all: boolean;
  warnings: string;
}

async function run(n: number, bundled: boolean): Promise<Result> {
  const logged = countingLogger();
  const bot = await startHarness({
    log: logged.log,
    autoTick: true,
    rules: productionRules(managers, bundled ? {} : { alerts: { bundleAbove: 1_000_000 } }),
  });
  const h = bot.h;
  try {
    await warmUp(h, managers);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const m = managers[i % managers.length];
      if (!m) throw new Error('no manager');
      ids.push(await h.sim.createDeal(sampleDeal(i + 1, m.id)));
    }
    // Every card out first: the storm is the alerts alone.
    const cardsOut = await until(
      () => h.tg.storage.botMessages.filter((u) => String(u.message.text).startsWith('🆕')).length >= n,
      MAX_WAIT_S * 1000,
      50,
    );
    if (!cardsOut) throw new Error('cards did not all go out');
    const headChat = () =>
      h.tg.storage.botMessages.filter((u) => String(u.message.chat_id) === String(PEOPLE.head.telegram));
    // A deal is in front of the head when a message shows it, or when a digest counts it (its page
    // a tap away): a digest of N says «Не взяты в работу: N из N» at once.
    const seen = () => {
      const s = new Set<number>();
      let counted = 0;
      for (const u of headChat()) {
        const text = String(u.message.text);
        for (const m of text.matchAll(/Заявка #(\d+):/g)) s.add(Number(m[1]));
        const digest = /Не взяты в работу: \d+ из (\d+) — сначала самые давние/.exec(text);
        if (digest) counted += Number(digest[1]);
      }
      return { size: Math.max(s.size, counted) };
    };
    const t0 = performance.now();
    h.clock.advance(10 * 60_000); // level 1 of all N falls due now
    const all = await until(() => seen().size >= n, MAX_WAIT_S * 1000, 20);
    const lastMs = performance.now() - t0;
    return { messages: headChat().length, lastMs, all, warnings: logged.summary() };
  } finally {
    await bot.stop();
  }
}

console.log(
  `escalation storm: one department, ${managers.length} managers, production pacing; node ${process.version}; code ${codeVersion()}`,
);
console.log('(a shared 2-core machine: figures are noisy when other work runs beside them)');
for (const n of SIZES) {
  const b = await run(n, true);
  const naive = await run(n, false);
  const line = (name: string, r: Result) =>
    `${name.padEnd(8)} ${n} deals → head chat ${r.messages} message(s); all ${n} in front of the head ${secs(r.lastMs)} after the due time${r.all ? '' : ' (NOT all arrived)'} | warnings: ${r.warnings}`;
  console.log(line('bundled', b));
  console.log(line('naive', naive));
  console.log(
    `ratio naive/bundled: messages ×${(naive.messages / b.messages).toFixed(1)}, delay of the last alert ×${(naive.lastMs / b.lastMs).toFixed(1)}`,
  );
}
process.exit(0);
