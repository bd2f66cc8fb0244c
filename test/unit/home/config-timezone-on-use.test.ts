import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStateError } from '../../../src/errors.js';
import { ConfigStore } from '../../../src/home/config.js';
import { tempHome } from '../../helpers/cli.js';

function storeWith(values: Record<string, unknown>): ConfigStore {
  const path = join(tempHome(), 'profiles', 'default', 'config.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(values));
  return new ConfigStore(path);
}

describe('ConfigStore: the stored time zone is checked when first read (startup cost)', () => {
  it('a bad stored zone does not break commands that never read it, and is an error when read', () => {
    const s = storeWith({ timezone: 'Mars/Olympus_Mons', 'practice.name': 'Spine Co' });
    expect(s.string('practice.name')).toBe('Spine Co');
    expect(() => s.timezone()).toThrow(LocalStateError);
    expect(() => s.timezone()).toThrow(/invalid value for timezone: it must be an IANA time zone/);
    expect(() => s.list()).toThrow(LocalStateError);
    // Setting a good value repairs it; the file then holds the new value.
    s.set('timezone', 'America/Chicago');
    expect(new ConfigStore(s.path).timezone()).toBe('America/Chicago');
  });

  it('a good stored zone reads back parsed (trimmed), and other keys are still checked on load', () => {
    expect(storeWith({ timezone: ' Europe/London ' }).timezone()).toBe('Europe/London');
    expect(() => storeWith({ timezone: 42 })).toThrow(
      /unknown or invalid entry "timezone"|invalid value for timezone/,
    );
    expect(() => storeWith({ 'cards.expiring_within_days': -5 })).toThrow(LocalStateError);
  });
});
