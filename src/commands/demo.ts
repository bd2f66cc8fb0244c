import { UsageError } from '../errors.js';
import type { Register } from './wrap.js';

/** `trackstat demo`: the whole product on a generated practice, offline, in the `demo` profile. */
export const register: Register = (program, wrap) => {
  program
    .command('demo')
    .description(
      'try everything offline: a generated practice, the processor emulator, a real sync and today’s report',
    )
    .option('--seed <n>', 'seed of the generated practice (same seed, same practice)', '1')
    .option('--patients <n>', 'number of patients', '300')
    .option('--processors <which>', 'fortis, cashpractice or both', 'fortis')
    .option('--format <format>', 'format of the report (default: table on a terminal, else csv)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat demo\n  $ trackstat demo --seed 42 --patients 1000\n  $ trackstat demo | cat            (the report as CSV)\n\nThe demo always uses the profile "demo" and resets it on every run.',
    )
    .action(
      wrap<{ seed: string; patients: string; processors: string; format?: string }>(
        async (ctx, _args, opts) => {
          const seed = Number(opts.seed);
          const patients = Number(opts.patients);
          if (!Number.isInteger(seed) || seed < 0)
            throw new UsageError('--seed must be a whole number.');
          if (!Number.isInteger(patients) || patients < 10 || patients > 20000) {
            throw new UsageError('--patients must be a whole number from 10 to 20000.');
          }
          if (!['fortis', 'cashpractice', 'both'].includes(opts.processors)) {
            throw new UsageError('--processors must be fortis, cashpractice or both.');
          }
          const [{ runDemo, nextSteps }, { systemTimezone }, { resolveFormat }] = await Promise.all(
            [
              import('../demo/run-demo.js'),
              import('../home/config-keys.js'),
              import('../terminal/render.js'),
            ],
          );
          if (ctx.profile !== 'default' && ctx.profile !== 'demo') {
            ctx.io.warn(
              `The demo always uses its own profile "demo"; profile "${ctx.profile}" is left as it is.`,
            );
          }
          // Check --format before the practice is generated and synced, not after (exit 2 at once).
          resolveFormat(opts.format, undefined, ctx.io.stdoutIsTTY);
          const result = await runDemo(
            {
              home: ctx.paths.home,
              seed,
              patients,
              processors: opts.processors as 'fortis' | 'cashpractice' | 'both',
              timezone: systemTimezone(),
              format: opts.format,
              isAlive: ctx.isAlive,
            },
            ctx.io,
          );
          ctx.io.info(nextSteps());
          return result.exitCode;
        },
      ),
    );
};
