// `trackstat demo`: the whole product on a generated practice, offline. The built-in emulator plays
// Fortis; the generated EHR files are imported; a real sync runs through the production HTTP
// clients; then today's appointment report is printed. Everything lives in the `demo` profile.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { todayIn } from '../domain/dates.js';
import { filesOfFolder } from '../ehr-import/dir-files.js';
import { runImport } from '../ehr-import/run-import.js';
import { ConfigStore } from '../home/config.js';
import { acquireLock } from '../home/lock.js';
import { profilePaths, type ProfilePaths } from '../home/paths.js';
import { CredentialStore } from '../home/secrets.js';
import { refreshHuddleCache } from '../reports/huddle-cache.js';
import { buildRequest } from '../reports/request.js';
import { outputFormat, runReport } from '../reports/run.js';
import { generatePractice, writeEhrFiles } from '../sandbox/generator.js';
import { startSandbox } from '../sandbox/server.js';
import { recordAudit } from '../store/audit.js';
import { openDatabase } from '../store/db.js';
import { linkPatients } from '../sync/link-patients.js';
import { runSync } from '../sync/run-sync.js';
import { ExitCode, type ExitCodeValue } from '../terminal/exit-codes.js';
import type { Io } from '../terminal/io.js';
import { startProgress } from '../terminal/progress.js';

export const DEMO_PROFILE = 'demo';

export interface DemoOptions {
  home: string;
  seed: number;
  patients: number;
  processors: 'fortis' | 'cashpractice' | 'both';
  timezone: string;
  format: string | undefined;
  isAlive(pid: number): boolean;
}

export interface DemoResult {
  paths: ProfilePaths;
  today: string;
  patients: number;
  appointments: number;
  syncedRecords: number;
  reportRows: number;
  exitCode: ExitCodeValue;
}

/** Resets the demo profile, builds the practice, imports, syncs and prints today's report. */
export async function runDemo(options: DemoOptions, io: Io): Promise<DemoResult> {
  const paths = profilePaths(options.home, DEMO_PROFILE);
  // The lock lives inside the profile; take it before wiping, and wipe everything but the lock, so
  // a second demo (or a sync of the demo profile) waits its turn with exit 7 instead of deleting the
  // files of the run in progress.
  const lock = acquireLock({
    dir: paths.locks,
    pid: io.pid,
    command: 'demo',
    now: io.now(),
    isAlive: options.isAlive,
  });
  try {
    for (const entry of readdirSync(paths.dir)) {
      const path = join(paths.dir, entry);
      if (path !== paths.locks) rmSync(path, { recursive: true, force: true });
    }
  } catch (err) {
    lock.release();
    throw err;
  }
  const progress = startProgress(io, 'Generating a practice…');
  const workDir = mkdtempSync(join(tmpdir(), 'trackstat-demo-'));
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  const db = openDatabase(paths.database);
  try {
    const config = new ConfigStore(paths.config);
    config.set('timezone', options.timezone);
    const today = todayIn(options.timezone, io.now());
    const practice = generatePractice({
      seed: options.seed,
      patients: options.patients,
      today,
      timezone: options.timezone,
      processors: options.processors,
    });
    config.set('practice.name', practice.practiceName);
    config.set('practice.phone', '(555) 010-2030');
    config.set('practice.email', 'frontdesk@example.com');
    config.set('practice.address', '100 Main Street, Springfield');

    progress.update('Starting the built-in processor emulator…');
    sandbox = await startSandbox({ practice });
    const credentials = new CredentialStore(paths.credentials, io.env, io.masker);
    if (options.processors !== 'cashpractice') {
      credentials.set('fortis', {
        user_id: sandbox.fortis.userId,
        user_api_key: sandbox.fortis.userApiKey,
        location_id: sandbox.fortis.locationId,
        developer_id: sandbox.fortis.developerId,
        base_url: sandbox.fortis.baseUrl,
        location_name: practice.practiceName,
      });
    }
    if (options.processors !== 'fortis') {
      credentials.set('cashpractice', {
        api_key: sandbox.cashpractice.apiKey,
        base_url: sandbox.cashpractice.baseUrl,
        practice_name: practice.practiceName,
      });
    }

    progress.update('Importing the EHR export files…');
    await writeEhrFiles(practice, workDir);
    const imported = await runImport(
      {
        files: filesOfFolder(workDir).files,
        timezone: options.timezone,
        createMissingPatients: false,
        skipInvalid: false,
        dryRun: false,
      },
      { db, now: io.now(), linkPatients },
    );
    if (!imported.committed) {
      throw new Error(`the generated EHR files did not import (${imported.errorCount} errors)`);
    }

    progress.update('Syncing from the processor emulator…');
    const synced = await runSync({ full: false }, { db, io, config, credentials });
    const syncedRecords = synced.resources.reduce(
      (n, r) => n + r.inserted + r.updated + r.unchanged,
      0,
    );
    progress.stop();
    io.info(
      `Demo practice "${practice.practiceName}": ${practice.patients.length} patients, ${practice.appointments.length.toLocaleString('en-US')} appointments, ${syncedRecords.toLocaleString('en-US')} processor records synced.`,
    );
    await sandbox.close();
    sandbox = undefined;
    // As any command that loads data would, leave the huddle cache built for the reports.
    refreshHuddleCache(db, io.now());

    const output = {
      format: options.format,
      output: undefined,
      bom: false,
      columns: undefined,
      listColumns: false,
    };
    const request = buildRequest(
      'appointments',
      { today: true },
      {
        now: io.now(),
        timezone: () => options.timezone,
        expiringWithinDays: config.number('cards.expiring_within_days'),
        balanceThresholdCents: config.cents('reports.balance_due_threshold'),
        periodAnchor: 'calendar',
        format: outputFormat(output, io.stdoutIsTTY),
      },
    );
    io.info(`\nToday's appointments (${today}):`);
    const reportRows = await runReport(
      {
        io,
        db: async () => db,
        audit: async (counts) =>
          recordAudit(db, { at: io.now(), command: 'demo', profile: DEMO_PROFILE, counts }),
      },
      'appointments',
      request,
      output,
    );
    return {
      paths,
      today,
      patients: practice.patients.length,
      appointments: practice.appointments.length,
      syncedRecords,
      reportRows,
      exitCode: synced.exitCode === ExitCode.Ok ? ExitCode.Ok : synced.exitCode,
    };
  } catch (err) {
    progress.fail('The demo could not finish');
    throw err;
  } finally {
    if (sandbox) await sandbox.close();
    db.close();
    lock.release();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The commands to try next, printed after the demo. */
export function nextSteps(): string {
  return [
    '',
    'Try next (all on the demo profile; your own profiles are untouched):',
    '  trackstat --profile demo report appointments --today --flagged',
    '  trackstat --profile demo report appointments --tomorrow',
    '  trackstat --profile demo report patients --card expired',
    '  trackstat --profile demo report plans --behind',
    '  trackstat --profile demo report memberships --over-limit',
    '  trackstat --profile demo report weekly',
    '  trackstat --profile demo report cards --format csv > cards.csv',
    '  trackstat --profile demo card-update-blast --dry-run',
    'The emulator stopped with the demo; run `trackstat sandbox serve` to keep one running for',
    '`connect fortis --base-url …` and `sync`. Running `trackstat demo` again resets the demo profile.',
  ].join('\n');
}
