import { perturbedCount } from './cell-key';
import { DIMENSION_FIELDS, DIMENSIONS, type DimensionField } from './dimensions';
import type { ReportDimension } from './enums';
import { COUNTS, type CellFigures, type CountName } from './outcome-report.query';
import { isSmall, publishedSums, withheldCells } from './suppression';
import type { OutcomeReportRow } from './types';

/**
 * The other counts of a row describe the same referrals, so they follow `referrals` first.
 * `unsuccessful` is not a column, but a shown rate and `successful` give it away
 * (unsuccessful = successful / rate - successful), so it is suppressed like a published count.
 */
const FOLLOWERS = COUNTS.filter((name) => name !== 'referrals');

/**
 * Pairs of a row's counts that are one figure when they are equal. Every count of a row counts
 * some of its referrals (uniqueClients, their clients), and successful outcomes are completed
 * referrals: a subset as large as its set is the set. Under OUTCOME_TYPE that is the rule, not
 * the chance: a HOUSED row's referrals, completed and successful are the same referrals, so the
 * totals' successful minus a shown HOUSED row would give away a withheld EMPLOYED row unless
 * withholding the one withholds the others. Clients stand in for referrals when they are as
 * many, since a reader would take the one for the other.
 */
const SAME_WHEN_EQUAL: [CountName, CountName][] = [
  ['accepted', 'referrals'],
  ['completed', 'referrals'],
  ['successful', 'referrals'],
  ['unsuccessful', 'referrals'],
  ['uniqueClients', 'referrals'],
  ['successful', 'completed'],
];

export interface Protection {
  /** Counts from 1 to threshold - 1 are withheld. */
  threshold: number;
  /** The largest shift of a published count (REPORT_PERTURBATION); 0 publishes exact counts. */
  maxShift: number;
}

/**
 * Which counts of which cells to withhold, count by count (see suppression.ts for the groups
 * of cells with published sums). Beyond the cell-size rule:
 *  - where `referrals` is withheld, so is everything else the row says about those referrals
 *    (non-zero counts, rate, median): `uniqueClients` or `accepted` often equal it and would
 *    give it away;
 *  - two counts of a row that are one figure (SAME_WHEN_EQUAL) are withheld together.
 * Either may leave a group with a single withheld cell of another count, so the rounds repeat
 * until nothing changes.
 */
export function withheldCounts(cells: CellFigures[], dimensions: ReportDimension[], threshold: number): Record<CountName, Set<number>> {
  const groups = publishedSums(cells.map((cell) => dimensions.map((d) => cell[DIMENSIONS[d].field])));
  const tied = Object.fromEntries(COUNTS.map((name) => [name, new Set<number>()])) as Record<CountName, Set<number>>;
  for (;;) {
    const referrals = withheldCells(cells.map((c) => c.referrals), groups, threshold, tied.referrals);
    const withheld = { referrals } as Record<CountName, Set<number>>;
    for (const name of FOLLOWERS) withheld[name] = withheldCells(cells.map((c) => c[name]), groups, threshold, new Set([...referrals, ...tied[name]]));

    let changed = false;
    cells.forEach((cell, i) => {
      for (const [a, b] of SAME_WHEN_EQUAL) {
        if (cell[a] !== cell[b] || cell[a] === 0 || withheld[a].has(i) === withheld[b].has(i)) continue;
        tied[withheld[a].has(i) ? b : a].add(i);
        changed = true;
      }
    });
    if (!changed) return withheld;
  }
}

/**
 * The report's rows as published: withheld counts null (see withheldCounts), every shown count
 * perturbed by its cell key (cell-key.ts), and
 *  - `successRate` from the perturbed counts, withheld wherever `successful` or `unsuccessful`
 *    is: with the other one shown (or derivable), the rate would give the withheld one away. A
 *    small number of outcomes needs no rule of its own, since one of its two parts is then small;
 *  - `medianDaysToOutcome` withheld when it is the median of a small number of outcomes.
 */
export function publishedRows(cells: CellFigures[], dimensions: ReportDimension[], { threshold, maxShift }: Protection): OutcomeReportRow[] {
  const withheld = withheldCounts(cells, dimensions, threshold);
  return cells.map((cell, i) => {
    const published = (name: CountName) => (withheld[name].has(i) ? null : perturbedCount(cell[name], cell.keys[name], maxShift, threshold));
    const successful = published('successful');
    const unsuccessful = published('unsuccessful');
    const outcomes = cell.successful + cell.unsuccessful;
    const rateWithheld = outcomes > 0 && (successful === null || unsuccessful === null);
    const medianWithheld = cell.timedOutcomes > 0 && (withheld.referrals.has(i) || isSmall(cell.timedOutcomes, threshold));
    return {
      // The figures' dimension values are the enums' names, as the statement reads them from the row.
      ...(Object.fromEntries(DIMENSION_FIELDS.map(({ field }) => [field, cell[field]])) as Pick<OutcomeReportRow, DimensionField>),
      referrals: published('referrals'),
      accepted: published('accepted'),
      completed: published('completed'),
      successful,
      uniqueClients: published('uniqueClients'),
      successRate: outcomes === 0 || rateWithheld ? null : successful! / (successful! + unsuccessful!),
      medianDaysToOutcome: medianWithheld ? null : cell.medianDays,
      suppressed: rateWithheld || medianWithheld || COUNTS.some((name) => withheld[name].has(i)),
    };
  });
}
