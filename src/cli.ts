import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { LocalStateError, TrackstatError } from './errors.js';
import { auditEarlyEnd, createContext } from './commands/context.js';
import type { Register, Wrap } from './commands/wrap.js';
import { ExitCode, exitCodesHelp, type ExitCodeValue } from './terminal/exit-codes.js';
import { createProcessIo, type GlobalOptions, type Io, type ProcessLike } from './terminal/io.js';
import { register as registerDemo } from './commands/demo.js';
import { register as registerConfig } from './commands/config.js';
import { register as registerAudit } from './commands/audit.js';
import { register as registerPurge } from './commands/purge.js';
import { register as registerReport } from './commands/report.js';
import { register as registerImport } from './commands/import.js';
import { register as registerConnectMessaging } from './commands/connect-messaging.js';
import { register as registerConnectCashPractice } from './commands/connect-cashpractice.js';
import { register as registerConnectFortis } from './commands/connect-fortis.js';
import { register as registerSync } from './commands/sync.js';
import { register as registerConnections } from './commands/connections.js';
import { register as registerPatientsLinks } from './commands/patients-links.js';
import { register as registerSandbox } from './commands/sandbox.js';
import { register as registerInvoice } from './commands/invoice.js';
import { register as registerPaywall } from './commands/paywall.js';
import { register as registerExport } from './commands/export.js';
import { register as registerBlast } from './commands/blast.js';
import { register as registerPatientsMessaging } from './commands/patients-messaging.js';

/**
 * Every command module with the top-level commands (and aliases) it registers, in the order --help
 * lists them. A run that names its command builds only the modules of that command: registering
 * all eighteen costs ~2 ms of every run (SPEC §4 startup targets). A test checks these names.
 */
export const commandModules: ReadonlyArray<
  readonly [names: readonly string[], register: Register]
> = [
  [['demo'], registerDemo],
  [['report'], registerReport],
  [['sync'], registerSync],
  [['import'], registerImport],
  [['connect'], registerConnectFortis],
  [['connect'], registerConnectCashPractice],
  [['connect'], registerConnectMessaging],
  [['connections', 'status', 'disconnect'], registerConnections],
  [['patients'], registerPatientsLinks],
  [['patients'], registerPatientsMessaging],
  [['card-update-blast', 'blasts'], registerBlast],
  [['invoice'], registerInvoice],
  [['paywall'], registerPaywall],
  [['export'], registerExport],
  [['config'], registerConfig],
  [['audit'], registerAudit],
  [['purge'], registerPurge],
  [['sandbox'], registerSandbox],
];

/** The global option that takes a value (the next word is not the command). */
const valueOption = '--profile';
/** Global options without a value. */
const flagOptions = new Set(['--no-color', '--no-input', '-q', '--quiet', '-v', '--verbose']);

/**
 * The command a command line names, when it can be told for sure from the words before it (known
 * global options only); undefined means build every command (help, a typo, anything unusual).
 */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === valueOption) {
      i++;
      continue;
    }
    if (flagOptions.has(word) || word.startsWith(`${valueOption}=`)) continue;
    if (word.startsWith('-')) return undefined;
    return commandModules.some(([names]) => names.includes(word)) ? word : undefined;
  }
  return undefined;
}

const environmentHelp = `Environment:
  TRACKSTAT_HOME        home folder for all state (default: the platform data directory)
  TRACKSTAT_PROFILE     profile to use when --profile is not given (default: "default")
  TRACKSTAT_NOW         pretend the current time is this ISO-8601 instant (training, reproducing a day)
  NO_COLOR              disable colours
  TRACKSTAT_FORTIS_USER_ID, TRACKSTAT_FORTIS_USER_API_KEY, TRACKSTAT_FORTIS_LOCATION_ID,
  TRACKSTAT_FORTIS_DEVELOPER_ID, TRACKSTAT_CASHPRACTICE_API_KEY, TRACKSTAT_TWILIO_ACCOUNT_SID,
  TRACKSTAT_TWILIO_AUTH_TOKEN, TRACKSTAT_SMTP_URL, TRACKSTAT_SMTP_PASSWORD
                        credentials; they override stored values (for cron)`;

const examplesHelp = `Examples:
  $ trackstat demo                                   try everything on a built-in practice
  $ trackstat report appointments --today            this morning's huddle list
  $ trackstat report patients --format csv > patients.csv
  $ trackstat sync && trackstat card-update-blast --yes`;

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Builds the commander program; `makeIo` turns the global options into the run's Io. */
export function buildProgram(
  makeIo: (globals: GlobalOptions) => Io,
  isAlive: (pid: number) => boolean,
  setExit: (code: ExitCodeValue) => void,
  /** Build only the modules of this top-level command (see commandWord); all when undefined. */
  only?: string,
): Command {
  const program = new Command('trackstat');
  program
    .description(
      'Reports, card reminders, invoices and pay walls for chiropractic clinics paying through Fortis or Cash Practice.',
    )
    .version(readVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--profile <name>', 'use a separate config and cache (per clinic or purpose)')
    .option('--no-color', 'never use colours')
    .option('--no-input', 'never prompt; fail with exit 4 when an answer is needed')
    .addOption(new Option('-q, --quiet', 'print only errors').conflicts('verbose'))
    .option('-v, --verbose', 'print each outside call (method, URL, status, time) and stack traces')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run "trackstat --help" for usage)')
    .exitOverride()
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText(
      'after',
      `\n${examplesHelp}\n\nExit codes:\n${exitCodesHelp()}\n\n${environmentHelp}\n`,
    );

  const wrap: Wrap =
    (handler) =>
    async (...raw: unknown[]) => {
      const command = raw[raw.length - 1] as Command;
      const options = raw[raw.length - 2] as never;
      const args = raw
        .slice(0, -2)
        .flatMap((a) => (Array.isArray(a) ? (a as string[]) : a === undefined ? [] : [String(a)]));
      const { ctx, close } = createContext(command, makeIo, isAlive);
      try {
        const code = await handler(ctx, args, options);
        setExit(code ?? ExitCode.Ok);
      } catch (err) {
        throw damagedCache(err, ctx.paths.database) ?? err;
      } finally {
        await close();
      }
    };
  for (const [names, register] of commandModules) {
    if (only === undefined || names.includes(only)) register(program, wrap);
  }
  return program;
}

/**
 * SQLite finds most damage only when a query reaches the broken page, long after the cache opened
 * fine; that is the user's file, not a bug, so it gets the same message as a foreign file.
 */
function damagedCache(err: unknown, path: string): TrackstatError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'))
    return undefined;
  return new LocalStateError(
    `The cache at ${path} is not a trackstat database (it is damaged: ${(err as Error).message}).`,
    'Move it away (trackstat creates a new one; sync and import fill it again), or run with --profile to use another profile.',
    { cause: err },
  );
}

/** Prints a TrackstatError or an unexpected error as one paragraph; returns the exit code. */
export function reportError(err: unknown, io: Io): ExitCodeValue {
  if (err instanceof TrackstatError) {
    io.error(`error: ${err.message}`);
    if (err.hint) io.error(err.hint);
    if (io.verbose && err.stack) io.error(err.stack);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.error(`internal error: ${message}`);
  if (io.verbose && err instanceof Error && err.stack) io.error(err.stack);
  else
    io.error(
      'This is a bug in trackstat. Run again with --verbose to see the details, and report them.',
    );
  return ExitCode.Internal;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs the CLI for a process and sets its exit code. */
export async function run(proc: ProcessLike): Promise<ExitCodeValue> {
  let exit: ExitCodeValue = ExitCode.Ok;
  let lastIo: Io | undefined;
  const makeIo = (globals: GlobalOptions): Io => {
    lastIo = createProcessIo(proc, globals);
    return lastIo;
  };
  const program = buildProgram(
    makeIo,
    isProcessAlive,
    (code) => {
      exit = code;
    },
    commandWord(proc.argv.slice(2)),
  );
  program.configureOutput({
    writeOut: (s) => proc.stdout.write(s),
    writeErr: (s) => proc.stderr.write(s),
  });
  try {
    await program.parseAsync(proc.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') {
        return ExitCode.Ok;
      }
      // Help shown because a command group was run without its subcommand is a usage error.
      if (err.code === 'commander.help') return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
      return ExitCode.Usage;
    }
    const fallback: GlobalOptions = {
      color: true,
      input: true,
      quiet: false,
      verbose: proc.argv.includes('--verbose') || proc.argv.includes('-v'),
    };
    return reportError(err, lastIo ?? createProcessIo(proc, fallback));
  }
  return exit;
}

/** Entry point used by bin/trackstat.js. */
export function main(proc: NodeJS.Process): void {
  // A reader that goes away (`trackstat report … | head`) is not an error.
  proc.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      auditEarlyEnd();
      proc.exit(proc.exitCode ?? 0);
    }
  });
  // process.stderr is created on first use (~2 ms); a run that never wrote to it need not flush it.
  let stderrUsed = false;
  const lazy: ProcessLike = {
    argv: proc.argv,
    env: proc.env,
    stdout: proc.stdout,
    get stderr() {
      stderrUsed = true;
      return proc.stderr;
    },
    get stdin() {
      return proc.stdin;
    },
    cwd: () => proc.cwd(),
    pid: proc.pid,
    on: (event, listener) => proc.on(event, listener),
    off: (event, listener) => proc.off(event, listener),
  };
  const finish = (code: number): void => {
    proc.exitCode = code;
    // Exit once output is flushed, so no forgotten handle (a socket, a timer) can keep cron waiting.
    proc.stdout.write('', () =>
      stderrUsed ? proc.stderr.write('', () => proc.exit(code)) : proc.exit(code),
    );
  };
  run(lazy).then(finish, (err: unknown) => {
    proc.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    finish(ExitCode.Internal);
  });
}
