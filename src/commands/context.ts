import type { Command } from 'commander';
import { ConfigStore } from '../home/config.js';
import { profilePaths, resolveHome, resolveProfileName, type ProfilePaths } from '../home/paths.js';
import { acquireLock, type LockHandle } from '../home/lock.js';
import { CredentialStore } from '../home/secrets.js';
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
      const { recordAudit } = await import('../store/audit.js');
      recordAudit(await ctx.db(), {
        at: io.now(),
        command: commandName,
        profile,
        counts,
        outputFile,
      });
    },
  };
  return {
    ctx,
    close: async () => {
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
