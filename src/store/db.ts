import { chmodSync, closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { LocalStateError } from '../errors.js';
import { ensurePrivateDir } from '../home/files.js';
import { migrations, type Migration } from './migrations/index.js';

// The build bundles better-sqlite3's JavaScript into dist/cli.cjs (one file read instead of a
// dozen small modules on every command that opens the cache); its native addon is then found by
// path, not through the `bindings` package (which searches from the caller's file, the bundle).

let addonPath: string | null | undefined;

/** The compiled SQLite addon of the installed better-sqlite3 (undefined: not found). */
function nativeBinding(): string | undefined {
  if (addonPath === undefined) {
    const addon = 'better-sqlite3/build/Release/better_sqlite3.node';
    // Where a checkout's build finds it (dist/ next to node_modules/): one stat instead of
    // require.resolve's walk (~0.3 ms of every command that opens the cache).
    const beside = fileURLToPath(new URL(`../node_modules/${addon}`, import.meta.url));
    try {
      addonPath = existsSync(beside) ? beside : createRequire(import.meta.url).resolve(addon);
    } catch {
      addonPath = null;
    }
  }
  return addonPath ?? undefined;
}

export type Db = Database.Database;

/** PRAGMA application_id of a trackstat cache ("TRKS"), so a foreign SQLite file is recognised. */
export const APPLICATION_ID = 0x54524b53;

function notOurs(path: string, cause?: unknown): LocalStateError {
  return new LocalStateError(
    `The cache at ${path} is not a trackstat database.`,
    'Move it away (trackstat creates a new one), or run with --profile to use another profile.',
    cause === undefined ? undefined : { cause },
  );
}

function looksLikeSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const n = readSync(fd, header, 0, 16, 0);
    return n === 16 && header.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens (creating if needed) a profile's cache: WAL, busy timeout, foreign keys, mode 0600, and
 * every pending migration applied. A corrupted or foreign file gives a clear error, never a crash.
 */
export function openDatabase(path: string, list: readonly Migration[] = migrations): Db {
  const binding = nativeBinding();
  if (binding === undefined) {
    throw new LocalStateError(
      'SQLite support is missing: the better-sqlite3 addon (build/Release/better_sqlite3.node) was not found next to trackstat.',
      'Reinstall trackstat (npm install), or run `npm rebuild better-sqlite3` in its folder.',
    );
  }
  ensurePrivateDir(dirname(path));
  const isNew = !existsSync(path) || statSync(path).size === 0;
  if (isNew) {
    closeSync(openSync(path, 'a', 0o600));
  } else if (!looksLikeSqlite(path)) {
    throw notOurs(path);
  }
  chmodSync(path, 0o600);
  let db: Db;
  try {
    db = new Database(path, { timeout: 5000, nativeBinding: binding });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Statement journals of big upserts go to memory, not to a temp file per statement
    // (measured: a 600k-row import took 70 s with file temp storage, 19 s without).
    db.pragma('temp_store = MEMORY');
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tableCount = db
      .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")
      .get() as { n: number };
    if (appId !== APPLICATION_ID) {
      if (tableCount.n > 0) {
        db.close();
        throw notOurs(path);
      }
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    migrate(db, list);
  } catch (err) {
    if (err instanceof LocalStateError) throw err;
    throw notOurs(path, err);
  }
  return db;
}

/** Applies every migration not yet recorded in schema_migrations, each in its own transaction. */
export function migrate(db: Db, list: readonly Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
      (r) => r.version,
    ),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...list.map((m) => m.version));
  if (newest > known) {
    throw new LocalStateError(
      `The cache was written by a newer trackstat (schema ${newest}; this version knows up to ${known}).`,
      'Upgrade trackstat, or use another profile.',
    );
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}
