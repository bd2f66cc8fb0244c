import { readFileSync } from 'node:fs';
import type { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli.js';

function program(): { root: Command; output: () => string } {
  let out = '';
  const root = buildProgram(
    () => {
      throw new Error('--help runs no command');
    },
    () => false,
    () => undefined,
  );
  const configure = (c: Command): void => {
    c.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    c.exitOverride();
    c.commands.forEach(configure);
  };
  configure(root);
  return { root, output: () => out };
}

/** The --help text of `trackstat <path…>`. */
async function help(path: string[]): Promise<string> {
  const { root, output } = program();
  const err = await root.parseAsync(['node', 'trackstat', ...path, '--help']).then(
    () => undefined,
    (e: unknown) => e as CommanderError,
  );
  expect(err?.code).toBe('commander.helpDisplayed');
  return output();
}

/** Every command path under the given top-level commands (the group and its subcommands). */
function paths(names: string[]): string[][] {
  const { root } = program();
  const out: string[][] = [];
  const walk = (c: Command, path: string[]): void => {
    out.push(path);
    for (const sub of c.commands) walk(sub, [...path, sub.name()]);
  };
  for (const name of names) {
    const c = root.commands.find((x) => x.name() === name);
    expect(c, name).toBeDefined();
    if (c) walk(c, [name]);
  }
  return out;
}

describe('--help of the first-contact and daily commands', () => {
  it('shows examples for every command and subcommand', async () => {
    const all = paths(['demo', 'report', 'import', 'patients', 'config', 'connections', 'audit']);
    expect(all.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['import maps save', 'patients', 'config set']),
    );
    for (const path of all) {
      const text = await help(path);
      expect(text, path.join(' ')).toMatch(/\nExamples:\n {2}\$ trackstat /);
    }
  });

  it('report --help shows no "(default: [])" after the repeatable filters', async () => {
    const text = await help(['report']);
    expect(text).toContain('--provider <name>');
    expect(text).not.toContain('(default: [])');
  });

  it('README sections and docs files that import --help points to exist', async () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const path of [['import'], ['import', 'maps', 'save']]) {
      const text = (await help(path)).replace(/\s+/g, ' ');
      const refs = [...text.matchAll(/README, "([^"]+)"/g)].map((m) => m[1] ?? '');
      const docs = [...text.matchAll(/\b(docs\/[A-Z-]+\.md)\b/g)].map((m) => m[1] ?? '');
      expect(refs.length + docs.length, path.join(' ')).toBeGreaterThan(0);
      for (const ref of refs) expect(readme, ref).toContain(ref);
      for (const doc of docs)
        expect(readFileSync(new URL(`../../../${doc}`, import.meta.url), 'utf8')).toMatch(/^# /);
    }
  });
});
