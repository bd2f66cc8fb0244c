// What every report module provides, and the request it answers.
import type { IsoDate } from '../domain/dates.js';
import type { Db } from '../store/db.js';
import type { Column, Format, Summary } from '../terminal/render.js';
import type { RuleSettings } from './derive.js';

/** Filters from the command line; each report reads the ones that apply to it. */
export interface ReportFilters {
  provider: string[];
  location: string[];
  type: string[];
  status: string[];
  flag: string[];
  flagged: boolean;
  allStatuses: boolean;
  active: boolean;
  card: string[];
  behind: boolean;
  noNextVisit: boolean;
  overLimit: boolean;
  notScheduled: boolean;
  underUsed: boolean;
  tag: string[];
  search: string | undefined;
  careStatus: string[];
  includeCompleted: boolean;
}

export interface ReportRequest {
  /** First and last date (inclusive) of the appointment range; both equal the as-of date elsewhere. */
  from: IsoDate;
  to: IsoDate;
  /** The date every "as of" rule uses (DOMAIN §3: the report date in the practice time zone). */
  asOf: IsoDate;
  now: Date;
  rules: RuleSettings;
  format: Format;
  filters: ReportFilters;
}

export interface ReportDefinition<R> {
  /** Every column, the default ones first in their default order. */
  columns(request: ReportRequest): Array<Column<R> & { description: string }>;
  /** Keys shown when --columns is not given. */
  defaultColumns(request: ReportRequest): string[];
  /** The rows, streamed (batches of patients are loaded set-based as the iteration goes). */
  rows(db: Db, request: ReportRequest): Iterable<R>;
  /** Default columns a narrow terminal may hide, least useful first. */
  dropOrder?: readonly string[];
  /** The table's last line. */
  summary?(request: ReportRequest): Summary<R>;
  /** Warnings for stderr about the request itself (e.g. a filter value nothing in the cache has). */
  warnings?(db: Db, request: ReportRequest): string[];
}

/** Empty filters (tests and callers start from this). */
export function noFilters(): ReportFilters {
  return {
    provider: [],
    location: [],
    type: [],
    status: [],
    flag: [],
    flagged: false,
    allStatuses: false,
    active: false,
    card: [],
    behind: false,
    noNextVisit: false,
    overLimit: false,
    notScheduled: false,
    underUsed: false,
    tag: [],
    search: undefined,
    careStatus: [],
    includeCompleted: false,
  };
}

/** Case-insensitive "value is one of the wanted ones" (no wanted values = everything matches). */
export function matchesAny(value: string | null | undefined, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return true;
  const v = (value ?? '').toLowerCase();
  return wanted.some((w) => w.toLowerCase() === v);
}
