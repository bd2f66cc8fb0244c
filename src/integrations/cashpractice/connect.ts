// `trackstat connect cashpractice`: takes the "TrackStat API Key" (hidden prompt on a TTY, stdin
// or TRACKSTAT_CASHPRACTICE_API_KEY), verifies it with GET /v1/account and stores it.
import { UsageError } from '../../errors.js';
import type { ConfigStore } from '../../home/config.js';
import type { CredentialStore } from '../../home/secrets.js';
import { askSecret } from '../../terminal/prompt.js';
import type { Io } from '../../terminal/io.js';
import { CashPracticeClient } from './client.js';
import { cashPracticeBaseUrl } from './open-client.js';

export interface ConnectCashPracticeOptions {
  apiKeyStdin?: boolean | undefined;
  baseUrl?: string | undefined;
  verify: boolean;
}

export interface ConnectCashPracticeResult {
  practiceName: string | null;
  baseUrl: string;
  verified: boolean;
  keyFrom: 'stdin' | 'env' | 'prompt';
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
    'Example: --base-url http://127.0.0.1:4010/cashpractice',
  );
}

/** Gathers, verifies (unless --no-verify) and stores the Cash Practice API key. */
export async function connectCashPractice(
  opts: ConnectCashPracticeOptions,
  deps: { io: Io; credentials: CredentialStore; config: ConfigStore },
): Promise<ConnectCashPracticeResult> {
  const { io } = deps;
  const flag = '--api-key-stdin (or TRACKSTAT_CASHPRACTICE_API_KEY)';
  const fromEnv = io.env.TRACKSTAT_CASHPRACTICE_API_KEY;
  let keyFrom: ConnectCashPracticeResult['keyFrom'];
  let apiKey: string;
  if (opts.apiKeyStdin) {
    apiKey = await readStdinLine(io);
    keyFrom = 'stdin';
  } else if (fromEnv) {
    apiKey = fromEnv.trim();
    keyFrom = 'env';
  } else {
    apiKey = (
      await askSecret(io, {
        message:
          'Cash Practice "TrackStat API Key" (My Account → System Settings → Integrated TPS Keys)',
        flag,
        validate: (v) => v.trim() !== '' || 'Paste the key (input is hidden)',
      })
    ).trim();
    keyFrom = 'prompt';
  }
  io.masker.add(apiKey);
  if (apiKey === '') {
    throw new UsageError('The Cash Practice API key is empty.', `Provide it with ${flag}.`);
  }
  const stored = deps.credentials.get('cashpractice')?.values ?? {};
  const explicitUrl = opts.baseUrl === undefined ? undefined : checkUrl(opts.baseUrl);
  const rememberedUrl = explicitUrl ?? stored.base_url;
  const baseUrl = cashPracticeBaseUrl(deps.config, rememberedUrl);
  let practiceName: string | null = stored.practice_name ?? null;
  if (opts.verify) {
    const client = new CashPracticeClient({
      apiKey,
      baseUrl,
      trace: (line) => io.debug(line),
      timeoutMs: deps.config.number('http.timeout_seconds') * 1000,
    });
    practiceName = (await client.account()).practiceName;
  }
  // A key from the environment is not copied into the file: the variable keeps overriding it.
  deps.credentials.set('cashpractice', {
    ...(keyFrom === 'env' ? {} : { api_key: apiKey }),
    ...(rememberedUrl ? { base_url: rememberedUrl } : {}),
    ...(practiceName ? { practice_name: practiceName } : {}),
  });
  return { practiceName, baseUrl, verified: opts.verify, keyFrom };
}
