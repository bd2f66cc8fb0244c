import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('trackstat config', () => {
  it('rejects an invalid time zone with exit 2 and a clear message', async () => {
    const home = tempHome();
    const r = await runCli(['config', 'set', 'timezone', 'Mars/Olympus'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid value for timezone');
    expect(r.stderr).toContain('IANA time zone such as America/Chicago');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
    const get = await runCli(['config', 'get', 'timezone'], { home });
    expect(get.stdout.trim()).toBe('UTC'); // unchanged: the system zone of the test run
  });

  it('rejects an unknown key with exit 2 listing the valid keys', async () => {
    const r = await runCli(['config', 'set', 'practice.nmae', 'x'], { home: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown setting "practice.nmae"');
    expect(r.stderr).toContain('practice.name');
    expect(r.stderr).toContain('messaging.window');
  });

  it('round-trips practice.name, stores it 0600, and unsets it', async () => {
    const home = tempHome();
    const set = await runCli(['config', 'set', 'practice.name', 'Spine & Wellness'], { home });
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('');
    const get = await runCli(['config', 'get', 'practice.name'], { home });
    expect(get.code).toBe(0);
    expect(get.stdout).toBe('Spine & Wellness\n');
    const file = join(home, 'profiles', 'default', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'profiles', 'default')).mode & 0o777).toBe(0o700);
    const list = await runCli(['config', 'list', '--json'], { home });
    expect(JSON.parse(list.stdout)).toContainEqual({
      key: 'practice.name',
      value: 'Spine & Wellness',
      source: 'set',
    });
    expect((await runCli(['config', 'unset', 'practice.name'], { home })).code).toBe(0);
    expect((await runCli(['config', 'get', 'practice.name'], { home })).stdout).toBe('\n');
  });

  it('keeps two profiles apart: settings and database', async () => {
    const home = tempHome();
    const env = { TRACKSTAT_NOW: '2026-03-10T14:00:00Z' };
    await runCli(['--profile', 'north', 'config', 'set', 'practice.name', 'North Clinic'], {
      home,
    });
    await runCli(['config', 'set', 'practice.name', 'South Clinic'], {
      home,
      env: { TRACKSTAT_PROFILE: 'south' },
    });
    const north = await runCli(['--profile', 'north', 'config', 'get', 'practice.name'], { home });
    const south = await runCli(['--profile', 'south', 'config', 'get', 'practice.name'], { home });
    const other = await runCli(['config', 'get', 'practice.name'], { home });
    expect(north.stdout).toBe('North Clinic\n');
    expect(south.stdout).toBe('South Clinic\n');
    expect(other.stdout).toBe('\n');

    // A write in one profile's cache (an audit line) is invisible in the other's.
    const purge = await runCli(['--profile', 'north', 'purge', '--older-than', '3y', '--yes'], {
      home,
      env,
    });
    expect(purge.code).toBe(0);
    const auditNorth = await runCli(['--profile', 'north', 'audit', '--format', 'json'], { home });
    const auditSouth = await runCli(['--profile', 'south', 'audit', '--format', 'json'], { home });
    expect(JSON.parse(auditNorth.stdout)).toMatchObject([{ command: 'purge', profile: 'north' }]);
    expect(JSON.parse(auditSouth.stdout)).toEqual([]);

    const paths = await runCli(['--profile', 'south', 'config', 'path'], { home });
    expect(paths.stdout).toContain(join(home, 'profiles', 'south', 'cache.db'));
    expect(existsSync(join(home, 'profiles', 'north', 'cache.db'))).toBe(true);
    expect(existsSync(join(home, 'profiles', 'default', 'cache.db'))).toBe(false);
    expect(readFileSync(join(home, 'profiles', 'north', 'config.json'), 'utf8')).not.toContain(
      'South',
    );
  });

  it('refuses an invalid profile name with exit 2', async () => {
    const r = await runCli(['--profile', '../etc', 'config', 'list'], { home: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a valid profile name');
  });
});
