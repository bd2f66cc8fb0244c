import { NotConnectedError } from '../../errors.js';
import type { ConfigStore } from '../../home/config.js';
import type { CredentialStore } from '../../home/secrets.js';
import type { Io } from '../../terminal/io.js';
import {
  FortisClient,
  fortisBaseUrls,
  type FortisConnection,
  type FortisEnvironment,
} from './client.js';

/** The base URL: an explicit one (connect --base-url, then config), else the environment's. */
export function resolveFortisBaseUrl(stored: string | undefined, config: ConfigStore): string {
  if (stored) return stored;
  const configured = config.string('fortis.base_url');
  if (configured) return configured;
  const env = (config.string('fortis.environment') ?? 'production') as FortisEnvironment;
  return fortisBaseUrls[env] ?? fortisBaseUrls.production;
}

/** The stored (or env-provided) Fortis connection, or NotConnectedError (exit 5). */
export function loadFortisConnection(
  config: ConfigStore,
  credentials: CredentialStore,
): FortisConnection {
  const v = credentials.get('fortis')?.values ?? {};
  const developerId = v.developer_id ?? config.string('fortis.developer_id');
  const missing = [
    v.user_id ? null : 'user ID',
    v.user_api_key ? null : 'user API key',
    v.location_id ? null : 'location ID',
    developerId ? null : 'developer ID',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0 || !v.user_id || !v.user_api_key || !v.location_id || !developerId) {
    throw new NotConnectedError(
      `Fortis is not connected (missing: ${missing.join(', ')}).`,
      'Connect it with: trackstat connect fortis (or set the TRACKSTAT_FORTIS_* environment variables).',
    );
  }
  return {
    userId: v.user_id,
    userApiKey: v.user_api_key,
    locationId: v.location_id,
    developerId,
    baseUrl: resolveFortisBaseUrl(v.base_url, config),
  };
}

/** A client for the profile's Fortis connection, tracing to --verbose. */
export function fortisClientFor(deps: {
  io: Io;
  config: ConfigStore;
  credentials: CredentialStore;
}): FortisClient {
  const connection = loadFortisConnection(deps.config, deps.credentials);
  return new FortisClient({
    ...connection,
    trace: (line) => deps.io.debug(line),
    timeoutMs: deps.config.number('http.timeout_seconds') * 1000,
    retry: { limit: deps.config.number('http.max_retries') },
  });
}
