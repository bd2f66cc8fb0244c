// The --date-format / map `date_formats` notation: what clinic staff know from spreadsheets
// (`MM/DD/YYYY`, `DD.MM.YYYY`, `M/D/YYYY h:mm A`), translated to luxon's tokens.

/**
 * Translates a spreadsheet-style date format to a luxon format. Luxon tokens (`dd`, `yyyy`) pass
 * through, so both notations work. Two-digit numeric tokens become one-digit ones, which in luxon
 * parse one or two digits: an export written as `3/8/2026` still matches `MM/DD/YYYY`.
 */
export function toLuxonFormat(format: string): string {
  return (
    format
      .replace(/Y/g, 'y')
      .replace(/D/g, 'd')
      .replace(/A/g, 'a')
      // A literal T between date and time (`YYYY-MM-DDTHH:mm`) is a macro token in luxon.
      .replace(/(?<=d)T(?=[Hh])/g, "'T'")
      .replace(/(?<![Md])(MM|dd|HH|hh)(?![Md])/g, (t) => t.slice(1))
  );
}

/** Whether a format includes a time of day. */
export function hasTimeTokens(format: string): boolean {
  return /[Hh]/.test(format.replace(/'[^']*'/g, ''));
}

/** Checks a date format given by the user; returns a reason when it cannot be used. */
export function checkDateFormat(format: string): string | undefined {
  const f = toLuxonFormat(format).replace(/'[^']*'/g, '');
  if (!/y/.test(f) || !/M/.test(f) || !/d/.test(f)) {
    return `"${format}" needs a year, a month and a day (e.g. MM/DD/YYYY, DD.MM.YYYY, YYYY-MM-DD)`;
  }
  return undefined;
}
