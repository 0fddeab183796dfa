import { hsdsTable } from '../model';
import { recordsSql, toObject, type HsdsObject, type HsdsRow } from '../records';

/**
 * The list forms (compiled/service_list.json, service_at_location_list.json, the examples'
 * taxonomy_term_list.json): a record with its one-to-one records only, read in the page's own
 * statement. Under `key`, the record of `table` whose id is the parent's `via` field, with its own parts.
 */
interface Part {
  key: string;
  table: string;
  via: string;
  parts?: Part[];
}

const SERVICE: Part[] = [
  { key: 'organization', table: 'organization', via: 'organization_id' },
  { key: 'program', table: 'program', via: 'program_id' },
];

const PARTS: Record<string, Part[]> = {
  service: SERVICE,
  service_at_location: [
    { key: 'location', table: 'location', via: 'location_id' },
    { key: 'service', table: 'service', via: 'service_id', parts: SERVICE },
  ],
  taxonomy_term: [{ key: 'taxonomy_detail', table: 'taxonomy', via: 'taxonomy_id' }],
};

/**
 * SQL reading the public records of `table` whose ids `ids` (SQL) selects, each part joined by
 * its primary key and carried as a JSON column named by its path ("service.organization").
 */
export function listFormSql(table: string, ids: string): string {
  const columns = ['r.*'];
  const joins: string[] = [];
  const join = (parts: Part[], parent: string, prefix: string) => {
    for (const part of parts) {
      const alias = `part${joins.length}`;
      joins.push(`LEFT JOIN (${recordsSql(hsdsTable(part.table))}) ${alias} ON ${alias}.id = ${parent}.${part.via}`);
      columns.push(`CASE WHEN ${alias}.id IS NULL THEN NULL ELSE to_jsonb(${alias}) END AS "${prefix}${part.key}"`);
      join(part.parts ?? [], alias, `${prefix}${part.key}.`);
    }
  };
  join(PARTS[table] ?? [], 'r', '');
  return `SELECT ${columns.join(', ')} FROM (${recordsSql(hsdsTable(table), `r.id IN (${ids})`)}) r ${joins.join(' ')}`;
}

/** A row of listFormSql as HSDS JSON. */
export function listForm(table: string, row: Record<string, unknown>): HsdsObject {
  return withParts(toObject(hsdsTable(table), row as HsdsRow), row, PARTS[table] ?? [], '');
}

function withParts(object: HsdsObject, row: Record<string, unknown>, parts: Part[], prefix: string): HsdsObject {
  for (const part of parts) {
    const record = row[`${prefix}${part.key}`] as HsdsRow | null;
    if (record) object[part.key] = withParts(toObject(hsdsTable(part.table), record), row, part.parts ?? [], `${prefix}${part.key}.`);
  }
  return object;
}
