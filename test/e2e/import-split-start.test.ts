import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('import appointments with the start split into Date and Time columns', () => {
  it('joins them into the start (as many schedule exports write it)', async () => {
    const home = tempHome();
    const env = { TRACKSTAT_NOW: '2026-11-30T12:00:00Z' };
    const patients = 'account,first_name,last_name\n1001,Ann,Lee\n';
    expect((await runCli(['import', 'patients', '-'], { home, input: patients })).code).toBe(0);
    const schedule =
      'appointment_id,account,Date,Time,type,status\nT1,1001,11/30/2026,2:15 PM,Adjustment,Scheduled\n';
    const r = await runCli(['import', 'appointments', '-'], { home, env, input: schedule });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('ignoring columns');
    const report = await runCli(
      [
        'report',
        'appointments',
        '--date',
        '2026-11-30',
        '--columns',
        'time,patient',
        '--format',
        'json',
      ],
      { home, env },
    );
    expect(JSON.parse(report.stdout)).toEqual([{ time: '14:15', patient: 'Ann Lee' }]);
  });

  it('a file with neither start nor date and time still names the missing column', async () => {
    const home = tempHome();
    const schedule =
      'appointment_id,account,Date,type,status\nT1,1001,11/30/2026,Adjustment,Scheduled\n';
    const r = await runCli(['import', 'appointments', '-'], { home, input: schedule });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('has no start column');
  });
});
