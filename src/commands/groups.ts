import type { Command } from 'commander';

// Examples of each group, added by the files that register its subcommands; printed by the group's
// --help so `trackstat patients --help` shows how to use it, like every other command.
const groupExamples = new WeakMap<Command, string[]>();

/**
 * Returns the parent command `name` (e.g. "connect", "patients"), creating it on first use, so
 * several command files can each add their own subcommands (and examples) to one group.
 */
export function commandGroup(
  program: Command,
  name: string,
  description: string,
  examples: readonly string[] = [],
): Command {
  let group = program.commands.find((c) => c.name() === name);
  if (!group) {
    group = program.command(name).description(description);
    const list: string[] = [];
    groupExamples.set(group, list);
    group.addHelpText('after', () =>
      list.length === 0 ? '' : `\nExamples:\n${list.map((e) => `  $ ${e}`).join('\n')}`,
    );
  }
  groupExamples.get(group)?.push(...examples);
  return group;
}
