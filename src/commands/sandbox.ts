import { UsageError } from '../errors.js';
import type { Register } from './wrap.js';

type Processors = 'fortis' | 'cashpractice' | 'both';

function wholeNumber(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}.`);
  }
  return n;
}

function share(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1) {
    throw new UsageError('--active-share must be a fraction above 0 and at most 1, such as 0.1.');
  }
  return n;
}

function processors(value: string | undefined): Processors | undefined {
  if (value === undefined) return undefined;
  if (value !== 'fortis' && value !== 'cashpractice' && value !== 'both') {
    throw new UsageError('--processors must be fortis, cashpractice or both.');
  }
  return value;
}

function date(value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new UsageError('--today must be a date such as 2026-11-27.');
  }
  return value;
}

interface PracticeFlags {
  seed?: string;
  patients?: string;
  processors?: string;
  today?: string;
  timezone?: string;
  historyYears?: string;
  activeShare?: string;
}

function practiceOptions(opts: PracticeFlags): {
  seed: number | undefined;
  patients: number | undefined;
  processors: Processors | undefined;
  today: string | undefined;
  timezone: string | undefined;
  historyYears: number | undefined;
  activeShare: number | undefined;
} {
  return {
    seed: wholeNumber(opts.seed, '--seed', 0, 2 ** 31 - 1),
    patients: wholeNumber(opts.patients, '--patients', 1, 200_000),
    processors: processors(opts.processors),
    today: date(opts.today),
    timezone: opts.timezone,
    historyYears: wholeNumber(opts.historyYears, '--history-years', 1, 30),
    activeShare: share(opts.activeShare),
  };
}

/** `trackstat sandbox serve|generate|act`: the built-in processor emulator and practice generator. */
export const register: Register = (program, wrap) => {
  const sandbox = program
    .command('sandbox')
    .description(
      'run the built-in Fortis / Cash Practice emulator, or generate a practice to import',
    )
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat sandbox serve --patients 200\n  $ trackstat sandbox generate --out ./practice --seed 7 --patients 500\n  $ trackstat sandbox act pay-paylink 11ee09000001000000000001 --url http://127.0.0.1:4010`,
    );

  sandbox
    .command('serve')
    .description('start the emulator on 127.0.0.1 and print the base URLs and credentials to use')
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--seed <n>', 'seed of the generated practice (same seed, same practice)')
    .option('--patients <n>', 'number of patients (default 200)')
    .option('--processors <which>', 'fortis, cashpractice or both (default fortis)')
    .option('--today <date>', 'the practice\'s "today" (default: the current date)')
    .option('--timezone <zone>', 'practice time zone (default America/New_York)')
    .option(
      '--history-years <n>',
      'years of visit history (default 1); past patients had one episode of care',
    )
    .option('--active-share <fraction>', 'share of the patients under care today (default 0.86)')
    .option('--json', 'print one JSON line with the base URLs and credentials (for scripts)')
    .addHelpText(
      'after',
      '\nStops on Ctrl-C or SIGTERM.\n\nExamples:\n  $ trackstat sandbox serve --patients 200\n  $ trackstat sandbox serve --json --port 4010 --processors both',
    )
    .action(
      wrap<PracticeFlags & { port: string; json?: boolean }>(async (ctx, _args, opts) => {
        const port = wholeNumber(opts.port, '--port', 0, 65535) ?? 0;
        const { serveSandbox } = await import('../sandbox/cli-serve.js');
        await serveSandbox({ ...practiceOptions(opts), port, json: opts.json === true }, ctx.io);
      }),
    );

  sandbox
    .command('generate')
    .description('write a generated practice as EHR CSV files (patients, appointments, charges, …)')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--seed <n>', 'seed (same seed and today, byte-identical files)')
    .option('--patients <n>', 'number of patients (default 200)')
    .option('--processors <which>', 'fortis, cashpractice or both (default fortis)')
    .option('--today <date>', 'the practice\'s "today" (default: the current date)')
    .option('--timezone <zone>', 'practice time zone (default America/New_York)')
    .option(
      '--history-years <n>',
      'years of visit history (default 1); past patients had one episode of care',
    )
    .option('--active-share <fraction>', 'share of the patients under care today (default 0.86)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat sandbox generate --out ./practice\n  $ trackstat sandbox generate --out ./big --patients 20000 --seed 42 --today 2026-11-27\n  $ trackstat sandbox generate --out ./clinic --patients 20000 --history-years 8 --active-share 0.085',
    )
    .action(
      wrap<PracticeFlags & { out: string }>(async (ctx, _args, opts) => {
        const { generateToFolder } = await import('../sandbox/cli-generate.js');
        await generateToFolder({ ...practiceOptions(opts), out: opts.out }, ctx.io);
      }),
    );

  sandbox
    .command('act')
    .description('make a running sandbox do something a patient or time would do')
    .argument(
      '<action>',
      'pay-paylink, use-card-link, pay-invoice, advance-clock, touch, use-store-billing-link, pay-now-link, fault, info',
    )
    .argument('[args...]', "the action's arguments (an id, a number of days, …)")
    .option('--url <url>', 'the sandbox URL printed by "sandbox serve" (or TRACKSTAT_SANDBOX_URL)')
    .option('--exp-month <n>', 'use-card-link / use-store-billing-link: new card expiry month')
    .option('--exp-year <n>', 'use-card-link / use-store-billing-link: new card expiry year')
    .option('--last-four <digits>', 'use-card-link / use-store-billing-link: new card last four')
    .option('--retry-after <s>', 'fault 429: Retry-After seconds')
    .option('--path <prefix>', 'fault: only calls whose path starts with this')
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat sandbox act use-card-link 11ee09000001000000000001 --url http://127.0.0.1:4010\n  $ trackstat sandbox act pay-invoice 11ee08000001000000000003 --url http://127.0.0.1:4010\n  $ trackstat sandbox act advance-clock 30 --url http://127.0.0.1:4010\n  $ trackstat sandbox act touch contacts 50 --url http://127.0.0.1:4010\n  $ trackstat sandbox act fault 429 3 --retry-after 2 --url http://127.0.0.1:4010`,
    )
    .action(
      wrap<{
        url?: string;
        expMonth?: string;
        expYear?: string;
        lastFour?: string;
        retryAfter?: string;
        path?: string;
      }>(async (ctx, args, opts) => {
        const [action, ...rest] = args;
        const url = opts.url ?? ctx.io.env.TRACKSTAT_SANDBOX_URL;
        if (!url)
          throw new UsageError('--url is required (the URL "trackstat sandbox serve" printed).');
        if (opts.lastFour !== undefined && !/^\d{4}$/.test(opts.lastFour)) {
          throw new UsageError('--last-four must be four digits.');
        }
        const { runAct } = await import('../sandbox/cli-act.js');
        await runAct(
          action ?? '',
          rest,
          {
            url,
            expMonth: wholeNumber(opts.expMonth, '--exp-month', 1, 12),
            expYear: wholeNumber(opts.expYear, '--exp-year', 2000, 2099),
            lastFour: opts.lastFour,
            retryAfter: wholeNumber(opts.retryAfter, '--retry-after', 0, 3600),
            path: opts.path,
          },
          ctx.io,
        );
      }),
    );
};
