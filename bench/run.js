// npm run bench — the performance targets of SPEC §4, each measured against a bare `node -e 0`
// timed in the same run (median of interleaved runs), so a noisy machine moves both sides alike.
// The large practices are generated, synced and imported once and cached in bench/.cache/ (keyed
// by the date, since a generated practice is relative to today):
// - "clinic", the large cache of SPEC §4: 20,000 patient records over eight years of history
//   (about 850,000 appointments), a caseload of about 1,700 patients and ~290 visits a weekday;
//   every target is measured on it;
// - "busy", the generator's default shape at the same size: every patient under care, a year of
//   visits, about 3,000 appointments a weekday (some sixty chiropractors' worth); only the daily
//   report is timed on it, as a stress figure.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
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

const cpuHook = join(root, 'bench', 'cpu-hook.cjs');
const cpuFile = join(tmpdir(), `trackstat-bench-cpu-${process.pid}`);

/** The CPU time (ms) the last process started with withCpu() reported, or NaN. */
function lastCpuMs() {
  try {
    const ms = Number(readFileSync(cpuFile, 'utf8'));
    rmSync(cpuFile, { force: true });
    return ms;
  } catch {
    return Number.NaN;
  }
}

/** Node arguments and environment that make a child report its CPU time (see cpu-hook.cjs). */
function withCpu(nodeArgs, childEnv) {
  rmSync(cpuFile, { force: true });
  return {
    args: ['--require', cpuHook, ...nodeArgs],
    env: { ...childEnv, BENCH_CPU_OUT: cpuFile },
  };
}

/** Runs the CLI and returns stdout (and the CPU ms it used); throws with stderr on a non-zero exit. */
function cli(args, home, options = {}) {
  const run = withCpu([bin, ...args], env(home));
  const r = spawnSync(process.execPath, run.args, {
    env: run.env,
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  r.cpuMs = lastCpuMs();
  if (r.status !== 0 && !options.allowFail) {
    throw new Error(`trackstat ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  }
  return r;
}

/** Runs node with the arguments once; returns wall and CPU milliseconds. */
function timeOnce(nodeArgs, options = {}) {
  const run = withCpu(nodeArgs, options.env ?? process.env);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, run.args, {
    stdio: ['ignore', options.stdout ?? 'ignore', 'ignore'],
    env: run.env,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`node ${nodeArgs.join(' ')} exited ${r.status}`);
  return { ms, cpuMs: lastCpuMs() };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Interleaves `node -e 0` with each command, RUNS times; returns wall and CPU medians and ratios.
 * The CPU ratio is the one to trust on a busy machine (wall time then measures the neighbours).
 */
function startupRatios(commands) {
  const times = { baseline: [] };
  for (const name of Object.keys(commands)) times[name] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const warm = i < 2;
    const b = timeOnce(['-e', '0']);
    if (!warm) times.baseline.push(b);
    for (const [name, c] of Object.entries(commands)) {
      const t = timeOnce([bin, ...c.args], { env: c.env });
      if (!warm) times[name].push(t);
    }
  }
  const base = median(times.baseline.map((t) => t.ms));
  const baseCpu = median(times.baseline.map((t) => t.cpuMs));
  const out = { baseline_ms: round(base), baseline_cpu_ms: round(baseCpu) };
  for (const name of Object.keys(commands)) {
    const m = median(times[name].map((t) => t.ms));
    const c = median(times[name].map((t) => t.cpuMs));
    out[name] = {
      median_ms: round(m),
      ratio: round(m / base, 2),
      median_cpu_ms: round(c),
      cpu_ratio: round(c / baseCpu, 2),
    };
  }
  return out;
}

function round(n, digits = 1) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The two large practice shapes (see the top of this file). */
const SHAPES = {
  clinic: { flags: ['--history-years', '8', '--active-share', '0.085'], primary: true },
  busy: { flags: [], primary: false },
};

/** Starts `trackstat sandbox serve --json` and resolves with its connection line and the child. */
function startEmulator(home, patients, flags) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'sandbox',
        'serve',
        '--json',
        '--patients',
        String(patients),
        '--seed',
        String(SEED),
        ...flags,
      ],
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
    const run = withCpu(argv, options.env);
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, run.args, {
      env: run.env,
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
      else resolvePromise({ ms, cpuMs: lastCpuMs(), peakMb: round(peakKb / 1024) });
    });
  });
}

/**
 * Builds (once a day) and measures one of the large practices (SHAPES): the full and incremental
 * sync and the import are timed on the primary one when its cache is built; the daily report on
 * both.
 */
async function largePractice(key) {
  const shape = SHAPES[key];
  const name = `${key}-${PATIENTS}-${today}`;
  const dir = join(cacheDir, name);
  const home = join(dir, 'home');
  const ehr = join(dir, 'ehr');
  const stamp = join(dir, 'ready.json');
  for (const old of existsSync(cacheDir)
    ? execFileSync('ls', [cacheDir], { encoding: 'utf8' }).split('\n')
    : []) {
    const stale = old.startsWith(`${key}-`);
    if (stale && old !== name) rmSync(join(cacheDir, old), { recursive: true, force: true });
  }
  const fresh = !existsSync(stamp);
  if (fresh) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(ehr, { recursive: true });
  }
  log(`${key} practice: ${PATIENTS} patients (${fresh ? 'building' : 'cached'})`);
  const { child, info } = await startEmulator(home, PATIENTS, shape.flags);
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
    if (shape.primary || fresh) {
      // Full sync into an empty cache: records per second.
      let emulatorCpu = processCpuMs(child.pid);
      let t = process.hrtime.bigint();
      const fullRun = cli(['sync', 'fortis', '--json'], syncHome);
      const fullMs = Number(process.hrtime.bigint() - t) / 1e6;
      const records = countRecords(JSON.parse(fullRun.stdout));
      emulatorCpu = processCpuMs(child.pid) - emulatorCpu;
      if (shape.primary) {
        results.measurements.full_sync = {
          records,
          seconds: round(fullMs / 1000, 2),
          records_per_s: Math.round(records / (fullMs / 1000)),
          cpu_seconds: round(fullRun.cpuMs / 1000, 2),
          records_per_cpu_s: Math.round(records / (fullRun.cpuMs / 1000)),
          emulator_cpu_seconds: round(emulatorCpu / 1000, 2),
          target: '≥ 20,000 records/s',
        };
      }
      log(
        `full sync: ${records} records in ${round(fullMs / 1000, 2)} s (CPU: trackstat ${round(fullRun.cpuMs / 1000, 2)} s, emulator ${round(emulatorCpu / 1000, 2)} s)`,
      );
    }
    if (shape.primary) {
      // Incremental sync with nothing changed: requests made (from the --verbose trace) and seconds.
      const t = process.hrtime.bigint();
      const inc = cli(['sync', 'fortis', '--verbose'], syncHome);
      const incMs = Number(process.hrtime.bigint() - t) / 1e6;
      const requests = inc.stderr
        .split('\n')
        .filter((l) => /^(GET|POST|PUT|PATCH|DELETE) /.test(l)).length;
      results.measurements.incremental_sync = {
        requests,
        resources: 7,
        seconds: round(incMs / 1000, 2),
        cpu_seconds: round(inc.cpuMs / 1000, 2),
        target: 'one request per resource',
      };
      log(`incremental sync: ${requests} requests in ${round(incMs / 1000, 2)} s`);
    }

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
          ...shape.flags,
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
      // The other files first (patients before anything that refers to them), then the
      // appointments file alone, timed: the target is about those ~600,000 rows.
      const appointmentsFile = join(dir, 'appointments.csv');
      renameSync(join(ehr, 'appointments.csv'), appointmentsFile);
      let t = process.hrtime.bigint();
      const others = cli(['import', '--dir', ehr, '--json'], home);
      const othersMs = Number(process.hrtime.bigint() - t) / 1e6;
      t = process.hrtime.bigint();
      const imported = cli(['import', 'appointments', appointmentsFile, '--json'], home);
      const importMs = Number(process.hrtime.bigint() - t) / 1e6;
      const appointments = countLines(appointmentsFile);
      writeFileSync(
        stamp,
        JSON.stringify({
          importMs,
          importCpuMs: imported.cpuMs,
          appointments,
          othersMs,
          othersCpuMs: others.cpuMs,
          totals: await cacheTotals(home),
          summary: imported.stdout.slice(0, 2000),
        }),
      );
    }
    const ready = JSON.parse(readFileSync(stamp, 'utf8'));
    if (shape.primary) {
      results.measurements.import_appointments = {
        rows: ready.appointments,
        seconds: round(ready.importMs / 1000, 2),
        rows_per_s: Math.round(ready.appointments / (ready.importMs / 1000)),
        cpu_seconds: round(ready.importCpuMs / 1000, 2),
        other_files_seconds: round(ready.othersMs / 1000, 2),
        other_files_cpu_seconds: round(ready.othersCpuMs / 1000, 2),
        note: 'appointments.csv alone, into the synced cache holding the other EHR files; timed when the cache was built',
        target: '600,000 appointments < 60 s',
      };
    }
    // The appointment report on the large cache, against node -e 0.
    const args = ['report', 'appointments', '--date', today, '--format', 'csv'];
    const report = startupRatios({ report_appointments: { args, env: env(home) } });
    const rows = cli(args, home).stdout.split('\n').length - 2;
    results.measurements[shape.primary ? 'report_appointments' : `report_appointments_${key}`] = {
      ...report.report_appointments,
      baseline_ms: report.baseline_ms,
      baseline_cpu_ms: report.baseline_cpu_ms,
      rows,
      cache: { practice: key, generate_flags: shape.flags.join(' '), ...ready.totals },
      target: shape.primary ? '≤ 1.5×' : 'none (stress figure)',
    };
    log(
      `report appointments (${key}): ${report.report_appointments.median_ms} ms (${report.report_appointments.ratio}×; CPU ${report.report_appointments.median_cpu_ms} ms = ${report.report_appointments.cpu_ratio}×), ${rows} rows`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

/** Row counts of a practice's cache (the SPEC's large cache: patients, appointments, transactions). */
async function cacheTotals(home) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(home, 'profiles', 'default', 'cache.db'), { readonly: true });
  try {
    const count = (table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    return {
      patients: count('patients'),
      appointments: count('appointments'),
      transactions: count('transactions'),
    };
  } finally {
    db.close();
  }
}

/** CPU milliseconds a running process has used so far (Linux /proc; NaN elsewhere). */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return Number.NaN;
  }
}

let ticks;
function clockTicks() {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
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
    [bin, 'report', 'patients', '--format', 'csv', '--output', '/dev/null'],
    { env: env(home) },
  );
  results.measurements.report_patients_csv = {
    rows: MILLION,
    seconds: round(r.ms / 1000, 2),
    rows_per_s: Math.round(MILLION / (r.ms / 1000)),
    cpu_seconds: round(r.cpuMs / 1000, 2),
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
    `startup: node -e 0 ${startup.baseline_ms} ms (CPU ${startup.baseline_cpu_ms} ms); --version ${startup.version.ratio}× (CPU ${startup.version.cpu_ratio}×); --help ${startup.help.ratio}× (CPU ${startup.help.cpu_ratio}×)`,
  );
  await largePractice('clinic');
  await largePractice('busy');
  await millionPatients();
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable();
}

function printTable() {
  const m = results.measurements;
  const st = m.startup;
  const ra = m.report_appointments;
  const fs = m.full_sync;
  const im = m.import_appointments;
  const rows = [
    ['measurement', 'wall clock', 'CPU time', 'target'],
    ['node -e 0 (baseline)', `${st.baseline_ms} ms`, `${st.baseline_cpu_ms} ms`, ''],
    ...['version', 'help'].map((k) => [
      `trackstat --${k}`,
      `${st[k].median_ms} ms = ${st[k].ratio}×`,
      `${st[k].median_cpu_ms} ms = ${st[k].cpu_ratio}×`,
      '≤ 1.3×',
    ]),
    [
      `report appointments --date (${ra.rows} rows)`,
      `${ra.median_ms} ms = ${ra.ratio}×`,
      `${ra.median_cpu_ms} ms = ${ra.cpu_ratio}×`,
      '≤ 1.5×',
    ],
    ...(m.report_appointments_busy
      ? [
          [
            `  same, busy practice (${m.report_appointments_busy.rows} rows)`,
            `${m.report_appointments_busy.median_ms} ms = ${m.report_appointments_busy.ratio}×`,
            `${m.report_appointments_busy.median_cpu_ms} ms = ${m.report_appointments_busy.cpu_ratio}×`,
            '(stress figure)',
          ],
        ]
      : []),
    [
      'full sync from the emulator',
      `${fs.records_per_s} records/s (${fs.records} in ${fs.seconds} s)`,
      `${fs.records_per_cpu_s} records/CPU-s (+ emulator ${fs.emulator_cpu_seconds} s)`,
      '≥ 20,000/s',
    ],
    [
      'incremental sync, nothing changed',
      `${m.incremental_sync.requests} requests, ${m.incremental_sync.seconds} s`,
      `${m.incremental_sync.cpu_seconds} s`,
      '1 per resource',
    ],
    [
      `import ${im.rows} appointments`,
      `${im.seconds} s (${im.rows_per_s} rows/s)`,
      `${im.cpu_seconds} s`,
      '600k < 60 s',
    ],
    [
      'report patients --format csv (1M)',
      `${m.report_patients_csv.seconds} s, peak ${m.report_patients_csv.peak_rss_mb} MB`,
      `${m.report_patients_csv.cpu_seconds} s`,
      '< 200 MB',
    ],
  ];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(w[i])).join('  ')}\n`);
  process.stdout.write(
    `\nmachine: ${results.machine.cpu}, ${results.machine.memory_gb} GB, Node ${results.machine.node}\n`,
  );
}

await main();
