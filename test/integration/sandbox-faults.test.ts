import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

let sb: Sandbox;

function fortisHeaders(): Record<string, string> {
  return {
    'user-id': sb.fortis.userId,
    'user-api-key': sb.fortis.userApiKey,
    'developer-id': sb.fortis.developerId,
  };
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 5, patients: 30, today: '2026-11-27', processors: 'both' });
});
afterAll(async () => {
  await sb.close();
});

describe('fault injection', () => {
  it('429 carries Retry-After for the next N calls only, then calls succeed', async () => {
    sb.faults.inject({ mode: '429', count: 2, retryAfter: 3 });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${sb.fortis.baseUrl}/v1/contacts`, { headers: fortisHeaders() });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(await res.json()).toMatchObject({ statusCode: 429 });
    }
    const ok = await fetch(`${sb.fortis.baseUrl}/v1/contacts`, { headers: fortisHeaders() });
    expect(ok.status).toBe(200);
    expect(sb.faults.pending()).toBe(0);
  });

  it('500 and 503 come back in the provider error shape', async () => {
    sb.faults.inject({ mode: '500', count: 1 });
    sb.faults.inject({ mode: '503', count: 1 });
    const a = await fetch(`${sb.fortis.baseUrl}/v1/tokens`, { headers: fortisHeaders() });
    expect(a.status).toBe(500);
    const b = await fetch(`${sb.cashpractice.baseUrl}/v1/patients`, {
      headers: { authorization: `Bearer ${sb.cashpractice.apiKey}` },
    });
    expect(b.status).toBe(503);
    expect(await b.json()).toMatchObject({ error: { code: 'server_error' } });
  });

  it('a path prefix limits the fault to matching calls', async () => {
    sb.faults.inject({ mode: '503', count: 1, path: '/v1/transactions' });
    const other = await fetch(`${sb.fortis.baseUrl}/v1/contacts`, { headers: fortisHeaders() });
    expect(other.status).toBe(200);
    const hit = await fetch(`${sb.fortis.baseUrl}/v1/transactions`, { headers: fortisHeaders() });
    expect(hit.status).toBe(503);
  });

  it('hang never answers (the client times out)', async () => {
    sb.faults.inject({ mode: 'hang', count: 1 });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await expect(
      fetch(`${sb.fortis.baseUrl}/v1/contacts`, {
        headers: fortisHeaders(),
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    clearTimeout(timer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(sb.requestLog.at(-1)).toMatchObject({ path: '/fortis/v1/contacts', status: 0 });
  });

  it('drop destroys the connection without a response', async () => {
    sb.faults.inject({ mode: 'drop', count: 1 });
    const error = await new Promise<Error>((resolve, reject) => {
      const req = request(`${sb.fortis.baseUrl}/v1/contacts`, { headers: fortisHeaders() }, () =>
        reject(new Error('got a response')),
      );
      req.on('error', resolve);
      req.end();
    });
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });

  it('malformed returns 200 with a body that is not valid JSON', async () => {
    sb.faults.inject({ mode: 'malformed', count: 1 });
    const res = await fetch(`${sb.fortis.baseUrl}/v1/recurrings`, { headers: fortisHeaders() });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('is driven over the control endpoint too, and rejects unknown modes', async () => {
    const res = await fetch(`${sb.origin}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ mode: '429', count: 1, retry_after: 7 }),
    });
    expect(await res.json()).toEqual({ pending_faults: 1 });
    const limited = await fetch(`${sb.cashpractice.baseUrl}/v1/account`, {
      headers: { authorization: `Bearer ${sb.cashpractice.apiKey}` },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const bad = await fetch(`${sb.origin}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'explode', count: 1 }),
    });
    expect(bad.status).toBe(400);
  });
});
