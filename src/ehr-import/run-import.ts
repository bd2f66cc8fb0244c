import type { Readable } from 'node:stream';
import { InvalidInputError } from '../errors.js';
import { todayIn } from '../domain/dates.js';
import type { Db } from '../store/db.js';
import { readCsv, type Delimiter } from './csv-reader.js';
import { handlerFor } from './handlers.js';
import { resolveHeader } from './header.js';
import { importKinds, type ImportKind } from './kinds.js';
import type { RunContext } from './kinds/handler.js';
import { LocalTimeConverter } from './local-time.js';
import { mapForKind, type ColumnMapFile } from './map-file.js';
import { PatientLookup } from './patient-lookup.js';
import { RowCheck, type RowError } from './row-check.js';
import { countRows } from './upsert.js';

/** One file to import: its kind, a display name and how to open it. */
export interface ImportFile {
  kind: ImportKind;
  name: string;
  open(): Readable;
}

export interface ImportOptions {
  files: ImportFile[];
  map?: ColumnMapFile | undefined;
  dateFormat?: string | undefined;
  /** Amounts are written 1.250,50 (European exports). */
  decimalComma?: boolean | undefined;
  delimiter?: Delimiter | undefined;
  from?: string | undefined;
  to?: string | undefined;
  timezone: string;
  createMissingPatients: boolean;
  skipInvalid: boolean;
  dryRun: boolean;
}

export interface ImportDeps {
  db: Db;
  now: Date;
  /** Every row error, as found (for --errors-file). */
  onError?: ((error: FileRowError) => void) | undefined;
  /** Informational notes (ignored headers). */
  onNote?: (message: string) => void;
  /** Progress: called as a file starts and every 10,000 rows. */
  onProgress?: ((file: ImportFile, rows: number) => void) | undefined;
  /** Patient matching (DOMAIN §2), run after any file that touched patients. */
  linkPatients?: (db: Db, now: Date) => { linked: number; unmatched: number };
}

export interface FileRowError extends RowError {
  file: string;
}

/** The counts of one file. */
export interface FileSummary {
  kind: ImportKind;
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  rejected: number;
  patients_created: number;
}

export interface ImportResult {
  files: FileSummary[];
  /** The first errors (up to 20), for the terminal. */
  firstErrors: FileRowError[];
  errorCount: number;
  rejectedRows: number;
  link: { linked: number; unmatched: number } | undefined;
  /** Whether the changes were kept (false for --dry-run and for invalid input without --skip-invalid). */
  committed: boolean;
}

export const firstErrorsShown = 20;

/**
 * Imports EHR files in one database transaction, in dependency order (patients first). Rows are
 * streamed, checked and upserted as they come; at the end the transaction is committed — or rolled
 * back for --dry-run, or when a row was invalid without --skip-invalid, so nothing is half-imported.
 */
export async function runImport(options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  const { db, now } = deps;
  const files = [...options.files].sort(
    (a, b) => importKinds.indexOf(a.kind) - importKinds.indexOf(b.kind),
  );
  const nowIso = now.toISOString();
  const run: RunContext = {
    db,
    nowIso,
    today: todayIn(options.timezone, now),
    patients: new PatientLookup(db, nowIso),
    createMissingPatients: options.createMissingPatients,
    times: new LocalTimeConverter(options.timezone),
    from: options.from,
    to: options.to,
  };
  const result: ImportResult = {
    files: [],
    firstErrors: [],
    errorCount: 0,
    rejectedRows: 0,
    link: undefined,
    committed: false,
  };
  const report = (e: FileRowError): void => {
    result.errorCount += 1;
    if (result.firstErrors.length < firstErrorsShown) result.firstErrors.push(e);
    deps.onError?.(e);
  };

  // A big file is one transaction. A 64 MB page cache keeps its index pages in memory instead of
  // spilling them to the WAL over and over; temp_store MEMORY keeps the statement journal that
  // SQLite writes for every upsert (and the table of ids seen) off a temp file, which otherwise
  // took ~13 small writes per row. 600,000 appointments: ~70 s → ~19 s (docs/PERFORMANCE.md, "Import speed").
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS ehr_seen (kind TEXT NOT NULL, key TEXT NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID',
    );
    db.exec('DELETE FROM temp.ehr_seen');
    let touchedPatients = false;
    for (const file of files) {
      const summary = await importFile(file, options, run, report, deps);
      result.files.push(summary);
      result.rejectedRows += summary.rejected;
      if (file.kind === 'patients' || summary.patients_created > 0) touchedPatients = true;
    }
    const invalid = result.errorCount > 0 && !options.skipInvalid;
    if (touchedPatients && !invalid && deps.linkPatients) result.link = deps.linkPatients(db, now);
    db.exec('DROP TABLE temp.ehr_seen');
    if (invalid || options.dryRun) {
      db.exec('ROLLBACK');
    } else {
      db.exec('COMMIT');
      result.committed = true;
    }
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return result;
}

async function importFile(
  file: ImportFile,
  options: ImportOptions,
  run: RunContext,
  report: (e: FileRowError) => void,
  deps: ImportDeps,
): Promise<FileSummary> {
  deps.onProgress?.(file, 0);
  const handler = handlerFor(file.kind);
  const map = mapForKind(options.map, file.kind);
  const rows = readCsv(file.open(), { delimiter: options.delimiter, name: file.name });
  const header = await rows.next();
  if (header.done) {
    throw new InvalidInputError(
      `${file.name} is empty: a ${file.kind} file starts with a header line.`,
      'Nothing was imported.',
    );
  }
  const layout = resolveHeader(header.value.cells, file.kind, map, file.name);
  if (layout.ignored.length > 0) {
    deps.onNote?.(
      `${file.name}: ignoring columns ${layout.ignored.map((h) => `"${h}"`).join(', ')}`,
    );
  }
  const writer = handler.writer(run, layout.present);
  const before = countRows(run.db, writer.table, writer.where);
  const createdBefore = run.patients.created;
  const markSeen = run.db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO temp.ehr_seen (kind, key, line) VALUES (?, ?, ?)',
  );
  const firstSeen = run.db.prepare<[string, string], { line: number }>(
    'SELECT line FROM temp.ehr_seen WHERE kind = ? AND key = ?',
  );
  let count = 0;
  let changed = 0;
  let rejected = 0;
  for await (const { line, cells } of rows) {
    count += 1;
    if (count % 10_000 === 0) deps.onProgress?.(file, count);
    const row = new RowCheck(
      line,
      cells,
      layout,
      map,
      options.dateFormat,
      options.decimalComma === true,
    );
    const key = handler.key(row);
    if (key !== '' && markSeen.run(file.kind, key, line).changes === 0) {
      const earlier = firstSeen.get(file.kind, key)?.line;
      row.fail(
        handler.keyColumn,
        key,
        `duplicate ${handler.keyColumn} "${key}" (already on line ${earlier})`,
      );
    }
    const params = handler.validate(row, run);
    if (params === undefined || row.errors.length > 0) {
      rejected += 1;
      for (const e of row.errors) report({ file: file.name, ...e });
      continue;
    }
    if (writer.write(params)) changed += 1;
  }
  const removed = writer.finish();
  const inserted = countRows(run.db, writer.table, writer.where) - before;
  const valid = count - rejected;
  return {
    kind: file.kind,
    file: file.name,
    rows: count,
    inserted,
    updated: changed - inserted,
    unchanged: valid - changed,
    removed,
    rejected,
    patients_created: run.patients.created - createdBefore,
  };
}
