import type { ConfigStore } from '../home/config.js';
import type { CredentialStore } from '../home/secrets.js';
import { credentialFields, type CredentialProvider } from '../home/secrets.js';
import type { Db } from '../store/db.js';
import { syncStatus } from '../store/processor-records.js';
import { syncSources } from './sources.js';

export interface ConnectionRow {
  provider: CredentialProvider;
  connected: boolean;
  /** field=value (from), secrets masked. */
  fields: string[];
  lastSync: string | null;
  lastFull: string | null;
}

function maskSecret(v: string): string {
  return v.length <= 4 ? '••••' : `••••${v.slice(-2)}`;
}

/** Every provider with its credential fields (secrets masked), where each comes from, last sync. */
export function listConnections(deps: {
  credentials: CredentialStore;
  config: ConfigStore;
  db: Db | null;
}): ConnectionRow[] {
  const status = new Map((deps.db ? syncStatus(deps.db) : []).map((s) => [s.source, s]));
  return (Object.keys(credentialFields) as CredentialProvider[]).map((provider) => {
    const creds = deps.credentials.get(provider);
    const fields = credentialFields[provider]
      .filter((f) => creds?.values[f.name] !== undefined)
      .map((f) => {
        const v = creds?.values[f.name] ?? '';
        return `${f.name}=${f.secret ? maskSecret(v) : v} (${creds?.sources[f.name] ?? 'stored'})`;
      });
    const entry =
      provider === 'fortis' || provider === 'cashpractice' ? syncSources[provider] : undefined;
    const connected = entry ? entry.connected(deps) : creds !== undefined;
    const s = status.get(provider);
    return {
      provider,
      connected,
      fields,
      lastSync: s?.oldest_success ?? null,
      lastFull: s?.last_full ?? null,
    };
  });
}
