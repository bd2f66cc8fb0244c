import type { Register } from './wrap.js';

interface ImportFlags {
  dir?: string;
  map?: string;
  dateFormat?: string;
  decimalComma?: boolean;
  delimiter?: string;
  from?: string;
  to?: string;
  createMissingPatients?: boolean;
  skipInvalid?: boolean;
  dryRun?: boolean;
  errorsFile?: string;
  json?: boolean;
}

const examples = `
KIND is one of patients, appointments, charges, insurance, balances, plans (columns: README,
"Importing EHR exports"). A file is imported atomically: any invalid row and nothing is imported (exit 8).
An appointments file replaces the schedule of the dates it covers (or --from/--to).

Examples:
  $ trackstat import patients patients.csv
  $ trackstat import appointments schedule.csv --map chirotouch --date-format "MM/DD/YYYY h:mm A"
  $ trackstat import --dir /exports/tonight --skip-invalid --errors-file rejected.csv
  $ ehr-export | trackstat import appointments - --dry-run
  $ trackstat import maps save chirotouch chirotouch-map.json`;

/** `trackstat import KIND FILE|-`, `import --dir FOLDER`, and `import maps [save NAME FILE]`. */
export const register: Register = (program, wrap) => {
  const command = program
    .command('import')
    .description('load EHR exports (patients, appointments, charges, insurance, balances, plans)')
    .argument('[kind]', 'what the file holds')
    .argument('[file]', 'the CSV file, or - for standard input')
    .option(
      '--dir <folder>',
      'import every recognised file of a folder (patients.csv, appointments.csv, …)',
    )
    .option('--map <file|name>', 'column map: a JSON file, or the name of a saved map')
    .option(
      '--date-format <format>',
      'how dates are written, e.g. MM/DD/YYYY, DD.MM.YYYY, "M/D/YYYY h:mm A"',
    )
    .option('--decimal-comma', 'amounts are written 1.250,50 (European exports)')
    .option(
      '--delimiter <char>',
      'field delimiter: , ; or tab (default: detected from the header line)',
    )
    .option(
      '--from <date>',
      'appointments: first date of the schedule the file replaces (YYYY-MM-DD)',
    )
    .option('--to <date>', 'appointments: last date of the schedule the file replaces (YYYY-MM-DD)')
    .option(
      '--create-missing-patients',
      'create a minimal patient for an unknown account instead of rejecting the row',
    )
    .option('--skip-invalid', 'import the valid rows, reject the others (exit 3)')
    .option('--dry-run', 'check everything and print the counts; write nothing')
    .option(
      '--errors-file <path>',
      'write every row error to this CSV file (line,column,value,reason)',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText('after', examples)
    .action(
      wrap<ImportFlags>(async (ctx, args, opts) => {
        const { runImportCommand } = await import('./import-run.js');
        return runImportCommand(ctx, {
          kind: args[0],
          file: args[1],
          dir: opts.dir,
          map: opts.map,
          dateFormat: opts.dateFormat,
          decimalComma: opts.decimalComma === true,
          delimiter: opts.delimiter,
          from: opts.from,
          to: opts.to,
          createMissingPatients: opts.createMissingPatients === true,
          skipInvalid: opts.skipInvalid === true,
          dryRun: opts.dryRun === true,
          errorsFile: opts.errorsFile,
          json: opts.json === true,
        });
      }),
    );

  const maps = command
    .command('maps')
    .description('list the saved column maps (--json for JSON), or save one')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat import maps\n  $ trackstat import maps --json\n  $ trackstat import maps save chirotouch chirotouch-map.json\n  $ trackstat import appointments schedule.csv --map chirotouch',
    )
    .action(
      wrap(async (ctx) => {
        const { listMapsCommand } = await import('./import-maps.js');
        // `--json` after `maps` is parsed by the parent `import` command, which declares it.
        listMapsCommand(ctx, command.opts<ImportFlags>().json === true);
      }),
    );
  maps
    .command('save')
    .description('check a column map and save it in the home under a name')
    .argument('<name>', 'the name to use with --map, e.g. chirotouch')
    .argument('<file>', 'the map JSON file')
    .addHelpText(
      'after',
      '\nThe map format: docs/COLUMN-MAPS.md.\n\nExamples:\n  $ trackstat import maps save chirotouch chirotouch-map.json\n  $ trackstat import appointments schedule.csv --map chirotouch',
    )
    .action(
      wrap(async (ctx, [name, file]) => {
        const { saveMapCommand } = await import('./import-maps.js');
        saveMapCommand(ctx, name ?? '', file ?? '');
      }),
    );
};
