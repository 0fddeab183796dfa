import type { EntityManager } from 'typeorm';
import { groupedByKey } from '../common/loaders';
import { hsdsTable, readSql, relationsOf, type HsdsRelation, type HsdsTable } from './model';

/** A record as HSDS text (or null), by field name, straight from the database. */
export type HsdsRow = Record<string, string | number | null>;
/** A record as HSDS JSON: typed values, absent fields left out, nested records under their keys. */
export type HsdsObject = Record<string, unknown>;

/**
 * SQL selecting the records of `table` as the public reads them: every field as HSDS text under
 * its own name, Beacon's own-shaped records included, confidential places withheld. `where` is
 * SQL over those names (alias r); PostgreSQL pushes it into each branch, so a filter on an id
 * reaches the column's index.
 */
export function recordsSql(table: HsdsTable, where?: string): string {
  const columns = table.fields.map((f) => `${f.private ? `CASE WHEN ${f.private} THEN NULL ELSE ${readSql(f)} END` : readSql(f)} AS "${f.name}"`);
  let records = `SELECT ${columns.join(', ')} FROM ${table.table} t${table.hidden ? ` WHERE NOT ${table.hidden}` : ''}`;
  if (table.own) records += ` UNION ALL ${table.own}`;
  return `SELECT * FROM (${records}) r${where ? ` WHERE ${where}` : ''}`;
}

/** A row as HSDS JSON: numbers as numbers, empty fields left out (HSDS types admit no null). */
export function toObject(table: HsdsTable, row: HsdsRow): HsdsObject {
  const object: HsdsObject = {};
  for (const f of table.fields) {
    const value = row[f.name];
    if (value == null) continue;
    object[f.name] = f.type === 'number' || f.type === 'integer' ? Number(value) : String(value);
  }
  return object;
}

/** How far to nest: the relations to leave out, by "table.key". */
export interface NestOptions {
  /** organization.services: only when asked (`full_service`). */
  services?: boolean;
}

/** Relations whose record is shown flat where it hangs: a service's organization and program are not nested again. */
const FLAT = new Set(['service.organization', 'service.program']);

/**
 * The compiled (nested) forms of `rows` of `tableName`: each relation of the model loaded for
 * the whole level in one statement, down the tree; a table is never nested inside itself (a
 * service's organization does not list the services again).
 */
export async function nest(em: EntityManager, tableName: string, rows: HsdsRow[], options: NestOptions = {}, path: string[] = []): Promise<HsdsObject[]> {
  const table = hsdsTable(tableName);
  const objects = rows.map((row) => toObject(table, row));
  if (!rows.length) return objects;
  const here = [...path, tableName];
  for (const relation of relationsOf(tableName)) {
    if (here.includes(relation.table)) continue;
    if (relation.key === 'services' && !options.services) continue;
    const children = await related(em, relation, rows);
    const nested = FLAT.has(`${tableName}.${relation.key}`)
      ? children.map((row) => toObject(hsdsTable(relation.table), row))
      : await nest(em, relation.table, children, options, here);
    const keys = rows.map((row) => String(relation.one ? row[relation.one] : row.id));
    const grouped = groupedByKey(keys, nested, (_object, i) => String(children[i][relation.fk ?? 'id']));
    rows.forEach((row, i) => {
      if (!relation.one) objects[i][relation.key] = grouped[i];
      else if (row[relation.one] != null && grouped[i].length) objects[i][relation.key] = grouped[i][0];
    });
  }
  return objects;
}

/** The records of `relation` for a level's rows, in one statement. */
async function related(em: EntityManager, relation: HsdsRelation, rows: HsdsRow[]): Promise<HsdsRow[]> {
  const ids = [...new Set(rows.map((row) => (relation.one ? row[relation.one] : row.id)).filter((id) => id != null))];
  if (!ids.length) return [];
  const column = relation.fk ?? 'id';
  return em.query(`${recordsSql(hsdsTable(relation.table), `r.${column} = ANY ($1::uuid[])`)} ORDER BY r.id`, [ids]);
}

