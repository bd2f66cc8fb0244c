import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Db } from '../store/db.js';

/** Reads --patients-file: one account (or #id) per line; blank lines and # comments ignored. */
export function readPatientsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the patients file ${path}.`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.split(',')[0]?.trim() ?? '')
    .filter((l) => l !== '' && !/^#\s/.test(l) && l.toLowerCase() !== 'account');
}

/** Turns account numbers (or "#123" patient ids) into patient ids; unknown ones are a usage error. */
export function resolvePatientRefs(db: Db, refs: readonly string[]): number[] {
  const byAccount = db.prepare('SELECT id FROM patients WHERE account = ? AND removed = 0').pluck();
  const byId = db.prepare('SELECT id FROM patients WHERE id = ? AND removed = 0').pluck();
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const id = (/^#\d+$/.test(ref) ? byId.get(Number(ref.slice(1))) : byAccount.get(ref)) as
      number | undefined;
    if (id === undefined) unknown.push(ref);
    else if (!ids.includes(id)) ids.push(id);
  }
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown patient${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}.`,
      'Use EHR account numbers (or #ID for processor-only patients), as listed by trackstat report patients.',
    );
  }
  return ids;
}
