import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('TRACKSTAT_NOW', () => {
  it('a value that is not a date is a usage error (exit 2), not silently the real clock', async () => {
    const home = tempHome();
    const r = await runCli(['report', 'appointments'], {
      home,
      env: { TRACKSTAT_NOW: '2026-11-31 8am' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('TRACKSTAT_NOW "2026-11-31 8am" is not a date and time');
    expect(r.stdout).toBe('');
  });

  it('a valid instant pins "today"', async () => {
    const home = tempHome();
    const r = await runCli(['report', 'appointments', '--format', 'json'], {
      home,
      env: { TRACKSTAT_NOW: '2026-11-30T14:00:00Z' },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
