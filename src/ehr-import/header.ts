import { InvalidInputError } from '../errors.js';
import { kindColumns, normalizeHeader, type ImportKind } from './kinds.js';
import type { KindMap } from './map-file.js';

/** Where each canonical column sits in a file's rows. */
export interface HeaderLayout {
  /** canonical column → field index */
  index: Map<string, number>;
  /** canonical columns the file provides (a header or a map default) */
  present: Set<string>;
  /** headers that are not canonical columns (ignored) */
  ignored: string[];
  width: number;
}

/**
 * Reads a header row: names compared without case or outer spaces, renamed by the map; unknown
 * headers are ignored (exports carry many); a missing required column or two headers for one column
 * → exit 8, because no row could be read correctly.
 */
export function resolveHeader(
  cells: string[],
  kind: ImportKind,
  map: KindMap,
  fileName: string,
): HeaderLayout {
  const known = new Set(kindColumns[kind].map((c) => c.name));
  const index = new Map<string, number>();
  const ignored: string[] = [];
  cells.forEach((cell, i) => {
    const name = normalizeHeader(cell);
    if (name === '') return;
    const column = map.headers.get(name) ?? name;
    if (!known.has(column)) {
      ignored.push(cell.trim());
      return;
    }
    if (index.has(column)) {
      throw new InvalidInputError(
        `${fileName}: two columns are read as "${column}" (line 1, headers "${cells[index.get(column) ?? 0]?.trim()}" and "${cell.trim()}").`,
        'Rename one of them, or map one to another column with --map.',
      );
    }
    index.set(column, i);
  });
  const present = new Set([
    ...index.keys(),
    ...[...map.defaults.keys()].filter((c) => known.has(c)),
  ]);
  // A patient's name may come as one column (RowCheck splits it).
  if (
    kind === 'patients' &&
    index.has('name') &&
    !present.has('first_name') &&
    !present.has('last_name')
  ) {
    present.add('first_name');
    present.add('last_name');
  }
  // An appointment's start may come as separate date and time columns (RowCheck joins them).
  if (kind === 'appointments' && !present.has('start') && index.has('date') && index.has('time'))
    present.add('start');
  const missing = kindColumns[kind]
    .filter((c) => c.required && !present.has(c.name))
    .map((c) => c.name);
  if (missing.length > 0) {
    const found = cells.map((c) => c.trim()).filter(Boolean);
    throw new InvalidInputError(
      `${fileName}: the ${kind} file has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (line 1 has: ${found.join(', ') || 'nothing'}).`,
      `Required for ${kind}: ${kindColumns[kind]
        .filter((c) => c.required)
        .map((c) => c.name)
        .join(
          ', ',
        )}. Rename the headers, or map the EHR's names with --map FILE.json ({"headers": {"Their Name": "${missing[0]}"}}).`,
    );
  }
  return { index, present, ignored, width: cells.length };
}
