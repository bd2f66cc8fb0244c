// Builds dist/: one ESM bundle for the CLI plus lazily loaded chunks (esbuild code splitting).
// Why a bundle: Node 20 has no compile cache, and resolving and reading ~100 small modules costs
// more startup time than `--help` may take (SPEC §4: within 1.3× of a bare `node -e 0`).
// Type-checking is done by `npm run typecheck` (tsc), which `npm test` runs.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

// Build next to dist/ and swap only on success, so a failed build leaves the last good one in place.
const next = `dist.next-${process.pid}`;
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
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // Native addon: loaded from node_modules at run time.
  external: ['better-sqlite3'],
  // CommonJS dependencies inside an ESM bundle need a real `require`.
  banner: {
    js: "import { createRequire as __trackstatRequire } from 'node:module'; const require = __trackstatRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
rmSync('dist', { recursive: true, force: true });
renameSync(next, 'dist');
