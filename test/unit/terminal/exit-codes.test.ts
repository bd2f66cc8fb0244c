import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeDescriptions, exitCodesHelp } from '../../../src/terminal/exit-codes.js';
import {
  InputRequiredError,
  LocalStateError,
  LockedError,
  InvalidInputError,
  NotConnectedError,
  PartialFailureError,
  UsageError,
} from '../../../src/errors.js';

describe('exit codes (a contract with scripts, SPEC §2)', () => {
  it('are numbered 0-8 in order, each described once', () => {
    expect(Object.values(ExitCode)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(exitCodeDescriptions.map(([c]) => c)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(exitCodesHelp().split('\n')).toHaveLength(9);
  });

  it('typed errors carry their code', () => {
    expect(new UsageError('x').exitCode).toBe(2);
    expect(new PartialFailureError('x').exitCode).toBe(3);
    expect(new InputRequiredError('Send?', '--yes').exitCode).toBe(4);
    expect(new NotConnectedError('x').exitCode).toBe(5);
    expect(new LockedError('x').exitCode).toBe(7);
    expect(new InvalidInputError('x').exitCode).toBe(8);
    expect(new LocalStateError('x').exitCode).toBe(1);
  });
});
