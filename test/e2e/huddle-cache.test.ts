import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

// The command that changes what the huddle cache is derived from rebuilds it before it lets go
// of the profile's lock; a report (which takes no lock) only reads it, and only while fresh.

function state(home: string): { fresh: number; rows: number; patients: number } {
  const db = new Database(join(home, 'profiles', 'default', 'cache.db'), { readonly: true });
  try {
    return {
      fresh: db.prepare('SELECT fresh FROM huddle_cache_state').pluck().get() as number,
      rows: db.prepare('SELECT count(*) FROM huddle_cache').pluck().get() as number,
      patients: db.prepare('SELECT count(*) FROM patients').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('the huddle cache through the binary', () => {
  it('import leaves it fresh; a direct change makes it stale until the next locked command', async () => {
    const home = tempHome();
    const dir = join(home, 'practice');
    const gen = await runCli(
      ['sandbox', 'generate', '--out', dir, '--patients', '40', '--today', '2026-11-27'],
      { home },
    );
    expect(gen.code, gen.stderr).toBe(0);
    const imported = await runCli(['import', '--dir', dir], { home });
    expect(imported.code, imported.stderr).toBe(0);
    const after = state(home);
    expect(after.fresh).toBe(1);
    expect(after.rows).toBe(after.patients);
    expect(after.patients).toBe(40);

    const args = ['report', 'appointments', '--date', '2026-11-27', '--format', 'csv'];
    const cached = await runCli(args, { home, env: { TRACKSTAT_NOW: '2026-11-27T14:00:00Z' } });
    expect(cached.code, cached.stderr).toBe(0);

    const db = new Database(join(home, 'profiles', 'default', 'cache.db'));
    db.prepare('UPDATE balances SET patient_balance_cents = patient_balance_cents + 100').run();
    db.close();
    expect(state(home).fresh).toBe(0);
    const live = await runCli(args, { home, env: { TRACKSTAT_NOW: '2026-11-27T14:00:00Z' } });
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).not.toBe(cached.stdout);
    // A report takes no lock and writes only its audit line: the cache stays stale.
    expect(state(home).fresh).toBe(0);

    // The next command holding the lock rebuilds it: importing the files again puts the balances
    // back, and the report read from the rebuilt cache is the first one again.
    const again = await runCli(['import', '--dir', dir], { home });
    expect(again.code, again.stderr).toBe(0);
    expect(state(home).fresh).toBe(1);
    const rebuilt = await runCli(args, { home, env: { TRACKSTAT_NOW: '2026-11-27T14:00:00Z' } });
    expect(rebuilt.stdout).toBe(cached.stdout);
  });
});
