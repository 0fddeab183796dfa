import type { Context } from '../context';
import { FieldProblems } from '../common/errors';
import { Role } from '../people/enums';
import { DIMENSIONS, PERIOD_DIMENSIONS } from './dimensions';
import { ReportDimension } from './enums';
import type { Protection } from './published-rows';
import { assertReporter, reportScope, type ReportScope } from './report-scope';

/** Reports span at most this many years, so the generated periods stay a chart, not a flood. */
const MAX_YEARS = 10;

/** Where a report was asked for: its audit event says so, and a bad input names GraphQL's `input.` fields or the CSV's bare parameters. */
export type ReportChannel = 'graphql' | 'csv';

/** What every report is asked: a period, dimensions, and organizations that choose rows. */
export interface ReportRequest {
  from: string;
  to: string;
  groupBy: ReportDimension[];
  organizationIds?: string[] | null;
}

export interface OpenedReport {
  /** The requested dimensions, each once. */
  groupBy: ReportDimension[];
  scope: ReportScope;
  protection: Protection;
}

/**
 * Everything before a report reads (DESIGN.md, "Outcome report"), the same for every report:
 * who may ask, then whole months (quarters under QUARTER) so that counts cannot be differenced
 * day by day, at most one period grain, only the dimensions the report offers, the funder's
 * hourly quota, and the scope through grants.
 */
export async function openReport(ctx: Context, input: ReportRequest, via: ReportChannel, offered: readonly ReportDimension[]): Promise<OpenedReport> {
  assertReporter(ctx);
  const groupBy = [...new Set(input.groupBy)];
  const field = (name: string) => (via === 'graphql' ? `input.${name}` : name);
  const unit = groupBy.map((d) => DIMENSIONS[d].period?.unit).find(Boolean) ?? 'month';
  const unoffered = groupBy.filter((d) => !offered.includes(d));
  new FieldProblems()
    .check(startsPeriod(input.from, unit), field('from'), `must be the first day of a ${unit}`)
    .check(endsPeriod(input.to, unit), field('to'), `must be the last day of a ${unit}`)
    .check(input.to >= input.from, field('to'), 'must not be before from')
    .check(input.to <= `${Number(input.from.slice(0, 4)) + MAX_YEARS}${input.from.slice(4)}`, field('to'), `must be at most ${MAX_YEARS} years after from`)
    .check(PERIOD_DIMENSIONS.filter((d) => groupBy.includes(d)).length < 2, field('groupBy'), 'must not combine MONTH and QUARTER')
    .check(unoffered.length === 0, field('groupBy'), `must each be one of ${offered.join(', ')}`)
    .throwIfAny();
  // Funders' reports an hour, every report, GraphQL and CSV alike, counted before anything is
  // read (a refused input costs none): averaging many reports is the residual risk the limit meets.
  if (ctx.user.role === Role.FUNDER) await ctx.limits.report(ctx.user.id);

  const scope = await reportScope(ctx, input.from, input.to, input.organizationIds);
  return { groupBy, scope, protection: { threshold: ctx.config.suppressionThreshold, maxShift: ctx.config.reportPerturbation } };
}

/** A report as published (types.ts, ProtectedReport): its period and dimensions, the protection it had, its rows and totals. */
export function publishedReport<Row>(input: ReportRequest, groupBy: ReportDimension[], protection: Protection, rows: Row[], totals: Row) {
  return { from: input.from, to: input.to, groupBy, suppressionThreshold: protection.threshold, maxPerturbation: protection.maxShift, rows, totals };
}

/** groupBy, then the dimension of each filter in use that groupBy lacks, so that the filter has rows to pick. */
export function filteredDimensions(groupBy: ReportDimension[], filters: [ReportDimension, unknown[] | null][]): ReportDimension[] {
  return [...groupBy, ...filters.flatMap(([dimension, values]) => (values && !groupBy.includes(dimension) ? [dimension] : []))];
}

function startsPeriod(day: string, unit: 'month' | 'quarter'): boolean {
  const [, month, date] = day.split('-').map(Number);
  return date === 1 && (unit === 'month' || month % 3 === 1);
}

function endsPeriod(day: string, unit: 'month' | 'quarter'): boolean {
  const [year, month, date] = day.split('-').map(Number);
  // Day 0 of the next month is this month's last day.
  return date === new Date(Date.UTC(year, month, 0)).getUTCDate() && (unit === 'month' || month % 3 === 0);
}
