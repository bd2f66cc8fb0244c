import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePractice, writeEhrFiles } from '../../src/sandbox/generator.js';

async function hashFiles(seed: number, today: string): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'trackstat-gen-'));
  await writeEhrFiles(generatePractice({ seed, patients: 300, today, processors: 'both' }), dir);
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    out[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  }
  return out;
}

describe('generator determinism', () => {
  it('same seed and today give byte-identical files; another seed or day does not', async () => {
    const a = await hashFiles(7, '2026-11-27');
    const b = await hashFiles(7, '2026-11-27');
    expect(Object.keys(a)).toEqual([
      'appointments.csv',
      'balances.csv',
      'charges.csv',
      'insurance.csv',
      'patients.csv',
      'plans.csv',
    ]);
    expect(b).toEqual(a);
    const c = await hashFiles(8, '2026-11-27');
    expect(c['patients.csv']).not.toBe(a['patients.csv']);
    const d = await hashFiles(7, '2026-11-28');
    expect(d['appointments.csv']).not.toBe(a['appointments.csv']);
  });

  it('same seed gives the same processor records (ids, timestamps, amounts)', () => {
    const one = generatePractice({ seed: 3, patients: 80, today: '2026-05-04' });
    const two = generatePractice({ seed: 3, patients: 80, today: '2026-05-04' });
    expect(JSON.stringify(two.fortis)).toBe(JSON.stringify(one.fortis));
    expect(JSON.stringify(two.cashpractice)).toBe(JSON.stringify(one.cashpractice));
  });
});
