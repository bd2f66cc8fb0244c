import { once } from 'node:events';
import { chmodSync, createWriteStream } from 'node:fs';
import { extname } from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { neutralizeFormula, sanitizeCell } from './sanitize.js';

export type Format = 'table' | 'csv' | 'tsv' | 'json' | 'ndjson';
export const formats: readonly Format[] = ['table', 'csv', 'tsv', 'json', 'ndjson'];

export type CellKind = 'text' | 'money' | 'int' | 'date' | 'bool' | 'list';
export type CellValue = string | number | boolean | null | undefined | readonly string[];
export type Tone = 'red' | 'yellow' | 'green' | 'dim' | undefined;

/** One column of a report: its stable snake_case key, how to read it from a row, how to show it. */
export interface Column<R> {
  key: string;
  header?: string;
  kind?: CellKind;
  description?: string;
  value(row: R): CellValue;
  /** Colour of the cell in a table (never in csv/json). */
  tone?(row: R): Tone;
  /** Longest text shown in a table before truncating with … */
  maxWidth?: number;
  /** Narrowest a table may squeeze this column (default: its header, up to 6). */
  minWidth?: number;
  /** Joins a list cell in table/csv/tsv (default a space; items that contain spaces need another). */
  listSeparator?: string;
}

/** Accumulates the one-line table summary while rows stream by. */
export interface Summary<R> {
  add(row: R): void;
  text(): string;
}

export interface RenderOptions<R> {
  format: Format;
  columns: ReadonlyArray<Column<R>>;
  rows: AsyncIterable<R> | Iterable<R>;
  out: Writable;
  color: boolean;
  width: number;
  bom?: boolean;
  summary?: Summary<R> | undefined;
  /** Text printed (table only) when there are no rows. */
  emptyText?: string;
}

/** Picks the format: --format, else from --output's extension, else table on a TTY and csv otherwise. */
export function resolveFormat(
  flag: string | undefined,
  outputPath: string | undefined,
  stdoutIsTTY: boolean,
): Format {
  if (flag !== undefined) {
    if (!(formats as readonly string[]).includes(flag)) {
      throw new UsageError(`Unknown format "${flag}".`, `Use one of: ${formats.join(', ')}.`);
    }
    return flag as Format;
  }
  if (outputPath !== undefined) {
    const ext = extname(outputPath).toLowerCase();
    const byExt: Record<string, Format> = {
      '.csv': 'csv',
      '.tsv': 'tsv',
      '.json': 'json',
      '.ndjson': 'ndjson',
      '.jsonl': 'ndjson',
      '.txt': 'table',
    };
    // No extension: CSV. Any other extension (.xlsx, .xls…) would get CSV bytes under a name that
    // promises another format, which Excel refuses or misreads; ask for a clear choice instead.
    if (ext === '') return 'csv';
    const format = byExt[ext];
    if (format === undefined) {
      throw new UsageError(
        `Cannot tell the format of "${outputPath}" from its extension "${ext}".`,
        `Use a file ending in ${Object.keys(byExt).join(', ')} (a .csv file opens in Excel), or choose with --format.`,
      );
    }
    return format;
  }
  return stdoutIsTTY ? 'table' : 'csv';
}

/** Money in cents as a plain decimal: 125050 → "1250.50". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function cellText<R>(column: Column<R>, value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value.map((v) => sanitizeCell(String(v))).join(column.listSeparator ?? ' ');
  if (column.kind === 'money' && typeof value === 'number') return formatCents(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return sanitizeCell(String(value));
}

function jsonValue<R>(column: Column<R>, value: CellValue): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => sanitizeCell(String(v)));
  if (typeof value === 'string') return sanitizeCell(value);
  return value;
}

/** The JSON key of a column: money columns carry integer cents under `<key>_cents`. */
export function jsonKey<R>(column: Column<R>): string {
  return column.kind === 'money' && !column.key.endsWith('_cents')
    ? `${column.key}_cents`
    : column.key;
}

/**
 * A text cell that needs nothing done to it in CSV: no control character (so nothing to strip), no
 * quote or comma (no quoting) and no formula start (no guard). Most cells are like this, and one
 * test is cheaper than the four passes the general path makes (~15 µs a row of a short run).
 */
// eslint-disable-next-line no-control-regex
const plainCsvCell = /^(?![=+\-@])[^\u0000-\u001f\u007f-\u009f",]*$/;

/** One CSV cell: sanitized, formula-neutralised and quoted as needed. */
function csvCell<R>(column: Column<R>, value: CellValue): string {
  if (typeof value === 'string' && plainCsvCell.test(value)) return value;
  return csvField(neutralizeFormula(cellText(column, value)));
}

/** A CSV field, quoted (quotes doubled) when it holds a comma, a quote or a line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Renders rows in any format through one code path. csv/tsv/json/ndjson stream row by row (memory
 * stays flat); a table needs every row to fit the columns, which is fine for screen-sized output.
 * Every cell is stripped of terminal control characters; csv/tsv cells are formula-neutralised.
 */
export async function render<R>(options: RenderOptions<R>): Promise<number> {
  const { columns, out } = options;
  let count = 0;
  switch (options.format) {
    case 'csv': {
      // RFC 4180 by hand rather than csv-stringify: its stream cost ~50 µs a row, five times the rest
      // of `report appointments` (SPEC §4). Cells are single-line already (sanitizeCell).
      let buf = `${options.bom === true ? '\ufeff' : ''}${columns.map((c) => csvField(c.key)).join(',')}\r\n`;
      for await (const row of options.rows) {
        let line = '';
        for (let i = 0; i < columns.length; i++) {
          const c = columns[i] as Column<R>;
          line += `${i === 0 ? '' : ','}${csvCell(c, c.value(row))}`;
        }
        buf += `${line}\r\n`;
        count++;
        if (buf.length > 65536) {
          await write(out, buf);
          buf = '';
        }
      }
      await write(out, buf);
      return count;
    }
    case 'tsv': {
      let buf = `${options.bom === true ? '\ufeff' : ''}${columns.map((c) => c.key).join('\t')}\n`;
      for await (const row of options.rows) {
        buf += `${columns.map((c) => neutralizeFormula(cellText(c, c.value(row)).replace(/\t/g, ' '))).join('\t')}\n`;
        count++;
        if (buf.length > 65536) {
          await write(out, buf);
          buf = '';
        }
      }
      await write(out, buf);
      return count;
    }
    case 'json':
    case 'ndjson': {
      const ndjson = options.format === 'ndjson';
      let buf = ndjson ? '' : '[';
      for await (const row of options.rows) {
        const obj: Record<string, unknown> = {};
        for (const c of columns) obj[jsonKey(c)] = jsonValue(c, c.value(row));
        buf += ndjson
          ? `${JSON.stringify(obj)}\n`
          : `${count === 0 ? '\n' : ',\n'}  ${JSON.stringify(obj)}`;
        count++;
        if (buf.length > 65536) {
          await write(out, buf);
          buf = '';
        }
      }
      if (!ndjson) buf += count === 0 ? ']\n' : '\n]\n';
      await write(out, buf);
      return count;
    }
    case 'table':
      return renderTable(options);
  }
}

async function renderTable<R>(options: RenderOptions<R>): Promise<number> {
  const { columns } = options;
  const [{ default: Table }, { Chalk }] = await Promise.all([
    import('cli-table3'),
    import('chalk'),
  ]);
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paint = (text: string, tone: Tone): string => {
    if (!options.color || !tone || text === '') return text;
    if (tone === 'red') return chalk.red(text);
    if (tone === 'yellow') return chalk.yellow(text);
    if (tone === 'green') return chalk.green(text);
    return chalk.dim(text);
  };
  const texts: string[][] = [];
  const tones: Tone[][] = [];
  for await (const row of options.rows) {
    texts.push(columns.map((c) => cellText(c, c.value(row))));
    tones.push(columns.map((c) => c.tone?.(row)));
    options.summary?.add(row);
  }
  const headers = columns.map((c) => c.header ?? c.key);
  if (texts.length === 0) {
    await write(options.out, `${options.emptyText ?? 'No rows.'}\n`);
    return 0;
  }
  const natural = columns.map((c, i) =>
    Math.min(
      c.maxWidth ?? 40,
      Math.max(len(headers[i] ?? ''), ...texts.map((t) => len(t[i] ?? ''))),
    ),
  );
  const widths = fitWidths(
    natural,
    columns.map((c, i) =>
      Math.min(natural[i] ?? 1, c.minWidth ?? Math.min(len(headers[i] ?? ''), 6)),
    ),
    options.width,
  );
  const table = new Table({
    head: headers.map((h) => (options.color ? chalk.bold(h) : h)),
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    truncate: '…',
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: ' ',
    },
  });
  texts.forEach((t, r) => {
    table.push(t.map((text, i) => paint(truncate(text, widths[i] ?? 10), tones[r]?.[i])));
  });
  let output = `${table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')}\n`;
  const summary = options.summary?.text();
  if (summary) output += `${summary}\n`;
  await write(options.out, output);
  return texts.length;
}

function len(text: string): number {
  return [...text].length;
}

function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

/**
 * Fits columns to the terminal by water-filling: every column gets min(natural, level) but never
 * less than its minimum, with the highest level that fits — narrow columns stay whole and the wide
 * ones share what is left.
 */
export function fitWidths(natural: number[], minimum: number[], terminalWidth: number): number[] {
  const gap = 3; // padding and separator per column
  const available = terminalWidth - gap * natural.length;
  const at = (level: number) =>
    natural.map((n, i) => Math.max(Math.min(minimum[i] ?? 1, n), Math.min(n, level)));
  const total = (level: number) => at(level).reduce((a, w) => a + w, 0);
  let lo = 0;
  let hi = Math.max(0, ...natural);
  if (total(hi) <= available) return [...natural];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= available) lo = mid;
    else hi = mid - 1;
  }
  return at(lo);
}

/** Opens --output FILE for writing with mode 0600. */
export async function openOutputFile(path: string): Promise<Writable & { close?: () => void }> {
  const stream = createWriteStream(path, { mode: 0o600 });
  try {
    await once(stream, 'open');
  } catch (err) {
    // A missing folder, a directory or a read-only place is the user's --output value, not a bug.
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why: Record<string, string> = {
      ENOENT: 'its folder does not exist',
      EISDIR: 'it is a folder',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOTDIR: 'a part of the path is not a folder',
    };
    if (!(code in why)) throw err;
    throw new UsageError(
      `Cannot write ${path}: ${why[code]}.`,
      'Give a file path in a folder you can write to, e.g. ./report.csv.',
    );
  }
  chmodSync(path, 0o600);
  return stream;
}

/** Ends a file stream and waits until it is flushed. */
export async function closeOutput(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}
