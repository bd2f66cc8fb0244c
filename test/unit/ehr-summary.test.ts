import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/ehr-import/run-import.js';
import { summaryLines } from '../../src/ehr-import/summary.js';

const result = (unmatched: number): ImportResult => ({
  files: [],
  firstErrors: [],
  errorCount: 0,
  rejectedRows: 0,
  link: { linked: 3, unmatched },
  committed: true,
});

describe('import summary', () => {
  it('points to patients unmatched when matching left processor records without a patient', () => {
    const mode = { dryRun: false, invalid: false };
    expect(summaryLines(result(1), mode)).toEqual([
      'patient matching: 3 processor records linked, 1 unmatched (see trackstat patients unmatched)',
    ]);
    expect(summaryLines(result(0), mode)).toEqual([
      'patient matching: 3 processor records linked, 0 unmatched',
    ]);
  });

  it('counts patients created in the right number', () => {
    const one: ImportResult = {
      ...result(0),
      link: undefined,
      files: [
        {
          kind: 'appointments',
          file: 'a.csv',
          rows: 1,
          inserted: 1,
          updated: 0,
          unchanged: 0,
          removed: 0,
          rejected: 0,
          patients_created: 1,
        },
      ],
    };
    expect(summaryLines(one, { dryRun: false, invalid: false })[0]).toMatch(/, 1 patient created$/);
  });
});
