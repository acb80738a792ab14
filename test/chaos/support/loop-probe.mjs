// Preloaded into the bot process by the chaos world when CHAOS_LOOP_PROBE names a file: once a
// second it appends the event loop's worst delay and the CPU the process used — to tell a bot that
// blocks its own loop from one that simply gets no CPU.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { appendFileSync } from 'node:fs';

const file = process.env.CHAOS_LOOP_PROBE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let cpu = process.cpuUsage();
  let last = Date.now();
  setInterval(() => {
    const now = Date.now();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    appendFileSync(
      file,
      `${JSON.stringify({ t: now, maxLagMs: Math.round(h.max / 1e6), cpuPct: Math.round(((used.user + used.system) / 1000 / (now - last)) * 100) })}\n`,
    );
    last = now;
    h.reset();
  }, 1000).unref();
}
