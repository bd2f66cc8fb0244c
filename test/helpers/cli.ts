import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const binPath = resolve(import.meta.dirname, '../../bin/trackstat.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh, empty TRACKSTAT_HOME for one test. */
export function tempHome(prefix = 'trackstat-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the built binary (no TTY) with a private home; resolves with exit code and output. */
export function runCli(
  args: string[],
  options: { home: string; env?: Record<string, string>; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: options.home,
        TRACKSTAT_HOME: options.home,
        TZ: 'UTC',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    // A run that exits before reading its input (a usage error) closes the pipe: not a test failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs the built binary on a pseudo-terminal (util-linux `script`), for TTY behaviour: tables,
 * colours, prompts. stdout and stderr arrive mixed, as on a real terminal.
 */
export function runCliTty(
  args: string[],
  options: { home: string; env?: Record<string, string>; columns?: number; timeoutMs?: number },
): Promise<CliResult> {
  const quoted = [process.execPath, binPath, ...args]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const cols = options.columns ?? 120;
  return new Promise((resolvePromise, reject) => {
    const child = spawn('script', ['-qefc', `stty cols ${cols} rows 50; ${quoted}`, '/dev/null'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: options.home,
        TRACKSTAT_HOME: options.home,
        TERM: 'xterm-256color',
        TZ: 'UTC',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout: stdout.replace(/\r\n/g, '\n'), stderr });
    });
  });
}
