import type { Context } from '../context';
import { recordAudit } from '../audit/audit.service';
import { FieldProblems } from '../common/errors';
import { Role } from '../people/enums';
import { DIMENSIONS, PERIOD_DIMENSIONS } from './dimensions';
import { ReportDimension } from './enums';
import type { OutcomeReportInput } from './inputs';
import { outcomeCells } from './outcome-report.query';
import { publishedRows } from './published-rows';
import { assertReporter, reportScope } from './report-scope';
import type { OutcomeReport } from './types';

/** Reports span at most this many years, so the generated periods stay a chart, not a flood. */
const MAX_YEARS = 10;

/** Where a report was asked for: its audit event says so, and a bad input names GraphQL's `input.` fields or the CSV's bare parameters. */
export type ReportChannel = 'graphql' | 'csv';

/**
 * The funder outcome report (DESIGN.md, "Outcome report"): who may ask, what is read, then the
 * three rules that keep every figure safe whatever else is asked:
 *  1. filters choose rows, not figures: the figures, totals included, are computed over the
 *     viewer's whole scope for the period; `categories` and `organizationIds` then pick rows
 *     (a filter on a dimension not in `groupBy` adds it, so that there are rows to pick);
 *  2. small cells and their complements are withheld, decided on that whole table;
 *  3. every shown count is perturbed by its cell key.
 * Periods are whole months (quarters under QUARTER), so counts cannot be differenced day by day.
 */
export async function outcomeReport(ctx: Context, input: OutcomeReportInput, via: ReportChannel): Promise<OutcomeReport> {
  assertReporter(ctx);
  const groupBy = [...new Set(input.groupBy)];
  const field = (name: string) => (via === 'graphql' ? `input.${name}` : name);
  const unit = groupBy.map((d) => DIMENSIONS[d].period?.unit).find(Boolean) ?? 'month';
  new FieldProblems()
    .check(startsPeriod(input.from, unit), field('from'), `must be the first day of a ${unit}`)
    .check(endsPeriod(input.to, unit), field('to'), `must be the last day of a ${unit}`)
    .check(input.to >= input.from, field('to'), 'must not be before from')
    .check(input.to <= `${Number(input.from.slice(0, 4)) + MAX_YEARS}${input.from.slice(4)}`, field('to'), `must be at most ${MAX_YEARS} years after from`)
    .check(PERIOD_DIMENSIONS.filter((d) => groupBy.includes(d)).length < 2, field('groupBy'), 'must not combine MONTH and QUARTER')
    .throwIfAny();
  // Funders' reports an hour, GraphQL and CSV alike, counted before anything is read (a refused
  // input costs none): averaging many reports is the residual risk the limit meets.
  if (ctx.user.role === Role.FUNDER) await ctx.limits.report(ctx.user.id);

  const scope = await reportScope(ctx, input.from, input.to, input.organizationIds);
  const categories = input.categories?.length ? [...new Set(input.categories)] : null;
  const dimensions = [
    ...groupBy,
    ...(categories && !groupBy.includes(ReportDimension.CATEGORY) ? [ReportDimension.CATEGORY] : []),
    ...(scope.named && !groupBy.includes(ReportDimension.ORGANIZATION) ? [ReportDimension.ORGANIZATION] : []),
  ];
  const protection = { threshold: ctx.config.suppressionThreshold, maxShift: ctx.config.reportPerturbation };

  const { cells, totals } = await ctx.transaction(async (tx) => {
    await recordAudit(tx, {
      action: 'outcomeReport',
      entityType: 'OutcomeReport',
      details: { via, from: input.from, to: input.to, groupBy, categories, organizationIds: scope.named },
    });
    return outcomeCells(tx, { from: input.from, to: input.to, timeZone: ctx.config.defaultTimeZone, dimensions, organizationIds: scope.organizations });
  });
  const rows = publishedRows(cells, dimensions, protection).filter(
    (row) => (!categories || categories.includes(row.category!)) && (!scope.named || scope.named.includes(row.organizationId!)),
  );
  return {
    from: input.from,
    to: input.to,
    groupBy: dimensions,
    suppressionThreshold: protection.threshold,
    maxPerturbation: protection.maxShift,
    rows,
    totals: publishedRows([totals], [], protection)[0],
  };
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
