import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LockedError } from '../errors.js';
import { ensurePrivateDir, uniqueSuffix } from './files.js';

/** Who holds a lock; written as JSON into the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  started_at: string;
}

export interface LockHandle {
  readonly path: string;
  release(): void;
}

export interface LockOptions {
  dir: string;
  pid: number;
  command: string;
  now: Date;
  /** Whether a process id is alive on this host (process.kill(pid, 0) in production). */
  isAlive(pid: number): boolean;
  name?: string;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      host: String(parsed.host ?? ''),
      command: String(parsed.command ?? '?'),
      started_at: String(parsed.started_at ?? '?'),
    };
  } catch {
    return undefined;
  }
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the profile's write lock or fails at once with exit 7 naming the holder. A lock left by a
 * process that no longer exists (kill -9, power loss) is taken over.
 */
export function acquireLock(options: LockOptions): LockHandle {
  ensurePrivateDir(options.dir);
  const path = join(options.dir, `${options.name ?? 'write'}.lock`);
  const me: LockHolder = {
    pid: options.pid,
    host: hostname(),
    command: options.command,
    started_at: options.now.toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, me)) {
      return {
        path,
        release: () => {
          const holder = readHolder(path);
          if (holder && holder.pid === me.pid && holder.started_at === me.started_at) {
            try {
              unlinkSync(path);
            } catch {
              // already gone
            }
          }
        },
      };
    }
    const holder = readHolder(path);
    const stale =
      holder === undefined
        ? isOldEmptyLock(path)
        : holder.host === me.host && !options.isAlive(holder.pid);
    if (!stale) {
      if (!holder) continue; // being written right now: look again
      throw new LockedError(
        `Another trackstat run holds this profile's lock: pid ${holder.pid} (${holder.command}), started ${holder.started_at}${holder.host !== me.host ? ` on ${holder.host}` : ''}.`,
        `Wait for it to finish, or if that process is gone, delete ${path}.`,
      );
    }
    // Move the stale file aside atomically; only one contender wins the rename.
    const aside = `${path}.stale-${uniqueSuffix()}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readHolder(aside);
    if (moved && holder && (moved.pid !== holder.pid || moved.started_at !== holder.started_at)) {
      // We moved a fresh lock someone else just took: put it back and report it.
      renameSync(aside, path);
      continue;
    }
    try {
      unlinkSync(aside);
    } catch {
      // ignore
    }
  }
  throw new LockedError(`Could not take this profile's lock at ${path}.`, 'Try again in a moment.');
}

function isOldEmptyLock(path: string): boolean {
  // A lock file without readable content older than a few seconds was left by a crash mid-write.
  // A younger one is being written right now by its owner and must not be taken over. Wall-clock
  // time on purpose: it is compared with the file's mtime, never with a pinned TRACKSTAT_NOW.
  try {
    return readHolder(path) === undefined && Date.now() - statSync(path).mtimeMs > 2000;
  } catch {
    return false;
  }
}
