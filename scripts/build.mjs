// Builds dist/: the whole CLI as ONE CommonJS file (dist/cli.cjs) plus a V8 code cache of it
// (dist/cli.cjs.cache), loaded by bin/trackstat.js through vm.Script.
// Why: Node 20 has neither a module compile cache nor a cheap ES-module loader. Resolving, reading,
// linking and compiling the ~30 lazily loaded ESM chunks of a report cost ~20 ms on every run, more
// than the startup targets allow (SPEC §4: `--help` within 1.3×, the daily report within 1.5× of a
// bare `node -e 0`). One file is read once and its compiled code comes from the cache; modules that
// a command does not use are still not evaluated (esbuild wraps lazily imported modules in
// functions that run on first import).
// Type-checking is done by `npm run typecheck` (tsc), which `npm test` runs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cwd, env as processEnv, execPath, pid, stderr } from 'node:process';

/**
 * commander loads node:child_process when it is imported, only to spawn executable subcommands,
 * which trackstat has none of: ~2 ms of every run's startup (SPEC §4). Give it a stand-in that
 * loads the module on first use.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-child-process' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents:
        "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

// CommonJS libraries that only some commands use stay in node_modules, loaded by `require` when
// first needed, so the file every command reads stays small (~1.1 MB less): zod (validating
// processor responses), nodemailer (SMTP), @inquirer/prompts (with its encoding tables), luxon
// (time zones of imports and purge) and csv-parse/csv-stringify (imports). ESM-only packages (got,
// chalk, ora) must stay in the bundle: Node 20 before 20.19 cannot `require` them.
const unbundled = ['zod', 'nodemailer', '@inquirer/prompts', 'luxon', 'csv-parse', 'csv-stringify'];

/**
 * An external package reached by a dynamic `import()` would stay an `import()` in the bundle, which
 * a vm.Script cannot run without an ES-module loader callback. Route it through a stand-in module
 * that `require`s it instead (all of them ship CommonJS).
 */
const requireUnbundled = {
  name: 'require-unbundled',
  setup(b) {
    const filter = new RegExp(`^(${unbundled.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.kind === 'dynamic-import'
        ? { path: args.path, namespace: 'require-unbundled' }
        : { path: args.path, external: true },
    );
    b.onLoad({ filter: /.*/, namespace: 'require-unbundled' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

// Build next to dist/ and swap only on success, so a failed build leaves the last good one in place.
const next = `dist.next-${pid}`;
rmSync(next, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outfile: `${next}/cli.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // TRACKSTAT_BUILD_NO_MINIFY=1 keeps names and lines readable in a --cpu-prof profile.
  minify: !processEnv.TRACKSTAT_BUILD_NO_MINIFY,
  // Class names survive minification, so --verbose stack traces name the error (AuthError, not i).
  keepNames: true,
  // ASCII only, so bin/trackstat.js can read the file as latin1 (no UTF-8 decoding of 2 MB).
  charset: 'ascii',
  legalComments: 'linked',
  // better-sqlite3's JavaScript is bundled; src/store/db.ts hands it the path of its native addon,
  // so the `bindings` lookup (which cannot work from inside a bundle) is never reached.
  external: ['bindings'],
  plugins: [lazyChildProcessForCommander, requireUnbundled],
  // The sources are ES modules: give `import.meta.url` the bundle's own URL.
  define: { 'import.meta.url': '__trackstatUrl' },
  banner: { js: "var __trackstatUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
const code = readFileSync(`${next}/cli.cjs`);
// (An unminified build keeps comments, which esbuild does not escape; they are harmless.)
if (!processEnv.TRACKSTAT_BUILD_NO_MINIFY && code.some((byte) => byte > 0x7f)) {
  throw new Error('dist/cli.cjs is not pure ASCII');
}
// Nothing may be left to Node's ES-module loader (see requireUnbundled).
if (/\bimport\(/.test(code.toString('latin1'))) throw new Error('dist/cli.cjs has an import()');
writeFileSync(`${next}/package.json`, '{ "type": "commonjs" }\n');
renderHelp(next);
warmCodeCache(next);
if (!existsSync(`${next}/cli.cjs.cache`)) throw new Error('the code cache was not written');
rmSync('dist', { recursive: true, force: true });
renameSync(next, 'dist');

/**
 * Writes the top-level `--help` (80 columns, as commander prints it off a terminal) to help.txt:
 * bin/trackstat.js prints it for a bare `trackstat --help`, because building every command and
 * formatting the help costs ~25 ms of the 1.3× startup budget (SPEC §4). A test compares the two.
 * The same run, through bin/trackstat.js, writes the V8 code cache of everything it compiled
 * (TRACKSTAT_BUILD_CODE_CACHE; TRACKSTAT_BUILD_DIST points the binary at the new build): commander, every command's definition and the startup path.
 */
function renderHelp(dir) {
  const env = { ...processEnv, TRACKSTAT_BUILD_DIST: join(cwd(), dir) };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'CLICOLOR_FORCE']) delete env[name];
  env.TRACKSTAT_BUILD_CODE_CACHE = '1';
  const r = spawnSync(execPath, ['bin/trackstat.js', '--help'], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0 || !r.stdout.includes('Usage: trackstat')) {
    throw new Error(`could not render --help (exit ${r.status}):\n${r.stderr}`);
  }
  writeFileSync(`${dir}/help.txt`, r.stdout);
}

/**
 * Rewrites the code cache from a run of the daily report on the demo practice, so that the
 * functions the report runs per row are in it too (~4 ms of a report's startup: V8 no longer
 * parses and compiles them on first call). The practice lives in a temporary home, removed after.
 */
function warmCodeCache(dir) {
  const tmp = mkdtempSync(join(tmpdir(), 'trackstat-build-'));
  const env = {
    ...processEnv,
    TRACKSTAT_BUILD_DIST: join(cwd(), dir),
    TRACKSTAT_HOME: join(tmp, 'home'),
    TRACKSTAT_NOW: '2026-01-15T14:00:00Z',
    NO_COLOR: '1',
  };
  delete env.TRACKSTAT_PROFILE;
  delete env.TRACKSTAT_BUILD_CODE_CACHE;
  const run = (args, extra = {}) => {
    const r = spawnSync(execPath, ['bin/trackstat.js', ...args], {
      env: { ...env, ...extra },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) {
      throw new Error(
        `code cache warm-up: trackstat ${args.join(' ')} exited ${r.status}:\n${r.stderr}`,
      );
    }
  };
  try {
    // The cache of the --help run stays when this fails (say, SQLite's addon is not built yet):
    // only the report's first-call compiling is lost, so it is a warning, not a failed build.
    // The demo builds a small practice with processor data (cards, plans, declines, members) in
    // the demo profile, offline; the report on it then runs every per-row function.
    run(['demo', '--patients', '60']);
    run(['--profile', 'demo', 'report', 'appointments', '--today', '--format', 'csv'], {
      TRACKSTAT_BUILD_CODE_CACHE: '1',
    });
  } catch (err) {
    stderr.write(`warning: ${err instanceof Error ? err.message : String(err)}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
