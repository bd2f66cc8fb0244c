import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('a semicolon-separated European export', () => {
  it('imports balances written 1.250,50 with --decimal-comma, and says so without it', async () => {
    const home = tempHome();
    const patients = 'account;first_name;last_name\r\n1001;José;Müller\r\n';
    expect((await runCli(['import', 'patients', '-'], { home, input: patients })).code).toBe(0);
    const balances = 'account;patient_balance;insurance_balance\r\n1001;1.250,50;-12,00\r\n';
    const plain = await runCli(['import', 'balances', '-'], { home, input: balances });
    expect(plain.code).toBe(8);
    expect(plain.stderr).toContain('--decimal-comma');
    const eu = await runCli(['import', 'balances', '-', '--decimal-comma'], {
      home,
      input: balances,
    });
    expect(eu.code).toBe(0);
    const report = await runCli(
      ['report', 'patients', '--columns', 'patient,patient_balance', '--format', 'json'],
      { home },
    );
    expect(JSON.parse(report.stdout)).toEqual([
      { patient: 'José Müller', patient_balance_cents: 125050 },
    ]);
  });
});
