import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

// Flag checks of the messaging and money commands that fail before any provider is called
// (built binary; run `npm run build` first).

describe('messaging and money commands reject bad flags with exit 2', () => {
  const home = tempHome('trackstat-mm-flags-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('card-update-blast --date refuses a day that does not exist', async () => {
    for (const date of ['2026-13-30', '2026-02-30']) {
      const r = await runCli(['card-update-blast', '--date', date, '--dry-run'], { home });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--date must be a date such as 2026-11-27, not "${date}"`);
      expect(r.stdout).toBe('');
    }
  });
});

describe('help of the messaging and money commands', () => {
  const home = tempHome('trackstat-mm-help-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const commands = [
    ['connect', 'fortis'],
    ['connect', 'cashpractice'],
    ['connect', 'twilio'],
    ['connect', 'smtp'],
    ['sync'],
    ['connections'],
    ['disconnect'],
    ['card-update-blast'],
    ['blasts'],
    ['blasts', 'show'],
    ['patients', 'opt-out'],
    ['patients', 'opt-in'],
    ['patients', 'consent'],
    ['invoice', 'create'],
    ['invoice', 'list'],
    ['invoice', 'show'],
    ['invoice', 'resend'],
    ['invoice', 'void'],
    ['paywall', 'set'],
    ['paywall', 'list'],
    ['paywall', 'remove'],
    ['paywall', 'run'],
    ['paywall', 'refunds'],
    ['export', 'posted-payments'],
  ];

  it.each(commands.map((c) => [c.join(' '), c] as const))(
    '%s --help ends with examples of its own',
    async (name, words) => {
      const r = await runCli([...words, '--help'], { home });
      expect(r.code, r.stderr).toBe(0);
      const examples = r.stdout.split('Examples:')[1] ?? '';
      expect(examples, `${name} --help has no examples`).toContain(`$ trackstat ${name}`);
    },
  );
});
