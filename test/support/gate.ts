/**
 * A service that cannot be reached, then can: a port on 127.0.0.1 with nobody listening (a refused
 * connection, as a blocked or mistyped host gives) until `open()`, then a plain TCP relay to the
 * upstream; `close()` refuses again and cuts the connections it holds.
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
    if (this.server) return;
    const server = createServer((client) => {
      const to = new URL(this.upstream());
      const up = connect(Number(to.port), to.hostname);
      for (const s of [client, up]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          up.destroy();
        });
      }
      client.pipe(up).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
