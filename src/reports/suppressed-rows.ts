import type { ReportDimension } from './enums';
import type { CellFigures } from './outcome-report.query';
import { isSmall, publishedSums, withheldCells } from './suppression';
import type { OutcomeReportRow } from './types';

const KEYS: Record<ReportDimension, (cell: CellFigures) => string | null> = {
  MONTH: (c) => c.period,
  QUARTER: (c) => c.period,
  CATEGORY: (c) => c.category,
  ORGANIZATION: (c) => c.organizationId,
  OUTCOME_TYPE: (c) => c.outcomeType,
};

/**
 * The other counts of a row describe the same referrals, so they follow `referrals` first.
 * `unsuccessful` is not a column, but a shown rate and `successful` give it away
 * (unsuccessful = successful / rate - successful), so it is suppressed like a published count.
 */
const FOLLOWERS = ['accepted', 'completed', 'successful', 'unsuccessful', 'uniqueClients'] as const;

/**
 * The report's rows with suppression applied, count by count (see suppression.ts for the groups).
 * Beyond the cell-size rule:
 *  - where `referrals` is withheld, so is everything else the row says about those referrals
 *    (non-zero counts, rate, median): `uniqueClients` or `accepted` often equal it and would
 *    give it away;
 *  - `successRate` is withheld wherever `successful` or `unsuccessful` is: with the other one
 *    shown (or derivable), the rate would give the withheld one away. A small number of
 *    outcomes needs no rule of its own, since one of its two parts is then small;
 *  - `medianDaysToOutcome` is withheld when it is the median of a small number of outcomes.
 */
export function suppressedRows(cells: CellFigures[], dimensions: ReportDimension[], threshold: number): OutcomeReportRow[] {
  const groups = publishedSums(cells.map((cell) => dimensions.map((d) => KEYS[d](cell))));
  const withheldReferrals = withheldCells(cells.map((c) => c.referrals), groups, threshold);
  const withheld = {
    referrals: withheldReferrals,
    ...Object.fromEntries(FOLLOWERS.map((name) => [name, withheldCells(cells.map((c) => c[name]), groups, threshold, withheldReferrals)])),
  } as Record<'referrals' | (typeof FOLLOWERS)[number], Set<number>>;

  return cells.map((cell, i) => {
    const shown = (name: keyof typeof withheld) => (withheld[name].has(i) ? null : cell[name]);
    const outcomes = cell.successful + cell.unsuccessful;
    const rateWithheld = outcomes > 0 && (withheld.successful.has(i) || withheld.unsuccessful.has(i));
    const medianWithheld = cell.timedOutcomes > 0 && (withheld.referrals.has(i) || isSmall(cell.timedOutcomes, threshold));
    const row: OutcomeReportRow = {
      period: cell.period,
      category: cell.category as OutcomeReportRow['category'],
      organizationId: cell.organizationId,
      outcomeType: cell.outcomeType as OutcomeReportRow['outcomeType'],
      referrals: shown('referrals'),
      accepted: shown('accepted'),
      completed: shown('completed'),
      successful: shown('successful'),
      uniqueClients: shown('uniqueClients'),
      successRate: outcomes === 0 || rateWithheld ? null : cell.successful / outcomes,
      medianDaysToOutcome: medianWithheld ? null : cell.medianDays,
      suppressed: rateWithheld || medianWithheld || Object.values(withheld).some((set) => set.has(i)),
    };
    return row;
  });
}
