import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, runCliTty, tempHome } from '../helpers/cli.js';

// `connect fortis`, `connections`, `disconnect` with the built binary against the emulator.

describe('connect fortis / connections / disconnect', () => {
  let sb: Sandbox;
  const flags = (over: Record<string, string> = {}): string[] => {
    const v = {
      '--user-id': sb.fortis.userId,
      '--location-id': sb.fortis.locationId,
      '--developer-id': sb.fortis.developerId,
      '--base-url': sb.fortis.baseUrl,
      ...over,
    };
    return ['connect', 'fortis', ...Object.entries(v).flat()];
  };

  beforeAll(async () => {
    sb = await startSandbox({ seed: 3, patients: 40, processors: 'fortis', today: '2026-11-20' });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('a rejected key exits 5, says what to re-check, and never echoes the key', async () => {
    const home = tempHome();
    const wrong = 'not-the-right-key-42';
    const r = await runCli([...flags(), '--user-api-key-stdin'], { home, input: wrong });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/rejected the credentials/);
    expect(r.stderr).toContain(`user ID (${sb.fortis.userId})`);
    expect(r.stderr).toMatch(/user API key/);
    expect(r.stderr + r.stdout).not.toContain(wrong);
  });

  it('an unknown location exits 5 naming the location flag', async () => {
    const r = await runCli(
      [...flags({ '--location-id': '11ee0200ffff000000000001' }), '--user-api-key-stdin'],
      {
        home: tempHome(),
        input: sb.fortis.userApiKey,
      },
    );
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/--location-id/);
  });

  it('without a terminal and without a key, exits 4 naming the flag', async () => {
    const r = await runCli(flags(), { home: tempHome() });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/--user-api-key-stdin/);
  });

  it('takes the key from the environment without writing it to disk; connections masks it', async () => {
    const home = tempHome();
    const env = { TRACKSTAT_FORTIS_USER_API_KEY: sb.fortis.userApiKey };
    const r = await runCli(flags(), { home, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Connected to Fortis');
    const creds = readFileSync(join(home, 'profiles', 'default', 'credentials.json'), 'utf8');
    expect(creds).not.toContain(sb.fortis.userApiKey);
    expect(creds).toContain(sb.fortis.locationId);

    expect((await runCli(['sync', 'fortis'], { home, env })).code).toBe(0);
    const status = await runCli(['connections', '--format', 'json'], { home, env });
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain(sb.fortis.userApiKey);
    const rows = JSON.parse(status.stdout) as Array<{
      provider: string;
      connected: boolean;
      values: string[];
      last_sync: string | null;
    }>;
    const fortis = rows.find((x) => x.provider === 'fortis');
    expect(fortis?.connected).toBe(true);
    expect(fortis?.values.join(' ')).toMatch(/user_api_key=••••\S* \(env\)/);
    expect(fortis?.values.join(' ')).toContain(`user_id=${sb.fortis.userId} (stored)`);
    expect(fortis?.last_sync).toBeTruthy();
    expect(rows.find((x) => x.provider === 'twilio')?.connected).toBe(false);
  });

  it('disconnect --purge asks first (exit 4 without a terminal), and with --yes forgets the credentials and deletes the cached rows', async () => {
    const home = tempHome();
    expect(
      (await runCli([...flags(), '--user-api-key-stdin'], { home, input: sb.fortis.userApiKey }))
        .code,
    ).toBe(0);
    expect((await runCli(['sync'], { home })).code).toBe(0);
    // Without a terminal, deleting the cache needs --yes (exit 4, nothing changed).
    const asked = await runCli(['disconnect', 'fortis', '--purge'], { home });
    expect(asked.code).toBe(4);
    expect(asked.stderr).toMatch(/--purge deletes [\d,]+ cached fortis rows/);
    expect(asked.stderr).toContain('--yes');
    const still = await runCli(['connections', '--format', 'json'], { home });
    const kept = (JSON.parse(still.stdout) as Array<{ provider: string; connected: boolean }>).find(
      (x) => x.provider === 'fortis',
    );
    expect(kept?.connected).toBe(true);
    const r = await runCli(['disconnect', 'fortis', '--purge', '--yes'], { home });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Removed the stored fortis credentials/);
    expect(r.stderr).toMatch(/Deleted [\d,]+ cached fortis rows/);
    const again = await runCli(['sync', 'fortis'], { home });
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/trackstat connect fortis/);
  });

  it('shows a spinner on a terminal only', async () => {
    const home = tempHome();
    expect(
      (await runCli([...flags(), '--user-api-key-stdin'], { home, input: sb.fortis.userApiKey }))
        .code,
    ).toBe(0);
    const plain = await runCli(['sync'], { home });
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toMatch(/Sync finished|✔/);
    expect(plain.stderr).toMatch(/fortis contacts: 0 new, 0 updated|fortis contacts: \d+ new/);
    const tty = await runCliTty(['sync'], { home });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/Sync finished/);
    expect(tty.stdout).toMatch(/fortis transactions: 0 new, 0 updated, 0 removed/);
  });
});
