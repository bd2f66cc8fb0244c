import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  MalformedResponseError,
  ProviderValidationError,
  UnavailableError,
} from '../../src/integrations/errors.js';
import { HttpClient, parseRetryAfter } from '../../src/integrations/http.js';

const base = 'https://api.example.test';

function client(sleeps: number[], trace: string[] = []) {
  return new HttpClient({
    provider: 'fortis',
    baseUrl: base,
    headers: () => ({ 'user-api-key': 'super-secret-key-123' }),
    trace: (l) => trace.push(l),
    authHint: 'Re-check the user API key.',
    describeError: (_s, body) => ({ message: (body as { detail?: string } | undefined)?.detail }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    timeoutMs: 200,
  });
}

describe('HttpClient', () => {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
  });

  it('retries 503 and 429, honouring Retry-After in seconds and as an HTTP date', async () => {
    const sleeps: number[] = [];
    const later = new Date(Date.now() + 3000).toUTCString();
    nock(base)
      .get('/v1/x')
      .reply(503)
      .get('/v1/x')
      .reply(429, '', { 'Retry-After': '2' })
      .get('/v1/x')
      .reply(429, '', { 'Retry-After': later })
      .get('/v1/x')
      .reply(200, { ok: true });
    const res = await client(sleeps).request<{ ok: boolean }>({ method: 'GET', path: '/v1/x' });
    expect(res.body.ok).toBe(true);
    expect(sleeps[0]).toBe(375); // 500ms backoff with jitter at 0.5
    expect(sleeps[1]).toBe(2000);
    expect(sleeps[2]).toBeGreaterThan(1000);
    expect(sleeps[2]).toBeLessThanOrEqual(3000);
  });

  it('never retries a POST without an idempotency id', async () => {
    nock(base).post('/v1/paylinks').reply(503);
    await expect(
      client([]).request({ method: 'POST', path: '/v1/paylinks', json: {} }),
    ).rejects.toBeInstanceOf(UnavailableError);
  });

  it('retries a POST that carries an idempotency id', async () => {
    nock(base).post('/v1/paylinks').reply(500).post('/v1/paylinks').reply(200, { id: 'a' });
    const res = await client([]).request({
      method: 'POST',
      path: '/v1/paylinks',
      json: { paylink_api_id: 'x' },
      idempotent: true,
    });
    expect(res.body).toEqual({ id: 'a' });
  });

  it('maps 401 to AuthError with the hint, without retrying, and never shows the key', async () => {
    const trace: string[] = [];
    nock(base)
      .get('/v1/users/me')
      .reply(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' });
    const err = await client([], trace)
      .request({ method: 'GET', path: '/v1/users/me' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).exitCode).toBe(5);
    expect((err as AuthError).hint).toBe('Re-check the user API key.');
    expect(JSON.stringify(trace) + String(err)).not.toContain('super-secret-key-123');
  });

  it("ends the provider's own sentence with one full stop, not two", async () => {
    nock(base).get('/v1/account').reply(401, { detail: 'The API key is missing or not valid.' });
    const err = await client([])
      .request({ method: 'GET', path: '/v1/account' })
      .catch((e: unknown) => e);
    expect((err as AuthError).message).toBe(
      'Fortis rejected the credentials (HTTP 401): The API key is missing or not valid.',
    );
  });

  it('maps 412 to a validation error carrying the detail', async () => {
    nock(base).post('/v1/contacts').reply(412, {
      statusCode: 412,
      title: 'Precondition Failed',
      detail: '"last_name" is required',
    });
    const err = await client([])
      .request({ method: 'POST', path: '/v1/contacts', json: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderValidationError);
    expect(String((err as Error).message)).toContain('"last_name" is required');
  });

  it('retries a truncated JSON body, then reports it as malformed', async () => {
    nock(base).get('/v1/y').times(6).reply(200, '{"list": [');
    const err = await client([])
      .request({ method: 'GET', path: '/v1/y' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
  });

  it('gives up on a hanging server after the retries with exit 6', async () => {
    nock(base).get('/v1/slow').times(6).delay(1000).reply(200, {});
    const err = await client([])
      .request({ method: 'GET', path: '/v1/slow' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as UnavailableError).exitCode).toBe(6);
  });

  it('parses Retry-After forms', () => {
    expect(parseRetryAfter('5', 0)).toBe(5000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
