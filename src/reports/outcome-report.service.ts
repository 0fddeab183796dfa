import type { Context } from '../context';
import { recordAudit } from '../audit/audit.service';
import { ReportDimension } from './enums';
import type { OutcomeReportInput } from './inputs';
import { outcomeCells, type ReportSelection } from './outcome-report.query';
import { rollupCells } from './outcome-rollup.query';
import { publishedRows } from './published-rows';
import { filteredDimensions, openReport, publishedReport, type ReportChannel } from './report-request';
import type { OutcomeReport } from './types';

/** The outcome report groups referrals by any of the dimensions. */
const OFFERED = Object.values(ReportDimension);

/**
 * The funder outcome report (DESIGN.md, "Outcome report"): who may ask and over which period
 * (openReport), what is read, then the three rules that keep every figure safe whatever else is asked:
 *  1. filters choose rows, not figures: the figures, totals included, are computed over the
 *     viewer's whole scope for the period; `categories` and `organizationIds` then pick rows
 *     (a filter on a dimension not in `groupBy` adds it, so that there are rows to pick);
 *  2. small cells and their complements are withheld, decided on that whole table;
 *  3. every shown count is perturbed by its cell key.
 */
export async function outcomeReport(ctx: Context, input: OutcomeReportInput, via: ReportChannel): Promise<OutcomeReport> {
  const { groupBy, scope, protection } = await openReport(ctx, input, via, OFFERED);
  const categories = input.categories?.length ? [...new Set(input.categories)] : null;
  const dimensions = filteredDimensions(groupBy, [
    [ReportDimension.CATEGORY, categories],
    [ReportDimension.ORGANIZATION, scope.named],
  ]);

  const { cells, totals } = await ctx.transaction(async (tx) => {
    await recordAudit(tx, {
      action: 'outcomeReport',
      entityType: 'OutcomeReport',
      details: { via, from: input.from, to: input.to, groupBy, categories, organizationIds: scope.named },
    });
    const selection: ReportSelection = { from: input.from, to: input.to, timeZone: ctx.config.defaultTimeZone, dimensions, organizationIds: scope.organizations };
    // The same figures either way: from the rollups where they serve (every organization), else from the referrals.
    return (await rollupCells(tx, selection)) ?? outcomeCells(tx, selection);
  });
  const rows = publishedRows(cells, dimensions, protection).filter(
    (row) => (!categories || categories.includes(row.category!)) && (!scope.named || scope.named.includes(row.organizationId!)),
  );
  return publishedReport(input, dimensions, protection, rows, publishedRows([totals], [], protection)[0]);
}
