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

/** The other published counts of a row describe the same referrals, so they follow `referrals` first. */
const FOLLOWERS = ['accepted', 'completed', 'successful', 'uniqueClients'] as const;

/**
 * The report's rows with suppression applied, count by count (see suppression.ts for the groups).
 * Beyond the cell-size rule:
 *  - where `referrals` is withheld, so is everything else the row says about those referrals
 *    (non-zero counts, rate, median): `uniqueClients` or `accepted` often equal it and would
 *    give it away;
 *  - `successRate` is withheld when `successful` is, or when the unsuccessful outcomes or all
 *    outcomes are a small count (with `successful` shown, the rate would give them away);
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
    const hidden = withheld.referrals.has(i);
    const rateWithheld = outcomes > 0 && (hidden || withheld.successful.has(i) || isSmall(cell.unsuccessful, threshold) || isSmall(outcomes, threshold));
    const medianWithheld = cell.timedOutcomes > 0 && (hidden || isSmall(cell.timedOutcomes, threshold));
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
