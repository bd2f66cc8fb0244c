import {
  HttpClient,
  type ErrorDescription,
  type HttpClientOptions,
  type RetryPolicy,
} from '../http.js';
import { listParams, type ListQuery } from './query.js';
import { collectionSchema, parseWire, singleSchema, type RecordReader } from './schemas.js';

/** Fortis base URLs (fortis.md §1; the Ruby SDK's environment names are swapped, these are not). */
export const fortisBaseUrls = {
  production: 'https://api.fortis.tech',
  sandbox: 'https://api.sandbox.fortis.tech',
} as const;

export type FortisEnvironment = keyof typeof fortisBaseUrls;

export interface FortisConnection {
  userId: string;
  userApiKey: string;
  developerId: string;
  locationId: string;
  baseUrl: string;
}

export interface FortisClientOptions extends FortisConnection {
  trace(line: string): void;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?(ms: number): Promise<void>;
  /** The fix printed on 401 (connect names the values to re-check). */
  authHint?: string;
}

/** One page of a list, before mapping. */
export interface RawPage {
  list: unknown[];
  pageNumber: number;
  /** Whether pagination says more pages follow (null when the server gave no pagination). */
  more: boolean | null;
  totalCount: number | null;
}

/** Reads Fortis error bodies: 401 {statusCode, error, message}; 412 {title, detail, meta.details[]}. */
export function describeFortisError(_status: number, body: unknown): ErrorDescription {
  if (body === null || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  const message = [b.detail, b.message, b.title, b.error].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const meta = b.meta as { details?: unknown } | undefined;
  const details: Array<{ field: string; message: string }> = [];
  if (meta && Array.isArray(meta.details)) {
    for (const d of meta.details as Array<Record<string, unknown>>) {
      const path = Array.isArray(d.path) ? d.path.map(String).join('.') : '';
      const ctx = d.context as { key?: unknown } | undefined;
      details.push({
        field: path || (typeof ctx?.key === 'string' ? ctx.key : '(body)'),
        message: typeof d.message === 'string' ? d.message : 'invalid',
      });
    }
  }
  return { message, ...(details.length ? { details } : {}) };
}

const defaultAuthHint =
  'Check the Fortis user ID and user API key (and that the developer ID belongs to the same environment, sandbox or production), then run: trackstat connect fortis';

/** The Fortis v1 client: the three auth headers, list pagination, validated single records. */
export class FortisClient {
  readonly http: HttpClient;
  readonly locationId: string;

  constructor(options: FortisClientOptions) {
    this.locationId = options.locationId;
    const httpOptions: HttpClientOptions = {
      provider: 'fortis',
      baseUrl: options.baseUrl,
      headers: () => ({
        'user-id': options.userId,
        'user-api-key': options.userApiKey,
        'developer-id': options.developerId,
      }),
      trace: options.trace,
      describeError: describeFortisError,
      authHint: options.authHint ?? defaultAuthHint,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    };
    this.http = new HttpClient(httpOptions);
  }

  /** GETs one record (`{type, data}`); returns it validated by `read`, and the raw record. */
  async getOne<W>(
    path: string,
    read: RecordReader<W>,
    what: string,
    query?: Record<string, string>,
  ): Promise<{ wire: W; raw: unknown }> {
    const res = await this.http.request({ method: 'GET', path, ...(query ? { query } : {}) });
    const envelope = parseWire(singleSchema, res.body, what);
    return { wire: read(envelope.data, what), raw: envelope.data };
  }

  /** Sends a write and validates the `data` of the answer. */
  async write<W>(
    req: {
      method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      path: string;
      json?: unknown;
      query?: Record<string, string>;
      idempotent?: boolean;
    },
    read: RecordReader<W>,
    what: string,
  ): Promise<{ wire: W; raw: unknown }> {
    const res = await this.http.request(req);
    const envelope = parseWire(singleSchema, res.body, what);
    return { wire: read(envelope.data, what), raw: envelope.data };
  }

  /**
   * Fetches one page of a list. Servers may cap the page size, so whether more follow is decided
   * by the pagination block (page_count, else total_count), else by an empty page — never by a
   * page being shorter than asked.
   */
  async page(
    path: string,
    query: ListQuery,
    number: number,
    pageSize: number,
    what: string,
  ): Promise<RawPage> {
    const res = await this.http.request({
      method: 'GET',
      path,
      query: listParams(query, { number, size: pageSize }),
    });
    const body = parseWire(collectionSchema, res.body, what);
    const p = body.pagination;
    let more: boolean | null = null;
    if (body.list.length === 0) more = false;
    else if (p?.page_count !== null && p?.page_count !== undefined) {
      more = (p.page_number ?? number) < p.page_count;
    } else if (p?.total_count !== null && p?.total_count !== undefined) {
      // Without page_count, assume pages before this one were as full as this one.
      more = (number - 1) * Math.max(body.list.length, 1) + body.list.length < p.total_count;
    }
    return { list: body.list, pageNumber: number, more, totalCount: p?.total_count ?? null };
  }

  /** Iterates every page of a list by page number (see `page` for when it ends). */
  async *pages(
    path: string,
    query: ListQuery,
    pageSize: number,
    what: string,
  ): AsyncGenerator<RawPage> {
    for (let number = 1; ; number++) {
      const page = await this.page(path, query, number, pageSize, what);
      yield page;
      if (page.more === false) return;
    }
  }
}
