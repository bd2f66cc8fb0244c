import { UsageError } from '../errors.js';
import { todayIn } from './days.js';
import { DEFAULT_TIMEZONE, generatePractice } from './generator.js';
import { startSandbox } from './server.js';
import type { Io } from '../terminal/io.js';
import type { ProcessorChoice } from './types.js';

export interface ServeOptions {
  port: number;
  seed?: number | undefined;
  patients?: number | undefined;
  processors?: ProcessorChoice | undefined;
  today?: string | undefined;
  timezone?: string | undefined;
  historyYears?: number | undefined;
  activeShare?: number | undefined;
  json: boolean;
}

/** `trackstat sandbox serve`: runs the emulator until Ctrl-C / SIGTERM; prints where and how to call it. */
export async function serveSandbox(options: ServeOptions, io: Io): Promise<void> {
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const practice = generatePractice({
    timezone,
    today: options.today ?? todayIn(timezone, io.now()),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.patients !== undefined ? { patients: options.patients } : {}),
    ...(options.processors !== undefined ? { processors: options.processors } : {}),
    ...(options.historyYears !== undefined ? { historyYears: options.historyYears } : {}),
    ...(options.activeShare !== undefined ? { activeShare: options.activeShare } : {}),
  });
  // The emulator never reads the EHR visits and charges (`sandbox generate` writes them); at
  // 20,000 patients they are over a million objects that every garbage collection would walk.
  practice.appointments.length = 0;
  practice.charges.length = 0;
  const sandbox = await startSandbox({
    port: options.port,
    practice,
    clock: () => io.now().getTime(),
  }).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    throw new UsageError(
      `Port ${options.port} on 127.0.0.1 is already in use.`,
      'Choose another --port, or --port 0 for any free one.',
    );
  });
  // Listen for Ctrl-C / SIGTERM before printing: a script may stop us as soon as it has the URLs.
  const interrupted = new Promise<void>((resolve) => {
    const off = io.onInterrupt(() => {
      off();
      resolve();
    });
  });
  const { fortis, cashpractice } = sandbox;
  // The generate flags that give the EHR files of exactly this practice.
  const samePractice = [
    `--seed ${practice.seed}`,
    `--patients ${practice.patients.length}`,
    `--today ${practice.today}`,
    `--timezone ${practice.timezone}`,
    ...(options.processors ? [`--processors ${options.processors}`] : []),
    ...(options.historyYears !== undefined ? [`--history-years ${options.historyYears}`] : []),
    ...(options.activeShare !== undefined ? [`--active-share ${options.activeShare}`] : []),
  ].join(' ');
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        fortis: {
          base_url: fortis.baseUrl,
          user_id: fortis.userId,
          user_api_key: fortis.userApiKey,
          location_id: fortis.locationId,
          developer_id: fortis.developerId,
        },
        cashpractice: { base_url: cashpractice.baseUrl, api_key: cashpractice.apiKey },
      })}\n`,
    );
  } else {
    io.stdout.write(
      [
        `Sandbox for "${practice.practiceName}": ${practice.patients.length} patients, today ${practice.today} (${practice.timezone}).`,
        '',
        'Fortis',
        `  base URL      ${fortis.baseUrl}`,
        `  user-id       ${fortis.userId}`,
        `  user-api-key  ${fortis.userApiKey}`,
        `  developer-id  ${fortis.developerId}`,
        `  location id   ${fortis.locationId}`,
        'Cash Practice (provisional contract)',
        `  base URL      ${cashpractice.baseUrl}`,
        `  API key       ${cashpractice.apiKey}`,
        '',
        'Try it:',
        `  curl -g -H 'user-id: ${fortis.userId}' -H 'user-api-key: ${fortis.userApiKey}' -H 'developer-id: ${fortis.developerId}' '${fortis.baseUrl}/v1/contacts?page[size]=5'`,
        `  trackstat sandbox act advance-clock 1 --url ${sandbox.origin}`,
        '',
        'Point trackstat at it (in another terminal):',
        `  printf %s '${fortis.userApiKey}' | trackstat connect fortis --base-url ${fortis.baseUrl} --user-id ${fortis.userId} --location-id ${fortis.locationId} --developer-id ${fortis.developerId} --user-api-key-stdin`,
        `  printf %s '${cashpractice.apiKey}' | trackstat connect cashpractice --base-url ${cashpractice.baseUrl} --api-key-stdin`,
        `  trackstat sandbox generate --out ./sandbox-ehr ${samePractice} && trackstat import --dir ./sandbox-ehr`,
        '  trackstat sync && trackstat report appointments --today',
        '',
      ].join('\n'),
    );
  }
  io.info('Sandbox running; press Ctrl-C to stop.');
  await interrupted;
  await sandbox.close();
  io.info('Sandbox stopped.');
}
