import type { PoolClient } from 'pg';
import { hsdsTable, readSql, writeSql, type HsdsField } from './model';
import { stageOf } from './import-stage';

/**
 * Tables in the order their links need (a service after its organization, a link after both
 * ends); locations before services, so that a new service is written once with its places.
 */
export const UPSERT_ORDER = [
  'taxonomy', 'taxonomy_term', 'organization', 'program', 'unit', 'location', 'service', 'service_at_location',
  'address', 'phone', 'contact', 'schedule', 'language', 'accessibility', 'cost_option', 'funding', 'service_area',
  'required_document', 'service_capacity', 'organization_identifier', 'url', 'attribute', 'metadata', 'meta_table_description',
];

/** Beacon's own columns of a record the import creates (and, for some, updates), as SQL over the staged row `s`. */
interface Extra {
  column: string;
  insert: string;
  update?: string;
}

const EXTRAS = (defaultTimeZone: string): Record<string, Extra[]> => ({
  organization: [
    { column: 'kinds', insert: `ARRAY['PROVIDER']` },
    { column: 'updated_at', insert: 'now()', update: 'now()' },
  ],
  service: [
    { column: 'category', insert: `(SELECT c.category FROM hsds_category c WHERE c.id = s.id)` },
    // A new service is written once with its final search document and places (as the
    // DirectoryBulkRefresh migration lays out for bulk loaders): the refreshes after find nothing to change.
    {
      column: 'search_document',
      insert: `service_search_document(s.name, p.terms, coalesce(s.description, ''), (SELECT o.name FROM organization o WHERE o.id = s.organization_id::uuid))`,
    },
    { column: 'location_cells', insert: `earth_cells_of(coalesce(p.latitudes, '{}'), coalesce(p.longitudes, '{}'))` },
    { column: 'location_latitudes', insert: `coalesce(p.latitudes, '{}')` },
    { column: 'location_longitudes', insert: `coalesce(p.longitudes, '{}')` },
    { column: 'location_confidential', insert: `coalesce(p.confidential, '{}')` },
    // The source's own date stands as the last change until Beacon's edits move it on.
    { column: 'updated_at', insert: `coalesce(s.last_modified::timestamptz, now())`, update: `coalesce(EXCLUDED.last_modified, now())` },
    { column: 'imported_at', insert: 'now()', update: 'now()' },
    { column: 'version', insert: '1', update: 't.version + 1' },
  ],
  location: [{ column: 'time_zone', insert: `'${defaultTimeZone.replace(/'/g, "''")}'` }],
  // Beacon lists these in an order of its own, which HSDS does not carry: new ones by id.
  language: [{ column: 'position', insert: 's._position' }],
  phone: [{ column: 'position', insert: 's._position' }],
  cost_option: [{ column: 'position', insert: 's._position' }],
  service_at_location: [{ column: 'position', insert: 's._position' }],
  service_capacity: [
    // Beacon names a capacity's unit by a word ("beds"): the unit record's name.
    { column: 'unit', insert: `coalesce((SELECT u.name FROM unit u WHERE u.id = s.unit_id::uuid), 'unit')`, update: 'EXCLUDED.unit' },
  ],
});

/** The tables Beacon keeps in a list order, and what they are listed under. */
const LISTED_UNDER: Record<string, string> = { language: 'service_id', phone: 'location_id', cost_option: 'service_id', service_at_location: 'service_id' };

export interface Upserted {
  created: number;
  updated: number;
  changeRecords: number;
}

/**
 * Writes a table's staged rows into Beacon's: new ids inserted, changed ones updated (only the
 * fields the source gives, only where a value differs), each changed field recorded as an HSDS
 * change record attributed to the import, unchanged rows left alone (no write, no record).
 * The ids written go to hsds_touched for the steps that follow.
 */
export async function upsertTable(client: PoolClient, tableName: string, present: Set<string>, by: { label: string; actorId: string | null; defaultTimeZone: string }): Promise<Upserted> {
  const table = hsdsTable(tableName);
  const stage = stageOf(table);
  const fields = table.fields.filter((f) => f.name === 'id' || present.has(f.name));
  const values = fields.filter((f) => f.name !== 'id');
  const extras = EXTRAS(by.defaultTimeZone)[tableName] ?? [];
  const listed = LISTED_UNDER[tableName];
  const position = listed ? `, row_number() OVER (PARTITION BY ${listed} ORDER BY id) - 1 AS _position` : '';
  const staged = `(SELECT *${position} FROM ${stage} ORDER BY _ord) s${tableName === 'service' ? ' LEFT JOIN hsds_places p ON p.service_id = s.id' : ''}`;

  let changeRecords = 0;
  if (tableName !== 'metadata' && values.length) {
    const result = await client.query(
      `INSERT INTO metadata (resource_id, resource_type, last_action_type, field_name, previous_value, replacement_value, updated_by, updated_by_id)
       SELECT t.id, $1, 'update', c.field, to_jsonb(c.previous), to_jsonb(c.replacement), $2, $3
         FROM ${stage} s JOIN ${table.table} t ON t.id = s.id::uuid
        CROSS JOIN LATERAL (VALUES ${values.map((f) => `('${f.name}', ${changed(f)}, (${readSql(f)})::text, s."${f.name}")`).join(', ')}) AS c (field, changed, previous, replacement)
        WHERE c.changed`,
      [table.name, by.label, by.actorId],
    );
    changeRecords = result.rowCount ?? 0;
  }

  const columns = [...fields.map((f) => f.name), ...extras.map((e) => e.column)];
  const selected = [...fields.map((f) => writeSql(f, `s."${f.name}"`)), ...extras.map((e) => e.insert)];
  const updates = [...values.map((f) => `${f.name} = EXCLUDED.${f.name}`), ...extras.filter((e) => e.update).map((e) => `${e.column} = ${e.update}`)];
  const onConflict = values.length
    ? `DO UPDATE SET ${updates.join(', ')} WHERE (${values.map((f) => `t.${f.name}`).join(', ')}) IS DISTINCT FROM (${values.map((f) => `EXCLUDED.${f.name}`).join(', ')})`
    : 'DO NOTHING';
  const { rows } = await client.query(
    `WITH up AS (
       INSERT INTO ${table.table} AS t (${columns.join(', ')})
       SELECT ${selected.join(', ')} FROM ${staged}
       ON CONFLICT (id) ${onConflict}
       RETURNING t.id, (xmax = 0) AS created
     ), kept AS (INSERT INTO hsds_touched (table_name, id, created) SELECT $1, id, created FROM up RETURNING created)
     SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated FROM kept`,
    [table.name],
  );
  if (tableName === 'service' && rows[0].created) {
    // A listing's creation is a change record too, as when it is typed in Beacon.
    const result = await client.query(
      `INSERT INTO metadata (resource_id, resource_type, last_action_type, field_name, previous_value, replacement_value, updated_by, updated_by_id)
       SELECT h.id, 'service', 'create', 'id', NULL, to_jsonb(h.id::text), $1, $2 FROM hsds_touched h WHERE h.table_name = 'service' AND h.created`,
      [by.label, by.actorId],
    );
    changeRecords += result.rowCount ?? 0;
  }
  return { created: rows[0].created, updated: rows[0].updated, changeRecords };
}

/** SQL: the staged value of `f` differs from the stored one (compared as the column's type). */
const changed = (f: HsdsField) => `t.${f.name} IS DISTINCT FROM ${writeSql(f, `s."${f.name}"`)}`;

