/**
 * Small-cell suppression (the CMS cell-size rule), as a pure function over one count of a
 * report's cells.
 *
 * Primary: a count from 1 to threshold-1 is withheld; zero is shown.
 *
 * Complementary: a withheld cell could be worked out whenever it is the only withheld cell of a
 * group of cells whose sum is published. Which sums are published? The report's totals (the
 * whole table), and, since a funder may ask for the same period with fewer dimensions, every
 * marginal of the table: for each dimension, the cells that agree on all the other dimensions
 * sum to a row of the report grouped by those other dimensions. So the groups are
 *   - one dimension (say CATEGORY): the whole table, summing to the totals;
 *   - two or more (say MONTH x CATEGORY): the whole table, plus each "line" along each
 *     dimension (one month's categories, one category's months), summing to the marginals.
 * Under OUTCOME_TYPE the referrals with no outcome are a cell like any other, so the lines add
 * up. Whenever a group holds exactly one withheld cell, its smallest other non-zero cell is
 * withheld too; this repeats until no group changes, since a new withholding may leave another
 * group with a single withheld cell.
 *
 * A group whose only non-zero cell is withheld needs no partner: its sum equals that cell, and
 * that sum is itself a small count, withheld wherever it is published.
 */
export function isSmall(count: number, threshold: number): boolean {
  return count >= 1 && count < threshold;
}

/** The groups of cells (indices) with a published sum, for cells keyed by their dimension values. */
export function publishedSums(keys: readonly (readonly unknown[])[]): number[][] {
  const all = keys.map((_, i) => i);
  const width = keys[0]?.length ?? 0;
  if (width < 2) return [all];
  const lines: number[][] = [];
  for (let dimension = 0; dimension < width; dimension++) {
    const byRest = new Map<string, number[]>();
    keys.forEach((key, i) => {
      const rest = JSON.stringify(key.filter((_, d) => d !== dimension));
      byRest.set(rest, [...(byRest.get(rest) ?? []), i]);
    });
    lines.push(...[...byRest.values()].filter((line) => line.length > 1));
  }
  return [all, ...lines];
}

/**
 * The indices of `counts` to withhold, primary and complementary, given the groups with published
 * sums. `alongside` names cells withheld for another reason; only their non-zero counts matter,
 * since a withheld zero hides nothing and protects nothing.
 */
export function withheldCells(counts: readonly number[], groups: readonly number[][], threshold: number, alongside: ReadonlySet<number> = new Set()): Set<number> {
  const withheld = new Set(counts.flatMap((count, i) => (isSmall(count, threshold) || (alongside.has(i) && count > 0) ? [i] : [])));
  let changed = withheld.size > 0;
  while (changed) {
    changed = false;
    for (const group of groups) {
      if (group.filter((i) => withheld.has(i)).length !== 1) continue;
      const partner = smallestShown(counts, group, withheld);
      if (partner === undefined) continue;
      withheld.add(partner);
      changed = true;
    }
  }
  return withheld;
}

/** The group's smallest non-zero cell still shown (the first of equals, so the result is stable). */
function smallestShown(counts: readonly number[], group: readonly number[], withheld: Set<number>): number | undefined {
  let best: number | undefined;
  for (const i of group) {
    if (withheld.has(i) || counts[i] === 0) continue;
    if (best === undefined || counts[i] < counts[best]) best = i;
  }
  return best;
}
