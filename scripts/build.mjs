// Builds dist/: one ESM bundle for the CLI plus lazily loaded chunks (esbuild code splitting).
// Why a bundle: Node 20 has no compile cache, and resolving and reading ~100 small modules costs
// more startup time than `--help` may take (SPEC §4: within 1.3× of a bare `node -e 0`).
// Type-checking is done by `npm run typecheck` (tsc), which `npm test` runs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { env as processEnv, execPath, pid } from 'node:process';
import { pathToFileURL } from 'node:url';

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

// Build next to dist/ and swap only on success, so a failed build leaves the last good one in place.
const next = `dist.next-${pid}`;
rmSync(next, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // Class names survive minification, so --verbose stack traces name the error (AuthError, not i).
  keepNames: true,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // Native addon: loaded from node_modules at run time.
  external: ['better-sqlite3'],
  plugins: [lazyChildProcessForCommander],
  // CommonJS dependencies inside an ESM bundle need a real `require`.
  banner: {
    js: "import { createRequire as __trackstatRequire } from 'node:module'; const require = __trackstatRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
renderHelp(next);
rmSync('dist', { recursive: true, force: true });
renameSync(next, 'dist');

/**
 * Writes the top-level `--help` (80 columns, as commander prints it off a terminal) to help.txt:
 * bin/trackstat.js prints it for a bare `trackstat --help`, because building every command and
 * formatting the help costs ~25 ms of the 1.3× startup budget (SPEC §4). A test compares the two.
 */
function renderHelp(dir) {
  const cli = pathToFileURL(`${dir}/cli.js`).href;
  const script = `process.argv = [process.argv[0], 'trackstat', '--help']; const { main } = await import(${JSON.stringify(cli)}); main(process);`;
  const env = { ...processEnv };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'CLICOLOR_FORCE']) delete env[name];
  const r = spawnSync(execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0 || !r.stdout.includes('Usage: trackstat')) {
    throw new Error(`could not render --help (exit ${r.status}):\n${r.stderr}`);
  }
  writeFileSync(`${dir}/help.txt`, r.stdout);
}
