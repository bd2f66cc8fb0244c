import { describe, expect, it } from 'vitest';
import { fitColumns } from '../../src/reports/fit.js';
import { buildRequest, checkReportName, type RequestContext } from '../../src/reports/request.js';
import type { Column } from '../../src/terminal/render.js';

const context = (timezone: () => string): RequestContext => ({
  now: new Date('2026-11-20T05:30:00Z'), // 23:30 on Nov 19 in Chicago, already Nov 20 in UTC
  timezone,
  expiringWithinDays: 30,
  balanceThresholdCents: 0,
  periodAnchor: 'calendar',
  format: 'csv',
});

describe('buildRequest', () => {
  it('computes "today" in the practice time zone', () => {
    const r = buildRequest(
      'appointments',
      {},
      context(() => 'America/Chicago'),
    );
    expect([r.from, r.to, r.asOf]).toEqual(['2026-11-19', '2026-11-19', '2026-11-19']);
    expect(
      buildRequest(
        'appointments',
        { tomorrow: true },
        context(() => 'UTC'),
      ).from,
    ).toBe('2026-11-21');
  });

  it('does not resolve the time zone for an explicit date (keeps ICU off the fast path)', () => {
    const r = buildRequest(
      'appointments',
      { date: '2026-12-01' },
      context(() => {
        throw new Error('time zone resolved');
      }),
    );
    expect(r.from).toBe('2026-12-01');
  });

  it('rejects conflicting or malformed dates and ranges with exit 2', () => {
    const ctx = context(() => 'UTC');
    expect(() => buildRequest('appointments', { today: true, date: '2026-01-01' }, ctx)).toThrow(
      /Choose one of --today, --date/,
    );
    expect(() =>
      buildRequest('appointments', { from: '2026-12-02', to: '2026-12-01' }, ctx),
    ).toThrow(/before --from/);
    expect(() => buildRequest('patients', { from: '2026-12-01' }, ctx)).toThrow(
      /appointments only/,
    );
    expect(() => buildRequest('appointments', { date: '2026-02-30' }, ctx)).toThrow(/not a date/);
  });

  it('checks report names and filter words', () => {
    expect(checkReportName('Appointments')).toBe('appointments');
    expect(() => checkReportName('sales')).toThrow(/Unknown report "sales"/);
    const ctx = context(() => 'UTC');
    expect(() => buildRequest('patients', { card: ['gone'] }, ctx)).toThrow(/--card/);
    expect(() => buildRequest('cards', { status: ['future'] }, ctx)).toThrow(/--status/);
    expect(buildRequest('cards', { status: ['Expired'] }, ctx).filters.status).toEqual(['expired']);
  });
});

describe('fitColumns', () => {
  type Row = Record<string, string>;
  const col = (key: string): Column<Row> => ({ key, value: (r) => r[key] });
  const rows: Row[] = [{ a: 'aaaaaaaaaaaaaaaa', b: '', c: 'cccccccc', d: 'dd' }];
  const cols = ['a', 'b', 'c', 'd'].map(col);

  it('keeps everything when it fits', () => {
    expect(fitColumns(cols, rows, 200, ['c']).dropped).toEqual([]);
  });

  it('drops empty columns first, then the drop order, keeping the order of the rest', () => {
    // Needs: a 12+3, b 1+3, c 8+3, d 2+3 = 35.
    expect(fitColumns(cols, rows, 32, ['d', 'c']).dropped).toEqual(['b']);
    const narrow = fitColumns(cols, rows, 20, ['d', 'c']);
    expect(narrow.dropped).toEqual(['b', 'd', 'c']);
    expect(narrow.columns.map((c) => c.key)).toEqual(['a']);
  });
});

describe('--care-status', () => {
  const ctx = context(() => 'UTC');

  it('rejects an unknown care status with the valid list (exit 2), instead of an empty report', () => {
    expect(() => buildRequest('weekly', { careStatus: ['corective'] }, ctx)).toThrow(
      /Unknown --care-status value: corective/,
    );
  });

  it('accepts the words case-insensitively, and Wellness as maintenance (as the import does)', () => {
    const r = buildRequest('weekly', { careStatus: ['Corrective,wellness'] }, ctx);
    expect(r.filters.careStatus).toEqual(['corrective', 'maintenance']);
  });
});

describe('--columns', () => {
  it('a name given twice (any case) is one column, not a repeated CSV header', async () => {
    const { selectColumns } = await import('../../src/reports/run.js');
    const all: Array<Column<unknown>> = [
      { key: 'patient', value: () => 'x' },
      { key: 'brand', value: () => 'y' },
    ];
    expect(selectColumns(all, ['patient'], 'patient,PATIENT, brand').map((c) => c.key)).toEqual([
      'patient',
      'brand',
    ]);
  });
});
