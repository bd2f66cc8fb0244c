// The report names and which filters each one understands. Kept free of heavy imports: the command
// checks the command line against it before any report module is loaded.
import type { ReportDefinition, ReportFilters } from './report.js';

export const reportNames = [
  'appointments',
  'patients',
  'plans',
  'memberships',
  'weekly',
  'cards',
] as const;
export type ReportName = (typeof reportNames)[number];

/** One line per report for --help. */
export const reportDescriptions: Record<ReportName, string> = {
  appointments:
    'the daily huddle list: cards, missing payments, memberships, balances (default: today)',
  patients: 'every patient with card, plan, membership, visits and balances',
  plans: 'recurring plans and treatment plans: who is behind and when they are next in',
  memberships: 'membership use this period: over the limit, not scheduled, under-used',
  weekly: 'treatment-plan pacing over the current week and the four before it',
  cards: 'every card with its status and how it was last updated, and patients with no card',
};

/** The filters (keys of ReportFilters) each report accepts, besides the common output options. */
export const reportFilters: Record<ReportName, ReadonlyArray<keyof ReportFilters>> = {
  appointments: ['provider', 'location', 'type', 'status', 'flag', 'flagged', 'allStatuses'],
  patients: ['active', 'card', 'behind', 'noNextVisit', 'overLimit', 'tag', 'search', 'location'],
  plans: ['behind', 'search'],
  memberships: ['overLimit', 'notScheduled', 'underUsed', 'search'],
  weekly: ['careStatus', 'type', 'tag', 'includeCompleted', 'search'],
  cards: ['status', 'search'],
};

/** Loads a report module (lazily, so only the one asked for is parsed). */
export async function loadReport(name: ReportName): Promise<ReportDefinition<unknown>> {
  switch (name) {
    case 'appointments':
      return (await import('./appointments.js')).report as ReportDefinition<unknown>;
    case 'patients':
      return (await import('./patients.js')).report as ReportDefinition<unknown>;
    case 'plans':
      return (await import('./plans.js')).report as ReportDefinition<unknown>;
    case 'memberships':
      return (await import('./memberships.js')).report as ReportDefinition<unknown>;
    case 'weekly':
      return (await import('./weekly.js')).report as ReportDefinition<unknown>;
    case 'cards':
      return (await import('./cards.js')).report as ReportDefinition<unknown>;
  }
}
