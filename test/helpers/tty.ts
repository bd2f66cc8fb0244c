import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { binPath } from './cli.js';

/** A trackstat run on a pseudo-terminal that the test can type into, wait on and kill. */
export interface TtyRun {
  child: ChildProcessWithoutNullStreams;
  /** Everything the terminal showed so far (stdout and stderr mixed, as on a screen). */
  screen(): string;
  /** Resolves once the screen contains `text` (rejects after timeoutMs). */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Types text (use "\r" for Enter). */
  type(text: string): void;
  /** Resolves with the exit code of the terminal session. */
  exited: Promise<number | null>;
}

/** Starts the built binary on a pseudo-terminal (util-linux `script`) with a private home. */
export function startCliTty(
  args: string[],
  options: { home: string; env?: Record<string, string>; columns?: number },
): TtyRun {
  const quoted = [process.execPath, binPath, ...args]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const child = spawn(
    'script',
    ['-qefc', `stty cols ${options.columns ?? 120} rows 50; exec ${quoted}`, '/dev/null'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: options.home,
        TRACKSTAT_HOME: options.home,
        TERM: 'xterm-256color',
        TZ: 'UTC',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  // Typing into a session that already ended is not a test failure.
  child.stdin.on('error', () => undefined);
  let screen = '';
  const listeners = new Set<() => void>();
  const onData = (c: Buffer): void => {
    screen += c.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return {
    child,
    screen: () => screen,
    type: (text) => child.stdin.write(text),
    exited,
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!screen.includes(text)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${screen}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}
