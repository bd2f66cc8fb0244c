import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, tempHome } from '../helpers/cli.js';

// dist/cli.cjs holds the whole CLI, but a module runs only when a command first imports it, and
// zod, nodemailer and @inquirer/prompts stay in node_modules until required. What a run really
// loaded is visible from inside the process: Node's built-in modules (got needs tls and http2;
// the prompts need readline), the files `require` read, and whether SQLite's native addon is
// mapped into memory.

interface Loaded {
  code: number | null;
  addon: boolean;
  builtins: string[];
  files: string[];
}

const preload = join(tempHome(), 'report-loaded.cjs');
writeFileSync(
  preload,
  `process.on('exit', () => {
  const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');
  require('node:fs').writeFileSync(process.env.LOADED_OUT, JSON.stringify({
    addon: maps.includes('better_sqlite3.node'),
    builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)),
    files: Object.keys(require.cache),
  }));
});
`,
);

function loaded(args: string[]): Loaded {
  const home = tempHome();
  const out = join(home, 'loaded.json');
  const r = spawnSync(process.execPath, ['--require', preload, binPath, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, TRACKSTAT_HOME: home, LOADED_OUT: out },
    encoding: 'utf8',
  });
  const seen = JSON.parse(readFileSync(out, 'utf8')) as Omit<Loaded, 'code'>;
  return { code: r.status, ...seen };
}

const network = ['tls', 'http2', 'https'];
const prompts = ['readline'];
const unbundled = [
  '/node_modules/zod/',
  '/node_modules/nodemailer/',
  '/node_modules/@inquirer/',
  '/node_modules/luxon/',
  '/node_modules/csv-parse/',
];

describe('lazy loading keeps startup light', () => {
  it('the markers are real: the bundle needs them, and opening the cache maps SQLite', () => {
    const bundle = readFileSync(resolve(binPath, '../../dist/cli.cjs'), 'latin1');
    // (readline is required by @inquirer/prompts, which stays in node_modules.)
    for (const name of [
      ...network,
      'zod',
      'nodemailer',
      '@inquirer/prompts',
      'luxon',
      'csv-parse',
    ]) {
      expect(bundle.includes(`require("${name}")`), `the bundle requires ${name}`).toBe(true);
    }
    const audit = loaded(['audit']);
    expect(audit.code).toBe(0);
    expect(audit.addon).toBe(true);
  });

  for (const args of [
    ['--help'],
    ['--version'],
    ['config', '--help'],
    ['purge', '--help'],
    ['report', 'appointments', '--date', '2026-11-27'],
  ]) {
    it(`${args.join(' ')} loads no network stack, prompts, zod or nodemailer`, () => {
      const run = loaded(args);
      expect(run.code).toBe(0);
      expect(run.files.some((f) => f.endsWith('trackstat.js'))).toBe(true);
      for (const name of [...network, ...prompts]) {
        expect(run.builtins, `${args.join(' ')} loaded node:${name}`).not.toContain(name);
      }
      for (const dir of unbundled) {
        expect(run.files.filter((f) => f.includes(dir))).toEqual([]);
      }
      if (args[0] !== 'report') expect(run.addon, `${args.join(' ')} mapped SQLite`).toBe(false);
    });
  }
});
