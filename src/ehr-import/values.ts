// Parsers for the cell values of EHR exports. Each returns the clean value or a reason sentence
// (the caller adds line, column and the raw text). Pure: no I/O.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

/**
 * Money as integer cents: `125`, `125.00`, `$1,250.50`, `-12.5`, `(12.50)`; negatives only when
 * allowed. With `decimalComma` (European exports: `12,50`, `1.250,50`) the comma is the decimal
 * mark and the dot groups thousands; without it `12,50` is rejected, never guessed.
 */
export function parseMoney(
  raw: string,
  allowNegative: boolean,
  decimalComma = false,
): Parsed<number> {
  let text = raw.trim().replace(/\s+/g, '');
  let negative = false;
  // Accountants' brackets and a leading or trailing minus, around or after the currency sign.
  const bracketed = /^\((.*)\)$/.exec(text);
  if (bracketed) {
    negative = true;
    text = bracketed[1] ?? '';
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  }
  text = text.replace(/^\$/, '');
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  }
  if (decimalComma) {
    text = text.replace(/^\u20ac|\u20ac$/g, '');
    if (!/^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$|^,\d{1,2}$/.test(text)) {
      return bad('is not an amount (with --decimal-comma use e.g. 125, 125,00 or 1.250,50)');
    }
    text = text.replace(/\./g, '').replace(',', '.');
  }
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$|^\.\d{1,2}$/.test(text)) {
    return bad(
      /^(\d+|\d{1,3}(\.\d{3})+),\d{1,2}$/.test(text)
        ? 'is not an amount: for a decimal comma (12,50) pass --decimal-comma'
        : 'is not an amount (use e.g. 125, 125.00 or $1,250.50)',
    );
  }
  const [whole = '0', fraction = ''] = text.replace(/,/g, '').split('.');
  const cents = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0') || '0');
  if (!Number.isSafeInteger(cents)) return bad('is too large an amount');
  if (negative && cents !== 0 && !allowNegative) return bad('must not be negative');
  return ok(negative ? -cents : cents);
}

/** A phone number in E.164; numbers without a country code are taken as US/Canada (+1). */
export function parsePhone(raw: string): Parsed<string> {
  const text = raw.trim();
  // Extensions ("x123", "ext. 12") cannot be texted; drop them rather than reject the number.
  const main = text.replace(/\s*(?:x|ext\.?|extension)\s*\d+$/i, '');
  if (!/^[\d\s().+\-/]+$/.test(main)) return bad('is not a phone number');
  const digits = main.replace(/\D/g, '');
  if (main.trim().startsWith('+')) {
    if (digits.startsWith('1')) return usNumber(digits.slice(1));
    if (digits.length >= 8 && digits.length <= 15) return ok(`+${digits}`);
    return bad('is not a phone number (an international number has 8 to 15 digits)');
  }
  if (digits.length === 11 && digits.startsWith('1')) return usNumber(digits.slice(1));
  if (digits.length === 10) return usNumber(digits);
  return bad('is not a phone number (a US number has 10 digits, e.g. (555) 123-4567)');
}

function usNumber(ten: string): Parsed<string> {
  // North American numbering plan: area code and exchange never start with 0 or 1.
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(ten)) return bad('is not a valid US phone number');
  return ok(`+1${ten}`);
}

/** An email address (syntax only), trimmed; the original case is kept. */
export function parseEmail(raw: string): Parsed<string> {
  const text = raw.trim();
  if (text.length > 254) return bad('is too long for an email address');
  if (
    !/^[^\s@"<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
      text,
    )
  ) {
    return bad('is not an email address');
  }
  if (text.includes('..')) return bad('is not an email address');
  return ok(text);
}

const truthy = new Set(['true', 'yes', 'y', '1', 't', 'x']);
const falsy = new Set(['false', 'no', 'n', '0', 'f']);

/** true/false/yes/no/1/0/y/n (any case). */
export function parseBoolean(raw: string): Parsed<boolean> {
  const v = raw.trim().toLowerCase();
  if (truthy.has(v)) return ok(true);
  if (falsy.has(v)) return ok(false);
  return bad('is not true/false (use true, false, yes, no, 1 or 0)');
}

/** A whole number within bounds. */
export function parseWholeNumber(raw: string, min: number, max: number): Parsed<number> {
  const v = raw.trim().replace(/,/g, '');
  // Spreadsheets like to write whole numbers as "30.0".
  if (!/^\d+(\.0+)?$/.test(v)) return bad(`is not a whole number from ${min} to ${max}`);
  const n = Number.parseInt(v, 10);
  if (n < min || n > max) return bad(`is not a whole number from ${min} to ${max}`);
  return ok(n);
}

/** `;`-separated tags (commas accepted too), trimmed, empties and repeats dropped, joined with `;`. */
export function parseTags(raw: string): string {
  const seen = new Set<string>();
  for (const t of raw.split(/[;,]/)) {
    const tag = t.trim();
    if (tag) seen.add(tag);
  }
  return [...seen].join(';');
}

/** The words of an enum compare without case, spaces, dashes or underscores. */
export function enumWord(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/**
 * An enum value: `synonyms` maps normalised words (see enumWord) to canonical values. Unknown words
 * are rejected with the list of the canonical values.
 */
export function parseEnum<T extends string>(
  raw: string,
  synonyms: ReadonlyMap<string, T>,
  canonical: readonly T[],
): Parsed<T> {
  const found = synonyms.get(enumWord(raw));
  if (found !== undefined) return ok(found);
  return bad(`is not one of: ${canonical.join(', ')}`);
}

/** Builds a synonym table: each canonical value accepts itself and the listed words. */
export function synonymTable<T extends string>(
  entries: Record<T, readonly string[]>,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as Array<[T, readonly string[]]>) {
    map.set(enumWord(value), value);
    for (const w of words) map.set(enumWord(w), value);
  }
  return map;
}
