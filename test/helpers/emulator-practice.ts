// A generated practice served by the emulator and loaded into a private trackstat home through
// the built binary (config, import of the EHR files, a Fortis sync): the set-up the end-to-end
// tests of invoices, the pay wall and blasts share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { writeEhrFiles } from '../../src/sandbox/ehr-files.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempHome, type CliResult } from './cli.js';

export interface EmulatorPractice {
  sandbox: Sandbox;
  home: string;
  /** The generated EHR export files, already imported once. */
  ehrDir: string;
  /** The environment every run gets: TRACKSTAT_NOW and the Fortis credentials, plus `env`. */
  env: Record<string, string>;
  /** Runs the built binary in the practice's home. */
  cli(args: string[], extraEnv?: Record<string, string>, input?: string): Promise<CliResult>;
  /** Rows of a query on the practice's cache (read-only). */
  query<T>(sql: string, ...params: unknown[]): T[];
  /** One statement on the practice's cache (a test arranging a state). */
  write(sql: string, ...params: unknown[]): void;
  close(): Promise<void>;
}

export interface EmulatorPracticeOptions {
  seed: number;
  patients: number;
  /** The practice's today (YYYY-MM-DD, UTC) and the instant the runs see (TRACKSTAT_NOW). */
  today: string;
  now: string;
  /** Prefix of the temporary home. */
  name: string;
  /** More environment for every run (e.g. TRACKSTAT_SMTP_URL). */
  env?: Record<string, string>;
  /** More `config set` pairs, after timezone UTC, the practice name and the Fortis base URL. */
  config?: ReadonlyArray<readonly [string, string]>;
  /** Changes the EHR files before they are imported. */
  beforeImport?(ehrDir: string, sandbox: Sandbox): void;
}

/** Starts the emulator, configures a home, imports the practice's EHR files and syncs Fortis. */
export async function startEmulatorPractice(
  options: EmulatorPracticeOptions,
): Promise<EmulatorPractice> {
  const sandbox = await startSandbox({
    seed: options.seed,
    patients: options.patients,
    processors: 'fortis',
    today: options.today,
    timezone: 'UTC',
  });
  const ehrDir = mkdtempSync(join(tmpdir(), `${options.name}-ehr-`));
  await writeEhrFiles(sandbox.state.practice, ehrDir);
  options.beforeImport?.(ehrDir, sandbox);
  const home = tempHome(`${options.name}-`);
  const env: Record<string, string> = {
    TRACKSTAT_NOW: options.now,
    TRACKSTAT_FORTIS_USER_ID: sandbox.fortis.userId,
    TRACKSTAT_FORTIS_USER_API_KEY: sandbox.fortis.userApiKey,
    TRACKSTAT_FORTIS_LOCATION_ID: sandbox.fortis.locationId,
    TRACKSTAT_FORTIS_DEVELOPER_ID: sandbox.fortis.developerId,
    ...options.env,
  };
  const cli = (args: string[], extraEnv: Record<string, string> = {}, input?: string) =>
    runCli(args, {
      home,
      env: { ...env, ...extraEnv },
      ...(input !== undefined ? { input } : {}),
    });
  const database = join(home, 'profiles', 'default', 'cache.db');
  const practice: EmulatorPractice = {
    sandbox,
    home,
    ehrDir,
    env,
    cli,
    query: <T>(sql: string, ...params: unknown[]): T[] => {
      const db = new Database(database, { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    write: (sql, ...params) => {
      const db = new Database(database);
      try {
        db.prepare(sql).run(...params);
      } finally {
        db.close();
      }
    },
    close: async () => {
      await sandbox.close();
      for (const d of [home, ehrDir]) rmSync(d, { recursive: true, force: true });
    },
  };
  for (const [key, value] of [
    ['timezone', 'UTC'],
    ['practice.name', 'Main Street Chiro'],
    ['fortis.base_url', sandbox.fortis.baseUrl],
    ...(options.config ?? []),
  ] as const) {
    const r = await cli(['config', 'set', key, value]);
    expect(r.code, r.stderr).toBe(0);
  }
  const imported = await cli(['import', '--dir', ehrDir]);
  expect(imported.code, imported.stderr).toBe(0);
  const synced = await cli(['sync', 'fortis']);
  expect(synced.code, synced.stderr).toBe(0);
  return practice;
}
