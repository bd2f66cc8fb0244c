import { chmodSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pid } from 'node:process';

/** Creates a folder (and its parents) readable only by the user, and tightens it if it exists. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    const mode = statSync(dir).mode & 0o777;
    if (mode !== 0o700) chmodSync(dir, 0o700);
  } catch {
    // best effort on file systems without POSIX modes
  }
}

/**
 * A suffix no other writer of the same file uses at the same time: the process id plus a random
 * part. Not node:crypto: loading it costs ~3 ms on every command (SPEC §4 startup targets), and
 * temp-file names need no cryptographic randomness.
 */
export function uniqueSuffix(): string {
  return `${pid.toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Writes a file atomically (temp file + rename) with mode 0600. */
export function writePrivateFile(path: string, content: string): void {
  ensurePrivateDir(dirname(path));
  const tmp = `${path}.${uniqueSuffix()}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
