import type { PoolClient } from 'pg';
import { BEACON_TAXONOMY_ID } from '../directory/taxonomy-term.entity';
import { HSDS_TABLES, hsdsTable, type HsdsTable } from './model';
import { stageOf, type ImportProblem } from './import-stage';

/**
 * Keys Beacon keeps unique beyond the id (what its search and API rely on): a second record
 * with the same key under another id is refused, naming both.
 */
const UNIQUE_KEYS: { table: string; key: string[]; says: string }[] = [
  { table: 'service_capacity', key: ['service_id'], says: 'Beacon keeps one capacity per service' },
  { table: 'address', key: ['location_id', 'address_type'], says: 'Beacon keeps one address of each type per location' },
  { table: 'language', key: ['service_id', 'code'], says: 'a service lists a language once' },
  { table: 'attribute', key: ['link_id', 'taxonomy_term_id'], says: 'a record carries a taxonomy term once' },
  { table: 'service_at_location', key: ['service_id', 'location_id'], says: 'a service is at a location once' },
  { table: 'taxonomy_term', key: ['taxonomy_id', 'code'], says: 'a code is unique within its taxonomy' },
];

const field = (name: string) => `"${name}"`;
const NIL = '00000000-0000-0000-0000-000000000000';
const row = (r: { _file: string; _row: string }, fieldName: string, message: string): ImportProblem => ({
  file: r._file,
  row: /^\d+$/.test(r._row) ? Number(r._row) : r._row,
  field: fieldName,
  message,
});

/**
 * The checks that need every row at once: an id given twice with different values, a link to a
 * record neither in the package nor in Beacon, a second record under one of Beacon's unique keys.
 * With `drop`, each refused row leaves its staging table, and the checks run again for the rows
 * that pointed at it (a service refused takes its locations' links with it).
 */
export async function checkStaged(client: PoolClient, drop: boolean): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  problems.push(...(await duplicates(client)));
  const own = await ownTaxonomy(client);
  problems.push(...own.map((f) => f.problem));
  if (drop) await refuse(client, own);
  for (let round = 0; round < 10; round += 1) {
    const found = [...(await references(client)), ...(await uniqueKeys(client))];
    problems.push(...found.map((f) => f.problem));
    if (!drop || !found.length) break;
    await refuse(client, found);
  }
  return problems;
}

/** Takes refused rows out of their staging tables, one statement a table (a statement a row read the whole table each time). */
async function refuse(client: PoolClient, found: Found[]): Promise<void> {
  const byTable = new Map<string, string[]>();
  for (const { table, ord } of found) byTable.set(table, [...(byTable.get(table) ?? []), ord]);
  for (const [table, ords] of byTable) {
    await client.query(
      `WITH gone AS (DELETE FROM ${stageOf(hsdsTable(table))} WHERE _ord = ANY ($1::bigint[]) RETURNING id) INSERT INTO hsds_stage_refused SELECT $2, id FROM gone`,
      [ords, table],
    );
  }
}

/**
 * Beacon's own taxonomy is reference data (its migrations load it, its categories hang on it): a
 * package may carry it (every Beacon export does), and links to its terms resolve to Beacon's,
 * but its records are not imported. A term the package puts in it that Beacon does not hold, or
 * a Beacon term the package moves to another taxonomy, is refused.
 */
async function ownTaxonomy(client: PoolClient): Promise<Found[]> {
  await client.query(`DELETE FROM hsds_stage_taxonomy WHERE id = $1`, [BEACON_TAXONOMY_ID]);
  await client.query(
    `DELETE FROM hsds_stage_taxonomy_term s USING taxonomy_term t WHERE t.id = s.id::uuid AND t.taxonomy_id = $1::uuid AND s.taxonomy_id = $1::text`,
    [BEACON_TAXONOMY_ID],
  );
  const { rows } = await client.query(
    `SELECT s._file, s._row, s._ord FROM hsds_stage_taxonomy_term s
      WHERE s.taxonomy_id = $1::text OR EXISTS (SELECT 1 FROM taxonomy_term t WHERE t.id = s.id::uuid AND t.taxonomy_id = $1::uuid)`,
    [BEACON_TAXONOMY_ID],
  );
  return rows.map((r) => ({ table: 'taxonomy_term', ord: r._ord, problem: row(r, 'taxonomy_id', "is Beacon's own taxonomy, which is reference data: the package may link its terms, not add or move them") }));
}

/** The same id twice: identical rows are one record (a compiled list repeats its organization); different ones are refused after the first. */
async function duplicates(client: PoolClient): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  for (const table of HSDS_TABLES) {
    const stage = stageOf(table);
    const columns = table.fields.map((f) => field(f.name));
    const { rows } = await client.query(
      `SELECT b._file, b._row, a._row AS first FROM ${stage} a JOIN ${stage} b ON a.id = b.id AND a._ord < b._ord
        WHERE (${columns.map((c) => `a.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `b.${c}`).join(', ')})
          AND NOT EXISTS (SELECT 1 FROM ${stage} c WHERE c.id = a.id AND c._ord < a._ord)`,
    );
    problems.push(...rows.map((r) => row(r, 'id', `repeats the id of ${table.name} row ${r.first} with other values`)));
    await client.query(`DELETE FROM ${stage} b USING ${stage} a WHERE a.id = b.id AND a._ord < b._ord`);
  }
  return problems;
}

interface Found {
  table: string;
  ord: string;
  problem: ImportProblem;
}

/** Links Beacon keeps (the model's `references`) to a record neither staged nor in Beacon. */
async function references(client: PoolClient): Promise<Found[]> {
  const found: Found[] = [];
  for (const table of HSDS_TABLES) {
    for (const f of table.fields.filter((f) => f.references)) {
      const target = hsdsTable(f.references!);
      const { rows } = await client.query(
        `SELECT s._file, s._row, s._ord, s.${field(f.name)} AS target,
                EXISTS (SELECT 1 FROM hsds_stage_refused r WHERE r.table_name = $1 AND r.id = s.${field(f.name)}) AS refused
           FROM ${stageOf(table)} s
          WHERE s.${field(f.name)} IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM ${stageOf(target)} t WHERE t.id = s.${field(f.name)})
            AND NOT EXISTS (SELECT 1 FROM ${target.table} t WHERE t.id = s.${field(f.name)}::uuid)`,
        [target.name],
      );
      for (const r of rows) {
        const message = r.refused
          ? `names ${target.name} ${r.target}, whose own row is refused`
          : `names ${target.name} ${r.target}, which is neither in the package nor in Beacon`;
        found.push({ table: table.name, ord: r._ord, problem: row(r, f.name, message) });
      }
    }
  }
  return found;
}

/** A second record under one of Beacon's unique keys, in the package or against Beacon's own (set-based: a window, a join). */
async function uniqueKeys(client: PoolClient): Promise<Found[]> {
  const found: Found[] = [];
  for (const { table: name, key, says } of UNIQUE_KEYS) {
    const table: HsdsTable = hsdsTable(name);
    // Equalities a hash join can serve: a missing taxonomy compares as the nil id.
    const equal = (a: string, b: string) => (name === 'taxonomy_term' && a.endsWith('taxonomy_id') ? `coalesce(${a}, '${NIL}') = coalesce(${b}, '${NIL}')` : `${a} = ${b}`);
    const typed = (k: string) => (table.fields.find((f) => f.name === k)!.type === 'uuid' ? `s.${field(k)}::uuid` : `s.${field(k)}`);
    // taxonomy_term's key treats a missing taxonomy as one (NULLS NOT DISTINCT); elsewhere a missing part means no key.
    const keyed = name === 'taxonomy_term' ? 's.code IS NOT NULL' : key.map((k) => `s.${field(k)} IS NOT NULL`).join(' AND ');
    const { rows } = await client.query(
      `SELECT _file, _row, _ord, other FROM (
         SELECT s._file, s._row, s._ord, first_value(s.id) OVER w AS other, row_number() OVER w AS n
           FROM ${stageOf(table)} s WHERE ${keyed}
         WINDOW w AS (PARTITION BY ${key.map((k) => `s.${field(k)}`).join(', ')} ORDER BY s._ord)
       ) ranked WHERE n > 1
       UNION ALL
       SELECT s._file, s._row, s._ord, d.id::text
         FROM ${stageOf(table)} s
         JOIN ${table.table} d ON ${key.map((k) => equal(`d.${k}`, typed(k))).join(' AND ')} AND d.id <> s.id::uuid
        WHERE ${keyed} AND NOT EXISTS (SELECT 1 FROM ${stageOf(table)} moved WHERE moved.id = d.id::text)`,
    );
    for (const r of rows) {
      found.push({ table: name, ord: r._ord, problem: row(r, key[key.length - 1], `has the same ${key.join(' and ')} as ${name} ${r.other}: ${says}`) });
    }
  }
  return found;
}
