import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { runCli, tempHome } from '../helpers/cli.js';

describe('trackstat patients unmatched', () => {
  it('lists an ambiguous processor record and says how to decide, with its own ids', async () => {
    const home = tempHome();
    const patients =
      'account,first_name,last_name,email\n1001,Lori,Ford,lori@example.net\n1002,Lori,Ford-Smith,lori@example.net\n';
    expect((await runCli(['import', 'patients', '-'], { home, input: patients })).code).toBe(0);
    const db = openDatabase(join(home, 'profiles', 'default', 'cache.db'));
    db.prepare(
      `INSERT INTO processor_contacts (source, upstream_id, first_name, last_name, email, seen_at)
       VALUES ('fortis', 'c-77', 'Lori', 'Ford', 'lori@example.net', '2026-11-01T00:00:00Z')`,
    ).run();
    db.close();
    const r = await runCli(['patients', 'unmatched', '--format', 'json'], { home });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ id: 'c-77', candidates: ['1001', '1002'] }),
    ]);
    expect(r.stderr).toContain('trackstat patients link 1001 --fortis-contact c-77');
    const none = await runCli(['patients', 'unmatched'], { home: tempHome() });
    expect(none.stderr).not.toContain('Decide with');
  });
});
