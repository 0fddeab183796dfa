import type { Context } from '../context';
import { recordAudit } from '../audit/audit.service';
import { ReportDimension } from '../reports/enums';
import { offeredDimensions } from '../reports/dimensions';
import { publishedCounts, type CountRules, type Protection } from '../reports/published-rows';
import { filteredDimensions, openReport, publishedReport, type ReportChannel } from '../reports/report-request';
import { RECOVERY_SOURCE, recoveryCapitalCells, type RecoveryCapitalCell, type RecoveryCountName } from './recovery-capital-report.query';
import type { RecoveryCapitalReportInput } from './recovery-capital-report.inputs';
import type { RecoveryCapitalReport, RecoveryCapitalRow } from './recovery-capital-report.types';

/** MONTH, QUARTER and ORGANIZATION: the dimensions the report's statement can group clients by. */
const OFFERED = offeredDimensions(RECOVERY_SOURCE);

/**
 * `improved` counts some of the clients `clients` counts: withheld wherever clients is, and
 * with it when every client improved (the two are then one figure).
 */
const RECOVERY_COUNT_RULES: CountRules<RecoveryCountName> = {
  lead: 'clients',
  followers: ['improved'],
  sameWhenEqual: [['improved', 'clients']],
};

/**
 * The recovery capital report (DESIGN.md, "Recovery work"): clients with two or more BARC-10
 * assessments whose first falls in the period, and how their totals moved since. It follows
 * the outcome report's rules through the same code: openReport (who may ask, whole months, the
 * funders' quota shared with the outcome report, scope through grants), figures over the whole
 * scope with `organizationIds` choosing rows only, withheld and perturbed counts decided on the
 * whole table, and an audit event with the report's parameters.
 */
export async function recoveryCapitalReport(ctx: Context, input: RecoveryCapitalReportInput, via: ReportChannel): Promise<RecoveryCapitalReport> {
  const { groupBy, scope, protection } = await openReport(ctx, input, via, OFFERED);
  const dimensions = filteredDimensions(groupBy, [[ReportDimension.ORGANIZATION, scope.named]]);

  const { cells, totals } = await ctx.transaction(async (tx) => {
    await recordAudit(tx, {
      action: 'recoveryCapitalReport',
      entityType: 'RecoveryCapitalReport',
      details: { via, from: input.from, to: input.to, groupBy, organizationIds: scope.named },
    });
    return recoveryCapitalCells(tx, { from: input.from, to: input.to, dimensions, organizationIds: scope.organizations });
  });
  const rows = publishedRecoveryRows(cells, dimensions, protection).filter((row) => !scope.named || scope.named.includes(row.organizationId!));
  return publishedReport(input, dimensions, protection, rows, publishedRecoveryRows([totals], [], protection)[0]);
}

/**
 * The rows as published: `clients` and `improved` withheld and perturbed as the outcome
 * report's counts (publishedCounts, with the record keys of the clients each counts), and
 * `meanChange` shown exactly where `clients` is shown and not zero.
 *
 * Why the mean comes from the exact figures and stays safe beside a perturbed count:
 *  - it is shown only where `clients` is, so only over at least `threshold` clients (a shown
 *    non-zero count is never below it), never over one person or a few; where `clients` is
 *    withheld, by the cell-size rule or as a complement, so is the mean;
 *  - it cannot undo the perturbation. A mean is sum / n with a whole sum; rounded to one
 *    decimal it only says the sum lies within 0.05 * n of mean * n, a range of width 0.1 * n,
 *    which holds a whole number for every n of at least 10. So from the threshold's default of
 *    11 up, every count within maxPerturbation of the published one fits any published mean,
 *    and the mean tells nothing about which is the true count (a threshold below 10, as tests
 *    use, gives that up on small cells, as it gives up the cell-size rule's protection anyway);
 *  - dividing the exact sum by the perturbed count instead would only make the figure wrong:
 *    the same clients keep the same shift in every report, so a wrong mean would be as
 *    consistent, and hide nothing more, than the true one.
 * What remains is what the outcome report's rates leave: ratios of means across a row and its
 * totals bound how the counts compare. Rounding blurs those bounds, and the audit event and the
 * hourly limit meet the rest, as DESIGN.md says for the outcome report.
 */
function publishedRecoveryRows(cells: RecoveryCapitalCell[], dimensions: ReportDimension[], protection: Protection): RecoveryCapitalRow[] {
  const { withheld, counts } = publishedCounts(cells, dimensions, protection, RECOVERY_COUNT_RULES);
  return cells.map((cell, i) => {
    const meanShown = cell.clients > 0 && !withheld.clients.has(i);
    return {
      period: cell.period,
      organizationId: cell.organizationId,
      clients: counts[i].clients,
      improved: counts[i].improved,
      meanChange: meanShown ? meanToTenths(cell.changeSum, cell.clients) : null,
      suppressed: withheld.clients.has(i) || withheld.improved.has(i),
    };
  });
}

/**
 * sum / n to one decimal, halves away from zero as PostgreSQL's round() and usual reporting
 * do (-2.25 is -2.3), computed in integers: Math.round(x * 10) / 10 rounds halves up (-2.2)
 * and x * 10 in floating point can land either side of a half.
 */
function meanToTenths(sum: number, n: number): number {
  const tenths = Math.floor((20 * Math.abs(sum) + n) / (2 * n));
  // A small negative mean that rounds to nothing is 0, not -0.
  return tenths === 0 ? 0 : (Math.sign(sum) * tenths) / 10;
}
