import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitName } from '../../src/ehr-import/row-check.js';
import { runCli, tempHome } from '../helpers/cli.js';

describe('import patients with one "Patient Name" column', () => {
  it('splits "Last, First" at the comma and "First Middle Last" at the last space', () => {
    expect(splitName('Lee,  Ann Marie')).toEqual(['Ann Marie', 'Lee']);
    expect(splitName('Ann Marie Lee')).toEqual(['Ann Marie', 'Lee']);
    expect(splitName('Cher')).toEqual(['', 'Cher']);
  });

  it('imports a list whose names are in one column (mapped to name), and rejects a single word', async () => {
    const home = tempHome();
    const input = 'Acct,Patient Name\n1001,"Lee, Ann"\n1002,Bo Kim\n1003,Cher\n';
    const map = '{"headers":{"Acct":"account","Patient Name":"name"}}';
    const mapFile = join(home, 'map.json');
    writeFileSync(mapFile, map);
    const r = await runCli(['import', 'patients', '-', '--map', mapFile, '--skip-invalid'], {
      home,
      input,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('line 4, column first_name');
    const report = await runCli(
      ['report', 'patients', '--columns', 'account,patient', '--format', 'json'],
      {
        home,
      },
    );
    expect(JSON.parse(report.stdout)).toEqual([
      { account: '1002', patient: 'Bo Kim' },
      { account: '1001', patient: 'Ann Lee' },
    ]);
  });
});
