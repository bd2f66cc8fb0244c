import { parseDateCell, parseDateTimeCell } from './dates.js';
import type { HeaderLayout } from './header.js';
import type { LocalDateTime } from './local-time.js';
import { valueKey, type KindMap } from './map-file.js';
import {
  parseBoolean,
  parseEmail,
  parseEnum,
  parseMoney,
  parsePhone,
  parseWholeNumber,
  type Parsed,
} from './values.js';

/** One problem with one cell: reported as `line 14, column start: …`. */
export interface RowError {
  line: number;
  column: string;
  value: string;
  reason: string;
}

/**
 * Splits one name cell into first and last name: "Lee, Ann" (the EHR's usual list order) at the
 * comma, else "Ann Marie Lee" at the last space. A single word is a last name.
 */
export function splitName(full: string): [string, string] {
  const text = full.replace(/\s+/g, ' ').trim();
  const comma = text.indexOf(',');
  if (comma >= 0) return [text.slice(comma + 1).trim(), text.slice(0, comma).trim()];
  const space = text.lastIndexOf(' ');
  return space < 0 ? ['', text] : [text.slice(0, space), text.slice(space + 1)];
}

/**
 * Reads and checks the cells of one row. Each accessor returns the clean value, `null` for an empty
 * optional cell, or `undefined` after recording an error, so a validator reads every column and
 * reports all of a row's problems at once.
 */
export class RowCheck {
  readonly errors: RowError[] = [];

  constructor(
    readonly line: number,
    private readonly cells: string[],
    private readonly layout: HeaderLayout,
    private readonly map: KindMap,
    private readonly globalDateFormat: string | undefined,
    private readonly decimalComma = false,
  ) {
    if (cells.length > layout.width && cells.slice(layout.width).some((c) => c.trim() !== '')) {
      this.fail(
        '(row)',
        cells.slice(layout.width).join(','),
        `has ${cells.length} fields but the header has ${layout.width} (an unquoted delimiter?)`,
      );
    }
  }

  /** Whether the file provides this column at all (absent columns are left untouched on update). */
  has(column: string): boolean {
    return this.layout.present.has(column);
  }

  /** The cell text after the map's value words and defaults; '' when empty. */
  raw(column: string): string {
    const i = this.layout.index.get(column);
    let text = i === undefined ? '' : (this.cells[i] ?? '').trim();
    if (
      i === undefined &&
      (column === 'first_name' || column === 'last_name') &&
      this.layout.present.has(column)
    ) {
      text = splitName((this.cells[this.layout.index.get('name') ?? -1] ?? '').trim())[
        column === 'first_name' ? 0 : 1
      ];
    }
    if (i === undefined && column === 'start' && this.layout.present.has('start')) {
      // No start column: the file gives the start as a date and a time column (see header.ts).
      const part = (name: string): string =>
        (this.cells[this.layout.index.get(name) ?? -1] ?? '').trim();
      const date = part('date');
      const time = part('time');
      text = date && time ? `${date} ${time}` : date || time;
    }
    // A quoted line break inside a cell (a name typed on two lines) becomes a space.
    if (text.includes('\n') || text.includes('\r')) text = text.replace(/\s+/g, ' ');
    const words = this.map.values.get(column);
    if (words && text !== '') text = words.get(valueKey(text)) ?? text;
    if (text === '') text = this.map.defaults.get(column) ?? '';
    return text;
  }

  /** Records an error. */
  fail(column: string, value: string, reason: string): undefined {
    this.errors.push({ line: this.line, column, value, reason });
    return undefined;
  }

  private get<T>(
    column: string,
    required: boolean,
    parse: (text: string) => Parsed<T>,
  ): T | null | undefined {
    const text = this.raw(column);
    if (text === '') return required ? this.fail(column, '', 'is required but empty') : null;
    const r = parse(text);
    if (r.ok) return r.value;
    // Reasons that quote the value already start with it.
    return this.fail(column, text, r.reason.startsWith('"') ? r.reason : `"${text}" ${r.reason}`);
  }

  /** Text as given (trimmed). */
  text(column: string, required = false): string | null | undefined {
    return this.get(column, required, (t) => ({ ok: true, value: t }));
  }

  /** Money in integer cents. */
  money(column: string, required: boolean, allowNegative = false): number | null | undefined {
    return this.get(column, required, (t) => parseMoney(t, allowNegative, this.decimalComma));
  }

  /** A whole number within bounds. */
  whole(column: string, min: number, max: number): number | null | undefined {
    return this.get(column, false, (t) => parseWholeNumber(t, min, max));
  }

  /** true/false, yes/no, y/n, 1/0. */
  /** true/false, yes/no, 1/0 — and the column's own words (`{ active: true, inactive: false }`). */
  bool(column: string, words: Record<string, boolean> = {}): boolean | null | undefined {
    return this.get(column, false, (t) => {
      const word = words[t.trim().toLowerCase()];
      return word === undefined ? parseBoolean(t) : { ok: true, value: word };
    });
  }

  /** A phone number as E.164. */
  phone(column: string): string | null | undefined {
    return this.get(column, false, parsePhone);
  }

  /** An email address (syntax checked). */
  email(column: string): string | null | undefined {
    return this.get(column, false, parseEmail);
  }

  /** One of an enum's values, synonyms accepted. */
  oneOf<T extends string>(
    column: string,
    required: boolean,
    synonyms: ReadonlyMap<string, T>,
    canonical: readonly T[],
  ): T | null | undefined {
    return this.get(column, required, (t) => parseEnum(t, synonyms, canonical));
  }

  private formatFor(column: string): string | undefined {
    return this.map.dateFormats.get(column) ?? this.globalDateFormat;
  }

  /** A calendar date as 'YYYY-MM-DD' (column format, else --date-format, else ISO/US). */
  date(column: string, required = false): string | null | undefined {
    return this.get(column, required, (t) => parseDateCell(t, this.formatFor(column)));
  }

  /** A date and time of day as wall-clock parts. */
  dateTime(column: string, required = false): LocalDateTime | null | undefined {
    return this.get(column, required, (t) => parseDateTimeCell(t, this.formatFor(column)));
  }

  /** true/false or a date (sms_consent): a date means consent given on that day. */
  boolOrDate(column: string): boolean | string | null | undefined {
    const text = this.raw(column);
    if (text === '') return null;
    const b = parseBoolean(text);
    if (b.ok) return b.value;
    const d = parseDateCell(text, this.formatFor(column));
    if (d.ok) return d.value;
    return this.fail(column, text, `"${text}" is neither true/false nor a date`);
  }
}
