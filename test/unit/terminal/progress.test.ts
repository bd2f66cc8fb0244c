import { describe, expect, it } from 'vitest';
import { startProgress } from '../../../src/terminal/progress.js';
import { createTestIo } from '../../helpers/io.js';

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('startProgress', () => {
  it('is silent off a terminal, and its lines appear only with --verbose', async () => {
    const quiet = createTestIo({ tty: false });
    const p = startProgress(quiet.io, 'Syncing transactions');
    p.update('page 2');
    p.succeed('done');
    await settle();
    expect(quiet.stderr()).toBe('');
    expect(quiet.stdout()).toBe('');

    const verbose = createTestIo({ tty: false, globals: { verbose: true } });
    const v = startProgress(verbose.io, 'Syncing transactions');
    v.update('page 2');
    v.stop();
    expect(verbose.stderr()).toBe('Syncing transactions\npage 2\n');
  });

  it('draws nothing with --quiet even on a terminal', async () => {
    const t = createTestIo({ tty: true, globals: { quiet: true } });
    const p = startProgress(t.io, 'Working');
    p.succeed('Finished');
    await settle();
    expect(t.stderr()).toBe('');
  });

  it('shows a spinner on a terminal stderr and ends with the success text, never on stdout', async () => {
    const t = createTestIo({ tty: true });
    const p = startProgress(t.io, 'Syncing');
    await settle();
    p.update('Syncing page 3');
    await settle();
    p.succeed('Synced 120 records');
    await settle();
    expect(t.stderr()).toContain('Syncing');
    expect(t.stderr()).toContain('Synced 120 records');
    expect(t.stdout()).toBe('');
  });

  it('remembers an ending that comes before the spinner library has loaded', async () => {
    const t = createTestIo({ tty: true });
    const p = startProgress(t.io, 'Quick');
    p.fail('Could not reach Fortis');
    await settle();
    expect(t.stderr()).toContain('Could not reach Fortis');
  });
});
