import { perturbedCount } from './cell-key';
import { dimensionValues, DIMENSIONS, type DimensionField, type DimensionValues } from './dimensions';
import type { ReportDimension } from './enums';
import { COUNTS, type CellFigures, type CountName } from './outcome-report.query';
import { isSmall, publishedSums, withheldCells } from './suppression';
import type { OutcomeReportRow } from './types';

/**
 * How one report's counts protect each other. Every count of a row counts some of the records
 * that `lead` counts (referrals; clients in the recovery capital report).
 */
export interface CountRules<N extends string> {
  lead: N;
  /** The other counts, each withheld wherever `lead` is. */
  followers: readonly N[];
  /** Pairs of a row's counts that are one figure when they are equal, so withheld together. */
  sameWhenEqual: readonly (readonly [N, N])[];
}

/** One cell's counts, with its dimension values (for the groups of suppression.ts) and each count's cell key. */
export type CountCell<N extends string> = Record<N, number> & DimensionValues & { keys: Record<N, number> };

/**
 * The outcome report's counts. The other counts of a row describe the same referrals, so they
 * follow `referrals`. `unsuccessful` is not a column, but a shown rate and `successful` give it
 * away (unsuccessful = successful / rate - successful), so it is suppressed like a published count.
 *
 * Pairs that are one figure when equal: every count of a row counts some of its referrals
 * (uniqueClients, their clients), and successful outcomes are completed referrals: a subset as
 * large as its set is the set. Under OUTCOME_TYPE that is the rule, not the chance: a HOUSED
 * row's referrals, completed and successful are the same referrals, so the totals' successful
 * minus a shown HOUSED row would give away a withheld EMPLOYED row unless withholding the one
 * withholds the others. Clients stand in for referrals when they are as many, since a reader
 * would take the one for the other.
 */
const OUTCOME_COUNTS: CountRules<CountName> = {
  lead: 'referrals',
  followers: COUNTS.filter((name) => name !== 'referrals'),
  sameWhenEqual: [
    ['accepted', 'referrals'],
    ['completed', 'referrals'],
    ['successful', 'referrals'],
    ['unsuccessful', 'referrals'],
    ['uniqueClients', 'referrals'],
    ['successful', 'completed'],
  ],
};

export interface Protection {
  /** Counts from 1 to threshold - 1 are withheld. */
  threshold: number;
  /** The largest shift of a published count (REPORT_PERTURBATION); 0 publishes exact counts. */
  maxShift: number;
}

/**
 * Which counts of which cells to withhold, count by count (see suppression.ts for the groups
 * of cells with published sums). Beyond the cell-size rule:
 *  - where the lead count is withheld, so is everything else the row says about its records
 *    (non-zero counts, rates, medians, means): a follower often equals it and would give it away;
 *  - two counts of a row that are one figure (sameWhenEqual) are withheld together.
 * Either may leave a group with a single withheld cell of another count, so the rounds repeat
 * until nothing changes.
 */
export function withheldCounts<N extends string>(cells: CountCell<N>[], dimensions: ReportDimension[], threshold: number, rules: CountRules<N>): Record<N, Set<number>> {
  const groups = publishedSums(cells.map((cell) => dimensions.map((d) => cell[DIMENSIONS[d].field])));
  const names = [rules.lead, ...rules.followers];
  const tied = Object.fromEntries(names.map((name) => [name, new Set<number>()])) as Record<N, Set<number>>;
  for (;;) {
    const lead = withheldCells(cells.map((c) => c[rules.lead]), groups, threshold, tied[rules.lead]);
    const withheld = { [rules.lead]: lead } as Record<N, Set<number>>;
    for (const name of rules.followers) withheld[name] = withheldCells(cells.map((c) => c[name]), groups, threshold, new Set([...lead, ...tied[name]]));

    let changed = false;
    cells.forEach((cell, i) => {
      for (const [a, b] of rules.sameWhenEqual) {
        if (cell[a] !== cell[b] || cell[a] === 0 || withheld[a].has(i) === withheld[b].has(i)) continue;
        tied[withheld[a].has(i) ? b : a].add(i);
        changed = true;
      }
    });
    if (!changed) return withheld;
  }
}

/** Each cell's counts as published: withheld ones null (withheldCounts), every other one perturbed by its cell key (cell-key.ts). */
export function publishedCounts<N extends string>(
  cells: CountCell<N>[],
  dimensions: ReportDimension[],
  { threshold, maxShift }: Protection,
  rules: CountRules<N>,
): { withheld: Record<N, Set<number>>; counts: Record<N, number | null>[] } {
  const withheld = withheldCounts(cells, dimensions, threshold, rules);
  const names = [rules.lead, ...rules.followers];
  const counts = cells.map(
    (cell, i) =>
      Object.fromEntries(names.map((name) => [name, withheld[name].has(i) ? null : perturbedCount(cell[name], cell.keys[name], maxShift, threshold)])) as Record<N, number | null>,
  );
  return { withheld, counts };
}

/**
 * The report's rows as published: withheld counts null (see withheldCounts), every shown count
 * perturbed by its cell key (cell-key.ts), and
 *  - `successRate` from the perturbed counts, withheld wherever `successful` or `unsuccessful`
 *    is: with the other one shown (or derivable), the rate would give the withheld one away. A
 *    small number of outcomes needs no rule of its own, since one of its two parts is then small;
 *  - `medianDaysToOutcome` withheld when it is the median of a small number of outcomes.
 */
export function publishedRows(cells: CellFigures[], dimensions: ReportDimension[], protection: Protection): OutcomeReportRow[] {
  const { withheld, counts } = publishedCounts(cells, dimensions, protection, OUTCOME_COUNTS);
  return cells.map((cell, i) => {
    const { successful, unsuccessful } = counts[i];
    const outcomes = cell.successful + cell.unsuccessful;
    const rateWithheld = outcomes > 0 && (successful === null || unsuccessful === null);
    const medianWithheld = cell.timedOutcomes > 0 && (withheld.referrals.has(i) || isSmall(cell.timedOutcomes, protection.threshold));
    return {
      // The figures' dimension values are the enums' names, as the statement reads them from the row.
      ...(dimensionValues(cell, 'field') as Pick<OutcomeReportRow, DimensionField>),
      referrals: counts[i].referrals,
      accepted: counts[i].accepted,
      completed: counts[i].completed,
      successful,
      uniqueClients: counts[i].uniqueClients,
      successRate: outcomes === 0 || rateWithheld ? null : successful! / (successful! + unsuccessful!),
      medianDaysToOutcome: medianWithheld ? null : cell.medianDays,
      suppressed: rateWithheld || medianWithheld || COUNTS.some((name) => withheld[name].has(i)),
    };
  });
}
