import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('trackstat audit --since', () => {
  it('rejects a date that does not exist (exit 2) instead of listing everything', async () => {
    const home = tempHome();
    const bad = await runCli(['audit', '--since', '2026-13-01'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since "2026-13-01" is not a date');
    const good = await runCli(['audit', '--since', '2026-11-01', '--format', 'json'], { home });
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual([]);
  });
});
