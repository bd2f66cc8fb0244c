import type { Command } from 'commander';
import type { ExitCodeValue } from '../terminal/exit-codes.js';
import type { CommandContext } from './context.js';

/** A command's work: receives the context, positional arguments and parsed options; returns an exit code. */
export type Handler<O = Record<string, unknown>> = (
  ctx: CommandContext,
  args: string[],
  options: O,
) => Promise<ExitCodeValue | void>;

/** Turns a Handler into a commander action (context creation, cleanup and the exit code live in cli.ts). */
export type Wrap = <O = Record<string, unknown>>(
  handler: Handler<O>,
) => (...args: unknown[]) => Promise<void>;

/** What every command module exports. */
export type Register = (program: Command, wrap: Wrap) => void;
