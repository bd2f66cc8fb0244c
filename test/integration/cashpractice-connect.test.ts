import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/home/config.js';
import { CredentialStore } from '../../src/home/secrets.js';
import { connectCashPractice } from '../../src/integrations/cashpractice/connect.js';
import { AuthError } from '../../src/integrations/errors.js';
import type { Io } from '../../src/terminal/io.js';
import { createTestIo } from '../helpers/io.js';

const base = 'https://cp-connect.example.test';
const secret = 'tsk_live_0123456789abcdef';

async function type(io: Io, text: string) {
  for (const k of [text, '\r']) {
    await new Promise((r) => setTimeout(r, 5));
    (io.stdin as unknown as { write(s: string): void }).write(k);
  }
}

describe('connect cashpractice', () => {
  let dir: string;
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-connect-'));
  });
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
    rmSync(dir, { recursive: true, force: true });
  });

  function deps(io: Io) {
    return {
      io,
      credentials: new CredentialStore(join(dir, 'credentials.json'), io.env, io.masker),
      config: new ConfigStore(join(dir, 'config.json')),
    };
  }
  const stored = () =>
    JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;

  it('on a terminal asks for the key with hidden input, verifies it and stores it privately', async () => {
    nock(base, { reqheaders: { authorization: `Bearer ${secret}` } })
      .get('/v1/account')
      .reply(200, { id: 'a1', practice_name: 'Spine & Wellness', timezone: 'America/Chicago' });
    const t = createTestIo({ tty: true });
    const result = connectCashPractice({ verify: true, baseUrl: base }, deps(t.io));
    await type(t.io, secret);
    await expect(result).resolves.toMatchObject({
      practiceName: 'Spine & Wellness',
      baseUrl: base,
      keyFrom: 'prompt',
    });
    expect(t.stderr()).toContain('TrackStat API Key');
    expect(t.stderr()).not.toContain(secret);
    expect(stored().cashpractice).toEqual({
      api_key: secret,
      base_url: base,
      practice_name: 'Spine & Wellness',
    });
    expect(statSync(join(dir, 'credentials.json')).mode & 0o077).toBe(0);
  });

  it('reads the key from stdin with --api-key-stdin', async () => {
    nock(base).get('/v1/account').reply(200, { id: 'a1', practice_name: 'Clinic', timezone: null });
    const t = createTestIo({ stdin: `${secret}\n` });
    const r = await connectCashPractice(
      { apiKeyStdin: true, verify: true, baseUrl: base },
      deps(t.io),
    );
    expect(r.keyFrom).toBe('stdin');
    expect(stored().cashpractice?.api_key).toBe(secret);
  });

  it('uses TRACKSTAT_CASHPRACTICE_API_KEY without copying it into the file', async () => {
    const t = createTestIo({ env: { TRACKSTAT_CASHPRACTICE_API_KEY: secret } });
    const r = await connectCashPractice({ verify: false, baseUrl: base }, deps(t.io));
    expect(r).toMatchObject({ keyFrom: 'env', verified: false });
    expect(stored().cashpractice).toEqual({ base_url: base });
  });

  it('stores nothing when Cash Practice rejects the key', async () => {
    nock(base)
      .get('/v1/account')
      .reply(401, { error: { code: 'unauthorized', message: 'The API key is not valid.' } });
    const t = createTestIo({ stdin: 'wrong-key\n' });
    const err = await connectCashPractice(
      { apiKeyStdin: true, verify: true, baseUrl: base },
      deps(t.io),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).hint).toContain('Integrated TPS Keys');
    expect(() => statSync(join(dir, 'credentials.json'))).toThrow();
  });

  it('rejects a base URL that is not http(s) with exit 2', async () => {
    const t = createTestIo({ stdin: `${secret}\n` });
    const err = await connectCashPractice(
      { apiKeyStdin: true, verify: false, baseUrl: 'ftp://x' },
      deps(t.io),
    ).catch((e: unknown) => e);
    expect((err as { exitCode: number }).exitCode).toBe(2);
  });
});
