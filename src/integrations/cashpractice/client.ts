// The Cash Practice API client for the PROVISIONAL contract: bearer-key auth, cursor lists as async
// iterators, every response validated, pay-now links. Built on the shared HttpClient (retries,
// Retry-After, trace, typed errors).
import type { z } from 'zod';
import { HttpClient, type RetryPolicy } from '../http.js';
import {
  accountPath,
  accountSchema,
  authHeader,
  autoDebitSchema,
  billingMethodSchema,
  carePlanSchema,
  errorMessageOf,
  listPaths,
  listQuery,
  parseBody,
  parseListPage,
  patientSchema,
  payNowLinkBody,
  payNowLinkSchema,
  payNowLinksPath,
  transactionSchema,
  type ListResource,
  type WirePage,
} from './wire.js';

/**
 * The built-in base URL. UNVERIFIED: no public Cash Practice API description exists, so this is an
 * assumption until Cash Practice's partner documentation confirms it. Override it with
 * `connect cashpractice --base-url URL` or `trackstat config set cashpractice.base_url URL`.
 */
export const CASHPRACTICE_DEFAULT_BASE_URL = 'https://api.cashpractice.com';

/** What to print when Cash Practice rejects the key. */
export const cashPracticeAuthHint =
  'Check the TrackStat API Key under My Account → System Settings → Integrated TPS Keys in Cash Practice, then run: trackstat connect cashpractice';

export interface CashPracticeClientOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  /** Sink for the --verbose trace. */
  trace(line: string): void;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?(ms: number): Promise<void>;
  random?(): number;
}

export interface CashPracticeAccount {
  id: string;
  practiceName: string | null;
  timezone: string | null;
}

const listSchemas = {
  patients: patientSchema,
  billingMethods: billingMethodSchema,
  autoDebits: autoDebitSchema,
  transactions: transactionSchema,
  carePlans: carePlanSchema,
} as const satisfies Record<ListResource, z.ZodType>;

/** The validated wire record of each list resource. */
export type WireOf<R extends ListResource> = z.output<(typeof listSchemas)[R]>;

export interface ListOptions {
  /** Only records changed at or after this instant (null: everything). */
  updatedSince: string | null;
  /** Records per page (1..1000). */
  limit: number;
  /** Continue from this cursor instead of the first page. */
  cursor?: string | null;
}

/** One page of a list with the cursor of the next one and the latest `updated_at` on it. */
export interface ListPage<R extends ListResource> extends WirePage<WireOf<R>> {
  lastUpdatedAt: string | null;
}

/** A client for one Cash Practice account (one TrackStat API key). */
export class CashPracticeClient {
  private readonly http: HttpClient;
  readonly baseUrl: string;

  constructor(options: CashPracticeClientOptions) {
    this.baseUrl = (options.baseUrl ?? CASHPRACTICE_DEFAULT_BASE_URL).replace(/\/+$/, '');
    const headers = authHeader(options.apiKey);
    this.http = new HttpClient({
      provider: 'cashpractice',
      baseUrl: this.baseUrl,
      headers: () => headers,
      trace: options.trace,
      describeError: (_status, body) => ({ message: errorMessageOf(body) }),
      authHint: cashPracticeAuthHint,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
      ...(options.random !== undefined ? { random: options.random } : {}),
    });
  }

  /** The account the key belongs to (verifies the key). */
  async account(): Promise<CashPracticeAccount> {
    const res = await this.http.request({ method: 'GET', path: accountPath });
    const a = parseBody(accountSchema, res.body, 'account');
    return { id: a.id, practiceName: a.practice_name, timezone: a.timezone };
  }

  /** Fetches one page of a list resource. */
  async listPage<R extends ListResource>(resource: R, options: ListOptions): Promise<ListPage<R>> {
    const res = await this.http.request({
      method: 'GET',
      path: listPaths[resource],
      query: listQuery({
        updatedSince: options.updatedSince,
        limit: options.limit,
        cursor: options.cursor ?? null,
      }),
    });
    const page = parseListPage(listSchemas[resource], res.body, listPaths[resource].slice(4));
    let lastUpdatedAt: string | null = null;
    for (const item of page.items) {
      const at = (item.wire as { updated_at: string }).updated_at;
      if (lastUpdatedAt === null || at > lastUpdatedAt) lastUpdatedAt = at;
    }
    return { ...(page as WirePage<WireOf<R>>), lastUpdatedAt };
  }

  /** Every page of a list resource, following `next_cursor` until it is null. */
  async *list<R extends ListResource>(
    resource: R,
    options: ListOptions,
  ): AsyncGenerator<ListPage<R>, void, undefined> {
    let cursor = options.cursor ?? null;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.listPage(resource, { ...options, cursor });
      yield page;
      if (page.nextCursor === null) return;
      // A server that hands back a cursor it already gave would loop forever.
      if (seen.has(page.nextCursor)) return;
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }

  /** Sends a raw POST that is safe to retry (the body carries an idempotency reference). */
  async postIdempotent(path: string, json: unknown): Promise<unknown> {
    const res = await this.http.request({ method: 'POST', path, json, idempotent: true });
    return res.body;
  }
}

export interface PayNowLinkInput {
  /** The Cash Practice patient id (processor contact id). */
  patientId: string;
  /** `payment` (optionally a fixed amount) or `store_billing` (card to the Billing Vault). */
  purpose: 'payment' | 'store_billing';
  amountCents?: number | undefined;
  message?: string | undefined;
  /** Our stable idempotency id: the same reference returns the existing link. */
  reference: string;
}

export interface PayNowLink {
  id: string;
  url: string;
  reference: string;
}

/**
 * Creates (or, for a reference already used, returns) a Cash Practice pay-now link. Safe to call
 * again with the same reference: it is retried and repeated without creating a second link.
 */
export async function createPayNowLink(
  client: CashPracticeClient,
  input: PayNowLinkInput,
): Promise<PayNowLink> {
  const body = await client.postIdempotent(payNowLinksPath, payNowLinkBody(input));
  const link = parseBody(payNowLinkSchema, body, 'pay-now-links');
  return { id: link.id, url: link.url, reference: link.reference ?? input.reference };
}
