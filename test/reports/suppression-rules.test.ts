import { publishedSums, withheldCells } from '../../src/reports/suppression';

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
});
