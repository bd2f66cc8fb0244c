import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { runCli, tempHome } from '../helpers/cli.js';

const stackLine = /^\s+at .+[(:]/m;

describe('errors and exit codes', () => {
  it('a corrupted cache file exits 1 with the "not a trackstat database" message and no stack', async () => {
    const home = tempHome();
    const dir = join(home, 'profiles', 'default');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const cache = join(dir, 'cache.db');
    writeFileSync(cache, 'PK\u0003\u0004 this is a zip file, not a database'.repeat(20), {
      mode: 0o600,
    });
    const r = await runCli(['audit'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The cache at ${cache} is not a trackstat database.`);
    expect(r.stderr).toContain('--profile');
    expect(r.stderr).not.toMatch(stackLine);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toBe('');

    // Another profile still works.
    expect((await runCli(['--profile', 'other', 'audit'], { home })).code).toBe(0);
  });

  it('damage found only when a query reaches it is the same clear exit 1, not "a bug"', async () => {
    const home = tempHome();
    const cache = join(home, 'profiles', 'default', 'cache.db');
    const db = openDatabase(cache);
    const insert = db.prepare(
      "INSERT INTO audit (at, command, profile, counts) VALUES ('2026-01-01', 'x', 'default', ?)",
    );
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(JSON.stringify({ n: i }));
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Overwrite the last pages (audit rows), leaving the header and schema intact.
    const bytes = readFileSync(cache);
    bytes.fill(0xee, bytes.length - 3 * 4096);
    writeFileSync(cache, bytes);
    const r = await runCli(['audit', '--limit', '5000'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The cache at ${cache} is not a trackstat database (it is damaged`);
    expect(r.stderr).toContain('--profile');
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(stackLine);
  });

  it('shows the stack only with --verbose', async () => {
    const home = tempHome();
    const dir = join(home, 'profiles', 'default');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'cache.db'), 'garbage'.repeat(10));
    const r = await runCli(['--verbose', 'audit'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a trackstat database');
    expect(r.stderr).toMatch(stackLine);
  });

  it('a damaged settings file exits 1 with the fix', async () => {
    const home = tempHome();
    const dir = join(home, 'profiles', 'default');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'config.json'), '{"practice.name": ');
    const r = await runCli(['config', 'get', 'practice.name'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not valid JSON');
    expect(r.stderr).not.toMatch(stackLine);
  });

  it('an unknown command exits 2 with a suggestion', async () => {
    const r = await runCli(['purg', '--older-than', '3y'], { home: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'purg'");
    expect(r.stderr).toContain('Did you mean purge?');
  });

  it('an unknown flag exits 2 with a suggestion', async () => {
    const r = await runCli(['config', 'list', '--jsn'], { home: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--jsn'");
    expect(r.stderr).toContain('Did you mean --json?');
  });

  it('a bad flag value exits 2', async () => {
    const home = tempHome();
    expect((await runCli(['audit', '--limit', 'lots'], { home })).code).toBe(2);
    expect((await runCli(['audit', '--format', 'xml'], { home })).code).toBe(2);
    expect((await runCli(['purge'], { home })).code).toBe(2);
  });

  it('a usage error exits 2 at once without reading a large stdin', async () => {
    const r = await runCli(['purge'], { home: tempHome(), input: 'x'.repeat(8_000_000) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--older-than <age>' not specified");
  });

  it('--help lists every command with a description and the exit codes', async () => {
    const r = await runCli(['--help'], { home: tempHome() });
    expect(r.code).toBe(0);
    for (const command of ['config', 'audit', 'purge'])
      expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b.*\\w`, 'm'));
    expect(r.stdout).toContain("another trackstat run holds this profile's write lock");
    expect(r.stdout).toContain('TRACKSTAT_FORTIS_USER_API_KEY');
  });
});
