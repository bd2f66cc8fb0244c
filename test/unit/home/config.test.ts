import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../src/home/config.js';
import { configKeys, findConfigKey } from '../../../src/home/config-keys.js';
import { LocalStateError, UsageError } from '../../../src/errors.js';
import { tempHome } from '../../helpers/cli.js';

function store(): ConfigStore {
  return new ConfigStore(join(tempHome(), 'profiles', 'default', 'config.json'));
}

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('ConfigStore', () => {
  it('round-trips a value through the file (a new store reads it back)', () => {
    const a = store();
    expect(a.set('practice.name', 'Spine & Wellness')).toBe('Spine & Wellness');
    const b = new ConfigStore(a.path);
    expect(b.get('practice.name')).toBe('Spine & Wellness');
    expect(b.isSet('practice.name')).toBe(true);
    expect(JSON.parse(readFileSync(a.path, 'utf8'))).toEqual({
      'practice.name': 'Spine & Wellness',
    });
    expect(statSync(a.path).mode & 0o777).toBe(0o600);
  });

  it('rejects an invalid time zone with a clear reason (exit 2)', () => {
    const err = usageError(() => store().set('timezone', 'Mars/Olympus'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('Invalid value for timezone');
    expect(err.message).toContain('IANA time zone');
  });

  it('rejects an unknown key listing the valid keys (exit 2)', () => {
    const err = usageError(() => store().set('practice.nmae', 'x'));
    expect(err.message).toBe('Unknown setting "practice.nmae".');
    for (const def of configKeys) expect(err.hint).toContain(def.key);
    usageError(() => store().get('nope'));
    usageError(() => store().unset('nope'));
  });

  it('normalises typed values and falls back to defaults', () => {
    const s = store();
    expect(s.get('cards.expiring_within_days')).toBe(30);
    expect(s.set('cards.expiring_within_days', '45')).toBe(45);
    expect(s.number('cards.expiring_within_days')).toBe(45);
    expect(s.set('messaging.require_sms_consent', 'no')).toBe(false);
    expect(s.boolean('messaging.require_sms_consent')).toBe(false);
    expect(s.set('reports.balance_due_threshold', '$1,250.5')).toBe('1250.50');
    expect(s.cents('reports.balance_due_threshold')).toBe(125050);
    expect(s.set('messaging.window', '8:00-18:30')).toBe('08:00-18:30');
    expect(s.set('practice.phone', '(555) 123-4567')).toBe('+15551234567');
    expect(s.set('timezone', 'America/Chicago')).toBe('America/Chicago');
    expect(s.timezone()).toBe('America/Chicago');
    s.unset('cards.expiring_within_days');
    expect(s.get('cards.expiring_within_days')).toBe(30);
    expect(s.isSet('cards.expiring_within_days')).toBe(false);
  });

  it('rejects out-of-range and malformed values', () => {
    const s = store();
    usageError(() => s.set('cards.expiring_within_days', '400'));
    usageError(() => s.set('messaging.window', '20:00-09:00'));
    usageError(() => s.set('practice.email', 'not-an-email'));
    usageError(() => s.set('messaging.require_sms_consent', 'maybe'));
    usageError(() => s.set('fortis.base_url', 'ftp://x'));
  });

  it('defaults the time zone to the system one', () => {
    expect(store().timezone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('lists every key with its source', () => {
    const s = store();
    s.set('practice.name', 'Clinic');
    const list = s.list();
    expect(list.map((i) => i.key)).toEqual(configKeys.map((k) => k.key));
    expect(list.find((i) => i.key === 'practice.name')?.source).toBe('set');
    expect(list.find((i) => i.key === 'messaging.window')).toMatchObject({
      source: 'default',
      value: '09:00-20:00',
    });
  });

  it('reports a damaged or hand-edited file as local state (exit 1) with a fix', () => {
    const s = store();
    s.set('practice.name', 'x');
    writeFileSync(s.path, '{not json');
    expect(() => new ConfigStore(s.path)).toThrow(LocalStateError);
    writeFileSync(s.path, JSON.stringify({ 'cards.expiring_within_days': 9999 }));
    expect(() => new ConfigStore(s.path)).toThrow(/invalid value for cards.expiring_within_days/);
    writeFileSync(s.path, JSON.stringify({ bogus: 1 }));
    expect(() => new ConfigStore(s.path)).toThrow(/unknown or invalid entry "bogus"/);
  });

  it('every key has a description, what it accepts, and a default that parses', () => {
    for (const def of configKeys) {
      expect(def.description.length, def.key).toBeGreaterThan(5);
      expect(def.accepts.length, def.key).toBeGreaterThan(0);
      const d = typeof def.default === 'function' ? def.default() : def.default;
      if (d !== undefined) expect(def.parse(String(d)), def.key).toMatchObject({ ok: true });
      expect(findConfigKey(def.key)).toBe(def);
    }
  });
});
