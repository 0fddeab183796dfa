import type { Context } from '../context';
import { FieldProblems } from '../common/errors';
import { PERIOD_DIMENSIONS } from './enums';
import type { OutcomeReportInput } from './inputs';
import { outcomeCells } from './outcome-report.query';
import { assertReporter, reportScope } from './report-scope';
import { suppressedRows } from './suppressed-rows';
import type { OutcomeReport } from './types';

/** Reports span at most this many years, so the generated periods stay a chart, not a flood. */
const MAX_YEARS = 10;

/**
 * The funder outcome report: who may ask, what is selected, figures from SQL, then suppression.
 * `prefix` names the fields of a bad input: `input` for GraphQL, none for the CSV's query parameters.
 */
export async function outcomeReport(ctx: Context, input: OutcomeReportInput, prefix = 'input'): Promise<OutcomeReport> {
  assertReporter(ctx);
  const dimensions = [...new Set(input.groupBy)];
  const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
  new FieldProblems()
    .check(input.to >= input.from, field('to'), 'must not be before from')
    .check(input.to <= `${Number(input.from.slice(0, 4)) + MAX_YEARS}${input.from.slice(4)}`, field('to'), `must be at most ${MAX_YEARS} years after from`)
    .check(PERIOD_DIMENSIONS.filter((d) => dimensions.includes(d)).length < 2, field('groupBy'), 'must not combine MONTH and QUARTER')
    .throwIfAny();

  const organizationIds = await reportScope(ctx, input.from, input.to, input.organizationIds);
  const threshold = ctx.config.suppressionThreshold;
  const { cells, totals } = await outcomeCells(ctx, {
    from: input.from,
    to: input.to,
    timeZone: ctx.config.defaultTimeZone,
    dimensions,
    organizationIds,
    categories: input.categories?.length ? input.categories : null,
  });
  return {
    from: input.from,
    to: input.to,
    groupBy: dimensions,
    suppressionThreshold: threshold,
    rows: suppressedRows(cells, dimensions, threshold),
    totals: suppressedRows([totals], [], threshold)[0],
  };
}
