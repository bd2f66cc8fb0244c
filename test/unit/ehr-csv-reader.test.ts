import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  parseDelimiterFlag,
  readCsv,
  type CsvRow,
} from '../../src/ehr-import/csv-reader.js';
import { InvalidInputError } from '../../src/errors.js';

async function rows(
  chunks: Array<string | Buffer>,
  delimiter?: ',' | ';' | '\t',
): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const r of readCsv(Readable.from(chunks), { delimiter, name: 'test.csv' }))
    out.push(r);
  return out;
}

describe('readCsv', () => {
  it('strips the BOM, handles CRLF and quoted commas and line breaks, and numbers physical lines', async () => {
    const text = '\uFEFFaccount,name\r\n1,"Smith, Jr."\r\n2,"Ann\r\nMarie"\r\n\r\n3,Lee\r\n';
    expect(await rows([text])).toEqual([
      { line: 1, cells: ['account', 'name'] },
      { line: 2, cells: ['1', 'Smith, Jr.'] },
      { line: 3, cells: ['2', 'Ann\r\nMarie'] },
      { line: 6, cells: ['3', 'Lee'] },
    ]);
  });

  it('detects ; and tab delimiters from the header line', async () => {
    expect((await rows(['a;b\n1;"x;y"\n']))[1]?.cells).toEqual(['1', 'x;y']);
    expect((await rows(['a\tb\n1\t2\n']))[1]?.cells).toEqual(['1', '2']);
    expect(detectDelimiter('"a,b";c;d')).toBe(';');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('honours an explicit delimiter', async () => {
    expect((await rows(['a;b,c\n1;2,3\n'], ','))[1]?.cells).toEqual(['1;2', '3']);
  });

  it('reassembles a header and multi-byte characters split across chunks', async () => {
    const bytes = Buffer.from('acc,last_name\n1,Núñez\n', 'utf8');
    const chunks = [bytes.subarray(0, 5), bytes.subarray(5, 17), bytes.subarray(17)];
    expect((await rows(chunks))[1]?.cells).toEqual(['1', 'Núñez']);
  });

  it('turns malformed CSV into exit 8 with a line', async () => {
    const err = await rows(['a,b\n1,2\n3,"open\n']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).exitCode).toBe(8);
    expect((err as Error).message).toMatch(/test\.csv is not a readable CSV file/);
  });

  it('reads the --delimiter flag words', () => {
    expect(parseDelimiterFlag('tab')).toBe('\t');
    expect(parseDelimiterFlag(';')).toBe(';');
    expect(parseDelimiterFlag('|')).toBeUndefined();
  });
});
