import { describe, expect, it } from 'vitest';
import { skippedWarning } from '../../src/commands/import-run.js';

describe('--skip-invalid warning', () => {
  it('says how many rows went in, and never "imported" on a dry run', () => {
    expect(skippedWarning(2, 5, false)).toBe(
      '2 rows were rejected (--skip-invalid); the other 5 rows were imported.',
    );
    expect(skippedWarning(1, 0, false)).toBe(
      '1 row was rejected (--skip-invalid); no row was imported.',
    );
    expect(skippedWarning(2, 1, true)).toBe(
      '2 rows would be rejected (--skip-invalid); the other 1 row would be imported.',
    );
  });
});
