import { HSDS_TABLES, hsdsTable, relationsOf, type HsdsRelation } from './model';

/** A record read from the source, before checking: where it was (file, row) and its values by field name. */
export interface SourceRecord {
  row: string;
  values: Record<string, unknown>;
}

export interface Flattened {
  /** The records of each table, by HSDS table name. */
  tables: Map<string, SourceRecord[]>;
  warnings: { row: string; field: string; message: string }[];
  /** One id with two different values of a field. */
  errors: { row: string; field: string; message: string }[];
}

/** service_at_location_full nests its service, which the API's compiled forms do not. */
const IMPORT_ONLY: Record<string, HsdsRelation[]> = {
  service_at_location: [{ key: 'service', table: 'service', one: 'service_id' }],
};
/** Nested attributes and metadata may leave out whose they are: the parent says. */
const PARENT_LINKS: Record<string, { id: string; kind?: string }> = {
  attribute: { id: 'link_id', kind: 'link_entity' },
  metadata: { id: 'resource_id', kind: 'resource_type' },
};

/**
 * What an HSDS JSON document holds, flattened into the tabular records: one compiled object
 * (service, organization, service_at_location, location, taxonomy, taxonomy_term), an array of
 * them, an API page (`contents`), the tabular form keyed by CSV file name, or the API's root
 * document (no records).
 */
export function flattenJson(document: unknown): Flattened {
  const out: Flattened = { tables: new Map(), warnings: [], errors: [] };
  const seen = new Map<string, SourceRecord>();
  // A compiled document repeats a record under each of its parents (a language under its
  // service, its location and its phone), each time without the links the nesting implies:
  // the occurrences are one record, merged field by field; two different values are a conflict.
  const add = (table: string, record: SourceRecord) => {
    const id = record.values.id;
    const key = id == null ? null : `${table}:${String(id)}`;
    const first = key ? seen.get(key) : undefined;
    if (first) {
      for (const [field, value] of Object.entries(record.values)) {
        const had = first.values[field];
        if (had == null) first.values[field] = value;
        else if (value != null && JSON.stringify(had) !== JSON.stringify(value)) {
          out.errors.push({ row: record.row, field, message: `differs from the same ${table} at ${first.row} (${JSON.stringify(had)})` });
        }
      }
      return;
    }
    if (key) seen.set(key, record);
    const list = out.tables.get(table) ?? [];
    list.push(record);
    out.tables.set(table, list);
  };

  const walk = (tableName: string, object: Record<string, unknown>, row: string, parent?: { table: string; fk: string; id: unknown }) => {
    const table = hsdsTable(tableName);
    const relations = [...relationsOf(tableName), ...(IMPORT_ONLY[tableName] ?? [])];
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      if (table.fields.some((f) => f.name === key)) values[key] = value;
      else if (!relations.some((r) => r.key === key)) out.warnings.push({ row, field: key, message: `is not a field of an HSDS ${tableName}: left out` });
    }
    if (parent) {
      const link = PARENT_LINKS[tableName];
      if (link) {
        values[link.id] ??= parent.id;
        if (link.kind) values[link.kind] ??= parent.table;
      } else {
        values[parent.fk] ??= parent.id;
      }
    }
    add(tableName, { row, values });
    for (const relation of relations) {
      const nested = object[relation.key];
      if (nested == null) continue;
      if (relation.one) {
        if (typeof nested !== 'object' || Array.isArray(nested)) {
          out.warnings.push({ row, field: relation.key, message: 'must be an object: left out' });
          continue;
        }
        const child = nested as Record<string, unknown>;
        values[relation.one] ??= child.id;
        // A service's program belongs to the service's organization.
        const implied = relation.table === 'program' && values.organization_id != null ? { ...child, organization_id: child.organization_id ?? values.organization_id } : child;
        walk(relation.table, implied, `${row}.${relation.key}`);
      } else if (Array.isArray(nested)) {
        nested.forEach((child, i) => {
          if (child && typeof child === 'object') walk(relation.table, child as Record<string, unknown>, `${row}.${relation.key}[${i}]`, { table: tableName, fk: relation.fk!, id: object.id });
          else out.warnings.push({ row, field: `${relation.key}[${i}]`, message: 'must be an object: left out' });
        });
      } else {
        out.warnings.push({ row, field: relation.key, message: 'must be an array: left out' });
      }
    }
  };

  const item = (value: unknown, row: string) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      out.warnings.push({ row, field: '', message: 'is not an HSDS object: left out' });
      return;
    }
    const object = value as Record<string, unknown>;
    const kind = kindOf(object);
    if (kind) walk(kind, object, row);
    else out.warnings.push({ row, field: '', message: 'is not a service, organization, service_at_location, location, taxonomy or taxonomy_term: left out' });
  };

  if (Array.isArray(document)) document.forEach((value, i) => item(value, `[${i}]`));
  else if (document && typeof document === 'object') {
    const object = document as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length && keys.every((k) => k.endsWith('.csv'))) {
      for (const [file, rows] of Object.entries(object)) {
        const table = HSDS_TABLES.find((t) => t.file === file);
        if (!table) out.warnings.push({ row: file, field: '', message: 'is not an HSDS 3.1 table: left out' });
        else if (Array.isArray(rows)) rows.forEach((values, i) => add(table.name, { row: `${file}[${i}]`, values: values as Record<string, unknown> }));
      }
    } else if (Array.isArray(object.contents)) object.contents.forEach((value, i) => item(value, `contents[${i}]`));
    else if ('openapi_url' in object && !('id' in object)) out.warnings.push({ row: '', field: '', message: "is the API's root document: it holds no records" });
    else item(object, '$');
  }
  return out;
}

/** Which compiled object `o` is, from the fields only it has. */
function kindOf(o: Record<string, unknown>): string | null {
  const has = (...keys: string[]) => keys.some((k) => k in o);
  if (has('status', 'service_at_locations', 'eligibility_description', 'program_id')) return 'service';
  if (has('location', 'service') || ('service_id' in o && 'location_id' in o)) return 'service_at_location';
  if (has('location_type', 'addresses', 'latitude', 'accessibility', 'transportation')) return 'location';
  if (has('taxonomy_detail', 'term_uri', 'parent_id', 'taxonomy_id', 'code')) return 'taxonomy_term';
  if (has('tax_status', 'year_incorporated', 'legal_status', 'services', 'locations', 'programs', 'organization_identifiers', 'website', 'additional_websites')) return 'organization';
  if (has('version') && 'name' in o) return 'taxonomy';
  if ('name' in o && 'description' in o) return 'organization';
  return null;
}
