import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { binPath, runCli, runCliTty, tempHome } from '../helpers/cli.js';

/** The top-level help as the current source formats it off a terminal (80 columns, no colour). */
async function liveHelp(): Promise<string> {
  let out = '';
  const program = buildProgram(
    () => {
      throw new Error('--help runs no command');
    },
    () => false,
    () => undefined,
  );
  program.configureOutput({
    writeOut: (s) => (out += s),
    writeErr: (s) => (out += s),
    getOutHelpWidth: () => 80, // commander's width off a terminal
    getOutHasColors: () => false,
  });
  const err = await program.parseAsync(['node', 'trackstat', '--help']).then(
    () => undefined,
    (e: unknown) => e as CommanderError,
  );
  expect(err?.code).toBe('commander.helpDisplayed');
  return out;
}

describe('pre-rendered --help (dist/help.txt, printed by bin/trackstat.js)', () => {
  const home = tempHome();

  it('is exactly the help the CLI prints, so the shortcut can never go stale unnoticed', async () => {
    const live = await liveHelp();
    expect(live).toContain('Usage: trackstat');
    const file = readFileSync(resolve(binPath, '../../dist/help.txt'), 'utf8');
    expect(file).toBe(live);
    for (const flag of ['--help', '-h']) {
      const r = await runCli([flag], { home });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(live);
    }
  });

  it('is not used on a terminal of another width: commander wraps the live help to it', async () => {
    const live = await liveHelp();
    const wide = await runCliTty(['--help'], { home, columns: 160 });
    expect(wide.code).toBe(0);
    const text = wide.stdout.replace(/\r\n/g, '\n');
    expect(text).toContain('Usage: trackstat');
    // Some option description wrapped at 80 columns fits on one line at 160.
    expect(text.split('\n').length).toBeLessThan(live.split('\n').length);
  });
});
