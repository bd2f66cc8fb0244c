import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('a settings file with a broken entry', () => {
  it('is repaired by the very commands its error suggests (config set / config unset)', async () => {
    const home = tempHome();
    const file = join(home, 'profiles', 'default', 'config.json');
    mkdirSync(join(home, 'profiles', 'default'), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        'cards.expiring_within_days': 'abc',
        'bogus.key': 1,
        'practice.name': 'Keep Me',
      }),
      { mode: 0o600 },
    );
    const broken = await runCli(['config', 'list'], { home });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('trackstat config set cards.expiring_within_days VALUE');
    expect(
      (await runCli(['config', 'set', 'cards.expiring_within_days', '30'], { home })).code,
    ).toBe(0);
    const next = await runCli(['config', 'list'], { home });
    expect(next.stderr).toContain('trackstat config unset bogus.key');
    expect((await runCli(['config', 'unset', 'bogus.key'], { home })).code).toBe(0);
    const fixed = await runCli(['config', 'list', '--json'], { home });
    expect(fixed.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      'cards.expiring_within_days': 30,
      'practice.name': 'Keep Me',
    });
    // An invalid value typed by the user is still refused (exit 2), broken file or not.
    expect(
      (await runCli(['config', 'set', 'cards.expiring_within_days', '999'], { home })).code,
    ).toBe(2);
  });
});
