import { mkdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { todayIn } from './days.js';
import { DEFAULT_TIMEZONE, generatePractice, writeEhrFiles } from './generator.js';
import type { Io } from '../terminal/io.js';
import type { ProcessorChoice } from './types.js';

export interface GenerateCliOptions {
  out: string;
  seed?: number | undefined;
  patients?: number | undefined;
  today?: string | undefined;
  timezone?: string | undefined;
  historyYears?: number | undefined;
  activeShare?: number | undefined;
  processors?: ProcessorChoice | undefined;
}

/** `trackstat sandbox generate`: writes a generated practice's EHR CSV files into a folder. */
export async function generateToFolder(options: GenerateCliOptions, io: Io): Promise<void> {
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const started = Date.now();
  const practice = generatePractice({
    today: options.today ?? todayIn(timezone, io.now()),
    timezone,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.patients !== undefined ? { patients: options.patients } : {}),
    ...(options.processors !== undefined ? { processors: options.processors } : {}),
    ...(options.historyYears !== undefined ? { historyYears: options.historyYears } : {}),
    ...(options.activeShare !== undefined ? { activeShare: options.activeShare } : {}),
  });
  const dir = resolve(io.cwd, options.out);
  let files: string[];
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    files = await writeEhrFiles(practice, dir);
  } catch (err) {
    // An existing file, a read-only place or no permission is the user's --out value, not a bug.
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!['EEXIST', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS'].includes(code)) throw err;
    throw new UsageError(
      `Cannot write the practice files into ${dir} (${code}).`,
      'Give --out a folder you can write to (it is created if missing), e.g. --out ./practice.',
    );
  }
  const rows: Record<string, number> = {
    'patients.csv': practice.patients.length,
    'appointments.csv': practice.appointments.length,
    'charges.csv': practice.charges.length,
    'insurance.csv': practice.insurance.length,
    'balances.csv': practice.balances.length,
    'plans.csv': practice.plans.length,
  };
  io.stdout.write(
    `${files.map((f) => `${String(rows[basename(f)] ?? 0).padStart(9)}  ${f}`).join('\n')}\n`,
  );
  io.info(
    `Generated "${practice.practiceName}" (seed ${practice.seed}, today ${practice.today}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}
