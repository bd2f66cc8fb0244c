// Turns the `report` command line into a checked ReportRequest: the date range in the practice time
// zone, filters that apply to the chosen report, and known flag/status words.
import { UsageError } from '../errors.js';
import { cardStatuses } from '../domain/cards.js';
import { dateWords, resolveDateWord } from '../domain/date-words.js';
import { isIsoDate, todayIn, type IsoDate } from '../domain/dates.js';
import { appointmentFlags } from '../domain/flags.js';
import type { PeriodAnchor } from '../domain/memberships.js';
import type { Format } from '../terminal/render.js';
import { reportFilters, reportNames, type ReportName } from './catalog.js';
import { noFilters, type ReportFilters, type ReportRequest } from './report.js';

/** The options commander parses for `trackstat report`. */
export interface ReportCliOptions {
  today?: boolean;
  tomorrow?: boolean;
  date?: string;
  from?: string;
  to?: string;
  provider?: string[];
  location?: string[];
  type?: string[];
  status?: string[];
  flag?: string[];
  flagged?: boolean;
  allStatuses?: boolean;
  active?: boolean;
  card?: string[];
  behind?: boolean;
  /** false when --no-next-visit was given (commander's negation). */
  nextVisit?: boolean;
  overLimit?: boolean;
  notScheduled?: boolean;
  underUsed?: boolean;
  tag?: string[];
  search?: string;
  careStatus?: string[];
  includeCompleted?: boolean;
}

export interface RequestContext {
  now: Date;
  /** The practice time zone; a function because resolving it loads ICU time-zone data (~20 ms), which
   * `--date YYYY-MM-DD` does not need. */
  timezone: () => string;
  expiringWithinDays: number;
  balanceThresholdCents: number;
  periodAnchor: PeriodAnchor;
  format: Format;
}

const careStatuses = ['acute', 'corrective', 'maintenance'];

const appointmentStatuses = [
  'future',
  'checked_in',
  'completed',
  'missed',
  'cancelled',
  'rescheduled',
];

/** Checks the report name; unknown names are a usage error listing the valid ones. */
export function checkReportName(name: string | undefined): ReportName {
  const n = (name ?? '').toLowerCase();
  if ((reportNames as readonly string[]).includes(n)) return n as ReportName;
  throw new UsageError(
    name ? `Unknown report "${name}".` : 'Which report?',
    `Reports: ${reportNames.join(', ')}. Example: trackstat report appointments --today`,
  );
}

function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v);
}

function checkWords(
  flag: string,
  values: string[],
  valid: readonly string[],
  upper = false,
): string[] {
  const norm = values.map((v) => (upper ? v.toUpperCase() : v.toLowerCase()));
  const unknown = norm.filter((v) => !valid.includes(v));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown ${flag} value: ${unknown.join(', ')}.`,
      `Use one of: ${valid.join(', ')}.`,
    );
  }
  return norm;
}

const optionNames: Record<keyof ReportFilters, string> = {
  provider: '--provider',
  location: '--location',
  type: '--type',
  status: '--status',
  flag: '--flag',
  flagged: '--flagged',
  allStatuses: '--all-statuses',
  active: '--active',
  card: '--card',
  behind: '--behind',
  noNextVisit: '--no-next-visit',
  overLimit: '--over-limit',
  notScheduled: '--not-scheduled',
  underUsed: '--under-used',
  tag: '--tag',
  search: '--search',
  careStatus: '--care-status',
  includeCompleted: '--include-completed',
};

function resolveDate(flag: string, text: string, today: () => IsoDate): IsoDate {
  const d = isIsoDate(text) ? text : resolveDateWord(text, today());
  if (d === undefined) {
    throw new UsageError(
      `${flag} "${text}" is not a date.`,
      `Use YYYY-MM-DD or one of: ${dateWords.join(', ')}.`,
    );
  }
  return d;
}

/** Builds the request for a report from the command line; every mistake is a usage error (exit 2). */
export function buildRequest(
  name: ReportName,
  opts: ReportCliOptions,
  context: RequestContext,
): ReportRequest {
  const filters: ReportFilters = {
    ...noFilters(),
    provider: splitList(opts.provider),
    location: splitList(opts.location),
    type: splitList(opts.type),
    status: splitList(opts.status),
    flag: splitList(opts.flag),
    flagged: opts.flagged === true,
    allStatuses: opts.allStatuses === true,
    active: opts.active === true,
    card: splitList(opts.card),
    behind: opts.behind === true,
    noNextVisit: opts.nextVisit === false,
    overLimit: opts.overLimit === true,
    notScheduled: opts.notScheduled === true,
    underUsed: opts.underUsed === true,
    tag: splitList(opts.tag),
    search: opts.search,
    careStatus: splitList(opts.careStatus),
    includeCompleted: opts.includeCompleted === true,
  };
  const accepted = reportFilters[name];
  for (const key of Object.keys(filters) as Array<keyof ReportFilters>) {
    const v = filters[key];
    const given = Array.isArray(v) ? v.length > 0 : v !== false && v !== undefined;
    if (given && !accepted.includes(key)) {
      const where = reportNames.filter((r) => reportFilters[r].includes(key));
      throw new UsageError(
        `${optionNames[key]} does not apply to report ${name}.`,
        `It applies to: ${where.join(', ')}. Filters of ${name}: ${accepted.map((k) => optionNames[k]).join(', ')}.`,
      );
    }
  }
  filters.flag = checkWords('--flag', filters.flag, appointmentFlags, true);
  filters.card = checkWords('--card', filters.card, cardStatuses);
  if (name === 'appointments')
    filters.status = checkWords('--status', filters.status, appointmentStatuses);
  if (name === 'cards') filters.status = checkWords('--status', filters.status, cardStatuses);
  // The import stores Wellness as maintenance, so the report accepts the same word for it.
  filters.careStatus = checkWords(
    '--care-status',
    filters.careStatus.map((s) => (s.toLowerCase() === 'wellness' ? 'maintenance' : s)),
    careStatuses,
  );

  let today: IsoDate | undefined;
  const todayOnce = (): IsoDate => (today ??= todayIn(context.timezone(), context.now));
  const chosen = [
    opts.today && '--today',
    opts.tomorrow && '--tomorrow',
    opts.date !== undefined && '--date',
    (opts.from !== undefined || opts.to !== undefined) && '--from/--to',
  ].filter((x): x is string => typeof x === 'string');
  if (chosen.length > 1) throw new UsageError(`Choose one of ${chosen.join(', ')}.`);
  let from: IsoDate;
  let to: IsoDate;
  if (opts.tomorrow) from = to = resolveDate('--tomorrow', 'tomorrow', todayOnce);
  else if (opts.date !== undefined) from = to = resolveDate('--date', opts.date, todayOnce);
  else from = to = todayOnce();
  if (opts.from !== undefined || opts.to !== undefined) {
    if (name !== 'appointments') {
      throw new UsageError(
        `--from/--to apply to report appointments only.`,
        `Use --date for the "as of" date of report ${name}.`,
      );
    }
    from = resolveDate('--from', opts.from ?? opts.to ?? '', todayOnce);
    to = resolveDate('--to', opts.to ?? opts.from ?? '', todayOnce);
    if (to < from) throw new UsageError(`--to ${to} is before --from ${from}.`);
  }
  return {
    from,
    to,
    asOf: from,
    now: context.now,
    rules: {
      expiringWithinDays: context.expiringWithinDays,
      balanceThresholdCents: context.balanceThresholdCents,
      periodAnchor: context.periodAnchor,
    },
    format: context.format,
    filters,
  };
}
