import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { checkDateFormat } from './date-format.js';
import {
  allColumnNames,
  importKinds,
  kindColumns,
  normalizeHeader,
  type ImportKind,
} from './kinds.js';

// A column map translates one EHR's export to the canonical columns: header renames, value words per
// column (e.g. status "Arrived" → "checked_in"), default values, and date formats per column. The
// top level applies to every kind; `kinds.<kind>` adds to or overrides it for one kind.

const section = {
  headers: z.record(z.string(), z.string()).optional(),
  values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  defaults: z.record(z.string(), z.string()).optional(),
  date_formats: z.record(z.string(), z.string()).optional(),
};
const sectionSchema = z.strictObject(section);
const mapSchema = z.strictObject({
  description: z.string().optional(),
  ...section,
  kinds: z
    .strictObject(
      Object.fromEntries(importKinds.map((k) => [k, sectionSchema.optional()])) as Record<
        ImportKind,
        z.ZodOptional<typeof sectionSchema>
      >,
    )
    .optional(),
});
export type ColumnMapFile = z.infer<typeof mapSchema>;
type Section = z.infer<typeof sectionSchema>;

/** The map as one kind sees it; every key already normalised. */
export interface KindMap {
  /** normalised EHR header → canonical column */
  headers: Map<string, string>;
  /** canonical column → (value compared without case/outer spaces → replacement) */
  values: Map<string, Map<string, string>>;
  defaults: Map<string, string>;
  dateFormats: Map<string, string>;
}

/** Compares value words without case or surrounding spaces. */
export function valueKey(value: string): string {
  return value.trim().toLowerCase();
}

function checkSection(
  s: Section | undefined,
  where: string,
  columns: ReadonlySet<string>,
  problems: string[],
): void {
  if (!s) return;
  const known = (c: string, path: string): void => {
    if (!columns.has(c))
      problems.push(`${path}: "${c}" is not a canonical column${where ? ` of ${where}` : ''}`);
  };
  const prefix = where ? `kinds.${where}.` : '';
  for (const [from, to] of Object.entries(s.headers ?? {}))
    known(normalizeHeader(to), `${prefix}headers["${from}"]`);
  for (const c of Object.keys(s.values ?? {})) known(normalizeHeader(c), `${prefix}values`);
  for (const c of Object.keys(s.defaults ?? {})) known(normalizeHeader(c), `${prefix}defaults`);
  for (const [c, f] of Object.entries(s.date_formats ?? {})) {
    known(normalizeHeader(c), `${prefix}date_formats`);
    const reason = checkDateFormat(f);
    if (reason) problems.push(`${prefix}date_formats.${c}: ${reason}`);
  }
}

/** Validates a map's JSON text; a problem → exit 2 with every problem listed. */
export function parseColumnMap(text: string, origin: string): ColumnMapFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `The column map ${origin} is not valid JSON: ${(err as Error).message}`,
      mapHint,
    );
  }
  const result = mapSchema.safeParse(json);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.') || '(top level)';
      problems.push(`${path}: ${issue.message}`);
    }
  } else {
    checkSection(result.data, '', allColumnNames, problems);
    for (const kind of importKinds) {
      const names = new Set(kindColumns[kind].map((c) => c.name));
      checkSection(result.data.kinds?.[kind], kind, names, problems);
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new UsageError(
      `The column map ${origin} is invalid:\n  ${problems.join('\n  ')}`,
      mapHint,
    );
  }
  return result.data;
}

const mapHint =
  'A map is a JSON object with optional "headers", "values", "defaults", "date_formats" and "kinds" ' +
  '(e.g. {"headers": {"Appt Date": "start"}, "values": {"status": {"Arrived": "checked_in"}}}).';

/** The map entries that apply to one kind (top level, then the kind's own section). */
export function mapForKind(map: ColumnMapFile | undefined, kind: ImportKind): KindMap {
  const out: KindMap = {
    headers: new Map(),
    values: new Map(),
    defaults: new Map(),
    dateFormats: new Map(),
  };
  const columns = new Set(kindColumns[kind].map((c) => c.name));
  for (const s of [map, map?.kinds?.[kind]]) {
    if (!s) continue;
    for (const [from, to] of Object.entries(s.headers ?? {})) {
      const target = normalizeHeader(to);
      if (columns.has(target)) out.headers.set(normalizeHeader(from), target);
    }
    for (const [c, words] of Object.entries(s.values ?? {})) {
      const column = normalizeHeader(c);
      const table = out.values.get(column) ?? new Map<string, string>();
      for (const [from, to] of Object.entries(words)) table.set(valueKey(from), to);
      out.values.set(column, table);
    }
    for (const [c, v] of Object.entries(s.defaults ?? {})) out.defaults.set(normalizeHeader(c), v);
    for (const [c, f] of Object.entries(s.date_formats ?? {}))
      out.dateFormats.set(normalizeHeader(c), f);
  }
  return out;
}

const mapName = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The text of a map file given on the command line; a missing file or a folder is a usage error. */
export function readMapFile(path: string, shown: string): string {
  if (!existsSync(path)) throw new UsageError(`The column map file ${shown} does not exist.`);
  if (!statSync(path).isFile()) {
    throw new UsageError(
      `The column map ${shown} is a folder, not a file.`,
      'Give the map JSON file, e.g. --map ./chirotouch-map.json.',
    );
  }
  return readFileSync(path, 'utf8');
}

/** Loads --map: a JSON file path, or the name of a map saved in `<home>/maps`. */
export function loadColumnMap(
  value: string,
  options: { cwd: string; mapsDir: string },
): ColumnMapFile {
  const looksLikePath = value.endsWith('.json') || value.includes('/') || value.includes('\\');
  const asPath = isAbsolute(value) ? value : resolve(options.cwd, value);
  if (looksLikePath || !mapName.test(value)) {
    return parseColumnMap(readMapFile(asPath, value), value);
  }
  const saved = join(options.mapsDir, `${value}.json`);
  if (!existsSync(saved)) {
    const names = listSavedMaps(options.mapsDir).map((m) => m.name);
    throw new UsageError(
      `No saved column map named "${value}".`,
      names.length > 0
        ? `Saved maps: ${names.join(', ')}. Save one with: trackstat import maps save NAME FILE.json`
        : 'Save one with: trackstat import maps save NAME FILE.json (or pass a file path to --map).',
    );
  }
  return parseColumnMap(readFileSync(saved, 'utf8'), `"${value}" (${saved})`);
}

/** Checks a map name for `import maps save`. */
export function checkMapName(name: string): void {
  if (!mapName.test(name)) {
    throw new UsageError(
      `"${name}" is not a valid map name.`,
      'Use letters, digits, dash or underscore, e.g. chirotouch.',
    );
  }
}

/** The maps saved in the home, with their description and the kinds they mention. */
export function listSavedMaps(
  dir: string,
): Array<{ name: string; path: string; description: string; kinds: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      let description = '';
      let kinds = 'all';
      try {
        const map = parseColumnMap(readFileSync(path, 'utf8'), f);
        description = map.description ?? '';
        const specific = Object.keys(map.kinds ?? {});
        if (specific.length > 0) kinds = `all; own sections for ${specific.join(', ')}`;
      } catch (err) {
        description = `invalid: ${(err as Error).message.split('\n')[0] ?? ''}`;
      }
      return { name: basename(f, '.json'), path, description, kinds };
    });
}
