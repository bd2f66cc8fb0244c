import type { Db } from '../../store/db.js';
import type { ImportKind } from '../kinds.js';
import type { LocalTimeConverter } from '../local-time.js';
import type { PatientLookup } from '../patient-lookup.js';
import type { RowCheck } from '../row-check.js';
import type { Params } from '../upsert.js';

/** What a kind's validator and writer share during one import run. */
export interface RunContext {
  db: Db;
  nowIso: string;
  /** Today in the practice time zone ('YYYY-MM-DD'), for consent given as "true". */
  today: string;
  patients: PatientLookup;
  createMissingPatients: boolean;
  times: LocalTimeConverter;
  /** --from/--to for the appointments schedule range. */
  from: string | undefined;
  to: string | undefined;
}

/** Writes one file's valid rows; `finish` returns how many rows it marked removed. */
export interface KindWriter {
  /** Upserts a row; true when something was inserted or changed. */
  write(row: Params): boolean;
  finish(): number;
  /** The keyed table (and filter) whose row count before/after tells inserts from updates. */
  table: string;
  where?: string;
}

/** One EHR import kind: how to key, check and write its rows. */
export interface KindHandler {
  kind: ImportKind;
  /** The column named in duplicate-id errors. */
  keyColumn: string;
  /** The within-file identity of a row from its raw cells ('' when the key cells are empty). */
  key(row: RowCheck): string;
  /** Checks a row; the parameters to write, or undefined when the row has errors (in row.errors). */
  validate(row: RowCheck, run: RunContext): Params | undefined;
  writer(run: RunContext, present: ReadonlySet<string>): KindWriter;
}

/**
 * The patient of a row's account, resolved only for rows without other errors (so --skip-invalid never
 * creates a patient for a rejected row). Unknown → an error, or a minimal patient with
 * --create-missing-patients.
 */
export function resolvePatient(
  row: RowCheck,
  account: string | null | undefined,
  run: RunContext,
): number | undefined {
  if (row.errors.length > 0 || !account) return undefined;
  const id = run.patients.find(account);
  if (id !== undefined) return id;
  if (run.createMissingPatients) return run.patients.create(account);
  return row.fail(
    'account',
    account,
    `unknown account "${account}" (import the patients file first, or pass --create-missing-patients)`,
  );
}

/** 1/0 for SQLite; null stays null. */
export function flag(b: boolean | null | undefined): number | null {
  return b === null || b === undefined ? null : b ? 1 : 0;
}
