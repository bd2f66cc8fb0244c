import { describe, expect, it } from 'vitest';
import { reportError } from '../../../src/cli.js';
import { InputRequiredError, LockedError, UsageError } from '../../../src/errors.js';
import { AuthError } from '../../../src/integrations/errors.js';
import { createTestIo } from '../../helpers/io.js';

const stackLine = /^\s+at /m;

describe('reportError (the one top-level handler)', () => {
  it('prints a typed error as message + fix and returns its exit code, no stack', () => {
    const t = createTestIo();
    const code = reportError(
      new UsageError('--limit must be a positive whole number.', 'Try --limit 20.'),
      t.io,
    );
    expect(code).toBe(2);
    expect(t.stderr()).toBe('error: --limit must be a positive whole number.\nTry --limit 20.\n');
    expect(t.stdout()).toBe('');
  });

  it('names the flag for exit 4 and the holder for exit 7', () => {
    const t = createTestIo();
    expect(reportError(new InputRequiredError('Send 12 messages?', '--yes'), t.io)).toBe(4);
    expect(reportError(new LockedError('held by pid 42 (sync)'), t.io)).toBe(7);
    expect(t.stderr()).toContain('Pass --yes to answer it.');
    expect(t.stderr()).toContain('held by pid 42 (sync)');
  });

  it('treats an untyped error as a bug: exit 1, a short message, the stack only with --verbose', () => {
    const quiet = createTestIo();
    expect(reportError(new TypeError('x is undefined'), quiet.io)).toBe(1);
    expect(quiet.stderr()).toContain('internal error: x is undefined');
    expect(quiet.stderr()).toContain('--verbose');
    expect(quiet.stderr()).not.toMatch(stackLine);

    const verbose = createTestIo({ globals: { verbose: true } });
    reportError(new TypeError('x is undefined'), verbose.io);
    expect(verbose.stderr()).toMatch(stackLine);
  });

  it('masks secrets in the message, the hint and the stack', () => {
    const t = createTestIo({ globals: { verbose: true } });
    t.io.masker.add('sk_live_ABCDEF123456');
    const err = new AuthError('Fortis rejected key sk_live_ABCDEF123456 (HTTP 401).', {
      provider: 'fortis',
      status: 401,
      hint: 'Check sk_live_ABCDEF123456 in Fortis.',
    });
    expect(reportError(err, t.io)).toBe(5);
    reportError(new Error('boom sk_live_ABCDEF123456'), t.io);
    expect(t.stderr()).not.toContain('sk_live_ABCDEF123456');
    expect(t.stderr()).toContain('••••3456');
  });
});
