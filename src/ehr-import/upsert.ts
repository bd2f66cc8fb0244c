import type { Db } from '../store/db.js';
import type { Statement } from 'better-sqlite3';

/** A column written by an upsert; expressions default to the named parameter `@name`. */
export interface UpsertColumn {
  name: string;
  /** value on insert */
  insert?: string;
  /** value on update; also what the change check compares against */
  update?: string;
}

/** Bound values of one row: SQLite takes numbers, text and NULL (booleans as 0/1). */
export type Params = Record<string, string | number | null>;

/**
 * Builds `INSERT … ON CONFLICT (key) DO UPDATE SET … WHERE <something changed>`: an unchanged row is
 * not written at all, so `changes` tells changed (1) from unchanged (0) without a SELECT per row.
 * `touch` columns (imported_at, updated_at) are written with a change but never compared;
 * `insertOnly` columns (created_at, source) are written on insert only.
 */
export function buildUpsert(
  db: Db,
  spec: {
    table: string;
    key: string[];
    columns: UpsertColumn[];
    touch: UpsertColumn[];
    insertOnly: UpsertColumn[];
  },
): Statement<[Params]> {
  const { table } = spec;
  const insertCols = [
    ...spec.key.map((name) => ({ name })),
    ...spec.columns,
    ...spec.touch,
    ...spec.insertOnly,
  ];
  const names = insertCols.map((c) => c.name).join(', ');
  const values = insertCols.map((c) => ('insert' in c && c.insert) || `@${c.name}`).join(', ');
  const updated = [...spec.columns, ...spec.touch];
  const set = updated.map((c) => `${c.name} = ${c.update ?? `@${c.name}`}`).join(', ');
  const changed = spec.columns
    .map((c) => `${table}.${c.name} IS NOT (${c.update ?? `@${c.name}`})`)
    .join(' OR ');
  const sql =
    `INSERT INTO ${table} (${names}) VALUES (${values}) ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${set}` +
    (changed ? ` WHERE ${changed}` : ' WHERE 0');
  return db.prepare(sql);
}

/** Counts the rows of a table (optionally filtered), before and after a file, to tell inserts from updates. */
export function countRows(db: Db, table: string, where = ''): number {
  const row = db
    .prepare(`SELECT count(*) AS n FROM ${table} ${where ? `WHERE ${where}` : ''}`)
    .get() as { n: number };
  return row.n;
}
