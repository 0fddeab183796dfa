/** Rows in the order of `keys` (null where none), as DataLoader expects from a `= ANY($1)` query. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** Rows grouped under each of `keys`, in the rows' order (an empty list where none). */
export function groupedByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V, index: number) => K): V[][] {
  const map = new Map<K, V[]>(keys.map((key) => [key, []]));
  rows.forEach((row, i) => map.get(keyOf(row, i))?.push(row));
  return keys.map((key) => map.get(key) ?? []);
}

/**
 * For keys that carry arguments besides an id (a page size, a cursor): one `load` per distinct
 * arguments, given the keys that share them and answering in their order; results in key order.
 */
export async function batchedByArguments<K, V>(keys: readonly K[], argumentsOf: (key: K) => string, load: (group: K[]) => Promise<V[]>): Promise<V[]> {
  const groups = new Map<string, number[]>();
  keys.forEach((key, i) => {
    const args = argumentsOf(key);
    groups.set(args, [...(groups.get(args) ?? []), i]);
  });
  const results = new Array<V>(keys.length);
  for (const indexes of groups.values()) {
    const values = await load(indexes.map((i) => keys[i]));
    indexes.forEach((keyIndex, j) => (results[keyIndex] = values[j]));
  }
  return results;
}
