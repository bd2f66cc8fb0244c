// --patient → one patient: a unique match is used; several are listed (and, on a terminal, chosen
// from); without a terminal an ambiguous name fails with exit 4 naming --patient.
import { InputRequiredError, UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Io } from '../terminal/io.js';
import { askChoice, askText } from '../terminal/prompt.js';
import { sanitizeCell } from '../terminal/sanitize.js';
import { findPatients, patientLabel, type PatientSummary } from './patient-lookup.js';

/** Resolves what was typed (or asks for it on a terminal) into one patient. */
export async function resolvePatient(
  io: Io,
  db: Db,
  query: string | undefined,
): Promise<PatientSummary> {
  const typed =
    query ??
    (await askText(io, {
      message: 'Patient (account number, processor id or name)',
      flag: '--patient',
      validate: (v) => (v.trim() === '' ? 'Type an account number or a name.' : true),
    }));
  const found = findPatients(db, typed);
  if (found.length === 0) {
    throw new UsageError(
      `No patient matches "${typed}".`,
      'Search by account number, Fortis/Cash Practice customer id, or first/last name.',
    );
  }
  const [only] = found;
  if (found.length === 1 && only) return only;
  if (!io.canPrompt) {
    io.error(`"${sanitizeCell(typed)}" matches ${found.length} patients:`);
    for (const p of found) io.error(`  ${sanitizeCell(patientLabel(p))}`);
    throw new InputRequiredError('Which patient is the invoice for?', '--patient ACCOUNT');
  }
  const id = await askChoice<string>(io, {
    message: `"${typed}" matches ${found.length} patients — which one?`,
    flag: '--patient ACCOUNT',
    choices: found.map((p) => ({ value: String(p.id), name: sanitizeCell(patientLabel(p)) })),
  });
  const chosen = found.find((p) => String(p.id) === id);
  if (!chosen) throw new UsageError('No patient was chosen.');
  return chosen;
}
