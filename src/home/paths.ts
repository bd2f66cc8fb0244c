import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** Where a profile keeps its files. */
export interface ProfilePaths {
  home: string;
  profile: string;
  dir: string;
  config: string;
  credentials: string;
  database: string;
  locks: string;
  templates: string;
  logs: string;
}

/** The home folder: $TRACKSTAT_HOME, else the platform's per-user data directory. */
export function resolveHome(env: Readonly<Record<string, string | undefined>>): string {
  if (env.TRACKSTAT_HOME) return env.TRACKSTAT_HOME;
  const home = env.HOME ?? homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'trackstat');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'trackstat');
    default:
      return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'trackstat');
  }
}

const profileName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The profile to use: --profile, else $TRACKSTAT_PROFILE, else "default". */
export function resolveProfileName(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const name = flag ?? env.TRACKSTAT_PROFILE ?? 'default';
  if (!profileName.test(name) || name === '..') {
    throw new UsageError(
      `"${name}" is not a valid profile name.`,
      'Use letters, digits, dot, dash or underscore (up to 64 characters), e.g. --profile main-street.',
    );
  }
  return name;
}

/** Every path of one profile inside the home. */
export function profilePaths(home: string, profile: string): ProfilePaths {
  const dir = join(home, 'profiles', profile);
  return {
    home,
    profile,
    dir,
    config: join(dir, 'config.json'),
    credentials: join(dir, 'credentials.json'),
    database: join(dir, 'cache.db'),
    locks: join(dir, 'locks'),
    templates: join(dir, 'templates'),
    logs: join(dir, 'logs'),
  };
}

/** Named import maps are shared by all profiles: `<home>/maps/NAME.json`. */
export function mapsDir(home: string): string {
  return join(home, 'maps');
}
