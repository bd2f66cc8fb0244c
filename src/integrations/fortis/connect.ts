// `trackstat connect fortis`: user ID, user API key (hidden prompt, stdin or env — never a plain
// flag), location ID and developer ID; verified with GET /v1/users/me and GET /v1/locations/{id}.
import { NotConnectedError, UsageError } from '../../errors.js';
import type { ConfigStore } from '../../home/config.js';
import type { CredentialStore } from '../../home/secrets.js';
import { askSecret, askText } from '../../terminal/prompt.js';
import type { Io } from '../../terminal/io.js';
import { AuthError, NotFoundError } from '../errors.js';
import { FortisClient, fortisBaseUrls, type FortisEnvironment } from './client.js';
import { resolveFortisBaseUrl } from './connection.js';
import { readLocation, readUser } from './schemas.js';

export interface ConnectFortisOptions {
  userId?: string | undefined;
  locationId?: string | undefined;
  developerId?: string | undefined;
  userApiKeyStdin?: boolean | undefined;
  environment?: string | undefined;
  baseUrl?: string | undefined;
  verify: boolean;
}

export interface ConnectFortisResult {
  locationId: string;
  locationName: string | null;
  baseUrl: string;
  verified: boolean;
  keyFrom: 'stdin' | 'env' | 'prompt' | 'stored';
}

async function readStdinLine(io: Io): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : String(chunk);
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

function checkUrl(raw: string): string {
  try {
    const u = new URL(raw.trim());
    if (u.protocol === 'http:' || u.protocol === 'https:') return raw.trim().replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new UsageError(
    `--base-url "${raw}" is not an http(s) URL.`,
    'Example: --base-url https://api.sandbox.fortis.tech',
  );
}

const notEmpty = (what: string) => (v: string) => v.trim() !== '' || `Enter the ${what}`;

/** Gathers, verifies (unless --no-verify) and stores the Fortis connection. */
export async function connectFortis(
  opts: ConnectFortisOptions,
  deps: { io: Io; credentials: CredentialStore; config: ConfigStore },
): Promise<ConnectFortisResult> {
  const { io, config } = deps;
  if (opts.environment !== undefined) {
    const env = opts.environment.trim().toLowerCase();
    if (!(env in fortisBaseUrls)) {
      throw new UsageError(
        `--environment must be sandbox or production (got "${opts.environment}").`,
      );
    }
    config.set('fortis.environment', env);
  }
  const stored = deps.credentials.get('fortis');
  const storedValues = stored?.values ?? {};
  const fromFile = (field: string): string | undefined =>
    stored?.sources[field] === 'stored' ? storedValues[field] : undefined;
  const env = (name: string): string | undefined => {
    const v = io.env[name]?.trim();
    return v ? v : undefined;
  };

  let userId = opts.userId?.trim() || env('TRACKSTAT_FORTIS_USER_ID');
  if (!userId) {
    const remembered = fromFile('user_id');
    userId =
      remembered && !io.canPrompt
        ? remembered
        : (
            await askText(io, {
              message: 'Fortis user ID',
              flag: '--user-id',
              ...(remembered ? { default: remembered } : {}),
              validate: notEmpty('user ID'),
            })
          ).trim();
  }

  let keyFrom: ConnectFortisResult['keyFrom'];
  let userApiKey: string;
  if (opts.userApiKeyStdin) {
    userApiKey = await readStdinLine(io);
    keyFrom = 'stdin';
  } else if (env('TRACKSTAT_FORTIS_USER_API_KEY')) {
    userApiKey = env('TRACKSTAT_FORTIS_USER_API_KEY') ?? '';
    keyFrom = 'env';
  } else if (!io.canPrompt && fromFile('user_api_key')) {
    userApiKey = fromFile('user_api_key') ?? '';
    keyFrom = 'stored';
  } else {
    userApiKey = (
      await askSecret(io, {
        message: 'Fortis user API key (input is hidden)',
        flag: '--user-api-key-stdin (or TRACKSTAT_FORTIS_USER_API_KEY)',
        validate: notEmpty('user API key'),
      })
    ).trim();
    keyFrom = 'prompt';
  }
  io.masker.add(userApiKey);
  if (userApiKey === '') {
    throw new UsageError(
      'The Fortis user API key is empty.',
      'Provide it with --user-api-key-stdin or TRACKSTAT_FORTIS_USER_API_KEY.',
    );
  }

  const developerId =
    opts.developerId?.trim() ||
    env('TRACKSTAT_FORTIS_DEVELOPER_ID') ||
    fromFile('developer_id') ||
    config.string('fortis.developer_id') ||
    (
      await askText(io, {
        message: 'Fortis developer ID (identifies the integrating application)',
        flag: '--developer-id',
        validate: notEmpty('developer ID'),
      })
    ).trim();

  const explicitUrl =
    opts.baseUrl !== undefined
      ? checkUrl(opts.baseUrl)
      : opts.environment !== undefined
        ? undefined
        : fromFile('base_url');
  const baseUrl = resolveFortisBaseUrl(explicitUrl, config);

  let locationId =
    opts.locationId?.trim() || env('TRACKSTAT_FORTIS_LOCATION_ID') || fromFile('location_id');
  let locationName: string | null = null;
  const client = (loc: string) =>
    new FortisClient({
      userId,
      userApiKey,
      developerId,
      locationId: loc,
      baseUrl,
      trace: (line) => io.debug(line),
      timeoutMs: config.number('http.timeout_seconds') * 1000,
      retry: { limit: config.number('http.max_retries') },
      authHint: `Re-check the user ID (${userId}) and the user API key; the developer ID (${developerId}) must belong to the same environment as ${baseUrl} (sandbox or production).`,
    });

  if (opts.verify) {
    const { wire: me } = await client(locationId ?? '').getOne(
      '/v1/users/me',
      readUser,
      'users/me',
    );
    if (!locationId) {
      locationId = (
        await askText(io, {
          message: 'Fortis location ID',
          flag: '--location-id',
          ...(me.primary_location_id ? { default: me.primary_location_id } : {}),
          validate: notEmpty('location ID'),
        })
      ).trim();
    }
    try {
      const { wire: location } = await client(locationId).getOne(
        `/v1/locations/${encodeURIComponent(locationId)}`,
        readLocation,
        'location',
      );
      locationName = location.name;
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof AuthError) {
        throw new NotConnectedError(
          `Fortis does not give this user access to location ${locationId}.`,
          `Re-check the location ID (--location-id); the user's primary location is ${me.primary_location_id ?? 'not set'}.`,
        );
      }
      throw err;
    }
  } else if (!locationId) {
    locationId = (
      await askText(io, {
        message: 'Fortis location ID',
        flag: '--location-id',
        validate: notEmpty('location ID'),
      })
    ).trim();
  }

  // Values that come from the environment are not copied into the file: the variables keep
  // overriding it, and a key never lands on disk the user did not ask for.
  deps.credentials.set('fortis', {
    user_id: userId,
    ...(keyFrom === 'env' ? {} : { user_api_key: userApiKey }),
    location_id: locationId,
    developer_id: developerId,
    ...(explicitUrl ? { base_url: explicitUrl } : {}),
    ...(locationName ? { location_name: locationName } : {}),
  });
  return { locationId, locationName, baseUrl, verified: opts.verify, keyFrom };
}

export type { FortisEnvironment };
