// Remote text is untrusted (STYLE rule 12): strip terminal escapes before printing and neutralise
// spreadsheet formulas in CSV.

// CSI/OSC/other ESC sequences, then any remaining C0/C1 control character except tab and newline.
const escapeSequence =
  // eslint-disable-next-line no-control-regex
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const controlCharsAndNewlines = /[\u0000-\u001f\u007f-\u009f]/g;

/** Removes terminal escape sequences and control characters (keeps tab and newline). */
export function stripControl(text: string): string {
  return text.replace(escapeSequence, '').replace(controlChars, '');
}

/** For single-line cells: escape sequences removed, every control character (newlines too) becomes a space. */
export function sanitizeCell(text: string): string {
  return text.replace(escapeSequence, '').replace(controlCharsAndNewlines, ' ');
}

const formulaStart = /^[=+\-@\t\r]/;

/**
 * Cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP CSV injection).
 * Plain negative numbers such as `-12.50` stay numbers.
 */
export function neutralizeFormula(text: string): string {
  if (!formulaStart.test(text)) return text;
  if (/^-\d+(\.\d+)?$/.test(text)) return text;
  return `'${text}`;
}
