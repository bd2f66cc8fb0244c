import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { openOutputFile, resolveFormat } from '../../../src/terminal/render.js';

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

describe('openOutputFile', () => {
  it('a missing folder or a directory is a usage error (exit 2) naming the path, not an internal error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trackstat-out-'));
    await expect(openOutputFile(join(dir, 'missing', 'x.csv'))).rejects.toThrow(
      /Cannot write .*x\.csv: its folder does not exist/,
    );
    await expect(openOutputFile(dir)).rejects.toBeInstanceOf(UsageError);
  });
});
