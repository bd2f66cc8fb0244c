import { Command, type CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandModules, commandWord } from '../../../src/cli.js';
import type { Wrap } from '../../../src/commands/wrap.js';

// A run that names its command builds only that command's modules (cli.ts): the names each module
// is filed under must be exactly the commands it registers, and the help a user sees must be the
// same either way.

const wrap: Wrap = () => async () => undefined;

function build(only?: string): { root: Command; output: () => string } {
  let out = '';
  const root = buildProgram(
    () => {
      throw new Error('--help runs no command');
    },
    () => false,
    () => undefined,
    only,
  );
  const configure = (c: Command): void => {
    c.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    c.exitOverride();
    c.commands.forEach(configure);
  };
  configure(root);
  return { root, output: () => out };
}

async function help(only: string | undefined, path: string[]): Promise<string> {
  const { root, output } = build(only);
  const err = await root.parseAsync(['node', 'trackstat', ...path, '--help']).then(
    () => undefined,
    (e: unknown) => e as CommanderError,
  );
  expect(err?.code).toBe('commander.helpDisplayed');
  return output();
}

describe('command modules and the command a run names', () => {
  it('files each module under exactly the top-level commands and aliases it registers', () => {
    for (const [names, register] of commandModules) {
      const program = new Command('trackstat');
      register(program, wrap);
      const registered = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      expect(registered.sort(), register.name).toEqual([...names].sort());
    }
  });

  it('covers every top-level command of the full program', () => {
    const all = build().root.commands.map((c) => c.name());
    const filed = new Set(commandModules.flatMap(([names]) => names));
    for (const name of all) expect(filed.has(name), name).toBe(true);
  });

  it('finds the command word after known global options only', () => {
    expect(commandWord(['report', 'appointments', '--today'])).toBe('report');
    expect(commandWord(['--profile', 'north', '-q', 'sync'])).toBe('sync');
    expect(commandWord(['--profile=north', '--no-color', 'connect', 'fortis'])).toBe('connect');
    expect(commandWord(['status'])).toBe('status');
    // Anything unusual builds every command: help, version, typos, unknown options.
    expect(commandWord([])).toBeUndefined();
    expect(commandWord(['--help'])).toBeUndefined();
    expect(commandWord(['-V'])).toBeUndefined();
    expect(commandWord(['reprot', 'appointments'])).toBeUndefined();
    expect(commandWord(['--bogus', 'report'])).toBeUndefined();
    expect(commandWord(['help', 'report'])).toBeUndefined();
  });

  it('prints the same help for every command whether or not the others were built', async () => {
    for (const name of new Set(commandModules.flatMap(([names]) => names))) {
      expect(await help(name, [name]), name).toBe(await help(undefined, [name]));
    }
  });
});
