// Runs one report: picks the columns, renders the rows to stdout or a 0600 file, records the audit.
import { UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Io } from '../terminal/io.js';
import {
  closeOutput,
  openOutputFile,
  render,
  resolveFormat,
  type Column,
} from '../terminal/render.js';
import { loadReport, type ReportName } from './catalog.js';
import { fitColumns } from './fit.js';
import type { ReportRequest } from './report.js';

export interface OutputOptions {
  format: string | undefined;
  output: string | undefined;
  bom: boolean;
  columns: string | undefined;
  listColumns: boolean;
}

export interface ReportDeps {
  io: Io;
  db(): Promise<Db>;
  audit(counts: Record<string, number | string>, outputFile?: string): Promise<void>;
  /** The audit line to keep if the output's reader goes away mid-report (CommandContext). */
  auditIfStopped?(counts: Record<string, number | string>, outputFile?: string): void;
}

/** Resolves --columns against the report's columns; unknown names are a usage error listing the valid ones. */
export function selectColumns<R>(
  all: ReadonlyArray<Column<R>>,
  defaults: readonly string[],
  wanted: string | undefined,
): Array<Column<R>> {
  const byKey = new Map(all.map((c) => [c.key, c]));
  const keys =
    wanted === undefined
      ? defaults
      : wanted
          .split(',')
          .map((k) => k.trim().toLowerCase())
          .filter((k, i, all) => k && all.indexOf(k) === i); // a repeated name: one column
  const unknown = keys.filter((k) => !byKey.has(k));
  if (unknown.length > 0 || keys.length === 0) {
    throw new UsageError(
      unknown.length > 0
        ? `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`
        : '--columns needs at least one column name.',
      `Valid columns: ${all.map((c) => c.key).join(', ')}.`,
    );
  }
  return keys.map((k) => byKey.get(k) as Column<R>);
}

/** What an empty table says: for the huddle list, which day was empty. */
export function emptyText(name: ReportName, request: ReportRequest): string {
  if (name !== 'appointments') return `No rows for report ${name}.`;
  const days = request.from === request.to ? request.from : `${request.from} to ${request.to}`;
  const f = request.filters;
  const filtered =
    f.flagged || [f.provider, f.location, f.type, f.status, f.flag].some((l) => l.length > 0);
  return `No appointments on ${days}${filtered ? ' that match the filters' : ''}.`;
}

/** Runs a report and returns how many rows it produced. */
export async function runReport(
  deps: ReportDeps,
  name: ReportName,
  request: ReportRequest,
  output: OutputOptions,
): Promise<number> {
  const { io } = deps;
  const definition = await loadReport(name);
  const all = definition.columns(request);
  const defaults = definition.defaultColumns(request);
  if (output.listColumns) {
    const width = Math.max(...all.map((c) => c.key.length)) + 2;
    const lines = all.map(
      (c) => `${c.key.padEnd(width)}${defaults.includes(c.key) ? '*' : ' '} ${c.description}`,
    );
    io.stdout.write(`${lines.join('\n')}\n(* = shown by default; choose with --columns a,b,c)\n`);
    return 0;
  }
  let columns = selectColumns(all, defaults, output.columns);
  const db = await deps.db();
  let rows: Iterable<unknown> = definition.rows(db, request);
  if (request.format === 'table' && output.columns === undefined && output.output === undefined) {
    // A table holds every row before printing anyway; knowing them lets us fit the terminal.
    const all = [...rows];
    rows = all;
    // With no rows every column is "empty"; fitting would hide them and say so for nothing.
    const fitted =
      all.length > 0
        ? fitColumns(columns, all, io.columns, definition.dropOrder ?? [])
        : { columns, dropped: [] };
    columns = fitted.columns;
    if (fitted.dropped.length > 0) {
      io.info(
        `Hidden to fit the terminal: ${fitted.dropped.join(', ')} (widen it, or choose with --columns).`,
      );
    }
  }
  const toFile = output.output !== undefined;
  // Reading patient data in bulk is audited even when the reader stops early (`| head`).
  if (!toFile) deps.auditIfStopped?.({ report: name, rows: 'not all written' });
  const out = toFile ? await openOutputFile(output.output as string) : io.stdout;
  let count: number;
  try {
    count = await render({
      format: request.format,
      columns,
      rows,
      out,
      color: toFile ? false : io.color,
      // Only a table has a width (and asking the terminal for it may create process.stderr).
      width: toFile || request.format !== 'table' ? 1000 : io.columns,
      bom: output.bom,
      summary: definition.summary?.(request),
      emptyText: emptyText(name, request),
    });
  } finally {
    if (toFile) await closeOutput(out);
  }
  if (toFile) io.info(`Wrote ${count} row${count === 1 ? '' : 's'} to ${output.output}.`);
  for (const warning of definition.warnings?.(db, request) ?? []) io.warn(warning);
  if (count === 0 && db.prepare('SELECT 1 FROM patients LIMIT 1').get() === undefined) {
    io.info(
      'This profile has no patients yet: load the EHR exports (trackstat import --dir FOLDER) or connect and sync a processor (trackstat sync). trackstat demo shows a filled-in practice.',
    );
  } else if (
    count > 0 &&
    // Every synced processor contact is linked to a patient (a processor-only one if need be).
    db.prepare('SELECT 1 FROM patient_links LIMIT 1').get() === undefined
  ) {
    // EHR files alone: every patient would look like NO_CARD with no plan, which is not news.
    io.info(
      'No processor has been synced into this profile yet, so cards and payment plans are unknown (NO_CARD everywhere): connect one (trackstat connect fortis|cashpractice) and run trackstat sync.',
    );
  }
  await deps.audit({ rows: count, report: name }, output.output);
  return count;
}

/** The output format of a run (see resolveFormat). */
export function outputFormat(
  output: OutputOptions,
  stdoutIsTTY: boolean,
): ReturnType<typeof resolveFormat> {
  return resolveFormat(output.format, output.output, stdoutIsTTY);
}
