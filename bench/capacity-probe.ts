/**
 * Child process of bench/capacity.ts (not a benchmark on its own): the bot measured from inside its
 * own fresh process, configured like src/main.ts from the environment and the rules file. Prints one
 * JSON line: module load, `new App()`, `listen()`, the first `tick()`, then RSS and heap after a GC
 * (run it with --expose-gc) once Telegram polling has started.
 *
 *   node --expose-gc --import tsx bench/capacity-probe.ts   # with the env of src/main.ts
 */
export {};

const boot = performance.now(); // since the process started: Node and the tsx loader
const [{ App }, { parseEnv, loadRulesFile }, { createLogger }, { systemClock }] = await Promise.all([
  import('../src/app/app'),
  import('../src/config'),
  import('../src/kernel/log'),
  import('../src/kernel/clock'),
]);
const loaded = performance.now();
const env = parseEnv(process.env);
const app = new App({
  env,
  rules: loadRulesFile(env.RULES_PATH),
  clock: systemClock,
  log: createLogger({ level: 'silent' }),
  autoTick: false,
});
const built = performance.now();
await app.listen(0, '127.0.0.1');
const listening = performance.now();
const did = await app.tick();
const ticked = performance.now();
await app.start(); // autoTick is off: this starts Telegram polling only
await new Promise((r) => setTimeout(r, 2000));
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const mem = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ bootMs: boot, importMs: loaded - boot, newAppMs: built - loaded, listenMs: listening - built, firstTickMs: ticked - listening, firstTickDid: did, rss: mem.rss, heapUsed: mem.heapUsed, gc: gc !== undefined })}\n`,
);
await app.stop();
process.exit(0);
