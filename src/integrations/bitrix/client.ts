/**
 * The one module that talks to Bitrix24 REST over an inbound webhook: pacing, retries, batch
 * splitting and paging live here. Wire format: docs api-reference/* and settings/how-to-call-rest-api/*.
 *
 * The webhook URL contains a secret. It never leaves this module: errors, logs and metrics carry the
 * method name only.
 */
import { DateTime } from 'luxon';
import { TokenBucket } from '../../kernel/token-bucket';
import { CrmError } from '../../kernel/ports';
import { backoff } from '../../kernel/retry';

/** A failed Bitrix24 call; features see it as the port's CrmError. */
export class BitrixError extends CrmError {
  override readonly name = 'BitrixError';
  constructor(
    message: string,
    /** Bitrix24 `error` (QUERY_LIMIT_EXCEEDED, ERROR_METHOD_NOT_FOUND…) or ours: NETWORK, NETWORK_UNCERTAIN, TIMEOUT, HTTP_<status>. */
    code: string,
    /** HTTP status; 0 when no answer came. */
    status: number,
    /** Bitrix24 `error_description`, as sent. */
    readonly description: string = '',
    /** OPERATION_TIME_LIMIT: when the blocked method may be called again (epoch ms). */
    readonly retryAt?: number,
  ) {
    super(message, code, status);
  }
}

/**
 * A date-time as the REST API documents it: `YYYY-MM-DDThh:mm:ss±hh:mm` (data-types.md), in the
 * given IANA zone (the portal's working-hours zone), never `…sssZ`.
 */
export function bitrixDateTime(d: Date, zone = 'UTC'): string {
  const dt = DateTime.fromJSDate(d, { zone });
  const base = dt.isValid ? dt : DateTime.fromJSDate(d, { zone: 'UTC' });
  const off = base.offset;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${base.toFormat("yyyy-MM-dd'T'HH:mm:ss")}${sign}${hh}:${mm}`;
}

export interface BitrixClientOptions {
  /** Inbound webhook, e.g. https://x.bitrix24.ru/rest/1/abc123/ (http:// is accepted for the local simulator). */
  webhookUrl: string;
  /** Client-side pacing; the portal drains 2 requests/s (5 on Enterprise). Default 2. */
  requestsPerSecond?: number;
  /** Calls allowed at once before pacing starts; the portal tolerates 50 (250). Default 10. */
  burst?: number;
  /** Retries after the first attempt. Default 6. */
  maxRetries?: number;
  /** First backoff step; doubles per retry, jittered, capped at 20 s. Default 500. */
  retryBaseMs?: number;
  /** Per attempt, including reading the answer. Default 60000: the portal's own limit (limits.md). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Shadow mode: every method that writes (isWriteMethod) is refused before a request is made. */
  readOnly?: boolean;
  /** Called once per HTTP attempt. `code` is the Bitrix24 or network error code. */
  onCall?: (
    method: string,
    outcome: 'ok' | 'retry' | 'error',
    code?: string,
    status?: number,
    /** The portal's error_description (redacted), when it sent one; with no answer at all (status 0), why («connection failed (ECONNREFUSED)»). */
    description?: string,
    /**
     * An attempt that got no answer within `timeoutMs`: how long it waited (real ms, at least
     * `timeoutMs`). A hung portal has been unreachable since the request went out, not since the
     * timeout. Undefined otherwise (a refused connection fails at once).
     */
    waitedMs?: number,
  ) => void;
}

export interface CallOptions {
  /** false: the call must not be repeated if it may have reached the portal. Default: false for `*.add`, else true. */
  idempotent?: boolean;
}

export interface Envelope {
  result: unknown;
  next?: number;
  total?: number;
  time?: unknown;
}

export interface BatchCommand {
  method: string;
  params?: Record<string, unknown>;
}

export interface BatchResult {
  result: Record<string, unknown>;
  errors: Record<string, { error: string; error_description: string }>;
  total: Record<string, number>;
  next: Record<string, number>;
}

const BATCH_MAX = 50;
const BACKOFF_CAP_MS = 20_000;
/** operating_reset_at is at most 10 minutes ahead (limits.md); anything further is not trusted. */
const OPERATING_WAIT_CAP_MS = 10 * 60_000 + 1_000;
/** No operating_reset_at known: "wait for the next bucket reset" (limits.md) — a minute basket. */
const OPERATING_WAIT_DEFAULT_MS = 60_000;
/** The portal ends a request after 60 s (settings/performance/limits.md); wait that long, not less. */
export const DEFAULT_TIMEOUT_MS = 60_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
/** PHP serialises an empty associative array as `[]`: read both as "no entries". */
const asRecord = (v: unknown): Obj => (isObj(v) ? v : {});

/**
 * PHP http_build_query: nested objects and arrays become `filter[>DATE_MODIFY]=…&select[0]=ID`.
 * Brackets stay readable; everything else is percent-encoded. true/false become 1/0 and null is
 * left out, as PHP does.
 */
export function httpBuildQuery(params: Obj, prefix = ''): string {
  const parts: string[] = [];
  const entries: Array<[string, unknown]> = Array.isArray(params)
    ? params.map((v, i) => [String(i), v])
    : Object.entries(params);
  for (const [k, v] of entries) {
    const key = prefix ? `${prefix}[${k}]` : k;
    if (v === null || v === undefined) continue;
    if (v instanceof Date) parts.push(`${encodeKey(key)}=${encodeURIComponent(bitrixDateTime(v))}`);
    else if (typeof v === 'object') {
      const nested = httpBuildQuery(v as Obj, key);
      if (nested) parts.push(nested);
    } else if (typeof v === 'boolean') parts.push(`${encodeKey(key)}=${v ? 1 : 0}`);
    else parts.push(`${encodeKey(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}
const encodeKey = (k: string) => encodeURIComponent(k).replace(/%5B/gi, '[').replace(/%5D/gi, ']');

/** One `cmd` entry of a batch: `method?query`. */
export function batchCommand(c: BatchCommand): string {
  const q = c.params ? httpBuildQuery(c.params) : '';
  return q ? `${c.method}?${q}` : c.method;
}

/**
 * Whether a method changes the portal: the verbs the REST API uses for writes (add, update, delete,
 * send, register, answer, set…, the to-do updaters). Reads (get, list, fields, Event.get, scope,
 * profile, server.time) are not.
 */
export function isWriteMethod(method: string): boolean {
  const m = method.toLowerCase();
  if (m === 'imbot.v2.event.get') return false;
  const verb = m.split('.').at(-1) ?? '';
  return (
    /^(add|update|delete|set|send|register|unregister|answer|read|leave|complete|upload|bind|unbind)$/.test(verb) ||
    /^update[a-z]+$/.test(verb) ||
    /^(add|delete)$/.test(verb)
  );
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** How long a CRM write lets reads go first, at most; and how often it looks for a free slot meanwhile. */
const WRITE_PATIENCE_MS = 10_000;
const WRITE_POLL_MS = 25;
const isAdd = (method: string) => /\.add$/i.test(method);

/** What one attempt ended with, before deciding about a retry. */
type Attempt = { ok: true; env: Envelope } | { ok: false; err: BitrixError; retry: boolean; waitedMs?: number };

export class BitrixClient {
  readonly portalUrl: string;
  private readonly base: string;
  private readonly secret: string;
  private readonly bucket: TokenBucket;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onCall: BitrixClientOptions['onCall'];
  private readonly readOnly: boolean;
  /** Last `operating_reset_at` seen per method: limits.md says to wait for it after OPERATION_TIME_LIMIT. */
  private readonly resetAt = new Map<string, number>();
  /**
   * Methods blocked by OPERATION_TIME_LIMIT, until when (epoch ms). The block is per method
   * (limits.md: "Other applications, webhooks, and methods continue to function"): a call to a
   * blocked method fails at once, without a request; the caller's own retry (outbox, inbound,
   * sweep) comes back later. Nothing sleeps for it inside a call.
   */
  private readonly blockedUntil = new Map<string, number>();
  private counters = { calls: 0, retries: 0, errors: 0 };

  constructor(opts: BitrixClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.webhookUrl);
    } catch {
      throw new Error('Bitrix24 webhook URL is not a URL (expected https://<portal>/rest/<user>/<token>/)');
    }
    const m = /^\/rest\/(\d+)\/([^/]+)\/?$/.exec(url.pathname);
    if (!m || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new Error('Bitrix24 webhook URL must look like https://<portal>/rest/<user>/<token>/');
    const [, user, secret] = m;
    // Both groups are required by the pattern, so a match always has them.
    if (user === undefined || secret === undefined) throw new Error('Bitrix24 webhook URL: user or token missing');
    this.portalUrl = url.origin;
    this.secret = secret;
    this.base = `${url.origin}/rest/${user}/${secret}/`;
    const rps = opts.requestsPerSecond ?? 2;
    this.bucket = new TokenBucket({ capacity: Math.max(1, opts.burst ?? 10), refillPerSecond: rps });
    this.maxRetries = Math.max(0, opts.maxRetries ?? 6);
    this.retryBaseMs = opts.retryBaseMs ?? 500;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.sleep = opts.sleep ?? defaultSleep;
    this.onCall = opts.onCall;
    this.readOnly = opts.readOnly ?? false;
  }

  stats(): { calls: number; retries: number; errors: number } {
    return { ...this.counters };
  }

  async call<T = unknown>(method: string, params?: Obj, opts?: CallOptions): Promise<T> {
    return (await this.callRaw(method, params, opts)).result as T;
  }

  /** The whole success envelope (`next`, `total`, `time` beside `result`); errors throw BitrixError. */
  async callRaw(method: string, params: Obj = {}, opts: CallOptions = {}): Promise<Envelope> {
    const idempotent = opts.idempotent ?? !isAdd(method);
    const inner = method === 'batch' ? batchMethods(params) : [];
    if (this.readOnly && [method, ...inner].some(isWriteMethod))
      throw new BitrixError(`Bitrix24 ${method}: refused in shadow mode (read-only)`, 'SHADOW_READ_ONLY', 0);
    for (let attempt = 0; ; attempt++) {
      const blocked = this.blocked(method === 'batch' ? inner : [method]);
      if (blocked) {
        this.counters.errors++;
        this.onCall?.(method, 'error', 'OPERATION_TIME_LIMIT');
        throw blocked;
      }
      await this.slot(method === 'batch' ? inner : [method]);
      this.counters.calls++;
      const a = await this.attempt(method, params, idempotent);
      if (a.ok) {
        this.onCall?.(method, 'ok');
        return a.env;
      }
      if (a.err.code === 'OPERATION_TIME_LIMIT') this.block(method === 'batch' ? inner : [method], a.err);
      if (!a.retry || attempt >= this.maxRetries) {
        this.counters.errors++;
        this.onCall?.(method, 'error', a.err.code, a.err.status, this.said(a.err), a.waitedMs);
        throw a.err;
      }
      this.counters.retries++;
      this.onCall?.(method, 'retry', a.err.code, a.err.status, this.said(a.err), a.waitedMs);
      await this.sleep(this.backoff(attempt));
    }
  }

  /**
   * Resolves once a request could go out without waiting for the portal's pace; takes no slot. A
   * caller that builds its request from what is queued (the events' read) builds it as late as the
   * pace allows: what arrives meanwhile goes in the same request instead of waiting for the next.
   * Real time: the bucket refills in real time. It counts as a read waiting: a CRM write does not take
   * the slot it waits for.
   */
  async whenReady(): Promise<void> {
    let wait = this.bucket.waitMs();
    if (wait <= 0) return;
    this.readsWaiting++;
    try {
      for (; wait > 0; wait = this.bucket.waitMs()) await defaultSleep(wait);
    } finally {
      this.readsWaiting--;
    }
  }

  /** Reads (and chat-bot calls) waiting for a slot of the bucket now: CRM writes let them go first. */
  private readsWaiting = 0;

  /**
   * A slot of the portal's pace (requestsPerSecond). A CRM write (a timeline comment, a stage move)
   * goes only when no read waits and a slot is free: a new deal's read never queues behind a
   * backlog of writes (1,000 escalations' timeline lines after a restart). A write that has waited
   * WRITE_PATIENCE_MS takes its turn like a read, so a stream of reads cannot hold writes forever.
   */
  private async slot(methods: string[]): Promise<void> {
    const write = methods.some((m) => m.toLowerCase().startsWith('crm.') && isWriteMethod(m));
    if (write) {
      const since = Date.now();
      while (Date.now() - since < WRITE_PATIENCE_MS) {
        if (this.readsWaiting === 0 && this.bucket.tryTake()) return;
        await defaultSleep(WRITE_POLL_MS); // real time: the bucket refills in real time
      }
    }
    const wait = this.bucket.take();
    if (wait <= 0) return;
    if (!write) this.readsWaiting++;
    try {
      await this.sleep(wait);
    } finally {
      if (!write) this.readsWaiting--;
    }
  }

  /** The OPERATION_TIME_LIMIT error for the first of these methods still blocked, if any. */
  private blocked(methods: string[]): BitrixError | null {
    const now = Date.now();
    for (const m of methods) {
      const until = this.blockedUntil.get(m.toLowerCase());
      if (until === undefined) continue;
      if (until <= now) {
        this.blockedUntil.delete(m.toLowerCase());
        continue;
      }
      return new BitrixError(
        `Bitrix24 ${m}: OPERATION_TIME_LIMIT (blocked by the portal for ${Math.ceil((until - now) / 1000)} s more)`,
        'OPERATION_TIME_LIMIT',
        429,
        '',
        until,
      );
    }
    return null;
  }

  /** limits.md: suspend calls to the blocked method until `operating_reset_at` of the last successful answer. */
  private block(methods: string[], err: BitrixError): void {
    for (const m of methods) if (err.retryAt !== undefined) this.blockedUntil.set(m.toLowerCase(), err.retryAt);
  }

  /** When a method blocked now may be called again: its last operating_reset_at, else a minute basket. */
  private operatingRetryAt(method: string): number {
    const now = Date.now();
    const until = this.resetAt.get(method);
    return until !== undefined && until > now
      ? Math.min(now + OPERATING_WAIT_CAP_MS, until + 250)
      : now + OPERATING_WAIT_DEFAULT_MS;
  }

  /** Equal jitter: half the step is fixed, half random, so a crowd of clients spreads out. */
  private backoff(attempt: number): number {
    return backoff(attempt, { base: this.retryBaseMs, cap: BACKOFF_CAP_MS, jitter: 0.5 });
  }

  private async attempt(method: string, params: Obj, idempotent: boolean): Promise<Attempt> {
    const ctl = new AbortController();
    const sentAt = Date.now();
    const timer = setTimeout(() => ctl.abort(), this.timeoutMs);
    let status = 0;
    let text: string;
    try {
      const res = await fetch(`${this.base}${method}.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(params),
        signal: ctl.signal,
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      // No answer: the request may or may not have been carried out by the portal.
      const timedOut = ctl.signal.aborted;
      const why = timedOut ? `no answer within ${this.timeoutMs} ms` : `connection failed (${this.netCode(e)})`;
      // A timer may fire a millisecond early by Date.now(): a timeout waited timeoutMs by definition.
      const waitedMs = timedOut ? Math.max(this.timeoutMs, Date.now() - sentAt) : undefined;
      if (!idempotent)
        return {
          ok: false,
          retry: false,
          waitedMs,
          err: new BitrixError(
            `Bitrix24 ${method}: ${why}; it may have been carried out, so it is not repeated`,
            'NETWORK_UNCERTAIN',
            status,
          ),
        };
      return {
        ok: false,
        retry: true,
        waitedMs,
        err: new BitrixError(`Bitrix24 ${method}: ${why}`, timedOut ? 'TIMEOUT' : 'NETWORK', status),
      };
    } finally {
      clearTimeout(timer);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined; // e.g. an HTML page from a proxy in front of the portal
    }
    const env = asRecord(body);
    const time = asRecord(env.time);
    if (typeof time.operating_reset_at === 'number') this.resetAt.set(method, time.operating_reset_at * 1000);
    if (status >= 200 && status < 300 && isObj(body) && !('error' in env) && 'result' in env) {
      const out: Envelope = { result: env.result, time: env.time };
      const next = num(env.next);
      const total = num(env.total);
      if (next !== undefined) out.next = next;
      if (total !== undefined) out.total = total;
      return { ok: true, env: out };
    }
    return this.failure(method, status, env, idempotent);
  }

  private failure(method: string, status: number, env: Obj, idempotent: boolean): Attempt {
    const description = typeof env.error_description === 'string' ? env.error_description : '';
    // Legacy crm.* methods answer "not found" with an empty error code (crm-deal-get.md): name it.
    const code =
      typeof env.error === 'string' && env.error
        ? env.error
        : /not found/i.test(description)
          ? 'ERROR_NOT_FOUND'
          : `HTTP_${status}`;
    // _includes/system-errors.md: 403 insufficient_scope — the webhook was not given this method's scope.
    const hint =
      code === 'insufficient_scope'
        ? ' — the inbound webhook lacks the scope of this method (`npm run cli -- doctor` lists the missing scopes)'
        : '';
    const err = new BitrixError(
      `Bitrix24 ${method}: ${code}${description ? ` (${this.redact(description)})` : ''}${hint}`,
      code,
      status,
      this.redact(description),
    );
    // The whole portal refuses until someone acts (_includes/system-errors.md: support's manual block,
    // a closed portal): repeating now changes nothing; the caller holds the work and tries later.
    if (code === 'OVERLOAD_LIMIT' || code === 'PORTAL_DELETED') return { ok: false, err, retry: false };
    // Refused before doing anything: safe to repeat even for `.add`.
    if (status === 503) return { ok: false, err, retry: true };
    // limits.md: the method is blocked for this webhook; the caller retries later, nothing sleeps here.
    if (code === 'OPERATION_TIME_LIMIT') {
      const retryAt = this.operatingRetryAt(method);
      return {
        ok: false,
        retry: false,
        err: new BitrixError(err.message, code, status, err.description, retryAt),
      };
    }
    // Any other 429 is the rate limit (chat-bots-v2/index.md#limits: "HTTP 429 — use exponential
    // backoff"): refused before doing anything, so repeated after a growing pause.
    if (status === 429) return { ok: false, err, retry: true };
    if (status >= 500) {
      if (idempotent) return { ok: false, err, retry: true };
      // A crash mid-way may have written: as uncertain as a lost answer.
      return {
        ok: false,
        retry: false,
        err: new BitrixError(
          `Bitrix24 ${method}: ${code} (HTTP ${status}); it may have been carried out, so it is not repeated`,
          'NETWORK_UNCERTAIN',
          status,
          err.description,
        ),
      };
    }
    return { ok: false, err, retry: false };
  }

  /** The code of a fetch failure (ECONNREFUSED, UND_ERR_SOCKET…), never its message, which could carry the URL. */
  /** What onCall reports as the description: the portal's own, or for no answer at all our message (no URL in it). */
  private said(e: BitrixError): string {
    return e.status === 0 && !e.description ? e.message : e.description;
  }

  private netCode(e: unknown): string {
    const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
    const code = cause && typeof cause.code === 'string' ? cause.code : (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // fetch refusing before any connection says why only in words (a port it blocks: «bad port»).
    return cause && typeof cause.message === 'string' && cause.message ? this.redact(cause.message) : 'error';
  }

  private redact(s: string): string {
    return this.secret ? s.split(this.secret).join('***') : s;
  }

  /**
   * Runs commands through `batch`, at most 50 per request, in insertion order (JS puts integer-like
   * keys first: use non-numeric keys). `$result[key][FIELD]` references work only within one request,
   * so keep a referencing group inside one run of 50. halt=0 by default: every command runs and
   * failures come back per key in `errors`.
   */
  async batch(commands: Record<string, BatchCommand>, opts: { halt?: boolean } = {}): Promise<BatchResult> {
    const out: BatchResult = { result: {}, errors: {}, total: {}, next: {} };
    const keys = Object.keys(commands);
    for (let i = 0; i < keys.length; i += BATCH_MAX) {
      const chunk = keys.slice(i, i + BATCH_MAX);
      const cmd: Record<string, string> = {};
      let idempotent = true;
      for (const k of chunk) {
        const c = commands[k];
        if (c === undefined) throw new Error(`bitrix batch: no command for key ${k}`); // k is one of its own keys
        cmd[k] = batchCommand(c);
        if (isAdd(c.method)) idempotent = false;
      }
      const r = asRecord(await this.call('batch', { halt: opts.halt ? 1 : 0, cmd }, { idempotent }));
      Object.assign(out.result, asRecord(r.result));
      for (const [k, e] of Object.entries(asRecord(r.result_error))) {
        const o = asRecord(e);
        out.errors[k] = { error: String(o.error ?? ''), error_description: String(o.error_description ?? '') };
        const blockedMethod = commands[k]?.method;
        if (out.errors[k].error === 'OPERATION_TIME_LIMIT' && blockedMethod)
          this.blockedUntil.set(blockedMethod.toLowerCase(), this.operatingRetryAt('batch'));
      }
      for (const [k, v] of Object.entries(asRecord(r.result_total))) out.total[k] = Number(v);
      for (const [k, v] of Object.entries(asRecord(r.result_next))) out.next[k] = Number(v);
      if (opts.halt && Object.keys(out.errors).length > 0) break;
    }
    return out;
  }

  /**
   * Every page of a list method, following `next`. Pages are arrays (crm.deal.list, user.get) or an
   * object holding one (crm.item.list `{items}`, crm.category.list `{categories}`).
   */
  async listAll<T>(method: string, params: Obj = {}, opts: { maxItems?: number } = {}): Promise<T[]> {
    const max = opts.maxItems ?? Infinity;
    const all: T[] = [];
    let start = typeof params.start === 'number' ? params.start : 0;
    for (;;) {
      const page = await this.callRaw(method, { ...params, start });
      all.push(...(pageItems(page.result) as T[]));
      if (all.length >= max) return all.slice(0, max);
      // `next` must move forward; anything else would loop for ever.
      if (page.next === undefined || page.next <= start) return all;
      start = page.next;
    }
  }
}

/** The methods a batch runs (its `cmd` lines up to `?`): the operating limit is theirs, not batch's. */
function batchMethods(params: Obj): string[] {
  const cmd = asRecord(params.cmd);
  return Object.values(cmd).map((line) => String(line).split('?')[0] ?? '');
}

function num(v: unknown): number | undefined {
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && v !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : undefined;
}

function pageItems(result: unknown): unknown[] {
  if (Array.isArray(result)) return result;
  if (!isObj(result)) return [];
  if (Array.isArray(result.items)) return result.items;
  const arrays = Object.values(result).filter(Array.isArray);
  return arrays.length === 1 ? (arrays[0] ?? []) : [];
}
