import { PassThrough } from 'node:stream';
import { buildIo, type GlobalOptions, type Io } from '../../src/terminal/io.js';

export interface TestIo {
  io: Io;
  stdout(): string;
  stderr(): string;
}

/** An Io double: captured streams, chosen TTY flags, a frozen clock. */
export function createTestIo(
  options: {
    tty?: boolean;
    now?: Date | string;
    env?: Record<string, string | undefined>;
    globals?: Partial<GlobalOptions>;
    columns?: number;
    stdin?: string;
  } = {},
): TestIo {
  const out = new PassThrough();
  const err = new PassThrough();
  const inp = new PassThrough();
  if (options.stdin !== undefined) inp.end(options.stdin);
  let outText = '';
  let errText = '';
  out.on('data', (c: Buffer) => (outText += c.toString('utf8')));
  err.on('data', (c: Buffer) => (errText += c.toString('utf8')));
  const now = options.now === undefined ? new Date('2026-03-10T14:00:00Z') : new Date(options.now);
  const tty = options.tty ?? false;
  const io = buildIo(
    {
      stdout: out,
      stderr: err,
      stdin: inp,
      stdoutIsTTY: tty,
      stderrIsTTY: tty,
      stdinIsTTY: tty,
      columns: options.columns ?? 120,
      env: options.env ?? {},
      cwd: process.cwd(),
      pid: process.pid,
      argv: ['node', 'trackstat'],
      now: () => new Date(now.getTime()),
    },
    { color: true, input: true, quiet: false, verbose: false, ...options.globals },
  );
  return { io, stdout: () => outText, stderr: () => errText };
}
