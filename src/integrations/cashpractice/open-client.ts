import { NotConnectedError } from '../../errors.js';
import type { ConfigStore } from '../../home/config.js';
import type { CredentialStore } from '../../home/secrets.js';
import type { Io } from '../../terminal/io.js';
import { CashPracticeClient, CASHPRACTICE_DEFAULT_BASE_URL } from './client.js';

/**
 * The base URL to use: the one remembered by `connect cashpractice --base-url`, then config
 * `cashpractice.base_url`, then the built-in (unverified) default — the same order as Fortis.
 */
export function cashPracticeBaseUrl(config: ConfigStore, stored: string | undefined): string {
  return stored || config.string('cashpractice.base_url') || CASHPRACTICE_DEFAULT_BASE_URL;
}

/** Builds the Cash Practice client of a profile (key from env or the credentials file). */
export function openCashPracticeClient(deps: {
  io: Io;
  config: ConfigStore;
  credentials: CredentialStore;
}): CashPracticeClient {
  const creds = deps.credentials.get('cashpractice');
  const apiKey = creds?.values.api_key;
  if (!apiKey) {
    throw new NotConnectedError(
      'Cash Practice is not connected.',
      'Run: trackstat connect cashpractice (or set TRACKSTAT_CASHPRACTICE_API_KEY).',
    );
  }
  return new CashPracticeClient({
    apiKey,
    baseUrl: cashPracticeBaseUrl(deps.config, creds.values.base_url),
    trace: (line) => deps.io.debug(line),
    timeoutMs: deps.config.number('http.timeout_seconds') * 1000,
  });
}
