import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { seedHistory } from '../helpers/purge-seed.js';
import { startCliTty } from '../helpers/tty.js';

const env = { TRACKSTAT_NOW: '2026-03-10T14:00:00Z' };

function seededHome(): string {
  const home = tempHome();
  const db = openDatabase(join(home, 'profiles', 'default', 'cache.db'));
  seedHistory(db);
  db.close();
  return home;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('per-profile write lock', () => {
  it('a second writer exits 7 at once naming the holder; after kill -9 the next run takes over', async () => {
    const home = seededHome();
    const lockFile = join(home, 'profiles', 'default', 'locks', 'write.lock');
    // The holder: a real purge waiting at its confirmation prompt, lock held.
    const holder = startCliTty(['purge', '--older-than', '3y'], { home, env });
    try {
      await holder.waitFor('Delete these 8 rows permanently?');
      const held = JSON.parse(readFileSync(lockFile, 'utf8')) as {
        pid: number;
        command: string;
        started_at: string;
      };
      expect(held.command).toBe('purge');
      expect(isAlive(held.pid)).toBe(true);

      const started = Date.now();
      const second = await runCli(['purge', '--older-than', '3y', '--yes'], { home, env });
      expect(second.code).toBe(7);
      expect(Date.now() - started).toBeLessThan(10_000); // at once: no waiting for the lock
      expect(second.stderr).toContain(`pid ${held.pid} (purge), started ${held.started_at}`);
      // A different profile is not blocked.
      const other = await runCli(['--profile', 'other', 'purge', '--older-than', '3y', '--yes'], {
        home,
        env,
      });
      expect(other.code).toBe(0);

      process.kill(held.pid, 'SIGKILL');
      await holder.exited;
      expect(isAlive(held.pid)).toBe(false);
      expect(existsSync(lockFile)).toBe(true); // left behind by the dead process

      const next = await runCli(['purge', '--older-than', '3y', '--yes', '--json'], { home, env });
      expect(next.stderr).not.toContain("holds this profile's lock");
      expect(next.code).toBe(0);
      expect(JSON.parse(next.stdout)).toMatchObject({ total: 8 });
      expect(existsSync(lockFile)).toBe(false); // released at the end of the run
    } finally {
      holder.child.kill('SIGKILL');
    }
  });
});
