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
});
