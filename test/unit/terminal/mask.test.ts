import { describe, expect, it } from 'vitest';
import { maskSecret, SecretMasker } from '../../../src/terminal/mask.js';

describe('secret masking', () => {
  it('shows at most the last four characters', () => {
    expect(maskSecret('abcdefgh1234')).toBe('••••1234');
    expect(maskSecret('abc')).toBe('••••');
  });

  it('replaces every occurrence, also URL-encoded', () => {
    const m = new SecretMasker();
    m.add('p@ss/word+123');
    expect(m.mask('a p@ss/word+123 b p@ss/word+123')).toBe('a ••••+123 b ••••+123');
    expect(m.mask(`smtp://u:${encodeURIComponent('p@ss/word+123')}@host`)).toBe(
      'smtp://u:••••+123@host',
    );
  });

  it('ignores empty and very short values that would mask ordinary words', () => {
    const m = new SecretMasker();
    m.add('');
    m.add(undefined);
    m.add('abc');
    expect(m.mask('abc def')).toBe('abc def');
  });

  it('masks an Authorization value echoed back by a server (Basic base64 or Bearer)', () => {
    const m = new SecretMasker();
    const basic = Buffer.from('AC0123456789abcdef:token-secret-99').toString('base64');
    expect(m.mask(`401: bad key Basic ${basic} for /x`)).toBe('401: bad key Basic •••• for /x');
    expect(m.mask('got Bearer eyJhbGciOiJIUzI1NiJ9.abc.def')).toBe('got Bearer ••••');
    // Ordinary prose is left alone.
    expect(m.mask('Basic authentication failed; Bearer tokens expire')).toBe(
      'Basic authentication failed; Bearer tokens expire',
    );
  });
});
