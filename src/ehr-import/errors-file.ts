import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { UsageError } from '../errors.js';
import { closeOutput, openOutputFile } from '../terminal/render.js';
import { neutralizeFormula, sanitizeCell } from '../terminal/sanitize.js';
import type { FileRowError } from './run-import.js';

/** --errors-file: every row error as CSV (line,column,value,reason; `file` first for --dir), mode 0600. */
export async function openErrorsFile(
  path: string,
  withFile: boolean,
): Promise<{ write(e: FileRowError): void; close(): Promise<void> }> {
  let out: Awaited<ReturnType<typeof openOutputFile>>;
  try {
    out = await openOutputFile(path);
  } catch (err) {
    if (err instanceof UsageError) throw err; // already names the path and why
    throw new UsageError(`Cannot write the errors file ${path}: ${(err as Error).message}`);
  }
  const csv = stringify();
  csv.pipe(out, { end: false });
  const cell = (text: string): string => neutralizeFormula(sanitizeCell(text));
  csv.write([...(withFile ? ['file'] : []), 'line', 'column', 'value', 'reason']);
  return {
    write: (e) => {
      csv.write([
        ...(withFile ? [e.file] : []),
        String(e.line),
        e.column,
        cell(e.value),
        cell(e.reason),
      ]);
    },
    close: async () => {
      const ended = once(csv, 'end');
      csv.end();
      await ended;
      await closeOutput(out);
    },
  };
}
