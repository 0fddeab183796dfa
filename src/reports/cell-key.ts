/**
 * Consistent perturbation of published counts: the cell key method of the Australian Bureau of
 * Statistics' TableBuilder, as a pure function of a count and its cell key.
 *
 * Every referral and every client carries a record key, a random number from 0 to 255 drawn at
 * creation and never shown (the ReportRecordKeys migration). A count's cell key is the sum of its
 * records' keys modulo 256, so the same records always give the same cell key, in any report and
 * whatever else was asked, and sums of keys aggregate in SQL like the counts themselves. The
 * table below maps the cell key to a shift that is added to the count. Asking again, or for the
 * same records another way, gives the same number, so repeated questions cannot average the
 * shift away; only differently composed counts get independent shifts.
 *
 * The table for a largest shift D (REPORT_PERTURBATION) is public and fixed; the secrecy is in
 * the record keys. It is built by a rule rather than written out, since D is a setting:
 *   - half the keys (128) shift by 0, the most the design allows;
 *   - the other 128 are split as evenly as they go over the 2D shifts -D..-1 and 1..D, +s and -s
 *     always getting as many keys as each other (64 per sign, the remainder to the smaller
 *     magnitudes), so the shifts have mean zero and never exceed D;
 *   - the shifts are laid out over the keys by a fixed stride (an odd one, so every key gets one
 *     entry), so that neighbouring keys get unrelated shifts.
 * A sum of uniform random keys modulo 256 is itself uniform, so every cell key, and so every
 * shift, is as likely as the table's shares say. D = 0 gives a table of zeros: exact counts.
 */
export const CELL_KEYS = 256;

/** Walks the keys in an order unrelated to their size: 101 is odd, so k -> 101k mod 256 is a permutation. */
const STRIDE = 101;

const tables = new Map<number, readonly number[]>();

/** The shift for each cell key (index 0 to 255) when no count moves by more than `maxShift`. */
export function perturbationTable(maxShift: number): readonly number[] {
  const cached = tables.get(maxShift);
  if (cached) return cached;
  if (!Number.isInteger(maxShift) || maxShift < 0 || maxShift > CELL_KEYS / 4) throw new RangeError(`maxShift must be a whole number from 0 to ${CELL_KEYS / 4}`);

  const shifts: number[] = [];
  if (maxShift > 0) {
    const perSign = CELL_KEYS / 4;
    for (let magnitude = 1; magnitude <= maxShift; magnitude++) {
      const keys = Math.floor(perSign / maxShift) + (magnitude <= perSign % maxShift ? 1 : 0);
      for (let i = 0; i < keys; i++) shifts.push(magnitude, -magnitude);
    }
  }
  while (shifts.length < CELL_KEYS) shifts.push(0);

  const table = new Array<number>(CELL_KEYS);
  shifts.forEach((shift, i) => (table[(i * STRIDE) % CELL_KEYS] = shift));
  tables.set(maxShift, table);
  return table;
}

/** A sum of record keys as the cell key it stands for. */
export function cellKey(keySum: number): number {
  return ((keySum % CELL_KEYS) + CELL_KEYS) % CELL_KEYS;
}

/**
 * The count to publish. Zero stays zero (a cell with no records has nothing to hide; the design
 * shows zeros). A count that its shift would take below the threshold is published as the
 * threshold instead: publishing it lower would give it away (only a count of exactly the
 * threshold can become threshold - D), while withholding it would mark the cell as one that
 * sits just above the threshold, and would make the withheld cells depend on the noise. So a
 * published threshold stands for any count from the threshold to the threshold + D.
 * Callers pass only counts that suppression lets through, which are zero or at least the threshold.
 */
export function perturbedCount(count: number, keySum: number, maxShift: number, threshold: number): number {
  if (count === 0) return 0;
  return Math.max(threshold, count + perturbationTable(maxShift)[cellKey(keySum)]);
}
