/**
 * A switchable front for the portal simulator (used by bench/outage.ts, not a benchmark itself):
 * forwards the bot's REST calls while up; while down it either refuses connections (its listening
 * socket is closed and open connections are cut, as when the portal's host is unreachable) or
 * answers every call with an HTML 503 page, as a load balancer before a dead portal does. It
 * listens on the same port again when the portal comes back.
 */
import { createServer, request, type Server } from 'node:http';

export type OutageMode = 'refused' | '503';

export class PortalProxy {
  private mode: 'up' | OutageMode = 'up';
  private target: Promise<number>;
  private setTarget!: (port: number) => void;
  /** Requests answered with 503 while down (refused connections cannot be counted here). */
  refused503 = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    this.target = new Promise((r) => (this.setTarget = r));
  }

  static async start(): Promise<PortalProxy> {
    let proxy: PortalProxy | undefined;
    const server = createServer((req, res) => {
      if (proxy!.mode === '503') {
        proxy!.refused503++;
        req.resume();
        res
          .writeHead(503, { 'content-type': 'text/html' })
          .end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
        return;
      }
      void proxy!.target.then((port) => {
        const up = request(
          { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
          (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        req.pipe(up);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new PortalProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  /** The simulator's port; calls that come earlier wait for it. */
  forwardTo(port: number): void {
    this.setTarget(port);
  }

  webhookUrl(userId: number, token: string): string {
    return `http://127.0.0.1:${this.port}/rest/${userId}/${token}/`;
  }

  async down(mode: OutageMode): Promise<void> {
    this.mode = mode;
    if (mode === 'refused') await this.close();
  }

  async up(): Promise<void> {
    const wasClosed = this.mode === 'refused';
    this.mode = 'up';
    if (wasClosed) await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    if (this.server.listening) await this.close();
  }

  private close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
