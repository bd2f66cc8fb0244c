import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binPath, tempHome } from '../helpers/cli.js';

/** Text that only appears in the bundled code of each heavy library. */
const heavy: Record<string, string> = {
  'better-sqlite3': 'better-sqlite3',
  '@inquirer/prompts': 'ExitPromptError',
  ora: 'discardStdin',
  got: 'ERR_GOT_REQUEST_ERROR',
};

/** Runs the binary with Node's module tracing and returns the code of every file it loaded. */
function loadedCode(args: string[]): { code: number | null; files: string[]; text: string } {
  const home = tempHome();
  const r = spawnSync(process.execPath, [binPath, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      TRACKSTAT_HOME: home,
      NODE_DEBUG: 'esm,module',
    },
    encoding: 'utf8',
  });
  const files = [
    ...new Set([...r.stderr.matchAll(/file:\/\/\/[^\s'",]+\.js/g)].map((m) => fileURLToPath(m[0]))),
  ];
  const cjs = [...r.stderr.matchAll(/node_modules\/better-sqlite3\/lib\/index\.js/g)].length;
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n') + (cjs ? 'better-sqlite3' : '');
  return { code: r.status, files, text };
}

describe('lazy loading keeps --help and --version light', () => {
  it('the markers are real: each is in the build, and a command that opens the cache loads SQLite', () => {
    const dist = resolve(binPath, '../../dist');
    const built = [
      join(dist, 'cli.js'),
      ...readdirSync(join(dist, 'chunks')).map((f) => join(dist, 'chunks', f)),
    ]
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const marker of Object.values(heavy)) expect(built).toContain(marker);
    const audit = loadedCode(['audit']);
    expect(audit.code).toBe(0);
    expect(audit.text).toContain(heavy['better-sqlite3']);
  });

  for (const args of [['--help'], ['--version'], ['config', '--help'], ['purge', '--help']]) {
    it(`${args.join(' ')} loads none of SQLite, inquirer, ora, got`, () => {
      const run = loadedCode(args);
      expect(run.code).toBe(0);
      expect(run.files.length).toBeGreaterThan(0);
      for (const [name, marker] of Object.entries(heavy)) {
        expect(run.text.includes(marker), `${args.join(' ')} loaded ${name}`).toBe(false);
      }
    });
  }
});
