import type { Register } from './wrap.js';

/** `trackstat config path|list|get|set|unset`: the profile's non-secret settings. */
export const register: Register = (program, wrap) => {
  const config = program
    .command('config')
    .description('show and change settings (practice details, time zone, thresholds)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat config set practice.name "Spine & Wellness"\n  $ trackstat config set timezone America/Chicago\n  $ trackstat config list`,
    );

  config
    .command('path')
    .description('print where this profile keeps its settings, credentials and cache')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat config path\n  $ trackstat --profile main-street config path',
    )
    .action(
      wrap(async (ctx) => {
        const p = ctx.paths;
        const lines = [
          ['home', p.home],
          ['profile', p.profile],
          ['config', p.config],
          ['credentials', p.credentials],
          ['cache', p.database],
          ['templates', p.templates],
        ];
        ctx.io.stdout.write(`${lines.map(([k, v]) => `${(k ?? '').padEnd(12)}${v}`).join('\n')}\n`);
      }),
    );

  config
    .command('list')
    .description('list every setting with its value, whether it was set, and what it accepts')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat config list\n  $ trackstat config list --json',
    )
    .option('--json', 'print as JSON')
    .action(
      wrap<{ json?: boolean }>(async (ctx, _args, opts) => {
        const items = ctx.config().list();
        if (opts.json) {
          ctx.io.stdout.write(
            `${JSON.stringify(
              items.map(({ key, value, source }) => ({ key, value: value ?? null, source })),
              null,
              2,
            )}\n`,
          );
          return;
        }
        const width = Math.max(...items.map((i) => i.key.length)) + 2;
        const out = items.map((i) => {
          const value = i.value === undefined ? '(not set)' : String(i.value);
          const mark = i.source === 'default' ? '  [default]' : '';
          return `${i.key.padEnd(width)}${value}${mark}\n${' '.repeat(width)}${i.description}; accepts ${i.accepts}`;
        });
        ctx.io.stdout.write(`${out.join('\n')}\n`);
      }),
    );

  config
    .command('get')
    .description('print one setting')
    .addHelpText('after', '\nExamples:\n  $ trackstat config get timezone')
    .argument('<key>', 'setting name, e.g. practice.name')
    .action(
      wrap(async (ctx, [key]) => {
        const value = ctx.config().get(key ?? '');
        ctx.io.stdout.write(`${value === undefined ? '' : String(value)}\n`);
      }),
    );

  config
    .command('set')
    .description('change one setting (checked before it is saved)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat config set practice.name "Spine & Wellness"\n  $ trackstat config set timezone America/Chicago\n  $ trackstat config set reports.balance_due_threshold 25.00',
    )
    .argument('<key>', 'setting name')
    .argument('<value>', 'new value')
    .action(
      wrap(async (ctx, [key, value]) => {
        // Also the repair the "invalid value in the settings file" error points to.
        const { setSetting } = await import('../home/settings-repair.js');
        const stored = setSetting(ctx.paths.config, key ?? '', value ?? '');
        ctx.io.info(`${key} = ${String(stored.value)}`);
        if (stored.stillBroken) ctx.io.warn(stored.stillBroken);
      }),
    );

  config
    .command('unset')
    .description('remove a setting (its default applies again)')
    .addHelpText('after', '\nExamples:\n  $ trackstat config unset messaging.window')
    .argument('<key>', 'setting name')
    .action(
      wrap(async (ctx, [key]) => {
        const { unsetSetting } = await import('../home/settings-repair.js');
        const { stillBroken } = unsetSetting(ctx.paths.config, key ?? '');
        ctx.io.info(`${key} reset to its default`);
        if (stillBroken) ctx.io.warn(stillBroken);
      }),
    );
};
