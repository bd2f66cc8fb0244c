// Prints bench/results.json as the README's Performance table (markdown), so the README quotes
// the figures exactly: `node bench/readme-table.js`.
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
const m = r.measurements;
const n = (x) => x.toLocaleString('en-US');
const ratio = (x) => x.toFixed(2);
const yes = (ok) => (ok ? 'yes' : 'no');
const st = m.startup;
const ra = m.report_appointments;
const fs = m.full_sync;
const inc = m.incremental_sync;
const im = m.import_appointments;
const pc = m.report_patients_csv;
const rows = [
  ['Measurement (SPEC §4)', 'Wall clock', 'CPU time', 'Target', 'Met'],
  ['`node -e 0` (baseline)', `${st.baseline_ms} ms`, `${st.baseline_cpu_ms} ms`, '', ''],
  ...['version', 'help'].map((k) => [
    `\`trackstat --${k}\``,
    `${st[k].median_ms} ms = ${ratio(st[k].ratio)}×`,
    `${st[k].median_cpu_ms} ms = ${ratio(st[k].cpu_ratio)}×`,
    '≤ 1.3×',
    yes(st[k].ratio <= 1.3),
  ]),
  [
    `\`report appointments --date D\` (${n(ra.rows)} rows)`,
    `${ra.median_ms} ms = ${ratio(ra.ratio)}× (baseline ${ra.baseline_ms} ms)`,
    `${ra.median_cpu_ms} ms = ${ratio(ra.cpu_ratio)}×`,
    '≤ 1.5×',
    yes(ra.ratio <= 1.5),
  ],
  ...(m.report_appointments_busy
    ? [
        [
          `the same on the "busy" practice (${n(m.report_appointments_busy.rows)} rows)`,
          `${m.report_appointments_busy.median_ms} ms = ${ratio(m.report_appointments_busy.ratio)}×`,
          `${m.report_appointments_busy.median_cpu_ms} ms = ${ratio(m.report_appointments_busy.cpu_ratio)}×`,
          'none (stress figure)',
          '',
        ],
      ]
    : []),
  [
    `full sync from the emulator (${n(fs.records)} records)`,
    `${fs.seconds} s = ${n(fs.records_per_s)} records/s`,
    `${fs.cpu_seconds} s = ${n(fs.records_per_cpu_s)} records/CPU-s (emulator: ${fs.emulator_cpu_seconds} s)`,
    '≥ 20,000 records/s',
    yes(fs.records_per_s >= 20000),
  ],
  [
    'incremental sync, nothing changed',
    `${inc.requests} requests (${inc.resources} resources), ${inc.seconds} s`,
    `${inc.cpu_seconds} s`,
    '1 request per resource',
    yes(inc.requests === inc.resources),
  ],
  [
    `import of ${n(im.rows)} appointments`,
    `${im.seconds} s = ${n(im.rows_per_s)} rows/s`,
    `${im.cpu_seconds} s`,
    '600,000 in < 60 s (≥ 10,000 rows/s)',
    yes(im.rows_per_s >= 10000),
  ],
  [
    `\`report patients --format csv\`, ${n(pc.rows)} rows`,
    `${pc.seconds} s, peak RSS ${pc.peak_rss_mb} MB`,
    `${pc.cpu_seconds} s`,
    'peak < 200 MB',
    yes(pc.peak_rss_mb < 200),
  ],
];
rows.splice(
  1,
  0,
  rows[0].map(() => '---'),
);
for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
process.stdout.write(
  `\nRun ${r.date.slice(0, 16).replace('T', ' ')} UTC on ${r.machine.cpu}, ${r.machine.memory_gb} GB, Node ${r.machine.node}, ${r.machine.platform}.\n`,
);
