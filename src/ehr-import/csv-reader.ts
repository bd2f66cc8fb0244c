import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { InvalidInputError } from '../errors.js';
import { toUtf8 } from './decode.js';

/** One data row: its cells and the physical line it starts on (the header is line 1). */
export interface CsvRow {
  line: number;
  cells: string[];
}

export type Delimiter = ',' | ';' | '\t';

/** Picks the delimiter that splits the header line into the most fields (quotes respected). */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  const best = (Object.entries(counts) as Array<[Delimiter, number]>).sort(
    (a, b) => b[1] - a[1],
  )[0];
  return best && best[1] > 0 ? best[0] : ',';
}

/** Parses the --delimiter flag: `,` `;` `tab` or a literal tab. */
export function parseDelimiterFlag(value: string): Delimiter | undefined {
  const v = value === '\t' ? 'tab' : value.trim().toLowerCase();
  if (v === ',' || v === 'comma') return ',';
  if (v === ';' || v === 'semicolon') return ';';
  if (v === 'tab' || v === '\\t') return '\t';
  return undefined;
}

function countLineBreaks(raw: string): number {
  const body = raw.replace(/[\r\n]+$/, '');
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && body.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/**
 * Streams the rows of a CSV file: UTF-8, Windows-1252 or UTF-16 (see decode.ts); BOM, CRLF and
 * quoted commas/newlines handled by csv-parse; the
 * delimiter comes from the flag or the header line. Yields the header first (line 1), then data rows
 * with the line each starts on; blank lines are skipped but counted. Malformed CSV → exit 8.
 */
export async function* readCsv(
  input: Readable,
  options: { delimiter?: Delimiter | undefined; name: string },
): AsyncGenerator<CsvRow> {
  const chunks = toUtf8(input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  // Peek at the first line to choose the delimiter, then replay it into the parser.
  let head = Buffer.alloc(0);
  let done = false;
  while (!head.includes(10) && !head.includes(13)) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    head = Buffer.concat([head, next.value]);
  }
  const firstLine =
    head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\r|\n/)[0] ?? '';
  const delimiter = options.delimiter ?? detectDelimiter(firstLine);
  async function* replay(): AsyncGenerator<Buffer> {
    yield head;
    while (!done) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const parser = Readable.from(replay()).pipe(
    parse({ delimiter, bom: true, raw: true, relax_column_count: true }),
  );
  let line = 1;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{
      record: string[];
      raw: string;
    }>) {
      const start = line;
      line += countLineBreaks(raw) + 1;
      if (record.every((c) => c.trim() === '')) continue;
      yield { line: start, cells: record };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      throw new InvalidInputError(
        `${options.name} is not a readable CSV file (near line ${line}): ${err.message}`,
        'Check for an unclosed quote, or give the delimiter with --delimiter. Nothing was imported.',
      );
    }
    throw err;
  }
}
