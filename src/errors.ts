import { ExitCode, type ExitCodeValue } from './terminal/exit-codes.js';

/**
 * Every error a user can cause or meet carries its exit code and a fix. The top-level handler in
 * cli.ts prints `message` and `hint` as one paragraph; anything that is not a TrackstatError is a bug.
 */
export class TrackstatError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCodeValue, hint?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Exit 2: the command line itself is wrong. */
export class UsageError extends TrackstatError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
  }
}

/** Exit 4: an answer is needed and prompting is not allowed; names the flag that answers it. */
export class InputRequiredError extends TrackstatError {
  readonly flag: string;
  constructor(question: string, flag: string) {
    super(
      `${question} — cannot ask: no terminal to prompt on (or --no-input was given).`,
      ExitCode.InputRequired,
      `Pass ${flag} to answer it.`,
    );
    this.flag = flag;
  }
}

/** Exit 5: a provider is not connected or rejected the credentials. */
export class NotConnectedError extends TrackstatError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.NotConnected, hint);
  }
}

/** Exit 7: another process holds the profile's write lock. */
export class LockedError extends TrackstatError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Locked, hint);
  }
}

/** Exit 8: input data (a CSV file, a map file, a template) is invalid; nothing was changed. */
export class InvalidInputError extends TrackstatError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.InvalidInput, hint);
  }
}

/** Exit 1 with a clear message: local state (cache, config file) is broken in a way the user can fix. */
export class LocalStateError extends TrackstatError {
  constructor(message: string, hint?: string, options?: ErrorOptions) {
    super(message, ExitCode.Internal, hint, options);
  }
}

/** Thrown when a run finished but some items failed; carries the exit code 3. */
export class PartialFailureError extends TrackstatError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Partial, hint);
  }
}
