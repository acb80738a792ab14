/**
 * A fault-injecting HTTP proxy on 127.0.0.1. Every request is buffered and handed to a handler that
 * decides its fate: forward it (once, twice, later), answer in place of the upstream, or forward it
 * and then answer something else. The upstream is looked up per request, so the proxy survives the
 * process behind it being killed and restarted on the same port.
 */
import { createServer, request, Agent, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ProxyContext {
  /**
   * Sends the buffered request upstream (may be called more than once) and buffers the answer.
   * `detached`: not cut off when the client goes away (a copy delivered after the reply).
   */
  forward(opts?: { detached?: boolean }): Promise<ProxiedResponse>;
  /** Resolves when the client has gone away (a killed process, a cut long poll). */
  clientGone: Promise<void>;
  /** Work that outlives this request (a duplicate delivered later); `idle()` waits for it. */
  later(task: () => Promise<unknown>): void;
}

export type ProxyHandler = (req: ProxiedRequest, ctx: ProxyContext) => Promise<ProxiedResponse>;

export const json = (status: number, body: unknown): ProxiedResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
});

const HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'proxy-connection',
  'upgrade',
]);

export class FaultProxy {
  private background = new Set<Promise<unknown>>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(upstream: () => string, handler: ProxyHandler): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let gone!: () => void;
      const clientGone = new Promise<void>((r) => (gone = r));
      res.on('close', () => gone());
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('error', () => gone());
      req.on('end', () => {
        const pr: ProxiedRequest = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        const ctx: ProxyContext = {
          forward: (o) => proxy!.send(upstream(), pr, o?.detached ? null : clientGone),
          clientGone,
          later: (task) => proxy!.track(task()),
        };
        handler(pr, ctx)
          .catch((e: Error) => json(502, { error: 'PROXY_UPSTREAM', error_description: e.message }))
          .then((out) => {
            if (res.destroyed || res.writableEnded) return;
            res.writeHead(out.status, { ...out.headers, 'content-length': String(out.body.length) });
            res.end(out.body);
          });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    proxy = new FaultProxy(server, `http://127.0.0.1:${(server.address() as { port: number }).port}`);
    return proxy;
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch(() => undefined);
    this.background.add(q);
    void q.finally(() => this.background.delete(q));
  }

  /** Resolves when no delayed work (duplicates) is pending. */
  async idle(): Promise<void> {
    while (this.background.size) await Promise.all([...this.background]);
  }

  get busy(): number {
    return this.background.size;
  }

  private send(base: string, pr: ProxiedRequest, clientGone: Promise<void> | null): Promise<ProxiedResponse> {
    const target = new URL(pr.url, base);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(pr.headers))
      if (v !== undefined && !HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    headers['content-length'] = String(pr.body.length);
    return new Promise<ProxiedResponse>((resolve, reject) => {
      const up = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: pr.method,
          headers,
          agent: this.agent,
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('error', reject);
          r.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(r.headers))
              if (v !== undefined && !HOP.has(k)) h[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: r.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
          });
        },
      );
      up.on('error', reject);
      // A client that went away (a killed bot's long poll) must not keep the upstream call open.
      void clientGone?.then(() => up.destroy(new Error('client went away')));
      up.end(pr.body);
    });
  }

  async stop(): Promise<void> {
    await this.idle();
    this.agent.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
