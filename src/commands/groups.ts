import type { Command } from 'commander';

/**
 * Returns the parent command `name` (e.g. "connect", "patients"), creating it on first use, so
 * several command files can each add their own subcommands to one group.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) return existing;
  return program.command(name).description(description);
}
