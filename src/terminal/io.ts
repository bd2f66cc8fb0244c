import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { SecretMasker } from './mask.js';
import { stripControl } from './sanitize.js';

/** Global options every command understands. */
export interface GlobalOptions {
  profile?: string | undefined;
  color: boolean;
  input: boolean;
  quiet: boolean;
  verbose: boolean;
}

/** What a process looks like to the rest of the code (the one place `process` is read is cli.ts). */
export interface ProcessLike {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  stdin: Readable & { isTTY?: boolean };
  cwd(): string;
  pid: number;
  exitCode?: number | string | undefined;
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/**
 * The injected I/O of a run: streams, TTY flags, colour and prompt decisions, the clock and the
 * environment. Use cases receive it (or parts of it); tests build one with `createTestIo`.
 */
export interface Io {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Terminal width for tables (80 when unknown). */
  readonly columns: number;
  /** Colours on stdout. */
  readonly color: boolean;
  /** Colours on stderr. */
  readonly stderrColor: boolean;
  /** Prompts are allowed: stdin and stdout are TTYs and --no-input was not given. */
  readonly canPrompt: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly pid: number;
  readonly argv: readonly string[];
  readonly masker: SecretMasker;
  /** The current instant (TRACKSTAT_NOW pins it, for reproducing a past day). */
  now(): Date;
  /** Informational line on stderr (suppressed by --quiet). */
  info(message: string): void;
  /** Warning on stderr (suppressed by --quiet). */
  warn(message: string): void;
  /** Error line on stderr (always). */
  error(message: string): void;
  /** Trace line on stderr, only with --verbose. */
  debug(message: string): void;
  /** Registers a handler for Ctrl-C / SIGTERM; returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
}

/** Decides whether colour is wanted for a stream. chalk alone does not honour NO_COLOR. */
export function wantsColor(
  isTTY: boolean,
  env: Readonly<Record<string, string | undefined>>,
  flag: boolean,
): boolean {
  if (!flag || !isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return true;
}

function parseNow(env: Readonly<Record<string, string | undefined>>): (() => Date) | undefined {
  const pinned = env.TRACKSTAT_NOW;
  if (!pinned) return undefined;
  const at = new Date(pinned);
  // Ignoring a typo would run a "reproduce that day" job (reports, blasts) on today instead; the
  // error comes when a command asks for the time, so it is reported like any usage error (exit 2).
  if (Number.isNaN(at.getTime())) {
    return () => {
      throw new UsageError(
        `TRACKSTAT_NOW "${pinned}" is not a date and time.`,
        'Use an ISO-8601 instant such as 2026-11-30T14:00:00Z, or unset it to use the clock.',
      );
    };
  }
  return () => new Date(at.getTime());
}

interface IoParts {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  columns: number;
  env: Record<string, string | undefined>;
  cwd: string;
  pid: number;
  argv: string[];
  now?: () => Date;
  onInterrupt?: (handler: () => void) => () => void;
}

/** Builds an Io from its parts and the global options. */
export function buildIo(parts: IoParts, globals: GlobalOptions): Io {
  const masker = new SecretMasker();
  const now = parts.now ?? parseNow(parts.env) ?? (() => new Date());
  const write = (line: string): void => {
    parts.stderr.write(`${masker.mask(stripControl(line))}\n`);
  };
  return {
    stdout: parts.stdout,
    // stdin and stderr are read on first use: creating process.stdin or process.stderr costs
    // ~2-3 ms each, and a report that writes only to stdout never needs them.
    get stderr() {
      return parts.stderr;
    },
    get stdin() {
      return parts.stdin;
    },
    stdoutIsTTY: parts.stdoutIsTTY,
    get stderrIsTTY() {
      return parts.stderrIsTTY;
    },
    get stdinIsTTY() {
      return parts.stdinIsTTY;
    },
    get columns() {
      return parts.columns > 0 ? parts.columns : 80;
    },
    color: wantsColor(parts.stdoutIsTTY, parts.env, globals.color),
    get stderrColor() {
      return wantsColor(parts.stderrIsTTY, parts.env, globals.color);
    },
    get canPrompt() {
      return globals.input && parts.stdoutIsTTY && parts.stdinIsTTY;
    },
    quiet: globals.quiet,
    verbose: globals.verbose && !globals.quiet,
    env: parts.env,
    cwd: parts.cwd,
    pid: parts.pid,
    argv: parts.argv,
    masker,
    now,
    info: (m) => {
      if (!globals.quiet) write(m);
    },
    warn: (m) => {
      if (!globals.quiet) write(`warning: ${m}`);
    },
    error: (m) => write(m),
    debug: (m) => {
      if (globals.verbose && !globals.quiet) write(m);
    },
    onInterrupt: parts.onInterrupt ?? (() => () => undefined),
  };
}

/** The real Io of this process. */
export function createProcessIo(proc: ProcessLike, globals: GlobalOptions): Io {
  return buildIo(
    {
      stdout: proc.stdout,
      get stderr() {
        return proc.stderr;
      },
      get stdin() {
        return proc.stdin;
      },
      stdoutIsTTY: proc.stdout.isTTY === true,
      get stderrIsTTY() {
        return proc.stderr.isTTY === true;
      },
      get stdinIsTTY() {
        return proc.stdin.isTTY === true;
      },
      get columns() {
        return proc.stdout.columns ?? proc.stderr.columns ?? 80;
      },
      env: proc.env,
      cwd: proc.cwd(),
      pid: proc.pid,
      argv: proc.argv,
      onInterrupt: (handler) => {
        proc.on('SIGINT', handler);
        proc.on('SIGTERM', handler);
        return () => {
          proc.off('SIGINT', handler);
          proc.off('SIGTERM', handler);
        };
      },
    },
    globals,
  );
}
