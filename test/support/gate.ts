/**
 * A service that cannot be reached, then can: a port on 127.0.0.1 with nobody listening (a refused
 * connection, as a blocked or mistyped host gives) until `open()`, then a plain TCP relay to the
 * upstream; `close()` refuses again and cuts the connections it holds; `hang()` accepts and never answers.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from '../../simulator/harness';

export class Gate {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly upstream: () => string,
  ) {}

  /** Closed at first. `upstream`: the URL whose host and port it relays to (read at each connection). */
  static async closed(upstream: () => string): Promise<Gate> {
    return new Gate(await freePort(), upstream);
  }

  /** http://127.0.0.1:<port> */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(): Promise<void> {
    this.hung = false;
    if (this.server) return;
    const server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      if (this.hung) {
        client.on('error', () => client.destroy());
        client.on('data', (chunk: Buffer) => this.swallow(chunk));
        return;
      }
      const to = new URL(this.upstream());
      const up = connect(Number(to.port), to.hostname);
      this.sockets.add(up);
      up.on('close', () => this.sockets.delete(up));
      for (const s of [client, up])
        s.on('error', () => {
          client.destroy();
          up.destroy();
        });
      // Read by hand, not piped: once hung, a request on a kept-alive connection goes nowhere too.
      client.on('data', (chunk: Buffer) => {
        if (this.hung) this.swallow(chunk);
        else up.write(chunk);
      });
      up.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /**
   * A hung service: the port accepts connections and reads requests — on connections already open too
   * — and nothing ever answers (a portal stuck behind its proxy). `requests` lists what was asked
   * since. `open()` relays again, `close()` refuses.
   */
  async hang(): Promise<void> {
    await this.open();
    this.hung = true;
    this.requests.length = 0;
  }

  private hung = false;
  /** The request lines («POST /rest/1/…/profile.json HTTP/1.1») swallowed while hung (see hang). */
  readonly requests: string[] = [];

  private swallow(chunk: Buffer): void {
    for (const m of chunk.toString('latin1').matchAll(/^(?:GET|POST) \S+ HTTP\/1\.1/gm)) this.requests.push(m[0]);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
