// Choosing which columns a table can show on a narrow terminal. The renderer shrinks columns to fit;
// below a few characters a cell is noise ("Vis…"), so first we drop whole columns the huddle can do
// without (empty ones, then the report's drop order) until every column keeps a readable width.
import type { CellValue, Column } from '../terminal/render.js';

/** Widest a column needs to be readable; longer text is truncated with … */
const readable = 12;
/** Padding and separator the table adds per column. */
const gap = 3;

function textLength(value: CellValue): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) return value.join(' ').length;
  return String(value).length;
}

/**
 * Returns the columns that fit the width: empty columns go first, then those in `dropOrder`; the
 * columns left keep their order. `dropped` names what was hidden, for a hint on stderr.
 */
export function fitColumns<R>(
  columns: ReadonlyArray<Column<R>>,
  rows: readonly R[],
  width: number,
  dropOrder: readonly string[],
): { columns: Array<Column<R>>; dropped: string[] } {
  const natural = new Map<string, number>();
  for (const c of columns) {
    let longest = 0;
    for (const r of rows) longest = Math.max(longest, textLength(c.value(r)));
    natural.set(c.key, longest);
  }
  const need = (c: Column<R>) => {
    const text = natural.get(c.key) ?? 0;
    const header = (c.header ?? c.key).length;
    return (
      Math.min(Math.max(text, Math.min(header, 6)), c.maxWidth ?? 40, c.minWidth ?? readable) + gap
    );
  };
  let kept = [...columns];
  const dropped: string[] = [];
  const total = () => kept.reduce((sum, c) => sum + need(c), 0);
  const candidates = [
    ...columns.filter((c) => (natural.get(c.key) ?? 0) === 0).map((c) => c.key),
    ...dropOrder,
  ];
  for (const key of candidates) {
    if (total() <= width) break;
    if (!kept.some((c) => c.key === key)) continue;
    kept = kept.filter((c) => c.key !== key);
    dropped.push(key);
  }
  return { columns: kept, dropped };
}
