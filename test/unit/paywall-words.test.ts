import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationMinutes } from '../../src/paywall/durations.js';
import { suggestions } from '../../src/paywall/suggest.js';
import { invoiceApiId, uniqueNames } from '../../src/invoices/draft.js';

describe('pay-wall durations', () => {
  it('parses minutes, hours (also bare numbers), days and weeks', () => {
    expect(parseDurationMinutes('90m')).toBe(90);
    expect(parseDurationMinutes('24h')).toBe(1440);
    expect(parseDurationMinutes('24')).toBe(1440);
    expect(parseDurationMinutes('2D')).toBe(2880);
    expect(parseDurationMinutes('1w')).toBe(10080);
    expect(parseDurationMinutes('soon')).toBeUndefined();
    expect(parseDurationMinutes('1.5h')).toBeUndefined();
  });

  it('formats back the way a user types them', () => {
    expect(formatDuration(1440)).toBe('24h');
    expect(formatDuration(2880)).toBe('2d');
    expect(formatDuration(90)).toBe('90m');
  });
});

describe('did-you-mean suggestions', () => {
  const types = ['Adjustment', 'Massage', 'New Patient', 'Re-exam'];
  it('offers near misses and prefixes, closest first, and nothing for unrelated words', () => {
    expect(suggestions('New Patent', types)).toEqual(['New Patient']);
    expect(suggestions('massag', types)).toEqual(['Massage']);
    expect(suggestions('reexam', types)).toEqual(['Re-exam']);
    expect(suggestions('Physiotherapy', types)).toEqual([]);
  });
});

describe('invoice selection identity', () => {
  const item = (name: string, amountCents: number, chargeId: string | null = null) => ({
    name,
    amountCents,
    chargeId,
    code: null,
  });

  it('is the same for the same selection in any order, and differs when it changes', () => {
    const a = invoiceApiId(7, [item('x', 100, 'c1'), item('Orthotics', 12000)]);
    expect(a).toBe(invoiceApiId(7, [item('Orthotics', 12000), item('x', 100, 'c1')]));
    expect(a).not.toBe(invoiceApiId(8, [item('x', 100, 'c1'), item('Orthotics', 12000)]));
    expect(a).not.toBe(invoiceApiId(7, [item('x', 100, 'c2'), item('Orthotics', 12000)]));
    expect(a).not.toBe(invoiceApiId(7, [item('x', 100, 'c1'), item('Orthotics', 11000)]));
    expect(a).toMatch(/^tsqi[0-9a-f]{28}$/);
  });

  it('makes item names unique, as Fortis requires', () => {
    expect(
      uniqueNames([item('Massage', 1), item('massage', 2), item('Massage', 3)]).map((i) => i.name),
    ).toEqual(['Massage', 'massage (2)', 'Massage (3)']);
  });
});
