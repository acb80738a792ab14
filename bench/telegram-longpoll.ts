/**
 * A front for the Telegram emulator that makes `getUpdates` a long poll, as the real Bot API's is
 * (used by the benchmarks, not a benchmark itself). telegram-test-api answers getUpdates at once,
 * even when there is nothing, so grammY's runner polls it in a tight loop: more than one core of a
 * 2-core machine for an idle bot, which would be measured as the bot's own load. Here an empty
 * answer is held (the emulator re-asked every 200 ms) for up to 10 s or until an update is there;
 * every other call is passed straight through (one extra loopback hop).
 */
import { createServer, type Server } from 'node:http';

export class LongPollProxy {
  /** Calls that failed between this front and the emulator (answered by cutting the connection). */
  upstreamErrors = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(emulatorUrl: string, opts: { holdMs?: number; everyMs?: number } = {}): Promise<LongPollProxy> {
    const holdMs = opts.holdMs ?? 10_000;
    const everyMs = opts.everyMs ?? 200;
    let proxy: LongPollProxy | undefined;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const until = Date.now() + holdMs;
      let gone = false;
      res.on('close', () => (gone = true));
      try {
        for (;;) {
          const r = await fetch(emulatorUrl + req.url, {
            method: req.method,
            headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
            body,
          });
          const text = await r.text();
          const empty = /\/getUpdates$/.test(req.url ?? '') && r.ok && /"result":\[\]/.test(text);
          if (!empty || gone || Date.now() > until) {
            if (!gone)
              res
                .writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' })
                .end(text);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, everyMs));
        }
      } catch {
        proxy!.upstreamErrors++;
        res.destroy();
      }
    });
    // grammY keeps connections alive without an idle timeout of its own: do not close them under it.
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new LongPollProxy(server, `http://127.0.0.1:${(server.address() as { port: number }).port}`);
    return proxy;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
