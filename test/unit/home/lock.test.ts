import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../../src/home/lock.js';
import { LockedError } from '../../../src/errors.js';
import { tempHome } from '../../helpers/cli.js';

const now = new Date('2026-03-10T14:00:00Z');

describe('acquireLock', () => {
  it('fails at once with exit 7 naming the live holder', () => {
    const dir = join(tempHome(), 'locks');
    const first = acquireLock({ dir, pid: 111, command: 'sync', now, isAlive: () => true });
    let err: unknown;
    try {
      acquireLock({ dir, pid: 222, command: 'import', now, isAlive: () => true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockedError);
    expect((err as LockedError).exitCode).toBe(7);
    expect((err as LockedError).message).toBe(
      "Another trackstat run holds this profile's lock: pid 111 (sync), started 2026-03-10T14:00:00.000Z.",
    );
    first.release();
    expect(existsSync(first.path)).toBe(false);
    acquireLock({ dir, pid: 222, command: 'import', now, isAlive: () => true }).release();
  });

  it('takes over a lock whose holder is dead', () => {
    const dir = join(tempHome(), 'locks');
    acquireLock({ dir, pid: 111, command: 'sync', now, isAlive: () => true });
    const second = acquireLock({
      dir,
      pid: 222,
      command: 'purge',
      now,
      isAlive: (pid) => pid !== 111,
    });
    expect(JSON.parse(readFileSync(second.path, 'utf8'))).toMatchObject({
      pid: 222,
      command: 'purge',
    });
  });

  it('takes over an empty or unreadable lock file left by a crash mid-write', () => {
    const dir = join(tempHome(), 'locks');
    for (const content of ['', '{"pid": "garb']) {
      const h = acquireLock({ dir, pid: 1, command: 'x', now, isAlive: () => true });
      writeFileSync(h.path, content);
      const old = new Date(Date.now() - 60_000);
      utimesSync(h.path, old, old);
      const next = acquireLock({ dir, pid: 2, command: 'y', now, isAlive: () => true });
      expect(JSON.parse(readFileSync(next.path, 'utf8'))).toMatchObject({ pid: 2 });
      next.release();
    }
  });

  it('never takes over a lock file that its owner is writing right now', () => {
    const dir = join(tempHome(), 'locks');
    const h = acquireLock({ dir, pid: 1, command: 'x', now, isAlive: () => true });
    writeFileSync(h.path, ''); // created a moment ago, content not written yet
    expect(() => acquireLock({ dir, pid: 2, command: 'y', now, isAlive: () => true })).toThrow(
      LockedError,
    );
    expect(readFileSync(h.path, 'utf8')).toBe('');
  });

  it('release leaves a lock that someone else has since taken', () => {
    const dir = join(tempHome(), 'locks');
    const mine = acquireLock({ dir, pid: 1, command: 'x', now, isAlive: () => true });
    writeFileSync(mine.path, JSON.stringify({ pid: 9, host: 'h', command: 'z', started_at: 's' }));
    mine.release();
    expect(existsSync(mine.path)).toBe(true);
  });
});
