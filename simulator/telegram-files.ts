/**
 * The Telegram emulator (telegram-test-api) has no sendPhoto / sendDocument. This front serves those
 * two itself — multipart/form-data as the Bot API takes an uploaded file
 * (core.telegram.org/bots/api#sending-files), answered with a Message — and passes every other
 * request through to the emulator unchanged. Files are kept for the tests and the demo to look at.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface SentFile {
  method: 'sendPhoto' | 'sendDocument';
  chatId: string;
  caption: string;
  name: string;
  bytes: Buffer;
  messageId: number;
}

export class TelegramFileFront {
  readonly files: SentFile[] = [];
  private seq = 1_000_000;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** `upstream`: the emulator's API root, e.g. http://127.0.0.1:9000. */
  static async start(upstream: string): Promise<TelegramFileFront> {
    const up = new URL(upstream);
    let front: TelegramFileFront | null = null;
    const server = createServer((req, res) => {
      const m = /\/bot[^/]+\/(sendPhoto|sendDocument)$/i.exec(req.url ?? '');
      if (m && front) {
        void front.serveFile(req, m[1] === 'sendPhoto' ? 'sendPhoto' : 'sendDocument').then(
          (body) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          },
          (e: unknown) => {
            res.writeHead(400, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok: false, error_code: 400, description: `Bad Request: ${String(e)}` }));
          },
        );
        return;
      }
      const fwd = request(
        { host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      fwd.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(fwd);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    front = new TelegramFileFront(server, `http://127.0.0.1:${port}`);
    return front;
  }

  private async serveFile(req: IncomingMessage, method: SentFile['method']): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = parseMultipart(Buffer.concat(chunks), String(req.headers['content-type'] ?? ''));
    const field = method === 'sendPhoto' ? 'photo' : 'document';
    let file = form.get(field);
    // grammY sends the file as its own part and the field as "attach://<part>".
    const ref = file?.filename === undefined ? file?.data.toString('utf8') : undefined;
    if (ref?.startsWith('attach://')) file = form.get(ref.slice('attach://'.length));
    if (!file || file.filename === undefined) throw new Error(`there is no ${field} in the request`);
    const text = (name: string) => form.get(name)?.data.toString('utf8') ?? '';
    const chatId = text('chat_id');
    if (!chatId) throw new Error('chat_id is empty');
    const sent: SentFile = {
      method,
      chatId,
      caption: text('caption'),
      name: file.filename,
      bytes: file.data,
      messageId: ++this.seq,
    };
    this.files.push(sent);
    return {
      ok: true,
      result: {
        message_id: sent.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(chatId), type: 'private' },
        caption: sent.caption,
      },
    };
  }

  stop(): Promise<void> {
    // Keep-alive connections from the bot's HTTP client would hold close() open until they idle out.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }
}

interface Part {
  filename?: string;
  data: Buffer;
}

/**
 * multipart/form-data as grammY writes it (RFC 7578, with unquoted `filename=` and no spaces after
 * the colons, which Telegram accepts and undici's strict parser does not).
 */
function parseMultipart(body: Buffer, contentType: string): Map<string, Part> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) throw new Error('not multipart/form-data');
  const delimiter = Buffer.from(`--${b}`);
  const parts = new Map<string, Part>();
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const from = at + delimiter.length;
    if (body.subarray(from, from + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, from);
    if (next < 0) break;
    const part = body.subarray(from + 2, next - 2); // after CRLF, before the CRLF that ends it
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const disposition = /content-disposition:\s*form-data\s*;(.*)/i.exec(head)?.[1] ?? '';
    const param = (k: string) => new RegExp(`(?:^|;)\\s*${k}=(?:"([^"]*)"|([^;\\r\\n]*))`, 'i').exec(disposition);
    const name = param('name');
    const filename = param('filename');
    if (name)
      parts.set(name[1] ?? name[2] ?? '', {
        ...(filename ? { filename: (filename[1] ?? filename[2] ?? '').trim() } : {}),
        data: Buffer.from(part.subarray(split + 4)),
      });
    at = next;
  }
  return parts;
}
