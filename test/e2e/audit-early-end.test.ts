import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, runCli, tempHome } from '../helpers/cli.js';

// SPEC: every command that reads patient data in bulk appends an audit line. A report whose reader
// stops early (`| head`) ends at once on EPIPE; it must still leave its line.

describe('a report whose reader goes away', () => {
  it('`report patients | head -1` still appends its audit line, marked as closed early', async () => {
    const home = tempHome();
    const dir = join(home, 'practice');
    const gen = await runCli(
      ['sandbox', 'generate', '--out', dir, '--patients', '1500', '--today', '2026-11-27'],
      { home },
    );
    expect(gen.code, gen.stderr).toBe(0);
    expect((await runCli(['import', '--dir', dir], { home })).code).toBe(0);

    // Well over a pipe's 64 KB, so the writer meets a closed pipe (EPIPE), not a full one.
    const piped = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${binPath}" report patients --format csv | head -1`],
      { env: { PATH: process.env.PATH ?? '', HOME: home, TRACKSTAT_HOME: home }, encoding: 'utf8' },
    );
    expect(piped.status).toBe(0);
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
    expect(piped.stderr).toBe('');

    const audit = await runCli(['audit', '--format', 'json'], { home });
    expect(audit.code, audit.stderr).toBe(0);
    const lines = JSON.parse(audit.stdout) as Array<{ command: string; counts: string }>;
    const report = lines.filter((l) => l.command === 'report');
    expect(report).toHaveLength(1);
    expect(report[0]?.counts).toContain('report=patients');
    expect(report[0]?.counts).toContain('output=closed early by its reader');

    // A report read to the end is audited as before, with its row count.
    const whole = await runCli(['report', 'patients', '--format', 'csv'], { home });
    expect(whole.code).toBe(0);
    const after = JSON.parse(
      (await runCli(['audit', '--format', 'json'], { home })).stdout,
    ) as Array<{ command: string; counts: string }>;
    const full = after.filter((l) => l.command === 'report');
    expect(full).toHaveLength(2);
    expect(full[0]?.counts).toBe('rows=1500 report=patients');
  });
});
