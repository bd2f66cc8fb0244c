import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliTty, tempHome } from '../helpers/cli.js';

describe('trackstat binary', () => {
  let home: string;
  beforeAll(() => {
    home = tempHome();
  });

  it('prints help with every exit code and exits 0', async () => {
    const r = await runCli(['--help'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: trackstat');
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8])
      expect(r.stdout).toMatch(new RegExp(`^  ${code}  `, 'm'));
  });

  it('prints the version', async () => {
    const r = await runCli(['--version'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 with a suggestion for an unknown command', async () => {
    const r = await runCli(['confg'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean config?');
  });

  it('exits 2 for an unknown flag', async () => {
    const r = await runCli(['config', 'list', '--bogus'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it('runs on a pseudo-terminal', async () => {
    const r = await runCliTty(['--version'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+\.\d+\.\d+/);
  });
});

describe('command groups', () => {
  it('exit 2 with their help when run without a subcommand, and 0 when help is asked for', async () => {
    const home = tempHome();
    const bare = await runCli(['connect'], { home });
    expect(bare.code).toBe(2);
    expect(bare.stdout + bare.stderr).toContain('fortis');
    expect((await runCli(['connect', '--help'], { home })).code).toBe(0);
    expect((await runCli(['help', 'connect'], { home })).code).toBe(0);
  });
});
