import { CELL_KEYS, cellKey, perturbationTable, perturbedCount } from '../../src/reports/cell-key';

/** The perturbation table and the published count, on their own (pure functions, no database). */
describe('the cell key perturbation table', () => {
  const settings = Array.from({ length: 10 }, (_, i) => i + 1);

  it('has a shift for every cell key, none larger than the setting, every shift from -D to D used', () => {
    for (const d of settings) {
      const table = perturbationTable(d);
      expect(table).toHaveLength(CELL_KEYS);
      expect(table.every((shift) => Number.isInteger(shift) && Math.abs(shift) <= d)).toBe(true);
      for (let shift = -d; shift <= d; shift++) expect([d, shift, table.includes(shift)]).toEqual([d, shift, true]);
    }
  });

  it('has mean zero: each shift +s has as many keys as -s', () => {
    for (const d of settings) {
      const table = perturbationTable(d);
      expect(table.reduce((sum, shift) => sum + shift, 0)).toBe(0);
      for (let s = 1; s <= d; s++) expect(table.filter((x) => x === s).length).toBe(table.filter((x) => x === -s).length);
    }
  });

  it('shifts by zero for at most half of the keys', () => {
    for (const d of settings) expect(perturbationTable(d).filter((shift) => shift === 0).length).toBeLessThanOrEqual(CELL_KEYS / 2);
  });

  it('is all zeros at 0 (exact counts), and the same table every time for a setting', () => {
    expect(perturbationTable(0).every((shift) => shift === 0)).toBe(true);
    expect(perturbationTable(2)).toBe(perturbationTable(2));
    expect(() => perturbationTable(-1)).toThrow(RangeError);
    expect(() => perturbationTable(1.5)).toThrow(RangeError);
  });

  it('takes a sum of record keys modulo 256', () => {
    expect(cellKey(0)).toBe(0);
    expect(cellKey(256 + 7)).toBe(7);
    expect(cellKey(255 * 1000)).toBe((255 * 1000) % 256);
  });
});

describe('a published count', () => {
  const table = perturbationTable(2);
  const keyFor = (shift: number) => table.indexOf(shift);

  it('is the count plus its cell key\'s shift, the same for the same keys', () => {
    for (const shift of [-2, -1, 0, 1, 2]) {
      expect(perturbedCount(40, keyFor(shift), 2, 11)).toBe(40 + shift);
      expect(perturbedCount(40, keyFor(shift) + 256 * 3, 2, 11)).toBe(40 + shift);
    }
  });

  it('keeps zero as zero and is never below the threshold: a count the shift would take under it is the threshold', () => {
    expect(perturbedCount(0, keyFor(2), 2, 11)).toBe(0);
    expect(perturbedCount(11, keyFor(-2), 2, 11)).toBe(11);
    expect(perturbedCount(12, keyFor(-2), 2, 11)).toBe(11);
    expect(perturbedCount(13, keyFor(-2), 2, 11)).toBe(11);
    for (let count = 11; count < 30; count++) for (let key = 0; key < CELL_KEYS; key++) expect(perturbedCount(count, key, 2, 11)).toBeGreaterThanOrEqual(11);
  });

  it('is exact with a largest shift of 0', () => {
    for (let key = 0; key < CELL_KEYS; key++) expect(perturbedCount(23, key, 0, 11)).toBe(23);
  });
});
