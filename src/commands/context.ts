import type { Command } from 'commander';
import { ConfigStore } from '../home/config.js';
import { profilePaths, resolveHome, resolveProfileName, type ProfilePaths } from '../home/paths.js';
import { acquireLock, type LockHandle } from '../home/lock.js';
import { CredentialStore } from '../home/secrets.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import type { GlobalOptions, Io } from '../terminal/io.js';

/** Everything a command action needs, built once per run; heavy parts (database) open lazily. */
export interface CommandContext {
  readonly io: Io;
  readonly globals: GlobalOptions;
  readonly profile: string;
  readonly paths: ProfilePaths;
  /** The full command name, e.g. "report appointments". */
  readonly commandName: string;
  config(): ConfigStore;
  credentials(): CredentialStore;
  /** Opens the profile's cache (migrating it); closed when the command ends. */
  db(): Promise<Db>;
  /** Takes the profile's write lock (exit 7 if held); released when the command ends. */
  lock(): LockHandle;
  /** Whether a process id is alive on this machine (for locks outside this profile, e.g. the demo's). */
  isAlive(pid: number): boolean;
  /** Appends an audit line (counts only; never bodies or card data). */
  audit(counts: Record<string, number | string>, outputFile?: string): Promise<void>;
  /**
   * The audit line to write if the run is cut short before its own `audit` call: its reader went
   * away (`trackstat report … | head`), see auditEarlyEnd.
   */
  auditIfStopped(counts: Record<string, number | string>, outputFile?: string): void;
}

/** The audit line of the run in progress, should it end early (set while a context is open). */
let earlyEnd: (() => void) | undefined;

/**
 * Writes the audit line of the command in progress, if it has opened the cache, said what to
 * record (auditIfStopped) and not audited yet: the run is ending now because the reader of its
 * output went away (EPIPE), and the line it would have written at its end must not be lost.
 */
export function auditEarlyEnd(): void {
  try {
    earlyEnd?.();
  } catch {
    // The run ends anyway; a cache that cannot take the line is reported by the next command.
  }
}

export type IoFactory = (globals: GlobalOptions) => Io;

/** Reads the global options of any (sub)command. */
export function globalsOf(command: Command): GlobalOptions {
  const o = command.optsWithGlobals<{
    profile?: string;
    color?: boolean;
    input?: boolean;
    quiet?: boolean;
    verbose?: boolean;
  }>();
  return {
    profile: o.profile,
    color: o.color !== false,
    input: o.input !== false,
    quiet: o.quiet === true,
    verbose: o.verbose === true,
  };
}

function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Rebuilds the huddle cache if stale; a failure only costs speed, so it is logged, not thrown. */
async function refreshDerived(db: Db, io: Io): Promise<void> {
  try {
    const { refreshHuddleCache } = await import('../reports/huddle-cache.js');
    const started = Date.now();
    const written = refreshHuddleCache(db, io.now());
    if (written !== null) {
      io.debug(`huddle cache rebuilt: ${written} patients in ${Date.now() - started} ms`);
    }
  } catch (err) {
    io.debug(`huddle cache not rebuilt: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Builds the context for one command run, and a cleanup that closes what it opened. */
export function createContext(
  command: Command,
  makeIo: IoFactory,
  isAlive: (pid: number) => boolean,
): { ctx: CommandContext; close(): Promise<void> } {
  const globals = globalsOf(command);
  const io = makeIo(globals);
  const profile = resolveProfileName(globals.profile, io.env);
  const paths = profilePaths(resolveHome(io.env), profile);
  let config: ConfigStore | undefined;
  let credentials: CredentialStore | undefined;
  let db: Db | undefined;
  const locks: LockHandle[] = [];
  const commandName = fullName(command);
  let audited = false;
  let stopped: { counts: Record<string, number | string>; outputFile?: string } | undefined;
  earlyEnd = () => {
    if (audited || !db || !stopped) return;
    audited = true;
    recordAudit(db, {
      at: io.now(),
      command: commandName,
      profile,
      counts: { ...stopped.counts, output: 'closed early by its reader' },
      outputFile: stopped.outputFile,
    });
  };
  const ctx: CommandContext = {
    io,
    globals,
    profile,
    paths,
    commandName,
    isAlive,
    config: () => (config ??= new ConfigStore(paths.config)),
    credentials: () => (credentials ??= new CredentialStore(paths.credentials, io.env, io.masker)),
    db: async () => {
      if (!db) {
        const { openDatabase } = await import('../store/db.js');
        db = openDatabase(paths.database);
      }
      return db;
    },
    lock: () => {
      const handle = acquireLock({
        dir: paths.locks,
        pid: io.pid,
        command: commandName,
        now: io.now(),
        isAlive,
      });
      locks.push(handle);
      return handle;
    },
    audit: async (counts, outputFile) => {
      recordAudit(await ctx.db(), {
        at: io.now(),
        command: commandName,
        profile,
        counts,
        outputFile,
      });
      audited = true;
    },
    auditIfStopped: (counts, outputFile) => {
      stopped = outputFile === undefined ? { counts } : { counts, outputFile };
    },
  };
  return {
    ctx,
    close: async () => {
      earlyEnd = undefined;
      try {
        // A command that held the write lock may have changed what the huddle cache is derived
        // from (its triggers then marked it stale): rebuild it before another run can read, so
        // the next `report appointments` reads one row per patient (src/reports/huddle-cache.ts).
        if (db && locks.length > 0) await refreshDerived(db, io);
      } finally {
        for (const l of locks.splice(0)) l.release();
        if (db) {
          db.close();
          db = undefined;
        }
      }
    },
  };
}
