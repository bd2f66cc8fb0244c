// Interactive questions. Every prompt names the flag that answers it, so a run without a terminal
// (cron, a pipe, --no-input) fails fast with exit 4 instead of hanging. Prompts are drawn on stderr
// so stdout stays pure data. @inquirer/prompts is imported lazily to keep --help fast.
import { InputRequiredError, TrackstatError } from '../errors.js';
import { ExitCode } from './exit-codes.js';
import type { Io } from './io.js';

export type Validate = (value: string) => string | true;

/** The streams inquirer draws on: keys from stdin, the prompt on stderr. */
function context(io: Io): { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } {
  return { input: io.stdin, output: io.stderr };
}

function requirePrompt(io: Io, message: string, flag: string): void {
  if (!io.canPrompt) throw new InputRequiredError(message, flag);
}

/** Ctrl-C at a prompt means "no answer": nothing was changed, exit 4 naming the flag. */
async function asked<T>(message: string, flag: string, question: Promise<T>): Promise<T> {
  try {
    return await question;
  } catch (err) {
    if (err instanceof Error && err.name === 'ExitPromptError') {
      throw new TrackstatError(
        `${message} — cancelled; nothing was changed.`,
        ExitCode.InputRequired,
        `Run again and answer, or pass ${flag}.`,
      );
    }
    throw err;
  }
}

/** Asks a yes/no question (exit 4 naming `flag`, e.g. "--yes", when prompting is impossible). */
export async function confirm(
  io: Io,
  options: { message: string; flag: string; default?: boolean },
): Promise<boolean> {
  requirePrompt(io, options.message, options.flag);
  const { confirm: ask } = await import('@inquirer/prompts');
  return asked(
    options.message,
    options.flag,
    ask({ message: options.message, default: options.default ?? false }, context(io)),
  );
}

/** Asks for a line of text (exit 4 naming `flag` when prompting is impossible). */
export async function askText(
  io: Io,
  options: { message: string; flag: string; default?: string; validate?: Validate },
): Promise<string> {
  requirePrompt(io, options.message, options.flag);
  const { input } = await import('@inquirer/prompts');
  return asked(
    options.message,
    options.flag,
    input(
      {
        message: options.message,
        ...(options.default !== undefined ? { default: options.default } : {}),
        ...(options.validate ? { validate: options.validate } : {}),
      },
      context(io),
    ),
  );
}

/** Asks for a secret with hidden (masked) input (exit 4 naming `flag` when prompting is impossible). */
export async function askSecret(
  io: Io,
  options: { message: string; flag: string; validate?: Validate },
): Promise<string> {
  requirePrompt(io, options.message, options.flag);
  const { password } = await import('@inquirer/prompts');
  const value = await asked(
    options.message,
    options.flag,
    password(
      {
        message: options.message,
        mask: '•',
        ...(options.validate ? { validate: options.validate } : {}),
      },
      context(io),
    ),
  );
  // Whatever the user typed must never be echoed back in a later error or --verbose line.
  io.masker.add(value);
  return value;
}

/** Asks to pick one of several choices (exit 4 naming `flag` when prompting is impossible). */
export async function askChoice<T extends string>(
  io: Io,
  options: { message: string; flag: string; choices: Array<{ value: T; name: string }> },
): Promise<T> {
  requirePrompt(io, options.message, options.flag);
  const { select } = await import('@inquirer/prompts');
  return asked(
    options.message,
    options.flag,
    select<T>({ message: options.message, choices: options.choices }, context(io)),
  );
}

/** Asks to tick any number of choices (exit 4 naming `flag` when prompting is impossible). */
export async function askChecklist<T>(
  io: Io,
  options: {
    message: string;
    flag: string;
    choices: Array<{ value: T; name: string; checked?: boolean }>;
  },
): Promise<T[]> {
  requirePrompt(io, options.message, options.flag);
  const { checkbox } = await import('@inquirer/prompts');
  return asked(
    options.message,
    options.flag,
    checkbox<T>(
      {
        message: options.message,
        choices: options.choices.map((c) => ({
          value: c.value,
          name: c.name,
          checked: c.checked === true,
        })),
      },
      context(io),
    ),
  );
}
