import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { resolveFormat } from '../../../src/terminal/render.js';

describe('resolveFormat from --output', () => {
  it('follows the known extensions, and writes CSV for a name without one', () => {
    expect(resolveFormat(undefined, 'a.TSV', false)).toBe('tsv');
    expect(resolveFormat(undefined, 'a.jsonl', true)).toBe('ndjson');
    expect(resolveFormat(undefined, 'expired', true)).toBe('csv');
  });

  it('refuses an extension it cannot write (CSV bytes in report.xlsx), naming the valid ones', () => {
    expect(() => resolveFormat(undefined, 'report.xlsx', false)).toThrow(UsageError);
    expect(() => resolveFormat(undefined, 'report.xlsx', false)).toThrow(/\.xlsx/);
  });

  it('lets --format decide whatever the name is', () => {
    expect(resolveFormat('csv', 'report.xlsx', false)).toBe('csv');
  });
});
