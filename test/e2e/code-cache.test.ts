import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, tempHome } from '../helpers/cli.js';

// bin/trackstat.js compiles dist/cli.cjs with the V8 code cache the build wrote. A cache that V8
// rejects (Node upgraded since the build, or a damaged file) must never break a command.

/** Runs the binary on a copy of dist/ (outside the project: NODE_PATH finds its node_modules). */
function run(dist: string, args: string[], options: { nodePath?: boolean; home?: string } = {}) {
  const home = options.home ?? tempHome();
  return spawnSync(process.execPath, [binPath, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      TRACKSTAT_HOME: home,
      TRACKSTAT_BUILD_DIST: dist,
      ...(options.nodePath === false ? {} : { NODE_PATH: resolve(binPath, '../../node_modules') }),
    },
    encoding: 'utf8',
  });
}

describe('the code cache of dist/cli.cjs', () => {
  it('is written by the build and accepted by this Node', () => {
    const dist = resolve(binPath, '../../dist');
    expect(statSync(join(dist, 'cli.cjs.cache')).size).toBeGreaterThan(100_000);
    const copy = join(tempHome(), 'dist');
    cpSync(dist, copy, { recursive: true });
    const before = readFileSync(join(copy, 'cli.cjs.cache'));
    const r = run(copy, ['audit']);
    expect(r.status, r.stderr).toBe(0);
    // Accepted: left as the build wrote it.
    expect(readFileSync(join(copy, 'cli.cjs.cache')).equals(before)).toBe(true);
  });

  it('a damaged cache is ignored: the command works and the cache is replaced', () => {
    const copy = join(tempHome(), 'dist');
    cpSync(resolve(binPath, '../../dist'), copy, { recursive: true });
    const cache = join(copy, 'cli.cjs.cache');
    writeFileSync(cache, readFileSync(cache).subarray(0, 1000));
    const r = run(copy, ['audit']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('at,command');
    expect(statSync(cache).size).toBeGreaterThan(100_000);
    const again = run(copy, ['audit']);
    expect(again.status, again.stderr).toBe(0);
  });

  it('without better-sqlite3 installed, a command says SQLite support is missing and writes no cache file', () => {
    const copy = join(tempHome(), 'dist');
    cpSync(resolve(binPath, '../../dist'), copy, { recursive: true });
    const home = tempHome();
    const r = run(copy, ['audit'], { nodePath: false, home });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('SQLite support is missing');
    expect(r.stderr).not.toContain('not a trackstat database');
    expect(existsSync(join(home, 'profiles', 'default', 'cache.db'))).toBe(false);
  });
});
