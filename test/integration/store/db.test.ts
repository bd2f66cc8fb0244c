import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase } from '../../../src/store/db.js';
import { migrations } from '../../../src/store/migrations/index.js';
import { listAudit, recordAudit } from '../../../src/store/audit.js';
import { LocalStateError } from '../../../src/errors.js';
import { tempHome } from '../../helpers/cli.js';

function dbPath(): string {
  return join(tempHome(), 'profiles', 'default', 'cache.db');
}

function openError(path: string): LocalStateError {
  try {
    openDatabase(path).close();
  } catch (err) {
    expect(err).toBeInstanceOf(LocalStateError);
    return err as LocalStateError;
  }
  throw new Error('expected the cache to be refused');
}

describe('openDatabase', () => {
  it('creates a 0600 WAL database with every migration recorded', () => {
    const path = dbPath();
    const db = openDatabase(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(
      migrations.map((m) => ({ version: m.version })).sort((a, b) => a.version - b.version),
    );
    const tables = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{
        name: string;
      }>
    ).map((t) => t.name);
    for (const t of ['patients', 'transactions', 'appointments', 'messages', 'audit', 'sync_state'])
      expect(tables).toContain(t);
    db.close();
  });

  it('re-opening applies nothing twice', () => {
    const path = dbPath();
    openDatabase(path).close();
    const db = openDatabase(path);
    const n = db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    expect(n.n).toBe(migrations.length);
    db.close();
  });

  it('has the indexes the reports rely on', () => {
    const db = openDatabase(dbPath());
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM appointments WHERE local_date = '2026-03-10'")
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('appointments_date');
    db.close();
  });

  it('refuses a file that is not SQLite with the "not a trackstat database" message', () => {
    const path = dbPath();
    openDatabase(path).close();
    writeFileSync(path, 'this is not a database at all, just some text that is long enough');
    const err = openError(path);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(`The cache at ${path} is not a trackstat database.`);
    expect(err.hint).toContain('--profile');
  });

  it('refuses a SQLite file that belongs to another program', () => {
    const path = dbPath();
    openDatabase(path).close();
    const foreign = join(path, '..', 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)');
    other.close();
    expect(openError(foreign).message).toContain('is not a trackstat database');
  });

  it('refuses a cache written by a newer trackstat', () => {
    const path = dbPath();
    const db = openDatabase(path);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    db.close();
    expect(openError(path).message).toContain('newer trackstat (schema 999');
  });

  it('a truncated SQLite header (corrupted file) is refused, not a crash', () => {
    const path = dbPath();
    openDatabase(path).close();
    const bytes = Buffer.alloc(4096, 0xab);
    bytes.write('SQLite format 3\u0000', 0, 'latin1');
    writeFileSync(path, bytes);
    expect(openError(path).message).toContain('is not a trackstat database');
  });
});

describe('audit', () => {
  it('records counts and the output file, and lists newest first with --since', () => {
    const db = openDatabase(dbPath());
    recordAudit(db, {
      at: new Date('2026-03-01T10:00:00Z'),
      command: 'report patients',
      profile: 'default',
      counts: { rows: 120 },
      outputFile: '/tmp/p.csv',
    });
    recordAudit(db, {
      at: new Date('2026-03-05T10:00:00Z'),
      command: 'purge',
      profile: 'default',
      counts: { messages: 3, status: 'done' },
    });
    expect(listAudit(db, { limit: 10 })).toMatchObject([
      { command: 'purge', counts: { messages: 3, status: 'done' }, output_file: null },
      { command: 'report patients', counts: { rows: 120 }, output_file: '/tmp/p.csv' },
    ]);
    expect(listAudit(db, { limit: 10, since: '2026-03-02' })).toHaveLength(1);
    expect(listAudit(db, { limit: 1 })).toHaveLength(1);
    db.close();
  });
});
