import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliResult } from '../helpers/cli.js';

const sid = `AC${'0123456789abcdef'.repeat(2)}`;

const secrets = {
  fortis: 'fortisSECRET-key-1111',
  cashpractice: 'cpSECRET-key-2222',
  twilio: 'twilioSECRET-token-3333',
  smtp: 'smtpSECRET-pass/4444',
  envCashPractice: 'envSECRET-cp-5555',
};

/** Every form in which a secret could slip out: raw, URL-encoded, base64 (Basic auth). */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(`${sid}:${secret}`).toString('base64'),
  ];
}

/** A hostile API that rejects every call and echoes the credentials it was sent. */
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const basic = auth.startsWith('Basic ')
      ? Buffer.from(auth.slice(6), 'base64').toString('utf8')
      : '';
    res.writeHead(401, { 'content-type': 'application/json', 'x-echo': auth });
    res.end(
      JSON.stringify({
        error: `invalid credentials: ${auth} ${basic}`,
        message: `bad key ${auth} ${basic} for ${req.url ?? ''}`,
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

function writeCredentials(home: string, mode: number): string {
  const dir = join(home, 'profiles', 'default');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'credentials.json');
  writeFileSync(
    file,
    JSON.stringify({
      fortis: { user_id: 'fortis-user', user_api_key: secrets.fortis, location_id: 'loc-1' },
      cashpractice: { api_key: secrets.cashpractice, base_url: `${baseUrl}/cashpractice` },
      twilio: { account_sid: sid, auth_token: secrets.twilio, base_url: baseUrl },
      smtp: {
        host: '127.0.0.1',
        port: '1',
        user: 'desk',
        password: secrets.smtp,
        url: `smtp://desk:${encodeURIComponent(secrets.smtp)}@127.0.0.1:1`,
      },
    }),
    { mode },
  );
  chmodSync(file, mode);
  return file;
}

describe('secrets never reach output', () => {
  it('no stored or environment secret appears in any output, error or --verbose line', async () => {
    const home = tempHome();
    writeCredentials(home, 0o600);
    const runs: Array<{ args: string[]; input?: string; env?: Record<string, string> }> = [
      { args: ['config', 'list'] },
      { args: ['config', 'path'] },
      { args: ['config', 'set', 'timezone', 'Mars/Olympus'] },
      { args: ['audit', '--format', 'json'] },
      { args: ['purge', '--older-than', '3y', '--yes'] },
      { args: ['purge', '--older-than', 'forever'] },
      { args: ['connect', 'cashpractice', '--base-url', `${baseUrl}/cashpractice`] },
      {
        args: ['connect', 'cashpractice', '--api-key-stdin', '--base-url', `${baseUrl}/cp`],
        input: `${secrets.cashpractice}\n`,
      },
      {
        args: ['connect', 'cashpractice', '--base-url', `${baseUrl}/cp`],
        env: { TRACKSTAT_CASHPRACTICE_API_KEY: secrets.envCashPractice },
      },
      {
        args: [
          'connect',
          'twilio',
          '--account-sid',
          sid,
          '--auth-token-stdin',
          '--from',
          '+15551234567',
          '--base-url',
          baseUrl,
        ],
        input: `${secrets.twilio}\n`,
      },
      {
        args: [
          'connect',
          'twilio',
          '--account-sid',
          sid,
          '--from',
          '+15551234567',
          '--base-url',
          baseUrl,
        ],
        env: { TRACKSTAT_TWILIO_AUTH_TOKEN: secrets.twilio },
      },
      {
        args: [
          'connect',
          'smtp',
          '--host',
          '127.0.0.1',
          '--port',
          '1',
          '--tls',
          'none',
          '--user',
          'desk',
          '--from',
          'desk@clinic.com',
        ],
        env: { TRACKSTAT_SMTP_PASSWORD: secrets.smtp },
      },
      { args: ['connections'] },
      { args: ['status'] },
      { args: ['sync'] },
      { args: ['report', 'cards'] },
      { args: ['report', 'patients', '--format', 'json'] },
      { args: ['no-such-command', secrets.fortis.slice(0, 3)] },
    ];
    const results: Array<CliResult & { args: string[] }> = [];
    for (const run of runs) {
      const r = await runCli(['--verbose', ...run.args], {
        home,
        ...(run.input !== undefined ? { input: run.input } : {}),
        env: { TRACKSTAT_NOW: '2026-03-10T14:00:00Z', ...run.env },
        timeoutMs: 30_000,
      });
      results.push({ ...r, args: run.args });
    }
    const all = results
      .map((r) => `$ ${r.args.join(' ')} → ${r.code}\n${r.stdout}\n${r.stderr}`)
      .join('\n');
    if (process.env.SHOW) process.stderr.write(all);
    for (const secret of Object.values(secrets)) {
      for (const form of forms(secret)) expect(all, `leaked ${form}`).not.toContain(form);
    }
    // The runs really exercised failures and the verbose trace, not just happy paths.
    expect(results.some((r) => r.code === 5 || r.code === 6)).toBe(true);
    expect(results.some((r) => r.code === 2)).toBe(true);
    expect(all).toContain('rejected the credentials (HTTP 401)');
    expect(all).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/\S+ → 401/); // the --verbose trace
  }, 120_000);

  it('a credentials file made 0644 by hand is refused with the chmod that fixes it', async () => {
    const home = tempHome();
    const file = writeCredentials(home, 0o644);
    const r = await runCli(['connect', 'cashpractice', '--api-key-stdin', '--no-verify'], {
      home,
      input: 'another-key-999999\n',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Refusing to use ${file}: it is readable by other users (mode 644)`);
    expect(r.stderr).toContain(`chmod 600 "${file}"`);
    expect(r.stderr).not.toContain(secrets.cashpractice);
    expect(r.stderr).not.toContain('another-key-999999');
  });

  it('an environment variable overrides the stored value', async () => {
    const home = tempHome();
    writeCredentials(home, 0o600);
    let seen = '';
    const spy = createServer((req, res) => {
      seen = req.headers.authorization ?? '';
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"no"}');
    });
    await new Promise<void>((r) => spy.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(spy.address() as AddressInfo).port}`;
    try {
      const r = await runCli(['connect', 'cashpractice', '--base-url', url], {
        home,
        env: { TRACKSTAT_CASHPRACTICE_API_KEY: secrets.envCashPractice },
      });
      expect(r.code).toBe(5);
      expect(seen).toContain(secrets.envCashPractice);
      expect(seen).not.toContain(secrets.cashpractice);
    } finally {
      spy.close();
    }
  });
});
