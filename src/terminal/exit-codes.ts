/** The exit codes are a contract with scripts and cron jobs (SPEC §2); never renumber them. */
export const ExitCode = {
  Ok: 0,
  Internal: 1,
  Usage: 2,
  Partial: 3,
  InputRequired: 4,
  NotConnected: 5,
  Unavailable: 6,
  Locked: 7,
  InvalidInput: 8,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per code, in the order `trackstat --help` and the README print them. */
export const exitCodeDescriptions: ReadonlyArray<readonly [ExitCodeValue, string]> = [
  [ExitCode.Ok, 'success (also when a report has no rows)'],
  [ExitCode.Internal, 'unexpected internal error (a bug; the stack only with --verbose)'],
  [ExitCode.Usage, 'usage error: unknown command or flag, bad flag value, conflicting flags'],
  [ExitCode.Partial, 'partial success: finished, but some items failed'],
  [
    ExitCode.InputRequired,
    'input was required but prompting is not possible (no TTY or --no-input)',
  ],
  [ExitCode.NotConnected, 'not connected, or credentials rejected by a provider (HTTP 401/403)'],
  [ExitCode.Unavailable, 'a provider or the network stayed unavailable after retries'],
  [ExitCode.Locked, "another trackstat run holds this profile's write lock"],
  [ExitCode.InvalidInput, 'input data invalid: nothing was imported or changed'],
];

/** The exit-code table as help text. */
export function exitCodesHelp(): string {
  return exitCodeDescriptions.map(([code, text]) => `  ${code}  ${text}`).join('\n');
}
