import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from './context.js';
import { InvalidInputError, UsageError } from '../errors.js';
import { mapsDir } from '../home/paths.js';
import { ExitCode, type ExitCodeValue } from '../terminal/exit-codes.js';
import { parseDelimiterFlag } from '../ehr-import/csv-reader.js';
import { checkDateFormat } from '../ehr-import/date-format.js';
import { filesOfFolder } from '../ehr-import/dir-files.js';
import { openErrorsFile } from '../ehr-import/errors-file.js';
import { importKinds, isImportKind } from '../ehr-import/kinds.js';
import { loadColumnMap } from '../ehr-import/map-file.js';
import { runImport, type ImportFile, type ImportResult } from '../ehr-import/run-import.js';
import { summaryLines } from '../ehr-import/summary.js';

/** The options of `trackstat import`, as typed on the command line. */
export interface ImportCommandOptions {
  kind: string | undefined;
  file: string | undefined;
  dir: string | undefined;
  map: string | undefined;
  dateFormat: string | undefined;
  decimalComma: boolean;
  delimiter: string | undefined;
  from: string | undefined;
  to: string | undefined;
  createMissingPatients: boolean;
  skipInvalid: boolean;
  dryRun: boolean;
  errorsFile: string | undefined;
  json: boolean;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function checkRangeFlag(flag: string, value: string | undefined): void {
  if (
    value !== undefined &&
    (!isoDate.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  ) {
    throw new UsageError(`${flag} must be a date such as 2026-11-27.`);
  }
}

function filesFromArgs(
  ctx: CommandContext,
  o: ImportCommandOptions,
): { files: ImportFile[]; viaDir: boolean } {
  if (o.dir !== undefined) {
    if (o.kind !== undefined)
      throw new UsageError('Give either KIND FILE or --dir FOLDER, not both.');
    const { files, ignored } = filesOfFolder(resolve(ctx.io.cwd, o.dir));
    if (ignored.length > 0) ctx.io.info(`not recognised (skipped): ${ignored.join(', ')}`);
    return { files, viaDir: true };
  }
  if (o.kind === undefined) {
    throw new UsageError(
      'Say what to import: trackstat import KIND FILE, or trackstat import --dir FOLDER.',
      `KIND is one of: ${importKinds.join(', ')}. FILE may be - for standard input.`,
    );
  }
  const kind = o.kind.toLowerCase();
  if (!isImportKind(kind)) {
    throw new UsageError(
      `"${o.kind}" is not something trackstat imports.`,
      `KIND is one of: ${importKinds.join(', ')}.`,
    );
  }
  if (o.file === undefined)
    throw new UsageError(`Which file? trackstat import ${kind} FILE (or - for standard input).`);
  if (o.file === '-') {
    const stdin = ctx.io.stdin;
    // On a terminal `-` waits for typed input, which looks like a hang without a word.
    if (ctx.io.stdinIsTTY) {
      ctx.io.info(
        `Reading the ${kind} file from standard input; paste it and end with Ctrl-D (Ctrl-Z, Enter on Windows), or press Ctrl-C and give a file name.`,
      );
    }
    return { files: [{ kind, name: 'stdin', open: () => stdin }], viaDir: false };
  }
  const path = resolve(ctx.io.cwd, o.file);
  if (!existsSync(path)) throw new UsageError(`The file ${o.file} does not exist.`);
  if (!statSync(path).isFile()) {
    throw new UsageError(
      `${o.file} is a folder, not a file.`,
      `Import a whole export folder with: trackstat import --dir ${o.file}`,
    );
  }
  return { files: [{ kind, name: o.file, open: () => createReadStream(path) }], viaDir: false };
}

/** The same file on disk, through symlinks and `./` spellings. */
function samePath(a: string, b: string): boolean {
  const real = (p: string): string => (existsSync(p) ? realpathSync(p) : p);
  return real(a) === real(b);
}

/**
 * --errors-file is truncated when it opens, before the rows are read: naming one of the files being
 * imported would wipe the clinic's export. Refuse that (exit 2) before anything is opened.
 */
function refuseToOverwriteInput(cwd: string, o: ImportCommandOptions, files: ImportFile[]): void {
  const target = resolve(cwd, o.errorsFile ?? '');
  const inputs =
    o.dir !== undefined
      ? files.map((f) => resolve(cwd, o.dir ?? '', f.name))
      : o.file !== undefined && o.file !== '-'
        ? [resolve(cwd, o.file)]
        : [];
  const clash = inputs.find((input) => samePath(input, target));
  if (clash !== undefined) {
    throw new UsageError(
      `--errors-file ${o.errorsFile ?? ''} is a file being imported; it would be overwritten.`,
      'Write the errors somewhere else, e.g. --errors-file rejected.csv.',
    );
  }
}

/** `trackstat import`: checks the flags, imports under the profile lock, reports, and picks the exit code. */
export async function runImportCommand(
  ctx: CommandContext,
  o: ImportCommandOptions,
): Promise<ExitCodeValue> {
  const delimiter = o.delimiter === undefined ? undefined : parseDelimiterFlag(o.delimiter);
  if (o.delimiter !== undefined && delimiter === undefined) {
    throw new UsageError(`--delimiter must be , ; or tab (got "${o.delimiter}").`);
  }
  if (o.dateFormat !== undefined) {
    const reason = checkDateFormat(o.dateFormat);
    if (reason) throw new UsageError(`--date-format ${reason}.`);
  }
  checkRangeFlag('--from', o.from);
  checkRangeFlag('--to', o.to);
  if (o.from !== undefined && o.to !== undefined && o.from > o.to)
    throw new UsageError('--from must not be after --to.');
  const { files, viaDir } = filesFromArgs(ctx, o);
  if (
    (o.from !== undefined || o.to !== undefined) &&
    !files.some((f) => f.kind === 'appointments')
  ) {
    throw new UsageError(
      '--from/--to set the schedule range of an appointments file; there is none here.',
    );
  }
  const map =
    o.map === undefined
      ? undefined
      : loadColumnMap(o.map, { cwd: ctx.io.cwd, mapsDir: mapsDir(ctx.paths.home) });

  if (o.errorsFile !== undefined) refuseToOverwriteInput(ctx.io.cwd, o, files);
  ctx.lock();
  const db = await ctx.db();
  const timezone = ctx.config().timezone();
  const errorsFile =
    o.errorsFile === undefined
      ? undefined
      : await openErrorsFile(resolve(ctx.io.cwd, o.errorsFile), viaDir);
  const [{ linkPatients }, { startProgress }] = await Promise.all([
    import('../sync/link-patients.js'),
    import('../terminal/progress.js'),
  ]);
  const progress = startProgress(ctx.io, 'Importing…');
  let result: ImportResult;
  try {
    result = await runImport(
      {
        files,
        map,
        dateFormat: o.dateFormat,
        decimalComma: o.decimalComma,
        delimiter,
        from: o.from,
        to: o.to,
        timezone,
        createMissingPatients: o.createMissingPatients,
        skipInvalid: o.skipInvalid,
        dryRun: o.dryRun,
      },
      {
        db,
        now: ctx.io.now(),
        onError: errorsFile ? (e) => errorsFile.write(e) : undefined,
        onNote: (m) => ctx.io.info(m),
        onProgress: (file, rows) =>
          progress.update(
            `Importing ${file.kind} (${file.name}): ${rows.toLocaleString('en-US')} rows`,
          ),
        linkPatients,
      },
    );
  } finally {
    progress.stop();
    await errorsFile?.close();
  }

  for (const e of result.firstErrors) {
    ctx.io.error(`${viaDir ? `${e.file}: ` : ''}line ${e.line}, column ${e.column}: ${e.reason}`);
  }
  if (result.errorCount > result.firstErrors.length) {
    ctx.io.error(
      `… and ${result.errorCount - result.firstErrors.length} more${o.errorsFile ? ` (all of them are in ${o.errorsFile})` : ' (--errors-file PATH writes all of them)'}`,
    );
  }
  const invalid = result.errorCount > 0 && !o.skipInvalid;
  for (const line of summaryLines(result, { dryRun: o.dryRun, invalid })) ctx.io.info(line);
  if (o.json)
    ctx.io.stdout.write(`${JSON.stringify(jsonSummary(result, o.dryRun, invalid), null, 2)}\n`);

  if (invalid) {
    const rows = result.rejectedRows;
    throw new InvalidInputError(
      `${rows} invalid row${rows === 1 ? '' : 's'} (${result.errorCount} problem${result.errorCount === 1 ? '' : 's'}); nothing was imported.`,
      'Fix the rows in the export (or map the EHR words with --map), or import the valid rows with --skip-invalid.',
    );
  }
  if (result.committed || o.dryRun) {
    await ctx.audit({ ...totals(result), dry_run: o.dryRun ? 1 : 0 });
  }
  if (result.rejectedRows > 0) {
    ctx.io.warn(
      skippedWarning(
        result.rejectedRows,
        (totals(result).rows ?? 0) - result.rejectedRows,
        o.dryRun,
      ),
    );
    return ExitCode.Partial;
  }
  return ExitCode.Ok;
}

/** What --skip-invalid did, in the tense of the run (a dry run imported nothing). */
export function skippedWarning(rejected: number, valid: number, dryRun: boolean): string {
  const rows = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;
  const verb = (n: number, word: string): string =>
    dryRun ? `would be ${word}` : `${n === 1 ? 'was' : 'were'} ${word}`;
  const rest =
    valid === 0
      ? `no row ${verb(1, 'imported')}`
      : `the other ${rows(valid)} ${verb(valid, 'imported')}`;
  return `${rows(rejected)} ${verb(rejected, 'rejected')} (--skip-invalid); ${rest}.`;
}

function totals(result: ImportResult): Record<string, number> {
  const t = {
    files: result.files.length,
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    rejected: 0,
    patients_created: 0,
  };
  for (const f of result.files) {
    t.rows += f.rows;
    t.inserted += f.inserted;
    t.updated += f.updated;
    t.unchanged += f.unchanged;
    t.removed += f.removed;
    t.rejected += f.rejected;
    t.patients_created += f.patients_created;
  }
  return t;
}

function jsonSummary(result: ImportResult, dryRun: boolean, invalid: boolean) {
  return {
    status: invalid ? 'invalid' : dryRun ? 'dry_run' : result.rejectedRows > 0 ? 'partial' : 'ok',
    committed: result.committed,
    files: result.files,
    totals: totals(result),
    errors: result.errorCount,
    first_errors: result.firstErrors,
    patients_linked: result.link?.linked ?? null,
    patients_unmatched: result.link?.unmatched ?? null,
  };
}
