/**
 * The Telegram emulator (telegram-test-api) has no sendPhoto / sendDocument, and no getFile or file
 * downloads. This front serves those itself — multipart/form-data as the Bot API takes an uploaded file
 * (core.telegram.org/bots/api#sending-files), answered with a Message; getFile answered with a File
 * whose `file_path` downloads from `/file/bot<token>/<file_path>` (core.telegram.org/bots/api#getfile:
 * "It is guaranteed that the link will be valid for at least 1 hour"; up to 20 MB) — and passes every
 * other request through to the emulator unchanged. Files the bot sent are kept for the tests and the
 * demo to look at; files users post are `offer`ed by the test first.
 * The emulator has no getChatMember either (doctor asks it for «Оплата»): with `member` set, the front
 * answers it with that status for the bot (core.telegram.org/bots/api#getchatmember, #chatmember);
 * without, the call goes on to the emulator as every other.
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

/** The Bot API's limit for getFile downloads (core.telegram.org/bots/api#getfile). */
const DOWNLOAD_MAX = 20 * 1024 * 1024;

export class TelegramFileFront {
  readonly files: SentFile[] = [];
  private seq = 1_000_000;
  /** Files users have posted, by file_id (what a test put into a message's `document`). */
  private offered = new Map<string, { bytes: Buffer; path: string; unique: string }>();
  /** How many downloads (`/file/bot…`) were served. */
  downloads = 0;

  /**
   * A file a user posts (its bytes kept here, as Telegram keeps them): the `document` fields to put in
   * the message, as the Bot API gives them (core.telegram.org/bots/api#document).
   */
  offer(
    name: string,
    bytes: Buffer,
    mime = 'text/plain',
  ): { file_id: string; file_unique_id: string; file_name: string; mime_type: string; file_size: number } {
    const n = ++this.seq;
    const id = `BQACAgIAAx0file${n}`;
    const unique = `AgAD${n}`;
    this.offered.set(id, { bytes, path: `documents/file_${n}${/\.[a-z0-9]+$/i.exec(name)?.[0] ?? ''}`, unique });
    return { file_id: id, file_unique_id: unique, file_name: name, mime_type: mime, file_size: bytes.length };
  }

  /** getFile: JSON or query string, as the Bot API takes parameters. */
  private async getFile(req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const params =
      raw && String(req.headers['content-type']).includes('json') ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const fileId = String(params.file_id ?? url.searchParams.get('file_id') ?? '');
    const f = this.offered.get(fileId);
    if (!f) return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } };
    if (f.bytes.length > DOWNLOAD_MAX)
      return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: file is too big' } };
    return {
      status: 200,
      body: {
        ok: true,
        result: { file_id: fileId, file_unique_id: f.unique, file_size: f.bytes.length, file_path: f.path },
      },
    };
  }

  private download(path: string): Buffer | null {
    for (const f of this.offered.values()) if (f.path === path) return f.bytes;
    return null;
  }

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /**
   * `upstream`: the emulator's API root, e.g. http://127.0.0.1:9000. `member`: the status getChatMember
   * answers for the bot in any chat (the sandbox: 'administrator', as README tells to set «Оплата» up);
   * unset, getChatMember goes on to the emulator.
   */
  static async start(upstream: string, opts: { member?: ChatMemberStatus } = {}): Promise<TelegramFileFront> {
    const up = new URL(upstream);
    let front: TelegramFileFront | null = null;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://front');
      const member = opts.member;
      if (member && /\/bot[^/]+\/getChatMember$/i.test(url.pathname)) {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: { status: member, user: { id: 1, is_bot: true } } }));
        return;
      }
      const dl = /^\/file\/bot[^/]+\/(.+)$/.exec(url.pathname);
      if (dl && front) {
        const bytes = front.download(decodeURIComponent(dl[1] ?? ''));
        if (bytes) front.downloads++;
        res.writeHead(bytes ? 200 : 404, { 'content-type': 'application/octet-stream' });
        res.end(bytes ?? undefined);
        return;
      }
      if (/\/bot[^/]+\/getFile$/i.test(url.pathname) && front) {
        void front.getFile(req, url).then(({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        });
        return;
      }
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

/** ChatMember.status (core.telegram.org/bots/api#chatmember). */
export type ChatMemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

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
