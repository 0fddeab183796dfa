import { ReportDimension } from '../../src/reports/enums';
import type { CellFigures } from '../../src/reports/outcome-report.query';
import { publishedRows } from '../../src/reports/published-rows';
import { isSmall, publishedSums, withheldCells } from '../../src/reports/suppression';

const NO_KEYS = { referrals: 0, accepted: 0, completed: 0, successful: 0, unsuccessful: 0, uniqueClients: 0 };

/** The suppression rule on its own, over tables too large to build through the API. */
describe('the suppression rule', () => {
  it('groups one dimension as a single table, and more dimensions also by each line along each dimension', () => {
    expect(publishedSums([['A'], ['B'], ['C']])).toEqual([[0, 1, 2]]);
    const twoByTwo = publishedSums([['Jan', 'A'], ['Jan', 'B'], ['Feb', 'A'], ['Feb', 'B']]);
    expect(twoByTwo).toEqual([[0, 1, 2, 3], [0, 2], [1, 3], [0, 1], [2, 3]]);
  });

  it('never picks a zero as the complement, and leaves a line whose only other cells are zero alone', () => {
    expect([...withheldCells([0, 3, 0], [[0, 1, 2]], 11)]).toEqual([1]);
    expect([...withheldCells([0, 3, 12, 40], [[0, 1, 2, 3]], 11)].sort()).toEqual([1, 2]);
  });

  it('treats a count of exactly the threshold as safe and one below it as small', () => {
    expect([...withheldCells([11, 10, 50], [[0, 1, 2]], 11)].sort()).toEqual([0, 1]);
    expect([...withheldCells([11, 12, 50], [[0, 1, 2]], 11)]).toEqual([]);
  });

  it('repeats until every published sum covers no withheld cell or at least two, over many random tables', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let table = 0; table < 300; table++) {
      const months = 1 + Math.floor(random() * 5);
      const categories = 1 + Math.floor(random() * 5);
      const organizations = 1 + Math.floor(random() * 3);
      const keys: string[][] = [];
      for (let m = 0; m < months; m++) for (let c = 0; c < categories; c++) for (let o = 0; o < organizations; o++) keys.push([`m${m}`, `c${c}`, `o${o}`]);
      const counts = keys.map(() => (random() < 0.3 ? 0 : Math.floor(random() * 30)));
      const groups = publishedSums(keys);
      const withheld = withheldCells(counts, groups, 11);
      counts.forEach((count, i) => {
        if (count >= 1 && count < 11) expect(withheld.has(i)).toBe(true);
        if (count === 0) expect(withheld.has(i)).toBe(false);
      });
      for (const group of groups) {
        const hidden = group.filter((i) => withheld.has(i));
        const couldPair = group.some((i) => !withheld.has(i) && counts[i] > 0);
        expect(hidden.length !== 1 || !couldPair).toBe(true);
      }
    }
  });

  it('never leaves a small number of unsuccessful outcomes the only unknown of a published sum, over many random tables', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const count = () => (random() < 0.3 ? 0 : Math.floor(random() * 30));
    const dimensions = [ReportDimension.MONTH, ReportDimension.CATEGORY];
    for (let table = 0; table < 300; table++) {
      const months = 1 + Math.floor(random() * 5);
      const categories = 1 + Math.floor(random() * 5);
      const cells: CellFigures[] = [];
      for (let m = 0; m < months; m++) {
        for (let c = 0; c < categories; c++) {
          const successful = count();
          const unsuccessful = count();
          const referrals = successful + unsuccessful + count();
          cells.push({ period: `m${m}`, category: `c${c}`, organizationId: null, outcomeType: null, referrals, accepted: referrals, completed: successful,
            successful, unsuccessful, uniqueClients: referrals, timedOutcomes: 0, medianDays: null, keys: NO_KEYS });
        }
      }
      const rows = publishedRows(cells, dimensions, { threshold: 11, maxShift: 0 });
      // A reader knows a row's unsuccessful outcomes where its rate and successful are shown.
      // Beside a row with a small number, every published sum must leave at least two unknown.
      const known = (i: number) => rows[i].successRate !== null && rows[i].successful !== null;
      for (const group of publishedSums(cells.map((c) => [c.period, c.category]))) {
        if (!group.some((i) => isSmall(cells[i].unsuccessful, 11))) continue;
        const unknown = group.filter((i) => !known(i) && cells[i].unsuccessful > 0);
        const couldPair = group.some((i) => known(i) && cells[i].unsuccessful > 0);
        expect(unknown.length !== 1 || !couldPair).toBe(true);
      }
    }
  });

  it('under OUTCOME_TYPE, never leaves a small number of successful outcomes the only unknown of a published sum, over many random tables', () => {
    // A successful type's referrals, completed and successful are the same referrals: a reader
    // knows a row's successful outcomes from any of the three that is shown.
    let seed = 13;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const types: [string | null, boolean | null][] = [['HOUSED', true], ['EMPLOYED', true], ['SERVICE_RECEIVED', true], ['LOST_CONTACT', false], ['NOT_ELIGIBLE', false], [null, null]];
    const dimensions = [ReportDimension.MONTH, ReportDimension.OUTCOME_TYPE];
    for (let table = 0; table < 300; table++) {
      const cells: CellFigures[] = [];
      for (let m = 0; m < 1 + Math.floor(random() * 4); m++) {
        for (const [type, successful] of types) {
          const n = random() < 0.3 ? 0 : Math.floor(random() * 25);
          cells.push({ period: `m${m}`, category: null, organizationId: null, outcomeType: type, referrals: n, accepted: n, completed: successful ? n : 0,
            successful: successful ? n : 0, unsuccessful: successful === false ? n : 0, uniqueClients: n, timedOutcomes: 0, medianDays: null, keys: NO_KEYS });
        }
      }
      const rows = publishedRows(cells, dimensions, { threshold: 11, maxShift: 0 });
      const known = (i: number) => rows[i].successful !== null || rows[i].completed !== null || rows[i].referrals !== null;
      for (const group of publishedSums(cells.map((c) => [c.period, c.outcomeType]))) {
        if (!group.some((i) => isSmall(cells[i].successful, 11))) continue;
        const unknown = group.filter((i) => !known(i) && cells[i].successful > 0);
        const couldPair = group.some((i) => known(i) && cells[i].successful > 0);
        expect(unknown.length !== 1 || !couldPair).toBe(true);
      }
    }
  });
});
