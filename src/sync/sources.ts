import type { ProcessorSource } from '../domain/records.js';
import type { ConfigStore } from '../home/config.js';
import type { CredentialStore } from '../home/secrets.js';
import type { Io } from '../terminal/io.js';
import type { SyncSource } from './source.js';

/** What a source needs to build its client. */
export interface SourceDeps {
  io: Io;
  config: ConfigStore;
  credentials: CredentialStore;
}

export interface SourceEntry {
  label: string;
  /** Whether credentials for this source are present (env or stored). */
  connected(deps: Pick<SourceDeps, 'credentials' | 'config'>): boolean;
  /** Builds the source (lazy import keeps `--help` fast); throws NotConnectedError when not set up. */
  create(deps: SourceDeps): Promise<SyncSource>;
}

/** Every processor `trackstat sync` knows, by name. The Cash Practice integration adds its entry. */
export const syncSources: Partial<Record<ProcessorSource, SourceEntry>> = {
  fortis: {
    label: 'Fortis',
    connected: ({ credentials }) => {
      const v = credentials.get('fortis')?.values;
      return Boolean(v?.user_id && v.user_api_key && v.location_id);
    },
    create: async (deps) => (await import('./fortis-source.js')).createFortisSource(deps),
  },
  cashpractice: {
    label: 'Cash Practice',
    connected: ({ credentials }) => Boolean(credentials.get('cashpractice')?.values.api_key),
    create: async (deps) => ({
      ...(await (await import('./cashpractice-source.js')).createCashPracticeSource(deps)),
      // Its lists take `limit` 1..1000; sync.page_size (default 5000) is sized for Fortis.
      maxPageSize: 1000,
    }),
  },
};
