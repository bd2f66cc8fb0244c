import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { afterPurge, remaining, seedHistory } from '../helpers/purge-seed.js';
import { startCliTty } from '../helpers/tty.js';

const env = { TRACKSTAT_NOW: '2026-03-10T14:00:00Z' };

function seededHome(): { home: string; left(): Record<string, string[]> } {
  const home = tempHome();
  const path = join(home, 'profiles', 'default', 'cache.db');
  const db = openDatabase(path);
  seedHistory(db);
  db.close();
  return {
    home,
    left: () => {
      const d = openDatabase(path);
      try {
        return remaining(d);
      } finally {
        d.close();
      }
    },
  };
}

describe('trackstat purge', () => {
  it('without a terminal and without --yes: prints the plan, exits 4 naming --yes, deletes nothing', async () => {
    const { home, left } = seededHome();
    const before = left();
    const r = await runCli(['purge', '--older-than', '3y'], { home, env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/messages\s+1/);
    expect(r.stderr).toMatch(/total\s+8/);
    expect(r.stderr).toContain('Pass --yes to answer it.');
    expect(r.stdout).toBe('');
    expect(left()).toEqual(before);
    // The lock taken for the plan is released on the way out, error or not.
    expect(existsSync(join(home, 'profiles', 'default', 'locks', 'write.lock'))).toBe(false);
  });

  it('--dry-run prints counts per table and changes nothing', async () => {
    const { home, left } = seededHome();
    const before = left();
    const r = await runCli(['purge', '--older-than', '3y', '--dry-run', '--json'], { home, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('History older than 3y (before 2023-03-10, practice time)');
    expect(r.stderr).toContain('Dry run: nothing was deleted.');
    expect(JSON.parse(r.stdout)).toMatchObject({
      dry_run: true,
      total: 8,
      planned: { messages: 1, charges: 1, posted_payments: 1 },
      deleted: null,
    });
    expect(left()).toEqual(before);
  });

  it('--yes deletes old history only, and records an audit line with the counts', async () => {
    const { home, left } = seededHome();
    const r = await runCli(['purge', '--older-than', '3y', '--yes'], { home, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Deleted 8 rows of history older than 2023-03-10.');
    expect(left()).toEqual(afterPurge);
    const audit = await runCli(['audit', '--format', 'json'], { home });
    const lines = JSON.parse(audit.stdout) as Array<{ command: string; counts: string }>;
    expect(lines[0]).toMatchObject({ command: 'purge' });
    expect(lines[0]?.counts).toContain('older_than=3y');
    expect(lines[0]?.counts).toContain('deleted=8');
  });

  it('on a terminal asks first: "n" keeps everything, "y" deletes', async () => {
    const { home, left } = seededHome();
    const before = left();
    const no = startCliTty(['purge', '--older-than', '3y'], { home, env });
    await no.waitFor('Delete these 8 rows permanently?');
    no.type('n\r');
    expect(await no.exited).toBe(0);
    expect(no.screen()).toContain('Nothing was deleted.');
    expect(left()).toEqual(before);

    const yes = startCliTty(['purge', '--older-than', '3y'], { home, env });
    await yes.waitFor('Delete these 8 rows permanently?');
    yes.type('y\r');
    expect(await yes.exited).toBe(0);
    expect(yes.screen()).toContain('Deleted 8 rows');
    expect(left()).toEqual(afterPurge);
  });

  it('--no-input on a terminal exits 4 too', async () => {
    const { home } = seededHome();
    const run = startCliTty(['--no-input', 'purge', '--older-than', '18m'], { home, env });
    expect(await run.exited).toBe(4);
    expect(run.screen()).toContain('--yes');
  });
});
