/**
 * The `fetch` grammY calls the Bot API with (its `client.fetch` option), on node:http/https: every call
 * bounded by a timeout, and a connection-level failure marked when it happened before the request
 * reached Telegram — a refused connection, or a kept-alive socket the server had already closed
 * (Node's own rule: `req.reusedSocket && err.code === 'ECONNRESET'`, nodejs.org/api/http.html#requestreusedsocket).
 * Only such a failure is safe to repeat at once: a reset after the request went out may have sent the message.
 *
 * grammY reads only `res.json()` of the answer (node_modules/grammy/out/core/client.js). Bodies are
 * JSON strings, or a multipart stream (a Node Readable of chunks) when a file is uploaded — a report's
 * chart or CSV; it is read whole first, so a timeout covers the call and not the reading.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const NOT_SENT = Symbol('not sent');
const TIMED_OUT = Symbol('timed out');

type Marked = Error & { code?: string; [NOT_SENT]?: boolean; [TIMED_OUT]?: boolean };

/** Whether a failed call never reached Telegram (safe to make again at once). */
export const notSent = (e: unknown): boolean => (e as Marked | undefined)?.[NOT_SENT] === true;
/** Whether a call failed because it got no answer in time. */
export const timedOut = (e: unknown): boolean => (e as Marked | undefined)?.[TIMED_OUT] === true;

/** Codes of a connection that was never made: nothing was sent. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | AsyncIterable<Uint8Array | string>;
  signal?: AbortSignal;
}

export function boundedFetch(opts: { callTimeoutMs: number; pollTimeoutMs: number }): typeof fetch {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const call = async (input: string, init: FetchInit = {}) => {
    const body = await bodyBytes(init.body);
    return new Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>((resolve, reject) => {
      const url = new URL(input);
      const https = url.protocol === 'https:';
      const req: ClientRequest = (https ? httpsRequest : httpRequest)(url, {
        method: init.method ?? 'GET',
        headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        agent: https ? agents.https : agents.http,
      });
      let answered = false;
      const ms = url.pathname.endsWith('/getUpdates') ? opts.pollTimeoutMs : opts.callTimeoutMs;
      const timer = setTimeout(() => {
        const e: Marked = new Error(`no answer within ${Math.round(ms / 1000)} s`);
        e[TIMED_OUT] = true;
        req.destroy(e);
        reject(e);
      }, ms);
      const onAbort = () => req.destroy(new Error('aborted'));
      init.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        clearTimeout(timer);
        init.signal?.removeEventListener('abort', onAbort);
      };
      req.on('error', (err: Marked) => {
        done();
        if (!answered && !err[TIMED_OUT])
          err[NOT_SENT] =
            NEVER_CONNECTED.has(err.code ?? '') ||
            (req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE'));
        reject(err);
      });
      req.on('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => {
          done();
          reject(err);
        });
        res.on('end', () => {
          done();
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            ok: (res.statusCode ?? 500) < 300,
            status: res.statusCode ?? 500,
            json: async () => JSON.parse(text),
          });
        });
      });
      req.end(body);
    });
  };
  return call as unknown as typeof fetch;
}

/** The request body as bytes: a string or bytes as they are, a stream (grammY's multipart upload) read whole. */
async function bodyBytes(body: FetchInit['body']): Promise<Buffer | undefined> {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}
