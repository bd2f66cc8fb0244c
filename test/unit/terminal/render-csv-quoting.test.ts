import { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { render, type Column } from '../../../src/terminal/render.js';

async function csv(columns: Column<string[]>[], rows: string[][], bom = false): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  await render({ format: 'csv', columns, rows, out, color: false, width: 80, bom });
  return text;
}

// The CSV writer is hand-written for speed (SPEC §4); it must quote exactly like csv-stringify did.
describe('csv output matches csv-stringify', () => {
  const cells = [
    'plain',
    'comma, inside',
    'say "hi"',
    '"',
    '',
    ' leading and trailing ',
    'semi;colon',
    'Zoë Ångström – 東京',
    "O'Brien",
    '12.50',
  ];
  const rows = cells.map((c, i) => [c, cells[(i + 3) % cells.length] as string]);
  const columns: Column<string[]>[] = [
    { key: 'first', value: (r) => r[0] },
    { key: 'second', value: (r) => r[1] },
  ];

  it('quotes, doubles quotes and ends lines with CRLF the same way', async () => {
    const expected = stringify(rows, {
      header: true,
      columns: [
        { key: '0', header: 'first' },
        { key: '1', header: 'second' },
      ],
      record_delimiter: '\r\n',
    });
    expect(await csv(columns, rows)).toBe(expected);
  });

  it('writes the byte-order mark first when asked, and only the header for no rows', async () => {
    expect(await csv(columns, [], true)).toBe('\ufefffirst,second\r\n');
  });

  it('streams large outputs in chunks without losing rows', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => [`row ${i}`, `a,${i}`]);
    const text = await csv(columns, many);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(20_002);
    expect(lines[20_000]).toBe('row 19999,"a,19999"');
  });
});
