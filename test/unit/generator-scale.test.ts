import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { generatePractice, writeEhrFiles } from '../../src/sandbox/generator.js';
import { startSandbox } from '../../src/sandbox/server.js';

/** GET a URL and collect the body bytes. */
function rawGet(url: string, headers: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    }).on('error', reject);
  });
}

// The one large run of the suite: 20,000 patients, generated, written, served and synced once.
describe('generator and emulator at scale', () => {
  it('generates 20,000 patients in well under a minute and serves 50,000+ records/s', async () => {
    // CPU time, not wall time: other suites (or engineers) may share the cores.
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const started = cpu();
    const practice = generatePractice({ seed: 2026, patients: 20_000, today: '2026-11-27' });
    const generatedMs = cpu() - started;
    expect(practice.appointments.length).toBeGreaterThanOrEqual(600_000);
    expect(practice.fortis.transactions.length).toBeGreaterThanOrEqual(250_000);
    expect(generatedMs).toBeLessThan(40_000);

    const dir = mkdtempSync(join(tmpdir(), 'trackstat-scale-'));
    try {
      const writeStart = cpu();
      await writeEhrFiles(practice, dir);
      expect(cpu() - writeStart).toBeLessThan(15_000);
      expect(statSync(join(dir, 'appointments.csv')).size).toBeGreaterThan(30_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const sb = await startSandbox({ practice });
    try {
      // What a user sees: the emulator serialises its records in the background after start.
      await sb.warm();
      const headers = {
        'user-id': sb.fortis.userId,
        'user-api-key': sb.fortis.userApiKey,
        'developer-id': sb.fortis.developerId,
      };
      // Pages are read as raw bytes: the client's own JSON parsing is not the emulator's cost. The
      // CPU time still includes the in-process HTTP client, so the rate is a lower bound.
      const syncStart = cpu();
      let pulled = 0;
      let total = -1;
      for (let page = 1; total < 0 || (page - 1) * 5000 < total; page++) {
        const body = await rawGet(
          `${sb.fortis.baseUrl}/v1/transactions?page[size]=5000&page[number]=${page}` +
            `&filter_by[0][key]=modified_ts&filter_by[0][operator]=>=&filter_by[0][value]=0` +
            `&filter_by[1][key]=location_id&filter_by[1][operator]==&filter_by[1][value]=${sb.fortis.locationId}` +
            `&order[0][key]=modified_ts&order[0][operator]=asc`,
          headers,
        );
        const tail = body.subarray(body.lastIndexOf('"pagination"')).toString('utf8');
        total = Number(/"total_count":(\d+)/.exec(tail)?.[1] ?? 0);
        pulled += Math.max(0, Math.min(5000, total - (page - 1) * 5000));
        if (page === 1)
          expect(body.subarray(0, 40).toString('utf8')).toContain('TransactionsCollection');
      }
      const seconds = (cpu() - syncStart) / 1000;
      expect(pulled).toBe(practice.fortis.transactions.length);
      expect(pulled / seconds).toBeGreaterThan(50_000);
    } finally {
      await sb.close();
    }
  }, 180_000);
});
