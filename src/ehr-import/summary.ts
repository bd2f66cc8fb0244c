import type { ImportResult } from './run-import.js';

const n = (x: number): string => x.toLocaleString('en-US');
const rows = (x: number): string => `${n(x)} row${x === 1 ? '' : 's'}`;

/** The human summary printed on stderr: one line per file, then patients created/linked. */
export function summaryLines(
  result: ImportResult,
  mode: { dryRun: boolean; invalid: boolean },
): string[] {
  const lines: string[] = [];
  if (mode.invalid) lines.push('Checked (nothing was imported):');
  else if (mode.dryRun) lines.push('Dry run (nothing was written); the import would give:');
  for (const f of result.files) {
    if (mode.invalid) {
      lines.push(
        `${f.kind} (${f.file}): ${rows(f.rows)} — ${n(f.rows - f.rejected)} valid, ${n(f.rejected)} invalid`,
      );
      continue;
    }
    const parts = [
      `${n(f.inserted)} inserted`,
      `${n(f.updated)} updated`,
      `${n(f.unchanged)} unchanged`,
      ...(f.kind === 'appointments' ? [`${n(f.removed)} removed`] : []),
      `${n(f.rejected)} rejected`,
      ...(f.patients_created > 0
        ? [`${n(f.patients_created)} patient${f.patients_created === 1 ? '' : 's'} created`]
        : []),
    ];
    lines.push(`${f.kind} (${f.file}): ${rows(f.rows)} — ${parts.join(', ')}`);
  }
  if (result.link && !mode.invalid) {
    lines.push(
      `patient matching: ${n(result.link.linked)} processor records linked, ${n(result.link.unmatched)} unmatched` +
        (result.link.unmatched > 0 ? ' (see trackstat patients unmatched)' : ''),
    );
  }
  return lines;
}
