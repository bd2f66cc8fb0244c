import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { kindOfFileName, type ImportKind } from './kinds.js';
import type { ImportFile } from './run-import.js';

/**
 * The recognised files of an export folder (`patients.csv`, `Appointments.CSV`,
 * `appointments-2026-11-27.csv`…). Two files for one kind are ambiguous → exit 2; other files are
 * returned as `ignored` so the caller can say so.
 */
export function filesOfFolder(dir: string): { files: ImportFile[]; ignored: string[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder.`);
    names = readdirSync(dir).sort();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`Cannot read the folder ${dir}: ${(err as Error).message}`);
  }
  const byKind = new Map<ImportKind, string[]>();
  const ignored: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const kind = kindOfFileName(name);
    if (!kind || !statSync(path).isFile()) {
      ignored.push(name);
      continue;
    }
    byKind.set(kind, [...(byKind.get(kind) ?? []), name]);
  }
  const files: ImportFile[] = [];
  for (const [kind, list] of byKind) {
    if (list.length > 1) {
      throw new UsageError(
        `${dir} has ${list.length} files for ${kind}: ${list.join(', ')}.`,
        'Keep one file per kind in the folder (move older exports away), or import them one by one with trackstat import KIND FILE.',
      );
    }
    const name = list[0] ?? '';
    files.push({ kind, name, open: () => createReadStream(join(dir, name)) });
  }
  if (files.length === 0) {
    throw new UsageError(
      `No recognised export files in ${dir}.`,
      'Name them after their kind: patients.csv, appointments.csv, charges.csv, insurance.csv, balances.csv, plans.csv (a suffix such as appointments-2026-11-27.csv is fine).',
    );
  }
  return { files, ignored };
}
