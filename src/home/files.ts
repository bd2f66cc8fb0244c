import { chmodSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

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

/** Writes a file atomically (temp file + rename) with mode 0600. */
export function writePrivateFile(path: string, content: string): void {
  ensurePrivateDir(dirname(path));
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
