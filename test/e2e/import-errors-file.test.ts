import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('import --errors-file naming a file being imported', () => {
  it('exits 2 and leaves the export as it was (it was truncated before being read)', async () => {
    const home = tempHome();
    const exportDir = join(home, 'exports');
    mkdirSync(exportDir);
    const file = join(exportDir, 'patients.csv');
    const text = 'account,first_name,last_name\n1001,Ann,Lee\n';
    writeFileSync(file, text);
    const single = await runCli(['import', 'patients', file, '--errors-file', file], { home });
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('is a file being imported');
    const dir = await runCli(['import', '--dir', exportDir, '--errors-file', file], { home });
    expect(dir.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const elsewhere = join(home, 'rejected.csv');
    const ok = await runCli(['import', '--dir', exportDir, '--errors-file', elsewhere], { home });
    expect(ok.code).toBe(0);
  });
});
