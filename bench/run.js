// npm run bench — the performance targets of SPEC §4, each measured against a bare `node -e 0`
// timed in the same run (median of interleaved runs), so a noisy machine moves both sides alike.
// The large practice is generated, synced and imported once and cached in bench/.cache/ (keyed by
// the date, since the generated practice is relative to today).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'trackstat.js');
const cacheDir = join(root, 'bench', '.cache');
const today = new Date().toISOString().slice(0, 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 20000);
const MILLION = Number(process.env.BENCH_MILLION ?? 1_000_000);
const SEED = 7;

const results = { machine: machine(), date: new Date().toISOString(), measurements: {} };

function machine() {
  const cpu = cpus();
  return {
    node: process.version,
    cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
  };
}

function log(line) {
  process.stderr.write(`${line}\n`);
}

function env(home, extra = {}) {
  return {
    ...process.env,
    TRACKSTAT_HOME: home,
    NO_COLOR: '1',
    TZ: process.env.TZ ?? 'UTC',
    ...extra,
  };
}

/** Runs the CLI and returns stdout; throws with stderr on a non-zero exit. */
function cli(args, home, options = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: env(home),
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0 && !options.allowFail) {
    throw new Error(`trackstat ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  }
  return r;
}

function timeOnce(argv, options = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    stdio: ['ignore', options.stdout ?? 'ignore', 'ignore'],
    env: options.env ?? process.env,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`);
  return ms;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Interleaves `node -e 0` with each command, RUNS times; returns medians and ratios. */
function startupRatios(commands) {
  const times = { baseline: [] };
  for (const name of Object.keys(commands)) times[name] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const warm = i < 2;
    const b = timeOnce([process.execPath, '-e', '0']);
    if (!warm) times.baseline.push(b);
    for (const [name, c] of Object.entries(commands)) {
      const t = timeOnce([process.execPath, bin, ...c.args], { env: c.env });
      if (!warm) times[name].push(t);
    }
  }
  const base = median(times.baseline);
  const out = { baseline_ms: round(base) };
  for (const name of Object.keys(commands)) {
    const m = median(times[name]);
    out[name] = { median_ms: round(m), ratio: round(m / base, 2) };
  }
  return out;
}

function round(n, digits = 1) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Starts `trackstat sandbox serve --json` and resolves with its connection line and the child. */
function startEmulator(home, patients) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [bin, 'sandbox', 'serve', '--json', '--patients', String(patients), '--seed', String(SEED)],
      {
        env: env(home),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) resolvePromise({ child, info: JSON.parse(line) });
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => reject(new Error(`sandbox serve exited ${code}: ${err}`)));
  });
}

function peakRssOf(argv, options) {
  // Polls /proc/<pid>/status for VmHWM (the peak resident set) while the child runs.
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), {
      env: options.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let peakKb = 0;
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const m = /VmHWM:\s+(\d+)/.exec(status);
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // process gone
      }
    }, 10);
    child.on('exit', (code) => {
      clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${err}`));
      else resolvePromise({ ms, peakMb: round(peakKb / 1024) });
    });
  });
}

async function largePractice() {
  const dir = join(cacheDir, `large-${PATIENTS}-${today}`);
  const home = join(dir, 'home');
  const ehr = join(dir, 'ehr');
  const stamp = join(dir, 'ready.json');
  for (const old of existsSync(cacheDir)
    ? execFileSync('ls', [cacheDir], { encoding: 'utf8' }).split('\n')
    : []) {
    if (old.startsWith('large-') && old !== `large-${PATIENTS}-${today}`)
      rmSync(join(cacheDir, old), { recursive: true, force: true });
  }
  const fresh = !existsSync(stamp);
  if (fresh) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(ehr, { recursive: true });
  }
  log(`large practice: ${PATIENTS} patients (${fresh ? 'building' : 'cached'})`);
  const { child, info } = await startEmulator(home, PATIENTS);
  try {
    const syncHome = join(dir, 'sync-home');
    rmSync(syncHome, { recursive: true, force: true });
    const f = info.fortis;
    for (const h of [home, syncHome]) {
      cli(
        [
          'connect',
          'fortis',
          '--user-id',
          f.user_id,
          '--location-id',
          f.location_id,
          '--developer-id',
          f.developer_id,
          '--base-url',
          f.base_url,
          '--user-api-key-stdin',
          '--no-input',
        ],
        h,
        { input: `${f.user_api_key}\n` },
      );
    }
    // Full sync into an empty cache: records per second.
    let t = process.hrtime.bigint();
    const full = JSON.parse(cli(['sync', 'fortis', '--json'], syncHome).stdout);
    const fullMs = Number(process.hrtime.bigint() - t) / 1e6;
    const records = countRecords(full);
    results.measurements.full_sync = {
      records,
      seconds: round(fullMs / 1000, 2),
      records_per_s: Math.round(records / (fullMs / 1000)),
      target: '≥ 20,000 records/s',
    };
    log(`full sync: ${records} records in ${round(fullMs / 1000, 2)} s`);

    // Incremental sync with nothing changed: requests made (from the --verbose trace) and seconds.
    t = process.hrtime.bigint();
    const inc = cli(['sync', 'fortis', '--verbose'], syncHome);
    const incMs = Number(process.hrtime.bigint() - t) / 1e6;
    const requests = inc.stderr
      .split('\n')
      .filter((l) => /^(GET|POST|PUT|PATCH|DELETE) /.test(l)).length;
    results.measurements.incremental_sync = {
      requests,
      resources: 7,
      seconds: round(incMs / 1000, 2),
      target: 'one request per resource',
    };
    log(`incremental sync: ${requests} requests in ${round(incMs / 1000, 2)} s`);

    if (fresh) {
      cli(
        [
          'sandbox',
          'generate',
          '--out',
          ehr,
          '--patients',
          String(PATIENTS),
          '--seed',
          String(SEED),
        ],
        home,
      );
      // The practice's cache starts as a copy of the one just synced (same emulator, same
      // credentials): a second full sync would add minutes to a fresh run for nothing.
      for (const suffix of ['', '-wal', '-shm']) {
        const from = join(syncHome, 'profiles', 'default', `cache.db${suffix}`);
        const to = join(home, 'profiles', 'default', `cache.db${suffix}`);
        rmSync(to, { force: true });
        if (suffix !== '-shm' && existsSync(from)) copyFileSync(from, to);
      }
      cli(['sync', 'fortis'], home);
      t = process.hrtime.bigint();
      const imported = cli(['import', '--dir', ehr, '--json'], home);
      const importMs = Number(process.hrtime.bigint() - t) / 1e6;
      const appointments = countLines(join(ehr, 'appointments.csv'));
      writeFileSync(
        stamp,
        JSON.stringify({ importMs, appointments, summary: imported.stdout.slice(0, 2000) }),
      );
    }
    const ready = JSON.parse(readFileSync(stamp, 'utf8'));
    results.measurements.import_appointments = {
      rows: ready.appointments,
      seconds: round(ready.importMs / 1000, 2),
      rows_per_s: Math.round(ready.appointments / (ready.importMs / 1000)),
      note: 'whole --dir import (all six files), timed when the cache was built',
    };
    // The appointment report on the large cache, against node -e 0.
    const report = startupRatios({
      report_appointments: {
        args: ['report', 'appointments', '--date', today, '--format', 'csv'],
        env: env(home),
      },
    });
    results.measurements.report_appointments = {
      ...report.report_appointments,
      baseline_ms: report.baseline_ms,
      target: '≤ 1.5×',
    };
    const counts =
      cli(['report', 'appointments', '--date', today, '--format', 'csv'], home).stdout.split('\n')
        .length - 2;
    results.measurements.report_appointments.rows = counts;
    log(
      `report appointments: ${report.report_appointments.median_ms} ms (${report.report_appointments.ratio}×), ${counts} rows`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

function countRecords(summary) {
  const list = Array.isArray(summary)
    ? summary
    : (summary.resources ?? summary.sources?.flatMap((s) => s.resources) ?? []);
  let n = 0;
  for (const r of list) n += (r.inserted ?? r.new ?? 0) + (r.updated ?? 0) + (r.unchanged ?? 0);
  return n;
}

function countLines(path) {
  const text = readFileSync(path, 'utf8');
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n - 1;
}

async function millionPatients() {
  const dir = join(cacheDir, `million-${MILLION}`);
  const home = join(dir, 'home');
  const stamp = join(dir, 'ready');
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    log(`building a cache with ${MILLION} patients`);
    cli(['audit'], home); // creates and migrates the cache
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(home, 'profiles', 'default', 'cache.db'));
    const insert = db.prepare(
      `INSERT INTO patients (account, source, first_name, last_name, date_of_birth, mobile, email, active, tags, created_at, updated_at)
       VALUES (?, 'ehr', ?, ?, ?, ?, ?, 1, '', ?, ?)`,
    );
    const at = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < MILLION; i++) {
        insert.run(
          `M${String(i).padStart(7, '0')}`,
          `First${i % 997}`,
          `Last${i % 1009}`,
          '1980-01-01',
          `+1555${String(i).padStart(7, '0')}`,
          `p${i}@example.com`,
          at,
          at,
        );
      }
    })();
    db.close();
    writeFileSync(stamp, 'ok');
  }
  const r = await peakRssOf(
    [process.execPath, bin, 'report', 'patients', '--format', 'csv', '--output', '/dev/null'],
    { env: env(home) },
  );
  results.measurements.report_patients_csv = {
    rows: MILLION,
    seconds: round(r.ms / 1000, 2),
    rows_per_s: Math.round(MILLION / (r.ms / 1000)),
    peak_rss_mb: r.peakMb,
    target: 'peak memory < 200 MB',
  };
  log(`report patients csv: ${MILLION} rows in ${round(r.ms / 1000, 2)} s, peak ${r.peakMb} MB`);
}

async function main() {
  mkdirSync(cacheDir, { recursive: true });
  const home = join(cacheDir, 'startup-home');
  const startup = startupRatios({
    version: { args: ['--version'], env: env(home) },
    help: { args: ['--help'], env: env(home) },
  });
  results.measurements.startup = { ...startup, target: '--version and --help ≤ 1.3×' };
  log(
    `startup: node -e 0 ${startup.baseline_ms} ms; --version ${startup.version.ratio}×; --help ${startup.help.ratio}×`,
  );
  await largePractice();
  await millionPatients();
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable();
}

function printTable() {
  const m = results.measurements;
  const rows = [
    ['measurement', 'result', 'target'],
    ['node -e 0 (baseline)', `${m.startup.baseline_ms} ms`, ''],
    [
      'trackstat --version',
      `${m.startup.version.median_ms} ms = ${m.startup.version.ratio}×`,
      '≤ 1.3×',
    ],
    ['trackstat --help', `${m.startup.help.median_ms} ms = ${m.startup.help.ratio}×`, '≤ 1.3×'],
    [
      'report appointments --date (large cache)',
      `${m.report_appointments.median_ms} ms = ${m.report_appointments.ratio}×`,
      '≤ 1.5×',
    ],
    [
      'full sync from the emulator',
      `${m.full_sync.records_per_s} records/s (${m.full_sync.records} in ${m.full_sync.seconds} s)`,
      '≥ 20,000/s',
    ],
    [
      'incremental sync, nothing changed',
      `${m.incremental_sync.requests} requests, ${m.incremental_sync.seconds} s`,
      '1 per resource',
    ],
    [
      'import appointments',
      `${m.import_appointments.rows_per_s} rows/s (${m.import_appointments.rows} rows)`,
      '600k < 60 s',
    ],
    [
      'report patients --format csv (1M)',
      `${m.report_patients_csv.rows_per_s} rows/s, peak ${m.report_patients_csv.peak_rss_mb} MB`,
      '< 200 MB',
    ],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(w[i])).join('  ')}\n`);
  process.stdout.write(
    `\nmachine: ${results.machine.cpu}, ${results.machine.memory_gb} GB, Node ${results.machine.node}\n`,
  );
}

await main();
