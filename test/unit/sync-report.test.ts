import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../src/integrations/errors.js';
import type { ResourceSummary } from '../../src/sync/engine.js';
import { printSyncReport } from '../../src/sync/report.js';
import { ExitCode } from '../../src/terminal/exit-codes.js';
import { createTestIo } from '../helpers/io.js';

const resource = (name: string, status: ResourceSummary['status']): ResourceSummary => ({
  source: 'fortis',
  resource: name,
  status,
  pages: 1,
  fetched: 3,
  inserted: 1,
  updated: 0,
  unchanged: 2,
  removed: 0,
  durationMs: 12,
  ...(status === 'ok' ? {} : { error: 'Could not reach Fortis' }),
});

describe('sync summary after a partial failure', () => {
  it('ends with one clean sentence and the fix, not a hint in brackets', () => {
    const t = createTestIo();
    const failure = new UnavailableError('Could not reach Fortis (ECONNREFUSED).', {
      provider: 'fortis',
      hint: 'Check the network connection, then run the command again; it is safe to re-run.',
    });
    printSyncReport(
      {
        resources: [resource('contacts', 'ok'), resource('transactions', 'failed')],
        links: null,
        reconcilers: [],
        errors: [failure],
        exitCode: ExitCode.Partial,
      },
      t.io,
      false,
    );
    const last = t.stderr().trim().split('\n').at(-1) ?? '';
    expect(last).toBe(
      `Some resources failed; what succeeded was saved. Run the sync again to retry the rest. ${failure.hint}`,
    );
  });
});
