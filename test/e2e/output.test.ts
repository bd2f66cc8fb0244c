import { describe, expect, it } from 'vitest';
import { runCli, runCliTty, tempHome } from '../helpers/cli.js';

const env = { TRACKSTAT_NOW: '2026-03-10T14:00:00Z' };
const bold = '\u001b[1m';

/** A home with one audit line, so `audit` has a row to render. */
async function homeWithAuditLine(): Promise<string> {
  const home = tempHome();
  const r = await runCli(['purge', '--older-than', '3y', '--yes'], { home, env });
  expect(r.code).toBe(0);
  return home;
}

describe('output: format and colour decisions of the real binary', () => {
  it('a TTY gets a coloured table', async () => {
    const home = await homeWithAuditLine();
    const r = await runCliTty(['audit'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${bold}command`);
    expect(r.stdout).toMatch(/2026-03-10T14:00:00\.000Z\s+purge\s+default/);
  });

  for (const [name, args, extraEnv] of [
    ['NO_COLOR', ['audit'], { NO_COLOR: '1' }],
    ['TERM=dumb', ['audit'], { TERM: 'dumb' }],
    ['--no-color', ['--no-color', 'audit'], {}],
  ] as Array<[string, string[], Record<string, string>]>) {
    it(`${name} turns colour off on a TTY but keeps the table`, async () => {
      const home = await homeWithAuditLine();
      const r = await runCliTty(args, { home, env: extraEnv });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('\u001b[');
      expect(r.stdout).toMatch(/^\s*at\s+command\s+profile/m);
    });
  }

  it('a pipe gets csv without colour; --format picks another format', async () => {
    const home = await homeWithAuditLine();
    const csv = await runCli(['audit'], { home });
    expect(csv.stdout).toBe(
      'at,command,profile,counts,output_file\r\n2026-03-10T14:00:00.000Z,purge,default,older_than=3y deleted=0,\r\n',
    );
    const ndjson = await runCli(['audit', '--format', 'ndjson'], { home });
    expect(JSON.parse(ndjson.stdout)).toMatchObject({ command: 'purge', profile: 'default' });
    const table = await runCli(['audit', '--format', 'table'], { home });
    expect(table.stdout).not.toContain('\u001b[');
    expect(table.stdout).toMatch(/^ at\s+command/);
  });

  it('--quiet prints only errors', async () => {
    const home = tempHome();
    const ok = await runCli(['--quiet', 'config', 'set', 'practice.name', 'X'], { home });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    const bad = await runCli(['--quiet', 'config', 'set', 'timezone', 'Nowhere'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Invalid value for timezone');
  });
});
