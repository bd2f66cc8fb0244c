import got, { RequestError, type Method } from 'got';
import { ExitCode } from '../terminal/exit-codes.js';
import {
  AuthError,
  MalformedResponseError,
  NotFoundError,
  ProviderError,
  ProviderValidationError,
  RateLimitError,
  UnavailableError,
  providerLabels,
  type ProviderName,
} from './errors.js';

/** The shared HTTP base every provider client is built on (STYLE rule 5). */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is shortened to it. */
  maxRetryAfterMs: number;
}

export const defaultRetry: RetryPolicy = {
  limit: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

export interface ErrorDescription {
  message?: string | undefined;
  details?: Array<{ field: string; message: string }>;
}

export interface HttpClientOptions {
  provider: ProviderName;
  baseUrl: string;
  /** Auth and fixed headers, computed per request. */
  headers(): Record<string, string>;
  /** Sink for the --verbose trace (Io.debug; secrets are masked there). */
  trace(line: string): void;
  /** Reads the provider's error body into a message and field details. */
  describeError?(status: number, body: unknown): ErrorDescription;
  /** The fix to print when credentials are rejected. */
  authHint: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Injectable for tests. */
  sleep?(ms: number): Promise<void>;
  random?(): number;
  now?(): number;
}

export type QueryValue = string | number | boolean | undefined | null;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path appended to the base URL, e.g. "/v1/contacts". */
  path: string;
  query?: URLSearchParams | Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string>;
  /**
   * A POST/PATCH is retried only when this is true, i.e. when an idempotency id in the body makes a
   * repeat harmless (a retried POST without one could charge or message twice).
   */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

export interface HttpResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  requestId: string | undefined;
}

const retryableCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'ERR_GOT_REQUEST_ERROR',
]);

/** Parses Retry-After (seconds or an HTTP date) into milliseconds, or undefined. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number,
): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function requestIdOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const name of [
    'x-request-id',
    'request-id',
    'twilio-request-id',
    'x-amzn-requestid',
    'x-correlation-id',
  ]) {
    const v = headers[name];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

type Attempt =
  | {
      kind: 'response';
      status: number;
      text: string;
      headers: Record<string, string | string[] | undefined>;
    }
  | { kind: 'network'; code: string; message: string; timeout: boolean };

const parsedBodies = new WeakMap<object, { ok: boolean; value: unknown }>();

/**
 * A response body parsed once (the retry check and the result both need it; a sync page is ~1 MB
 * of JSON, and parsing it twice was 10% of a sync's CPU). An empty body parses to undefined.
 */
function parseBody(res: { text: string }): { ok: boolean; value: unknown } {
  let p = parsedBodies.get(res);
  if (!p) {
    p = { ok: true, value: undefined };
    if (/\S/.test(res.text)) {
      try {
        p.value = JSON.parse(res.text);
      } catch {
        p.ok = false;
      }
    }
    parsedBodies.set(res, p);
  }
  return p;
}

/** A provider's HTTP client: auth hook, timeouts, retries with backoff, trace, typed errors. */
export class HttpClient {
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  readonly label: string;

  constructor(private readonly options: HttpClientOptions) {
    this.retry = { ...defaultRetry, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.label = providerLabels[options.provider];
  }

  /** Sends a request, retrying what is safe to retry, and returns the parsed JSON body. */
  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const url = this.url(req);
    const mayRetry =
      req.method === 'GET' ||
      req.method === 'PUT' ||
      req.method === 'DELETE' ||
      req.idempotent === true;
    let last: Attempt | undefined;
    for (let attempt = 0; ; attempt++) {
      const started = this.now();
      last = await this.send(req, url);
      const ms = this.now() - started;
      if (last.kind === 'network') {
        this.options.trace(
          `${req.method} ${url} → ${last.timeout ? 'timeout' : last.code} ${ms}ms`,
        );
      } else {
        const rid = requestIdOf(last.headers);
        this.options.trace(
          `${req.method} ${url} → ${last.status} ${ms}ms${rid ? ` (request ${rid})` : ''}`,
        );
      }
      const retryable = this.isRetryable(last);
      if (!retryable || !mayRetry || attempt >= this.retry.limit) break;
      await this.sleep(this.delay(attempt, last));
    }
    if (last.kind === 'network') {
      throw new UnavailableError(
        last.timeout
          ? `${this.label} did not answer in time (${req.method} ${this.pathOf(url)}), even after retries.`
          : `Could not reach ${this.label} (${last.code}) at ${this.origin(url)}, even after retries.`,
        {
          provider: this.options.provider,
          hint: 'Check the network connection (and the base URL, if you set one), then run the command again; it is safe to re-run.',
        },
      );
    }
    return this.finish<T>(req, url, last);
  }

  private finish<T>(
    req: HttpRequest,
    url: string,
    res: { status: number; text: string; headers: Record<string, string | string[] | undefined> },
  ): HttpResponse<T> {
    const requestId = requestIdOf(res.headers);
    const { ok: parsed, value: body } = parseBody(res);
    const init = { provider: this.options.provider, status: res.status, requestId };
    if (res.status >= 200 && res.status < 300) {
      if (!parsed) {
        throw new MalformedResponseError(
          `Unexpected response from ${this.label}: the body of ${req.method} ${this.pathOf(url)} is not valid JSON.`,
          {
            ...init,
            field: '(body)',
            hint: 'This is usually temporary; run the command again. If it persists, run with --verbose and report it.',
          },
        );
      }
      return { status: res.status, body: body as T, headers: res.headers, requestId };
    }
    const described = this.options.describeError?.(res.status, body) ?? {};
    // The provider's sentence usually ends with a full stop; ours adds one ("not valid..").
    const detail = described.message ? `: ${described.message.replace(/\.+$/, '')}` : '';
    const rid = requestId ? ` (request id ${requestId})` : '';
    if (res.status === 401 || res.status === 403) {
      throw new AuthError(
        `${this.label} rejected the credentials (HTTP ${res.status})${detail}${rid}.`,
        { ...init, hint: this.options.authHint },
      );
    }
    if (res.status === 429) {
      throw new RateLimitError(
        `${this.label} kept asking us to slow down (HTTP 429)${rid}, even after retries.`,
        {
          ...init,
          hint: 'Wait a few minutes and run the command again; it is safe to re-run.',
        },
      );
    }
    if (res.status >= 500) {
      throw new UnavailableError(
        `${this.label} is unavailable (HTTP ${res.status})${detail}${rid}, even after retries.`,
        {
          ...init,
          hint: 'Try again later; it is safe to re-run.',
        },
      );
    }
    if (res.status === 404) {
      throw new NotFoundError(
        `${this.label} has no such record (${req.method} ${this.pathOf(url)} → 404)${rid}.`,
        init,
      );
    }
    if (res.status === 400 || res.status === 409 || res.status === 412 || res.status === 422) {
      throw new ProviderValidationError(
        `${this.label} refused the request (HTTP ${res.status})${detail}${rid}.`,
        {
          ...init,
          details: described.details ?? [],
        },
      );
    }
    throw new ProviderError(
      `${this.label} answered HTTP ${res.status}${detail}${rid}.`,
      ExitCode.Internal,
      init,
    );
  }

  private isRetryable(a: Attempt): boolean {
    if (a.kind === 'network') return true;
    if (a.status === 429 || a.status >= 500) return true;
    // A truncated body (connection cut mid-response) is worth one more try.
    if (a.status >= 200 && a.status < 300) return !parseBody(a).ok;
    return false;
  }

  private delay(attempt: number, a: Attempt): number {
    if (a.kind === 'response') {
      const after = parseRetryAfter(a.headers['retry-after'], this.now());
      if (after !== undefined) return Math.min(after, this.retry.maxRetryAfterMs);
    }
    const exp = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return Math.round(exp / 2 + this.random() * (exp / 2));
  }

  private async send(req: HttpRequest, url: string): Promise<Attempt> {
    try {
      const res = await got(url, {
        method: req.method as Method,
        headers: { accept: 'application/json', ...this.options.headers(), ...req.headers },
        ...(req.json !== undefined ? { json: req.json } : {}),
        ...(req.form !== undefined ? { form: req.form } : {}),
        throwHttpErrors: false,
        retry: { limit: 0 },
        followRedirect: false,
        timeout: { request: this.options.timeoutMs ?? 30_000 },
        responseType: 'text',
      });
      return { kind: 'response', status: res.statusCode, text: res.body, headers: res.headers };
    } catch (err) {
      if (err instanceof RequestError) {
        const timeout = err.name === 'TimeoutError' || err.code === 'ETIMEDOUT';
        const code = err.code ?? 'ERR_GOT_REQUEST_ERROR';
        if (timeout || retryableCodes.has(code) || err.name === 'ReadError') {
          return { kind: 'network', code, message: err.message, timeout };
        }
        return { kind: 'network', code, message: err.message, timeout: false };
      }
      throw err;
    }
  }

  private url(req: HttpRequest): string {
    const base = this.options.baseUrl.replace(/\/+$/, '');
    let qs = '';
    if (req.query instanceof URLSearchParams) qs = req.query.toString();
    else if (req.query) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query))
        if (v !== undefined && v !== null) p.append(k, String(v));
      qs = p.toString();
    }
    return `${base}${req.path}${qs ? `?${qs}` : ''}`;
  }

  private origin(url: string): string {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  }

  private pathOf(url: string): string {
    try {
      return new URL(url).pathname;
    } catch {
      return url;
    }
  }
}
