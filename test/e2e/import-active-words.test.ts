import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('import patients: the active column', () => {
  it('takes the EHR words Active/Inactive as well as true/false', async () => {
    const home = tempHome();
    const input =
      'account,first_name,last_name,active\n1,Ann,Lee,Active\n2,Bo,Kim,Inactive\n3,Cy,Ng,no\n';
    const r = await runCli(['import', 'patients', '-'], { home, input });
    expect(r.code, r.stderr).toBe(0);
    const report = await runCli(
      ['report', 'patients', '--columns', 'account,active', '--format', 'json'],
      { home },
    );
    const rows = JSON.parse(report.stdout) as Array<{ account: string; active: boolean }>;
    expect(Object.fromEntries(rows.map((x) => [x.account, x.active]))).toEqual({
      '1': true,
      '2': false,
      '3': false,
    });
  });
});
