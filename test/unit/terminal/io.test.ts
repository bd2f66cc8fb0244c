import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../../src/terminal/io.js';
import { createTestIo } from '../../helpers/io.js';

describe('colour decision', () => {
  it('colours only a TTY', () => {
    expect(wantsColor(true, {}, true)).toBe(true);
    expect(wantsColor(false, {}, true)).toBe(false);
  });

  it('honours NO_COLOR (any non-empty value), TERM=dumb and --no-color', () => {
    expect(wantsColor(true, { NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '' }, true)).toBe(true);
    expect(wantsColor(true, { TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColor(true, { TERM: 'xterm-256color' }, true)).toBe(true);
    expect(wantsColor(true, {}, false)).toBe(false);
  });

  it('is decided per stream on the Io', () => {
    expect(createTestIo({ tty: true }).io.color).toBe(true);
    expect(createTestIo({ tty: true }).io.stderrColor).toBe(true);
    expect(createTestIo({ tty: false }).io.color).toBe(false);
    expect(createTestIo({ tty: true, env: { NO_COLOR: 'x' } }).io.stderrColor).toBe(false);
    expect(createTestIo({ tty: true, globals: { color: false } }).io.color).toBe(false);
  });
});

describe('prompt decision', () => {
  it('prompts only on a TTY without --no-input', () => {
    expect(createTestIo({ tty: true }).io.canPrompt).toBe(true);
    expect(createTestIo({ tty: false }).io.canPrompt).toBe(false);
    expect(createTestIo({ tty: true, globals: { input: false } }).io.canPrompt).toBe(false);
  });
});

describe('messages', () => {
  it('info/warn/error/debug go to stderr only, respecting --quiet and --verbose', () => {
    const normal = createTestIo();
    normal.io.info('hello');
    normal.io.warn('careful');
    normal.io.error('broken');
    normal.io.debug('trace');
    expect(normal.stdout()).toBe('');
    expect(normal.stderr()).toBe('hello\nwarning: careful\nbroken\n');

    const quiet = createTestIo({ globals: { quiet: true, verbose: true } });
    quiet.io.info('hello');
    quiet.io.warn('careful');
    quiet.io.debug('trace');
    quiet.io.error('broken');
    expect(quiet.stderr()).toBe('broken\n');
    expect(quiet.io.verbose).toBe(false);

    const verbose = createTestIo({ globals: { verbose: true } });
    verbose.io.debug('GET https://api.example/v1/contacts 200 12ms');
    expect(verbose.stderr()).toBe('GET https://api.example/v1/contacts 200 12ms\n');
  });

  it('masks registered secrets and strips control characters from every line', () => {
    const t = createTestIo({ globals: { verbose: true } });
    t.io.masker.add('supersecretkey9876');
    t.io.error('auth failed for key supersecretkey9876 \u001b[31mred\u001b[0m');
    t.io.debug(`url=https://x/?k=${encodeURIComponent('supersecretkey9876')}`);
    expect(t.stderr()).toBe('auth failed for key ••••9876 red\nurl=https://x/?k=••••9876\n');
  });
});

describe('clock', () => {
  it('uses the frozen "now" of the test Io', () => {
    const { io } = createTestIo({ now: '2026-01-02T03:04:05Z' });
    expect(io.now().toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });
});
