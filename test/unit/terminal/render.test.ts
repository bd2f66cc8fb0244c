import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  fitWidths,
  formatCents,
  render,
  resolveFormat,
  type Column,
  type Format,
} from '../../../src/terminal/render.js';

interface Row {
  name: string;
  due: number;
  visits: number;
  active: boolean;
  tags: string[];
  when: string | null;
}

const rows: Row[] = [
  {
    name: 'Ann Lee',
    due: 12550,
    visits: 3,
    active: true,
    tags: ['vip', 'new'],
    when: '2026-03-10',
  },
  { name: 'Bob "Bobby" Ray, Jr.', due: -500, visits: 0, active: false, tags: [], when: null },
];

const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', value: (r) => r.name },
  {
    key: 'balance',
    header: 'Balance',
    kind: 'money',
    value: (r) => r.due,
    tone: (r) => (r.due > 0 ? 'red' : undefined),
  },
  { key: 'visits', kind: 'int', value: (r) => r.visits },
  { key: 'active', kind: 'bool', value: (r) => r.active },
  { key: 'tags', kind: 'list', value: (r) => r.tags },
  { key: 'last_visit', kind: 'date', value: (r) => r.when },
];

async function renderText<R>(
  format: Format,
  cols: Column<R>[],
  data: Iterable<R> | AsyncIterable<R>,
  extra: { color?: boolean; width?: number; bom?: boolean } = {},
): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString('utf8')));
  await render({
    format,
    columns: cols,
    rows: data,
    out,
    color: extra.color ?? false,
    width: extra.width ?? 80,
    bom: extra.bom ?? false,
    summary: { add: () => undefined, text: () => '2 patients' },
  });
  return text;
}

describe('render: the same rows in every format', () => {
  it('table without colour (a non-TTY run with --format table)', async () => {
    expect(await renderText('table', columns, rows)).toBe(
      [
        ' Name                   Balance   visits   active   tags      last_visit',
        ' Ann Lee                125.50    3        true     vip new   2026-03-10',
        ' Bob "Bobby" Ray, Jr.   -5.00     0        false',
        '2 patients',
        '',
      ].join('\n'),
    );
  });

  it('table on a colour TTY: bold headers, toned cells, same layout', async () => {
    const text = await renderText('table', columns, rows, { color: true });
    expect(text).toContain('\u001b[1mName\u001b[22m');
    expect(text).toContain('\u001b[31m125.50\u001b[39m');
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\u001b\[\d+m/g, '')).toBe(await renderText('table', columns, rows));
  });

  it('csv: RFC 4180 quoting, CRLF, plain decimals, no summary', async () => {
    expect(await renderText('csv', columns, rows)).toBe(
      'name,balance,visits,active,tags,last_visit\r\n' +
        'Ann Lee,125.50,3,true,vip new,2026-03-10\r\n' +
        '"Bob ""Bobby"" Ray, Jr.",-5.00,0,false,,\r\n',
    );
  });

  it('csv with --bom starts with the byte-order mark', async () => {
    const text = await renderText('csv', columns, rows, { bom: true });
    expect(text.startsWith('\ufeffname,balance')).toBe(true);
  });

  it('tsv', async () => {
    expect(await renderText('tsv', columns, rows)).toBe(
      'name\tbalance\tvisits\tactive\ttags\tlast_visit\n' +
        'Ann Lee\t125.50\t3\ttrue\tvip new\t2026-03-10\n' +
        'Bob "Bobby" Ray, Jr.\t-5.00\t0\tfalse\t\t\n',
    );
  });

  it('json: an array with snake_case keys and money as integer cents', async () => {
    const text = await renderText('json', columns, rows);
    expect(text).toBe(
      '[\n' +
        '  {"name":"Ann Lee","balance_cents":12550,"visits":3,"active":true,"tags":["vip","new"],"last_visit":"2026-03-10"},\n' +
        '  {"name":"Bob \\"Bobby\\" Ray, Jr.","balance_cents":-500,"visits":0,"active":false,"tags":[],"last_visit":null}\n' +
        ']\n',
    );
    expect(JSON.parse(text)).toHaveLength(2);
  });

  it('json with no rows is an empty array; a table says so', async () => {
    expect(await renderText('json', columns, [])).toBe('[]\n');
    expect(await renderText('table', columns, [])).toBe('No rows.\n');
  });

  it('ndjson: one object per line', async () => {
    const text = await renderText('ndjson', columns, rows);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      name: 'Ann Lee',
      balance_cents: 12550,
      visits: 3,
      active: true,
      tags: ['vip', 'new'],
      last_visit: '2026-03-10',
    });
    expect(text.endsWith('\n')).toBe(true);
  });

  it('accepts an async iterable of rows', async () => {
    async function* gen() {
      yield* rows;
    }
    expect(await renderText('csv', columns, gen())).toBe(await renderText('csv', columns, rows));
  });
});

describe('render: untrusted text', () => {
  const one: Column<{ v: string }>[] = [{ key: 'v', value: (r) => r.v }];

  it('neutralises spreadsheet formulas in csv and tsv, keeps negative numbers', async () => {
    const data = [{ v: '=HYPERLINK("x")' }, { v: '+1+1' }, { v: '@SUM(A1)' }, { v: '-12.50' }];
    expect(await renderText('csv', one, data)).toBe(
      'v\r\n"\'=HYPERLINK(""x"")"\r\n\'+1+1\r\n\'@SUM(A1)\r\n-12.50\r\n',
    );
    expect(await renderText('tsv', one, data)).toBe(
      "v\n'=HYPERLINK(\"x\")\n'+1+1\n'@SUM(A1)\n-12.50\n",
    );
  });

  it('leaves no terminal escape in any format', async () => {
    const data = [{ v: 'Evil\u001b[31mRed\u001b]0;title\u0007 Name\u0007\r\nnext' }];
    for (const format of ['table', 'csv', 'tsv', 'json', 'ndjson'] as Format[]) {
      for (const color of [false, true]) {
        const text = await renderText(format, one, data, { color });
        expect(text, `${format} color=${color}`).not.toContain('\u001b[31m');
        expect(text, format).not.toContain('\u0007');
        expect(text, format).not.toContain('\u001b]');
        expect(text, format).toContain('EvilRed');
      }
    }
  });
});

describe('render: table width', () => {
  it('fits the terminal width by truncating the widest column with …', async () => {
    const long = [{ v: 'x'.repeat(100), n: 'short' }];
    const cols: Column<{ v: string; n: string }>[] = [
      { key: 'v', value: (r) => r.v },
      { key: 'n', value: (r) => r.n },
    ];
    const text = await renderText('table', cols, long, { width: 30 });
    for (const line of text.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(30);
    expect(text).toContain('…');
    expect(text).toContain('short');
  });

  it('fitWidths never shrinks below the minimum', () => {
    // 3 characters of padding and separator per column: 14 + 3 + 10 + 3 = 30.
    expect(fitWidths([40, 10], [6, 6], 30)).toEqual([14, 10]);
    expect(fitWidths([10, 10], [8, 8], 5)).toEqual([8, 8]);
    // A column with a high minimum (the flags of the huddle list) keeps it; the others share the rest.
    expect(fitWidths([5, 18, 60], [5, 14, 26], 60)).toEqual([5, 18, 28]);
    expect(fitWidths([5, 30, 60], [5, 14, 26], 60)).toEqual([5, 20, 26]);
  });
});

describe('resolveFormat and formatCents', () => {
  it('picks --format, else the --output extension, else table on a TTY and csv otherwise', () => {
    expect(resolveFormat('json', 'x.csv', true)).toBe('json');
    expect(resolveFormat(undefined, 'out.TSV', true)).toBe('tsv');
    expect(resolveFormat(undefined, 'out.jsonl', true)).toBe('ndjson');
    expect(resolveFormat(undefined, undefined, true)).toBe('table');
    expect(resolveFormat(undefined, undefined, false)).toBe('csv');
    expect(() => resolveFormat('xml', undefined, true)).toThrow(/Unknown format "xml"/);
  });

  it('formats cents as plain decimals', () => {
    expect(formatCents(125050)).toBe('1250.50');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-1999)).toBe('-19.99');
    expect(formatCents(0)).toBe('0.00');
  });
});

interface Big {
  id: number;
  name: string;
  cents: number;
}

describe('render: streaming', () => {
  it('streams 1,000,000 rows as csv to a null sink with flat memory', async () => {
    const total = 1_000_000;
    let bytes = 0;
    const sink = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        // An asynchronous sink, like a pipe, so backpressure is really exercised.
        setImmediate(cb);
      },
    });
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    function* generate(): Generator<Big> {
      for (let i = 0; i < total; i++) {
        if (i % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
        yield { id: i, name: `Patient ${i}`, cents: i * 7 };
      }
    }
    const count = await render({
      format: 'csv',
      columns: [
        { key: 'id', kind: 'int', value: (r: Big) => r.id },
        { key: 'name', value: (r: Big) => r.name },
        { key: 'amount', kind: 'money', value: (r: Big) => r.cents },
      ],
      rows: generate(),
      out: sink,
      color: false,
      width: 80,
    });
    expect(count).toBe(total);
    expect(bytes).toBeGreaterThan(30_000_000);
    // The whole output is >30 MB; holding it (or the rows) in memory would blow well past this.
    expect(peak - baseline).toBeLessThan(24 * 1024 * 1024);
  }, 120_000);
});
