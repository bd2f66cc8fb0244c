import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEhrFiles } from '../../src/sandbox/ehr-files.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempHome } from '../helpers/cli.js';

// A practice connected to BOTH processors: each patient once, with the card and plans of whichever
// processor holds them (the built binary against the emulator).

describe('a practice on Fortis and Cash Practice', () => {
  let sandbox: Sandbox;
  let home: string;
  let ehrDir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 9, patients: 300, processors: 'both' });
    ehrDir = mkdtempSync(join(tmpdir(), 'trackstat-both-ehr-'));
    await writeEhrFiles(sandbox.state.practice, ehrDir);
    home = tempHome('trackstat-both-');
    const cp = await runCli(
      ['connect', 'cashpractice', '--api-key-stdin', '--base-url', sandbox.cashpractice.baseUrl],
      { home, input: sandbox.cashpractice.apiKey },
    );
    expect(cp.code, cp.stderr).toBe(0);
    const f = sandbox.fortis;
    const fortis = await runCli(
      [
        'connect',
        'fortis',
        '--user-id',
        f.userId,
        '--location-id',
        f.locationId,
        '--developer-id',
        f.developerId,
        '--user-api-key-stdin',
        '--base-url',
        f.baseUrl,
      ],
      { home, input: f.userApiKey },
    );
    expect(fortis.code, fortis.stderr).toBe(0);
    const imported = await runCli(['import', '--dir', ehrDir], { home });
    expect(imported.code, imported.stderr).toBe(0);
    const sync = await runCli(['sync'], { home });
    expect(sync.code, sync.stderr).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(ehrDir, { recursive: true, force: true });
  });

  it('lists each patient once, with the card of the processor that holds it', async () => {
    const res = await runCli(['report', 'patients', '--format', 'json'], { home });
    expect(res.code, res.stderr).toBe(0);
    const rows = JSON.parse(res.stdout) as Array<Record<string, unknown>>;
    const practice = sandbox.state.practice;
    expect(rows).toHaveLength(practice.patients.length);
    expect(new Set(rows.map((r) => r.account)).size).toBe(rows.length);

    // A Cash Practice patient's card is their default Billing Vault card.
    const cp = practice.cashpractice;
    const checked = cp.patients.filter((p) => p.tps_id).slice(0, 20);
    expect(checked.length).toBeGreaterThan(0);
    for (const patient of checked) {
      const card = cp.billingMethods.find((b) => b.patient_id === patient.id && b.is_default);
      const row = rows.find((r) => r.account === patient.tps_id);
      expect(row, String(patient.tps_id)).toBeDefined();
      if (card) expect(String(row?.card)).toContain(String(card.last_four));
      else expect([null, 'none']).toContain(row?.card ?? null);
    }
  });
});
