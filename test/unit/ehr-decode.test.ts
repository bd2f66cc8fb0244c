import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/ehr-import/csv-reader.js';
import { decodeWindows1252, toUtf8 } from '../../src/ehr-import/decode.js';

async function text(chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of toUtf8(Readable.from(chunks))) out.push(c);
  return Buffer.concat(out).toString('utf8');
}

async function cells(bytes: Buffer): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readCsv(Readable.from([bytes]), { name: 'x.csv' })) out.push(r.cells);
  return out;
}

describe('EHR export encodings', () => {
  it('reads an Excel "CSV" saved in Windows-1252 (José, Müller, the € sign) instead of "Jos\uFFFD"', async () => {
    const bytes = Buffer.from(
      'account;first_name;last_name\r\n1001;Jos\xe9;M\xfcller \x80\r\n',
      'latin1',
    );
    expect(await cells(bytes)).toEqual([
      ['account', 'first_name', 'last_name'],
      ['1001', 'José', 'Müller €'],
    ]);
  });

  it('reads an Excel "Unicode Text" export (UTF-16LE with its BOM, tab-separated)', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('account\tfirst_name\tlast_name\r\n1002\tZoë\tÅngström\r\n', 'utf16le'),
    ]);
    expect(await cells(utf16)).toEqual([
      ['account', 'first_name', 'last_name'],
      ['1002', 'Zoë', 'Ångström'],
    ]);
  });

  it('passes UTF-8 through, even when a character is split across two chunks', async () => {
    const bytes = Buffer.from('name\nZoë Müller\n', 'utf8');
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of ë
    expect(await text([bytes.subarray(0, split), bytes.subarray(split)])).toBe(
      'name\nZoë Müller\n',
    );
  });

  it('switches to Windows-1252 at the first chunk that is not UTF-8 (the ASCII before agrees)', async () => {
    expect(
      await text([Buffer.from('account,name\n1,Lee\n'), Buffer.from('2,Jos\xe9\n', 'latin1')]),
    ).toBe('account,name\n1,Lee\n2,José\n');
    expect(decodeWindows1252(Buffer.from([0x93, 0x41, 0x94]))).toBe('\u201cA\u201d');
  });
});
