import { describe, expect, it } from 'vitest';
import { InputRequiredError } from '../../../src/errors.js';
import { ExitCode } from '../../../src/terminal/exit-codes.js';
import {
  askChecklist,
  askChoice,
  askSecret,
  askText,
  confirm,
} from '../../../src/terminal/prompt.js';
import { createTestIo } from '../../helpers/io.js';
import type { Io } from '../../../src/terminal/io.js';

/** Keys as a terminal sends them. */
const key = { enter: '\r', down: '\u001b[B', space: ' ', ctrlC: '\u0003' };

/** Types into the Io's stdin as a terminal would; readline decodes the bytes into keypresses. */
async function press(io: Io, keys: string[]) {
  for (const k of keys) {
    await new Promise((r) => setTimeout(r, 5));
    (io.stdin as unknown as { write(s: string): void }).write(k);
  }
}

describe('prompts without a terminal', () => {
  const cases: Array<[string, (io: Io) => Promise<unknown>, string]> = [
    ['confirm', (io) => confirm(io, { message: 'Send 12 messages?', flag: '--yes' }), '--yes'],
    ['askText', (io) => askText(io, { message: 'User ID', flag: '--user-id' }), '--user-id'],
    [
      'askSecret',
      (io) => askSecret(io, { message: 'API key', flag: '--api-key-stdin' }),
      '--api-key-stdin',
    ],
    [
      'askChoice',
      (io) =>
        askChoice(io, {
          message: 'Which patient?',
          flag: '--patient',
          choices: [{ value: 'a', name: 'A' }],
        }),
      '--patient',
    ],
    [
      'askChecklist',
      (io) =>
        askChecklist(io, {
          message: 'Which services?',
          flag: '--service',
          choices: [{ value: 1, name: 'Adjustment' }],
        }),
      '--service',
    ],
  ];

  for (const [name, ask, flag] of cases) {
    it(`${name} fails with exit 4 naming ${flag} when not on a TTY`, async () => {
      const { io } = createTestIo({ tty: false });
      const err = await ask(io).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputRequiredError);
      expect((err as InputRequiredError).exitCode).toBe(ExitCode.InputRequired);
      expect((err as InputRequiredError).flag).toBe(flag);
      expect((err as InputRequiredError).hint).toContain(flag);
    });
  }

  it('fails with exit 4 on a TTY when --no-input was given', async () => {
    const { io } = createTestIo({ tty: true, globals: { input: false } });
    expect(io.canPrompt).toBe(false);
    await expect(confirm(io, { message: 'Purge?', flag: '--yes' })).rejects.toMatchObject({
      exitCode: 4,
      flag: '--yes',
    });
  });
});

describe('prompts on a terminal', () => {
  it('confirm answers yes to "y" + enter and draws the question on stderr, not stdout', async () => {
    const t = createTestIo({ tty: true });
    const answer = confirm(t.io, { message: 'Delete 3 rows?', flag: '--yes' });
    await press(t.io, ['y', key.enter]);
    await expect(answer).resolves.toBe(true);
    expect(t.stderr()).toContain('Delete 3 rows?');
    expect(t.stdout()).toBe('');
  });

  it('confirm takes the default on a bare enter', async () => {
    const t = createTestIo({ tty: true });
    const answer = confirm(t.io, { message: 'Continue?', flag: '--yes', default: true });
    await press(t.io, [key.enter]);
    await expect(answer).resolves.toBe(true);
  });

  it('askSecret never echoes the typed secret and registers it with the masker', async () => {
    const t = createTestIo({ tty: true });
    const answer = askSecret(t.io, { message: 'API key', flag: '--api-key-stdin' });
    await press(t.io, ['sk_live_abcdef123456', key.enter]);
    await expect(answer).resolves.toBe('sk_live_abcdef123456');
    expect(t.stderr()).not.toContain('sk_live_abcdef123456');
    expect(t.io.masker.mask('key=sk_live_abcdef123456')).toBe('key=••••3456');
  });

  it('askChoice returns the value of the chosen entry', async () => {
    const t = createTestIo({ tty: true });
    const answer = askChoice(t.io, {
      message: 'Which patient?',
      flag: '--patient',
      choices: [
        { value: 'p1', name: 'Ann Lee' },
        { value: 'p2', name: 'Bob Ray' },
      ],
    });
    await press(t.io, [key.down, key.enter]);
    await expect(answer).resolves.toBe('p2');
  });

  it('askChecklist returns the ticked values', async () => {
    const t = createTestIo({ tty: true });
    const answer = askChecklist(t.io, {
      message: 'Services',
      flag: '--service',
      choices: [
        { value: 'A', name: 'Adjustment', checked: true },
        { value: 'B', name: 'Massage' },
      ],
    });
    await press(t.io, [key.down, key.space, key.enter]);
    await expect(answer).resolves.toEqual(['A', 'B']);
  });

  it('Ctrl-C at a prompt becomes exit 4 naming the flag', async () => {
    const t = createTestIo({ tty: true });
    const answer = confirm(t.io, { message: 'Send?', flag: '--yes' }).catch((e: unknown) => e);
    await press(t.io, [key.ctrlC]);
    const err = await answer;
    expect(err).toMatchObject({ exitCode: 4 });
    expect(String((err as Error & { hint: string }).hint)).toContain('--yes');
  });
});
